//! Certificates for mutual TLS between a FATE 2.2 federation's OSX instances: a federation
//! authority (CA), and one certificate per party and for the exchange, each naming the address
//! its peers dial (OSX pins a TLS channel's authority to the route's `ip`, so the server's
//! certificate must carry it as an IP or DNS subject alternative name).
//!
//! Keys are ECDSA P-256, written as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`), the only key
//! form OSX's TLS stack reads (charts/images.yaml, entry osx-2.2). Key generation takes its
//! bytes from a [`RandomSource`]; signatures are deterministic (RFC 6979), so the same bytes and
//! time give the same certificates. Everything here is pure Rust and runs in the browser too.
//!
//! The certificates are written and read by this module's own DER code (`der.rs`), not by the
//! `x509-cert` crates: they have one fixed shape, and those crates' generic code was about a
//! tenth of the web page's download. The bytes are exactly those the `x509-cert` builder wrote
//! (its implementation is the test oracle, `oracle.rs`).

use std::net::IpAddr;
use std::str::FromStr;

use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use sha1::{Digest, Sha1};

use crate::generator::federation::{RandomError, RandomSource};
use crate::generator::names;

mod der;
#[cfg(test)]
mod oracle;

use der::{constructed, tag, tlv, DerError, Item, Reader};

/// Object identifiers, as the content bytes of their DER encoding.
mod oid {
    /// id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480).
    pub const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    /// prime256v1 (P-256), 1.2.840.10045.3.1.7.
    pub const PRIME256V1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    /// ecdsa-with-SHA256, 1.2.840.10045.4.3.2 (RFC 5758).
    pub const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    /// commonName, 2.5.4.3.
    pub const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
    /// organizationName, 2.5.4.10.
    pub const ORGANIZATION: &[u8] = &[0x55, 0x04, 0x0a];
    /// Extensions (RFC 5280 4.2.1): subject and authority key identifiers, key usage, subject
    /// alternative name, basic constraints, extended key usage.
    pub const SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
    pub const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
    pub const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
    pub const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
    pub const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
    pub const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
    /// TLS server and client authentication, 1.3.6.1.5.5.7.3.1 and .2 (RFC 5280 4.2.1.12):
    /// every OSX is both a server (for its peers) and a client (when it forwards).
    pub const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
    pub const CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
}

/// Key usage bits (RFC 5280 4.2.1.3) as DER BIT STRINGs: keyCertSign and cRLSign for the
/// authority, digitalSignature and nonRepudiation for a party's certificate.
const AUTHORITY_KEY_USAGE: &[u8] = &[tag::BIT_STRING, 2, 1, 0x06];
const LEAF_KEY_USAGE: &[u8] = &[tag::BIT_STRING, 2, 6, 0xc0];

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

/// A certificate as far as this tool reads it.
struct Certificate {
    /// The TBSCertificate as encoded: what the signature covers.
    tbs: Vec<u8>,
    /// The issuer and subject Names as encoded (compared byte for byte, as DER allows).
    issuer: Vec<u8>,
    subject: Vec<u8>,
    /// The Names as RFC 4514 text.
    issuer_text: String,
    subject_text: String,
    /// Validity, seconds since 1970.
    not_before: u64,
    not_after: u64,
    /// The subject's key, if it is an ECDSA P-256 key (the only kind this tool signs with).
    public_key: Option<VerifyingKey>,
    /// Raw subject public key bits (what the key identifiers hash).
    public_key_bits: Vec<u8>,
    /// Subject alternative names: IP addresses and DNS names, as text.
    sans: Vec<String>,
    /// The signature value (the BIT STRING's bytes: an ECDSA signature is a DER SEQUENCE).
    signature: Vec<u8>,
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
        let subject = subject(name);
        let bits = public_key_bits(key.verifying_key());
        let extensions = [
            extension(oid::SUBJECT_KEY_ID, false, &key_identifier(&bits)),
            // cA TRUE, no path length.
            extension(
                oid::BASIC_CONSTRAINTS,
                true,
                &[tag::SEQUENCE, 3, tag::BOOLEAN, 1, 0xff],
            ),
            extension(oid::KEY_USAGE, true, AUTHORITY_KEY_USAGE),
        ];
        let serial = serial(random)?;
        let validity = validity(now, days, None).map_err(|m| issue_error(what, m))?;
        let der = certificate(
            &serial,
            &subject,
            &validity,
            &subject,
            &bits,
            &extensions,
            &key,
        );
        let cert = parse_certificate(&der).map_err(|e| issue_error(what, e))?;
        let issued = Issued {
            cert: der::pem("CERTIFICATE", &der),
            key: key_pem(&key),
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
        let key = new_key(random)?;
        let bits = public_key_bits(key.verifying_key());
        let extensions = [
            extension(oid::SUBJECT_KEY_ID, false, &key_identifier(&bits)),
            extension(
                oid::AUTHORITY_KEY_ID,
                false,
                // keyIdentifier [0] IMPLICIT: the authority's own key identifier.
                &constructed(
                    tag::SEQUENCE,
                    &[&tlv(
                        tag::implicit(0),
                        &Sha1::digest(&self.cert.public_key_bits),
                    )],
                ),
            ),
            // cA FALSE is the default, so the SEQUENCE is empty.
            extension(oid::BASIC_CONSTRAINTS, true, &[tag::SEQUENCE, 0]),
            extension(oid::KEY_USAGE, true, LEAF_KEY_USAGE),
            extension(
                oid::SUBJECT_ALT_NAME,
                false,
                &constructed(
                    tag::SEQUENCE,
                    &[&san(host).map_err(|m| issue_error(&what, m))?],
                ),
            ),
            extension(
                oid::EXT_KEY_USAGE,
                true,
                &constructed(
                    tag::SEQUENCE,
                    &[
                        &tlv(tag::OID, oid::SERVER_AUTH),
                        &tlv(tag::OID, oid::CLIENT_AUTH),
                    ],
                ),
            ),
        ];
        let serial = serial(random)?;
        let validity =
            validity(now, days, Some(self.cert.not_after)).map_err(|m| issue_error(&what, m))?;
        let der = certificate(
            &serial,
            &self.cert.subject,
            &validity,
            &subject(common_name),
            &bits,
            &extensions,
            &self.key,
        );
        Ok(Issued {
            cert: der::pem("CERTIFICATE", &der),
            key: key_pem(&key),
        })
    }

