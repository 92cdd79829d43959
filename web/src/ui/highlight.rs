//! Syntax highlighting of the previewed file: a small tokenizer per language (YAML with Helm
//! template actions, JSON, shell, Markdown), line by line with the little state that crosses
//! lines (block scalars, template actions, quotes, heredocs, code fences). It only classifies
//! byte ranges; the preview draws them as spans with a class (the CSP allows no inline style).

use std::ops::Range;

/// The language of a file, from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// YAML, Helm templates (`{{ … }}` actions) and Helm helpers (`.tpl`).
    Yaml,
    /// JSON.
    Json,
    /// Shell scripts (and Python, which shares its comments and strings).
    Shell,
    /// Markdown.
    Markdown,
    /// Text with Helm template actions (`NOTES.txt`).
    TemplateText,
    /// Anything else: no highlighting.
    Plain,
}

impl Language {
    /// The language of the file at `path`.
    pub fn of(path: &str) -> Language {
        let name = path.rsplit('/').next().unwrap_or(path);
        let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match extension {
            "yaml" | "yml" | "tpl" => Language::Yaml,
            "json" => Language::Json,
            "sh" | "py" => Language::Shell,
            "md" => Language::Markdown,
            "txt" if path.contains("templates/") => Language::TemplateText,
            _ => Language::Plain,
        }
    }
}

/// What a piece of text is; each is one CSS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A mapping key (YAML, JSON).
    Key,
    /// A string.
    Str,
    /// A number.
    Num,
    /// A comment.
    Comment,
    /// A keyword or literal (`true`, `null`, `if`, `done`).
    Keyword,
    /// Structure: `:`, `-`, brackets, `|`, list markers.
    Punct,
    /// A Helm template action `{{ … }}`.
    Template,
    /// A shell variable or expansion.
    Var,
    /// A Markdown heading.
    Heading,
    /// Markdown code (inline or fenced).
    Code,
}

impl Class {
    /// Its CSS class (`static/app.css`, block "preview").
    pub fn css(self) -> &'static str {
        match self {
            Class::Key => "tok-key",
            Class::Str => "tok-str",
            Class::Num => "tok-num",
            Class::Comment => "tok-com",
            Class::Keyword => "tok-kw",
            Class::Punct => "tok-punct",
            Class::Template => "tok-tpl",
            Class::Var => "tok-var",
            Class::Heading => "tok-head",
            Class::Code => "tok-code",
        }
    }
}

/// A classified byte range of one line (text between spans is plain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Its class.
    pub class: Class,
    /// Byte range in the line.
    pub range: Range<usize>,
}

/// The spans of every line of `text` (as `str::lines` splits it), ascending and disjoint.
pub fn highlight(language: Language, text: &str) -> Vec<Vec<Span>> {
    let mut state = State::default();
    text.lines()
        .map(|line| {
            let mut out = Out::default();
            match language {
                Language::Yaml => yaml_line(line, &mut state, &mut out),
                Language::Json => json_line(line, &mut out),
                Language::Shell => shell_line(line, &mut state, &mut out),
                Language::Markdown => markdown_line(line, &mut state, &mut out),
                Language::TemplateText => template_text_line(line, &mut state, &mut out),
                Language::Plain => {}
            }
            out.0
        })
        .collect()
}

/// What crosses a line break.
#[derive(Default)]
struct State {
    /// Inside a template action that did not close on its line.
    in_template: bool,
    /// Inside a YAML block scalar whose key was indented this much.
    block_indent: Option<usize>,
    /// Inside a shell string opened by this quote.
    quote: Option<u8>,
    /// Inside a heredoc ending at this word.
    heredoc: Option<String>,
    /// Inside a Markdown code fence.
    fence: bool,
}

#[derive(Default)]
struct Out(Vec<Span>);

impl Out {
    fn push(&mut self, class: Class, range: Range<usize>) {
        if !range.is_empty() {
            self.0.push(Span { class, range });
        }
    }
}

