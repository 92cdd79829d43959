//! Node placement: the label key, a label value per component of the chosen FATE line and the
//! egg list (FATE 2.2: the nodemanagers).

use yew::prelude::*;

use crate::generator::config::{FateVersion, Placement};
use crate::ui::components::field::error_list;
use crate::ui::field_path::{FieldPath, PlacementComponent, PlacementField, PlacementScope};
use crate::ui::form::Form;
use crate::ui::paths::field_id;
use crate::ui::state::Action;

/// Props of [`PlacementForm`].
#[derive(Properties, PartialEq)]
pub struct PlacementFormProps {
    /// `placement` or `parties[i].placement`.
    pub scope: PlacementScope,
    /// The placement edited.
    pub placement: Placement,
    /// The FATE release: which components there are.
    pub fate_version: FateVersion,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The name of one egg in the form: `egg0` (FATE 1.x) or `nodemanager-0` (FATE 2.2, as its
/// Deployment is named).
fn egg_name(fate2: bool, index: usize) -> String {
    if fate2 {
        format!("nodemanager-{index}")
    } else {
        format!("egg{index}")
    }
}

/// Node placement fields.
#[function_component]
pub fn PlacementForm(props: &PlacementFormProps) -> Html {
    let form = &props.form;
    let scope = props.scope;
    let placement = &props.placement;
    let version = props.fate_version;
    let fate2 = version.is_fate2();
    let path = |field| FieldPath::Placement(scope, field);
    // The egg list has no input of its own: its errors and its "add" button use this path.
    let eggs_path = format!("{scope}.eggs");
    let eggs_errors = form.errors(&eggs_path);
    // Values of the other line's components stay in the document (the core reports them):
    // shown with their error until cleared, so switching the version loses nothing unseen.
    let other_line: Vec<PlacementComponent> = PlacementComponent::ALL
        .into_iter()
        .filter(|component| !component.used_by(version) && !component.get(placement).is_empty())
        .collect();
    let (eggs_legend, add_egg) = if fate2 {
        (
            "Nodemanagers (eggroll; one per entry, an empty value leaves that nodemanager unpinned)",
            "Add nodemanager",
        )
    } else {
        (
            "Eggs (one per entry; an empty value leaves that egg unpinned)",
            "Add egg",
        )
    };
    html! {
        <div class="placement">
            { form.text_field(path(PlacementField::NodeLabel), "Node label key", &placement.node_label, None, None) }
            <div class="grid">
                { for PlacementComponent::of_line(version).iter().map(|(component, label)| {
                    form.text_field(path(PlacementField::Component(*component)), &format!("{label} node"),
                        component.get(placement), Some("any node"), None)
                }) }
            </div>
            if !other_line.is_empty() {
                <fieldset class="other-line">
                    <legend>{ format!("Not part of FATE {}: clear these to continue", version.as_str()) }</legend>
                    <div class="grid">
                        { for other_line.iter().map(|component| {
                            form.text_field(path(PlacementField::Component(*component)),
                                &format!("{} node", component.key()), component.get(placement), None,
                                Some("Set for another FATE version; empty it (and set the matching component above)."))
                        }) }
                    </div>
                </fieldset>
            }
            <fieldset class="eggs">
                <legend>{ eggs_legend }</legend>
                if !eggs_errors.is_empty() {
                    { error_list(None, &eggs_errors) }
                }
                <ol class="egg-list">
                    { for placement.eggs.iter().enumerate().map(|(i, egg)| {
                        let name = egg_name(fate2, i);
                        html! {
                            <li class="egg">
                                { form.text_field(path(PlacementField::Egg(i)), &format!("{name} node"), egg,
                                    Some("any node"), None) }
                                <button type="button" class="icon danger"
                                    aria-label={format!("Remove {name}")}
                                    disabled={placement.eggs.len() <= 1}
                                    onclick={form.send(Action::RemoveEgg { scope, index: i })}>
                                    { "Remove" }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                <button type="button" id={field_id(&eggs_path)}
                    onclick={form.send(Action::AddEgg(scope))}>
                    { add_egg }
                </button>
            </fieldset>
        </div>
    }
}
