//! Validation, the regenerated output, and what the last edit changed in it.

use std::rc::Rc;

use yew::prelude::*;

use crate::generator::ValidationErrors;
use crate::ui::derived::{build, file_changes, Changes, Output};
use crate::ui::services::clock;
use crate::ui::services::timer::{self, Timer};
use crate::ui::state::State;

/// A regeneration slower than this (ms) makes the next one wait for a pause in typing.
const SLOW_MS: f64 = 40.0;

/// How long a pause in typing is (ms).
const DEBOUNCE_MS: u32 = 250;

/// Every problem of the document (recomputed only when it changes).
#[hook]
pub fn use_errors(state: &UseReducerHandle<State>) -> Rc<ValidationErrors> {
    let state = state.clone();
    (*use_memo(state.revision, move |_| Rc::new(state.errors()))).clone()
}

/// The result of one regeneration.
struct Generated {
    /// The state revision it was made from.
    revision: u64,
    /// The output, or why the core could not make it.
    output: Result<Rc<Output>, String>,
    /// How long it took, in ms.
    took: f64,
    /// The output made before it (what the last edit changed is measured against it).
    previous: Option<Rc<Output>>,
    /// The files that differ from the previous output.
    changes: Rc<Changes>,
}

/// What the output column shows.
#[derive(Clone)]
pub struct Preview {
    /// The last output made and how long it took (ms): kept while the document has problems
    /// or while the next one is being made.
    pub shown: Option<(Rc<Output>, f64)>,
    /// The output of the document as it is now, once made (None while it is being made or
    /// while the document has problems).
    pub current: Option<Rc<Output>>,
    /// The document has problems: what is shown is the last valid one.
    pub stale: bool,
    /// Why the last regeneration of a valid document failed (never expected: the state holds
    /// every password and certificate the core needs).
    pub failure: Option<AttrValue>,
    /// The output made before the shown one, if any: the preview marks what changed since.
    pub previous: Option<Rc<Output>>,
    /// The files of the shown output that differ from the previous one (empty on the first).
    pub changes: Rc<Changes>,
}

impl Preview {
    /// The ids of the parties shown (one zip each).
    pub fn party_ids(&self) -> Vec<String> {
        self.shown
            .as_ref()
            .map(|(o, _)| o.federation.parties.iter().map(|p| p.id.clone()).collect())
            .unwrap_or_default()
    }

    /// The federation shown has an exchange.
    pub fn has_exchange(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|(o, _)| o.federation.exchange.is_some())
    }

    /// The status next to the download button.
    pub fn status(&self) -> AttrValue {
        match (&self.shown, self.current.is_some() || self.stale) {
            (Some((output, took)), true) => AttrValue::from(format!(
                "{} files · regenerated in {:.1} ms",
                output.bundle.files.len(),
                took
            )),
            (Some(_), false) => AttrValue::from("updating…"),
            // Nothing was ever valid: there is no bundle to wait for.
            (None, true) => AttrValue::from("no bundle until the problems are fixed"),
            (None, false) => AttrValue::from("generating…"),
        }
    }
}

/// Regenerates everything from the document when it is valid, and times it. This runs just
/// after the keystroke has been drawn (a zero-delay timer), so typing never waits for the
/// bundle; when regeneration is slow (hundreds of parties) it waits for a pause in typing.
#[hook]
pub fn use_preview(state: &UseReducerHandle<State>, errors: &ValidationErrors) -> Preview {
    let revision = state.revision;
    let generated = use_state(|| None::<Generated>);
    let timer = use_mut_ref(|| None::<Timer>);
    // The newest output made, whatever render the timer's closure was made in.
    let latest = use_mut_ref(|| None::<Rc<Output>>);
    {
        let generated = generated.clone();
        let config = state.config.clone();
        let valid = errors.is_empty();
        use_effect_with(revision, move |revision| {
            let revision = *revision;
            let slow = generated.as_ref().is_some_and(|g| g.took > SLOW_MS);
            let delay = if slow { DEBOUNCE_MS } else { 0 };
            *timer.borrow_mut() = valid.then(|| {
                timer::after(delay, move || {
                    let start = clock::now_ms();
                    let output = build(&config).map(Rc::new).map_err(|e| e.to_string());
                    let took = clock::now_ms() - start;
                    let previous = match &output {
                        Ok(made) => latest.replace(Some(made.clone())),
                        Err(_) => latest.borrow().clone(),
                    };
                    let changes = match (&previous, &output) {
                        (Some(before), Ok(now)) => file_changes(&before.bundle, &now.bundle),
                        _ => Changes::new(),
                    };
                    generated.set(Some(Generated {
                        revision,
                        output,
                        took,
                        previous,
                        changes: Rc::new(changes),
                    }));
                })
            });
        });
    }
    let stale = !errors.is_empty();
    let made = generated.as_ref().filter(|g| g.output.is_ok());
    Preview {
        shown: generated
            .as_ref()
            .and_then(|g| g.output.clone().ok().map(|o| (o, g.took))),
        current: generated
            .as_ref()
            .filter(|g| g.revision == revision && !stale)
            .and_then(|g| g.output.clone().ok()),
        stale,
        failure: generated
            .as_ref()
            .filter(|g| g.revision == revision && !stale)
            .and_then(|g| g.output.clone().err())
            .map(AttrValue::from),
        previous: made.and_then(|g| g.previous.clone()),
        changes: made.map(|g| g.changes.clone()).unwrap_or_default(),
    }
}
