//! The chart sources under `charts/`, embedded at build time (by `build.rs`).

include!(concat!(env!("OUT_DIR"), "/chart_sources.rs"));

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// One per party.
    Party,
    /// The exchange.
    Exchange,
}

impl ChartKind {
    /// Chart name (`Chart.yaml` `name`) and source folder inside a line's folder.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Party => "fate-party",
            ChartKind::Exchange => "fate-exchange",
        }
    }
}

/// The helpers every chart shares, and where each chart gets them: one source file,
/// `charts/common/_common.tpl`, written into every chart of every line.
pub const COMMON_HELPERS: (&str, &str) = ("common/_common.tpl", "templates/_common.tpl");

/// The files of a chart source of one FATE line (`line_dir` is its folder under `charts/`),
/// relative to the chart root (`templates/…`, `values.schema.json`, `.helmignore`, `helm2/…`),
/// with the shared helpers at `templates/_common.tpl` and the helpers both charts of the line
/// share (`charts/<line>/common/*.tpl`, if any) under `templates/`.
pub fn sources(
    line_dir: &'static str,
    kind: ChartKind,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    let name = kind.name();
    let common = CHART_SOURCES
        .iter()
        .filter(|(path, _)| *path == COMMON_HELPERS.0)
        .map(|(_, text)| (COMMON_HELPERS.1, *text));
    let line_common = CHART_SOURCES.iter().filter_map(move |(path, text)| {
        path.strip_prefix(line_dir)
            .and_then(|rest| rest.strip_prefix("/common/"))
            .and_then(|file| LINE_HELPERS.iter().find(|(source, _)| *source == file))
            .map(|(_, target)| (*target, *text))
    });
    let own = CHART_SOURCES.iter().filter_map(move |(path, text)| {
        path.strip_prefix(line_dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| rest.strip_prefix(name))
            .and_then(|rest| rest.strip_prefix('/'))
            .map(|rest| (rest, *text))
    });
    common.chain(line_common).chain(own)
}

/// Helper files a line's two charts share (`charts/<line>/common/<file>`), and where each chart
/// gets them.
const LINE_HELPERS: &[(&str, &str)] = &[("_osx.tpl", "templates/_osx.tpl")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_gets_the_common_helpers_once() {
        for kind in [ChartKind::Party, ChartKind::Exchange] {
            let files: Vec<&str> = sources("fate1", kind).map(|(path, _)| path).collect();
            assert_eq!(
                files.iter().filter(|p| **p == COMMON_HELPERS.1).count(),
                1,
                "{kind:?}: {files:?}"
            );
            assert!(files.contains(&"templates/_helpers.tpl"), "{kind:?}");
        }
    }
}
