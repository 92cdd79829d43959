//! Stage 1: a reader for the bash subset `kube.cfg` and `.env` are written in.
//!
//! It accepts what these files use — comments, blank lines, a `#!/bin/bash` line anywhere,
//! `name=value`, `name=(a b c)` arrays (across lines, with comments), single and double quotes,
//! backslash escapes, `export NAME=value` and `;` — and rejects, with the line number, everything
//! bash would *execute* (command substitution, expansions, pipes, redirections, commands): the
//! old script ran these files, so a value we cannot know is an error, never a guess.
//!
//! The reader only knows syntax; what the variables mean is
//! [`import`](mod@super::import)'s business.

use super::error::{shorten, ImportError, QuoteKind, SourceFile, SyntaxProblem};
use crate::generator::limits::{self, Counted, LimitError};

/// One word of a value, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) line: usize,
}

/// The right-hand side of an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    /// `name=value`.
    Scalar(Word),
    /// `name=(a b c)`.
    Array(Vec<Word>),
}

/// `name=value` as read, with the line of `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Assignment {
    pub(super) name: String,
    pub(super) line: usize,
    pub(super) value: Value,
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
    /// Index into `chars`; never past its end, as only [`Lexer::bump`] moves it, and only over a
    /// character that is there.
    pos: usize,
    line: usize,
    file: SourceFile,
    /// The variable being assigned, for error messages.
    variable: Option<String>,
}

