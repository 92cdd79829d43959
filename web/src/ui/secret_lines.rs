//! Which lines of a previewed file hold a secret, so the preview masks them until the operator
//! presses Reveal. The secrets are the federation's own (every party's passwords, every TLS
//! private key), so a line is found by what it holds, whatever key the chart writes it under:
//! the 1.x line's `credentials.mysqlRootPassword`, `mysqlPassword`, `redisPassword`, the 2.2
//! line's `fateboardPassword`, `osx.tls.key` and the full bundle's `tls/ca.key`.

use std::ops::Range;

use crate::generator::federation::Federation;

/// Shorter passwords are matched only as a whole YAML value, not inside other text, where
/// they could be an ordinary word.
const MIN_SUBSTRING_LEN: usize = 8;

/// PEM lines shorter than this (the last line of a key body) are only hidden with the rest.
const MIN_PEM_LINE_LEN: usize = 16;

/// The secrets of one federation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    passwords: Vec<String>,
    /// The base64 body lines of every private key.
    key_lines: Vec<String>,
}

impl Secrets {
    /// Every password and private key of `federation`.
    pub fn of(federation: &Federation) -> Secrets {
        let mut passwords = Vec::new();
        for party in &federation.parties {
            let c = &party.credentials;
            for password in [
                &c.mysql_root_password,
                &c.mysql_password,
                &c.redis_password,
                &c.fateboard_password,
            ] {
                if !password.is_empty() && !passwords.contains(password) {
                    passwords.push(password.clone());
                }
            }
        }
        let mut keys = Vec::new();
        if let Some(tls) = &federation.tls {
            keys.extend(tls.authority_key.iter().cloned());
            keys.extend(tls.issued.values().map(|issued| issued.key.clone()));
        }
        Secrets::new(passwords, &keys)
    }

    /// Secrets from passwords and PEM private keys.
    pub fn new(passwords: Vec<String>, keys: &[String]) -> Secrets {
        let key_lines = keys
            .iter()
            .flat_map(|pem| pem.lines())
            .map(str::trim)
            .filter(|line| line.len() >= MIN_PEM_LINE_LEN && !line.starts_with("-----"))
            .map(str::to_owned)
            .collect();
        Secrets {
            passwords: passwords.into_iter().filter(|p| !p.is_empty()).collect(),
            key_lines,
        }
    }

    /// For each line of `text` (as `str::lines` splits it), the byte range to hide: a YAML
    /// line's value, or the whole line of a PEM body.
    pub fn hidden(&self, text: &str) -> Vec<Option<Range<usize>>> {
        let mut in_key = false;
        text.lines()
            .map(|line| {
                let trimmed = line.trim();
                // A PEM private key written as a file: hide its whole body.
                if trimmed.starts_with("-----BEGIN") && trimmed.contains("PRIVATE KEY") {
                    in_key = true;
                    return None;
                }
                if trimmed.starts_with("-----END") {
                    in_key = false;
                    return None;
                }
                let content = line.len() - line.trim_start().len()..line.trim_end().len();
                if in_key && !trimmed.is_empty() {
                    return Some(content);
                }
                let value = yaml_value_start(line).map(|start| start..line.trim_end().len());
                let holds = |s: &str| line.contains(s);
                let found = self.key_lines.iter().any(|l| holds(l))
                    || value
                        .as_ref()
                        .and_then(|v| yaml_scalar(&line[v.clone()]))
                        .is_some_and(|v| self.passwords.contains(&v))
                    || self
                        .passwords
                        .iter()
                        .any(|p| p.len() >= MIN_SUBSTRING_LEN && holds(p));
                found
                    .then(|| value.unwrap_or(content))
                    .filter(|r| !r.is_empty())
            })
            .collect()
    }
}

/// Where the value of a `key: value` line starts (a plain or quoted key, maybe after `- `).
fn yaml_value_start(line: &str) -> Option<usize> {
    let body = line.trim_start().trim_start_matches("- ");
    let key_start = line.len() - body.len();
    let colon = if let Some(quoted) = body.strip_prefix('"') {
        1 + quoted.find('"')? + 1
    } else {
        body.find(": ")?
    };
    let key = &body[..colon];
    let plain = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'));
    (body[colon..].starts_with(": ") && (plain || key.starts_with('"')))
        .then_some(key_start + colon + 2)
}

/// The string a YAML scalar (plain, single- or double-quoted) reads as.
fn yaml_scalar(text: &str) -> Option<String> {
    let text = text.trim();
    if text.starts_with('"') || text.starts_with('\'') {
        crate::generator::yaml_read::from_str::<String>(text).ok()
    } else {
        Some(text.to_owned())
    }
}
