//! The deployment set: layout, determinism, route tables, scripts, per-party bundles.

mod common;

use std::collections::BTreeMap;

use fate_chartgen::generator::bundle::{generate, generate_scoped, Scope};
use fate_chartgen::generator::config::{Config, HelmTarget, Storage};
use fate_chartgen::generator::federation::complete_certificates;
use fate_chartgen::generator::input::{config_from_bundle, credentials_from_bundle};
use fate_chartgen::generator::{from_zip, parse_config, to_zip};
use sha2::{Digest, Sha256};

use common::cases::{check_all, Problems};

fn values(bundle: &fate_chartgen::generator::Bundle, dir: &str) -> serde_yaml::Value {
    serde_yaml::from_str(
        bundle
            .get(&format!("{dir}/values.yaml"))
            .expect("values.yaml"),
    )
    .expect("YAML")
}

fn route_table(bundle: &fate_chartgen::generator::Bundle, dir: &str) -> serde_json::Value {
    let v = values(bundle, dir);
    serde_json::to_value(&v["proxy"]["routeTable"]).expect("JSON")
}

#[test]
fn same_config_and_secrets_give_the_same_zip_bytes() {
    check_all(
        common::matrix(),
        |(name, _)| name.clone(),
        |(_, config)| {
            let mut failures = Problems::default();
            let a = to_zip(&generate(&common::federation(&config))).expect("zip");
            let b = to_zip(&generate(&common::federation(&config))).expect("zip");
            failures.check(a == b, || "zip differs between runs".to_owned());
            failures.done()
        },
    );
}

#[test]
fn layout_matches_the_config() {
    check_all(
        common::matrix(),
        |(name, _)| name.clone(),
        |(_, config)| {
            let mut failures = Problems::default();
            let federation = common::federation(&config);
            let bundle = generate(&federation);
            let mut expected: Vec<String> =
                federation.parties.iter().map(|p| p.release()).collect();
            if federation.exchange.is_some() {
                expected.push("fate-exchange".to_owned());
            }
            expected.sort();
            let charts: Vec<String> = bundle.chart_dirs().into_iter().map(str::to_owned).collect();
            failures.check(charts == expected, || {
                format!("charts {charts:?}, expected {expected:?}")
            });
            for dir in &charts {
                for file in [
                    "Chart.yaml",
                    "values.yaml",
                    "values.schema.json",
                    "templates/_helpers.tpl",
                    "templates/_common.tpl",
                    "templates/NOTES.txt",
                ] {
                    failures.check(bundle.get(&format!("{dir}/{file}")).is_some(), || {
                        format!("{dir}/{file} missing")
                    });
                }
            }
            for top in [
                "README.md",
                "provenance.json",
                "topology.svg",
                "install.sh",
                "uninstall.sh",
                "verify.sh",
                "images.txt",
                "mirror-images.sh",
                "federation.yaml",
                "SHA256SUMS",
            ] {
                failures.check(bundle.get(top).is_some(), || format!("{top} missing"));
            }
            for party in &federation.parties {
                let dmz = bundle.get(&format!("dmz-{}/docker-compose.yml", party.id));
                failures.check(dmz.is_some() == party.dmz().is_some(), || {
                    format!("dmz files for {}", party.id)
                });
            }
            for script in [
                "install.sh",
                "uninstall.sh",
                "verify.sh",
                "mirror-images.sh",
            ] {
                let file = bundle.files.get(script);
                failures.check(file.is_some_and(|f| f.executable), || {
                    format!("{script} must be executable")
                });
                let text = bundle.get(script).unwrap_or_default();
                failures.check(
                    !text.contains("@BUNDLE@") && !text.contains("@IMAGES@"),
                    || format!("{script} still has a placeholder"),
                );
            }
            failures.done()
        },
    );
}