/// The end of a template action starting at `start` (just past `}}`), or the line's end.
fn template_end(line: &str, start: usize) -> (usize, bool) {
    match line[start..].find("}}") {
        Some(at) => (start + at + 2, true),
        None => (line.len(), false),
    }
}

/// Continues a template action left open on an earlier line; returns where the line goes on.
fn open_template(line: &str, state: &mut State, out: &mut Out) -> usize {
    if !state.in_template {
        return 0;
    }
    let (end, closed) = template_end(line, 0);
    out.push(Class::Template, 0..end);
    state.in_template = !closed;
    end
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn yaml_line(line: &str, state: &mut State, out: &mut Out) {
    let start = open_template(line, state, out);
    if state.in_template {
        return;
    }
    if let Some(block) = state.block_indent {
        if line.trim().is_empty() || indent(line) > block {
            yaml_plain_text(line, start, Class::Str, state, out);
            return;
        }
        state.block_indent = None;
    }
    let mut at = start + indent(&line[start..]);
    let bytes = line.as_bytes();
    if line[at..].starts_with('#') {
        out.push(Class::Comment, at..line.len());
        return;
    }
    if line[at..].starts_with("---") || line[at..].starts_with("...") {
        out.push(Class::Punct, at..at + 3);
        at += 3;
    }
    // List markers.
    while at < bytes.len() && bytes[at] == b'-' && bytes.get(at + 1).is_none_or(|b| *b == b' ') {
        out.push(Class::Punct, at..at + 1);
        at += 1;
        at += indent(&line[at..]);
    }
    let key_indent = at;
    if let Some(colon) = yaml_key_end(line, at) {
        out.push(Class::Key, at..colon);
        out.push(Class::Punct, colon..colon + 1);
        at = colon + 1;
    }
    yaml_value(line, at, key_indent, state, out);
}

/// The position of the `:` ending a mapping key that starts at `at`, if the line has one.
fn yaml_key_end(line: &str, at: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let first = *bytes.get(at)?;
    if first == b'"' || first == b'\'' {
        let close = at + 1 + line[at + 1..].find(first as char)?;
        let colon = close + 1;
        return (bytes.get(colon) == Some(&b':')
            && bytes.get(colon + 1).is_none_or(|b| *b == b' '))
        .then_some(colon);
    }
    if matches!(
        first,
        b'{' | b'[' | b'#' | b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@'
    ) {
        return None;
    }
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b':' if bytes.get(i + 1).is_none_or(|b| *b == b' ') => return Some(i),
            b' ' if bytes.get(i + 1) == Some(&b'#') => return None,
            b'{' if bytes.get(i + 1) == Some(&b'{') => return None,
            _ => i += 1,
        }
    }
    None
}

/// A value (or a plain line) from `at`: quoted strings, numbers, literals, flow punctuation,
/// template actions, a trailing comment, and block scalar indicators.
fn yaml_value(line: &str, mut at: usize, key_indent: usize, state: &mut State, out: &mut Out) {
    let bytes = line.as_bytes();
    while at < bytes.len() {
        match bytes[at] {
            b' ' => at += 1,
            b'#' if at == 0 || bytes[at - 1] == b' ' => {
                out.push(Class::Comment, at..line.len());
                return;
            }
            b'{' if bytes.get(at + 1) == Some(&b'{') => {
                let (end, closed) = template_end(line, at);
                out.push(Class::Template, at..end);
                state.in_template = !closed;
                at = end;
            }
            quote @ (b'"' | b'\'') => {
                let end = quoted_end(line, at, quote);
                out.push(Class::Str, at..end);
                at = end;
            }
            b'{' | b'}' | b'[' | b']' | b',' => {
                out.push(Class::Punct, at..at + 1);
                at += 1;
            }
            b'|' | b'>'
                if line[at + 1..]
                    .trim_start_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                    .trim()
                    .is_empty()
                    || line[at + 1..].trim_start().starts_with('#') =>
            {
                out.push(Class::Punct, at..at + 1);
                state.block_indent = Some(key_indent);
                at += 1;
            }
            _ => {
                let end = word_end(line, at);
                let word = &line[at..end];
                let class = if is_number(word) {
                    Some(Class::Num)
                } else if matches!(word, "true" | "false" | "null" | "~" | "yes" | "no") {
                    Some(Class::Keyword)
                } else if word.ends_with(':') {
                    None
                } else {
                    Some(Class::Str)
                };
                if let Some(class) = class {
                    out.push(class, at..end);
                }
                at = end.max(at + 1);
                while !line.is_char_boundary(at) {
                    at += 1;
                }
            }
        }
    }
}

