//! A labelled, controlled text input with its hint and inline errors.

use web_sys::HtmlInputElement;
use yew::prelude::*;

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
    let id = field_id(&props.path.to_string());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let invalid = !props.errors.is_empty();
    let mut described = Vec::new();
    if invalid {
        described.push(error_id.clone());
    }
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
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
    html! {
        <div class={classes!("field", invalid.then_some("invalid"), props.class.clone())}>
            <label for={id.clone()}>{ &props.label }</label>
            <input
                id={id}
                type={kind}
                value={props.value.clone()}
                {oninput}
                placeholder={props.placeholder.clone()}
                inputmode={props.inputmode.clone()}
                spellcheck="false"
                autocomplete={autocomplete}
                autocapitalize="off"
                aria-invalid={invalid.then_some("true")}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))}
            />
            if invalid {
                <p class="field-error" id={error_id}>
                    { for props.errors.iter().map(|m| html! { <span>{ m }</span> }) }
                </p>
            }
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint }</p>
            }
        </div>
    }
}
