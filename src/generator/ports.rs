//! NodePorts: the range Kubernetes allocates from and the search for a free one — the one home
//! of both, for validation, the `kube.cfg` import and the form's suggestions.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

/// The NodePort range Kubernetes allocates from by default (`--service-node-port-range`).
pub const NODE_PORT_RANGE: RangeInclusive<u32> = 30000..=32767;

/// Whether `port` is in [`NODE_PORT_RANGE`].
pub fn is_node_port(port: u32) -> bool {
    NODE_PORT_RANGE.contains(&port)
}

/// The message for a port outside the range, in the user's words; it reads after the field's
/// name ("NodePort: is 8080, outside the NodePort range 30000-32767").
pub fn out_of_range_message(port: u32) -> String {
    format!(
        "is {port}, outside the NodePort range {}-{}",
        NODE_PORT_RANGE.start(),
        NODE_PORT_RANGE.end()
    )
}

/// The first NodePort from `start` upwards, wrapping within the range, that is not in `used`
/// (a `start` outside the range starts at its low end). `None` when every port is taken.
pub fn next_free_node_port(start: u32, used: &BTreeSet<u32>) -> Option<u32> {
    let (low, high) = (*NODE_PORT_RANGE.start(), *NODE_PORT_RANGE.end());
    let start = if is_node_port(start) { start } else { low };
    (start..=high).chain(low..start).find(|p| !used.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_port_search_wraps_and_skips_used_ports() {
        let used = BTreeSet::from([32766, 32767, 30000]);
        let cases = [
            (30009, Some(30009)),
            (32766, Some(30001)),
            (29999, Some(30001)),
            (40000, Some(30001)),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(start, want)| {
                let got = next_free_node_port(start, &used);
                (got != want).then(|| format!("from {start}: got {got:?}, want {want:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let all: BTreeSet<u32> = NODE_PORT_RANGE.collect();
        assert_eq!(next_free_node_port(31000, &all), None);
    }
}
