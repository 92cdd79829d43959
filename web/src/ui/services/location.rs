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
