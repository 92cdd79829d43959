//! The FATE federation configurator's web page (Yew, built for wasm32 by trunk).
//!
//! A crate of its own so that the compiler, not a convention, keeps the browser out of the
//! generator: `fate-chartgen` (the core and the CLI) does not depend on any web crate, and
//! `tests/workspace.rs` fails if it ever does. The generator is re-exported as
//! [`generator`], so the UI names it as `crate::generator` exactly as before the split.

pub use fate_chartgen::generator;

pub mod ui;
