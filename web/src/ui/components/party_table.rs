//! The parties: one row per party, with add, remove, reorder and duplicate.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::generator::config::{FateVersion, Party};
use crate::generator::ordered;
use crate::ui::components::field::error_list;
use crate::ui::components::party_row::PartyRow;
use crate::ui::field_path::{FieldPath, PartyField};
use crate::ui::form::Form;
use crate::ui::paths::field_id;
use crate::ui::services::focus;
use crate::ui::state::Action;

/// Props of [`PartyTable`].
#[derive(Properties, PartialEq)]
pub struct PartyTableProps {
    /// The parties in document order.
    pub parties: Rc<Vec<Party>>,
    /// The FATE release.
    pub fate_version: FateVersion,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The parties table.
#[function_component]
pub fn PartyTable(props: &PartyTableProps) -> Html {
    let count = props.parties.len();
    // A new party: typing goes on in its id.
    let add = {
        let dispatch = props.form.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::AddParty);
            focus::after_render(field_id(
                &FieldPath::Party(count, PartyField::Id).to_string(),
            ));
        })
    };
    let errors = props.form.errors("parties");
    // Folded cards by party id (all unfolded at first), so a card stays folded when its party
    // moves; a jump to a field unfolds its card (the browser opens it, `on_toggle` follows).
    let folded = use_state_eq(BTreeSet::<String>::new);
    let fold_all = |fold: bool| {
        let folded = folded.clone();
        let ids: BTreeSet<String> = ordered::set_of(props.parties.iter().map(|p| p.id.clone()));
        Callback::from(move |_: MouseEvent| {
            folded.set(if fold { ids.clone() } else { BTreeSet::new() })
        })
    };
    let on_toggle = |id: &str| {
        let folded = folded.clone();
        let id = id.to_owned();
        Callback::from(move |open: bool| {
            let mut next = (*folded).clone();
            if open {
                next.remove(&id);
            } else {
                next.insert(id.clone());
            }
            folded.set(next);
        })
    };
    html! {
        <>
            if !errors.is_empty() {
                { error_list(None, &errors) }
            }
            if count > 1 {
                <div class="button-row party-folding" role="group" aria-label="Party cards">
                    <button type="button" id="parties-expand-all" onclick={fold_all(false)}
                        disabled={folded.is_empty()}>{ "Expand all" }</button>
                    <button type="button" id="parties-collapse-all" onclick={fold_all(true)}
                        disabled={props.parties.iter().all(|p| folded.contains(&p.id))}>{ "Collapse all" }</button>
                </div>
            }
            <ol class="party-list">
                { for props.parties.iter().enumerate().map(|(i, p)| html! {
                    <PartyRow key={i} index={i} count={count} party={p.clone()} fate_version={props.fate_version}
                        form={props.form.scoped(&format!("parties[{i}]"))}
                        open={!folded.contains(&p.id)} on_toggle={on_toggle(&p.id)} />
                }) }
            </ol>
            <button type="button" class="primary-outline" id={field_id("parties")}
                onclick={add}>{ "Add party" }</button>
        </>
    }
}
