//! A labelled, controlled checkbox (a switch for an optional section).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::field_path::FieldPath;
use crate::ui::paths::field_id;

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
    /// A sentence under the checkbox.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// A labelled, controlled checkbox.
#[function_component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let id = field_id(&props.path.to_string());
    let hint_id = format!("{id}-hint");
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_change.emit(input.checked());
        })
    };
    html! {
        <div class="field checkbox">
            <input type="checkbox" id={id.clone()} checked={props.checked} {onchange}
                aria-describedby={props.hint.as_ref().map(|_| hint_id.clone())} />
            <label for={id}>{ &props.label }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint }</p>
            }
        </div>
    }
}
