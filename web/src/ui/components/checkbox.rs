//! A labelled, controlled checkbox (a switch for an optional section).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::components::field::Field;
use crate::ui::field_path::FieldPath;

/// Props of [`Checkbox`].
#[derive(Properties, PartialEq, Clone)]
pub struct CheckboxProps {
    /// The switch (e.g. `exchange`, `parties[0].dmz`).
    pub path: FieldPath,
    /// Visible label.
    pub label: AttrValue,
    /// Current state.
    pub checked: bool,
    /// Called with the new state.
    pub on_change: Callback<bool>,
    /// A note for the case at hand, after the field's help (`ui::help`).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Validation messages (e.g. a DMZ proxy the chosen FATE version cannot run).
    #[prop_or_default]
    pub errors: Vec<AttrValue>,
    /// The switch cannot be turned on here (the hint says why).
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled, controlled checkbox.
#[function_component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let field = Field::for_path(&props.path, &props.errors, props.hint.clone());
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_change.emit(input.checked());
        })
    };
    let input = html! {
        <input type="checkbox" id={field.id()} checked={props.checked} {onchange}
            disabled={props.disabled}
            aria-invalid={field.aria_invalid()}
            aria-describedby={field.described_by()} />
    };
    field.control_first(props.label.clone(), input, classes!("checkbox"))
}
