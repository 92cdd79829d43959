//! The `values.yaml` of each chart, built from typed data (see `charts/README.md` for the shape).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::generator::config::{Storage, PROXY_PORT};
use crate::generator::federation::{ExchangePlan, Federation, ImagePlan, PartyPlan};
use crate::generator::routes::{exchange_route_table, party_route_table, RouteTable};

/// Coordinator id the exchange proxy announces (the old charts used `0000` too).
pub const EXCHANGE_COORDINATOR: &str = "0000";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Image {
    registry: String,
    tag: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    mysql_tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redis_tag: Option<String>,
    pull_policy: &'static str,
    pull_secrets: Vec<String>,
}

fn image(plan: &ImagePlan, with_third_party: bool) -> Image {
    Image {
        registry: plan.registry.clone(),
        tag: plan.tag.clone(),
        mysql_tag: with_third_party.then(|| plan.mysql_tag.clone()),
        redis_tag: with_third_party.then(|| plan.redis_tag.clone()),
        pull_policy: plan.pull_policy.as_str(),
        pull_secrets: plan.pull_secrets.clone(),
    }
}

/// CPU/memory requests and limits of one container.
#[derive(Debug, Clone, Serialize)]
pub struct Resources {
    requests: BTreeMap<&'static str, &'static str>,
    limits: BTreeMap<&'static str, &'static str>,
}

/// Requests sized for a small production party; memory limits keep one runaway process from
/// evicting the node's other pods (the old charts had none, and eggs were evicted).
fn resources(cpu: &'static str, memory: &'static str, memory_limit: &'static str) -> Resources {
    Resources {
        requests: BTreeMap::from([("cpu", cpu), ("memory", memory)]),
        limits: BTreeMap::from([("memory", memory_limit)]),
    }
}

fn java_resources() -> Resources {
    resources("250m", "512Mi", "2Gi")
}

/// Maximum Java heap (`-Xmx`) of the JVM containers with a 2Gi memory limit: three quarters of
/// the limit, leaving room for metaspace, threads and direct buffers. Explicit, because the
/// images' Java 8u192 does not see cgroup v2 limits and would size its heap from the node's RAM
/// (charts/images.yaml); the chart refuses a heap above 75% of the memory limit.
const JAVA_HEAP: &str = "1536m";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Component {
    node_selector: BTreeMap<String, String>,
    resources: Resources,
    #[serde(skip_serializing_if = "Option::is_none")]
    java_heap: Option<&'static str>,
}

