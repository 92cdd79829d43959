//! Stage 2: the old script's semantics, minus its bugs.
//!
//! [`import`] maps the variables `create-helm-deploy.sh` read to a config document: the same
//! parties, NodePorts, routes, eggs, placement, registry and tag, with every entry checked
//! (missing `:port`, mismatched arrays, bad addresses) and a plain-English note for each thing
//! the import changed or decided. Each step below reads one group of variables; they run in the
//! order the notes and the first error should come in.

use std::collections::{BTreeMap, BTreeSet};

use super::address::{
    address_key, in_node_port_range, next_free, parse_dmz, parse_endpoint, with_port, DmzAddress,
    Endpoint,
};
use super::error::{entries, ImportError, SourceFile, ValueProblem};
use super::shell::{parse, Word};
use super::vars::{Binding, Vars};
use crate::generator::config::{
    Config, Dmz, Exchange, FateVersion, HelmTarget, Images, Ingress, Party, Placement, Storage,
    CONFIG_VERSION, DEFAULT_MYSQL_TAG, DEFAULT_NODE_LABEL, DEFAULT_REDIS_TAG, PROXY_PORT,
};

/// The Docker Hub namespace the old `.env` used as `PREFIX`; our empty registry means the same.
const DOCKER_HUB_PREFIX: &str = "federatedai";

/// The result of [`import`]: the config document and what the user should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The federation the old script would have deployed, as a config document.
    pub config: Config,
    /// Plain-English remarks about everything the import changed, decided or ignored.
    pub notes: Vec<String>,
}

/// Imports the old `kube.cfg` and, if given, the `.env` it was used with.
///
/// The result describes the same federation `create-helm-deploy.sh` would have generated — the
/// same parties in `partylist` order, NodePorts, routes (exchange or mesh), eggs, placement,
/// registry and tag — without the script's bugs; [`Imported::notes`] says what differs and why.
pub fn import(kube_cfg: &str, env: Option<&str>) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let vars = source(kube_cfg, env, &mut notes)?;

    let ids = party_ids(&vars)?;
    let addresses = party_addresses(&vars, &ids)?;
    let exchange = import_exchange(&vars)?;
    let dmz_hosts = dmz_hosts(&vars, &ids, &mut notes)?;
    let mut used = used_node_ports(&addresses.entries, exchange.as_ref());
    let parties = import_parties(
        &ids,
        &addresses,
        dmz_hosts,
        &mut used,
        exchange.is_some(),
        &mut notes,
    )?;
    note_exchange(&parties, exchange.as_ref(), &mut notes);

    let (fate_version, images) = import_images(&vars, env.is_some(), &mut notes)?;
    let placement = import_placement(&vars, &mut notes)?;
    note_ignored(&vars, &mut notes)?;
    note_changed_defaults(&mut notes);

    Ok(Imported {
        config: Config {
            version: CONFIG_VERSION,
            fate_version,
            target: HelmTarget::default(),
            parties,
            exchange,
            images,
            storage: Storage::default(),
            placement,
            ingress: Ingress::default(),
            credentials: BTreeMap::new(),
            tls: Default::default(),
            certificates: Default::default(),
        },
        notes,
    })
}

/// The error for one value (or array entry) of a variable.
fn invalid(
    file: SourceFile,
    word: &Word,
    variable: &str,
    index: Option<usize>,
    problem: ValueProblem,
) -> ImportError {
    ImportError::Invalid {
        file,
        line: word.line,
        variable: variable.to_owned(),
        index,
        value: word.text.clone(),
        problem,
    }
}

/// Reads both files into one set of variables.
fn source(kube_cfg: &str, env: Option<&str>, notes: &mut Vec<String>) -> Result<Vars, ImportError> {
    let mut vars = Vars::default();
    // The script sources `.env` first, then `kube.cfg`, into the same shell.
    if let Some(env) = env {
        vars.load(parse(env, SourceFile::Env)?, SourceFile::Env, notes);
    }
    vars.load(
        parse(kube_cfg, SourceFile::KubeCfg)?,
        SourceFile::KubeCfg,
        notes,
    );
    Ok(vars)
}

