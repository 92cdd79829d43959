//! Undo and redo: snapshots of the document (with what of its certificates this tab
//! generated) and its number drafts, one step per change, or per
//! run of keystrokes in one field.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::generator::config::Config;
use crate::ui::field_path::FieldPath;

use super::certificates::CertificateOrigins;

/// How many edits undo remembers.
pub const HISTORY_LIMIT: usize = 100;

/// What undo and redo restore.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Snapshot {
    /// The document.
    pub(super) config: Rc<Config>,
    /// Which of its certificates this tab generated.
    pub(super) origins: Rc<CertificateOrigins>,
    /// The number drafts.
    pub(super) drafts: Rc<BTreeMap<String, String>>,
    /// The fields still holding a preset's example value.
    pub(super) examples: Rc<Vec<FieldPath>>,
}

/// The undo and redo stacks.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct History {
    undo: Vec<Rc<Snapshot>>,
    redo: Vec<Rc<Snapshot>>,
    /// Field of the last `Set`, so a run of keystrokes in one field is one undo step.
    last_edit: Option<FieldPath>,
}

impl History {
    /// True when there is an edit to undo.
    pub(super) fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is an undone edit to redo.
    pub(super) fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Records `current` for undo before a change, unless the change is the next keystroke in
    /// the field edited last (`coalesce_with`); a change forgets what could be redone.
    pub(super) fn remember(&mut self, current: Rc<Snapshot>, coalesce_with: Option<&FieldPath>) {
        let same_field = coalesce_with.is_some() && self.last_edit.as_ref() == coalesce_with;
        if !same_field {
            self.undo.push(current);
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.last_edit = coalesce_with.cloned();
    }

    /// Puts a state on the undo stack as is (the autosave a share link replaced).
    pub(super) fn push_undo(&mut self, snapshot: Rc<Snapshot>) {
        self.undo.push(snapshot);
    }

    /// The state to go back to, if any; `current` becomes redoable.
    pub(super) fn undo(&mut self, current: Rc<Snapshot>) -> Option<Rc<Snapshot>> {
        let previous = self.undo.pop()?;
        self.redo.push(current);
        self.last_edit = None;
        Some(previous)
    }

    /// The state to go forward to, if any; `current` becomes undoable.
    pub(super) fn redo(&mut self, current: Rc<Snapshot>) -> Option<Rc<Snapshot>> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        self.last_edit = None;
        Some(next)
    }
}
