//! The `values.yaml` of each chart, built from typed data, and the charts' `values.schema.json`.
//!
//! Every key is a field of a [`values_object!`] struct below, and its doc comment documents it
//! twice: as the comment above the key in `values.yaml` and as the property's `description` in
//! `values.schema.json` ([`party_values_schema`], [`exchange_values_schema`]; the files under
//! `charts/fate1/` are their output, and `tests/values_schema.rs` fails when those are stale).
//! A key's default is the value the generator writes, unless its comment says otherwise.
//! Rendering cannot fail: the values become a [`Node`] tree, written by [`yaml::emit`].

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::generator::config::{FateVersion, Storage, PROXY_PORT};
use crate::generator::federation::{Endpoint, ExchangePlan, Federation, ImagePlan, PartyPlan};
use crate::generator::routes::{exchange_route_table, party_route_table};
use crate::generator::values_common::*;
use crate::generator::values_doc::{schema_json, values_object};
use crate::generator::yaml::{Node, ToYaml};

/// Coordinator id the exchange proxy announces (the old charts used `0000` too).
pub const EXCHANGE_COORDINATOR: &str = "0000";

/// A FATE release, as FATE writes it (`1.2.0`).
#[derive(Debug, Clone, Copy)]
struct Release(FateVersion);

impl JsonSchema for Release {
    fn schema_name() -> Cow<'static, str> {
        "fateVersion".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_enum(
            FateVersion::ALL
                .iter()
                .filter(|v| !v.is_fate2())
                .map(|v| v.as_str()),
        )
    }
}

impl ToYaml for Release {
    fn to_yaml(&self) -> Node {
        self.0.as_str().to_yaml()
    }
}

// The party chart.

values_object! {
    /// Where the images come from.
    #[schemars(inline)]
    struct PartyImage {
        /// Registry and project of every image, init containers included: FATE images are
        /// `<registry>/<name>:<tag>`, mysql and redis `<registry>/mysql:<mysqlTag>` and
        /// `<registry>/redis:<redisTag>`. Empty: FATE images from Docker Hub `federatedai/`,
        /// mysql and redis from Docker Hub. From `images.registry`.
        registry: Registry,
        /// Tag of the FATE images (egg, federation, meta-service, proxy, roll, python,
        /// fateboard). From `images.tag`, default `<fateVersion>-release`.
        tag: Tag,
        /// Tag of the mysql image. From `images.mysqlTag`.
        mysql_tag: Tag,
        /// Tag of the redis image, which also runs the init containers that wait for other
        /// services (it has bash). From `images.redisTag`.
        redis_tag: Tag,
        /// `imagePullPolicy` of every container. From `images.pullPolicy`.
        pull_policy: PullPolicyValue,
        /// Existing Secrets of the namespace every pod pulls its images with
        /// (`imagePullSecrets`). From `images.pullSecrets`.
        pull_secrets: PullSecrets,
    }
}

values_object! {
    /// The party's proxy.
    #[schemars(inline)]
    struct Proxy {
        /// Run the proxy in the cluster (Deployment, ConfigMap and NodePort Service `proxy`).
        /// `false` is DMZ mode: the proxy runs on the DMZ host (`dmz-<id>/` in the bundle), and
        /// both `dmz.*NodePort` must be set.
        enabled: bool,
        /// Fixed NodePort of the `proxy` Service: peers and the exchange reach the party at
        /// `<any node IP>:<nodePort>`. Required when `enabled`; null (or absent) in DMZ mode.
        /// From `parties[].nodePort`.
        node_port: Option<NodePort>,
        /// Where the party's components reach the proxy: `proxy` (the Service), or in DMZ mode
        /// the DMZ host. Written into the configuration of federation, fate_flow and eggroll.
        host: Host,
        /// The proxy's port at `host`: 9370 (required) in the cluster, the port the DMZ proxy
        /// publishes in DMZ mode (`parties[].dmz.port`).
        port: Port,
        /// The `route_table` object of the proxy's `route_table.json`, written as JSON as is:
        /// party id or `default` -> role -> list of `{ip, port}`. With an exchange, `default`
        /// leads to the exchange; without one, there is an entry per other party. The own
        /// party's entry has the roles `fate` (federation, 9394) and `fateflow` (fate_flow gRPC,
        /// 9360); in DMZ mode they are this cluster's `dmz.*NodePort`s.
        route_table: Routes,
        /// Node labels the proxy pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `placement.proxy`.
        node_selector: NodeSelector,
        /// Requests and limits of the proxy container.
        resources: Resources,
        /// The proxy JVM's maximum heap (`-Xmx`); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
    }
}

