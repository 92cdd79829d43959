//! FATE lines: the boundary between what every federation shares and what a FATE release line
//! brings of its own.
//!
//! Shared, whatever the line: the config document, validation, routes, the bundle's assembly
//! (README frame, install/uninstall scripts, images list, provenance, checksums). Per line: the
//! component plan (which images, which charts and their `values.yaml`), the chart sources under
//! `charts/<line>/`, files beside the charts (DMZ hosts) and how a deployment is verified. A new
//! line is a new module implementing [`Line`]; the shared code names no component.

use crate::generator::bundle::Bundle;
use crate::generator::config::FateVersion;
use crate::generator::federation::{ExchangePlan, Federation, ImagePlan, PartyPlan};
use crate::generator::naming::EXCHANGE_RELEASE;
use crate::generator::yaml::{self, Node};

/// What every `values.yaml` header says of itself.
const WRITTEN_BY: &str =
    "# Written by fate-chartgen from federation.yaml. The comment above each key says what it\n\
     # does; the value is the default the generator chose. values.schema.json checks them all.\n";

/// What a FATE release line provides to the bundle.
pub trait Line {
    /// Folder of the line's chart sources under `charts/`.
    fn chart_dir(&self) -> &'static str;
    /// The party chart's values as a tree, each key with its comment.
    fn party_values_tree(&self, federation: &Federation, party: &PartyPlan) -> Node;
    /// The exchange chart's values as a tree.
    fn exchange_values_tree(&self, federation: &Federation, exchange: &ExchangePlan) -> Node;
    /// `values.schema.json` of the party chart.
    fn party_values_schema(&self) -> String;
    /// `values.schema.json` of the exchange chart.
    fn exchange_values_schema(&self) -> String;

    /// `values.yaml` of a party chart: its tree under a header that says what it is.
    fn party_values(&self, federation: &Federation, party: &PartyPlan) -> String {
        let header = format!(
            "# Values of FATE {version} party {id} (release {release}, namespace {ns}).\n\
             {WRITTEN_BY}\
             # The passwords below are used on first install only: an existing fate-credentials Secret\n\
             # in the namespace is kept, so regenerating this bundle never breaks an installed database.\n\n",
            version = federation.fate_version.as_str(),
            id = party.id,
            release = party.release(),
            ns = party.namespace,
        );
        yaml::emit(&header, &self.party_values_tree(federation, party))
    }

    /// `values.yaml` of the exchange chart.
    fn exchange_values(&self, federation: &Federation, exchange: &ExchangePlan) -> String {
        let header = format!(
            "# Values of the FATE {version} exchange (release {EXCHANGE_RELEASE}, namespace {ns}).\n\
             {WRITTEN_BY}\n",
            version = federation.fate_version.as_str(),
            ns = exchange.namespace,
        );
        yaml::emit(&header, &self.exchange_values_tree(federation, exchange))
    }

    /// The committed `values.schema.json` files: (path in the repository, text), party then
    /// exchange.
    fn values_schemas(&self) -> [(String, String); 2] {
        let dir = self.chart_dir();
        [
            (
                format!("charts/{dir}/fate-party/values.schema.json"),
                self.party_values_schema(),
            ),
            (
                format!("charts/{dir}/fate-exchange/values.schema.json"),
                self.exchange_values_schema(),
            ),
        ]
    }
    /// Every image a party chart runs.
    fn party_images(&self, images: &ImagePlan) -> Vec<String>;
    /// Every image the exchange chart runs.
    fn exchange_images(&self, images: &ImagePlan) -> Vec<String>;
    /// Files a party needs beside its chart (a proxy on a DMZ host), added to `bundle`.
    fn add_party_files(&self, bundle: &mut Bundle, federation: &Federation, party: &PartyPlan);
    /// README note of a party whose proxy is on a DMZ host, for the releases table.
    fn dmz_note(&self, party: &PartyPlan) -> Option<String>;
    /// The README's "What is deployed" paragraph: the components of a party and of the exchange.
    fn components_readme(&self) -> &'static str;
    /// The `toy NAMESPACE GUEST HOST` bash function of `verify.sh`: runs the line's toy example
    /// in the guest's pod and fails unless it passed.
    fn verify_toy(&self) -> &'static str;
    /// The Service whose NodePort peers reach a release at.
    fn peer_service(&self, federation: &Federation) -> &'static str;
    /// The README's "Verify" section body: how to run the line's toy example from `guest`'s pod
    /// (namespace `namespace`) against `host`.
    fn verify_readme(&self, guest: &str, host: &str, namespace: &str) -> String;
    /// What a passed toy example prints, for the README.
    fn verify_success(&self) -> &'static str;
}

/// The line a FATE release belongs to.
pub fn of(version: FateVersion) -> &'static dyn Line {
    match version {
        FateVersion::V1_2_0 | FateVersion::V1_3_0 => &crate::generator::fate1::Fate1,
        FateVersion::V2_2_0 => &crate::generator::fate2::Fate2,
    }
}
