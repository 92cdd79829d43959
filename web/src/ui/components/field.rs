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
//!   <p class="hint" id="f-parties-0-nodePort-hint">…</p>                        <!-- if a hint -->
//! </div>
//! ```
//!
//! The control itself (input, select, checkbox, radio, textarea) is the caller's: it takes
//! [`Field::id`], [`Field::aria_invalid`] and [`Field::described_by`].

use yew::{classes, html, AttrValue, Classes, Html};

/// The ids and state one labelled control shares with its label, errors and hint.
pub struct Field<'a> {
    id: String,
    errors: &'a [AttrValue],
    hint: Option<AttrValue>,
}

impl<'a> Field<'a> {
    /// A control with DOM id `id`, its validation messages and an optional hint.
    pub fn new(id: String, errors: &'a [AttrValue], hint: Option<AttrValue>) -> Field<'a> {
        Field { id, errors, hint }
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
        if self.hint.is_some() {
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

    fn classes(&self, class: Classes) -> Classes {
        classes!("field", self.invalid().then_some("invalid"), class)
    }

    /// The errors, then the hint.
    fn after(&self) -> Html {
        html! {
            <>
                if self.invalid() {
                    { error_list(Some(self.error_id()), self.errors) }
                }
                if let Some(hint) = &self.hint {
                    <p class="hint" id={self.hint_id()}>{ hint }</p>
                }
            </>
        }
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
