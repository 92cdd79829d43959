//! Import of the old KubeFATE `kube.cfg` (+ `.env`): the seed's files, every error, and property
//! tests (no panics on any input, and every error points at a line of the file it names;
//! generated well-formed files round-trip their parties; quoted values round-trip unchanged).

mod common;

use common::cases::{check_all, Problems};
use fate_chartgen::generator::config::{
    Config, Dmz, Exchange, FateVersion, HelmTarget, Images, Ingress, Party, Placement, Storage,
};
use fate_chartgen::generator::kubecfg::{
    import, ImportError, Imported, SourceFile, SyntaxProblem, ValueProblem,
};
use fate_chartgen::generator::validate;
use proptest::prelude::*;

const SEED_KUBE_CFG: &str = include_str!("fixtures/seed/kube.cfg");
const SEED_ENV: &str = include_str!("fixtures/seed/.env");
const CUSTOM_KUBE_CFG: &str = include_str!("fixtures/seed/kube-custom.cfg");
const DMZ_KUBE_CFG: &str = include_str!("fixtures/seed/kube-dmz.cfg");
const MESH_KUBE_CFG: &str = include_str!("fixtures/seed/kube-mesh.cfg");
const HARBOR_ENV: &str = include_str!("fixtures/seed/env-harbor");

fn ok(kube_cfg: &str, env: Option<&str>) -> Imported {
    match import(kube_cfg, env) {
        Ok(imported) => imported,
        Err(e) => panic!("import failed: {e}\n--- input ---\n{kube_cfg}"),
    }
}

fn err(kube_cfg: &str, env: Option<&str>) -> ImportError {
    match failure(kube_cfg, env) {
        Ok(e) => e,
        Err(why) => panic!("{why}"),
    }
}

/// The error of an import that must fail; `Err` says that it did not, for table cases.
fn failure(kube_cfg: &str, env: Option<&str>) -> Result<ImportError, String> {
    match import(kube_cfg, env) {
        Ok(imported) => Err(format!(
            "import succeeded but should fail:\n{kube_cfg}\n{:#?}",
            imported.config
        )),
        Err(e) => Ok(e),
    }
}

fn party(id: &str, address: &str, node_port: u32) -> Party {
    Party {
        id: id.to_owned(),
        address: address.to_owned(),
        node_port: Some(node_port),
        namespace: None,
        fateboard_host: None,
        placement: None,
        dmz: None,
    }
}

fn exchange(address: &str, node_port: u32) -> Option<Exchange> {
    Some(Exchange {
        address: address.to_owned(),
        node_port,
        namespace: None,
        node_label_value: String::new(),
    })
}

fn has_note(imported: &Imported, needles: &[&str]) -> bool {
    imported
        .notes
        .iter()
        .any(|n| needles.iter().all(|needle| n.contains(needle)))
}

#[track_caller]
fn assert_note(imported: &Imported, needles: &[&str]) {
    assert!(
        has_note(imported, needles),
        "no note contains all of {needles:?}; notes:\n{}",
        imported.notes.join("\n")
    );
}

#[track_caller]
fn assert_valid(config: &Config) {
    let errors = validate(config);
    assert!(
        errors.is_empty(),
        "imported config does not validate: {errors}"
    );
}

/// `kube.cfg` with the given `partylist`/`partyiplist` lines and extra lines after them.
fn cfg(parties: &str, ips: &str, extra: &str) -> String {
    format!("partylist=({parties})\npartyiplist=({ips})\n{extra}\n")
}

// ---------------------------------------------------------------------------------------------
// The seed's files
// ---------------------------------------------------------------------------------------------

#[test]
fn seed_sample_is_the_example_federation() {
    let imported = ok(SEED_KUBE_CFG, Some(SEED_ENV));
    let c = &imported.config;
    assert_eq!(c.version, 1);
    assert_eq!(c.fate_version, FateVersion::V1_2_0);
    assert_eq!(c.target, HelmTarget::Helm3);
    assert_eq!(
        c.parties,
        vec![
            party("10000", "192.168.11.2", 30010),
            party("9999", "192.168.11.3", 30009),
        ]
    );
    assert_eq!(c.exchange, exchange("192.168.11.4", 30000));
    // PREFIX=federatedai and TAG=1.2.0-release are exactly the defaults.
    assert_eq!(c.images, Images::default());
    assert_eq!(c.images.registry, "");
    assert_eq!(c.images.tag, None);
    assert_eq!(c.storage, Storage::None);
    assert_eq!(c.placement, Placement::default());
    assert_eq!(c.placement.node_label, "fedai.org");
    assert_eq!(c.placement.eggs, vec![String::new()]);
    assert_eq!(c.ingress, Ingress::default());
    assert!(c.credentials.is_empty());
    assert_eq!(*c, Config::example());
    assert_valid(c);

    assert_note(&imported, &["eggList", "`egg`", "egg0"]);
    assert_note(&imported, &["Helm 3"]);
    assert_note(&imported, &["fate_dev"]);
    // Empty `servingServer=` and `proxyIpList=()` change nothing, so say nothing about them.
    assert!(!has_note(&imported, &["servingServer"]));
    assert!(!has_note(&imported, &["proxyIpList"]));
    assert!(!has_note(&imported, &["not a variable"]));
    assert!(!has_note(&imported, &["mesh"]));
}

