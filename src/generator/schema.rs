//! The JSON Schema of the config document.

use crate::generator::config::Config;

/// The JSON Schema (draft 2020-12) of the config document, pretty-printed.
pub fn config_schema_json() -> String {
    let schema = schemars::schema_for!(Config);
    // A JSON value's alternate Display is pretty-printing that cannot fail.
    format!("{:#}\n", schema.as_value())
}
