//! The page's one reducer.

use yew::prelude::*;

use crate::ui::services::{location, storage};
use crate::ui::state::{Action, State, AUTOSAVE_KEY};

/// The state, first loaded from the share link in the URL, else the autosave, else the
/// example; and one callback that dispatches to it. The callback's identity never changes, so
/// children that get equal props are not redrawn.
#[hook]
pub fn use_page_state() -> (UseReducerHandle<State>, Callback<Action>) {
    let state = use_reducer(|| {
        let autosave = storage::load(AUTOSAVE_KEY);
        State::load(&location::fragment(), autosave.as_deref()).0
    });
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |a: Action| dispatcher.dispatch(a))
        }))
        .clone()
    };
    (state, dispatch)
}
