//! Documented chart values: one declaration gives a `values.yaml` object its Rust type, its YAML
//! form (each key with its field's doc comment above it) and its JSON Schema (the same doc
//! comment as the property's `description`).
//!
//! A line's values module declares its objects with [`values_object!`] and writes its
//! `values.schema.json` with [`schema_json`]; the schema files under `charts/` are these outputs,
//! committed, and `tests/values_schema.rs` fails when they are stale.

use schemars::generate::SchemaSettings;
use schemars::transform::transform_subschemas;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};

/// Declares a `values.yaml` object: a struct whose fields are its keys.
///
/// The struct derives [`schemars::JsonSchema`] with `additionalProperties: false`; a key is the
/// camelCase field name (write `r#type` for `type`; no `rename` attributes, which the YAML side
/// would not see) and is required unless its type is an `Option` or the field has
/// `#[serde(default)]`. `#[schemars(...)]` attributes on fields and on the struct shape the
/// schema (patterns, ranges, `inline`, `rename`). The struct implements
/// [`ToYaml`](crate::generator::yaml::ToYaml): its keys in field order, each with the field's doc
/// comment as the comment above it.
macro_rules! values_object {
    (
        $(#[$($struct_attr:tt)*])*
        $vis:vis struct $name:ident {
            $(
                $(#[$($field_attr:tt)*])*
                $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        #[derive(Debug, Clone, schemars::JsonSchema)]
        $(#[$($struct_attr)*])*
        #[schemars(deny_unknown_fields, rename_all = "camelCase")]
        $vis struct $name {
            $(
                $(#[$($field_attr)*])*
                $vis $field: $ty,
            )*
        }

        impl $crate::generator::yaml::ToYaml for $name {
            fn to_yaml(&self) -> $crate::generator::yaml::Node {
                $crate::generator::yaml::Node::Map(vec![
                    $(
                        $crate::generator::yaml::Entry {
                            key: $crate::generator::values_doc::key_of(stringify!($field)),
                            comment: {
                                let lines: &[Option<&'static str>] = &[
                                    $($crate::generator::values_doc::doc_line!($($field_attr)*)),*
                                ];
                                lines.iter().flatten().copied().collect()
                            },
                            value: $crate::generator::yaml::ToYaml::to_yaml(&self.$field),
                        },
                    )*
                ])
            }
        }
    };
}
pub(crate) use values_object;

/// The text of a `#[doc = "..."]` attribute (a `///` line) without its leading space; `None` for
/// any other attribute.
macro_rules! doc_line {
    (doc = $line:literal) => {
        Some($crate::generator::values_doc::strip_doc_space($line))
    };
    ($($other:tt)*) => {
        None
    };
}
pub(crate) use doc_line;

/// A doc comment line without the space after `///` (as schemars reads it too).
pub fn strip_doc_space(line: &'static str) -> &'static str {
    line.strip_prefix(' ').unwrap_or(line)
}

/// The key of a field: its name in camelCase, as `rename_all = "camelCase"` spells it
/// (`node_port` → `nodePort`, `r#type` → `type`).
pub fn key_of(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The `values.schema.json` of the values type `T`, pretty-printed with sorted keys: JSON Schema
/// draft-07 (what Helm 3's validator reads; Helm 4 reads it too), definitions under
/// `definitions`. `extra` may add what the type does not declare (keys the chart accepts but the
/// generator never writes). Descriptions are the doc comments with their line breaks joined
/// (a blank line stays a paragraph break); integer `format`s (`uint16`) are dropped, the ranges
/// say it.
pub fn schema_json<T: JsonSchema>(extra: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    tidy(&mut schema);
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        extra(object);
    }
    // A JSON value's alternate Display is pretty-printing that cannot fail.
    format!("{:#}\n", sorted(value))
}

fn tidy(schema: &mut Schema) {
    transform_subschemas(&mut tidy, schema);
    if let Some(Value::String(description)) = schema.get_mut("description") {
        *description = unwrap_lines(description);
    }
    if schema.get("type").and_then(Value::as_str) == Some("integer") {
        schema.remove("format");
    }
}

/// Line breaks inside a paragraph become spaces; paragraphs stay separated by a blank line.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Objects rebuilt with their keys in order, whatever map serde_json was built with.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut entries: Vec<(String, Value)> = object.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_camel_case_like_serde() {
        assert_eq!(key_of("node_port"), "nodePort");
        assert_eq!(key_of("mysql_root_password"), "mysqlRootPassword");
        assert_eq!(key_of("r#type"), "type");
        assert_eq!(key_of("keep"), "keep");
    }

    #[test]
    fn doc_lines_lose_one_leading_space() {
        assert_eq!(strip_doc_space(" a  b"), "a  b");
        assert_eq!(strip_doc_space("  indented"), " indented");
        assert_eq!(strip_doc_space(""), "");
        assert_eq!(doc_line!(doc = " text"), Some("text"));
        assert_eq!(doc_line!(schemars(range(min = 1))), None::<&str>);
    }

    #[test]
    fn descriptions_are_unwrapped_into_paragraphs() {
        assert_eq!(unwrap_lines("a\nb\n\nc"), "a b\n\nc");
        assert_eq!(unwrap_lines("one"), "one");
    }
}
