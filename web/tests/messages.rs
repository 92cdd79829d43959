//! Errors in the words on screen: every field the form edits has an on-screen name
//! (`ui::labels`), and every message the validator gives, for the matrix configs and for
//! mistakes planted in them, reads after its field's name ("Party #2 (9999) › NodePort: is
//! already used by Party #1 (10000)'s proxy: …") without backticks or document paths.

use std::path::Path;

use fate_chartgen::generator::{parse_config, validate, Config, FieldError};
use fate_configurator::ui::field_path::{
    CredentialField, ExchangeField, FieldPath, ImagesField, IngressField, PartyField, PemField,
    PlacementComponent, PlacementField, PlacementScope, StorageField, TlsField,
};
use fate_configurator::ui::labels;

/// The roots of the document's paths: a word of these followed by `.` or `[` is a path.
const PATH_ROOTS: &[&str] = &[
    "version",
    "fateVersion",
    "target",
    "parties",
    "exchange",
    "images",
    "storage",
    "placement",
    "ingress",
    "credentials",
    "tls",
    "certificates",
    "dmz",
    "sizes",
];

/// What reads as a document path or a code name instead of words, if anything: a backtick, a
/// path (`parties[0]`, `dmz.port`), or a camelCase key (`nodePort`). Values in quotes are the
/// user's and are not judged.
fn unreadable(text: &str) -> Option<String> {
    if text.contains('`') {
        return Some("a backtick".to_owned());
    }
    let words = unquoted(text);
    for (at, _) in words.match_indices(['.', '[']) {
        let before = &words[..at];
        let word_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ']' || c == '['))
            .map_or(0, |i| i + 1);
        let word = before[word_start..].split('[').next().unwrap_or_default();
        let next = words[at + 1..].chars().next();
        let continues = next.is_some_and(|c| c.is_ascii_alphanumeric());
        if PATH_ROOTS.contains(&word) && continues {
            return Some(format!("the path {:?}", &words[word_start..]));
        }
    }
    for word in words.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        let mut chars = word.chars();
        let starts_lower = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        if starts_lower && chars.any(|c| c.is_ascii_uppercase()) {
            return Some(format!("the key {word:?}"));
        }
    }
    None
}

/// `text` without the values quoted in it (“…”).
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '\u{201c}' => quoted = true,
            '\u{201d}' => quoted = false,
            c if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

/// A message continues its field's name ("NodePort: is …", "Eggs: lists no egg …", "Node
/// address: “a b” has spaces"): it starts with a lower-case word or the quoted value, never
/// with a name of its own or a bare value.
fn starts_with_its_subject(message: &str) -> bool {
    message
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '\u{201c}')
}

/// Every field the form can edit, for a federation of two parties (ids 10000 and 9999).
fn every_field() -> Vec<FieldPath> {
    let mut out = vec![
        FieldPath::FateVersion,
        FieldPath::Target,
        FieldPath::Exchange,
        FieldPath::Authority,
    ];
    out.extend(ExchangeField::ALL.map(FieldPath::ExchangeField));
    for index in 0..2 {
        out.extend(PartyField::ALL.map(|field| FieldPath::Party(index, field)));
    }
    out.extend(ImagesField::ALL.map(FieldPath::Images));
    out.extend((0..2).map(FieldPath::PullSecret));
    out.extend(StorageField::ALL.map(FieldPath::Storage));
    for scope in [PlacementScope::Shared, PlacementScope::Party(1)] {
        out.push(FieldPath::Placement(scope, PlacementField::NodeLabel));
        out.extend(
            PlacementComponent::ALL
                .map(|component| FieldPath::Placement(scope, PlacementField::Component(component))),
        );
        out.extend((0..2).map(|egg| FieldPath::Placement(scope, PlacementField::Egg(egg))));
    }
    out.extend(IngressField::ALL.map(FieldPath::Ingress));
    for id in ["10000", "9999"] {
        out.extend(CredentialField::ALL.map(|field| FieldPath::Credential(id.to_owned(), field)));
    }
    out.extend(TlsField::ALL.map(FieldPath::Tls));
    out.extend(PemField::ALL.map(FieldPath::AuthorityPem));
    for id in ["10000", "exchange"] {
        out.push(FieldPath::Issued(id.to_owned()));
        out.extend(PemField::ALL.map(|field| FieldPath::IssuedPem(id.to_owned(), field)));
    }
    out
}

