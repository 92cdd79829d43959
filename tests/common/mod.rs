//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod cases;

use std::path::{Path, PathBuf};

use fate_chartgen::generator::federation::{RandomError, RandomSource};
use fate_chartgen::generator::{parse_config, Config, Federation};

/// A deterministic byte stream (xorshift64; NOT secure): tests need repeatable passwords.
pub struct CountingRandom(pub u64);

impl RandomSource for CountingRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        let mut x = self.0.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for b in buf {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = (x >> 24) as u8;
        }
        self.0 = x;
        Ok(())
    }

    /// A fixed time (2026-11-18), so issued certificates are repeatable too.
    fn now_unix(&mut self) -> Option<u64> {
        Some(1_795_500_000)
    }
}

pub fn matrix_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/matrix")
}

/// Every matrix config, by file stem.
pub fn matrix() -> Vec<(String, Config)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(matrix_dir())
        .expect("tests/matrix exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let config = parse_config(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        out.push((stem, config));
    }
    out
}

/// The matrix config `tests/matrix/<name>.yaml`.
pub fn matrix_config(name: &str) -> Config {
    let path = matrix_dir().join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_config(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn federation(config: &Config) -> Federation {
    Federation::new(config, &mut CountingRandom(1)).unwrap_or_else(|e| panic!("{e}"))
}
