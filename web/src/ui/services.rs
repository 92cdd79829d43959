//! The only code that touches the browser (`web_sys`, `js_sys`, `gloo`). Everything here is
//! called from event handlers and effects, which only run in the browser; it compiles natively
//! so `cargo test` builds the whole crate. The one exception is [`random`]: the reducer issues
//! certificates with it, and natively it reads the system clock, so the reducer's tests run.

pub mod clipboard;
pub mod clock;
pub mod download;
pub mod file_read;
pub mod focus;
pub mod keyboard;
pub mod location;
pub mod random;
pub mod scroll;
pub mod storage;
pub mod timer;
pub mod unload;
