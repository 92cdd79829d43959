//! The invariant that every party has its three passwords, and only parties have them.

use crate::generator::config::Config;
use crate::generator::federation::{generate_password, OsRandom, RandomSource};
use crate::ui::field_path::CredentialField;

/// Gives every party all three passwords and drops passwords of ids no party has.
pub fn ensure_credentials(config: &mut Config) {
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    config.credentials.retain(|id, _| ids.contains(id));
    let mut random = OsRandom;
    for id in ids {
        let entry = config.credentials.entry(id).or_default();
        for field in CredentialField::ALL {
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
