//! The typed form paths (`ui::field_path`) against the reducer and the core: every path is
//! accepted by the setter in a document that has the field, its text parses back to it, it is
//! the path the core's validation reports for that field (a given certificate's PEM fields:
//! the switch above them, where the core reports the certificate), and no two fields share a
//! DOM id.

use std::collections::BTreeSet;
use std::rc::Rc;

use fate_chartgen::generator::config::EXCHANGE_CERTIFICATE;
use fate_chartgen::generator::federation::{OsRandom, RandomSource};
use fate_chartgen::generator::tls::Authority;
use fate_configurator::ui::field_path::{
    CredentialField, ExchangeField, FieldPath, ImagesField, IngressField, PartyField, PemField,
    PlacementComponent, PlacementField, PlacementScope, StorageField, TlsField,
};
use fate_configurator::ui::paths::field_id;
use fate_configurator::ui::state::{Action, State};
use yew::Reducible;

fn reduce(state: &State, action: Action) -> State {
    Rc::unwrap_or_clone(Rc::new(state.clone()).reduce(action))
}

fn set(path: FieldPath, value: &str) -> Action {
    Action::Set {
        path,
        value: value.to_owned(),
    }
}

fn run(mut state: State, actions: impl IntoIterator<Item = Action>) -> State {
    for action in actions {
        state = reduce(&state, action);
    }
    state
}

/// The example with every optional part of the form on: the exchange, a DMZ party, a party with
/// its own placement and two eggs, a pull secret, the Ingress, and `storage` of this type; valid.
fn everything_on(storage: &str) -> State {
    let state = run(
        State::default(),
        [
            set(FieldPath::Exchange, "true"),
            set(FieldPath::Party(0, PartyField::Dmz), "true"),
            set(FieldPath::Party(0, PartyField::DmzHost), "203.0.113.7"),
            set(FieldPath::Party(1, PartyField::Placement), "true"),
            Action::AddEgg(PlacementScope::Party(1)),
            Action::AddEgg(PlacementScope::Shared),
            Action::AddPullSecret,
            set(FieldPath::Ingress(IngressField::Enabled), "true"),
            set(FieldPath::Storage(StorageField::Type), storage),
            set(FieldPath::Storage(StorageField::Server), "10.0.0.50"),
            set(FieldPath::PullSecret(0), "regcred"),
        ],
    );
    assert!(state.errors().is_empty(), "{storage}: {}", state.errors());
    state
}

/// The same for FATE 2.2, whose parties have no DMZ: the exchange, a party with its own
/// placement (fateflow pinned, two nodemanagers), the 2.2 components of the shared placement, a
/// pull secret, the Ingress and `storage` of this type; valid.
fn everything_on_fate2(storage: &str) -> State {
    let component =
        |scope, component| FieldPath::Placement(scope, PlacementField::Component(component));
    let state = run(
        State::default(),
        [
            set(FieldPath::FateVersion, "2.2.0"),
            set(FieldPath::Exchange, "true"),
            set(FieldPath::Party(1, PartyField::Placement), "true"),
            Action::AddEgg(PlacementScope::Party(1)),
            set(
                component(PlacementScope::Party(1), PlacementComponent::Fateflow),
                "node-f",
            ),
            Action::AddEgg(PlacementScope::Shared),
            set(
                component(PlacementScope::Shared, PlacementComponent::Clustermanager),
                "node-c",
            ),
            set(
                component(PlacementScope::Shared, PlacementComponent::Proxy),
                "node-o",
            ),
            Action::AddPullSecret,
            set(FieldPath::Ingress(IngressField::Enabled), "true"),
            set(FieldPath::Storage(StorageField::Type), storage),
            set(FieldPath::Storage(StorageField::Server), "10.0.0.50"),
            set(FieldPath::PullSecret(0), "regcred"),
        ],
    );
    assert!(
        state.errors().is_empty(),
        "2.2 {storage}: {}",
        state.errors()
    );
    assert!(state.config.fate_version.is_fate2());
    state
}

