//! Keyboard shortcuts.

use yew::prelude::*;

use crate::ui::services::keyboard::{self, Shortcut};
use crate::ui::state::Action;

/// Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, Ctrl+Enter calls `on_download` (⌘ on macOS),
/// anywhere on the page, while mounted. The listener is added once; it calls the
/// `on_download` of the latest render, which knows the current bundle.
#[hook]
pub fn use_shortcuts(dispatch: &Callback<Action>, on_download: &Callback<()>) {
    let latest_download = use_mut_ref(|| on_download.clone());
    *latest_download.borrow_mut() = on_download.clone();
    let dispatch = dispatch.clone();
    use_effect_with((), move |_| {
        let listener = keyboard::listen(Callback::from(move |shortcut| match shortcut {
            Shortcut::Undo => dispatch.emit(Action::Undo),
            Shortcut::Redo => dispatch.emit(Action::Redo),
            Shortcut::Download => {
                // Not borrowed while it runs: the download re-renders, which updates it.
                let on_download = latest_download.borrow().clone();
                on_download.emit(());
            }
        }));
        move || drop(listener)
    });
}
