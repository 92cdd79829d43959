//! The deployment set: every file of the bundle, in a deterministic order.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::generator::charts::{self, ChartKind};
use crate::generator::config::{HelmTarget, EXCHANGE_CERTIFICATE};
use crate::generator::federation::{Federation, PartyPlan, TlsPlan};
use crate::generator::json;
use crate::generator::line::{self, Line};
use crate::generator::names;
use crate::generator::naming;
use crate::generator::ordered;
use crate::generator::tls;
use crate::generator::yaml::{Entry, Node};

/// Version of this generator, written into every chart and the provenance file.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

use crate::generator::naming::EXCHANGE_RELEASE;

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Text contents.
    pub contents: String,
    /// Written with the executable bit (scripts).
    pub executable: bool,
}

/// Every file of a deployment set, keyed by its path inside the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bundle {
    /// Path → file, sorted.
    pub files: BTreeMap<String, BundleFile>,
}

impl Bundle {
    pub(crate) fn add(&mut self, path: impl Into<String>, contents: impl Into<String>) {
        self.files.insert(
            path.into(),
            BundleFile {
                contents: contents.into(),
                executable: false,
            },
        );
    }

    pub(crate) fn add_script(&mut self, path: impl Into<String>, contents: impl Into<String>) {
        self.files.insert(
            path.into(),
            BundleFile {
                contents: contents.into(),
                executable: true,
            },
        );
    }

    /// The contents of a file, if present.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|f| f.contents.as_str())
    }

    /// Top-level folders that are charts (`fate-…`).
    pub fn chart_dirs(&self) -> BTreeSet<&str> {
        ordered::set_of(
            self.files
                .keys()
                .filter_map(|p| p.split_once("/Chart.yaml").map(|(dir, _)| dir)),
        )
    }
}

/// What a bundle holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every party and the exchange.
    All,
    /// One party's chart (and DMZ files), for the organisation that runs it.
    Party(String),
    /// The exchange chart only.
    Exchange,
}

/// One release the scripts install.
struct Release {
    name: String,
    namespace: String,
    node_port: Option<u16>,
}

/// Builds the whole deployment set.
pub fn generate(federation: &Federation) -> Bundle {
    generate_scoped(federation, &Scope::All)
}

/// The parties `scope` holds, in document order.
fn parties_in<'a>(federation: &'a Federation, scope: &Scope) -> Vec<&'a PartyPlan> {
    federation
        .parties
        .iter()
        .filter(|p| match scope {
            Scope::All => true,
            Scope::Party(id) => &p.id == id,
            Scope::Exchange => false,
        })
        .collect()
}

/// The releases `scope` holds, in install order: the exchange first, then the parties.
fn releases_in(federation: &Federation, scope: &Scope) -> Vec<Release> {
    let mut releases = Vec::new();
    if let (Scope::All | Scope::Exchange, Some(exchange)) = (scope, &federation.exchange) {
        releases.push(Release {
            name: EXCHANGE_RELEASE.to_owned(),
            namespace: exchange.namespace.clone(),
            node_port: Some(exchange.node_port),
        });
    }
    releases.extend(
        parties_in(federation, scope)
            .into_iter()
            .map(|party| Release {
                name: party.release(),
                namespace: party.namespace.clone(),
                node_port: party.node_port(),
            }),
    );
    releases
}

/// The commands that install the releases of `scope` by hand, exchange first (what
/// `install.sh` does): one `kubectl create namespace` and one `helm install` per release.
pub fn install_commands(federation: &Federation, scope: &Scope) -> String {
    releases_in(federation, scope)
        .iter()
        .fold(String::new(), |mut out, release| {
            let _ = writeln!(
                out,
                "kubectl create namespace {ns}\n{cmd}",
                ns = release.namespace,
                cmd = install_command(federation, &release.name, &release.namespace)
            );
            out
        })
}

