//! The one home of every input limit: how large, how deep and how many a document, a share link,
//! a `kube.cfg` / `.env` or a bundle zip may be before it is refused, and the cheap checks that
//! refuse it *before* the expensive parse.
//!
//! The limits are far above any real federation (thousands of parties, PEM certificates under
//! `certificates:`) and far below what makes a parser slow: libyaml's scanner does work
//! proportional to the flow nesting depth for every token, so 200 KB of `[[[[…` took ~40 s of
//! CPU before serde refused it. [`check_document`] measures depth, size and scalar length in one
//! linear pass that understands YAML's and JSON's quoting, comments and block scalars well
//! enough that a bracket inside a string or a comment is not nesting.

use std::fmt;

/// Largest config document read (YAML or JSON): a 2,000-party document with a certificate and a
/// key per party is under 3 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Deepest nesting of mappings and lists in a document (a config document needs 5:
/// `parties[].placement.eggs[]`).
pub const MAX_DEPTH: usize = 32;

/// Longest single value (a scalar) in a document: room for a chain of PEM certificates.
pub const MAX_SCALAR_BYTES: usize = 256 * 1024;

/// Most parties a document, a share link or a `kube.cfg` may list.
pub const MAX_PARTIES: usize = 2_000;

/// Longest share string accepted (a 200-party federation is far below this).
pub const MAX_SHARE_LEN: usize = 64 * 1024;

/// Largest JSON a share link may inflate to (guards against deflate bombs).
pub const MAX_SHARE_DECODED_BYTES: usize = 1024 * 1024;

/// Largest `kube.cfg` or `.env` read (the old tool's files are a few KiB).
pub const MAX_KUBECFG_BYTES: usize = 1024 * 1024;

/// Most assignments in one `kube.cfg` or `.env` (the old script reads 20 variables).
pub const MAX_ASSIGNMENTS: usize = 1_000;

/// Most entries in one `kube.cfg` array (`partylist`, `eggList`, …).
pub const MAX_ARRAY_ENTRIES: usize = MAX_PARTIES;

/// Largest zip file read (a 200-party bundle is a few MiB).
pub const MAX_ZIP_BYTES: usize = 64 * 1024 * 1024;

/// Largest total size read back from a zip's entries.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// Most entries in a zip (a 2,000-party bundle has about 80,000 files).
pub const MAX_ZIP_ENTRIES: usize = 200_000;

/// What was being read, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A config document (YAML or JSON), pasted, uploaded or a file.
    ConfigDocument,
    /// A share link's configuration.
    ShareLink,
    /// The old `kube.cfg`.
    KubeCfg,
    /// The old `.env`.
    Env,
    /// A bundle zip.
    Zip,
    /// The files in a bundle zip, unpacked.
    ZipContents,
    /// A `values.yaml` inside a bundle zip.
    BundleValues,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::ConfigDocument => "config document",
            Source::ShareLink => "share link",
            Source::KubeCfg => "kube.cfg",
            Source::Env => ".env",
            Source::Zip => "zip",
            Source::ZipContents => "zip's content",
            Source::BundleValues => "values.yaml",
        })
    }
}

/// What was counted, for [`LimitError::TooMany`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Parties of a federation.
    Parties,
    /// `name=value` assignments of a `kube.cfg` or `.env`.
    Assignments,
    /// Entries of one `kube.cfg` array.
    ArrayEntries,
    /// Files in a zip.
    ZipEntries,
}

impl fmt::Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Counted::Parties => "parties",
            Counted::Assignments => "assignments",
            Counted::ArrayEntries => "entries in one array",
            Counted::ZipEntries => "files",
        })
    }
}

/// An input refused because it is larger, deeper or longer than any real one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// Too many bytes.
    #[error("the {input} is {}; at most {} is read", size(*.bytes), size(*.limit))]
    TooLarge {
        /// What was read.
        input: Source,
        /// Its size (or a lower bound: reading stops just past the limit).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Lists and mappings nested too deep.
    #[error("the {input} nests lists and mappings more than {limit} levels deep at line {line}; a configuration needs fewer than 10")]
    TooDeep {
        /// What was read.
        input: Source,
        /// 1-based line where the limit was passed.
        line: usize,
        /// The limit.
        limit: usize,
    },
    /// One value longer than any real one.
    #[error("the value at line {line} of the {input} is longer than {}; no setting needs that much", size(*.limit as u64))]
    ValueTooLong {
        /// What was read.
        input: Source,
        /// 1-based line where the value starts.
        line: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Too many of something.
    #[error("the {input} has {count} {what}; at most {limit} are accepted")]
    TooMany {
        /// What was read.
        input: Source,
        /// What was counted.
        what: Counted,
        /// How many there are (or a lower bound).
        count: usize,
        /// The limit.
        limit: usize,
    },
}

impl LimitError {
    /// The 1-based line the error is at, when it has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            LimitError::TooDeep { line, .. } | LimitError::ValueTooLong { line, .. } => Some(*line),
            LimitError::TooLarge { .. } | LimitError::TooMany { .. } => None,
        }
    }
}

