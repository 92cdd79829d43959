//! Mutual TLS between the OSX proxies (FATE 2.2): the switch, the validity of the certificates
//! this tab issues, rotating them, and the user's own authority or certificates (pasted or read
//! from files). Certificates and keys live only in this tab's memory, like the passwords.

use std::rc::Rc;

use yew::prelude::*;

use crate::generator::config::{Config, EXCHANGE_CERTIFICATE};
use crate::generator::tls;
use crate::ui::components::checkbox::Checkbox;
use crate::ui::components::pem_field::PemField;
use crate::ui::field_path::{FieldPath, PemField as Pem, TlsField};
use crate::ui::form::Form;
use crate::ui::state::{Action, CertificateOrigins};

/// Props of [`TlsForm`].
#[derive(Properties, PartialEq)]
pub struct TlsFormProps {
    /// The document (its `tls`, `certificates`, parties and exchange).
    pub config: Rc<Config>,
    /// Which certificates this tab generated.
    pub origins: Rc<CertificateOrigins>,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The mutual TLS section.
#[function_component]
pub fn TlsForm(props: &TlsFormProps) -> Html {
    let form = &props.form;
    let config = &props.config;
    let version = config.fate_version;
    let fate2 = version.is_fate2();
    let enabled = config.tls.enabled;
    let switch = FieldPath::Tls(TlsField::Enabled);
    let hint = if fate2 {
        "Each OSX then accepts other parties and the exchange only on its TLS port, with a certificate of the federation authority, and presents its own. This tab generates the authority and issues one certificate per party and for the exchange, naming the address peers dial. Certificates and keys are kept only in this tab's memory, like passwords: never saved in the browser, never in a share link or federation.yaml. They are written into the zip (the authority's key only into the full bundle's tls/ca.key), so keep it private.".to_owned()
    } else {
        format!(
            "Only for FATE 2.2 (choose 2.2.0 under Images): FATE {}'s proxy is not set up for mutual TLS here.",
            version.as_str()
        )
    };
    html! {
        <>
            <Checkbox
                path={switch.clone()}
                label="Mutual TLS between the OSX proxies"
                checked={enabled}
                disabled={!fate2 && !enabled}
                errors={form.errors(&switch)}
                on_change={form.toggle(switch.clone())}
                hint={AttrValue::from(hint)}
            />
            if enabled && fate2 {
                { form.number_field(
                    FieldPath::Tls(TlsField::ValidityDays),
                    "Certificate validity (days)",
                    Some(config.tls.validity_days),
                    Some("Changing it issues them anew, and a generated authority is renewed when they would outlive it. Your own are kept."),
                ) }
                { authority_status(config, &props.origins) }
                <Rotate form={form.clone()} />
                { own_certificates(form, config, &props.origins) }
            }
        </>
    }
}

/// One sentence on the authority in use.
fn authority_status(config: &Config, origins: &CertificateOrigins) -> Html {
    let authority = config.certificates.authority.as_ref();
    let until = authority
        .and_then(|a| tls::inspect("the authority's certificate", &a.cert).ok())
        .map(|info| format!(", valid until {}", tls::utc_date(info.not_after)))
        .unwrap_or_default();
    let text = match authority {
        Some(_) if origins.authority_generated() => {
            format!("Federation authority: generated in this tab{until}. The preview lists every certificate.")
        }
        Some(_) => format!("Federation authority: your own (given){until}."),
        None => "Federation authority: generated once every address is a valid host.".to_owned(),
    };
    html! { <p class="hint" id="tls-authority-status">{ text }</p> }
}

/// The user's own authority and certificates, in a part that opens by itself when one is given
/// or has a problem (so the error summary's links reach their fields).
fn own_certificates(form: &Form, config: &Config, origins: &CertificateOrigins) -> Html {
    let certificates = &config.certificates;
    let authority_given = certificates.authority.is_some() && !origins.authority_generated();
    let any_given = authority_given || certificates.issued.keys().any(|id| !origins.generated(id));
    let open = any_given || form.count_under("certificates") > 0;
    let authority = FieldPath::Authority;
    let mut owners: Vec<(String, String, String)> = config
        .parties
        .iter()
        .map(|p| (p.id.clone(), format!("party {}", p.id), p.address.clone()))
        .collect();
    if let Some(exchange) = &config.exchange {
        owners.push((
            EXCHANGE_CERTIFICATE.to_owned(),
            "the exchange".to_owned(),
            exchange.address.clone(),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    owners.retain(|(id, _, _)| seen.insert(id.clone()));
    let pem = |path: FieldPath, label: String, value: &str, hint: Option<&str>| {
        html! {
            <PemField
                errors={form.errors(&path)}
                on_change={form.set(path.clone())}
                path={path}
                label={AttrValue::from(label)}
                value={AttrValue::from(value.to_owned())}
                hint={hint.map(|h| AttrValue::from(h.to_owned()))}
            />
        }
    };
    html! {
        <details class="own-certificates" id="tls-own" {open}>
            <summary>{ "Use my own CA / certificates" }</summary>
            <p class="hint">{ "Paste PEM text or read it from a file (nothing leaves this tab). Keys must be unencrypted PKCS#8 ECDSA P-256 (BEGIN PRIVATE KEY), the only kind OSX reads; a certificate must be issued by the federation authority and name the address its peers dial." }</p>
            <Checkbox
                path={authority.clone()}
                label="Use my own certificate authority"
                checked={authority_given}
                errors={form.errors(&authority)}
                on_change={form.toggle(authority.clone())}
                hint={AttrValue::from("Its certificate goes into every chart; with its key this tab issues the certificates you do not give (the key goes only into the full bundle's tls/ca.key).")}
            />
            if let (true, Some(given)) = (authority_given, certificates.authority.as_ref()) {
                <div class="pem-pair">
                    { pem(FieldPath::AuthorityPem(Pem::Cert), format!("Authority {}", Pem::Cert.label()), &given.cert, None) }
                    { pem(FieldPath::AuthorityPem(Pem::Key), format!("Authority {}", Pem::Key.label()),
                        given.key.as_deref().unwrap_or_default(),
                        Some("Optional when you give the certificate of every party and the exchange.")) }
                </div>
            }
            <ul class="plain">
                { for owners.into_iter().map(|(id, who, address)| {
                    let switch = FieldPath::Issued(id.clone());
                    let given = certificates.issued.get(&id).filter(|_| !origins.generated(&id));
                    let hint = if given.is_some() {
                        format!("Kept as given: it must name {address}.")
                    } else {
                        format!("This tab's certificate names {address}.")
                    };
                    html! {
                        <li>
                            <fieldset class="credential-row">
                                <legend>{ format!("Certificate of {who}") }</legend>
                                <Checkbox
                                    path={switch.clone()}
                                    label={AttrValue::from(format!("Use my own certificate for {who}"))}
                                    checked={given.is_some()}
                                    errors={form.errors(&switch)}
                                    on_change={form.toggle(switch.clone())}
                                    hint={AttrValue::from(hint)}
                                />
                                if let Some(given) = given {
                                    <div class="pem-pair">
                                        { pem(FieldPath::IssuedPem(id.clone(), Pem::Cert), capitalised(Pem::Cert.label()), &given.cert, None) }
                                        { pem(FieldPath::IssuedPem(id.clone(), Pem::Key), capitalised(Pem::Key.label()), &given.key, None) }
                                    </div>
                                }
                            </fieldset>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

/// The label with its first letter in upper case. ASCII only: the labels are the page's own
/// English words, and `char::to_uppercase` would bring the Unicode case tables into the page.
fn capitalised(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// Props of [`Rotate`].
#[derive(Properties, PartialEq)]
struct RotateProps {
    form: Form,
}

/// "Rotate certificates…", asking first: every release must be installed again.
#[function_component]
fn Rotate(props: &RotateProps) -> Html {
    let confirming = use_state(|| false);
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let confirm = {
        let confirming = confirming.clone();
        let dispatch = props.form.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            dispatch.emit(Action::RotateCertificates);
        })
    };
    html! {
        <div class="button-row wrap">
            if *confirming {
                <span class="confirm" role="group" aria-label="Confirm rotating the certificates">
                    <span id="tls-rotate-warning">{ "A new federation authority and new certificates for every party and the exchange (your own authority and certificates too, if given). Every release must then be installed again: peers refuse certificates of the old authority." }</span>
                    <button type="button" class="danger" id="tls-rotate-confirm" onclick={confirm}>{ "Rotate" }</button>
                    <button type="button" id="tls-rotate-cancel" onclick={cancel}>{ "Cancel" }</button>
                </span>
            } else {
                <button type="button" id="tls-rotate" onclick={ask}>{ "Rotate certificates…" }</button>
            }
        </div>
    }
}
