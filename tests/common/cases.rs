//! Table-driven tests that report every failing case, not just the first.

use std::fmt::Debug;

/// Runs `check` on every case and then fails once, listing each failing case under its `name`,
/// so one broken case does not hide the others behind it.
#[track_caller]
pub fn check_all<C>(
    cases: impl IntoIterator<Item = C>,
    name: impl Fn(&C) -> String,
    mut check: impl FnMut(C) -> Result<(), String>,
) {
    let mut count = 0usize;
    let mut failures = Vec::new();
    for case in cases {
        count += 1;
        let name = name(&case);
        if let Err(why) = check(case) {
            failures.push(format!("- {name}: {why}"));
        }
    }
    assert!(count > 0, "the table has no cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The problems found in one case; [`Problems::done`] turns them into the case's result.
#[derive(Debug, Default)]
pub struct Problems(Vec<String>);

impl Problems {
    /// Records `what` unless `ok`.
    pub fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    /// Records a difference between `got` and `want`, named `what`.
    pub fn eq<T: PartialEq + Debug>(&mut self, what: &str, got: T, want: T) {
        self.check(got == want, || {
            format!("{what} is {got:?}, expected {want:?}")
        });
    }

    /// Records every needle that `text` lacks.
    pub fn mentions(&mut self, text: &str, needles: &[&str]) {
        let missing: Vec<&str> = needles
            .iter()
            .copied()
            .filter(|n| !text.contains(n))
            .collect();
        self.check(missing.is_empty(), || {
            format!("`{text}` does not mention {missing:?}")
        });
    }

    /// `Ok` if nothing was recorded, else every problem in one message.
    pub fn done(self) -> Result<(), String> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0.join("; "))
        }
    }
}
