//! Bundle → zip bytes, byte-identical for the same bundle (fixed timestamps and permissions),
//! and back ([`from_zip`]). The zip format is written and read here, not by a zip library: the
//! web page carries only what a bundle needs (about 20 KB gzip less); the zip crate stays the
//! tests' oracle.

mod crc32;
mod read;

pub use read::from_zip;

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use flate2::{Compress, Compression, FlushCompress, Status};

use crate::generator::bundle::Bundle;
use crate::generator::limits::LimitError;
use crc32::crc32;

/// Writing or reading a zip failed.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The archive is not a zip, or an entry of it cannot be read.
    #[error("zip archive, {file}: {reason}")]
    Zip {
        /// The entry concerned (`(archive)` for the archive as a whole).
        file: String,
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// Reading or writing bytes failed.
    #[error("i/o error in {file}: {source}")]
    Io {
        /// The entry concerned.
        file: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An entry is not UTF-8 text.
    #[error("{0} is not a text file")]
    NotText(String),
    /// The archive is larger, or has more files, than a bundle can have.
    #[error("{0}; it is not a bundle")]
    Limit(#[from] LimitError),
}

/// Packs the bundle. Same bundle → same bytes.
///
/// The bytes are exactly those of the zip crate writing every file in path order, deflated at
/// [`DEFLATE_LEVEL`], dated 1980-01-01 00:00 with mode 644 (755 for scripts) (the tests compare
/// the two; ZIP64 end records when there are 65535 entries or more), written faster: every party chart repeats the same templates, so
/// each distinct body is deflated once (a 200-party bundle deflates ~800 bodies, not ~7000), on
/// every core, and its deflated bytes are copied under every name that uses it.
pub fn to_zip(bundle: &Bundle) -> Result<Vec<u8>, ArchiveError> {
    let ahead = Deflated::default();
    let zip = ZipPlan::new(bundle, &ahead)?;
    let mut out = Vec::with_capacity(zip.size());
    zip.write_to(&mut out).map_err(|source| ArchiveError::Io {
        file: "(archive)".to_owned(),
        source,
    })?;
    Ok(out)
}

/// Bodies deflated ahead of time, such as the chart sources while the bundle that repeats them is
/// being generated. [`ZipPlan::new`] takes a file's deflated body from here when it is one of
/// them (compared in full).
#[derive(Default)]
pub struct Deflated<'a> {
    bodies: Vec<(Cow<'a, str>, Packed)>,
    /// Indices into `bodies` by sampled hash.
    by_hash: HashMap<u64, Vec<usize>, BuildHasherDefault<KeyHasher>>,
    /// The deflate state these were made with, for `ZipPlan::new` to take over (it is a third of
    /// a megabyte, zeroed).
    spare: Mutex<Option<Compress>>,
}

impl<'a> Deflated<'a> {
    /// Deflates `bodies` one by one on the calling thread, until they are done or `stop` is set
    /// (checked before each body is taken, so a body computed on demand is not computed in vain).
    pub fn new(bodies: impl IntoIterator<Item = Cow<'a, str>>, stop: &AtomicBool) -> Self {
        let mut deflated = Deflated::default();
        let mut compress = None;
        let mut bodies = bodies.into_iter();
        while !stop.load(Ordering::Relaxed) {
            let Some(body) = bodies.next() else {
                break;
            };
            let key = BodyKey::new(&body);
            if deflated.get(&key).is_some() {
                continue;
            }
            let compress = compress.get_or_insert_with(new_compress);
            // A body that fails here fails again in `ZipPlan::new`, which names its file.
            if let Ok(packed) = pack(compress, body.as_bytes()) {
                let hash = key.hash;
                deflated
                    .by_hash
                    .entry(hash)
                    .or_default()
                    .push(deflated.bodies.len());
                deflated.bodies.push((body, packed));
            }
        }
        deflated.spare = Mutex::new(compress);
        deflated
    }

    /// How many distinct bodies are deflated.
    pub fn count(&self) -> usize {
        self.bodies.len()
    }

    fn get(&self, key: &BodyKey<'_>) -> Option<&Packed> {
        self.by_hash
            .get(&key.hash)?
            .iter()
            .map(|&i| &self.bodies[i])
            .find(|(body, _)| body == key.body)
            .map(|(_, packed)| packed)
    }
}

/// A bundle's zip, ready to be written: every distinct body deflated once.
pub struct ZipPlan<'a> {
    /// Path, executable, index of the body; in path order.
    entries: Vec<(&'a str, bool, usize)>,
    bodies: Vec<Body<'a>>,
    size: usize,
}

enum Body<'a> {
    Ahead(&'a Packed),
    Own(Packed),
}

impl Body<'_> {
    fn get(&self) -> &Packed {
        match self {
            Body::Ahead(packed) => packed,
            Body::Own(packed) => packed,
        }
    }
}

type Job<'a> = (usize, &'a str, &'a str);

impl<'a> ZipPlan<'a> {
    /// Deflates every distinct body of `bundle` that `ahead` does not hold. This thread finds the
    /// distinct bodies while the other cores (none in the browser, nor for a small bundle)
    /// deflate those found so far; then it deflates too.
    pub fn new(bundle: &'a Bundle, ahead: &'a Deflated<'a>) -> Result<Self, ArchiveError> {
        let mut entries = Vec::with_capacity(bundle.files.len());
        let mut bodies: Vec<Option<Body<'a>>> = Vec::new();
        let mut index: HashMap<BodyKey<'a>, usize, BuildHasherDefault<KeyHasher>> =
            HashMap::with_capacity_and_hasher(bundle.files.len(), Default::default());
        let (jobs, queue) = mpsc::channel::<Job<'a>>();
        let queue = Mutex::new(queue);
        let parts = std::thread::scope(|scope| {
            // A thread that cannot be started leaves its share to the others.
            let helpers: Vec<_> = (1..workers(bundle))
                .filter_map(|_| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, || deflate_queue(&queue, &ahead.spare))
                        .ok()
                })
                .collect();
            for (path, file) in &bundle.files {
                let key = BodyKey::new(&file.contents);
                let next = bodies.len();
                let i = *index.entry(key).or_insert(next);
                if i == next {
                    if let Some(packed) = ahead.get(&key) {
                        bodies.push(Some(Body::Ahead(packed)));
                    } else {
                        bodies.push(None);
                        // The receiver lives until the scope ends; a lost job is caught below.
                        let _ = jobs.send((i, path.as_str(), file.contents.as_str()));
                    }
                }
                entries.push((path.as_str(), file.executable, i));
            }
            drop(jobs);
            let mut parts = vec![deflate_queue(&queue, &ahead.spare)];
            for helper in helpers {
                parts.push(
                    helper
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            parts
        });
        for part in parts {
            for (i, packed) in part? {
                bodies[i] = Some(Body::Own(packed));
            }
        }
        let bodies = bodies
            .into_iter()
            .collect::<Option<Vec<Body<'a>>>>()
            .ok_or_else(|| ArchiveError::Io {
                file: "(archive)".to_owned(),
                source: std::io::Error::other("a body was not deflated"),
            })?;
        let names: usize = entries.iter().map(|(path, _, _)| path.len()).sum();
        let data: usize = entries
            .iter()
            .map(|&(_, _, i)| bodies[i].get().data.len())
            .sum();
        let mut size = entries.len() * (LOCAL_HEADER + CENTRAL_HEADER) + 2 * names + data + END;
        if needs_zip64_end(entries.len()) {
            size += END64 + END64_LOCATOR;
        }
        if size >= u32::MAX as usize {
            // Offsets this large need ZIP64 fields in every header; no bundle within the
            // limits on parties comes near.
            return Err(ArchiveError::Zip {
                file: "(archive)".to_owned(),
                reason: "the bundle is 4 GiB or larger, more than its zip can hold",
            });
        }
        Ok(ZipPlan {
            entries,
            bodies,
            size,
        })
    }

    /// The size of the zip in bytes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Writes the zip: each entry's header and deflated body, the central directory, its end.
    pub fn write_to(&self, mut out: impl Write) -> std::io::Result<()> {
        let mut header = Vec::with_capacity(LOCAL_HEADER + 256);
        let mut central =
            Vec::with_capacity(self.entries.len() * CENTRAL_HEADER + self.size / 16 + END);
        let mut offset = 0;
        for &(path, executable, i) in &self.entries {
            let body = self.bodies[i].get();
            header.clear();
            local_header(&mut header, path, body);
            out.write_all(&header)?;
            out.write_all(&body.data)?;
            central_header(&mut central, path, executable, body, offset as u32);
            offset += header.len() + body.data.len();
        }
        let count = self.entries.len();
        let central_size = central.len();
        if needs_zip64_end(count) {
            // APPNOTE 4.3.14 and 4.3.15: the entry count in full, then where to find it.
            let end64 = offset + central_size;
            put32(&mut central, 0x0606_4b50);
            put64(&mut central, (END64 - 12) as u64); // the record's size after this field
            put16(&mut central, VERSION_MADE_BY_ZIP64);
            put16(&mut central, VERSION_NEEDED_ZIP64);
            put32(&mut central, 0); // this disk
            put32(&mut central, 0); // disk with the central directory
            put64(&mut central, count as u64);
            put64(&mut central, count as u64);
            put64(&mut central, central_size as u64);
            put64(&mut central, offset as u64);
            put32(&mut central, 0x0706_4b50);
            put32(&mut central, 0); // disk with the ZIP64 end record
            put64(&mut central, end64 as u64);
            put32(&mut central, 1); // disks in all
        }
        let entries = u16::try_from(count).unwrap_or(u16::MAX);
        put32(&mut central, 0x0605_4b50); // end of central directory
        put16(&mut central, 0); // this disk
        put16(&mut central, 0); // disk with the central directory
        put16(&mut central, entries);
        put16(&mut central, entries);
        put32(&mut central, central_size as u32);
        put32(&mut central, offset as u32);
        put16(&mut central, 0); // comment length
        debug_assert_eq!(offset + central.len(), self.size);
        out.write_all(&central)
    }
}

// The fields written for these entries (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16, 4.3.14, 4.3.15).
const LOCAL_HEADER: usize = 30;
const CENTRAL_HEADER: usize = 46;
const END: usize = 22;
const END64: usize = 56;
const END64_LOCATOR: usize = 20;
/// Whether the entry count needs the ZIP64 end records: the plain record holds up to 65534
/// (65535 means "see the ZIP64 record"), as the zip crate decides it.
fn needs_zip64_end(entries: usize) -> bool {
    entries >= 0xFFFF
}
/// Version 4.5 (ZIP64), for the ZIP64 end record.
const VERSION_NEEDED_ZIP64: u16 = 45;
const VERSION_MADE_BY_ZIP64: u16 = 0x0300 | VERSION_NEEDED_ZIP64;
/// Version 2.0 (deflate), needed to extract.
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3), version 2.0.
const VERSION_MADE_BY: u16 = 0x0300 | VERSION_NEEDED;
const DEFLATED: u16 = 8;
/// MS-DOS time and date of 1980-01-01 00:00:00 (`DateTime::default()`).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// General purpose bit 11: the name is UTF-8 (set only for a name that is not ASCII).
const UTF8_NAME: u16 = 1 << 11;
/// Regular file (`S_IFREG`) with its permissions, in the high half of the external attributes.
const S_IFREG: u32 = 0o100_000;

