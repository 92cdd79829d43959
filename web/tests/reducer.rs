//! The web page's reducer (`ui::state`), natively: every action, undo/redo, import, autosave and
//! share links through the state, plus the pure helpers around it.

use std::rc::Rc;

use fate_chartgen::generator::archive::to_zip;
use fate_chartgen::generator::bundle::generate;
use fate_chartgen::generator::config::{
    Config, FateVersion, HelmTarget, Storage, EXCHANGE_CERTIFICATE,
};
use fate_chartgen::generator::federation::{Federation, OsRandom, RandomError, RandomSource};
use fate_chartgen::generator::share;
use fate_chartgen::generator::tls::{self, Authority};
use fate_configurator::ui::derived::{build, RouteView};
use fate_configurator::ui::field_path::{
    CredentialField, FieldPath, PlacementComponent, PlacementScope,
};
use fate_configurator::ui::import::{from_bundle, from_text, is_env_name, is_zip};
use fate_configurator::ui::state::{Action, NoticeKind, Origin, State, HISTORY_LIMIT};
use yew::Reducible;

fn reduce(state: State, action: Action) -> State {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

fn run(mut state: State, actions: impl IntoIterator<Item = Action>) -> State {
    for action in actions {
        state = reduce(state, action);
    }
    state
}

/// Sets the field named by its document path (a path that is not a field fails the test).
fn set(path: &str, value: &str) -> Action {
    let path: FieldPath = path.parse().expect("a field of the form");
    Action::Set {
        path,
        value: value.to_owned(),
    }
}

/// A new party at `index` (the end), given its address.
fn added(index: usize, address: &str) -> [Action; 2] {
    [
        Action::AddParty,
        set(&format!("parties[{index}].address"), address),
    ]
}

fn ids(state: &State) -> Vec<&str> {
    state.config.parties.iter().map(|p| p.id.as_str()).collect()
}

fn password(state: &State, id: &str, field: CredentialField) -> String {
    field
        .get(&state.config.credentials[id])
        .cloned()
        .unwrap_or_default()
}

/// Every party has the passwords of its FATE line (and no other line's), and there are none
/// for other ids; passwords typed by the user are allowed.
fn assert_line_passwords(state: &State) {
    let mut wanted: Vec<&str> = ids(state);
    wanted.sort();
    wanted.dedup();
    let have: Vec<&str> = state
        .config
        .credentials
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(have, wanted);
    let version = state.config.fate_version;
    for credentials in state.config.credentials.values() {
        for field in CredentialField::ALL {
            let given = field.get(credentials);
            assert_eq!(
                given.is_some(),
                field.used_by(version),
                "{field:?} for {version:?}"
            );
        }
    }
}

/// Every party has the passwords of its FATE line (and no other line's), all generated, and
/// there are none for other ids.
fn assert_credentials_complete(state: &State) {
    let mut wanted: Vec<&str> = ids(state);
    wanted.sort();
    wanted.dedup();
    let have: Vec<&str> = state
        .config
        .credentials
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(have, wanted);
    let version = state.config.fate_version;
    for credentials in state.config.credentials.values() {
        for field in CredentialField::ALL {
            if !field.used_by(version) {
                assert_eq!(field.get(credentials), None, "{field:?} for {version:?}");
                continue;
            }
            let value = field.get(credentials).expect("password missing");
            assert_eq!(value.len(), 24);
            assert!(value.chars().all(|c| c.is_ascii_alphanumeric()));
        }
    }
}

fn paths_with_errors(state: &State) -> Vec<String> {
    state.errors().0.into_iter().map(|e| e.path).collect()
}

#[test]
fn default_state_is_the_example_with_generated_passwords() {
    let state = State::default();
    assert_eq!(ids(&state), ["10000", "9999"]);
    assert!(state.config.exchange.is_some());
    assert_eq!(state.config.without_credentials(), Config::example());
    assert_credentials_complete(&state);
    assert!(state.errors().is_empty());
    assert!(!state.can_undo() && !state.can_redo());
    // Six different passwords.
    let mut all: Vec<String> = ["10000", "9999"]
        .iter()
        .flat_map(|id| {
            CredentialField::of_line(state.config.fate_version).map(|f| password(&state, id, f))
        })
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 6);
}

