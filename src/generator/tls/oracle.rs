#![allow(dead_code, missing_docs)]
//! The x509-cert implementation this module replaced, kept as the oracle its tests compare
//! against (byte for byte): certificates for mutual TLS between a FATE 2.2 federation's OSX instances: a federation
//! authority (CA), and one certificate per party and for the exchange, each naming the address
//! its peers dial (OSX pins a TLS channel's authority to the route's `ip`, so the server's
//! certificate must carry it as an IP or DNS subject alternative name).
//!
//! Keys are ECDSA P-256, written as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`), the only key
//! form OSX's TLS stack reads (charts/images.yaml, entry osx-2.2). Key generation takes its
//! bytes from a [`RandomSource`]; signatures are deterministic (RFC 6979), so the same bytes and
//! time give the same certificates. Everything here is pure Rust and runs in the browser too.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, LineEnding};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::asn1::{GeneralizedTime, Ia5String, ObjectIdentifier, UtcTime};
use x509_cert::der::{Decode, DecodePem, Encode, EncodePem};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{ExtendedKeyUsage, SubjectAltName};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::generator::federation::{RandomError, RandomSource};
use crate::generator::names;

/// TLS client authentication and server authentication (RFC 5280 4.2.1.12): every OSX is both
/// a server (for its peers) and a client (when it forwards).
const SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
const CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

/// Seconds a new certificate is already valid before it is issued, for clocks that lag.
const BACKDATE_SECONDS: u64 = 3600;

/// One second of the year 2050, from which X.509 writes times as GeneralizedTime (RFC 5280
/// 4.1.2.5).
const YEAR_2050: u64 = 2_524_608_000;

/// Why a certificate could not be issued or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlsError {
    /// No random bytes for a key or serial number.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// A PEM text is not what it should be.
    #[error("{what}: {message}")]
    Pem {
        /// Which certificate or key, in the user's words.
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// Building or signing a certificate failed (a bug, or a time out of range).
    #[error("cannot issue {what}: {message}")]
    Issue {
        /// Which certificate.
        what: String,
        /// The underlying error.
        message: String,
    },
}

fn issue_error(what: &str) -> impl Fn(String) -> TlsError + '_ {
    move |message| TlsError::Issue {
        what: what.to_owned(),
        message,
    }
}

fn pem_error(what: &str, message: impl std::fmt::Display) -> TlsError {
    TlsError::Pem {
        what: what.to_owned(),
        message: message.to_string(),
    }
}

/// A certificate and its private key, as PEM.
#[derive(Clone, PartialEq, Eq)]
pub struct Issued {
    /// The certificate (`BEGIN CERTIFICATE`).
    pub cert: String,
    /// Its private key, PKCS#8 (`BEGIN PRIVATE KEY`).
    pub key: String,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Issued { .. }")
    }
}

/// A federation authority that can sign: its certificate and key, read and checked.
pub struct Authority {
    cert: Certificate,
    key: SigningKey,
    /// The certificate as PEM, as every chart carries it.
    pub cert_pem: String,
}

impl Authority {
    /// Reads an authority from its certificate and key; the key must be the certificate's.
    pub fn from_pem(cert_pem: &str, key_pem: &str) -> Result<Authority, TlsError> {
        let cert = read_cert("the authority's certificate", cert_pem)?;
        let key = read_key("the authority's key", key_pem)?;
        if !key_matches(&cert, &key) {
            return Err(pem_error(
                "the authority's key",
                "is not the key of the authority's certificate",
            ));
        }
        Ok(Authority {
            cert,
            key,
            cert_pem: cert_pem.to_owned(),
        })
    }

