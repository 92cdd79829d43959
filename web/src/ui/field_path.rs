//! Typed field paths: every field the form edits, as a value.
//!
//! The components build a [`FieldPath`] for each input and hand it to
//! [`crate::ui::form::Form::set`]; the reducer's path setter (`state/setter.rs`) matches on the
//! same enum, so a field the setter does not know is a compile error, not an edit silently
//! dropped. A path's text ([`fmt::Display`]) is the document path the core's validation uses
//! (`parties[1].nodePort`, `storage.sizes.egg`, `credentials.10000.redisPassword`), so it is
//! also the key of the field's errors and number draft, and gives the input its DOM id
//! ([`crate::ui::paths::field_id`]): every `FieldError` lands next to its input. One exception:
//! the core checks a given certificate and its key together and reports at
//! `certificates.issued.<id>`, the switch above both PEM fields.

use std::fmt;
use std::str::FromStr;

use crate::generator::config::{FateVersion, PartyCredentials, Placement};

/// Defines a field enum whose variants each have one key in the document path, with `ALL`
/// (every variant, in form order: the list cannot miss one), `key` and `from_key`.
macro_rules! keyed_fields {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $key:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every field, in form order.
            pub const ALL: [$name; [$($key),+].len()] = [$($name::$variant),+];

            /// The field's name in its document path.
            pub fn key(self) -> &'static str {
                match self {
                    $( $name::$variant => $key, )+
                }
            }

            /// The field named `key`.
            pub fn from_key(key: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|field| field.key() == key)
            }
        }
    };
}

keyed_fields! {
    /// A field of the exchange (`exchange.<key>`).
    pub enum ExchangeField {
        /// Node address of the exchange's proxy.
        Address => "address",
        /// NodePort of the exchange's proxy.
        NodePort => "nodePort",
        /// Namespace of the exchange's release.
        Namespace => "namespace",
        /// Node label value the exchange's proxy is pinned to.
        NodeLabelValue => "nodeLabelValue",
    }
}

keyed_fields! {
    /// A field of one party (`parties[i].<key>`). Its own placement's fields are
    /// [`FieldPath::Placement`] with [`PlacementScope::Party`].
    pub enum PartyField {
        /// Party id.
        Id => "id",
        /// Node address.
        Address => "address",
        /// NodePort of the party's proxy.
        NodePort => "nodePort",
        /// Namespace.
        Namespace => "namespace",
        /// Host of the fateboard Ingress.
        FateboardHost => "fateboardHost",
        /// The switch: the proxy runs on a DMZ host.
        Dmz => "dmz",
        /// The DMZ host.
        DmzHost => "dmz.host",
        /// The DMZ proxy's port.
        DmzPort => "dmz.port",
        /// The fixed NodePort the DMZ proxy calls for federation.
        DmzFederationNodePort => "dmz.federationNodePort",
        /// The fixed NodePort the DMZ proxy calls for fate_flow.
        DmzFateflowNodePort => "dmz.fateflowNodePort",
        /// The switch: the party has its own placement.
        Placement => "placement",
    }
}

keyed_fields! {
    /// An image setting (`images.<key>`); pull secrets are [`FieldPath::PullSecret`].
    pub enum ImagesField {
        /// Registry and project.
        Registry => "registry",
        /// FATE image tag.
        Tag => "tag",
        /// mysql tag.
        MysqlTag => "mysqlTag",
        /// redis tag.
        RedisTag => "redisTag",
        /// Pull policy (a select).
        PullPolicy => "pullPolicy",
    }
}

keyed_fields! {
    /// A storage setting (`storage.<key>`); which ones exist depends on `storage.type`.
    pub enum StorageField {
        /// The kind of storage (a select, see `STORAGE_KINDS`).
        Type => "type",
        /// NFS server.
        Server => "server",
        /// NFS exported path.
        Path => "path",
        /// NFS capacity.
        Size => "size",
        /// StorageClass name.
        Class => "class",
        /// mysql claim size.
        MysqlSize => "sizes.mysql",
        /// redis claim size.
        RedisSize => "sizes.redis",
        /// Claim size per egg.
        EggSize => "sizes.egg",
        /// Existing PersistentVolumeClaim.
        Claim => "claim",
    }
}

