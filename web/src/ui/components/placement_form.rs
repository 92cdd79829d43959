//! Node placement: the label key, a label value per component and the egg list.

use yew::prelude::*;

use crate::generator::config::Placement;
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
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// Reads one component's label value.
type Getter = fn(&Placement) -> &String;

const COMPONENTS: [(PlacementComponent, &str, Getter); 7] = [
    (PlacementComponent::Federation, "federation", |p| {
        &p.federation
    }),
    (PlacementComponent::MetaService, "meta-service", |p| {
        &p.meta_service
    }),
    (PlacementComponent::Mysql, "mysql", |p| &p.mysql),
    (PlacementComponent::Proxy, "proxy", |p| &p.proxy),
    (
        PlacementComponent::Python,
        "python (fate_flow, fateboard)",
        |p| &p.python,
    ),
    (PlacementComponent::Redis, "redis", |p| &p.redis),
    (PlacementComponent::Roll, "roll", |p| &p.roll),
];

/// Node placement fields.
#[function_component]
pub fn PlacementForm(props: &PlacementFormProps) -> Html {
    let form = &props.form;
    let scope = props.scope;
    let placement = &props.placement;
    let path = |field| FieldPath::Placement(scope, field);
    // The egg list has no input of its own: its errors and its "add" button use this path.
    let eggs_path = format!("{scope}.eggs");
    let eggs_errors = form.errors(&eggs_path);
    html! {
        <div class="placement">
            { form.text_field(path(PlacementField::NodeLabel), "Node label key", &placement.node_label, None,
                Some("Every component below is pinned to nodes where this label has the given value.")) }
            <div class="grid">
                { for COMPONENTS.iter().map(|(component, label, get)| {
                    form.text_field(path(PlacementField::Component(*component)), &format!("{label} node"),
                        get(placement), Some("any node"), None)
                }) }
            </div>
            <fieldset class="eggs">
                <legend>{ "Eggs (one per entry; an empty value leaves that egg unpinned)" }</legend>
                if !eggs_errors.is_empty() {
                    { error_list(None, &eggs_errors) }
                }
                <ol class="egg-list">
                    { for placement.eggs.iter().enumerate().map(|(i, egg)| {
                        html! {
                            <li class="egg">
                                { form.text_field(path(PlacementField::Egg(i)), &format!("egg{i} node"), egg,
                                    Some("any node"), None) }
                                <button type="button" class="icon danger"
                                    aria-label={format!("Remove egg{i}")}
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
                    { "Add egg" }
                </button>
            </fieldset>
        </div>
    }
}