/// `812 bytes`, `200 KiB`, `4 MiB`: sizes in messages.
fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes < KIB {
        format!("{bytes} bytes")
    } else if bytes < KIB * KIB {
        format!("{} KiB", bytes / KIB)
    } else {
        let tenths = bytes * 10 / (KIB * KIB);
        if tenths % 10 == 0 {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    }
}

/// Refuses `len` bytes of `input` when they exceed `limit`.
pub fn check_size(input: Source, len: usize, limit: usize) -> Result<(), LimitError> {
    if len > limit {
        return Err(LimitError::TooLarge {
            input,
            bytes: len as u64,
            limit: limit as u64,
        });
    }
    Ok(())
}

/// Refuses `count` items when they exceed `limit`.
pub fn check_count(
    input: Source,
    what: Counted,
    count: usize,
    limit: usize,
) -> Result<(), LimitError> {
    if count > limit {
        return Err(LimitError::TooMany {
            input,
            what,
            count,
            limit,
        });
    }
    Ok(())
}

/// Refuses a YAML or JSON text that is larger than [`MAX_DOCUMENT_BYTES`], nests deeper than
/// [`MAX_DEPTH`] or holds a value longer than [`MAX_SCALAR_BYTES`]: one pass, linear in the
/// text, before any parser sees it.
pub fn check_document(text: &str, input: Source) -> Result<(), LimitError> {
    check_size(input, text.len(), MAX_DOCUMENT_BYTES)?;
    Scanner::new(text.as_bytes(), input).run()
}

