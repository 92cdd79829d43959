//! The one home of the markup every labelled control of the form shares: the `div.field`
//! wrapper, the label, the inline errors and the hint, and the ids and aria attributes that tie
//! them to the control.
//!
//! For a control with DOM id `f-parties-0-nodePort`:
//!
//! ```html
//! <div class="field [invalid] [extra classes]">
//!   <label for="f-parties-0-nodePort">…</label>   <!-- after the control for checkboxes and radios -->
//!   <input id="f-parties-0-nodePort" aria-invalid="true"
//!          aria-describedby="f-parties-0-nodePort-error f-parties-0-nodePort-hint" …>
//!   <p class="field-error" id="f-parties-0-nodePort-error"><span>…</span></p>   <!-- if invalid -->
//!   <p class="hint" id="f-parties-0-nodePort-hint">
//!     <span class="note">…</span>                  <!-- if the caller has a note for the case -->
//!     <span class="help">what it does. Default: ….  <!-- from ui/help.rs, shown on focus -->
//!       <span class="docs"><a target="_blank" rel="noopener noreferrer">…</a></span></span>
//!   </p>
//! </div>
//! ```
//!
//! A field of the document gets its help from [`crate::ui::help`] (keyed by its path), so
//! every one has a hint; the caller may add a note for the case at hand.
//! The control itself (input, select, checkbox, radio, textarea) is the caller's: it takes
//! [`Field::id`], [`Field::aria_invalid`] and [`Field::described_by`].

use yew::{classes, html, AttrValue, Classes, Html};

use crate::ui::field_path::FieldPath;
use crate::ui::help::{self, Help};
use crate::ui::paths::field_id;

/// The ids and state one labelled control shares with its label, errors and hint.
pub struct Field<'a> {
    id: String,
    errors: &'a [AttrValue],
    /// The field's help (none for a control that is not a field of the document).
    help: Option<Help>,
    /// A sentence for the case at hand, after the help.
    note: Option<AttrValue>,
    /// The wrapper's width class.
    width: Option<&'static str>,
}

impl<'a> Field<'a> {
    /// The control editing the field at `path`: its id, validation messages, help and width
    /// (from [`help`]) and an optional note for the case at hand.
    pub fn for_path(
        path: &FieldPath,
        errors: &'a [AttrValue],
        note: Option<AttrValue>,
    ) -> Field<'a> {
        Field {
            id: field_id(&path.to_string()),
            errors,
            help: Some(help::help(path)),
            note,
            width: Some(help::width(path).class()),
        }
    }

    /// A control that is not itself a field of the document (one choice of a radio group, the
    /// import dialog's), with DOM id `id`, its messages and an optional hint.
    pub fn new(id: String, errors: &'a [AttrValue], hint: Option<AttrValue>) -> Field<'a> {
        Field {
            id,
            errors,
            help: None,
            note: hint,
            width: None,
        }
    }

    /// The control's DOM id (the label's `for`).
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// True when there are messages to show.
    pub fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Id of the error paragraph: `<id>-error`.
    pub fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    /// Id of the hint paragraph: `<id>-hint`.
    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }

    /// The control's `aria-invalid`.
    pub fn aria_invalid(&self) -> Option<AttrValue> {
        self.invalid().then_some(AttrValue::Static("true"))
    }

    /// The control's `aria-describedby`: the errors, then the hint (None when neither is shown).
    pub fn described_by(&self) -> Option<String> {
        let mut ids = Vec::new();
        if self.invalid() {
            ids.push(self.error_id());
        }
        if self.has_hint() {
            ids.push(self.hint_id());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// The wrapper with the label before the control (text inputs, selects, text areas).
    pub fn label_first(&self, label: impl Into<AttrValue>, control: Html, class: Classes) -> Html {
        html! {
            <div class={self.classes(class)}>
                <label for={self.id()}>{ label.into() }</label>
                { control }
                { self.after() }
            </div>
        }
    }

    /// The wrapper with the control before the label (checkboxes, radio buttons).
    pub fn control_first(
        &self,
        label: impl Into<AttrValue>,
        control: Html,
        class: Classes,
    ) -> Html {
        html! {
            <div class={self.classes(class)}>
                { control }
                <label for={self.id()}>{ label.into() }</label>
                { self.after() }
            </div>
        }
    }

    fn has_hint(&self) -> bool {
        self.help.is_some() || self.note.is_some()
    }

    fn classes(&self, class: Classes) -> Classes {
        classes!(
            "field",
            self.width,
            self.invalid().then_some("invalid"),
            class
        )
    }

    /// The errors, then the hint (for a group whose legend is its label, below the legend).
    pub fn after(&self) -> Html {
        html! {
            <>
                if self.invalid() {
                    { error_list(Some(self.error_id()), self.errors) }
                }
                if self.has_hint() {
                    <p class="hint" id={self.hint_id()}>{ self.hint() }</p>
                }
            </>
        }
    }

    /// The note (always shown), then the help: what the field does, its default and the links
    /// to the docs (shown while the field has focus; a screen reader reads both with the
    /// control, through `aria-describedby`).
    fn hint(&self) -> Html {
        html! {
            <>
                if let Some(note) = &self.note {
                    <span class="note">{ note }</span>
                }
                if let Some(help) = &self.help {
                    { " " }
                    <span class="help">{ help_text(help) }</span>
                }
            </>
        }
    }
}

/// A field's help: its sentences, then its links to the docs.
fn help_text(help: &Help) -> Html {
    let mut sentences = vec![help.what.to_string()];
    sentences.extend(help.default.as_ref().map(help::Fallback::sentence));
    html! {
        <>
            { sentences.join(" ") }
            if !help.docs.is_empty() {
                <span class="docs">
                    { for help.docs.iter().map(|doc| html! {
                        <>
                            { " " }
                            // A link the user opens; the page itself requests nothing.
                            <a href={doc.url} target="_blank" rel="noopener noreferrer"
                                aria-label={format!("{} (opens in a new tab)", doc.title)}>{ doc.title }</a>
                        </>
                    }) }
                </span>
            }
        </>
    }
}

/// Validation messages as a `p.field-error`, one `span` each: under a field, or for a part of
/// the form with no input of its own (the party list, an egg list).
pub fn error_list(id: Option<String>, messages: &[AttrValue]) -> Html {
    html! {
        <p class="field-error" id={id}>
            { for messages.iter().map(|m| html! { <span>{ m }</span> }) }
        </p>
    }
}
