//! Reading and validating the config document.

mod common;

use common::cases::check_all;
use fate_chartgen::generator::config::{Config, Storage};
use fate_chartgen::generator::federation::{validate, Federation, FederationError};
use fate_chartgen::generator::parse_config;

fn paths(config: &Config) -> Vec<String> {
    validate(config).0.into_iter().map(|e| e.path).collect()
}

fn messages_at(config: &Config, path: &str) -> Vec<String> {
    validate(config)
        .0
        .into_iter()
        .filter(|e| e.path == path)
        .map(|e| e.message)
        .collect()
}

#[test]
fn every_matrix_config_is_valid() {
    check_all(
        common::matrix(),
        |(name, _)| format!("tests/matrix/{name}.yaml"),
        |(_, config)| {
            let errors = validate(&config);
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors.to_string())
            }
        },
    );
}

#[test]
fn party_ids_keep_their_digits_quoted_or_not() {
    let config = parse_config(
        "version: 1\nparties:\n  - {id: 0000, address: 10.0.0.1, nodePort: 30001}\n  - {id: \"00123\", address: 10.0.0.2, nodePort: 30002}\n  - {id: 1234567890123, address: 10.0.0.3, nodePort: 30003}\n",
    )
    .expect("parses");
    let ids: Vec<&str> = config.parties.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["0000", "00123", "1234567890123"]);
}

#[test]
fn json_is_accepted() {
    let config = parse_config(
        r#"{"version": 1, "parties": [{"id": "10000", "address": "192.168.11.2", "nodePort": 30010}]}"#,
    )
    .expect("JSON is YAML");
    assert_eq!(config.parties[0].node_port, Some(30010));
    assert!(config.exchange.is_none());
}

#[test]
fn parse_errors_name_the_field_and_line() {
    let error = parse_config("version: 1\nparties:\n  - id: \"1\"\n    adress: 10.0.0.1\n")
        .expect_err("typo in a key");
    assert!(error.message().contains("adress"), "{error}");
    assert_eq!(error.line(), Some(4), "{error}");
    assert!(error.path().starts_with("parties[0]"), "{error}");

    let error =
        parse_config("version: 1\nparties: []\nstorage: {type: tape}\n").expect_err("bad enum");
    assert!(error.to_string().contains("storage"), "{error}");
    assert!(error.message().contains("tape"), "{error}");

    let error = parse_config("version: 1\nparties:\n  - {id: 1, address: a, nodePort: many}\n")
        .expect_err("bad number");
    assert!(error.path().contains("nodePort"), "{error}");
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = r#"
version: 2
parties:
  - {id: "10000", address: 192.168.11.2, nodePort: 30010}
  - {id: "10000", address: "192.168.11.3:30009", nodePort: 99999}
  - {id: "abc", address: "bad_host!", nodePort: 30010, namespace: Fate}
  - {id: "7", address: 192.168.11.2, nodePort: 30010}
  - {id: "8", address: 192.168.11.4, nodePort: 30000}
  - {id: "9", address: 192.168.11.9}
exchange: {address: 192.168.11.4, nodePort: 30000}
images: {registry: "https://harbor/x", tag: latest, pullSecrets: [ok, ok]}
storage: {type: nfs, server: "", path: relative, size: lots}
placement: {nodeLabel: "bad label", eggs: [], python: "-x"}
ingress: {className: "Bad_Class"}
credentials:
  "10000": {mysqlPassword: fate_dev, redisPassword: short}
  "42": {mysqlRootPassword: "a-very-long-password-1"}
"#;
    let config = parse_config(text).expect("syntax is fine");
    let found = paths(&config);
    let expected = [
        "version",
        "parties[1].id",
        "parties[1].address",
        "parties[1].nodePort",
        "parties[2].id",
        "parties[2].address",
        "parties[2].namespace",
        "parties[3].nodePort",
        "parties[4].nodePort",
        "parties[5].nodePort",
        "images.registry",
        "images.tag",
        "images.pullSecrets[1]",
        "storage.server",
        "storage.path",
        "storage.size",
        "placement.nodeLabel",
        "placement.eggs",
        "placement.python",
        "ingress.className",
        "credentials.10000.mysqlPassword",
        "credentials.10000.redisPassword",
        "credentials.42",
    ];
    check_all(
        expected,
        |expected| (*expected).to_owned(),
        |expected| {
            if found.iter().any(|p| p == expected) {
                Ok(())
            } else {
                Err(format!("no error there; got {found:?}"))
            }
        },
    );
    match Federation::new(&config, &mut common::CountingRandom(3)) {
        Err(FederationError::Invalid(errors)) => assert_eq!(errors.0.len(), found.len()),
        other => panic!("invalid config must not build: {other:?}"),
    }
}