/// The FATE 2.2 state with mutual TLS on, and either the user's own authority (every
/// certificate issued from it here) or the generated authority with the exchange's own
/// certificate given; valid.
fn everything_on_tls(storage: &str, own_authority: bool) -> State {
    let state = run(
        everything_on_fate2(storage),
        [set(FieldPath::Tls(TlsField::Enabled), "true")],
    );
    let now = OsRandom.now_unix().expect("clock");
    let actions = if own_authority {
        let (_, mine) =
            Authority::generate(&mut OsRandom, now, 90, "my own authority").expect("authority");
        vec![
            set(FieldPath::Authority, "true"),
            set(FieldPath::AuthorityPem(PemField::Cert), &mine.cert),
            set(FieldPath::AuthorityPem(PemField::Key), &mine.key),
        ]
    } else {
        let generated = state
            .config
            .certificates
            .authority
            .clone()
            .expect("authority");
        let ca =
            Authority::from_pem(&generated.cert, &generated.key.expect("key")).expect("authority");
        let address = state.config.exchange.clone().expect("exchange").address;
        let own = ca
            .issue(&mut OsRandom, now, 30, "my exchange", &address)
            .expect("issued");
        let id = || EXCHANGE_CERTIFICATE.to_owned();
        vec![
            set(FieldPath::Issued(id()), "true"),
            set(FieldPath::IssuedPem(id(), PemField::Cert), &own.cert),
            set(FieldPath::IssuedPem(id(), PemField::Key), &own.key),
        ]
    };
    let state = run(state, actions);
    assert!(
        state.errors().is_empty(),
        "TLS {storage} {own_authority}: {}",
        state.errors()
    );
    state
}

/// The mutual TLS states (one storage type: the TLS fields do not depend on it).
fn tls_states() -> Vec<State> {
    vec![
        everything_on_tls("nfs", true),
        everything_on_tls("nfs", false),
    ]
}

/// True for the fields of the mutual TLS section.
fn is_tls(path: &FieldPath) -> bool {
    let text = path.to_string();
    text.starts_with("tls.") || text.starts_with("certificates.")
}

/// Both lines' states, for each storage type, and the mutual TLS ones.
fn every_state() -> Vec<State> {
    let mut states: Vec<State> = ["nfs", "storageClass", "existingClaim"]
        .into_iter()
        .flat_map(|storage| [everything_on(storage), everything_on_fate2(storage)])
        .collect();
    states.extend(tls_states());
    states
}

/// Where the core reports a bad value of the field at `path`: the path itself, but for a given
/// certificate's PEM fields the certificate (`certificates.issued.<id>`, the switch above them).
fn reported_at(path: &FieldPath) -> String {
    match path {
        FieldPath::IssuedPem(id, _) => FieldPath::Issued(id.clone()).to_string(),
        other => other.to_string(),
    }
}

/// Every path the form can edit in `state`: built from the enums' `ALL` lists (so a new field
/// is in it without touching this test), with the indexes, ids and DMZ fields `state` has.
fn every_path(state: &State) -> Vec<FieldPath> {
    let config = &state.config;
    let mut out = vec![
        FieldPath::FateVersion,
        FieldPath::Target,
        FieldPath::Exchange,
    ];
    out.extend(ExchangeField::ALL.map(FieldPath::ExchangeField));
    let placement_fields = |eggs: usize| {
        let mut fields = vec![PlacementField::NodeLabel];
        fields.extend(PlacementComponent::ALL.map(PlacementField::Component));
        fields.extend((0..eggs).map(PlacementField::Egg));
        fields
    };
    for (i, party) in config.parties.iter().enumerate() {
        let dmz_field = |field: &PartyField| field.key().starts_with("dmz.");
        out.extend(
            PartyField::ALL
                .into_iter()
                .filter(|field| party.dmz.is_some() || !dmz_field(field))
                .map(|field| FieldPath::Party(i, field)),
        );
        if let Some(own) = &party.placement {
            let scope = PlacementScope::Party(i);
            out.extend(
                placement_fields(own.eggs.len())
                    .into_iter()
                    .map(|field| FieldPath::Placement(scope, field)),
            );
        }
    }
    out.extend(ImagesField::ALL.map(FieldPath::Images));
    out.extend((0..config.images.pull_secrets.len()).map(FieldPath::PullSecret));
    out.extend(StorageField::ALL.map(FieldPath::Storage));
    out.extend(
        placement_fields(config.placement.eggs.len())
            .into_iter()
            .map(|field| FieldPath::Placement(PlacementScope::Shared, field)),
    );
    out.extend(IngressField::ALL.map(FieldPath::Ingress));
    for party in &config.parties {
        out.extend(
            CredentialField::ALL.map(|field| FieldPath::Credential(party.id.clone(), field)),
        );
    }
    // Mutual TLS: the switch; with it on the validity, the own-authority switch (its PEM fields
    // when it is given) and each OSX's own-certificate switch (its PEM fields when given).
    out.push(FieldPath::Tls(TlsField::Enabled));
    if config.tls.enabled {
        out.push(FieldPath::Tls(TlsField::ValidityDays));
        out.push(FieldPath::Authority);
        let certificates = &config.certificates;
        if certificates.authority.is_some() && !state.origins.authority_generated() {
            out.extend(PemField::ALL.map(FieldPath::AuthorityPem));
        }
        let mut owners: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
        if config.exchange.is_some() {
            owners.push(EXCHANGE_CERTIFICATE.to_owned());
        }
        for id in owners {
            out.push(FieldPath::Issued(id.clone()));
            if certificates.issued.contains_key(&id) && !state.origins.generated(&id) {
                out.extend(PemField::ALL.map(|field| FieldPath::IssuedPem(id.clone(), field)));
            }
        }
    }
    out
}

