//! A labelled, controlled text input with its hint and inline errors.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::components::field::Field;
use crate::ui::field_path::FieldPath;

/// Props of [`TextField`].
#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    /// The field (its text gives the input its id, see [`crate::ui::paths::field_id`]).
    pub path: FieldPath,
    /// Visible label.
    pub label: AttrValue,
    /// Current text.
    pub value: AttrValue,
    /// Called with the new text on every keystroke.
    pub on_change: Callback<String>,
    /// Messages of the core's validation for this field.
    #[prop_or_default]
    pub errors: Vec<AttrValue>,
    /// A note for the case at hand, after the field's help (`ui::help`).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Shown while empty (usually the default that applies).
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// A password: masked unless `reveal`.
    #[prop_or_default]
    pub secret: bool,
    /// Shows a secret in clear text.
    #[prop_or_default]
    pub reveal: bool,
    /// `inputmode` (e.g. `numeric`).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// Extra class on the wrapper (layout width).
    #[prop_or_default]
    pub class: Classes,
    /// The value is a preset's example: marked until edited or accepted.
    #[prop_or_default]
    pub example: bool,
}

/// A labelled, controlled text input.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let field = Field::for_path(&props.path, &props.errors, props.hint.clone());
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_change.emit(input.value());
        })
    };
    let kind = if props.secret && !props.reveal {
        "password"
    } else {
        "text"
    };
    let autocomplete = if props.secret { "new-password" } else { "off" };
    // The example marker sits beside the input and is part of its description.
    let marker_id = format!("{}-example", field.id());
    let described_by = match (field.described_by(), props.example) {
        (Some(ids), true) => Some(format!("{marker_id} {ids}")),
        (None, true) => Some(marker_id.clone()),
        (ids, false) => ids,
    };
    let input = html! {
        <input
            id={field.id()}
            type={kind}
            value={props.value.clone()}
            {oninput}
            placeholder={props.placeholder.clone()}
            inputmode={props.inputmode.clone()}
            spellcheck="false"
            autocomplete={autocomplete}
            autocapitalize="off"
            aria-invalid={field.aria_invalid()}
            aria-describedby={described_by}
        />
    };
    let control = if props.example {
        html! {
            <>
                { input }
                <span class="example-marker" id={marker_id}>{ "example value" }</span>
            </>
        }
    } else {
        input
    };
    let class = classes!(props.class.clone(), props.example.then_some("is-example"));
    field.label_first(props.label.clone(), control, class)
}
