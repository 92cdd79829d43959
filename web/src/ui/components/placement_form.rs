//! Node placement: the label key, a label value per component and the egg list.

use yew::prelude::*;

use crate::generator::config::Placement;
use crate::ui::components::text_field::TextField;
use crate::ui::form::Form;
use crate::ui::paths::field_id;
use crate::ui::state::Action;

/// Props of [`PlacementForm`].
#[derive(Properties, PartialEq)]
pub struct PlacementFormProps {
    /// `placement` or `parties[i].placement`.
    pub scope: AttrValue,
    /// The placement edited.
    pub placement: Placement,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// Reads one component's label value.
type Getter = fn(&Placement) -> &String;

const COMPONENTS: [(&str, &str, Getter); 7] = [
    ("federation", "federation", |p| &p.federation),
    ("metaService", "meta-service", |p| &p.meta_service),
    ("mysql", "mysql", |p| &p.mysql),
    ("proxy", "proxy", |p| &p.proxy),
    ("python", "python (fate_flow, fateboard)", |p| &p.python),
    ("redis", "redis", |p| &p.redis),
    ("roll", "roll", |p| &p.roll),
];

/// Node placement fields.
#[function_component]
pub fn PlacementForm(props: &PlacementFormProps) -> Html {
    let form = &props.form;
    let scope = props.scope.as_str();
    let placement = &props.placement;
    let path = |field: &str| format!("{scope}.{field}");
    let eggs_path = path("eggs");
    html! {
        <div class="placement">
            <TextField
                path={AttrValue::from(path("nodeLabel"))}
                label="Node label key"
                value={AttrValue::from(placement.node_label.clone())}
                on_change={form.set(path("nodeLabel"))}
                errors={form.errors(&path("nodeLabel"))}
                hint={AttrValue::from("Every component below is pinned to nodes where this label has the given value.")}
            />
            <div class="grid">
                { for COMPONENTS.iter().map(|(field, label, get)| {
                    let p = path(field);
                    html! {
                        <TextField
                            path={AttrValue::from(p.clone())}
                            label={AttrValue::from(format!("{label} node"))}
                            value={AttrValue::from(get(placement).clone())}
                            on_change={form.set(p.clone())}
                            errors={form.errors(&p)}
                            placeholder={AttrValue::from("any node")}
                        />
                    }
                }) }
            </div>
            <fieldset class="eggs">
                <legend>{ "Eggs (one per entry; an empty value leaves that egg unpinned)" }</legend>
                if !form.errors(&eggs_path).is_empty() {
                    <p class="field-error">{ for form.errors(&eggs_path).iter().map(|m| html!{ <span>{ m }</span> }) }</p>
                }
                <ol class="egg-list">
                    { for placement.eggs.iter().enumerate().map(|(i, egg)| {
                        let p = format!("{eggs_path}[{i}]");
                        html! {
                            <li class="egg">
                                <TextField
                                    path={AttrValue::from(p.clone())}
                                    label={AttrValue::from(format!("egg{i} node"))}
                                    value={AttrValue::from(egg.clone())}
                                    on_change={form.set(p.clone())}
                                    errors={form.errors(&p)}
                                    placeholder={AttrValue::from("any node")}
                                />
                                <button type="button" class="icon danger"
                                    aria-label={format!("Remove egg{i}")}
                                    disabled={placement.eggs.len() <= 1}
                                    onclick={form.send(Action::RemoveEgg { scope: scope.to_owned(), index: i })}>
                                    { "Remove" }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                <button type="button" id={field_id(&eggs_path)}
                    onclick={form.send(Action::AddEgg(scope.to_owned()))}>
                    { "Add egg" }
                </button>
            </fieldset>
        </div>
    }
}
