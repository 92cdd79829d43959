//! The invariant that every party has the passwords of its FATE line, and only parties have
//! passwords.

use crate::generator::config::Config;
use crate::generator::federation::{generate_password, OsRandom, RandomSource};
use crate::ui::field_path::CredentialField;

/// Gives every party all the passwords of the document's FATE line (mysql root and user, plus
/// redis for 1.x or fateboard for 2.2) and drops passwords of ids no party has. A password of
/// the other line that the document carries (an imported document) is left for validation to
/// report next to its field; switching the version parks those (see `setter.rs`).
pub fn ensure_credentials(config: &mut Config) {
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    config.credentials.retain(|id, _| ids.contains(id));
    let version = config.fate_version;
    let mut random = OsRandom;
    for id in ids {
        let entry = config.credentials.entry(id).or_default();
        for field in CredentialField::of_line(version) {
            let slot = field.slot(entry);
            if slot.is_none() {
                *slot = fresh_password(&mut random);
            }
        }
    }
}

fn fresh_password(random: &mut dyn RandomSource) -> Option<String> {
    generate_password(random).ok()
}
