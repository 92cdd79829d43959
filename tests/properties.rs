//! Property tests: random valid configs always render; random input never panics a parser.

mod common;

use std::collections::BTreeSet;

use fate_chartgen::generator::config::{
    Config, Dmz, Exchange, FateVersion, HelmTarget, Party, Placement, Storage, VolumeSizes,
};
use fate_chartgen::generator::federation::{validate, Federation};
use fate_chartgen::generator::{from_zip, generate, input, parse_config, share, to_zip};
use proptest::prelude::*;

fn label_value() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z][a-z0-9-]{0,10}[a-z0-9]"]
}

fn address() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u8..=223, any::<u8>(), any::<u8>(), 1u8..=254)
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        "[a-z][a-z0-9]{0,8}\\.example\\.org",
        (1u16..=0xfffe).prop_map(|x| format!("fd00::{x:x}")),
    ]
}

/// A valid federation: ids distinct as numbers, ports distinct per address, exchange port free.
fn valid_config() -> impl Strategy<Value = Config> {
    let party = (
        "[0-9]{1,7}",
        address(),
        prop::option::of(address()),
        prop::option::of("[a-z][a-z0-9]{0,6}\\.board\\.example"),
    );
    (
        prop::collection::vec(party, 1..7),
        prop::option::of(address()),
        prop_oneof![
            Just(FateVersion::V1_2_0),
            Just(FateVersion::V1_3_0),
            Just(FateVersion::V2_2_0)
        ],
        prop_oneof![Just(HelmTarget::Helm3), Just(HelmTarget::Helm2)],
        prop::collection::vec(label_value(), 1..4),
        0usize..4,
        prop_oneof![
            Just(String::new()),
            "[a-z]{2,8}\\.example(:[1-9][0-9]{3})?/[a-z]{3,8}"
        ],
    )
        .prop_map(
            |(
                raw_parties,
                exchange_address,
                fate_version,
                target,
                eggs,
                storage_kind,
                registry,
            )| {
                let mut config = Config::example();
                config.fate_version = fate_version;
                // FATE 2.2 has neither Helm 2 charts nor DMZ proxies (validation refuses both).
                let fate2 = fate_version.is_fate2();
                config.target = if fate2 { HelmTarget::Helm3 } else { target };
                config.images.registry = registry;
                config.placement = Placement {
                    eggs,
                    ..Placement::default()
                };
                config.storage = match storage_kind {
                    0 => Storage::None,
                    1 => Storage::Nfs {
                        server: "10.9.9.9".into(),
                        path: "/exports/fate".into(),
                        size: "10Gi".into(),
                    },
                    2 => Storage::StorageClass {
                        class: "standard".into(),
                        sizes: VolumeSizes::default(),
                    },
                    _ => Storage::ExistingClaim {
                        claim: "fate-data".into(),
                    },
                };
                let mut used_ids = BTreeSet::new();
                let mut next_port = 30001u32;
                config.parties = raw_parties
                    .into_iter()
                    .filter(|(id, ..)| used_ids.insert(id.trim_start_matches('0').to_owned()))
                    .map(|(id, address, dmz, host)| {
                        let mut port = || {
                            next_port += 1;
                            next_port
                        };
                        let dmz = dmz.filter(|_| !fate2).map(|host| Dmz {
                            host,
                            // Unique across the whole federation, so no DMZ port ever collides.
                            port: 40000 + port() % 20000,
                            federation_node_port: port(),
                            fateflow_node_port: port(),
                        });
                        Party {
                            id,
                            address,
                            node_port: if dmz.is_some() { None } else { Some(port()) },
                            namespace: None,
                            fateboard_host: host,
                            placement: None,
                            dmz,
                        }
                    })
                    .collect();
                let mut hosts = BTreeSet::new();
                for party in &mut config.parties {
                    if let Some(h) = &party.fateboard_host {
                        if !hosts.insert(h.clone()) {
                            party.fateboard_host = None;
                        }
                    }
                }
                config.exchange = exchange_address.map(|address| Exchange {
                    address,
                    node_port: 30000,
                    namespace: None,
                    node_label_value: String::new(),
                });
                config
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_configs_render(config in valid_config(), seed in any::<u64>()) {
        let errors = validate(&config);
        prop_assert!(errors.is_empty(), "{}", errors);
        let federation = Federation::new(&config, &mut common::CountingRandom(seed)).expect("valid");
        let bundle = generate(&federation);
        prop_assert_eq!(bundle.chart_dirs().len(), config.parties.len() + usize::from(config.exchange.is_some()));
        let zip = to_zip(&bundle).expect("zip");
        prop_assert_eq!(from_zip(&zip).expect("unzip"), bundle);
        // The document in the bundle and the share link both give back the same config.
        let doc = parse_config(generate(&federation).get("federation.yaml").expect("doc")).expect("parses");
        prop_assert_eq!(&doc, &config.without_credentials());
        let shared = share::decode(&share::encode(&config).expect("encodes")).expect("decodes");
        prop_assert_eq!(shared, config.without_credentials());
    }

    #[test]
    fn config_parser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_config(&text);
        let _ = input::read(&text, None);
        let _ = input::read(&text, Some(&text));
    }

    #[test]
    fn config_parser_survives_yaml_like_noise(text in "(version: 1\n)?(parties:\n)?(  - (id|address|nodePort|dmz|host): [-a-z0-9.:\\[\\]{}\"']{0,12}\n){0,6}(exchange: \\{address: [a-z0-9.]{0,8}, nodePort: [0-9]{0,6}\\}\n)?") {
        if let Ok(config) = parse_config(&text) {
            let _ = validate(&config);
        }
    }

    #[test]
    fn share_decoder_never_panics(text in ".{0,300}", bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = share::decode(&text);
        let _ = share::decode(&format!("1.z{text}"));
        let _ = share::decode(&format!("1.j{text}"));
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        let _ = share::decode(&format!("1.z{b64}"));
        let _ = share::decode(&format!("1.j{b64}"));
        let _ = share::from_fragment(&text);
    }

    #[test]
    fn zip_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = from_zip(&bytes);
        let mut with_magic = b"PK\x03\x04".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = from_zip(&with_magic);
    }
}

