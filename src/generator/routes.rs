//! Proxy route tables: the single place that decides who routes where.
//!
//! Rules (fact sheet §2, without the old charts' bugs):
//! - a party with an exchange: `default` → the exchange; its own id → `fate` (federation) and
//!   `fateflow` (fate_flow gRPC);
//! - a party without an exchange (mesh): one entry per other party → that party's proxy; no
//!   `default`, so an unknown party fails instead of looping back to the own proxy;
//! - the exchange: one entry per party → that party's proxy;
//! - a party whose proxy is in a DMZ is reached at the DMZ host; the DMZ proxy reaches the party's
//!   federation and fate_flow through fixed NodePorts;
//! - FATE 2.x (OSX): the same, but the own entry holds only `fateflow` (OSX hands the party's own
//!   data to eggroll's clustermanager, configured beside the table), and every table names the
//!   parties it serves in `self_party`: the party's id, or for the exchange [`OSX_EXCHANGE_SELF`].

use std::collections::BTreeMap;

use crate::generator::federation::{Endpoint, Federation, PartyPlan};
use crate::generator::json;
use crate::generator::ordered;
use crate::generator::yaml::{Entry, Node};

/// Role → endpoints.
pub type RoleTable = BTreeMap<String, Vec<Endpoint>>;

/// Party id (or `default`) → roles: the `route_table` object of `route_table.json`.
pub type RouteTable = BTreeMap<String, RoleTable>;

/// federation's gRPC port.
pub const FEDERATION_PORT: u16 = 9394;
/// fate_flow's gRPC port.
pub const FATEFLOW_GRPC_PORT: u16 = 9360;

fn single(role: &str, endpoint: Endpoint) -> RoleTable {
    BTreeMap::from([(role.to_owned(), vec![endpoint])])
}

/// The `self_party` of the exchange's OSX: no party's id, so every message is forwarded (FATE's
/// exchange guide uses the same word).
pub const OSX_EXCHANGE_SELF: &str = "default";

/// The own-party entry: how the party's proxy reaches federation and fate_flow (FATE 1.x), or
/// fateflow (FATE 2.x, OSX).
fn own_entry(federation: &Federation, party: &PartyPlan) -> RoleTable {
    if federation.fate_version.is_fate2() {
        return single("fateflow", Endpoint::new("fateflow", FATEFLOW_GRPC_PORT));
    }
    let (federation, fateflow) = match &party.dmz() {
        Some(dmz) => (
            Endpoint::new(&party.address, dmz.federation_node_port),
            Endpoint::new(&party.address, dmz.fateflow_node_port),
        ),
        None => (
            Endpoint::new("federation", FEDERATION_PORT),
            Endpoint::new("fateflow", FATEFLOW_GRPC_PORT),
        ),
    };
    BTreeMap::from([
        ("fate".to_owned(), vec![federation]),
        ("fateflow".to_owned(), vec![fateflow]),
    ])
}

/// The route table of a party's proxy (in the cluster, or on its DMZ host).
pub fn party_route_table(federation: &Federation, party: &PartyPlan) -> RouteTable {
    let mut table = RouteTable::new();
    match &federation.exchange {
        Some(exchange) => {
            table.insert("default".to_owned(), single("default", exchange.endpoint()));
        }
        None => {
            for peer in federation.parties.iter().filter(|p| p.id != party.id) {
                table.insert(peer.id.clone(), single("default", peer.proxy_endpoint()));
            }
        }
    }
    table.insert(party.id.clone(), own_entry(federation, party));
    table
}

/// The exchange's route table: every party.
pub fn exchange_route_table(federation: &Federation) -> RouteTable {
    ordered::map_of(
        federation
            .parties
            .iter()
            .map(|party| (party.id.clone(), single("default", party.proxy_endpoint()))),
    )
}

/// `route_table.json` as FATE's proxy reads it: parties and roles in order, each endpoint
/// `{"ip", "port"}`, then `permission`.
pub fn route_table_json(table: &RouteTable) -> String {
    let endpoint = |e: &Endpoint| {
        Node::Map(vec![
            Entry::new("ip", Node::Str(e.ip.clone())),
            Entry::new("port", Node::Int(i64::from(e.port))),
        ])
    };
    let routes = table
        .iter()
        .map(|(party, roles)| {
            let roles = roles
                .iter()
                .map(|(role, endpoints)| {
                    Entry::new(role, Node::Seq(endpoints.iter().map(endpoint).collect()))
                })
                .collect();
            Entry::new(party, Node::Map(roles))
        })
        .collect();
    json::pretty(&Node::Map(vec![
        Entry::new(
            "permission",
            Node::Map(vec![Entry::new("default_allow", Node::Bool(true))]),
        ),
        Entry::new("route_table", Node::Map(routes)),
    ]))
}
