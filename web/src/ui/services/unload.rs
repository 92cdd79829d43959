//! Leaving the page: the browser's "leave this page?" question while something exists only in
//! this tab's memory.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsValue;

/// While alive, leaving or reloading the page asks first; dropping it stops asking.
pub struct LeaveWarning(#[allow(dead_code)] EventListener);

/// Asks before the page is left (the browser words the question itself).
pub fn warn_before_leaving() -> Option<LeaveWarning> {
    let window = web_sys::window()?;
    let listener = EventListener::new_with_options(
        &window,
        "beforeunload",
        EventListenerOptions::enable_prevent_default(),
        |event| {
            event.prevent_default();
            // Older browsers ask only when `returnValue` is set.
            let _ = js_sys::Reflect::set(
                event,
                &JsValue::from_str("returnValue"),
                &JsValue::from_str(""),
            );
        },
    );
    Some(LeaveWarning(listener))
}
