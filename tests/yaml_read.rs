//! The document reader (`yaml_read`) against serde_yaml, its oracle: every config document in
//! the repository and in generated bundles, a corpus of tricky YAML, random trees written by
//! serde_yaml and serde_json, and wrong documents, whose errors must name the same line and
//! path (or a better one: the key's own).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use fate_chartgen::generator::config::Config;
use fate_chartgen::generator::federation::{complete_certificates, Federation};
use fate_chartgen::generator::generate;
use fate_chartgen::generator::yaml_read;
use proptest::prelude::*;
use serde_json::Value as Json;

/// Both readers' `Config`, compared as JSON (Debug hides certificates).
fn same_config(name: &str, text: &str) {
    let ours: Config =
        yaml_read::from_str(text).unwrap_or_else(|error| panic!("{name}: ours: {error}"));
    let theirs: Config =
        serde_yaml::from_str(text).unwrap_or_else(|error| panic!("{name}: serde_yaml: {error}"));
    assert_eq!(
        serde_json::to_value(&ours).expect("json"),
        serde_json::to_value(&theirs).expect("json"),
        "{name}"
    );
}

/// Both readers' generic tree.
fn same_tree(name: &str, text: &str) {
    let theirs: Json =
        serde_yaml::from_str(text).unwrap_or_else(|error| panic!("{name}: serde_yaml: {error}"));
    let ours: Json =
        yaml_read::from_str(text).unwrap_or_else(|error| panic!("{name}: ours: {error}\n{text}"));
    assert_eq!(ours, theirs, "{name}:\n{text}");
}

fn yaml_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path.display().to_string(), text)
        })
        .collect()
}

fn repository_documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = yaml_files(&root.join("tests/matrix"));
    documents.extend(yaml_files(&root.join("web/presets")));
    let golden = root.join("tests/golden/seed-default/federation.yaml");
    documents.push((
        golden.display().to_string(),
        std::fs::read_to_string(&golden).expect("golden federation.yaml"),
    ));
    documents
}

#[test]
fn every_config_document_of_the_repository_reads_the_same() {
    let documents = repository_documents();
    assert!(documents.len() >= 25, "{}", documents.len());
    for (name, text) in &documents {
        same_config(name, text);
        same_tree(name, text);
    }
}

/// Every matrix config as its bundle writes it, its values.yaml files (read generically), and
/// with its TLS certificates, written by serde_yaml (block scalars) and serde_json.
#[test]
fn generated_documents_and_values_files_read_the_same() {
    let mut values_files = 0;
    for (name, config) in common::matrix() {
        let mut random = common::CountingRandom(7);
        let federation = Federation::new(&config, &mut random).expect("valid matrix config");
        let bundle = generate(&federation);
        same_config(
            &name,
            bundle.get("federation.yaml").expect("federation.yaml"),
        );
        for (path, file) in &bundle.files {
            if path.ends_with("values.yaml") {
                same_tree(path, &file.contents);
                values_files += 1;
            }
        }
        let mut full = config.clone();
        if config.tls.enabled {
            full.certificates = complete_certificates(&config, &mut random).expect("issued");
            assert!(full.certificates.authority.is_some());
        }
        let yaml = serde_yaml::to_string(&full).expect("yaml");
        same_config(&name, &yaml);
        let json = serde_json::to_string_pretty(&full).expect("json");
        same_config(&name, &json);
        same_config(&name, &serde_json::to_string(&full).expect("json"));
    }
    assert!(values_files > 20, "{values_files}");
}

/// A PEM certificate as people write it: a literal block scalar, with an explicit indentation
/// indicator, keep and strip chomping.
#[test]
fn pem_block_scalars_read_the_same() {
    let pem =
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\nabc+/=\n-----END CERTIFICATE-----";
    let indented: String = pem
        .lines()
        .map(|line| format!("        {line}\n"))
        .collect();
    for header in ["|", "|-", "|+", "|2", "|-2", "|2-", ">"] {
        let text = format!(
            "version: 1\nparties: []\ncertificates:\n  issued:\n    \"10000\":\n      cert: {header}\n{indented}      key: |\n        k\n\n"
        );
        same_config(header, &text);
        same_tree(header, &text);
    }
}

