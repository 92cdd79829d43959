//! A small YAML document tree with comments, and an emitter that cannot fail.
//!
//! The charts' `values.yaml` files are built as a [`Node`] from typed values ([`ToYaml`]) and
//! written by [`emit`]: there is no serialiser with an error path between validated input and
//! the file. The output is block-style YAML that YAML 1.1 parsers (Helm's) and YAML 1.2 parsers
//! read as the same data: a string is written plain only when it starts with a letter, holds
//! nothing but letters, digits and `._/-`, and is not a word either version reads as a boolean or
//! null; every other string is double-quoted with escapes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

mod from_serde;

pub use from_serde::{to_node, SerializeError};

/// A YAML value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string (quoted when needed).
    Str(String),
    /// A sequence, in order.
    Seq(Vec<Node>),
    /// A mapping, keys in the order given.
    Map(Vec<Entry>),
}

/// One key of a [`Node::Map`], with the comment written above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Comment lines above the key, without the `# ` (empty: no comment).
    pub comment: Vec<&'static str>,
    /// The value.
    pub value: Node,
}

impl Entry {
    /// An entry without a comment.
    pub fn new(key: impl Into<String>, value: Node) -> Entry {
        Entry {
            key: key.into(),
            comment: Vec::new(),
            value,
        }
    }
}

impl Node {
    /// The same data as a JSON value: what a YAML parser must read back from [`emit`]'s output
    /// and a JSON parser from [`crate::generator::json`]'s (the tests compare them).
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Int(n) => Value::from(*n),
            Node::Str(s) => Value::String(s.clone()),
            Node::Seq(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_value()))
                    .collect(),
            ),
        }
    }

    /// The same tree without any comment: values under a map-typed key (a route table, a node
    /// selector) are documented at that key, not entry by entry.
    pub fn uncommented(self) -> Node {
        match self {
            Node::Seq(items) => Node::Seq(items.into_iter().map(Node::uncommented).collect()),
            Node::Map(entries) => Node::Map(
                entries
                    .into_iter()
                    .map(|e| Entry::new(e.key, e.value.uncommented()))
                    .collect(),
            ),
            scalar => scalar,
        }
    }
}

/// A value that has a YAML form. Implemented for the scalar types, `Option` (`None` is `null`),
/// `Vec`, string-keyed `BTreeMap`s and the typed values of each chart.
pub trait ToYaml {
    /// The value as a YAML node.
    fn to_yaml(&self) -> Node;
}

impl ToYaml for bool {
    fn to_yaml(&self) -> Node {
        Node::Bool(*self)
    }
}

impl ToYaml for u16 {
    fn to_yaml(&self) -> Node {
        Node::Int(i64::from(*self))
    }
}

impl ToYaml for u32 {
    fn to_yaml(&self) -> Node {
        Node::Int(i64::from(*self))
    }
}

impl ToYaml for String {
    fn to_yaml(&self) -> Node {
        Node::Str(self.clone())
    }
}

impl ToYaml for &str {
    fn to_yaml(&self) -> Node {
        Node::Str((*self).to_owned())
    }
}

impl<T: ToYaml> ToYaml for Option<T> {
    fn to_yaml(&self) -> Node {
        self.as_ref().map_or(Node::Null, ToYaml::to_yaml)
    }
}

impl<T: ToYaml> ToYaml for Vec<T> {
    fn to_yaml(&self) -> Node {
        Node::Seq(self.iter().map(ToYaml::to_yaml).collect())
    }
}

impl<K: AsRef<str>, V: ToYaml> ToYaml for BTreeMap<K, V> {
    fn to_yaml(&self) -> Node {
        Node::Map(
            self.iter()
                .map(|(k, v)| Entry::new(k.as_ref(), v.to_yaml().uncommented()))
                .collect(),
        )
    }
}

/// The YAML text of a `Serialize` value (the config document, a credentials file), written by
/// [`emit`] without a header.
pub fn to_string<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, SerializeError> {
    Ok(emit("", &to_node(value)?))
}

