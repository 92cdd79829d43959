//! Generation speed for 2, 20 and 200 parties (native): validate + resolve, render the bundle,
//! and pack the zip. Run with `cargo bench --bench generate`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fate_chartgen::generator::config::{Config, Party, PartyCredentials};
use fate_chartgen::generator::{generate, to_zip, Federation, OsRandom};

/// A federation of `n` parties behind one exchange, with every password given (so the benchmark
/// measures generation, not the random source).
fn federation_config(n: usize) -> Config {
    let mut config = Config::example();
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
                redis_password: Some("bench-redis-password".into()),
            },
        );
    }
    config
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    for n in [2usize, 20, 200] {
        let config = federation_config(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("bundle", n), &config, |b, config| {
            b.iter(|| {
                let federation = Federation::new(config, &mut OsRandom).expect("valid");
                generate(&federation)
            })
        });
        group.bench_with_input(BenchmarkId::new("bundle+zip", n), &config, |b, config| {
            b.iter(|| {
                let federation = Federation::new(config, &mut OsRandom).expect("valid");
                to_zip(&generate(&federation)).expect("zip")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
