//! FATE-on-Kubernetes configurator: the generator core and the `fate-chartgen` CLI.
//!
//! [`generator`] is the pure core: config document, validation, import of the old `kube.cfg`,
//! share links and the chart bundle. The web page is the `fate-configurator` crate in `web/`,
//! which depends on this one; this crate depends on no web crate (see `tests/workspace.rs`), so
//! the CLI and the browser produce the same bundle from the same code.

pub mod generator;
