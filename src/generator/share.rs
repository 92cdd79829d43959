//! Share links: the config document without passwords, in a compact URL-safe string.
//!
//! Format `1.<mode><payload>`: `1` is the encoding version; mode `j` is base64url (no padding) of
//! compact JSON, mode `z` the same of raw-deflated JSON, whichever is shorter. Settings equal to
//! their defaults are left out. Decoding never panics and names what is wrong.

use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use crate::generator::config::Config;
use crate::generator::federation::parse_config;
use crate::generator::json;
use crate::generator::limits::{self, LimitError, Source};
use crate::generator::yaml::{self, Entry, Node};

/// Current encoding version (the part before the dot).
pub const SHARE_VERSION: &str = "1";

/// Name of the URL fragment parameter that carries the encoding (`#c=1.z…`).
pub const FRAGMENT_KEY: &str = "c";

/// Why a share string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// Nothing to decode.
    #[error("the share link holds no configuration")]
    Empty,
    /// Longer, larger when inflated, or deeper than any real configuration.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// Made by a newer (or unknown) version of the configurator.
    #[error("the share link uses encoding version {0}; this configurator reads version 1")]
    UnknownVersion(String),
    /// Neither `j` nor `z`.
    #[error("the share link's payload kind {0} is unknown (expected j or z)")]
    UnknownMode(String),
    /// Not base64url.
    #[error("the share link is damaged (not base64url): {0}")]
    Base64(String),
    /// Deflate stream broken or too large.
    #[error("the share link is damaged (cannot be decompressed): {0}")]
    Inflate(String),
    /// Not a config document.
    #[error("the share link does not hold a valid configuration: {0}")]
    Json(String),
    /// Share links never carry passwords.
    #[error("the share link contains credentials; share links never carry passwords")]
    HasCredentials,
    /// The document could not be written as JSON.
    #[error("cannot make a share link: the document cannot be written as JSON: {0}")]
    Serialize(String),
}

/// Encodes the config without its credentials.
pub fn encode(config: &Config) -> Result<String, ShareError> {
    let json = json::compact(&minimal_value(&config.without_credentials())?).into_bytes();
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let deflated = encoder
        .write_all(&json)
        .and_then(|()| encoder.finish())
        .ok();
    // Deflating into memory does not fail; if it ever did, the plain JSON form is as valid.
    Ok(match deflated {
        Some(bytes) if bytes.len() < json.len() => {
            format!("{SHARE_VERSION}.z{}", URL_SAFE_NO_PAD.encode(bytes))
        }
        _ => format!("{SHARE_VERSION}.j{}", URL_SAFE_NO_PAD.encode(json)),
    })
}

/// A full share link: `base_url` with the encoding in its fragment.
pub fn link(base_url: &str, config: &Config) -> Result<String, ShareError> {
    let base = base_url.split('#').next().unwrap_or(base_url);
    Ok(format!("{base}#{FRAGMENT_KEY}={}", encode(config)?))
}

/// Finds the encoding in a URL fragment (`c=…`, with or without the leading `#`), if any.
pub fn from_fragment(fragment: &str) -> Option<&str> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(FRAGMENT_KEY)?.strip_prefix('='))
}