#[test]
fn messages_say_what_is_wrong() {
    let mut config = Config::example();
    config.parties[1].node_port = Some(config.parties[0].node_port.unwrap_or_default());
    config.parties[1].address = config.parties[0].address.clone();
    let messages = messages_at(&config, "parties[1].nodePort");
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("already used by Party #1 (10000)"),
        "{messages:?}"
    );

    let mut config = Config::example();
    config.parties[0].address = "192.168.11.2:30010".to_owned();
    let message = messages_at(&config, "parties[0].address").join("");
    assert!(message.contains("includes a port"), "{message}");

    let mut config = Config::example();
    config.parties[0].node_port = Some(8080);
    let message = messages_at(&config, "parties[0].nodePort").join("");
    assert!(message.contains("30000-32767"), "{message}");

    let mut config = Config::example();
    config.parties.clear();
    assert!(messages_at(&config, "parties")
        .join("")
        .contains("at least one"));
}

#[test]
fn party_at_the_exchange_address_and_port_is_refused() {
    let mut config = Config::example();
    config.parties[0].address = "192.168.11.4".to_owned();
    config.parties[0].node_port = Some(30000);
    let message = messages_at(&config, "parties[0].nodePort").join("");
    assert!(message.contains("exchange"), "{message}");
}

#[test]
fn same_port_on_different_addresses_is_fine_but_not_on_one() {
    let mut config = Config::example();
    config.parties[1].node_port = Some(30010);
    assert!(validate(&config).is_empty());
    config.parties[1].address = "[::ffff:192.168.11.2]".to_owned();
    // Different spelling of a different address: still fine.
    assert!(validate(&config).is_empty());
}

#[test]
fn dmz_rules() {
    let mut config = parse_config(
        &std::fs::read_to_string(common::matrix_dir().join("dmz.yaml")).expect("fixture"),
    )
    .expect("parses");
    assert!(validate(&config).is_empty());
    config.parties[0].node_port = Some(30020);
    assert!(paths(&config).contains(&"parties[0].nodePort".to_owned()));
    config.parties[0].node_port = None;
    if let Some(dmz) = config.parties[0].dmz.as_mut() {
        dmz.fateflow_node_port = dmz.federation_node_port;
        dmz.host = "not a host".to_owned();
    }
    let found = paths(&config);
    assert!(
        found.contains(&"parties[0].dmz.fateflowNodePort".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"parties[0].dmz.host".to_owned()),
        "{found:?}"
    );
}

#[test]
fn namespaces_and_hosts_must_be_unique() {
    let mut config = Config::example();
    config.parties[1].namespace = Some("fate-10000".to_owned());
    config.parties[1].fateboard_host = Some("10000.fateboard.fedai.org".to_owned());
    let found = paths(&config);
    assert!(
        found.contains(&"parties[1].namespace".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"parties[1].fateboardHost".to_owned()),
        "{found:?}"
    );
}

#[test]
fn numerically_equal_ids_are_duplicates() {
    let mut config = Config::example();
    config.parties[1].id = "010000".to_owned();
    let message = messages_at(&config, "parties[1].id").join("");
    assert!(message.contains("same number"), "{message}");
    // A repeated id is one mistake: its default namespace and host are not reported again.
    config.parties[1].id = "10000".to_owned();
    assert_eq!(paths(&config), ["parties[1].id"]);
}