/// Where the full bundle keeps the federation authority's certificate.
pub const TLS_AUTHORITY_CERT: &str = "tls/ca.crt";
/// Where the full bundle keeps the federation authority's key.
pub const TLS_AUTHORITY_KEY: &str = "tls/ca.key";

/// Builds the part of the deployment set `scope` asks for. An unknown party id gives a bundle
/// without charts; callers check ids first (`Federation::party`).
pub fn generate_scoped(federation: &Federation, scope: &Scope) -> Bundle {
    let mut bundle = Bundle::default();
    let parties = parties_in(federation, scope);
    let with_exchange = matches!(scope, Scope::All | Scope::Exchange);
    let line = line::of(federation.fate_version);
    let releases = releases_in(federation, scope);

    if let (true, Some(exchange)) = (with_exchange, &federation.exchange) {
        add_chart(
            &mut bundle,
            federation,
            line,
            ChartKind::Exchange,
            EXCHANGE_RELEASE,
            line.exchange_values(federation, exchange),
            "the FATE exchange: a proxy that routes every party",
        );
    }
    for party in &parties {
        add_chart(
            &mut bundle,
            federation,
            line,
            ChartKind::Party,
            &party.release(),
            line.party_values(federation, party),
            &format!("FATE party {}", party.id),
        );
        line.add_party_files(&mut bundle, federation, party);
    }

    if let (Scope::All, Some(tls)) = (scope, &federation.tls) {
        // The authority's key issues new certificates (a new party, a changed address); it is
        // in the full bundle only, never in a chart or a per-party bundle.
        bundle.add(TLS_AUTHORITY_CERT, tls.authority_cert.clone());
        if let Some(key) = &tls.authority_key {
            bundle.add(TLS_AUTHORITY_KEY, key.clone());
        }
    }
    bundle.add("federation.yaml", federation_document(federation));
    bundle.add("provenance.json", provenance(federation, scope, &releases));
    bundle.add(
        "topology.svg",
        crate::generator::topology::topology_svg(federation),
    );
    bundle.add("README.md", readme(federation, line, &parties, scope));
    let header = script_header(federation, line, &parties, &releases);
    let verify = include_str!("scripts/verify.sh").replace("# @TOY@", line.verify_toy().trim_end());
    for (name, source) in [
        ("install.sh", include_str!("scripts/install.sh")),
        ("uninstall.sh", include_str!("scripts/uninstall.sh")),
        ("verify.sh", verify.as_str()),
    ] {
        bundle.add_script(name, source.replace("# @BUNDLE@", &header));
    }
    let images = images(federation, line, &parties, with_exchange);
    bundle.add(
        "images.txt",
        images.iter().fold(String::new(), |mut s, i| {
            s.push_str(i);
            s.push('\n');
            s
        }),
    );
    bundle.add_script(
        "mirror-images.sh",
        include_str!("scripts/mirror-images.sh")
            .replace("# @IMAGES@", &mirror_arrays(federation, &images)),
    );
    let sums = checksums(&bundle);
    bundle.add("SHA256SUMS", sums);
    bundle
}

