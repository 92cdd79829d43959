//! The web configurator (Yew). Depends on the generator, never the reverse.
//!
//! - [`state`]: the one reducer (pure, tested natively in `tests/reducer.rs`);
//! - [`field_path`]: the typed path of every field the form edits (components and the reducer
//!   share it);
//! - [`derived`], [`import`], [`paths`], [`form`]: pure helpers the components use;
//! - [`app`]: the root component; [`components`]: one component per file;
//! - [`services`]: the only code that touches the browser.

pub mod app;
pub mod components;
pub mod derived;
pub mod field_path;
pub mod form;
pub mod help;
pub mod highlight;
pub mod hooks;
pub mod import;
pub mod labels;
pub mod line_diff;
pub mod paths;
pub mod secret_lines;
pub mod services;
pub mod state;

/// Mounts the app into the page body.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
