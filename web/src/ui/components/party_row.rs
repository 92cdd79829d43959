//! One party of the parties table: its fields, its actions, and (folded) its DMZ proxy and own
//! placement.

use yew::prelude::*;

use crate::generator::config::{FateVersion, Party};
use crate::generator::names;
use crate::generator::naming;
use crate::ui::components::checkbox::Checkbox;
use crate::ui::components::placement_form::PlacementForm;
use crate::ui::field_path::{FieldPath, PartyField, PlacementScope};
use crate::ui::form::Form;
use crate::ui::paths::{field_id, party as at};
use crate::ui::services::focus;
use crate::ui::state::Action;

/// Props of [`PartyRow`].
#[derive(Properties, PartialEq)]
pub struct PartyRowProps {
    /// Position in the document.
    pub index: usize,
    /// Number of parties (for the move buttons).
    pub count: usize,
    /// The party.
    pub party: Party,
    /// The FATE release: FATE 2.2 has no DMZ proxy, and its own placement components.
    pub fate_version: FateVersion,
    /// Errors and drafts of this party only.
    pub form: Form,
    /// The card is unfolded (else only its summary line shows).
    pub open: bool,
    /// The user (or a jump to one of its fields) folded or unfolded the card: its new state.
    pub on_toggle: Callback<bool>,
}

/// One party.
#[function_component]
pub fn PartyRow(props: &PartyRowProps) -> Html {
    let PartyRowProps {
        index,
        count,
        party,
        fate_version,
        form,
        open,
        on_toggle,
    } = props;
    let fate2 = fate_version.is_fate2();
    let i = *index;
    let field = |field| FieldPath::Party(i, field);
    // Ids of the row's buttons (not fields: they have no path of their own).
    let p = |button: &str| at(i, button);
    let text = |name, label, value: &str, placeholder: Option<String>, hint| {
        form.text_field(field(name), label, value, placeholder.as_deref(), hint)
    };
    let number = |name, label, value, hint| form.number_field(field(name), label, value, hint);
    let name = if party.id.is_empty() {
        format!("party {}", i + 1)
    } else {
        format!("party {}", party.id)
    };
    let problems = form.count_under(&format!("parties[{i}]"));
    let show_node_port = party.dmz.is_none() || party.node_port.is_some();
    // Buttons act, then move focus to where the row (or its neighbour) is drawn next.
    let p_at = |index: usize, button: &str| at(index, button);
    let act = |action: Action, then: String| {
        let dispatch = form.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(action.clone());
            focus::after_render(field_id(&then));
        })
    };
    // The moved party's same button, or its other one at the top or bottom (disabled there).
    let up_then = if i <= 1 {
        p_at(0, "down")
    } else {
        p_at(i - 1, "up")
    };
    let down_then = if i + 2 >= *count {
        p_at(i + 1, "up")
    } else {
        p_at(i + 1, "down")
    };
    let after_remove = if *count > 1 {
        format!("parties[{}]", i.min(count - 2))
    } else {
        "parties".to_owned()
    };
    let folded_open = party.dmz.is_some() || party.placement.is_some();
    // Once unfolded, the DMZ and placement section stays open when a switch in it goes off
    // (only the operator folds it), so switching back on is one click away.
    let more_open = use_state(|| folded_open);
    {
        let more_open = more_open.clone();
        use_effect_with(folded_open, move |open| {
            if *open {
                more_open.set(true);
            }
        });
    }
    // FATE 2.2 cannot run a proxy on a DMZ host: the switch is off and says why, unless the
    // party has a DMZ (from another version or an import), which then shows the core's error
    // and can be switched off.
    let dmz_disabled = fate2 && party.dmz.is_none();
    let dmz_hint = dmz_disabled.then(|| {
        AttrValue::from(format!(
            "FATE {} has no DMZ proxy: OSX hands incoming data to the party's eggroll pods directly, which a host outside the cluster cannot reach.",
            fate_version.as_str()
        ))
    });
    let more = if dmz_disabled {
        format!(
            "Node placement (no DMZ proxy in FATE {})",
            fate_version.as_str()
        )
    } else {
        "DMZ proxy and node placement".to_owned()
    };
    html! {
        <li class={classes!("party", (problems > 0).then_some("has-problems"))}>
            <details class="party-card" open={*open} ontoggle={card_toggled(on_toggle)}>
            { card_summary(i, party, problems) }
            <fieldset id={field_id(&format!("parties[{i}]"))} tabindex="-1">
                <legend>
                    <span class="party-number">{ format!("#{}", i + 1) }</span>
                    { format!(" Party {}", if party.id.is_empty() { "(no id)" } else { &party.id }) }
                    if party.dmz.is_some() { <span class="tag">{ "DMZ" }</span> }
                    if party.placement.is_some() { <span class="tag">{ "own placement" }</span> }
                </legend>
                <div class="party-fields">
                    { text(PartyField::Id, "Party id", &party.id, None, None) }
                    { text(PartyField::Address, "Node address", &party.address, Some("IP or DNS name".to_owned()), None) }
                    if show_node_port {
                        { number(PartyField::NodePort, "NodePort", party.node_port, None) }
                    }
                    { text(PartyField::Namespace, "Namespace", party.namespace.as_deref().unwrap_or_default(),
                        Some(naming::default_party_namespace(&party.id)), None) }
                    { text(PartyField::FateboardHost, "fateboard host", party.fateboard_host.as_deref().unwrap_or_default(),
                        Some(naming::default_fateboard_host(&party.id)), None) }
                </div>
                <div class="row-actions" role="group" aria-label={format!("Actions for {name}")}>
                    <button type="button" class="icon" id={field_id(&p("up"))} disabled={i == 0}
                        aria-label={format!("Move {name} up")} title="Move up"
                        onclick={act(Action::MoveParty { from: i, to: i.saturating_sub(1) }, up_then)}>{ "↑" }</button>
                    <button type="button" class="icon" id={field_id(&p("down"))} disabled={i + 1 >= *count}
                        aria-label={format!("Move {name} down")} title="Move down"
                        onclick={act(Action::MoveParty { from: i, to: i + 1 }, down_then)}>{ "↓" }</button>
                    <button type="button" id={field_id(&p("duplicate"))} aria-label={format!("Duplicate {name}")}
                        onclick={act(Action::DuplicateParty(i), FieldPath::Party(i + 1, PartyField::Id).to_string())}>{ "Duplicate" }</button>
                    <button type="button" class="danger" id={field_id(&p("remove"))} aria-label={format!("Remove {name}")}
                        onclick={act(Action::RemoveParty(i), after_remove)}>{ "Remove" }</button>
                </div>
                <details class="party-more" open={folded_open || *more_open}>
                    <summary>{ more }</summary>
                    <Checkbox
                        path={field(PartyField::Dmz)}
                        label="Run this party's proxy on a DMZ host (Docker Compose) instead of in the cluster"
                        checked={party.dmz.is_some()}
                        disabled={dmz_disabled}
                        hint={dmz_hint}
                        errors={form.errors(field(PartyField::Dmz))}
                        on_change={form.toggle(field(PartyField::Dmz))}
                    />
                    if let Some(dmz) = &party.dmz {
                        <div class="grid">
                            { text(PartyField::DmzHost, "DMZ host", &dmz.host, Some("IP or DNS name".to_owned()), None) }
                            { number(PartyField::DmzPort, "DMZ proxy port", Some(dmz.port), None) }
                            { number(PartyField::DmzFederationNodePort, "federation NodePort", Some(dmz.federation_node_port), None) }
                            { number(PartyField::DmzFateflowNodePort, "fate_flow NodePort", Some(dmz.fateflow_node_port), None) }
                        </div>
                    }
                    <Checkbox
                        path={field(PartyField::Placement)}
                        label="Own node placement for this party (instead of the shared Placement section)"
                        checked={party.placement.is_some()}
                        on_change={form.toggle(field(PartyField::Placement))}
                    />
                    if let Some(placement) = &party.placement {
                        <PlacementForm scope={PlacementScope::Party(i)} placement={placement.clone()}
                            fate_version={*fate_version} form={form.clone()} />
                    }
                </details>
            </fieldset>
            </details>
        </li>
    }
}