/// The README's section on mutual TLS: what is secured, which certificate names what, and how
/// to rotate.
fn tls_readme(federation: &Federation, tls: &TlsPlan, scope: &Scope) -> String {
    let mut md = String::from(
        "\n## Mutual TLS\n\nEvery OSX accepts other parties and the exchange only on its TLS port \
         (9371, behind the NodePort in the table above) and only with a certificate of the \
         federation authority; it dials every other party and the exchange over TLS with its own \
         certificate and checks theirs names the address it dials. Inside a party, fateflow still \
         reaches OSX in plaintext (`osx:9370`, not exposed). Each chart holds only its own key and \
         the authority's certificate (Secret `osx-tls`).\n\n| Certificate | Names (peers dial) | \
         Valid until |\n|---|---|---|\n",
    );
    let mut rows: Vec<(String, &str)> = federation
        .parties
        .iter()
        .map(|p| (format!("party {}", p.id), p.id.as_str()))
        .collect();
    if federation.exchange.is_some() {
        rows.push(("the exchange".to_owned(), EXCHANGE_CERTIFICATE));
    }
    for (name, id) in rows {
        if let Some(info) = tls
            .of(id)
            .and_then(|issued| tls::inspect(&name, &issued.cert).ok())
        {
            let _ = writeln!(
                md,
                "| {name} | {} | {} |",
                info.sans.join(", "),
                tls::utc_date(info.not_after)
            );
        }
    }
    if matches!(scope, Scope::All) {
        md.push_str(
            "\n`tls/ca.crt` is the authority's certificate, `tls/ca.key` its key (when this tool \
             holds it): keep the key private; it issues the certificates of new parties.\n",
        );
    }
    md.push_str(
        "\n**Rotate** before the dates above: `fate-chartgen generate federation.yaml --credentials \
         this-bundle.zip --rotate-certificates -o new.zip` (or \"Rotate certificates\" on the page), \
         then `./install.sh` in the new bundle: every OSX gets a new certificate and the new \
         authority, and its pod restarts. Install all releases of the new bundle together: an OSX \
         with the old authority refuses the new certificates. Regenerating without \
         `--rotate-certificates` keeps every certificate.\n",
    );
    md
}

