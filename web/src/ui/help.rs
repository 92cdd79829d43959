//! Help on every field of the form, keyed by its [`FieldPath`]: one line on what the field does,
//! the value that applies when it is left alone, and where FATE's, KubeFATE's or Kubernetes'
//! own documentation explains the concept. Also how wide a field's input is ([`width`]), so a
//! typical value fits. Both are matched exhaustively: a new field without help does not compile.
//!
//! Defaults are spelled from the core's constants where the core has one (`naming`, `ports`,
//! `config`), so the help and the generated bundle cannot disagree; `web/tests/help.rs` checks
//! each default against the core's own.

use std::borrow::Cow;

use crate::generator::config::{
    FateVersion, HelmTarget, PullPolicy, VolumeSizes, DEFAULT_MYSQL_TAG, DEFAULT_NODE_LABEL,
    DEFAULT_REDIS_TAG, DEFAULT_VALIDITY_DAYS, PROXY_PORT,
};
use crate::generator::federation::GENERATED_PASSWORD_LEN;
use crate::generator::{naming, ports};
use crate::ui::field_path::{
    CredentialField, ExchangeField, FieldPath, ImagesField, IngressField, PartyField, PemField,
    PlacementComponent, PlacementField, StorageField, TlsField,
};

/// A page of documentation the page links to (opened by the user, in a new tab; the page itself
/// never requests it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc {
    /// The link's text: whose documentation, on what.
    pub title: &'static str,
    /// The canonical address.
    pub url: &'static str,
}

/// What the form says about one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// One sentence: what the field does.
    pub what: Cow<'static, str>,
    /// The value that applies when the field is left as it is (`None`: the field is required,
    /// or has no value of its own until one is given).
    pub default: Option<Fallback>,
    /// Documentation of the concept, if any helps.
    pub docs: &'static [Doc],
}

/// What applies to a field nobody changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    /// The field starts with this value ("Default: 8.0.36.").
    Value(Cow<'static, str>),
    /// The field starts empty, and empty means this ("Left empty: any node.").
    Empty(Cow<'static, str>),
}

impl Fallback {
    /// The sentence under the field.
    pub fn sentence(&self) -> String {
        match self {
            Fallback::Value(text) => format!("Default: {text}."),
            Fallback::Empty(text) => format!("Left empty: {text}."),
        }
    }
}

/// How wide a field's input is drawn: wide enough for a typical value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Ports and day counts (5 digits).
    Number,
    /// Names, tags, sizes and ids (up to about 16 characters).
    Name,
    /// Hosts, addresses, registries and other long values (about 30 characters).
    Long,
    /// The whole row (PEM text areas).
    Full,
}

impl Width {
    /// The wrapper's CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Width::Number => "w-number",
            Width::Name => "w-name",
            Width::Long => "w-long",
            Width::Full => "w-full",
        }
    }
}

/// The documentation the help links to (checked against the projects' repositories; only
/// pages that exist under these addresses).
mod docs {
    use super::Doc;

