//! The part of DER (ITU-T X.690) and PEM (RFC 7468) that this tool's certificates and keys
//! need: a writer of tag-length-value items and a strict reader of them. Written here instead
//! of taken from the `der`/`x509-cert` crates because their generic code was about a tenth of
//! the web page's download, for one fixed certificate shape.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The universal and context tags used here (all are one byte: tag numbers below 31).
pub mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const TELETEX_STRING: u8 = 0x14;
    pub const IA5_STRING: u8 = 0x16;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;
    /// `[n]` constructed (EXPLICIT), e.g. a certificate's version `[0]` and extensions `[3]`.
    pub const fn explicit(n: u8) -> u8 {
        0xa0 | n
    }
    /// `[n]` primitive (IMPLICIT), e.g. a dNSName `[2]` or iPAddress `[7]`.
    pub const fn implicit(n: u8) -> u8 {
        0x80 | n
    }
}

/// Why DER or PEM data could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DerError {
    /// The data ends inside an item.
    #[error("the data ends early")]
    Truncated,
    /// A length is indefinite, not minimal, or too large.
    #[error("a length is not in DER form")]
    Length,
    /// An item has another tag than the structure needs here.
    #[error("expected {expected}, found tag 0x{found:02x}")]
    Tag {
        /// What the structure needs, in ASN.1 words.
        expected: &'static str,
        /// The tag found instead.
        found: u8,
    },
    /// An item has the right tag but a value it cannot have.
    #[error("{0}")]
    Invalid(&'static str),
    /// More data follows a complete item.
    #[error("unexpected data after the end of {0}")]
    Trailing(&'static str),
    /// The PEM frame or its base64 text is wrong.
    #[error("PEM: {0}")]
    Pem(&'static str),
}

/// One item: its tag and its content bytes.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 4);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// A constructed item (SEQUENCE, SET, `[n]`) of already encoded parts.
pub fn constructed(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

/// A non-negative INTEGER from big-endian bytes: leading zeros dropped, one zero put back
/// where the top bit would make it negative.
pub fn unsigned_integer(bytes: &[u8]) -> Vec<u8> {
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let digits = &bytes[skip..];
    match digits.first() {
        None => tlv(tag::INTEGER, &[0]),
        Some(first) if first & 0x80 != 0 => tlv(tag::INTEGER, &[&[0], digits].concat()),
        Some(_) => tlv(tag::INTEGER, digits),
    }
}

/// A BIT STRING of whole bytes (no unused bits).
pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    tlv(tag::BIT_STRING, &[&[0], bytes].concat())
}

/// A reader of consecutive DER items.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    data: &'a [u8],
}

/// An item read: its tag, its content and the whole encoding (tag and length included).
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub encoded: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The tag of the next item, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// The next item, whatever it is.
    pub fn item(&mut self) -> Result<Item<'a>, DerError> {
        let (&tag, rest) = self.data.split_first().ok_or(DerError::Truncated)?;
        if tag & 0x1f == 0x1f {
            return Err(DerError::Invalid("tag numbers above 30 are not used here"));
        }
        let (&first, mut rest) = rest.split_first().ok_or(DerError::Truncated)?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            // 0x80 is BER's indefinite length; more than 4 length bytes is no certificate.
            if count == 0 || count > 4 || rest.len() < count {
                return Err(if rest.len() < count {
                    DerError::Truncated
                } else {
                    DerError::Length
                });
            }
            let (bytes, after) = rest.split_at(count);
            rest = after;
            let len = bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b));
            // DER: the shortest form, so a long form only from 128 on and without a zero lead.
            if len < 0x80 || bytes[0] == 0 {
                return Err(DerError::Length);
            }
            len
        };
        if rest.len() < len {
            return Err(DerError::Truncated);
        }
        let header = self.data.len() - rest.len();
        let (content, after) = rest.split_at(len);
        let encoded = &self.data[..header + len];
        self.data = after;
        Ok(Item {
            tag,
            content,
            encoded,
        })
    }

    /// The next item, which must have `tag` (`expected` names it for the error).
    pub fn expect(&mut self, tag: u8, expected: &'static str) -> Result<Item<'a>, DerError> {
        let item = self.item()?;
        if item.tag != tag {
            return Err(DerError::Tag {
                expected,
                found: item.tag,
            });
        }
        Ok(item)
    }

    /// The next item if it has `tag`; nothing (and nothing read) otherwise.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Item<'a>>, DerError> {
        if self.peek_tag() == Some(tag) {
            self.item().map(Some)
        } else {
            Ok(None)
        }
    }

    /// The content of the next item, a constructed one with `tag`, as a reader of its own.
    pub fn nested(&mut self, tag: u8, expected: &'static str) -> Result<Reader<'a>, DerError> {
        Ok(Reader::new(self.expect(tag, expected)?.content))
    }

    /// Nothing may follow: `what` names the structure for the error.
    pub fn finish(&self, what: &'static str) -> Result<(), DerError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(DerError::Trailing(what))
        }
    }
}

