//! The invariant that, with mutual TLS on, every OSX has a certificate, issued once: like the
//! passwords, the certificates and keys live in `config.certificates` (in memory only; the
//! autosave, share links and `federation.yaml` never carry them), so the preview and the
//! download use the same ones and regenerating the preview issues nothing.
//!
//! [`CertificateOrigins`] records what this tab generated. Only those are ever replaced without
//! being asked: a party's certificate when its address (the name peers check) or the validity
//! changed, or when the authority it chains to changed; the authority when the validity grew
//! beyond its own (unless a given certificate relies on it).
//! Everything else in `config.certificates` is *given* (pasted, uploaded, or imported from a
//! document or a bundle zip) and is kept as it is: validation shows what is wrong with it next
//! to its field.

use std::collections::BTreeMap;

use crate::generator::config::{AuthorityPem, Config, IssuedPem};
use crate::generator::federation::complete_certificates;
use crate::generator::{names, ordered};
use crate::ui::services::random::PageRandom;

/// What the certificates this tab issued were issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct IssuedFor {
    /// The address peers dial (the subject alternative name).
    host: String,
    /// Validity in days.
    days: u32,
    /// The authority's certificate (PEM) that signed it.
    authority: String,
}

/// Which of `config.certificates` this tab generated (the rest are given).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertificateOrigins {
    /// The authority was generated here, valid this many days (None: given, or none yet).
    /// Certificates valid longer than this get a new authority.
    authority: Option<u32>,
    /// The certificates issued here, by party id (or `exchange`).
    issued: BTreeMap<String, IssuedFor>,
}

impl CertificateOrigins {
    /// True when the authority in the document was generated in this tab.
    pub fn authority_generated(&self) -> bool {
        self.authority.is_some()
    }

    /// True when the certificate of `id` was issued in this tab.
    pub fn generated(&self, id: &str) -> bool {
        self.issued.contains_key(id)
    }
}

/// The generated authority and the certificates it issued, put aside while the user's own
/// authority is used, and given back when it is switched off (so trying the switch does not
/// replace every certificate). In memory only.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ParkedAuthority {
    authority: AuthorityPem,
    days: u32,
    issued: BTreeMap<String, (IssuedPem, IssuedFor)>,
}

/// True when `config.certificates.authority` is one the user gave.
pub(super) fn authority_given(config: &Config, origins: &CertificateOrigins) -> bool {
    config.certificates.authority.is_some() && origins.authority.is_none()
}

/// True when the certificate of `id` is one the user gave.
pub(super) fn issued_given(config: &Config, origins: &CertificateOrigins, id: &str) -> bool {
    config.certificates.issued.contains_key(id) && !origins.generated(id)
}

/// With mutual TLS on (FATE 2.2): drops certificates of ids that are gone, replaces what this
/// tab generated that no longer fits (see the module doc), and issues what is missing, from the
/// authority in the document (generated if there is none). When something cannot be issued
/// yet (an address that is not a host, an invalid validity, a given authority without its key
/// or with a broken certificate) nothing is issued: validation says why, and the next edit
/// tries again.
pub fn ensure_certificates(config: &mut Config, origins: &mut CertificateOrigins) {
    if !config.tls.enabled || !config.fate_version.is_fate2() {
        // Kept, unused, while TLS is off (the core ignores them too).
        return;
    }
    let hosts = config.osx_hosts();
    let certificates = &mut config.certificates;
    certificates.issued.retain(|id, _| hosts.contains_key(id));
    origins
        .issued
        .retain(|id, _| certificates.issued.contains_key(id));
    let days = config.tls.validity_days;
    if !(1..=3650).contains(&days) {
        return;
    }
    // A generated authority is renewed when the certificates would outlive it, unless a given
    // certificate relies on it.
    let relied_on = certificates
        .issued
        .keys()
        .any(|id| !origins.issued.contains_key(id));
    if origins.authority.is_some_and(|made| days > made) && !relied_on {
        certificates.authority = None;
        origins.authority = None;
    }
    let authority = certificates.authority.as_ref().map(|a| a.cert.clone());
    let stale: Vec<String> = origins
        .issued
        .iter()
        .filter(|(id, made)| {
            Some(&made.host) != hosts.get(*id)
                || made.days != days
                || Some(&made.authority) != authority.as_ref()
        })
        .map(|(id, _)| id.clone())
        .collect();
    for id in stale {
        certificates.issued.remove(&id);
        origins.issued.remove(&id);
    }
    let complete = certificates.authority.is_some()
        && hosts.keys().all(|id| certificates.issued.contains_key(id));
    if complete || hosts.values().any(|host| names::host(host).is_err()) {
        return;
    }
    let Ok(done) = complete_certificates(config, &mut PageRandom) else {
        return;
    };
    if config.certificates.authority.is_none() {
        origins.authority = Some(days);
    }
    let authority = done
        .authority
        .as_ref()
        .map(|a| a.cert.clone())
        .unwrap_or_default();
    for id in done.issued.keys() {
        if !config.certificates.issued.contains_key(id) {
            let made = IssuedFor {
                host: hosts.get(id).cloned().unwrap_or_default(),
                days,
                authority: authority.clone(),
            };
            origins.issued.insert(id.clone(), made);
        }
    }
    config.certificates = done;
}

