//! A reader of the YAML that config documents are written in (and JSON), small enough for the
//! page: block and flow collections, plain, quoted and block scalars, comments; scalars resolved
//! as serde_yaml 0.9 resolves them, so a document reads the same with either.
//!
//! Left out, and refused with a message naming the line: anchors and aliases, tags, keys that
//! are lists or mappings (a `? key` must be text), directives, more than one document, tabs as
//! indentation. A key written twice in
//! one mapping is refused too (serde_yaml keeps the last one of a map silently).
//!
//! [`from_str`] parses the text into a tree whose nodes know where they start ([`tree`]), then
//! serde reads the tree ([`de`]); an error carries the document path of the value concerned and
//! the line and column of the value, or of the key itself for an unknown or repeated key.

mod de;
mod tree;

use std::fmt;

use serde::de::DeserializeOwned;

/// Reads one YAML (or JSON) document into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let text = normalise(text)?;
    let root = tree::parse(&text).map_err(|error| Error {
        message: error.message.to_owned(),
        at: Some(error.at),
        line: None,
        column: None,
        path: String::new(),
    });
    let result = root.and_then(|root| T::deserialize(de::NodeDeserializer(&root)));
    result.map_err(|error| error.located(&text))
}

/// The text without a byte order mark, with `\n` line breaks only; control characters refused.
fn normalise(text: &str) -> Result<std::borrow::Cow<'_, str>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let control = text
        .bytes()
        .position(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f);
    if let Some(at) = control {
        let error = Error {
            message: "the document holds a control character".to_owned(),
            at: Some(at),
            line: None,
            column: None,
            path: String::new(),
        };
        return Err(error.located(text));
    }
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n").into())
    } else {
        Ok(text.into())
    }
}

/// A document that could not be read: what, where (1-based line and column, when known) and
/// the document path of the value concerned (`parties[0].nodePort`; empty at the top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// Byte offset into the normalised text, until [`Error::located`] turns it into a line.
    at: Option<usize>,
    line: Option<usize>,
    column: Option<usize>,
    path: String,
}

impl Error {
    /// What is wrong: serde's message, or the reader's for a syntax error.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 1-based line of the problem, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column (in characters) of the problem, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The document path of the value concerned, empty when it is the whole document.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Places the error at `at` unless an inner value already placed it.
    fn at_offset(mut self, at: usize) -> Error {
        self.at.get_or_insert(at);
        self
    }

    fn prefix_path(&mut self, segment: &str) {
        if self.path.is_empty() || self.path.starts_with('[') {
            self.path.insert_str(0, segment);
        } else {
            self.path.insert(0, '.');
            self.path.insert_str(0, segment);
        }
    }

    /// An error reading the `index`th item of a list.
    fn within_index(mut self, index: usize, item: &tree::Node) -> Error {
        self.prefix_path(&format!("[{index}]"));
        self.at_offset(item.at)
    }

    /// An error reading the value of `entry`. One that no node placed (serde's own, after it
    /// buffered the value, as for `storage:`) is placed at the key it names, if the value holds
    /// it, else at the value.
    fn within_key(mut self, entry: &tree::Entry) -> Error {
        self.prefix_path(entry.key.text().unwrap_or(""));
        if self.at.is_none() {
            self.at = Some(named_key(&self.message, &entry.value).unwrap_or(entry.value.at));
        }
        self
    }

    /// A key written a second time in one mapping (structs get serde's "duplicate field").
    fn repeated_key(entry: &tree::Entry) -> Error {
        Error {
            message: format!(
                "duplicate entry with key `{}`",
                entry.key.text().unwrap_or("")
            ),
            at: Some(entry.key.at),
            line: None,
            column: None,
            path: String::new(),
        }
    }

    /// The byte offset turned into a line and a column of `text`.
    fn located(mut self, text: &str) -> Error {
        if let Some(at) = self.at.take() {
            let before = text.get(..at.min(text.len())).unwrap_or(text);
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            self.line = Some(before.bytes().filter(|&b| b == b'\n').count() + 1);
            self.column = Some(before[line_start..].chars().count() + 1);
        }
        self
    }
}

/// Where the key named by serde's "unknown field `k`" or "duplicate field `k`" is written in
/// `map` (the repeated one for a duplicate).
fn named_key(message: &str, map: &tree::Node) -> Option<usize> {
    let (rest, repeated) = match message.strip_prefix("unknown field `") {
        Some(rest) => (rest, false),
        None => (message.strip_prefix("duplicate field `")?, true),
    };
    let (key, _) = rest.split_once('`')?;
    let tree::Value::Map(entries) = &map.value else {
        return None;
    };
    let mut named = entries.iter().filter(|e| e.key.text() == Some(key));
    let entry = if repeated { named.nth(1) } else { named.next() };
    entry.map(|e| e.key.at)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl serde::de::Error for Error {
    fn custom<M: fmt::Display>(message: M) -> Error {
        Error {
            message: message.to_string(),
            at: None,
            line: None,
            column: None,
            path: String::new(),
        }
    }
}

#[cfg(test)]
mod tests;
