//! The generator core: no browser code, no I/O, no `unwrap`.
//!
//! `Config` (as written) → `Federation` (validated, defaults applied, credentials resolved) →
//! `Bundle` (every file of the deployment set) → zip bytes. The web page and the CLI both call
//! exactly these functions, so they produce the same bytes.

#![deny(clippy::unwrap_used, clippy::expect_used, missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod archive;
pub mod bundle;
pub mod charts;
pub mod config;
pub mod error;
pub mod fate1;
pub mod fate2;
pub mod federation;
pub mod input;
pub mod json;
pub mod kubecfg;
pub mod limits;
pub mod line;
pub mod names;
pub mod naming;
pub mod ordered;
pub mod ports;
pub mod routes;
pub mod schema;
pub mod share;
pub mod tls;
pub mod topology;
pub(crate) mod values_common;
pub mod values_doc;
pub mod yaml;
pub mod yaml_read;

pub use archive::{from_zip, to_zip, ArchiveError};
pub use bundle::{generate, generate_scoped, Bundle, BundleFile, Scope};
pub use config::Config;
pub use error::{FieldError, ParseError, ValidationErrors};
pub use federation::{parse_config, validate, Federation, FederationError, OsRandom, RandomSource};