#[test]
fn add_party_picks_a_new_id_and_free_port_and_leaves_the_address_to_the_operator() {
    let state = run(State::default(), [Action::AddParty]);
    assert_eq!(ids(&state), ["10000", "9999", "10001"]);
    let party = &state.config.parties[2];
    // No invented address: it is required, and the problem is at its field.
    assert_eq!(party.address, "");
    assert_eq!(paths_with_errors(&state), ["parties[2].address"]);
    assert_eq!(party.node_port, Some(30001));
    assert_credentials_complete(&state);
    let state = run(state, [Action::AddParty]);
    assert_eq!(state.config.parties[3].id, "10002");
    assert_eq!(state.config.parties[3].node_port, Some(30002));
    let state = run(
        state,
        [
            set("parties[2].address", "10.0.0.5"),
            set("parties[3].address", "10.0.0.6"),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
}

#[test]
fn remove_party_drops_its_passwords() {
    let state = run(State::default(), [Action::RemoveParty(0)]);
    assert_eq!(ids(&state), ["9999"]);
    assert_credentials_complete(&state);
    // Out of range: nothing happens, nothing is recorded.
    let before = state.clone();
    let state = reduce(state, Action::RemoveParty(5));
    assert_eq!(state, before);
    // Removing the last party is allowed and reported by validation.
    let state = run(state, [Action::RemoveParty(0)]);
    assert!(paths_with_errors(&state).contains(&"parties".to_owned()));
}

#[test]
fn reorder_moves_parties_with_their_passwords() {
    let state = run(State::default(), [Action::AddParty]);
    let p = password(&state, "10001", CredentialField::Redis);
    let state = run(state, [Action::MoveParty { from: 2, to: 0 }]);
    assert_eq!(ids(&state), ["10001", "10000", "9999"]);
    assert_eq!(password(&state, "10001", CredentialField::Redis), p);
    let state = run(state, [Action::MoveParty { from: 0, to: 1 }]);
    assert_eq!(ids(&state), ["10000", "10001", "9999"]);
    let before = state.clone();
    assert_eq!(reduce(state, Action::MoveParty { from: 0, to: 9 }), before);
}

#[test]
fn duplicate_inserts_a_valid_copy_with_its_own_passwords() {
    let state = run(
        State::default(),
        [
            set("parties[0].namespace", "fate-a"),
            set("parties[0].fateboardHost", "a.example.org"),
            Action::DuplicateParty(0),
        ],
    );
    assert_eq!(ids(&state), ["10000", "10001", "9999"]);
    let copy = &state.config.parties[1];
    assert_eq!(copy.address, "192.168.11.2");
    assert_ne!(copy.node_port, Some(30010));
    assert_eq!(copy.namespace, None);
    assert_eq!(copy.fateboard_host, None);
    assert_ne!(
        password(&state, "10000", CredentialField::Mysql),
        password(&state, "10001", CredentialField::Mysql)
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    // A DMZ party duplicates with fresh DMZ NodePorts.
    let state = run(
        state,
        [
            set("parties[2].dmz", "true"),
            set("parties[2].dmz.host", "203.0.113.7"),
            set("parties[2].dmz.port", "19370"),
            Action::DuplicateParty(2),
        ],
    );
    assert_eq!(state.config.parties[3].id, "10002");
    let (a, b) = (
        state.config.parties[2].dmz.clone().expect("dmz"),
        state.config.parties[3].dmz.clone().expect("dmz"),
    );
    assert_ne!(a.federation_node_port, b.federation_node_port);
    // Both proxies on one DMZ host and port is the one remaining problem.
    assert_eq!(paths_with_errors(&state), ["parties[3].dmz.port"]);
}

#[test]
fn editing_an_id_keeps_the_party_passwords() {
    let state = State::default();
    let before = password(&state, "10000", CredentialField::MysqlRoot);
    // Typing 10000 → 1000 → 10005, keystroke by keystroke.
    let state = run(
        state,
        [set("parties[0].id", "1000"), set("parties[0].id", "10005")],
    );
    assert_eq!(ids(&state), ["10005", "9999"]);
    assert_eq!(
        password(&state, "10005", CredentialField::MysqlRoot),
        before
    );
    assert_credentials_complete(&state);
    // Taking another party's id: the duplicate is an error; the passwords stay with 9999.
    let other = password(&state, "9999", CredentialField::Redis);
    let state = run(state, [set("parties[0].id", "9999")]);
    assert_eq!(password(&state, "9999", CredentialField::Redis), other);
    assert!(paths_with_errors(&state).contains(&"parties[1].id".to_owned()));
}

#[test]
fn number_fields_report_text_that_is_not_a_number() {
    let state = run(State::default(), [set("parties[1].nodePort", "99999")]);
    assert_eq!(state.config.parties[1].node_port, Some(99999));
    let errors = state.errors();
    let error = errors.at("parties[1].nodePort").next().expect("error");
    assert!(error.message.contains("outside the NodePort range"));

    let state = run(state, [set("parties[1].nodePort", "30o09")]);
    assert_eq!(state.draft("parties[1].nodePort"), Some("30o09"));
    let messages: Vec<String> = state
        .errors()
        .at("parties[1].nodePort")
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(messages, ["`30o09` is not a number"]);

    let state = run(state, [set("exchange.nodePort", "")]);
    assert_eq!(state.draft("exchange.nodePort"), Some(""));
    assert!(paths_with_errors(&state).contains(&"exchange.nodePort".to_owned()));

    let state = run(
        state,
        [
            set("parties[1].nodePort", "30009"),
            set("exchange.nodePort", "30000"),
        ],
    );
    assert_eq!(state.draft("parties[1].nodePort"), None);
    assert!(state.errors().is_empty(), "{}", state.errors());
    // An empty party NodePort means "none" (required without a DMZ).
    let state = run(state, [set("parties[0].nodePort", "")]);
    assert_eq!(state.config.parties[0].node_port, None);
    assert_eq!(paths_with_errors(&state), ["parties[0].nodePort"]);
}

#[test]
fn undo_redo_with_one_step_per_field() {
    let start = State::default();
    // Typing "10.0.0.1" in one field is one undo step; another field starts a new one.
    let state = run(
        start.clone(),
        [
            set("exchange.address", "1"),
            set("exchange.address", "10"),
            set("exchange.address", "10.0.0.1"),
            set("images.registry", "harbor.example/fate"),
            Action::AddParty,
        ],
    );
    assert_eq!(state.config.parties.len(), 3);
    let state = reduce(state, Action::Undo);
    assert_eq!(state.config.parties.len(), 2);
    assert_eq!(state.config.images.registry, "harbor.example/fate");
    let state = reduce(state, Action::Undo);
    assert_eq!(state.config.images.registry, "");
    let exchange = |s: &State| s.config.exchange.clone().expect("exchange").address;
    assert_eq!(exchange(&state), "10.0.0.1");
    let state = reduce(state, Action::Undo);
    assert_eq!(exchange(&state), "192.168.11.4");
    assert_eq!(state.config, start.config);
    assert!(!state.can_undo());
    // Undo with nothing to undo changes nothing.
    let again = reduce(state.clone(), Action::Undo);
    assert_eq!(again.config, state.config);

    let state = run(state, [Action::Redo, Action::Redo]);
    assert_eq!(state.config.images.registry, "harbor.example/fate");
    assert!(state.can_redo());
    // A new edit forgets the redo branch.
    let state = reduce(state, set("ingress.className", "traefik"));
    assert!(!state.can_redo());
    let state = reduce(state, Action::Redo);
    assert_eq!(state.config.parties.len(), 2);
    // After undo, typing in the same field again is a new step.
    let state = run(
        state,
        [
            Action::Undo,
            set("ingress.className", "haproxy"),
            set("ingress.className", "haproxy2"),
            Action::Undo,
        ],
    );
    assert_eq!(state.config.ingress.class_name, "nginx");
}

#[test]
fn undo_restores_number_drafts_and_history_is_bounded() {
    let state = run(
        State::default(),
        [
            set("parties[0].nodePort", "x"),
            set("images.tag", "1.2.0-release"),
        ],
    );
    let state = reduce(state, Action::Undo);
    assert_eq!(state.draft("parties[0].nodePort"), Some("x"));
    let state = reduce(state, Action::Undo);
    assert_eq!(state.draft("parties[0].nodePort"), None);

    let mut state = State::default();
    for _ in 0..HISTORY_LIMIT + 20 {
        state = run(state, [Action::AddParty]);
    }
    let mut undone = 0;
    while state.can_undo() {
        state = reduce(state, Action::Undo);
        undone += 1;
    }
    assert_eq!(undone, HISTORY_LIMIT);
    assert_eq!(state.config.parties.len(), 22);
}

#[test]
fn import_replaces_the_state_and_can_be_undone() {
    let state = run(
        State::default(),
        [Action::AddParty, set("images.registry", "harbor.example/x")],
    );
    let before = state.config.clone();
    let seed = include_str!("../../tests/fixtures/seed/kube-mesh.cfg");
    let (config, notice) = from_text(seed, None).expect("seed imports");
    let state = run(
        state,
        [
            set("parties[0].nodePort", "oops"),
            Action::Import {
                config: Box::new(config.clone()),
                notice,
            },
        ],
    );
    assert_eq!(state.config.without_credentials(), config);
    assert!(state.drafts.is_empty());
    assert_credentials_complete(&state);
    let notice = state.notice.clone().expect("notice");
    assert_eq!(notice.kind, NoticeKind::Info);
    assert!(notice.title.starts_with("Imported kube.cfg"));
    let state = run(state, [Action::Undo, Action::Undo]);
    assert_eq!(state.config, before);
}

#[test]
fn importing_a_document_keeps_its_passwords() {
    let text = "version: 1\nparties:\n  - id: 7\n    address: 10.0.0.7\n    nodePort: 30007\ncredentials:\n  \"7\":\n    redisPassword: my-own-redis-pass\n";
    let (config, notice) = from_text(text, None).expect("document");
    assert!(notice
        .lines
        .iter()
        .any(|l| l.contains("Passwords from the document")));
    let state = reduce(
        State::default(),
        Action::Import {
            config: Box::new(config),
            notice,
        },
    );
    assert_eq!(
        password(&state, "7", CredentialField::Redis),
        "my-own-redis-pass"
    );
    assert_eq!(password(&state, "7", CredentialField::Mysql).len(), 24);
    assert!(state.config.exchange.is_none());
}

#[test]
fn failed_imports_name_the_problem() {
    let error = from_text("partylist=(10000\n", None).expect_err("unterminated array");
    assert!(error.contains("kube.cfg"), "{error}");
    let error = from_text("version: 1\nparties: 5\n", None).expect_err("bad document");
    assert!(error.starts_with("config document"), "{error}");
    assert!(from_text("  \n", None).is_err());
    let error = from_bundle("x.zip", b"PK\x03\x04broken").expect_err("broken zip");
    assert!(error.starts_with("x.zip"), "{error}");
    assert!(is_zip(b"PK\x03\x04rest") && !is_zip(b"partylist=()"));
    assert!(is_env_name(".env") && is_env_name("env-harbor") && !is_env_name("kube.cfg"));
}

#[test]
fn the_seed_kube_cfg_and_env_import() {
    let (config, notice) = from_text(
        include_str!("../../tests/fixtures/seed/kube.cfg"),
        Some(include_str!("../../tests/fixtures/seed/.env")),
    )
    .expect("seed");
    assert_eq!(config.parties.len(), 2);
    assert!(notice.title.contains("2 parties"));
    assert!(notice
        .lines
        .iter()
        .any(|l| l.contains("new ones have been generated")));
    let state = State::new(config);
    assert!(state.errors().is_empty(), "{}", state.errors());
}

#[test]
fn a_downloaded_bundle_imports_with_its_passwords() {
    let state = run(State::default(), added(2, "192.168.11.5"));
    let output = build(&state.config).expect("valid");
    let zip = to_zip(&output.bundle).expect("zip");
    let (config, notice) = from_bundle("fate-federation.zip", &zip).expect("bundle");
    assert_eq!(config, *state.config);
    assert!(notice.title.contains("3 parties"));
}

#[test]
fn autosave_never_holds_passwords_and_restores_the_document() {
    let state = run(
        State::default(),
        [
            Action::AddParty,
            set("credentials.10000.mysqlPassword", "my-own-password-1"),
        ],
    );
    let text = state.autosave_text().expect("autosave");
    assert!(!text.contains("credentials"));
    for credentials in state.config.credentials.values() {
        for field in CredentialField::of_line(state.config.fate_version) {
            let value = field.get(credentials).expect("set");
            assert!(!text.contains(value.as_str()), "autosave holds a password");
        }
    }
    let (restored, origin) = State::load("", Some(&text), false);
    assert_eq!(origin, Origin::Autosave);
    assert_eq!(
        restored.config.without_credentials(),
        state.config.without_credentials()
    );
    assert_credentials_complete(&restored);
    assert_ne!(
        password(&restored, "10000", CredentialField::Mysql),
        "my-own-password-1"
    );
    assert!(restored.notice.expect("notice").title.contains("Restored"));
    // Nothing saved, or garbage saved: an empty document and the preset chooser.
    let (first, origin) = State::load("", None, false);
    assert_eq!(origin, Origin::Defaults);
    assert!(first.choosing_preset);
    assert!(first.config.parties.is_empty() && first.config.exchange.is_none());
    assert_eq!(
        State::load("", Some("{not json"), false).1,
        Origin::Defaults
    );
}

#[test]
fn share_link_round_trip_through_the_state() {
    let state = run(
        State::default(),
        [
            Action::AddParty,
            set("parties[2].address", "10.0.0.3"),
            set("parties[2].dmz", "true"),
            set("parties[2].dmz.host", "dmz.example.org"),
            set("storage.type", "nfs"),
            set("storage.server", "10.0.0.50"),
            set("fateVersion", "1.3.0"),
            set("target", "helm2"),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    let link = state
        .share_link("https://example.org/configurator/index.html#old")
        .expect("share link");
    assert!(link.starts_with("https://example.org/configurator/index.html#c=1."));
    for credentials in state.config.credentials.values() {
        for field in CredentialField::of_line(state.config.fate_version) {
            assert!(!link.contains(field.get(credentials).expect("set").as_str()));
        }
    }
    let fragment = &link[link.find('#').expect("fragment")..];
    let (opened, origin) = State::load(fragment, Some("{\"ignored\": true}"), false);
    assert_eq!(origin, Origin::ShareLink);
    assert_eq!(
        opened.config.without_credentials(),
        state.config.without_credentials()
    );
    assert_credentials_complete(&opened);
    let notice = opened.notice.clone().expect("notice");
    assert_eq!(notice.kind, NoticeKind::Warning);
    assert!(notice.lines[0].contains("new passwords have been generated"));
    assert_eq!(opened.share_encoding(), state.share_encoding());
}

#[test]
fn a_share_link_replacing_an_autosave_can_be_undone() {
    let mine = run(State::default(), [Action::AddParty, Action::AddParty]);
    let theirs = run(
        State::default(),
        [set("images.registry", "harbor.example/fate")],
    );
    let link = theirs
        .share_link("https://example.org/")
        .expect("share link");
    let fragment = &link[link.find('#').expect("fragment")..];
    let (opened, _) = State::load(
        fragment,
        Some(&mine.autosave_text().expect("autosave")),
        false,
    );
    assert_eq!(opened.config.images.registry, "harbor.example/fate");
    assert!(opened.notice.clone().expect("notice").lines[2].contains("Undo"));
    let back = reduce(opened, Action::Undo);
    assert_eq!(back.config.parties.len(), 4);
    assert_credentials_complete(&back);
    // Same document autosaved: nothing to undo.
    let (opened, _) = State::load(
        fragment,
        Some(&theirs.autosave_text().expect("autosave")),
        false,
    );
    assert!(!opened.can_undo());
}

#[test]
fn a_broken_share_link_falls_back_to_the_autosave_with_an_error() {
    let saved = run(State::default(), [Action::AddParty])
        .autosave_text()
        .expect("autosave");
    let (state, origin) = State::load("#c=1.zbroken!!", Some(&saved), false);
    assert_eq!(origin, Origin::Autosave);
    assert_eq!(state.config.parties.len(), 3);
    let notice = state.notice.expect("notice");
    assert_eq!(notice.kind, NoticeKind::Error);
}

#[test]
fn switches_keep_what_was_typed() {
    let state = run(
        State::default(),
        [
            set("exchange.address", "10.1.1.1"),
            set("exchange", "false"),
        ],
    );
    assert!(state.config.exchange.is_none());
    assert!(
        state.errors().is_empty(),
        "mesh is valid: {}",
        state.errors()
    );
    let state = reduce(state, set("exchange", "true"));
    assert_eq!(
        state.config.exchange.clone().expect("exchange").address,
        "10.1.1.1"
    );

    let state = run(
        state,
        [
            set("storage.type", "nfs"),
            set("storage.server", "nfs.example.org"),
            set("storage.type", "storageClass"),
            set("storage.class", "fast"),
            set("storage.sizes.egg", "200Gi"),
        ],
    );
    match &state.config.storage {
        Storage::StorageClass { class, sizes } => {
            assert_eq!(class, "fast");
            assert_eq!(sizes.egg, "200Gi");
        }
        other => panic!("{other:?}"),
    }
    let state = reduce(state, set("storage.type", "nfs"));
    assert!(
        matches!(&state.config.storage, Storage::Nfs { server, .. } if server == "nfs.example.org")
    );
    let state = reduce(state, set("storage.type", "existingClaim"));
    assert!(state.errors().is_empty());
    let state = reduce(state, set("storage.type", "none"));
    assert_eq!(state.config.storage, Storage::None);

    // DMZ on: the NodePort goes (a DMZ proxy has none); off: a free NodePort comes back.
    let state = reduce(state, set("parties[0].dmz", "true"));
    assert_eq!(state.config.parties[0].node_port, None);
    let dmz = state.config.parties[0].dmz.clone().expect("dmz");
    assert_ne!(dmz.federation_node_port, dmz.fateflow_node_port);
    assert_eq!(paths_with_errors(&state), ["parties[0].dmz.host"]);
    let state = reduce(state, set("parties[0].dmz", "false"));
    assert!(state.config.parties[0].node_port.is_some());
    assert!(state.errors().is_empty(), "{}", state.errors());

    // Own placement starts as a copy of the shared one.
    let state = run(
        state,
        [
            set("placement.proxy", "edge"),
            set("parties[1].placement", "true"),
            set("parties[1].placement.python", "gpu"),
            Action::AddEgg(PlacementScope::Party(1)),
            set("parties[1].placement.eggs[1]", "big"),
        ],
    );
    let own = state.config.parties[1]
        .placement
        .clone()
        .expect("placement");
    assert_eq!(own.proxy, "edge");
    assert_eq!(own.python, "gpu");
    assert_eq!(own.eggs, ["", "big"]);
    assert_eq!(state.config.placement.eggs, [""]);
    let state = reduce(
        state,
        Action::RemoveEgg {
            scope: PlacementScope::Party(1),
            index: 0,
        },
    );
    assert_eq!(
        state.config.parties[1].placement.clone().expect("p").eggs,
        ["big"]
    );
    let state = reduce(state, set("parties[1].placement", "false"));
    assert!(state.config.parties[1].placement.is_none());
}

#[test]
fn every_form_path_is_accepted_and_absent_fields_are_left_alone() {
    let state = run(
        State::default(),
        [
            set("ingress.enabled", "false"),
            set("ingress.enabled", "true"),
            set("ingress.tlsSecret", "fate-tls"),
            set("images.tag", "1.2.0-custom"),
            set("images.mysqlTag", "8.0.40"),
            set("images.redisTag", "5.0.14"),
            set("images.pullPolicy", "Always"),
            Action::AddPullSecret,
            set("images.pullSecrets[0]", "regcred"),
            set("exchange.namespace", "fate-x"),
            set("exchange.nodeLabelValue", "edge"),
            set("placement.nodeLabel", "example.org/role"),
            set("placement.metaService", "a"),
            set("placement.mysql", "b"),
            set("placement.redis", "c"),
            set("placement.roll", "d"),
            set("placement.federation", "e"),
            Action::AddEgg(PlacementScope::Shared),
            set("placement.eggs[1]", "f"),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    let config = &state.config;
    assert_eq!(config.images.pull_secrets, ["regcred"]);
    assert_eq!(config.images.tag.as_deref(), Some("1.2.0-custom"));
    assert_eq!(config.placement.eggs, ["", "f"]);
    assert_eq!(config.ingress.tls_secret, "fate-tls");
    let state = run(state, [Action::RemovePullSecret(0), set("images.tag", "")]);
    assert!(state.config.images.pull_secrets.is_empty());
    assert_eq!(state.config.images.tag, None);

    // Fields the document does not have right now: nothing happens, nothing is recorded.
    let before = state.clone();
    for path in [
        "parties[9].id",
        "parties[0].dmz.host", // no DMZ on this party
        "parties[0].dmz.port", // not even a draft
        "storage.server",      // storage is none
        "credentials.424242.mysqlPassword",
        "images.pullSecrets[3]",
        "parties[0].placement.eggs[0]", // no own placement
        "placement.eggs[5]",
    ] {
        let after = reduce(before.clone(), set(path, "x"));
        assert_eq!(after, before, "{path} changed the state");
    }
    // Text that names no field is not a path at all.
    for text in ["nope", "parties[x].id", "storage.sizes", "ingress"] {
        assert!(text.parse::<FieldPath>().is_err(), "{text} parsed");
    }
}

#[test]
fn own_and_regenerated_passwords() {
    let state = run(
        State::default(),
        [set("credentials.10000.mysqlRootPassword", "short")],
    );
    assert_eq!(
        paths_with_errors(&state),
        ["credentials.10000.mysqlRootPassword"]
    );
    let state = reduce(state, set("credentials.10000.mysqlRootPassword", ""));
    assert!(
        !state.errors().is_empty(),
        "an emptied password is an error, not a new one"
    );
    let state = reduce(
        state,
        set("credentials.10000.mysqlRootPassword", "Correct-Horse-42"),
    );
    assert!(state.errors().is_empty());

    let keep = password(&state, "9999", CredentialField::Redis);
    let old = password(&state, "10000", CredentialField::Redis);
    let state = reduce(
        state,
        Action::RegenerateCredentials(Some("10000".to_owned())),
    );
    assert_ne!(password(&state, "10000", CredentialField::Redis), old);
    assert_ne!(
        password(&state, "10000", CredentialField::MysqlRoot),
        "Correct-Horse-42"
    );
    assert_eq!(password(&state, "9999", CredentialField::Redis), keep);
    let state = reduce(state, Action::RegenerateCredentials(None));
    assert_ne!(password(&state, "9999", CredentialField::Redis), keep);
    assert_credentials_complete(&state);
}

/// A random source that must never be asked: the page's passwords are always complete.
struct NoRandom;
impl RandomSource for NoRandom {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), RandomError> {
        Err(RandomError("randomness used".to_owned()))
    }
}

#[test]
fn the_preview_is_the_cli_output_for_the_same_document_and_passwords() {
    let state = run(State::default(), added(2, "192.168.11.5"));
    let output = build(&state.config).expect("valid");
    let federation = Federation::new(&state.config, &mut NoRandom).expect("no randomness needed");
    let cli = generate(&federation);
    assert_eq!(output.bundle, cli);
    assert_eq!(
        to_zip(&output.bundle).expect("zip"),
        to_zip(&build(&state.config).expect("valid").bundle).expect("zip")
    );
    assert!(output.topology.contains("party 10001"));
    assert!(output.routes.rows.iter().any(|(id, _, _)| id == "10001"));
    assert!(output.install.contains("./install.sh"));
    assert!(output.install.contains("helm install fate-10001"));
}

#[test]
fn export_document_reads_back_without_passwords() {
    let state = run(State::default(), [Action::AddParty]);
    let text = state.export_document().expect("export");
    assert!(!text.contains("credentials"));
    let (config, _) = from_text(&text, None).expect("export reads back");
    assert_eq!(config, state.config.without_credentials());
}

#[test]
fn notices_and_reset() {
    let state = run(State::default(), [Action::AddParty, Action::Reset]);
    assert_eq!(state.config.parties.len(), 2);
    assert!(state
        .notice
        .clone()
        .expect("notice")
        .title
        .contains("Reset"));
    let state = reduce(state, Action::DismissNotice);
    assert!(state.notice.is_none());
    let state = reduce(state, Action::Undo);
    assert_eq!(state.config.parties.len(), 3);
}

// The FATE 2.2 line in the form: the version switch, its fields, its credentials, its preview.

fn errors_sorted(state: &State) -> Vec<String> {
    let mut paths = paths_with_errors(state);
    paths.sort();
    paths
}

#[test]
fn every_fate_version_can_be_chosen_and_other_text_is_ignored() {
    let mut state = State::default();
    for version in FateVersion::ALL {
        state = reduce(state, set("fateVersion", version.as_str()));
        assert_eq!(state.config.fate_version, version);
        assert_credentials_complete(&state);
        assert!(state.errors().is_empty(), "{version:?}: {}", state.errors());
    }
    // Not a version: nothing changes, nothing is recorded (it used to fall back to 1.2.0).
    let before = state.clone();
    for text in ["", "9.9.9", "2.2", "v2.2.0"] {
        assert_eq!(
            reduce(before.clone(), set("fateVersion", text)),
            before,
            "{text}"
        );
    }
    // Within the 1.x line the passwords stay as they are.
    let state = run(State::default(), [set("fateVersion", "1.2.0")]);
    let redis = password(&state, "10000", CredentialField::Redis);
    let state = reduce(state, set("fateVersion", "1.3.0"));
    assert_eq!(password(&state, "10000", CredentialField::Redis), redis);
}

#[test]
fn switching_to_fate_2_2_keeps_what_was_typed_and_reports_what_the_line_rejects() {
    let typed_redis = "My-own-redis-password-1";
    let state = run(
        State::default(),
        [
            // The own placement starts as a copy of the shared one, before the shared edits.
            set("parties[1].placement", "true"),
            set("parties[1].placement.metaService", "node-m"),
            set("placement.python", "node-p"),
            set("placement.roll", "node-r"),
            set("parties[0].dmz", "true"),
            set("parties[0].dmz.host", "203.0.113.7"),
            set("target", "helm2"),
            set("credentials.10000.redisPassword", typed_redis),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    let mysql = password(&state, "10000", CredentialField::Mysql);

    let state = reduce(state, set("fateVersion", "2.2.0"));
    assert_eq!(state.config.fate_version, FateVersion::V2_2_0);
    // Nothing typed is gone: each field the line rejects is an error at its own path (so it
    // lands next to its input) ...
    assert_eq!(state.config.placement.python, "node-p");
    assert!(state.config.parties[0].dmz.is_some());
    assert_eq!(state.config.target, HelmTarget::Helm2);
    assert_eq!(
        errors_sorted(&state),
        [
            "parties[0].dmz",
            "parties[1].placement.metaService",
            "placement.python",
            "placement.roll",
            "target"
        ]
    );
    // ... except the passwords: the redis ones are put aside (no error for passwords nobody
    // asked for), fateboard ones generated; mysql's are shared by both lines and kept.
    assert_line_passwords(&state);
    assert_eq!(password(&state, "10000", CredentialField::Mysql), mysql);
    let fateboard = password(&state, "10000", CredentialField::Fateboard);

    // Fixing the listed fields gives a FATE 2.2 bundle.
    let state = run(
        state,
        [
            set("placement.python", ""),
            set("placement.fateflow", "node-p"),
            set("placement.roll", ""),
            set("placement.clustermanager", "node-r"),
            set("parties[1].placement.metaService", ""),
            set("parties[0].dmz", "false"),
            set("target", "helm3"),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    // The DMZ switched off gives the party its own NodePort back.
    assert_eq!(state.config.parties[0].node_port, Some(30010));
    let output = build(&state.config).expect("valid");
    let values = &output.bundle.files["fate-10000/values.yaml"].contents;
    assert!(values.contains("osx:") && values.contains("clustermanager:"));
    assert!(values.contains(&fateboard) && !values.contains(typed_redis));

    // Back to 1.x: the typed redis password is there again, the fateboard one put aside ...
    let state = reduce(state, set("fateVersion", "1.3.0"));
    assert_line_passwords(&state);
    assert_eq!(
        password(&state, "10000", CredentialField::Redis),
        typed_redis
    );
    // The 2.2 components are kept too, and now reported.
    assert_eq!(
        errors_sorted(&state),
        ["placement.clustermanager", "placement.fateflow"]
    );
    // ... and it comes back on the next switch to 2.2, even after an id edit.
    let state = run(
        state,
        [set("parties[0].id", "10005"), set("fateVersion", "2.2.0")],
    );
    assert_line_passwords(&state);
    assert_eq!(
        password(&state, "10005", CredentialField::Fateboard),
        fateboard
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
}

#[test]
fn the_version_switch_is_one_undo_step() {
    let state = run(State::default(), [set("placement.python", "node-p")]);
    let before = state.config.clone();
    let state = reduce(state, set("fateVersion", "2.2.0"));
    assert_eq!(errors_sorted(&state), ["placement.python"]);
    let state = reduce(state, Action::Undo);
    assert_eq!(state.config, before);
    assert!(state.errors().is_empty());
    let state = reduce(state, Action::Redo);
    assert_eq!(state.config.fate_version, FateVersion::V2_2_0);
    assert_credentials_complete(&state);
}

#[test]
fn fate_2_2_placement_and_fateboard_password_reach_the_bundle() {
    let state = run(
        State::default(),
        [
            set("fateVersion", "2.2.0"),
            set("placement.nodeLabel", "example.org/fate"),
            set("placement.proxy", "edge"),
            set("placement.clustermanager", "node-cm"),
            set("placement.fateflow", "node-ff"),
            set("placement.mysql", "node-db"),
            set("placement.eggs[0]", "node-nm0"),
            Action::AddEgg(PlacementScope::Shared),
            set("placement.eggs[1]", "node-nm1"),
            set("parties[1].placement", "true"),
            set("parties[1].placement.fateflow", "node-ff-9999"),
            set("credentials.10000.fateboardPassword", "Fateboard-Admin-42"),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_eq!(state.config.placement.clustermanager, "node-cm");
    assert_eq!(state.config.placement.fateflow, "node-ff");
    let own = state.config.parties[1].placement.as_ref().expect("own");
    assert_eq!(own.fateflow, "node-ff-9999");
    assert_eq!(own.eggs.len(), 2, "the own placement starts as a copy");
    assert_eq!(
        password(&state, "10000", CredentialField::Fateboard),
        "Fateboard-Admin-42"
    );
    let output = build(&state.config).expect("valid");
    let values = &output.bundle.files["fate-10000/values.yaml"].contents;
    for text in [
        "node-cm",
        "node-ff",
        "node-db",
        "nodemanager-0",
        "node-nm0",
        "nodemanager-1",
        "node-nm1",
        "edge",
        "Fateboard-Admin-42",
    ] {
        assert!(values.contains(text), "values.yaml lacks {text}");
    }
    let theirs = &output.bundle.files["fate-9999/values.yaml"].contents;
    assert!(theirs.contains("node-ff-9999") && !theirs.contains("Fateboard-Admin-42"));
    // The same bytes as the CLI from the same document and passwords.
    let federation = Federation::new(&state.config, &mut NoRandom).expect("no randomness");
    assert_eq!(output.bundle, generate(&federation));
    // Passwords (the fateboard one too) are in neither the autosave nor the share link.
    let saved = state.autosave_text().expect("autosave");
    let link = state.share_link("https://example.org/").expect("link");
    for credentials in state.config.credentials.values() {
        for field in CredentialField::of_line(FateVersion::V2_2_0) {
            let value = field.get(credentials).expect("set");
            assert!(!saved.contains(value.as_str()) && !link.contains(value.as_str()));
        }
    }
    // A share link of a 2.2 federation opens as one, with fresh fateboard passwords.
    let (opened, _) = State::load(&link[link.find('#').expect("fragment")..], None, false);
    assert_eq!(opened.config.fate_version, FateVersion::V2_2_0);
    assert_credentials_complete(&opened);
    assert_ne!(
        password(&opened, "10000", CredentialField::Fateboard),
        "Fateboard-Admin-42"
    );
}

#[test]
fn the_other_lines_fields_are_errors_where_the_form_shows_them() {
    let state = run(State::default(), [set("fateVersion", "2.2.0")]);
    for component in PlacementComponent::ALL {
        for scope in ["placement", "parties[0].placement"] {
            let path = format!("{scope}.{}", component.key());
            let after = run(
                state.clone(),
                [set("parties[0].placement", "true"), set(&path, "node-x")],
            );
            let expected: Vec<String> = if component.used_by(FateVersion::V2_2_0) {
                vec![]
            } else {
                vec![path.clone()]
            };
            assert_eq!(paths_with_errors(&after), expected, "{path}");
        }
    }
    let path = "credentials.10000.redisPassword";
    let after = reduce(state, set(path, "Own-redis-password-42"));
    assert_eq!(paths_with_errors(&after), [path]);
    // 1.x rejects the 2.2 components and the fateboard password the same way.
    let state = State::default();
    for key in ["clustermanager", "fateflow"] {
        let path = format!("placement.{key}");
        let after = reduce(state.clone(), set(&path, "node-x"));
        assert_eq!(paths_with_errors(&after), [path]);
    }
    let path = "credentials.9999.fateboardPassword";
    let after = reduce(state, set(path, "Own-board-password-42"));
    assert_eq!(paths_with_errors(&after), [path]);
}

#[test]
fn an_imported_document_with_the_other_lines_passwords_can_be_fixed_in_the_form() {
    let text = "version: 1\nfateVersion: 2.2.0\nparties:\n  - id: 7\n    address: 10.0.0.7\n    nodePort: 30007\ncredentials:\n  \"7\":\n    redisPassword: my-own-redis-pass\n    fateboardPassword: my-own-board-pass\n";
    let (config, notice) = from_text(text, None).expect("document");
    let state = reduce(
        State::default(),
        Action::Import {
            config: Box::new(config),
            notice,
        },
    );
    // Kept (not dropped unseen) and reported at the field the form shows with a Remove button.
    assert_eq!(
        password(&state, "7", CredentialField::Redis),
        "my-own-redis-pass"
    );
    assert_eq!(paths_with_errors(&state), ["credentials.7.redisPassword"]);
    let state = reduce(
        state,
        Action::RemoveCredential {
            id: "7".to_owned(),
            field: CredentialField::Redis,
        },
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    let given = &state.config.credentials["7"];
    assert_eq!(CredentialField::Redis.get(given), None);
    assert_eq!(CredentialField::Mysql.get(given).map(String::len), Some(24));
    assert_eq!(
        password(&state, "7", CredentialField::Fateboard),
        "my-own-board-pass"
    );
    // Removing one of the line's passwords generates it anew; removing an absent one does
    // nothing.
    let state = reduce(
        state,
        Action::RemoveCredential {
            id: "7".to_owned(),
            field: CredentialField::Fateboard,
        },
    );
    assert_credentials_complete(&state);
    assert_ne!(
        password(&state, "7", CredentialField::Fateboard),
        "my-own-board-pass"
    );
    let before = state.clone();
    for (id, field) in [("7", CredentialField::Redis), ("8", CredentialField::Mysql)] {
        let after = reduce(
            before.clone(),
            Action::RemoveCredential {
                id: id.to_owned(),
                field,
            },
        );
        assert_eq!(after, before);
    }
}

#[test]
fn passwords_put_aside_by_a_switch_do_not_outlive_an_import() {
    let state = State::default();
    let redis = password(&state, "10000", CredentialField::Redis);
    let state = reduce(state, set("fateVersion", "2.2.0"));
    // Another federation with a party 10000 comes in: the first one's redis password is not
    // handed to it when it switches to 1.x.
    let text = "version: 1\nfateVersion: 2.2.0\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001}\n";
    let (config, notice) = from_text(text, None).expect("document");
    let imported = run(
        state.clone(),
        [
            Action::Import {
                config: Box::new(config),
                notice,
            },
            set("fateVersion", "1.2.0"),
        ],
    );
    assert_credentials_complete(&imported);
    assert_ne!(password(&imported, "10000", CredentialField::Redis), redis);
    // Without the import, it comes back.
    let back = reduce(state, set("fateVersion", "1.2.0"));
    assert_eq!(password(&back, "10000", CredentialField::Redis), redis);
}

/// The route table under the diagram against the route tables in the bundle's values (FATE
/// 1.x: `proxy.routeTable`; FATE 2.2: `osx.routeTable`): the exchange's lists every party where
/// the view says it is reached; in a mesh each party's table lists every peer there.
fn assert_route_view_matches_values(state: &State) {
    let output = build(&state.config).expect("valid");
    let key = if state.config.fate_version.is_fate2() {
        "osx"
    } else {
        "proxy"
    };
    let table = |file: &str| -> serde_yaml::Value {
        let values: serde_yaml::Value =
            serde_yaml::from_str(&output.bundle.files[file].contents).expect("values.yaml");
        values[key]["routeTable"].clone()
    };
    let endpoint = |roles: &serde_yaml::Value| -> String {
        let first = &roles["default"][0];
        format!(
            "{}:{}",
            first["ip"].as_str().expect("ip"),
            first["port"].as_u64().expect("port")
        )
    };
    let RouteView { title, rows } = output.routes.as_ref();
    assert_eq!(rows.len(), state.config.parties.len());
    if state.config.exchange.is_some() {
        assert!(title.starts_with("Route table of the exchange"), "{title}");
        let exchange = table("fate-exchange/values.yaml");
        for (id, at, _) in rows {
            assert_eq!(&endpoint(&exchange[id.as_str()]), at, "exchange → {id}");
        }
    } else {
        assert!(title.starts_with("Mesh"), "{title}");
        for party in &state.config.parties {
            let own = table(&format!("fate-{}/values.yaml", party.id));
            for (id, at, _) in rows.iter().filter(|(id, _, _)| *id != party.id) {
                assert_eq!(&endpoint(&own[id.as_str()]), at, "{} → {id}", party.id);
            }
        }
    }
}

#[test]
fn the_route_table_view_shows_each_lines_route_tables() {
    for version in ["1.2.0", "2.2.0"] {
        let star = run(
            State::default(),
            [
                set("fateVersion", version),
                Action::AddParty,
                set("parties[2].address", "192.168.11.5"),
            ],
        );
        assert_route_view_matches_values(&star);
        let mesh = reduce(star, set("exchange", "false"));
        assert_route_view_matches_values(&mesh);
    }
    let state = run(State::default(), [set("fateVersion", "2.2.0")]);
    let output = build(&state.config).expect("valid");
    assert!(output.routes.title.contains("OSX"));
    assert!(output
        .routes
        .rows
        .iter()
        .all(|(_, _, how)| how == "OSX NodePort"));
    for text in ["FATE 2.2.0", "party 10000", "party 9999", ">exchange<"] {
        assert!(output.topology.contains(text), "diagram lacks {text}");
    }
    assert!(output.install.contains("helm install fate-10000"));
}

// Mutual TLS (FATE 2.2): certificates issued once into the state, kept, reissued only when
// this tab made them and they no longer fit; given ones kept; never saved or shared.

/// The example as FATE 2.2 with mutual TLS on: valid, every certificate issued.
fn tls_state() -> State {
    let state = run(
        State::default(),
        [set("fateVersion", "2.2.0"), set("tls.enabled", "true")],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    state
}

/// The ids with a certificate: the parties' and `exchange`.
fn certificate_ids(state: &State) -> Vec<&str> {
    state
        .config
        .certificates
        .issued
        .keys()
        .map(String::as_str)
        .collect()
}

fn cert(state: &State, id: &str) -> String {
    state.config.certificates.issued[id].cert.clone()
}

fn authority_cert(state: &State) -> String {
    state
        .config
        .certificates
        .authority
        .clone()
        .expect("authority")
        .cert
}

/// The authority in the state, able to sign (its key is there).
fn authority(state: &State) -> Authority {
    let given = state
        .config
        .certificates
        .authority
        .clone()
        .expect("authority");
    Authority::from_pem(&given.cert, given.key.as_deref().expect("authority key"))
        .expect("authority")
}

fn sans(state: &State, id: &str) -> Vec<String> {
    tls::inspect(id, &cert(state, id))
        .expect("certificate")
        .sans
}

/// Every line of every private key's PEM body in the document (authority and each OSX).
fn key_lines(config: &Config) -> Vec<String> {
    let certificates = &config.certificates;
    let keys = certificates
        .authority
        .iter()
        .filter_map(|a| a.key.clone())
        .chain(certificates.issued.values().map(|i| i.key.clone()));
    let lines: Vec<String> = keys
        .flat_map(|key| {
            key.lines()
                .filter(|l| !l.starts_with("-----") && l.len() >= 16)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!lines.is_empty(), "no keys in the document");
    lines
}

/// The certificates and keys every party and the exchange need are there, complete and valid,
/// from the authority in the document.
fn assert_certificates_complete(state: &State) {
    let mut wanted: Vec<&str> = ids(state);
    if state.config.exchange.is_some() {
        wanted.push(EXCHANGE_CERTIFICATE);
    }
    wanted.sort();
    wanted.dedup();
    assert_eq!(certificate_ids(state), wanted);
    let ca = authority(state);
    for id in wanted {
        assert!(tls::is_signed_by(&ca, &cert(state, id)), "{id}");
    }
}

/// A certificate and key for `host`, issued by `ca` (what a user would bring).
fn own_certificate(ca: &Authority, host: &str) -> (String, String) {
    let now = OsRandom.now_unix().expect("clock");
    let issued = ca
        .issue(&mut OsRandom, now, 30, "my own", host)
        .expect("issued");
    (issued.cert, issued.key)
}

#[test]
fn tls_certificates_are_issued_once_and_kept_across_unrelated_edits() {
    let state = tls_state();
    assert_certificates_complete(&state);
    assert!(state.origins.authority_generated());
    for id in certificate_ids(&state) {
        assert!(state.origins.generated(id), "{id}");
    }
    assert_eq!(sans(&state, "10000"), ["192.168.11.2"]);
    assert_eq!(sans(&state, EXCHANGE_CERTIFICATE), ["192.168.11.4"]);
    let info = tls::inspect("ca", &authority_cert(&state)).expect("authority");
    assert_eq!(info.not_after - info.not_before, 365 * 86_400 + 3600);
    let issued = state.config.certificates.clone();

    // Edits that do not touch an address or the validity keep every certificate and key.
    let state = run(
        state,
        [
            set("images.registry", "harbor.example/fate"),
            set("placement.fateflow", "node-ff"),
            set("parties[1].namespace", "fate-b"),
            set("credentials.10000.mysqlPassword", "My-own-mysql-password-1"),
            set("exchange.nodePort", "30100"),
            Action::RegenerateCredentials(None),
            set("tls.enabled", "false"),
            set("tls.enabled", "true"),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_eq!(state.config.certificates, issued);
    // The preview issues nothing: it is the CLI's bundle for the same document and
    // certificates, and the same on every render.
    let output = build(&state.config).expect("valid");
    let federation = Federation::new(&state.config, &mut NoRandom).expect("no randomness");
    assert_eq!(output.bundle, generate(&federation));
    assert_eq!(build(&state.config).expect("valid").bundle, output.bundle);
    let values = &output.bundle.files["fate-10000/values.yaml"].contents;
    assert!(values.contains(
        &cert(&state, "10000")
            .lines()
            .nth(1)
            .expect("pem")
            .to_owned()
    ));
    assert_eq!(
        output.bundle.files["tls/ca.crt"].contents,
        authority_cert(&state)
    );
    // The preview lists the authority, each party and the exchange with what they say.
    let rows: Vec<(&str, &str)> = output
        .certificates
        .iter()
        .map(|r| (r.id.as_str(), r.subject.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "authority",
                "CN=FATE federation authority,O=FATE federation"
            ),
            ("10000", "CN=party 10000,O=FATE federation"),
            ("9999", "CN=party 9999,O=FATE federation"),
            ("exchange", "CN=the exchange,O=FATE federation"),
        ]
    );
    assert_eq!(output.certificates[3].sans, ["192.168.11.4"]);
    let expiry = tls::utc_date(
        tls::inspect("p", &cert(&state, "9999"))
            .expect("cert")
            .not_after,
    );
    assert_eq!(output.certificates[2].not_after, expiry);
    for text in ["topo-tls", "topo-lock", "mutual TLS"] {
        assert!(output.topology.contains(text), "diagram lacks {text}");
    }

    // Undo and redo bring certificates back as they were, not new ones.
    let before_tls = reduce(state.clone(), Action::Undo);
    let again = reduce(before_tls, Action::Redo);
    assert_eq!(again.config.certificates, issued);
    let first = run(State::default(), [set("fateVersion", "2.2.0")]);
    let on = reduce(first, set("tls.enabled", "true"));
    let redone = run(on.clone(), [Action::Undo, Action::Redo]);
    assert_eq!(redone.config.certificates, on.config.certificates);
    assert_eq!(redone.origins, on.origins);

    // A new validity issues this tab's certificates anew, valid that long, from the same
    // authority while it outlives them ...
    let state = reduce(state, set("tls.validityDays", "30"));
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_certificates_complete(&state);
    assert_eq!(state.config.certificates.authority, issued.authority);
    assert_ne!(cert(&state, "10000"), issued.issued["10000"].cert);
    let info = tls::inspect("p", &cert(&state, "10000")).expect("cert");
    assert_eq!(info.not_after - info.not_before, 30 * 86_400 + 3600);
    // ... and from a new one when they would outlive it.
    let longer = reduce(state.clone(), set("tls.validityDays", "400"));
    assert!(longer.errors().is_empty(), "{}", longer.errors());
    assert_certificates_complete(&longer);
    assert_ne!(longer.config.certificates.authority, issued.authority);
    let info = tls::inspect("ca", &authority_cert(&longer)).expect("authority");
    assert_eq!(info.not_after - info.not_before, 400 * 86_400 + 3600);
    // Text that is not a number is a draft: nothing is issued for it.
    let drafted = reduce(state.clone(), set("tls.validityDays", "3o"));
    assert_eq!(drafted.config.certificates, state.config.certificates);
    assert_eq!(paths_with_errors(&drafted), ["tls.validityDays"]);
    let out_of_range = reduce(state.clone(), set("tls.validityDays", "4000"));
    assert_eq!(out_of_range.config.certificates, state.config.certificates);
    assert_eq!(paths_with_errors(&out_of_range), ["tls.validityDays"]);
}

#[test]
fn a_new_party_or_exchange_gets_a_certificate_from_the_same_authority() {
    let state = tls_state();
    let before = state.config.certificates.clone();
    let state = run(
        state,
        [
            Action::AddParty,
            set("parties[2].address", "192.168.11.5"),
            Action::DuplicateParty(0),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_eq!(ids(&state), ["10000", "10002", "9999", "10001"]);
    assert_certificates_complete(&state);
    assert_eq!(state.config.certificates.authority, before.authority);
    for id in ["10000", "9999", EXCHANGE_CERTIFICATE] {
        assert_eq!(
            state.config.certificates.issued[id], before.issued[id],
            "{id}"
        );
    }
    assert!(state.origins.generated("10001") && state.origins.generated("10002"));
    let address = state.config.parties[3].address.clone();
    assert_eq!(sans(&state, "10001"), [address]);
    // A removed party's certificate goes with it; the exchange's goes and comes with it.
    let state = run(state, [Action::RemoveParty(1), set("exchange", "false")]);
    assert_eq!(certificate_ids(&state), ["10000", "10001", "9999"]);
    let state = reduce(state, set("exchange", "true"));
    assert_certificates_complete(&state);
    assert_ne!(
        state.config.certificates.issued[EXCHANGE_CERTIFICATE],
        before.issued[EXCHANGE_CERTIFICATE]
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
}

#[test]
fn an_address_change_reissues_a_generated_certificate_but_never_a_given_one() {
    let state = tls_state();
    let theirs = cert(&state, "9999");
    // Typed keystroke by keystroke: nothing is issued for the text that is not a host yet,
    // the last keystroke gets a certificate naming the new address.
    let state = run(
        state,
        [
            set("parties[0].address", "10.1.2"),
            set("parties[0].address", "10.1.2.3"),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_eq!(sans(&state, "10000"), ["10.1.2.3"]);
    assert!(state.origins.generated("10000"));
    assert_eq!(cert(&state, "9999"), theirs);
    assert_certificates_complete(&state);

    // Party 9999 brings its own certificate, from the federation authority.
    let (own_cert, own_key) = own_certificate(&authority(&state), "192.168.11.3");
    let state = run(
        state,
        [
            set("certificates.issued.9999", "true"),
            set("certificates.issued.9999.cert", &own_cert),
            set("certificates.issued.9999.key", &own_key),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert!(!state.origins.generated("9999"));
    assert_eq!(cert(&state, "9999"), own_cert);
    // Its address changes: the given certificate is kept, and reported next to its switch.
    let state = reduce(state, set("parties[1].address", "192.168.11.30"));
    assert_eq!(cert(&state, "9999"), own_cert);
    assert_eq!(paths_with_errors(&state), ["certificates.issued.9999"]);
    let errors = state.errors();
    let message = &errors
        .at("certificates.issued.9999")
        .next()
        .expect("error")
        .message;
    assert!(message.contains("does not name 192.168.11.30"), "{message}");
    // An id edit takes the given certificate along (like the passwords).
    let state = reduce(state, set("parties[1].id", "9998"));
    assert_eq!(cert(&state, "9998"), own_cert);
    assert!(!state.config.certificates.issued.contains_key("9999"));
    // Switched off, this tab issues one for the address.
    let state = reduce(state, set("certificates.issued.9998", "false"));
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_eq!(sans(&state, "9998"), ["192.168.11.30"]);
    assert!(state.origins.generated("9998"));
    assert_certificates_complete(&state);
    // A switched-on certificate is empty until given, and reported.
    let state = reduce(state, set("certificates.issued.exchange", "true"));
    assert_eq!(paths_with_errors(&state), ["certificates.issued.exchange"]);
    assert!(build(&state.config).is_err());
}

#[test]
fn an_own_authority_issues_every_certificate_not_given_and_switching_back_keeps_the_old_ones() {
    let state = tls_state();
    let generated = state.config.certificates.clone();
    let now = OsRandom.now_unix().expect("clock");
    let (mine, mine_pem) =
        Authority::generate(&mut OsRandom, now, 90, "my own authority").expect("authority");
    let state = run(
        state,
        [
            set("certificates.authority", "true"),
            set("certificates.authority.cert", &mine_pem.cert),
        ],
    );
    // Without its key nothing can be issued: said at the key.
    assert_eq!(paths_with_errors(&state), ["certificates.authority.key"]);
    assert!(state.config.certificates.issued.is_empty());
    let state = reduce(state, set("certificates.authority.key", &mine_pem.key));
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert!(!state.origins.authority_generated());
    assert_eq!(authority_cert(&state), mine_pem.cert);
    for id in certificate_ids(&state) {
        assert!(tls::is_signed_by(&mine, &cert(&state, id)), "{id}");
        assert!(state.origins.generated(id));
    }
    let output = build(&state.config).expect("valid");
    assert_eq!(output.bundle.files["tls/ca.key"].contents, mine_pem.key);
    assert!(output.certificates[0].subject.contains("my own authority"));
    // A broken authority certificate is reported at its field, and nothing is issued from it.
    let broken = reduce(
        state.clone(),
        set("certificates.authority.cert", "-----BEGIN"),
    );
    assert_eq!(paths_with_errors(&broken), ["certificates.authority.cert"]);
    // Back to the generated authority: the one from before, with its certificates.
    let state = reduce(state, set("certificates.authority", "false"));
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_eq!(state.config.certificates, generated);
    assert!(state.origins.authority_generated());
}

#[test]
fn rotating_replaces_the_authority_and_every_certificate_given_or_not() {
    let state = tls_state();
    let (own_cert, own_key) = own_certificate(&authority(&state), "192.168.11.4");
    let state = run(
        state,
        [
            set("certificates.issued.exchange", "true"),
            set("certificates.issued.exchange.cert", &own_cert),
            set("certificates.issued.exchange.key", &own_key),
        ],
    );
    assert!(state.errors().is_empty(), "{}", state.errors());
    let before = state.config.certificates.clone();
    let state = reduce(state, Action::RotateCertificates);
    assert!(state.errors().is_empty(), "{}", state.errors());
    assert_certificates_complete(&state);
    assert_ne!(state.config.certificates.authority, before.authority);
    for id in certificate_ids(&state) {
        assert_ne!(
            state.config.certificates.issued[id], before.issued[id],
            "{id}"
        );
        assert!(state.origins.generated(id), "{id}");
    }
    let notice = state.notice.clone().expect("notice");
    assert!(notice.lines[0].contains("every release must be installed again"));
    // Undo brings the previous ones back, the given one still given.
    let state = reduce(state, Action::Undo);
    assert_eq!(state.config.certificates, before);
    assert!(!state.origins.generated(EXCHANGE_CERTIFICATE));
}

#[test]
fn an_imported_bundle_keeps_its_certificates_as_given() {
    let state = run(tls_state(), added(2, "192.168.11.5"));
    let zip = to_zip(&build(&state.config).expect("valid").bundle).expect("zip");
    let (config, notice) = from_bundle("fate-federation.zip", &zip).expect("bundle");
    let imported = reduce(
        State::default(),
        Action::Import {
            config: Box::new(config),
            notice,
        },
    );
    assert!(imported.errors().is_empty(), "{}", imported.errors());
    assert_eq!(imported.config.certificates, state.config.certificates);
    assert_eq!(*imported.config, *state.config);
    // The same bundle again, byte for byte (what the CLI makes with --credentials of the zip).
    let again = to_zip(&build(&imported.config).expect("valid").bundle).expect("zip");
    assert_eq!(again, zip);
    // Imported certificates count as given: an address change is reported, not reissued ...
    assert!(!imported.origins.authority_generated());
    assert!(certificate_ids(&imported)
        .iter()
        .all(|id| !imported.origins.generated(id)));
    let moved = reduce(imported.clone(), set("parties[0].address", "10.9.9.9"));
    assert_eq!(paths_with_errors(&moved), ["certificates.issued.10000"]);
    // ... but a new party is issued one from the imported authority (its key is in the zip).
    let grown = run(imported, added(3, "192.168.11.6"));
    assert!(grown.errors().is_empty(), "{}", grown.errors());
    assert_certificates_complete(&grown);
    assert!(grown.origins.generated("10002"));
}

#[test]
fn certificates_and_keys_are_never_in_the_saved_or_shared_document() {
    let state = tls_state();
    let lines = key_lines(&state.config);
    let certificate_line = cert(&state, "10000")
        .lines()
        .nth(1)
        .expect("pem")
        .to_owned();
    let saved = state.autosave_text().expect("autosave");
    let exported = state.export_document().expect("export");
    let encoding = state.share_encoding().expect("share");
    let shared = serde_json::to_string(&share::decode(&encoding).expect("decodes")).expect("json");
    for text in [&saved, &exported, &shared] {
        assert!(
            !text.contains("certificates") && !text.contains("BEGIN"),
            "{text}"
        );
        assert!(!text.contains(&certificate_line));
        for line in &lines {
            assert!(!text.contains(line.as_str()), "a key is in {text}");
        }
        assert!(
            text.contains("validityDays") || text.contains("enabled"),
            "{text}"
        );
    }
    // Opened elsewhere, the link gives the TLS federation with an authority of its own.
    let link = state.share_link("https://example.org/").expect("link");
    let (opened, origin) = State::load(&link[link.find('#').expect("fragment")..], None, false);
    assert_eq!(origin, Origin::ShareLink);
    assert!(opened.config.tls.enabled);
    assert!(opened.errors().is_empty(), "{}", opened.errors());
    assert_certificates_complete(&opened);
    assert_ne!(authority_cert(&opened), authority_cert(&state));
    let notice = opened.notice.expect("notice");
    assert!(notice
        .lines
        .iter()
        .any(|l| l.contains("Certificates and keys are never part of a share link")));
    let (restored, origin) = State::load("", Some(&saved), false);
    assert_eq!(origin, Origin::Autosave);
    assert_certificates_complete(&restored);
    assert!(restored.notice.expect("notice").lines[0].contains("certificates"));
}

#[test]
fn tls_is_only_for_fate_2_2() {
    // FATE 1.x: the switch is an error at its field, and nothing is issued.
    let state = reduce(State::default(), set("tls.enabled", "true"));
    assert_eq!(paths_with_errors(&state), ["tls.enabled"]);
    assert!(state.config.certificates.is_empty());
    // Switching 2.2 → 1.x keeps the certificates (unused) and reports the switch; back to 2.2
    // they are the same.
    let tls = tls_state();
    let state = reduce(tls.clone(), set("fateVersion", "1.3.0"));
    assert_eq!(paths_with_errors(&state), ["tls.enabled"]);
    let state = reduce(state, set("fateVersion", "2.2.0"));
    assert_eq!(state.config.certificates, tls.config.certificates);
    // Certificate fields while TLS is off are left alone.
    let off = reduce(tls, set("tls.enabled", "false"));
    for path in [
        "tls.validityDays",
        "certificates.authority",
        "certificates.issued.10000",
        "certificates.issued.10000.cert",
    ] {
        assert_eq!(reduce(off.clone(), set(path, "true")), off, "{path}");
    }
}
