//! The page URL: reading the fragment and keeping the share link in it.

use wasm_bindgen::JsValue;

/// The URL fragment including `#`, or "".
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page address without its fragment (the base of share links).
pub fn base() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_owned(),
        None => href,
    }
}

/// Replaces the fragment without adding a history entry or reloading.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let url = format!("#{}", fragment.trim_start_matches('#'));
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// True when the browser reloaded this page (not a link followed, typed or opened anew): the
/// navigation timing entry's `type` is `reload`.
pub fn is_reload() -> bool {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return false;
    };
    let entry = performance.get_entries_by_type("navigation").get(0);
    js_sys::Reflect::get(&entry, &JsValue::from_str("type"))
        .ok()
        .and_then(|kind| kind.as_string())
        .is_some_and(|kind| kind == "reload")
}
