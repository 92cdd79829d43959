//! `Config` → `Federation`: every check at once, then defaults applied and passwords resolved.
//!
//! A `Federation` can only be built from a config that passed every check, so rendering from it
//! cannot fail.

//! The plan types are here; `parse` reads a document, `validate` holds every check, `random`
//! where passwords come from.

pub(crate) mod parse;
mod random;
mod validate;

use std::collections::BTreeMap;

use crate::generator::config::{
    Certificates, Config, FateVersion, HelmTarget, Ingress, IssuedPem, Party, Placement,
    PullPolicy, Storage, EXCHANGE_CERTIFICATE,
};
use crate::generator::error::{FieldError, ValidationErrors};
use crate::generator::tls::{self, Authority, Issued, TlsError};
use crate::generator::{names, naming, ordered};

pub use parse::{parse_config, DocumentError};
pub use random::{generate_password, OsRandom, RandomError, RandomSource, GENERATED_PASSWORD_LEN};
pub use validate::{party_name, password, validate};

/// A validated federation with every default applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Federation {
    /// FATE release.
    pub fate_version: FateVersion,
    /// Helm major version.
    pub target: HelmTarget,
    /// Parties in document order.
    pub parties: Vec<PartyPlan>,
    /// The exchange, if any.
    pub exchange: Option<ExchangePlan>,
    /// Image sources with the tag resolved.
    pub images: ImagePlan,
    /// Storage of mysql, redis, eggs and fate_flow logs.
    pub storage: Storage,
    /// Ingress settings.
    pub ingress: Ingress,
    /// The document this was built from, without passwords.
    pub source: Config,
    /// `source` as YAML, the body of the bundle's `federation.yaml`: serialised here, where
    /// failing is allowed, so that rendering the bundle cannot fail.
    pub source_yaml: String,
    /// Mutual TLS between the OSX instances, when `tls.enabled`: every certificate checked or
    /// issued.
    pub tls: Option<TlsPlan>,
}

/// The federation's TLS material, complete: the authority and one certificate per party and
/// for the exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsPlan {
    /// The authority's certificate, PEM: in every chart, to verify peers.
    pub authority_cert: String,
    /// The authority's key, when known (generated, or given to issue with): only in the full
    /// bundle's `tls/ca.key`, never in a chart.
    pub authority_key: Option<String>,
    /// Each OSX's certificate and key, by party id, and `exchange`.
    pub issued: BTreeMap<String, Issued>,
}

impl TlsPlan {
    /// The certificate and key of party `id` (or [`EXCHANGE_CERTIFICATE`]).
    pub fn of(&self, id: &str) -> Option<&Issued> {
        self.issued.get(id)
    }
}

/// One party, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyPlan {
    /// Party id as written.
    pub id: String,
    /// Address of a node of the party's cluster.
    pub address: String,
    /// Where the party's proxy runs and how peers reach it.
    pub proxy: ProxyPlan,
    /// Namespace of the release.
    pub namespace: String,
    /// fateboard Ingress host.
    pub fateboard_host: String,
    /// Placement in force for this party.
    pub placement: Placement,
    /// Passwords (given or generated).
    pub credentials: Credentials,
}

impl PartyPlan {
    /// Release and chart directory name.
    pub fn release(&self) -> String {
        naming::party_release(&self.id)
    }

    /// Where peers and the exchange send this party's traffic: its proxy.
    pub fn proxy_endpoint(&self) -> Endpoint {
        match &self.proxy {
            ProxyPlan::NodePort(port) => Endpoint::new(&self.address, *port),
            ProxyPlan::Dmz(dmz) => Endpoint::new(&dmz.host, dmz.port),
        }
    }

    /// The proxy's NodePort, when the proxy runs in the cluster.
    pub fn node_port(&self) -> Option<u16> {
        match self.proxy {
            ProxyPlan::NodePort(port) => Some(port),
            ProxyPlan::Dmz(_) => None,
        }
    }

    /// The DMZ proxy, when the proxy runs on a DMZ host.
    pub fn dmz(&self) -> Option<&DmzPlan> {
        match &self.proxy {
            ProxyPlan::NodePort(_) => None,
            ProxyPlan::Dmz(dmz) => Some(dmz),
        }
    }