values_object! {
    /// DMZ mode's node ports.
    #[schemars(inline)]
    struct DmzPorts {
        /// DMZ mode: fixed NodePort of the `federation-dmz` Service (federation, 9394), which
        /// the DMZ proxy calls; null (or absent) otherwise. From
        /// `parties[].dmz.federationNodePort`.
        federation_node_port: Option<NodePort>,
        /// DMZ mode: fixed NodePort of the `fateflow-dmz` Service (fate_flow gRPC, 9360), which
        /// the DMZ proxy calls; null (or absent) otherwise. From
        /// `parties[].dmz.fateflowNodePort`.
        fateflow_node_port: Option<NodePort>,
    }
}

values_object! {
    /// One egg.
    #[schemars(inline)]
    struct Egg {
        /// Name of the egg's Deployment, Service and (storageClass persistence) claim
        /// `<name>-data`: `egg<N>`, unique.
        #[schemars(regex(pattern = r"^egg[0-9]{1,4}$"))]
        name: String,
        /// Node labels this egg's pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose.
        node_selector: NodeSelector,
    }
}

values_object! {
    /// What every egg shares.
    #[schemars(inline)]
    struct EggSettings {
        /// Requests and limits of each egg container (node manager, storage service and the
        /// processors it starts).
        resources: Resources,
        /// Maximum heap (`-Xmx`) of the egg's node manager, its only JVM (the processors are
        /// Python, the storage service is C++); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
        /// Most processor sessions an egg runs at once
        /// (`eggroll.computing.processor.session.max.count`).
        #[schemars(range(min = 1, max = 1024))]
        session_max_count: u32,
    }
}

values_object! {
    /// The fate_flow container.
    #[schemars(inline)]
    struct Fateflow {
        /// Requests and limits of the fate_flow container.
        resources: Resources,
    }
}

values_object! {
    /// The fateboard container.
    #[schemars(inline)]
    struct Fateboard {
        /// Requests and limits of the fateboard container.
        resources: Resources,
        /// fateboard's maximum Java heap (`-Xmx`); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
    }
}

values_object! {
    /// The python pod.
    #[schemars(inline)]
    struct Python {
        /// Node labels the python pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `placement.python`.
        node_selector: NodeSelector,
        /// fate_flow: runs jobs (gRPC 9360, HTTP 9380).
        fateflow: Fateflow,
        /// fateboard: the web UI of jobs (HTTP 8080, also through the Ingress).
        fateboard: Fateboard,
    }
}

values_object! {
    /// The mysql pod.
    #[schemars(inline)]
    struct Mysql {
        /// Database the mysql image creates on first start; fate_flow, fateboard and
        /// meta-service keep their tables there.
        #[schemars(regex(pattern = r"^[A-Za-z0-9_]{1,64}$"))]
        database: &'static str,
        /// mysql user the image creates on first start for `database` (password
        /// `credentials.mysqlPassword`); not `root`.
        #[schemars(regex(pattern = r"^[A-Za-z0-9_]{1,32}$"))]
        user: &'static str,
        /// Node labels the mysql pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `placement.mysql`.
        node_selector: NodeSelector,
        /// Requests and limits of the mysql container.
        resources: Resources,
    }
}