/// A pre-scan that follows libyaml's token boundaries closely enough to know where flow
/// collections (`[`, `{`) and block collections (indented `key:` and `- `) open and close, and
/// which bytes are inside a quoted, plain or block scalar or a comment.
struct Scanner<'a> {
    text: &'a [u8],
    input: Source,
    pos: usize,
    /// Index of the first byte of the current line.
    line_start: usize,
    /// Open flow collections.
    flow: usize,
    /// Columns of the open block collections, innermost last (libyaml's indent stack).
    indents: Vec<usize>,
    /// Column of the latest token on this line in block context: a key, should `:` follow.
    key_column: Option<usize>,
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> Scanner<'a> {
    fn new(text: &'a [u8], input: Source) -> Self {
        Scanner {
            text,
            input,
            pos: 0,
            line_start: 0,
            flow: 0,
            indents: Vec::new(),
            key_column: None,
        }
    }

    fn at(&self, index: usize) -> Option<u8> {
        self.text.get(index).copied()
    }

    fn peek(&self) -> Option<u8> {
        self.at(self.pos)
    }

    /// True when the byte after the current one is blank, a line break or the end.
    fn blank_follows(&self) -> bool {
        self.at(self.pos + 1)
            .is_none_or(|b| is_blank(b) || is_break(b))
    }

    fn column(&self) -> usize {
        self.pos - self.line_start
    }

    /// 1-based line of byte `index` (counted only for an error).
    fn line_of(&self, index: usize) -> usize {
        let end = index.min(self.text.len());
        1 + self.text[..end].iter().filter(|&&b| b == b'\n').count()
    }

    /// Moves over one byte, keeping track of line starts.
    fn bump(&mut self) {
        if self.peek() == Some(b'\n') {
            self.line_start = self.pos + 1;
        }
        self.pos += 1;
    }

    fn check_depth(&self) -> Result<(), LimitError> {
        if self.flow + self.indents.len() > MAX_DEPTH {
            return Err(LimitError::TooDeep {
                input: self.input,
                line: self.line_of(self.pos),
                limit: MAX_DEPTH,
            });
        }
        Ok(())
    }

    fn check_scalar(&self, start: usize) -> Result<(), LimitError> {
        if self.pos.saturating_sub(start) > MAX_SCALAR_BYTES {
            return Err(LimitError::ValueTooLong {
                input: self.input,
                line: self.line_of(start),
                limit: MAX_SCALAR_BYTES,
            });
        }
        Ok(())
    }

    /// A block collection starts at `column` (libyaml's `roll_indent`).
    fn roll_indent(&mut self, column: usize) -> Result<(), LimitError> {
        if self.flow == 0 && self.indents.last().is_none_or(|&top| top < column) {
            self.indents.push(column);
            self.check_depth()?;
        }
        Ok(())
    }

    fn run(mut self) -> Result<(), LimitError> {
        let mut line_begins = true;
        loop {
            // Between tokens: blanks, line breaks and comments.
            match self.peek() {
                None => return Ok(()),
                Some(b) if is_blank(b) => {
                    self.bump();
                    continue;
                }
                Some(b) if is_break(b) => {
                    self.bump();
                    line_begins = true;
                    self.key_column = None;
                    continue;
                }
                Some(b'#') => {
                    self.skip_line();
                    continue;
                }
                Some(_) => {}
            }
            if line_begins && self.flow == 0 {
                let column = self.column();
                while self.indents.last().is_some_and(|&top| top > column) {
                    self.indents.pop();
                }
                if column == 0 && self.document_marker() {
                    self.indents.clear();
                    self.pos += 3;
                    line_begins = false;
                    continue;
                }
                if column == 0 && self.peek() == Some(b'%') {
                    self.skip_line();
                    continue;
                }
            }
            line_begins = false;
            self.token()?;
        }
    }

    /// `---` or `...` followed by a blank or the end of the line.
    fn document_marker(&self) -> bool {
        let three = self.text.get(self.pos..self.pos + 3);
        (three == Some(b"---") || three == Some(b"..."))
            && self
                .at(self.pos + 3)
                .is_none_or(|b| is_blank(b) || is_break(b))
    }

    fn skip_line(&mut self) {
        while self.peek().is_some_and(|b| !is_break(b)) {
            self.pos += 1;
        }
    }

    /// One token, starting at the current byte (not blank, not a break, not a comment).
    fn token(&mut self) -> Result<(), LimitError> {
        let column = self.column();
        let Some(b) = self.peek() else {
            return Ok(());
        };
        match b {
            b'[' | b'{' => {
                if self.flow == 0 {
                    self.key_column = Some(column);
                }
                self.flow += 1;
                self.pos += 1;
                self.check_depth()
            }
            b']' | b'}' => {
                self.flow = self.flow.saturating_sub(1);
                self.pos += 1;
                Ok(())
            }
            b',' => {
                self.pos += 1;
                Ok(())
            }
            b'-' if self.blank_follows() => {
                self.roll_indent(column)?;
                self.key_column = None;
                self.pos += 1;
                Ok(())
            }
            b'?' if self.flow > 0 || self.blank_follows() => {
                self.roll_indent(column)?;
                self.key_column = None;
                self.pos += 1;
                Ok(())
            }
            b':' if self.flow > 0 || self.blank_follows() => {
                if let Some(key) = self.key_column.take() {
                    self.roll_indent(key)?;
                }
                self.pos += 1;
                Ok(())
            }
            b'&' | b'*' | b'!' => {
                // Anchor, alias or tag: up to the next blank (or flow indicator).
                while self.peek().is_some_and(|b| {
                    !(is_blank(b) || is_break(b) || (self.flow > 0 && is_flow_indicator(b)))
                }) {
                    self.pos += 1;
                }
                Ok(())
            }
            b'|' | b'>' if self.flow == 0 => self.block_scalar(),
            b'\'' => self.quoted(column, b'\''),
            b'"' => self.quoted(column, b'"'),
            _ => self.plain(column),
        }
    }

    /// `'…'` (a quote is escaped by doubling it) or `"…"` (by a backslash); may span lines.
    fn quoted(&mut self, column: usize, quote: u8) -> Result<(), LimitError> {
        if self.flow == 0 {
            self.key_column = Some(column);
        }
        let start = self.pos;
        self.pos += 1;
        while let Some(b) = self.peek() {
            if b == quote {
                if quote == b'\'' && self.at(self.pos + 1) == Some(b'\'') {
                    self.pos += 2;
                    continue;
                }
                self.pos += 1;
                return self.check_scalar(start);
            }
            if quote == b'"' && b == b'\\' {
                self.pos += 1;
            }
            self.bump();
        }
        // Never closed: the parser reports it; what was scanned still counts.
        self.check_scalar(start)
    }

    /// A plain scalar: ends before `: `, ` #`, a flow indicator in flow context, or a line that
    /// is not indented past the enclosing block collection.
    fn plain(&mut self, column: usize) -> Result<(), LimitError> {
        if self.flow == 0 {
            self.key_column = Some(column);
        }
        let start = self.pos;
        let min_column = self.indents.last().map_or(0, |&top| top + 1);
        loop {
            // One run of non-blank bytes.
            while let Some(b) = self.peek() {
                if is_blank(b) || is_break(b) {
                    break;
                }
                if b == b':' {
                    let next = self.at(self.pos + 1);
                    if next.is_none_or(|n| {
                        is_blank(n) || is_break(n) || (self.flow > 0 && is_flow_indicator(n))
                    }) {
                        return self.check_scalar(start);
                    }
                }
                if self.flow > 0 && is_flow_indicator(b) {
                    return self.check_scalar(start);
                }
                self.pos += 1;
            }
            // Blanks and breaks: the scalar goes on if more text follows, indented enough.
            let (end, end_line_start) = (self.pos, self.line_start);
            let mut crossed_line = false;
            while let Some(b) = self.peek() {
                if is_blank(b) {
                    self.pos += 1;
                } else if is_break(b) {
                    self.bump();
                    crossed_line = true;
                } else {
                    break;
                }
            }
            let continues = match self.peek() {
                None | Some(b'#') => false,
                Some(_) if !crossed_line => true,
                Some(_) => {
                    (self.flow > 0 || self.column() >= min_column)
                        && !(self.column() == 0 && self.document_marker())
                }
            };
            if !continues {
                self.pos = end;
                self.line_start = end_line_start;
                return self.check_scalar(start);
            }
            self.check_scalar(start)?;
        }
    }

    /// `|` or `>`: the header line, then every line that is empty or indented past the
    /// enclosing block collection.
    fn block_scalar(&mut self) -> Result<(), LimitError> {
        let start = self.pos;
        self.skip_line();
        let min_column = self.indents.last().map_or(0, |&top| top + 1);
        loop {
            // At a line break (or the end): look at the next line.
            let (end, end_line_start) = (self.pos, self.line_start);
            if self.peek().is_none() {
                return self.check_scalar(start);
            }
            self.bump();
            while self.peek() == Some(b' ') {
                self.pos += 1;
            }
            let blank_line = self.peek().is_none_or(is_break);
            if !blank_line && self.column() < min_column.max(1) {
                self.pos = end;
                self.line_start = end_line_start;
                return self.check_scalar(start);
            }
            self.skip_line();
            self.check_scalar(start)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> bool {
        matches!(
            check_document(text, Source::ConfigDocument),
            Err(LimitError::TooDeep { .. })
        )
    }

    #[test]
    fn flow_nesting_is_refused_at_the_limit() {
        assert!(!depth_error(&format!("a: {}", "[".repeat(MAX_DEPTH - 1))));
        assert!(depth_error(&format!("a: {}", "[".repeat(MAX_DEPTH + 1))));
        assert!(depth_error(&"{\"a\": ".repeat(MAX_DEPTH + 1)));
    }

    #[test]
    fn brackets_in_strings_and_comments_are_not_nesting() {
        let many = "[".repeat(MAX_DEPTH * 3);
        for text in [
            format!("a: '{many}'\n"),
            format!("a: \"{many}\"\n"),
            format!("a: \"\\\"{many}\"\n"),
            format!("a: 'it''s {many}'\n"),
            format!("a: b # {many}\n"),
            format!("# {many}\na: 1\n"),
            format!("a: x{many}\n"),
            format!("a: x\n  {many}\n"),
            format!("a: |\n  {many}\n  {many}\nb: 1\n"),
            format!("{{\"a\": \"{many}\"}}"),
            format!("{{a: '{many}', b: [\"{many}\", 'x''{many}']}}"),
        ] {
            assert_eq!(
                check_document(&text, Source::ConfigDocument),
                Ok(()),
                "{text}"
            );
        }
    }

    #[test]
    fn block_nesting_counts_indentation() {
        let mut deep = String::new();
        for i in 0..=MAX_DEPTH {
            deep.push_str(&" ".repeat(i));
            deep.push_str("k:\n");
        }
        assert!(depth_error(&deep));
        assert!(depth_error(&"- ".repeat(MAX_DEPTH + 1)));
        // Siblings at the same indentation do not add up.
        let wide: String = (0..1000).map(|i| format!("k{i}:\n  a: 1\n")).collect();
        assert_eq!(check_document(&wide, Source::ConfigDocument), Ok(()));
    }

    #[test]
    fn the_line_of_the_limit_is_named() {
        let text = format!("a: 1\nb: 2\nc: {}", "[".repeat(100));
        assert_eq!(
            check_document(&text, Source::ConfigDocument),
            Err(LimitError::TooDeep {
                input: Source::ConfigDocument,
                line: 3,
                limit: MAX_DEPTH
            })
        );
    }

    #[test]
    fn size_and_value_length() {
        let big = "a".repeat(MAX_DOCUMENT_BYTES + 1);
        assert!(matches!(
            check_document(&big, Source::ConfigDocument),
            Err(LimitError::TooLarge { .. })
        ));
        let long = format!("a: 1\nb: \"{}\"\n", "x".repeat(MAX_SCALAR_BYTES + 1));
        assert!(matches!(
            check_document(&long, Source::ConfigDocument),
            Err(LimitError::ValueTooLong { line: 2, .. })
        ));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(200 * 1024), "200 KiB");
        assert_eq!(size(4 * 1024 * 1024), "4 MiB");
        assert_eq!(size(4 * 1024 * 1024 + 512 * 1024), "4.5 MiB");
    }
}
