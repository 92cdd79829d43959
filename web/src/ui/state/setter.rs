//! The path setter: [`Action::Set`](super::Action::Set) maps a [`FieldPath`] (a form field
//! such as `parties[1].nodePort`) to the document field it names and sets it from the input's
//! text. The match is exhaustive: a new kind of path does not compile until it is handled here.

use std::collections::BTreeMap;

use crate::generator::config::EXCHANGE_CERTIFICATE;
use crate::generator::config::{
    AuthorityPem, Config, Dmz, Exchange, FateVersion, HelmTarget, IssuedPem, Party,
    PartyCredentials, Placement, PullPolicy, Storage, VolumeSizes, PROXY_PORT,
};
use crate::ui::field_path::{
    CredentialField, ExchangeField, FieldPath, ImagesField, IngressField, PartyField, PemField,
    PlacementField, PlacementScope, StorageField, TlsField,
};

use super::certificates::{
    authority_given, issued_given, rename, use_generated_authority, use_issued_certificate,
    use_own_authority, use_own_certificate, CertificateOrigins, ParkedAuthority,
};
use super::suggestions::{dmz_node_ports, exchange_node_port, party_node_port};

/// Values kept while their section is off.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Parked {
    exchange: Option<Exchange>,
    storage: BTreeMap<&'static str, Storage>,
    /// Passwords of the other FATE line by party id (redis for 1.x, fateboard for 2.2), put
    /// aside when the version switches lines and given back when it switches back. In memory
    /// only, like every password.
    credentials: BTreeMap<String, PartyCredentials>,
    /// The generated authority and its certificates while the user's own authority is used.
    /// In memory only, like every key.
    authority: Option<ParkedAuthority>,
    /// By party id: what its proxy switch put aside. With the DMZ proxy on, the NodePort it had
    /// in the cluster; with it off, the DMZ settings (host, port, NodePorts) typed before.
    proxies: BTreeMap<String, ParkedProxy>,
    /// By party id: its own placement while the switch is off.
    placements: BTreeMap<String, Placement>,
    /// The user's own authority (certificate and key as typed) while the generated one is
    /// used. In memory only, like every key.
    own_authority: Option<AuthorityPem>,
    /// By party id (or the exchange): the user's own certificate and key while this tab
    /// issues one. In memory only.
    own_issued: BTreeMap<String, IssuedPem>,
}

/// A party's proxy settings that are off at the moment.
#[derive(Debug, Clone, PartialEq, Default)]
struct ParkedProxy {
    node_port: Option<u32>,
    dmz: Option<Dmz>,
}

impl Parked {
    /// Forgets the parked passwords, authority and keys (a new document was imported, the form
    /// was reset or the certificates rotated: they belong to another federation).
    pub(super) fn forget_credentials(&mut self) {
        self.credentials.clear();
        self.forget_authority();
    }

    /// Forgets the parked authorities, certificates and keys (the certificates were rotated).
    pub(super) fn forget_authority(&mut self) {
        self.authority = None;
        self.own_authority = None;
        self.own_issued.clear();
    }
}

/// The storage choices of the form (`storage.type`).
pub const STORAGE_KINDS: [(&str, &str); 4] = [
    ("none", "None (data lost when a pod is recreated)"),
    ("nfs", "NFS export"),
    ("storageClass", "StorageClass (one claim per component)"),
    ("existingClaim", "Existing claim"),
];

/// The `storage.type` value of a storage setting.
pub fn storage_kind(storage: &Storage) -> &'static str {
    match storage {
        Storage::None => "none",
        Storage::Nfs { .. } => "nfs",
        Storage::StorageClass { .. } => "storageClass",
        Storage::ExistingClaim { .. } => "existingClaim",
    }
}

/// Why a `Set` did not change the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SetError {
    /// A number field's text is not a number (kept as a draft).
    NotANumber,
    /// The field is not in the document as it is now: a party, egg or pull secret index past
    /// the end, a credential or certificate of an id no party has, the fields of a section
    /// that is off (no exchange, no DMZ, no own placement, no TLS, no own certificate) or of
    /// another storage type. The form never shows
    /// such a field, so only an event from an input that is being removed can name one.
    Absent,
    /// A select's value is none of its choices (the field is left as it is).
    NotAChoice,
}

fn number(value: &str) -> Result<u32, SetError> {
    value.trim().parse().map_err(|_| SetError::NotANumber)
}

fn optional_number(value: &str) -> Result<Option<u32>, SetError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        number(value).map(Some)
    }
}

fn optional_text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// An address as the document keeps it: brackets typed around an IPv6 address (`[fd00::1]`)
/// are accepted and dropped, as the core reads them; the page spells `[addr]:port` itself.
fn address(value: &str) -> String {
    crate::generator::names::unbracketed(value).to_owned()
}