/// One distinct body, deflated.
struct Packed {
    crc: u32,
    size: u32,
    data: Vec<u8>,
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn flags(path: &str) -> u16 {
    if path.is_ascii() {
        0
    } else {
        UTF8_NAME
    }
}

/// The fields a local header and its central-directory entry share, from "version needed"
/// to the extra field length (APPNOTE 4.3.7 and 4.3.12 list them in the same order).
fn shared_fields(out: &mut Vec<u8>, path: &str, body: &Packed) {
    put16(out, VERSION_NEEDED);
    put16(out, flags(path));
    put16(out, DEFLATED);
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, body.crc);
    put32(out, body.data.len() as u32);
    put32(out, body.size);
    put16(out, path.len() as u16);
    put16(out, 0); // extra field length
}

fn local_header(out: &mut Vec<u8>, path: &str, body: &Packed) {
    put32(out, 0x0403_4b50);
    shared_fields(out, path, body);
    out.extend_from_slice(path.as_bytes());
}

fn central_header(out: &mut Vec<u8>, path: &str, executable: bool, body: &Packed, offset: u32) {
    let mode = S_IFREG | if executable { 0o755 } else { 0o644 };
    put32(out, 0x0201_4b50);
    put16(out, VERSION_MADE_BY);
    shared_fields(out, path, body);
    put16(out, 0); // comment length
    put16(out, 0); // disk number
    put16(out, 0); // internal attributes
    put32(out, mode << 16);
    put32(out, offset);
    out.extend_from_slice(path.as_bytes());
}

