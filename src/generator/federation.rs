//! `Config` → `Federation`: every check at once, then defaults applied and passwords resolved.
//!
//! A `Federation` can only be built from a config that passed every check, so rendering from it
//! cannot fail.

use std::collections::{BTreeMap, BTreeSet};

use crate::generator::config::{
    Config, FateVersion, HelmTarget, Images, Ingress, Party, Placement, PullPolicy, Storage,
    CONFIG_VERSION,
};
use crate::generator::error::{FieldError, ParseError, ValidationErrors};
use crate::generator::{names, naming, ports};

pub use crate::generator::naming::default_fateboard_host;
pub use crate::generator::ports::NODE_PORT_RANGE;

/// Length of generated passwords (letters and digits: about 143 bits).
pub const GENERATED_PASSWORD_LEN: usize = 24;

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
    /// FATE image tag.
    pub tag: String,
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
        let registry = if self.registry.is_empty() {
            "federatedai"
        } else {
            &self.registry
        };
        format!("{registry}/{name}:{}", self.tag)
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
    /// redis.
    pub redis_password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials { .. }")
    }
}

/// A source of cryptographically secure random bytes.
pub trait RandomSource {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError>;
}

/// The random source could not deliver bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no secure random source available: {0}")]
pub struct RandomError(pub String);

/// The operating system's (or, in the browser, `crypto.getRandomValues`) random source.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        getrandom::getrandom(buf).map_err(|e| RandomError(e.to_string()))
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
}

const PASSWORD_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A fresh password of letters and digits, without modulo bias.
pub fn generate_password(random: &mut dyn RandomSource) -> Result<String, RandomError> {
    let mut out = String::with_capacity(GENERATED_PASSWORD_LEN);
    let mut buf = [0u8; 64];
    // 62 * 4 = 248: bytes ≥ 248 are rejected so every character is equally likely.
    let limit = (256 / PASSWORD_ALPHABET.len() * PASSWORD_ALPHABET.len()) as u8;
    while out.len() < GENERATED_PASSWORD_LEN {
        random.fill(&mut buf)?;
        for &b in buf.iter().filter(|&&b| b < limit) {
            if out.len() == GENERATED_PASSWORD_LEN {
                break;
            }
            out.push(char::from(
                PASSWORD_ALPHABET[usize::from(b) % PASSWORD_ALPHABET.len()],
            ));
        }
    }
    Ok(out)
}

/// Reads a config document (YAML or JSON).
pub fn parse_config(text: &str) -> Result<Config, ParseError> {
    serde_yaml::from_str(text).map_err(|error| {
        let location = error.location();
        let mut message = error.to_string();
        // serde_yaml writes "<path>: <what> at line L column C"; path and location are reported
        // as fields of their own.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        let (path, message) = match message.split_once(": ") {
            Some((path, rest)) if looks_like_path(path) => (path.to_owned(), rest.to_owned()),
            _ => (String::new(), message),
        };
        ParseError {
            path,
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message,
        }
    })
}

/// True for serde_yaml's field paths such as `parties[0].nodePort` (never contains spaces).
fn looks_like_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'[' | b']' | b'_' | b'-'))
}

/// Checks the whole document and returns every problem, in document order.
pub fn validate(config: &Config) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    Checker {
        config,
        errors: &mut errors,
        duplicate_ids: BTreeSet::new(),
    }
    .run();
    errors
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
            let credentials = Credentials {
                mysql_root_password: resolve(given.mysql_root_password)?,
                mysql_password: resolve(given.mysql_password)?,
                redis_password: resolve(given.redis_password)?,
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
                    .unwrap_or_else(|| default_fateboard_host(&party.id)),
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
        let source = config.without_credentials();
        Ok(Federation {
            fate_version: config.fate_version,
            target: config.target,
            parties,
            exchange,
            images,
            storage: config.storage.clone(),
            ingress: config.ingress.clone(),
            source_yaml: serde_yaml::to_string(&source)
                .map_err(|e| FederationError::Serialize(e.to_string()))?,
            source,
        })
    }

    /// The party with this id.
    pub fn party(&self, id: &str) -> Option<&PartyPlan> {
        self.parties.iter().find(|p| p.id == id)
    }
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

struct Checker<'a> {
    config: &'a Config,
    errors: &'a mut ValidationErrors,
    /// Parties whose id repeats an earlier one: their default namespace and host repeat too,
    /// which is the same mistake and is not reported again.
    duplicate_ids: BTreeSet<usize>,
}