/// A line of a block scalar, or text around template actions, in one class.
fn yaml_plain_text(line: &str, start: usize, class: Class, state: &mut State, out: &mut Out) {
    let mut at = start;
    while let Some(found) = line[at..].find("{{") {
        let open = at + found;
        out.push(class, at..open);
        let (end, closed) = template_end(line, open);
        out.push(Class::Template, open..end);
        state.in_template = !closed;
        at = end;
    }
    out.push(class, at..line.len());
}

fn template_text_line(line: &str, state: &mut State, out: &mut Out) {
    let start = open_template(line, state, out);
    if !state.in_template {
        let mut at = start;
        while let Some(found) = line[at..].find("{{") {
            let open = at + found;
            let (end, closed) = template_end(line, open);
            out.push(Class::Template, open..end);
            state.in_template = !closed;
            at = end;
        }
    }
}

/// The end of a plain word: up to a space, a flow character, a comment or a template action.
fn word_end(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b',' | b'[' | b']' | b'}' => break,
            b'{' if bytes.get(i + 1) == Some(&b'{') => break,
            b' ' if bytes.get(i + 1) == Some(&b'#') => break,
            _ => i += 1,
        }
    }
    // Trailing spaces are not part of the word.
    at + line[at..i].trim_end().len()
}

/// The end of a quoted string starting at `at` (past the closing quote, or the line's end).
fn quoted_end(line: &str, at: usize, quote: u8) -> usize {
    let bytes = line.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() {
        if bytes[i] == b'\\' && quote == b'"' {
            i += 2;
        } else if bytes[i] == quote {
            // In single quotes, '' is an escaped quote.
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        } else {
            i += 1;
        }
    }
    line.len()
}

fn is_number(word: &str) -> bool {
    let digits = word.strip_prefix(['-', '+']).unwrap_or(word);
    !digits.is_empty()
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
}

fn json_line(line: &str, out: &mut Out) {
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                let end = quoted_end(line, at, b'"');
                let rest = line[end..].trim_start();
                let class = if rest.starts_with(':') {
                    Class::Key
                } else {
                    Class::Str
                };
                out.push(class, at..end);
                at = end;
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                out.push(Class::Punct, at..at + 1);
                at += 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = at
                    + line[at..]
                        .find(|c: char| {
                            !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                        })
                        .unwrap_or(line.len() - at);
                out.push(Class::Num, at..end);
                at = end;
            }
            b't' | b'f' | b'n' => {
                let word = ["true", "false", "null"]
                    .into_iter()
                    .find(|w| line[at..].starts_with(w));
                let len = word.map_or(1, str::len);
                if word.is_some() {
                    out.push(Class::Keyword, at..at + len);
                }
                at += len;
            }
            _ => {
                at += 1;
                while !line.is_char_boundary(at) {
                    at += 1;
                }
            }
        }
    }
}

/// Shell words that are keywords when they stand alone.
const SHELL_KEYWORDS: [&str; 24] = [
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "in", "function", "return", "local", "export", "readonly", "set", "exit", "shift", "trap",
    "def", "import",
];

