//! Between the two stages: the shell's variables after the old script sourced `.env` and then
//! `kube.cfg` into one shell, and how it read them (`$name` or `${name[i]}`).

use std::collections::BTreeMap;

use super::error::{ImportError, SourceFile, ValueProblem};
use super::shell::{Assignment, Value, Word};

/// Variables `create-helm-deploy.sh` reads (from either file: it sources both into one shell).
const KNOWN: &[&str] = &[
    "partylist",
    "partyiplist",
    "exchangeip",
    "proxyIpList",
    "nodeLabel",
    "eggList",
    "federation",
    "metaService",
    "mysql",
    "proxy",
    "python",
    "redis",
    "roll",
    "servingServer",
    "fateboard",
    "PREFIX",
    "RegistryURI",
    "TAG",
    "SERVING_TAG",
    "THIRDPARTYPREFIX",
];

/// The last assignment of a variable.
#[derive(Debug, Clone)]
pub(super) struct Binding {
    pub(super) file: SourceFile,
    /// The line of the name, not of the value (they differ for arrays across lines).
    pub(super) line: usize,
    value: Value,
}

/// The shell's variables after sourcing `.env`, then `kube.cfg`.
#[derive(Debug, Default)]
pub(super) struct Vars {
    map: BTreeMap<String, Binding>,
}

impl Vars {
    /// Records `assignments` of `file` in order, as sourcing it would: a later assignment
    /// replaces an earlier one. Names the script never reads and repeated names get a note,
    /// since both are usually typos.
    pub(super) fn load(
        &mut self,
        assignments: Vec<Assignment>,
        file: SourceFile,
        notes: &mut Vec<String>,
    ) {
        for a in assignments {
            if !KNOWN.contains(&a.name.as_str()) {
                notes.push(format!(
                    "{file} line {}: `{}` is not a variable the old script reads; ignored.",
                    a.line, a.name
                ));
            }
            if let Some(prev) = self.map.get(&a.name) {
                notes.push(format!(
                    "{file} line {}: `{}` is set again (first set in {} line {}); the last value \
                     wins, as in bash.",
                    a.line, a.name, prev.file, prev.line
                ));
            }
            self.map.insert(
                a.name,
                Binding {
                    file,
                    line: a.line,
                    value: a.value,
                },
            );
        }
    }

    /// A variable used as `$name`: an array of one value is that value, of none is empty.
    pub(super) fn scalar(&self, name: &str) -> Result<Option<(Word, &Binding)>, ImportError> {
        let Some(b) = self.map.get(name) else {
            return Ok(None);
        };
        let word = match &b.value {
            Value::Scalar(w) => w.clone(),
            Value::Array(words) => match words.as_slice() {
                [] => Word {
                    text: String::new(),
                    line: b.line,
                },
                [w] => w.clone(),
                _ => {
                    return Err(ImportError::Invalid {
                        file: b.file,
                        line: b.line,
                        variable: name.to_owned(),
                        index: None,
                        value: String::new(),
                        problem: ValueProblem::NotAScalar(words.len()),
                    })
                }
            },
        };
        Ok(Some((word, b)))
    }

    /// The text of a scalar, `None` if unset.
    pub(super) fn text(&self, name: &str) -> Result<Option<String>, ImportError> {
        Ok(self.scalar(name)?.map(|(w, _)| w.text))
    }

    /// A variable used as `${name[i]}`: a non-empty scalar is an array of one.
    pub(super) fn array(&self, name: &str) -> Option<(Vec<Word>, &Binding)> {
        let b = self.map.get(name)?;
        let words = match &b.value {
            Value::Array(words) => words.clone(),
            Value::Scalar(w) if w.text.is_empty() => Vec::new(),
            Value::Scalar(w) => vec![w.clone()],
        };
        Some((words, b))
    }
}
