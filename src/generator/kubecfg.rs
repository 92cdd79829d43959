//! Import of the old KubeFATE `k8s-deploy` inputs — `kube.cfg` and the repo-root `.env` that
//! `create-helm-deploy.sh` sourced — into a [`Config`].
//!
//! Two stages:
//!
//! 1. A tolerant reader for the bash subset these files use: comments, blank lines, a `#!/bin/bash`
//!    line anywhere, `name=value`, `name=(a b c)` arrays (across lines, with comments), single and
//!    double quotes, backslash escapes, `export NAME=value` and `;`. Everything else bash would
//!    *execute* (command substitution, expansions, pipes, redirections, commands) is rejected with
//!    the line number instead of being guessed at.
//! 2. The old script's semantics, minus its bugs: the same parties, NodePorts, routes, eggs,
//!    placement, registry and tag, with every entry checked (missing `:port`, mismatched arrays,
//!    bad addresses) and a plain-English note for each thing the import changed or decided.
//!
//! Nothing here panics, whatever the input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use thiserror::Error;

use super::config::{
    Config, Dmz, Exchange, FateVersion, HelmTarget, Images, Ingress, Party, Placement, Storage,
    CONFIG_VERSION, DEFAULT_MYSQL_TAG, DEFAULT_NODE_LABEL, DEFAULT_REDIS_TAG, PROXY_PORT,
};

/// Lowest NodePort of the default Kubernetes NodePort range.
pub const NODE_PORT_MIN: u32 = 30000;
/// Highest NodePort of the default Kubernetes NodePort range.
pub const NODE_PORT_MAX: u32 = 32767;

/// The Docker Hub namespace the old `.env` used as `PREFIX`; our empty registry means the same.
const DOCKER_HUB_PREFIX: &str = "federatedai";

/// The result of [`import`]: the config document and what the user should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The federation the old script would have deployed, as a config document.
    pub config: Config,
    /// Plain-English remarks about everything the import changed, decided or ignored.
    pub notes: Vec<String>,
}

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

/// Why [`import`] failed. Every variant names the file and, where there is one, the line and
/// the variable.
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
            | ImportError::LengthMismatch { file, .. } => *file,
        }
    }

    /// The 1-based line number, if the error is tied to a line.
    pub fn line(&self) -> Option<usize> {
        match self {
            ImportError::Syntax { line, .. }
            | ImportError::Invalid { line, .. }
            | ImportError::LengthMismatch { line, .. } => Some(*line),
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

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".to_owned()
    } else {
        format!("{n} entries")
    }
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Stage 1: the bash subset
// ---------------------------------------------------------------------------------------------

/// One word of a value, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    line: usize,
}

/// The right-hand side of an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// `name=value`.
    Scalar(Word),
    /// `name=(a b c)`.
    Array(Vec<Word>),
}

/// `name=value` as read, with the line of `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Assignment {
    name: String,
    line: usize,
    value: Value,
}

/// What may follow a complete assignment.
enum Next {
    /// End of the statement.
    Done,
    /// Another assignment on the same line (`a=1 b=2`, `export A=1 B`).
    More,
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    file: SourceFile,
    /// The variable being assigned, for error messages.
    variable: Option<String>,
}

