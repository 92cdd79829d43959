//! The on-screen name of every field path: what the error summary (and anything else that
//! names a field to the reader) shows instead of the core's document path.
//! `parties[0].nodePort` → `Party #1 (10000) › NodePort`, in the words of the form's sections
//! and labels. Parties are named as the core's messages name them
//! ([`crate::generator::federation::party_name`]), so "Party #1 (10000) › NodePort: is already
//! used by Party #2 (9999)'s proxy" reads as one sentence.

use crate::generator::federation::party_name;
use crate::generator::FieldError;
use crate::ui::field_path::{
    CredentialField, ExchangeField, FieldPath, ImagesField, IngressField, PartyField, PemField,
    PlacementComponent, PlacementField, PlacementScope, StorageField, TlsField,
};

/// Between a section (or party) and the field inside it.
pub const SEPARATOR: &str = " › ";

/// A problem as the summary shows it: `Party #1 (10000) › NodePort: is already used by …`.
pub fn problem(error: &FieldError, party_ids: &[String]) -> String {
    format!("{}: {}", describe(&error.path, party_ids), error.message)
}

/// The on-screen name of the field at a core error path; a path no label knows (none the
/// core reports today: `web/tests/messages.rs` checks) is shown in words of its own parts.
pub fn describe(path: &str, party_ids: &[String]) -> String {
    field(path, party_ids).unwrap_or_else(|| in_words(path))
}

/// The on-screen name of the field at `path`, if it is one the page knows: a field of the form
/// ([`FieldPath`]) or one the core reports above the fields (`parties`, `placement.eggs`, …).
pub fn field(path: &str, party_ids: &[String]) -> Option<String> {
    if let Ok(typed) = path.parse::<FieldPath>() {
        return Some(of(&typed, party_ids));
    }
    match path {
        "version" => return Some("Config version".to_owned()),
        "parties" => return Some("Parties".to_owned()),
        "placement.eggs" => return Some(join(&["Placement", "Eggs"])),
        _ => {}
    }
    if let Some(id) = path.strip_prefix("credentials.") {
        return Some(join(&["Credentials", &party_by_id(id, party_ids)]));
    }
    let rest = path.strip_prefix("parties[")?;
    let (index, tail) = rest.split_once(']')?;
    let index: usize = index.parse().ok()?;
    match tail {
        // The party itself: where the core reports what its entry lacks or holds too much of.
        "" => Some(party(index, party_ids)),
        ".placement.eggs" => Some(join(&[&party(index, party_ids), "Placement", "Eggs"])),
        _ => None,
    }
}

/// The on-screen name of a field of the form.
pub fn of(path: &FieldPath, party_ids: &[String]) -> String {
    match path {
        FieldPath::FateVersion => join(&["Images", "FATE version"]),
        FieldPath::Target => "Helm target".to_owned(),
        FieldPath::Exchange => "Exchange".to_owned(),
        FieldPath::ExchangeField(field) => join(&["Exchange", exchange_field(*field)]),
        FieldPath::Party(index, field) => join(&[&party(*index, party_ids), party_field(*field)]),
        FieldPath::Images(field) => join(&["Images", images_field(*field)]),
        FieldPath::PullSecret(index) => join(&["Images", &format!("Pull secret {}", index + 1)]),
        FieldPath::Storage(field) => join(&["Storage", storage_field(*field)]),
        FieldPath::Placement(PlacementScope::Shared, field) => {
            join(&["Placement", &placement_field(*field)])
        }
        FieldPath::Placement(PlacementScope::Party(index), field) => join(&[
            &party(*index, party_ids),
            "Placement",
            &placement_field(*field),
        ]),
        FieldPath::Ingress(IngressField::Enabled) => "Ingress".to_owned(),
        FieldPath::Ingress(field) => join(&["Ingress", ingress_field(*field)]),
        FieldPath::Credential(id, field) => join(&[
            "Credentials",
            &party_by_id(id, party_ids),
            credential_field(*field),
        ]),
        FieldPath::Tls(TlsField::Enabled) => "Mutual TLS".to_owned(),
        FieldPath::Tls(field) => join(&["Mutual TLS", tls_field(*field)]),
        FieldPath::Authority => join(&["Mutual TLS", "Own certificate authority"]),
        FieldPath::AuthorityPem(field) => join(&[
            "Mutual TLS",
            &format!("Authority {}", PemField::label(*field)),
        ]),
        FieldPath::Issued(id) => join(&[
            "Mutual TLS",
            &format!("Certificate of {}", certificate_owner(id, party_ids)),
        ]),
        FieldPath::IssuedPem(id, field) => join(&[
            "Mutual TLS",
            &format!("Certificate of {}", certificate_owner(id, party_ids)),
            capitalised(field.label()).as_str(),
        ]),
    }
}

fn exchange_field(field: ExchangeField) -> &'static str {
    match field {
        ExchangeField::Address => "Node address",
        ExchangeField::NodePort => "Proxy NodePort",
        ExchangeField::Namespace => "Namespace",
        ExchangeField::NodeLabelValue => "Node label value",
    }
}