#[test]
fn seed_sample_without_env_uses_docker_hub_defaults() {
    let imported = ok(SEED_KUBE_CFG, None);
    assert_eq!(imported.config, Config::example());
    assert_note(&imported, &["No .env", "federatedai/", "1.2.0-release"]);
}

#[test]
fn custom_deployment_placement() {
    let imported = ok(CUSTOM_KUBE_CFG, Some(SEED_ENV));
    let c = &imported.config;
    assert_eq!(
        c.parties,
        vec![
            party("10000", "192.168.11.2", 30010),
            party("9999", "192.168.11.3", 30009),
        ]
    );
    assert_eq!(c.exchange, exchange("192.168.11.4", 30000));
    let p = &c.placement;
    assert_eq!(p.node_label, "fedai.hostname");
    assert_eq!(p.eggs, vec!["fate-node-0", "fate-node-1"]);
    assert_eq!(p.federation, "fate-node-2");
    assert_eq!(p.meta_service, "fate-node-2");
    assert_eq!(p.mysql, "fate-node-2");
    assert_eq!(p.proxy, "fate-node-2");
    assert_eq!(p.python, "fate-node-3");
    assert_eq!(p.redis, "fate-node-3");
    assert_eq!(p.roll, "fate-node-3");
    // Placement is document-wide, as the script applied it to every party.
    assert!(c.parties.iter().all(|p| p.placement.is_none()));
    assert!(!has_note(&imported, &["eggList"]));
    assert_valid(c);
}

#[test]
fn harbor_registry_from_env() {
    let imported = ok(SEED_KUBE_CFG, Some(HARBOR_ENV));
    let c = &imported.config;
    assert_eq!(c.images.registry, "192.168.10.1/federatedai");
    assert_eq!(c.images.tag, None);
    assert_eq!(c.fate_version, FateVersion::V1_2_0);
    assert_eq!(c.parties, Config::example().parties);
    assert_note(
        &imported,
        &["192.168.10.1/federatedai", "init container", "mysql:8.0.36"],
    );
    assert_valid(c);
}

#[test]
fn dmz_party_gets_fixed_node_ports_and_keeps_the_exchange() {
    let imported = ok(DMZ_KUBE_CFG, Some(SEED_ENV));
    let c = &imported.config;
    assert_eq!(
        c.parties,
        vec![Party {
            node_port: None,
            dmz: Some(Dmz {
                host: "192.168.13.1".to_owned(),
                port: 9370,
                federation_node_port: 30010,
                fateflow_node_port: 30011,
            }),
            ..party("10000", "192.168.11.2", 0)
        }]
    );
    // Unlike the old script (bug 27), the exchange is still generated.
    assert_eq!(c.exchange, exchange("192.168.11.4", 30000));
    assert_note(
        &imported,
        &["party 10000", "192.168.13.1", "30010", "30011"],
    );
    assert_note(&imported, &["exchange", "kept"]);
    assert_valid(c);
}

#[test]
fn mesh_without_exchange() {
    let imported = ok(MESH_KUBE_CFG, Some(SEED_ENV));
    let c = &imported.config;
    assert_eq!(c.exchange, None);
    assert_eq!(
        c.parties,
        vec![
            party("10000", "192.168.11.2", 30010),
            party("9999", "192.168.11.3", 30009),
            party("8888", "192.168.11.5", 30008),
        ]
    );
    assert_eq!(c.placement.eggs, vec!["fate-node-0"]);
    assert_note(&imported, &["exchangeip", "mesh"]);
    assert_valid(c);
}

// ---------------------------------------------------------------------------------------------
// Semantics
// ---------------------------------------------------------------------------------------------

#[test]
fn ids_are_kept_as_written() {
    let c = ok(
        &cfg(
            "0000 007 10000",
            "10.0.0.1:30001 10.0.0.1:30002 10.0.0.1:30003",
            "",
        ),
        None,
    )
    .config;
    let ids: Vec<&str> = c.parties.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["0000", "007", "10000"]);
    assert_eq!(c.exchange, None);
}

#[test]
fn quoted_entries_ipv6_and_dns_names() {
    let c = ok(
        &cfg(
            "\"10000\" '9999' 8888",
            "'[fd00::2]:30010' node-1.example.com:30009 \"10.1.2.3:30008\"",
            "exchangeip=\"[fd00::4]:30000\"",
        ),
        None,
    )
    .config;
    assert_eq!(
        c.parties,
        vec![
            party("10000", "fd00::2", 30010),
            party("9999", "node-1.example.com", 30009),
            party("8888", "10.1.2.3", 30008),
        ]
    );
    assert_eq!(c.exchange, exchange("fd00::4", 30000));
    assert_valid(&c);
}

