//! The federation config document (version 1): what the user writes, as it is written.
//!
//! These types are deliberately loose (strings and wide integers) so that a typo becomes a
//! validation error with a field path instead of a parse failure; `validate` turns a [`Config`]
//! into a checked [`crate::generator::Federation`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::generator::ordered;

/// The only document version this build reads and writes.
pub const CONFIG_VERSION: u32 = 1;

/// A whole federation: its parties, the optional exchange and the settings every chart shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "FATE federation config document")]
pub struct Config {
    /// Document format version; must be 1.
    pub version: u32,
    /// FATE release the charts deploy.
    #[serde(default)]
    pub fate_version: FateVersion,
    /// Helm major version the bundle targets.
    #[serde(default)]
    pub target: HelmTarget,
    /// The parties, in the order their charts are listed.
    pub parties: Vec<Party>,
    /// The exchange; without one every party routes every other party directly (mesh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<Exchange>,
    /// Where images come from.
    #[serde(default)]
    pub images: Images,
    /// Where mysql, redis and egg data live.
    #[serde(default)]
    pub storage: Storage,
    /// Node placement shared by every party that has none of its own.
    #[serde(default)]
    pub placement: Placement,
    /// The fateboard Ingress.
    #[serde(default)]
    pub ingress: Ingress,
    /// Passwords per party id. Never part of a share link or an exported document; any that are
    /// missing are generated with a cryptographic random source.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub credentials: BTreeMap<String, PartyCredentials>,
    /// Mutual TLS between the parties' and the exchange's OSX (FATE 2.2).
    #[serde(default, skip_serializing_if = "Tls::is_default")]
    pub tls: Tls,
    /// TLS certificates and keys: the federation authority and each OSX's. Like `credentials`,
    /// never part of a share link or an exported document; with `tls.enabled`, any that are
    /// missing are issued (the authority generated too, unless given).
    #[serde(default, skip_serializing_if = "Certificates::is_empty")]
    pub certificates: Certificates,
}

/// Mutual TLS between the federation's OSX instances (FATE 2.2 only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tls {
    /// Secure party-to-party and party-to-exchange traffic: each OSX accepts peers only on its
    /// TLS port with a certificate of the federation authority, and presents its own.
    #[serde(default)]
    pub enabled: bool,
    /// Days a certificate issued by this tool stays valid (1 to 3650).
    #[serde(default = "default_validity_days")]
    pub validity_days: u32,
}

/// Default certificate validity: a year.
pub const DEFAULT_VALIDITY_DAYS: u32 = 365;

fn default_validity_days() -> u32 {
    DEFAULT_VALIDITY_DAYS
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            enabled: false,
            validity_days: DEFAULT_VALIDITY_DAYS,
        }
    }
}

impl Tls {
    fn is_default(&self) -> bool {
        *self == Tls::default()
    }
}

/// Certificates and keys, as PEM.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Certificates {
    /// The federation authority (your own CA, or the one this tool generated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<AuthorityPem>,
    /// Certificate and key of each OSX, by party id, and `exchange`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub issued: BTreeMap<String, IssuedPem>,
}

impl Certificates {
    /// True when nothing is given.
    pub fn is_empty(&self) -> bool {
        self.authority.is_none() && self.issued.is_empty()
    }
}

/// The federation authority's certificate, and its key when this tool is to issue certificates.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorityPem {
    /// PEM certificate (`BEGIN CERTIFICATE`).
    pub cert: String,
    /// PEM key, PKCS#8 ECDSA P-256 (`BEGIN PRIVATE KEY`); without it every OSX's certificate
    /// must be given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// One OSX's certificate and key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuedPem {
    /// PEM certificate, issued by the authority, naming the address peers dial.
    pub cert: String,
    /// PEM key, PKCS#8 ECDSA P-256 (`BEGIN PRIVATE KEY`).
    pub key: String,
}

impl std::fmt::Debug for AuthorityPem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthorityPem { .. }")
    }
}

impl std::fmt::Debug for IssuedPem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IssuedPem { .. }")
    }
}

/// The key of the exchange's certificate in [`Certificates::issued`].
pub const EXCHANGE_CERTIFICATE: &str = "exchange";

