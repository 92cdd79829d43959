//! Every check of a config document, reported all at once in document order, each with the
//! path of the field it concerns (`parties[1].nodePort`) so the form can show it in place.

use std::collections::{BTreeMap, BTreeSet};

use crate::generator::config::{
    Config, HelmTarget, Images, Ingress, Placement, Storage, CONFIG_VERSION, EXCHANGE_CERTIFICATE,
};
use crate::generator::error::{FieldError, ValidationErrors};
use crate::generator::federation::certificate_problems;
use crate::generator::tls;
use crate::generator::{names, naming, ports};

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

struct Checker<'a> {
    config: &'a Config,
    errors: &'a mut ValidationErrors,
    /// Parties whose id repeats an earlier one: their default namespace and host repeat too,
    /// which is the same mistake and is not reported again.
    duplicate_ids: BTreeSet<usize>,
}

/// Who claimed a NodePort (or DMZ port) first, in words, for the "already used" message.
struct PortClaim {
    owner: String,
}

/// A party as messages name it, by its place in the list and its id: `Party #2 (9999)`. The page
/// names a party's fields the same way, so a message reads like the form.
pub fn party_name(index: usize, id: &str) -> String {
    if id.is_empty() {
        format!("Party #{}", index + 1)
    } else {
        format!("Party #{} ({id})", index + 1)
    }
}

