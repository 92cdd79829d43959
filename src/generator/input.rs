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
fn values_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    limits::check_document(text, Source::BundleValues).ok()?;
    crate::generator::yaml_read::from_str(text).ok()
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
        let Some(values) = values_yaml::<back::PartyValues>(&file.contents) else {
            continue;
        };
        let (Some(id), Some(credentials)) = (back::text(values.party_id), values.credentials)
        else {
            continue;
        };
        found.insert(
            id,
            PartyCredentials {
                mysql_root_password: back::text(credentials.mysql_root_password),
                mysql_password: back::text(credentials.mysql_password),
                redis_password: back::text(credentials.redis_password),
                fateboard_password: back::text(credentials.fateboard_password),
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
        let Some(values) = values_yaml::<back::ChartTls>(&file.contents) else {
            continue;
        };
        let Some(tls) = values.osx.and_then(|osx| osx.tls) else {
            continue;
        };
        if tls.enabled != Some(true) {
            continue;
        }
        let id = values
            .party_id
            .unwrap_or_else(|| EXCHANGE_CERTIFICATE.to_owned());
        if let (Some(cert), Some(key)) = (back::text(tls.cert), back::text(tls.key)) {
            out.issued.insert(id, IssuedPem { cert, key });
        }
        if authority_cert.is_none() {
            authority_cert = back::text(tls.ca);
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

/// The few keys of a chart's `values.yaml` that an import reads back, as small types of their
/// own: a generic YAML value reader for them cost the web page 18 KB gzip. Other keys are
/// ignored; a file whose keys here have another shape is skipped, as before.
mod back {
    use serde::Deserialize;

    /// A value that was not written empty.
    pub fn text(value: Option<String>) -> Option<String> {
        value.filter(|s| !s.is_empty())
    }

    /// A party chart's id and passwords.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PartyValues {
        #[serde(default)]
        pub party_id: Option<String>,
        #[serde(default)]
        pub credentials: Option<Credentials>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Credentials {
        #[serde(default)]
        pub mysql_root_password: Option<String>,
        #[serde(default)]
        pub mysql_password: Option<String>,
        #[serde(default)]
        pub redis_password: Option<String>,
        #[serde(default)]
        pub fateboard_password: Option<String>,
    }

    /// A chart's id (none: the exchange's) and its OSX's TLS.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ChartTls {
        #[serde(default)]
        pub party_id: Option<String>,
        #[serde(default)]
        pub osx: Option<Osx>,
    }

    #[derive(Deserialize)]
    pub struct Osx {
        #[serde(default)]
        pub tls: Option<Tls>,
    }

    #[derive(Deserialize)]
    pub struct Tls {
        #[serde(default)]
        pub enabled: Option<bool>,
        #[serde(default)]
        pub ca: Option<String>,
        #[serde(default)]
        pub cert: Option<String>,
        #[serde(default)]
        pub key: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(files: &[(&str, &str)]) -> Bundle {
        let mut bundle = Bundle::default();
        for (path, text) in files {
            bundle.add(*path, *text);
        }
        bundle
    }

    /// Hand-edited values files: other keys and comments are ignored, an empty password is
    /// none, a file of another shape is skipped, and TLS is read only where it is enabled.
    #[test]
    fn chart_values_are_read_back_leniently() {
        let party = "# edited\npartyId: \"10000\"\nimage: {registry: x}\ncredentials:\n  mysqlPassword: 'p w'\n  redisPassword: ''\nosx:\n  tls:\n    enabled: true\n    ca: CA\n    cert: C\n    key: K\n";
        let exchange = "osx:\n  tls: {enabled: true, cert: XC, key: XK}\n";
        let broken = "partyId: [not, text]\ncredentials: {mysqlPassword: q}\n";
        let off = "partyId: \"9998\"\nosx: {tls: {enabled: false, cert: C, key: K}}\n";
        let b = bundle(&[
            ("fate-10000/values.yaml", party),
            ("fate-exchange/values.yaml", exchange),
            ("fate-9999/values.yaml", broken),
            ("fate-9998/values.yaml", off),
        ]);
        let credentials = credentials_from_bundle(&b);
        assert_eq!(credentials.keys().collect::<Vec<_>>(), ["10000"]);
        let c = &credentials["10000"];
        assert_eq!(c.mysql_password.as_deref(), Some("p w"));
        assert_eq!(
            (
                c.redis_password.as_deref(),
                c.mysql_root_password.as_deref()
            ),
            (None, None)
        );
        let certificates = certificates_from_bundle(&b);
        assert_eq!(
            certificates.issued.keys().collect::<Vec<_>>(),
            ["10000", EXCHANGE_CERTIFICATE]
        );
        assert_eq!(certificates.issued[EXCHANGE_CERTIFICATE].cert, "XC");
        assert_eq!(
            certificates.authority.map(|a| a.cert).as_deref(),
            Some("CA")
        );
    }
}