/// Reports the card's new state after the browser folded or unfolded it (a click on its
/// summary, or `services::focus` opening it to reach a field).
fn card_toggled(on_toggle: &Callback<bool>) -> Callback<Event> {
    let on_toggle = on_toggle.clone();
    Callback::from(move |event: Event| {
        if let Some(card) = event.target_dyn_into::<web_sys::Element>() {
            on_toggle.emit(card.has_attribute("open"));
        }
    })
}

/// The card's summary line, all a folded card shows: number, id, where peers reach the party,
/// and its problems.
fn card_summary(index: usize, party: &Party, problems: usize) -> Html {
    let id = if party.id.is_empty() {
        "(no id)"
    } else {
        party.id.as_str()
    };
    let address = if party.address.is_empty() {
        "no address"
    } else {
        party.address.as_str()
    };
    let reached = match (&party.dmz, party.node_port) {
        (Some(dmz), _) if !dmz.host.is_empty() => {
            format!("DMZ proxy {}", names::host_port(&dmz.host, dmz.port))
        }
        (Some(_), _) => "DMZ proxy".to_owned(),
        (None, Some(port)) => format!("NodePort {port}"),
        (None, None) => "no NodePort".to_owned(),
    };
    html! {
        <summary class="party-summary" id={field_id(&at(index, "summary"))}>
            <span class="party-number">{ format!("#{}", index + 1) }</span>
            <span class="party-name">{ format!("Party {id}") }</span>
            <span class="party-glance">{ format!("{address} · {reached}") }</span>
            if problems > 0 {
                <span class="badge">
                    { format!("{problems} problem{}", if problems == 1 { "" } else { "s" }) }
                </span>
            }
        </summary>
    }
}