/// Where a NodePort (or DMZ port) was claimed, for the "used twice" message.
struct PortClaim {
    path: String,
    owner: String,
}

impl Checker<'_> {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(path, message);
    }

    fn check(&mut self, path: &str, result: Result<(), String>) {
        if let Err(message) = result {
            self.error(path, message);
        }
    }

    fn check_host(&mut self, path: &str, value: &str) {
        if let Err(message) = names::host(value) {
            self.error(path, message);
        }
    }

    fn check_node_port(&mut self, path: &str, port: u32) -> bool {
        if ports::is_node_port(port) {
            true
        } else {
            self.error(path, ports::out_of_range_message(port));
            false
        }
    }

    fn run(&mut self) {
        let config = self.config;
        if config.version != CONFIG_VERSION {
            self.error(
                "version",
                format!(
                    "version {} is not supported; this build reads version {CONFIG_VERSION}",
                    config.version
                ),
            );
        }
        if config.parties.is_empty() {
            self.error("parties", "lists no party; a federation needs at least one");
        }
        self.check_parties();
        self.check_ports();
        if let Some(exchange) = &config.exchange {
            self.check_host("exchange.address", &exchange.address);
            if let Some(ns) = &exchange.namespace {
                self.check("exchange.namespace", names::dns_label(ns));
            }
            self.check(
                "exchange.nodeLabelValue",
                names::label_value(&exchange.node_label_value),
            );
        }
        self.check_images(&config.images);
        self.check_storage(&config.storage);
        self.check_placement("placement", &config.placement);
        self.check_ingress(&config.ingress);
        self.check_credentials();
        self.check_namespaces_and_hosts();
    }

    fn check_parties(&mut self) {
        let config = self.config;
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, party) in config.parties.iter().enumerate() {
            let at = |field: &str| format!("parties[{i}].{field}");
            if party.id.is_empty() {
                self.error(at("id"), "is empty; a party id is digits such as 10000");
            } else if !party.id.bytes().all(|b| b.is_ascii_digit()) {
                self.error(
                    at("id"),
                    format!(
                        "`{}` is not a party id: FATE party ids are digits only",
                        party.id
                    ),
                );
            } else if party.id.len() > 32 {
                self.error(at("id"), "is longer than 32 digits");
            } else {
                // FATE compares ids as numbers, so 010000 and 10000 are the same party.
                let numeric = party.id.trim_start_matches('0').to_owned();
                if let Some(first) = seen.get(&numeric) {
                    let first_id = &config.parties[*first].id;
                    let how = if *first_id == party.id {
                        String::new()
                    } else {
                        format!(" (`{first_id}` is the same number)")
                    };
                    self.error(
                        at("id"),
                        format!(
                            "party id {} is already used by parties[{first}]{how}",
                            party.id
                        ),
                    );
                    self.duplicate_ids.insert(i);
                } else {
                    seen.insert(numeric, i);
                }
            }
            self.check_host(&at("address"), &party.address);
            if let Some(ns) = &party.namespace {
                self.check(&at("namespace"), names::dns_label(ns));
            }
            if let Some(host) = &party.fateboard_host {
                self.check(&at("fateboardHost"), names::dns_name(host));
            }
            if let Some(placement) = &party.placement {
                self.check_placement(&at("placement"), placement);
            }
            match (&party.dmz, party.node_port) {
                (None, None) => self.error(
                    at("nodePort"),
                    "is missing: the party's proxy needs a NodePort (30000-32767) peers can reach",
                ),
                (Some(_), Some(_)) => self.error(
                    at("nodePort"),
                    "is not used when the proxy runs in a DMZ (`dmz` is set); remove it",
                ),
                _ => {}
            }
            if let Some(dmz) = &party.dmz {
                self.check_host(&at("dmz.host"), &dmz.host);
                if dmz.port == 0 || dmz.port > 65535 {
                    self.error(
                        at("dmz.port"),
                        format!("{} is not a port (1-65535)", dmz.port),
                    );
                }
                if dmz.federation_node_port == dmz.fateflow_node_port {
                    self.error(
                        at("dmz.fateflowNodePort"),
                        format!(
                            "{} is the same as dmz.federationNodePort; the two Services need different NodePorts",
                            dmz.fateflow_node_port
                        ),
                    );
                }
            }
        }
    }

    /// NodePorts in range, and no port twice on one address (party proxies, DMZ Services,
    /// DMZ hosts and the exchange).
    fn check_ports(&mut self) {
        let config = self.config;
        let mut claims: BTreeMap<(String, u32), PortClaim> = BTreeMap::new();
        let mut claim =
            |checker: &mut Self, address: &str, port: u32, path: String, owner: String| {
                let key = (names::normalized_host(address), port);
                if let Some(first) = claims.get(&key) {
                    checker.error(
                        path,
                        format!(
                            "{port} on {address} is already used by {} ({})",
                            first.owner, first.path
                        ),
                    );
                } else {
                    claims.insert(key, PortClaim { path, owner });
                }
            };
        if let Some(exchange) = &config.exchange {
            if self.check_node_port("exchange.nodePort", exchange.node_port) {
                claim(
                    self,
                    &exchange.address,
                    exchange.node_port,
                    "exchange.nodePort".to_owned(),
                    "the exchange proxy".to_owned(),
                );
            }
        }
        for (i, party) in config.parties.iter().enumerate() {
            let who = format!("party {}", party.id);
            if let Some(port) = party.node_port {
                let path = format!("parties[{i}].nodePort");
                if self.check_node_port(&path, port) {
                    if let Some(exchange) = &config.exchange {
                        if names::normalized_host(&exchange.address)
                            == names::normalized_host(&party.address)
                            && exchange.node_port == port
                        {
                            self.error(
                                path,
                                format!(
                                    "{}:{port} is the exchange's address and port; give the party its own NodePort",
                                    party.address
                                ),
                            );
                            continue;
                        }
                    }
                    claim(self, &party.address, port, path, format!("{who}'s proxy"));
                }
            }
            if let Some(dmz) = &party.dmz {
                for (field, port, service) in [
                    (
                        "federationNodePort",
                        dmz.federation_node_port,
                        "federation-dmz",
                    ),
                    ("fateflowNodePort", dmz.fateflow_node_port, "fateflow-dmz"),
                ] {
                    let path = format!("parties[{i}].dmz.{field}");
                    if self.check_node_port(&path, port) && port != 0 {
                        claim(
                            self,
                            &party.address,
                            port,
                            path,
                            format!("{who}'s {service} Service"),
                        );
                    }
                }
                claim(
                    self,
                    &dmz.host,
                    dmz.port,
                    format!("parties[{i}].dmz.port"),
                    format!("{who}'s DMZ proxy"),
                );
            }
        }
    }

    fn check_images(&mut self, images: &Images) {
        if !images.registry.is_empty() {
            self.check("images.registry", names::registry(&images.registry));
        }
        if let Some(tag) = &images.tag {
            self.check("images.tag", names::image_tag(tag));
        }
        self.check("images.mysqlTag", names::image_tag(&images.mysql_tag));
        self.check("images.redisTag", names::image_tag(&images.redis_tag));
        let mut seen = BTreeSet::new();
        for (i, secret) in images.pull_secrets.iter().enumerate() {
            let path = format!("images.pullSecrets[{i}]");
            self.check(&path, names::dns_subdomain(secret));
            if !seen.insert(secret) {
                self.error(path, format!("`{secret}` is listed twice"));
            }
        }
    }

    fn check_storage(&mut self, storage: &Storage) {
        match storage {
            Storage::None => {}
            Storage::Nfs { server, path, size } => {
                self.check_host("storage.server", server);
                if !path.starts_with('/') {
                    self.error(
                        "storage.path",
                        format!("`{path}` is not an absolute path on the NFS server"),
                    );
                } else if path.contains(char::is_whitespace) || path.contains("..") {
                    self.error("storage.path", format!("`{path}` contains spaces or `..`"));
                }
                self.check("storage.size", names::quantity(size));
            }
            Storage::StorageClass { class, sizes } => {
                if !class.is_empty() {
                    self.check("storage.class", names::dns_subdomain(class));
                }
                self.check("storage.sizes.mysql", names::quantity(&sizes.mysql));
                self.check("storage.sizes.redis", names::quantity(&sizes.redis));
                self.check("storage.sizes.egg", names::quantity(&sizes.egg));
            }
            Storage::ExistingClaim { claim } => {
                self.check("storage.claim", names::dns_subdomain(claim));
            }
        }
    }

    fn check_placement(&mut self, at: &str, placement: &Placement) {
        self.check(
            &format!("{at}.nodeLabel"),
            names::label_key(&placement.node_label),
        );
        for (field, value) in [
            ("federation", &placement.federation),
            ("metaService", &placement.meta_service),
            ("mysql", &placement.mysql),
            ("proxy", &placement.proxy),
            ("python", &placement.python),
            ("redis", &placement.redis),
            ("roll", &placement.roll),
        ] {
            self.check(&format!("{at}.{field}"), names::label_value(value));
        }
        if placement.eggs.is_empty() {
            self.error(
                format!("{at}.eggs"),
                "lists no egg; give at least one (an empty value leaves it unpinned)",
            );
        }
        if placement.eggs.len() > 100 {
            self.error(format!("{at}.eggs"), "lists more than 100 eggs");
        }
        for (i, egg) in placement.eggs.iter().enumerate() {
            self.check(&format!("{at}.eggs[{i}]"), names::label_value(egg));
        }
    }

    fn check_ingress(&mut self, ingress: &Ingress) {
        if !ingress.enabled {
            return;
        }
        self.check(
            "ingress.className",
            names::dns_subdomain(&ingress.class_name),
        );
        if !ingress.tls_secret.is_empty() {
            self.check(
                "ingress.tlsSecret",
                names::dns_subdomain(&ingress.tls_secret),
            );
        }
    }

    fn check_credentials(&mut self) {
        let config = self.config;
        for (id, given) in &config.credentials {
            let at = format!("credentials.{id}");
            if !config.parties.iter().any(|p| &p.id == id) {
                self.error(at.clone(), format!("there is no party with id {id}"));
            }
            for (field, value) in [
                ("mysqlRootPassword", &given.mysql_root_password),
                ("mysqlPassword", &given.mysql_password),
                ("redisPassword", &given.redis_password),
            ] {
                if let Some(value) = value {
                    if let Err(message) = password(value) {
                        self.error(format!("{at}.{field}"), message);
                    }
                }
            }
        }
    }

    fn check_namespaces_and_hosts(&mut self) {
        let config = self.config;
        let mut namespaces: BTreeMap<String, String> = BTreeMap::new();
        let mut hosts: BTreeMap<String, String> = BTreeMap::new();
        if let Some(exchange) = &config.exchange {
            let ns = exchange
                .namespace
                .clone()
                .unwrap_or_else(|| naming::DEFAULT_EXCHANGE_NAMESPACE.to_owned());
            namespaces.insert(ns, "exchange.namespace".to_owned());
        }
        for (i, party) in config.parties.iter().enumerate() {
            let ns = party
                .namespace
                .clone()
                .unwrap_or_else(|| naming::default_party_namespace(&party.id));
            let path = format!("parties[{i}].namespace");
            let repeats_id = self.duplicate_ids.contains(&i);
            match namespaces.get(&ns) {
                Some(_) if repeats_id && party.namespace.is_none() => {}
                Some(first) => self.error(
                    path,
                    format!("namespace `{ns}` is also used by {first}; each release needs its own namespace"),
                ),
                None => {
                    if party.namespace.is_none() && ns.len() > 63 {
                        self.error(path.clone(), format!("the default `{ns}` is longer than 63 characters; set a namespace"));
                    }
                    namespaces.insert(ns, path);
                }
            }
            if config.ingress.enabled {
                let host = party
                    .fateboard_host
                    .clone()
                    .unwrap_or_else(|| default_fateboard_host(&party.id))
                    .to_ascii_lowercase();
                let path = format!("parties[{i}].fateboardHost");
                match hosts.get(&host) {
                    Some(_) if repeats_id && party.fateboard_host.is_none() => {}
                    Some(first) => {
                        self.error(path, format!("host `{host}` is also used by {first}"))
                    }
                    None => {
                        hosts.insert(host, path);
                    }
                }
            }
        }
    }
}

/// Characters a given password may use: safe in redis.conf, Java properties and YAML.
const PASSWORD_SPECIALS: &str = "-_.~+=@%";

/// Checks a user-given password.
pub fn password(value: &str) -> Result<(), String> {
    if value == "fate_dev" {
        return Err("`fate_dev` is the well-known default of the old charts; choose another or leave it out to generate one".to_owned());
    }
    if value.len() < 12 {
        return Err(format!(
            "is {} characters long; use at least 12",
            value.len()
        ));
    }
    if value.len() > 128 {
        return Err("is longer than 128 characters".to_owned());
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || PASSWORD_SPECIALS.contains(*c)))
    {
        return Err(format!(
            "contains `{bad}`; use letters, digits and {PASSWORD_SPECIALS}"
        ));
    }
    Ok(())
}

impl From<Vec<FieldError>> for ValidationErrors {
    fn from(errors: Vec<FieldError>) -> Self {
        ValidationErrors(errors)
    }
}
