//! The FATE 1.2/1.3 line: eggroll 1.x (meta-service, roll, eggs), federation, proxy, fate_flow
//! with fateboard, mysql and redis. Charts under `charts/fate1/`; image facts in
//! `charts/images.yaml`.

pub mod dmz;
pub mod values;

use crate::generator::bundle::Bundle;
use crate::generator::federation::{ExchangePlan, Federation, ImagePlan, PartyPlan};
use crate::generator::line::Line;
use crate::generator::naming;
use crate::generator::yaml::Node;

/// The FATE 1.2/1.3 line.
#[derive(Debug, Clone, Copy)]
pub struct Fate1;

/// FATE's own images of a party, as `federatedai/<name>` publishes them.
const PARTY_FATE_IMAGES: [&str; 7] = [
    "egg",
    "federation",
    "meta-service",
    "proxy",
    "roll",
    "python",
    "fateboard",
];

impl Line for Fate1 {
    fn chart_dir(&self) -> &'static str {
        "fate1"
    }

    fn party_values_tree(&self, federation: &Federation, party: &PartyPlan) -> Node {
        values::party_values_tree(federation, party)
    }

    fn exchange_values_tree(&self, federation: &Federation, exchange: &ExchangePlan) -> Node {
        values::exchange_values_tree(federation, exchange)
    }

    fn party_values_schema(&self) -> String {
        values::party_values_schema()
    }

    fn exchange_values_schema(&self) -> String {
        values::exchange_values_schema()
    }

    fn party_images(&self, images: &ImagePlan) -> Vec<String> {
        let mut list: Vec<String> = PARTY_FATE_IMAGES
            .iter()
            .map(|name| images.fate_image(name))
            .collect();
        list.push(images.third_party_image("mysql", &images.mysql_tag));
        list.push(images.third_party_image("redis", &images.redis_tag));
        list.sort();
        list
    }

    fn exchange_images(&self, images: &ImagePlan) -> Vec<String> {
        vec![images.fate_image("proxy")]
    }

    fn add_party_files(&self, bundle: &mut Bundle, federation: &Federation, party: &PartyPlan) {
        dmz::add_dmz(bundle, federation, party);
    }

    fn dmz_note(&self, party: &PartyPlan) -> Option<String> {
        party.dmz().as_ref().map(|dmz| {
            format!(
                "proxy on DMZ host (`{}/`); federation NodePort {}, fateflow NodePort {}",
                naming::dmz_folder(&party.id),
                dmz.federation_node_port,
                dmz.fateflow_node_port
            )
        })
    }

    fn components_readme(&self) -> &'static str {
        "Each party runs eggroll 1.x (meta-service, roll and one egg per placement entry), \
         federation, the proxy (the party's only entry point, a NodePort), fate_flow with fateboard \
         (the python pod), mysql and redis. The exchange runs one proxy that routes every party."
    }

    fn verify_toy(&self) -> &'static str {
        include_str!("fate1/verify-toy.sh")
    }

    fn peer_service(&self, _federation: &Federation) -> &'static str {
        "proxy"
    }

    fn verify_readme(&self, guest: &str, host: &str, namespace: &str) -> String {
        format!(
            "./verify.sh --toy {guest} {host}\n# or by hand:\n\
             kubectl exec -it -n {namespace} deploy/python -c python -- bash\n\
             cd /data/projects/fate/python/examples/toy_example/\n\
             /data/projects/python/venv/bin/python run_toy_example.py {guest} {host} 1"
        )
    }

    fn verify_success(&self) -> &'static str {
        "Success ends with a log line `success to calculate secure_sum`."
    }
}