/// `partylist`: at least one id, each all digits and unique as a number.
fn party_ids(vars: &Vars) -> Result<Vec<Word>, ImportError> {
    let (ids, ids_at) = vars.array("partylist").ok_or(ImportError::Missing {
        file: SourceFile::KubeCfg,
        variable: "partylist",
        why: "it lists the party ids, e.g. `partylist=(10000 9999)`",
    })?;
    if ids.is_empty() {
        return Err(ImportError::Invalid {
            file: ids_at.file,
            line: ids_at.line,
            variable: "partylist".to_owned(),
            index: None,
            value: String::new(),
            problem: ValueProblem::Empty,
        });
    }
    // FATE reads ids as numbers, so `010000` is the same party as `10000`.
    let mut seen: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        if id.text.is_empty() || !id.text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(
                ids_at.file,
                id,
                "partylist",
                Some(i),
                ValueProblem::BadPartyId,
            ));
        }
        let number = id.text.trim_start_matches('0');
        if let Some((first, other)) = seen.get(number) {
            return Err(invalid(
                ids_at.file,
                id,
                "partylist",
                Some(i),
                ValueProblem::DuplicatePartyId {
                    other: (*other).to_owned(),
                    index: *first,
                },
            ));
        }
        seen.insert(number, (i, id.text.as_str()));
    }
    Ok(ids)
}

/// A `partyiplist` entry as written, and as read.
struct Address {
    word: Word,
    endpoint: Endpoint,
}

/// `partyiplist`, one entry per party.
struct PartyAddresses {
    file: SourceFile,
    entries: Vec<Address>,
}

