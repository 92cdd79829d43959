//! How fast pathological input is refused, beside the parse of a normal document: the 200 KB
//! nested document of issue 11 (which took ~40 s of CPU before the limits), a deeply nested
//! share link, kube.cfg files past the size and array limits, a document nested only after
//! 200 KB of real settings (the pre-scan's worst case), beside the parse of a 1000-party document
//! and of the example document.
//! Run with `cargo bench --bench parse`.

use std::hint::black_box;
use std::io::Write;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fate_chartgen::generator::config::{Config, Party};
use fate_chartgen::generator::{kubecfg, limits, parse_config, share, yaml_read};

/// The example federation with `n` parties.
fn many_parties(n: usize) -> Config {
    let mut config = Config::example();
    config.parties = (0..n)
        .map(|i| Party {
            id: (10_000 + i).to_string(),
            address: format!("10.0.{}.{}", i / 200, 10 + i % 200),
            node_port: Some(30_100 + i as u32),
            namespace: None,
            fateboard_host: None,
            placement: None,
            dmz: None,
        })
        .collect();
    config
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");

    let nested = format!("parties: {}", "[".repeat(200_000));
    group.bench_function("refuse 200 KB nested document", |b| {
        b.iter(|| {
            assert!(parse_config(black_box(&nested)).is_err());
        })
    });

    let json = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(json.as_bytes()).expect("deflate");
    let link = format!(
        "1.z{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(encoder.finish().expect("deflate"))
    );
    group.bench_function("refuse deeply nested share link", |b| {
        b.iter(|| {
            assert!(share::decode(black_box(&link)).is_err());
        })
    });

    let huge_cfg = format!(
        "partylist=({})\n",
        (0..400_000)
            .map(|i| (10_000 + i).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert!(huge_cfg.len() > limits::MAX_KUBECFG_BYTES);
    group.bench_function("refuse huge kube.cfg", |b| {
        b.iter(|| {
            assert!(kubecfg::import(black_box(&huge_cfg), None).is_err());
        })
    });

    let long_array = format!(
        "partylist=({})\n",
        (0..limits::MAX_ARRAY_ENTRIES * 5)
            .map(|i| (10_000 + i).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert!(long_array.len() <= limits::MAX_KUBECFG_BYTES);
    group.bench_function("refuse kube.cfg array of 10000 parties", |b| {
        b.iter(|| {
            assert!(kubecfg::import(black_box(&long_array), None).is_err());
        })
    });

    // The worst case of the pre-scan: 200 KB of real settings, the nesting only at the end.
    let mut late = serde_yaml::to_string(&many_parties(4_000)).expect("yaml");
    late.push_str(&format!(
        "images: {{pullSecrets: {}}}\n",
        "[".repeat(100_000)
    ));
    group.bench_function("refuse document nested after 200 KB of parties", |b| {
        b.iter(|| {
            assert!(parse_config(black_box(&late)).is_err());
        })
    });

    let big = serde_yaml::to_string(&many_parties(1_000)).expect("yaml");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("parse 1000-party document", |b| {
        b.iter(|| parse_config(black_box(&big)).expect("parses"))
    });

    let normal = serde_yaml::to_string(&Config::example()).expect("yaml");
    group.throughput(Throughput::Bytes(normal.len() as u64));
    group.bench_function("parse normal document", |b| {
        b.iter(|| parse_config(black_box(&normal)).expect("parses"))
    });
    group.bench_function("pre-scan of normal document", |b| {
        b.iter(|| {
            limits::check_document(black_box(&normal), limits::Source::ConfigDocument)
                .expect("within limits")
        })
    });

    group.finish();
}

/// The document reader against serde_yaml on the same texts: every matrix document, and a
/// 1000-party document as YAML and as JSON (no limits pre-scan, no `in_words`).
fn readers(c: &mut Criterion) {
    let mut group = c.benchmark_group("reader");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/matrix");
    let mut matrix: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/matrix")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| std::fs::read_to_string(path).expect("readable"))
        .collect();
    matrix.sort();
    group.throughput(Throughput::Bytes(
        matrix.iter().map(|t| t.len() as u64).sum(),
    ));
    group.bench_function("matrix documents: yaml_read", |b| {
        b.iter(|| {
            for text in &matrix {
                black_box(yaml_read::from_str::<Config>(black_box(text)).expect("reads"));
            }
        })
    });
    group.bench_function("matrix documents: serde_yaml", |b| {
        b.iter(|| {
            for text in &matrix {
                black_box(serde_yaml::from_str::<Config>(black_box(text)).expect("reads"));
            }
        })
    });
    let config = many_parties(1_000);
    for (format, text) in [
        ("YAML", serde_yaml::to_string(&config).expect("yaml")),
        ("JSON", serde_json::to_string_pretty(&config).expect("json")),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("1000-party {format}: yaml_read"), |b| {
            b.iter(|| yaml_read::from_str::<Config>(black_box(&text)).expect("reads"))
        });
        group.bench_function(format!("1000-party {format}: serde_yaml"), |b| {
            b.iter(|| serde_yaml::from_str::<Config>(black_box(&text)).expect("reads"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench, readers);
criterion_main!(benches);