#[test]
fn checksums_cover_every_file() {
    let bundle = generate(&common::federation(&Config::example()));
    let sums = bundle.get("SHA256SUMS").expect("sums");
    let listed: BTreeMap<&str, &str> = sums
        .lines()
        .map(|l| {
            let (hash, path) = l.split_once("  ").expect("two-space separator");
            (path, hash)
        })
        .collect();
    assert_eq!(listed.len(), bundle.files.len() - 1);
    for (path, file) in &bundle.files {
        if path == "SHA256SUMS" {
            continue;
        }
        let hex: String = Sha256::digest(file.contents.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(listed.get(path.as_str()), Some(&hex.as_str()), "{path}");
    }
}

#[test]
fn exchange_mode_routes() {
    let bundle = generate(&common::federation(&Config::example()));
    let party = route_table(&bundle, "fate-10000");
    assert_eq!(party["default"]["default"][0]["ip"], "192.168.11.4");
    assert_eq!(party["default"]["default"][0]["port"], 30000);
    assert_eq!(party["10000"]["fate"][0]["ip"], "federation");
    assert_eq!(party["10000"]["fate"][0]["port"], 9394);
    assert_eq!(party["10000"]["fateflow"][0]["ip"], "fateflow");
    assert_eq!(party["10000"]["fateflow"][0]["port"], 9360);
    assert!(
        party.get("9999").is_none(),
        "exchange mode routes peers via the exchange"
    );
    let exchange = route_table(&bundle, "fate-exchange");
    assert_eq!(exchange["10000"]["default"][0]["ip"], "192.168.11.2");
    assert_eq!(exchange["10000"]["default"][0]["port"], 30010);
    assert_eq!(exchange["9999"]["default"][0]["port"], 30009);
    assert!(exchange.get("default").is_none());
}

#[test]
fn mesh_routes_every_peer_with_numeric_ports_and_no_loopback_default() {
    let config = common::matrix_config("mesh-three");
    let bundle = generate(&common::federation(&config));
    let table = route_table(&bundle, "fate-10000");
    assert!(
        table.get("default").is_none(),
        "no default route back to the own proxy"
    );
    assert_eq!(table["9999"]["default"][0]["ip"], "10.2.0.10");
    assert!(
        table["9999"]["default"][0]["port"].is_u64(),
        "ports are numbers"
    );
    assert_eq!(table["8888"]["default"][0]["ip"], "fate.org-c.example");
    assert_eq!(table["8888"]["default"][0]["port"], 31000);
}

#[test]
fn dmz_party_is_reached_at_its_dmz_host() {
    let config = common::matrix_config("dmz");
    let bundle = generate(&common::federation(&config));
    let exchange = route_table(&bundle, "fate-exchange");
    assert_eq!(exchange["10000"]["default"][0]["ip"], "203.0.113.10");
    assert_eq!(exchange["10000"]["default"][0]["port"], 9370);
    let dmz: serde_json::Value = serde_json::from_str(
        bundle
            .get("dmz-10000/conf/route_table.json")
            .expect("dmz table"),
    )
    .expect("JSON");
    assert_eq!(
        dmz["route_table"]["default"]["default"][0]["port"], 30000,
        "DMZ proxy goes to the exchange NodePort, not 9370"
    );
    assert_eq!(dmz["route_table"]["10000"]["fate"][0]["port"], 30011);
    assert_eq!(dmz["route_table"]["10000"]["fateflow"][0]["port"], 30012);
    let v = values(&bundle, "fate-10000");
    assert_eq!(v["proxy"]["enabled"], false);
    assert_eq!(v["proxy"]["host"], "203.0.113.10");
    assert_eq!(v["dmz"]["federationNodePort"], 30011);
    let compose = bundle.get("dmz-10000/docker-compose.yml").expect("compose");
    assert!(compose.contains("federatedai/proxy:1.2.0-release"));
    assert!(compose.contains("\"9370:9370\""));
}

#[test]
fn ipv6_endpoints_are_bare() {
    let config = common::matrix_config("existing-claim");
    let bundle = generate(&common::federation(&config));
    let party = route_table(&bundle, "fate-0000123");
    assert_eq!(party["default"]["default"][0]["ip"], "fd00:10::4");
}

/// An IPv6 address with a port is written `[addr]:port` wherever people read it (README,
/// diagram); route tables keep the bare address and the port apart. Typed brackets are not
/// doubled, and a DMZ host on IPv6 is spelled the same way.
#[test]
fn ipv6_addresses_with_ports_are_bracketed_for_people() {
    let mut config = common::matrix_config("existing-claim");
    config.parties[0].address = "[fd00:10::2]".to_owned();
    let mut dmz_config = common::matrix_config("dmz");
    dmz_config.parties[0]
        .dmz
        .as_mut()
        .expect("party 10000 has a DMZ proxy")
        .host = "fd00:db::10".to_owned();
    for (config, written) in [
        (&config, &["[fd00:10::2]:30010", "[fd00:10::4]:30000"][..]),
        (&dmz_config, &["[fd00:db::10]:9370"][..]),
    ] {
        let bundle = generate(&common::federation(config));
        let readme = bundle.get("README.md").expect("README");
        let svg = bundle.get("topology.svg").expect("topology.svg");
        for address in written {
            assert!(
                readme.contains(&format!("`{address}`")),
                "README lacks {address}:\n{readme}"
            );
            assert!(svg.contains(address), "diagram lacks {address}:\n{svg}");
        }
        for (path, file) in &bundle.files {
            for ambiguous in [
                "fd00:10::2:30010",
                "fd00:10::4:30000",
                "fd00:db::10:9370",
                "[[",
            ] {
                assert!(
                    !file.contents.contains(ambiguous),
                    "{path} spells an address as {ambiguous}"
                );
            }
        }
    }
    let bundle = generate(&common::federation(&config));
    let exchange = route_table(&bundle, "fate-exchange");
    assert_eq!(exchange["0000123"]["default"][0]["ip"], "fd00:10::2");
    let mut nfs = common::matrix_config("registry-nfs");
    if let Storage::Nfs { server, .. } = &mut nfs.storage {
        *server = "fd00::20".to_owned();
    }
    let nfs = generate(&common::federation(&nfs));
    let readme = nfs.get("README.md").expect("README");
    assert!(readme.contains("NFS export `[fd00::20]:/"), "{readme}");
    assert_eq!(exchange["0000123"]["default"][0]["port"], 30010);
}

#[test]
fn registry_applies_to_every_image() {
    let config = common::matrix_config("registry-nfs");
    let bundle = generate(&common::federation(&config));
    let images = bundle.get("images.txt").expect("images");
    assert_eq!(images.lines().count(), 9, "{images}");
    for image in images.lines() {
        assert!(
            image.starts_with("harbor.example:8443/federatedai/"),
            "{image}"
        );
        assert!(!image.ends_with(":latest"));
    }
    assert!(images.contains("/mysql:8.0.36") && images.contains("/redis:5.0.14"));
    let mirror = bundle.get("mirror-images.sh").expect("mirror");
    assert!(mirror.contains("'docker.io/library/mysql:8.0.36'"));
    assert!(mirror.contains("'harbor.example:8443/federatedai/mysql:8.0.36'"));
}

#[test]
fn passwords_stay_in_values_only() {
    check_all(
        common::matrix(),
        |(name, _)| name.clone(),
        |(_, config)| {
            let mut failures = Problems::default();
            let federation = common::federation(&config);
            let bundle = generate(&federation);
            for party in &federation.parties {
                let secrets = [
                    &party.credentials.mysql_root_password,
                    &party.credentials.mysql_password,
                    &party.credentials.redis_password,
                    &party.credentials.fateboard_password,
                ];
                // A line leaves the passwords of components it does not have empty.
                let secrets = secrets.into_iter().filter(|s| !s.is_empty());
                for (path, file) in &bundle.files {
                    let allowed = *path == format!("{}/values.yaml", party.release());
                    for secret in secrets.clone() {
                        let found = file.contents.contains(secret.as_str());
                        failures.check(found == allowed, || {
                            format!(
                                "{path} {} a password of party {}",
                                if found { "holds" } else { "lacks" },
                                party.id
                            )
                        });
                    }
                }
            }
            failures.done()
        },
    );
}

#[test]
fn helm2_target_uses_v1_charts_and_helm2_commands() {
    let config = common::matrix_config("helm2");
    assert_eq!(config.target, HelmTarget::Helm2);
    let bundle = generate(&common::federation(&config));
    assert!(bundle
        .get("fate-10000/Chart.yaml")
        .expect("chart")
        .starts_with("apiVersion: v1\n"));
    let secret = bundle
        .get("fate-10000/templates/secret.yaml")
        .expect("secret");
    assert!(!secret.contains("lookup"), "Helm 2 has no lookup function");
    assert!(bundle.get("fate-10000/helm2/secret.yaml").is_none());
    assert!(bundle
        .get("README.md")
        .expect("readme")
        .contains("helm install --name fate-10000 --namespace fate-10000 ./fate-10000"));
    assert!(bundle
        .get("install.sh")
        .expect("install")
        .contains("HELM_MAJOR=2"));

    let helm3 = generate(&common::federation(&Config::example()));
    assert!(helm3
        .get("fate-10000/Chart.yaml")
        .expect("chart")
        .starts_with("apiVersion: v2\n"));
    assert!(helm3
        .get("fate-10000/templates/secret.yaml")
        .expect("secret")
        .contains("lookup \"v1\" \"Secret\""));
    assert!(helm3
        .get("README.md")
        .expect("readme")
        .contains("helm install fate-10000 ./fate-10000 --namespace fate-10000"));
}

#[test]
fn per_party_bundles_hold_only_their_own_chart_and_secrets() {
    let config = common::matrix_config("dmz");
    let federation = common::federation(&config);
    let own = generate_scoped(&federation, &Scope::Party("10000".to_owned()));
    assert_eq!(
        own.chart_dirs().into_iter().collect::<Vec<_>>(),
        ["fate-10000"]
    );
    assert!(own.get("dmz-10000/docker-compose.yml").is_some());
    let other = &federation
        .party("9999")
        .expect("party")
        .credentials
        .mysql_password;
    assert!(own
        .files
        .values()
        .all(|f| !f.contents.contains(other.as_str())));
    assert!(own
        .get("install.sh")
        .expect("install")
        .contains("RELEASES=('fate-10000')"));
    let exchange = generate_scoped(&federation, &Scope::Exchange);
    assert_eq!(
        exchange.chart_dirs().into_iter().collect::<Vec<_>>(),
        ["fate-exchange"]
    );
    assert!(exchange
        .files
        .values()
        .all(|f| !f.contents.contains(other.as_str())));
}

#[test]
fn a_downloaded_bundle_reimports_with_its_passwords() {
    for (name, config) in common::matrix() {
        let federation = common::federation(&config);
        let zip = to_zip(&generate(&federation)).expect("zip");
        let bundle = from_zip(&zip).expect("unzip");
        assert_eq!(bundle, generate(&federation), "{name}: zip round trip");
        let restored = config_from_bundle(&bundle).expect("re-import");
        assert_eq!(
            restored.without_credentials(),
            config.without_credentials(),
            "{name}"
        );
        let again = common::federation(&restored);
        assert_eq!(
            again.parties, federation.parties,
            "{name}: passwords restored"
        );
        assert_eq!(
            credentials_from_bundle(&bundle).len(),
            federation.parties.len()
        );
        // Regenerating from the re-imported document gives the same bytes.
        assert_eq!(to_zip(&generate(&again)).expect("zip"), zip, "{name}");
    }
}

#[test]
fn federation_document_round_trips_without_passwords() {
    let mut config = Config::example();
    config
        .credentials
        .insert("10000".to_owned(), Default::default());
    let bundle = generate(&common::federation(&config));
    let text = bundle.get("federation.yaml").expect("doc");
    assert!(!text.contains("credentials"));
    assert_eq!(
        parse_config(text).expect("parses"),
        config.without_credentials()
    );
}

#[test]
fn values_keep_ids_as_strings() {
    let config = common::matrix_config("existing-claim");
    let bundle = generate(&common::federation(&config));
    let v = values(&bundle, "fate-0000123");
    assert_eq!(
        v["partyId"],
        serde_yaml::Value::String("0000123".to_owned())
    );
}

#[test]
fn zip_rejects_garbage() {
    assert!(from_zip(b"not a zip").is_err());
    assert!(from_zip(&[]).is_err());
}

/// Adding a party is: regenerate, then `./install.sh`. The route tables that must learn the new
/// party (the exchange's, or in a mesh every other party's) do, in the values `helm upgrade`
/// applies, and no other party's values change; removing it again gives the first bundle back.
#[test]
fn adding_a_party_updates_every_route_table_that_needs_it() {
    let cases: Vec<&str> = vec![
        "seed-default",
        "mesh-three",
        "fate22-exchange",
        "fate22-mesh-three",
    ];
    check_all(
        cases,
        |name| (*name).to_owned(),
        |name| {
            let mut problems = Problems::default();
            let config = common::matrix()
                .into_iter()
                .find(|(n, _)| n == name)
                .map(|(_, c)| c)
                .ok_or("no such matrix config")?;
            let before = common::federation(&config);
            let mut grown = config.clone();
            let mut newcomer = grown.parties[0].clone();
            newcomer.id = "7777".to_owned();
            newcomer.address = "172.16.7.7".to_owned();
            newcomer.node_port = Some(31777);
            newcomer.namespace = None;
            newcomer.fateboard_host = None;
            grown.parties.push(newcomer);
            // The existing parties keep their passwords, as `--credentials old-bundle` does.
            grown.credentials = credentials_from_bundle(&generate(&before));
            let after = common::federation(&grown);
            let (old, new) = (generate(&before), generate(&after));
            let routes_to_newcomer = |values: &str| values.contains("172.16.7.7");
            let exchange = before.exchange.is_some();
            for party in &before.parties {
                let path = format!("{}/values.yaml", party.release());
                let (was, is) = (old.get(&path).unwrap_or(""), new.get(&path).unwrap_or(""));
                problems.check(routes_to_newcomer(is) != exchange, || {
                    format!(
                        "{path}: routes to the new party: {}",
                        routes_to_newcomer(is)
                    )
                });
                problems.check(exchange == (was == is), || {
                    format!("{path}: changed: {}", was != is)
                });
            }
            if exchange {
                let path = "fate-exchange/values.yaml";
                problems.check(new.get(path).is_some_and(routes_to_newcomer), || {
                    format!("{path} does not route the new party")
                });
            }
            problems.check(new.get("fate-7777/values.yaml").is_some(), || {
                "no chart for the new party".to_owned()
            });
            let mut shrunk = grown.clone();
            shrunk.parties.pop();
            shrunk.credentials.remove("7777");
            let back = generate(&common::federation(&shrunk));
            for (path, file) in &old.files {
                problems.check(back.get(path) == Some(file.contents.as_str()), || {
                    format!("{path} differs after removing the party again")
                });
            }
            problems.done()
        },
    );
}

/// TLS keys stay where they belong: each OSX's key only in its own chart's `values.yaml`, the
/// authority's key only in the full bundle's `tls/ca.key`; never in `federation.yaml`, the
/// README, a share link, a per-party bundle of another party, or the document the page saves.
#[test]
fn tls_keys_stay_in_their_own_chart() {
    let cases: Vec<(String, Config)> = common::matrix()
        .into_iter()
        .filter(|(_, c)| c.tls.enabled)
        .collect();
    assert!(cases.len() >= 2, "TLS matrix configs");
    check_all(
        cases,
        |(name, _)| name.clone(),
        |(_, config)| {
            let mut problems = Problems::default();
            let federation = common::federation(&config);
            let tls = federation.tls.as_ref().ok_or("no TLS plan")?;
            let bundle = generate(&federation);
            let ca_key = tls.authority_key.clone().ok_or("no authority key")?;
            for (id, issued) in &tls.issued {
                let own = if id == "exchange" {
                    "fate-exchange/values.yaml".to_owned()
                } else {
                    format!("fate-{id}/values.yaml")
                };
                let key_body = issued.key.lines().nth(1).unwrap_or_default();
                for (path, file) in &bundle.files {
                    let found = file.contents.contains(key_body);
                    problems.check(found == (*path == own), || {
                        format!(
                            "{path} {} the key of {id}",
                            if found { "holds" } else { "lacks" }
                        )
                    });
                }
            }
            let ca_body = ca_key.lines().nth(1).unwrap_or_default();
            for (path, file) in &bundle.files {
                let found = file.contents.contains(ca_body);
                problems.check(found == (path == "tls/ca.key"), || {
                    format!(
                        "{path} {} the authority's key",
                        if found { "holds" } else { "lacks" }
                    )
                });
            }
            // A document that holds every certificate and key, as the page keeps it: neither its
            // share link (deflated: what it carries is what it decodes to) nor its saved form
            // may carry them.
            let mut held = config.clone();
            held.certificates = complete_certificates(&config, &mut common::CountingRandom(1))
                .map_err(|e| e.to_string())?;
            problems.check(held.certificates.issued.len() == tls.issued.len(), || {
                "the completed document lacks certificates".to_owned()
            });
            let share =
                fate_chartgen::generator::share::encode(&held).map_err(|e| e.to_string())?;
            let shared =
                fate_chartgen::generator::share::decode(&share).map_err(|e| e.to_string())?;
            problems.check(
                shared.certificates.is_empty() && shared.tls == config.tls,
                || "the share link carries certificates, or loses the TLS settings".to_owned(),
            );
            let saved =
                serde_json::to_string(&held.without_credentials()).map_err(|e| e.to_string())?;
            problems.check(
                !saved.contains("PRIVATE") && !saved.contains("CERTIFICATE"),
                || "the document without credentials holds certificates".to_owned(),
            );
            for party in &federation.parties {
                let scoped = generate_scoped(&federation, &Scope::Party(party.id.clone()));
                problems.check(scoped.get("tls/ca.key").is_none(), || {
                    format!("the bundle of party {} holds the authority's key", party.id)
                });
                for (id, issued) in &tls.issued {
                    let body = issued.key.lines().nth(1).unwrap_or_default();
                    let held = scoped.files.values().any(|f| f.contents.contains(body));
                    problems.check(held == (*id == party.id), || {
                        format!(
                            "the bundle of party {} {} the key of {id}",
                            party.id,
                            if held { "holds" } else { "lacks" }
                        )
                    });
                }
            }
            problems.done()
        },
    );
}