    pub const NODE_PORT: Doc = Doc {
        title: "Kubernetes: NodePort Services",
        url: "https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
    };
    pub const NAMESPACES: Doc = Doc {
        title: "Kubernetes: namespaces",
        url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
    };
    pub const NODE_SELECTOR: Doc = Doc {
        title: "Kubernetes: nodeSelector",
        url:
            "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector",
    };
    pub const LABELS: Doc = Doc {
        title: "Kubernetes: labels",
        url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/",
    };
    pub const IMAGE_NAMES: Doc = Doc {
        title: "Kubernetes: image names",
        url: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    };
    pub const PULL_POLICY: Doc = Doc {
        title: "Kubernetes: imagePullPolicy",
        url: "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
    };
    pub const PULL_SECRETS: Doc = Doc {
        title: "Kubernetes: pull from a private registry",
        url:
            "https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/",
    };
    pub const PERSISTENT_VOLUMES: Doc = Doc {
        title: "Kubernetes: persistent volumes",
        url: "https://kubernetes.io/docs/concepts/storage/persistent-volumes/",
    };
    pub const CLAIMS: Doc = Doc {
        title: "Kubernetes: PersistentVolumeClaims",
        url:
            "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims",
    };
    pub const NFS: Doc = Doc {
        title: "Kubernetes: NFS volumes",
        url: "https://kubernetes.io/docs/concepts/storage/volumes/#nfs",
    };
    pub const STORAGE_CLASSES: Doc = Doc {
        title: "Kubernetes: storage classes",
        url: "https://kubernetes.io/docs/concepts/storage/storage-classes/",
    };
    pub const QUANTITY: Doc = Doc {
        title: "Kubernetes: quantities",
        url: "https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/",
    };
    pub const INGRESS: Doc = Doc {
        title: "Kubernetes: Ingress",
        url: "https://kubernetes.io/docs/concepts/services-networking/ingress/",
    };
    pub const INGRESS_HOSTS: Doc = Doc {
        title: "Kubernetes: Ingress host rules",
        url: "https://kubernetes.io/docs/concepts/services-networking/ingress/#name-based-virtual-hosting",
    };
    pub const INGRESS_CLASS: Doc = Doc {
        title: "Kubernetes: Ingress class",
        url: "https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class",
    };
    pub const INGRESS_TLS: Doc = Doc {
        title: "Kubernetes: Ingress TLS",
        url: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
    };
    pub const HELM_CHARTS: Doc = Doc {
        title: "Helm: charts and apiVersion",
        url: "https://helm.sh/docs/topics/charts/",
    };
    pub const FATE_RELEASES: Doc = Doc {
        title: "FATE: release notes",
        url: "https://github.com/FederatedAI/FATE/blob/master/RELEASE.md",
    };
    pub const FATE_IMAGES: Doc = Doc {
        title: "Docker Hub: FATE's images",
        url: "https://hub.docker.com/u/federatedai",
    };
    pub const MYSQL_IMAGE: Doc = Doc {
        title: "Docker Hub: mysql tags",
        url: "https://hub.docker.com/_/mysql",
    };
    pub const REDIS_IMAGE: Doc = Doc {
        title: "Docker Hub: redis tags",
        url: "https://hub.docker.com/_/redis",
    };
    pub const KUBEFATE_DMZ: Doc = Doc {
        title: "KubeFATE: proxy in a DMZ",
        url: "https://github.com/FederatedAI/KubeFATE/blob/v1.3.0/k8s-deploy/DMZ-deploy.md",
    };
    pub const KUBEFATE_PLACEMENT: Doc = Doc {
        title: "KubeFATE: placing FATE on nodes",
        url: "https://github.com/FederatedAI/KubeFATE/blob/v1.3.0/k8s-deploy/README.md#custom-deployment-optional",
    };
    pub const KUBEFATE_REGISTRY: Doc = Doc {
        title: "KubeFATE: third-party registry",
        url: "https://github.com/FederatedAI/KubeFATE/blob/v1.3.0/k8s-deploy/README.md#use-third-party-registry-optional",
    };
    pub const FATE1_PROXY: Doc = Doc {
        title: "FATE 1.x: proxy and exchange",
        url: "https://github.com/FederatedAI/FATE/blob/v1.2.0/cluster-deploy/doc/configuration.md#21-proxy-shared-with-exchange-for-now",
    };
    pub const FATE1_FEDERATION: Doc = Doc {
        title: "FATE 1.x: federation",
        url: "https://github.com/FederatedAI/FATE/blob/v1.2.0/cluster-deploy/doc/configuration.md#22-federation",
    };
    pub const FATE1_FATEFLOW: Doc = Doc {
        title: "FATE 1.x: fate_flow",
        url: "https://github.com/FederatedAI/FATE/blob/v1.2.0/cluster-deploy/doc/configuration.md#24-fateflow",
    };
    pub const FATE1_META_SERVICE: Doc = Doc {
        title: "FATE 1.x: eggroll meta-service",
        url: "https://github.com/FederatedAI/FATE/blob/v1.2.0/cluster-deploy/doc/configuration.md#31-meta-service",
    };
    pub const FATE1_ROLL: Doc = Doc {
        title: "FATE 1.x: eggroll roll",
        url: "https://github.com/FederatedAI/FATE/blob/v1.2.0/cluster-deploy/doc/configuration.md#32-roll",
    };
    pub const FATE1_EGG: Doc = Doc {
        title: "FATE 1.x: eggroll egg",
        url: "https://github.com/FederatedAI/FATE/blob/v1.2.0/cluster-deploy/doc/configuration.md#35-egg",
    };
    pub const EGGROLL3: Doc = Doc {
        title: "KubeFATE: eggroll clustermanager and nodemanager",
        url: "https://github.com/FederatedAI/KubeFATE/blob/master/docs/Introduction_to_Engine_Architecture.md#eggroll",
    };
    pub const FATE_FLOW: Doc = Doc {
        title: "FATE-Flow",
        url: "https://github.com/FederatedAI/FATE-Flow",
    };
    pub const OSX: Doc = Doc {
        title: "FATE 2.x: OSX",
        url: "https://github.com/FederatedAI/FATE/blob/v2.2.0/doc/2.0/osx/osx.md",
    };
    pub const OSX_TLS: Doc = Doc {
        title: "FATE 2.x: OSX with TLS",
        url: "https://github.com/FederatedAI/FATE/blob/v2.2.0/doc/2.0/osx/osx-tls.md",
    };
}

