//! The generator's random source as the page uses it: the core's `OsRandom` for the bytes
//! (`crypto.getRandomValues`), and the browser's clock for the time certificates are issued at
//! (the core's source knows no time in the browser, where `SystemTime` is not available).

use crate::generator::federation::{OsRandom, RandomError, RandomSource};

use super::clock;

/// Secure random bytes and the current time.
#[derive(Debug, Default, Clone, Copy)]
pub struct PageRandom;

impl RandomSource for PageRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        OsRandom.fill(buf)
    }

    fn now_unix(&mut self) -> Option<u64> {
        clock::unix_seconds()
    }
}
