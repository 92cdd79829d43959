//! Input limits: pathological documents, share links, kube.cfg files and zips are refused with
//! the limit that was passed; valid ones — also with brackets, quotes and comments inside their
//! values, and as large as a real federation gets — read exactly as before. (How fast the refusal
//! is, is measured in `benches/parse.rs`, not asserted here.)

mod common;

use std::collections::BTreeMap;
use std::io::Write;

use base64::Engine as _;
use fate_chartgen::generator::config::{Certificates, Config, IssuedPem, Party, PartyCredentials};
use fate_chartgen::generator::federation::DocumentError;
use fate_chartgen::generator::input::{self, InputError};
use fate_chartgen::generator::kubecfg::{self, ImportError};
use fate_chartgen::generator::limits::{self, Counted, LimitError};
use fate_chartgen::generator::share::{self, ShareError};
use fate_chartgen::generator::{from_zip, parse_config, ArchiveError};
use proptest::prelude::*;

/// Text full of what a nesting pre-scan could mistake for structure, often with more opening
/// brackets in a row than the depth limit.
fn tricky_text() -> impl Strategy<Value = String> {
    let noise = "[\\[\\]{}#'\":,&*!|>%@ a-z0-9-]{0,40}(\n[\\[{#'\" a-z]{0,20}){0,2}";
    (
        noise,
        prop_oneof![Just(""), Just("["), Just("{"), Just("[{"), Just("- ")],
        noise,
    )
        .prop_map(|(head, opener, tail)| {
            format!("{head}{}{tail}", opener.repeat(limits::MAX_DEPTH + 1))
        })
}

/// A PEM-shaped block of `lines` lines.
fn pem(kind: &str, lines: usize, seed: usize) -> String {
    let body: String = (0..lines)
        .map(|i| {
            let c = (b'A' + ((i + seed) % 26) as u8) as char;
            format!("{}\n", c.to_string().repeat(64))
        })
        .collect();
    format!("-----BEGIN {kind}-----\n{body}-----END {kind}-----\n")
}

/// The example federation with `texts` written into its free-text settings, passwords and
/// certificates: not a valid federation, but a document that must read back as written.
fn config_with(texts: &[String]) -> Config {
    let mut config = Config::example();
    let text = |i: usize| texts[i % texts.len()].clone();
    config.images.registry = text(0);
    config.images.pull_secrets = vec![text(1), text(2)];
    config.placement.node_label = text(3);
    config.parties[0].address = text(4);
    config.parties[0].namespace = Some(text(5));
    config.credentials.insert(
        text(6),
        PartyCredentials {
            mysql_password: Some(text(7)),
            ..Default::default()
        },
    );
    config.certificates.issued.insert(
        text(8),
        IssuedPem {
            cert: format!("{}{}", pem("CERTIFICATE", 12, 0), text(9)),
            key: pem("PRIVATE KEY", 3, 1),
        },
    );
    config
}

fn is_limit(result: &Result<Config, DocumentError>) -> bool {
    matches!(result, Err(DocumentError::Limit(_)))
}

fn nested(depth: usize, opener: &str, closed: bool) -> String {
    let closer: String = opener
        .chars()
        .rev()
        .map(|c| match c {
            '[' => ']',
            '{' => '}',
            _ => ' ',
        })
        .collect();
    let mut text = opener.repeat(depth);
    if closed {
        text.push_str(&closer.repeat(depth));
    }
    text
}