values_object! {
    /// The redis pod.
    #[schemars(inline)]
    struct Redis {
        /// Node labels the redis pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `placement.redis`.
        node_selector: NodeSelector,
        /// Requests and limits of the redis container.
        resources: Resources,
    }
}

values_object! {
    /// Claim sizes.
    #[schemars(inline)]
    struct Sizes {
        /// Claim `mysql-data` (`storage.sizes.mysql`).
        mysql: Size,
        /// Claim `redis-data` (`storage.sizes.redis`).
        redis: Size,
        /// Claim `<egg>-data` of each egg (`storage.sizes.egg`).
        egg: Size,
        /// Claim `python-logs`, fate_flow's and fateboard's logs.
        python: Size,
    }
}

values_object! {
    /// Persistent storage.
    #[schemars(inline)]
    struct Persistence {
        /// `none`: emptyDirs, data is lost when a pod is recreated; `nfs`: a PersistentVolume on
        /// the export `nfs` and the claim `fate-data`; `storageClass`: one claim per component,
        /// sized by `sizes`; `existingClaim`: the claim `existingClaim`. On a shared volume
        /// (`nfs`, `existingClaim`) each component uses a sub-directory named after it and the
        /// party (`mysql-<partyId>`, ...). From `storage.type`.
        r#type: PersistenceType,
        /// The NFS export, for type `nfs`.
        nfs: Nfs,
        /// StorageClass of the claims, for type `storageClass`; empty uses the cluster's default
        /// class (`storage.class`).
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        storage_class: String,
        /// Existing PersistentVolumeClaim of the namespace, for type `existingClaim`
        /// (`storage.claim`).
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        existing_claim: String,
        /// Claim sizes, for type `storageClass`.
        sizes: Sizes,
        /// Annotate the PersistentVolume and claims with `helm.sh/resource-policy: keep`, so
        /// `helm uninstall` leaves the data.
        keep: bool,
    }
}

fn persistence(storage: &Storage) -> Persistence {
    let source = volume_source(storage);
    let mut sizes = Sizes {
        mysql: Size("10Gi".to_owned()),
        redis: Size("1Gi".to_owned()),
        egg: Size("50Gi".to_owned()),
        python: Size("10Gi".to_owned()),
    };
    if let Storage::StorageClass { sizes: given, .. } = storage {
        sizes.mysql = Size(given.mysql.clone());
        sizes.redis = Size(given.redis.clone());
        sizes.egg = Size(given.egg.clone());
    }
    Persistence {
        r#type: source.kind,
        nfs: source.nfs,
        storage_class: source.storage_class,
        existing_claim: source.existing_claim,
        sizes,
        keep: true,
    }
}

values_object! {
    /// Passwords.
    #[schemars(inline)]
    struct CredentialValues {
        /// An existing Secret of the namespace (keys `mysql-root-password`, `mysql-password`,
        /// `redis-password`) to use instead of the chart's `fate-credentials`; the passwords
        /// below may then be empty.
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        existing_secret: String,
        /// mysql `root` password. From `credentials.<id>.mysqlRootPassword`, else generated.
        mysql_root_password: String,
        /// Password of `mysql.user`. From `credentials.<id>.mysqlPassword`, else generated.
        mysql_password: String,
        /// redis `requirepass`. From `credentials.<id>.redisPassword`, else generated.
        redis_password: String,
    }
}

