//! The page's one reducer, and what leaving the page means for what exists only in this tab.

use yew::prelude::*;

use crate::ui::services::{download, location, storage, unload};
use crate::ui::state::{Action, Notice, NoticeKind, State, AUTOSAVE_KEY};

/// The file the credentials export writes (the CLI's `--credentials` reads it).
pub const CREDENTIALS_FILE: &str = "fate-credentials.yaml";

/// The state, first loaded from the share link in the URL, else the autosave, else an empty
/// document with the preset chooser open (a reload of the page's own address is the autosave,
/// not a share link); and one callback that dispatches to it. The callback's identity never
/// changes, so children that get equal props are not redrawn.
#[hook]
pub fn use_page_state() -> (UseReducerHandle<State>, Callback<Action>) {
    let state = use_reducer(|| {
        let autosave = storage::load(AUTOSAVE_KEY);
        State::load(
            &location::fragment(),
            autosave.as_deref(),
            location::is_reload(),
        )
        .0
    });
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |a: Action| dispatcher.dispatch(a))
        }))
        .clone()
    };
    use_leave_warning(state.unsaved_secrets);
    (state, dispatch)
}

/// While passwords, certificates or keys typed in this tab are saved nowhere (never in the
/// browser), leaving or reloading the page asks first.
#[hook]
fn use_leave_warning(unsaved: bool) {
    use_effect_with(unsaved, |unsaved| {
        let warning = if *unsaved {
            unload::warn_before_leaving()
        } else {
            None
        };
        move || drop(warning)
    });
}

/// Downloads the passwords, certificates and keys as `fate-credentials.yaml` (works while the
/// document has problems, unlike the zip); afterwards leaving the page no longer asks.
#[hook]
pub fn use_credentials_export(
    state: &UseReducerHandle<State>,
    dispatch: &Callback<Action>,
) -> Callback<MouseEvent> {
    let state = state.clone();
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| {
        let saved = state
            .credentials_file()
            .and_then(|text| download::save(CREDENTIALS_FILE, download::YAML, text.as_bytes()));
        dispatch.emit(match saved {
            Ok(()) => Action::SecretsSaved,
            Err(error) => Action::Notify(
                Notice::new(NoticeKind::Error, "The credentials could not be saved")
                    .with_lines(vec![error]),
            ),
        });
    })
}
