//! The path setter: [`Action::Set`](super::Action::Set) maps a form path such as
//! `parties[1].nodePort` to the document field it names and sets it from the input's text.

use std::collections::BTreeMap;

use crate::generator::config::{
    Config, Dmz, Exchange, FateVersion, HelmTarget, Placement, PullPolicy, Storage, VolumeSizes,
    PROXY_PORT,
};

use super::credentials::CredentialField;
use super::suggestions::{dmz_node_ports, exchange_node_port, party_node_port};

/// Values kept while their section is off.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Parked {
    exchange: Option<Exchange>,
    storage: BTreeMap<&'static str, Storage>,
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

/// One segment of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Splits `parties[1].dmz.port` into `parties`, `1`, `dmz`, `port`. Credentials paths keep the
/// party id as one key (`credentials.10000.redisPassword`).
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            segments.push(Segment::Key(name.to_owned()));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let close = stripped.find(']')?;
            segments.push(Segment::Index(stripped[..close].parse().ok()?));
            rest = &stripped[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(segments)
}

/// Why a `Set` did not change the document.
pub(super) enum SetError {
    /// A number field's text is not a number (kept as a draft).
    NotANumber,
    /// The path names no field of the document as it is.
    UnknownField,
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

fn switch(value: &str) -> bool {
    value == "true"
}

/// Sets the field at `path` from an input's text.
pub(super) fn apply(
    config: &mut Config,
    parked: &mut Parked,
    path: &str,
    value: &str,
) -> Result<(), SetError> {
    let path = parse_path(path).ok_or(SetError::UnknownField)?;
    apply_segments(config, parked, &path, value)
}

fn apply_segments(
    config: &mut Config,
    parked: &mut Parked,
    path: &[Segment],
    value: &str,
) -> Result<(), SetError> {
    use Segment::{Index as I, Key as K};
    match path {
        [K(root)] if root == "fateVersion" => {
            config.fate_version = match value {
                "1.3.0" => FateVersion::V1_3_0,
                _ => FateVersion::V1_2_0,
            };
        }
        [K(root)] if root == "target" => {
            config.target = match value {
                "helm2" => HelmTarget::Helm2,
                _ => HelmTarget::Helm3,
            };
        }
        [K(root)] if root == "exchange" => {
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
        [K(root), K(field)] if root == "exchange" => {
            let Some(exchange) = config.exchange.as_mut() else {
                return Err(SetError::UnknownField);
            };
            match field.as_str() {
                "address" => exchange.address = value.to_owned(),
                "nodePort" => exchange.node_port = number(value)?,
                "namespace" => exchange.namespace = optional_text(value),
                "nodeLabelValue" => exchange.node_label_value = value.to_owned(),
                _ => return Err(SetError::UnknownField),
            }
        }
        [K(root), I(i), rest @ ..] if root == "parties" => {
            let index = *i;
            if index >= config.parties.len() {
                return Err(SetError::UnknownField);
            }
            return apply_party(config, index, rest, value);
        }
        [K(root), K(field)] if root == "images" => {
            let images = &mut config.images;
            match field.as_str() {
                "registry" => images.registry = value.to_owned(),
                "tag" => images.tag = optional_text(value),
                "mysqlTag" => images.mysql_tag = value.to_owned(),
                "redisTag" => images.redis_tag = value.to_owned(),
                "pullPolicy" => {
                    images.pull_policy = match value {
                        "Always" => PullPolicy::Always,
                        "Never" => PullPolicy::Never,
                        _ => PullPolicy::IfNotPresent,
                    }
                }
                _ => return Err(SetError::UnknownField),
            }
        }
        [K(root), K(field), I(i)] if root == "images" && field == "pullSecrets" => {
            match config.images.pull_secrets.get_mut(*i) {
                Some(secret) => *secret = value.to_owned(),
                None => return Err(SetError::UnknownField),
            }
        }
        [K(root), K(field)] if root == "storage" && field == "type" => {
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
        [K(root), rest @ ..] if root == "storage" => {
            apply_storage(&mut config.storage, rest, value)?;
        }
        [K(root), rest @ ..] if root == "placement" => {
            apply_placement(&mut config.placement, rest, value)?;
        }
        [K(root), K(field)] if root == "ingress" => match field.as_str() {
            "enabled" => config.ingress.enabled = switch(value),
            "className" => config.ingress.class_name = value.to_owned(),
            "tlsSecret" => config.ingress.tls_secret = value.to_owned(),
            _ => return Err(SetError::UnknownField),
        },
        [K(root), K(id), K(field)] if root == "credentials" => {
            let field = CredentialField::from_key(field).ok_or(SetError::UnknownField)?;
            if !config.parties.iter().any(|p| &p.id == id) {
                return Err(SetError::UnknownField);
            }
            let entry = config.credentials.entry(id.clone()).or_default();
            *field.slot(entry) = Some(value.to_owned());
        }
        _ => return Err(SetError::UnknownField),
    }
    Ok(())
}

fn apply_party(
    config: &mut Config,
    index: usize,
    path: &[Segment],
    value: &str,
) -> Result<(), SetError> {
    use Segment::Key as K;
    let suggested_port = party_node_port(config);
    let suggested_dmz = dmz_node_ports(config);
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    let party = &mut config.parties[index];
    match path {
        [K(field)] => match field.as_str() {
            "id" => {
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
                }
            }
            "address" => party.address = value.to_owned(),
            "nodePort" => party.node_port = optional_number(value)?,
            "namespace" => party.namespace = optional_text(value),
            "fateboardHost" => party.fateboard_host = optional_text(value),
            "dmz" => {
                if switch(value) {
                    if party.dmz.is_none() {
                        party.dmz = Some(Dmz {
                            host: String::new(),
                            port: u32::from(PROXY_PORT),
                            federation_node_port: suggested_dmz.0,
                            fateflow_node_port: suggested_dmz.1,
                        });
                        party.node_port = None;
                    }
                } else if party.dmz.take().is_some() && party.node_port.is_none() {
                    party.node_port = Some(suggested_port);
                }
            }
            "placement" => {
                if switch(value) {
                    if party.placement.is_none() {
                        party.placement = Some(config.placement.clone());
                    }
                } else {
                    party.placement = None;
                }
            }
            _ => return Err(SetError::UnknownField),
        },
        [K(dmz), K(field)] if dmz == "dmz" => {
            let Some(dmz) = party.dmz.as_mut() else {
                return Err(SetError::UnknownField);
            };
            match field.as_str() {
                "host" => dmz.host = value.to_owned(),
                "port" => dmz.port = number(value)?,
                "federationNodePort" => dmz.federation_node_port = number(value)?,
                "fateflowNodePort" => dmz.fateflow_node_port = number(value)?,
                _ => return Err(SetError::UnknownField),
            }
        }
        [K(placement), rest @ ..] if placement == "placement" => {
            let Some(placement) = party.placement.as_mut() else {
                return Err(SetError::UnknownField);
            };
            apply_placement(placement, rest, value)?;
        }
        _ => return Err(SetError::UnknownField),
    }
    Ok(())
}

fn apply_placement(
    placement: &mut Placement,
    path: &[Segment],
    value: &str,
) -> Result<(), SetError> {
    use Segment::{Index as I, Key as K};
    let slot = match path {
        [K(field)] => match field.as_str() {
            "nodeLabel" => &mut placement.node_label,
            "federation" => &mut placement.federation,
            "metaService" => &mut placement.meta_service,
            "mysql" => &mut placement.mysql,
            "proxy" => &mut placement.proxy,
            "python" => &mut placement.python,
            "redis" => &mut placement.redis,
            "roll" => &mut placement.roll,
            _ => return Err(SetError::UnknownField),
        },
        [K(eggs), I(i)] if eggs == "eggs" => {
            placement.eggs.get_mut(*i).ok_or(SetError::UnknownField)?
        }
        _ => return Err(SetError::UnknownField),
    };
    *slot = value.to_owned();
    Ok(())
}

fn apply_storage(storage: &mut Storage, path: &[Segment], value: &str) -> Result<(), SetError> {
    use Segment::Key as K;
    let slot = match (storage, path) {
        (Storage::Nfs { server, path, size }, [K(field)]) => match field.as_str() {
            "server" => server,
            "path" => path,
            "size" => size,
            _ => return Err(SetError::UnknownField),
        },
        (Storage::StorageClass { class, .. }, [K(field)]) if field == "class" => class,
        (Storage::StorageClass { sizes, .. }, [K(s), K(field)]) if s == "sizes" => {
            match field.as_str() {
                "mysql" => &mut sizes.mysql,
                "redis" => &mut sizes.redis,
                "egg" => &mut sizes.egg,
                _ => return Err(SetError::UnknownField),
            }
        }
        (Storage::ExistingClaim { claim }, [K(field)]) if field == "claim" => claim,
        _ => return Err(SetError::UnknownField),
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

pub(super) fn placement_ref<'a>(config: &'a Config, scope: &str) -> Option<&'a Placement> {
    if scope == "placement" {
        return Some(&config.placement);
    }
    match parse_path(scope)?.as_slice() {
        [Segment::Key(p), Segment::Index(i), Segment::Key(pl)]
            if p == "parties" && pl == "placement" =>
        {
            config.parties.get(*i)?.placement.as_ref()
        }
        _ => None,
    }
}

pub(super) fn placement_exists(config: &Config, scope: &str) -> bool {
    placement_ref(config, scope).is_some()
}

pub(super) fn placement_mut<'a>(config: &'a mut Config, scope: &str) -> Option<&'a mut Placement> {
    if scope == "placement" {
        return Some(&mut config.placement);
    }
    match parse_path(scope)?.as_slice() {
        [Segment::Key(p), Segment::Index(i), Segment::Key(pl)]
            if p == "parties" && pl == "placement" =>
        {
            config.parties.get_mut(*i)?.placement.as_mut()
        }
        _ => None,
    }
}
