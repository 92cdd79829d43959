//! Import of the old KubeFATE `k8s-deploy` inputs — `kube.cfg` and the repo-root `.env` that
//! `create-helm-deploy.sh` sourced — into a [`Config`](super::config::Config).
//!
//! Two stages:
//!
//! 1. `shell`: a tolerant reader for the bash subset these files use: comments, blank lines, a
//!    `#!/bin/bash` line anywhere, `name=value`, `name=(a b c)` arrays (across lines, with
//!    comments), single and double quotes, backslash escapes, `export NAME=value` and `;`.
//!    Everything else bash would *execute* (command substitution, expansions, pipes,
//!    redirections, commands) is rejected with the line number instead of being guessed at.
//! 2. `import` ([`import()`]): the old script's semantics, minus its bugs: the same parties,
//!    NodePorts, routes, eggs, placement, registry and tag, with every entry checked (missing
//!    `:port`, mismatched arrays, bad addresses) and a plain-English note for each thing the
//!    import changed or decided. `vars` holds the variables between the stages, `address` the
//!    syntax of `host:port` entries and the NodePort bookkeeping.
//!
//! `error` has the error types of both. Nothing here panics, whatever the input.

mod address;
mod error;
mod import;
mod shell;
mod vars;

pub use error::{ImportError, QuoteKind, SourceFile, SyntaxProblem, ValueProblem};
pub use import::{import, Imported};