    /// Egg names, `egg0`, `egg1`, … one per placement entry.
    pub fn egg_names(&self) -> Vec<String> {
        (0..self.placement.eggs.len())
            .map(|i| format!("egg{i}"))
            .collect()
    }
}

/// Where a party's proxy runs: validation proved exactly one of the two is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyPlan {
    /// In the cluster, behind this NodePort.
    NodePort(u16),
    /// On a DMZ host outside the cluster.
    Dmz(DmzPlan),
}

/// A DMZ proxy, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DmzPlan {
    /// DMZ host.
    pub host: String,
    /// Published proxy port on the DMZ host.
    pub port: u16,
    /// Fixed NodePort of `federation-dmz`.
    pub federation_node_port: u16,
    /// Fixed NodePort of `fateflow-dmz`.
    pub fateflow_node_port: u16,
}

/// The exchange, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangePlan {
    /// Address of a node of the exchange's cluster.
    pub address: String,
    /// Proxy NodePort.
    pub node_port: u16,
    /// Namespace of the release.
    pub namespace: String,
    /// Node label value the proxy is pinned to ("" = unpinned).
    pub node_label_value: String,
}

impl ExchangePlan {
    /// Where parties send traffic for the exchange.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint::new(&self.address, self.node_port)
    }
}

/// A route-table endpoint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Endpoint {
    /// IP or DNS name.
    pub ip: String,
    /// Port (a number: the old charts wrote some as strings).
    pub port: u16,
}

impl Endpoint {
    /// Builds an endpoint; IPv6 brackets are dropped because FATE's proxy takes bare addresses.
    pub fn new(host: &str, port: u16) -> Endpoint {
        Endpoint {
            ip: names::unbracketed(host).to_owned(),
            port,
        }
    }
}

/// Image sources, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePlan {
    /// Registry and project for every image ("" = Docker Hub).
    pub registry: String,
    /// FATE image tag: `images.tag`, else `<fateVersion>-release`.
    pub tag: String,
    /// `images.tag` when the document sets it: it then applies to every FATE image, also on a
    /// line whose release set tags its images differently.
    pub given_tag: Option<String>,
    /// mysql tag.
    pub mysql_tag: String,
    /// redis tag.
    pub redis_tag: String,
    /// Pull policy.
    pub pull_policy: PullPolicy,
    /// Pull secret names.
    pub pull_secrets: Vec<String>,
}

impl ImagePlan {
    /// Full reference of a FATE image (`egg`, `proxy`, …), as the charts write it.
    pub fn fate_image(&self, name: &str) -> String {
        self.fate_image_tagged(name, &self.tag)
    }

    /// Full reference of a FATE image whose release tag is `release_tag` (a line whose images
    /// carry different tags); `images.tag`, when given, wins.
    pub fn fate_image_tagged(&self, name: &str, release_tag: &str) -> String {
        let registry = if self.registry.is_empty() {
            "federatedai"
        } else {
            &self.registry
        };
        let tag = self.given_tag.as_deref().unwrap_or(release_tag);
        format!("{registry}/{name}:{tag}")
    }

    /// Full reference of a third-party image (`mysql`, `redis`), as the charts write it.
    pub fn third_party_image(&self, name: &str, tag: &str) -> String {
        if self.registry.is_empty() {
            format!("{name}:{tag}")
        } else {
            format!("{}/{name}:{tag}", self.registry)
        }
    }

    /// Where `mirror-images.sh` pulls an image from when mirroring into the registry.
    pub fn upstream_of(&self, image: &str) -> String {
        if self.registry.is_empty() {
            return image.to_owned();
        }
        let tail = image.rsplit('/').next().unwrap_or(image);
        if tail.starts_with("mysql:") || tail.starts_with("redis:") {
            format!("docker.io/library/{tail}")
        } else {
            format!("docker.io/federatedai/{tail}")
        }
    }
}

/// Passwords of one party.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// mysql root.
    pub mysql_root_password: String,
    /// mysql user `fate`.
    pub mysql_password: String,
    /// redis (FATE 1.x; empty on a line without redis).
    pub redis_password: String,
    /// fateboard login `admin` (FATE 2.2; empty on a line whose fateboard has no login).
    pub fateboard_password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials { .. }")
    }
}