/// A value typed by the user, quoted in a message.
fn quoted(value: &str) -> String {
    format!("\u{201c}{value}\u{201d}")
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
                    "is {}, which this build does not read; it reads version {CONFIG_VERSION}",
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
        self.check_line();
        self.check_tls();
    }

    /// The OSX a certificate is for, in words: `Party #2 (9999)` or `the exchange`.
    fn owner_of_certificate(&self, id: &str) -> String {
        if id == EXCHANGE_CERTIFICATE {
            return "the exchange".to_owned();
        }
        match self.config.parties.iter().position(|p| p.id == id) {
            Some(index) => party_name(index, id),
            None => format!("party {id}"),
        }
    }

    /// TLS settings and the certificates given with them.
    fn check_tls(&mut self) {
        let config = self.config;
        let tls = &config.tls;
        if !tls.enabled {
            return; // certificates of a switched-off TLS are kept, unused
        }
        if !config.fate_version.is_fate2() {
            self.error(
                "tls.enabled",
                format!(
                    "is on, but mutual TLS is for FATE 2.2 (OSX); FATE {}'s proxy is not set up for it here",
                    config.fate_version.as_str()
                ),
            );
        }
        if !(1..=3650).contains(&tls.validity_days) {
            self.error(
                "tls.validityDays",
                format!("is {} days, not between 1 and 3650", tls.validity_days),
            );
        }
        let certificates = &config.certificates;
        let hosts = config.osx_hosts();
        let Some(authority) = &certificates.authority else {
            if !certificates.issued.is_empty() {
                self.error(
                    "certificates.authority",
                    "is missing: the given certificates need the authority that issued them (its certificate, and its key to issue the others)",
                );
            }
            return;
        };
        if let Err(e) = tls::inspect("the authority's certificate", &authority.cert) {
            self.error("certificates.authority.cert", e.to_string());
            return;
        }
        if let Some(key) = &authority.key {
            if let Err(e) = tls::Authority::from_pem(&authority.cert, key) {
                self.error("certificates.authority.key", e.to_string());
            }
        }
        for (id, given) in &certificates.issued {
            let path = format!("certificates.issued.{id}");
            match hosts.get(id) {
                None => self.error(
                    path,
                    format!(
                        "is for a party that is not in the federation: there is no party with id {id} (the exchange's certificate is {})",
                        quoted(EXCHANGE_CERTIFICATE)
                    ),
                ),
                Some(host) => {
                    for problem in certificate_problems(&authority.cert, id, given, host) {
                        self.error(
                            path.clone(),
                            format!("{problem}; give a new one, or let this tool issue it (leave it out, or rotate the certificates)"),
                        );
                    }
                }
            }
        }
        let missing: Vec<String> = hosts
            .keys()
            .filter(|id| !certificates.issued.contains_key(*id))
            .map(|id| self.owner_of_certificate(id))
            .collect();
        if authority.key.is_none() && !missing.is_empty() {
            self.error(
                "certificates.authority.key",
                format!(
                    "is needed to issue the certificates of {} (or give those certificates)",
                    in_words(&missing)
                ),
            );
        }
    }

    /// What the chosen FATE line cannot do: fields of the other line's components, and for
    /// FATE 2.2 Helm 2 and DMZ proxies.
    fn check_line(&mut self) {
        let config = self.config;
        let version = config.fate_version.as_str();
        let fate2 = config.fate_version.is_fate2();
        if fate2 && config.target == HelmTarget::Helm2 {
            self.error(
                "target",
                format!("is Helm 2, but FATE {version} charts are for Helm 3 or 4 (Helm 2 was retired before FATE 2 existed); choose Helm 3 or 4"),
            );
        }
        let mut placements = vec![("placement".to_owned(), &config.placement)];
        for (i, party) in config.parties.iter().enumerate() {
            if let Some(placement) = &party.placement {
                placements.push((format!("parties[{i}].placement"), placement));
            }
            if fate2 && party.dmz.is_some() {
                self.error(
                    format!("parties[{i}].dmz"),
                    format!(
                        "is on, but FATE {version} cannot run a party's proxy on a DMZ host: OSX delivers incoming data to \
                         the party's eggroll pods directly, which a host outside the cluster cannot reach; \
                         switch the DMZ proxy off and give the party a NodePort"
                    ),
                );
            }
        }
        for (at, placement) in placements {
            // (key, the component in words, its value, what to do instead)
            let misplaced: &[(&str, &str, &String, &str)] = if fate2 {
                &[
                    (
                        "federation",
                        "federation",
                        &placement.federation,
                        "OSX (the proxy) moves the data: use proxy",
                    ),
                    (
                        "metaService",
                        "meta-service",
                        &placement.meta_service,
                        "use clustermanager",
                    ),
                    ("roll", "roll", &placement.roll, "use clustermanager"),
                    ("python", "python", &placement.python, "use fateflow"),
                    ("redis", "redis", &placement.redis, "clear it"),
                ]
            } else {
                &[
                    (
                        "clustermanager",
                        "clustermanager",
                        &placement.clustermanager,
                        "use meta-service and roll",
                    ),
                    ("fateflow", "fateflow", &placement.fateflow, "use python"),
                ]
            };
            for (key, field, value, hint) in misplaced {
                if !value.is_empty() {
                    self.error(
                        format!("{at}.{key}"),
                        format!("is set, but FATE {version} has no {field} component; {hint}"),
                    );
                }
            }
        }
        for (id, given) in &config.credentials {
            let (field, set, why) = if fate2 {
                (
                    "redisPassword",
                    given.redis_password.is_some(),
                    "has no redis",
                )
            } else {
                (
                    "fateboardPassword",
                    given.fateboard_password.is_some(),
                    "has a fateboard without a login",
                )
            };
            if set {
                self.error(
                    format!("credentials.{id}.{field}"),
                    format!("is set, but FATE {version} {why}; remove it"),
                );
            }
        }
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
                        "is {}, not a party id: FATE party ids are digits only",
                        quoted(&party.id)
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
                        format!(" ({} is the same number)", quoted(first_id))
                    };
                    self.error(
                        at("id"),
                        format!(
                            "is {}, already used by {}{how}",
                            party.id,
                            party_name(*first, first_id)
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
                    "is not used when the proxy runs on a DMZ host; remove it",
                ),
                _ => {}
            }
            if let Some(dmz) = &party.dmz {
                self.check_host(&at("dmz.host"), &dmz.host);
                if dmz.port == 0 || dmz.port > 65535 {
                    self.error(
                        at("dmz.port"),
                        format!("is {}, not a port (1-65535)", dmz.port),
                    );
                }
                if dmz.federation_node_port == dmz.fateflow_node_port {
                    self.error(
                        at("dmz.fateflowNodePort"),
                        format!(
                            "is {}, the same as the federation NodePort; the two Services need different NodePorts",
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
                            "is already used by {}: port {port} on {address}",
                            first.owner
                        ),
                    );
                } else {
                    claims.insert(key, PortClaim { owner });
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
            let who = party_name(i, &party.id);
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
                                    "is {port} on {}, the exchange's address and port; give the party its own NodePort",
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
                self.error(path, format!("is {}, listed twice", quoted(secret)));
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
                        format!(
                            "is {}, not an absolute path on the NFS server",
                            quoted(path)
                        ),
                    );
                } else if path.contains(char::is_whitespace) || path.contains("..") {
                    self.error(
                        "storage.path",
                        format!(
                            "is {}, which contains spaces or {}",
                            quoted(path),
                            quoted("..")
                        ),
                    );
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
            ("proxy", &placement.proxy),
            ("mysql", &placement.mysql),
            ("clustermanager", &placement.clustermanager),
            ("fateflow", &placement.fateflow),
            ("federation", &placement.federation),
            ("metaService", &placement.meta_service),
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
                self.error(
                    at.clone(),
                    format!("are for a party that is not in the federation: there is no party with id {id}"),
                );
            }
            for (field, value) in [
                ("mysqlRootPassword", &given.mysql_root_password),
                ("mysqlPassword", &given.mysql_password),
                ("redisPassword", &given.redis_password),
                ("fateboardPassword", &given.fateboard_password),
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
            namespaces.insert(ns, "the exchange".to_owned());
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
                    format!(
                        "is {}, also used by {first}; each release needs its own namespace",
                        quoted(&ns)
                    ),
                ),
                None => {
                    if party.namespace.is_none() && ns.len() > 63 {
                        self.error(path.clone(), format!("is empty, and its default {} is longer than 63 characters; set a namespace", quoted(&ns)));
                    }
                    namespaces.insert(ns, party_name(i, &party.id));
                }
            }
            if config.ingress.enabled {
                let host = party
                    .fateboard_host
                    .clone()
                    .unwrap_or_else(|| naming::default_fateboard_host(&party.id))
                    .to_ascii_lowercase();
                let path = format!("parties[{i}].fateboardHost");
                match hosts.get(&host) {
                    Some(_) if repeats_id && party.fateboard_host.is_none() => {}
                    Some(first) => {
                        let message = format!("is {}, also used by {first}", quoted(&host));
                        self.error(path, message)
                    }
                    None => {
                        hosts.insert(host, party_name(i, &party.id));
                    }
                }
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn in_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => format!("{} and {last}", head.join(", ")),
    }
}

/// Characters a given password may use: safe in redis.conf, Java properties and YAML.
const PASSWORD_SPECIALS: &str = "-_.~+=@%";

/// Checks a user-given password.
pub fn password(value: &str) -> Result<(), String> {
    if value == "fate_dev" {
        return Err(format!(
            "is {}, the well-known default of the old charts; choose another or leave it out to generate one",
            quoted("fate_dev")
        ));
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
            "contains {}; use letters, digits and {PASSWORD_SPECIALS}",
            quoted(&bad.to_string())
        ));
    }
    Ok(())
}

impl From<Vec<FieldError>> for ValidationErrors {
    fn from(errors: Vec<FieldError>) -> Self {
        ValidationErrors(errors)
    }
}
