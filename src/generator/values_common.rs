//! Value types every line's charts share: scalars with a schema definition of their own (ports,
//! hosts, quantities, Java heaps, tags, registries), pull policy, persistence type, route tables,
//! resources, probes, the fateboard Ingress, and the `global` key parent charts hand down.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

use crate::generator::config::{PullPolicy, Storage};
use crate::generator::federation::Endpoint;
use crate::generator::ordered;
use crate::generator::routes::RouteTable;
use crate::generator::values_doc::values_object;
use crate::generator::yaml::{Node, ToYaml};

/// `ToYaml` of a newtype: its inner value.
macro_rules! yaml_as_inner_impl {
    ($($name:ty),* $(,)?) => {
        $(
            impl ToYaml for $name {
                fn to_yaml(&self) -> Node {
                    self.0.to_yaml()
                }
            }
        )*
    };
}

// Scalars and maps with a definition of their own in the schema.

/// A fixed NodePort (the default Kubernetes NodePort range).
#[derive(Debug, Clone, Copy, JsonSchema)]
#[schemars(rename = "nodePort")]
pub(crate) struct NodePort(#[schemars(range(min = 30000, max = 32767))] pub(crate) u16);

/// A TCP port.
#[derive(Debug, Clone, Copy, JsonSchema)]
#[schemars(rename = "port")]
pub(crate) struct Port(#[schemars(range(min = 1, max = 65535))] pub(crate) u16);

/// IPv4 address, IPv6 address (no brackets) or DNS name.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "host")]
pub(crate) struct Host(
    #[schemars(
        length(min = 1, max = 253),
        regex(pattern = r"^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$")
    )]
    pub(crate) String,
);

/// Kubernetes nodeSelector: node label key -> value.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "nodeSelector")]
pub(crate) struct NodeSelector(pub(crate) BTreeMap<String, String>);

/// Resource name (cpu, memory, ...) -> Kubernetes quantity.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(
    rename = "quantities",
    extend(
        "propertyNames" = {"pattern": "^([a-z0-9.-]+/)?[A-Za-z0-9._-]+$"},
        "additionalProperties" = {
            "type": ["string", "number"],
            "pattern": "^[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$"
        }
    )
)]
pub(crate) struct Quantities(pub(crate) BTreeMap<&'static str, &'static str>);

/// Maximum Java heap (-Xmx, Java syntax: 1536m, 2g), at most 75% of resources.limits.memory.
/// Set explicitly because the images' Java 8u192 does not see cgroup v2 memory limits.
#[derive(Debug, Clone, Copy, JsonSchema)]
#[schemars(rename = "javaHeap")]
pub(crate) struct JavaHeap(
    #[schemars(regex(pattern = r"^[0-9]+[kKmMgG]$"))] pub(crate) &'static str,
);

/// Storage size, e.g. 10Gi.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "size")]
pub(crate) struct Size(
    #[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$"))]
    pub(crate) String,
);

/// An image tag.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "tag")]
pub(crate) struct Tag(
    #[schemars(
        length(min = 1, max = 128),
        regex(pattern = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
    )]
    pub(crate) String,
);

/// Registry and project for every image, e.g. harbor.example:8443/federatedai; empty for Docker
/// Hub.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "registry")]
pub(crate) struct Registry(
    #[schemars(regex(
        pattern = r"^$|^[A-Za-z0-9]([A-Za-z0-9.:_-]*[A-Za-z0-9])?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$"
    ))]
    pub(crate) String,
);

/// Names of Secrets of type kubernetes.io/dockerconfigjson.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "pullSecrets")]
pub(crate) struct PullSecrets(
    #[schemars(inner(regex(pattern = r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")))] pub(crate) Vec<String>,
);

yaml_as_inner_impl!(
    NodePort,
    Port,
    Host,
    NodeSelector,
    Quantities,
    JavaHeap,
    Size,
    Tag,
    Registry,
    PullSecrets,
);

/// `{"type": "string", "enum": values}`.
pub(crate) fn string_enum<'a>(values: impl IntoIterator<Item = &'a str>) -> Schema {
    let mut schema = Map::new();
    schema.insert("type".to_owned(), Value::from("string"));
    let values = values.into_iter().map(Value::from).collect();
    schema.insert("enum".to_owned(), Value::Array(values));
    Schema::from(schema)
}

/// A Kubernetes `imagePullPolicy`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PullPolicyValue(pub(crate) PullPolicy);

impl PullPolicyValue {
    /// Every policy. The match makes a new one a compile error until it is listed here.
    fn all() -> [PullPolicy; 3] {
        let all = [
            PullPolicy::IfNotPresent,
            PullPolicy::Always,
            PullPolicy::Never,
        ];
        for policy in all {
            match policy {
                PullPolicy::IfNotPresent | PullPolicy::Always | PullPolicy::Never => {}
            }
        }
        all
    }
}

