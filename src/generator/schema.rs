//! The JSON Schema of the config document.

use crate::generator::config::Config;

/// The JSON Schema (draft 2020-12) of the config document, pretty-printed.
pub fn config_schema_json() -> String {
    let schema = schemars::schema_for!(Config);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
