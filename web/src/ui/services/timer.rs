//! Timers: run something after a delay, cancelled when the handle is dropped.

use gloo::timers::callback::Timeout;

/// A pending call; dropping it cancels the call.
pub struct Timer(#[allow(dead_code)] Timeout);

/// Calls `f` after `ms` milliseconds (0: once the current event and the redraw it causes are
/// done), unless the returned timer is dropped first.
pub fn after(ms: u32, f: impl FnOnce() + 'static) -> Timer {
    Timer(Timeout::new(ms, f))
}
