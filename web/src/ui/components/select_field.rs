//! A labelled, controlled `<select>`.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::ui::components::field::Field;
use crate::ui::field_path::FieldPath;

/// Props of [`SelectField`].
#[derive(Properties, PartialEq, Clone)]
pub struct SelectFieldProps {
    /// The field.
    pub path: FieldPath,
    /// Visible label.
    pub label: AttrValue,
    /// The selected option's value.
    pub value: AttrValue,
    /// (value, visible text) of each option.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Called with the chosen value.
    pub on_change: Callback<String>,
    /// Validation messages.
    #[prop_or_default]
    pub errors: Vec<AttrValue>,
    /// A note for the case at hand, after the field's help (`ui::help`).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// A labelled, controlled `<select>`.
#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let field = Field::for_path(&props.path, &props.errors, props.hint.clone());
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_change.emit(select.value());
        })
    };
    let select = html! {
        <select id={field.id()} {onchange}
            aria-invalid={field.aria_invalid()}
            aria-describedby={field.described_by()}>
            { for props.options.iter().map(|(value, text)| html! {
                <option value={value.clone()} selected={*value == props.value}>{ text }</option>
            }) }
        </select>
    };
    field.label_first(props.label.clone(), select, Classes::new())
}