    /// Whether `cert` was signed by this authority.
    fn signed(&self, cert: &Certificate) -> bool {
        signed_by(cert, &self.cert)
    }
}

fn issue_error(what: &str, message: impl std::fmt::Display) -> TlsError {
    TlsError::Issue {
        what: what.to_owned(),
        message: message.to_string(),
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
    Ok(CertInfo {
        subject: cert.subject_text,
        issuer: cert.issuer_text,
        sans: cert.sans,
        not_before: cert.not_before,
        not_after: cert.not_after,
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
        Ok(ca) if ca.public_key.is_none() => problems.push(
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
            cert.sans.join(", ")
        ));
    }
    if let Some(now) = now {
        if cert.not_after <= now {
            problems.push(format!("{what}'s certificate has expired"));
        } else if cert.not_before > now {
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
    match civil(seconds) {
        Some(t) if t.year <= 9999 => format!("{:04}-{:02}-{:02}", t.year, t.month, t.day),
        _ => format!("{seconds} s after 1970"),
    }
}

fn read_cert(what: &str, pem: &str) -> Result<Certificate, TlsError> {
    der::from_pem("CERTIFICATE", pem)
        .and_then(|der| parse_certificate(&der))
        .map_err(|e| {
            pem_error(
                what,
                format!("is not a PEM certificate (BEGIN CERTIFICATE): {e}"),
            )
        })
}

fn read_key(what: &str, pem: &str) -> Result<SigningKey, TlsError> {
    der::from_pem("PRIVATE KEY", pem)
        .ok()
        .and_then(|der| parse_pkcs8(&der))
        .ok_or_else(|| {
            pem_error(
                what,
                "is not an unencrypted PKCS#8 ECDSA P-256 key (BEGIN PRIVATE KEY), the only kind OSX reads and this tool signs with",
            )
        })
}

// ── Writing ──

/// The uncompressed SEC1 point of a public key (what a SubjectPublicKeyInfo carries).
fn public_key_bits(key: &VerifyingKey) -> Vec<u8> {
    key.to_encoded_point(false).as_bytes().to_vec()
}

/// A SubjectPublicKeyInfo of a P-256 key.
fn spki(bits: &[u8]) -> Vec<u8> {
    constructed(
        tag::SEQUENCE,
        &[
            &constructed(
                tag::SEQUENCE,
                &[
                    &tlv(tag::OID, oid::EC_PUBLIC_KEY),
                    &tlv(tag::OID, oid::PRIME256V1),
                ],
            ),
            &der::bit_string(bits),
        ],
    )
}

/// A subject key identifier: the SHA-1 of the public key bits (RFC 5280 4.2.1.2, method 1).
fn key_identifier(bits: &[u8]) -> Vec<u8> {
    tlv(tag::OCTET_STRING, &Sha1::digest(bits))
}

/// An Extension: its id, `critical` when set (FALSE is the default and so not written), and
/// its value wrapped in an OCTET STRING.
fn extension(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let critical: &[u8] = if critical {
        &[tag::BOOLEAN, 1, 0xff]
    } else {
        &[]
    };
    constructed(
        tag::SEQUENCE,
        &[&tlv(tag::OID, id), critical, &tlv(tag::OCTET_STRING, value)],
    )
}

/// A signed X.509 v3 certificate, DER.
fn certificate(
    serial: &[u8],
    issuer: &[u8],
    validity: &[u8],
    subject: &[u8],
    public_key_bits: &[u8],
    extensions: &[Vec<u8>],
    signer: &SigningKey,
) -> Vec<u8> {
    let algorithm = constructed(tag::SEQUENCE, &[&tlv(tag::OID, oid::ECDSA_WITH_SHA256)]);
    let extensions: Vec<&[u8]> = extensions.iter().map(Vec::as_slice).collect();
    let tbs = constructed(
        tag::SEQUENCE,
        &[
            // version [0] EXPLICIT v3 (2)
            &[tag::explicit(0), 3, tag::INTEGER, 1, 2],
            serial,
            &algorithm,
            issuer,
            validity,
            subject,
            &spki(public_key_bits),
            &constructed(
                tag::explicit(3),
                &[&constructed(tag::SEQUENCE, &extensions)],
            ),
        ],
    );
    let signature: Signature = signer.sign(&tbs);
    constructed(
        tag::SEQUENCE,
        &[
            &tbs,
            &algorithm,
            &der::bit_string(&signature_der(&signature)),
        ],
    )
}

/// An ECDSA signature as DER: SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 2.2.3).
fn signature_der(signature: &Signature) -> Vec<u8> {
    let (r, s) = signature.split_bytes();
    constructed(
        tag::SEQUENCE,
        &[&der::unsigned_integer(&r), &der::unsigned_integer(&s)],
    )
}

/// A private key as PKCS#8 PEM: PrivateKeyInfo (RFC 5208) of an ECPrivateKey (RFC 5915) with
/// its public key, no parameters inside (they are in the algorithm identifier).
fn key_pem(key: &SigningKey) -> String {
    let ec_private_key = constructed(
        tag::SEQUENCE,
        &[
            &[tag::INTEGER, 1, 1],
            &tlv(tag::OCTET_STRING, &key.to_bytes()),
            &constructed(
                tag::explicit(1),
                &[&der::bit_string(&public_key_bits(key.verifying_key()))],
            ),
        ],
    );
    let info = constructed(
        tag::SEQUENCE,
        &[
            &[tag::INTEGER, 1, 0],
            &constructed(
                tag::SEQUENCE,
                &[
                    &tlv(tag::OID, oid::EC_PUBLIC_KEY),
                    &tlv(tag::OID, oid::PRIME256V1),
                ],
            ),
            &tlv(tag::OCTET_STRING, &ec_private_key),
        ],
    );
    der::pem("PRIVATE KEY", &info)
}

/// The Name `CN=<common_name>,O=FATE federation` (RFC 4514 order; DER lists O first), both
/// UTF8String.
fn subject(common_name: &str) -> Vec<u8> {
    let rdn = |id: &[u8], value: &str| {
        constructed(
            tag::SET,
            &[&constructed(
                tag::SEQUENCE,
                &[&tlv(tag::OID, id), &tlv(tag::UTF8_STRING, value.as_bytes())],
            )],
        )
    };
    constructed(
        tag::SEQUENCE,
        &[
            &rdn(oid::ORGANIZATION, "FATE federation"),
            &rdn(oid::COMMON_NAME, common_name),
        ],
    )
}

/// The GeneralName of `host`: an iPAddress, or else a dNSName (lower case).
fn san(host: &str) -> Result<Vec<u8>, String> {
    let host = names::unbracketed(host);
    match IpAddr::from_str(host) {
        Ok(IpAddr::V4(ip)) => Ok(tlv(tag::implicit(7), &ip.octets())),
        Ok(IpAddr::V6(ip)) => Ok(tlv(tag::implicit(7), &ip.octets())),
        Err(_) if host.is_ascii() => {
            Ok(tlv(tag::implicit(2), host.to_ascii_lowercase().as_bytes()))
        }
        Err(_) => Err(format!("{host} is not a DNS name: it is not ASCII")),
    }
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

/// A serial number: 16 random bytes, positive (top bit clear) and not starting with a zero
/// byte, so the DER INTEGER keeps all of them (RFC 5280 4.1.2.2: at most 20 octets).
fn serial(random: &mut dyn RandomSource) -> Result<Vec<u8>, RandomError> {
    let mut bytes = [0u8; 16];
    random.fill(&mut bytes)?;
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    Ok(tlv(tag::INTEGER, &bytes))
}

/// A time as X.509 writes it: UTCTime before 2050, GeneralizedTime from then on.
fn time(seconds: u64) -> Result<Vec<u8>, String> {
    let t = civil(seconds)
        .filter(|t| t.year <= 9999)
        .ok_or_else(|| format!("{seconds} s after 1970 is beyond the year 9999"))?;
    let rest = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        t.month, t.day, t.hour, t.minute, t.second
    );
    Ok(if seconds < YEAR_2050 {
        tlv(
            tag::UTC_TIME,
            format!("{:02}{rest}", t.year % 100).as_bytes(),
        )
    } else {
        tlv(
            tag::GENERALIZED_TIME,
            format!("{:04}{rest}", t.year).as_bytes(),
        )
    })
}

/// The Validity: from an hour before `now`, `days` long, but not beyond `until` if given.
fn validity(now: u64, days: u32, until: Option<u64>) -> Result<Vec<u8>, String> {
    let end = now.saturating_add(u64::from(days) * 86_400);
    let end = until.map_or(end, |until| end.min(until));
    Ok(constructed(
        tag::SEQUENCE,
        &[&time(now.saturating_sub(BACKDATE_SECONDS))?, &time(end)?],
    ))
}

// ── Reading ──

fn parse_certificate(der: &[u8]) -> Result<Certificate, DerError> {
    let mut outer = Reader::new(der);
    let mut cert = outer.nested(tag::SEQUENCE, "a Certificate SEQUENCE")?;
    outer.finish("the certificate")?;
    let tbs = cert.expect(tag::SEQUENCE, "a TBSCertificate SEQUENCE")?;
    algorithm_identifier(&mut cert)?;
    let signature = cert.expect(tag::BIT_STRING, "the signature BIT STRING")?;
    cert.finish("the certificate")?;

    let mut fields = Reader::new(tbs.content);
    if let Some(version) = fields.optional(tag::explicit(0))? {
        let mut version = Reader::new(version.content);
        let number = version.expect(tag::INTEGER, "the version INTEGER")?;
        version.finish("the version")?;
        if !matches!(number.content, [0..=2]) {
            return Err(DerError::Invalid(
                "the certificate version is not 1, 2 or 3",
            ));
        }
    }
    let serial = fields.expect(tag::INTEGER, "the serial number INTEGER")?;
    if serial.content.is_empty() {
        return Err(DerError::Invalid("the serial number is empty"));
    }
    algorithm_identifier(&mut fields)?;
    let issuer = fields.expect(tag::SEQUENCE, "the issuer Name")?;
    let mut validity = fields.nested(tag::SEQUENCE, "the Validity SEQUENCE")?;
    let not_before = read_time(validity.item()?)?;
    let not_after = read_time(validity.item()?)?;
    validity.finish("the validity")?;
    let subject = fields.expect(tag::SEQUENCE, "the subject Name")?;
    let (public_key, public_key_bits) = subject_public_key(&mut fields)?;
    // issuerUniqueID [1] and subjectUniqueID [2], IMPLICIT BIT STRINGs: not used here.
    fields.optional(tag::implicit(1))?;
    fields.optional(tag::implicit(2))?;
    let mut sans = Vec::new();
    if let Some(extensions) = fields.optional(tag::explicit(3))? {
        let mut outer = Reader::new(extensions.content);
        let mut list = outer.nested(tag::SEQUENCE, "the Extensions SEQUENCE")?;
        outer.finish("the extensions")?;
        while !list.is_empty() {
            let mut ext = list.nested(tag::SEQUENCE, "an Extension SEQUENCE")?;
            let id = ext.expect(tag::OID, "an extension's OBJECT IDENTIFIER")?;
            ext.optional(tag::BOOLEAN)?;
            let value = ext.expect(tag::OCTET_STRING, "an extension's OCTET STRING")?;
            ext.finish("an extension")?;
            if id.content == oid::SUBJECT_ALT_NAME {
                sans.extend(alt_names(value.content));
            }
        }
    }
    fields.finish("the TBSCertificate")?;
    Ok(Certificate {
        tbs: tbs.encoded.to_vec(),
        issuer_text: name_text(issuer.content)?,
        subject_text: name_text(subject.content)?,
        issuer: issuer.encoded.to_vec(),
        subject: subject.encoded.to_vec(),
        not_before,
        not_after,
        public_key,
        public_key_bits,
        sans,
        signature: der::whole_bytes(signature.content)?.to_vec(),
    })
}

/// Reads an AlgorithmIdentifier (its OID and optional parameters) and returns them.
fn algorithm_identifier<'a>(
    reader: &mut Reader<'a>,
) -> Result<(&'a [u8], Option<Item<'a>>), DerError> {
    let mut alg = reader.nested(tag::SEQUENCE, "an AlgorithmIdentifier SEQUENCE")?;
    let id = alg.expect(tag::OID, "an algorithm's OBJECT IDENTIFIER")?;
    let parameters = if alg.is_empty() {
        None
    } else {
        Some(alg.item()?)
    };
    alg.finish("an algorithm identifier")?;
    Ok((id.content, parameters))
}

/// A SubjectPublicKeyInfo: the key if it is an ECDSA P-256 key, and the raw key bits.
fn subject_public_key(
    reader: &mut Reader<'_>,
) -> Result<(Option<VerifyingKey>, Vec<u8>), DerError> {
    let mut spki = reader.nested(tag::SEQUENCE, "the SubjectPublicKeyInfo SEQUENCE")?;
    let (id, parameters) = algorithm_identifier(&mut spki)?;
    let bits = spki.expect(tag::BIT_STRING, "the subject public key BIT STRING")?;
    spki.finish("the subject public key info")?;
    let raw = bits.content.get(1..).unwrap_or_default().to_vec();
    let p256 = id == oid::EC_PUBLIC_KEY
        && parameters.is_some_and(|p| p.tag == tag::OID && p.content == oid::PRIME256V1);
    let key = if p256 {
        der::whole_bytes(bits.content)
            .ok()
            .and_then(|point| VerifyingKey::from_sec1_bytes(point).ok())
    } else {
        None
    };
    Ok((key, raw))
}

/// The IP addresses and DNS names of a SubjectAltName value; other kinds of names, and a
/// value that is not GeneralNames, give none.
fn alt_names(value: &[u8]) -> Vec<String> {
    let mut outer = Reader::new(value);
    let Ok(mut list) = outer.nested(tag::SEQUENCE, "GeneralNames") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Ok(name) = list.item() {
        if name.tag == tag::implicit(2) {
            if let Ok(dns) = std::str::from_utf8(name.content) {
                if dns.is_ascii() {
                    out.push(dns.to_owned());
                }
            }
        } else if name.tag == tag::implicit(7) {
            if let Ok(v4) = <[u8; 4]>::try_from(name.content) {
                out.push(IpAddr::from(v4).to_string());
            } else if let Ok(v6) = <[u8; 16]>::try_from(name.content) {
                out.push(IpAddr::from(v6).to_string());
            }
        }
    }
    out
}

/// A Name as RFC 4514 text: relative names last to first, separated by `,`, the attributes
/// of one joined by `+`; a known attribute with a string value as `CN=value` (escaped), any
/// other as `<dotted OID>=#<hex of its DER>`.
fn name_text(content: &[u8]) -> Result<String, DerError> {
    let mut rdns = Vec::new();
    let mut reader = Reader::new(content);
    while !reader.is_empty() {
        let mut set = reader.nested(tag::SET, "a RelativeDistinguishedName SET")?;
        let mut attributes = Vec::new();
        while !set.is_empty() {
            let mut pair = set.nested(tag::SEQUENCE, "an AttributeTypeAndValue SEQUENCE")?;
            let id = pair.expect(tag::OID, "an attribute's OBJECT IDENTIFIER")?;
            let value = pair.item()?;
            pair.finish("an attribute")?;
            attributes.push(attribute_text(id.content, value)?);
        }
        if attributes.is_empty() {
            return Err(DerError::Invalid("a RelativeDistinguishedName is empty"));
        }
        rdns.push(attributes.join("+"));
    }
    rdns.reverse();
    Ok(rdns.join(","))
}

fn attribute_text(id: &[u8], value: Item<'_>) -> Result<String, DerError> {
    const SHORT_NAMES: &[(&[u8], &str)] = &[
        (&[0x55, 0x04, 0x03], "CN"),
        (&[0x55, 0x04, 0x04], "SN"),
        (&[0x55, 0x04, 0x05], "SERIALNUMBER"),
        (&[0x55, 0x04, 0x06], "C"),
        (&[0x55, 0x04, 0x07], "L"),
        (&[0x55, 0x04, 0x08], "ST"),
        (&[0x55, 0x04, 0x09], "STREET"),
        (&[0x55, 0x04, 0x0a], "O"),
        (&[0x55, 0x04, 0x0b], "OU"),
        (&[0x55, 0x04, 0x0c], "TITLE"),
        (&[0x55, 0x04, 0x2a], "GIVENNAME"),
        (
            &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01],
            "UID",
        ),
        (
            &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19],
            "DC",
        ),
    ];
    let text = match value.tag {
        tag::PRINTABLE_STRING | tag::UTF8_STRING | tag::IA5_STRING | tag::TELETEX_STRING => {
            std::str::from_utf8(value.content).ok()
        }
        _ => None,
    };
    let short = SHORT_NAMES.iter().find(|(o, _)| *o == id).map(|(_, n)| *n);
    let mut out = String::new();
    match (short, text) {
        (Some(name), Some(text)) => {
            out.push_str(name);
            out.push('=');
            let last = text.chars().count().saturating_sub(1);
            for (i, c) in text.chars().enumerate() {
                match c {
                    '#' if i == 0 => out.push_str("\\#"),
                    ' ' if i == 0 || i == last => out.push_str("\\ "),
                    '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '\x00'..='\x1f' | '\x7f' => out.push_str(&format!("\\{:02x}", c as u8)),
                    _ => out.push(c),
                }
            }
        }
        _ => {
            out.push_str(&oid_text(id)?);
            out.push_str("=#");
            for b in value.encoded {
                out.push_str(&format!("{b:02x}"));
            }
        }
    }
    Ok(out)
}

