//! Help on every field (`ui::help`): each field the form edits has one sentence on what it does,
//! states the default where the core applies one — the very value the core gives a document
//! that leaves the field out — and says none where the field is required; its doc links are
//! canonical https addresses.

use fate_chartgen::generator::config::{Config, FateVersion, HelmTarget, Storage};
use fate_chartgen::generator::federation::GENERATED_PASSWORD_LEN;
use fate_chartgen::generator::naming;
use fate_configurator::ui::field_path::{
    CredentialField, ExchangeField, FieldPath, ImagesField, IngressField, PartyField, PemField,
    PlacementComponent, PlacementField, PlacementScope, StorageField, TlsField,
};
use fate_configurator::ui::help::{help, width, Fallback};

/// A document that leaves out everything optional, as the core reads it.
fn core_defaults(extra: &str) -> Config {
    let json = format!(
        r#"{{"version": 1, "parties": [{{"id": "10000", "address": "10.0.0.1", "nodePort": 30010}},
            {{"id": "9999", "address": "10.0.0.2",
              "dmz": {{"host": "10.0.0.9", "federationNodePort": 30101, "fateflowNodePort": 30102}}}}]
            {extra}}}"#
    );
    serde_json::from_str(&json).expect("a valid document")
}

/// One path of every kind of field, with both placement scopes.
fn every_path() -> Vec<FieldPath> {
    let mut paths = vec![
        FieldPath::FateVersion,
        FieldPath::Target,
        FieldPath::Exchange,
        FieldPath::PullSecret(0),
        FieldPath::Authority,
        FieldPath::Issued("10000".to_owned()),
    ];
    paths.extend(ExchangeField::ALL.map(FieldPath::ExchangeField));
    paths.extend(PartyField::ALL.map(|field| FieldPath::Party(0, field)));
    paths.extend(ImagesField::ALL.map(FieldPath::Images));
    paths.extend(StorageField::ALL.map(FieldPath::Storage));
    for scope in [PlacementScope::Shared, PlacementScope::Party(1)] {
        paths.push(FieldPath::Placement(scope, PlacementField::NodeLabel));
        paths.push(FieldPath::Placement(scope, PlacementField::Egg(0)));
        paths
            .extend(PlacementComponent::ALL.map(|component| {
                FieldPath::Placement(scope, PlacementField::Component(component))
            }));
    }
    paths.extend(IngressField::ALL.map(FieldPath::Ingress));
    paths
        .extend(CredentialField::ALL.map(|field| FieldPath::Credential("10000".to_owned(), field)));
    paths.extend(TlsField::ALL.map(FieldPath::Tls));
    paths.extend(PemField::ALL.map(FieldPath::AuthorityPem));
    paths.extend(PemField::ALL.map(|field| FieldPath::IssuedPem("10000".to_owned(), field)));
    for path in &paths {
        covered(path);
    }
    paths
}

/// Fails to compile when `FieldPath` gains a variant `every_path` does not list.
fn covered(path: &FieldPath) {
    match path {
        FieldPath::FateVersion
        | FieldPath::Target
        | FieldPath::Exchange
        | FieldPath::ExchangeField(_)
        | FieldPath::Party(_, _)
        | FieldPath::Images(_)
        | FieldPath::PullSecret(_)
        | FieldPath::Storage(_)
        | FieldPath::Placement(_, _)
        | FieldPath::Ingress(_)
        | FieldPath::Credential(_, _)
        | FieldPath::Tls(_)
        | FieldPath::Authority
        | FieldPath::AuthorityPem(_)
        | FieldPath::Issued(_)
        | FieldPath::IssuedPem(_, _) => {}
    }
}

