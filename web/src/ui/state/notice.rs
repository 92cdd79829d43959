//! Messages shown above the form.

/// A message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// How it is shown.
    pub kind: NoticeKind,
    /// One line.
    pub title: String,
    /// Details, one per line.
    pub lines: Vec<String>,
}

/// Notice style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something happened as asked.
    Info,
    /// Something the user should know (e.g. passwords generated anew).
    Warning,
    /// Something failed.
    Error,
}

impl Notice {
    /// A notice without details.
    pub fn new(kind: NoticeKind, title: impl Into<String>) -> Notice {
        Notice {
            kind,
            title: title.into(),
            lines: Vec::new(),
        }
    }

    /// The same notice with detail lines.
    pub fn with_lines(mut self, lines: Vec<String>) -> Notice {
        self.lines = lines;
        self
    }
}
