//! The `values.yaml` of each FATE 2.2 chart, built from typed data, and the charts'
//! `values.schema.json` (`charts/fate2/*/values.schema.json` are [`party_values_schema`] and
//! [`exchange_values_schema`]; `tests/values_schema.rs` fails when they are stale). As for the
//! 1.x line, every key's doc comment is its comment in `values.yaml` and its schema description.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::generator::config::{FateVersion, Storage, EXCHANGE_CERTIFICATE};
use crate::generator::fate2::release_tag;
use crate::generator::federation::{ExchangePlan, Federation, ImagePlan, PartyPlan};
use crate::generator::routes::{exchange_route_table, party_route_table, OSX_EXCHANGE_SELF};
use crate::generator::values_common::*;
use crate::generator::values_doc::{schema_json, values_object};
use crate::generator::yaml::{Node, ToYaml};

/// A FATE 2.x release, as FATE writes it (`2.2.0`).
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
                .filter(|v| v.is_fate2())
                .map(|v| v.as_str()),
        )
    }
}

impl ToYaml for Release {
    fn to_yaml(&self) -> Node {
        self.0.as_str().to_yaml()
    }
}

/// The parties an OSX serves itself (`self_party` of its route_table.json).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "selfParty")]
struct SelfParty(
    #[schemars(length(min = 1), inner(regex(pattern = r"^([0-9]+|default)$")))] Vec<String>,
);

impl ToYaml for SelfParty {
    fn to_yaml(&self) -> Node {
        self.0.to_yaml()
    }
}

values_object! {
    /// Tags of FATE's images: the 2.2.0 release tags them differently.
    #[schemars(inline)]
    struct ImageTags {
        /// Tag of the `osx` image.
        osx: Tag,
        /// Tag of the `eggroll` image (clustermanager and nodemanagers).
        eggroll: Tag,
        /// Tag of the `fateflow` image.
        fateflow: Tag,
        /// Tag of the `fateboard` image.
        fateboard: Tag,
    }
}

fn image_tags(images: &ImagePlan) -> ImageTags {
    let tag = |name: &str| {
        Tag(images
            .given_tag
            .clone()
            .unwrap_or_else(|| release_tag(name).to_owned()))
    };
    ImageTags {
        osx: tag("osx"),
        eggroll: tag("eggroll"),
        fateflow: tag("fateflow"),
        fateboard: tag("fateboard"),
    }
}

values_object! {
    /// Where the images come from.
    #[schemars(inline)]
    struct PartyImage {
        /// Registry and project of every image, init containers included: FATE images are
        /// `<registry>/<name>:<tags.name>`, mysql `<registry>/mysql:<mysqlTag>`. Empty: FATE
        /// images from Docker Hub `federatedai/`, mysql from Docker Hub. From `images.registry`.
        registry: Registry,
        /// Tags of FATE's images. From `images.tag` (one tag for all), else the FATE 2.2.0
        /// release's own tags.
        tags: ImageTags,
        /// Tag of the mysql image. From `images.mysqlTag`.
        mysql_tag: Tag,
        /// `imagePullPolicy` of every container. From `images.pullPolicy`.
        pull_policy: PullPolicyValue,
        /// Existing Secrets of the namespace every pod pulls its images with
        /// (`imagePullSecrets`). From `images.pullSecrets`.
        pull_secrets: PullSecrets,
    }
}

