//! The page's state: one [`State`], one [`Action`] enum and one `impl Reducible`.
//!
//! Pure but for two effects: drawing passwords and keys from the core's `OsRandom` (the OS on
//! native, `crypto.getRandomValues` in the browser) and reading the date certificates are
//! issued at (`services::random::PageRandom`: the browser's clock, natively the system's). No
//! DOM, no storage, so the reducer is tested natively in `tests/reducer.rs`.
//!
//! Invariants after every action:
//! - every party id in the document has all the passwords of its FATE line (mysql root and
//!   user, and redis for 1.x or fateboard for 2.2) in `config.credentials`, and there
//!   are no passwords for ids no party has (so the preview never changes by itself, and the
//!   download is exactly what the CLI makes from the same document and passwords);
//! - with mutual TLS on (FATE 2.2), every party and the exchange has a certificate in
//!   `config.certificates`, issued once from the authority there (generated once unless the
//!   user gives one), and none for ids that are gone; `origins` records which this tab
//!   generated: only those are replaced when they no longer fit (address, validity, authority),
//!   given ones are kept and validation reports them. The preview and the download issue
//!   nothing: they are exactly what the CLI makes from the same document and certificates;
//! - `drafts` holds the text of number fields that is not a number (the document keeps its last
//!   number; the text is an error until fixed).
//!
//! One file per concern:
//! - `reducer.rs`: [`State`], [`Action`], `impl Reducible`, loading and what the page reads off
//!   the state (errors, autosave text, share link, export);
//! - `history.rs`: undo and redo;
//! - `setter.rs`: the path setter behind [`Action::Set`]: a typed form path
//!   ([`crate::ui::field_path::FieldPath`]) to the document field it names;
//! - `suggestions.rs`: the next party id, free NodePorts and addresses, new and duplicated
//!   parties;
//! - `credentials.rs`: the first invariant above;
//! - `certificates.rs`: the second;
//! - `notice.rs`: messages above the form;
//! - `presets.rs`: the documents a new federation starts from (`web/presets/*.yaml`);
//! - `examples.rs`: which fields of a preset are example values, and their problems.

mod certificates;
mod credentials;
mod examples;
mod history;
mod notice;
mod presets;
mod reducer;
mod setter;
mod suggestions;

pub use certificates::{ensure_certificates, CertificateOrigins};
pub use credentials::ensure_credentials;
pub use examples::{example_paths, EXAMPLE_MESSAGE};
pub use history::HISTORY_LIMIT;
pub use notice::{Notice, NoticeKind};
pub use presets::Preset;
pub use reducer::{Action, Origin, State, AUTOSAVE_KEY};
pub use setter::{storage_kind, STORAGE_KINDS};