fn node_selector(key: &str, value: &str) -> BTreeMap<String, String> {
    if value.is_empty() {
        BTreeMap::new()
    } else {
        BTreeMap::from([(key.to_owned(), value.to_owned())])
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Proxy {
    enabled: bool,
    node_port: Option<u16>,
    host: String,
    port: u16,
    route_table: RouteTable,
    node_selector: BTreeMap<String, String>,
    resources: Resources,
    java_heap: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct DmzPorts {
    federation_node_port: Option<u16>,
    fateflow_node_port: Option<u16>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Egg {
    name: String,
    node_selector: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct EggSettings {
    resources: Resources,
    java_heap: &'static str,
    session_max_count: u32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Container {
    resources: Resources,
    #[serde(skip_serializing_if = "Option::is_none")]
    java_heap: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Python {
    node_selector: BTreeMap<String, String>,
    fateflow: Container,
    fateboard: Container,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Mysql {
    database: &'static str,
    user: &'static str,
    node_selector: BTreeMap<String, String>,
    resources: Resources,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Nfs {
    server: String,
    path: String,
    size: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Sizes {
    mysql: String,
    redis: String,
    egg: String,
    python: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Persistence {
    #[serde(rename = "type")]
    kind: &'static str,
    nfs: Nfs,
    storage_class: String,
    existing_claim: String,
    sizes: Sizes,
    keep: bool,
}

fn persistence(storage: &Storage) -> Persistence {
    let mut out = Persistence {
        kind: "none",
        nfs: Nfs {
            server: String::new(),
            path: String::new(),
            size: "100Gi".to_owned(),
        },
        storage_class: String::new(),
        existing_claim: String::new(),
        sizes: Sizes {
            mysql: "10Gi".to_owned(),
            redis: "1Gi".to_owned(),
            egg: "50Gi".to_owned(),
            python: "10Gi".to_owned(),
        },
        keep: true,
    };
    match storage {
        Storage::None => {}
        Storage::Nfs { server, path, size } => {
            out.kind = "nfs";
            out.nfs = Nfs {
                server: server.clone(),
                path: path.clone(),
                size: size.clone(),
            };
        }
        Storage::StorageClass { class, sizes } => {
            out.kind = "storageClass";
            out.storage_class = class.clone();
            out.sizes.mysql = sizes.mysql.clone();
            out.sizes.redis = sizes.redis.clone();
            out.sizes.egg = sizes.egg.clone();
        }
        Storage::ExistingClaim { claim } => {
            out.kind = "existingClaim";
            out.existing_claim = claim.clone();
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct IngressValues {
    enabled: bool,
    class_name: String,
    host: String,
    tls_secret: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct CredentialValues {
    existing_secret: String,
    mysql_root_password: String,
    mysql_password: String,
    redis_password: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Probes {
    enabled: bool,
    initial_delay_seconds: u32,
    period_seconds: u32,
    timeout_seconds: u32,
    failure_threshold: u32,
}

fn probes() -> Probes {
    Probes {
        enabled: true,
        initial_delay_seconds: 20,
        period_seconds: 10,
        timeout_seconds: 5,
        failure_threshold: 6,
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PartyValues {
    party_id: String,
    fate_version: &'static str,
    image: Image,
    proxy: Proxy,
    dmz: DmzPorts,
    federation: Component,
    meta_service: Component,
    roll: Component,
    eggs: Vec<Egg>,
    egg: EggSettings,
    python: Python,
    mysql: Mysql,
    redis: Component,
    persistence: Persistence,
    ingress: IngressValues,
    credentials: CredentialValues,
    probes: Probes,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ExchangeProxy {
    coordinator: &'static str,
    node_port: u16,
    route_table: RouteTable,
    node_selector: BTreeMap<String, String>,
    resources: Resources,
    java_heap: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ExchangeValues {
    fate_version: &'static str,
    image: Image,
    proxy: ExchangeProxy,
    probes: Probes,
}

fn to_yaml<T: Serialize>(header: &str, values: &T) -> String {
    let body = serde_yaml::to_string(values).unwrap_or_default();
    format!("{header}{body}")
}

/// `values.yaml` of a party chart.
pub fn party_values(federation: &Federation, party: &PartyPlan) -> String {
    let placement = &party.placement;
    let label = placement.node_label.as_str();
    let component =
        |value: &str, resources: Resources, java_heap: Option<&'static str>| Component {
            node_selector: node_selector(label, value),
            resources,
            java_heap,
        };
    let (proxy_host, proxy_port) = match &party.dmz() {
        Some(dmz) => (dmz.host.clone(), dmz.port),
        None => ("proxy".to_owned(), PROXY_PORT),
    };
    let values = PartyValues {
        party_id: party.id.clone(),
        fate_version: federation.fate_version.as_str(),
        image: image(&federation.images, true),
        proxy: Proxy {
            enabled: party.dmz().is_none(),
            node_port: if party.dmz().is_none() {
                party.node_port()
            } else {
                None
            },
            host: crate::generator::federation::Endpoint::new(&proxy_host, proxy_port).ip,
            port: proxy_port,
            route_table: party_route_table(federation, party),
            node_selector: node_selector(label, &placement.proxy),
            resources: java_resources(),
            java_heap: JAVA_HEAP,
        },
        dmz: DmzPorts {
            federation_node_port: party.dmz().as_ref().map(|d| d.federation_node_port),
            fateflow_node_port: party.dmz().as_ref().map(|d| d.fateflow_node_port),
        },
        federation: component(&placement.federation, java_resources(), Some(JAVA_HEAP)),
        meta_service: component(&placement.meta_service, java_resources(), Some(JAVA_HEAP)),
        roll: component(&placement.roll, java_resources(), Some(JAVA_HEAP)),
        eggs: party
            .egg_names()
            .into_iter()
            .zip(&placement.eggs)
            .map(|(name, value)| Egg {
                name,
                node_selector: node_selector(label, value),
            })
            .collect(),
        egg: EggSettings {
            resources: resources("1", "4Gi", "16Gi"),
            // The node manager only; processors are Python and storage-service is C++.
            java_heap: JAVA_HEAP,
            session_max_count: 16,
        },
        python: Python {
            node_selector: node_selector(label, &placement.python),
            fateflow: Container {
                resources: resources("500m", "2Gi", "8Gi"),
                java_heap: None,
            },
            fateboard: Container {
                resources: resources("250m", "1Gi", "2Gi"),
                java_heap: Some(JAVA_HEAP),
            },
        },
        mysql: Mysql {
            database: "fate",
            user: "fate",
            node_selector: node_selector(label, &placement.mysql),
            resources: resources("250m", "512Mi", "2Gi"),
        },
        redis: component(&placement.redis, resources("100m", "128Mi", "1Gi"), None),
        persistence: persistence(&federation.storage),
        ingress: IngressValues {
            enabled: federation.ingress.enabled,
            class_name: federation.ingress.class_name.clone(),
            host: party.fateboard_host.clone(),
            tls_secret: federation.ingress.tls_secret.clone(),
        },
        credentials: CredentialValues {
            existing_secret: String::new(),
            mysql_root_password: party.credentials.mysql_root_password.clone(),
            mysql_password: party.credentials.mysql_password.clone(),
            redis_password: party.credentials.redis_password.clone(),
        },
        probes: probes(),
    };
    let header = format!(
        "# Values of FATE party {id} (release {release}, namespace {ns}).\n\
         # Written by fate-chartgen from federation.yaml; values.schema.json documents every key.\n\
         # The passwords below are used on first install only: an existing fate-credentials Secret\n\
         # in the namespace is kept, so regenerating this bundle never breaks an installed database.\n",
        id = party.id,
        release = party.release(),
        ns = party.namespace,
    );
    to_yaml(&header, &values)
}

/// `values.yaml` of the exchange chart.
pub fn exchange_values(federation: &Federation, exchange: &ExchangePlan) -> String {
    let label = federation.source.placement.node_label.as_str();
    let values = ExchangeValues {
        fate_version: federation.fate_version.as_str(),
        image: image(&federation.images, false),
        proxy: ExchangeProxy {
            coordinator: EXCHANGE_COORDINATOR,
            node_port: exchange.node_port,
            route_table: exchange_route_table(federation),
            node_selector: node_selector(label, &exchange.node_label_value),
            resources: java_resources(),
            java_heap: JAVA_HEAP,
        },
        probes: probes(),
    };
    let header = format!(
        "# Values of the FATE exchange (release fate-exchange, namespace {ns}).\n\
         # Written by fate-chartgen from federation.yaml; values.schema.json documents every key.\n",
        ns = exchange.namespace,
    );
    to_yaml(&header, &values)
}