fn party_field(field: PartyField) -> &'static str {
    match field {
        PartyField::Id => "Party id",
        PartyField::Address => "Node address",
        PartyField::NodePort => "NodePort",
        PartyField::Namespace => "Namespace",
        PartyField::FateboardHost => "fateboard host",
        PartyField::Dmz => "DMZ proxy",
        PartyField::DmzHost => "DMZ host",
        PartyField::DmzPort => "DMZ proxy port",
        PartyField::DmzFederationNodePort => "federation NodePort",
        PartyField::DmzFateflowNodePort => "fate_flow NodePort",
        PartyField::Placement => "Own node placement",
    }
}

fn images_field(field: ImagesField) -> &'static str {
    match field {
        ImagesField::Registry => "Registry",
        ImagesField::Tag => "FATE image tag",
        ImagesField::MysqlTag => "mysql tag",
        ImagesField::RedisTag => "redis tag",
        ImagesField::PullPolicy => "Pull policy",
    }
}

fn storage_field(field: StorageField) -> &'static str {
    match field {
        StorageField::Type => "Persistent storage",
        StorageField::Server => "NFS server",
        StorageField::Path => "Exported path",
        StorageField::Size => "Capacity",
        StorageField::Class => "StorageClass",
        StorageField::MysqlSize => "mysql claim size",
        StorageField::RedisSize => "redis claim size",
        StorageField::EggSize => "Claim size per egg (nodemanager)",
        StorageField::Claim => "PersistentVolumeClaim name",
    }
}

fn placement_field(field: PlacementField) -> String {
    match field {
        PlacementField::NodeLabel => "Node label key".to_owned(),
        PlacementField::Component(component) => component_name(component).to_owned(),
        PlacementField::Egg(index) => format!("Egg {}", index + 1),
    }
}

/// A component as the placement form names it (both lines' names, so a misplaced one reads
/// the same).
fn component_name(component: PlacementComponent) -> &'static str {
    match component {
        PlacementComponent::Federation => "federation",
        PlacementComponent::MetaService => "meta-service",
        PlacementComponent::Mysql => "mysql",
        PlacementComponent::Proxy => "proxy",
        PlacementComponent::Python => "python",
        PlacementComponent::Redis => "redis",
        PlacementComponent::Roll => "roll",
        PlacementComponent::Clustermanager => "clustermanager",
        PlacementComponent::Fateflow => "fateflow",
    }
}

fn ingress_field(field: IngressField) -> &'static str {
    match field {
        IngressField::Enabled => "Ingress",
        IngressField::ClassName => "IngressClass",
        IngressField::TlsSecret => "TLS Secret",
    }
}

fn credential_field(field: CredentialField) -> &'static str {
    field.label()
}

fn tls_field(field: TlsField) -> &'static str {
    match field {
        TlsField::Enabled => "Mutual TLS",
        TlsField::ValidityDays => "Certificate validity (days)",
    }
}

/// `Party #2 (9999)`: by its place in the list (the id as it is now, if known).
fn party(index: usize, party_ids: &[String]) -> String {
    party_name(index, party_ids.get(index).map_or("", String::as_str))
}

/// The party with this id (`Party #2 (9999)`), or the id itself when no party has it.
fn party_by_id(id: &str, party_ids: &[String]) -> String {
    match party_ids.iter().position(|p| p == id) {
        Some(index) => party_name(index, id),
        None => format!("party {id}"),
    }
}

/// The OSX a certificate is for: a party or the exchange.
fn certificate_owner(id: &str, party_ids: &[String]) -> String {
    if id == crate::generator::config::EXCHANGE_CERTIFICATE {
        "the exchange".to_owned()
    } else {
        party_by_id(id, party_ids)
    }
}

fn join(parts: &[&str]) -> String {
    parts.join(SEPARATOR)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A path no label knows, in words: `storage.sizes.egg` → `Storage › Sizes › Egg`, with
/// indices counted from 1 and camelCase split (`fooBar[0]` → `Foo bar 1`).
fn in_words(path: &str) -> String {
    let parts: Vec<String> = path
        .split('.')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut words = String::new();
            for c in part.chars() {
                match c {
                    '[' => words.push(' '),
                    ']' => {}
                    c if c.is_ascii_uppercase() => {
                        words.push(' ');
                        words.push(c.to_ascii_lowercase());
                    }
                    c => words.push(c),
                }
            }
            // Indices as the reader counts: from 1.
            let words: Vec<String> = words
                .split(' ')
                .map(|word| match word.parse::<usize>() {
                    Ok(index) => (index + 1).to_string(),
                    Err(_) => word.to_owned(),
                })
                .collect();
            capitalised(&words.join(" "))
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    join(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let ids = ["10000".to_owned(), "9999".to_owned()];
        assert_eq!(
            describe("parties[0].nodePort", &ids),
            "Party #1 (10000) › NodePort"
        );
        assert_eq!(
            describe("parties[1].dmz.port", &ids),
            "Party #2 (9999) › DMZ proxy port"
        );
        assert_eq!(describe("parties[2].id", &ids), "Party #3 › Party id");
        assert_eq!(
            describe("credentials.9999.mysqlPassword", &ids),
            "Credentials › Party #2 (9999) › mysql user fate password"
        );
        assert_eq!(describe("storage.server", &ids), "Storage › NFS server");
        assert_eq!(in_words("some.oddPath[0]"), "Some › Odd path 1");
    }
}