/// FATE release.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema,
)]
pub enum FateVersion {
    /// FATE 1.2.0 (eggroll 1.x).
    #[default]
    #[serde(rename = "1.2.0")]
    V1_2_0,
    /// FATE 1.3.0 (eggroll 1.x; differs from 1.2.0 in fate_flow `settings.py`).
    #[serde(rename = "1.3.0")]
    V1_3_0,
    /// FATE 2.2.0 (eggroll 3.2 with clustermanager and nodemanagers, OSX as the party's proxy,
    /// FATE-Flow 2.2.0, FATE-Board 2.1).
    #[serde(rename = "2.2.0")]
    V2_2_0,
}

impl FateVersion {
    /// Every supported release, oldest first.
    pub const ALL: [FateVersion; 3] = [
        FateVersion::V1_2_0,
        FateVersion::V1_3_0,
        FateVersion::V2_2_0,
    ];

    /// The version as FATE writes it, e.g. `1.2.0`.
    pub fn as_str(self) -> &'static str {
        match self {
            FateVersion::V1_2_0 => "1.2.0",
            FateVersion::V1_3_0 => "1.3.0",
            FateVersion::V2_2_0 => "2.2.0",
        }
    }

    /// True for the FATE 2.x line (eggroll 3, OSX).
    pub fn is_fate2(self) -> bool {
        match self {
            FateVersion::V1_2_0 | FateVersion::V1_3_0 => false,
            FateVersion::V2_2_0 => true,
        }
    }

    /// The image tag FATE publishes for this release.
    pub fn default_tag(self) -> String {
        format!("{}-release", self.as_str())
    }
}

/// Which Helm the bundle is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum HelmTarget {
    /// Helm 3 or 4: chart `apiVersion: v2`, `helm install <name> <chart>`.
    #[default]
    Helm3,
    /// Legacy Helm 2 (Tiller): chart `apiVersion: v1`, `helm install --name <name>`.
    Helm2,
}

/// One party: a FATE cluster in its own namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Party {
    /// FATE party id: digits, kept as text so `0000` or long ids survive.
    #[serde(deserialize_with = "scalar_as_string")]
    #[schemars(with = "String")]
    pub id: String,
    /// IPv4, IPv6 or DNS name of a node of this party's Kubernetes cluster, as peers reach it.
    pub address: String,
    /// NodePort of the party's proxy (30000-32767). Not used when the proxy runs in a DMZ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<u32>,
    /// Namespace of the release; default `fate-<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Host name of the fateboard Ingress; default `<id>.fateboard.fedai.org`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fateboard_host: Option<String>,
    /// Placement for this party only; default the document's `placement`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    /// Run this party's proxy outside the cluster on a DMZ host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dmz: Option<Dmz>,
}

/// A proxy that runs on a DMZ host (docker compose) instead of inside the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dmz {
    /// IPv4, IPv6 or DNS name of the DMZ host; peers and the exchange reach the party here.
    pub host: String,
    /// Port the DMZ proxy publishes on its host.
    #[serde(default = "default_proxy_port")]
    pub port: u32,
    /// Fixed NodePort of the party's `federation` Service, which the DMZ proxy calls.
    pub federation_node_port: u32,
    /// Fixed NodePort of the party's `fateflow` Service (gRPC 9360), which the DMZ proxy calls.
    pub fateflow_node_port: u32,
}

/// The proxy port FATE uses inside a pod and on a DMZ host.
pub const PROXY_PORT: u16 = 9370;

fn default_proxy_port() -> u32 {
    u32::from(PROXY_PORT)
}

/// The exchange: a proxy that routes between parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Exchange {
    /// IPv4, IPv6 or DNS name of a node of the exchange's cluster.
    pub address: String,
    /// NodePort of the exchange proxy (30000-32767).
    pub node_port: u32,
    /// Namespace of the release; default `fate-exchange`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Value of the node label (the placement `nodeLabel`) the exchange proxy is pinned to; empty
    /// lets the scheduler choose.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub node_label_value: String,
}

/// Image sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Images {
    /// Registry and project for **every** image, e.g. `harbor.example:8443/federatedai`. Empty:
    /// FATE images from Docker Hub `federatedai/`, mysql and redis from Docker Hub.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub registry: String,
    /// Tag of the FATE images; default `<fateVersion>-release` (FATE 2.2.0: the release's own
    /// set, eggroll `3.2.0-release`, fateboard `2.1.1-release`, fateflow and osx
    /// `2.2.0-release`). A tag given here applies to every FATE image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Tag of the mysql image.
    #[serde(default = "default_mysql_tag")]
    pub mysql_tag: String,
    /// Tag of the redis image (FATE 1.x; FATE 2.2 has no redis).
    #[serde(default = "default_redis_tag")]
    pub redis_tag: String,
    /// Kubernetes image pull policy.
    #[serde(default)]
    pub pull_policy: PullPolicy,
    /// Names of existing `kubernetes.io/dockerconfigjson` Secrets in each namespace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pull_secrets: Vec<String>,
}