/// The YAML text of `node`: `header` (comment lines, each ending in a newline) and then the
/// document. A top-level mapping gets an empty line between its keys. Comments are written
/// above their keys; in a sequence of mappings, only the first item's keys carry theirs.
pub fn emit(header: &str, node: &Node) -> String {
    let mut out = String::from(header);
    match node {
        Node::Map(entries) if !entries.is_empty() => {
            for (i, entry) in entries.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                write_entry(&mut out, entry, 0, true);
            }
        }
        Node::Seq(items) if !items.is_empty() => write_seq(&mut out, items, 0, true),
        other => {
            write_inline(&mut out, other);
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Comment lines at `indent`. A line break inside a line (any that YAML 1.1 or 1.2 knows) starts
/// a new comment line, so no comment text can end up as content.
fn write_comment(out: &mut String, lines: &[&str], indent: usize) {
    let breaks = ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];
    for &text in lines {
        // Nearly every comment is one ASCII line: splitting it on five characters costs more
        // than the rest of a values.yaml.
        if text
            .bytes()
            .all(|b| b.is_ascii() && b != b'\n' && b != b'\r')
        {
            write_comment_line(out, text, indent);
        } else {
            for line in text.split(breaks) {
                write_comment_line(out, line, indent);
            }
        }
    }
}

fn write_comment_line(out: &mut String, line: &str, indent: usize) {
    pad(out, indent);
    out.push('#');
    if !line.is_empty() {
        out.push(' ');
        out.push_str(line);
    }
    out.push('\n');
}

/// `key: value` at `indent`, its comment above when `comments`.
fn write_entry(out: &mut String, entry: &Entry, indent: usize, comments: bool) {
    if comments {
        write_comment(out, &entry.comment, indent);
    }
    pad(out, indent);
    write_key_and_value(out, entry, indent, comments);
}

/// `key: value` from the current column (the line's indentation already written), where nested
/// content goes at `indent + 2`.
fn write_key_and_value(out: &mut String, entry: &Entry, indent: usize, comments: bool) {
    write_string(out, &entry.key);
    out.push(':');
    match &entry.value {
        Node::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            for e in entries {
                write_entry(out, e, indent + 2, comments);
            }
        }
        Node::Seq(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent + 2, comments);
        }
        other => {
            out.push(' ');
            write_value(out, other, indent + 2);
        }
    }
}

/// A scalar or empty collection that stands as a block value, then the line break: a text of
/// several lines as a literal block (`|`, content at `indent`), when it reads back the same.
fn write_value(out: &mut String, node: &Node, indent: usize) {
    if let Node::Str(s) = node {
        if literal_is_safe(s) {
            let body = s.strip_suffix('\n');
            out.push_str(if body.is_some() { "|\n" } else { "|-\n" });
            for line in body.unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    pad(out, indent);
                    out.push_str(line);
                }
                out.push('\n');
            }
            return;
        }
    }
    write_inline(out, node);
    out.push('\n');
}

/// Whether `s` (several lines: a PEM text) reads back the same as a literal block with clip
/// (`|`) or strip (`|-`) chomping: printable ASCII lines, the first not empty, none starting or
/// ending with a space, and at most one line break at the end (more would need `|+`, whose
/// kept blank lines the blank line between top-level keys would join).
fn literal_is_safe(s: &str) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    body.contains('\n')
        && !body.starts_with('\n')
        && !body.ends_with('\n')
        && body.split('\n').all(|line| {
            !line.starts_with(' ')
                && !line.ends_with(' ')
                && line.bytes().all(|b| (b' '..=b'~').contains(&b))
        })
}

/// The items of a non-empty sequence, `- ` at `indent`.
fn write_seq(out: &mut String, items: &[Node], indent: usize, comments: bool) {
    for (i, item) in items.iter().enumerate() {
        let comments = comments && i == 0;
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                if let Some((first, rest)) = entries.split_first() {
                    if comments {
                        write_comment(out, &first.comment, indent);
                    }
                    pad(out, indent);
                    out.push_str("- ");
                    write_key_and_value(out, first, indent + 2, comments);
                    for e in rest {
                        write_entry(out, e, indent + 2, comments);
                    }
                }
            }
            Node::Seq(nested) if !nested.is_empty() => {
                pad(out, indent);
                out.push_str("-\n");
                write_seq(out, nested, indent + 2, comments);
            }
            other => {
                pad(out, indent);
                out.push_str("- ");
                write_value(out, other, indent + 2);
            }
        }
    }
}

