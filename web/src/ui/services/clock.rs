//! The clocks: milliseconds for measuring how long regeneration takes, and the date
//! certificates are issued at.

/// Milliseconds since the page loaded (`performance.now()`), or 0 without a window.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records a User Timing mark (read by `tests/e2e/bench.mjs`).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Records the User Timing measure `name` from the mark `start` to now.
pub fn measure(name: &str, start: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
}

/// Seconds since 1970 from the browser's clock (`Date.now()`; natively the system clock, so
/// the reducer's tests issue certificates too). None when the clock reads before 1970.
pub fn unix_seconds() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        let ms = js_sys::Date::now();
        (ms.is_finite() && ms >= 0.0).then(|| (ms / 1000.0) as u64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_secs())
    }
}
