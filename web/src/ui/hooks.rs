//! The root component's logic as custom hooks (`#[hook] fn use_…`), one concern per file, so
//! [`crate::ui::app::App`] only wires them to the components.
//!
//! - [`page_state`]: the reducer, loaded from the share link or the autosave, and one stable
//!   dispatch callback;
//! - [`preview`]: validation and the regenerated output (federation, bundle, diagram), made
//!   just after the keystroke is drawn, debounced when slow;
//! - [`autosave`]: the document (never with passwords) in `localStorage`;
//! - [`share_link`]: the share link, and the address bar following the document;
//! - [`shortcuts`]: Ctrl+Z / Ctrl+Shift+Z;
//! - [`downloads`]: the zips, `federation.yaml` and `topology.svg`;
//! - [`import_panel`]: opening and closing the import panel.

pub mod autosave;
pub mod downloads;
pub mod import_panel;
pub mod page_state;
pub mod preview;
pub mod share_link;
pub mod shortcuts;