keyed_fields! {
    /// A node label value of one component in a placement (`<scope>.<key>`). Which ones a
    /// federation uses depends on its FATE line ([`PlacementComponent::of_line`]).
    pub enum PlacementComponent {
        /// FATE 1.x: federation.
        Federation => "federation",
        /// FATE 1.x: meta-service.
        MetaService => "metaService",
        /// mysql (both lines).
        Mysql => "mysql",
        /// The party's proxy (both lines; FATE 2.2: OSX).
        Proxy => "proxy",
        /// FATE 1.x: python (fate_flow, fateboard).
        Python => "python",
        /// FATE 1.x: redis.
        Redis => "redis",
        /// FATE 1.x: roll.
        Roll => "roll",
        /// FATE 2.2: eggroll clustermanager.
        Clustermanager => "clustermanager",
        /// FATE 2.2: fateflow and fateboard.
        Fateflow => "fateflow",
    }
}

impl PlacementComponent {
    /// The components of `version`'s line, in form order, each with its label.
    pub fn of_line(version: FateVersion) -> &'static [(PlacementComponent, &'static str)] {
        if version.is_fate2() {
            &[
                (PlacementComponent::Proxy, "OSX (proxy)"),
                (PlacementComponent::Clustermanager, "clustermanager"),
                (
                    PlacementComponent::Fateflow,
                    "fateflow (fateflow, fateboard)",
                ),
                (PlacementComponent::Mysql, "mysql"),
            ]
        } else {
            &[
                (PlacementComponent::Federation, "federation"),
                (PlacementComponent::MetaService, "meta-service"),
                (PlacementComponent::Mysql, "mysql"),
                (PlacementComponent::Proxy, "proxy"),
                (PlacementComponent::Python, "python (fate_flow, fateboard)"),
                (PlacementComponent::Redis, "redis"),
                (PlacementComponent::Roll, "roll"),
            ]
        }
    }

    /// True when `version`'s line has this component.
    pub fn used_by(self, version: FateVersion) -> bool {
        PlacementComponent::of_line(version)
            .iter()
            .any(|(component, _)| *component == self)
    }

    /// The component's value in a placement.
    pub fn get(self, placement: &Placement) -> &String {
        match self {
            PlacementComponent::Federation => &placement.federation,
            PlacementComponent::MetaService => &placement.meta_service,
            PlacementComponent::Mysql => &placement.mysql,
            PlacementComponent::Proxy => &placement.proxy,
            PlacementComponent::Python => &placement.python,
            PlacementComponent::Redis => &placement.redis,
            PlacementComponent::Roll => &placement.roll,
            PlacementComponent::Clustermanager => &placement.clustermanager,
            PlacementComponent::Fateflow => &placement.fateflow,
        }
    }

    /// The component's value in a placement, to set it.
    pub(crate) fn slot(self, placement: &mut Placement) -> &mut String {
        match self {
            PlacementComponent::Federation => &mut placement.federation,
            PlacementComponent::MetaService => &mut placement.meta_service,
            PlacementComponent::Mysql => &mut placement.mysql,
            PlacementComponent::Proxy => &mut placement.proxy,
            PlacementComponent::Python => &mut placement.python,
            PlacementComponent::Redis => &mut placement.redis,
            PlacementComponent::Roll => &mut placement.roll,
            PlacementComponent::Clustermanager => &mut placement.clustermanager,
            PlacementComponent::Fateflow => &mut placement.fateflow,
        }
    }
}

keyed_fields! {
    /// An Ingress setting (`ingress.<key>`).
    pub enum IngressField {
        /// The switch.
        Enabled => "enabled",
        /// IngressClass.
        ClassName => "className",
        /// TLS Secret.
        TlsSecret => "tlsSecret",
    }
}

keyed_fields! {
    /// The passwords of a party (`credentials.<id>.<key>`); which ones a party has depends on
    /// the FATE line ([`CredentialField::used_by`]).
    pub enum CredentialField {
        /// mysql root.
        MysqlRoot => "mysqlRootPassword",
        /// mysql user `fate`.
        Mysql => "mysqlPassword",
        /// FATE 1.x: redis.
        Redis => "redisPassword",
        /// FATE 2.2: the fateboard login `admin`.
        Fateboard => "fateboardPassword",
    }
}