values_object! {
    /// Values of one FATE 1.2/1.3 party (see charts/README.md).
    #[schemars(title = "fate-party values")]
    struct PartyValues {
        /// FATE party id, a quoted string of digits (so `0000` or long ids survive): the
        /// proxy's coordinator and the `fedai.org/party-id` label. From `parties[].id`.
        #[schemars(regex(pattern = r"^[0-9]+$"), length(max = 63))]
        party_id: String,
        /// FATE release of the party; selects the fate_flow `settings.py` variant. From
        /// `fateVersion`.
        fate_version: Release,
        /// Where the images come from.
        image: PartyImage,
        /// The proxy: the party's only entry point from other parties and the exchange.
        proxy: Proxy,
        /// DMZ mode (the proxy on a DMZ host): both node ports set and `proxy.enabled` false,
        /// or both null (or absent).
        dmz: DmzPorts,
        /// federation: moves data between parties through the proxy (gRPC 9394).
        federation: JavaComponent,
        /// meta-service: eggroll's metadata (tables and nodes, stored in mysql), port 8590.
        meta_service: JavaComponent,
        /// roll: eggroll's scheduler between fate_flow and the eggs, port 8011.
        roll: JavaComponent,
        /// The eggs (eggroll's storage and computing nodes), one Deployment and Service each. At
        /// least one; from `placement.eggs`.
        #[schemars(length(min = 1, max = 64))]
        eggs: Vec<Egg>,
        /// What every egg shares.
        egg: EggSettings,
        /// The python pod: fate_flow and fateboard.
        python: Python,
        /// mysql: the database of fate_flow, fateboard and meta-service.
        mysql: Mysql,
        /// redis: fate_flow's job queue (password `credentials.redisPassword`).
        redis: Redis,
        /// Where mysql data, redis data, the python logs and each egg's data directory live.
        persistence: Persistence,
        /// The fateboard Ingress: `http(s)://<host>/` through the cluster's ingress controller.
        ingress: IngressValues,
        /// Passwords; they reach containers only through a Secret (`secretKeyRef`). The values
        /// are used on first install only: an existing `fate-credentials` Secret keeps the
        /// passwords it holds, which must match the mysql data.
        credentials: CredentialValues,
        /// Probes of every container that listens.
        probes: Probes,
    }
}

/// `values.schema.json` of the party chart (`charts/fate1/fate-party/values.schema.json`).
pub fn party_values_schema() -> String {
    schema_json::<PartyValues>(accept_global)
}

/// `values.yaml` of a party chart, as a tree.
pub fn party_values_tree(federation: &Federation, party: &PartyPlan) -> Node {
    let placement = &party.placement;
    let label = placement.node_label.as_str();
    let java_component = |value: &str| JavaComponent {
        node_selector: node_selector(label, value),
        resources: java_resources(),
        java_heap: JAVA_HEAP,
    };
    let (proxy_host, proxy_port) = match party.dmz() {
        Some(dmz) => (dmz.host.clone(), dmz.port),
        None => ("proxy".to_owned(), PROXY_PORT),
    };
    let images = &federation.images;
    let values = PartyValues {
        party_id: party.id.clone(),
        fate_version: Release(federation.fate_version),
        image: PartyImage {
            registry: Registry(images.registry.clone()),
            tag: Tag(images.tag.clone()),
            mysql_tag: Tag(images.mysql_tag.clone()),
            redis_tag: Tag(images.redis_tag.clone()),
            pull_policy: PullPolicyValue(images.pull_policy),
            pull_secrets: PullSecrets(images.pull_secrets.clone()),
        },
        proxy: Proxy {
            enabled: party.dmz().is_none(),
            node_port: if party.dmz().is_none() {
                party.node_port().map(NodePort)
            } else {
                None
            },
            host: Host(Endpoint::new(&proxy_host, proxy_port).ip),
            port: Port(proxy_port),
            route_table: routes(party_route_table(federation, party)),
            node_selector: node_selector(label, &placement.proxy),
            resources: java_resources(),
            java_heap: JAVA_HEAP,
        },
        dmz: DmzPorts {
            federation_node_port: party.dmz().map(|d| NodePort(d.federation_node_port)),
            fateflow_node_port: party.dmz().map(|d| NodePort(d.fateflow_node_port)),
        },
        federation: java_component(&placement.federation),
        meta_service: java_component(&placement.meta_service),
        roll: java_component(&placement.roll),
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
            java_heap: JAVA_HEAP,
            session_max_count: 16,
        },
        python: Python {
            node_selector: node_selector(label, &placement.python),
            fateflow: Fateflow {
                resources: resources("500m", "2Gi", "8Gi"),
            },
            fateboard: Fateboard {
                resources: resources("250m", "1Gi", "2Gi"),
                java_heap: JAVA_HEAP,
            },
        },
        mysql: Mysql {
            database: "fate",
            user: "fate",
            node_selector: node_selector(label, &placement.mysql),
            resources: resources("250m", "512Mi", "2Gi"),
        },
        redis: Redis {
            node_selector: node_selector(label, &placement.redis),
            resources: resources("100m", "128Mi", "1Gi"),
        },
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
    values.to_yaml()
}