/// A body with a cheap hash of it. Equal bodies have equal hashes; keys are equal only when the
/// bodies are, so a hash collision costs one comparison, never a wrong entry.
#[derive(Clone, Copy)]
struct BodyKey<'a> {
    hash: u64,
    body: &'a str,
}

impl<'a> BodyKey<'a> {
    fn new(body: &'a str) -> Self {
        BodyKey {
            hash: sample_hash(body.as_bytes()),
            body,
        }
    }
}

impl Hash for BodyKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for BodyKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.body == other.body
    }
}

impl Eq for BodyKey<'_> {}

/// Hands `BodyKey`'s already mixed hash through (no SipHash over it).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = mix(self.0, u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The length and up to `SAMPLES` 8-byte words spread over the body (all of a short body).
fn sample_hash(body: &[u8]) -> u64 {
    const SAMPLES: usize = 8;
    fn word(bytes: &[u8]) -> u64 {
        let mut buf = [0u8; 8];
        buf[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(buf)
    }
    let mut hash = body.len() as u64;
    if body.len() <= 8 * SAMPLES {
        for chunk in body.chunks(8) {
            hash = mix(hash, word(chunk));
        }
    } else {
        let stride = body.len() / SAMPLES;
        for k in 0..SAMPLES {
            hash = mix(hash, word(&body[k * stride..k * stride + 8]));
        }
        hash = mix(hash, word(&body[body.len() - 8..]));
    }
    // Spread the bits for the map's buckets (the splitmix64 finaliser).
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// Below this many bytes in a bundle, one thread deflates faster than several start.
const PARALLEL_MIN_BYTES: usize = 256 * 1024;
const MAX_WORKERS: usize = 8;

fn workers(bundle: &Bundle) -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    let bytes: usize = bundle.files.values().map(|f| f.contents.len()).sum();
    if bytes < PARALLEL_MIN_BYTES {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WORKERS))
}

