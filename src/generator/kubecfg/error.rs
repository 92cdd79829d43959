//! What can go wrong in an import, as types: the file, the line, the variable as the user wrote it
//! (`partyiplist[1]`) and the problem, so the web page and the CLI can point at the spot and the
//! message reads in the words of the file the user has open.

use std::fmt;

use thiserror::Error;

use crate::generator::limits::{LimitError, Source};

/// Which of the two input files something came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceFile {
    /// `k8s-deploy/kube.cfg`.
    KubeCfg,
    /// The repo-root `.env`.
    Env,
}

impl fmt::Display for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SourceFile::KubeCfg => "kube.cfg",
            SourceFile::Env => ".env",
        })
    }
}

impl SourceFile {
    /// The file as a source of input, for [`LimitError`].
    pub fn source(self) -> Source {
        match self {
            SourceFile::KubeCfg => Source::KubeCfg,
            SourceFile::Env => Source::Env,
        }
    }
}

/// What is wrong with the text of a file (stage 1).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SyntaxProblem {
    /// A `'` or `"` quote that is never closed.
    #[error("the {0} quote opened here is never closed")]
    UnterminatedQuote(QuoteKind),
    /// `name=(` without the closing `)`.
    #[error("the array opened here with `(` is never closed with `)`")]
    UnterminatedArray,
    /// `$(…)`, `` `…` `` or `$[…]`.
    #[error("command substitution `{0}` is not supported: write the value itself")]
    CommandSubstitution(String),
    /// `$NAME`, `${NAME}`, `$1`, `$?` and the like.
    #[error("variable expansion `{0}` is not supported: write the value itself")]
    Expansion(String),
    /// `$'…'` or `$"…"`.
    #[error("`{0}` quoting is not supported: use plain '…' or \"…\" quotes")]
    UnsupportedQuoting(String),
    /// An unquoted `|`, `&`, `<`, `>`, `(`, `)` or `;` where a value was expected.
    #[error("`{0}` (a pipe, redirection, subshell or list operator) is not supported here; quote the value if the character belongs to it")]
    Metacharacter(char),
    /// `name = value`.
    #[error("`{0} =`: bash allows no spaces around `=` (write `{0}=value`)")]
    SpaceAroundEquals(String),
    /// `name+=value`.
    #[error("`{0}+=` (appending) is not supported: assign the whole value with `{0}=`")]
    AppendAssignment(String),
    /// `name[0]=value` or `name=([0]=value)`.
    #[error(
        "indexed element `{0}` is not supported: list the values in order, as in `name=(a b c)`"
    )]
    IndexedElement(String),
    /// A line that is not an assignment, e.g. a command.
    #[error("`{0}` is not an assignment: only `name=value`, `name=(a b c)` and `export name=value` are supported")]
    NotAnAssignment(String),
    /// Text after a complete value, e.g. `name=a b`.
    #[error(
        "unexpected `{0}` after the value; quote values that contain spaces, as in `name=\"a b\"`"
    )]
    TrailingText(String),
}

/// The kind of an unterminated quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// `'…'`.
    Single,
    /// `"…"`.
    Double,
}

impl fmt::Display for QuoteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuoteKind::Single => "single (')",
            QuoteKind::Double => "double (\")",
        })
    }
}

/// What is wrong with a value (stage 2).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ValueProblem {
    /// The value is empty but must not be.
    #[error("is empty")]
    Empty,
    /// A party id that is not all digits.
    #[error("is not a party id: FATE party ids are digits only, e.g. 10000")]
    BadPartyId,
    /// The same party listed twice.
    #[error("repeats party `{other}` (entry [{index}]); FATE reads party ids as numbers, so each must be unique")]
    DuplicatePartyId {
        /// The id as first written.
        other: String,
        /// Index of the first occurrence.
        index: usize,
    },
    /// `host` instead of `host:port`.
    #[error("has no `:port`: write it as host:NodePort, e.g. `{host}:30010` (the old script would have used the whole text as the NodePort)")]
    MissingPort {
        /// The host part that was given.
        host: String,
    },
    /// The part after the colon is not a port number.
    #[error("`{0}` is not a port number (1-65535)")]
    BadPort(String),
    /// A port outside the NodePort range.
    #[error("NodePort {0} is outside the Kubernetes NodePort range 30000-32767")]
    NodePortOutOfRange(u32),
    /// `::1:30010` instead of `[::1]:30010`.
    #[error("an IPv6 address must be written in brackets, e.g. `[fd00::1]:30010`")]
    UnbracketedIpv6,
    /// Not an IPv4 address, IPv6 address or DNS name.
    #[error("`{0}` is neither an IPv4 address, an IPv6 address nor a DNS name")]
    BadHost(String),
    /// A variable that takes one value was given several.
    #[error("is an array of {0} values but takes a single value")]
    NotAScalar(usize),
    /// Every NodePort on an address is taken.
    #[error("no free NodePort is left on `{0}` for the party's fateflow Service")]
    NoFreeNodePort(String),
}