#[test]
fn dmz_fateflow_port_skips_used_ports_and_wraps() {
    // 30011 is party 9999's NodePort on the same address, so fateflow gets 30012.
    let imported = ok(
        &cfg(
            "10000 9999",
            "192.168.11.2:30010 192.168.11.2:30011",
            "proxyIpList=(192.168.13.1)",
        ),
        None,
    );
    let c = &imported.config;
    let dmz = c.parties[0].dmz.clone();
    assert_eq!(
        dmz,
        Some(Dmz {
            host: "192.168.13.1".to_owned(),
            port: 9370,
            federation_node_port: 30010,
            fateflow_node_port: 30012,
        })
    );
    assert_eq!(c.parties[0].node_port, None);
    // proxyIpList shorter than partylist: the rest keep their proxies.
    assert_eq!(c.parties[1].node_port, Some(30011));
    assert_eq!(c.parties[1].dmz, None);
    assert_note(&imported, &["proxyIpList", "9999", "keeps its proxy"]);
    assert_valid(c);

    // At the top of the range the next port wraps to 30000, unless the exchange has it there.
    let c = ok(
        &cfg(
            "1 2",
            "10.0.0.1:32767 10.0.0.2:30001",
            "proxyIpList=(dmz.example '')\nexchangeip=10.0.0.1:30000",
        ),
        None,
    )
    .config;
    let dmz = c.parties[0].dmz.clone();
    assert_eq!(dmz.map(|d| d.fateflow_node_port), Some(30001));
    assert_eq!(c.parties[1].dmz, None);
    assert_valid(&c);

    // Empty entries mean "no DMZ" for that party; a port after the DMZ host is its proxy port.
    let c = ok(
        &cfg(
            "1 2",
            "10.0.0.1:30001 10.0.0.2:30002",
            "proxyIpList=(\"\" 203.0.113.9:9371)",
        ),
        None,
    )
    .config;
    assert_eq!(c.parties[0].dmz, None);
    assert_eq!(c.parties[0].node_port, Some(30001));
    assert_eq!(
        c.parties[1].dmz,
        Some(Dmz {
            host: "203.0.113.9".to_owned(),
            port: 9371,
            federation_node_port: 30002,
            fateflow_node_port: 30003,
        })
    );
}

#[test]
fn dmz_workaround_port_is_replaced_by_free_node_ports() {
    // The old DMZ guide had users write the DMZ host and proxy port into partyiplist.
    let imported = ok(
        &cfg("10000", "192.168.13.1:9370", "proxyIpList=(192.168.13.1)"),
        None,
    );
    let dmz = imported.config.parties[0].dmz.clone();
    assert_eq!(
        dmz,
        Some(Dmz {
            host: "192.168.13.1".to_owned(),
            port: 9370,
            federation_node_port: 30000,
            fateflow_node_port: 30001,
        })
    );
    assert_note(&imported, &["9370 is not a NodePort", "30000", "30001"]);
    assert_note(&imported, &["DMZ host itself", "node of party 10000"]);
}

/// One `.env` and what the seed's `kube.cfg` imports to with it.
struct EnvCase {
    env: &'static str,
    registry: &'static str,
    tag: Option<&'static str>,
    version: FateVersion,
    /// Each entry: some note contains all of these.
    notes: &'static [&'static [&'static str]],
    /// The paths validation reports for the imported config (none: it is valid).
    invalid_at: &'static [&'static str],
}