/// A PEM text, or empty when TLS is off.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename = "pem")]
struct Pem(#[schemars(regex(pattern = r"^$|^-----BEGIN [A-Z ]+-----\n"))] String);

impl ToYaml for Pem {
    fn to_yaml(&self) -> Node {
        self.0.to_yaml()
    }
}

values_object! {
    /// Mutual TLS of an OSX.
    #[schemars(inline)]
    struct OsxTls {
        /// Accept peers only on the TLS port (9371, behind the NodePort; the plaintext port
        /// 9370 stays inside the cluster for fateflow), require their certificate from the
        /// federation authority, and reach every other party and the exchange over TLS with
        /// this OSX's certificate. From `tls.enabled`. The files are the Secret `osx-tls`.
        enabled: bool,
        /// The federation authority's certificate (PEM), against which peers are verified.
        ca: Pem,
        /// This OSX's certificate (PEM), naming the address its peers dial.
        cert: Pem,
        /// This OSX's private key (PEM, PKCS#8). Used on install and upgrade: a new key rolls
        /// the OSX pod.
        key: Pem,
    }
}

fn osx_tls(federation: &Federation, id: &str) -> OsxTls {
    let issued = federation
        .tls
        .as_ref()
        .and_then(|tls| tls.of(id).map(|i| (tls, i)));
    match issued {
        Some((tls, issued)) => OsxTls {
            enabled: true,
            ca: Pem(tls.authority_cert.clone()),
            cert: Pem(issued.cert.clone()),
            key: Pem(issued.key.clone()),
        },
        None => OsxTls {
            enabled: false,
            ca: Pem(String::new()),
            cert: Pem(String::new()),
            key: Pem(String::new()),
        },
    }
}

values_object! {
    /// The party's OSX.
    #[schemars(inline)]
    struct Osx {
        /// Fixed NodePort peers and the exchange reach the party at, `<any node IP>:<nodePort>`:
        /// of the Service `osx` (plaintext gRPC 9370), or with `tls.enabled` of `osx-tls` (TLS
        /// 9371; `osx` then stays inside the cluster). From `parties[].nodePort`.
        node_port: NodePort,
        /// The `route_table` object of OSX's `route_table.json`, written as JSON as is: party id
        /// or `default` -> role -> list of `{ip, port}`. With an exchange, `default` leads to
        /// the exchange; without one, there is an entry per other party. The own party's entry
        /// has the role `fateflow` (fateflow gRPC, 9360).
        route_table: Routes,
        /// `self_party` of `route_table.json`: the party's own id (OSX refuses to start without
        /// it).
        self_party: SelfParty,
        /// Mutual TLS with the other parties and the exchange.
        tls: OsxTls,
        /// Node labels the OSX pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `placement.proxy`.
        node_selector: NodeSelector,
        /// Requests and limits of the OSX container.
        resources: Resources,
        /// The OSX JVM's maximum heap (`-Xmx`); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
    }
}

values_object! {
    /// One nodemanager.
    #[schemars(inline)]
    struct Nodemanager {
        /// Name of the nodemanager's Deployment and (storageClass persistence) claim
        /// `<name>-data`: `nodemanager-<N>`, unique.
        #[schemars(regex(pattern = r"^nodemanager-[0-9]{1,4}$"))]
        name: String,
        /// Node labels this nodemanager's pod must run on (Kubernetes nodeSelector); `{}` lets
        /// the scheduler choose.
        node_selector: NodeSelector,
    }
}

values_object! {
    /// What every nodemanager shares.
    #[schemars(inline)]
    struct NodemanagerSettings {
        /// Requests and limits of each nodemanager container (the JVM and the egg_pair
        /// processes it starts).
        resources: Resources,
        /// Maximum heap (`-Xmx`) of the nodemanager JVM; at most 75% of
        /// `resources.limits.memory`.
        java_heap: JavaHeap,
        /// CPU cores each nodemanager offers to sessions
        /// (`eggroll.resourcemanager.nodemanager.cpu.vcores`).
        #[schemars(range(min = 1, max = 1024))]
        cpu_vcores: u32,
        /// egg_pair processes a session starts per nodemanager
        /// (`eggroll.session.processors.per.node`).
        #[schemars(range(min = 1, max = 1024))]
        processors_per_node: u32,
    }
}

values_object! {
    /// The fateflow pod.
    #[schemars(inline)]
    struct Fateflow {
        /// Node labels the fateflow pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `placement.fateflow`.
        node_selector: NodeSelector,
        /// Requests and limits of the fateflow container (the server and the task processes).
        resources: Resources,
    }
}

values_object! {
    /// The fateboard pod.
    #[schemars(inline)]
    struct Fateboard {
        /// Node labels the fateboard pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `placement.fateflow`.
        node_selector: NodeSelector,
        /// Requests and limits of the fateboard container.
        resources: Resources,
        /// fateboard's maximum Java heap (`-Xmx`); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
        /// The login user; its password is `credentials.fateboardPassword`.
        #[schemars(regex(pattern = r"^[A-Za-z0-9_.-]{1,64}$"))]
        username: &'static str,
    }
}

values_object! {
    /// The mysql pod.
    #[schemars(inline)]
    struct Mysql {
        /// Database the mysql image creates on first start; fateflow creates its tables there,
        /// the clustermanager's init container eggroll's.
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
    /// Claim sizes (persistence.type storageClass).
    #[schemars(inline)]
    struct Sizes {
        /// The claim `mysql-data`. From `storage.sizes.mysql`.
        mysql: Size,
        /// Each `<nodemanager>-data` claim (eggroll's data directory). From `storage.sizes.egg`.
        nodemanager: Size,
        /// The claim `fateflow-data` (fateflow's models, jobs and logs).
        fateflow: Size,
    }
}

values_object! {
    /// Where data lives.
    #[schemars(inline)]
    struct Persistence {
        /// `none` (emptyDir: data is lost when a pod is recreated), `nfs` (one export, a
        /// sub-directory per component and party), `storageClass` (a claim per component) or
        /// `existingClaim` (one claim, a sub-directory per component and party). From
        /// `storage.type`.
        r#type: PersistenceType,
        /// The NFS export.
        nfs: Nfs,
        /// StorageClass of the claims; empty uses the cluster's default class.
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        storage_class: String,
        /// Name of the existing claim (type existingClaim).
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        existing_claim: String,
        /// Claim sizes (type storageClass).
        sizes: Sizes,
        /// Keep volumes and claims on `helm uninstall` (`helm.sh/resource-policy: keep`).
        keep: bool,
    }
}

fn persistence(storage: &Storage) -> Persistence {
    let source = volume_source(storage);
    let mut sizes = Sizes {
        mysql: Size("10Gi".to_owned()),
        nodemanager: Size("50Gi".to_owned()),
        fateflow: Size("10Gi".to_owned()),
    };
    if let Storage::StorageClass { sizes: given, .. } = storage {
        sizes.mysql = Size(given.mysql.clone());
        sizes.nodemanager = Size(given.egg.clone());
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
        /// `fateboard-password`) to use instead of the chart's `fate-credentials`; the passwords
        /// below may then be empty.
        #[schemars(regex(pattern = r"^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"))]
        existing_secret: String,
        /// mysql `root` password. From `credentials.<id>.mysqlRootPassword`, else generated.
        mysql_root_password: String,
        /// Password of `mysql.user`. From `credentials.<id>.mysqlPassword`, else generated.
        mysql_password: String,
        /// Password of the fateboard login `fateboard.username`. From
        /// `credentials.<id>.fateboardPassword`, else generated.
        fateboard_password: String,
    }
}

values_object! {
    /// Values of one FATE 2.2 party (see charts/README.md).
    #[schemars(title = "fate-party values (FATE 2.2)")]
    struct PartyValues {
        /// FATE party id, a quoted string of digits: OSX's `self_party`, fateflow's `party_id`
        /// and the `fedai.org/party-id` label. From `parties[].id`.
        #[schemars(regex(pattern = r"^[0-9]+$"), length(max = 63))]
        party_id: String,
        /// FATE release of the party. From `fateVersion`.
        fate_version: Release,
        /// Where the images come from.
        image: PartyImage,
        /// OSX: the party's only entry point from other parties and the exchange (gRPC 9370, or
        /// with TLS 9371).
        osx: Osx,
        /// eggroll's clustermanager: sessions and metadata (stored in mysql), port 4670.
        clustermanager: JavaComponent,
        /// eggroll's nodemanagers, one Deployment each, which run the egg_pair processes. At
        /// least one; from `placement.eggs`.
        #[schemars(length(min = 1, max = 100))]
        nodemanagers: Vec<Nodemanager>,
        /// What every nodemanager shares.
        nodemanager: NodemanagerSettings,
        /// fateflow: runs jobs (gRPC 9360, HTTP 9380).
        fateflow: Fateflow,
        /// fateboard: the web UI of jobs (HTTP 8080, also through the Ingress).
        fateboard: Fateboard,
        /// mysql: the database of fateflow and eggroll.
        mysql: Mysql,
        /// Where mysql data, each nodemanager's data directory and fateflow's models, jobs and
        /// logs live.
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

/// `values.schema.json` of the party chart (`charts/fate2/fate-party/values.schema.json`).
pub fn party_values_schema() -> String {
    schema_json::<PartyValues>(accept_global)
}

/// OSX's memory. FATE's compose starts it with a 4g heap and 15g of direct memory; here it gets
/// a 4Gi limit holding a 2g heap (`OSX_HEAP`) and the 1g of direct buffers its start command
/// allows (gRPC moves the federation's data through them), with room for metaspace and threads.
fn osx_resources() -> Resources {
    resources("250m", "1Gi", "4Gi")
}

/// OSX's maximum heap, half of its memory limit (see [`osx_resources`]).
const OSX_HEAP: JavaHeap = JavaHeap("2g");

/// `values.yaml` of a party chart, as a tree.
pub fn party_values_tree(federation: &Federation, party: &PartyPlan) -> Node {
    let placement = &party.placement;
    let label = placement.node_label.as_str();
    let images = &federation.images;
    let values = PartyValues {
        party_id: party.id.clone(),
        fate_version: Release(federation.fate_version),
        image: PartyImage {
            registry: Registry(images.registry.clone()),
            tags: image_tags(images),
            mysql_tag: Tag(images.mysql_tag.clone()),
            pull_policy: PullPolicyValue(images.pull_policy),
            pull_secrets: PullSecrets(images.pull_secrets.clone()),
        },
        osx: Osx {
            // Validation refuses DMZ proxies on this line, so every party has a NodePort.
            node_port: NodePort(party.node_port().unwrap_or_default()),
            route_table: routes(party_route_table(federation, party)),
            self_party: SelfParty(vec![party.id.clone()]),
            tls: osx_tls(federation, &party.id),
            node_selector: node_selector(label, &placement.proxy),
            resources: osx_resources(),
            java_heap: OSX_HEAP,
        },
        clustermanager: JavaComponent {
            node_selector: node_selector(label, &placement.clustermanager),
            resources: java_resources(),
            java_heap: JAVA_HEAP,
        },
        nodemanagers: placement
            .eggs
            .iter()
            .enumerate()
            .map(|(i, value)| Nodemanager {
                name: format!("nodemanager-{i}"),
                node_selector: node_selector(label, value),
            })
            .collect(),
        nodemanager: NodemanagerSettings {
            resources: resources("1", "4Gi", "16Gi"),
            java_heap: JAVA_HEAP,
            cpu_vcores: 16,
            processors_per_node: 4,
        },
        fateflow: Fateflow {
            node_selector: node_selector(label, &placement.fateflow),
            resources: resources("500m", "2Gi", "8Gi"),
        },
        fateboard: Fateboard {
            node_selector: node_selector(label, &placement.fateflow),
            resources: resources("250m", "1Gi", "2Gi"),
            java_heap: JAVA_HEAP,
            username: "admin",
        },
        mysql: Mysql {
            database: "fate",
            user: "fate",
            node_selector: node_selector(label, &placement.mysql),
            resources: resources("250m", "512Mi", "2Gi"),
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
            fateboard_password: party.credentials.fateboard_password.clone(),
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
        /// Registry and project of the OSX image: `<registry>/osx:<tag>`. Empty: Docker Hub
        /// `federatedai/osx`. From `images.registry`.
        registry: Registry,
        /// Tag of the OSX image. From `images.tag`, else the FATE 2.2.0 release's.
        tag: Tag,
        /// `imagePullPolicy` of the OSX container. From `images.pullPolicy`.
        pull_policy: PullPolicyValue,
        /// Existing Secrets of the namespace the OSX pod pulls its image with
        /// (`imagePullSecrets`). From `images.pullSecrets`.
        pull_secrets: PullSecrets,
    }
}

values_object! {
    /// The exchange's OSX.
    #[schemars(inline)]
    struct ExchangeOsx {
        /// Fixed NodePort every party reaches the exchange at, `<any node IP>:<nodePort>`: of the
        /// Service `osx` (plaintext gRPC 9370), or with `tls.enabled` of `osx-tls` (TLS 9371).
        /// From `exchange.nodePort`.
        node_port: NodePort,
        /// The `route_table` object of OSX's `route_table.json`, written as JSON as is: party id
        /// -> role `default` -> list of `{ip, port}`, that party's OSX (its `address` and
        /// NodePort). At least one party.
        route_table: Routes,
        /// `self_party` of `route_table.json`: `default`, which is no party, so the exchange
        /// forwards every message.
        self_party: SelfParty,
        /// Mutual TLS with every party.
        tls: OsxTls,
        /// Node labels the OSX pod must run on (Kubernetes nodeSelector); `{}` lets the
        /// scheduler choose. From `placement.nodeLabel` and `exchange.nodeLabelValue`.
        node_selector: NodeSelector,
        /// Requests and limits of the OSX container.
        resources: Resources,
        /// The OSX JVM's maximum heap (`-Xmx`); at most 75% of `resources.limits.memory`.
        java_heap: JavaHeap,
    }
}

values_object! {
    /// Values of the FATE 2.2 exchange (see charts/README.md).
    #[schemars(title = "fate-exchange values (FATE 2.2)")]
    struct ExchangeValues {
        /// FATE release of the federation. From `fateVersion`.
        fate_version: Release,
        /// Where the image comes from.
        image: ExchangeImage,
        /// The exchange's OSX, which routes between the parties.
        osx: ExchangeOsx,
        /// Probes of the OSX container.
        probes: Probes,
    }
}

/// `values.schema.json` of the exchange chart (`charts/fate2/fate-exchange/values.schema.json`).
pub fn exchange_values_schema() -> String {
    schema_json::<ExchangeValues>(accept_global)
}

/// `values.yaml` of the exchange chart, as a tree.
pub fn exchange_values_tree(federation: &Federation, exchange: &ExchangePlan) -> Node {
    let label = federation.source.placement.node_label.as_str();
    let images = &federation.images;
    let values = ExchangeValues {
        fate_version: Release(federation.fate_version),
        image: ExchangeImage {
            registry: Registry(images.registry.clone()),
            tag: image_tags(images).osx,
            pull_policy: PullPolicyValue(images.pull_policy),
            pull_secrets: PullSecrets(images.pull_secrets.clone()),
        },
        osx: ExchangeOsx {
            node_port: NodePort(exchange.node_port),
            route_table: routes(exchange_route_table(federation)),
            self_party: SelfParty(vec![OSX_EXCHANGE_SELF.to_owned()]),
            tls: osx_tls(federation, EXCHANGE_CERTIFICATE),
            node_selector: node_selector(label, &exchange.node_label_value),
            resources: osx_resources(),
            java_heap: OSX_HEAP,
        },
        probes: probes(),
    };
    values.to_yaml()
}