/// Pinned mysql tag (the old charts used the floating `mysql:8`).
pub const DEFAULT_MYSQL_TAG: &str = "8.0.36";
/// Pinned redis tag (the old charts used the floating `redis:5`).
pub const DEFAULT_REDIS_TAG: &str = "5.0.14";

fn default_mysql_tag() -> String {
    DEFAULT_MYSQL_TAG.to_owned()
}

fn default_redis_tag() -> String {
    DEFAULT_REDIS_TAG.to_owned()
}

impl Default for Images {
    fn default() -> Self {
        Images {
            registry: String::new(),
            tag: None,
            mysql_tag: default_mysql_tag(),
            redis_tag: default_redis_tag(),
            pull_policy: PullPolicy::default(),
            pull_secrets: Vec::new(),
        }
    }
}

/// Kubernetes `imagePullPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum PullPolicy {
    /// Pull only when the node lacks the image.
    #[default]
    IfNotPresent,
    /// Pull on every start.
    Always,
    /// Never pull; images must be preloaded on the nodes.
    Never,
}

impl PullPolicy {
    /// The value Kubernetes expects.
    pub fn as_str(self) -> &'static str {
        match self {
            PullPolicy::IfNotPresent => "IfNotPresent",
            PullPolicy::Always => "Always",
            PullPolicy::Never => "Never",
        }
    }
}

/// Where mysql data (`/var/lib/mysql`), redis data (`/data`) and each egg's data dir
/// (`/data/projects/fate/data-dir`) live.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Storage {
    /// No persistent volume: data is lost when a pod is recreated.
    #[default]
    None,
    /// One NFS export shared by all components through sub-directories.
    #[serde(rename_all = "camelCase")]
    Nfs {
        /// NFS server address.
        server: String,
        /// Exported path on the server.
        path: String,
        /// Capacity written on the PersistentVolume and its claim.
        #[serde(default = "default_nfs_size")]
        size: String,
    },
    /// One dynamically provisioned claim per component.
    #[serde(rename_all = "camelCase")]
    StorageClass {
        /// StorageClass name; empty uses the cluster's default class.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        class: String,
        /// Claim sizes.
        #[serde(default)]
        sizes: VolumeSizes,
    },
    /// An existing claim in each party namespace, shared through sub-directories.
    #[serde(rename_all = "camelCase")]
    ExistingClaim {
        /// Name of the PersistentVolumeClaim.
        claim: String,
    },
}

fn default_nfs_size() -> String {
    "100Gi".to_owned()
}

/// Claim size per component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VolumeSizes {
    /// mysql data.
    #[serde(default = "default_mysql_size")]
    pub mysql: String,
    /// redis data.
    #[serde(default = "default_redis_size")]
    pub redis: String,
    /// Each egg's data dir.
    #[serde(default = "default_egg_size")]
    pub egg: String,
}

fn default_mysql_size() -> String {
    "10Gi".to_owned()
}
fn default_redis_size() -> String {
    "1Gi".to_owned()
}
fn default_egg_size() -> String {
    "50Gi".to_owned()
}

impl Default for VolumeSizes {
    fn default() -> Self {
        VolumeSizes {
            mysql: default_mysql_size(),
            redis: default_redis_size(),
            egg: default_egg_size(),
        }
    }
}

