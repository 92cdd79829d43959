//! Passwords per party: generated with the core's secure generator, regenerated, revealed or set
//! by hand. They live only in this tab's memory.

use std::collections::{BTreeMap, BTreeSet};

use yew::prelude::*;

use crate::generator::config::{FateVersion, PartyCredentials};
use crate::ui::components::text_field::TextField;
use crate::ui::field_path::{CredentialField, FieldPath};
use crate::ui::form::Form;
use crate::ui::paths::field_id;
use crate::ui::state::Action;

/// Props of [`CredentialsForm`].
#[derive(Properties, PartialEq)]
pub struct CredentialsFormProps {
    /// Party ids in document order.
    pub ids: Vec<String>,
    /// Passwords by party id.
    pub credentials: BTreeMap<String, PartyCredentials>,
    /// The FATE release: which passwords a party has.
    pub fate_version: FateVersion,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The credentials section.
#[function_component]
pub fn CredentialsForm(props: &CredentialsFormProps) -> Html {
    let revealed = use_state(BTreeSet::<String>::new);
    let form = &props.form;
    let version = props.fate_version;
    let mut seen = BTreeSet::new();
    html! {
        <>
            <p class="hint">
                { "Passwords are kept only in this tab's memory: never saved in the browser, never in a share link or an exported document. They are written into each party's values.yaml in the zip, so keep the zip private. Own passwords: at least 12 letters, digits or - _ . ~ + = @ %. Switching the FATE version puts the other version's passwords (redis, fateboard) aside in this tab's memory; they come back when you switch back." }
            </p>
            <div class="button-row">
                <button type="button" onclick={form.send(Action::RegenerateCredentials(None))}>
                    { "Regenerate all passwords" }
                </button>
            </div>
            <ul class="plain credentials">
                { for props.ids.iter().filter(|id| seen.insert((*id).clone())).map(|id| {
                    let shown = revealed.contains(id);
                    let toggle = {
                        let revealed = revealed.clone();
                        let id = id.clone();
                        let dispatch = form.dispatch.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut set = (*revealed).clone();
                            if !set.remove(&id) {
                                set.insert(id.clone());
                                // Seen passwords may be noted elsewhere: leaving the page asks first.
                                dispatch.emit(Action::SecretsRevealed);
                            }
                            revealed.set(set);
                        })
                    };
                    let given = props.credentials.get(id).cloned().unwrap_or_default();
                    let label = if id.is_empty() { "(no id)".to_owned() } else { id.clone() };
                    html! {
                        <li>
                            <fieldset class="credential-row">
                                <legend>{ format!("Party {label}") }</legend>
                                <div class="grid">
                                    { for CredentialField::of_line(version).map(|field| {
                                        let path = FieldPath::Credential(id.clone(), field);
                                        html! {
                                            <TextField
                                                errors={form.errors(&path)}
                                                on_change={form.set(path.clone())}
                                                path={path}
                                                label={AttrValue::from(field.label())}
                                                value={AttrValue::from(field.get(&given).cloned().unwrap_or_default())}
                                                secret=true
                                                reveal={shown}
                                            />
                                        }
                                    }) }
                                </div>
                                { other_line(form, id, &given, version, shown) }
                                <div class="button-row">
                                    <button type="button" onclick={toggle} aria-pressed={shown.to_string()}
                                        aria-label={format!("{} passwords of party {label}", if shown { "Hide" } else { "Reveal" })}>
                                        { if shown { "Hide" } else { "Reveal" } }
                                    </button>
                                    <button type="button"
                                        aria-label={format!("Regenerate passwords of party {label}")}
                                        onclick={form.send(Action::RegenerateCredentials(Some(id.clone())))}>
                                        { "Regenerate" }
                                    </button>
                                </div>
                            </fieldset>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}

/// Passwords of the other FATE line that the document carries (an imported document: the
/// version switch parks them instead), shown with the core's error and a button that removes
/// each one.
fn other_line(
    form: &Form,
    id: &str,
    given: &PartyCredentials,
    version: FateVersion,
    shown: bool,
) -> Html {
    let extra: Vec<(CredentialField, String)> = CredentialField::ALL
        .into_iter()
        .filter(|field| !field.used_by(version))
        .filter_map(|field| field.get(given).map(|value| (field, value.clone())))
        .collect();
    if extra.is_empty() {
        return Html::default();
    }
    html! {
        <fieldset class="other-line">
            <legend>{ format!("Not part of FATE {}: remove to continue", version.as_str()) }</legend>
            <ul class="plain">
                { for extra.into_iter().map(|(field, value)| {
                    let path = FieldPath::Credential(id.to_owned(), field);
                    let remove = form.send(Action::RemoveCredential { id: id.to_owned(), field });
                    html! {
                        <li class="inline-row">
                            <TextField
                                errors={form.errors(&path)}
                                on_change={form.set(path.clone())}
                                path={path.clone()}
                                label={AttrValue::from(field.label())}
                                value={AttrValue::from(value)}
                                secret=true
                                reveal={shown}
                            />
                            <button type="button" class="danger" id={format!("{}-remove", field_id(&path.to_string()))}
                                aria-label={format!("Remove the {} of party {id}", field.label())}
                                onclick={remove}>{ "Remove" }</button>
                        </li>
                    }
                }) }
            </ul>
        </fieldset>
    }
}
