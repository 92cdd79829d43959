//! The charts' `values.schema.json` files are generated from the typed values in
//! `src/generator/fate1/values.rs`, and every key of every `values.yaml` is documented by the same
//! doc comment as its schema property.
//!
//! Regenerate the committed schemas with `UPDATE_SCHEMAS=1 cargo test --test values_schema`.

mod common;

use std::path::Path;

use fate_chartgen::generator::bundle::generate;
use fate_chartgen::generator::config::FateVersion;
use fate_chartgen::generator::line;
use fate_chartgen::generator::yaml::Node;
use serde_json::Value;

/// Each committed schema and the text the code generates for it, for every line.
fn schemas() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = Vec::new();
    for version in FateVersion::ALL {
        for schema in line::of(version).values_schemas() {
            if !all.iter().any(|(path, _)| *path == schema.0) {
                all.push(schema);
            }
        }
    }
    all
}

#[test]
fn committed_schemas_are_generated_from_the_values_types() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| !v.is_empty());
    let mut stale = Vec::new();
    for (path, generated) in schemas() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(&path);
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        if committed == generated {
            continue;
        }
        if update {
            std::fs::write(&file, &generated).unwrap_or_else(|e| panic!("{path}: {e}"));
            eprintln!("updated {path}");
        } else {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?} no longer match the values types (src/generator/fate*/values.rs: their \
         fields, doc comments and #[schemars] attributes). Regenerate with\n\n    \
         UPDATE_SCHEMAS=1 cargo test --test values_schema\n\nthen review and commit the diff."
    );
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("schema is JSON")
}

/// `schema` with `$ref` (into `#/definitions/`) and single-entry `allOf` wrappers followed; the
/// non-null branch of a nullable `anyOf`.
fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    loop {
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            let name = target
                .strip_prefix("#/definitions/")
                .unwrap_or_else(|| panic!("reference outside definitions: {target}"));
            schema = &root["definitions"][name];
        } else if let Some([inner]) = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            schema = inner;
        } else if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
            let non_null: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type") != Some(&Value::from("null")))
                .collect();
            assert_eq!(non_null.len(), 1, "anyOf beyond nullable: {schema}");
            schema = non_null[0];
        } else {
            return schema;
        }
    }
}

fn descriptions_everywhere(schema: &Value, path: &str, missing: &mut Vec<String>) {
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (key, property) in properties {
            let at = format!("{path}.{key}");
            if property
                .get("description")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                missing.push(at.clone());
            }
            descriptions_everywhere(property, &at, missing);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = schema.get(key).filter(|v| v.is_object()) {
            descriptions_everywhere(inner, &format!("{path}.{key}"), missing);
        }
    }
    for key in ["allOf", "anyOf"] {
        for inner in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            descriptions_everywhere(inner, path, missing);
        }
    }
    if let Some(definitions) = schema.get("definitions").and_then(Value::as_object) {
        for (name, definition) in definitions {
            descriptions_everywhere(definition, &format!("#{name}"), missing);
        }
    }
}

#[test]
fn every_schema_property_is_described() {
    for (path, text) in schemas() {
        let root = parse(&text);
        let mut missing = Vec::new();
        descriptions_everywhere(&root, "", &mut missing);
        assert!(missing.is_empty(), "{path}: no description for {missing:?}");
        assert_eq!(
            root["$schema"], "http://json-schema.org/draft-07/schema#",
            "{path}"
        );
        assert!(
            !text.contains("$defs"),
            "{path}: draft-07 keeps definitions under `definitions`"
        );
    }
}

