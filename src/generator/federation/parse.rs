//! Reading a config document: the limits first ([`limits::check_document`]), then the reader
//! ([`yaml_read`]), then serde's message said in the words of the document (which setting, what
//! it takes, no Rust type names, no backticks) at the line of the offending key.

use crate::generator::config::Config;
use crate::generator::error::ParseError;
use crate::generator::limits::{self, LimitError, Source};
use crate::generator::yaml_read;

/// A config document that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// Larger, deeper or longer than any real document: refused before parsing.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// Not YAML or JSON, or not a config document.
    #[error("config document: {0}")]
    Parse(#[from] ParseError),
}

impl DocumentError {
    /// The 1-based line of the problem, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            DocumentError::Limit(limit) => limit.line(),
            DocumentError::Parse(parse) => parse.line,
        }
    }

    /// The document path of the setting concerned (`storage.type`), empty when none.
    pub fn path(&self) -> &str {
        match self {
            DocumentError::Limit(_) => "",
            DocumentError::Parse(parse) => &parse.path,
        }
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> String {
        match self {
            DocumentError::Limit(limit) => limit.to_string(),
            DocumentError::Parse(parse) => parse.message.clone(),
        }
    }
}

/// Reads a config document (YAML or JSON), refusing pathological input before parsing it.
pub fn parse_config(text: &str) -> Result<Config, DocumentError> {
    let source = Source::ConfigDocument;
    limits::check_document(text, source)?;
    let config: Config = yaml_read::from_str(text).map_err(|error| parse_error(&error))?;
    limits::check_count(
        source,
        limits::Counted::Parties,
        config.parties.len(),
        limits::MAX_PARTIES,
    )?;
    Ok(config)
}

/// The reader's error with its message in the document's words; the reader already places an
/// unknown or repeated key at the key itself.
fn parse_error(error: &yaml_read::Error) -> ParseError {
    ParseError {
        path: error.path().to_owned(),
        line: error.line(),
        column: error.column(),
        message: in_words(error.message()),
    }
}

/// serde's message in the document's words: settings, lists and whole numbers instead of
/// fields, sequences and `u32`; values quoted, not in backticks.
pub(crate) fn in_words(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (key, expected) = split_expected(rest);
        return match expected {
            Some(list) if list == "there are no fields" => {
                format!("{key} is not a setting; nothing can be set here")
            }
            Some(list) => format!("{key} is not a setting here; the settings are {list}"),
            None => format!("{key} is not a setting here"),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = split_expected(rest);
        return match expected {
            Some(list) => format!("{value} is not a choice here; choose {list}"),
            None => format!("{value} is not a choice here"),
        };
    }
    if let Some(key) = message.strip_prefix("missing field ") {
        return format!("the setting {} is missing", unquote(key));
    }
    if let Some(key) = message.strip_prefix("duplicate field ") {
        return format!("the setting {} is written twice", unquote(key));
    }
    if let Some(key) = message.strip_prefix("duplicate entry with key ") {
        return format!("{} is written twice", unquote(key));
    }
    for (prefix, found_is) in [
        ("invalid type: ", "is"),
        ("invalid value: ", "is out of range"),
        ("invalid length ", "has the wrong length"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                let found = found_words(found);
                let expected = expected_words(expected);
                return if found_is == "is" {
                    format!("expected {expected}, found {found}")
                } else {
                    format!("{found} {found_is}; expected {expected}")
                };
            }
        }
    }
    message.replace('`', "")
}

/// "`a`, expected one of `b`, `c`" → ("a", Some("b, c")); "`a`, expected `b` or `c`" too.
fn split_expected(rest: &str) -> (String, Option<String>) {
    match rest.split_once(", expected ") {
        Some((value, list)) => {
            let list = list.strip_prefix("one of ").unwrap_or(list);
            (unquote(value), Some(list.replace('`', "")))
        }
        None => match rest.split_once(", there are no fields") {
            Some((value, _)) => (unquote(value), Some("there are no fields".to_owned())),
            None => (unquote(rest), None),
        },
    }
}

/// `` `x` `` → `x`.
fn unquote(text: &str) -> String {
    text.trim().trim_matches('`').to_owned()
}