fn switch(value: &str) -> bool {
    value == "true"
}

/// Sets the field at `path` from an input's text (switches take `true`/`false`, selects the
/// document's value). `origins` says which certificates this tab generated.
pub(super) fn apply(
    config: &mut Config,
    parked: &mut Parked,
    origins: &mut CertificateOrigins,
    path: &FieldPath,
    value: &str,
) -> Result<(), SetError> {
    match path {
        FieldPath::FateVersion => {
            let version = FateVersion::ALL
                .into_iter()
                .find(|version| version.as_str() == value)
                .ok_or(SetError::NotAChoice)?;
            if version.is_fate2() != config.fate_version.is_fate2() {
                switch_line_credentials(config, parked, version);
            }
            config.fate_version = version;
        }
        FieldPath::Target => {
            config.target = match value {
                "helm2" => HelmTarget::Helm2,
                _ => HelmTarget::Helm3,
            };
        }
        FieldPath::Exchange => {
            if switch(value) {
                if config.exchange.is_none() {
                    let port = exchange_node_port(config);
                    config.exchange = Some(parked.exchange.take().unwrap_or(Exchange {
                        address: String::new(),
                        node_port: port,
                        namespace: None,
                        node_label_value: String::new(),
                    }));
                }
            } else if let Some(exchange) = config.exchange.take() {
                parked.exchange = Some(exchange);
            }
        }
        FieldPath::ExchangeField(field) => {
            let exchange = config.exchange.as_mut().ok_or(SetError::Absent)?;
            match field {
                ExchangeField::Address => exchange.address = address(value),
                ExchangeField::NodePort => exchange.node_port = number(value)?,
                ExchangeField::Namespace => exchange.namespace = optional_text(value),
                ExchangeField::NodeLabelValue => exchange.node_label_value = value.to_owned(),
            }
        }
        FieldPath::Party(index, field) => {
            if *index >= config.parties.len() {
                return Err(SetError::Absent);
            }
            apply_party(config, parked, origins, *index, *field, value)?;
        }
        FieldPath::Images(field) => {
            let images = &mut config.images;
            match field {
                ImagesField::Registry => images.registry = value.to_owned(),
                ImagesField::Tag => images.tag = optional_text(value),
                ImagesField::MysqlTag => images.mysql_tag = value.to_owned(),
                ImagesField::RedisTag => images.redis_tag = value.to_owned(),
                ImagesField::PullPolicy => {
                    images.pull_policy = match value {
                        "Always" => PullPolicy::Always,
                        "Never" => PullPolicy::Never,
                        _ => PullPolicy::IfNotPresent,
                    }
                }
            }
        }
        FieldPath::PullSecret(index) => {
            let secret = config
                .images
                .pull_secrets
                .get_mut(*index)
                .ok_or(SetError::Absent)?;
            *secret = value.to_owned();
        }
        FieldPath::Storage(StorageField::Type) => {
            let current = storage_kind(&config.storage);
            if current != value {
                let old = std::mem::take(&mut config.storage);
                if current != "none" {
                    parked.storage.insert(current, old);
                }
                config.storage = match STORAGE_KINDS.iter().find(|(k, _)| *k == value) {
                    Some((kind, _)) => parked
                        .storage
                        .remove(kind)
                        .unwrap_or_else(|| new_storage(kind)),
                    None => Storage::None,
                };
            }
        }
        FieldPath::Storage(field) => apply_storage(&mut config.storage, *field, value)?,
        FieldPath::Placement(scope, field) => {
            let placement = placement_mut(config, *scope).ok_or(SetError::Absent)?;
            apply_placement(placement, *field, value)?;
        }
        FieldPath::Ingress(field) => match field {
            IngressField::Enabled => config.ingress.enabled = switch(value),
            IngressField::ClassName => config.ingress.class_name = value.to_owned(),
            IngressField::TlsSecret => config.ingress.tls_secret = value.to_owned(),
        },
        FieldPath::Credential(id, field) => {
            if !config.parties.iter().any(|p| &p.id == id) {
                return Err(SetError::Absent);
            }
            let entry = config.credentials.entry(id.clone()).or_default();
            *field.slot(entry) = Some(value.to_owned());
        }
        FieldPath::Tls(TlsField::Enabled) => config.tls.enabled = switch(value),
        FieldPath::Tls(TlsField::ValidityDays) => {
            tls_on(config)?;
            config.tls.validity_days = number(value)?;
        }
        FieldPath::Authority => {
            tls_on(config)?;
            // Each side keeps its authority while the other is used: the generated one with
            // its certificates, the own one as typed.
            let given = authority_given(config, origins);
            if switch(value) {
                if !given {
                    if let Some(generated) = use_own_authority(config, origins) {
                        parked.authority = Some(generated);
                    }
                    if let Some(own) = parked.own_authority.take() {
                        config.certificates.authority = Some(own);
                    }
                }
            } else if given {
                parked.own_authority = config.certificates.authority.clone();
                use_generated_authority(config, origins, parked.authority.take());
            }
        }
        FieldPath::AuthorityPem(field) => {
            tls_on(config)?;
            if !authority_given(config, origins) {
                return Err(SetError::Absent);
            }
            let authority = config
                .certificates
                .authority
                .as_mut()
                .ok_or(SetError::Absent)?;
            match field {
                PemField::Cert => authority.cert = value.to_owned(),
                PemField::Key => authority.key = optional_text(value),
            }
        }
        FieldPath::Issued(id) => {
            tls_on(config)?;
            let exists = config.parties.iter().any(|p| &p.id == id)
                || (id == EXCHANGE_CERTIFICATE && config.exchange.is_some());
            if !exists {
                return Err(SetError::Absent);
            }
            let given = issued_given(config, origins, id);
            if switch(value) {
                if !given {
                    use_own_certificate(config, origins, id);
                    if let Some(own) = parked.own_issued.remove(id) {
                        config.certificates.issued.insert(id.clone(), own);
                    }
                }
            } else if given {
                if let Some(own) = config.certificates.issued.get(id) {
                    parked.own_issued.insert(id.clone(), own.clone());
                }
                use_issued_certificate(config, origins, id);
            }
        }
        FieldPath::IssuedPem(id, field) => {
            tls_on(config)?;
            if !issued_given(config, origins, id) {
                return Err(SetError::Absent);
            }
            let given = config
                .certificates
                .issued
                .get_mut(id)
                .ok_or(SetError::Absent)?;
            match field {
                PemField::Cert => given.cert = value.to_owned(),
                PemField::Key => given.key = value.to_owned(),
            }
        }
    }
    Ok(())
}