#[test]
fn generated_passwords_are_strong_and_distinct() {
    let federation = Federation::new(&Config::example(), &mut fate_chartgen::generator::OsRandom)
        .expect("valid");
    let mut seen = std::collections::BTreeSet::new();
    let passwords = federation.parties.iter().flat_map(|party| {
        let c = &party.credentials;
        [
            (&party.id, "mysqlRootPassword", &c.mysql_root_password),
            (&party.id, "mysqlPassword", &c.mysql_password),
            (&party.id, "redisPassword", &c.redis_password),
        ]
    });
    check_all(
        passwords,
        |(id, kind, _)| format!("party {id} {kind}"),
        |(_, _, pw)| {
            let mut problems = common::cases::Problems::default();
            problems.eq("the length", pw.len(), 24);
            problems.check(pw.bytes().all(|b| b.is_ascii_alphanumeric()), || {
                "not all ASCII letters and digits".to_owned()
            });
            problems.check(pw != "fate_dev", || "is the old fixed password".to_owned());
            problems.check(seen.insert(pw.clone()), || "repeats another".to_owned());
            problems.done()
        },
    );
}

#[test]
fn given_passwords_are_used() {
    let mut config = Config::example();
    config.credentials.insert(
        "10000".to_owned(),
        fate_chartgen::generator::config::PartyCredentials {
            mysql_root_password: Some("root-password-123".to_owned()),
            mysql_password: None,
            redis_password: Some("redis-password-123".to_owned()),
            fateboard_password: None,
        },
    );
    let federation = common::federation(&config);
    let party = federation.party("10000").expect("party");
    assert_eq!(party.credentials.mysql_root_password, "root-password-123");
    assert_eq!(party.credentials.redis_password, "redis-password-123");
    assert_eq!(party.credentials.mysql_password.len(), 24);
    assert!(
        federation.source.credentials.is_empty(),
        "source keeps no passwords"
    );
}

#[test]
fn defaults_are_applied() {
    let federation = common::federation(&Config::example());
    let party = &federation.parties[0];
    assert_eq!(party.namespace, "fate-10000");
    assert_eq!(party.fateboard_host, "10000.fateboard.fedai.org");
    assert_eq!(party.egg_names(), ["egg0"]);
    assert_eq!(federation.images.tag, "1.2.0-release");
    assert_eq!(
        federation.exchange.as_ref().map(|x| x.namespace.as_str()),
        Some("fate-exchange")
    );
    assert_eq!(federation.storage, Storage::None);
}

#[test]
fn schema_describes_the_document() {
    let schema: serde_json::Value =
        serde_json::from_str(&fate_chartgen::generator::schema::config_schema_json())
            .expect("JSON");
    let text = schema.to_string();
    let keys = [
        "parties",
        "nodePort",
        "exchange",
        "registry",
        "storageClass",
        "eggs",
        "dmz",
        "fateflowNodePort",
        "helm2",
        "1.3.0",
    ];
    check_all(
        keys,
        |key| (*key).to_owned(),
        |key| {
            if text.contains(key) {
                Ok(())
            } else {
                Err("the schema lacks it".to_owned())
            }
        },
    );
}

/// What each line cannot do, as a table: a document, the path that must be reported and a word
/// the message must hold (in the user's terms).
#[test]
fn each_line_refuses_what_it_cannot_do() {
    let fate2 = "version: 1\nfateVersion: 2.2.0\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001}\n";
    let fate1 = "version: 1\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001}\n";
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("2.2 with Helm 2", format!("{fate2}target: helm2\n"), "target", "Helm 3 or 4"),
        (
            "2.2 with a DMZ proxy",
            "version: 1\nfateVersion: 2.2.0\nparties:\n  - {id: \"10000\", address: 10.0.0.1, dmz: {host: 192.168.0.9, federationNodePort: 30101, fateflowNodePort: 30102}}\n".to_owned(),
            "parties[0].dmz",
            "DMZ host",
        ),
        ("2.2 placing roll", format!("{fate2}placement: {{roll: a}}\n"), "placement.roll", "clustermanager"),
        ("2.2 placing redis", format!("{fate2}placement: {{redis: a}}\n"), "placement.redis", "no redis"),
        ("2.2 placing python", format!("{fate2}placement: {{python: a}}\n"), "placement.python", "use fateflow"),
        (
            "2.2 party placing federation",
            "version: 1\nfateVersion: 2.2.0\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001, placement: {federation: a}}\n".to_owned(),
            "parties[0].placement.federation",
            "use proxy",
        ),
        (
            "2.2 with a redis password",
            format!("{fate2}credentials: {{\"10000\": {{redisPassword: abcdefghijkl1}}}}\n"),
            "credentials.10000.redisPassword",
            "no redis",
        ),
        ("1.x placing clustermanager", format!("{fate1}placement: {{clustermanager: a}}\n"), "placement.clustermanager", "meta-service"),
        ("1.x placing fateflow", format!("{fate1}placement: {{fateflow: a}}\n"), "placement.fateflow", "use python"),
        (
            "1.x with a fateboard password",
            format!("{fate1}credentials: {{\"10000\": {{fateboardPassword: abcdefghijkl1}}}}\n"),
            "credentials.10000.fateboardPassword",
            "without a login",
        ),
    ];
    check_all(
        cases,
        |(name, _, _, _)| (*name).to_owned(),
        |(_, text, path, word)| {
            let config = parse_config(&text).map_err(|e| e.to_string())?;
            let messages = messages_at(&config, path);
            if messages.iter().any(|m| m.contains(word)) {
                Ok(())
            } else {
                Err(format!(
                    "at {path}: {messages:?}; every problem: {:?}",
                    paths(&config)
                ))
            }
        },
    );
    // The same documents without the offending field are valid on their line.
    for text in [fate1, fate2] {
        let config = parse_config(text).expect("parses");
        assert!(
            validate(&config).is_empty(),
            "{text}: {}",
            validate(&config)
        );
    }
}

