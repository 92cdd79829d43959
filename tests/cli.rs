//! The `fate-chartgen` binary: commands, exit codes and messages.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use fate_chartgen::generator::{from_zip, parse_config, share};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fate-chartgen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn validate_accepts_good_input_and_lists_every_problem_otherwise() {
    let ok = run(&["validate", "tests/matrix/seed-default.yaml"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("ok (2 parties, with exchange)"));

    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "version: 1\nparties:\n  - {id: \"1\", address: 10.0.0.1, nodePort: 80}\n  - {id: \"1\", address: \"x_y\", nodePort: 30001}\n",
    )
    .expect("write");
    let out = run(&["validate", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for needle in [
        "3 problems",
        "parties[0].nodePort",
        "parties[1].id",
        "parties[1].address",
    ] {
        assert!(err.contains(needle), "{needle} missing in: {err}");
    }
}

#[test]
fn import_prints_the_equivalent_document() {
    let out = run(&[
        "import",
        "tests/fixtures/seed/kube.cfg",
        "--env",
        "tests/fixtures/seed/.env",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let config = parse_config(&stdout(&out)).expect("a config document");
    assert_eq!(config, common::matrix_config("seed-default"));
    assert!(stderr(&out).contains("note:"), "import notes go to stderr");
}

#[test]
fn import_refuses_a_config_document() {
    let out = run(&["import", "tests/matrix/seed-default.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not a kube.cfg"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn share_prints_a_link_that_decodes_to_the_document() {
    let out = run(&[
        "share",
        "tests/matrix/dmz.yaml",
        "--base-url",
        "https://fate.example/configurator/",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let link = stdout(&out);
    let link = link.trim();
    assert!(
        link.starts_with("https://fate.example/configurator/#c=1."),
        "{link}"
    );
    let encoded = share::from_fragment(link.split_once('#').expect("fragment").1).expect("c=");
    assert_eq!(
        share::decode(encoded).expect("decodes"),
        common::matrix_config("dmz")
    );
}

#[test]
fn schema_is_json() {
    let out = run(&["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(schema["title"], "FATE federation config document");
}

#[test]
fn generate_writes_zip_directory_and_per_party_zips_and_reuses_passwords() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("bundle.zip");
    let out = run(&[
        "generate",
        "tests/matrix/dmz.yaml",
        "-o",
        zip.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("generated new passwords"));
    let bytes = std::fs::read(&zip).expect("zip written");
    let bundle = from_zip(&bytes).expect("a zip");
    assert!(bundle.get("fate-10000/Chart.yaml").is_some());

    // Same document + the passwords of the first bundle → the same bytes.
    let again = dir.path().join("again.zip");
    let out = run(&[
        "generate",
        "tests/matrix/dmz.yaml",
        "--credentials",
        zip.to_str().expect("utf-8"),
        "-o",
        again.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("generated new passwords"));
    assert_eq!(std::fs::read(&again).expect("zip"), bytes);

    // A directory: executable scripts; regenerating over it replaces it.
    let tree = dir.path().join("tree");
    for _ in 0..2 {
        let out = run(&[
            "generate",
            "tests/matrix/dmz.yaml",
            "-o",
            tree.to_str().expect("utf-8"),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(tree.join("fate-9999/values.yaml").is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(tree.join("install.sh"))
            .expect("script")
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "install.sh is executable");
    }

    // One zip per organisation.
    let split = dir.path().join("split");
    let out = run(&[
        "generate",
        "tests/matrix/dmz.yaml",
        "--per-party",
        "-o",
        split.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["fate-10000.zip", "fate-9999.zip", "fate-exchange.zip"] {
        assert!(split.join(name).is_file(), "{name}");
    }
}

#[test]
fn generate_refuses_to_overwrite_an_unrelated_directory_and_invalid_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.txt"), "keep me").expect("write");
    let out = run(&[
        "generate",
        "tests/matrix/seed-default.yaml",
        "-o",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not an earlier bundle"),
        "{}",
        stderr(&out)
    );
    assert!(
        Path::new(&dir.path().join("notes.txt")).is_file(),
        "nothing was lost"
    );

    let bad = dir.path().join("bad.cfg");
    std::fs::write(
        &bad,
        "partylist=(10000 9999)\npartyiplist=(192.168.11.2:30010)\n",
    )
    .expect("write");
    let target = dir.path().join("out.zip");
    let out = run(&[
        "generate",
        bad.to_str().expect("utf-8"),
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`partyiplist` has 1 entry but `partylist` has 2"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists(), "no partial bundle");
}