/// Node placement: a label key, a label value per component and one egg per listed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Placement {
    /// Node label key every selector uses.
    #[serde(default = "default_node_label")]
    pub node_label: String,
    /// Label value for the proxy pod (FATE 2.2: the OSX pod); empty lets the scheduler choose.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proxy: String,
    /// Label value for the mysql pod.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mysql: String,
    /// FATE 2.2: label value for the eggroll clustermanager pod.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub clustermanager: String,
    /// FATE 2.2: label value for the fateflow and fateboard pods.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fateflow: String,
    /// FATE 1.x: label value for the federation pod.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub federation: String,
    /// FATE 1.x: label value for the meta-service pod.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meta_service: String,
    /// FATE 1.x: label value for the python pod (fate_flow and fateboard).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub python: String,
    /// FATE 1.x: label value for the redis pod.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub redis: String,
    /// FATE 1.x: label value for the roll pod.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub roll: String,
    /// One egg (FATE 2.2: one eggroll nodemanager) per entry, pinned to nodes with that label
    /// value (empty: unpinned). At least one.
    #[serde(default = "default_eggs")]
    pub eggs: Vec<String>,
}

/// Default node label key, as in the old `kube.cfg`.
pub const DEFAULT_NODE_LABEL: &str = "fedai.org";

fn default_node_label() -> String {
    DEFAULT_NODE_LABEL.to_owned()
}

fn default_eggs() -> Vec<String> {
    vec![String::new()]
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            node_label: default_node_label(),
            proxy: String::new(),
            mysql: String::new(),
            clustermanager: String::new(),
            fateflow: String::new(),
            federation: String::new(),
            meta_service: String::new(),
            python: String::new(),
            redis: String::new(),
            roll: String::new(),
            eggs: default_eggs(),
        }
    }
}

/// The fateboard Ingress of every party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Ingress {
    /// Render the Ingress.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// `spec.ingressClassName`.
    #[serde(default = "default_ingress_class")]
    pub class_name: String,
    /// Name of an existing TLS Secret in each party namespace; empty serves plain HTTP.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tls_secret: String,
}

fn yes() -> bool {
    true
}

fn default_ingress_class() -> String {
    "nginx".to_owned()
}

impl Default for Ingress {
    fn default() -> Self {
        Ingress {
            enabled: true,
            class_name: default_ingress_class(),
            tls_secret: String::new(),
        }
    }
}

/// Passwords of one party; each one left out is generated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartyCredentials {
    /// mysql `root` password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_root_password: Option<String>,
    /// Password of the mysql user `fate` that fate_flow, fateboard and meta-service use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_password: Option<String>,
    /// FATE 1.x: redis `requirepass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis_password: Option<String>,
    /// FATE 2.2: password of the fateboard login `admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fateboard_password: Option<String>,
}

impl Config {
    /// The seed's default federation: parties 10000 and 9999 behind an exchange.
    pub fn example() -> Config {
        let party = |id: &str, address: &str, node_port: u32| Party {
            id: id.to_owned(),
            address: address.to_owned(),
            node_port: Some(node_port),
            namespace: None,
            fateboard_host: None,
            placement: None,
            dmz: None,
        };
        Config {
            version: CONFIG_VERSION,
            fate_version: FateVersion::default(),
            target: HelmTarget::default(),
            parties: vec![
                party("10000", "192.168.11.2", 30010),
                party("9999", "192.168.11.3", 30009),
            ],
            exchange: Some(Exchange {
                address: "192.168.11.4".to_owned(),
                node_port: 30000,
                namespace: None,
                node_label_value: String::new(),
            }),
            images: Images::default(),
            storage: Storage::default(),
            placement: Placement::default(),
            ingress: Ingress::default(),
            credentials: BTreeMap::new(),
            tls: Tls::default(),
            certificates: Certificates::default(),
        }
    }

    /// Every OSX of the federation that holds a TLS certificate: party id (or
    /// [`EXCHANGE_CERTIFICATE`]) → the address its peers dial, which the certificate must name.
    pub fn osx_hosts(&self) -> BTreeMap<String, String> {
        let mut hosts = ordered::map_of(
            self.parties
                .iter()
                .map(|p| (p.id.clone(), p.address.clone())),
        );
        if let Some(exchange) = &self.exchange {
            hosts.insert(EXCHANGE_CERTIFICATE.to_owned(), exchange.address.clone());
        }
        hosts
    }

    /// The same document with every password, certificate and key removed (for share links and
    /// exports).
    pub fn without_credentials(&self) -> Config {
        Config {
            credentials: BTreeMap::new(),
            certificates: Certificates::default(),
            ..self.clone()
        }
    }
}

/// Accepts `id: 10000` as well as `id: "10000"`, keeping the digits exactly as written.
fn scalar_as_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Scalar;
    impl serde::de::Visitor<'_> for Scalar {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a party id such as \"10000\"")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_str(Scalar)
}