/// Deflate level of every entry. The party charts repeat the same documented values.yaml
/// comments; at the default level 6 the CLI's 60-party zip took about 0.033 s instead of
/// 0.023 s (benches/vs-kubefate.sh) for an archive about a sixth smaller (2.3 MB, not 2.7 MB).
pub const DEFLATE_LEVEL: u32 = 1;

/// Output buffer of flate2's writer, which the zip crate deflates through.
const ENCODER_BUFFER: usize = 32 * 1024;

fn new_compress() -> Compress {
    Compress::new(Compression::new(DEFLATE_LEVEL), false)
}

/// Deflates the bodies sent to `queue` until its sender is gone, with one deflate state (the
/// `spare` one if it is still there).
fn deflate_queue(
    queue: &Mutex<mpsc::Receiver<Job<'_>>>,
    spare: &Mutex<Option<Compress>>,
) -> Result<Vec<(usize, Packed)>, ArchiveError> {
    let mut compress = None;
    let mut done = Vec::new();
    loop {
        let job = queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .recv();
        let Ok((i, path, body)) = job else {
            return Ok(done);
        };
        let compress = compress.get_or_insert_with(|| {
            spare
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
                .unwrap_or_else(new_compress)
        });
        let packed = pack(compress, body.as_bytes()).map_err(|source| ArchiveError::Io {
            file: path.to_owned(),
            source,
        })?;
        done.push((i, packed));
    }
}

