//! The presets (`web/presets/*.yaml`), the example values they bring, and the state around
//! them: the DMZ switch that keeps what was typed, a reload told from a share link, and the
//! passwords that exist only in this tab.

use std::rc::Rc;

use fate_chartgen::generator::config::Config;
use fate_chartgen::generator::federation::validate;
use fate_configurator::ui::derived::build;
use fate_configurator::ui::field_path::{FieldPath, ImagesField, PartyField};
use fate_configurator::ui::state::{example_paths, Action, Origin, Preset, State, EXAMPLE_MESSAGE};
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

fn set(path: &str, value: &str) -> Action {
    Action::Set {
        path: path.parse().expect("a field of the form"),
        value: value.to_owned(),
    }
}

/// An own value for an example field, different from every preset's.
fn own_value(path: &FieldPath, n: usize) -> String {
    match path {
        FieldPath::Images(ImagesField::Registry) => "registry.corp.internal/fate".to_owned(),
        FieldPath::Storage(_) if path.to_string().ends_with("path") => "/srv/nfs/fate".to_owned(),
        _ => format!("10.77.0.{}", n + 1),
    }
}

#[test]
fn every_preset_parses_and_validates_once_its_examples_are_replaced() {
    for preset in Preset::ALL {
        let config = preset.config().unwrap_or_else(|e| panic!("{e}"));
        let state = reduce(State::default(), Action::ApplyPreset(preset));
        assert_eq!(
            state.config.without_credentials(),
            config.without_credentials()
        );
        assert!(!state.choosing_preset);
        let examples = state.examples_present();
        assert_eq!(examples, example_paths(&config), "{}", preset.key());
        // Every example is a problem for the download, with the same message.
        let problems = state.example_problems();
        assert_eq!(problems.0.len(), examples.len());
        assert!(problems.0.iter().all(|p| p.message == EXAMPLE_MESSAGE));
        if preset == Preset::Empty {
            assert!(examples.is_empty());
            assert!(
                !validate(&state.config).is_empty(),
                "an empty document has no party"
            );
            continue;
        }
        assert!(
            !examples.is_empty(),
            "{} has no example value",
            preset.key()
        );
        // The preview does not wait for the examples: the preset is valid as it is.
        assert!(
            state.errors().is_empty(),
            "{}: {}",
            preset.key(),
            state.errors()
        );
        let actions: Vec<Action> = examples
            .iter()
            .enumerate()
            .map(|(n, path)| Action::Set {
                path: path.clone(),
                value: own_value(path, n),
            })
            .collect();
        let own = run(state, actions);
        assert!(own.examples_present().is_empty(), "{}", preset.key());
        assert!(own.example_problems().is_empty());
        assert!(
            own.errors().is_empty(),
            "{}: {}",
            preset.key(),
            own.errors()
        );
        build(&own.config).unwrap_or_else(|e| panic!("{}: {e}", preset.key()));
    }
}

#[test]
fn the_two_party_preset_is_the_old_sample_and_tls_is_issued_for_the_tls_preset() {
    let sample = Preset::TwoPartiesExchange.config().expect("parses");
    assert_eq!(sample, Config::example());
    let tls = reduce(State::default(), Action::ApplyPreset(Preset::Fate22Tls));
    assert!(tls.config.tls.enabled);
    assert!(tls.config.certificates.authority.is_some());
    assert_eq!(tls.config.certificates.issued.len(), 3);
}

#[test]
fn examples_clear_per_field_on_edit_with_undo_and_redo_and_all_at_once_when_accepted() {
    let state = reduce(State::default(), Action::ApplyPreset(Preset::AirGapped));
    let address = FieldPath::Party(0, PartyField::Address);
    assert_eq!(state.examples_present().len(), 6);
    let edited = reduce(state.clone(), set("parties[0].address", "10.9.0.1"));
    assert_eq!(edited.examples_present().len(), 5);
    assert!(!edited.examples_present().contains(&address));
    let undone = reduce(edited.clone(), Action::Undo);
    assert!(undone.examples_present().contains(&address));
    assert_eq!(undone.config.parties[0].address, "192.168.11.2");
    let redone = reduce(undone, Action::Redo);
    assert_eq!(redone.examples_present(), edited.examples_present());
    // Accepted: none is left, and undo brings them back.
    let accepted = reduce(edited, Action::AcceptExamples);
    assert!(accepted.example_problems().is_empty());
    let back = reduce(accepted, Action::Undo);
    assert_eq!(back.examples_present().len(), 5);
    // The preset itself is one undo step: the previous document comes back without examples.
    let before = reduce(state, Action::Undo);
    assert_eq!(before.config.without_credentials(), Config::example());
    assert!(before.examples_present().is_empty());
}

