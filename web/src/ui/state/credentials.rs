//! The three passwords of every party, and the invariant that every party has them.

use crate::generator::config::{Config, PartyCredentials};
use crate::generator::federation::{generate_password, OsRandom, RandomSource};

/// The three passwords of a party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialField {
    /// mysql root.
    MysqlRoot,
    /// mysql user `fate`.
    Mysql,
    /// redis.
    Redis,
}

impl CredentialField {
    /// All three, in form order.
    pub const ALL: [CredentialField; 3] = [
        CredentialField::MysqlRoot,
        CredentialField::Mysql,
        CredentialField::Redis,
    ];

    /// Key in the document (`credentials.<id>.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            CredentialField::MysqlRoot => "mysqlRootPassword",
            CredentialField::Mysql => "mysqlPassword",
            CredentialField::Redis => "redisPassword",
        }
    }

    /// Label in the form.
    pub fn label(self) -> &'static str {
        match self {
            CredentialField::MysqlRoot => "mysql root password",
            CredentialField::Mysql => "mysql user fate password",
            CredentialField::Redis => "redis password",
        }
    }

    pub(super) fn from_key(key: &str) -> Option<CredentialField> {
        CredentialField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field of a credentials entry.
    pub fn get(self, credentials: &PartyCredentials) -> Option<&String> {
        match self {
            CredentialField::MysqlRoot => credentials.mysql_root_password.as_ref(),
            CredentialField::Mysql => credentials.mysql_password.as_ref(),
            CredentialField::Redis => credentials.redis_password.as_ref(),
        }
    }

    pub(super) fn slot(self, credentials: &mut PartyCredentials) -> &mut Option<String> {
        match self {
            CredentialField::MysqlRoot => &mut credentials.mysql_root_password,
            CredentialField::Mysql => &mut credentials.mysql_password,
            CredentialField::Redis => &mut credentials.redis_password,
        }
    }
}

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