/// Why [`import`](fn@super::import) failed. Every variant names the file and, where there is
/// one, the line and the variable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The text is not in the supported bash subset.
    #[error("{file} line {line}{}: {problem}", in_variable(.variable.as_deref()))]
    Syntax {
        /// The file.
        file: SourceFile,
        /// 1-based line number.
        line: usize,
        /// The variable being assigned, if any.
        variable: Option<String>,
        /// What is wrong.
        problem: SyntaxProblem,
    },
    /// A variable the import needs is not set.
    #[error("{file}: `{variable}` is not set; {why}")]
    Missing {
        /// The file it belongs in.
        file: SourceFile,
        /// The variable.
        variable: &'static str,
        /// What it is for.
        why: &'static str,
    },
    /// A value, or one entry of an array, is wrong.
    #[error("{file} line {line}: `{variable}{}`{}: {problem}", index_suffix(*.index), value_suffix(.value))]
    Invalid {
        /// The file.
        file: SourceFile,
        /// 1-based line number of the value (of the entry, for arrays spanning lines).
        line: usize,
        /// The variable.
        variable: String,
        /// 0-based array index of the entry, if the variable is an array.
        index: Option<usize>,
        /// The offending value as written.
        value: String,
        /// What is wrong.
        problem: ValueProblem,
    },
    /// The file is larger than any real one, or has too many assignments or array entries.
    #[error("{file}{}{}: {limit}", line.map_or_else(String::new, |l| format!(" line {l}")), in_variable(.variable.as_deref()))]
    Limit {
        /// The file.
        file: SourceFile,
        /// 1-based line where the limit was passed, if it is tied to one.
        line: Option<usize>,
        /// The variable being assigned, if any.
        variable: Option<String>,
        /// Which limit.
        limit: LimitError,
    },
    /// Two index-aligned arrays have different lengths.
    #[error("{file} line {line}: `{array}` has {} but `{other}` has {}; the two arrays are index-aligned (entry [i] of one belongs to entry [i] of the other)", entries(*.len), entries(*.other_len))]
    LengthMismatch {
        /// The file of `array`.
        file: SourceFile,
        /// 1-based line number of `array`.
        line: usize,
        /// The array that does not fit.
        array: &'static str,
        /// Its length.
        len: usize,
        /// The array it must match.
        other: &'static str,
        /// That array's length.
        other_len: usize,
    },
}

impl ImportError {
    /// The file the error is in.
    pub fn file(&self) -> SourceFile {
        match self {
            ImportError::Syntax { file, .. }
            | ImportError::Missing { file, .. }
            | ImportError::Invalid { file, .. }
            | ImportError::LengthMismatch { file, .. }
            | ImportError::Limit { file, .. } => *file,
        }
    }

    /// The 1-based line number, if the error is tied to a line.
    pub fn line(&self) -> Option<usize> {
        match self {
            ImportError::Syntax { line, .. }
            | ImportError::Invalid { line, .. }
            | ImportError::LengthMismatch { line, .. } => Some(*line),
            ImportError::Limit { line, .. } => *line,
            ImportError::Missing { .. } => None,
        }
    }

    /// The variable the error is about, if known.
    pub fn variable(&self) -> Option<&str> {
        match self {
            ImportError::Syntax { variable, .. } => variable.as_deref(),
            ImportError::Missing { variable, .. } => Some(variable),
            ImportError::Invalid { variable, .. } => Some(variable),
            ImportError::LengthMismatch { array, .. } => Some(array),
            ImportError::Limit { variable, .. } => variable.as_deref(),
        }
    }
}

fn in_variable(variable: Option<&str>) -> String {
    variable.map_or_else(String::new, |v| format!(" (`{v}`)"))
}

fn index_suffix(index: Option<usize>) -> String {
    index.map_or_else(String::new, |i| format!("[{i}]"))
}

fn value_suffix(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!(" (`{}`)", shorten(value))
    }
}

/// `1 entry`, `2 entries`: for messages and notes.
pub(super) fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".to_owned()
    } else {
        format!("{n} entries")
    }
}

/// At most 40 characters of `text`, for messages.
pub(super) fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}