/// Reads every assignment of `text` in order.
fn parse(text: &str, file: SourceFile) -> Result<Vec<Assignment>, ImportError> {
    // A byte-order mark from a Windows editor is not part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lx = Lexer {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
        file,
        variable: None,
    };
    let mut out = Vec::new();
    loop {
        lx.variable = None;
        lx.skip_blanks();
        match lx.peek() {
            None => break,
            Some('\n' | ';') => {
                lx.bump();
            }
            Some('#') => lx.skip_comment(),
            Some(_) => lx.statement(&mut out)?,
        }
    }
    Ok(out)
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(offset)).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos = self.pos.saturating_add(1);
        if c == '\n' {
            self.line = self.line.saturating_add(1);
        }
        Some(c)
    }

    fn err(&self, problem: SyntaxProblem) -> ImportError {
        self.err_at(self.line, problem)
    }

    fn err_at(&self, line: usize, problem: SyntaxProblem) -> ImportError {
        ImportError::Syntax {
            file: self.file,
            line,
            variable: self.variable.clone(),
            problem,
        }
    }

    /// Skips spaces, tabs, carriage returns and `\`-newline continuations; true if it skipped any.
    fn skip_blanks(&mut self) -> bool {
        let start = self.pos;
        loop {
            match self.peek() {
                Some(c) if is_blank(c) => {
                    self.bump();
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                _ => break,
            }
        }
        self.pos != start
    }

    /// Skips to the end of the line, leaving the newline.
    fn skip_comment(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
    }

    /// The rest of the current line from here, trimmed and shortened, for messages.
    fn rest_of_line(&self) -> String {
        let rest: String = self
            .chars
            .get(self.pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&c| c != '\n')
            .collect();
        shorten(rest.trim())
    }

    /// The unquoted word from here (up to a blank or the end of line), for messages.
    fn rest_of_word(&self) -> String {
        let word: String = self
            .chars
            .get(self.pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&c| !is_blank(c) && c != '\n' && c != ';')
            .collect();
        shorten(&word)
    }

    fn read_name(&mut self) -> String {
        let mut name = String::new();
        if let Some(c) = self.peek().filter(|&c| is_name_start(c)) {
            name.push(c);
            self.bump();
            while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
                name.push(c);
                self.bump();
            }
        }
        name
    }

    /// True if an assignment `name=` starts here.
    fn at_assignment(&self) -> bool {
        let mut i = 0usize;
        match self.peek() {
            Some(c) if is_name_start(c) => {}
            _ => return false,
        }
        while self.peek_at(i).is_some_and(is_name_char) {
            i = i.saturating_add(1);
        }
        self.peek_at(i) == Some('=')
    }

    /// One statement: `[export] name=value [name=value…]`.
    fn statement(&mut self, out: &mut Vec<Assignment>) -> Result<(), ImportError> {
        let mut export = false;
        loop {
            let line = self.line;
            let name = self.read_name();
            if name.is_empty() {
                return Err(self.unexpected());
            }
            if !export && name == "export" && self.peek().is_some_and(is_blank) {
                export = true;
                self.skip_blanks();
                match self.peek() {
                    None | Some('\n' | ';' | '#') => return Ok(()),
                    Some(_) => continue,
                }
            }
            self.variable = Some(name.clone());
            match self.peek() {
                Some('=') => {
                    self.bump();
                    let value = self.value()?;
                    out.push(Assignment { name, line, value });
                }
                // `export NAME` without a value changes nothing here.
                None | Some('\n' | ';') if export => {}
                Some(c) if export && is_blank(c) => {}
                Some('+') if self.peek_at(1) == Some('=') => {
                    return Err(self.err(SyntaxProblem::AppendAssignment(name)));
                }
                Some('[') => {
                    let rest = self.rest_of_word();
                    return Err(self.err(SyntaxProblem::IndexedElement(format!("{name}{rest}"))));
                }
                Some(c) if is_blank(c) => {
                    let mut i = 0usize;
                    while self.peek_at(i).is_some_and(is_blank) {
                        i = i.saturating_add(1);
                    }
                    if self.peek_at(i) == Some('=') {
                        return Err(self.err(SyntaxProblem::SpaceAroundEquals(name)));
                    }
                    self.variable = None;
                    return Err(self.err(SyntaxProblem::NotAnAssignment(name)));
                }
                _ => {
                    let rest = self.rest_of_word();
                    self.variable = None;
                    return Err(self.err(SyntaxProblem::NotAnAssignment(format!("{name}{rest}"))));
                }
            }
            match self.finish(export)? {
                Next::Done => return Ok(()),
                Next::More => continue,
            }
        }
    }

    /// The error for a statement that does not start with a name.
    fn unexpected(&self) -> ImportError {
        match self.peek() {
            Some('$') => self
                .dollar_error(false)
                .unwrap_or_else(|| self.err(SyntaxProblem::NotAnAssignment(self.rest_of_word()))),
            Some('`') => self.err(SyntaxProblem::CommandSubstitution(self.up_to('`'))),
            Some(c @ ('|' | '&' | '<' | '>' | '(' | ')')) => {
                self.err(SyntaxProblem::Metacharacter(c))
            }
            _ => self.err(SyntaxProblem::NotAnAssignment(self.rest_of_word())),
        }
    }

    /// After a value: end of statement, or another assignment.
    fn finish(&mut self, export: bool) -> Result<Next, ImportError> {
        let blank = self.skip_blanks();
        match self.peek() {
            None | Some('\n') => Ok(Next::Done),
            Some(';') => {
                self.bump();
                Ok(Next::Done)
            }
            Some('#') => {
                self.skip_comment();
                Ok(Next::Done)
            }
            Some(c @ ('|' | '&' | '<' | '>' | '(' | ')')) => {
                Err(self.err(SyntaxProblem::Metacharacter(c)))
            }
            Some(c) if blank && export && is_name_start(c) => Ok(Next::More),
            Some(_) if blank && self.at_assignment() => Ok(Next::More),
            Some(_) => Err(self.err(SyntaxProblem::TrailingText(self.rest_of_line()))),
        }
    }

    fn value(&mut self) -> Result<Value, ImportError> {
        if self.peek() == Some('(') {
            self.bump();
            return self.array();
        }
        let line = self.line;
        let word = self.word(false)?.unwrap_or(Word {
            text: String::new(),
            line,
        });
        Ok(Value::Scalar(word))
    }

    fn array(&mut self) -> Result<Value, ImportError> {
        let open = self.line;
        let mut words = Vec::new();
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return Err(self.err_at(open, SyntaxProblem::UnterminatedArray)),
                Some('\n') => {
                    self.bump();
                }
                Some('#') => self.skip_comment(),
                Some(')') => {
                    self.bump();
                    return Ok(Value::Array(words));
                }
                Some(c) => {
                    let before = self.pos;
                    if c == '[' {
                        let rest = self.rest_of_word();
                        if rest.contains("]=") {
                            return Err(self.err(SyntaxProblem::IndexedElement(rest)));
                        }
                    }
                    if let Some(word) = self.word(true)? {
                        words.push(word);
                    }
                    if self.pos == before {
                        return Err(self.err(SyntaxProblem::Metacharacter(c)));
                    }
                }
            }
        }
    }

    /// One word, with quotes removed; `None` if there is no word here at all.
    fn word(&mut self, in_array: bool) -> Result<Option<Word>, ImportError> {
        let line = self.line;
        let mut text = String::new();
        let mut quoted = false;
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' => break,
                ')' if in_array => break,
                '(' | ')' | '|' | '&' | '<' | '>' => {
                    return Err(self.err(SyntaxProblem::Metacharacter(c)));
                }
                '`' => {
                    return Err(self.err(SyntaxProblem::CommandSubstitution(self.up_to('`'))));
                }
                '$' => {
                    if let Some(e) = self.dollar_error(false) {
                        return Err(e);
                    }
                    text.push('$');
                    self.bump();
                }
                '\\' => {
                    self.bump();
                    match self.peek() {
                        None => text.push('\\'),
                        Some('\n') => {
                            self.bump();
                        }
                        Some(n) => {
                            text.push(n);
                            self.bump();
                        }
                    }
                }
                '\'' => {
                    quoted = true;
                    self.single_quoted(&mut text)?;
                }
                '"' => {
                    quoted = true;
                    self.double_quoted(&mut text)?;
                }
                _ => {
                    text.push(c);
                    self.bump();
                }
            }
        }
        Ok((quoted || !text.is_empty()).then_some(Word { text, line }))
    }

    fn single_quoted(&mut self, text: &mut String) -> Result<(), ImportError> {
        let open = self.line;
        self.bump();
        loop {
            match self.bump() {
                None => {
                    return Err(
                        self.err_at(open, SyntaxProblem::UnterminatedQuote(QuoteKind::Single))
                    )
                }
                Some('\'') => return Ok(()),
                Some(c) => text.push(c),
            }
        }
    }

    fn double_quoted(&mut self, text: &mut String) -> Result<(), ImportError> {
        let open = self.line;
        self.bump();
        loop {
            match self.peek() {
                None => {
                    return Err(
                        self.err_at(open, SyntaxProblem::UnterminatedQuote(QuoteKind::Double))
                    )
                }
                Some('"') => {
                    self.bump();
                    return Ok(());
                }
                Some('\\') => {
                    self.bump();
                    match self.peek() {
                        Some(c @ ('$' | '`' | '"' | '\\')) => {
                            text.push(c);
                            self.bump();
                        }
                        Some('\n') => {
                            self.bump();
                        }
                        // Any other character keeps its backslash; the loop reads it next.
                        _ => text.push('\\'),
                    }
                }
                Some('`') => {
                    return Err(self.err(SyntaxProblem::CommandSubstitution(self.up_to('`'))));
                }
                Some('$') => {
                    if let Some(e) = self.dollar_error(true) {
                        return Err(e);
                    }
                    text.push('$');
                    self.bump();
                }
                Some(c) => {
                    text.push(c);
                    self.bump();
                }
            }
        }
    }

    /// The text from here up to and including the first `close` on this line (else the word),
    /// for messages.
    fn up_to(&self, close: char) -> String {
        let rest = self.chars.get(self.pos..).unwrap_or_default();
        let end = rest
            .iter()
            .take_while(|&&c| c != '\n')
            .skip(1)
            .position(|&c| c == close);
        match end {
            Some(i) => shorten(&rest.iter().take(i.saturating_add(2)).collect::<String>()),
            None => self.rest_of_word(),
        }
    }

    /// The error for the `$` here, or `None` if bash would keep it as a literal `$`.
    fn dollar_error(&self, in_double_quotes: bool) -> Option<ImportError> {
        let snippet = self.rest_of_word();
        match self.peek_at(1) {
            Some('(') => Some(self.err(SyntaxProblem::CommandSubstitution(self.up_to(')')))),
            Some('[') => Some(self.err(SyntaxProblem::CommandSubstitution(self.up_to(']')))),
            Some('{') => Some(self.err(SyntaxProblem::Expansion(self.up_to('}')))),
            Some(c) if is_name_char(c) || "@*#?-$!".contains(c) => {
                Some(self.err(SyntaxProblem::Expansion(snippet)))
            }
            Some('\'' | '"') if !in_double_quotes => {
                Some(self.err(SyntaxProblem::UnsupportedQuoting(snippet)))
            }
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stage 2: the old script's semantics
// ---------------------------------------------------------------------------------------------

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
struct Binding {
    file: SourceFile,
    line: usize,
    value: Value,
}

/// The shell's variables after sourcing `.env`, then `kube.cfg`.
#[derive(Debug, Default)]
struct Vars {
    map: BTreeMap<String, Binding>,
}

impl Vars {
    fn load(&mut self, assignments: Vec<Assignment>, file: SourceFile, notes: &mut Vec<String>) {
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

    fn binding(&self, name: &str) -> Option<&Binding> {
        self.map.get(name)
    }

    /// A variable used as `$name`: an array of one value is that value, of none is empty.
    fn scalar(&self, name: &str) -> Result<Option<(Word, &Binding)>, ImportError> {
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
    fn text(&self, name: &str) -> Result<Option<String>, ImportError> {
        Ok(self.scalar(name)?.map(|(w, _)| w.text))
    }

    /// A variable used as `${name[i]}`: a non-empty scalar is an array of one.
    fn array(&self, name: &str) -> Option<(Vec<Word>, &Binding)> {
        let b = self.map.get(name)?;
        let words = match &b.value {
            Value::Array(words) => words.clone(),
            Value::Scalar(w) if w.text.is_empty() => Vec::new(),
            Value::Scalar(w) => vec![w.clone()],
        };
        Some((words, b))
    }
}

/// `host:port` as written in `partyiplist` / `exchangeip`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Endpoint {
    host: String,
    port: u32,
}

fn parse_port(text: &str) -> Result<u32, ValueProblem> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValueProblem::BadPort(text.to_owned()));
    }
    match text.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p),
        _ => Err(ValueProblem::BadPort(text.to_owned())),
    }
}