/// Values that between them change any field: text, a number, both switch states and a value
/// of every select that is not its default.
const PROBES: [&str; 9] = [
    "probe-value",
    "31234",
    "true",
    "false",
    "1.3.0",
    "2.2.0",
    "helm2",
    "Always",
    "nfs",
];

/// True when some probe value set at `path` changes the state.
fn accepted(state: &State, path: &FieldPath) -> bool {
    PROBES
        .iter()
        .any(|value| reduce(state, set(path.clone(), value)) != *state)
}

#[test]
fn every_path_is_accepted_where_the_document_has_the_field() {
    let states: Vec<State> = ["nfs", "storageClass", "existingClaim"]
        .into_iter()
        .map(everything_on)
        .collect();
    let mut checked = 0;
    for path in every_path(&states[0]) {
        assert!(
            states.iter().any(|state| accepted(state, &path)),
            "{path} is never accepted"
        );
        checked += 1;
    }
    assert!(checked > 60, "only {checked} paths");
    // The same for FATE 2.2, among 2.2 states only.
    let fate2: Vec<State> = ["nfs", "storageClass", "existingClaim"]
        .into_iter()
        .map(everything_on_fate2)
        .collect();
    for path in every_path(&fate2[0]) {
        assert!(
            fate2.iter().any(|state| accepted(state, &path)),
            "{path} is never accepted in a FATE 2.2 document"
        );
    }
    // The mutual TLS fields, among the TLS states (the own authority's PEM fields exist in one
    // kind, a given certificate's in the other).
    let tls = tls_states();
    let mut tls_paths = 0;
    for state in &tls {
        for path in every_path(state).into_iter().filter(is_tls) {
            assert!(
                tls.iter().any(|state| accepted(state, &path)),
                "{path} is never accepted with mutual TLS on"
            );
            tls_paths += 1;
        }
    }
    // Per state: the switch, the validity, the authority switch, three OSX switches, and two
    // PEM fields (the authority's or the exchange's).
    assert_eq!(tls_paths, 2 * 8);
    // Only the current storage type's fields exist; the others are left alone.
    let nfs = &states[0];
    for field in [
        StorageField::Class,
        StorageField::EggSize,
        StorageField::Claim,
    ] {
        assert!(!accepted(nfs, &FieldPath::Storage(field)), "{field:?}");
    }
}

#[test]
fn every_path_reads_back_from_its_text() {
    for state in every_state() {
        for path in every_path(&state) {
            let text = path.to_string();
            assert_eq!(text.parse::<FieldPath>(), Ok(path), "{text}");
        }
    }
    // Ids are free text while edited: a credential path keeps even a dotted id whole.
    let dotted = FieldPath::Credential("10.000".to_owned(), CredentialField::Mysql);
    assert_eq!(dotted.to_string(), "credentials.10.000.mysqlPassword");
    assert_eq!(dotted.to_string().parse::<FieldPath>(), Ok(dotted));
}

#[test]
fn no_two_fields_share_a_dom_id() {
    for state in [
        everything_on("nfs"),
        everything_on_tls("nfs", true),
        everything_on_tls("nfs", false),
    ] {
        let paths = every_path(&state);
        let ids: BTreeSet<String> = paths.iter().map(|p| field_id(&p.to_string())).collect();
        assert_eq!(ids.len(), paths.len());
    }
}

/// A field's errors are found by its path's text, so the core must report a bad value of the
/// field at exactly that text: then every `FieldError` lands next to its input.
#[test]
fn the_core_reports_a_bad_value_at_the_fields_path() {
    let mut reported = 0;
    for state in every_state() {
        for path in every_path(&state) {
            // Text no name or quantity allows, and a port outside every range.
            for bad in ["-bad value-", "1"] {
                let after = reduce(&state, set(path.clone(), bad));
                let new: BTreeSet<String> = after.errors().0.into_iter().map(|e| e.path).collect();
                if new.is_empty() {
                    continue;
                }
                assert!(
                    new.contains(&reported_at(&path)),
                    "{path} = {bad:?}: errors at {new:?}"
                );
                reported += 1;
            }
        }
    }
    assert!(reported > 300, "only {reported} bad values reported");
}