    /// A new authority named `name`, valid `days` from `now` (seconds since 1970).
    pub fn generate(
        random: &mut dyn RandomSource,
        now: u64,
        days: u32,
        name: &str,
    ) -> Result<(Authority, Issued), TlsError> {
        let what = "the federation authority";
        let key = new_key(random)?;
        let subject = subject(name).map_err(issue_error(what))?;
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key())
            .map_err(|e| issue_error(what)(e.to_string()))?;
        let builder = CertificateBuilder::new(
            Profile::Root,
            serial(random)?,
            validity(now, days).map_err(issue_error(what))?,
            subject,
            spki,
            &key,
        )
        .map_err(|e| issue_error(what)(e.to_string()))?;
        let cert = builder
            .build::<DerSignature>()
            .map_err(|e| issue_error(what)(e.to_string()))?;
        let issued = Issued {
            cert: cert
                .to_pem(LineEnding::LF)
                .map_err(|e| issue_error(what)(e.to_string()))?,
            key: key_pem(&key).map_err(issue_error(what))?,
        };
        let authority = Authority {
            cert,
            key,
            cert_pem: issued.cert.clone(),
        };
        Ok((authority, issued))
    }

    /// A certificate for the OSX reached at `host` (its subject alternative name), named
    /// `common_name`, valid `days` from `now` but never beyond the authority (a certificate
    /// issued later, for a party added to a federation, would otherwise outlive the authority
    /// its peers verify it with), with a new key.
    pub fn issue(
        &self,
        random: &mut dyn RandomSource,
        now: u64,
        days: u32,
        common_name: &str,
        host: &str,
    ) -> Result<Issued, TlsError> {
        let what = format!("the certificate of {common_name}");
        let fail = |e: String| TlsError::Issue {
            what: what.clone(),
            message: e,
        };
        let key = new_key(random)?;
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key())
            .map_err(|e| fail(e.to_string()))?;
        let profile = Profile::Leaf {
            issuer: self.cert.tbs_certificate.subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let mut validity = validity(now, days).map_err(&fail)?;
        let authority_end = self.cert.tbs_certificate.validity.not_after;
        if validity.not_after.to_unix_duration() > authority_end.to_unix_duration() {
            validity.not_after = authority_end;
        }
        let mut builder = CertificateBuilder::new(
            profile,
            serial(random)?,
            validity,
            subject(common_name).map_err(&fail)?,
            spki,
            &self.key,
        )
        .map_err(|e| fail(e.to_string()))?;
        builder
            .add_extension(&SubjectAltName(vec![san(host).map_err(&fail)?]))
            .map_err(|e| fail(e.to_string()))?;
        builder
            .add_extension(&ExtendedKeyUsage(vec![SERVER_AUTH, CLIENT_AUTH]))
            .map_err(|e| fail(e.to_string()))?;
        let cert = builder
            .build::<DerSignature>()
            .map_err(|e| fail(e.to_string()))?;
        Ok(Issued {
            cert: cert
                .to_pem(LineEnding::LF)
                .map_err(|e| fail(e.to_string()))?,
            key: key_pem(&key).map_err(&fail)?,
        })
    }

    /// Whether `cert` was signed by this authority.
    fn signed(&self, cert: &Certificate) -> bool {
        signed_by(cert, &self.cert)
    }
}

/// What a certificate says, for the page's preview and for checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// Subject, RFC 4514 text (`CN=party 10000,O=FATE federation`).
    pub subject: String,
    /// Issuer, the same way.
    pub issuer: String,
    /// Subject alternative names: IP addresses and DNS names, as text.
    pub sans: Vec<String>,
    /// Start of validity, seconds since 1970.
    pub not_before: u64,
    /// End of validity, seconds since 1970.
    pub not_after: u64,
}

/// Reads what a certificate says.
pub fn inspect(what: &str, cert_pem: &str) -> Result<CertInfo, TlsError> {
    let cert = read_cert(what, cert_pem)?;
    let tbs = &cert.tbs_certificate;
    Ok(CertInfo {
        subject: tbs.subject.to_string(),
        issuer: tbs.issuer.to_string(),
        sans: sans_of(&cert),
        not_before: tbs.validity.not_before.to_unix_duration().as_secs(),
        not_after: tbs.validity.not_after.to_unix_duration().as_secs(),
    })
}

