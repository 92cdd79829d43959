//! Which lines of a file an edit changed: Myers' O((N+M)·D) difference on lines, after the
//! common head and tail are set aside (an edit usually touches a few lines of a long file).
//! Past [`MAX_EDITS`] the search stops and the whole differing middle counts as changed, so a
//! rewrite of a 200-party README costs a bounded time instead of stalling the page.

use std::collections::HashMap;

/// The most line insertions plus removals searched for an exact difference. Each step of the
/// search keeps a row of the trace (2·d + 1 integers), so memory is about MAX_EDITS² · 4 bytes.
pub const MAX_EDITS: usize = 1000;

/// How the new text differs from the old one, by line (lines as `str::lines` splits them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineDiff {
    /// Lines of the new text (0-based, ascending) that are not in the old one.
    pub added: Vec<usize>,
    /// Positions in the new text (0..=its line count, ascending, distinct) before which lines
    /// of the old text were removed.
    pub removed_before: Vec<usize>,
    /// How many lines of the old text were removed.
    pub removed: usize,
    /// False when the difference was past [`MAX_EDITS`] and the whole differing middle is
    /// reported as changed.
    pub exact: bool,
}

impl LineDiff {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed == 0
    }
}

/// The line difference from `old` to `new`.
pub fn diff_lines(old: &str, new: &str) -> LineDiff {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    diff_with_limit(&old, &new, MAX_EDITS)
}

/// The line difference of two lists of lines, searching at most `max_edits` edits.
pub fn diff_with_limit(old: &[&str], new: &[&str], max_edits: usize) -> LineDiff {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old[head..old.len() - tail];
    let new_mid = &new[head..new.len() - tail];
    // Lines as small integers: the search compares them many times.
    let mut ids = HashMap::new();
    let mut intern = |line: &str| {
        let next = ids.len() as u32;
        *ids.entry(line.to_owned()).or_insert(next)
    };
    let a: Vec<u32> = old_mid.iter().map(|l| intern(l)).collect();
    let b: Vec<u32> = new_mid.iter().map(|l| intern(l)).collect();
    let (added, removed_at, exact) = match myers(&a, &b, max_edits) {
        Some((added, removed_at)) => (added, removed_at, true),
        None => ((0..b.len()).collect(), vec![0; a.len()], false),
    };
    let mut removed_before: Vec<usize> = removed_at.iter().map(|at| at + head).collect();
    removed_before.dedup();
    LineDiff {
        added: added.into_iter().map(|at| at + head).collect(),
        removed: removed_at.len(),
        removed_before,
        exact,
    }
}

/// Myers' greedy search for the shortest edit script from `a` to `b`: the lines of `b` inserted
/// and, for every line of `a` removed, the position in `b` it was removed before (both
/// ascending), or None past `max_edits` edits.
fn myers(a: &[u32], b: &[u32], max_edits: usize) -> Option<(Vec<usize>, Vec<usize>)> {
    let (n, m) = (a.len() as i64, b.len() as i64);
    if n == 0 || m == 0 {
        // Only insertions or only removals: nothing to search.
        return Some(((0..b.len()).collect(), vec![0; a.len()]));
    }
    let max = (n + m).min(max_edits as i64);
    let offset = max + 1;
    // v[k + offset]: the furthest x on diagonal k (x - y = k) after d edits.
    let mut v = vec![0i64; (2 * max + 3) as usize];
    // trace[d][k + d]: v after d edits, for k in -d..=d.
    let mut trace: Vec<Vec<i32>> = Vec::new();
    let mut last = None;
    'search: for d in 0..=max {
        for k in (-d..=d).step_by(2) {
            let down =
                k == -d || (k != d && v[(k - 1 + offset) as usize] < v[(k + 1 + offset) as usize]);
            let mut x = if down {
                v[(k + 1 + offset) as usize]
            } else {
                v[(k - 1 + offset) as usize] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(k + offset) as usize] = x;
            if x >= n && y >= m {
                last = Some(d);
                trace.push(Vec::new());
                break 'search;
            }
        }
        trace.push((-d..=d).map(|k| v[(k + offset) as usize] as i32).collect());
    }
    let edits = last?;
    let mut added = Vec::new();
    let mut removed_at = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=edits).rev() {
        let before = &trace[(d - 1) as usize];
        let at = |k: i64| i64::from(before[(k + d - 1) as usize]);
        let k = x - y;
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = at(prev_k);
        let prev_y = prev_x - prev_k;
        // The edit leads from (prev_x, prev_y) onto diagonal k; equal lines follow it.
        if prev_k == k + 1 {
            // Down: b[prev_y] was inserted.
            added.push(prev_y as usize);
        } else {
            // Right: a[prev_x] was removed, before position prev_y of b.
            removed_at.push(prev_y as usize);
        }
        x = prev_x;
        y = prev_y;
    }
    added.reverse();
    removed_at.reverse();
    Some((added, removed_at))
}