// The exchange chart.

values_object! {
    /// Where the image comes from.
    #[schemars(inline)]
    struct ExchangeImage {
        /// Registry and project of the proxy image: `<registry>/proxy:<tag>`. Empty: Docker Hub
        /// `federatedai/proxy`. From `images.registry`.
        registry: Registry,
        /// Tag of the FATE proxy image. From `images.tag`, default `<fateVersion>-release`.
        tag: Tag,
        /// `imagePullPolicy` of the proxy container. From `images.pullPolicy`.
        pull_policy: PullPolicyValue,
        /// Existing Secrets of the namespace the proxy pod pulls its image with
        /// (`imagePullSecrets`). From `images.pullSecrets`.
        pull_secrets: PullSecrets,
    }
}

values_object! {
    /// The exchange proxy.
    #[schemars(inline)]
    struct ExchangeProxy {
        /// Party id the exchange proxy uses for itself, a quoted string of digits that is no
        /// party's id.
        #[schemars(regex(pattern = r"^[0-9]+$"), length(max = 63))]
        coordinator: &'static str,
        /// Fixed NodePort of the `proxy` Service: every party reaches the exchange at
        /// `<any node IP>:<nodePort>`. From `exchange.nodePort`.
        node_port: NodePort,
        /// The `route_table` object of the proxy's `route_table.json`, written as JSON as is:
        /// party id -> role `default` -> list of `{ip, port}`, that party's proxy (its
        /// `address` and NodePort, or its DMZ host). At least one party.
        route_table: Routes,
        /// Node labels the proxy pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `exchange.nodeLabelValue`.
        node_selector: NodeSelector,
        /// Requests and limits of the proxy container.
        resources: Resources,
        /// The proxy JVM's maximum heap (`-Xmx`); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
    }
}

values_object! {
    /// Values of the FATE 1.2/1.3 exchange (see charts/README.md).
    #[schemars(title = "fate-exchange values")]
    struct ExchangeValues {
        /// FATE release of the federation. From `fateVersion`.
        fate_version: Release,
        /// Where the image comes from.
        image: ExchangeImage,
        /// The exchange proxy, which routes between the parties.
        proxy: ExchangeProxy,
        /// Probes of the proxy container.
        probes: Probes,
    }
}

/// `values.schema.json` of the exchange chart (`charts/fate1/fate-exchange/values.schema.json`).
pub fn exchange_values_schema() -> String {
    schema_json::<ExchangeValues>(accept_global)
}

/// `values.yaml` of the exchange chart, as a tree.
pub fn exchange_values_tree(federation: &Federation, exchange: &ExchangePlan) -> Node {
    let label = federation.source.placement.node_label.as_str();
    let images: &ImagePlan = &federation.images;
    let values = ExchangeValues {
        fate_version: Release(federation.fate_version),
        image: ExchangeImage {
            registry: Registry(images.registry.clone()),
            tag: Tag(images.tag.clone()),
            pull_policy: PullPolicyValue(images.pull_policy),
            pull_secrets: PullSecrets(images.pull_secrets.clone()),
        },
        proxy: ExchangeProxy {
            coordinator: EXCHANGE_COORDINATOR,
            node_port: NodePort(exchange.node_port),
            route_table: routes(exchange_route_table(federation)),
            node_selector: node_selector(label, &exchange.node_label_value),
            resources: java_resources(),
            java_heap: JAVA_HEAP,
        },
        probes: probes(),
    };
    values.to_yaml()
}
