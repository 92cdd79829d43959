//! The parties: one row per party, with add, remove, reorder and duplicate.

use std::rc::Rc;

use yew::prelude::*;

use crate::generator::config::{FateVersion, Party};
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
    html! {
        <>
            if !errors.is_empty() {
                { error_list(None, &errors) }
            }
            <ol class="party-list">
                { for props.parties.iter().enumerate().map(|(i, p)| html! {
                    <PartyRow key={i} index={i} count={count} party={p.clone()} fate_version={props.fate_version}
                        form={props.form.scoped(&format!("parties[{i}]"))} />
                }) }
            </ol>
            <button type="button" class="primary-outline" id={field_id("parties")}
                onclick={add}>{ "Add party" }</button>
        </>
    }
}
