//! Generation speed for 2, 20 and 200 parties (native) of each FATE line: validate + resolve,
//! render the bundle, and pack the zip. Run with `cargo bench --bench generate`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fate_chartgen::generator::config::{Config, FateVersion, Party, PartyCredentials};
use fate_chartgen::generator::{generate, to_zip, Federation, OsRandom};

/// A federation of `n` parties behind one exchange, with every password given (so the benchmark
/// measures generation, not the random source).
fn federation_config(version: FateVersion, n: usize) -> Config {
    let mut config = Config::example();
    config.fate_version = version;
    let fate2 = version.is_fate2();
    config.parties = (0..n)
        .map(|i| Party {
            id: (10000 + i).to_string(),
            address: format!("10.0.{}.{}", i / 200, 10 + i % 200),
            node_port: Some(30100 + i as u32),
            namespace: None,
            fateboard_host: None,
            placement: None,
            dmz: None,
        })
        .collect();
    for party in &config.parties {
        config.credentials.insert(
            party.id.clone(),
            PartyCredentials {
                mysql_root_password: Some("bench-root-password".into()),
                mysql_password: Some("bench-user-password".into()),
                redis_password: (!fate2).then(|| "bench-redis-password".into()),
                fateboard_password: fate2.then(|| "bench-board-password".into()),
            },
        );
    }
    config
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    for (version, n) in [2usize, 20, 200]
        .into_iter()
        .flat_map(|n| [(FateVersion::V1_2_0, n), (FateVersion::V2_2_0, n)])
    {
        let config = federation_config(version, n);
        let line = version.as_str();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new(format!("bundle/{line}"), n),
            &config,
            |b, config| {
                b.iter(|| {
                    let federation = Federation::new(config, &mut OsRandom).expect("valid");
                    generate(&federation)
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new(format!("bundle+zip/{line}"), n),
            &config,
            |b, config| {
                b.iter(|| {
                    let federation = Federation::new(config, &mut OsRandom).expect("valid");
                    to_zip(&generate(&federation)).expect("zip")
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
