//! What every form section needs to draw and edit fields: the errors, the number drafts and the
//! dispatcher, with helpers that turn a [`FieldPath`] into props.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::rc::Rc;

use yew::{html, AttrValue, Callback, Html};

use crate::generator::ordered;
use crate::generator::{FieldError, ValidationErrors};
use crate::ui::components::number_field::NumberField;
use crate::ui::components::text_field::TextField;
use crate::ui::field_path::FieldPath;
use crate::ui::paths;
use crate::ui::state::Action;

/// True when `path` is `prefix` itself or a field below it (`parties[2]` → `parties[2].id`).
fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The form's view of the state, handed to every section (compared by value, so a section whose
/// errors did not change is not redrawn).
#[derive(Clone, PartialEq)]
pub struct Form {
    /// Problems (all, or those under one prefix, see [`Form::scoped`]).
    pub errors: Rc<ValidationErrors>,
    /// Number fields whose text is not a number.
    pub drafts: Rc<BTreeMap<String, String>>,
    /// Fields that still hold a preset's example value (marked as such).
    pub examples: Rc<Vec<FieldPath>>,
    /// Sends an action to the reducer.
    pub dispatch: Callback<Action>,
}

impl Form {
    /// The same form with only the errors and drafts under `prefix` (e.g. `parties[2]`), so a
    /// row is only redrawn when its own fields change.
    pub fn scoped(&self, prefix: &str) -> Form {
        let under = |path: &str| is_under(path, prefix);
        Form {
            errors: Rc::new(ValidationErrors(
                self.errors
                    .0
                    .iter()
                    .filter(|e| under(&e.path))
                    .cloned()
                    .collect::<Vec<FieldError>>(),
            )),
            drafts: Rc::new(ordered::map_of(
                self.drafts
                    .iter()
                    .filter(|(k, _)| under(k))
                    .map(|(k, v)| (k.clone(), v.clone())),
            )),
            examples: Rc::new(
                self.examples
                    .iter()
                    .filter(|p| under(&p.to_string()))
                    .cloned()
                    .collect(),
            ),
            dispatch: self.dispatch.clone(),
        }
    }

    /// Messages for exactly this path: a field's, or one with no input of its own (`parties`,
    /// `placement.eggs`).
    pub fn errors(&self, path: impl Display) -> Vec<AttrValue> {
        paths::messages(&self.errors, &path.to_string())
    }

    /// How many problems are at or under `prefix`.
    pub fn count_under(&self, prefix: &str) -> usize {
        self.errors
            .0
            .iter()
            .filter(|e| is_under(&e.path, prefix))
            .count()
    }

    /// A callback that sets the field at `path` from input text.
    pub fn set(&self, path: FieldPath) -> Callback<String> {
        self.dispatch.reform(move |value| Action::Set {
            path: path.clone(),
            value,
        })
    }

    /// A callback that sets a switch.
    pub fn toggle(&self, path: FieldPath) -> Callback<bool> {
        self.dispatch.reform(move |on: bool| Action::Set {
            path: path.clone(),
            value: on.to_string(),
        })
    }

    /// A callback that sends `action` (for buttons).
    pub fn send(&self, action: Action) -> Callback<web_sys::MouseEvent> {
        self.dispatch.reform(move |_| action.clone())
    }

    /// The text of a number field: the draft if the user typed something that is not a number.
    pub fn number(&self, path: &FieldPath, value: Option<u32>) -> AttrValue {
        match self.drafts.get(&path.to_string()) {
            Some(text) => AttrValue::from(text.clone()),
            None => value.map(|v| v.to_string()).unwrap_or_default().into(),
        }
    }

    /// True when the field at `path` holds a preset's example value.
    pub fn is_example(&self, path: &FieldPath) -> bool {
        self.examples.contains(path)
    }

    /// A text input editing the field at `path`, with its label, errors, placeholder and hint
    /// (and the example marker while it holds a preset's example value).
    pub fn text_field(
        &self,
        path: FieldPath,
        label: &str,
        value: &str,
        placeholder: Option<&str>,
        hint: Option<&str>,
    ) -> Html {
        let example = self.is_example(&path);
        html! {
            <TextField
                errors={self.errors(&path)}
                on_change={self.set(path.clone())}
                path={path}
                label={AttrValue::from(label.to_owned())}
                value={AttrValue::from(value.to_owned())}
                placeholder={placeholder.map(|p| AttrValue::from(p.to_owned()))}
                hint={hint.map(|h| AttrValue::from(h.to_owned()))}
                example={example}
            />
        }
    }

    /// A number input editing the field at `path` (its text is the draft while not a number).
    pub fn number_field(
        &self,
        path: FieldPath,
        label: &str,
        value: Option<u32>,
        hint: Option<&str>,
    ) -> Html {
        html! {
            <NumberField
                value={self.number(&path, value)}
                errors={self.errors(&path)}
                on_change={self.set(path.clone())}
                path={path}
                label={AttrValue::from(label.to_owned())}
                hint={hint.map(|h| AttrValue::from(h.to_owned()))}
            />
        }
    }
}
