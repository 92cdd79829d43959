//! Example values: the environment-specific fields a preset fills in (node addresses, DMZ
//! hosts, the registry, the NFS server and path). They stay marked until edited or accepted,
//! and the download waits for that, so a zip full of example addresses never passes silently.

use crate::generator::config::{Config, Storage};
use crate::generator::ValidationErrors;
use crate::ui::field_path::{ExchangeField, FieldPath, ImagesField, PartyField, StorageField};

/// What the form and the download bar say about a field that still holds an example value.
pub const EXAMPLE_MESSAGE: &str =
    "holds an example value from the preset: give your own, or press \"Use the example values\"";

/// The fields of `config` that are specific to an environment and hold a value, in the
/// order of the form. The one home of which fields a preset's examples are.
pub fn example_paths(config: &Config) -> Vec<FieldPath> {
    let mut paths = Vec::new();
    for (i, party) in config.parties.iter().enumerate() {
        if !party.address.is_empty() {
            paths.push(FieldPath::Party(i, PartyField::Address));
        }
        if party.dmz.as_ref().is_some_and(|dmz| !dmz.host.is_empty()) {
            paths.push(FieldPath::Party(i, PartyField::DmzHost));
        }
    }
    if config
        .exchange
        .as_ref()
        .is_some_and(|x| !x.address.is_empty())
    {
        paths.push(FieldPath::ExchangeField(ExchangeField::Address));
    }
    if !config.images.registry.is_empty() {
        paths.push(FieldPath::Images(ImagesField::Registry));
    }
    if let Storage::Nfs { server, path, .. } = &config.storage {
        if !server.is_empty() {
            paths.push(FieldPath::Storage(StorageField::Server));
        }
        if !path.is_empty() {
            paths.push(FieldPath::Storage(StorageField::Path));
        }
    }
    paths
}

/// The examples after the parties were rearranged: `moved(old index)` gives the indexes the
/// party has now (none: removed; two: duplicated, the copy holds the same example).
pub fn reindex(examples: &[FieldPath], moved: impl Fn(usize) -> Vec<usize>) -> Vec<FieldPath> {
    let mut out: Vec<FieldPath> = Vec::new();
    for path in examples {
        match path {
            FieldPath::Party(index, field) => out.extend(
                moved(*index)
                    .into_iter()
                    .map(|i| FieldPath::Party(i, *field)),
            ),
            other => out.push(other.clone()),
        }
    }
    out.sort_by_key(order);
    out.dedup();
    out
}

/// Parties first by index, then the rest in the form's order (as [`example_paths`] lists
/// them).
fn order(path: &FieldPath) -> (usize, usize, usize) {
    match path {
        FieldPath::Party(index, field) => (0, *index, usize::from(*field == PartyField::DmzHost)),
        FieldPath::ExchangeField(_) => (1, 0, 0),
        FieldPath::Images(_) => (2, 0, 0),
        FieldPath::Storage(StorageField::Server) => (3, 0, 0),
        _ => (3, 1, 0),
    }
}

/// Examples that are still in the document: a switched-off section's fields are not (they
/// come back marked when it is switched on again).
pub fn present(config: &Config, examples: &[FieldPath]) -> Vec<FieldPath> {
    let now = example_paths(config);
    examples
        .iter()
        .filter(|p| now.contains(p))
        .cloned()
        .collect()
}

/// One problem per example still in the document, for the problem count and the download.
pub fn example_problems(config: &Config, examples: &[FieldPath]) -> ValidationErrors {
    let mut problems = ValidationErrors::default();
    for path in present(config, examples) {
        problems.push(path.to_string(), EXAMPLE_MESSAGE.to_owned());
    }
    problems
}