/// Why a `Federation` could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FederationError {
    /// The document has problems; all of them are listed.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// Passwords had to be generated but no random source was available.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// The document could not be written back as YAML (for `federation.yaml`).
    #[error("cannot write the config document as YAML: {0}")]
    Serialize(String),
    /// A certificate could not be issued.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// Certificates had to be issued but the time is not known.
    #[error("certificates have to be issued, but the current time is not known")]
    NoClock,
}

impl Federation {
    /// Validates `config`, applies defaults and fills every missing password from `random`.
    pub fn new(
        config: &Config,
        random: &mut dyn RandomSource,
    ) -> Result<Federation, FederationError> {
        let errors = validate(config);
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let images = &config.images;
        let images = ImagePlan {
            registry: images.registry.clone(),
            tag: images
                .tag
                .clone()
                .unwrap_or_else(|| config.fate_version.default_tag()),
            given_tag: images.tag.clone(),
            mysql_tag: images.mysql_tag.clone(),
            redis_tag: images.redis_tag.clone(),
            pull_policy: images.pull_policy,
            pull_secrets: images.pull_secrets.clone(),
        };
        let mut parties = Vec::with_capacity(config.parties.len());
        for (i, party) in config.parties.iter().enumerate() {
            let given = config
                .credentials
                .get(&party.id)
                .cloned()
                .unwrap_or_default();
            let mut resolve = |value: Option<String>| match value {
                Some(v) => Ok(v),
                None => generate_password(random),
            };
            // Only the passwords the line's components use are drawn, so a 1.x bundle's
            // generated passwords are what they always were.
            let fate2 = config.fate_version.is_fate2();
            let credentials = Credentials {
                mysql_root_password: resolve(given.mysql_root_password)?,
                mysql_password: resolve(given.mysql_password)?,
                redis_password: if fate2 {
                    String::new()
                } else {
                    resolve(given.redis_password)?
                },
                fateboard_password: if fate2 {
                    resolve(given.fateboard_password)?
                } else {
                    String::new()
                },
            };
            parties.push(PartyPlan {
                id: party.id.clone(),
                address: party.address.clone(),
                proxy: proxy_plan(i, party)?,
                namespace: party
                    .namespace
                    .clone()
                    .unwrap_or_else(|| naming::default_party_namespace(&party.id)),
                fateboard_host: party
                    .fateboard_host
                    .clone()
                    .unwrap_or_else(|| naming::default_fateboard_host(&party.id)),
                placement: party
                    .placement
                    .clone()
                    .unwrap_or_else(|| config.placement.clone()),
                credentials,
            });
        }
        let exchange = config
            .exchange
            .as_ref()
            .map(|x| -> Result<ExchangePlan, FederationError> {
                Ok(ExchangePlan {
                    address: x.address.clone(),
                    node_port: proven_port("exchange.nodePort", x.node_port)?,
                    namespace: x
                        .namespace
                        .clone()
                        .unwrap_or_else(|| naming::DEFAULT_EXCHANGE_NAMESPACE.to_owned()),
                    node_label_value: x.node_label_value.clone(),
                })
            })
            .transpose()?;
        let tls = if config.tls.enabled {
            Some(tls_plan(complete_certificates(config, random)?)?)
        } else {
            None
        };
        let source = config.without_credentials();
        Ok(Federation {
            tls,
            fate_version: config.fate_version,
            target: config.target,
            parties,
            exchange,
            images,
            storage: config.storage.clone(),
            ingress: config.ingress.clone(),
            source_yaml: crate::generator::yaml::to_string(&source)
                .map_err(|e| FederationError::Serialize(e.to_string()))?,
            source,
        })
    }

    /// The party with this id.
    pub fn party(&self, id: &str) -> Option<&PartyPlan> {
        self.parties.iter().find(|p| p.id == id)
    }
}