/// A scalar, or an empty collection (`{}`, `[]`), on the current line.
fn write_inline(out: &mut String, node: &Node) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Node::Str(s) => write_string(out, s),
        // The block writers pass only empty collections here; a non-empty one is written in
        // flow syntax, which is still valid (plain scalars never contain `,[]{}`).
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_inline(out, item);
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(out, &e.key);
                out.push_str(": ");
                write_inline(out, &e.value);
            }
            out.push('}');
        }
    }
}

/// Words that YAML 1.1 or 1.2 read as a boolean or null when plain (compared ignoring case).
const RESERVED_WORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/// Whether `s` reads back as the same string when written without quotes, in YAML 1.1 and 1.2.
fn plain_is_safe(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
        && !RESERVED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// A string scalar: plain when [`plain_is_safe`], else double-quoted. Inside the quotes only
/// printable ASCII is written as is; everything else is an escape (`\n`, `\t`, `\uXXXX`,
/// `\UXXXXXXXX`), so no character can end the scalar or be read as a line break.
fn write_string(out: &mut String, s: &str) {
    if plain_is_safe(s) {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(key: &str, comment: &[&'static str], value: Node) -> Entry {
        Entry {
            key: key.to_owned(),
            comment: comment.to_vec(),
            value,
        }
    }

    fn sample() -> Node {
        let endpoint = |ip: &str, port| {
            Node::Map(vec![
                entry("ip", &["never shown"], Node::Str(ip.to_owned())),
                entry("port", &[], Node::Int(port)),
            ])
        };
        Node::Map(vec![
            entry(
                "partyId",
                &["Party id.", "", "Second paragraph."],
                Node::Str("10000".into()),
            ),
            entry("enabled", &[], Node::Bool(false)),
            entry("nodePort", &["null in DMZ mode"], Node::Null),
            entry("empty", &["an empty map"], Node::Map(vec![])),
            entry("none", &[], Node::Seq(vec![])),
            entry(
                "routes",
                &["party -> role -> endpoints"],
                Node::Map(vec![entry(
                    "10000",
                    &[],
                    Node::Map(vec![entry(
                        "fate",
                        &[],
                        Node::Seq(vec![endpoint("192.168.0.1", 30001), endpoint("::1", 1)]),
                    )]),
                )]),
            ),
            entry(
                "eggs",
                &["one per egg"],
                Node::Seq(vec![
                    Node::Map(vec![
                        entry("name", &["egg name"], Node::Str("egg0".into())),
                        entry("nodeSelector", &["labels"], Node::Map(vec![])),
                    ]),
                    Node::Map(vec![
                        entry("name", &["egg name"], Node::Str("egg1".into())),
                        entry(
                            "nodeSelector",
                            &["labels"],
                            Node::Map(vec![entry("fedai.org", &[], Node::Str("n1".into()))]),
                        ),
                    ]),
                ]),
            ),
            entry(
                "nested",
                &[],
                Node::Seq(vec![
                    Node::Seq(vec![Node::Int(1), Node::Int(2)]),
                    Node::Null,
                ]),
            ),
        ])
    }

    #[test]
    fn the_emitted_text_is_block_yaml_with_comments_above_keys() {
        let text = emit("# header\n", &sample());
        let expected = "\
# header
# Party id.
#
# Second paragraph.
partyId: \"10000\"

enabled: false

# null in DMZ mode
nodePort: null

# an empty map
empty: {}

none: []

# party -> role -> endpoints
routes:
  \"10000\":
    fate:
      # never shown
      - ip: \"192.168.0.1\"
        port: 30001
      - ip: \"::1\"
        port: 1

# one per egg
eggs:
  # egg name
  - name: egg0
    # labels
    nodeSelector: {}
  - name: egg1
    nodeSelector:
      fedai.org: n1

nested:
  -
    - 1
    - 2
  - null
";
        assert_eq!(text, expected);
        let parsed: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(parsed, Node::to_value(&sample()));
    }

    #[test]
    fn a_line_break_inside_a_comment_starts_a_new_comment_line() {
        let node = Node::Map(vec![entry(
            "key",
            &["one\ntwo: 2", "three\r\nfour\u{2028}five"],
            Node::Int(1),
        )]);
        let text = emit("", &node);
        assert_eq!(
            text,
            "# one\n# two: 2\n# three\n#\n# four\n# five\nkey: 1\n"
        );
        let parsed: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(parsed, Node::to_value(&node));
    }

    #[test]
    fn uncommented_drops_every_comment() {
        let text = emit("", &sample().uncommented());
        assert!(!text.contains('#'), "{text}");
    }

    #[test]
    fn strings_that_would_read_as_something_else_are_quoted() {
        for s in [
            "",
            "10000",
            "0000",
            "1.2.0",
            "1e3",
            "0x1F",
            "0o17",
            "1_000",
            "1:20",
            "2001-12-14",
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "N",
            "true",
            "False",
            "null",
            "Null",
            "~",
            ".inf",
            "-.inf",
            ".NaN",
            "-1",
            "+1",
            "250m",
            "a: b",
            "a #b",
            "#x",
            "- x",
            "* x",
            "&a",
            "!t",
            "%x",
            "@x",
            "`x",
            "|",
            ">",
            "[a]",
            "{a}",
            "'a'",
            "\"a\"",
            "a,b",
            " a",
            "a ",
            "<<",
            "=",
            "?",
            "a\nb",
            "tab\t",
            "é",
            "\u{2028}",
            "\u{85}",
            "\u{FEFF}x",
            "😀",
            "\\",
            "a\\b",
        ] {
            let text = emit("", &Node::Map(vec![Entry::new(s, Node::Str(s.to_owned()))]));
            let parsed: serde_json::Value = serde_yaml::from_str(&text).unwrap();
            let expected = Node::to_value(&Node::Map(vec![Entry::new(s, Node::Str(s.to_owned()))]));
            assert_eq!(parsed, expected, "{s:?} written as {text:?}");
            assert!(text.starts_with('"'), "{s:?} must be quoted, got {text:?}");
        }
        for s in [
            "proxy",
            "IfNotPresent",
            "fedai.org",
            "kubernetes.io/hostname",
            "egg0",
            "fate-node-0",
            "nginx",
            "federatedai",
            "yesterday",
            "nulls",
        ] {
            assert_eq!(emit("", &Node::Str(s.to_owned())), format!("{s}\n"));
        }
    }

    proptest! {
        #[test]
        fn any_tree_of_strings_reads_back_as_written(
            pairs in proptest::collection::vec((any::<String>(), any::<String>()), 0..6),
            items in proptest::collection::vec(any::<String>(), 0..4),
            number in any::<u32>(),
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let mut entries: Vec<Entry> = pairs
                .into_iter()
                .filter(|(k, _)| seen.insert(k.clone()) && k != "list" && k != "n")
                .map(|(k, v)| Entry { key: k, comment: vec!["c"], value: Node::Str(v) })
                .collect();
            entries.push(Entry::new("list", Node::Seq(items.into_iter().map(Node::Str).collect())));
            entries.push(Entry::new("n", number.to_yaml()));
            let node = Node::Map(entries);
            let text = emit("# h\n", &node);
            let parsed: serde_json::Value = serde_yaml::from_str(&text).unwrap();
            prop_assert_eq!(parsed, Node::to_value(&node), "{}", text);
        }
    }

    proptest! {
        /// Texts of several lines, the PEM kind and others (leading or trailing spaces, blank
        /// lines, several final line breaks), at every nesting the writer has.
        #[test]
        fn any_text_of_several_lines_reads_back_as_written(
            texts in proptest::collection::vec("[ -~]{0,12}(\n[ -~]{0,12}){0,4}\n{0,3}", 1..4),
        ) {
            let strings = |texts: &[String]| texts.iter().cloned().map(Node::Str).collect::<Vec<_>>();
            let node = Node::Map(vec![
                Entry::new("top", Node::Str(texts[0].clone())),
                Entry::new("list", Node::Seq(strings(&texts))),
                Entry::new("nested", Node::Seq(vec![Node::Map(
                    texts.iter().enumerate().map(|(i, t)| Entry::new(format!("k{i}"), Node::Str(t.clone()))).collect(),
                )])),
                Entry::new("after", Node::Str("x".into())),
            ]);
            let text = emit("", &node);
            let parsed: serde_json::Value = serde_yaml::from_str(&text).unwrap();
            prop_assert_eq!(parsed, Node::to_value(&node), "{}", text);
        }
    }
}