/// Checks an IPv4 address or DNS name (IPv6 is handled by the callers).
fn check_host(host: &str) -> Result<(), ValueProblem> {
    if host.is_empty() {
        return Err(ValueProblem::BadHost(String::new()));
    }
    let bad = || ValueProblem::BadHost(host.to_owned());
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host.parse::<Ipv4Addr>().map(|_| ()).map_err(|_| bad());
    }
    if host.len() > 253 {
        return Err(bad());
    }
    for label in host.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(bad());
        }
    }
    Ok(())
}

fn check_ipv6(host: &str) -> Result<(), ValueProblem> {
    host.parse::<Ipv6Addr>()
        .map(|_| ())
        .map_err(|_| ValueProblem::BadHost(host.to_owned()))
}

/// `host:port` with `host` an IPv4 address, a DNS name or `[IPv6]`.
fn parse_endpoint(text: &str) -> Result<Endpoint, ValueProblem> {
    if text.is_empty() {
        return Err(ValueProblem::Empty);
    }
    if let Some(rest) = text.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(ValueProblem::BadHost(text.to_owned()));
        };
        check_ipv6(host)?;
        return match after.strip_prefix(':') {
            Some(port) => Ok(Endpoint {
                host: host.to_owned(),
                port: parse_port(port)?,
            }),
            None if after.is_empty() => Err(ValueProblem::MissingPort {
                host: format!("[{host}]"),
            }),
            None => Err(ValueProblem::BadHost(text.to_owned())),
        };
    }
    let Some((host, port)) = text.rsplit_once(':') else {
        check_host(text)?;
        return Err(ValueProblem::MissingPort {
            host: text.to_owned(),
        });
    };
    if host.contains(':') {
        return Err(ValueProblem::UnbracketedIpv6);
    }
    check_host(host)?;
    Ok(Endpoint {
        host: host.to_owned(),
        port: parse_port(port)?,
    })
}