#[test]
fn examples_follow_their_party_when_parties_are_removed_moved_or_duplicated() {
    let state = run(
        State::default(),
        [
            Action::ApplyPreset(Preset::Mesh),
            set("parties[1].address", "10.9.0.2"),
        ],
    );
    let party_examples = |s: &State| -> Vec<String> {
        s.examples_present()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        party_examples(&state),
        ["parties[0].address", "parties[2].address"]
    );
    // 8888 (an example address) moves to the top: its marker moves with it.
    let moved = reduce(state.clone(), Action::MoveParty { from: 2, to: 0 });
    assert_eq!(moved.config.parties[0].id, "8888");
    assert_eq!(
        party_examples(&moved),
        ["parties[0].address", "parties[1].address"]
    );
    let removed = reduce(state.clone(), Action::RemoveParty(0));
    assert_eq!(party_examples(&removed), ["parties[1].address"]);
    // A copy has the original's address: an example too.
    let copied = reduce(state, Action::DuplicateParty(0));
    assert_eq!(
        party_examples(&copied),
        [
            "parties[0].address",
            "parties[1].address",
            "parties[3].address"
        ]
    );
}

#[test]
fn a_switched_off_section_hides_its_examples_until_it_is_back() {
    let state = reduce(State::default(), Action::ApplyPreset(Preset::Dmz));
    let dmz_host = FieldPath::Party(0, PartyField::DmzHost);
    assert!(state.examples_present().contains(&dmz_host));
    let off = reduce(state, set("parties[0].dmz", "false"));
    assert!(!off.examples_present().contains(&dmz_host));
    let on = reduce(off, set("parties[0].dmz", "true"));
    assert!(on.examples_present().contains(&dmz_host));
    assert_eq!(
        on.config.parties[0].dmz.as_ref().expect("dmz").host,
        "203.0.113.10"
    );
}

#[test]
fn the_dmz_switch_keeps_the_node_port_and_the_dmz_settings() {
    let state = run(
        State::default(),
        [
            set("parties[1].dmz", "true"),
            set("parties[1].dmz.host", "203.0.113.9"),
            set("parties[1].dmz.port", "19370"),
            set("parties[1].dmz", "false"),
        ],
    );
    // The party's own NodePort (30009) is back, not the next free one.
    assert_eq!(state.config.parties[1].node_port, Some(30009));
    assert!(state.config.parties[1].dmz.is_none());
    let state = reduce(state, set("parties[1].dmz", "true"));
    let dmz = state.config.parties[1].dmz.clone().expect("dmz");
    assert_eq!((dmz.host.as_str(), dmz.port), ("203.0.113.9", 19370));
    assert_eq!(state.config.parties[1].node_port, None);
    // Also after the party's id changed while the DMZ was off.
    let state = run(
        state,
        [
            set("parties[1].dmz", "false"),
            set("parties[1].id", "9998"),
            set("parties[1].dmz", "true"),
        ],
    );
    assert_eq!(
        state.config.parties[1].dmz.as_ref().expect("dmz").host,
        "203.0.113.9"
    );
    // Own placement: switched off and on, what was typed is back.
    let state = run(
        state,
        [
            set("parties[0].placement", "true"),
            set("parties[0].placement.metaService", "node-m"),
            set("parties[0].placement", "false"),
            set("parties[0].placement", "true"),
        ],
    );
    assert_eq!(
        state.config.parties[0]
            .placement
            .as_ref()
            .expect("own")
            .meta_service,
        "node-m"
    );
}