/// Reads every assignment of `text` in order.
pub(super) fn parse(text: &str, file: SourceFile) -> Result<Vec<Assignment>, ImportError> {
    limits::check_size(file.source(), text.len(), limits::MAX_KUBECFG_BYTES).map_err(|limit| {
        ImportError::Limit {
            file,
            line: None,
            variable: None,
            limit,
        }
    })?;
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
    /// The text not read yet: empty at the end of the input.
    fn rest(&self) -> &[char] {
        // `pos <= chars.len()` always holds (see `pos`), so this is never the fallback; if it
        // were, "nothing left" is what the callers (messages only) would want.
        self.chars.get(self.pos..).unwrap_or(&[])
    }

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

    /// Refuses a file with more than `limit` of `what` (assignments, entries of one array).
    fn check_count(
        &self,
        line: usize,
        what: Counted,
        count: usize,
        limit: usize,
    ) -> Result<(), ImportError> {
        limits::check_count(self.file.source(), what, count, limit).map_err(|limit: LimitError| {
            ImportError::Limit {
                file: self.file,
                line: Some(line),
                variable: self.variable.clone(),
                limit,
            }
        })
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
        let rest: String = self.rest().iter().take_while(|&&c| c != '\n').collect();
        shorten(rest.trim())
    }

    /// The unquoted word from here (up to a blank or the end of line), for messages.
    fn rest_of_word(&self) -> String {
        let word: String = self
            .rest()
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
                    self.check_count(
                        line,
                        Counted::Assignments,
                        out.len(),
                        limits::MAX_ASSIGNMENTS,
                    )?;
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
        // `name=` with nothing after it: bash sets the variable to the empty string.
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
                        self.check_count(
                            open,
                            Counted::ArrayEntries,
                            words.len(),
                            limits::MAX_ARRAY_ENTRIES,
                        )?;
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
        let rest = self.rest();
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

    /// Fails once with every failing case of a table, not just the first.
    #[track_caller]
    fn assert_no_failures(failures: &[String]) {
        assert!(
            failures.is_empty(),
            "{} cases failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn scalars_quotes_and_comments() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("a=b # c", "a", &["b"]),
            ("a=b#c", "a", &["b#c"]),
            ("a='x y'", "a", &["x y"]),
            ("a=\"x\\\"y\"", "a", &["x\"y"]),
            ("a=\"\\d\"", "a", &["\\d"]),
            ("a=", "a", &[""]),
            ("a=''", "a", &[""]),
            ("a=x\\ y", "a", &["x y"]),
            ("a=pre'mid'\"end\"", "a", &["premidend"]),
            ("a=cost$", "a", &["cost$"]),
            ("export A=1", "A", &["1"]),
            ("export=1", "export", &["1"]),
            ("a=1\r\n", "a", &["1"]),
            ("\u{feff}a=1", "a", &["1"]),
            // Arrays.
            ("a=()", "a", &[]),
            ("a=( x  y )  # c", "a", &["x", "y"]),
            ("a=(x\n # c\n y) # c", "a", &["x", "y"]),
            ("a=(\"\" x '')", "a", &["", "x", ""]),
            ("a=([::1]:30010)", "a", &["[::1]:30010"]),
        ];
        let mut failures = Vec::new();
        for (text, name, values) in cases {
            let want = one(name, values);
            match words(text) {
                Ok(got) if got == want => {}
                got => failures.push(format!("{text:?}: got {got:?}, expected {want:?}")),
            }
        }
        match words("#!/bin/bash\n\n  # x\n") {
            Ok(got) if got.is_empty() => {}
            got => failures.push(format!("only comments: got {got:?}, expected nothing")),
        }
        assert_no_failures(&failures);
    }

    #[test]
    fn array_entries_keep_their_lines() -> Result<(), ImportError> {
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
        type Expect = fn(&SyntaxProblem) -> bool;
        let cases: &[(&str, usize, Expect)] = &[
            ("a=1\nb=$(hostname)", 2, |p| {
                matches!(p, SyntaxProblem::CommandSubstitution(_))
            }),
            ("a=(x $(kubectl get nodes) y)", 1, |p| {
                *p == SyntaxProblem::CommandSubstitution("$(kubectl get nodes)".to_owned())
            }),
            ("a=\"${HOME}/x\"", 1, |p| {
                *p == SyntaxProblem::Expansion("${HOME}".to_owned())
            }),
            ("b=`hostname`", 1, |p| {
                matches!(p, SyntaxProblem::CommandSubstitution(_))
            }),
            ("b=\"$HOME\"", 1, |p| {
                matches!(p, SyntaxProblem::Expansion(_))
            }),
            ("b=${x}", 1, |p| matches!(p, SyntaxProblem::Expansion(_))),
            ("\n\nb='x", 3, |p| {
                matches!(p, SyntaxProblem::UnterminatedQuote(QuoteKind::Single))
            }),
            ("b=(x\ny", 1, |p| {
                matches!(p, SyntaxProblem::UnterminatedArray)
            }),
            ("b = 1", 1, |p| {
                matches!(p, SyntaxProblem::SpaceAroundEquals(_))
            }),
            ("b+=1", 1, |p| {
                matches!(p, SyntaxProblem::AppendAssignment(_))
            }),
            ("b[0]=1", 1, |p| {
                matches!(p, SyntaxProblem::IndexedElement(_))
            }),
            ("b=([0]=1)", 1, |p| {
                matches!(p, SyntaxProblem::IndexedElement(_))
            }),
            ("source x", 1, |p| {
                matches!(p, SyntaxProblem::NotAnAssignment(_))
            }),
            ("b=x y", 1, |p| matches!(p, SyntaxProblem::TrailingText(_))),
            ("b=x|y", 1, |p| {
                matches!(p, SyntaxProblem::Metacharacter('|'))
            }),
            ("b=(x;y)", 1, |p| {
                matches!(p, SyntaxProblem::Metacharacter(';'))
            }),
            ("b=$'x'", 1, |p| {
                matches!(p, SyntaxProblem::UnsupportedQuoting(_))
            }),
        ];
        let mut failures = Vec::new();
        for (text, line, expect) in cases {
            match problem(text) {
                Some((l, p)) if l == *line && expect(&p) => {}
                got => failures.push(format!(
                    "{text:?}: got {got:?}, not line {line} with the expected problem"
                )),
            }
        }
        assert_no_failures(&failures);
    }
}
