//! Embeds the chart sources under `charts/` (see `src/generator/charts.rs`): the helpers every
//! chart shares (`charts/common/`) and each FATE line's charts (`charts/<line>/<chart>/`).
//!
//! Listing the files here, rather than by hand, means a new template cannot be forgotten.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// Source folders under `charts/`; `charts/<line>/testdata/` holds tests, not chart files.
const CHART_FOLDERS: &[&str] = &[
    "common",
    "fate1/fate-party",
    "fate1/fate-exchange",
    "fate2/common",
    "fate2/fate-party",
    "fate2/fate-exchange",
];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let charts = root.join("charts");
    println!("cargo:rerun-if-changed=charts");
    let mut files = Vec::new();
    for folder in CHART_FOLDERS {
        let dir = charts.join(folder);
        if !dir.is_dir() {
            return Err(std::io::Error::other(format!(
                "chart source folder {} is missing",
                dir.display()
            )));
        }
        collect(&dir, &mut files)?;
    }
    files.sort();
    let mut code = String::from("/// Chart source files: (path under `charts/`, contents).\npub static CHART_SOURCES: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(&charts).unwrap_or(file);
        let relative = relative.to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={}", file.display());
        let _ = writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            file.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("chart_sources.rs");
    fs::write(out, code)
}