/// A `proxyIpList` entry: a host, optionally with the port its proxy publishes.
fn parse_dmz(text: &str) -> Result<(String, Option<u32>), ValueProblem> {
    if let Some(rest) = text.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(ValueProblem::BadHost(text.to_owned()));
        };
        check_ipv6(host)?;
        return match after.strip_prefix(':') {
            Some(port) => Ok((host.to_owned(), Some(parse_port(port)?))),
            None if after.is_empty() => Ok((host.to_owned(), None)),
            None => Err(ValueProblem::BadHost(text.to_owned())),
        };
    }
    if text.matches(':').count() > 1 {
        check_ipv6(text)?;
        return Ok((text.to_owned(), None));
    }
    match text.split_once(':') {
        Some((host, port)) => {
            check_host(host)?;
            Ok((host.to_owned(), Some(parse_port(port)?)))
        }
        None => {
            check_host(text)?;
            Ok((text.to_owned(), None))
        }
    }
}

fn in_node_port_range(port: u32) -> bool {
    (NODE_PORT_MIN..=NODE_PORT_MAX).contains(&port)
}

/// The first NodePort from `start` upwards (wrapping within the range) that is not in `used`.
fn next_free(start: u32, used: &BTreeSet<u32>) -> Option<u32> {
    let mut port = if in_node_port_range(start) {
        start
    } else {
        NODE_PORT_MIN
    };
    for _ in NODE_PORT_MIN..=NODE_PORT_MAX {
        if !used.contains(&port) {
            return Some(port);
        }
        port = if port >= NODE_PORT_MAX {
            NODE_PORT_MIN
        } else {
            port.saturating_add(1)
        };
    }
    None
}

/// How addresses are compared when deciding which NodePorts are taken (as validation does).
fn address_key(host: &str) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => host.trim_end_matches('.').to_ascii_lowercase(),
    }
}

/// `host` as it appears in `host:port` text.
fn with_port(host: &str, port: u32) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn invalid(
    file: SourceFile,
    word: &Word,
    variable: &str,
    index: Option<usize>,
    problem: ValueProblem,
) -> ImportError {
    ImportError::Invalid {
        file,
        line: word.line,
        variable: variable.to_owned(),
        index,
        value: word.text.clone(),
        problem,
    }
}

