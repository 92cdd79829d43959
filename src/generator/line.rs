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
use crate::generator::yaml::Node;

/// What a FATE release line provides to the bundle.
pub trait Line {
    /// Folder of the line's chart sources under `charts/`.
    fn chart_dir(&self) -> &'static str;
    /// `values.yaml` of a party chart.
    fn party_values(&self, federation: &Federation, party: &PartyPlan) -> String;
    /// `values.yaml` of the exchange chart.
    fn exchange_values(&self, federation: &Federation, exchange: &ExchangePlan) -> String;
    /// The party chart's values as a tree (what `party_values` writes, with its comments).
    fn party_values_tree(&self, federation: &Federation, party: &PartyPlan) -> Node;
    /// The exchange chart's values as a tree.
    fn exchange_values_tree(&self, federation: &Federation, exchange: &ExchangePlan) -> Node;
    /// The charts' `values.schema.json`: (path under the repository, text), party then exchange.
    fn values_schemas(&self) -> [(&'static str, String); 2];
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
