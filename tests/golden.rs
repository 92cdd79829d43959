//! Golden bundle: the seed default (`tests/matrix/seed-default.yaml`, fixed test passwords) as
//! committed under `tests/golden/seed-default/`, so every change of the output is a reviewed diff.
//!
//! Every generated file is kept in full. Files copied verbatim from `charts/` (templates,
//! `values.schema.json`, `.helmignore`) are not repeated: the bundle's `SHA256SUMS`, which is kept,
//! names each of them with its hash, so a changed template still shows as a changed line. The
//! zip's SHA-256 is kept too (`seed-default.zip.sha256`): the archive writer must stay
//! deterministic byte for byte.
//!
//! After an intended change: `UPDATE_GOLDEN=1 cargo test --test golden`, then review `git diff`.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fate_chartgen::generator::{generate, to_zip, Bundle};
use sha2::{Digest, Sha256};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Chart files the generator copies from `charts/` unchanged.
fn is_chart_source_copy(path: &str) -> bool {
    let Some((_chart, rest)) = path.split_once('/') else {
        return false;
    };
    rest.starts_with("templates/") || rest == "values.schema.json" || rest == ".helmignore"
}

fn seed_bundle() -> Bundle {
    generate(&common::federation(&common::matrix_config("seed-default")))
}

fn kept_files(bundle: &Bundle) -> Vec<(&str, &str)> {
    bundle
        .files
        .iter()
        .filter(|(path, _)| !is_chart_source_copy(path))
        .map(|(path, file)| (path.as_str(), file.contents.as_str()))
        .collect()
}

fn zip_sha256(bundle: &Bundle) -> String {
    let bytes = to_zip(bundle).unwrap_or_else(|e| panic!("zip: {e}"));
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn files_under(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}{name}");
        if entry.path().is_dir() {
            files_under(&entry.path(), &format!("{path}/"), out);
        } else {
            out.insert(path);
        }
    }
}

fn update(bundle: &Bundle) {
    let dir = golden_dir().join("seed-default");
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    for (path, contents) in kept_files(bundle) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        fs::write(&target, contents).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
    let sha = golden_dir().join("seed-default.zip.sha256");
    fs::write(&sha, format!("{}\n", zip_sha256(bundle)))
        .unwrap_or_else(|e| panic!("{}: {e}", sha.display()));
}

#[test]
fn the_seed_default_bundle_matches_the_golden_files() {
    let bundle = seed_bundle();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        update(&bundle);
    }
    let dir = golden_dir().join("seed-default");
    let mut failures = Vec::new();
    let kept = kept_files(&bundle);
    for (path, contents) in &kept {
        match fs::read_to_string(dir.join(path)) {
            Ok(golden) if golden == *contents => {}
            Ok(golden) => {
                let line = golden
                    .lines()
                    .zip(contents.lines())
                    .position(|(a, b)| a != b)
                    .map_or_else(
                        || golden.lines().count().min(contents.lines().count()) + 1,
                        |i| i + 1,
                    );
                failures.push(format!(
                    "{path}: differs from the golden file from line {line}"
                ));
            }
            Err(_) => failures.push(format!("{path}: new file, not in the golden bundle")),
        }
    }
    let generated: BTreeSet<&str> = kept.iter().map(|(path, _)| *path).collect();
    let mut golden_files = BTreeSet::new();
    files_under(&dir, "", &mut golden_files);
    for stale in golden_files
        .iter()
        .filter(|p| !generated.contains(p.as_str()))
    {
        failures.push(format!(
            "{stale}: in the golden bundle, no longer generated"
        ));
    }
    let sha_path = golden_dir().join("seed-default.zip.sha256");
    let want = fs::read_to_string(&sha_path).unwrap_or_default();
    let got = zip_sha256(&bundle);
    if want.trim() != got {
        failures.push(format!(
            "the zip's SHA-256 is {got}, the golden one {}",
            want.trim()
        ));
    }
    assert!(
        failures.is_empty(),
        "the seed default bundle changed ({} problems); if intended, run \
         `UPDATE_GOLDEN=1 cargo test --test golden` and review `git diff tests/golden`:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_golden_bundle_is_not_trivial() {
    // Guards the filter above: the kept files must include each kind of generated file.
    let bundle = seed_bundle();
    let kept: BTreeSet<&str> = kept_files(&bundle).into_iter().map(|(p, _)| p).collect();
    for path in [
        "fate-10000/values.yaml",
        "fate-10000/Chart.yaml",
        "fate-exchange/values.yaml",
        "README.md",
        "install.sh",
        "SHA256SUMS",
        "federation.yaml",
    ] {
        assert!(
            kept.contains(path),
            "{path} is not kept in the golden bundle"
        );
    }
    assert!(!kept.contains("fate-10000/templates/_helpers.tpl"));
}