impl CredentialField {
    /// Label in the form.
    pub fn label(self) -> &'static str {
        match self {
            CredentialField::MysqlRoot => "mysql root password",
            CredentialField::Mysql => "mysql user fate password",
            CredentialField::Redis => "redis password",
            CredentialField::Fateboard => "fateboard admin password",
        }
    }

    /// True when a party of `version`'s line has this password (the core rejects the others).
    pub fn used_by(self, version: FateVersion) -> bool {
        match self {
            CredentialField::MysqlRoot | CredentialField::Mysql => true,
            CredentialField::Redis => !version.is_fate2(),
            CredentialField::Fateboard => version.is_fate2(),
        }
    }

    /// The passwords every party of `version`'s line has, in form order.
    pub fn of_line(version: FateVersion) -> impl Iterator<Item = CredentialField> {
        CredentialField::ALL
            .into_iter()
            .filter(move |field| field.used_by(version))
    }

    /// The field of a credentials entry.
    pub fn get(self, credentials: &PartyCredentials) -> Option<&String> {
        match self {
            CredentialField::MysqlRoot => credentials.mysql_root_password.as_ref(),
            CredentialField::Mysql => credentials.mysql_password.as_ref(),
            CredentialField::Redis => credentials.redis_password.as_ref(),
            CredentialField::Fateboard => credentials.fateboard_password.as_ref(),
        }
    }

    /// The field of a credentials entry, to set it.
    pub(crate) fn slot(self, credentials: &mut PartyCredentials) -> &mut Option<String> {
        match self {
            CredentialField::MysqlRoot => &mut credentials.mysql_root_password,
            CredentialField::Mysql => &mut credentials.mysql_password,
            CredentialField::Redis => &mut credentials.redis_password,
            CredentialField::Fateboard => &mut credentials.fateboard_password,
        }
    }
}

keyed_fields! {
    /// A mutual TLS setting (`tls.<key>`, FATE 2.2).
    pub enum TlsField {
        /// The switch.
        Enabled => "enabled",
        /// Days a certificate issued by this tool stays valid.
        ValidityDays => "validityDays",
    }
}

keyed_fields! {
    /// One PEM text of a given certificate: the authority's
    /// (`certificates.authority.<key>`) or one OSX's (`certificates.issued.<id>.<key>`).
    pub enum PemField {
        /// The certificate (`BEGIN CERTIFICATE`).
        Cert => "cert",
        /// Its private key (PKCS#8, `BEGIN PRIVATE KEY`).
        Key => "key",
    }
}

impl PemField {
    /// Label in the form.
    pub fn label(self) -> &'static str {
        match self {
            PemField::Cert => "certificate (PEM)",
            PemField::Key => "private key (PEM, PKCS#8 ECDSA P-256)",
        }
    }
}

/// Which placement: the shared one, or a party's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlacementScope {
    /// `placement`: for every party without its own.
    Shared,
    /// `parties[i].placement`.
    Party(usize),
}

impl fmt::Display for PlacementScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlacementScope::Shared => f.write_str("placement"),
            PlacementScope::Party(index) => write!(f, "parties[{index}].placement"),
        }
    }
}

/// A field of a placement (`<scope>.<field>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlacementField {
    /// `nodeLabel`: the label key.
    NodeLabel,
    /// One component's label value.
    Component(PlacementComponent),
    /// `eggs[i]`: one egg's label value.
    Egg(usize),
}

impl fmt::Display for PlacementField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlacementField::NodeLabel => f.write_str("nodeLabel"),
            PlacementField::Component(component) => f.write_str(component.key()),
            PlacementField::Egg(index) => write!(f, "eggs[{index}]"),
        }
    }
}