#[test]
fn registry_and_tag_from_env() {
    let cases = [
        EnvCase {
            env: "PREFIX=myhub\nTAG=1.2.0-release\n",
            registry: "myhub",
            tag: None,
            version: FateVersion::V1_2_0,
            notes: &[&["PREFIX", "myhub/", "mysql and redis"]],
            invalid_at: &[],
        },
        EnvCase {
            env: "PREFIX=federatedai\nRegistryURI=\nTAG=1.3.0-release\nSERVING_TAG=1.2.2-release\n",
            registry: "",
            tag: None,
            version: FateVersion::V1_3_0,
            notes: &[&["1.3.0"], &["SERVING_TAG", "ignored"]],
            invalid_at: &[],
        },
        EnvCase {
            env: "TAG=1.3.1-hotfix\n",
            registry: "",
            tag: Some("1.3.1-hotfix"),
            version: FateVersion::V1_3_0,
            notes: &[],
            invalid_at: &[],
        },
        EnvCase {
            env: "TAG=1.2.0-custom\n",
            registry: "",
            tag: Some("1.2.0-custom"),
            version: FateVersion::V1_2_0,
            notes: &[],
            invalid_at: &[],
        },
        EnvCase {
            env: "TAG=latest\n",
            registry: "",
            tag: Some("latest"),
            version: FateVersion::V1_2_0,
            notes: &[&["latest", "neither FATE 1.2 nor 1.3"]],
            // Imported as written; validation then asks for a pinned tag.
            invalid_at: &["images.tag"],
        },
        // The old README's name for RegistryURI.
        EnvCase {
            env: "PREFIX=federatedai\nTHIRDPARTYPREFIX=harbor.example/federatedai/\n",
            registry: "harbor.example/federatedai",
            tag: None,
            version: FateVersion::V1_2_0,
            notes: &[&["THIRDPARTYPREFIX", "RegistryURI"], &["trailing `/`"]],
            invalid_at: &[],
        },
        EnvCase {
            env: "RegistryURI=a.example/x\nTHIRDPARTYPREFIX=b.example/y\n",
            registry: "a.example/x",
            tag: None,
            version: FateVersion::V1_2_0,
            notes: &[&["THIRDPARTYPREFIX", "ignored"]],
            invalid_at: &[],
        },
        // `export` lines, quotes and comments in .env.
        EnvCase {
            env: "#!/bin/bash\nexport PREFIX=federatedai # hub\nexport RegistryURI=\"r.example:5000/fate\"\nexport TAG='1.2.0-release'\n",
            registry: "r.example:5000/fate",
            tag: None,
            version: FateVersion::V1_2_0,
            notes: &[],
            invalid_at: &[],
        },
        EnvCase {
            env: "PREFIX=\n",
            registry: "",
            tag: None,
            version: FateVersion::V1_2_0,
            notes: &[&["PREFIX", "Docker Hub"]],
            invalid_at: &[],
        },
    ];
    check_all(
        cases,
        |case| format!("{:?}", case.env),
        |case| {
            let i = import(SEED_KUBE_CFG, Some(case.env)).map_err(|e| e.to_string())?;
            let mut problems = Problems::default();
            problems.eq(
                "the registry",
                i.config.images.registry.as_str(),
                case.registry,
            );
            problems.eq("the tag", i.config.images.tag.as_deref(), case.tag);
            problems.eq("the FATE version", i.config.fate_version, case.version);
            for needles in case.notes {
                problems.check(has_note(&i, needles), || {
                    format!("no note contains all of {needles:?}; notes: {:?}", i.notes)
                });
            }
            let errors = validate(&i.config);
            let paths: Vec<&str> = errors.0.iter().map(|e| e.path.as_str()).collect();
            problems.eq("where validation fails", paths.as_slice(), case.invalid_at);
            problems.done()
        },
    );
}

#[test]
fn unknown_and_ignored_variables_are_notes() {
    let text = format!(
        "{SEED_KUBE_CFG}\nDeployPartyInternal=false\nservingServer=fate-node-4\nfateboard=x\n"
    );
    let i = ok(&text, None);
    assert_note(
        &i,
        &["kube.cfg line", "DeployPartyInternal", "not a variable"],
    );
    assert_note(&i, &["servingServer", "ignored"]);
    assert_note(&i, &["fateboard", "python"]);
    assert_eq!(i.config, Config::example());

    let i = ok(SEED_KUBE_CFG, Some("FOO=1\n"));
    assert_note(&i, &[".env line 1", "FOO"]);
}

#[test]
fn later_assignment_wins_as_in_bash() {
    let i = ok(&format!("{SEED_KUBE_CFG}\nexchangeip=\n"), None);
    assert_eq!(i.config.exchange, None);
    assert_note(&i, &["exchangeip", "set again", "last value wins"]);
    // kube.cfg is sourced after .env.
    let i = ok(
        &format!("{SEED_KUBE_CFG}\nTAG=1.3.0-release\n"),
        Some(SEED_ENV),
    );
    assert_eq!(i.config.fate_version, FateVersion::V1_3_0);
}

#[test]
fn bash_subset_is_tolerated() {
    let text = "\
# a comment
   #!/bin/bash
partylist=( 10000   # first
            9999 )  # second party
partyiplist=(192.168.11.2:30010 \\
  192.168.11.3:30009); exchangeip=192.168.11.4:30000
nodeLabel=\"fedai.org\" eggList=('' ) \r
";
    let c = ok(text, None).config;
    assert_eq!(c, Config::example());
}