#[test]
fn fate2_parties_get_a_fateboard_password_and_no_redis_password() {
    let config = parse_config(
        "version: 1\nfateVersion: 2.2.0\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001}\n",
    )
    .expect("parses");
    let federation = common::federation(&config);
    let credentials = &federation.parties[0].credentials;
    assert_eq!(credentials.fateboard_password.len(), 24);
    assert!(credentials.redis_password.is_empty());
    let one_x = common::federation(&Config::example());
    assert!(one_x.parties[0].credentials.fateboard_password.is_empty());
    assert_eq!(one_x.parties[0].credentials.redis_password.len(), 24);
}

mod tls {
    use super::*;
    use fate_chartgen::generator::config::{AuthorityPem, IssuedPem};
    use fate_chartgen::generator::federation::{complete_certificates, FederationError};
    use fate_chartgen::generator::tls::{inspect, Authority};

    const NOW: u64 = 1_795_500_000;

    fn tls_config() -> Config {
        parse_config(
            "version: 1\nfateVersion: 2.2.0\ntls: {enabled: true}\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001}\n  - {id: \"9999\", address: fate.b.example, nodePort: 30002}\nexchange: {address: 10.0.0.9, nodePort: 30000}\n",
        )
        .expect("parses")
    }

    fn authority(seed: u64) -> (Authority, AuthorityPem) {
        let (authority, issued) =
            Authority::generate(&mut common::CountingRandom(seed), NOW, 30, "own CA").expect("CA");
        let pem = AuthorityPem {
            cert: issued.cert,
            key: Some(issued.key),
        };
        (authority, pem)
    }

    #[test]
    fn missing_certificates_are_issued_and_given_ones_kept() {
        let mut config = tls_config();
        let (own, pem) = authority(5);
        let given = own
            .issue(
                &mut common::CountingRandom(6),
                NOW,
                30,
                "party 10000",
                "10.0.0.1",
            )
            .expect("leaf");
        config.certificates.authority = Some(pem.clone());
        config.certificates.issued.insert(
            "10000".into(),
            IssuedPem {
                cert: given.cert.clone(),
                key: given.key.clone(),
            },
        );
        assert!(validate(&config).is_empty(), "{}", validate(&config));
        let done = complete_certificates(&config, &mut common::CountingRandom(7)).expect("issued");
        assert_eq!(done.authority, Some(pem));
        assert_eq!(
            done.issued["10000"].cert, given.cert,
            "given certificate kept"
        );
        assert_eq!(
            done.issued.keys().collect::<Vec<_>>(),
            ["10000", "9999", "exchange"]
        );
        assert_eq!(
            inspect("b", &done.issued["9999"].cert).expect("cert").sans,
            ["fate.b.example"]
        );
        let federation = common::federation(&config);
        assert_eq!(federation.tls.expect("plan").issued.len(), 3);
    }