/// Imports the old `kube.cfg` and, if given, the `.env` it was used with.
///
/// The result describes the same federation `create-helm-deploy.sh` would have generated — the
/// same parties in `partylist` order, NodePorts, routes (exchange or mesh), eggs, placement,
/// registry and tag — without the script's bugs; [`Imported::notes`] says what differs and why.
pub fn import(kube_cfg: &str, env: Option<&str>) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let mut vars = Vars::default();
    // The script sources `.env` first, then `kube.cfg`, into the same shell.
    if let Some(env) = env {
        vars.load(parse(env, SourceFile::Env)?, SourceFile::Env, &mut notes);
    }
    vars.load(
        parse(kube_cfg, SourceFile::KubeCfg)?,
        SourceFile::KubeCfg,
        &mut notes,
    );

    // Parties.
    let (ids, ids_at) = vars.array("partylist").ok_or(ImportError::Missing {
        file: SourceFile::KubeCfg,
        variable: "partylist",
        why: "it lists the party ids, e.g. `partylist=(10000 9999)`",
    })?;
    if ids.is_empty() {
        return Err(ImportError::Invalid {
            file: ids_at.file,
            line: ids_at.line,
            variable: "partylist".to_owned(),
            index: None,
            value: String::new(),
            problem: ValueProblem::Empty,
        });
    }
    let mut seen: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        if id.text.is_empty() || !id.text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(
                ids_at.file,
                id,
                "partylist",
                Some(i),
                ValueProblem::BadPartyId,
            ));
        }
        let number = id.text.trim_start_matches('0');
        if let Some((first, other)) = seen.get(number) {
            return Err(invalid(
                ids_at.file,
                id,
                "partylist",
                Some(i),
                ValueProblem::DuplicatePartyId {
                    other: (*other).to_owned(),
                    index: *first,
                },
            ));
        }
        seen.insert(number, (i, id.text.as_str()));
    }

    let (ips, ips_at) = vars.array("partyiplist").ok_or(ImportError::Missing {
        file: SourceFile::KubeCfg,
        variable: "partyiplist",
        why: "it lists each party's `IP:NodePort`, index-aligned with `partylist`",
    })?;
    if ips.len() != ids.len() {
        return Err(ImportError::LengthMismatch {
            file: ips_at.file,
            line: ips_at.line,
            array: "partyiplist",
            len: ips.len(),
            other: "partylist",
            other_len: ids.len(),
        });
    }
    let mut endpoints = Vec::with_capacity(ips.len());
    for (i, w) in ips.iter().enumerate() {
        let ep = parse_endpoint(&w.text)
            .map_err(|p| invalid(ips_at.file, w, "partyiplist", Some(i), p))?;
        endpoints.push(ep);
    }

    // Exchange.
    let exchange = match vars.scalar("exchangeip")? {
        Some((w, b)) if !w.text.is_empty() => {
            let ep =
                parse_endpoint(&w.text).map_err(|p| invalid(b.file, &w, "exchangeip", None, p))?;
            if !in_node_port_range(ep.port) {
                return Err(invalid(
                    b.file,
                    &w,
                    "exchangeip",
                    None,
                    ValueProblem::NodePortOutOfRange(ep.port),
                ));
            }
            Some(Exchange {
                address: ep.host,
                node_port: ep.port,
                namespace: None,
                node_label_value: String::new(),
            })
        }
        _ => None,
    };

    // DMZ proxies.
    let mut dmz_hosts: Vec<Option<(String, Option<u32>)>> = vec![None; ids.len()];
    if let Some((list, list_at)) = vars.array("proxyIpList") {
        if list.len() > ids.len() {
            return Err(ImportError::LengthMismatch {
                file: list_at.file,
                line: list_at.line,
                array: "proxyIpList",
                len: list.len(),
                other: "partylist",
                other_len: ids.len(),
            });
        }
        for (i, w) in list.iter().enumerate() {
            if w.text.is_empty() {
                continue;
            }
            let parsed = parse_dmz(&w.text)
                .map_err(|p| invalid(list_at.file, w, "proxyIpList", Some(i), p))?;
            if let Some(slot) = dmz_hosts.get_mut(i) {
                *slot = Some(parsed);
            }
        }
        let named = list.iter().filter(|w| !w.text.is_empty()).count();
        if named > 0 && list.len() < ids.len() {
            let rest: Vec<&str> = ids
                .iter()
                .skip(list.len())
                .map(|w| w.text.as_str())
                .collect();
            notes.push(format!(
                "{} line {}: `proxyIpList` has {} for {} parties; party {} keep{} its proxy in \
                 the cluster.",
                list_at.file,
                list_at.line,
                entries(list.len()),
                ids.len(),
                rest.join(", "),
                if rest.len() == 1 { "s" } else { "" },
            ));
        }
    }

    // NodePorts taken per address, so the fixed DMZ NodePorts can avoid them.
    let mut used: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for ep in &endpoints {
        if in_node_port_range(ep.port) {
            used.entry(address_key(&ep.host))
                .or_default()
                .insert(ep.port);
        }
    }
    if let Some(x) = &exchange {
        used.entry(address_key(&x.address))
            .or_default()
            .insert(x.node_port);
    }

    let mut parties = Vec::with_capacity(ids.len());
    for (i, (id, ep)) in ids.iter().zip(&endpoints).enumerate() {
        let ip_word = ips.get(i).unwrap_or(id);
        let dmz = match dmz_hosts.get(i).cloned().flatten() {
            None => {
                if !in_node_port_range(ep.port) {
                    return Err(invalid(
                        ips_at.file,
                        ip_word,
                        "partyiplist",
                        Some(i),
                        ValueProblem::NodePortOutOfRange(ep.port),
                    ));
                }
                None
            }
            Some((host, port)) => {
                let taken = used.entry(address_key(&ep.host)).or_default();
                let no_port = || {
                    invalid(
                        ips_at.file,
                        ip_word,
                        "partyiplist",
                        Some(i),
                        ValueProblem::NoFreeNodePort(ep.host.clone()),
                    )
                };
                let federation = if in_node_port_range(ep.port) {
                    ep.port
                } else {
                    let p = next_free(NODE_PORT_MIN, taken).ok_or_else(no_port)?;
                    taken.insert(p);
                    p
                };
                let fateflow =
                    next_free(federation.saturating_add(1), taken).ok_or_else(no_port)?;
                taken.insert(fateflow);
                let port = port.unwrap_or(u32::from(PROXY_PORT));
                let mut note = format!(
                    "{} line {}: party {} runs its proxy on the DMZ host {} (from `proxyIpList`), \
                     so its chart has no proxy and peers{} reach it at {}.",
                    ips_at.file,
                    ip_word.line,
                    id.text,
                    host,
                    if exchange.is_some() {
                        " and the exchange"
                    } else {
                        ""
                    },
                    with_port(&host, port),
                );
                if in_node_port_range(ep.port) {
                    note.push_str(&format!(
                        " The DMZ proxy calls its federation Service on the fixed NodePort \
                         {federation} (its `partyiplist` port) and its fateflow Service on \
                         {fateflow} (the next free NodePort on {}); the old charts let \
                         Kubernetes pick random ones.",
                        ep.host
                    ));
                } else {
                    note.push_str(&format!(
                        " Its `partyiplist` port {} is not a NodePort (the old DMZ guide had the \
                         DMZ proxy's port written there), so its federation and fateflow Services \
                         get the free NodePorts {federation} and {fateflow} on {}; the old charts \
                         let Kubernetes pick random ones.",
                        ep.port, ep.host
                    ));
                }
                if address_key(&host) == address_key(&ep.host) {
                    note.push_str(&format!(
                        " Its address {} is the DMZ host itself: set it to a node of party {}'s \
                         Kubernetes cluster, where the DMZ proxy reaches those NodePorts.",
                        ep.host, id.text
                    ));
                }
                notes.push(note);
                Some(Dmz {
                    host,
                    port,
                    federation_node_port: federation,
                    fateflow_node_port: fateflow,
                })
            }
        };
        parties.push(Party {
            id: id.text.clone(),
            address: ep.host.clone(),
            node_port: if dmz.is_some() { None } else { Some(ep.port) },
            namespace: None,
            fateboard_host: None,
            placement: None,
            dmz,
        });
    }

    let any_dmz = parties.iter().any(|p| p.dmz.is_some());
    match &exchange {
        Some(x) if any_dmz => notes.push(format!(
            "The exchange at {} is kept: the old script generated no exchange chart at all once \
             `proxyIpList` was set.",
            with_port(&x.address, x.node_port)
        )),
        Some(_) => {}
        None => notes.push(
            "`exchangeip` is empty: there is no exchange, and every party routes directly to \
             every other party (mesh)."
                .to_owned(),
        ),
    }

    let (fate_version, images) = import_images(&vars, env.is_some(), &mut notes)?;
    let placement = import_placement(&vars, &mut notes)?;

    for (name, what) in [
        (
            "servingServer",
            "there is no FATE-Serving in these charts (the old charts did not use it either)",
        ),
        (
            "fateboard",
            "fateboard runs in the python pod, which `python` places",
        ),
        (
            "SERVING_TAG",
            "there is no FATE-Serving in these charts (only docker-compose read it)",
        ),
    ] {
        if let Some((w, b)) = vars.scalar(name)? {
            if !w.text.is_empty() {
                notes.push(format!(
                    "{} line {}: `{name}` is ignored: {what}.",
                    b.file, w.line
                ));
            }
        }
    }

    notes.push(
        "The bundle targets Helm 3 (`helm install <name> <chart>`, no Tiller); set `target` to \
         helm2 if you still deploy with Tiller."
            .to_owned(),
    );
    notes.push(
        "The old script hard-coded the mysql and redis passwords as `fate_dev`; each party now \
         gets random passwords unless you set them under `credentials`."
            .to_owned(),
    );
    notes.push(
        "Storage is `none`, which is what the old charts used unless installed with `--set \
         nfspath=… --set nfsserver=…`; if you did that, set `storage` to nfs."
            .to_owned(),
    );

    Ok(Imported {
        config: Config {
            version: CONFIG_VERSION,
            fate_version,
            target: HelmTarget::default(),
            parties,
            exchange,
            images,
            storage: Storage::default(),
            placement,
            ingress: Ingress::default(),
            credentials: BTreeMap::new(),
        },
        notes,
    })
}

