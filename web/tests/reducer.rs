//! The web page's reducer (`ui::state`), natively: every action, undo/redo, import, autosave and
//! share links through the state, plus the pure helpers around it.

use std::rc::Rc;

use fate_chartgen::generator::archive::to_zip;
use fate_chartgen::generator::bundle::generate;
use fate_chartgen::generator::config::{Config, FateVersion, HelmTarget, Storage};
use fate_chartgen::generator::federation::{Federation, RandomError, RandomSource};
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
fn add_party_picks_a_new_id_free_port_and_unused_address() {
    let state = run(State::default(), [Action::AddParty]);
    assert_eq!(ids(&state), ["10000", "9999", "10001"]);
    let party = &state.config.parties[2];
    // 192.168.11.4 is the exchange's, so the next free address after .3 is .5.
    assert_eq!(party.address, "192.168.11.5");
    assert_eq!(party.node_port, Some(30001));
    assert_credentials_complete(&state);
    assert!(state.errors().is_empty(), "{}", state.errors());
    let state = run(state, [Action::AddParty]);
    assert_eq!(state.config.parties[3].id, "10002");
    assert_eq!(state.config.parties[3].node_port, Some(30002));
    assert!(state.errors().is_empty());
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
    let state = run(State::default(), [Action::AddParty]);
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
    let (restored, origin) = State::load("", Some(&text));
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
    // Nothing saved, or garbage saved: the example.
    assert_eq!(State::load("", None).1, Origin::Defaults);
    assert_eq!(State::load("", Some("{not json")).1, Origin::Defaults);
}

#[test]
fn share_link_round_trip_through_the_state() {
    let state = run(
        State::default(),
        [
            Action::AddParty,
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
    let (opened, origin) = State::load(fragment, Some("{\"ignored\": true}"));
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
    let (opened, _) = State::load(fragment, Some(&mine.autosave_text().expect("autosave")));
    assert_eq!(opened.config.images.registry, "harbor.example/fate");
    assert!(opened.notice.clone().expect("notice").lines[2].contains("Undo"));
    let back = reduce(opened, Action::Undo);
    assert_eq!(back.config.parties.len(), 4);
    assert_credentials_complete(&back);
    // Same document autosaved: nothing to undo.
    let (opened, _) = State::load(fragment, Some(&theirs.autosave_text().expect("autosave")));
    assert!(!opened.can_undo());
}

#[test]
fn a_broken_share_link_falls_back_to_the_autosave_with_an_error() {
    let saved = run(State::default(), [Action::AddParty])
        .autosave_text()
        .expect("autosave");
    let (state, origin) = State::load("#c=1.zbroken!!", Some(&saved));
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
    let state = run(State::default(), [Action::AddParty]);
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
    assert_eq!(state.config.parties[0].node_port, Some(30001));
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
    let (opened, _) = State::load(&link[link.find('#').expect("fragment")..], None);
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
            [set("fateVersion", version), Action::AddParty],
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
