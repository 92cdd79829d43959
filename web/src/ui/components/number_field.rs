//! A labelled number input (ports). Text that is not a number is kept as typed and reported.

use yew::prelude::*;

use crate::ui::components::text_field::TextField;
use crate::ui::field_path::FieldPath;

/// Props of [`NumberField`].
#[derive(Properties, PartialEq, Clone)]
pub struct NumberFieldProps {
    /// The field.
    pub path: FieldPath,
    /// Visible label.
    pub label: AttrValue,
    /// Current text (the number, or the draft text that is not one).
    pub value: AttrValue,
    /// Called with the new text.
    pub on_change: Callback<String>,
    /// Validation messages.
    #[prop_or_default]
    pub errors: Vec<AttrValue>,
    /// A note for the case at hand, after the field's help (`ui::help`).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Shown while empty.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

/// A labelled number input. A text input with `inputmode="numeric"` rather than
/// `type="number"`, so whatever is typed stays visible and gets a clear message.
#[function_component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    html! {
        <TextField
            path={props.path.clone()}
            label={props.label.clone()}
            value={props.value.clone()}
            on_change={props.on_change.clone()}
            errors={props.errors.clone()}
            hint={props.hint.clone()}
            placeholder={props.placeholder.clone()}
            inputmode={AttrValue::from("numeric")}
            class={classes!("number")}
        />
    }
}