/// An OBJECT IDENTIFIER's content as dotted text (`2.5.4.3`).
fn oid_text(content: &[u8]) -> Result<String, DerError> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    for (i, b) in content.iter().enumerate() {
        if value == 0 && *b == 0x80 {
            return Err(DerError::Invalid(
                "an OBJECT IDENTIFIER is not in its shortest form",
            ));
        }
        value = value
            .checked_mul(128)
            .ok_or(DerError::Invalid("an OBJECT IDENTIFIER arc is too large"))?
            | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (value / 40).min(2);
                arcs.push(first);
                arcs.push(value - first * 40);
            } else {
                arcs.push(value);
            }
            value = 0;
        } else if i + 1 == content.len() {
            return Err(DerError::Invalid("an OBJECT IDENTIFIER ends inside an arc"));
        }
    }
    if arcs.is_empty() {
        return Err(DerError::Invalid("an OBJECT IDENTIFIER is empty"));
    }
    Ok(arcs
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("."))
}

/// A UTCTime (`YYMMDDHHMMSSZ`, 1950–2049) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) as seconds
/// since 1970.
fn read_time(item: Item<'_>) -> Result<u64, DerError> {
    let text =
        std::str::from_utf8(item.content).map_err(|_| DerError::Invalid("a time is not text"))?;
    let (year, rest) = match (item.tag, text.len()) {
        (tag::UTC_TIME, 13) => {
            let yy: u64 = digits(&text[..2])?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &text[2..])
        }
        (tag::GENERALIZED_TIME, 15) => (digits(&text[..4])?, &text[4..]),
        (tag::UTC_TIME | tag::GENERALIZED_TIME, _) => {
            return Err(DerError::Invalid("a time is not in the form YYMMDDHHMMSSZ"))
        }
        (found, _) => {
            return Err(DerError::Tag {
                expected: "a UTCTime or GeneralizedTime",
                found,
            })
        }
    };
    if !rest.ends_with('Z') {
        return Err(DerError::Invalid("a time is not in UTC (Z)"));
    }
    let field = |i: usize| digits(&rest[i..i + 2]);
    let (month, day, hour, minute, second) =
        (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
    let valid = year >= 1970
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return Err(DerError::Invalid(
            "a time is not a valid date and time from 1970 on",
        ));
    }
    let days = days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3600 + minute * 60 + second)
}