/// `partyiplist`: a `host:NodePort` for each party, index-aligned with `partylist`. Whether the
/// port is a NodePort is checked per party later, as a DMZ party's entry may hold another port.
fn party_addresses(vars: &Vars, ids: &[Word]) -> Result<PartyAddresses, ImportError> {
    let (ips, ips_at) = vars.array("partyiplist").ok_or(ImportError::Missing {
        file: SourceFile::KubeCfg,
        variable: "partyiplist",
        why: "it lists each party's `IP:NodePort`, index-aligned with `partylist`",
    })?;
    if ips.len() != ids.len() {
        return Err(ImportError::LengthMismatch {
            file: ips_at.file,
            line: ips_at.line,
            array: "partyiplist",
            len: ips.len(),
            other: "partylist",
            other_len: ids.len(),
        });
    }
    let file = ips_at.file;
    let entries = ips
        .into_iter()
        .enumerate()
        .map(|(i, word)| match parse_endpoint(&word.text) {
            Ok(endpoint) => Ok(Address { word, endpoint }),
            Err(p) => Err(invalid(file, &word, "partyiplist", Some(i), p)),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PartyAddresses { file, entries })
}

/// `exchangeip`: the exchange's `host:NodePort`; unset or empty means no exchange (a mesh).
fn import_exchange(vars: &Vars) -> Result<Option<Exchange>, ImportError> {
    let Some((w, b)) = vars
        .scalar("exchangeip")?
        .filter(|(w, _)| !w.text.is_empty())
    else {
        return Ok(None);
    };
    let ep = parse_endpoint(&w.text).map_err(|p| invalid(b.file, &w, "exchangeip", None, p))?;
    if !in_node_port_range(ep.port) {
        return Err(invalid(
            b.file,
            &w,
            "exchangeip",
            None,
            ValueProblem::NodePortOutOfRange(ep.port),
        ));
    }
    Ok(Some(Exchange {
        address: ep.host,
        node_port: ep.port,
        namespace: None,
        node_label_value: String::new(),
    }))
}

/// `proxyIpList`: the DMZ host of each party, index-aligned with `partylist`. An empty entry,
/// or none because the list is shorter, leaves that party's proxy in its cluster.
fn dmz_hosts(
    vars: &Vars,
    ids: &[Word],
    notes: &mut Vec<String>,
) -> Result<Vec<Option<DmzAddress>>, ImportError> {
    let mut hosts = vec![None; ids.len()];
    let Some((list, list_at)) = vars.array("proxyIpList") else {
        return Ok(hosts);
    };
    if list.len() > ids.len() {
        return Err(ImportError::LengthMismatch {
            file: list_at.file,
            line: list_at.line,
            array: "proxyIpList",
            len: list.len(),
            other: "partylist",
            other_len: ids.len(),
        });
    }
    for (i, (w, slot)) in list.iter().zip(hosts.iter_mut()).enumerate() {
        if w.text.is_empty() {
            continue;
        }
        let parsed =
            parse_dmz(&w.text).map_err(|p| invalid(list_at.file, w, "proxyIpList", Some(i), p))?;
        *slot = Some(parsed);
    }
    // A list shorter than `partylist` may be a forgotten entry; `proxyIpList=()` is just "no DMZ".
    let named = list.iter().filter(|w| !w.text.is_empty()).count();
    if named > 0 && list.len() < ids.len() {
        let rest: Vec<&str> = ids
            .iter()
            .skip(list.len())
            .map(|w| w.text.as_str())
            .collect();
        notes.push(format!(
            "{} line {}: `proxyIpList` has {} for {} parties; party {} keep{} its proxy in \
             the cluster.",
            list_at.file,
            list_at.line,
            entries(list.len()),
            ids.len(),
            rest.join(", "),
            if rest.len() == 1 { "s" } else { "" },
        ));
    }
    Ok(hosts)
}

/// NodePorts taken per address (compared as validation compares them), so the fixed DMZ
/// NodePorts can avoid them.
fn used_node_ports(
    addresses: &[Address],
    exchange: Option<&Exchange>,
) -> BTreeMap<String, BTreeSet<u32>> {
    let mut used: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for Address { endpoint: ep, .. } in addresses {
        // A port outside the range is an error or, for a DMZ party, replaced: it takes nothing.
        if in_node_port_range(ep.port) {
            used.entry(address_key(&ep.host))
                .or_default()
                .insert(ep.port);
        }
    }
    if let Some(x) = exchange {
        used.entry(address_key(&x.address))
            .or_default()
            .insert(x.node_port);
    }
    used
}

/// One party while its entries are combined: for errors about its `partyiplist` entry.
struct PartyEntry<'a> {
    index: usize,
    id: &'a Word,
    address: &'a Address,
    file: SourceFile,
}

impl PartyEntry<'_> {
    fn invalid(&self, problem: ValueProblem) -> ImportError {
        invalid(
            self.file,
            &self.address.word,
            "partyiplist",
            Some(self.index),
            problem,
        )
    }
}

/// The parties in `partylist` order: a NodePort each, or a DMZ proxy and its two fixed NodePorts.
fn import_parties(
    ids: &[Word],
    addresses: &PartyAddresses,
    dmz_hosts: Vec<Option<DmzAddress>>,
    used: &mut BTreeMap<String, BTreeSet<u32>>,
    has_exchange: bool,
    notes: &mut Vec<String>,
) -> Result<Vec<Party>, ImportError> {
    let mut parties = Vec::with_capacity(ids.len());
    // All three have one entry per party: `party_addresses` and `dmz_hosts` made sure.
    let aligned = ids.iter().zip(&addresses.entries).zip(dmz_hosts);
    for (index, ((id, address), dmz_host)) in aligned.enumerate() {
        let party = PartyEntry {
            index,
            id,
            address,
            file: addresses.file,
        };
        let ep = &address.endpoint;
        let dmz = match dmz_host {
            None if !in_node_port_range(ep.port) => {
                return Err(party.invalid(ValueProblem::NodePortOutOfRange(ep.port)));
            }
            None => None,
            Some(host) => {
                let taken = used.entry(address_key(&ep.host)).or_default();
                Some(dmz_party(&party, host, taken, has_exchange, notes)?)
            }
        };
        parties.push(Party {
            id: id.text.clone(),
            address: ep.host.clone(),
            node_port: if dmz.is_some() { None } else { Some(ep.port) },
            namespace: None,
            fateboard_host: None,
            placement: None,
            dmz,
        });
    }
    Ok(parties)
}

