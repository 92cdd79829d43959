//! The web configurator (Yew). Depends on the generator, never the reverse.

/// Mounts the app into the page body.
#[cfg(target_arch = "wasm32")]
pub fn start() {}