/// Problems of a given certificate and key for the OSX reached at `host`, as the generator
/// would have issued them: the key is the certificate's, the federation authority signed it,
/// it names `host`, and it is valid at `now` (when known). Empty: usable.
pub fn check_issued(
    what: &str,
    authority_cert_pem: &str,
    issued: &Issued,
    host: &str,
    now: Option<u64>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let cert = match read_cert(&format!("{what}'s certificate"), &issued.cert) {
        Ok(cert) => cert,
        Err(e) => return vec![e.to_string()],
    };
    match read_key(&format!("{what}'s key"), &issued.key) {
        Ok(key) if !key_matches(&cert, &key) => {
            problems.push(format!("{what}'s key is not the key of its certificate"))
        }
        Ok(_) => {}
        Err(e) => problems.push(e.to_string()),
    }
    match read_cert("the authority's certificate", authority_cert_pem) {
        Ok(ca) if !holds_p256_key(&ca) => problems.push(
            "the authority's certificate does not hold an ECDSA P-256 key, the only kind this tool issues with and checks".to_owned(),
        ),
        Ok(ca) if !signed_by(&cert, &ca) => problems.push(format!(
            "{what}'s certificate is not signed by the federation authority"
        )),
        Ok(_) => {}
        Err(e) => problems.push(e.to_string()),
    }
    if !names_host(&cert, host) {
        problems.push(format!(
            "{what}'s certificate does not name {host} (its subject alternative names: {}), which its peers dial",
            sans_of(&cert).join(", ")
        ));
    }
    if let Some(now) = now {
        let validity = &cert.tbs_certificate.validity;
        let until = validity.not_after.to_unix_duration().as_secs();
        if until <= now {
            problems.push(format!("{what}'s certificate has expired"));
        } else if validity.not_before.to_unix_duration().as_secs() > now {
            problems.push(format!("{what}'s certificate is not valid yet"));
        }
    }
    problems
}

/// Whether `authority` (an [`Authority`]) signed the certificate in `cert_pem`.
pub fn is_signed_by(authority: &Authority, cert_pem: &str) -> bool {
    read_cert("a certificate", cert_pem).is_ok_and(|cert| authority.signed(&cert))
}

/// A time (seconds since 1970) as an ISO date, `2027-12-02`.
pub fn utc_date(seconds: u64) -> String {
    match x509_cert::der::DateTime::from_unix_duration(Duration::from_secs(seconds)) {
        Ok(t) => format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day()),
        Err(_) => format!("{seconds} s after 1970"),
    }
}

fn read_cert(what: &str, pem: &str) -> Result<Certificate, TlsError> {
    Certificate::from_pem(pem.trim().as_bytes()).map_err(|e| {
        pem_error(
            what,
            format!("is not a PEM certificate (BEGIN CERTIFICATE): {e}"),
        )
    })
}

fn read_key(what: &str, pem: &str) -> Result<SigningKey, TlsError> {
    SigningKey::from_pkcs8_pem(pem.trim()).map_err(|_| {
        pem_error(
            what,
            "is not an unencrypted PKCS#8 ECDSA P-256 key (BEGIN PRIVATE KEY), the only kind OSX reads and this tool signs with",
        )
    })
}

fn key_pem(key: &SigningKey) -> Result<String, String> {
    key.to_pkcs8_pem(LineEnding::LF)
        .map(|pem| pem.to_string())
        .map_err(|e| e.to_string())
}

fn key_matches(cert: &Certificate, key: &SigningKey) -> bool {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    spki.to_der()
        .ok()
        .and_then(|der| VerifyingKey::from_public_key_der(&der).ok())
        .is_some_and(|public| public == *key.verifying_key())
}

fn holds_p256_key(cert: &Certificate) -> bool {
    cert.tbs_certificate
        .subject_public_key_info
        .to_der()
        .ok()
        .is_some_and(|der| VerifyingKey::from_public_key_der(&der).is_ok())
}

fn signed_by(cert: &Certificate, ca: &Certificate) -> bool {
    use p256::ecdsa::signature::Verifier;
    if cert.tbs_certificate.issuer != ca.tbs_certificate.subject {
        return false;
    }
    let Ok(ca_der) = ca.tbs_certificate.subject_public_key_info.to_der() else {
        return false;
    };
    let Ok(ca_key) = VerifyingKey::from_public_key_der(&ca_der) else {
        return false;
    };
    let (Ok(tbs), Some(sig)) = (cert.tbs_certificate.to_der(), cert.signature.as_bytes()) else {
        return false;
    };
    DerSignature::from_bytes(sig).is_ok_and(|sig| ca_key.verify(&tbs, &sig).is_ok())
}