/// A field the form edits; its text is the field's document path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldPath {
    /// `fateVersion` (a select).
    FateVersion,
    /// `target` (radio buttons).
    Target,
    /// `exchange`: the switch.
    Exchange,
    /// `exchange.<field>`.
    ExchangeField(ExchangeField),
    /// `parties[i].<field>`.
    Party(usize, PartyField),
    /// `images.<field>`.
    Images(ImagesField),
    /// `images.pullSecrets[i]`.
    PullSecret(usize),
    /// `storage.<field>`.
    Storage(StorageField),
    /// `placement.<field>` or `parties[i].placement.<field>`.
    Placement(PlacementScope, PlacementField),
    /// `ingress.<field>`.
    Ingress(IngressField),
    /// `credentials.<party id>.<field>`.
    Credential(String, CredentialField),
    /// `tls.<field>`.
    Tls(TlsField),
    /// `certificates.authority`: the switch "use my own certificate authority" (off: the one
    /// this tab generated).
    Authority,
    /// `certificates.authority.<field>`: the own authority's certificate or key.
    AuthorityPem(PemField),
    /// `certificates.issued.<party id or exchange>`: the switch "use my own certificate" of
    /// one OSX (off: this tab issues it). The core reports every problem of a given
    /// certificate and key here.
    Issued(String),
    /// `certificates.issued.<party id or exchange>.<field>`: the given certificate or key.
    IssuedPem(String, PemField),
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::FateVersion => f.write_str("fateVersion"),
            FieldPath::Target => f.write_str("target"),
            FieldPath::Exchange => f.write_str("exchange"),
            FieldPath::ExchangeField(field) => write!(f, "exchange.{}", field.key()),
            FieldPath::Party(index, field) => write!(f, "parties[{index}].{}", field.key()),
            FieldPath::Images(field) => write!(f, "images.{}", field.key()),
            FieldPath::PullSecret(index) => write!(f, "images.pullSecrets[{index}]"),
            FieldPath::Storage(field) => write!(f, "storage.{}", field.key()),
            FieldPath::Placement(scope, field) => write!(f, "{scope}.{field}"),
            FieldPath::Ingress(field) => write!(f, "ingress.{}", field.key()),
            FieldPath::Credential(id, field) => write!(f, "credentials.{id}.{}", field.key()),
            FieldPath::Tls(field) => write!(f, "tls.{}", field.key()),
            FieldPath::Authority => f.write_str("certificates.authority"),
            FieldPath::AuthorityPem(field) => {
                write!(f, "certificates.authority.{}", field.key())
            }
            FieldPath::Issued(id) => write!(f, "certificates.issued.{id}"),
            FieldPath::IssuedPem(id, field) => {
                write!(f, "certificates.issued.{id}.{}", field.key())
            }
        }
    }
}

/// A text that is not the path of a field the form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPath(pub String);

impl fmt::Display for UnknownPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a field of the form", self.0)
    }
}

impl std::error::Error for UnknownPath {}

/// The inverse of [`fmt::Display`]: `parse(path.to_string()) == path` for every path, and any
/// other text is an [`UnknownPath`]. The page itself never parses a path (its components build
/// them as values); this is for tests and tools that name fields as text.
impl FromStr for FieldPath {
    type Err = UnknownPath;

    fn from_str(path: &str) -> Result<FieldPath, UnknownPath> {
        parse(path).ok_or_else(|| UnknownPath(path.to_owned()))
    }
}

fn parse(path: &str) -> Option<FieldPath> {
    match path {
        "fateVersion" => return Some(FieldPath::FateVersion),
        "target" => return Some(FieldPath::Target),
        "exchange" => return Some(FieldPath::Exchange),
        _ => {}
    }
    let (root, rest) = path.split_once(['.', '['])?;
    let separator = &path[root.len()..=root.len()];
    match (root, separator) {
        ("exchange", ".") => ExchangeField::from_key(rest).map(FieldPath::ExchangeField),
        ("parties", "[") => {
            let (index, rest) = rest.split_once("].")?;
            let index = parse_index(index)?;
            match rest.strip_prefix("placement.") {
                Some(field) => Some(FieldPath::Placement(
                    PlacementScope::Party(index),
                    parse_placement_field(field)?,
                )),
                None => PartyField::from_key(rest).map(|field| FieldPath::Party(index, field)),
            }
        }
        ("images", ".") => match rest.strip_prefix("pullSecrets[") {
            Some(index) => parse_index(index.strip_suffix(']')?).map(FieldPath::PullSecret),
            None => ImagesField::from_key(rest).map(FieldPath::Images),
        },
        ("storage", ".") => StorageField::from_key(rest).map(FieldPath::Storage),
        ("placement", ".") => parse_placement_field(rest)
            .map(|field| FieldPath::Placement(PlacementScope::Shared, field)),
        ("ingress", ".") => IngressField::from_key(rest).map(FieldPath::Ingress),
        ("credentials", ".") => {
            // The id is everything up to the last dot (ids are free text while edited).
            let (id, key) = rest.rsplit_once('.')?;
            CredentialField::from_key(key).map(|field| FieldPath::Credential(id.to_owned(), field))
        }
        ("tls", ".") => TlsField::from_key(rest).map(FieldPath::Tls),
        ("certificates", ".") => parse_certificate(rest),
        _ => None,
    }
}

