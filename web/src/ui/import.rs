//! Reading what the user imports — a `kube.cfg` (+ `.env`), a config document or a bundle zip —
//! into a document and a notice. Pure: the import panel calls it with the text or bytes.

use crate::generator::archive::from_zip;
use crate::generator::config::Config;
use crate::generator::federation::DocumentError;
use crate::generator::input::{config_from_bundle, read, InputError, InputKind};
use crate::ui::labels;
use crate::ui::state::{Notice, NoticeKind};

/// True when the bytes are a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// True when a file name looks like the old `.env` (`.env`, `prod.env`, `env-harbor`).
pub fn is_env_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == ".env" || name.ends_with(".env") || name.starts_with("env")
}

fn parties(n: usize) -> String {
    format!("{n} part{}", if n == 1 { "y" } else { "ies" })
}

/// Reads a pasted or uploaded text: a config document or a `kube.cfg` with an optional `.env`.
pub fn from_text(text: &str, env: Option<&str>) -> Result<(Config, Notice), String> {
    if text.trim().is_empty() {
        return Err(
            "Nothing to import: paste a kube.cfg or a config document, or choose a file."
                .to_owned(),
        );
    }
    let env = env.filter(|e| !e.trim().is_empty());
    let input = read(text, env).map_err(|e| input_error(&e))?;
    let n = input.config.parties.len();
    let mut lines: Vec<String> = input.notes.iter().map(|note| in_quotes(note)).collect();
    let title = match input.kind {
        InputKind::KubeCfg => {
            lines.push("kube.cfg holds no passwords: new ones have been generated.".to_owned());
            format!("Imported kube.cfg: {}", parties(n))
        }
        InputKind::ConfigDocument => {
            if input.config.credentials.is_empty() {
                lines.push(
                    "The document holds no passwords: new ones have been generated.".to_owned(),
                );
            } else {
                lines.push("Passwords from the document are used (kept in this tab's memory only; any missing were generated).".to_owned());
            }
            format!("Imported config document: {}", parties(n))
        }
    };
    Ok((
        input.config,
        Notice::new(NoticeKind::Info, title).with_lines(lines),
    ))
}

/// Reads a bundle zip this tool made earlier: its `federation.yaml` and its passwords.
pub fn from_bundle(name: &str, bytes: &[u8]) -> Result<(Config, Notice), String> {
    let bundle = from_zip(bytes).map_err(|e| format!("{name}: {e}"))?;
    let config = config_from_bundle(&bundle)
        .map_err(|e| format!("{name}: {}", document_error(&e, "federation.yaml")))?;
    let with_passwords = config.credentials.len();
    let notice = Notice::new(
        NoticeKind::Info,
        format!("Imported {name}: {}", parties(config.parties.len())),
    )
    .with_lines(vec![if with_passwords > 0 {
        format!("Passwords of {} taken from the bundle, so regenerating it keeps the installed passwords.", parties(with_passwords))
    } else {
        "The bundle holds no passwords (a per-exchange zip?): new ones have been generated.".to_owned()
    }]);
    Ok((config, notice))
}

/// An import error as the page shows it: where, which setting in the words of the form, what.
pub fn input_error(error: &InputError) -> String {
    match error {
        InputError::Document(error) => document_error(error, "config document"),
        InputError::KubeCfg(error) => in_quotes(&error.to_string()),
        InputError::EnvWithDocument => error.to_string(),
    }
}

/// `config document, line 6, column 3: Storage: pth is not a setting here; …`: the line and
/// column the core found, the setting as the form names it ([`labels::describe`]).
pub fn document_error(error: &DocumentError, document: &str) -> String {
    let DocumentError::Parse(parse) = error else {
        return error.to_string();
    };
    let mut out = document.to_owned();
    if let Some(line) = parse.line {
        out.push_str(&format!(", line {line}"));
        if let Some(column) = parse.column {
            out.push_str(&format!(", column {column}"));
        }
    }
    out.push_str(": ");
    if !parse.path.is_empty() && parse.path != "." {
        // No party ids: the document could not be read.
        out.push_str(&labels::describe(&parse.path, &[]));
        out.push_str(": ");
    }
    out.push_str(&parse.message);
    out
}

/// The kube.cfg reader writes variables and values as code (`partylist`, for a terminal); the
/// page shows them in typographic quotes.
pub fn in_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for c in text.chars() {
        if c == '`' {
            out.push(if open { '\u{201d}' } else { '\u{201c}' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}