#[test]
fn the_own_authority_and_own_certificate_switches_keep_what_was_pasted() {
    let state = reduce(State::default(), Action::ApplyPreset(Preset::Fate22Tls));
    let generated = state.config.certificates.clone();
    let state = run(
        state,
        [
            set("certificates.authority", "true"),
            set("certificates.authority.cert", "my own CA certificate"),
            set("certificates.authority", "false"),
        ],
    );
    // The generated authority and its certificates are back ...
    assert_eq!(state.config.certificates, generated);
    // ... and the own one as pasted when switched on again.
    let state = reduce(state, set("certificates.authority", "true"));
    let own = state.config.certificates.authority.clone().expect("own");
    assert_eq!(own.cert, "my own CA certificate");
    let state = run(
        state,
        [
            set("certificates.authority", "false"),
            set("certificates.issued.9999", "true"),
            set("certificates.issued.9999.cert", "my own OSX certificate"),
            set("certificates.issued.9999", "false"),
        ],
    );
    // This tab issues it one again ...
    let issued = &state.config.certificates.issued["9999"];
    assert!(issued.cert.starts_with("-----BEGIN CERTIFICATE-----"));
    // ... and the own one comes back as pasted.
    let state = reduce(state, set("certificates.issued.9999", "true"));
    assert_eq!(
        state.config.certificates.issued["9999"].cert,
        "my own OSX certificate"
    );
}

#[test]
fn a_reload_of_the_own_address_is_the_autosave_not_a_share_link() {
    let mine = run(
        State::default(),
        [set("images.registry", "harbor.corp/fate")],
    );
    let saved = mine.autosave_text().expect("autosave");
    let fragment = format!(
        "#{}",
        &mine.share_link("https://x/").expect("link")["https://x/#".len()..]
    );
    // A reload: the address bar's fragment is this browser's own document.
    let (reloaded, origin) = State::load(&fragment, Some(&saved), true);
    assert_eq!(origin, Origin::Autosave);
    assert!(reloaded
        .notice
        .clone()
        .expect("notice")
        .title
        .contains("Restored"));
    assert!(!reloaded.choosing_preset);
    assert_eq!(reloaded.config.images.registry, "harbor.corp/fate");
    // The same fragment opened anew (a link followed): a share link.
    let (opened, origin) = State::load(&fragment, Some(&saved), false);
    assert_eq!(origin, Origin::ShareLink);
    assert!(opened.notice.expect("notice").title.contains("share link"));
    // A reload with a fragment that is not what this browser saved: a share link too.
    let other = State::default().autosave_text().expect("autosave");
    let (opened, origin) = State::load(&fragment, Some(&other), true);
    assert_eq!(origin, Origin::ShareLink);
    assert!(opened.can_undo());
}

#[test]
fn typed_passwords_are_unsaved_until_the_credentials_file_or_zip_is_taken() {
    let state = State::default();
    assert!(!state.unsaved_secrets);
    let state = reduce(state, set("parties[0].address", "10.0.0.9"));
    assert!(!state.unsaved_secrets, "an address is no secret");
    let typed = "my-own-mysql-password-1";
    let state = reduce(state, set("credentials.10000.mysqlPassword", typed));
    assert!(state.unsaved_secrets);
    let file = state.credentials_file().expect("file");
    assert!(file.contains(typed));
    // The CLI's credentials file: `credentials:` by party id.
    let value: serde_yaml::Value = serde_yaml::from_str(&file).expect("yaml");
    let credentials = &value["credentials"]["10000"];
    assert_eq!(credentials["mysqlPassword"].as_str(), Some(typed));
    assert!(value.get("certificates").is_none());
    let state = reduce(state, Action::SecretsSaved);
    assert!(!state.unsaved_secrets);
    let state = reduce(state, Action::SecretsRevealed);
    assert!(state.unsaved_secrets);
    // With TLS, the certificates and keys are in the file too.
    let tls = reduce(State::default(), Action::ApplyPreset(Preset::Fate22Tls));
    let file = tls.credentials_file().expect("file");
    assert!(file.contains("certificates:") && file.contains("PRIVATE KEY"));
}

#[test]
fn a_first_visit_opens_the_chooser_and_reset_marks_the_sample_addresses() {
    let (first, origin) = State::load("", None, false);
    assert_eq!(origin, Origin::Defaults);
    assert!(first.choosing_preset);
    let closed = reduce(first.clone(), Action::ChoosePreset(false));
    assert!(!closed.choosing_preset);
    let chosen = reduce(first, Action::ApplyPreset(Preset::TwoPartiesExchange));
    assert!(!chosen.choosing_preset);
    assert_eq!(chosen.examples_present().len(), 3);
    let reset = run(chosen, [Action::AcceptExamples, Action::Reset]);
    assert_eq!(reset.examples_present().len(), 3);
}
