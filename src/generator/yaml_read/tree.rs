//! The scanner and parser: YAML text → a tree of [`Node`]s, each with the byte offset where it
//! starts. One pass, no backtracking over more than the current line, recursion capped.

/// Deepest nesting read: far above what a config document needs, far below the stack's limit.
pub(crate) const MAX_NESTING: usize = 128;

/// A value of the document and where it starts (a byte offset into the normalised text).
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) at: usize,
    pub(crate) value: Value,
}

/// What a node holds. Plain scalars are resolved (null, bool, number, text) only when read.
#[derive(Debug)]
pub(crate) enum Value {
    /// A plain (unquoted) scalar, as folded.
    Plain(String),
    /// A quoted or block scalar: always text.
    Text(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key of a mapping; `repeated` when an earlier key of the same mapping has the same text.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) key: Node,
    pub(crate) value: Node,
    pub(crate) repeated: bool,
}

impl Node {
    /// The text of a scalar (plain or quoted), `None` for a collection.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Plain(text) | Value::Text(text) => Some(text),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }
}

/// A syntax error: what and where (byte offset).
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub(crate) message: &'static str,
    pub(crate) at: usize,
}

type Parsed<T> = Result<T, SyntaxError>;

/// Reads the one document of `text` (already normalised: no BOM, `\n` line breaks only).
pub(crate) fn parse(text: &str) -> Parsed<Node> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        pending: None,
    };
    parser.document()
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
    /// Set when a node ended by reading up to the next content line: that line's column, or
    /// `None` at the end of the document (a document marker or the end of the text).
    pending: Option<Option<usize>>,
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// A space, a tab, a line break or the end of the text (0).
fn is_blank_or_end(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0)
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl Parser<'_> {
    fn peek(&self) -> u8 {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn error<T>(&self, message: &'static str) -> Parsed<T> {
        Err(SyntaxError {
            message,
            at: self.pos,
        })
    }

    /// The byte column of the current position (indentation is spaces only, so bytes are columns).
    fn column(&self) -> usize {
        self.pos - self.text[..self.pos].rfind('\n').map_or(0, |i| i + 1)
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.error("lists and mappings are nested too deep");
        }
        Ok(())
    }

    fn document(&mut self) -> Parsed<Node> {
        let mut first = self.line_content()?;
        if first == Some(0) && self.peek() == b'%' {
            return self.error("directives (%YAML, %TAG) are not supported");
        }
        let node = if first.is_none() && self.at_marker(b'-') {
            self.pos += 3;
            let node = self.value(-1, false)?;
            first = self.next_entry()?;
            node
        } else if let Some(column) = first {
            let node = self.node(-1, true, column)?;
            first = self.next_entry()?;
            node
        } else {
            Node {
                at: self.pos,
                value: Value::Plain(String::new()),
            }
        };
        if first.is_some() {
            return self.error("this line does not fit the indentation of the lines above");
        }
        if self.at_marker(b'.') {
            self.pos += 3;
            if !self.end_of_line() {
                return self.error("unexpected text after the document end (...)");
            }
            if self.next_line()?.is_some() || self.at_marker(b'.') {
                return self.error("only comments can follow the document end (...)");
            }
        }
        if self.at_marker(b'-') {
            return self.error("only one document can be read: a second --- starts another");
        }
        Ok(node)
    }

    /// True at `---` or `...` (by `mark`) at the start of a line, followed by a blank or the end.
    fn at_marker(&self, mark: u8) -> bool {
        self.pos < self.bytes.len()
            && (self.pos == 0 || self.bytes[self.pos - 1] == b'\n')
            && self.peek() == mark
            && self.peek_at(1) == mark
            && self.peek_at(2) == mark
            && is_blank_or_end(self.peek_at(3))
    }

    /// Skips blanks and a comment; true when the line ends there.
    fn end_of_line(&mut self) -> bool {
        let start = self.pos;
        while is_blank(self.peek()) {
            self.pos += 1;
        }
        let after_blank =
            self.pos > start || self.pos == 0 || is_blank_or_end(self.bytes[self.pos - 1]);
        if self.peek() == b'#' && after_blank {
            while !matches!(self.peek(), b'\n' | 0) {
                self.pos += 1;
            }
        }
        matches!(self.peek(), b'\n' | 0)
    }

    /// From a line break (or the end): past blank and comment lines to the next content.
    fn next_line(&mut self) -> Parsed<Option<usize>> {
        if self.peek() == 0 {
            return Ok(None);
        }
        self.pos += 1;
        self.line_content()
    }

    /// From the start of a line: the column of the next content, `None` at the end of the text
    /// or at a document marker (left unread).
    fn line_content(&mut self) -> Parsed<Option<usize>> {
        loop {
            let line_start = self.pos;
            while self.peek() == b' ' {
                self.pos += 1;
            }
            if self.peek() == b'\t' {
                let tab = self.pos;
                while is_blank(self.peek()) {
                    self.pos += 1;
                }
                if !matches!(self.peek(), b'\n' | 0 | b'#') {
                    return Err(SyntaxError {
                        message: "a tab cannot indent a line; indent with spaces",
                        at: tab,
                    });
                }
            }
            match self.peek() {
                0 => return Ok(None),
                b'\n' => self.pos += 1,
                b'#' => {
                    while !matches!(self.peek(), b'\n' | 0) {
                        self.pos += 1;
                    }
                }
                _ => {
                    let column = self.pos - line_start;
                    if column == 0 && (self.at_marker(b'-') || self.at_marker(b'.')) {
                        return Ok(None);
                    }
                    return Ok(Some(column));
                }
            }
        }
    }

    /// After a node: the column of the next content line (`None`: the document ends), the rest
    /// of the current line checked to hold nothing but a comment.
    fn next_entry(&mut self) -> Parsed<Option<usize>> {
        if let Some(next) = self.pending.take() {
            return Ok(next);
        }
        if !self.end_of_line() {
            return self.error("unexpected text after the value");
        }
        self.next_line()
    }

    /// The value after `key:` or `- ` (`after_dash`), on this line or the lines below.
    /// `parent` is the indentation of the mapping or list it belongs to.
    fn value(&mut self, parent: isize, after_dash: bool) -> Parsed<Node> {
        let at = self.pos;
        if !self.end_of_line() {
            let column = self.column();
            return self.node(parent, after_dash, column);
        }
        let next = self.next_line()?;
        match next {
            Some(column) if column as isize > parent => self.node(parent, true, column),
            Some(column) if column as isize == parent && !after_dash && self.at_dash() => {
                self.enter()?;
                let node = self.block_sequence(column);
                self.depth -= 1;
                node
            }
            _ => {
                self.pending = Some(next);
                Ok(Node {
                    at,
                    value: Value::Plain(String::new()),
                })
            }
        }
    }

    /// `- ` (or `-` at the end of a line).
    fn at_dash(&self) -> bool {
        self.peek() == b'-' && is_blank_or_end(self.peek_at(1))
    }

    /// The node at the current position (column `column`). `compact`: a list or mapping may
    /// start here (a line of its own, or after `- `).
    fn node(&mut self, parent: isize, compact: bool, column: usize) -> Parsed<Node> {
        self.enter()?;
        let node = self.node_inner(parent, compact, column);
        self.depth -= 1;
        node
    }

    fn node_inner(&mut self, parent: isize, compact: bool, column: usize) -> Parsed<Node> {
        let at = self.pos;
        let key = match self.peek() {
            b'-' if is_blank_or_end(self.peek_at(1)) => {
                if !compact {
                    return self.error(
                        "a list cannot start on the line of its key; start it on the next line",
                    );
                }
                return self.block_sequence(column);
            }
            b'?' if is_blank_or_end(self.peek_at(1)) => {
                if !compact {
                    return self.error(
                        "a second key on the same line; start the nested mapping on a new line",
                    );
                }
                let (key, has_value) = self.explicit_key(column)?;
                let first = if has_value {
                    KeyKind::Explicit
                } else {
                    KeyKind::Alone
                };
                return self.block_mapping(column, key, first);
            }
            b'|' | b'>' => return self.block_scalar(parent),
            b'[' | b'{' => {
                let node = self.flow_collection()?;
                while is_blank(self.peek()) {
                    self.pos += 1;
                }
                if self.peek() == b':' {
                    return self.error("only text can be a key");
                }
                return Ok(node);
            }
            b'"' | b'\'' => {
                let line_start = self.line_start();
                let text = self.quoted()?;
                let one_line = self.line_start() == line_start;
                let node = Node {
                    at,
                    value: Value::Text(text),
                };
                let before_colon = self.pos;
                while is_blank(self.peek()) {
                    self.pos += 1;
                }
                if one_line && self.peek() == b':' && is_blank_or_end(self.peek_at(1)) {
                    node
                } else {
                    self.pos = before_colon;
                    return Ok(node);
                }
            }
            _ => {
                self.check_value_start()?;
                let first = self.plain_segment(false);
                if self.peek() == b':' {
                    Node {
                        at,
                        value: Value::Plain(first),
                    }
                } else {
                    let text = self.plain_rest(first, parent, false)?;
                    return Ok(Node {
                        at,
                        value: Value::Plain(text),
                    });
                }
            }
        };
        if !compact {
            return self
                .error("a second key on the same line; start the nested mapping on a new line");
        }
        self.block_mapping(column, key, KeyKind::Implicit)
    }

    /// A `? key` of a block mapping at `indent` (serde_yaml writes long and multi-line keys
    /// so), the position on the `?`. True when a `: value` line follows (the position is then
    /// on its colon).
    fn explicit_key(&mut self, indent: usize) -> Parsed<(Node, bool)> {
        self.pos += 1;
        let key = self.value(indent as isize, false)?;
        if !matches!(key.value, Value::Plain(_) | Value::Text(_)) {
            return Err(SyntaxError {
                message: "only text can be a key",
                at: key.at,
            });
        }
        let next = self.next_entry()?;
        if next == Some(indent) && self.peek() == b':' && is_blank_or_end(self.peek_at(1)) {
            return Ok((key, true));
        }
        self.pending = Some(next);
        Ok((key, false))
    }

    fn line_start(&self) -> usize {
        self.text[..self.pos].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Refuses what cannot start a value here: YAML features this reader leaves out, and
    /// indicators a plain value may not start with.
    fn check_value_start(&self) -> Parsed<()> {
        let next = self.peek_at(1);
        match self.peek() {
            b'&' | b'*' => self.error("anchors and aliases (&, *) are not supported"),
            b'!' => self.error("tags (!) are not supported"),
            b'?' if is_blank_or_end(next) => {
                self.error("a ? key cannot be inside [ ] or { }; write the key itself")
            }
            b':' if is_blank_or_end(next) => self.error("a key is missing before the colon"),
            b'%' | b'@' | b'`' => self.error("a value cannot start with %, @ or `; quote it"),
            b',' | b']' | b'}' => self.error("unexpected , ] or }"),
            b'#' => self.error("a comment needs a space before the #"),
            b'|' | b'>' => self.error("block scalars (| >) cannot be inside [ ] or { }"),
            b'-' if is_blank_or_end(next) => self.error("a - list cannot be inside [ ] or { }"),
            0 | b'\n' => self.error("a value is missing"),
            _ => Ok(()),
        }
    }

    fn block_sequence(&mut self, indent: usize) -> Parsed<Node> {
        let at = self.pos;
        let mut items = Vec::new();
        loop {
            self.pos += 1;
            items.push(self.value(indent as isize, true)?);
            match self.next_entry()? {
                Some(column) if column == indent && self.at_dash() => {}
                Some(column) if column > indent => {
                    return self.error("the list item is not indented like the others")
                }
                next => {
                    self.pending = Some(next);
                    break;
                }
            }
        }
        Ok(Node {
            at,
            value: Value::Seq(items),
        })
    }

    /// A block mapping at `indent` whose first key is read; the position is at its colon
    /// (`has_value`) or at the line after a `? key` without one.
    fn block_mapping(&mut self, indent: usize, first_key: Node, kind: KeyKind) -> Parsed<Node> {
        let at = first_key.at;
        let mut entries = Vec::new();
        let mut key = first_key;
        let mut kind = kind;
        loop {
            let value = if kind == KeyKind::Alone {
                Node {
                    at: key.at,
                    value: Value::Plain(String::new()),
                }
            } else {
                self.pos += 1;
                // After `? key`, the `: ` line may hold a mapping or list (`: cert: …`).
                self.value(indent as isize, kind == KeyKind::Explicit)?
            };
            entries.push(Entry {
                key,
                value,
                repeated: false,
            });
            match self.next_entry()? {
                Some(column) if column == indent => {
                    if self.at_dash() {
                        return self.error("a list item where a key was expected");
                    }
                    if self.peek() == b'?' && is_blank_or_end(self.peek_at(1)) {
                        let has_value;
                        (key, has_value) = self.explicit_key(indent)?;
                        kind = if has_value {
                            KeyKind::Explicit
                        } else {
                            KeyKind::Alone
                        };
                    } else {
                        key = self.block_key()?;
                        kind = KeyKind::Implicit;
                    }
                }
                Some(column) if column > indent => {
                    return self.error("this line is indented more than the keys above it")
                }
                next => {
                    self.pending = Some(next);
                    break;
                }
            }
        }
        mark_repeated(&mut entries);
        Ok(Node {
            at,
            value: Value::Map(entries),
        })
    }

    /// A key of a block mapping, on one line, followed by `: ` (the position ends at the colon).
    fn block_key(&mut self) -> Parsed<Node> {
        let at = self.pos;
        let value = match self.peek() {
            b'"' | b'\'' => {
                let line_start = self.line_start();
                let text = self.quoted()?;
                if self.line_start() != line_start {
                    return Err(SyntaxError {
                        message: "a key cannot go on over lines",
                        at,
                    });
                }
                while is_blank(self.peek()) {
                    self.pos += 1;
                }
                Value::Text(text)
            }
            b'[' | b'{' => return self.error("only text can be a key"),
            _ => {
                self.check_value_start()?;
                Value::Plain(self.plain_segment(false))
            }
        };
        if self.peek() != b':' || !is_blank_or_end(self.peek_at(1)) {
            return self.error("expected a key followed by a colon");
        }
        Ok(Node { at, value })
    }

    /// A plain scalar's text up to the end of the line, a comment, `: ` (or, in flow context,
    /// a flow indicator), without trailing blanks.
    fn plain_segment(&mut self, flow: bool) -> String {
        let start = self.pos;
        let mut end = self.pos;
        loop {
            let b = self.peek();
            let next = self.peek_at(1);
            let stop = match b {
                0 | b'\n' => true,
                b':' => is_blank_or_end(next) || (flow && is_flow_indicator(next)),
                b' ' | b'\t' => next == b'#',
                _ => flow && is_flow_indicator(b),
            };
            if stop {
                break;
            }
            self.pos += 1;
            if !is_blank(b) {
                end = self.pos;
            }
        }
        let text = self.text[start..end].to_owned();
        // At a key's colon the position stays there (`a : b`); otherwise just past the text.
        if self.peek() != b':' {
            self.pos = end;
        }
        text
    }

    /// The rest of a plain scalar whose first line is `text`: the lines below that continue it
    /// (indented past `parent` in block context), folded as YAML folds them.
    fn plain_rest(&mut self, mut text: String, parent: isize, flow: bool) -> Parsed<String> {
        loop {
            let mut look = self.pos;
            while look < self.bytes.len() && is_blank(self.bytes[look]) {
                look += 1;
            }
            if look >= self.bytes.len() || self.bytes[look] != b'\n' {
                return Ok(text);
            }
            // Lines below: count blank ones, then see whether the next one continues the value.
            let mut breaks = 0;
            let content = loop {
                look += 1;
                breaks += 1;
                let line_start = look;
                while look < self.bytes.len() && self.bytes[look] == b' ' {
                    look += 1;
                }
                let indent = look - line_start;
                while look < self.bytes.len() && is_blank(self.bytes[look]) {
                    look += 1;
                }
                match self.bytes.get(look) {
                    None => return Ok(text),
                    Some(b'\n') => continue,
                    Some(_) => break (line_start, indent),
                }
            };
            let (line_start, indent) = content;
            let b = self.bytes[look];
            let next = self.bytes.get(look + 1).copied().unwrap_or(0);
            let saved = self.pos;
            self.pos = line_start;
            let marker = self.at_marker(b'-') || self.at_marker(b'.');
            self.pos = saved;
            let ends = b == b'#'
                || marker
                || (b == b':' && (is_blank_or_end(next) || (flow && is_flow_indicator(next))))
                || (flow && is_flow_indicator(b))
                || (!flow && indent as isize <= parent);
            if ends {
                return Ok(text);
            }
            if breaks == 1 {
                text.push(' ');
            } else {
                for _ in 1..breaks {
                    text.push('\n');
                }
            }
            self.pos = look;
            text.push_str(&self.plain_segment(flow));
            if !flow && self.peek() == b':' {
                return self.error("a value that goes on over lines cannot be a key");
            }
        }
    }

    /// A single- or double-quoted scalar, the position on its opening quote; ends past the
    /// closing one.
    fn quoted(&mut self) -> Parsed<String> {
        let open = self.pos;
        let single = self.peek() == b'\'';
        self.pos += 1;
        let mut text = String::new();
        loop {
            // Non-blank characters up to a blank, a break or the closing quote.
            loop {
                let b = self.peek();
                match b {
                    0 => {
                        return Err(SyntaxError {
                            message: "unclosed quote",
                            at: open,
                        })
                    }
                    b'\'' if single && self.peek_at(1) == b'\'' => {
                        text.push('\'');
                        self.pos += 2;
                    }
                    b'\'' if single => break,
                    b'"' if !single => break,
                    b'\\' if !single && self.peek_at(1) == b'\n' => break,
                    b'\\' if !single => self.escape(&mut text)?,
                    b' ' | b'\t' | b'\n' => break,
                    _ => {
                        let start = self.pos;
                        self.pos += 1;
                        while self.pos < self.bytes.len() && !self.text.is_char_boundary(self.pos) {
                            self.pos += 1;
                        }
                        text.push_str(&self.text[start..self.pos]);
                    }
                }
            }
            let b = self.peek();
            if (single && b == b'\'') || (!single && b == b'"') {
                self.pos += 1;
                return Ok(text);
            }
            // Blanks and breaks: kept inside a line, folded across lines.
            let mut blanks = String::new();
            let mut leading_break = false;
            let mut folded = false;
            let mut trailing_breaks = 0;
            if b == b'\\' {
                self.pos += 2;
                folded = true;
            }
            loop {
                match self.peek() {
                    b' ' | b'\t' => {
                        if !folded {
                            blanks.push(self.peek() as char);
                        }
                        self.pos += 1;
                    }
                    b'\n' => {
                        if folded {
                            trailing_breaks += 1;
                        } else {
                            blanks.clear();
                            leading_break = true;
                            folded = true;
                        }
                        self.pos += 1;
                        if self.at_marker(b'-') || self.at_marker(b'.') {
                            return self.error("a document marker inside a quoted value");
                        }
                    }
                    _ => break,
                }
            }
            if folded {
                if leading_break && trailing_breaks == 0 {
                    text.push(' ');
                }
                for _ in 0..trailing_breaks {
                    text.push('\n');
                }
            } else {
                text.push_str(&blanks);
            }
        }
    }

    /// One escape of a double-quoted scalar, the position on its backslash.
    fn escape(&mut self, text: &mut String) -> Parsed<()> {
        let simple = match self.peek_at(1) {
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' | b'\t' => '\t',
            b'n' => '\n',
            b'v' => '\u{b}',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'e' => '\u{1b}',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' | b'u' | b'U' => {
                let digits = match self.peek_at(1) {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self
                    .text
                    .get(self.pos + 2..self.pos + 2 + digits)
                    .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
                let code = hex.and_then(|hex| u32::from_str_radix(hex, 16).ok());
                let Some(c) = code.and_then(char::from_u32) else {
                    return self.error("the escape does not name a character");
                };
                text.push(c);
                self.pos += 2 + digits;
                return Ok(());
            }
            _ => return self.error("unknown escape in a double-quoted value"),
        };
        text.push(simple);
        self.pos += 2;
        Ok(())
    }

    /// A block scalar (`|` literal, `>` folded), the position on its indicator; ends at the
    /// first content line after it (recorded as pending).
    fn block_scalar(&mut self, parent: isize) -> Parsed<Node> {
        let at = self.pos;
        let literal = self.peek() == b'|';
        self.pos += 1;
        let mut chomping = 0i8;
        let mut increment = 0usize;
        for _ in 0..2 {
            match self.peek() {
                b'+' if chomping == 0 => chomping = 1,
                b'-' if chomping == 0 => chomping = -1,
                b'1'..=b'9' if increment == 0 => increment = usize::from(self.peek() - b'0'),
                b'0' => return self.error("the indentation of a block scalar cannot be 0"),
                _ => break,
            }
            self.pos += 1;
        }
        if !self.end_of_line() {
            return self.error("unexpected text after | or >");
        }
        if self.peek() == b'\n' {
            self.pos += 1;
        }
        let mut indent = if increment == 0 {
            0
        } else if parent >= 0 {
            parent as usize + increment
        } else {
            increment
        };
        let mut text = String::new();
        let mut trailing_breaks = self.block_breaks(&mut indent, parent)?;
        let mut leading_break = false;
        let mut leading_blank = false;
        while self.column_here() == indent && self.peek() != 0 {
            let trailing_blank = is_blank(self.peek());
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    text.push(' ');
                }
            } else if leading_break {
                text.push('\n');
            }
            leading_break = false;
            for _ in 0..trailing_breaks {
                text.push('\n');
            }
            leading_blank = is_blank(self.peek());
            let start = self.pos;
            while !matches!(self.peek(), b'\n' | 0) {
                self.pos += 1;
            }
            text.push_str(&self.text[start..self.pos]);
            if self.peek() == 0 {
                break;
            }
            self.pos += 1;
            leading_break = true;
            trailing_breaks = self.block_breaks(&mut indent, parent)?;
        }
        if chomping != -1 && leading_break {
            text.push('\n');
        }
        if chomping == 1 {
            for _ in 0..trailing_breaks {
                text.push('\n');
            }
        }
        // Back to the start of the line that ended the scalar, to find the next content.
        let next = if self.peek() == 0 {
            None
        } else {
            self.pos = self.line_start();
            self.line_content()?
        };
        self.pending = Some(next);
        Ok(Node {
            at,
            value: Value::Text(text),
        })
    }

    fn column_here(&self) -> usize {
        self.pos - self.line_start()
    }

    /// Indentation and empty lines of a block scalar, the position at a line's start: eats
    /// spaces up to `indent` and whole empty lines, returning how many; sets `indent` (0:
    /// not yet known) from the first content line.
    fn block_breaks(&mut self, indent: &mut usize, parent: isize) -> Parsed<usize> {
        let mut breaks = 0;
        let mut widest = 0;
        loop {
            let line_start = self.pos;
            while (*indent == 0 || self.pos - line_start < *indent) && self.peek() == b' ' {
                self.pos += 1;
            }
            widest = widest.max(self.pos - line_start);
            if (*indent == 0 || self.pos - line_start < *indent) && self.peek() == b'\t' {
                let mut look = self.pos;
                while look < self.bytes.len() && is_blank(self.bytes[look]) {
                    look += 1;
                }
                if !matches!(self.bytes.get(look), None | Some(b'\n')) {
                    return self.error("a tab cannot indent a line; indent with spaces");
                }
            }
            if self.peek() != b'\n' {
                break;
            }
            self.pos += 1;
            breaks += 1;
        }
        if *indent == 0 {
            *indent = widest.max((parent + 1).max(1) as usize);
        }
        Ok(breaks)
    }

    /// Skips blanks, line breaks and comments inside `[ ]` and `{ }`.
    fn flow_space(&mut self) {
        loop {
            let b = self.peek();
            if is_blank(b) || b == b'\n' {
                self.pos += 1;
            } else if b == b'#' && (self.pos == 0 || is_blank_or_end(self.bytes[self.pos - 1])) {
                while !matches!(self.peek(), b'\n' | 0) {
                    self.pos += 1;
                }
            } else {
                return;
            }
        }
    }

    /// `[ … ]` or `{ … }`, the position on its opening bracket.
    fn flow_collection(&mut self) -> Parsed<Node> {
        self.enter()?;
        let at = self.pos;
        let is_map = self.peek() == b'{';
        let close = if is_map { b'}' } else { b']' };
        self.pos += 1;
        let mut items = Vec::new();
        let mut entries = Vec::new();
        loop {
            self.flow_space();
            if self.peek() == close {
                self.pos += 1;
                break;
            }
            if self.peek() == 0 {
                return Err(SyntaxError {
                    message: if is_map {
                        "the { is not closed"
                    } else {
                        "the [ is not closed"
                    },
                    at,
                });
            }
            let item = self.flow_node()?;
            self.flow_space();
            if is_map {
                let value = if self.peek() == b':' {
                    self.pos += 1;
                    self.flow_space();
                    if matches!(self.peek(), b',' | b'}') {
                        Node {
                            at: self.pos,
                            value: Value::Plain(String::new()),
                        }
                    } else {
                        self.flow_node()?
                    }
                } else {
                    Node {
                        at: self.pos,
                        value: Value::Plain(String::new()),
                    }
                };
                if !matches!(item.value, Value::Plain(_) | Value::Text(_)) {
                    return Err(SyntaxError {
                        message: "only text can be a key",
                        at: item.at,
                    });
                }
                entries.push(Entry {
                    key: item,
                    value,
                    repeated: false,
                });
                self.flow_space();
            } else {
                if self.peek() == b':' {
                    return self.error("a key: value inside [ ] is not supported; write it in { }");
                }
                items.push(item);
            }
            match self.peek() {
                b',' => self.pos += 1,
                b if b == close => {}
                0 => {
                    return Err(SyntaxError {
                        message: if is_map {
                            "the { is not closed"
                        } else {
                            "the [ is not closed"
                        },
                        at,
                    })
                }
                _ => {
                    return self.error(if is_map {
                        "expected , or } after the value"
                    } else {
                        "expected , or ] after the value"
                    })
                }
            }
        }
        self.depth -= 1;
        let value = if is_map {
            mark_repeated(&mut entries);
            Value::Map(entries)
        } else {
            Value::Seq(items)
        };
        Ok(Node { at, value })
    }

    /// A value inside `[ ]` or `{ }`.
    fn flow_node(&mut self) -> Parsed<Node> {
        let at = self.pos;
        let value = match self.peek() {
            b'[' | b'{' => return self.flow_collection(),
            b'"' | b'\'' => Value::Text(self.quoted()?),
            _ => {
                self.check_value_start()?;
                let first = self.plain_segment(true);
                Value::Plain(self.plain_rest(first, -1, true)?)
            }
        };
        Ok(Node { at, value })
    }
}

/// How a key of a block mapping was written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    /// `key: value`.
    Implicit,
    /// `? key` and a `: value` line.
    Explicit,
    /// `? key` without a value.
    Alone,
}

/// Marks every key whose text an earlier key of the same mapping already has.
fn mark_repeated(entries: &mut [Entry]) {
    if entries.len() < 2 {
        return;
    }
    // A set of the keys seen so far rather than a sort: the page already has the set's code.
    let mut seen = std::collections::BTreeSet::new();
    for entry in entries.iter_mut() {
        if let Some(key) = entry.key.text() {
            if !seen.insert(key.to_owned()) {
                entry.repeated = true;
            }
        }
    }
}