/// Hand-written YAML that is easy to get wrong.
const TRICKY: &[&str] = &[
    "a: |\n  x\n  y\n",
    "a: |-\n  x\n\n\n",
    "a: |+\n  x\n\n\nb: 1",
    "a: >\n  folded\n  text\n\n  para\n    indented\n  back\n",
    "a: >-\n  x\n  y\n",
    "a: >+\n  x\n\n",
    "a: |1\n  two spaces\n",
    "- |\n  in a list\n- >\n  folded\n  too\n",
    "a: |\n\n  leading blank\n",
    "a: |\n  trailing\n  \n",
    "a: |\n  x\n# comment, not content\nb: 1",
    "a: \"esc \\\" \\\\ \\/ \\n \\t \\x41 \\u00e9 \\U0001F600\"",
    "a: 'single ''quoted'''",
    "a: \"multi\n  line\n\n  quoted\"",
    "a: 'multi\n  line'",
    "a: \"joined \\\n  here\"",
    "a: plain\n  folded\n\n  over lines",
    "{a: 1, b: [x, y], c: {d: e}}",
    "{\n  \"a\": 1,\n  \"b\": [true, false, null],\n  \"c\": {\"d\": \"e\"}\n}",
    "[1, 2,\n 3]",
    "a: [x, y,]\nb: {c: d,}",
    "a: # comment\n  b: 1 # another\n# full line\nc: 2",
    "a:\nb: ~\nc: null\nd: ''\ne: \"\"",
    "a:\n  b: 1\nc: 2",
    "a:\n  b:\nc:",
    "a:\n- x\n- y\nb:\n  - z",
    "- a: 1\n  b: 2\n- a: 3",
    "- - 1\n  - 2\n- - 3",
    "---\na: 1\n...\n",
    "--- \n- x",
    "\u{feff}a: 1",
    "a: 1   \nb: 2\t\n",
    "a:    spaced    value   ",
    "k: v:w\nurl: http://example.org:80/x#y",
    "a: -1\nb: +2\nc: 0x1F\nd: 0o17\ne: 1.5\nf: 1e3\ng: .inf\nh: -.Inf\ni: 007\nj: 1_000",
    "a: true\nb: True\nc: TRUE\nd: yes\ne: on\nf: y\ng: False",
    "a: '1'\nb: \"true\"\nc: '~'",
    "\"quoted key\": 1\n'single key': 2\n? x",
    "a: b # comment\nc: 'd' # comment\ne: \"f\" # comment\ng: [h] # comment",
    "a: x#y\nb: x #y",
    "a: \"unicode é ✓ 😀\"\nb: plain é ✓",
    "a: -\n",
    "a: - \n",
    "- ",
    "",
    "# nothing\n",
    "~",
    "plain text document",
    "'quoted document'",
    "[]",
    "{}",
    "a: {}\nb: []",
    "a: [{b: 1}, {c: [2, 3]}]",
    "a:\n  - b: 1\n    c: 2\n  - d",
    "a: 1\n\n\n\nb: 2\n",
    "a: \"\\ttab\\r\\nCRLF\"",
    "a: |\n\tnot indentation\n",
    "a:\ttab separated",
    "a: [ 'x' , \"y\" ]",
    "{a: [1, {b: 2}], c: 'd'}",
    "a: 'x:y'\nb: x: y",
    "a: \"\"\nb: ''\nc:",
];