/// `authority`, `authority.<pem>`, `issued.<id>` or `issued.<id>.<pem>` (an id is free text
/// while edited: one that ends in `.cert` or `.key` reads as that field of the shorter id).
fn parse_certificate(rest: &str) -> Option<FieldPath> {
    if rest == "authority" {
        return Some(FieldPath::Authority);
    }
    if let Some(key) = rest.strip_prefix("authority.") {
        return PemField::from_key(key).map(FieldPath::AuthorityPem);
    }
    let id = rest.strip_prefix("issued.")?;
    if let Some((owner, key)) = id.rsplit_once('.') {
        if let Some(field) = PemField::from_key(key) {
            return Some(FieldPath::IssuedPem(owner.to_owned(), field));
        }
    }
    Some(FieldPath::Issued(id.to_owned()))
}

fn parse_placement_field(text: &str) -> Option<PlacementField> {
    if text == "nodeLabel" {
        return Some(PlacementField::NodeLabel);
    }
    if let Some(index) = text.strip_prefix("eggs[") {
        return parse_index(index.strip_suffix(']')?).map(PlacementField::Egg);
    }
    PlacementComponent::from_key(text).map(PlacementField::Component)
}

/// An index as `Display` writes it (no sign, no leading zeros).
fn parse_index(text: &str) -> Option<usize> {
    let index: usize = text.parse().ok()?;
    (index.to_string() == text).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_the_document_path() {
        let cases = [
            (
                FieldPath::Party(1, PartyField::NodePort),
                "parties[1].nodePort",
            ),
            (
                FieldPath::Party(0, PartyField::DmzHost),
                "parties[0].dmz.host",
            ),
            (
                FieldPath::Placement(PlacementScope::Party(2), PlacementField::Egg(0)),
                "parties[2].placement.eggs[0]",
            ),
            (
                FieldPath::Placement(
                    PlacementScope::Shared,
                    PlacementField::Component(PlacementComponent::MetaService),
                ),
                "placement.metaService",
            ),
            (
                FieldPath::Placement(
                    PlacementScope::Shared,
                    PlacementField::Component(PlacementComponent::Clustermanager),
                ),
                "placement.clustermanager",
            ),
            (
                FieldPath::Placement(
                    PlacementScope::Party(0),
                    PlacementField::Component(PlacementComponent::Fateflow),
                ),
                "parties[0].placement.fateflow",
            ),
            (
                FieldPath::Credential("9999".to_owned(), CredentialField::Fateboard),
                "credentials.9999.fateboardPassword",
            ),
            (
                FieldPath::Storage(StorageField::EggSize),
                "storage.sizes.egg",
            ),
            (FieldPath::PullSecret(3), "images.pullSecrets[3]"),
            (
                FieldPath::Credential("10000".to_owned(), CredentialField::Redis),
                "credentials.10000.redisPassword",
            ),
            (FieldPath::Tls(TlsField::ValidityDays), "tls.validityDays"),
            (FieldPath::Authority, "certificates.authority"),
            (
                FieldPath::AuthorityPem(PemField::Key),
                "certificates.authority.key",
            ),
            (
                FieldPath::Issued("exchange".to_owned()),
                "certificates.issued.exchange",
            ),
            (
                FieldPath::IssuedPem("9999".to_owned(), PemField::Cert),
                "certificates.issued.9999.cert",
            ),
        ];
        for (path, text) in cases {
            assert_eq!(path.to_string(), text);
            assert_eq!(text.parse::<FieldPath>(), Ok(path));
        }
        for text in [
            "",
            "nope",
            "parties[x].id",
            "parties[01].id",
            "parties[1]",
            "parties[1].dmz.nope",
            "images.pullSecrets[]",
            "storage.sizes",
            "credentials.10000",
            "exchange.",
            "placement.eggs[1",
            "tls",
            "tls.nope",
            "certificates",
            "certificates.authority.nope",
            "certificates.nope",
        ] {
            assert!(text.parse::<FieldPath>().is_err(), "{text} parsed");
        }
    }
}