/// The bytes of a BIT STRING's content that has no unused bits.
pub fn whole_bytes(bit_string_content: &[u8]) -> Result<&[u8], DerError> {
    match bit_string_content.split_first() {
        Some((0, bytes)) => Ok(bytes),
        _ => Err(DerError::Invalid(
            "a key or signature BIT STRING has unused bits",
        )),
    }
}

/// The big-endian magnitude of a non-negative DER INTEGER (minimal form, as DER requires).
pub fn unsigned_magnitude(content: &[u8]) -> Result<&[u8], DerError> {
    match content {
        [] => Err(DerError::Invalid("an INTEGER is empty")),
        [first, ..] if first & 0x80 != 0 => Err(DerError::Invalid("an INTEGER is negative")),
        [0, second, ..] if second & 0x80 == 0 => {
            Err(DerError::Invalid("an INTEGER is not in its shortest form"))
        }
        [0, rest @ ..] => Ok(rest),
        _ => Ok(content),
    }
}

/// PEM text of `der` with `label` (`CERTIFICATE`, `PRIVATE KEY`): 64 base64 characters a
/// line, LF line ends, a final LF.
pub fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        // base64 is ASCII, so every chunk is text.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The DER inside PEM text with `label`; the text is one PEM block without headers, line
/// breaks LF or CRLF.
pub fn from_pem(label: &str, text: &str) -> Result<Vec<u8>, DerError> {
    let text = text.trim();
    let body = text
        .strip_prefix("-----BEGIN ")
        .and_then(|t| t.strip_prefix(label))
        .and_then(|t| t.strip_prefix("-----"))
        .ok_or(DerError::Pem(
            "the text does not begin with the expected BEGIN line",
        ))?;
    let body = body
        .strip_suffix("-----")
        .and_then(|t| t.strip_suffix(label))
        .and_then(|t| t.strip_suffix("-----END "))
        .ok_or(DerError::Pem(
            "the text does not end with the expected END line",
        ))?;
    if body.contains(':') || body.contains('-') {
        return Err(DerError::Pem("headers or a second block are not allowed"));
    }
    let base64: Vec<u8> = body
        .bytes()
        .filter(|b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .collect();
    STANDARD
        .decode(base64)
        .map_err(|_| DerError::Pem("the text between BEGIN and END is not base64"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_written_and_read_in_their_shortest_form() {
        for len in [0usize, 1, 127, 128, 255, 256, 65_535, 65_536] {
            let item = tlv(tag::OCTET_STRING, &vec![7; len]);
            let mut reader = Reader::new(&item);
            let read = reader.item().unwrap();
            assert_eq!(read.content.len(), len);
            assert_eq!(read.encoded, item.as_slice());
            assert!(reader.is_empty());
        }
        // Indefinite, non-minimal and truncated lengths are refused.
        for bad in [
            &[0x04, 0x80][..],
            &[0x04, 0x81, 0x05, 1, 2, 3, 4, 5],
            &[0x04, 0x82, 0x00, 0x90],
            &[0x04, 5, 1],
        ] {
            assert!(Reader::new(bad).item().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn integers_round_trip() {
        assert_eq!(unsigned_integer(&[0, 0, 5]), [2, 1, 5]);
        assert_eq!(unsigned_integer(&[0x80]), [2, 2, 0, 0x80]);
        assert_eq!(unsigned_integer(&[0, 0]), [2, 1, 0]);
        assert_eq!(unsigned_magnitude(&[0, 0x80]).unwrap(), [0x80]);
        assert!(unsigned_magnitude(&[0, 0x7f]).is_err());
        assert!(unsigned_magnitude(&[0xff]).is_err());
    }

    #[test]
    fn pem_round_trips_and_refuses_another_label() {
        let der: Vec<u8> = (0..=255).collect();
        let text = pem("CERTIFICATE", &der);
        assert!(text.lines().all(|l| l.len() <= 64));
        assert_eq!(from_pem("CERTIFICATE", &text).unwrap(), der);
        assert_eq!(
            from_pem("CERTIFICATE", &text.replace('\n', "\r\n")).unwrap(),
            der
        );
        assert!(from_pem("PRIVATE KEY", &text).is_err());
        assert!(from_pem("CERTIFICATE", "x").is_err());
    }
}
