//! A party's proxy on a DMZ host (FATE 1.x): Docker Compose files beside the party's chart.

use crate::generator::bundle::Bundle;
use crate::generator::federation::{Federation, PartyPlan};
use crate::generator::naming;
use crate::generator::routes::{party_route_table, route_table_json};

/// Adds `dmz-<id>/` (compose file, proxy config, route table, README) when the party's proxy
/// runs on a DMZ host; nothing otherwise.
pub fn add_dmz(bundle: &mut Bundle, federation: &Federation, party: &PartyPlan) {
    let Some(dmz) = &party.dmz() else { return };
    let dir = naming::dmz_folder(&party.id);
    let image = federation.images.fate_image("proxy");
    bundle.add(
        format!("{dir}/docker-compose.yml"),
        format!(
            "# FATE party {id}: the proxy on DMZ host {host}. Start it there with `docker compose up -d`.\n\
             version: \"3\"\n\
             services:\n\
             \x20 proxy:\n\
             \x20   image: {image}\n\
             \x20   restart: always\n\
             \x20   ports:\n\
             \x20     - \"{port}:9370\"\n\
             \x20   volumes:\n\
             \x20     - ./conf/proxy.properties:/data/projects/fate/proxy/conf/proxy.properties:ro\n\
             \x20     - ./conf/route_table.json:/data/projects/fate/proxy/conf/route_table.json:ro\n",
            id = party.id,
            host = dmz.host,
            port = dmz.port,
        ),
    );
    bundle.add(
        format!("{dir}/conf/proxy.properties"),
        format!(
            "# FATE proxy of party {id} (DMZ host)\n\
             coordinator={id}\n\
             ip=0.0.0.0\n\
             port=9370\n\
             route.table=/data/projects/fate/proxy/conf/route_table.json\n\
             # No TLS: FATE 1.2/1.3 proxies talk plain gRPC; keep the DMZ host behind a firewall that\n\
             # only admits the exchange's or peers' addresses.\n",
            id = party.id
        ),
    );
    bundle.add(
        format!("{dir}/conf/route_table.json"),
        route_table_json(&party_route_table(federation, party)),
    );
    bundle.add(
        format!("{dir}/README.md"),
        format!(
            "# DMZ proxy of party {id}\n\n\
             This folder runs party {id}'s FATE proxy on the DMZ host `{host}` with Docker Compose.\n\n\
             1. Install the party chart first (`../install.sh {release}`); it exposes federation on\n\
             \x20  NodePort {fed} and fate_flow on NodePort {flow} of the cluster node `{node}`.\n\
             2. Copy this folder to the DMZ host and run `docker compose up -d` in it (the image\n\
             \x20  `{image}` must be reachable from there; see `../mirror-images.sh`).\n\
             3. Open port {port}/tcp on the DMZ host to the exchange or the peers, and NodePorts {fed}\n\
             \x20  and {flow} on `{node}` to the DMZ host only.\n\n\
             Nothing needs to be looked up after install: the NodePorts are fixed in the chart.\n",
            id = party.id,
            host = dmz.host,
            port = dmz.port,
            fed = dmz.federation_node_port,
            flow = dmz.fateflow_node_port,
            node = party.address,
            release = party.release(),
        ),
    );
}