/// `images` and the FATE version from `RegistryURI` / `THIRDPARTYPREFIX` / `PREFIX` and `TAG`.
fn import_images(
    vars: &Vars,
    have_env: bool,
    notes: &mut Vec<String>,
) -> Result<(FateVersion, Images), ImportError> {
    let at = |name: &str| {
        vars.binding(name)
            .map(|b| format!("{} line {}: ", b.file, b.line))
            .unwrap_or_default()
    };
    let non_empty = |t: Option<String>| t.filter(|t| !t.is_empty());
    let registry_uri = non_empty(vars.text("RegistryURI")?);
    let third_party = non_empty(vars.text("THIRDPARTYPREFIX")?);
    let prefix = non_empty(vars.text("PREFIX")?);

    // Whether the registry is a private mirror (RegistryURI): then the old charts already pulled
    // mysql and redis from it, and only the init container is new.
    let mut mirror = true;
    let mut registry = match (registry_uri, third_party) {
        (Some(uri), third) => {
            if third.as_ref().is_some_and(|t| *t != uri) {
                notes.push(format!(
                    "{}`THIRDPARTYPREFIX` is ignored because `RegistryURI` is set.",
                    at("THIRDPARTYPREFIX")
                ));
            }
            uri
        }
        (None, Some(third)) => {
            notes.push(format!(
                "{}`THIRDPARTYPREFIX` is what the old README called `RegistryURI` (the script \
                 only read `RegistryURI`); it is used as the registry.",
                at("THIRDPARTYPREFIX")
            ));
            third
        }
        (None, None) => {
            mirror = false;
            match prefix {
                Some(p) if p == DOCKER_HUB_PREFIX => String::new(),
                Some(p) => {
                    notes.push(format!(
                        "{}`PREFIX` `{p}` becomes the registry for every image: mysql and redis \
                         will then also be pulled from `{p}/` (the old charts pulled them from \
                         Docker Hub unless `RegistryURI` was set), so mirror \
                         mysql:{DEFAULT_MYSQL_TAG} and redis:{DEFAULT_REDIS_TAG} there.",
                        at("PREFIX")
                    ));
                    p
                }
                None if have_env => {
                    notes.push(
                        "`PREFIX` and `RegistryURI` are empty: the old charts would have \
                         produced image names without a repository; images now come from \
                         Docker Hub `federatedai/`."
                            .to_owned(),
                    );
                    String::new()
                }
                None => String::new(),
            }
        }
    };
    let trimmed = registry.trim_end_matches('/');
    if trimmed.len() != registry.len() {
        notes.push(format!(
            "The registry `{registry}` is used without its trailing `/`."
        ));
        registry = trimmed.to_owned();
    }
    if mirror && !registry.is_empty() {
        notes.push(format!(
            "Every image comes from `{registry}`: the FATE images, mysql and redis as before, and \
             now also the python pod's init container (the old charts pulled it from Docker Hub \
             as `mysql:8`). Mirror mysql:{DEFAULT_MYSQL_TAG} and redis:{DEFAULT_REDIS_TAG} into \
             that project."
        ));
    }

    let tag = non_empty(vars.text("TAG")?);
    let fate_version = match &tag {
        Some(t) if t.starts_with("1.3") => {
            notes.push(format!("{}`TAG` `{t}` selects FATE 1.3.0.", at("TAG")));
            FateVersion::V1_3_0
        }
        Some(t) if t.starts_with("1.2") => FateVersion::V1_2_0,
        Some(t) => {
            notes.push(format!(
                "{}`TAG` `{t}` names neither FATE 1.2 nor 1.3; the charts are for FATE 1.2.0 and \
                 use the tag as written.",
                at("TAG")
            ));
            FateVersion::V1_2_0
        }
        None => FateVersion::V1_2_0,
    };
    if tag.is_none() {
        notes.push(format!(
            "{}: the FATE images use the default tag {}.",
            if have_env {
                "`TAG` is not set"
            } else {
                "No .env was given, so images come from Docker Hub `federatedai/`"
            },
            fate_version.default_tag()
        ));
    }
    notes.push(format!(
        "mysql and redis are pinned to {DEFAULT_MYSQL_TAG} and {DEFAULT_REDIS_TAG} (the old \
         charts used the floating `mysql:8` and `redis:5`)."
    ));
    let images = Images {
        registry,
        tag: tag.filter(|t| *t != fate_version.default_tag()),
        ..Images::default()
    };
    Ok((fate_version, images))
}