/// The DMZ of a party listed in `proxyIpList`: its federation and fateflow Services get fixed
/// NodePorts (not in `taken`, the ports used on its address), which the DMZ proxy calls.
fn dmz_party(
    party: &PartyEntry<'_>,
    DmzAddress { host, port }: DmzAddress,
    taken: &mut BTreeSet<u32>,
    has_exchange: bool,
    notes: &mut Vec<String>,
) -> Result<Dmz, ImportError> {
    let ep = &party.address.endpoint;
    let no_port = || party.invalid(ValueProblem::NoFreeNodePort(ep.host.clone()));
    // A NodePort in `partyiplist` is the one peers used so far: keep it for the federation
    // Service. It is in `taken` already.
    let federation = if in_node_port_range(ep.port) {
        ep.port
    } else {
        let p = next_free(*crate::generator::ports::NODE_PORT_RANGE.start(), taken)
            .ok_or_else(no_port)?;
        taken.insert(p);
        p
    };
    let fateflow = next_free(federation.saturating_add(1), taken).ok_or_else(no_port)?;
    taken.insert(fateflow);
    // No port after the DMZ host: the proxy listens where the old charts' proxy did.
    let port = port.unwrap_or(u32::from(PROXY_PORT));
    let mut note = format!(
        "{} line {}: party {} runs its proxy on the DMZ host {} (from `proxyIpList`), \
         so its chart has no proxy and peers{} reach it at {}.",
        party.file,
        party.address.word.line,
        party.id.text,
        host,
        if has_exchange {
            " and the exchange"
        } else {
            ""
        },
        with_port(&host, port),
    );
    if in_node_port_range(ep.port) {
        note.push_str(&format!(
            " The DMZ proxy calls its federation Service on the fixed NodePort \
             {federation} (its `partyiplist` port) and its fateflow Service on \
             {fateflow} (the next free NodePort on {}); the old charts let \
             Kubernetes pick random ones.",
            ep.host
        ));
    } else {
        note.push_str(&format!(
            " Its `partyiplist` port {} is not a NodePort (the old DMZ guide had the \
             DMZ proxy's port written there), so its federation and fateflow Services \
             get the free NodePorts {federation} and {fateflow} on {}; the old charts \
             let Kubernetes pick random ones.",
            ep.port, ep.host
        ));
    }
    if address_key(&host) == address_key(&ep.host) {
        note.push_str(&format!(
            " Its address {} is the DMZ host itself: set it to a node of party {}'s \
             Kubernetes cluster, where the DMZ proxy reaches those NodePorts.",
            ep.host, party.id.text
        ));
    }
    notes.push(note);
    Ok(Dmz {
        host,
        port,
        federation_node_port: federation,
        fateflow_node_port: fateflow,
    })
}

/// Says where the route topology differs from the old script's.
fn note_exchange(parties: &[Party], exchange: Option<&Exchange>, notes: &mut Vec<String>) {
    let any_dmz = parties.iter().any(|p| p.dmz.is_some());
    match exchange {
        Some(x) if any_dmz => notes.push(format!(
            "The exchange at {} is kept: the old script generated no exchange chart at all once \
             `proxyIpList` was set.",
            with_port(&x.address, x.node_port)
        )),
        Some(_) => {}
        None => notes.push(
            "`exchangeip` is empty: there is no exchange, and every party routes directly to \
             every other party (mesh)."
                .to_owned(),
        ),
    }
}

/// A scalar that is set to something (the script tested these with `[ -z … ]`), with where.
fn non_empty<'v>(vars: &'v Vars, name: &str) -> Result<Option<(String, &'v Binding)>, ImportError> {
    Ok(vars
        .scalar(name)?
        .filter(|(w, _)| !w.text.is_empty())
        .map(|(w, b)| (w.text, b)))
}