    #[test]
    fn issuing_needs_the_time() {
        struct NoClock;
        impl fate_chartgen::generator::federation::RandomSource for NoClock {
            fn fill(
                &mut self,
                buf: &mut [u8],
            ) -> Result<(), fate_chartgen::generator::federation::RandomError> {
                buf.fill(7);
                Ok(())
            }
        }
        assert!(matches!(
            complete_certificates(&tls_config(), &mut NoClock),
            Err(FederationError::NoClock)
        ));
    }

    /// Each wrong certificate setting, reported at its field in the user's terms.
    #[test]
    fn wrong_certificates_are_named_where_they_are() {
        let (own, pem) = authority(5);
        let (other, _) = authority(9);
        let leaf = |ca: &Authority, host: &str| {
            let i = ca
                .issue(&mut common::CountingRandom(3), NOW, 30, "p", host)
                .expect("leaf");
            IssuedPem {
                cert: i.cert,
                key: i.key,
            }
        };
        type Edit = Box<dyn Fn(&mut Config)>;
        let cases: Vec<(&str, Edit, &str, &str)> = vec![
            (
                "FATE 1.2 with TLS",
                Box::new(|c| {
                    c.fate_version = fate_chartgen::generator::config::FateVersion::V1_2_0
                }),
                "tls.enabled",
                "FATE 2.2",
            ),
            (
                "zero days",
                Box::new(|c| c.tls.validity_days = 0),
                "tls.validityDays",
                "between 1 and 3650",
            ),
            (
                "a foreign certificate",
                {
                    let (p, l) = (pem.clone(), leaf(&other, "10.0.0.1"));
                    Box::new(move |c| {
                        c.certificates.authority = Some(p.clone());
                        c.certificates.issued.insert("10000".into(), l.clone());
                    })
                },
                "certificates.issued.10000",
                "not signed by the federation authority",
            ),
            (
                "a certificate for another address",
                {
                    let (p, l) = (pem.clone(), leaf(&own, "10.0.0.2"));
                    Box::new(move |c| {
                        c.certificates.authority = Some(p.clone());
                        c.certificates.issued.insert("10000".into(), l.clone());
                    })
                },
                "certificates.issued.10000",
                "does not name 10.0.0.1",
            ),
            (
                "a certificate of no party",
                {
                    let (p, l) = (pem.clone(), leaf(&own, "10.0.0.1"));
                    Box::new(move |c| {
                        c.certificates.authority = Some(p.clone());
                        c.certificates.issued.insert("4242".into(), l.clone());
                    })
                },
                "certificates.issued.4242",
                "no party with id 4242",
            ),
            (
                "certificates without their authority",
                {
                    let l = leaf(&own, "10.0.0.1");
                    Box::new(move |c| {
                        c.certificates.issued.insert("10000".into(), l.clone());
                    })
                },
                "certificates.authority",
                "need the authority",
            ),
            (
                "an authority without a key and certificates missing",
                {
                    let cert = pem.cert.clone();
                    Box::new(move |c| {
                        c.certificates.authority = Some(AuthorityPem {
                            cert: cert.clone(),
                            key: None,
                        })
                    })
                },
                "certificates.authority.key",
                "is needed to issue the certificates of Party #1 (10000), Party #2 (9999) and the exchange",
            ),
            (
                "an authority key that is another's",
                {
                    let (cert, key) = (pem.cert.clone(), leaf(&own, "10.0.0.1").key);
                    Box::new(move |c| {
                        c.certificates.authority = Some(AuthorityPem {
                            cert: cert.clone(),
                            key: Some(key.clone()),
                        })
                    })
                },
                "certificates.authority.key",
                "not the key of the authority's certificate",
            ),
            (
                "a certificate that is no PEM",
                Box::new(|c| {
                    c.certificates.authority = Some(AuthorityPem {
                        cert: "hello".into(),
                        key: None,
                    })
                }),
                "certificates.authority.cert",
                "BEGIN CERTIFICATE",
            ),
        ];
        check_all(
            cases,
            |(name, ..)| (*name).to_owned(),
            |(_, edit, path, word)| {
                let mut config = tls_config();
                edit(&mut config);
                let messages = messages_at(&config, path);
                if messages.iter().any(|m| m.contains(word)) {
                    Ok(())
                } else {
                    Err(format!(
                        "at {path}: {messages:?}; all: {:?}",
                        paths(&config)
                    ))
                }
            },
        );
    }
}
