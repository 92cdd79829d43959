//! FATE-on-Kubernetes configurator.
//!
//! [`generator`] is the pure core: config document, validation, import of the old `kube.cfg`,
//! share links and the chart bundle. [`ui`] is the Yew web page over it. The core never depends on
//! the UI, so the CLI and the browser produce the same bundle.

pub mod generator;
pub mod ui;