fn deflated_link(json: &str) -> String {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(json.as_bytes()).expect("deflate");
    let bytes = encoder.finish().expect("deflate");
    format!(
        "1.z{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Brackets, quotes, `#` and block indicators inside values are not structure: every
    /// document serde writes (YAML, pretty and compact JSON) reads back as the same config.
    #[test]
    fn valid_documents_with_tricky_values_read_as_written(
        texts in prop::collection::vec(tricky_text(), 10..12),
    ) {
        let config = config_with(&texts);
        let yaml = serde_yaml::to_string(&config).expect("yaml");
        let pretty = serde_json::to_string_pretty(&config).expect("json");
        let compact = serde_json::to_string(&config).expect("json");
        for text in [&yaml, &pretty, &compact] {
            let read = parse_config(text);
            prop_assert_eq!(read.as_ref(), Ok(&config), "{}", text);
        }
        let link = share::encode(&config).expect("encodes");
        prop_assert_eq!(share::decode(&link), Ok(config.without_credentials()));
    }

    /// Nesting past the limit is refused as such, however it is written (flow or block,
    /// closed or not, under a key or not, YAML or JSON), with the line where it passed it.
    #[test]
    fn deep_documents_are_refused_with_the_depth_limit(
        depth in (limits::MAX_DEPTH + 1)..3000,
        opener in prop_oneof![Just("["), Just("{"), Just("{\"a\": "), Just("{a: ["), Just("- ")],
        prefix in prop_oneof![Just(""), Just("version: 1\nparties: "), Just("# a comment [\n\n")],
        closed in any::<bool>(),
    ) {
        let text = format!("{prefix}{}", nested(depth, opener, closed));
        let result = parse_config(&text);
        prop_assert!(
            matches!(&result, Err(DocumentError::Limit(LimitError::TooDeep { limit, .. })) if *limit == limits::MAX_DEPTH),
            "{:?}", result
        );
        prop_assert_eq!(result.err().and_then(|e| e.line()), Some(1 + prefix.matches('\n').count()));
    }

    /// Indentation deeper than the limit (a key under a key under a key …) is refused too.
    #[test]
    fn deep_block_documents_are_refused(depth in (limits::MAX_DEPTH + 1)..400, step in 1usize..4) {
        let text: String = (0..depth).map(|i| format!("{}k{i}:\n", " ".repeat(i * step))).collect();
        prop_assert!(is_limit(&parse_config(&text)));
    }

    /// Nesting just within the limit is not refused by the limit (serde may still refuse it as
    /// a config document, which is a parse error).
    #[test]
    fn nesting_within_the_limit_is_left_to_the_parser(depth in 1..(limits::MAX_DEPTH - 2)) {
        let text = format!("version: 1\nparties: []\nimages: {{pullSecrets: {}}}\n", nested(depth, "[", true));
        prop_assert!(!is_limit(&parse_config(&text)));
    }

    /// A share link's JSON is held to the same limits, deflated or not.
    #[test]
    fn deep_share_links_are_refused(depth in (limits::MAX_DEPTH + 1)..20_000, opener in prop_oneof![Just("["), Just("{\"a\":")]) {
        let json = nested(depth, opener, true);
        for link in [deflated_link(&json), format!("1.j{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&json))] {
            let result = share::decode(&link);
            prop_assert!(
                matches!(result, Err(ShareError::Limit(LimitError::TooDeep { .. })) | Err(ShareError::Limit(LimitError::TooLarge { .. }))),
                "{:?}", result
            );
        }
    }

    /// A kube.cfg with more entries in one array than any federation has parties is refused at
    /// that array; one within the limit is not refused for its size.
    #[test]
    fn kube_cfg_arrays_are_bounded(extra in 1usize..50) {
        let n = limits::MAX_ARRAY_ENTRIES + extra;
        let ids: Vec<String> = (0..n).map(|i| (10_000 + i).to_string()).collect();
        let text = format!("#!/bin/bash\n\npartylist=({})\n", ids.join(" "));
        let result = kubecfg::import(&text, None);
        prop_assert!(
            matches!(&result, Err(ImportError::Limit { line: Some(3), limit: LimitError::TooMany { what: Counted::ArrayEntries, .. }, .. })),
            "{:?}", result.map(|_| ())
        );
    }
}

#[test]
fn the_200_kb_nested_document_of_the_issue_is_refused() {
    let text = format!("parties: {}", "[".repeat(200_000));
    let error = parse_config(&text).expect_err("refused");
    assert!(
        matches!(
            error,
            DocumentError::Limit(LimitError::TooDeep { line: 1, .. })
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the config document nests lists and mappings more than 32 levels deep at line 1; a configuration needs fewer than 10"
    );
    // The same through the front door the CLI and the page use.
    assert!(matches!(
        input::read(&text, None),
        Err(InputError::Document(DocumentError::Limit(_)))
    ));
}

#[test]
fn the_largest_real_federation_fits_every_limit() {
    // MAX_PARTIES parties, each with a certificate and a key, passwords and a DMZ-less NodePort:
    // the document, its JSON and its share link are all read.
    let mut config = Config::example();
    config.parties = (0..limits::MAX_PARTIES)
        .map(|i| Party {
            id: (10_000 + i).to_string(),
            address: format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256),
            node_port: Some(30_000 + (i % 2700) as u32),
            namespace: None,
            fateboard_host: None,
            placement: None,
            dmz: None,
        })
        .collect();
    let mut issued = BTreeMap::new();
    for (i, party) in config.parties.iter().enumerate() {
        issued.insert(
            party.id.clone(),
            IssuedPem {
                cert: pem("CERTIFICATE", 10, i),
                key: pem("PRIVATE KEY", 3, i),
            },
        );
    }
    config.certificates = Certificates {
        authority: None,
        issued,
    };
    let yaml = serde_yaml::to_string(&config).expect("yaml");
    let json = serde_json::to_string_pretty(&config).expect("json");
    assert!(
        yaml.len() < limits::MAX_DOCUMENT_BYTES,
        "{} bytes",
        yaml.len()
    );
    assert_eq!(parse_config(&yaml).as_ref(), Ok(&config));
    assert_eq!(parse_config(&json).as_ref(), Ok(&config));
    // Share links carry no certificates; the parties alone fit.
    let link = share::encode(&config).expect("encodes");
    assert_eq!(share::decode(&link), Ok(config.without_credentials()));
}

#[test]
fn every_matrix_config_passes_the_limits() {
    for path in std::fs::read_dir(common::matrix_dir()).expect("matrix") {
        let path = path.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            limits::check_document(&text, limits::Source::ConfigDocument),
            Ok(()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn too_many_parties_are_refused_by_count() {
    let parties: String = (0..=limits::MAX_PARTIES)
        .map(|i| format!("  - {{id: \"{i}\", address: a}}\n"))
        .collect();
    let result = parse_config(&format!("version: 1\nparties:\n{parties}"));
    assert!(
        matches!(
            result,
            Err(DocumentError::Limit(LimitError::TooMany {
                what: Counted::Parties,
                count,
                ..
            })) if count == limits::MAX_PARTIES + 1
        ),
        "{result:?}"
    );
}

#[test]
fn long_values_and_large_documents_are_refused() {
    let long = format!(
        "version: 1\nparties: []\nimages:\n  registry: {}\n",
        "a".repeat(limits::MAX_SCALAR_BYTES + 1)
    );
    assert!(matches!(
        parse_config(&long),
        Err(DocumentError::Limit(LimitError::ValueTooLong {
            line: 4,
            ..
        }))
    ));
    let large = format!(
        "version: 1\nparties: []\n{}",
        "# padding\n".repeat(limits::MAX_DOCUMENT_BYTES / 10 + 1)
    );
    assert!(matches!(
        parse_config(&large),
        Err(DocumentError::Limit(LimitError::TooLarge { .. }))
    ));
}

#[test]
fn kube_cfg_and_env_are_bounded_in_size_and_assignments() {
    let huge = format!(
        "partylist=(10000)\nnodeLabel=\"{}\"\n",
        "a".repeat(limits::MAX_KUBECFG_BYTES)
    );
    let error = kubecfg::import(&huge, None).expect_err("refused");
    assert!(
        matches!(
            error,
            ImportError::Limit {
                limit: LimitError::TooLarge { .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert!(matches!(
        kubecfg::import("partylist=(10000)\n", Some(&huge)).expect_err("refused"),
        ImportError::Limit {
            file: kubecfg::SourceFile::Env,
            ..
        }
    ));
    let many: String = (0..=limits::MAX_ASSIGNMENTS)
        .map(|i| format!("x{i}=1\n"))
        .collect();
    let error = kubecfg::import(&many, None).expect_err("refused");
    assert!(
        matches!(
            error,
            ImportError::Limit {
                line: Some(line),
                limit: LimitError::TooMany {
                    what: Counted::Assignments,
                    ..
                },
                ..
            } if line == limits::MAX_ASSIGNMENTS + 1
        ),
        "{error:?}"
    );
}

#[test]
fn share_links_are_bounded_in_length_and_inflated_size() {
    assert!(matches!(
        share::decode(&format!("1.j{}", "A".repeat(limits::MAX_SHARE_LEN))),
        Err(ShareError::Limit(LimitError::TooLarge { .. }))
    ));
    // A deflate bomb: small link, huge JSON.
    let bomb = deflated_link(&" ".repeat(limits::MAX_SHARE_DECODED_BYTES * 4));
    assert!(bomb.len() < limits::MAX_SHARE_LEN);
    assert!(matches!(
        share::decode(&bomb),
        Err(ShareError::Limit(LimitError::TooLarge { .. }))
    ));
}

#[test]
fn zips_are_bounded_in_size_and_entries() {
    assert!(matches!(
        from_zip(&vec![0u8; limits::MAX_ZIP_BYTES + 1]),
        Err(ArchiveError::Limit(LimitError::TooLarge { .. }))
    ));
    // Empty files are the cheapest way to many entries.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for i in 0..=limits::MAX_ZIP_ENTRIES {
        zip.start_file(format!("{i}"), options).expect("entry");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    assert!(matches!(
        from_zip(&bytes),
        Err(ArchiveError::Limit(LimitError::TooMany {
            what: Counted::ZipEntries,
            ..
        }))
    ));
}
