//! Data the page derives from the document (recomputed with `use_memo`, never stored twice):
//! the federation, its bundle, the diagram, the route table, the certificates, the install
//! commands and its secrets; and which files changed from one output to the next.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::AttrValue;

use crate::generator::bundle::{self, generate, Bundle, Scope};
use crate::generator::config::Config;
use crate::generator::config::EXCHANGE_CERTIFICATE;
use crate::generator::federation::{
    Federation, FederationError, RandomError, RandomSource, TlsPlan,
};
use crate::generator::names;
use crate::generator::naming::EXCHANGE_RELEASE;
use crate::generator::routes::exchange_route_table;
use crate::generator::tls;
use crate::generator::topology::topology_svg;
use crate::ui::secret_lines::Secrets;

/// Everything shown for a valid document.
#[derive(Debug, PartialEq)]
pub struct Output {
    /// The validated federation.
    pub federation: Federation,
    /// Every file of the deployment set.
    pub bundle: Bundle,
    /// Paths and sizes of the files, for the file tree.
    pub files: Rc<Vec<(String, usize)>>,
    /// The topology diagram.
    pub topology: AttrValue,
    /// Who routes whom.
    pub routes: Rc<RouteView>,
    /// What each certificate says (empty without mutual TLS).
    pub certificates: Rc<Vec<CertificateRow>>,
    /// Shell commands that install the bundle.
    pub install: AttrValue,
    /// The passwords and keys, which the preview masks until revealed.
    pub secrets: Rc<Secrets>,
}

/// How a file of the bundle changed from the previous output to this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    /// New in this output.
    Added,
    /// Its text or executable bit differs.
    Changed,
    /// Gone from this output.
    Removed,
}

impl FileChange {
    /// The word the page shows (and its CSS class).
    pub fn word(self) -> &'static str {
        match self {
            FileChange::Added => "added",
            FileChange::Changed => "changed",
            FileChange::Removed => "removed",
        }
    }
}

/// The changed files by path (unchanged files are absent).
pub type Changes = BTreeMap<String, FileChange>;

/// The files that differ between two bundles.
pub fn file_changes(previous: &Bundle, current: &Bundle) -> Changes {
    // Both maps are sorted by path: one walk side by side compares each path once, where a
    // lookup per file compared long shared prefixes (`fate-10000/templates/…`) a dozen times.
    let mut changes = Changes::new();
    let mut before = previous.files.iter().peekable();
    let mut now = current.files.iter().peekable();
    loop {
        let order = match (before.peek(), now.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((old, _)), Some((new, _))) => old.cmp(new),
        };
        match order {
            Ordering::Less => {
                if let Some((path, _)) = before.next() {
                    changes.insert(path.clone(), FileChange::Removed);
                }
            }
            Ordering::Greater => {
                if let Some((path, _)) = now.next() {
                    changes.insert(path.clone(), FileChange::Added);
                }
            }
            Ordering::Equal => {
                if let (Some((_, old)), Some((path, new))) = (before.next(), now.next()) {
                    if old != new {
                        changes.insert(path.clone(), FileChange::Changed);
                    }
                }
            }
        }
    }
    changes
}

/// "3 files changed since the last edit (1 added, 2 changed)", or None when nothing changed.
pub fn change_summary(changes: &Changes) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let count = |kind: FileChange| changes.values().filter(|c| **c == kind).count();
    let parts: Vec<String> = [FileChange::Added, FileChange::Changed, FileChange::Removed]
        .into_iter()
        .filter(|kind| count(*kind) > 0)
        .map(|kind| format!("{} {}", count(kind), kind.word()))
        .collect();
    let total = changes.len();
    Some(format!(
        "{total} file{} changed by the last edit ({})",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}

/// One certificate of the federation as the preview lists it (from `tls::inspect`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRow {
    /// `authority`, a party id, or `exchange` (the row's DOM key).
    pub id: String,
    /// Whose it is: `authority`, `party 10000`, `exchange`.
    pub owner: String,
    /// Subject (RFC 4514 text).
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Subject alternative names (the address peers dial).
    pub sans: Vec<String>,
    /// First day of validity (UTC, `2026-12-02`).
    pub not_before: String,
    /// Last day of validity.
    pub not_after: String,
}

/// The random source of the preview: it is never asked, since the state holds every password
/// and certificate (were one missing, the preview would show the error instead of issuing a new
/// certificate on every render).
struct NothingToDraw;

impl RandomSource for NothingToDraw {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), RandomError> {
        Err(RandomError(
            "the preview draws no random bytes: every password and certificate is in the page's state".to_owned(),
        ))
    }
}

