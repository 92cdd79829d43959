//! Addresses in the page: brackets typed around an IPv6 address are accepted and not stored, and
//! the route table under the diagram spells an IPv6 address with its port `[addr]:port`.

use std::rc::Rc;

use fate_configurator::ui::derived::{build, route_view};
use fate_configurator::ui::field_path::FieldPath;
use fate_configurator::ui::import::from_text;
use fate_configurator::ui::state::{Action, State};
use yew::Reducible;

fn run(mut state: State, actions: impl IntoIterator<Item = Action>) -> State {
    for action in actions {
        state = Rc::unwrap_or_clone(Rc::new(state).reduce(action));
    }
    state
}

fn set(path: &str, value: &str) -> Action {
    let path: FieldPath = path.parse().expect("a field of the form");
    Action::Set {
        path,
        value: value.to_owned(),
    }
}

/// Two parties behind an exchange, the first with a DMZ proxy, as an imported document.
fn federation_with_exchange() -> State {
    let document = "version: 1\n\
                    parties:\n\
                    - id: '10000'\n  address: 192.168.11.2\n  dmz:\n    host: 203.0.113.10\n    port: 9370\n    federationNodePort: 30011\n    fateflowNodePort: 30012\n\
                    - id: '9999'\n  address: 192.168.11.3\n  nodePort: 30009\n\
                    exchange:\n  address: 192.168.11.4\n  nodePort: 30000\n";
    let (config, notice) = from_text(document, None).expect("the document imports");
    run(
        State::default(),
        [Action::Import {
            config: Box::new(config),
            notice,
        }],
    )
}

#[test]
fn brackets_typed_around_an_address_are_not_stored() {
    let state = run(
        federation_with_exchange(),
        [
            set("parties[1].address", "[fd00::1]"),
            set("parties[0].dmz.host", "[fd00:db::10]"),
            set("exchange.address", "[FD00::4]"),
        ],
    );
    assert_eq!(state.config.parties[1].address, "fd00::1");
    assert_eq!(
        state.config.parties[0].dmz.as_ref().expect("DMZ").host,
        "fd00:db::10"
    );
    assert_eq!(
        state.config.exchange.as_ref().expect("exchange").address,
        "FD00::4"
    );
    // Half-typed, the bracket stays (the field shows what was typed, and its error).
    let state = run(state, [set("parties[1].address", "[fd00::1")]);
    assert_eq!(state.config.parties[1].address, "[fd00::1");
}

#[test]
fn the_route_table_brackets_ipv6_addresses() {
    let state = run(
        federation_with_exchange(),
        [
            set("parties[1].address", "fd00::1"),
            set("parties[1].nodePort", "30010"),
            set("parties[0].dmz.host", "[fd00:db::10]"),
            set("exchange.address", "fd00::4"),
        ],
    );
    let output = build(&state.config).expect("a valid federation");
    let routes = route_view(&output.federation);
    assert!(
        routes.title.contains("([fd00::4]:30000,"),
        "{}",
        routes.title
    );
    let at: Vec<&str> = routes.rows.iter().map(|(_, at, _)| at.as_str()).collect();
    assert_eq!(at, ["[fd00:db::10]:9370", "[fd00::1]:30010"]);
    // The diagram (the same SVG the zip carries) spells them so too.
    for address in ["[fd00::4]:30000", "[fd00:db::10]:9370", "[fd00::1]:30010"] {
        assert!(output.topology.contains(address), "diagram lacks {address}");
    }
}