/// serde's `Unexpected`: `string "x"`, `integer `5``, `map`, … in the document's words.
fn found_words(found: &str) -> String {
    let found = found.trim();
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    for prefix in ["integer ", "floating point "] {
        if let Some(number) = found.strip_prefix(prefix) {
            return format!("the number {}", unquote(number));
        }
    }
    if let Some(value) = found.strip_prefix("boolean ") {
        return unquote(value);
    }
    match found {
        "map" => "a mapping".to_owned(),
        "sequence" => "a list".to_owned(),
        "unit value" => "an empty value".to_owned(),
        other => other.replace('`', ""),
    }
}

/// serde's expectation (a Rust type or a visitor's words) in the document's words.
fn expected_words(expected: &str) -> String {
    let expected = expected.trim();
    if expected.starts_with("struct ") || expected == "a map" {
        return "a mapping of settings".to_owned();
    }
    if expected.starts_with("internally tagged enum") || expected.starts_with("enum ") {
        return "a mapping with a type".to_owned();
    }
    match expected {
        "u8" => "a whole number from 0 to 255".to_owned(),
        "u16" => "a whole number from 0 to 65535".to_owned(),
        "u32" => "a whole number from 0 to 4294967295".to_owned(),
        "u64" | "usize" => "a whole number of 0 or more".to_owned(),
        "i32" | "i64" => "a whole number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a string" => "text".to_owned(),
        other => other.replace('`', ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error_of(text: &str) -> ParseError {
        match parse_config(text) {
            Err(DocumentError::Parse(error)) => error,
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn a_wrong_key_under_storage_is_found_at_its_line() {
        let error = parse_error_of(
            "version: 1\nparties: []\nstorage:\n  type: nfs\n  server: a\n  pth: b\n",
        );
        assert_eq!((error.line, error.column), (Some(6), Some(3)), "{error}");
        assert_eq!(error.path, "storage");
        assert_eq!(
            error.message,
            "pth is not a setting here; the settings are server, path, size"
        );
        let error =
            parse_error_of("version: 1\nparties: []\nstorage: {type: nfs, server: a, pth: b}\n");
        assert_eq!((error.line, error.path.as_str()), (Some(3), "storage"));
        let error = parse_error_of(
            "{\"version\": 1, \"parties\": [],\n \"storage\": {\"type\": \"nfs\", \"srv\": 1}}",
        );
        assert_eq!((error.line, error.path.as_str()), (Some(2), "storage"));
    }

    #[test]
    fn a_repeated_key_is_found_where_it_repeats() {
        let error = parse_error_of("version: 1\nparties: []\nimages: {}\nparties: []\n");
        assert_eq!(error.line, Some(4), "{error}");
        assert_eq!(error.message, "the setting parties is written twice");
    }

    #[test]
    fn messages_speak_of_settings_not_types() {
        for (text, expected) in [
            (
                "version: 1\nparties:\n  - {id: 1, address: a, nodePort: many}\n",
                "expected a whole number from 0 to 4294967295, found the text \"many\"",
            ),
            (
                "version: 1\nparties:\n  - {id: 1, address: a, nodePort: 99999999999}\n",
                "the number 99999999999 is out of range; expected a whole number from 0 to 4294967295",
            ),
            (
                "version: 1\nparties: []\ntarget: helm5\n",
                "helm5 is not a choice here; choose helm3 or helm2",
            ),
            (
                "version: 1\nparties: []\ntls: {enabled: maybe}\n",
                "expected true or false, found the text \"maybe\"",
            ),
            (
                "version: 1\nparties: {}\n",
                "expected a list, found a mapping",
            ),
            (
                "- a\n",
                "expected a mapping of settings, found a list",
            ),
        ] {
            let error = parse_error_of(text);
            assert_eq!(error.message, expected, "{text}");
            assert!(!error.to_string().contains('`'), "{error}");
        }
    }

    #[test]
    fn too_many_parties_are_refused_after_parsing() {
        let parties = "  - {id: \"1\", address: a}\n".repeat(limits::MAX_PARTIES + 1);
        assert!(matches!(
            parse_config(&format!("version: 1\nparties:\n{parties}")),
            Err(DocumentError::Limit(LimitError::TooMany { .. }))
        ));
    }
}