fn ids() -> Vec<String> {
    vec!["10000".to_owned(), "9999".to_owned()]
}

#[test]
fn every_field_has_a_name_in_words() {
    let ids = ids();
    let mut names = std::collections::BTreeMap::new();
    let mut problems = Vec::new();
    for path in every_field() {
        let name = labels::of(&path, &ids);
        if name.trim().is_empty() {
            problems.push(format!("{path}: no name"));
        }
        if let Some(what) = unreadable(&name) {
            problems.push(format!("{path}: {name:?} has {what}"));
        }
        // The core's error path gives the same name as the typed path.
        if labels::field(&path.to_string(), &ids).as_deref() != Some(name.as_str()) {
            problems.push(format!("{path}: the error path is named otherwise"));
        }
        if let Some(other) = names.insert(name.clone(), path.clone()) {
            problems.push(format!("{path} and {other} are both named {name:?}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        labels::of(&FieldPath::Party(0, PartyField::NodePort), &ids),
        "Party #1 (10000) › NodePort"
    );
    assert_eq!(
        labels::of(
            &FieldPath::Credential("9999".to_owned(), CredentialField::MysqlRoot),
            &ids
        ),
        "Credentials › Party #2 (9999) › mysql root password"
    );
    // A party's own entry (an unknown key inside it, say) is the party, not "Parties 1".
    assert_eq!(
        labels::describe("parties[1]", &ids).as_str(),
        "Party #2 (9999)"
    );
}

fn matrix() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/matrix");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/matrix")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            (
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read_to_string(&path).expect("matrix config"),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10, "matrix configs: {}", out.len());
    out
}

const TWO_PARTIES: &str = "version: 1\nparties:\n  - {id: \"10000\", address: 192.168.11.2, nodePort: 30010}\n  - {id: \"9999\", address: 192.168.11.3, nodePort: 30009}\nexchange: {address: 192.168.11.4, nodePort: 30000}\n";

const FATE2: &str = "version: 1\nfateVersion: 2.2.0\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001}\n  - {id: \"9999\", address: 10.0.0.2, nodePort: 30002}\nexchange: {address: 10.0.0.3, nodePort: 30000}\n";

/// Documents with mistakes, each a few lines of YAML: one or more of every kind of check.
fn planted() -> Vec<(&'static str, String)> {
    let parties = |a: &str, b: &str| {
        format!("version: 1\nparties:\n  - {{{a}}}\n  - {{{b}}}\nexchange: {{address: 192.168.11.4, nodePort: 30000}}\n")
    };
    let ok_b = "id: \"9999\", address: 192.168.11.3, nodePort: 30009";
    let with = |extra: &str| format!("{TWO_PARTIES}{extra}\n");
    let fate2 = |extra: &str| format!("{FATE2}{extra}\n");
    vec![
        ("version", "version: 7\nparties:\n  - {id: \"1\", address: 10.0.0.1, nodePort: 30001}\n".to_owned()),
        ("no party", "version: 1\nparties: []\n".to_owned()),
        ("duplicate NodePort", parties("id: \"10000\", address: 192.168.11.2, nodePort: 30009", "id: \"9999\", address: 192.168.11.2, nodePort: 30009")),
        ("NodePort out of range", parties("id: \"10000\", address: 192.168.11.2, nodePort: 99999", ok_b)),
        ("NodePort missing", parties("id: \"10000\", address: 192.168.11.2", ok_b)),
        ("exchange's port", parties("id: \"10000\", address: 192.168.11.4, nodePort: 30000", ok_b)),
        ("empty id", parties("id: \"\", address: 192.168.11.2, nodePort: 30010", ok_b)),
        ("letters in id", parties("id: abc, address: 192.168.11.2, nodePort: 30010", ok_b)),
        ("long id", parties("id: \"123456789012345678901234567890123\", address: 192.168.11.2, nodePort: 30010", ok_b)),
        ("same id", parties("id: \"9999\", address: 192.168.11.2, nodePort: 30010", ok_b)),
        ("same number", parties("id: \"09999\", address: 192.168.11.2, nodePort: 30010", ok_b)),
        ("address with port", parties("id: \"10000\", address: \"192.168.11.2:30010\", nodePort: 30010", ok_b)),
        ("address URL", parties("id: \"10000\", address: \"http://x.example\", nodePort: 30010", ok_b)),
        ("address spaces", parties("id: \"10000\", address: \" 10.0.0.1\", nodePort: 30010", ok_b)),
        ("bad IPv4", parties("id: \"10000\", address: 300.1.1.1, nodePort: 30010", ok_b)),
        ("empty address", parties("id: \"10000\", address: \"\", nodePort: 30010", ok_b)),
        ("DNS names", parties("id: \"10000\", address: \"a..b\", nodePort: 30010, fateboardHost: \"-x.example\"", "id: \"9999\", address: \"a_b.example\", nodePort: 30009, fateboardHost: \"x.123\"")),
        ("namespaces", parties("id: \"10000\", address: 192.168.11.2, nodePort: 30010, namespace: Fate_A", "id: \"9999\", address: 192.168.11.3, nodePort: 30009, namespace: fate-exchange")),
        ("same namespace", parties("id: \"10000\", address: 192.168.11.2, nodePort: 30010, namespace: shared", "id: \"9999\", address: 192.168.11.3, nodePort: 30009, namespace: shared")),
        ("same fateboard host", format!("{}ingress: {{enabled: true}}\n", parties("id: \"10000\", address: 192.168.11.2, nodePort: 30010, fateboardHost: a.example", "id: \"9999\", address: 192.168.11.3, nodePort: 30009, fateboardHost: a.example"))),
        ("DMZ with a NodePort", parties("id: \"10000\", address: 192.168.11.2, nodePort: 30010, dmz: {host: 203.0.113.1, port: 0, federationNodePort: 30011, fateflowNodePort: 30011}", ok_b)),
        ("DMZ ports", parties("id: \"10000\", address: 192.168.11.2, dmz: {host: \"bad host\", port: 70000, federationNodePort: 30009, fateflowNodePort: 40000}", ok_b)),
        ("DMZ port twice", parties("id: \"10000\", address: 192.168.11.2, dmz: {host: 203.0.113.1, port: 9370, federationNodePort: 30011, fateflowNodePort: 30012}", "id: \"9999\", address: 192.168.11.3, dmz: {host: 203.0.113.1, port: 9370, federationNodePort: 30013, fateflowNodePort: 30014}")),
        ("exchange fields", "version: 1\nparties:\n  - {id: \"1\", address: 10.0.0.1, nodePort: 30001}\nexchange: {address: \"\", nodePort: 80, namespace: \"A B\", nodeLabelValue: \"-x-\"}\n".to_owned()),
        ("registry scheme", with("images: {registry: \"https://harbor.example/fate\", tag: latest, mysqlTag: \"a b\", redisTag: \"\", pullSecrets: [x, x, \"Bad_Secret\"]}")),
        ("registry slash", with("images: {registry: \"harbor.example/\"}")),
        ("registry port", with("images: {registry: \"harbor.example:99x/fate\"}")),
        ("registry path", with("images: {registry: \"harbor.example/Fate\"}")),
        ("registry host", with("images: {registry: \"-bad/fate\"}")),
        ("NFS relative", with("storage: {type: nfs, server: \"\", path: exports, size: 10 G}")),
        ("NFS dots", with("storage: {type: nfs, server: 10.0.0.9, path: /a/../b, size: \"0\"}")),
        ("storage class", with("storage: {type: storageClass, class: Fast_SSD, sizes: {mysql: x, redis: 1Gi, egg: 0Gi}}")),
        ("existing claim", with("storage: {type: existingClaim, claim: \"\"}")),
        ("placement", with("placement: {nodeLabel: \"bad key/\", proxy: \"-x\", eggs: []}")),
        ("placement key prefix", with("placement: {nodeLabel: \"Bad_Prefix/name\", eggs: [\"a b\"]}")),
        ("placement long", with(&format!("placement: {{nodeLabel: {}, eggs: [{}]}}", "a".repeat(70), vec!["e"; 101].join(", ")))),
        ("ingress", with("ingress: {enabled: true, className: \"Bad_Class\", tlsSecret: \"Bad Secret\"}")),
        ("passwords", with("credentials:\n  \"10000\": {mysqlRootPassword: fate_dev, mysqlPassword: short}\n  \"9999\": {mysqlRootPassword: \"abcdefghijkl!\", redisPassword: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n  \"4242\": {mysqlPassword: abcdefghijkl1}")),
        ("1.x fateboard password and placement", with("credentials: {\"10000\": {fateboardPassword: abcdefghijkl1}}\nplacement: {clustermanager: a, fateflow: b}")),
        ("1.x with TLS", with("tls: {enabled: true}")),
        ("2.2 on Helm 2 with a DMZ", "version: 1\nfateVersion: 2.2.0\ntarget: helm2\nparties:\n  - {id: \"10000\", address: 10.0.0.1, dmz: {host: 192.168.0.9, federationNodePort: 30101, fateflowNodePort: 30102}}\n".to_owned()),
        ("2.2 misplaced", fate2("placement: {federation: a, metaService: b, roll: c, python: d, redis: e}\ncredentials: {\"10000\": {redisPassword: abcdefghijkl1}}")),
        ("2.2 party misplaced", "version: 1\nfateVersion: 2.2.0\nparties:\n  - {id: \"10000\", address: 10.0.0.1, nodePort: 30001, placement: {roll: a, eggs: []}}\n".to_owned()),
        ("TLS validity", fate2("tls: {enabled: true, validityDays: 0}")),
        ("certificates without authority", fate2("tls: {enabled: true}\ncertificates: {issued: {\"10000\": {cert: x, key: y}}}")),
        ("authority no PEM", fate2("tls: {enabled: true}\ncertificates: {authority: {cert: hello}}")),
    ]
}

fn check_messages(name: &str, config: &Config, problems: &mut Vec<String>) -> usize {
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    let errors = validate(config);
    for FieldError { path, message } in &errors.0 {
        let line = labels::problem(
            &FieldError {
                path: path.clone(),
                message: message.clone(),
            },
            &ids,
        );
        let Some(subject) = labels::field(path, &ids) else {
            problems.push(format!("{name}: {path} has no on-screen name ({line})"));
            continue;
        };
        if !line.starts_with(&format!("{subject}: ")) {
            problems.push(format!("{name}: {line:?} does not start with {subject:?}"));
        }
        if !starts_with_its_subject(message) {
            problems.push(format!(
                "{name}: {line:?}: the message does not continue its subject"
            ));
        }
        if let Some(what) = unreadable(&line) {
            problems.push(format!("{name}: {line:?} has {what}"));
        }
    }
    errors.0.len()
}

#[test]
fn every_message_reads_in_words() {
    let mut problems = Vec::new();
    for (name, text) in matrix() {
        let config = parse_config(&text).expect(&name);
        // The matrix configs are valid: no message at all.
        assert_eq!(check_messages(&name, &config, &mut problems), 0, "{name}");
    }
    let mut total = 0;
    for (name, text) in planted() {
        let config = parse_config(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let n = check_messages(name, &config, &mut problems);
        assert!(n > 0, "{name}: the planted mistake was not found");
        total += n;
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(total >= 80, "only {total} messages checked");
}

#[test]
fn a_duplicate_node_port_reads_as_the_form_names_it() {
    let mut config = parse_config(TWO_PARTIES).expect("parses");
    config.parties[1].address = config.parties[0].address.clone();
    config.parties[1].node_port = config.parties[0].node_port;
    let errors = validate(&config);
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    let lines: Vec<String> = errors.0.iter().map(|e| labels::problem(e, &ids)).collect();
    assert_eq!(
        lines,
        ["Party #2 (9999) › NodePort: is already used by Party #1 (10000)'s proxy: port 30010 on 192.168.11.2"]
    );
}

#[test]
fn the_checks_catch_what_they_should() {
    for bad in [
        "parties[0].nodePort is wrong",
        "is the same as dmz.federationNodePort",
        "use metaService",
        "contains `x`",
    ] {
        assert!(unreadable(bad).is_some(), "{bad}");
    }
    for fine in [
        "is “parties[0]”, not a party id",
        "is 30009 on 192.168.11.2, already used by Party #1 (10000)'s proxy",
        "is “a.example”, also used by Party #1 (10000)",
        "Party #1 (10000) › NodePort",
        "is not a valid DNS name: use letters, digits, “-” and “.”",
    ] {
        assert_eq!(unreadable(fine), None, "{fine}");
    }
    assert!(!starts_with_its_subject("FATE 2.2 has no roll component"));
    assert!(!starts_with_its_subject("30009 is outside the range"));
    assert!(starts_with_its_subject("is outside the range"));
    assert!(starts_with_its_subject("“a b” has spaces"));
}