/// The TLS settings beyond the switch, and the certificates, exist only while it is on.
fn tls_on(config: &Config) -> Result<(), SetError> {
    if config.tls.enabled {
        Ok(())
    } else {
        Err(SetError::Absent)
    }
}

/// Puts aside the passwords of every party that `version`'s line does not have, and gives back
/// those of its line parked by an earlier switch (the rest are generated by the reducer). So
/// switching 1.x → 2.2 → 1.x keeps the redis passwords, typed or generated, and shows no error
/// for passwords the user never asked for.
fn switch_line_credentials(config: &mut Config, parked: &mut Parked, version: FateVersion) {
    for (id, given) in &mut config.credentials {
        let aside = parked.credentials.entry(id.clone()).or_default();
        for field in CredentialField::ALL {
            if field.used_by(version) {
                let slot = field.slot(given);
                if slot.is_none() {
                    *slot = field.slot(aside).take();
                }
            } else if let Some(password) = field.slot(given).take() {
                *field.slot(aside) = Some(password);
            }
        }
    }
    parked
        .credentials
        .retain(|_, aside| *aside != PartyCredentials::default());
}

fn apply_party(
    config: &mut Config,
    parked: &mut Parked,
    origins: &CertificateOrigins,
    index: usize,
    field: PartyField,
    value: &str,
) -> Result<(), SetError> {
    let suggested_port = party_node_port(config);
    let suggested_dmz = dmz_node_ports(config);
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    let party = &mut config.parties[index];
    match field {
        PartyField::Id => {
            let old = std::mem::replace(&mut party.id, value.to_owned());
            // The passwords follow the party when its id is edited.
            let still_used = ids
                .iter()
                .enumerate()
                .any(|(i, id)| i != index && *id == old);
            if !still_used && !ids.iter().any(|id| id == value) {
                if let Some(credentials) = config.credentials.remove(&old) {
                    config.credentials.insert(value.to_owned(), credentials);
                }
                if let Some(credentials) = parked.credentials.remove(&old) {
                    parked.credentials.insert(value.to_owned(), credentials);
                }
                if let Some(proxy) = parked.proxies.remove(&old) {
                    parked.proxies.insert(value.to_owned(), proxy);
                }
                if let Some(placement) = parked.placements.remove(&old) {
                    parked.placements.insert(value.to_owned(), placement);
                }
                if let Some(own) = parked.own_issued.remove(&old) {
                    parked.own_issued.insert(value.to_owned(), own);
                }
                rename(config, origins, &old, value);
            }
        }
        PartyField::Address => party.address = address(value),
        PartyField::NodePort => party.node_port = optional_number(value)?,
        PartyField::Namespace => party.namespace = optional_text(value),
        PartyField::FateboardHost => party.fateboard_host = optional_text(value),
        PartyField::Dmz => {
            // Each side keeps what was typed while the other is on.
            let aside = parked.proxies.entry(party.id.clone()).or_default();
            if switch(value) {
                if party.dmz.is_none() {
                    party.dmz = Some(aside.dmz.take().unwrap_or(Dmz {
                        host: String::new(),
                        port: u32::from(PROXY_PORT),
                        federation_node_port: suggested_dmz.0,
                        fateflow_node_port: suggested_dmz.1,
                    }));
                    aside.node_port = party.node_port.take().or(aside.node_port);
                }
            } else if let Some(dmz) = party.dmz.take() {
                aside.dmz = Some(dmz);
                if party.node_port.is_none() {
                    party.node_port = Some(aside.node_port.take().unwrap_or(suggested_port));
                }
            }
            if *aside == ParkedProxy::default() {
                parked.proxies.remove(&party.id);
            }
        }
        PartyField::DmzHost => dmz(party)?.host = address(value),
        PartyField::DmzPort => {
            let dmz = dmz(party)?;
            dmz.port = number(value)?;
        }
        PartyField::DmzFederationNodePort => {
            let dmz = dmz(party)?;
            dmz.federation_node_port = number(value)?;
        }
        PartyField::DmzFateflowNodePort => {
            let dmz = dmz(party)?;
            dmz.fateflow_node_port = number(value)?;
        }
        PartyField::Placement => {
            if switch(value) {
                if party.placement.is_none() {
                    let own = parked.placements.remove(&party.id);
                    party.placement = Some(own.unwrap_or_else(|| config.placement.clone()));
                }
            } else if let Some(own) = party.placement.take() {
                parked.placements.insert(party.id.clone(), own);
            }
        }
    }
    Ok(())
}

