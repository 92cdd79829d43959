//! Reading what a user hands us: a config document (YAML/JSON), an old `kube.cfg` (+ `.env`),
//! or passwords from an earlier bundle.

use std::collections::BTreeMap;

use crate::generator::bundle::{Bundle, TLS_AUTHORITY_CERT, TLS_AUTHORITY_KEY};
use crate::generator::config::{
    AuthorityPem, Certificates, Config, IssuedPem, PartyCredentials, EXCHANGE_CERTIFICATE,
};
use crate::generator::error::ParseError;
use crate::generator::federation::{parse_config, DocumentError};
use crate::generator::kubecfg::{self, ImportError};
use crate::generator::limits::{self, Source};

/// What kind of text an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A config document (YAML or JSON).
    ConfigDocument,
    /// The old script's bash `kube.cfg`.
    KubeCfg,
}

/// Recognises an input by its content: `kube.cfg` is bash assignments (`name=value`), a config
/// document is a YAML/JSON mapping.
pub fn detect(text: &str) -> InputKind {
    let first = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'));
    let Some(first) = first else {
        return InputKind::ConfigDocument;
    };
    let first = first.strip_prefix("export ").unwrap_or(first);
    let is_assignment = first.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !name.bytes().next().is_some_and(|b| b.is_ascii_digit())
    });
    if is_assignment {
        InputKind::KubeCfg
    } else {
        InputKind::ConfigDocument
    }
}

/// Reading an input failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// A config document that cannot be read.
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// A `kube.cfg` / `.env` that cannot be imported.
    #[error("{0}")]
    KubeCfg(#[from] ImportError),
    /// `.env` only goes with a `kube.cfg`.
    #[error("an .env file only applies to a kube.cfg input; this input is a config document")]
    EnvWithDocument,
}

/// A config read from an input, with remarks about what an import decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadInput {
    /// The document.
    pub config: Config,
    /// What kind of input it was.
    pub kind: InputKind,
    /// Remarks for the user (empty for config documents).
    pub notes: Vec<String>,
}

/// Reads a config document or a `kube.cfg` (with an optional `.env`).
pub fn read(text: &str, env: Option<&str>) -> Result<ReadInput, InputError> {
    match detect(text) {
        InputKind::ConfigDocument => {
            if env.is_some() {
                return Err(InputError::EnvWithDocument);
            }
            Ok(ReadInput {
                config: parse_config(text)?,
                kind: InputKind::ConfigDocument,
                notes: Vec::new(),
            })
        }
        InputKind::KubeCfg => {
            let imported = kubecfg::import(text, env)?;
            Ok(ReadInput {
                config: imported.config,
                kind: InputKind::KubeCfg,
                notes: imported.notes,
            })
        }
    }
}

/// A chart's `values.yaml` from a bundle, read only when it is within the limits of a document
/// (an unreadable one holds nothing to take back, as before).
fn values_yaml(text: &str) -> Option<serde_yaml::Value> {
    limits::check_document(text, Source::BundleValues).ok()?;
    serde_yaml::from_str(text).ok()
}

/// The passwords stored in an earlier bundle's party `values.yaml` files, by party id.
pub fn credentials_from_bundle(bundle: &Bundle) -> BTreeMap<String, PartyCredentials> {
    let mut found = BTreeMap::new();
    for (path, file) in &bundle.files {
        let Some((_, rest)) = path.split_once("fate-") else {
            continue;
        };
        if !rest.ends_with("/values.yaml") || rest.matches('/').count() != 1 {
            continue;
        }
        let Some(values) = values_yaml(&file.contents) else {
            continue;
        };
        let text = |v: &serde_yaml::Value, key: &str| {
            v.get(key)
                .and_then(serde_yaml::Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let (Some(id), Some(credentials)) = (text(&values, "partyId"), values.get("credentials"))
        else {
            continue;
        };
        found.insert(
            id,
            PartyCredentials {
                mysql_root_password: text(credentials, "mysqlRootPassword"),
                mysql_password: text(credentials, "mysqlPassword"),
                redis_password: text(credentials, "redisPassword"),
                fateboard_password: text(credentials, "fateboardPassword"),
            },
        );
    }
    found
}

/// The TLS certificates and keys of an earlier bundle: each chart's `osx.tls` (its own
/// certificate and key), and the authority from `tls/ca.crt` and `tls/ca.key` (full bundles) or,
/// without them, from a chart (its certificate only).
pub fn certificates_from_bundle(bundle: &Bundle) -> Certificates {
    let mut out = Certificates::default();
    let mut authority_cert = bundle.get(TLS_AUTHORITY_CERT).map(str::to_owned);
    for (path, file) in &bundle.files {
        let Some((dir, "values.yaml")) = path.split_once('/') else {
            continue;
        };
        if !dir.starts_with("fate-") {
            continue;
        }
        let Some(values) = values_yaml(&file.contents) else {
            continue;
        };
        let tls = &values["osx"]["tls"];
        if tls["enabled"].as_bool() != Some(true) {
            continue;
        }
        let text = |key: &str| {
            tls[key]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let id = match values["partyId"].as_str() {
            Some(id) => id.to_owned(),
            None => EXCHANGE_CERTIFICATE.to_owned(),
        };
        if let (Some(cert), Some(key)) = (text("cert"), text("key")) {
            out.issued.insert(id, IssuedPem { cert, key });
        }
        if authority_cert.is_none() {
            authority_cert = text("ca");
        }
    }
    out.authority = authority_cert.map(|cert| AuthorityPem {
        cert,
        key: bundle.get(TLS_AUTHORITY_KEY).map(str::to_owned),
    });
    out
}

/// The config document of an earlier bundle (its `federation.yaml`) with its passwords put back.
pub fn config_from_bundle(bundle: &Bundle) -> Result<Config, DocumentError> {
    let text = bundle.get("federation.yaml").ok_or_else(|| ParseError {
        path: String::new(),
        line: None,
        column: None,
        message: "the zip has no federation.yaml; it is not a bundle made by this tool".to_owned(),
    })?;
    let mut config = parse_config(text)?;
    config.credentials = credentials_from_bundle(bundle);
    config.certificates = certificates_from_bundle(bundle);
    Ok(config)
}