#[test]
fn empty_egg_list_entry_and_empty_node_label() {
    let i = ok(
        &format!("{SEED_KUBE_CFG}\nnodeLabel=\neggList=(a '' b)\n"),
        None,
    );
    assert_eq!(i.config.placement.node_label, "fedai.org");
    assert_eq!(i.config.placement.eggs, vec!["a", "", "b"]);
    assert_note(&i, &["nodeLabel", "empty", "fedai.org"]);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[track_caller]
fn assert_message(e: &ImportError, needles: &[&str]) {
    let mut problems = Problems::default();
    problems.mentions(&e.to_string(), needles);
    if let Err(why) = problems.done() {
        panic!("{why}");
    }
}

#[test]
fn entry_without_port_is_an_error() {
    // The later upstream kube.cfg used in-cluster Service names without ports.
    let text =
        "#!/bin/bash\n\npartylist=(10000 9999)\npartyiplist=(proxy.fate-10000 proxy.fate-9999)\n";
    let e = err(text, None);
    assert_eq!(e.line(), Some(4));
    assert_eq!(e.variable(), Some("partyiplist"));
    assert_eq!(e.file(), SourceFile::KubeCfg);
    assert!(matches!(
        e,
        ImportError::Invalid {
            index: Some(0),
            problem: ValueProblem::MissingPort { .. },
            ..
        }
    ));
    assert_message(
        &e,
        &[
            "kube.cfg line 4",
            "partyiplist[0]",
            "proxy.fate-10000",
            ":port",
        ],
    );

    // The entry's own line when the array spans lines.
    let e = err(
        "partylist=(1 2)\npartyiplist=(\n 10.0.0.1:30001\n 10.0.0.2\n)\n",
        None,
    );
    assert_eq!(e.line(), Some(4));
    assert_message(&e, &["line 4", "partyiplist[1]", "10.0.0.2"]);

    let e = err(&format!("{SEED_KUBE_CFG}\nexchangeip=192.168.11.4\n"), None);
    assert_eq!(e.variable(), Some("exchangeip"));
    assert_message(&e, &["exchangeip", "192.168.11.4", ":port"]);
}

#[test]
fn mismatched_lengths_name_both_arrays() {
    let e = err(&cfg("10000 9999", "192.168.11.2:30010", ""), None);
    assert_eq!(
        e,
        ImportError::LengthMismatch {
            file: SourceFile::KubeCfg,
            line: 2,
            array: "partyiplist",
            len: 1,
            other: "partylist",
            other_len: 2,
        }
    );
    assert_message(
        &e,
        &[
            "line 2",
            "`partyiplist` has 1 entry",
            "`partylist` has 2 entries",
        ],
    );

    let e = err(
        &cfg("1", "10.0.0.1:30001", "proxyIpList=(10.9.9.1 10.9.9.2)"),
        None,
    );
    assert_message(
        &e,
        &[
            "line 3",
            "`proxyIpList` has 2 entries",
            "`partylist` has 1 entry",
        ],
    );
}

#[test]
fn value_errors_name_variable_and_line() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "partylist=(10000 abc)\npartyiplist=(1.1.1.1:30001 1.1.1.2:30002)",
            "partylist",
            &["line 1", "partylist[1]", "abc", "digits"],
        ),
        (
            "partylist=(10000 010000)\npartyiplist=(1.1.1.1:30001 1.1.1.2:30002)",
            "partylist",
            &["partylist[1]", "010000", "10000"],
        ),
        (
            "partylist=()\npartyiplist=()",
            "partylist",
            &["line 1", "partylist", "empty"],
        ),
        (
            "partylist=(1)\npartyiplist=(1.1.1.1:8080)",
            "partyiplist",
            &["line 2", "partyiplist[0]", "8080", "30000-32767"],
        ),
        (
            "partylist=(1)\npartyiplist=(1.1.1.1:port)",
            "partyiplist",
            &["partyiplist[0]", "`port` is not a port"],
        ),
        (
            "partylist=(1)\npartyiplist=(fd00::1:30001)",
            "partyiplist",
            &["partyiplist[0]", "brackets"],
        ),
        (
            "partylist=(1)\npartyiplist=(300.1.1.1:30001)",
            "partyiplist",
            &["partyiplist[0]", "300.1.1.1", "IPv4"],
        ),
        (
            "partylist=(1)\npartyiplist=(1.1.1.1:30001)\nexchangeip=(1.1.1.2:30000 1.1.1.3:30000)",
            "exchangeip",
            &["line 3", "exchangeip", "array of 2 values"],
        ),
        (
            "partylist=(1)\npartyiplist=(1.1.1.1:30001)\nexchangeip=1.1.1.2:99",
            "exchangeip",
            &["line 3", "exchangeip", "99"],
        ),
        (
            "partylist=(1)\npartyiplist=(1.1.1.1:30001)\nproxyIpList=(bad_host)",
            "proxyIpList",
            &["line 3", "proxyIpList[0]", "bad_host"],
        ),
    ];
    check_all(
        cases,
        |(text, ..)| format!("{text:?}"),
        |(text, variable, needles)| {
            let e = failure(text, None)?;
            let mut problems = Problems::default();
            problems.eq("the variable", e.variable(), Some(*variable));
            problems.check(e.line().is_some(), || format!("`{e}` has no line"));
            problems.mentions(&e.to_string(), needles);
            problems.done()
        },
    );
}

