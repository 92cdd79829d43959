//! The FATE 2.2 line: eggroll 3.2 (clustermanager and one nodemanager per placement entry), OSX
//! as the party's proxy, FATE-Flow 2.2.0 with the `flow` CLI, FATE-Board 2.1 and mysql. Charts
//! under `charts/fate2/`; image facts in `charts/images.yaml` (the `*-2.2`, `*-3.2`, `*-2.1`
//! entries).

pub mod values;

use crate::generator::bundle::Bundle;
use crate::generator::federation::{ExchangePlan, Federation, ImagePlan, PartyPlan};
use crate::generator::line::Line;
use crate::generator::yaml::Node;

/// The FATE 2.2 line.
#[derive(Debug, Clone, Copy)]
pub struct Fate2;

/// FATE's own images of the 2.2.0 release and their tags, which differ per image
/// (charts/images.yaml `fateLines."2.2.0"`: FATE's docker-compose README lists this set).
pub const RELEASE_IMAGES: [(&str, &str); 4] = [
    ("eggroll", "3.2.0-release"),
    ("fateboard", "2.1.1-release"),
    ("fateflow", "2.2.0-release"),
    ("osx", "2.2.0-release"),
];

/// The release tag of one of FATE's 2.2.0 images.
pub fn release_tag(name: &str) -> &'static str {
    RELEASE_IMAGES
        .iter()
        .find(|(image, _)| *image == name)
        .map_or("2.2.0-release", |(_, tag)| tag)
}

impl Line for Fate2 {
    fn chart_dir(&self) -> &'static str {
        "fate2"
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
        let mut list: Vec<String> = RELEASE_IMAGES
            .iter()
            .map(|(name, tag)| images.fate_image_tagged(name, tag))
            .collect();
        list.push(images.third_party_image("mysql", &images.mysql_tag));
        list.sort();
        list
    }

    fn exchange_images(&self, images: &ImagePlan) -> Vec<String> {
        vec![images.fate_image_tagged("osx", release_tag("osx"))]
    }

    fn add_party_files(&self, _bundle: &mut Bundle, _federation: &Federation, _party: &PartyPlan) {
        // Validation refuses DMZ proxies for this line, so a party has nothing beside its chart.
    }

    fn dmz_note(&self, _party: &PartyPlan) -> Option<String> {
        None
    }

    fn components_readme(&self) -> &'static str {
        "Each party runs OSX (the party's proxy and only entry point, a NodePort), eggroll 3.2 \
         (clustermanager and one nodemanager per placement entry), fateflow 2.2 (gRPC 9360, HTTP \
         9380, with the `flow` CLI), fateboard 2.1 (login `admin`, password in the \
         `fate-credentials` Secret) and mysql. The exchange runs one OSX that routes every party."
    }

    fn verify_toy(&self) -> &'static str {
        include_str!("fate2/verify-toy.sh")
    }

    /// With TLS, peers reach the TLS port's Service; `osx` stays inside the cluster.
    fn peer_service(&self, federation: &Federation) -> &'static str {
        if federation.tls.is_some() {
            "osx-tls"
        } else {
            "osx"
        }
    }

    fn verify_success(&self) -> &'static str {
        "Success prints `toy test job <id> is success` (the command exits 0 either way)."
    }

    fn verify_readme(&self, guest: &str, host: &str, namespace: &str) -> String {
        format!(
            "./verify.sh --toy {guest} {host}\n# or by hand:\n\
             kubectl exec -it -n {namespace} deploy/fateflow -c fateflow -- \
             flow test toy --guest-party-id {guest} --host-party-id {host}"
        )
    }
}