#[test]
fn share_links_carry_no_passwords_and_reject_planted_ones() {
    let mut config = Config::example();
    config.credentials.insert(
        "10000".into(),
        fate_chartgen::generator::config::PartyCredentials {
            mysql_root_password: Some("secret-root-password".into()),
            ..Default::default()
        },
    );
    let encoded = share::encode(&config).expect("encodes");
    let decoded = share::decode(&encoded).expect("decodes");
    assert!(decoded.credentials.is_empty());
    // A hand-made link that carries credentials is refused, not silently used.
    let json = serde_json::to_vec(&config).expect("json");
    use base64::Engine as _;
    let planted = format!(
        "1.j{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    );
    assert_eq!(
        share::decode(&planted),
        Err(share::ShareError::HasCredentials)
    );
}

#[test]
fn share_errors_are_specific() {
    use share::ShareError::*;
    assert_eq!(share::decode(""), Err(Empty));
    assert!(matches!(share::decode("2.zabc"), Err(UnknownVersion(v)) if v == "2"));
    assert!(matches!(share::decode("1.qabc"), Err(UnknownMode(m)) if m == "q"));
    assert!(matches!(share::decode("1.z!!!"), Err(Base64(_))));
    assert!(matches!(
        share::decode("1.zAAAA"),
        Err(Inflate(_)) | Err(Json(_))
    ));
    assert!(
        matches!(share::decode("1.jeyJ2ZXJzaW9uIjoxfQ"), Err(Json(m)) if m.contains("parties"))
    );
    assert!(matches!(
        share::decode(&"1.j".repeat(30000)),
        Err(Limit(
            fate_chartgen::generator::limits::LimitError::TooLarge { .. }
        ))
    ));
}

#[test]
fn default_share_link_is_short() {
    let link =
        share::link("https://fate.example/configurator/", &Config::example()).expect("share link");
    assert!(link.len() <= 200, "{} characters: {link}", link.len());
    let fragment = link.split_once('#').expect("fragment").1;
    let decoded = share::decode(share::from_fragment(fragment).expect("c=")).expect("decodes");
    assert_eq!(decoded, Config::example());
}

#[test]
fn every_matrix_config_survives_the_share_link() {
    common::cases::check_all(
        common::matrix(),
        |(name, _)| format!("tests/matrix/{name}.yaml"),
        |(_, config)| {
            let decoded = share::decode(&share::encode(&config).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            if decoded == config.without_credentials() {
                Ok(())
            } else {
                Err(format!("decodes to {decoded:#?}"))
            }
        },
    );
}
