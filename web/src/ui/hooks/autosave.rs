//! Autosave.

use yew::prelude::*;

use crate::ui::services::storage;
use crate::ui::state::{State, AUTOSAVE_KEY};

/// Saves the document (never with passwords) in `localStorage` after every change.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<State>) {
    let state = state.clone();
    use_effect_with(state.revision, move |_| {
        if let Ok(text) = state.autosave_text() {
            storage::save(AUTOSAVE_KEY, &text);
        }
    });
}