/// The route table shown under the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteView {
    /// Caption.
    pub title: String,
    /// (party id, where it is reached, how).
    pub rows: Vec<(String, String, String)>,
}

/// Builds everything from a document whose passwords (and, with TLS, certificates) are all set:
/// no randomness is used, so the result is the CLI's byte for byte, and a document that lacks
/// one is an error rather than a bundle with new keys each time.
pub fn build(config: &Config) -> Result<Output, FederationError> {
    let federation = Federation::new(config, &mut NothingToDraw)?;
    let bundle = generate(&federation);
    let files = Rc::new(
        bundle
            .files
            .iter()
            .map(|(path, file)| (path.clone(), file.contents.len()))
            .collect(),
    );
    let topology = AttrValue::from(topology_svg(&federation));
    let routes = Rc::new(route_view(&federation));
    let certificates = Rc::new(certificate_rows(&federation));
    let install = AttrValue::from(install_commands(&federation));
    let secrets = Rc::new(Secrets::of(&federation));
    Ok(Output {
        federation,
        bundle,
        files,
        topology,
        routes,
        certificates,
        install,
        secrets,
    })
}

/// The authority, then each party's certificate in document order, then the exchange's.
pub fn certificate_rows(federation: &Federation) -> Vec<CertificateRow> {
    let Some(plan) = &federation.tls else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut push = |id: &str, owner: String, pem: &str| {
        if let Ok(info) = tls::inspect(&owner, pem) {
            rows.push(CertificateRow {
                id: id.to_owned(),
                owner,
                subject: info.subject,
                issuer: info.issuer,
                sans: info.sans,
                not_before: tls::utc_date(info.not_before),
                not_after: tls::utc_date(info.not_after),
            });
        }
    };
    push("authority", "authority".to_owned(), &plan.authority_cert);
    let issued = |plan: &TlsPlan, id: &str| plan.of(id).map(|issued| issued.cert.clone());
    for party in &federation.parties {
        if let Some(cert) = issued(plan, &party.id) {
            push(&party.id, format!("party {}", party.id), &cert);
        }
    }
    if federation.exchange.is_some() {
        if let Some(cert) = issued(plan, EXCHANGE_CERTIFICATE) {
            push(EXCHANGE_CERTIFICATE, "exchange".to_owned(), &cert);
        }
    }
    rows
}

/// The exchange's route table, or in a mesh where every peer reaches each party. Both come
/// from `routes.rs`, as the charts' values do whatever the line (FATE 1.x: the proxy's
/// `route_table.json`; FATE 2.2: OSX's, `osx.routeTable` in `values.yaml`).
pub fn route_view(federation: &Federation) -> RouteView {
    let fate2 = federation.fate_version.is_fate2();
    let proxy = if fate2 { "OSX" } else { "proxy" };
    let how = |id: &str| match federation.party(id).and_then(|p| p.dmz()) {
        Some(_) => "DMZ proxy".to_owned(),
        None => format!("{proxy} NodePort"),
    };
    match &federation.exchange {
        Some(exchange) => RouteView {
            title: format!(
                "Route table of the exchange{} ({}, release {EXCHANGE_RELEASE})",
                if fate2 { "'s OSX" } else { "" },
                names::host_port(&exchange.address, exchange.node_port)
            ),
            rows: {
                // In document order, as the form lists the parties.
                let table = exchange_route_table(federation);
                federation
                    .parties
                    .iter()
                    .filter_map(|p| {
                        let endpoint = table.get(&p.id)?.get("default")?.first()?;
                        Some((
                            p.id.clone(),
                            names::host_port(&endpoint.ip, endpoint.port),
                            how(&p.id),
                        ))
                    })
                    .collect()
            },
        },
        None => RouteView {
            title: "Mesh: every party's route table lists every other party here".to_owned(),
            rows: federation
                .parties
                .iter()
                .map(|p| {
                    let e = p.proxy_endpoint();
                    (p.id.clone(), names::host_port(&e.ip, e.port), how(&p.id))
                })
                .collect(),
        },
    }
}

/// How to install the bundle: the scripted way, then the commands by hand (the same the
/// bundle's README lists, from `bundle::install_commands`).
pub fn install_commands(federation: &Federation) -> String {
    format!(
        "unzip fate-federation.zip -d fate-federation\ncd fate-federation\nsha256sum -c SHA256SUMS\n./install.sh\n./verify.sh\n\
         \n# or by hand, exchange first:\n{}",
        bundle::install_commands(federation, &Scope::All)
    )
}
