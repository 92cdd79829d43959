//! Where passwords come from: a cryptographically secure random source (the OS natively,
//! `crypto.getRandomValues` in the browser) and the password alphabet.

/// Length of generated passwords (letters and digits: about 143 bits).
pub const GENERATED_PASSWORD_LEN: usize = 24;

/// A source of cryptographically secure random bytes, and of the time certificates issued with
/// them start from.
pub trait RandomSource {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError>;

    /// Seconds since 1970, when this source knows the time (issuing a certificate needs it;
    /// the browser's source is given it by the page).
    fn now_unix(&mut self) -> Option<u64> {
        None
    }
}

/// The random source could not deliver bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no secure random source available: {0}")]
pub struct RandomError(pub String);

/// The operating system's (or, in the browser, `crypto.getRandomValues`) random source.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        getrandom::getrandom(buf).map_err(|e| RandomError(e.to_string()))
    }

    /// The system clock natively; none in the browser, where `SystemTime` is not available.
    fn now_unix(&mut self) -> Option<u64> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .map(|d| d.as_secs())
        }
        #[cfg(target_arch = "wasm32")]
        {
            None
        }
    }
}

const PASSWORD_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A fresh password of letters and digits, without modulo bias.
pub fn generate_password(random: &mut dyn RandomSource) -> Result<String, RandomError> {
    let mut out = String::with_capacity(GENERATED_PASSWORD_LEN);
    let mut buf = [0u8; 64];
    // 62 * 4 = 248: bytes ≥ 248 are rejected so every character is equally likely.
    let limit = (256 / PASSWORD_ALPHABET.len() * PASSWORD_ALPHABET.len()) as u8;
    while out.len() < GENERATED_PASSWORD_LEN {
        random.fill(&mut buf)?;
        for &b in buf.iter().filter(|&&b| b < limit) {
            if out.len() == GENERATED_PASSWORD_LEN {
                break;
            }
            out.push(char::from(
                PASSWORD_ALPHABET[usize::from(b) % PASSWORD_ALPHABET.len()],
            ));
        }
    }
    Ok(out)
}