fn line(
    what: impl Into<Cow<'static, str>>,
    default: Option<Fallback>,
    docs: &'static [Doc],
) -> Help {
    Help {
        what: what.into(),
        default,
        docs,
    }
}

fn value(text: impl Into<Cow<'static, str>>) -> Option<Fallback> {
    Some(Fallback::Value(text.into()))
}

fn empty(text: impl Into<Cow<'static, str>>) -> Option<Fallback> {
    Some(Fallback::Empty(text.into()))
}

/// The unset value of a node label value: the scheduler chooses.
const ANY_NODE: &str = "any node (the scheduler chooses)";

/// `30000-32767`, from the one home of the range.
fn node_port_range() -> String {
    format!(
        "{}-{}",
        ports::NODE_PORT_RANGE.start(),
        ports::NODE_PORT_RANGE.end()
    )
}

/// The help of the field at `path`.
pub fn help(path: &FieldPath) -> Help {
    match path {
        FieldPath::FateVersion => line(
            "The FATE release the charts deploy: its components, images and charts (1.2.0 and 1.3.0: eggroll 1.x; 2.2.0: OSX and eggroll 3.2).",
            value(FateVersion::default().as_str()),
            &[docs::FATE_RELEASES],
        ),
        FieldPath::Target => line(
            "The Helm the operator installs the bundle with: its charts are written for that Helm.",
            value(match HelmTarget::default() {
                HelmTarget::Helm3 => "Helm 3 or 4",
                HelmTarget::Helm2 => "Helm 2",
            }),
            &[docs::HELM_CHARTS],
        ),
        FieldPath::Exchange => line(
            "An exchange is one more proxy (FATE 2.2: OSX), in a release of its own, that routes between the parties: each party then needs a route to the exchange only.",
            value("off, every party routes every other party directly (mesh)"),
            &[docs::FATE1_PROXY, docs::OSX],
        ),
        FieldPath::ExchangeField(field) => exchange(*field),
        FieldPath::Party(_, field) => party(*field),
        FieldPath::Images(field) => images(*field),
        FieldPath::PullSecret(_) => line(
            "Name of an existing docker-registry Secret (kubernetes.io/dockerconfigjson) in every namespace, for a registry that needs a login.",
            None,
            &[docs::PULL_SECRETS],
        ),
        FieldPath::Storage(field) => storage(*field),
        FieldPath::Placement(_, field) => placement(*field),
        FieldPath::Ingress(field) => ingress(*field),
        FieldPath::Credential(_, field) => credential(*field),
        FieldPath::Tls(field) => tls(*field),
        FieldPath::Authority => line(
            "Use your own certificate authority instead of the one this tab generates.",
            value("off, the authority generated in this tab"),
            &[docs::OSX_TLS],
        ),
        FieldPath::AuthorityPem(field) => match field {
            PemField::Cert => line(
                "Your authority's certificate (BEGIN CERTIFICATE): every OSX trusts certificates it signed.",
                None,
                &[docs::OSX_TLS],
            ),
            PemField::Key => line(
                "Your authority's private key (unencrypted PKCS#8 ECDSA P-256, BEGIN PRIVATE KEY): with it this tab issues the certificates you do not give.",
                None,
                &[docs::OSX_TLS],
            ),
        },
        FieldPath::Issued(_) => line(
            "Use your own certificate for this OSX instead of one this tab issues.",
            value("off, issued by this tab from the federation authority"),
            &[docs::OSX_TLS],
        ),
        FieldPath::IssuedPem(_, field) => match field {
            PemField::Cert => line(
                "This OSX's certificate (BEGIN CERTIFICATE), issued by the federation authority and naming the address its peers dial.",
                None,
                &[docs::OSX_TLS],
            ),
            PemField::Key => line(
                "This OSX's private key (unencrypted PKCS#8 ECDSA P-256, BEGIN PRIVATE KEY), matching its certificate.",
                None,
                &[docs::OSX_TLS],
            ),
        },
    }
}