fn sans_of(cert: &Certificate) -> Vec<String> {
    let Some(extensions) = &cert.tbs_certificate.extensions else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for ext in extensions {
        if ext.extn_id != ObjectIdentifier::new_unwrap("2.5.29.17") {
            continue;
        }
        let Ok(names) = SubjectAltName::from_der(ext.extn_value.as_bytes()) else {
            continue;
        };
        for name in names.0 {
            match name {
                GeneralName::DnsName(dns) => out.push(dns.as_str().to_owned()),
                GeneralName::IpAddress(ip) => match ip.as_bytes() {
                    [a, b, c, d] => out.push(IpAddr::from([*a, *b, *c, *d]).to_string()),
                    bytes if bytes.len() == 16 => {
                        let mut octets = [0u8; 16];
                        octets.copy_from_slice(bytes);
                        out.push(IpAddr::from(octets).to_string());
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
    out
}

/// Whether the certificate names `host` the way a TLS client checks it: an IP address against
/// the IP names, a DNS name (case-insensitively) against the DNS names.
fn names_host(cert: &Certificate, host: &str) -> bool {
    let host = names::unbracketed(host);
    let sans = sans_of(cert);
    match IpAddr::from_str(host) {
        Ok(ip) => sans
            .iter()
            .any(|s| IpAddr::from_str(s).is_ok_and(|s| s == ip)),
        Err(_) => sans.iter().any(|s| s.eq_ignore_ascii_case(host)),
    }
}

fn san(host: &str) -> Result<GeneralName, String> {
    let host = names::unbracketed(host);
    match IpAddr::from_str(host) {
        Ok(ip) => Ok(GeneralName::from(ip)),
        Err(_) => Ia5String::new(&host.to_ascii_lowercase())
            .map(GeneralName::DnsName)
            .map_err(|e| format!("{host} is not a DNS name: {e}")),
    }
}

fn subject(common_name: &str) -> Result<Name, String> {
    // RFC 4514 text: the names here are generated (party ids, "exchange"), never user text with
    // separators, but escape them anyway.
    let escaped: String = common_name
        .chars()
        .flat_map(|c| {
            let escape = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=');
            escape.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect();
    Name::from_str(&format!("CN={escaped},O=FATE federation")).map_err(|e| e.to_string())
}

fn new_key(random: &mut dyn RandomSource) -> Result<SigningKey, RandomError> {
    // A uniformly random scalar: bytes outside [1, n) are drawn again (rare: about 2^-32).
    loop {
        let mut bytes = [0u8; 32];
        random.fill(&mut bytes)?;
        if let Ok(key) = SigningKey::from_slice(&bytes) {
            return Ok(key);
        }
    }
}

fn serial(random: &mut dyn RandomSource) -> Result<SerialNumber, TlsError> {
    // 16 random bytes, positive (top bit clear) and not starting with a zero byte, so the
    // DER INTEGER keeps all of them (RFC 5280 4.1.2.2: at most 20 octets).
    let mut bytes = [0u8; 16];
    random.fill(&mut bytes)?;
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    SerialNumber::new(&bytes).map_err(|e| issue_error("a serial number")(e.to_string()))
}

fn time(seconds: u64) -> Result<Time, String> {
    let at = Duration::from_secs(seconds);
    if seconds < YEAR_2050 {
        UtcTime::from_unix_duration(at)
            .map(Time::UtcTime)
            .map_err(|e| e.to_string())
    } else {
        GeneralizedTime::from_unix_duration(at)
            .map(Time::GeneralTime)
            .map_err(|e| e.to_string())
    }
}

fn validity(now: u64, days: u32) -> Result<Validity, String> {
    Ok(Validity {
        not_before: time(now.saturating_sub(BACKDATE_SECONDS))?,
        not_after: time(now + u64::from(days) * 86_400)?,
    })
}
