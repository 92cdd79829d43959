//! Page-wide keyboard shortcuts: Ctrl+Z undo, Ctrl+Shift+Z and Ctrl+Y redo, Ctrl+Enter download
//! (⌘ on macOS). Ctrl+Enter works in text areas too: a plain Enter is theirs, not the page's.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::Callback;

/// Which shortcut was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+Z.
    Undo,
    /// Ctrl+Shift+Z or Ctrl+Y.
    Redo,
    /// Ctrl+Enter (as start.spring.io): the main download.
    Download,
}

/// Listens on the document until the returned listener is dropped.
pub fn listen(on_shortcut: Callback<Shortcut>) -> Option<EventListener> {
    let document = web_sys::window()?.document()?;
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(
        &document,
        "keydown",
        options,
        move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
                return;
            }
            // The import boxes keep the browser's own text undo (and Ctrl+Enter there is not a
            // download of what is being replaced).
            let in_import = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("#import-panel").ok().flatten())
                .is_some();
            if in_import {
                return;
            }
            let shortcut = match event.key().to_ascii_lowercase().as_str() {
                "z" if event.shift_key() => Shortcut::Redo,
                "z" => Shortcut::Undo,
                "y" => Shortcut::Redo,
                // A held key repeats: one zip per press.
                "enter" if !event.shift_key() && !event.repeat() => Shortcut::Download,
                _ => return,
            };
            event.prevent_default();
            on_shortcut.emit(shortcut);
        },
    ))
}