fn exchange(field: ExchangeField) -> Help {
    match field {
        ExchangeField::Address => line(
            "IPv4, IPv6 or DNS name of a node of the exchange's cluster, as the parties reach it.",
            None,
            &[docs::NODE_PORT],
        ),
        ExchangeField::NodePort => line(
            format!(
                "NodePort ({}) of the exchange's proxy: parties dial the address and this port.",
                node_port_range()
            ),
            None,
            &[docs::NODE_PORT],
        ),
        ExchangeField::Namespace => line(
            "Kubernetes namespace of the exchange's release (one release per namespace).",
            empty(naming::DEFAULT_EXCHANGE_NAMESPACE),
            &[docs::NAMESPACES],
        ),
        ExchangeField::NodeLabelValue => line(
            "Pins the exchange's proxy to nodes whose placement node label has this value.",
            empty(ANY_NODE),
            &[docs::NODE_SELECTOR],
        ),
    }
}

fn party(field: PartyField) -> Help {
    match field {
        PartyField::Id => line(
            format!(
                "FATE party id, digits only and unique in the federation: it names the party's release ({}) and its routes.",
                naming::party_release("<id>")
            ),
            None,
            &[],
        ),
        PartyField::Address => line(
            "IPv4, IPv6 or DNS name of a node of this party's cluster, as peers and the exchange reach it.",
            None,
            &[docs::NODE_PORT],
        ),
        PartyField::NodePort => line(
            format!(
                "NodePort ({}) of the party's proxy (FATE 2.2: OSX), its one entry point: peers dial the address and this port. Not used with a DMZ proxy.",
                node_port_range()
            ),
            None,
            &[docs::NODE_PORT],
        ),
        PartyField::Namespace => line(
            "Kubernetes namespace of the party's release (one release per namespace).",
            empty(naming::default_party_namespace("<id>")),
            &[docs::NAMESPACES],
        ),
        PartyField::FateboardHost => line(
            "Host name of the party's fateboard Ingress (when the Ingress is on).",
            empty(naming::default_fateboard_host("<id>")),
            &[docs::INGRESS_HOSTS],
        ),
        PartyField::Dmz => line(
            format!(
                "FATE 1.x: runs the party's proxy on a host outside the cluster with Docker Compose; the bundle adds its files under {}/.",
                naming::dmz_folder("<id>")
            ),
            value("off, the proxy runs in the cluster behind its NodePort"),
            &[docs::KUBEFATE_DMZ],
        ),
        PartyField::DmzHost => line(
            "IPv4, IPv6 or DNS name of the DMZ host: peers and the exchange reach the party here.",
            None,
            &[docs::KUBEFATE_DMZ],
        ),
        PartyField::DmzPort => line(
            "Port the DMZ proxy publishes on its host.",
            value(PROXY_PORT.to_string()),
            &[docs::KUBEFATE_DMZ],
        ),
        PartyField::DmzFederationNodePort => line(
            format!(
                "Fixed NodePort ({}) of the party's federation Service, which the DMZ proxy calls.",
                node_port_range()
            ),
            None,
            &[docs::NODE_PORT],
        ),
        PartyField::DmzFateflowNodePort => line(
            format!(
                "Fixed NodePort ({}) of the party's fateflow Service (gRPC), which the DMZ proxy calls.",
                node_port_range()
            ),
            None,
            &[docs::NODE_PORT],
        ),
        PartyField::Placement => line(
            "Gives this party a node placement of its own instead of the shared Placement section.",
            value("off, the shared placement"),
            &[docs::NODE_SELECTOR],
        ),
    }
}

