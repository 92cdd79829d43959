//! The preview's line difference (`ui::line_diff`) and the changed files of two outputs
//! (`ui::derived::file_changes`), natively.

use std::time::Instant;

use fate_chartgen::generator::config::{Config, PartyCredentials};
use fate_configurator::ui::derived::{build, change_summary, file_changes, FileChange};
use fate_configurator::ui::line_diff::{diff_lines, diff_with_limit, LineDiff, MAX_EDITS};

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The length of the longest common subsequence (the textbook table), for small inputs.
fn lcs(a: &[&str], b: &[&str]) -> usize {
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    table[0][0]
}

/// The new lines the diff keeps, in order, are a subsequence of the old ones of the length
/// it claims, and every position it names is in range.
fn assert_consistent(old: &[&str], new: &[&str], diff: &LineDiff) {
    assert!(
        diff.added.windows(2).all(|w| w[0] < w[1]),
        "added ascending: {diff:?}"
    );
    assert!(
        diff.removed_before.windows(2).all(|w| w[0] < w[1]),
        "{diff:?}"
    );
    assert!(diff.added.iter().all(|&i| i < new.len()));
    assert!(diff.removed_before.iter().all(|&i| i <= new.len()));
    assert_eq!(
        old.len() - diff.removed,
        new.len() - diff.added.len(),
        "{diff:?}"
    );
    assert_eq!(diff.removed == 0, diff.removed_before.is_empty());
    let kept: Vec<&str> = new
        .iter()
        .enumerate()
        .filter(|(i, _)| !diff.added.contains(i))
        .map(|(_, l)| *l)
        .collect();
    let mut rest = old.iter();
    for line in &kept {
        assert!(
            rest.any(|o| o == line),
            "kept line {line:?} is not in order in the old text"
        );
    }
}

/// A small deterministic generator (xorshift), so the cases are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn unchanged_text_has_no_marks() {
    let text = "a\nb\nc\n";
    let diff = diff_lines(text, text);
    assert!(diff.is_empty());
    assert!(diff.exact);
}

#[test]
fn one_changed_line_is_one_added_and_one_removed() {
    let old = "proxy:\n  nodePort: 30009\n  type: NodePort\n";
    let new = "proxy:\n  nodePort: 30019\n  type: NodePort\n";
    let diff = diff_lines(old, new);
    assert_eq!(diff.added, vec![1]);
    assert_eq!(diff.removed, 1);
    assert_eq!(diff.removed_before, vec![1]);
    assert!(diff.exact);
}

#[test]
fn insertions_and_removals_at_either_end_and_in_the_middle() {
    let diff = diff_lines("b\nc\n", "a\nb\nc\nd\n");
    assert_eq!((diff.added, diff.removed), (vec![0, 3], 0));
    let diff = diff_lines("a\nb\nc\nd\n", "b\nc\n");
    assert_eq!(
        (diff.added.len(), diff.removed, diff.removed_before),
        (0, 2, vec![0, 2])
    );
    let diff = diff_lines("a\nb\nc\n", "a\nx\ny\nc\n");
    assert_eq!(
        (diff.added, diff.removed, diff.removed_before),
        (vec![1, 2], 1, vec![1])
    );
    let diff = diff_lines("", "a\nb\n");
    assert_eq!((diff.added, diff.removed), (vec![0, 1], 0));
    let diff = diff_lines("a\nb\n", "");
    assert_eq!(
        (diff.added.len(), diff.removed, diff.removed_before),
        (0, 2, vec![0])
    );
}

#[test]
fn the_difference_is_a_shortest_one_on_random_texts() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let alphabet = ["a", "b", "c", "d", "  nodePort: 30009", ""];
    for case in 0..3000 {
        let old: Vec<&str> = (0..rng.below(14))
            .map(|_| alphabet[rng.below(6) as usize])
            .collect();
        let mut new = old.clone();
        for _ in 0..rng.below(6) {
            let at = rng.below(new.len() as u64 + 1) as usize;
            match rng.below(3) {
                0 => new.insert(at, alphabet[rng.below(6) as usize]),
                1 if at < new.len() => {
                    new.remove(at);
                }
                _ if at < new.len() => new[at] = alphabet[rng.below(6) as usize],
                _ => {}
            }
        }
        let diff = diff_with_limit(&old, &new, MAX_EDITS);
        assert!(diff.exact);
        assert_consistent(&old, &new, &diff);
        assert_eq!(
            new.len() - diff.added.len(),
            lcs(&old, &new),
            "case {case}: not a shortest difference of {old:?} → {new:?}: {diff:?}"
        );
    }
}

