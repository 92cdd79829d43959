//! A millisecond clock for measuring how long regeneration takes.

/// Milliseconds since the page loaded (`performance.now()`), or 0 without a window.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