impl JsonSchema for PullPolicyValue {
    fn schema_name() -> Cow<'static, str> {
        "pullPolicy".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_enum(PullPolicyValue::all().map(PullPolicy::as_str))
    }
}

impl ToYaml for PullPolicyValue {
    fn to_yaml(&self) -> Node {
        self.0.as_str().to_yaml()
    }
}

/// `persistence.type`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PersistenceType {
    None,
    Nfs,
    StorageClass,
    ExistingClaim,
}

impl PersistenceType {
    const ALL: [PersistenceType; 4] = [
        PersistenceType::None,
        PersistenceType::Nfs,
        PersistenceType::StorageClass,
        PersistenceType::ExistingClaim,
    ];

    fn as_str(self) -> &'static str {
        match self {
            PersistenceType::None => "none",
            PersistenceType::Nfs => "nfs",
            PersistenceType::StorageClass => "storageClass",
            PersistenceType::ExistingClaim => "existingClaim",
        }
    }
}

impl JsonSchema for PersistenceType {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "persistenceType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_enum(PersistenceType::ALL.map(PersistenceType::as_str))
    }
}

impl ToYaml for PersistenceType {
    fn to_yaml(&self) -> Node {
        self.as_str().to_yaml()
    }
}

// Route tables: party id -> role -> endpoints, documented at the key that holds them.

/// The route_table object of the proxy's route_table.json: party id or "default" -> role ->
/// endpoints.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(
    rename = "routeTable",
    extend("minProperties" = 1, "propertyNames" = {"pattern": "^([0-9]+|default)$"})
)]
pub(crate) struct Routes(pub(crate) BTreeMap<String, Roles>);

/// Role (default, fate, fateflow) -> endpoints.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(
    inline,
    extend("minProperties" = 1, "propertyNames" = {"pattern": "^[A-Za-z0-9_.-]+$"})
)]
pub(crate) struct Roles(pub(crate) BTreeMap<String, Endpoints>);

/// Where the role is reached.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(inline)]
pub(crate) struct Endpoints(#[schemars(length(min = 1))] pub(crate) Vec<RouteEndpoint>);

yaml_as_inner_impl!(Routes, Roles, Endpoints);

values_object! {
    /// One place a route leads to.
    #[schemars(rename = "endpoint")]
    pub(crate) struct RouteEndpoint {
        /// Host the proxy connects to.
        ip: Host,
        /// Port there.
        port: Port,
    }
}

pub(crate) fn routes(table: RouteTable) -> Routes {
    let endpoint = |e: Endpoint| RouteEndpoint {
        ip: Host(e.ip),
        port: Port(e.port),
    };
    Routes(ordered::map_of(table.into_iter().map(|(party, roles)| {
        let roles = ordered::map_of(
            roles
                .into_iter()
                .map(|(role, list)| (role, Endpoints(list.into_iter().map(endpoint).collect()))),
        );
        (party, Roles(roles))
    })))
}

// Objects shared by several keys and both charts.

values_object! {
    /// Container resources (requests/limits).
    #[schemars(rename = "resources")]
    pub(crate) struct Resources {
        /// What the scheduler reserves for the container (`cpu`, `memory`).
        #[serde(default)]
        requests: Quantities,
        /// Upper bounds: above its memory limit the container is OOM-killed.
        #[serde(default)]
        limits: Quantities,
    }
}

/// Requests sized for a small production party; memory limits keep one runaway process from
/// evicting the node's other pods (the old charts had none, and eggs were evicted).
pub(crate) fn resources(
    cpu: &'static str,
    memory: &'static str,
    memory_limit: &'static str,
) -> Resources {
    Resources {
        requests: Quantities(BTreeMap::from([("cpu", cpu), ("memory", memory)])),
        limits: Quantities(BTreeMap::from([("memory", memory_limit)])),
    }
}

pub(crate) fn java_resources() -> Resources {
    resources("250m", "512Mi", "2Gi")
}

/// Maximum Java heap (`-Xmx`) of the JVM containers with a 2Gi memory limit: three quarters of
/// the limit, leaving room for metaspace, threads and direct buffers. Explicit, because the
/// images' Java 8u192 does not see cgroup v2 limits and would size its heap from the node's RAM
/// (charts/images.yaml); the chart refuses a heap above 75% of the memory limit.
pub(crate) const JAVA_HEAP: JavaHeap = JavaHeap("1536m");

values_object! {
    /// A JVM component with one container.
    #[schemars(rename = "component")]
    pub(crate) struct JavaComponent {
        /// Node labels the pod must run on (Kubernetes nodeSelector); `{}` lets the scheduler
        /// choose. The generator writes `<placement.nodeLabel>: <the component's value>` when
        /// the config places the component.
        node_selector: NodeSelector,
        /// Requests and limits of the container.
        resources: Resources,
        /// The JVM's maximum heap (`-Xmx`); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
    }
}

values_object! {
    /// TCP probes of every container that listens.
    #[schemars(rename = "probes")]
    pub(crate) struct Probes {
        /// Add TCP startup, readiness and liveness probes. The startup probe allows about ten
        /// minutes for the first start (`ceil(600 / periodSeconds)` failures), so the liveness
        /// probe never restarts mysql while it initialises its data directory.
        enabled: bool,
        /// Seconds before the first readiness and liveness probe.
        #[schemars(range(min = 0, max = 3600))]
        initial_delay_seconds: u32,
        /// Seconds between probes.
        #[schemars(range(min = 1, max = 600))]
        period_seconds: u32,
        /// Seconds a probe may take.
        #[schemars(range(min = 1, max = 600))]
        timeout_seconds: u32,
        /// Failed readiness or liveness probes in a row before the pod is taken out of its
        /// Service or the container is restarted.
        #[schemars(range(min = 1, max = 100))]
        failure_threshold: u32,
    }
}

pub(crate) fn probes() -> Probes {
    Probes {
        enabled: true,
        initial_delay_seconds: 20,
        period_seconds: 10,
        timeout_seconds: 5,
        failure_threshold: 6,
    }
}

pub(crate) fn node_selector(key: &str, value: &str) -> NodeSelector {
    NodeSelector(if value.is_empty() {
        BTreeMap::new()
    } else {
        BTreeMap::from([(key.to_owned(), value.to_owned())])
    })
}

values_object! {
    /// The fateboard Ingress.
    #[schemars(inline)]
    pub(crate) struct IngressValues {
        /// Render the Ingress `fateboard-ingress` (`ingress.enabled`).
        enabled: bool,
        /// `spec.ingressClassName`; empty uses the cluster's default class
        /// (`ingress.className`).
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        class_name: String,
        /// Host name fateboard is served at; required when `enabled`. From
        /// `parties[].fateboardHost`, default `<id>.fateboard.fedai.org`.
        #[schemars(regex(
            pattern = r"^$|^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$"
        ))]
        host: String,
        /// Existing TLS Secret of the namespace for `host`; empty serves plain HTTP
        /// (`ingress.tlsSecret`).
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        tls_secret: String,
    }
}

