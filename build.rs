//! Embeds the chart sources under `charts/` (see `src/generator/charts.rs`).
//!
//! Listing the files here, rather than by hand, means a new template cannot be forgotten.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

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
    for chart in ["fate-party", "fate-exchange"] {
        let dir = charts.join(chart);
        if dir.is_dir() {
            collect(&dir, &mut files)?;
        }
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
