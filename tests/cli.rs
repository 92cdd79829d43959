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

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The names in a directory, sorted (temporary files start with a dot, so they show too).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir` with the SHA-256 of its bytes, by relative path.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
    use sha2::{Digest as _, Sha256};
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside").to_string_lossy();
                let digest = Sha256::digest(std::fs::read(&path).expect("file"));
                let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
                files.insert(relative.into_owned(), hex);
            }
        }
    }
    files
}

/// Runs the binary with writes limited to about 10 KiB per file (`ulimit -f`; SIGXFSZ ignored,
/// so a longer write fails with "File too large"): a write failure in the middle of the output
/// that root cannot bypass, unlike permissions.
fn run_with_small_files(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 20; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_fate-chartgen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("sh runs")
}

fn fails_naming(out: &Output, needles: &[&str]) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    let err = stderr(out);
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} missing in: {err}");
    }
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn a_file_that_cannot_be_read_is_named_with_what_was_being_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.yaml");
    let zip = dir.path().join("out.zip");
    let out = run(&["generate", utf8(&missing), "-o", utf8(&zip)]);
    fails_naming(
        &out,
        &[&format!(
            "cannot read config document '{}': No such file or directory",
            missing.display()
        )],
    );
    for command in ["validate", "share"] {
        let out = run(&[command, utf8(&missing)]);
        fails_naming(
            &out,
            &[&format!(
                "cannot read config document '{}'",
                missing.display()
            )],
        );
    }
    let out = run(&["import", utf8(&missing)]);
    fails_naming(
        &out,
        &[&format!("cannot read kube.cfg '{}'", missing.display())],
    );

    let env = dir.path().join("missing.env");
    let out = run(&[
        "generate",
        "tests/fixtures/seed/kube.cfg",
        "--env",
        utf8(&env),
        "-o",
        utf8(&zip),
    ]);
    fails_naming(
        &out,
        &[&format!(
            "cannot read .env file '{}': No such file or directory",
            env.display()
        )],
    );

    let credentials = dir.path().join("earlier.zip");
    let out = run(&[
        "generate",
        "tests/matrix/dmz.yaml",
        "--credentials",
        utf8(&credentials),
        "-o",
        utf8(&zip),
    ]);
    fails_naming(
        &out,
        &[&format!(
            "cannot read credentials '{}': No such file or directory",
            credentials.display()
        )],
    );
    assert!(names(dir.path()).is_empty(), "nothing written");
}

#[test]
fn an_output_that_cannot_be_written_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The parent of the zip does not exist.
    let lost = dir.path().join("no-such-dir/bundle.zip");
    let out = run(&["generate", "tests/matrix/dmz.yaml", "-o", utf8(&lost)]);
    fails_naming(
        &out,
        &[&format!(
            "cannot write zip '{}': No such file or directory",
            lost.display()
        )],
    );

    // A parent that is a regular file: no directory there can be written, even by root.
    let file = dir.path().join("file");
    std::fs::write(&file, "not a directory").expect("write");
    for (args, path) in [
        (vec![], file.join("bundle.zip")),
        (vec![], file.join("out")),
        (vec!["--per-party"], file.join("split")),
        (vec!["--party", "10000"], file.join("sub/out")),
    ] {
        let mut all = vec!["generate", "tests/matrix/dmz.yaml", "-o", utf8(&path)];
        all.extend(args);
        let out = run(&all);
        fails_naming(&out, &[&format!("'{}", path.display()), "Not a directory"]);
    }

    // A directory without write permission (root is not held back by it).
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::metadata(&file).expect("stat").uid() != 0 {
            let target = locked.join("bundle.zip");
            let out = run(&["generate", "tests/matrix/dmz.yaml", "-o", utf8(&target)]);
            fails_naming(
                &out,
                &[&format!(
                    "cannot write zip '{}': Permission denied",
                    target.display()
                )],
            );
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    assert_eq!(names(dir.path()), ["file", "locked"], "nothing left behind");
}

#[test]
fn a_failed_write_leaves_no_partial_output_and_the_earlier_output_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tree_out = dir.path().join("tree");
    let zip = dir.path().join("bundle.zip");
    let split = dir.path().join("split");
    for args in [
        vec!["-o", utf8(&tree_out)],
        vec!["-o", utf8(&zip)],
        vec!["--per-party", "-o", utf8(&split)],
    ] {
        let mut all = vec!["generate", "tests/matrix/dmz.yaml"];
        all.extend(args);
        let out = run(&all);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    std::fs::write(split.join("notes.txt"), "keep me").expect("write");
    let before_tree = tree(&tree_out);
    let before_zip = std::fs::read(&zip).expect("zip");
    let before_split = tree(&split);
    let before_names = names(dir.path());

    // New passwords would change every file: a write that got through would show.
    let out = run_with_small_files(&["generate", "tests/matrix/dmz.yaml", "-o", utf8(&tree_out)]);
    fails_naming(
        &out,
        &[&format!("'{}/", tree_out.display()), "File too large"],
    );
    assert_eq!(
        tree(&tree_out),
        before_tree,
        "the earlier bundle is untouched"
    );

    let out = run_with_small_files(&["generate", "tests/matrix/dmz.yaml", "-o", utf8(&zip)]);
    fails_naming(
        &out,
        &[&format!(
            "cannot write zip '{}': File too large",
            zip.display()
        )],
    );
    assert_eq!(std::fs::read(&zip).expect("zip"), before_zip);

    let out = run_with_small_files(&[
        "generate",
        "tests/matrix/dmz.yaml",
        "--per-party",
        "-o",
        utf8(&split),
    ]);
    fails_naming(
        &out,
        &[&format!("'{}/fate-", split.display()), "File too large"],
    );
    assert_eq!(
        tree(&split),
        before_split,
        "earlier zips untouched, no temporary files"
    );

    // A directory where one of the zips goes: no zip is replaced, no temporary file stays.
    std::fs::remove_file(split.join("fate-exchange.zip")).expect("rm");
    std::fs::create_dir(split.join("fate-exchange.zip")).expect("mkdir");
    let before_split = tree(&split);
    let out = run(&[
        "generate",
        "tests/matrix/dmz.yaml",
        "--per-party",
        "-o",
        utf8(&split),
    ]);
    fails_naming(
        &out,
        &[&format!(
            "'{}' is a directory",
            split.join("fate-exchange.zip").display()
        )],
    );
    assert_eq!(tree(&split), before_split);
    assert_eq!(
        names(&split),
        [
            "fate-10000.zip",
            "fate-9999.zip",
            "fate-exchange.zip",
            "notes.txt"
        ]
    );

    // Outputs that did not exist are not left half made, nor are the parents made for them.
    let new_tree = dir.path().join("new/deeper/tree");
    let new_zip = dir.path().join("new-bundle.zip");
    let new_split = dir.path().join("new/split");
    for (input, args) in [
        ("dmz", vec!["-o", utf8(&new_tree)]),
        // Enough files for the tree to be written by several threads.
        ("fifty-parties", vec!["-o", utf8(&new_tree)]),
        ("dmz", vec!["-o", utf8(&new_zip)]),
        ("dmz", vec!["--per-party", "-o", utf8(&new_split)]),
    ] {
        let input = format!("tests/matrix/{input}.yaml");
        let mut all = vec!["generate", input.as_str()];
        all.extend(&args);
        let out = run_with_small_files(&all);
        fails_naming(&out, &["File too large"]);
    }
    assert_eq!(
        names(dir.path()),
        before_names,
        "no temporary or partial output"
    );
}

#[test]
fn regenerating_replaces_an_earlier_bundle_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Missing parents of a directory bundle are created.
    let tree_out = dir.path().join("a/b/tree");
    let args = ["generate", "tests/matrix/dmz.yaml", "-o", utf8(&tree_out)];
    assert!(run(&args).status.success());
    std::fs::write(
        tree_out.join("fate-10000/stale.yaml"),
        "from an earlier run",
    )
    .expect("write");
    let first = tree(&tree_out);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let second = tree(&tree_out);
    assert!(
        !second.contains_key("fate-10000/stale.yaml"),
        "stale files go"
    );
    assert_ne!(
        first["fate-10000/values.yaml"],
        second["fate-10000/values.yaml"]
    );
    assert_eq!(
        names(&dir.path().join("a/b")),
        ["tree"],
        "no temporary directory left"
    );

    // An empty directory is taken; a zip is replaced and keeps its permissions.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert!(
        run(&["generate", "tests/matrix/dmz.yaml", "-o", utf8(&empty)])
            .status
            .success()
    );
    assert!(empty.join("SHA256SUMS").is_file());
    let zip = dir.path().join("bundle.zip");
    assert!(
        run(&["generate", "tests/matrix/dmz.yaml", "-o", utf8(&zip)])
            .status
            .success()
    );
    let first = std::fs::read(&zip).expect("zip");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&zip, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert!(
            run(&["generate", "tests/matrix/dmz.yaml", "-o", utf8(&zip)])
                .status
                .success()
        );
        let mode = std::fs::metadata(&zip).expect("zip").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "permissions kept");
    }
    assert_ne!(
        std::fs::read(&zip).expect("zip"),
        first,
        "new passwords, new bytes"
    );
    assert_eq!(names(dir.path()), ["a", "bundle.zip", "empty"]);
}

/// With TLS, `--credentials` keeps every certificate (zip or directory: same bytes), and
/// `--rotate-certificates` issues a new authority and new certificates for every OSX.
#[test]
fn tls_certificates_are_kept_across_regeneration_unless_rotated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let config = "tests/matrix/fate22-tls-exchange.yaml";
    let first = path("first.zip");
    assert!(run(&["generate", config, "-o", &first]).status.success());
    let first_bundle = from_zip(&std::fs::read(&first).expect("zip")).expect("zip");
    let ca = first_bundle
        .get("tls/ca.crt")
        .expect("authority")
        .to_owned();
    assert!(first_bundle
        .get("tls/ca.key")
        .expect("key")
        .contains("BEGIN PRIVATE KEY"));
    let tree = path("tree");
    assert!(run(&["generate", config, "-o", &tree]).status.success());
    // From the zip: the same bytes.
    let again = path("again.zip");
    let out = run(&["generate", config, "--credentials", &first, "-o", &again]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&again).expect("zip"),
        std::fs::read(&first).expect("zip")
    );
    // From a directory bundle: its authority and every chart's values (certificates, keys and
    // passwords) come back unchanged.
    let from_dir = path("from-dir");
    let out = run(&["generate", config, "--credentials", &tree, "-o", &from_dir]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "tls/ca.crt",
        "tls/ca.key",
        "fate-10000/values.yaml",
        "fate-exchange/values.yaml",
    ] {
        let read = |root: &str| {
            std::fs::read_to_string(std::path::Path::new(root).join(file)).expect(file)
        };
        assert_eq!(read(&from_dir), read(&tree), "{file}");
    }
    let rotated = path("rotated.zip");
    let out = run(&[
        "generate",
        config,
        "--credentials",
        &first,
        "--rotate-certificates",
        "-o",
        &rotated,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("new federation authority"));
    let bundle = from_zip(&std::fs::read(&rotated).expect("zip")).expect("zip");
    assert_ne!(bundle.get("tls/ca.crt"), Some(ca.as_str()));
    for chart in ["fate-10000", "fate-9999", "fate-exchange"] {
        let values = |b: &fate_chartgen::generator::bundle::Bundle| {
            b.get(&format!("{chart}/values.yaml"))
                .expect("values")
                .to_owned()
        };
        assert_ne!(
            values(&bundle),
            values(&first_bundle),
            "{chart}: new certificate"
        );
    }
    // The passwords stay.
    let creds = fate_chartgen::generator::input::credentials_from_bundle(&bundle);
    assert_eq!(
        creds,
        fate_chartgen::generator::input::credentials_from_bundle(&first_bundle)
    );
}

/// "Use my own CA": a credentials file with `certificates: {authority: {cert, key}}` makes the
/// tool issue every OSX certificate with that authority; the bundle holds its certificate.
#[test]
fn an_own_authority_from_a_credentials_file_issues_the_certificates() {
    use fate_chartgen::generator::tls::{is_signed_by, Authority};
    let dir = tempfile::tempdir().expect("tempdir");
    let now = 1_795_500_000;
    let (authority, own) =
        Authority::generate(&mut common::CountingRandom(42), now, 90, "our CA").expect("authority");
    let file = dir.path().join("credentials.yaml");
    let indent = |pem: &str| {
        pem.lines()
            .map(|l| format!("      {l}\n"))
            .collect::<String>()
    };
    std::fs::write(
        &file,
        format!(
            "credentials:\n  \"10000\": {{mysqlPassword: our-user-password-1}}\ncertificates:\n  authority:\n    cert: |\n{}    key: |\n{}",
            indent(&own.cert),
            indent(&own.key)
        ),
    )
    .expect("write");
    let out_path = dir.path().join("b.zip");
    let out = run(&[
        "generate",
        "tests/matrix/fate22-tls-exchange.yaml",
        "--credentials",
        file.to_str().expect("utf-8"),
        "-o",
        out_path.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bundle = from_zip(&std::fs::read(&out_path).expect("zip")).expect("zip");
    assert_eq!(bundle.get("tls/ca.crt"), Some(own.cert.as_str()));
    let certificates = fate_chartgen::generator::input::certificates_from_bundle(&bundle);
    assert_eq!(certificates.issued.len(), 3);
    for (id, issued) in &certificates.issued {
        assert!(
            is_signed_by(&authority, &issued.cert),
            "{id}: issued by our CA"
        );
    }
    let creds = fate_chartgen::generator::input::credentials_from_bundle(&bundle);
    assert_eq!(
        creds["10000"].mysql_password.as_deref(),
        Some("our-user-password-1")
    );
    // A credentials file that is neither form says which file.
    std::fs::write(&file, "certificates: 3\n").expect("write");
    let out = run(&[
        "generate",
        "tests/matrix/fate22-tls-exchange.yaml",
        "--credentials",
        file.to_str().expect("utf-8"),
        "-o",
        out_path.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("credentials.yaml"),
        "{}",
        stderr(&out)
    );
}