fn digits(text: &str) -> Result<u64, DerError> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse()
            .map_err(|_| DerError::Invalid("a time is not digits"))
    } else {
        Err(DerError::Invalid("a time is not digits"))
    }
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date on or after it (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A UTC date and time.
struct Civil {
    year: u64,
    month: u64,
    day: u64,
    hour: u64,
    minute: u64,
    second: u64,
}

/// Seconds since 1970 as a UTC date and time (`civil_from_days`); none when absurdly far.
fn civil(seconds: u64) -> Option<Civil> {
    let days = seconds / 86_400;
    let rem = seconds % 86_400;
    let z = days.checked_add(719_468)?;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    Some(Civil {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem % 3600 / 60,
        second: rem % 60,
    })
}

/// A PKCS#8 PrivateKeyInfo (v1, or v2 with a public key) of a P-256 ECPrivateKey. The
/// ECPrivateKey's own parameters, if any, must name P-256 and its public key, if any, must
/// be the private key's.
fn parse_pkcs8(der: &[u8]) -> Option<SigningKey> {
    let mut outer = Reader::new(der);
    let mut info = outer.nested(tag::SEQUENCE, "PrivateKeyInfo").ok()?;
    outer.finish("the key").ok()?;
    let version = info.expect(tag::INTEGER, "version").ok()?;
    if !matches!(version.content, [0 | 1]) {
        return None;
    }
    let (id, parameters) = algorithm_identifier(&mut info).ok()?;
    let p256 = id == oid::EC_PUBLIC_KEY
        && parameters.is_some_and(|p| p.tag == tag::OID && p.content == oid::PRIME256V1);
    if !p256 {
        return None;
    }
    let private = info.expect(tag::OCTET_STRING, "privateKey").ok()?;
    // attributes [0] and (v2) publicKey [1]: not needed.
    info.optional(tag::explicit(0)).ok()?;
    info.optional(tag::implicit(1)).ok()?;
    info.finish("the key").ok()?;

    let mut outer = Reader::new(private.content);
    let mut ec = outer.nested(tag::SEQUENCE, "ECPrivateKey").ok()?;
    outer.finish("the key").ok()?;
    if ec.expect(tag::INTEGER, "version").ok()?.content != [1] {
        return None;
    }
    let scalar = ec.expect(tag::OCTET_STRING, "privateKey").ok()?;
    let key = SigningKey::from_slice(scalar.content).ok()?;
    if let Some(params) = ec.optional(tag::explicit(0)).ok()? {
        if params.content != tlv(tag::OID, oid::PRIME256V1).as_slice() {
            return None;
        }
    }
    if let Some(public) = ec.optional(tag::explicit(1)).ok()? {
        let mut public = Reader::new(public.content);
        let bits = public.expect(tag::BIT_STRING, "publicKey").ok()?;
        public.finish("the public key").ok()?;
        let point = VerifyingKey::from_sec1_bytes(der::whole_bytes(bits.content).ok()?).ok()?;
        if point != *key.verifying_key() {
            return None;
        }
    }
    ec.finish("the key").ok()?;
    Some(key)
}

// ── Checking ──

fn key_matches(cert: &Certificate, key: &SigningKey) -> bool {
    cert.public_key
        .is_some_and(|public| public == *key.verifying_key())
}

fn signed_by(cert: &Certificate, ca: &Certificate) -> bool {
    if cert.issuer != ca.subject {
        return false;
    }
    let Some(ca_key) = ca.public_key else {
        return false;
    };
    signature_from_der(&cert.signature).is_some_and(|sig| ca_key.verify(&cert.tbs, &sig).is_ok())
}

/// An ECDSA signature from its DER SEQUENCE of two INTEGERs (each below the group order).
fn signature_from_der(der: &[u8]) -> Option<Signature> {
    let mut outer = Reader::new(der);
    let mut pair = outer.nested(tag::SEQUENCE, "ECDSA-Sig-Value").ok()?;
    outer.finish("the signature").ok()?;
    let mut scalar = || -> Option<[u8; 32]> {
        let item = pair.expect(tag::INTEGER, "r or s").ok()?;
        let magnitude = der::unsigned_magnitude(item.content).ok()?;
        let mut out = [0u8; 32];
        let start = 32usize.checked_sub(magnitude.len())?;
        out[start..].copy_from_slice(magnitude);
        Some(out)
    };
    let (r, s) = (scalar()?, scalar()?);
    pair.finish("the signature").ok()?;
    Signature::from_scalars(r, s).ok()
}

/// Whether the certificate names `host` the way a TLS client checks it: an IP address against
/// the IP names, a DNS name (case-insensitively) against the DNS names.
fn names_host(cert: &Certificate, host: &str) -> bool {
    let host = names::unbracketed(host);
    match IpAddr::from_str(host) {
        Ok(ip) => cert
            .sans
            .iter()
            .any(|s| IpAddr::from_str(s).is_ok_and(|s| s == ip)),
        Err(_) => cert.sans.iter().any(|s| s.eq_ignore_ascii_case(host)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not secure: repeatable bytes for tests.
    struct Counter(u64);

    impl RandomSource for Counter {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
            for b in buf {
                self.0 = self
                    .0
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                *b = (self.0 >> 33) as u8;
            }
            Ok(())
        }
    }

    const NOW: u64 = 1_800_000_000;

    #[test]
    fn issued_certificates_chain_to_the_authority_and_name_their_host() {
        let mut random = Counter(7);
        let (ca, ca_issued) =
            Authority::generate(&mut random, NOW, 365, "FATE federation authority").unwrap();
        assert!(ca_issued.key.starts_with("-----BEGIN PRIVATE KEY-----"));
        let leaf = ca
            .issue(&mut random, NOW, 365, "party 10000", "192.168.11.2")
            .unwrap();
        assert!(check_issued(
            "party 10000",
            &ca.cert_pem,
            &leaf,
            "192.168.11.2",
            Some(NOW)
        )
        .is_empty());
        let info = inspect("leaf", &leaf.cert).unwrap();
        assert_eq!(info.sans, ["192.168.11.2"]);
        assert_eq!(info.subject, "CN=party 10000,O=FATE federation");
        assert_eq!(info.not_after, NOW + 365 * 86_400);
        let dns = ca
            .issue(&mut random, NOW, 30, "exchange", "Fate.Example.org")
            .unwrap();
        assert!(check_issued("x", &ca.cert_pem, &dns, "fate.example.ORG", Some(NOW)).is_empty());
        let v6 = ca.issue(&mut random, NOW, 30, "v6", "[fd00::1]").unwrap();
        assert_eq!(inspect("v6", &v6.cert).unwrap().sans, ["fd00::1"]);
    }

    #[test]
    fn each_wrong_part_is_named() {
        let mut random = Counter(11);
        let (ca, _) = Authority::generate(&mut random, NOW, 365, "A").unwrap();
        let (other, _) = Authority::generate(&mut random, NOW, 365, "A").unwrap();
        let leaf = ca.issue(&mut random, NOW, 10, "p", "10.0.0.1").unwrap();
        let foreign = other.issue(&mut random, NOW, 10, "p", "10.0.0.1").unwrap();
        let problems = check_issued("p", &ca.cert_pem, &foreign, "10.0.0.1", Some(NOW));
        assert_eq!(
            problems,
            ["p's certificate is not signed by the federation authority"]
        );
        let swapped = Issued {
            cert: leaf.cert.clone(),
            key: foreign.key.clone(),
        };
        assert!(
            check_issued("p", &ca.cert_pem, &swapped, "10.0.0.1", None)[0].contains("not the key")
        );
        assert!(check_issued("p", &ca.cert_pem, &leaf, "10.0.0.2", None)[0]
            .contains("does not name 10.0.0.2"));
        assert!(check_issued(
            "p",
            &ca.cert_pem,
            &leaf,
            "10.0.0.1",
            Some(NOW + 11 * 86_400)
        )[0]
        .contains("expired"));
        let garbage = Issued {
            cert: "x".into(),
            key: leaf.key.clone(),
        };
        assert!(
            check_issued("p", &ca.cert_pem, &garbage, "10.0.0.1", None)[0]
                .contains("BEGIN CERTIFICATE")
        );
        assert!(Authority::from_pem(&ca.cert_pem, &foreign.key).is_err());
    }

    #[test]
    fn the_same_bytes_and_time_give_the_same_certificates() {
        let issue = || {
            let mut random = Counter(3);
            let (ca, ca_issued) = Authority::generate(&mut random, NOW, 365, "A").unwrap();
            (
                ca_issued,
                ca.issue(&mut random, NOW, 365, "p", "10.0.0.1").unwrap(),
            )
        };
        assert_eq!(issue(), issue());
        assert_eq!(time(YEAR_2050 + 10).unwrap()[0], tag::GENERALIZED_TIME);
        assert_eq!(time(YEAR_2050 - 1).unwrap()[0], tag::UTC_TIME);
    }

    /// An RSA authority (made with openssl) is named as such, not as "not signed".
    #[test]
    fn an_authority_without_a_p256_key_is_named() {
        const RSA_CA: &str = include_str!("tls/testdata/rsa-ca.crt");
        let mut random = Counter(13);
        let (ca, _) = Authority::generate(&mut random, NOW, 30, "A").unwrap();
        let leaf = ca.issue(&mut random, NOW, 10, "p", "10.0.0.1").unwrap();
        let problems = check_issued("p", RSA_CA, &leaf, "10.0.0.1", None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("does not hold an ECDSA P-256 key"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_later_certificate_ends_with_its_authority() {
        let mut random = Counter(5);
        let (ca, ca_issued) = Authority::generate(&mut random, NOW, 30, "A").unwrap();
        let later = ca
            .issue(&mut random, NOW + 20 * 86_400, 30, "p", "10.0.0.1")
            .unwrap();
        let end = inspect("ca", &ca_issued.cert).unwrap().not_after;
        assert_eq!(inspect("p", &later.cert).unwrap().not_after, end);
    }

    /// The certificates and keys are byte for byte those of the x509-cert builder this module
    /// replaced (`oracle.rs`), for many keys, times (across 2050) and hosts; and both read
    /// every certificate, key and mistake the same way.
    #[test]
    fn the_same_bytes_and_readings_as_the_x509_cert_implementation() {
        let hosts = [
            "192.168.11.2",
            "Fate.Example.org",
            "[fd00::1]",
            "10.0.0.1",
            "x",
        ];
        let info = |i: CertInfo| (i.subject, i.issuer, i.sans, i.not_before, i.not_after);
        let oracle_info =
            |i: oracle::CertInfo| (i.subject, i.issuer, i.sans, i.not_before, i.not_after);
        for seed in 0..30u64 {
            let now = if seed % 6 == 5 {
                YEAR_2050 - 40 * 86_400 + seed
            } else {
                NOW + seed * 7_777_777
            };
            let days = [1, 30, 365, 3650, 40_000][seed as usize % 5];
            let name = "FATE federation authority";
            let (ca, ca_pem) = Authority::generate(&mut Counter(seed), now, days, name).unwrap();
            let (oca, oca_pem) =
                oracle::Authority::generate(&mut Counter(seed), now, days, name).unwrap();
            assert_eq!(
                (&ca_pem.cert, &ca_pem.key),
                (&oca_pem.cert, &oca_pem.key),
                "seed {seed}"
            );
            assert_eq!(
                info(inspect("ca", &ca_pem.cert).unwrap()),
                oracle_info(oracle::inspect("ca", &ca_pem.cert).unwrap())
            );
            for (i, host) in hosts.iter().enumerate() {
                let later = now + i as u64 * 40 * 86_400;
                let random = || Counter(seed * 100 + i as u64);
                let ours = ca
                    .issue(&mut random(), later, days, "party 10000", host)
                    .unwrap();
                let theirs = oca
                    .issue(&mut random(), later, days, "party 10000", host)
                    .unwrap();
                assert_eq!(
                    (&ours.cert, &ours.key),
                    (&theirs.cert, &theirs.key),
                    "{seed} {host}"
                );
                assert_eq!(
                    info(inspect("p", &ours.cert).unwrap()),
                    oracle_info(oracle::inspect("p", &ours.cert).unwrap())
                );
                let theirs = oracle::Issued {
                    cert: ours.cert.clone(),
                    key: ours.key.clone(),
                };
                let end = later + u64::from(days) * 86_400;
                for (host, at) in [
                    (*host, Some(later)),
                    ("10.9.9.9", None),
                    (*host, Some(end + 1)),
                ] {
                    assert_eq!(
                        check_issued("p", &ca.cert_pem, &ours, host, at),
                        oracle::check_issued("p", &oca.cert_pem, &theirs, host, at)
                    );
                }
                assert!(is_signed_by(&ca, &ours.cert));
                assert!(oracle::is_signed_by(&oca, &ours.cert));
            }
            assert_eq!(utc_date(now), oracle::utc_date(now));
        }
    }

    #[test]
    fn mistakes_are_found_as_the_x509_cert_implementation_found_them() {
        const RSA_CA: &str = include_str!("tls/testdata/rsa-ca.crt");
        let mut random = Counter(21);
        let (ca, ca_pem) = Authority::generate(&mut random, NOW, 30, "A").unwrap();
        let (other, other_pem) = Authority::generate(&mut random, NOW, 30, "A").unwrap();
        let leaf = ca.issue(&mut random, NOW, 10, "p", "10.0.0.1").unwrap();
        let foreign = other.issue(&mut random, NOW, 10, "p", "10.0.0.1").unwrap();
        let truncated = leaf.cert.replace("-----END", "AAAA\n-----END");
        let cases = [
            (ca_pem.cert.as_str(), leaf.clone()),
            (other_pem.cert.as_str(), leaf.clone()),
            (ca_pem.cert.as_str(), foreign.clone()),
            (RSA_CA, leaf.clone()),
            (
                ca_pem.cert.as_str(),
                Issued {
                    cert: leaf.cert.clone(),
                    key: foreign.key.clone(),
                },
            ),
            (
                ca_pem.cert.as_str(),
                Issued {
                    cert: leaf.cert.clone(),
                    key: ca_pem.cert.clone(),
                },
            ),
            (
                ca_pem.cert.as_str(),
                Issued {
                    cert: leaf.key.clone(),
                    key: leaf.key.clone(),
                },
            ),
            (ca_pem.key.as_str(), leaf.clone()),
            (
                ca_pem.cert.as_str(),
                Issued {
                    cert: truncated.clone(),
                    key: leaf.key.clone(),
                },
            ),
        ];
        for (i, (authority, issued)) in cases.iter().enumerate() {
            let ours = check_issued("p", authority, issued, "10.0.0.1", Some(NOW));
            let theirs = oracle::check_issued(
                "p",
                authority,
                &oracle::Issued {
                    cert: issued.cert.clone(),
                    key: issued.key.clone(),
                },
                "10.0.0.1",
                Some(NOW),
            );
            // The same problems; an unreadable PEM is named by both, in their own words.
            assert_eq!(ours.len(), theirs.len(), "case {i}: {ours:?} / {theirs:?}");
            for (a, b) in ours.iter().zip(&theirs) {
                if b.contains("BEGIN CERTIFICATE") {
                    assert!(
                        a.contains("is not a PEM certificate (BEGIN CERTIFICATE)"),
                        "{a}"
                    );
                } else {
                    assert_eq!(a, b, "case {i}");
                }
            }
        }
        assert_eq!(
            inspect("rsa", RSA_CA).map(|i| (
                i.subject,
                i.issuer,
                i.sans,
                i.not_before,
                i.not_after
            )),
            oracle::inspect("rsa", RSA_CA)
                .map(|i| (i.subject, i.issuer, i.sans, i.not_before, i.not_after))
                .map_err(|_| unreachable!())
        );
        for (cert, key) in [
            (&ca_pem.cert, &other_pem.key),
            (&ca_pem.cert, &ca_pem.cert),
            (&leaf.cert, &leaf.key),
        ] {
            assert_eq!(
                Authority::from_pem(cert, key).is_ok(),
                oracle::Authority::from_pem(cert, key).is_ok()
            );
        }
        assert!(Authority::from_pem(&ca_pem.cert, &ca_pem.key).is_ok());
        for seconds in [
            0,
            86_399,
            951_782_400,
            YEAR_2050,
            253_402_300_799,
            253_402_300_800,
        ] {
            assert_eq!(utc_date(seconds), oracle::utc_date(seconds), "{seconds}");
        }
    }
}