fn shell_line(line: &str, state: &mut State, out: &mut Out) {
    if let Some(word) = &state.heredoc {
        out.push(Class::Str, 0..line.len());
        if line.trim() == word {
            state.heredoc = None;
        }
        return;
    }
    let bytes = line.as_bytes();
    let mut at = 0;
    if let Some(quote) = state.quote {
        at = shell_string_end(line, 0, quote, state, out);
    }
    while at < bytes.len() {
        match bytes[at] {
            b'#' if at == 0 || matches!(bytes[at - 1], b' ' | b'\t' | b';') => {
                out.push(Class::Comment, at..line.len());
                return;
            }
            quote @ (b'"' | b'\'') => {
                state.quote = Some(quote);
                at = shell_string_end(line, at + 1, quote, state, out);
            }
            b'$' => {
                let end = variable_end(line, at);
                out.push(Class::Var, at..end);
                at = end;
            }
            b'<' if line[at..].starts_with("<<") => {
                let rest = line[at + 2..].trim_start_matches(['-', '~']);
                let word: String = rest
                    .trim_start_matches(['\'', '"'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !word.is_empty() {
                    state.heredoc = Some(word);
                }
                out.push(Class::Punct, at..at + 2);
                at += 2;
            }
            b if b.is_ascii_alphabetic() => {
                let end = at
                    + line[at..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(line.len() - at);
                let standalone = (at == 0 || !matches!(bytes[at - 1], b'-' | b'.' | b'/' | b'='))
                    && !matches!(bytes.get(end), Some(b'-' | b'.' | b'/' | b'='));
                if standalone && SHELL_KEYWORDS.contains(&&line[at..end]) {
                    out.push(Class::Keyword, at..end);
                }
                at = end;
            }
            _ => {
                at += 1;
                while !line.is_char_boundary(at) {
                    at += 1;
                }
            }
        }
    }
}

/// Pushes the string from `from` (inside quotes opened by `quote`) to its closing quote; the
/// span starts at the opening quote when it is on this line. Returns the position after it.
fn shell_string_end(line: &str, from: usize, quote: u8, state: &mut State, out: &mut Out) -> usize {
    let bytes = line.as_bytes();
    let start = if from > 0 && bytes[from - 1] == quote {
        from - 1
    } else {
        from
    };
    let mut i = from;
    let mut piece = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'$' if quote == b'"' => {
                out.push(Class::Str, piece..i);
                let end = variable_end(line, i);
                out.push(Class::Var, i..end);
                i = end;
                piece = end;
            }
            b if b == quote => {
                state.quote = None;
                out.push(Class::Str, piece..i + 1);
                return i + 1;
            }
            _ => i += 1,
        }
    }
    out.push(Class::Str, piece..line.len());
    line.len()
}

/// The end of `$name`, `${…}`, `$(…` (just the opening), `$1`, `$?`.
fn variable_end(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    match bytes.get(at + 1) {
        Some(b'{') => line[at..].find('}').map_or(line.len(), |end| at + end + 1),
        Some(b'(') => at + 2,
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
            at + 1
                + line[at + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(line.len() - at - 1)
        }
        Some(b) if b.is_ascii_digit() || matches!(b, b'?' | b'#' | b'@' | b'*' | b'$' | b'!') => {
            at + 2
        }
        _ => at + 1,
    }
}

fn markdown_line(line: &str, state: &mut State, out: &mut Out) {
    let trimmed = line.trim_start();
    if trimmed.starts_with("```") {
        state.fence = !state.fence;
        out.push(Class::Punct, 0..line.len());
        return;
    }
    if state.fence {
        out.push(Class::Code, 0..line.len());
        return;
    }
    if trimmed.starts_with('#') {
        out.push(Class::Heading, 0..line.len());
        return;
    }
    let lead = line.len() - trimmed.len();
    let marker = if trimmed.starts_with("- ") || trimmed.starts_with("* ") {
        1
    } else {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && trimmed[digits..].starts_with(". ") {
            digits + 1
        } else {
            0
        }
    };
    out.push(Class::Punct, lead..lead + marker);
    let mut at = lead + marker;
    while let Some(found) = line[at..].find('`') {
        let open = at + found;
        let Some(close) = line[open + 1..].find('`') else {
            break;
        };
        let end = open + 1 + close + 1;
        out.push(Class::Code, open..end);
        at = end;
    }
}
