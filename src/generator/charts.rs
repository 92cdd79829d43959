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
    /// Chart name (`Chart.yaml` `name`) and source folder.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Party => "fate-party",
            ChartKind::Exchange => "fate-exchange",
        }
    }
}

/// The files of a chart source, relative to the chart root (`templates/…`, `values.schema.json`,
/// `.helmignore`, `helm2/…`).
pub fn sources(kind: ChartKind) -> impl Iterator<Item = (&'static str, &'static str)> {
    let prefix = kind.name();
    CHART_SOURCES.iter().filter_map(move |(path, text)| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('/'))
            .map(|rest| (rest, *text))
    })
}