/// Switches to the user's own authority: an empty one to fill in, the generated one and what
/// it issued put aside (returned). Nothing happens when the authority is given already.
pub(super) fn use_own_authority(
    config: &mut Config,
    origins: &mut CertificateOrigins,
) -> Option<ParkedAuthority> {
    if authority_given(config, origins) {
        return None;
    }
    let certificates = &mut config.certificates;
    let parked = match (certificates.authority.take(), origins.authority.take()) {
        (Some(authority), Some(days)) => {
            let issued =
                ordered::map_of(std::mem::take(&mut origins.issued).into_iter().filter_map(
                    |(id, made)| {
                        let pem = certificates.issued.remove(&id)?;
                        Some((id, (pem, made)))
                    },
                ));
            Some(ParkedAuthority {
                authority,
                days,
                issued,
            })
        }
        _ => None,
    };
    certificates.authority = Some(AuthorityPem {
        cert: String::new(),
        key: None,
    });
    parked
}

/// Switches back from the user's own authority to a generated one: the one put aside, with the
/// certificates it issued for ids that have none now, else a new one (issued by
/// [`ensure_certificates`]). Certificates issued from the own authority are replaced by the
/// next [`ensure_certificates`]; given ones are kept.
pub(super) fn use_generated_authority(
    config: &mut Config,
    origins: &mut CertificateOrigins,
    parked: Option<ParkedAuthority>,
) {
    if !authority_given(config, origins) {
        return;
    }
    let certificates = &mut config.certificates;
    certificates.authority = None;
    let Some(parked) = parked else {
        return;
    };
    certificates.authority = Some(parked.authority);
    origins.authority = Some(parked.days);
    for (id, (pem, made)) in parked.issued {
        if !certificates.issued.contains_key(&id) || origins.generated(&id) {
            certificates.issued.insert(id.clone(), pem);
            origins.issued.insert(id, made);
        }
    }
}

/// Switches one OSX to a certificate the user gives (empty, to fill in). Nothing happens when
/// it is given already.
pub(super) fn use_own_certificate(config: &mut Config, origins: &mut CertificateOrigins, id: &str) {
    if issued_given(config, origins, id) {
        return;
    }
    origins.issued.remove(id);
    config.certificates.issued.insert(
        id.to_owned(),
        IssuedPem {
            cert: String::new(),
            key: String::new(),
        },
    );
}

/// Switches one OSX back to a certificate this tab issues (the next [`ensure_certificates`]
/// issues it).
pub(super) fn use_issued_certificate(
    config: &mut Config,
    origins: &mut CertificateOrigins,
    id: &str,
) {
    if issued_given(config, origins, id) {
        config.certificates.issued.remove(id);
    }
}

/// A given certificate follows its party when the id is edited (like the passwords); one this
/// tab issued names the old id and is issued anew.
pub(super) fn rename(config: &mut Config, origins: &CertificateOrigins, old: &str, new: &str) {
    if issued_given(config, origins, old) {
        if let Some(pem) = config.certificates.issued.remove(old) {
            config.certificates.issued.insert(new.to_owned(), pem);
        }
    }
}

/// Forgets every certificate and key, the authority too (given or generated): the next
/// [`ensure_certificates`] generates a new authority and issues a certificate for every OSX.
pub(super) fn rotate(config: &mut Config, origins: &mut CertificateOrigins) {
    config.certificates = Default::default();
    *origins = CertificateOrigins::default();
}