/// `images` and the FATE version from `RegistryURI` / `THIRDPARTYPREFIX` / `PREFIX` and `TAG`.
fn import_images(
    vars: &Vars,
    have_env: bool,
    notes: &mut Vec<String>,
) -> Result<(FateVersion, Images), ImportError> {
    let at = |b: &Binding| format!("{} line {}: ", b.file, b.line);
    let registry_uri = non_empty(vars, "RegistryURI")?;
    let third_party = non_empty(vars, "THIRDPARTYPREFIX")?;
    let prefix = non_empty(vars, "PREFIX")?;

    // Whether the registry is a private mirror (RegistryURI): then the old charts already pulled
    // mysql and redis from it, and only the init container is new.
    let mut mirror = true;
    let mut registry = match (registry_uri, third_party) {
        (Some((uri, _)), third) => {
            if let Some((_, b)) = third.filter(|(t, _)| *t != uri) {
                notes.push(format!(
                    "{}`THIRDPARTYPREFIX` is ignored because `RegistryURI` is set.",
                    at(b)
                ));
            }
            uri
        }
        (None, Some((third, b))) => {
            notes.push(format!(
                "{}`THIRDPARTYPREFIX` is what the old README called `RegistryURI` (the script \
                 only read `RegistryURI`); it is used as the registry.",
                at(b)
            ));
            third
        }
        (None, None) => {
            mirror = false;
            match prefix {
                Some((p, _)) if p == DOCKER_HUB_PREFIX => String::new(),
                Some((p, b)) => {
                    notes.push(format!(
                        "{}`PREFIX` `{p}` becomes the registry for every image: mysql and redis \
                         will then also be pulled from `{p}/` (the old charts pulled them from \
                         Docker Hub unless `RegistryURI` was set), so mirror \
                         mysql:{DEFAULT_MYSQL_TAG} and redis:{DEFAULT_REDIS_TAG} there.",
                        at(b)
                    ));
                    p
                }
                None if have_env => {
                    notes.push(
                        "`PREFIX` and `RegistryURI` are empty: the old charts would have \
                         produced image names without a repository; images now come from \
                         Docker Hub `federatedai/`."
                            .to_owned(),
                    );
                    String::new()
                }
                None => String::new(),
            }
        }
    };
    let trimmed = registry.trim_end_matches('/');
    if trimmed.len() != registry.len() {
        notes.push(format!(
            "The registry `{registry}` is used without its trailing `/`."
        ));
        registry = trimmed.to_owned();
    }
    if mirror && !registry.is_empty() {
        notes.push(format!(
            "Every image comes from `{registry}`: the FATE images, mysql and redis as before, and \
             now also the python pod's init container (the old charts pulled it from Docker Hub \
             as `mysql:8`). Mirror mysql:{DEFAULT_MYSQL_TAG} and redis:{DEFAULT_REDIS_TAG} into \
             that project."
        ));
    }

    let tag = non_empty(vars, "TAG")?;
    let fate_version = match &tag {
        Some((t, b)) if t.starts_with("1.3") => {
            notes.push(format!("{}`TAG` `{t}` selects FATE 1.3.0.", at(b)));
            FateVersion::V1_3_0
        }
        Some((t, _)) if t.starts_with("1.2") => FateVersion::V1_2_0,
        Some((t, b)) => {
            notes.push(format!(
                "{}`TAG` `{t}` names neither FATE 1.2 nor 1.3; the charts are for FATE 1.2.0 and \
                 use the tag as written.",
                at(b)
            ));
            FateVersion::V1_2_0
        }
        None => FateVersion::V1_2_0,
    };
    if tag.is_none() {
        notes.push(format!(
            "{}: the FATE images use the default tag {}.",
            if have_env {
                "`TAG` is not set"
            } else {
                "No .env was given, so images come from Docker Hub `federatedai/`"
            },
            fate_version.default_tag()
        ));
    }
    notes.push(format!(
        "mysql and redis are pinned to {DEFAULT_MYSQL_TAG} and {DEFAULT_REDIS_TAG} (the old \
         charts used the floating `mysql:8` and `redis:5`)."
    ));
    let images = Images {
        registry,
        // The version's own tag is the default, so the document leaves it out.
        tag: tag
            .map(|(t, _)| t)
            .filter(|t| *t != fate_version.default_tag()),
        ..Images::default()
    };
    Ok((fate_version, images))
}

