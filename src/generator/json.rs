//! JSON text of a document tree ([`Node`]): the share link's compact JSON, and the bundle's
//! pretty-printed `route_table.json` and `provenance.json` (two-space indents, `"key": value`,
//! as serde_json's pretty printer writes them). The page needs no JSON library for it.
//!
//! Strings escape what JSON requires and also every character a YAML reader would not take
//! as it is (DEL, C1 controls, line and paragraph separators, BOM, non-characters): the share
//! link's JSON is read back by the YAML reader of config documents.

use std::fmt::Write as _;

use crate::generator::yaml::Node;

/// Compact JSON: no spaces, keys in the tree's order.
pub fn compact(node: &Node) -> String {
    let mut out = String::new();
    write(&mut out, node, None);
    out
}

/// Pretty JSON with a final line break, keys in the tree's order.
pub fn pretty(node: &Node) -> String {
    let mut out = String::new();
    write(&mut out, node, Some(0));
    out.push('\n');
    out
}

/// A JSON string literal (also a YAML double-quoted scalar).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    write_string(&mut out, text);
    out
}

fn line(out: &mut String, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', 2 * level));
    }
}

/// Writes `node`; `indent` is the nesting level when pretty-printing.
fn write(out: &mut String, node: &Node, indent: Option<usize>) {
    let inner = indent.map(|level| level + 1);
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Node::Str(text) => write_string(out, text),
        Node::Seq(items) if items.is_empty() => out.push_str("[]"),
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                line(out, inner);
                write(out, item, inner);
            }
            line(out, indent);
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, entry) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                line(out, inner);
                write_string(out, &entry.key);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(out, &entry.value, inner);
            }
            line(out, indent);
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if matches!(
                u32::from(c),
                0..=0x1F | 0x7F..=0x9F | 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF
            ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::yaml::Entry;
    use proptest::prelude::*;

    fn tree(strings: &[String], number: i64) -> Node {
        Node::Map(vec![
            Entry::new(
                "list",
                Node::Seq(strings.iter().cloned().map(Node::Str).collect()),
            ),
            Entry::new(
                "nested",
                Node::Map(
                    strings
                        .iter()
                        .enumerate()
                        .map(|(i, s)| Entry::new(format!("{s}{i}"), Node::Int(number)))
                        .collect(),
                ),
            ),
            Entry::new("empty", Node::Map(Vec::new())),
            Entry::new("none", Node::Seq(Vec::new())),
            Entry::new("flags", Node::Seq(vec![Node::Bool(true), Node::Null])),
        ])
    }

    proptest! {
        #[test]
        fn json_and_pretty_json_read_back_as_written(
            strings in proptest::collection::vec(any::<String>(), 0..5),
            number in any::<i64>(),
        ) {
            let node = tree(&strings, number);
            for text in [compact(&node), pretty(&node)] {
                let back: serde_json::Value = serde_json::from_str(&text).unwrap();
                prop_assert_eq!(&back, &node.to_value(), "{}", text);
            }
        }
    }

    #[test]
    fn pretty_json_is_laid_out_as_serde_json_lays_it_out() {
        // Keys already in order: serde_json's map sorts them.
        let node = Node::Map(vec![
            Entry::new("a", Node::Seq(vec![Node::Int(1), Node::Str("x\ty".into())])),
            Entry::new("b", Node::Map(vec![Entry::new("c", Node::Null)])),
            Entry::new("d", Node::Seq(Vec::new())),
            Entry::new("e", Node::Map(Vec::new())),
        ]);
        assert_eq!(pretty(&node), format!("{:#}\n", node.to_value()));
        assert_eq!(compact(&node), node.to_value().to_string());
        assert_eq!(
            string("a\"b\\\u{1}"),
            serde_json::Value::from("a\"b\\\u{1}").to_string()
        );
    }
}