/// Deflates `body` as the zip crate's encoder does: all the input with no flush, then finish.
fn pack(compress: &mut Compress, body: &[u8]) -> std::io::Result<Packed> {
    let size = u32::try_from(body.len())
        .map_err(|_| std::io::Error::other("larger than 4 GiB; a zip entry cannot hold it"))?;
    compress.reset();
    let mut data = Vec::with_capacity(body.len() / 2 + 64);
    // The zip crate's encoder deflates into a 32 KiB buffer it empties before every call, and
    // at fast levels where blocks end depends on that room: give each call the same room.
    let mut room = Vec::with_capacity(ENCODER_BUFFER);
    let mut finishing = false;
    loop {
        room.clear();
        let consumed = compress.total_in() as usize;
        finishing |= consumed == body.len();
        let (input, flush) = if finishing {
            (&[][..], FlushCompress::Finish)
        } else {
            (&body[consumed..], FlushCompress::None)
        };
        let before = (compress.total_in(), compress.total_out());
        let status = compress
            .compress_vec(input, &mut room, flush)
            .map_err(std::io::Error::other)?;
        data.extend_from_slice(&room);
        if finishing && status == Status::StreamEnd {
            break;
        }
        if before == (compress.total_in(), compress.total_out()) {
            return Err(std::io::Error::other("deflate made no progress"));
        }
    }
    Ok(Packed {
        crc: crc32(body),
        size,
        data,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write as _};

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime, ZipWriter};

    use super::*;
    use crate::generator::bundle::BundleFile;

    /// The reference packing: the zip crate writing every file, in path order, deflated at
    /// [`DEFLATE_LEVEL`], dated 1980-01-01 00:00 with mode 644 (755 for scripts).
    fn plain_zip(bundle: &Bundle) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for (path, file) in &bundle.files {
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(i64::from(DEFLATE_LEVEL)))
                .last_modified_time(DateTime::default())
                .unix_permissions(if file.executable { 0o755 } else { 0o644 });
            writer.start_file(path.as_str(), options).unwrap();
            writer.write_all(file.contents.as_bytes()).unwrap();
        }
        let cursor = writer.finish().unwrap();
        cursor.into_inner()
    }

    use crate::generator::config::{Config, Party};
    use crate::generator::{generate, Federation, OsRandom};

    fn bundle(files: &[(&str, &str, bool)]) -> Bundle {
        let mut bundle = Bundle::default();
        for &(path, contents, executable) in files {
            bundle.files.insert(
                path.to_owned(),
                BundleFile {
                    contents: contents.to_owned(),
                    executable,
                },
            );
        }
        bundle
    }

    /// Text that deflate cannot shrink much, from a fixed xorshift sequence.
    fn noise(len: usize, mut state: u64) -> String {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from(b' ' + (state % 95) as u8)
            })
            .collect()
    }

    fn generated(parties: usize) -> Bundle {
        let mut config = Config::example();
        config.parties = (0..parties)
            .map(|i| Party {
                id: (10000 + i).to_string(),
                address: format!("10.0.0.{}", 10 + i),
                node_port: Some(30100 + i as u32),
                namespace: None,
                fateboard_host: None,
                placement: None,
                dmz: None,
            })
            .collect();
        generate(&Federation::new(&config, &mut OsRandom).unwrap())
    }

    #[test]
    fn gives_the_bytes_of_the_plain_zip_writer() {
        let big = noise(300_000, 7);
        let text = "apiVersion: v1\nkind: ConfigMap\n".repeat(5000);
        // 2000 bytes: the sampled words are at multiples of 2000 / 8 and at the end.
        let alike_a = format!("{}A{}", "x".repeat(1100), "y".repeat(899));
        let alike_b = format!("{}B{}", "x".repeat(1100), "y".repeat(899));
        assert_eq!(
            sample_hash(alike_a.as_bytes()),
            sample_hash(alike_b.as_bytes())
        );
        let cases = [
            bundle(&[]),
            bundle(&[("empty", "", false)]),
            bundle(&[("a.txt", "hello\n", false), ("run.sh", "#!/bin/sh\n", true)]),
            // The same body under several names, as a file and as a script.
            bundle(&[
                ("a/x.yaml", "same body\n", false),
                ("b/x.yaml", "same body\n", false),
                ("c/x.sh", "same body\n", true),
                ("d/other", "other body\n", false),
            ]),
            // Bodies that agree on every sampled word but differ elsewhere.
            bundle(&[
                ("1", &alike_a, false),
                ("2", &alike_b, false),
                ("3", &alike_a, false),
            ]),
            bundle(&[("ünïcode/名前.txt", "utf-8 name\n", false)]),
            // Bodies above the encoder's buffers and its block size, on several threads.
            bundle(&[
                ("big", &big, false),
                ("big-copy", &big, true),
                ("text", &text, false),
                ("small", "small\n", false),
            ]),
            generated(2),
            generated(25),
        ];
        for (n, case) in cases.iter().enumerate() {
            let fast = to_zip(case).unwrap();
            assert!(
                fast == plain_zip(case),
                "case {n}: to_zip differs from the plain zip writer"
            );
            assert_eq!(&from_zip(&fast).unwrap(), case, "case {n}: round trip");
        }
    }

    #[test]
    fn deflates_each_distinct_body_once() {
        let case = generated(3);
        let none = Deflated::default();
        let plan = ZipPlan::new(&case, &none).unwrap();
        let distinct: std::collections::BTreeSet<&str> =
            case.files.values().map(|f| f.contents.as_str()).collect();
        assert_eq!(plan.bodies.len(), distinct.len());
        assert!(
            plan.bodies.len() < case.files.len(),
            "party charts share templates"
        );
        assert_eq!(plan.entries.len(), case.files.len());
        for (&(path, executable, i), (name, file)) in plan.entries.iter().zip(&case.files) {
            assert_eq!((path, executable), (name.as_str(), file.executable));
            let body = plan.bodies[i].get();
            assert_eq!(
                (body.crc, body.size as usize),
                (crc32(file.contents.as_bytes()), file.contents.len()),
                "{path}"
            );
        }
    }

    #[test]
    fn bodies_deflated_ahead_are_used_and_change_no_byte() {
        let case = generated(4);
        // Borrowed chart sources, a values.yaml as an owned copy, a body the bundle lacks, and a
        // repeated one.
        let values = case.get("fate-10001/values.yaml").unwrap().to_owned();
        let ahead_bodies = || {
            crate::generator::charts::sources("fate1", crate::generator::charts::ChartKind::Party)
                .map(|(_, text)| Cow::Borrowed(text))
                .chain([
                    Cow::Owned(values.clone()),
                    Cow::Borrowed("not in the bundle"),
                    Cow::Owned(values.clone()),
                ])
        };
        let ahead = Deflated::new(ahead_bodies(), &AtomicBool::new(false));
        assert_eq!(
            ahead.count(),
            ahead_bodies().count() - 1,
            "each distinct body once"
        );
        let plan = ZipPlan::new(&case, &ahead).unwrap();
        let used = plan
            .bodies
            .iter()
            .filter(|b| matches!(b, Body::Ahead(_)))
            .count();
        let sources =
            crate::generator::charts::sources("fate1", crate::generator::charts::ChartKind::Party)
                .filter(|(path, _)| !path.starts_with("helm2/"))
                .count();
        assert_eq!(
            used,
            sources + 1,
            "the sources and the values.yaml taken from ahead"
        );
        let mut bytes = Vec::new();
        plan.write_to(&mut bytes).unwrap();
        assert_eq!(bytes.len(), plan.size());
        assert!(bytes == plain_zip(&case));

        let stopped = Deflated::new(ahead_bodies(), &AtomicBool::new(true));
        assert_eq!(stopped.count(), 0, "nothing deflated once stopped");
    }

    /// From 65535 entries the end of the archive has ZIP64 records (as Python's zipfile decides;
    /// the zip crate waits one entry longer and fills in their fields differently): the zip
    /// crate's reader and ours find every entry. Below that the bytes are the zip crate's.
    #[test]
    fn from_65535_entries_the_end_has_zip64_records_readers_find() {
        assert!(!needs_zip64_end(0xFFFE));
        assert!(needs_zip64_end(0xFFFF));
        for count in [0xFFFE, 0xFFFF, 70_000] {
            let mut case = Bundle::default();
            for i in 0..count {
                case.files.insert(
                    format!("{i:05}"),
                    BundleFile {
                        contents: format!("{}\n", i % 7),
                        executable: i % 2 == 0,
                    },
                );
            }
            let bytes = to_zip(&case).unwrap();
            if count < 0xFFFF {
                assert!(
                    bytes == plain_zip(&case),
                    "{count} entries: differs from the zip crate"
                );
            } else {
                assert!(
                    bytes.windows(4).any(|w| w == [0x50, 0x4b, 0x06, 0x06]),
                    "{count}: no ZIP64 record"
                );
            }
            let mut oracle = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
            assert_eq!(oracle.len(), count);
            let mut last = String::new();
            std::io::Read::read_to_string(&mut oracle.by_index(count - 1).unwrap(), &mut last)
                .unwrap();
            assert_eq!(last, format!("{}\n", (count - 1) % 7));
            assert_eq!(
                from_zip(&bytes).unwrap(),
                case,
                "{count} entries: round trip"
            );
        }
    }
}
