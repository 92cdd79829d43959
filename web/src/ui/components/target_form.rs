//! Which Helm the bundle is for.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::generator::config::HelmTarget;
use crate::ui::components::field::Field;
use crate::ui::field_path::FieldPath;
use crate::ui::form::Form;
use crate::ui::paths::field_id;

/// Props of [`TargetForm`].
#[derive(Properties, PartialEq)]
pub struct TargetFormProps {
    /// The current target.
    pub target: HelmTarget,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// Helm 3/4 or legacy Helm 2, as two radio buttons.
#[function_component]
pub fn TargetForm(props: &TargetFormProps) -> Html {
    let choices = [
        (HelmTarget::Helm3, "helm3", "Helm 3 or 4", "Chart apiVersion v2; `helm install <release> <chart>`."),
        (HelmTarget::Helm2, "helm2", "Helm 2 (legacy, with Tiller)", "Chart apiVersion v1; `helm install --name <release>`. Passwords cannot be looked up on upgrade."),
    ];
    let set = props.form.set(FieldPath::Target);
    html! {
        <fieldset class="radios">
            <legend>{ "Helm version on the operator's machine" }</legend>
            { for choices.iter().map(|(target, value, label, hint)| {
                // One input per choice: `f-target-helm3`, `f-target-helm2`.
                let field = Field::new(
                    field_id(&format!("{}.{value}", FieldPath::Target)),
                    &[],
                    Some(AttrValue::from(*hint)),
                );
                let set = set.clone();
                let onchange = Callback::from(move |e: Event| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    if input.checked() { set.emit(input.value()); }
                });
                let input = html! {
                    <input type="radio" name="target" id={field.id()} value={*value}
                        checked={props.target == *target} {onchange}
                        aria-describedby={field.described_by()} />
                };
                field.control_first(*label, input, classes!("radio"))
            }) }
        </fieldset>
    }
}