/// `placement` from `nodeLabel`, the per-component label values and `eggList`.
fn import_placement(vars: &Vars, notes: &mut Vec<String>) -> Result<Placement, ImportError> {
    let node_label = match vars.scalar("nodeLabel")? {
        Some((w, _)) if !w.text.is_empty() => w.text,
        Some((w, b)) => {
            notes.push(format!(
                "{} line {}: `nodeLabel` is empty; the node label key is {DEFAULT_NODE_LABEL}.",
                b.file, w.line
            ));
            DEFAULT_NODE_LABEL.to_owned()
        }
        None => DEFAULT_NODE_LABEL.to_owned(),
    };
    // An unset label variable expands to the empty string in bash, and an empty label value
    // means "any node" here as in the old charts: a true default, not a lost error.
    let value =
        |name: &str| -> Result<String, ImportError> { Ok(vars.text(name)?.unwrap_or_default()) };
    let eggs: Vec<String> = match vars.array("eggList") {
        Some((words, _)) if !words.is_empty() => words.into_iter().map(|w| w.text).collect(),
        found => {
            // Set but empty has a line to point at; unset has none, so the note has no prefix.
            let at = found.map_or_else(String::new, |(_, b)| {
                format!("{} line {}: ", b.file, b.line)
            });
            notes.push(format!(
                "{at}`eggList` is empty, so each party gets one egg on any node. The old script \
                 would name a single egg `egg`; eggs are now egg0, egg1, … (here just egg0)."
            ));
            vec![String::new()]
        }
    };
    Ok(Placement {
        node_label,
        federation: value("federation")?,
        meta_service: value("metaService")?,
        mysql: value("mysql")?,
        proxy: value("proxy")?,
        python: value("python")?,
        redis: value("redis")?,
        roll: value("roll")?,
        clustermanager: String::new(),
        fateflow: String::new(),
        eggs,
    })
}

/// Notes for the variables the script read that mean nothing for these charts.
fn note_ignored(vars: &Vars, notes: &mut Vec<String>) -> Result<(), ImportError> {
    for (name, what) in [
        (
            "servingServer",
            "there is no FATE-Serving in these charts (the old charts did not use it either)",
        ),
        (
            "fateboard",
            "fateboard runs in the python pod, which `python` places",
        ),
        (
            "SERVING_TAG",
            "there is no FATE-Serving in these charts (only docker-compose read it)",
        ),
    ] {
        if let Some((w, b)) = vars.scalar(name)? {
            if !w.text.is_empty() {
                notes.push(format!(
                    "{} line {}: `{name}` is ignored: {what}.",
                    b.file, w.line
                ));
            }
        }
    }
    Ok(())
}

/// Notes for what every imported federation gets differently from the old charts.
fn note_changed_defaults(notes: &mut Vec<String>) {
    notes.push(
        "The bundle targets Helm 3 (`helm install <name> <chart>`, no Tiller); set `target` to \
         helm2 if you still deploy with Tiller."
            .to_owned(),
    );
    notes.push(
        "The old script hard-coded the mysql and redis passwords as `fate_dev`; each party now \
         gets random passwords unless you set them under `credentials`."
            .to_owned(),
    );
    notes.push(
        "Storage is `none`, which is what the old charts used unless installed with `--set \
         nfspath=… --set nfsserver=…`; if you did that, set `storage` to nfs."
            .to_owned(),
    );
}