fn images(field: ImagesField) -> Help {
    match field {
        ImagesField::Registry => line(
            "Registry and project every image is pulled from, FATE's, mysql and redis alike, e.g. harbor.example:8443/federatedai for an air-gapped cluster's mirror.",
            empty("Docker Hub (FATE's images from federatedai/)"),
            &[docs::IMAGE_NAMES, docs::KUBEFATE_REGISTRY],
        ),
        ImagesField::Tag => {
            let fate1 = FateVersion::ALL
                .iter()
                .filter(|version| !version.is_fate2())
                .map(|version| format!("{} for FATE {}", version.default_tag(), version.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            line(
                "Tag of FATE's own images.",
                empty(format!(
                    "the release's tag, {fate1}; for FATE 2.2.0 each image's own release tag"
                )),
                &[docs::FATE_IMAGES],
            )
        }
        ImagesField::MysqlTag => line(
            "Tag of the mysql image every party runs.",
            value(DEFAULT_MYSQL_TAG),
            &[docs::MYSQL_IMAGE],
        ),
        ImagesField::RedisTag => line(
            "Tag of the redis image (FATE 1.x; FATE 2.2 has no redis).",
            value(DEFAULT_REDIS_TAG),
            &[docs::REDIS_IMAGE],
        ),
        ImagesField::PullPolicy => line(
            "Kubernetes imagePullPolicy of every container: when a node pulls an image it may already have.",
            value(PullPolicy::default().as_str()),
            &[docs::PULL_POLICY],
        ),
    }
}

fn storage(field: StorageField) -> Help {
    let sizes = VolumeSizes::default();
    match field {
        StorageField::Type => line(
            "Where mysql, redis and egg data live (FATE 2.2: mysql, fateflow and nodemanager data): in the pods, on an NFS export, on claims of a StorageClass or on an existing claim.",
            value("none (data lost when a pod is recreated)"),
            &[docs::PERSISTENT_VOLUMES, docs::STORAGE_CLASSES],
        ),
        StorageField::Server => line(
            "IPv4, IPv6 or DNS name of the NFS server.",
            None,
            &[docs::NFS],
        ),
        StorageField::Path => line(
            "Path the NFS server exports; each party keeps its data in sub-directories of its own.",
            None,
            &[docs::NFS],
        ),
        StorageField::Size => line(
            "Capacity written on the NFS PersistentVolume and its claim, a Kubernetes quantity.",
            value("100Gi"),
            &[docs::QUANTITY],
        ),
        StorageField::Class => line(
            "StorageClass that provisions one claim per component.",
            empty("the cluster's default class"),
            &[docs::STORAGE_CLASSES],
        ),
        StorageField::MysqlSize => line(
            "Size of the mysql claim, a Kubernetes quantity.",
            value(sizes.mysql),
            &[docs::QUANTITY],
        ),
        StorageField::RedisSize => line(
            "Size of the redis claim (FATE 1.x), a Kubernetes quantity.",
            value(sizes.redis),
            &[docs::QUANTITY],
        ),
        StorageField::EggSize => line(
            "Size of the claim of each egg (FATE 2.2: each nodemanager), a Kubernetes quantity.",
            value(sizes.egg),
            &[docs::QUANTITY],
        ),
        StorageField::Claim => line(
            "Name of a PersistentVolumeClaim that exists in every party namespace; components keep their data in sub-directories.",
            None,
            &[docs::CLAIMS],
        ),
    }
}

fn placement(field: PlacementField) -> Help {
    let pin = |what: &'static str, docs: &'static [Doc]| {
        line(
            format!("Pins {what} to nodes whose node label has this value."),
            empty(ANY_NODE),
            docs,
        )
    };
    match field {
        PlacementField::NodeLabel => line(
            "Node label key every selector of this placement uses: each component runs on nodes where this label has the component's value.",
            value(DEFAULT_NODE_LABEL),
            &[docs::LABELS, docs::KUBEFATE_PLACEMENT],
        ),
        PlacementField::Component(component) => match component {
            PlacementComponent::Federation => pin(
                "the federation pod (FATE 1.x: carries a job's data between the parties)",
                &[docs::FATE1_FEDERATION],
            ),
            PlacementComponent::MetaService => pin(
                "the meta-service pod (FATE 1.x eggroll: keeps its metadata in mysql)",
                &[docs::FATE1_META_SERVICE],
            ),
            PlacementComponent::Mysql => pin(
                "the mysql pod (the party's database)",
                &[docs::NODE_SELECTOR],
            ),
            PlacementComponent::Proxy => pin(
                "the party's proxy pod (its entry point for peers; FATE 2.2: OSX)",
                &[docs::FATE1_PROXY, docs::OSX],
            ),
            PlacementComponent::Python => pin(
                "the python pod (FATE 1.x: fate_flow, which runs jobs, and fateboard)",
                &[docs::FATE1_FATEFLOW],
            ),
            PlacementComponent::Redis => pin("the redis pod (FATE 1.x)", &[docs::NODE_SELECTOR]),
            PlacementComponent::Roll => pin(
                "the roll pod (FATE 1.x eggroll: accepts jobs and schedules them on the eggs)",
                &[docs::FATE1_ROLL],
            ),
            PlacementComponent::Clustermanager => pin(
                "the clustermanager pod (FATE 2.2 eggroll: manages the nodemanagers)",
                &[docs::EGGROLL3],
            ),
            PlacementComponent::Fateflow => pin(
                "the fateflow and fateboard pods (FATE 2.2: fateflow runs jobs)",
                &[docs::FATE_FLOW],
            ),
        },
        PlacementField::Egg(_) => line(
            "One egg (FATE 2.2: one eggroll nodemanager), which stores data and computes, pinned to nodes whose node label has this value.",
            empty("unpinned, any node"),
            &[docs::FATE1_EGG, docs::EGGROLL3],
        ),
    }
}

fn ingress(field: IngressField) -> Help {
    match field {
        IngressField::Enabled => line(
            "Renders an Ingress for fateboard in every party's chart; the cluster needs an Ingress controller.",
            value("on"),
            &[docs::INGRESS],
        ),
        IngressField::ClassName => line(
            "IngressClass (spec.ingressClassName) of the fateboard Ingress: which Ingress controller serves it.",
            value("nginx"),
            &[docs::INGRESS_CLASS],
        ),
        IngressField::TlsSecret => line(
            "An existing kubernetes.io/tls Secret in every party namespace, for HTTPS.",
            empty("plain HTTP, no TLS"),
            &[docs::INGRESS_TLS],
        ),
    }
}

fn credential(field: CredentialField) -> Help {
    let generated = value(format!(
        "generated in this tab, {GENERATED_PASSWORD_LEN} random letters and digits"
    ));
    let what = match field {
        CredentialField::MysqlRoot => "Password of mysql's root user.",
        CredentialField::Mysql => {
            "Password of the mysql user fate, the one FATE's components log in with."
        }
        CredentialField::Redis => "FATE 1.x: the redis password (requirepass).",
        CredentialField::Fateboard => "FATE 2.2: password of the fateboard login admin.",
    };
    line(what, generated, &[])
}

fn tls(field: TlsField) -> Help {
    match field {
        TlsField::Enabled => line(
            "FATE 2.2: mutual TLS between the parties' and the exchange's OSX, each proving itself with a certificate of one federation authority.",
            value("off"),
            &[docs::OSX_TLS],
        ),
        TlsField::ValidityDays => line(
            "Days a certificate this tab issues stays valid (1 to 3650).",
            value(DEFAULT_VALIDITY_DAYS.to_string()),
            &[],
        ),
    }
}

/// How wide the input of the field at `path` is drawn.
pub fn width(path: &FieldPath) -> Width {
    match path {
        FieldPath::FateVersion | FieldPath::Target => Width::Name,
        FieldPath::Exchange | FieldPath::Authority | FieldPath::Issued(_) => Width::Full,
        FieldPath::ExchangeField(field) => match field {
            ExchangeField::Address => Width::Long,
            ExchangeField::NodePort => Width::Number,
            ExchangeField::Namespace | ExchangeField::NodeLabelValue => Width::Name,
        },
        FieldPath::Party(_, field) => match field {
            PartyField::Address | PartyField::FateboardHost | PartyField::DmzHost => Width::Long,
            PartyField::NodePort
            | PartyField::DmzPort
            | PartyField::DmzFederationNodePort
            | PartyField::DmzFateflowNodePort => Width::Number,
            PartyField::Id | PartyField::Namespace => Width::Name,
            PartyField::Dmz | PartyField::Placement => Width::Full,
        },
        FieldPath::Images(field) => match field {
            ImagesField::Registry => Width::Long,
            ImagesField::Tag
            | ImagesField::MysqlTag
            | ImagesField::RedisTag
            | ImagesField::PullPolicy => Width::Name,
        },
        FieldPath::PullSecret(_) => Width::Name,
        FieldPath::Storage(field) => match field {
            StorageField::Type | StorageField::Server | StorageField::Path => Width::Long,
            StorageField::Size
            | StorageField::Class
            | StorageField::MysqlSize
            | StorageField::RedisSize
            | StorageField::EggSize
            | StorageField::Claim => Width::Name,
        },
        FieldPath::Placement(_, field) => match field {
            PlacementField::NodeLabel | PlacementField::Component(_) | PlacementField::Egg(_) => {
                Width::Name
            }
        },
        FieldPath::Ingress(field) => match field {
            IngressField::Enabled => Width::Full,
            IngressField::ClassName | IngressField::TlsSecret => Width::Name,
        },
        FieldPath::Credential(_, field) => match field {
            CredentialField::MysqlRoot
            | CredentialField::Mysql
            | CredentialField::Redis
            | CredentialField::Fateboard => Width::Long,
        },
        FieldPath::Tls(field) => match field {
            TlsField::Enabled => Width::Full,
            TlsField::ValidityDays => Width::Number,
        },
        FieldPath::AuthorityPem(_) | FieldPath::IssuedPem(_, _) => Width::Full,
    }
}