/// Adds `global` to the root's properties: the key Helm hands a subchart, which the charts
/// accept (so they work as subcharts) and the generator never writes.
pub(crate) fn accept_global(root: &mut Map<String, Value>) {
    let mut global = Map::new();
    global.insert("type".to_owned(), Value::from("object"));
    global.insert(
        "description".to_owned(),
        Value::from("Accepted for parent charts; not used (and never written by the generator)."),
    );
    if let Some(Value::Object(properties)) = root.get_mut("properties") {
        properties.insert("global".to_owned(), Value::Object(global));
    }
}

values_object! {
    /// The NFS export.
    #[schemars(inline)]
    pub(crate) struct Nfs {
        /// NFS server address (`storage.server`); required for type `nfs`.
        #[schemars(regex(pattern = r"^$|^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$"))]
        server: String,
        /// Exported path on the server (`storage.path`); required for type `nfs`.
        #[schemars(regex(pattern = r"^$|^/.*$"))]
        path: String,
        /// Capacity written on the PersistentVolume and its claim (`storage.size`).
        size: Size,
    }
}

/// Where a party's volumes come from, as every line's `persistence` writes it (the claim sizes
/// are each line's own).
pub(crate) struct VolumeSource {
    /// `persistence.type`.
    pub(crate) kind: PersistenceType,
    /// `persistence.nfs` (written for every type; used with `nfs`).
    pub(crate) nfs: Nfs,
    /// `persistence.storageClass`.
    pub(crate) storage_class: String,
    /// `persistence.existingClaim`.
    pub(crate) existing_claim: String,
}

/// The volume source of `storage`.
pub(crate) fn volume_source(storage: &Storage) -> VolumeSource {
    let mut out = VolumeSource {
        kind: PersistenceType::None,
        nfs: Nfs {
            server: String::new(),
            path: String::new(),
            size: Size("100Gi".to_owned()),
        },
        storage_class: String::new(),
        existing_claim: String::new(),
    };
    match storage {
        Storage::None => {}
        Storage::Nfs { server, path, size } => {
            out.kind = PersistenceType::Nfs;
            out.nfs = Nfs {
                server: server.clone(),
                path: path.clone(),
                size: Size(size.clone()),
            };
        }
        Storage::StorageClass { class, .. } => {
            out.kind = PersistenceType::StorageClass;
            out.storage_class = class.clone();
        }
        Storage::ExistingClaim { claim } => {
            out.kind = PersistenceType::ExistingClaim;
            out.existing_claim = claim.clone();
        }
    }
    out
}
