//! The only code that touches the browser (`web_sys`, `js_sys`, `gloo`). Everything here is
//! called from event handlers and effects, which only run in the browser; it compiles natively
//! so `cargo test` builds the whole crate.

pub mod clipboard;
pub mod clock;
pub mod download;
pub mod file_read;
pub mod focus;
pub mod keyboard;
pub mod location;
pub mod storage;
pub mod timer;