/// Decodes a share string (the part after `c=`). The result is not validated yet.
pub fn decode(encoded: &str) -> Result<Config, ShareError> {
    let encoded = encoded.trim();
    if encoded.is_empty() {
        return Err(ShareError::Empty);
    }
    limits::check_size(Source::ShareLink, encoded.len(), limits::MAX_SHARE_LEN)?;
    let (version, rest) = encoded
        .split_once('.')
        .ok_or_else(|| ShareError::UnknownVersion(encoded.chars().take(8).collect()))?;
    if version != SHARE_VERSION {
        return Err(ShareError::UnknownVersion(
            version.chars().take(8).collect(),
        ));
    }
    let mut chars = rest.chars();
    let mode = chars.next().ok_or(ShareError::Empty)?;
    let payload = URL_SAFE_NO_PAD
        .decode(chars.as_str())
        .map_err(|e| ShareError::Base64(e.to_string()))?;
    let json = match mode {
        'j' => payload,
        'z' => {
            let mut out = Vec::new();
            // Read one byte past the limit, so a deflate bomb stops there.
            DeflateDecoder::new(payload.as_slice())
                .take(limits::MAX_SHARE_DECODED_BYTES as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|e| ShareError::Inflate(e.to_string()))?;
            limits::check_size(
                Source::ShareLink,
                out.len(),
                limits::MAX_SHARE_DECODED_BYTES,
            )?;
            out
        }
        other => return Err(ShareError::UnknownMode(other.to_string())),
    };
    let text = std::str::from_utf8(&json).map_err(|e| ShareError::Json(e.to_string()))?;
    limits::check_document(text, Source::ShareLink)?;
    // Read by the config document's own reader (JSON is YAML): a second deserializer of
    // `Config` (serde_json's) cost the web page about 9 KB gzip. It also bounds the parties.
    let config = parse_config(text).map_err(|e| ShareError::Json(e.to_string()))?;
    if !config.credentials.is_empty() {
        return Err(ShareError::HasCredentials);
    }
    Ok(config)
}

/// The document with every setting equal to its default left out, as a tree: the same tree
/// the YAML writer gets, so `Config` is serialised one way in the page, not a second time into
/// serde_json's `Value` (about 7 KB gzip).
fn minimal_value(config: &Config) -> Result<Node, ShareError> {
    let tree =
        |config: &Config| yaml::to_node(config).map_err(|e| ShareError::Serialize(e.to_string()));
    let mut value = tree(config)?;
    let defaults = tree(&Config {
        parties: Vec::new(),
        exchange: None,
        ..Config::example()
    })?;
    if let (Node::Map(map), Node::Map(default_map)) = (&mut value, &defaults) {
        prune(map, default_map, &["parties", "exchange", "version"]);
    }
    Ok(value)
}

/// Removes entries equal to the defaults; nested mappings are pruned key by key (every nested
/// field of the document has its own serde default), except enums such as `storage`.
fn prune(map: &mut Vec<Entry>, defaults: &[Entry], keep: &[&str]) {
    map.retain_mut(|entry| {
        if keep.contains(&entry.key.as_str()) {
            return true;
        }
        let Some(default) = defaults.iter().find(|d| d.key == entry.key) else {
            return true;
        };
        match (&mut entry.value, &default.value) {
            (Node::Map(inner), Node::Map(inner_default))
                if entry.key != "storage" && !inner.iter().any(|e| e.key == "type") =>
            {
                prune(inner, inner_default, &[]);
                !inner.is_empty()
            }
            (current, default) => current != default,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of character a text setting may hold comes back from a link unchanged:
    /// the JSON written here is read by the YAML reader, which refuses raw controls and folds
    /// raw line separators.
    #[test]
    fn any_character_of_a_text_setting_survives_a_link() {
        let mut config = Config::example();
        let nasty = "q\"b\\s/\n\r\t\u{0}\u{1f}\u{7f}\u{85}\u{9f}\u{a0}é\u{2028}\u{2029}\u{feff}\u{fffe}😀 # : - [{,";
        config.parties[0].address = nasty.to_owned();
        config.placement.node_label = format!("{nasty}{nasty}");
        let back = decode(&encode(&config).unwrap()).unwrap();
        assert_eq!(back.parties[0].address, nasty);
        assert_eq!(back, config.without_credentials());
    }

    #[test]
    fn settings_at_their_defaults_are_left_out_of_a_link() {
        let json = json::compact(&minimal_value(&Config::example()).unwrap());
        assert!(json.starts_with("{\"version\":1,"), "{json}");
        assert!(
            !json.contains("\"target\"") && !json.contains("\"images\""),
            "{json}"
        );
        assert!(json.contains("\"parties\":[{\"id\":\"10000\""), "{json}");
    }
}