/// `placement` from `nodeLabel`, the per-component label values and `eggList`.
fn import_placement(vars: &Vars, notes: &mut Vec<String>) -> Result<Placement, ImportError> {
    let node_label = match vars.scalar("nodeLabel")? {
        Some((w, _)) if !w.text.is_empty() => w.text,
        Some((w, b)) => {
            notes.push(format!(
                "{} line {}: `nodeLabel` is empty; the node label key is {DEFAULT_NODE_LABEL}.",
                b.file, w.line
            ));
            DEFAULT_NODE_LABEL.to_owned()
        }
        None => DEFAULT_NODE_LABEL.to_owned(),
    };
    let value =
        |name: &str| -> Result<String, ImportError> { Ok(vars.text(name)?.unwrap_or_default()) };
    let eggs: Vec<String> = match vars.array("eggList") {
        Some((words, _)) if !words.is_empty() => words.into_iter().map(|w| w.text).collect(),
        found => {
            let at = found
                .map(|(_, b)| format!("{} line {}: ", b.file, b.line))
                .unwrap_or_default();
            notes.push(format!(
                "{at}`eggList` is empty, so each party gets one egg on any node. The old script \
                 would name a single egg `egg`; eggs are now egg0, egg1, … (here just egg0)."
            ));
            vec![String::new()]
        }
    };
    Ok(Placement {
        node_label,
        federation: value("federation")?,
        meta_service: value("metaService")?,
        mysql: value("mysql")?,
        proxy: value("proxy")?,
        python: value("python")?,
        redis: value("redis")?,
        roll: value("roll")?,
        eggs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Result<Vec<(String, Vec<String>)>, ImportError> {
        Ok(parse(text, SourceFile::KubeCfg)?
            .into_iter()
            .map(|a| {
                let values = match a.value {
                    Value::Scalar(w) => vec![w.text],
                    Value::Array(ws) => ws.into_iter().map(|w| w.text).collect(),
                };
                (a.name, values)
            })
            .collect())
    }

    fn one(name: &str, values: &[&str]) -> Vec<(String, Vec<String>)> {
        vec![(
            name.to_owned(),
            values.iter().map(|v| (*v).to_owned()).collect(),
        )]
    }

    fn problem(text: &str) -> Option<(usize, SyntaxProblem)> {
        match parse(text, SourceFile::KubeCfg) {
            Err(ImportError::Syntax { line, problem, .. }) => Some((line, problem)),
            _ => None,
        }
    }

    #[test]
    fn scalars_quotes_and_comments() -> Result<(), ImportError> {
        assert_eq!(words("a=b # c")?, one("a", &["b"]));
        assert_eq!(words("a=b#c")?, one("a", &["b#c"]));
        assert_eq!(words("a='x y'")?, one("a", &["x y"]));
        assert_eq!(words("a=\"x\\\"y\"")?, one("a", &["x\"y"]));
        assert_eq!(words("a=\"\\d\"")?, one("a", &["\\d"]));
        assert_eq!(words("a=")?, one("a", &[""]));
        assert_eq!(words("a=''")?, one("a", &[""]));
        assert_eq!(words("a=x\\ y")?, one("a", &["x y"]));
        assert_eq!(words("a=pre'mid'\"end\"")?, one("a", &["premidend"]));
        assert_eq!(words("a=cost$")?, one("a", &["cost$"]));
        assert_eq!(words("export A=1")?, one("A", &["1"]));
        assert_eq!(words("export=1")?, one("export", &["1"]));
        assert_eq!(words("a=1\r\n")?, one("a", &["1"]));
        assert_eq!(words("#!/bin/bash\n\n  # x\n")?, vec![]);
        assert_eq!(words("\u{feff}a=1")?, one("a", &["1"]));
        Ok(())
    }

    #[test]
    fn arrays() -> Result<(), ImportError> {
        assert_eq!(words("a=()")?, one("a", &[]));
        assert_eq!(words("a=( x  y )  # c")?, one("a", &["x", "y"]));
        assert_eq!(words("a=(x\n # c\n y) # c")?, one("a", &["x", "y"]));
        assert_eq!(words("a=(\"\" x '')")?, one("a", &["", "x", ""]));
        assert_eq!(words("a=([::1]:30010)")?, one("a", &["[::1]:30010"]));
        let lines: Vec<usize> = match parse("a=(x\ny\n\nz)", SourceFile::KubeCfg)?.first() {
            Some(Assignment {
                value: Value::Array(ws),
                ..
            }) => ws.iter().map(|w| w.line).collect(),
            _ => vec![],
        };
        assert_eq!(lines, vec![1, 2, 4]);
        Ok(())
    }

    #[test]
    fn several_statements_per_line() -> Result<(), ImportError> {
        assert_eq!(
            words("a=1 b=2; c=(3)")?,
            vec![
                ("a".to_owned(), vec!["1".to_owned()]),
                ("b".to_owned(), vec!["2".to_owned()]),
                ("c".to_owned(), vec!["3".to_owned()]),
            ]
        );
        assert_eq!(
            words("export A B=2")?,
            vec![("B".to_owned(), vec!["2".to_owned()])]
        );
        Ok(())
    }

    #[test]
    fn rejected_syntax() {
        assert!(matches!(
            problem("a=1\nb=$(hostname)"),
            Some((2, SyntaxProblem::CommandSubstitution(_)))
        ));
        assert_eq!(
            problem("a=(x $(kubectl get nodes) y)"),
            Some((
                1,
                SyntaxProblem::CommandSubstitution("$(kubectl get nodes)".to_owned())
            ))
        );
        assert_eq!(
            problem("a=\"${HOME}/x\""),
            Some((1, SyntaxProblem::Expansion("${HOME}".to_owned())))
        );
        assert!(matches!(
            problem("b=`hostname`"),
            Some((1, SyntaxProblem::CommandSubstitution(_)))
        ));
        assert!(matches!(
            problem("b=\"$HOME\""),
            Some((1, SyntaxProblem::Expansion(_)))
        ));
        assert!(matches!(
            problem("b=${x}"),
            Some((1, SyntaxProblem::Expansion(_)))
        ));
        assert!(matches!(
            problem("\n\nb='x"),
            Some((3, SyntaxProblem::UnterminatedQuote(QuoteKind::Single)))
        ));
        assert!(matches!(
            problem("b=(x\ny"),
            Some((1, SyntaxProblem::UnterminatedArray))
        ));
        assert!(matches!(
            problem("b = 1"),
            Some((1, SyntaxProblem::SpaceAroundEquals(_)))
        ));
        assert!(matches!(
            problem("b+=1"),
            Some((1, SyntaxProblem::AppendAssignment(_)))
        ));
        assert!(matches!(
            problem("b[0]=1"),
            Some((1, SyntaxProblem::IndexedElement(_)))
        ));
        assert!(matches!(
            problem("b=([0]=1)"),
            Some((1, SyntaxProblem::IndexedElement(_)))
        ));
        assert!(matches!(
            problem("source x"),
            Some((1, SyntaxProblem::NotAnAssignment(_)))
        ));
        assert!(matches!(
            problem("b=x y"),
            Some((1, SyntaxProblem::TrailingText(_)))
        ));
        assert!(matches!(
            problem("b=x|y"),
            Some((1, SyntaxProblem::Metacharacter('|')))
        ));
        assert!(matches!(
            problem("b=(x;y)"),
            Some((1, SyntaxProblem::Metacharacter(';')))
        ));
        assert!(matches!(
            problem("b=$'x'"),
            Some((1, SyntaxProblem::UnsupportedQuoting(_)))
        ));
    }

    #[test]
    fn endpoints() {
        let ep = |h: &str, p| {
            Ok(Endpoint {
                host: h.to_owned(),
                port: p,
            })
        };
        assert_eq!(
            parse_endpoint("192.168.11.2:30010"),
            ep("192.168.11.2", 30010)
        );
        assert_eq!(parse_endpoint("[::1]:30010"), ep("::1", 30010));
        assert_eq!(
            parse_endpoint("node-0.example:30010"),
            ep("node-0.example", 30010)
        );
        assert!(matches!(
            parse_endpoint("192.168.11.2"),
            Err(ValueProblem::MissingPort { .. })
        ));
        assert!(matches!(
            parse_endpoint("::1:30010"),
            Err(ValueProblem::UnbracketedIpv6)
        ));
        assert!(matches!(
            parse_endpoint("300.1.1.1:30010"),
            Err(ValueProblem::BadHost(_))
        ));
        assert!(matches!(
            parse_endpoint("1.1.1.1:x"),
            Err(ValueProblem::BadPort(_))
        ));
        assert!(matches!(
            parse_endpoint("1.1.1.1:70000"),
            Err(ValueProblem::BadPort(_))
        ));
        assert_eq!(
            parse_dmz("192.168.13.1"),
            Ok(("192.168.13.1".to_owned(), None))
        );
        assert_eq!(parse_dmz("fd00::1"), Ok(("fd00::1".to_owned(), None)));
        assert_eq!(
            parse_dmz("dmz.example:9371"),
            Ok(("dmz.example".to_owned(), Some(9371)))
        );
    }

    #[test]
    fn free_node_ports_wrap() {
        let used: BTreeSet<u32> = [32767, 30000].into_iter().collect();
        assert_eq!(next_free(32767, &used), Some(30001));
        assert_eq!(next_free(32768, &used), Some(30001));
        let all: BTreeSet<u32> = (NODE_PORT_MIN..=NODE_PORT_MAX).collect();
        assert_eq!(next_free(30000, &all), None);
    }
}