/// The party's DMZ settings (checked before the value, so a number typed into a DMZ that is off
/// leaves no draft behind).
fn dmz(party: &mut Party) -> Result<&mut Dmz, SetError> {
    party.dmz.as_mut().ok_or(SetError::Absent)
}

fn apply_placement(
    placement: &mut Placement,
    field: PlacementField,
    value: &str,
) -> Result<(), SetError> {
    let slot = match field {
        PlacementField::NodeLabel => &mut placement.node_label,
        PlacementField::Component(component) => component.slot(placement),
        PlacementField::Egg(index) => placement.eggs.get_mut(index).ok_or(SetError::Absent)?,
    };
    *slot = value.to_owned();
    Ok(())
}

/// A field of the storage setting; only the fields of the current type exist.
fn apply_storage(storage: &mut Storage, field: StorageField, value: &str) -> Result<(), SetError> {
    let slot = match (storage, field) {
        (Storage::Nfs { server, .. }, StorageField::Server) => server,
        (Storage::Nfs { path, .. }, StorageField::Path) => path,
        (Storage::Nfs { size, .. }, StorageField::Size) => size,
        (Storage::StorageClass { class, .. }, StorageField::Class) => class,
        (Storage::StorageClass { sizes, .. }, StorageField::MysqlSize) => &mut sizes.mysql,
        (Storage::StorageClass { sizes, .. }, StorageField::RedisSize) => &mut sizes.redis,
        (Storage::StorageClass { sizes, .. }, StorageField::EggSize) => &mut sizes.egg,
        (Storage::ExistingClaim { claim }, StorageField::Claim) => claim,
        _ => return Err(SetError::Absent),
    };
    *slot = value.to_owned();
    Ok(())
}

fn new_storage(kind: &str) -> Storage {
    match kind {
        "nfs" => Storage::Nfs {
            server: String::new(),
            path: "/exports/fate".to_owned(),
            size: "100Gi".to_owned(),
        },
        "storageClass" => Storage::StorageClass {
            class: String::new(),
            sizes: VolumeSizes::default(),
        },
        "existingClaim" => Storage::ExistingClaim {
            claim: "fate-data".to_owned(),
        },
        _ => Storage::None,
    }
}

/// The placement `scope` names, if the document has it.
pub(super) fn placement_ref(config: &Config, scope: PlacementScope) -> Option<&Placement> {
    match scope {
        PlacementScope::Shared => Some(&config.placement),
        PlacementScope::Party(index) => config.parties.get(index)?.placement.as_ref(),
    }
}

/// The placement `scope` names, to edit it.
pub(super) fn placement_mut(config: &mut Config, scope: PlacementScope) -> Option<&mut Placement> {
    match scope {
        PlacementScope::Shared => Some(&mut config.placement),
        PlacementScope::Party(index) => config.parties.get_mut(index)?.placement.as_mut(),
    }
}