#[test]
fn tricky_yaml_reads_the_same() {
    for text in TRICKY {
        let theirs = serde_yaml::from_str::<Json>(text);
        let ours = yaml_read::from_str::<Json>(text);
        match (theirs, ours) {
            (Ok(theirs), Ok(ours)) => assert_eq!(ours, theirs, "{text:?}"),
            (Err(_), Err(_)) => {}
            (theirs, ours) => {
                // Where the readers disagree on whether a text is YAML, it must be a case we
                // refuse on purpose.
                let ours = ours.expect_err(&format!(
                    "{text:?}: we read what serde_yaml refuses: {theirs:?}"
                ));
                assert!(
                    ours.message().contains("anchors"),
                    "{text:?}: serde_yaml read {theirs:?}, we refused: {ours}"
                );
            }
        }
    }
}

/// A JSON value of the shapes a document holds; no floats (serde_yaml writes them its own way).
fn tree() -> impl Strategy<Value = Json> {
    let nasty = prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        Just(": ".to_owned()),
        Just("a: b".to_owned()),
        Just("#".to_owned()),
        Just(" # x".to_owned()),
        Just("'\"".to_owned()),
        Just("  leading".to_owned()),
        Just("trailing  ".to_owned()),
        Just("two\nlines".to_owned()),
        Just("ends\n".to_owned()),
        Just("\n\nblank\n\n".to_owned()),
        Just("tab\there".to_owned()),
        Just("é ✓ 😀".to_owned()),
        Just("- dash".to_owned()),
        Just("[x]".to_owned()),
        Just("{x}".to_owned()),
        Just("true".to_owned()),
        Just("null".to_owned()),
        Just("~".to_owned()),
        Just("1".to_owned()),
        Just("0x10".to_owned()),
        Just("007".to_owned()),
        Just("".to_owned()),
        Just("---".to_owned()),
        Just("...".to_owned()),
        Just("|".to_owned()),
        Just("\\".to_owned()),
        Just("&a *b !c".to_owned()),
        any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        nasty.prop_map(Json::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|map| Json::Object(map.into_iter().collect())),
        ]
    })
}

/// Keys short and long, on one line or several (serde_yaml writes the last two as `? key`).
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 :#'\"-]{0,8}",
        1 => "[a-z\n ]{0,10}",
        1 => "[a-z]{120,140}",
    ]
}