fn chart_yaml(federation: &Federation, kind: ChartKind, description: &str) -> String {
    let app_version = federation.fate_version.as_str();
    let mut out = String::new();
    match federation.target {
        HelmTarget::Helm3 => out.push_str("apiVersion: v2\n"),
        HelmTarget::Helm2 => out.push_str("apiVersion: v1\n"),
    }
    let _ = writeln!(out, "name: {}", kind.name());
    let _ = writeln!(
        out,
        "description: {}",
        yaml_quote(&format!("{description} (FATE {app_version})"))
    );
    if federation.target == HelmTarget::Helm3 {
        out.push_str("type: application\n");
    }
    let _ = writeln!(out, "version: {GENERATOR_VERSION}");
    let _ = writeln!(out, "appVersion: \"{app_version}\"");
    out.push_str("kubeVersion: \">=1.19.0-0\"\n");
    out.push_str("keywords:\n  - fate\n  - federated-learning\n");
    out.push_str("home: https://github.com/FederatedAI/FATE\n");
    out
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn yaml_quote(text: &str) -> String {
    json::string(text)
}

fn add_chart(
    bundle: &mut Bundle,
    federation: &Federation,
    line: &dyn Line,
    kind: ChartKind,
    dir: &str,
    values: String,
    description: &str,
) {
    bundle.add(
        format!("{dir}/Chart.yaml"),
        chart_yaml(federation, kind, description),
    );
    bundle.add(format!("{dir}/values.yaml"), values);
    let helm2 = federation.target == HelmTarget::Helm2;
    let helm2_overrides = ordered::set_of(
        charts::sources(line.chart_dir(), kind).filter_map(|(path, _)| path.strip_prefix("helm2/")),
    );
    for (path, text) in charts::sources(line.chart_dir(), kind) {
        if let Some(rest) = path.strip_prefix("helm2/") {
            if helm2 {
                bundle.add(format!("{dir}/templates/{rest}"), text);
            }
            continue;
        }
        let replaced_for_helm2 = path
            .strip_prefix("templates/")
            .is_some_and(|rest| helm2 && helm2_overrides.contains(rest));
        if !replaced_for_helm2 {
            bundle.add(format!("{dir}/{path}"), text);
        }
    }
}

/// What made the bundle and what it holds (no timestamp: bundles are deterministic). Keys in
/// alphabetical order, as the file has always had them.
fn provenance(federation: &Federation, scope: &Scope, releases: &[Release]) -> String {
    let text = |value: &str| Node::Str(value.to_owned());
    let scope = match scope {
        Scope::All => vec![Entry::new("kind", text("all"))],
        Scope::Party(id) => vec![
            Entry::new("kind", text("party")),
            Entry::new("party", text(id)),
        ],
        Scope::Exchange => vec![Entry::new("kind", text("exchange"))],
    };
    let target = match federation.target {
        HelmTarget::Helm3 => "helm3",
        HelmTarget::Helm2 => "helm2",
    };
    json::pretty(&Node::Map(vec![
        Entry::new("fateVersion", text(federation.fate_version.as_str())),
        Entry::new("generator", text("fate-chartgen")),
        Entry::new(
            "releases",
            Node::Seq(releases.iter().map(|r| text(&r.name)).collect()),
        ),
        Entry::new("scope", Node::Map(scope)),
        Entry::new("target", text(target)),
        Entry::new("version", text(GENERATOR_VERSION)),
    ]))
}

fn federation_document(federation: &Federation) -> String {
    let body = &federation.source_yaml;
    format!(
        "# FATE federation config document, written by fate-chartgen {GENERATOR_VERSION}.\n\
         # Re-import it in the web configurator or run `fate-chartgen generate federation.yaml -o out.zip`.\n\
         # Passwords are not stored here.\n{body}"
    )
}

fn bash_array(name: &str, items: impl IntoIterator<Item = String>) -> String {
    let quoted: Vec<String> = items.into_iter().map(|i| format!("'{i}'")).collect();
    format!("{name}=({})", quoted.join(" "))
}

fn script_header(
    federation: &Federation,
    line: &dyn Line,
    parties: &[&PartyPlan],
    releases: &[Release],
) -> String {
    let helm_major = match federation.target {
        HelmTarget::Helm3 => "3",
        HelmTarget::Helm2 => "2",
    };
    [
        "# What this bundle holds (each script uses some of it).".to_owned(),
        format!("HELM_MAJOR={helm_major}"),
        format!("PEER_SERVICE={}", line.peer_service(federation)),
        bash_array("RELEASES", releases.iter().map(|r| r.name.clone())),
        bash_array("NAMESPACES", releases.iter().map(|r| r.namespace.clone())),
        bash_array(
            "NODEPORTS",
            releases
                .iter()
                .map(|r| r.node_port.map(|p| p.to_string()).unwrap_or_default()),
        ),
        bash_array("PARTY_IDS", parties.iter().map(|p| p.id.clone())),
        bash_array(
            "PARTY_NAMESPACES",
            parties.iter().map(|p| p.namespace.clone()),
        ),
        include_str!("scripts/lookup.sh").trim_end().to_owned(),
    ]
    .join("\n")
}

fn images(
    federation: &Federation,
    line: &dyn Line,
    parties: &[&PartyPlan],
    with_exchange: bool,
) -> Vec<String> {
    let mut images = BTreeSet::new();
    if !parties.is_empty() {
        images.extend(line.party_images(&federation.images));
    }
    if with_exchange && federation.exchange.is_some() {
        images.extend(line.exchange_images(&federation.images));
    }
    images.into_iter().collect()
}

fn mirror_arrays(federation: &Federation, images: &[String]) -> String {
    [
        bash_array(
            "SOURCES",
            images.iter().map(|i| federation.images.upstream_of(i)),
        ),
        bash_array("TARGETS", images.iter().cloned()),
    ]
    .join("\n")
}

fn checksums(bundle: &Bundle) -> String {
    // Party charts repeat the same templates at the same chart-relative path. Looking a body up
    // by that short path and comparing bodies (a memcmp) is much cheaper than hashing every
    // body as a map key; each distinct body is digested once.
    let mut seen: std::collections::HashMap<&str, (&str, String)> =
        std::collections::HashMap::new();
    let mut out = String::new();
    for (path, file) in &bundle.files {
        let body = file.contents.as_str();
        let key = path.split_once('/').map_or(path.as_str(), |(_, rest)| rest);
        let known = seen
            .get(key)
            .filter(|(seen_body, _)| *seen_body == body)
            .map(|(_, hex)| hex.clone());
        let hex = known.unwrap_or_else(|| {
            let hex = Sha256::digest(body.as_bytes()).iter().fold(
                String::with_capacity(64),
                |mut hex, b| {
                    let _ = write!(hex, "{b:02x}");
                    hex
                },
            );
            seen.insert(key, (body, hex.clone()));
            hex
        });
        let _ = writeln!(out, "{hex}  {path}");
    }
    out
}

fn install_command(federation: &Federation, release: &str, namespace: &str) -> String {
    match federation.target {
        HelmTarget::Helm3 => format!("helm install {release} ./{release} --namespace {namespace}"),
        HelmTarget::Helm2 => {
            format!("helm install --name {release} --namespace {namespace} ./{release}")
        }
    }
}

fn readme(
    federation: &Federation,
    line: &dyn Line,
    parties: &[&PartyPlan],
    scope: &Scope,
) -> String {
    let mut md = String::new();
    let version = federation.fate_version.as_str();
    let title = match scope {
        Scope::All => "FATE federation".to_owned(),
        Scope::Party(id) => format!("FATE party {id}"),
        Scope::Exchange => "FATE exchange".to_owned(),
    };
    let _ = writeln!(
        md,
        "# {title}: Helm charts for FATE {version} on Kubernetes\n"
    );
    let _ = writeln!(
        md,
        "Generated by fate-chartgen {GENERATOR_VERSION} from `federation.yaml` (passwords are only in \
         each party's `values.yaml`; keep this bundle private).\n"
    );
    let _ = writeln!(md, "{}\n", line.components_readme());
    md.push_str("| Release | Namespace | Reached by peers at | Notes |\n|---|---|---|---|\n");
    if let (true, Some(exchange)) = (
        matches!(scope, Scope::All | Scope::Exchange),
        &federation.exchange,
    ) {
        let _ = writeln!(
            md,
            "| `{EXCHANGE_RELEASE}` | `{}` | `{}` | routes every party |",
            exchange.namespace,
            names::host_port(&exchange.address, exchange.node_port)
        );
    }
    for party in parties {
        let reach = party.proxy_endpoint();
        let note = match line.dmz_note(party) {
            Some(note) => note,
            None if federation.ingress.enabled => format!(
                "fateboard: {}://{}/",
                if federation.ingress.tls_secret.is_empty() {
                    "http"
                } else {
                    "https"
                },
                party.fateboard_host
            ),
            None => "fateboard: `kubectl port-forward svc/fateboard 8080`".to_owned(),
        };
        let _ = writeln!(
            md,
            "| `{}` | `{}` | `{}` | {note} |",
            party.release(),
            party.namespace,
            names::host_port(&reach.ip, reach.port)
        );
    }
    md.push_str("\n## Prerequisites\n\n");
    md.push_str("- A Kubernetes cluster, version 1.19 or newer, and `kubectl` pointed at it.\n");
    match federation.target {
        HelmTarget::Helm3 => md.push_str("- Helm 3 or 4.\n"),
        HelmTarget::Helm2 => md.push_str(
            "- Helm 2.14 or newer with Tiller allowed to install into the namespaces below. If Tiller \
             runs without RBAC rights:\n\n  ```bash\n  kubectl --namespace kube-system create serviceaccount tiller\n  \
             kubectl create clusterrolebinding tiller-cluster-rule --clusterrole=cluster-admin --serviceaccount=kube-system:tiller\n  \
             kubectl --namespace kube-system patch deploy tiller-deploy -p '{\"spec\":{\"template\":{\"spec\":{\"serviceAccount\":\"tiller\"}}}}'\n  ```\n",
        ),
    }
    if federation.ingress.enabled {
        let _ = writeln!(
            md,
            "- An Ingress controller with IngressClass `{}` to reach fateboard.",
            federation.ingress.class_name
        );
    }
    if federation.images.registry.is_empty() {
        md.push_str("- Nodes that can pull the images in `images.txt` from Docker Hub. For an air-gapped cluster, set a registry and use `mirror-images.sh`.\n");
    } else {
        let _ = writeln!(
            md,
            "- Every image (listed in `images.txt`) in `{}`: run `./mirror-images.sh` (or `--save`/`--load` across an air gap).",
            federation.images.registry
        );
    }
    if let crate::generator::config::Storage::Nfs { server, path, .. } = &federation.storage {
        let _ = writeln!(
            md,
            "- The NFS export `{}` writable by the nodes (each party uses its own sub-directories).",
            // `mount` reads an IPv6 server in brackets too: `[fd00::5]:/exports/fate`.
            names::host_port(server, path)
        );
    }
    md.push_str(
        "- Firewalls between the sites open for the proxy ports in the table above (TCP).\n",
    );

    md.push_str("\n## Install\n\nAll at once: `./install.sh` (creates the namespaces, then installs or upgrades each release).\nOr by hand, exchange first:\n\n```bash\n");
    md.push_str(&install_commands(federation, scope));
    md.push_str("```\n");
    md.push_str(
        "\nEach organisation can install only its own release: `./install.sh fate-<id>`.\n",
    );
    for party in parties.iter().filter(|p| p.dmz().is_some()) {
        let _ = writeln!(
            md,
            "\nParty {id} runs its proxy on a DMZ host: after installing `{release}`, follow `{dmz}/README.md` \
             (copy the folder to the DMZ host and run `docker compose up -d`).",
            id = party.id,
            release = party.release(),
            dmz = naming::dmz_folder(&party.id),
        );
    }
    if federation.ingress.enabled {
        md.push_str("\nfateboard is served by the Ingress at the host names above: point them at your Ingress \
             controller in DNS, or add `<node-ip> <host>` lines to your hosts file.\n");
    }

    md.push_str("\n## Verify\n\n`./verify.sh` waits for every Deployment and checks the proxy NodePorts. Then run FATE's toy example **from the guest party's own pod** (the first id is the party you are in):\n\n```bash\n");
    let mut ids = parties.iter().map(|p| p.id.as_str());
    if let Some(first) = ids.next() {
        let other = federation
            .parties
            .iter()
            .map(|p| p.id.as_str())
            .find(|id| *id != first)
            .unwrap_or(first);
        let ns = parties
            .first()
            .map(|p| p.namespace.as_str())
            .unwrap_or_default();
        let _ = writeln!(md, "{}", line.verify_readme(first, other, ns));
    }
    let _ = writeln!(md, "```\n\n{}", line.verify_success());

    md.push_str("\n## Upgrade and change\n\nEdit the configuration (web configurator or `federation.yaml`), regenerate, and run `./install.sh` again: changed route tables roll the proxies. Adding or removing a party is the same: regenerate, then `./install.sh` — the route tables that change (the exchange's, or in a mesh every party's) are updated and their proxies rolled, with no hand edits. Existing passwords are kept: the charts reuse the `fate-credentials` Secret already in each namespace");
    if federation.target == HelmTarget::Helm2 {
        md.push_str(" — except with Helm 2, which cannot look it up: regenerate with the same passwords (`fate-chartgen generate --credentials old-bundle.zip`)");
    }
    md.push_str(".\n");
    if let Some(tls) = &federation.tls {
        md.push_str(&tls_readme(federation, tls, scope));
    }
    md.push_str("\n## Uninstall\n\n`./uninstall.sh` removes the releases and keeps volumes and the credentials Secret; delete the namespaces to remove everything.\n");
    md.push_str("\n## Files\n\n- `fate-<id>/`, `fate-exchange/`: the Helm charts (`values.yaml` documents every setting, `values.schema.json` checks it).\n- `dmz-<id>/`: Docker Compose files for a proxy on a DMZ host.\n- `images.txt`, `mirror-images.sh`: every image, and how to copy them into your registry.\n- `federation.yaml`: the configuration, to regenerate or re-import; `topology.svg`: the federation at a glance.\n- `SHA256SUMS`: check with `sha256sum -c SHA256SUMS`.\n");
    md
}