#[test]
fn missing_variables() {
    let e = err("nodeLabel=fedai.org\n", None);
    assert_eq!(e.variable(), Some("partylist"));
    assert_eq!(e.line(), None);
    assert_message(&e, &["kube.cfg", "`partylist` is not set"]);

    let e = err("partylist=(1)\n", None);
    assert_message(&e, &["`partyiplist` is not set"]);
}

#[test]
fn syntax_errors_name_the_line() {
    let cases: &[(&str, usize, &[&str])] = &[
        (
            "partylist=(1)\npartyiplist=($(kubectl get nodes))\n",
            2,
            &["line 2", "partyiplist", "command substitution", "$(kubectl"],
        ),
        (
            "partylist=(1)\nexchangeip=`hostname`:30000\n",
            2,
            &["line 2", "exchangeip", "command substitution"],
        ),
        (
            "partylist=(1)\n\nTAG=$VERSION\n",
            3,
            &["line 3", "TAG", "$VERSION", "variable expansion"],
        ),
        (
            "\n\npartylist=(1 2\n",
            3,
            &["line 3", "partylist", "never closed"],
        ),
        (
            "partylist=(1)\nnodeLabel='fedai.org\n\n",
            2,
            &["line 2", "nodeLabel", "quote", "never closed"],
        ),
        (
            "partylist = (1)\n",
            1,
            &["line 1", "partylist", "no spaces around `=`"],
        ),
        (
            "partylist=(1)\nsource ../.env\n",
            2,
            &["line 2", "`source` is not an assignment"],
        ),
        (
            "python=fate node 3\n",
            1,
            &["line 1", "python", "unexpected `node 3`", "quote"],
        ),
        ("partylist=(1) > out\n", 1, &["line 1", "`>`"]),
        ("partylist+=(1)\n", 1, &["line 1", "partylist+="]),
        (
            "partylist[0]=1\n",
            1,
            &["line 1", "partylist[0]=1", "indexed"],
        ),
    ];
    check_all(
        cases,
        |(text, ..)| format!("{text:?}"),
        |(text, line, needles)| {
            let e = failure(text, None)?;
            let mut problems = Problems::default();
            problems.check(matches!(e, ImportError::Syntax { .. }), || {
                format!("not a syntax error: {e:?}")
            });
            problems.eq("the line", e.line(), Some(*line));
            problems.mentions(&e.to_string(), needles);
            problems.done()
        },
    );
}