/// A description as the schema holds it: the doc comment's lines joined by spaces.
fn joined(comment: &[&str]) -> String {
    comment
        .split(|line| line.trim().is_empty())
        .map(|paragraph| {
            paragraph
                .iter()
                .map(|line| line.trim())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Walks a values tree alongside its schema: every key is a property of the schema (or an entry
/// of a map-typed value), every required property is present, every property carries the
/// comment its schema description was made from, and nothing inside a map-typed value (a route
/// table, a node selector: documented at their key) carries one.
fn check(
    root: &Value,
    schema: &Value,
    node: &Node,
    path: &str,
    in_map: bool,
    problems: &mut Vec<String>,
) {
    let schema = resolve(root, schema);
    match node {
        Node::Map(entries) => {
            assert_eq!(
                schema["type"], "object",
                "{path}: a map where the schema has {schema}"
            );
            let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            for required in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let required = required.as_str().unwrap_or_default();
                if !keys.contains(&required) {
                    problems.push(format!("{path}: required key {required} not written"));
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            for entry in entries {
                let at = format!("{path}.{}", entry.key);
                if let Some(property) = properties.and_then(|p| p.get(&entry.key)) {
                    let description = property["description"].as_str().unwrap_or_default();
                    if in_map {
                        if !entry.comment.is_empty() {
                            problems.push(format!("{at}: commented inside a map-typed value"));
                        }
                    } else if entry.comment.is_empty() {
                        problems.push(format!("{at}: no comment"));
                    } else if joined(&entry.comment) != description {
                        problems.push(format!(
                            "{at}: comment {:?} differs from the description {description:?}",
                            entry.comment
                        ));
                    }
                    check(root, property, &entry.value, &at, in_map, problems);
                } else if let Some(values) =
                    schema.get("additionalProperties").filter(|v| v.is_object())
                {
                    if !entry.comment.is_empty() {
                        problems.push(format!("{at}: an entry of a map-typed value has a comment"));
                    }
                    check(root, values, &entry.value, &at, true, problems);
                } else {
                    problems.push(format!("{at}: not in the schema"));
                }
            }
        }
        Node::Seq(items) => {
            assert_eq!(
                schema["type"], "array",
                "{path}: a list where the schema has {schema}"
            );
            for (i, item) in items.iter().enumerate() {
                check(
                    root,
                    &schema["items"],
                    item,
                    &format!("{path}[{i}]"),
                    in_map,
                    problems,
                );
            }
        }
        Node::Str(_) => {
            let ok = schema["type"] == "string"
                || schema["type"]
                    .as_array()
                    .is_some_and(|t| t.contains(&Value::from("string")));
            assert!(ok, "{path}: a string where the schema has {schema}");
        }
        Node::Int(_) => assert_eq!(schema["type"], "integer", "{path}"),
        Node::Bool(_) => assert_eq!(schema["type"], "boolean", "{path}"),
        Node::Null => {}
    }
}

#[test]
fn every_written_key_is_documented_by_its_schema_description() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, config) in common::matrix() {
        let federation = common::federation(&config);
        let line = line::of(federation.fate_version);
        let [(_, party_schema), (_, exchange_schema)] = line.values_schemas();
        let (party_schema, exchange_schema) = (parse(&party_schema), parse(&exchange_schema));
        for party in &federation.parties {
            let tree = line.party_values_tree(&federation, party);
            check(
                &party_schema,
                &party_schema,
                &tree,
                &format!("{name}/{}", party.id),
                false,
                &mut problems,
            );
            checked += 1;
        }
        if let Some(exchange) = &federation.exchange {
            let tree = line.exchange_values_tree(&federation, exchange);
            check(
                &exchange_schema,
                &exchange_schema,
                &tree,
                &format!("{name}/exchange"),
                false,
                &mut problems,
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} charts checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn values_yaml_is_the_tree_with_its_comments() {
    for (name, config) in common::matrix() {
        let federation = common::federation(&config);
        let bundle = generate(&federation);
        for party in &federation.parties {
            let text = bundle
                .get(&format!("{}/values.yaml", party.release()))
                .unwrap_or_else(|| panic!("{name}: values.yaml of {}", party.id));
            let parsed: serde_json::Value = serde_yaml::from_str(text).expect("YAML");
            let expected = line::of(federation.fate_version).party_values_tree(&federation, party);
            assert_eq!(parsed, expected.to_value(), "{name}/{}", party.id);
            for entry in match &expected {
                Node::Map(entries) => entries.as_slice(),
                _ => panic!("{name}: values are not a map"),
            } {
                let comment: String = entry
                    .comment
                    .iter()
                    .map(|l| {
                        if l.is_empty() {
                            "#\n".to_owned()
                        } else {
                            format!("# {l}\n")
                        }
                    })
                    .collect();
                let block = format!("{comment}{}:", entry.key);
                assert!(
                    text.contains(&block),
                    "{name}/{}: no {block:?} in\n{text}",
                    party.id
                );
            }
        }
    }
}