/// `config.certificates` with every missing one issued: the authority (generated when not given)
/// and a certificate for each party and the exchange, named after the address its peers dial.
/// Given ones are kept as they are (validation checked them). The page stores the result, so
/// that regenerating the preview issues nothing new.
pub fn complete_certificates(
    config: &Config,
    random: &mut dyn RandomSource,
) -> Result<Certificates, FederationError> {
    let mut out = config.certificates.clone();
    let wanted = config.osx_hosts().into_iter().map(|(id, host)| {
        let name = if id == EXCHANGE_CERTIFICATE {
            "the exchange".to_owned()
        } else {
            format!("party {id}")
        };
        (id, name, host)
    });
    let missing: Vec<_> = wanted
        .into_iter()
        .filter(|(id, ..)| !out.issued.contains_key(id))
        .collect();
    if missing.is_empty() && out.authority.is_some() {
        return Ok(out);
    }
    let now = random.now_unix().ok_or(FederationError::NoClock)?;
    let days = config.tls.validity_days;
    let authority = match &out.authority {
        Some(given) => {
            // Validation proved the key is there when something must be issued.
            let key = given.key.as_deref().unwrap_or_default();
            Authority::from_pem(&given.cert, key)?
        }
        None => {
            let (authority, issued) =
                Authority::generate(random, now, days, "FATE federation authority")?;
            out.authority = Some(crate::generator::config::AuthorityPem {
                cert: issued.cert,
                key: Some(issued.key),
            });
            authority
        }
    };
    for (id, name, host) in missing {
        let issued = authority.issue(random, now, days, &name, &host)?;
        out.issued.insert(
            id,
            IssuedPem {
                cert: issued.cert,
                key: issued.key,
            },
        );
    }
    Ok(out)
}

/// The plan of completed certificates. Failing here means `complete_certificates` missed a
/// case: the error says so instead of rendering charts without an authority.
fn tls_plan(certificates: Certificates) -> Result<TlsPlan, FederationError> {
    let authority = certificates.authority.ok_or_else(|| TlsError::Issue {
        what: "the federation authority".to_owned(),
        message: "it is missing after issuing".to_owned(),
    })?;
    Ok(TlsPlan {
        authority_cert: authority.cert,
        authority_key: authority.key,
        issued: ordered::map_of(certificates.issued.into_iter().map(|(id, pem)| {
            (
                id,
                Issued {
                    cert: pem.cert,
                    key: pem.key,
                },
            )
        })),
    })
}

/// What a given certificate lacks for the OSX of `id` reached at `host` (for validation).
pub(crate) fn certificate_problems(
    authority_cert: &str,
    id: &str,
    given: &IssuedPem,
    host: &str,
) -> Vec<String> {
    let what = if id == EXCHANGE_CERTIFICATE {
        "the exchange".to_owned()
    } else {
        format!("party {id}")
    };
    let issued = Issued {
        cert: given.cert.clone(),
        key: given.key.clone(),
    };
    tls::check_issued(&what, authority_cert, &issued, host, None)
}

/// A port the validator checked, as the plan's type. Failing here means the validator missed a
/// case: the error says where instead of rendering a wrong port.
fn proven_port(path: &str, value: u32) -> Result<u16, FederationError> {
    u16::try_from(value).map_err(|_| {
        FederationError::Invalid(ValidationErrors::from(vec![FieldError {
            path: path.to_owned(),
            message: format!("{value} is not a port (1-65535)"),
        }]))
    })
}

/// The proxy of party `index`: in a DMZ when `dmz` is set, else behind its NodePort.
fn proxy_plan(index: usize, party: &Party) -> Result<ProxyPlan, FederationError> {
    let at = |field: &str| format!("parties[{index}].{field}");
    match (&party.dmz, party.node_port) {
        (Some(dmz), _) => Ok(ProxyPlan::Dmz(DmzPlan {
            host: dmz.host.clone(),
            port: proven_port(&at("dmz.port"), dmz.port)?,
            federation_node_port: proven_port(
                &at("dmz.federationNodePort"),
                dmz.federation_node_port,
            )?,
            fateflow_node_port: proven_port(&at("dmz.fateflowNodePort"), dmz.fateflow_node_port)?,
        })),
        (None, Some(port)) => Ok(ProxyPlan::NodePort(proven_port(&at("nodePort"), port)?)),
        (None, None) => Err(FederationError::Invalid(ValidationErrors::from(vec![
            FieldError {
                path: at("nodePort"),
                message: "is missing: the party's proxy needs a NodePort".to_owned(),
            },
        ]))),
    }
}
