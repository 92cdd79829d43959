//! A labelled, controlled text input with its hint and inline errors.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::components::field::Field;
use crate::ui::field_path::FieldPath;
use crate::ui::paths::field_id;

/// Props of [`TextField`].
#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    /// The field (its text gives the input its id, see [`field_id`]).
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
    /// A sentence under the input.
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
}

/// A labelled, controlled text input.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let field = Field::new(
        field_id(&props.path.to_string()),
        &props.errors,
        props.hint.clone(),
    );
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
            aria-describedby={field.described_by()}
        />
    };
    field.label_first(props.label.clone(), input, props.class.clone())
}