/// What the help must say the default is, from the core's reading of a document without the
/// field (`None`: the core has no default, the field is required).
fn expected_default(path: &FieldPath) -> Option<Vec<String>> {
    let config = core_defaults(r#", "exchange": {"address": "10.0.0.4", "nodePort": 30000}"#);
    let mesh = core_defaults("");
    let nfs = core_defaults(r#", "storage": {"type": "nfs", "server": "s", "path": "/p"}"#);
    let claims = core_defaults(r#", "storage": {"type": "storageClass"}"#);
    let party = &config.parties[0];
    let exchange = config.exchange.as_ref().expect("an exchange");
    let placement = &config.placement;
    let off = |on: bool| vec![if on { "on" } else { "off" }.to_owned()];
    let any_node = |value: &str| {
        assert!(value.is_empty(), "a label value defaults to empty");
        vec!["any node".to_owned()]
    };
    let one = |text: &str| vec![text.to_owned()];
    Some(match path {
        FieldPath::FateVersion => one(config.fate_version.as_str()),
        FieldPath::Target => match config.target {
            HelmTarget::Helm3 => one("Helm 3"),
            HelmTarget::Helm2 => one("Helm 2"),
        },
        FieldPath::Exchange => off(mesh.exchange.is_some()),
        FieldPath::ExchangeField(field) => match field {
            ExchangeField::Address | ExchangeField::NodePort => return None,
            ExchangeField::Namespace => {
                assert!(exchange.namespace.is_none());
                one(naming::DEFAULT_EXCHANGE_NAMESPACE)
            }
            ExchangeField::NodeLabelValue => any_node(&exchange.node_label_value),
        },
        FieldPath::Party(_, field) => match field {
            PartyField::Id
            | PartyField::Address
            | PartyField::NodePort
            | PartyField::DmzHost
            | PartyField::DmzFederationNodePort
            | PartyField::DmzFateflowNodePort => return None,
            PartyField::Namespace => {
                assert!(party.namespace.is_none());
                one(&naming::default_party_namespace("<id>"))
            }
            PartyField::FateboardHost => {
                assert!(party.fateboard_host.is_none());
                one(&naming::default_fateboard_host("<id>"))
            }
            PartyField::Dmz => off(party.dmz.is_some()),
            PartyField::DmzPort => one(&config.parties[1]
                .dmz
                .as_ref()
                .expect("a DMZ")
                .port
                .to_string()),
            PartyField::Placement => off(party.placement.is_some()),
        },
        FieldPath::Images(field) => match field {
            ImagesField::Registry => {
                assert!(config.images.registry.is_empty());
                one("Docker Hub")
            }
            ImagesField::Tag => {
                assert!(config.images.tag.is_none());
                FateVersion::ALL
                    .iter()
                    .filter(|version| !version.is_fate2())
                    .map(|version| version.default_tag())
                    .chain(["FATE 2.2.0 each image's own release tag".to_owned()])
                    .collect()
            }
            ImagesField::MysqlTag => one(&config.images.mysql_tag),
            ImagesField::RedisTag => one(&config.images.redis_tag),
            ImagesField::PullPolicy => one(config.images.pull_policy.as_str()),
        },
        FieldPath::PullSecret(_) => return None,
        FieldPath::Storage(field) => match field {
            StorageField::Type => {
                assert_eq!(config.storage, Storage::None);
                one("none")
            }
            StorageField::Server | StorageField::Path | StorageField::Claim => return None,
            StorageField::Size => match &nfs.storage {
                Storage::Nfs { size, .. } => one(size),
                other => panic!("{other:?}"),
            },
            StorageField::Class => match &claims.storage {
                Storage::StorageClass { class, .. } => {
                    assert!(class.is_empty());
                    one("the cluster's default class")
                }
                other => panic!("{other:?}"),
            },
            StorageField::MysqlSize | StorageField::RedisSize | StorageField::EggSize => {
                match &claims.storage {
                    Storage::StorageClass { sizes, .. } => one(match field {
                        StorageField::MysqlSize => &sizes.mysql,
                        StorageField::RedisSize => &sizes.redis,
                        _ => &sizes.egg,
                    }),
                    other => panic!("{other:?}"),
                }
            }
        },
        FieldPath::Placement(_, field) => match field {
            PlacementField::NodeLabel => one(&placement.node_label),
            PlacementField::Component(component) => any_node(component.get(placement)),
            PlacementField::Egg(_) => {
                assert_eq!(
                    placement.eggs,
                    [String::new()],
                    "one unpinned egg by default"
                );
                one("unpinned")
            }
        },
        FieldPath::Ingress(field) => match field {
            IngressField::Enabled => off(config.ingress.enabled),
            IngressField::ClassName => one(&config.ingress.class_name),
            IngressField::TlsSecret => {
                assert!(config.ingress.tls_secret.is_empty());
                one("plain HTTP")
            }
        },
        FieldPath::Credential(_, _) => vec![
            "generated".to_owned(),
            format!("{GENERATED_PASSWORD_LEN} random"),
        ],
        FieldPath::Tls(field) => match field {
            TlsField::Enabled => off(config.tls.enabled),
            TlsField::ValidityDays => one(&config.tls.validity_days.to_string()),
        },
        FieldPath::Authority | FieldPath::Issued(_) => {
            assert!(config.certificates.is_empty());
            off(false)
        }
        FieldPath::AuthorityPem(_) | FieldPath::IssuedPem(_, _) => return None,
    })
}

#[test]
fn every_field_says_what_it_does_and_its_default() {
    let mut failures = Vec::new();
    let paths = every_path();
    assert!(paths.len() >= 60, "only {} paths", paths.len());
    for path in &paths {
        let help = help(path);
        let what = help.what.trim();
        if what.len() < 20 || !what.ends_with('.') || what.contains('`') {
            failures.push(format!("{path}: what {what:?} is not one plain sentence"));
        }
        let sentence = help.default.as_ref().map(Fallback::sentence);
        match (expected_default(path), &sentence) {
            (Some(parts), Some(said)) => {
                for part in parts {
                    if !said.contains(&part) {
                        failures.push(format!("{path}: {said:?} does not say {part:?}"));
                    }
                }
                if said.contains('`') {
                    failures.push(format!("{path}: backticks in {said:?}"));
                }
            }
            (Some(parts), None) => {
                failures.push(format!("{path}: no default, the core's is {parts:?}"))
            }
            (None, Some(said)) => failures.push(format!(
                "{path}: the core has no default, the help says {said:?}"
            )),
            (None, None) => {}
        }
        for doc in help.docs {
            if !doc.url.starts_with("https://") || doc.url.contains(' ') || doc.title.is_empty() {
                failures.push(format!("{path}: doc link {doc:?}"));
            }
        }
        // Every field has a width class (the wrapper's CSS), one of the four.
        assert!(width(path).class().starts_with("w-"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_concepts_an_operator_may_not_know_link_their_docs() {
    let shared = |component| {
        FieldPath::Placement(PlacementScope::Shared, PlacementField::Component(component))
    };
    let cases = [
        (shared(PlacementComponent::Roll), "#32-roll"),
        (shared(PlacementComponent::MetaService), "#31-meta-service"),
        (shared(PlacementComponent::Clustermanager), "#eggroll"),
        (shared(PlacementComponent::Proxy), "osx.md"),
        (
            FieldPath::Placement(PlacementScope::Shared, PlacementField::Egg(0)),
            "#35-egg",
        ),
        (
            FieldPath::Placement(PlacementScope::Shared, PlacementField::NodeLabel),
            "labels",
        ),
        (
            FieldPath::Images(ImagesField::PullPolicy),
            "#image-pull-policy",
        ),
        (FieldPath::Party(0, PartyField::Namespace), "namespaces"),
        (FieldPath::Party(0, PartyField::NodePort), "#type-nodeport"),
        (FieldPath::Party(0, PartyField::Dmz), "DMZ-deploy.md"),
        (FieldPath::Storage(StorageField::Type), "persistent-volumes"),
        (FieldPath::Storage(StorageField::Class), "storage-classes"),
        (FieldPath::Storage(StorageField::Server), "#nfs"),
        (
            FieldPath::Ingress(IngressField::ClassName),
            "#ingress-class",
        ),
        (FieldPath::Tls(TlsField::Enabled), "osx-tls.md"),
        (FieldPath::Target, "helm.sh/docs"),
    ];
    for (path, part) in cases {
        let docs = help(&path).docs;
        assert!(
            docs.iter().any(|doc| doc.url.contains(part)),
            "{path}: no link with {part}: {docs:?}"
        );
    }
}
