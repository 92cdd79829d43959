//! Keyboard shortcuts.

use yew::prelude::*;

use crate::ui::services::keyboard::{self, Shortcut};
use crate::ui::state::Action;

/// Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, anywhere on the page, while mounted.
#[hook]
pub fn use_undo_shortcuts(dispatch: &Callback<Action>) {
    let dispatch = dispatch.clone();
    use_effect_with((), move |_| {
        let listener = keyboard::listen(Callback::from(move |shortcut| {
            dispatch.emit(match shortcut {
                Shortcut::Undo => Action::Undo,
                Shortcut::Redo => Action::Redo,
            })
        }));
        move || drop(listener)
    });
}
