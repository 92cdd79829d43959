//! The generator core: no browser code, no I/O, no `unwrap`.
//!
//! `Config` (as written) → `Federation` (validated, defaults applied, credentials resolved) →
//! `Bundle` (every file of the deployment set) → zip bytes.

#![deny(clippy::unwrap_used, clippy::expect_used, missing_docs)]

pub mod config;

pub use config::Config;
