//! What each certificate of the federation says (mutual TLS): subject (and issuer, when it is
//! not the authority), the names peers check and the validity, read from the certificates the
//! bundle carries.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::derived::CertificateRow;

/// Props of [`CertificateTable`].
#[derive(Properties, PartialEq)]
pub struct CertificateTableProps {
    /// The authority, then each party, then the exchange.
    pub rows: Rc<Vec<CertificateRow>>,
}

/// The certificate table (nothing without mutual TLS).
#[function_component]
pub fn CertificateTable(props: &CertificateTableProps) -> Html {
    if props.rows.is_empty() {
        return Html::default();
    }
    // Each certificate's issuer is the authority's subject unless it is foreign (then named).
    let authority = props
        .rows
        .iter()
        .find(|row| row.id == "authority")
        .map(|row| row.subject.clone());
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="certificates-caption">
            <table class="routes certificates" id="certificate-table">
                <caption id="certificates-caption">{ "Certificates (mutual TLS between the OSX proxies)" }</caption>
                <thead><tr>
                    <th scope="col">{ "Of" }</th>
                    <th scope="col">{ "Subject" }</th>
                    <th scope="col">{ "Names (SAN)" }</th>
                    <th scope="col">{ "Valid" }</th>
                </tr></thead>
                <tbody>
                    { for props.rows.iter().map(|row| html! {
                        <tr data-id={row.id.clone()}>
                            <th scope="row">{ &row.owner }</th>
                            <td class="subject"><code>{ &row.subject }</code>
                                if row.issuer != row.subject && Some(&row.issuer) != authority.as_ref() {
                                    <span class="muted issuer">{ format!("issued by {}", row.issuer) }</span>
                                }
                            </td>
                            <td class="sans">
                                if row.sans.is_empty() { { "—" } } else { <code>{ row.sans.join(", ") }</code> }
                            </td>
                            <td class="validity">{ format!("{} to ", row.not_before) }<span class="expiry">{ &row.not_after }</span></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
