//! The layering is enforced, not a convention: the generator core and the CLI (package
//! `fate-chartgen`) never depend on a browser crate; only the web page (`fate-configurator`,
//! `web/`) does.

use std::process::Command;

/// Browser crates: the UI framework and the JavaScript bindings.
const WEB_CRATES: &[&str] = &["yew", "gloo", "web-sys", "js-sys", "wasm-bindgen"];

/// Runs `cargo ARGS` (offline, against Cargo.lock) in this workspace; its standard output.
fn cargo(args: &[&str]) -> Vec<u8> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(args)
        .args(["--locked", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every crate in `package`'s build graph for `target` (normal and build dependencies).
fn tree(package: &str, target: &str) -> Vec<String> {
    let out = cargo(&[
        "tree",
        "-p",
        package,
        "--target",
        target,
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]);
    String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect()
}

fn web_crates_in(crates: &[String]) -> Vec<String> {
    let mut found: Vec<String> = crates
        .iter()
        .filter(|name| {
            WEB_CRATES
                .iter()
                .any(|web| *name == web || name.starts_with(&format!("{web}-")))
        })
        .cloned()
        .collect();
    found.sort();
    found.dedup();
    found
}

fn host() -> String {
    let out = Command::new("rustc")
        .args(["-vV"])
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc prints its host")
}

#[test]
fn the_core_and_the_cli_build_without_any_browser_crate() {
    let found = web_crates_in(&tree("fate-chartgen", &host()));
    assert!(found.is_empty(), "the native core/CLI pulls in {found:?}");
}

/// The dependencies `fate-chartgen` declares, for every target (from `cargo metadata`).
fn declared_dependencies() -> Vec<String> {
    let out = cargo(&["metadata", "--no-deps", "--format-version", "1"]);
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("metadata is JSON");
    let core = doc["packages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "fate-chartgen"))
        .expect("the fate-chartgen package");
    core["dependencies"]
        .as_array()
        .map(|deps| {
            deps.iter()
                .filter(|d| d["kind"].is_null() || d["kind"] == "build")
                .filter_map(|d| d["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_core_names_no_browser_crate_for_any_target() {
    let declared = declared_dependencies();
    assert!(
        declared.iter().any(|d| d == "serde"),
        "metadata lists {declared:?}"
    );
    assert!(
        web_crates_in(&declared).is_empty(),
        "fate-chartgen declares {:?}",
        web_crates_in(&declared)
    );
    // In wasm32, zip's random source brings wasm-bindgen in transitively (not a choice of this
    // crate); no UI or DOM crate may come along.
    let wasm = tree("fate-chartgen", "wasm32-unknown-unknown");
    let ui: Vec<String> = web_crates_in(&wasm)
        .into_iter()
        .filter(|name| !name.starts_with("wasm-bindgen"))
        .collect();
    assert!(ui.is_empty(), "the core's wasm32 build pulls in {ui:?}");
}

#[test]
fn the_web_page_does_use_them() {
    // Guards the test above against passing because `cargo tree` printed nothing useful.
    let found = web_crates_in(&tree("fate-configurator", "wasm32-unknown-unknown"));
    for web in ["yew", "web-sys", "wasm-bindgen"] {
        assert!(
            found.iter().any(|f| f == web),
            "fate-configurator should use {web}: {found:?}"
        );
    }
}