/// serde_yaml writes control characters other than tab and newline escaped; ours refuses them
/// raw, so random strings are kept to printable ones plus those two.
fn printable(value: &Json) -> bool {
    match value {
        Json::String(text) => !text
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{feff}'),
        Json::Array(items) => items.iter().all(printable),
        Json::Object(map) => map
            .iter()
            .all(|(k, v)| printable(&Json::String(k.clone())) && printable(v)),
        _ => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_trees_written_by_serde_yaml_and_serde_json_read_back(value in tree()) {
        let json = serde_json::to_string_pretty(&value).expect("json");
        prop_assert_eq!(&yaml_read::from_str::<Json>(&json).map_err(|e| TestCaseError::fail(e.to_string()))?, &value, "{}", json);
        let compact = serde_json::to_string(&value).expect("json");
        prop_assert_eq!(&yaml_read::from_str::<Json>(&compact).map_err(|e| TestCaseError::fail(e.to_string()))?, &value, "{}", compact);
        if printable(&value) {
            let yaml = serde_yaml::to_string(&value).expect("yaml");
            let theirs: Json = serde_yaml::from_str(&yaml).expect("serde_yaml reads its own");
            prop_assert_eq!(&yaml_read::from_str::<Json>(&yaml).map_err(|e| TestCaseError::fail(e.to_string()))?, &theirs, "{}", yaml);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = yaml_read::from_str::<Json>(&text);
        let _ = yaml_read::from_str::<Config>(&text);
    }

    #[test]
    fn yaml_like_text_never_panics(text in "[-:#'\"\\[\\]{}|>!&*?,. \n\t0-9a-c\\\\]{0,300}") {
        let theirs = serde_yaml::from_str::<Json>(&text);
        let ours = yaml_read::from_str::<Json>(&text);
        if let (Ok(theirs), Ok(ours)) = (theirs, ours) {
            prop_assert_eq!(ours, theirs, "{:?}", text);
        }
    }
}

/// Pathological input is read (or refused) in time linear in its size.
#[test]
fn pathological_input_is_bounded() {
    let cases = [
        "[".repeat(200_000),
        "{a: ".repeat(100_000),
        "- ".repeat(100_000),
        format!("a: \"{}", "x\n".repeat(200_000)),
        format!("a: |\n{}", "  x\n".repeat(200_000)),
        format!("a:\n{}", "  b c d\n".repeat(200_000)),
        "a: b\n".repeat(100_000),
        format!("[{}]", "1, ".repeat(300_000)),
        "# c\n".repeat(300_000),
        "\n".repeat(500_000),
    ];
    for text in &cases {
        let start = Instant::now();
        let _ = yaml_read::from_str::<Json>(text);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{} bytes took {:?}",
            text.len(),
            start.elapsed()
        );
    }
}

/// Wrong documents: the same serde message as serde_yaml, with a path and a line at least as
/// precise.
#[test]
fn errors_name_the_same_problem_as_serde_yaml_or_a_better_spot() {
    // (document, path, line, column): where we report it.
    let cases: &[(&str, &str, usize, usize)] = &[
        (
            "version: 1\nparties:\n  - {id: 1, address: a, nodePort: many}\n",
            "parties[0].nodePort",
            3,
            35,
        ),
        (
            "version: 1\nparties: [{id: 1, address: a, nodePort: 99999999999}]\n",
            "parties[0].nodePort",
            2,
            41,
        ),
        (
            "version: 1\nparties: [{id: 1, address: a, nodePort: 1.5}]\n",
            "parties[0].nodePort",
            2,
            41,
        ),
        ("version: 1\nparties: [{}]\n", "parties[0]", 2, 11),
        ("version: 1\nparties: []\ntarget: helm5\n", "target", 3, 9),
        (
            "version: 1\nparties: []\nfateVersion: 2.2\n",
            "fateVersion",
            3,
            14,
        ),
        (
            "version: 1\nparties: []\ntls: {enabled: maybe}\n",
            "tls.enabled",
            3,
            16,
        ),
        ("version: 1\nparties: {}\n", "parties", 2, 10),
        ("version: 1\nparties: []\nstorage: nfs\n", "storage", 3, 10),
        ("version: 1\nparties: []\nstorage:\n", "storage", 3, 9),
        (
            "version: 1\nparties: []\nstorage: {type: 5}\n",
            "storage.type",
            3,
            17,
        ),
        (
            "version: 1\nparties: []\nstorage: {1: a}\n",
            "storage",
            3,
            10,
        ),
        ("- a\n", "", 1, 1),
    ];
    for &(text, path, line, column) in cases {
        let theirs = serde_yaml::from_str::<Config>(text).expect_err("serde_yaml refuses");
        let ours = yaml_read::from_str::<Config>(text).expect_err("we refuse");
        let their_message = theirs.to_string();
        assert!(
            their_message.contains(ours.message()),
            "{text:?}: ours {ours}, theirs {their_message}"
        );
        let their_location = theirs.location().expect("serde_yaml locates it");
        assert_eq!(
            (their_location.line(), their_location.column()),
            (line, column),
            "{text:?}: serde_yaml's spot"
        );
        assert_eq!(
            (ours.path(), ours.line(), ours.column()),
            (path, Some(line), Some(column)),
            "{text:?}: {ours}"
        );
    }
    // Better than serde_yaml, which places these at the enclosing mapping (or the document's
    // start, inside `storage:`) without a path: ours is at the key itself.
    let better: &[(&str, &str, &str, usize, usize)] = &[
        (
            "version: 1\nparties: []\nstorage:\n  type: nfs\n  server: a\n  pth: b\n",
            "unknown field `pth`",
            "storage",
            6,
            3,
        ),
        (
            "version: 1\nparties: []\nversion: 2\n",
            "duplicate field `version`",
            "",
            3,
            1,
        ),
        (
            "version: 1\nparties: []\nstorage: {type: nfs, server: a, server: b, path: c}\n",
            "duplicate",
            "storage",
            3,
            33,
        ),
        (
            "version: 1\nparties: []\nplacement:\n  nodeLabel: a\n  eggz: []\n",
            "unknown field `eggz`",
            "placement",
            5,
            3,
        ),
        (
            "version: 1\nparties:\n  - id: 1\n    address: a\n    nodeport: 30000\n",
            "unknown field `nodeport`",
            "parties[0]",
            5,
            5,
        ),
        (
            "{\"version\": 1, \"parties\": [],\n \"storage\": {\"type\": \"nfs\", \"srv\": 1}}",
            "unknown field `srv`",
            "storage",
            2,
            29,
        ),
    ];
    for &(text, words, path, line, column) in better {
        let theirs = serde_yaml::from_str::<Config>(text).expect_err("serde_yaml refuses");
        let ours = yaml_read::from_str::<Config>(text).expect_err("we refuse");
        assert!(ours.message().contains(words), "{text:?}: {ours}");
        let their_words = words.split('`').next().unwrap_or(words);
        assert!(
            theirs.to_string().contains(their_words),
            "{text:?}: {theirs}"
        );
        assert_eq!(
            (ours.path(), ours.line(), ours.column()),
            (path, Some(line), Some(column)),
            "{text:?}: {ours}"
        );
    }
}

/// What serde_yaml reads but we refuse on purpose, each with its line.
#[test]
fn refusals_serde_yaml_would_read() {
    for (text, words, line) in [
        ("version: 1\nparties: &p []\n", "anchors", 2),
        ("version: 1\nparties: !!seq []\n", "tags", 2),
        (
            "version: 1\nparties: []\ncredentials:\n  \"1\": {}\n  \"1\": {}\n",
            "duplicate entry with key `1`",
            5,
        ),
    ] {
        assert!(serde_yaml::from_str::<Config>(text).is_ok(), "{text:?}");
        let ours = yaml_read::from_str::<Config>(text).expect_err("we refuse");
        assert!(ours.message().contains(words), "{text:?}: {ours}");
        assert_eq!(ours.line(), Some(line), "{text:?}: {ours}");
    }
}

/// One scalar read into each kind of field a config document has: both readers give the same
/// value, or the same serde message.
#[test]
fn scalars_read_into_typed_fields_as_serde_yaml_reads_them() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Text {
        v: String,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct MaybeText {
        v: Option<String>,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Port {
        v: u32,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct MaybePort {
        v: Option<u16>,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Signed {
        v: i32,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Switch {
        v: bool,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Texts {
        v: Vec<String>,
    }
    fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) {
        let theirs = serde_yaml::from_str::<T>(text).map_err(|error| error.to_string());
        let ours = yaml_read::from_str::<T>(text).map_err(|error| error.message().to_owned());
        match (theirs, ours) {
            (Ok(theirs), Ok(ours)) => assert_eq!(ours, theirs, "{text:?}"),
            (Err(theirs), Err(ours)) => {
                assert!(theirs.contains(&ours), "{text:?}: {ours} / {theirs}")
            }
            (theirs, ours) => panic!("{text:?}: serde_yaml {theirs:?}, ours {ours:?}"),
        }
    }
    for scalar in [
        "1",
        "true",
        "True",
        "~",
        "null",
        "",
        "0x1F",
        "0o17",
        "+5",
        "-1",
        "1.5",
        "1e3",
        ".inf",
        "007",
        "1_000",
        "'1'",
        "\"true\"",
        "''",
        "99999999999",
        "70000",
        "18446744073709551616",
        "text",
        "[a, 1]",
        "{a: 1}",
        "[]",
        "{}",
    ] {
        let text = format!("v: {scalar}\n");
        same::<Text>(&text);
        same::<MaybeText>(&text);
        same::<Port>(&text);
        same::<MaybePort>(&text);
        same::<Signed>(&text);
        same::<Switch>(&text);
        same::<Texts>(&text);
    }
}
