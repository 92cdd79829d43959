//! Suggestions for new values: the next party id and free NodePorts, and the new and
//! duplicated parties made from them (a new party's address is the operator's to give).

use std::collections::BTreeSet;

use crate::generator::config::{Config, Party};
use crate::generator::ports::next_free_node_port;

/// Every NodePort the document uses.
fn used_ports(config: &Config) -> BTreeSet<u32> {
    let mut used = BTreeSet::new();
    if let Some(exchange) = &config.exchange {
        used.insert(exchange.node_port);
    }
    for party in &config.parties {
        used.extend(party.node_port);
        if let Some(dmz) = &party.dmz {
            used.insert(dmz.federation_node_port);
            used.insert(dmz.fateflow_node_port);
        }
    }
    used
}

/// The lowest NodePort from `from` that nothing in the document uses.
fn free_node_port(config: &Config, from: u32) -> u32 {
    free_node_port_except(config, from, &[])
}

fn free_node_port_except(config: &Config, from: u32, also: &[u32]) -> u32 {
    let mut used = used_ports(config);
    used.extend(also);
    // Every NodePort taken: suggest `from` anyway, and validation says it is used twice.
    next_free_node_port(from, &used).unwrap_or(from)
}

/// A NodePort for the exchange's proxy (from 30000).
pub(super) fn exchange_node_port(config: &Config) -> u32 {
    free_node_port(config, 30000)
}

/// A NodePort for a party's proxy (from 30001).
pub(super) fn party_node_port(config: &Config) -> u32 {
    free_node_port(config, 30001)
}

/// Two different NodePorts for a DMZ party's federation and fate_flow (from 31001).
pub(super) fn dmz_node_ports(config: &Config) -> (u32, u32) {
    let federation = free_node_port(config, 31001);
    let fateflow = free_node_port_except(config, 31001, &[federation]);
    (federation, fateflow)
}

/// The next party id: one more than the largest numeric id (10000 when there is none).
fn next_id(config: &Config) -> String {
    config
        .parties
        .iter()
        .filter_map(|p| p.id.parse::<u64>().ok())
        .max()
        .map_or(10000, |max| max + 1)
        .to_string()
}

/// A new party: the next id and a free NodePort. Its address stays empty (required): only the
/// operator knows the node's address, and an invented one would pass into the zip.
pub(super) fn new_party(config: &Config) -> Party {
    Party {
        id: next_id(config),
        address: String::new(),
        node_port: Some(party_node_port(config)),
        namespace: None,
        fateboard_host: None,
        placement: None,
        dmz: None,
    }
}

pub(super) fn duplicate(config: &Config, index: usize) -> Party {
    let original = &config.parties[index];
    let mut copy = original.clone();
    copy.id = next_id(config);
    copy.namespace = None;
    copy.fateboard_host = None;
    if copy.node_port.is_some() {
        copy.node_port = Some(party_node_port(config));
    }
    if let Some(dmz) = copy.dmz.as_mut() {
        (dmz.federation_node_port, dmz.fateflow_node_port) = dmz_node_ports(config);
    }
    copy
}