#[test]
fn past_the_edit_limit_the_differing_middle_is_marked_whole() {
    let old: Vec<String> = (0..100).map(|i| format!("line {i}")).collect();
    let new: Vec<String> = (0..100)
        .map(|i| {
            if (10..90).contains(&i) {
                format!("other {i}")
            } else {
                format!("line {i}")
            }
        })
        .collect();
    let (old, new): (Vec<&str>, Vec<&str>) = (
        old.iter().map(String::as_str).collect(),
        new.iter().map(String::as_str).collect(),
    );
    let diff = diff_with_limit(&old, &new, 20);
    assert!(!diff.exact);
    assert_eq!(diff.added, (10..90).collect::<Vec<_>>());
    assert_eq!((diff.removed, diff.removed_before.clone()), (80, vec![10]));
    assert_consistent(&old, &new, &diff);
    // Within the limit the same texts are exact.
    let exact = diff_with_limit(&old, &new, MAX_EDITS);
    assert!(exact.exact);
    assert_eq!(exact.added, diff.added);
}

/// A 200-party federation's files, from a document the CLI would accept.
fn federation_of(parties: usize, node_port_shift: u32) -> Config {
    let mut text = String::from("version: 1\nparties:\n");
    for i in 0..parties {
        text.push_str(&format!(
            "  - id: \"{}\"\n    address: 10.{}.{}.4\n    nodePort: {}\n",
            10000 + i,
            i / 250,
            i % 250 + 1,
            30010 + i as u32 + node_port_shift
        ));
    }
    text.push_str("exchange:\n  address: 10.9.9.9\n  nodePort: 30000\n");
    fate_chartgen::generator::federation::parse_config(&text).expect("a valid document")
}

/// Every party gets fixed passwords, as the page's state holds them.
fn with_passwords(config: &Config) -> Config {
    let mut config = config.clone();
    for party in &config.parties {
        let password = |what: &str| Some(format!("{what}-password-of-{}", party.id));
        config.credentials.insert(
            party.id.clone(),
            PartyCredentials {
                mysql_root_password: password("root"),
                mysql_password: password("mysql"),
                redis_password: password("redis"),
                fateboard_password: None,
            },
        );
    }
    config
}

#[test]
fn a_200_party_readme_rewritten_stays_fast() {
    let before = build(&with_passwords(&federation_of(200, 0))).expect("valid");
    // Every party's NodePort moves: most lines of the README's route tables change.
    let after = build(&with_passwords(&federation_of(200, 1000))).expect("valid");
    let old = &before.bundle.files["README.md"].contents;
    let new = &after.bundle.files["README.md"].contents;
    let started = Instant::now();
    let diff = diff_lines(old, new);
    let took = started.elapsed();
    println!(
        "README of 200 parties: {} → {} lines, +{} −{} exact={} in {took:?}",
        old.lines().count(),
        new.lines().count(),
        diff.added.len(),
        diff.removed,
        diff.exact
    );
    assert!(!diff.is_empty());
    assert_consistent(&lines(old), &lines(new), &diff);
}

#[test]
fn the_worst_cases_stop_at_the_edit_limit() {
    // Every line differs, or every other line does: far past MAX_EDITS edits.
    let old: Vec<String> = (0..20_000).map(|i| format!("  key{i}: {i}")).collect();
    let disjoint: Vec<String> = (0..20_000).map(|i| format!("  other{i}: {i}")).collect();
    let alternate: Vec<String> = (0..20_000)
        .map(|i| {
            if i % 2 == 0 {
                old[i].clone()
            } else {
                format!("  changed{i}: 0")
            }
        })
        .collect();
    let old: Vec<&str> = old.iter().map(String::as_str).collect();
    for (name, new) in [("disjoint", &disjoint), ("alternate", &alternate)] {
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        let started = Instant::now();
        let diff = diff_with_limit(&old, &new, MAX_EDITS);
        println!(
            "20,000 lines, {name}: exact={} in {:?}",
            diff.exact,
            started.elapsed()
        );
        assert!(!diff.exact);
        assert_consistent(&old, &new, &diff);
    }
}

#[test]
fn changed_files_of_two_outputs() {
    let config = with_passwords(&federation_of(2, 0));
    let before = build(&config).expect("valid");
    let mut edited = config.clone();
    edited.parties[1].node_port = Some(30111);
    let after = build(&edited).expect("valid");
    let changes = file_changes(&before.bundle, &after.bundle);
    assert_eq!(
        changes.get("fate-10001/values.yaml"),
        Some(&FileChange::Changed)
    );
    assert!(!changes.contains_key("fate-10000/Chart.yaml"));
    assert!(
        changes.values().all(|c| *c == FileChange::Changed),
        "{changes:?}"
    );
    let summary = change_summary(&changes).expect("something changed");
    assert!(
        summary.starts_with(&format!("{} files changed by the last edit", changes.len())),
        "{summary}"
    );
    assert_eq!(
        change_summary(&file_changes(&after.bundle, &after.bundle)),
        None
    );

    let mut fewer = edited.clone();
    if let Some(gone) = fewer.parties.pop() {
        fewer.credentials.remove(&gone.id);
    }
    let smaller = build(&fewer).expect("valid");
    let changes = file_changes(&after.bundle, &smaller.bundle);
    assert_eq!(
        changes.get("fate-10001/values.yaml"),
        Some(&FileChange::Removed)
    );
    let back = file_changes(&smaller.bundle, &after.bundle);
    assert_eq!(back.get("fate-10001/values.yaml"), Some(&FileChange::Added));
    assert!(change_summary(&back).expect("changes").contains(" added"));
}