#[test]
fn env_errors_name_the_env_file() {
    let e = err(SEED_KUBE_CFG, Some("PREFIX=federatedai\nTAG=$(cat tag)\n"));
    assert_eq!(e.file(), SourceFile::Env);
    assert_eq!(e.line(), Some(2));
    assert!(matches!(
        e,
        ImportError::Syntax {
            problem: SyntaxProblem::CommandSubstitution(_),
            ..
        }
    ));
    assert_message(&e, &[".env line 2", "TAG"]);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Characters that exercise every branch of the reader.
const BASHY: &str = "[a-zA-Z_0-9=()'\"#$`\\\\ \t\r\n;:.\\[\\]{}|&<>!*?/-]{0,160}";

/// Lines of `text` as the reader counts them: one more than it has newlines.
fn line_count(text: &str) -> usize {
    text.matches('\n').count() + 1
}

/// A failed import points into its input: the file it names was given, and the line is one of
/// that file's. Only a variable that is not set at all has no line to point at.
fn check_location(e: &ImportError, kube_cfg: &str, env: Option<&str>) -> Result<(), TestCaseError> {
    let text = match e.file() {
        SourceFile::KubeCfg => kube_cfg,
        SourceFile::Env => {
            prop_assert!(env.is_some(), "`{}` names a .env that was not given", e);
            env.unwrap_or_default()
        }
    };
    match e {
        ImportError::Missing { variable, .. } => {
            prop_assert_eq!(e.file(), SourceFile::KubeCfg, "{}", e);
            prop_assert!(["partylist", "partyiplist"].contains(variable), "{}", e);
            prop_assert_eq!(e.line(), None, "{}", e);
        }
        _ => {
            let line = e.line();
            prop_assert!(
                line.is_some_and(|l| (1..=line_count(text)).contains(&l)),
                "`{}`: line {:?} is not one of the {} lines of {}",
                e,
                line,
                line_count(text),
                e.file()
            );
            // The message says where, in the words of the file.
            let message = e.to_string();
            let prefix = format!("{} line {}", e.file(), line.unwrap_or_default());
            prop_assert!(
                message.starts_with(&prefix),
                "`{}` does not start with `{}`",
                message,
                prefix
            );
        }
    }
    Ok(())
}

/// `text` as one bash word in the given quoting style, for the reader to give back unchanged.
fn quote(style: u8, text: &str) -> String {
    if text.is_empty() {
        return "''".to_owned();
    }
    match style {
        // '…', with each ' written as '\''.
        0 => format!("'{}'", text.replace('\'', "'\\''")),
        // "…", where only $ ` " \ need a backslash.
        1 => {
            let mut out = String::from("\"");
            for c in text.chars() {
                if matches!(c, '$' | '`' | '"' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
            out
        }
        // Unquoted, every special character escaped; a newline cannot be (backslash-newline
        // continues the line), so it goes in single quotes.
        _ => {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '\n' => out.push_str("'\n'"),
                    c if c.is_ascii_alphanumeric() => out.push(c),
                    c => {
                        out.push('\\');
                        out.push(c);
                    }
                }
            }
            out
        }
    }
}

/// Any text, and text made of the characters that matter to the reader.
fn any_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t\r\n'\"$`\\\\#;()|&<>=a-z0-9\u{feff}\u{e9}]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(
        cfg in prop::collection::vec(any::<u8>(), 0..400),
        env in prop::option::of(prop::collection::vec(any::<u8>(), 0..200)),
    ) {
        let cfg = String::from_utf8_lossy(&cfg);
        let env = env.map(|e| String::from_utf8_lossy(&e).into_owned());
        if let Err(e) = import(&cfg, env.as_deref()) {
            check_location(&e, &cfg, env.as_deref())?;
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(cfg in any::<String>(), env in prop::option::of(any::<String>())) {
        if let Err(e) = import(&cfg, env.as_deref()) {
            check_location(&e, &cfg, env.as_deref())?;
        }
    }

    #[test]
    fn bash_like_text_never_panics(cfg in BASHY, env in prop::option::of(BASHY)) {
        if let Err(e) = import(&cfg, env.as_deref()) {
            // Every error renders and names its file.
            let message = e.to_string();
            prop_assert!(message.starts_with("kube.cfg") || message.starts_with(".env"), "{}", message);
            check_location(&e, &cfg, env.as_deref())?;
        }
    }

    #[test]
    fn edited_seed_files_never_panic(
        cut in 0usize..700,
        len in 0usize..20,
        insert in "[()'\"#$`\\\\ \n;:=a-z0-9]{0,6}",
    ) {
        let chars: Vec<char> = SEED_KUBE_CFG.chars().collect();
        let cut = cut.min(chars.len());
        let end = cut.saturating_add(len).min(chars.len());
        let mut text: String = chars[..cut].iter().collect();
        text.push_str(&insert);
        text.extend(&chars[end..]);
        if let Err(e) = import(&text, Some(SEED_ENV)) {
            check_location(&e, &text, Some(SEED_ENV))?;
        }
    }

    /// Whatever a label value or egg holds, written in any of bash's quoting styles it comes
    /// back as it was: the reader removes exactly the quoting bash would.
    #[test]
    fn quoted_values_round_trip(
        labels in prop::collection::vec(any_value(), 8),
        eggs in prop::collection::vec(any_value(), 0..4),
        styles in prop::collection::vec(0u8..3, 12),
        multiline in any::<bool>(),
    ) {
        let style = |i: usize| styles.get(i).copied().unwrap_or_default();
        let names = ["nodeLabel", "federation", "metaService", "mysql", "proxy", "python", "redis", "roll"];
        let mut text = String::from("partylist=(1)\npartyiplist=(10.0.0.1:30001)\n");
        for (i, (name, value)) in names.iter().zip(&labels).enumerate() {
            text.push_str(&format!("{name}={}\n", quote(style(i), value)));
        }
        let eggs_text: Vec<String> = eggs
            .iter()
            .enumerate()
            .map(|(i, egg)| quote(style(names.len() + i), egg))
            .collect();
        let separator = if multiline { "\n  " } else { " " };
        text.push_str(&format!("eggList=({})\n", eggs_text.join(separator)));

        let imported = import(&text, None);
        prop_assert!(imported.is_ok(), "{:?}\n{}", imported.err().map(|e| e.to_string()), text);
        let Ok(imported) = imported else { return Ok(()) };
        let p = &imported.config.placement;
        let got = [&p.node_label, &p.federation, &p.meta_service, &p.mysql, &p.proxy, &p.python, &p.redis, &p.roll];
        for ((name, value), got) in names.iter().zip(&labels).zip(got) {
            // An empty nodeLabel means the default key, as in the old script.
            let want = if *name == "nodeLabel" && value.is_empty() { "fedai.org" } else { value.as_str() };
            prop_assert_eq!(got.as_str(), want, "{} in\n{}", name, text);
        }
        let want_eggs = if eggs.is_empty() { vec![String::new()] } else { eggs.clone() };
        prop_assert_eq!(&p.eggs, &want_eggs, "eggList in\n{}", text);
    }
}

/// A party of a generated federation.
#[derive(Debug, Clone)]
struct GenParty {
    id: String,
    ip: [u8; 4],
    port: u32,
}

#[derive(Debug, Clone)]
struct GenFederation {
    parties: Vec<GenParty>,
    exchange: Option<([u8; 4], u32)>,
    eggs: Vec<String>,
    multiline: bool,
    quote: u8,
    comments: bool,
}

fn ip_text(ip: [u8; 4]) -> String {
    std::net::Ipv4Addr::from(ip).to_string()
}

fn node_port() -> impl Strategy<Value = u32> {
    30000u32..=32767
}

fn federation() -> impl Strategy<Value = GenFederation> {
    // Distinct numbers (FATE compares ids as numbers), shown with 0-2 leading zeros.
    let ids = prop::collection::btree_set(0u64..10_000_000, 1..7)
        .prop_flat_map(|numbers| {
            let n = numbers.len();
            (
                Just(numbers.into_iter().collect::<Vec<_>>()).prop_shuffle(),
                prop::collection::vec(0usize..3, n),
            )
        })
        .prop_map(|(numbers, zeros)| {
            numbers
                .into_iter()
                .zip(zeros)
                .map(|(n, z)| format!("{}{n}", "0".repeat(z)))
                .collect::<Vec<_>>()
        });
    ids.prop_flat_map(|ids| {
        let n = ids.len();
        (
            Just(ids),
            prop::collection::vec((any::<[u8; 4]>(), node_port()), n),
            prop::option::of((any::<[u8; 4]>(), node_port())),
            prop::collection::vec("[a-z][a-z0-9-]{0,10}[a-z0-9]", 0..4),
            any::<bool>(),
            0u8..3,
            any::<bool>(),
        )
    })
    .prop_map(
        |(ids, endpoints, exchange, eggs, multiline, quote, comments)| GenFederation {
            parties: ids
                .into_iter()
                .zip(endpoints)
                .map(|(id, (ip, port))| GenParty { id, ip, port })
                .collect(),
            exchange,
            eggs,
            multiline,
            quote,
            comments,
        },
    )
}

impl GenFederation {
    fn quoted(&self, text: &str) -> String {
        match self.quote {
            1 => format!("'{text}'"),
            2 => format!("\"{text}\""),
            _ => text.to_owned(),
        }
    }

    fn array(&self, name: &str, items: &[String]) -> String {
        let items: Vec<String> = items.iter().map(|i| self.quoted(i)).collect();
        let comment = if self.comments { "  # a comment" } else { "" };
        if self.multiline {
            let mut out = format!("{name}=({comment}\n");
            for item in items {
                out.push_str(&format!("    {item}{comment}\n"));
            }
            out.push_str(&format!("){comment}\n"));
            out
        } else {
            format!("{name}=({}){comment}\n", items.join(" "))
        }
    }

    fn kube_cfg(&self) -> String {
        let mut out = String::from("#!/bin/bash\n\n");
        let ids: Vec<String> = self.parties.iter().map(|p| p.id.clone()).collect();
        let ips: Vec<String> = self
            .parties
            .iter()
            .map(|p| format!("{}:{}", ip_text(p.ip), p.port))
            .collect();
        out.push_str(&self.array("partylist", &ids));
        out.push_str(&self.array("partyiplist", &ips));
        match self.exchange {
            Some((ip, port)) => out.push_str(&format!(
                "exchangeip={}\n",
                self.quoted(&format!("{}:{port}", ip_text(ip)))
            )),
            None => out.push_str("exchangeip=\n"),
        }
        if self.comments {
            out.push_str("\n# The following variables are only used in custom deployment\n");
        }
        out.push_str("nodeLabel=fedai.org\n");
        out.push_str(&self.array("eggList", &self.eggs));
        out.push_str(
            "federation=\nmetaService=\nmysql=\nproxy=\npython=\nredis=\nroll=\nservingServer=\n",
        );
        out
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn well_formed_files_round_trip(fed in federation()) {
        let text = fed.kube_cfg();
        let imported = import(&text, None);
        prop_assert!(imported.is_ok(), "{:?}\n{}", imported.err().map(|e| e.to_string()), text);
        let Ok(imported) = imported else { return Ok(()) };
        let c = imported.config;
        let expected: Vec<Party> = fed
            .parties
            .iter()
            .map(|p| party(&p.id, &ip_text(p.ip), p.port))
            .collect();
        prop_assert_eq!(&c.parties, &expected);
        let expected_exchange = fed.exchange.and_then(|(ip, port)| exchange(&ip_text(ip), port));
        prop_assert_eq!(&c.exchange, &expected_exchange);
        let expected_eggs = if fed.eggs.is_empty() { vec![String::new()] } else { fed.eggs.clone() };
        prop_assert_eq!(&c.placement.eggs, &expected_eggs);
        prop_assert_eq!(c.placement.node_label.as_str(), "fedai.org");
        prop_assert_eq!(&c.images, &Images::default());
        prop_assert_eq!(c.fate_version, FateVersion::V1_2_0);
    }
}
