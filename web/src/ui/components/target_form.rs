//! Which Helm the bundle is for.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::generator::config::{FateVersion, HelmTarget};
use crate::ui::components::field::Field;
use crate::ui::field_path::FieldPath;
use crate::ui::form::Form;
use crate::ui::paths::field_id;

/// Props of [`TargetForm`].
#[derive(Properties, PartialEq)]
pub struct TargetFormProps {
    /// The current target.
    pub target: HelmTarget,
    /// The FATE release: FATE 2.2's charts are for Helm 3 or 4 only.
    pub fate_version: FateVersion,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// Helm 3/4 or legacy Helm 2, as two radio buttons. For FATE 2.2 Helm 2 is off (its hint says
/// why) unless it is chosen already (another version's choice, or an import), which then shows
/// the core's error until Helm 3/4 is chosen.
#[function_component]
pub fn TargetForm(props: &TargetFormProps) -> Html {
    let fate2 = props.fate_version.is_fate2();
    let helm2_hint = if fate2 {
        format!(
            "Not for FATE {}: its charts use Helm 3 features, and Helm 2 was retired before FATE 2 existed.",
            props.fate_version.as_str()
        )
    } else {
        "Chart apiVersion v1, installed with helm install --name <release>. Passwords cannot be looked up on upgrade.".to_owned()
    };
    let choices = [
        (
            HelmTarget::Helm3,
            "helm3",
            "Helm 3 or 4",
            "Chart apiVersion v2, installed with helm install <release> <chart>.".to_owned(),
            false,
        ),
        (
            HelmTarget::Helm2,
            "helm2",
            "Helm 2 (legacy, with Tiller)",
            helm2_hint,
            fate2 && props.target != HelmTarget::Helm2,
        ),
    ];
    let set = props.form.set(FieldPath::Target);
    // Errors of `target` (FATE 2.2 with Helm 2) and its help: under the legend; the fieldset
    // is what the error summary focuses (`f-target`).
    let errors = props.form.errors(FieldPath::Target);
    let group = Field::for_path(&FieldPath::Target, &errors, None);
    html! {
        <fieldset class="radios" id={group.id()} tabindex="-1"
            aria-describedby={group.described_by()}>
            <legend>{ "Helm version on the operator's machine" }</legend>
            { group.after() }
            { for choices.iter().map(|(target, value, label, hint, disabled)| {
                // One input per choice: `f-target-helm3`, `f-target-helm2`.
                let field = Field::new(
                    field_id(&format!("{}.{value}", FieldPath::Target)),
                    &[],
                    Some(AttrValue::from(hint.clone())),
                );
                let set = set.clone();
                let onchange = Callback::from(move |e: Event| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    if input.checked() { set.emit(input.value()); }
                });
                let input = html! {
                    <input type="radio" name="target" id={field.id()} value={*value}
                        checked={props.target == *target} disabled={*disabled} {onchange}
                        aria-describedby={field.described_by()} />
                };
                field.control_first(*label, input, classes!("radio"))
            }) }
        </fieldset>
    }
}
