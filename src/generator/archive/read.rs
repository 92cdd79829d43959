//! Reading a zip back into a bundle: the central directory (ZIP64 records too), then each
//! entry stored or deflated, its checksum checked. Enough for every zip a bundle can come back
//! as (ours, or re-packed by an archiver with data descriptors or ZIP64 fields); encrypted
//! entries and other compression methods are refused by name. Bounded by [`limits`] before
//! anything is inflated, and never past [`MAX_UNPACKED_BYTES`] in all.

use flate2::{Decompress, FlushDecompress, Status};

use super::crc32::crc32;
use crate::generator::bundle::{Bundle, BundleFile};
use crate::generator::limits::{self, Counted, LimitError, Source, MAX_UNPACKED_BYTES};

use super::ArchiveError;

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
const END64: u32 = 0x0606_4b50;
const END64_LOCATOR: u32 = 0x0706_4b50;
/// The ZIP64 extended information extra field (APPNOTE 4.5.3).
const ZIP64_EXTRA: u16 = 0x0001;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;
const ENCRYPTED: u16 = 1;
/// End of central directory record without its comment; the comment is at most 65535 bytes.
const END_LEN: usize = 22;

/// Little-endian fields of `bytes` from `at`; running past the end is an error, not a panic.
struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Fields<'a> {
    fn at(bytes: &'a [u8], at: usize) -> Fields<'a> {
        Fields { bytes, at }
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], &'static str> {
        let end = self
            .at
            .checked_add(len)
            .ok_or("a length runs past the end")?;
        let part = self
            .bytes
            .get(self.at..end)
            .ok_or("the archive is cut short")?;
        self.at = end;
        Ok(part)
    }

    fn u16(&mut self) -> Result<u16, &'static str> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, &'static str> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, &'static str> {
        let b = self.take(8)?;
        let mut word = [0; 8];
        word.copy_from_slice(b);
        Ok(u64::from_le_bytes(word))
    }
}

fn damaged(file: impl Into<String>, reason: &'static str) -> ArchiveError {
    ArchiveError::Zip {
        file: file.into(),
        reason,
    }
}

/// Where the central directory is and how many entries it lists.
struct Directory {
    entries: u64,
    offset: u64,
}

fn find_directory(bytes: &[u8]) -> Result<Directory, &'static str> {
    let earliest = bytes.len().saturating_sub(END_LEN + usize::from(u16::MAX));
    let end = (earliest..=bytes.len().saturating_sub(END_LEN))
        .rev()
        .find(|&at| bytes[at..].starts_with(&END.to_le_bytes()))
        .ok_or("not a zip archive (no end of central directory)")?;
    let mut fields = Fields::at(bytes, end + 10);
    let entries = fields.u16()?;
    let _size = fields.u32()?;
    let offset = fields.u32()?;
    // ZIP64: the record's fields are maxed out and a locator precedes it.
    let locator = end.checked_sub(20);
    let zip64 = locator.filter(|&at| bytes[at..].starts_with(&END64_LOCATOR.to_le_bytes()));
    if let Some(at) = zip64 {
        let mut locator = Fields::at(bytes, at + 8);
        let record = usize::try_from(locator.u64()?).map_err(|_| "a ZIP64 offset is too large")?;
        let mut fields = Fields::at(bytes, record);
        if fields.u32()? != END64 {
            return Err("the ZIP64 end record is missing");
        }
        fields.take(8 + 2 + 2 + 4 + 4 + 8)?;
        let entries = fields.u64()?;
        let _size = fields.u64()?;
        let offset = fields.u64()?;
        return Ok(Directory { entries, offset });
    }
    Ok(Directory {
        entries: u64::from(entries),
        offset: u64::from(offset),
    })
}

/// One central directory entry.
struct Entry {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    packed: u64,
    size: u64,
    local: u64,
    executable: bool,
}

fn central_entry(fields: &mut Fields<'_>) -> Result<Entry, &'static str> {
    if fields.u32()? != CENTRAL {
        return Err("a central directory entry is damaged");
    }
    let made_by = fields.u16()?;
    let _needed = fields.u16()?;
    let flags = fields.u16()?;
    let method = fields.u16()?;
    let _time = fields.u32()?;
    let crc = fields.u32()?;
    let mut packed = u64::from(fields.u32()?);
    let mut size = u64::from(fields.u32()?);
    let name_len = usize::from(fields.u16()?);
    let extra_len = usize::from(fields.u16()?);
    let comment_len = usize::from(fields.u16()?);
    let _disk = fields.u16()?;
    let _internal = fields.u16()?;
    let external = fields.u32()?;
    let mut local = u64::from(fields.u32()?);
    let name = String::from_utf8_lossy(fields.take(name_len)?).into_owned();
    let mut extra = Fields::at(fields.take(extra_len)?, 0);
    // The ZIP64 field holds, in this order, only the values maxed out above.
    while extra.at + 4 <= extra.bytes.len() {
        let id = extra.u16()?;
        let len = usize::from(extra.u16()?);
        let mut field = Fields::at(extra.take(len)?, 0);
        if id == ZIP64_EXTRA {
            for value in [&mut size, &mut packed, &mut local] {
                if *value == u64::from(u32::MAX) {
                    *value = field.u64()?;
                }
            }
        }
    }
    fields.take(comment_len)?;
    // Unix permissions are in the high half of the external attributes of a zip made on Unix.
    let executable = made_by >> 8 == 3 && (external >> 16) & 0o111 != 0;
    Ok(Entry {
        name,
        flags,
        method,
        crc,
        packed,
        size,
        local,
        executable,
    })
}

/// The entry's packed bytes: after its local header, whose name and extra field lengths may
/// differ from the central directory's.
fn packed_bytes<'a>(bytes: &'a [u8], entry: &Entry) -> Result<&'a [u8], &'static str> {
    let at = usize::try_from(entry.local).map_err(|_| "an entry offset is too large")?;
    let mut fields = Fields::at(bytes, at);
    if fields.u32()? != LOCAL {
        return Err("an entry's local header is damaged");
    }
    fields.take(22)?;
    let name_len = usize::from(fields.u16()?);
    let extra_len = usize::from(fields.u16()?);
    fields.take(name_len + extra_len)?;
    let len = usize::try_from(entry.packed).map_err(|_| "an entry is too large")?;
    fields.take(len)
}

/// Inflates `packed`, at most `budget` bytes of output (one more shows the budget is spent).
fn inflate(packed: &[u8], budget: u64) -> Result<Vec<u8>, &'static str> {
    let cap = usize::try_from(budget.min(u64::from(u32::MAX))).unwrap_or(usize::MAX);
    let mut out = Vec::with_capacity(packed.len().saturating_mul(4).min(cap));
    let mut inflater = Decompress::new(false);
    loop {
        if out.len() == out.capacity() {
            if out.len() >= cap {
                // One byte past the budget: the caller reports the limit.
                out.reserve(1);
            } else {
                out.reserve((out.len().max(4096)).min(cap - out.len()));
            }
        }
        let consumed = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX);
        let before = (inflater.total_in(), out.len());
        let status = inflater
            .decompress_vec(
                packed.get(consumed..).unwrap_or(&[]),
                &mut out,
                FlushDecompress::None,
            )
            .map_err(|_| "a deflated entry is damaged")?;
        if status == Status::StreamEnd {
            return Ok(out);
        }
        if out.len() as u64 > budget {
            return Ok(out);
        }
        if before == (inflater.total_in(), out.len()) && out.len() < out.capacity() {
            return Err("a deflated entry is cut short");
        }
    }
}

/// Reads a zip back into a bundle (to re-import a downloaded bundle). Directories are skipped.
pub fn from_zip(bytes: &[u8]) -> Result<Bundle, ArchiveError> {
    limits::check_size(Source::Zip, bytes.len(), limits::MAX_ZIP_BYTES)?;
    let directory = find_directory(bytes).map_err(|reason| damaged("(archive)", reason))?;
    let count = usize::try_from(directory.entries).unwrap_or(usize::MAX);
    limits::check_count(
        Source::Zip,
        Counted::ZipEntries,
        count,
        limits::MAX_ZIP_ENTRIES,
    )?;
    let start = usize::try_from(directory.offset)
        .map_err(|_| damaged("(archive)", "the central directory offset is too large"))?;
    let mut fields = Fields::at(bytes, start);
    let mut bundle = Bundle::default();
    let mut total: u64 = 0;
    for index in 0..count {
        let entry = central_entry(&mut fields)
            .map_err(|reason| damaged(format!("entry {index}"), reason))?;
        if entry.name.ends_with('/') {
            continue;
        }
        let name = entry.name.clone();
        if entry.flags & ENCRYPTED != 0 {
            return Err(damaged(name, "the entry is encrypted"));
        }
        let packed = packed_bytes(bytes, &entry).map_err(|reason| damaged(name.clone(), reason))?;
        let budget = MAX_UNPACKED_BYTES.saturating_sub(total);
        let contents = match entry.method {
            STORED => packed.to_vec(),
            DEFLATED => inflate(packed, budget).map_err(|reason| damaged(name.clone(), reason))?,
            _ => {
                return Err(damaged(
                    name,
                    "the entry is compressed with a method other than deflate",
                ))
            }
        };
        total += contents.len() as u64;
        if total > MAX_UNPACKED_BYTES {
            return Err(LimitError::TooLarge {
                input: Source::ZipContents,
                bytes: total,
                limit: MAX_UNPACKED_BYTES,
            }
            .into());
        }
        if contents.len() as u64 != entry.size || crc32(&contents) != entry.crc {
            return Err(damaged(name, "the entry's checksum or size does not match"));
        }
        let contents =
            String::from_utf8(contents).map_err(|_| ArchiveError::NotText(name.clone()))?;
        bundle.files.insert(
            name,
            BundleFile {
                contents,
                executable: entry.executable,
            },
        );
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write as _};

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    use super::*;

    const FILES: [(&str, &str, bool); 4] = [
        ("fate-9999/values.yaml", "partyId: \"9999\"\n", false),
        ("install.sh", "#!/bin/sh\necho ok\n", true),
        ("empty", "", false),
        ("ünï/名前.txt", "utf-8 name\n", false),
    ];

    fn expected() -> Bundle {
        let mut bundle = Bundle::default();
        for (path, contents, executable) in FILES {
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

    /// The files written by the zip crate with `options`, plus a directory entry and a comment,
    /// seekable (sizes in the headers) or streamed (sizes in data descriptors after the data).
    fn zip_crate(options: SimpleFileOptions, streamed: bool) -> Vec<u8> {
        fn fill<W: std::io::Write + std::io::Seek>(
            writer: &mut ZipWriter<W>,
            options: SimpleFileOptions,
        ) {
            writer.add_directory("fate-9999/", options).unwrap();
            for (path, contents, executable) in FILES {
                let mode = if executable { 0o755 } else { 0o644 };
                writer
                    .start_file(path, options.unix_permissions(mode))
                    .unwrap();
                writer.write_all(contents.as_bytes()).unwrap();
            }
            writer.set_comment("a comment at the end").unwrap();
        }
        if streamed {
            let mut writer = ZipWriter::new_stream(Vec::new());
            fill(&mut writer, options);
            writer.finish().unwrap().into_inner()
        } else {
            let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
            fill(&mut writer, options);
            writer.finish().unwrap().into_inner()
        }
    }

    #[test]
    fn reads_what_other_zip_writers_make() {
        let base = SimpleFileOptions::default();
        let cases = [
            (
                "deflated",
                base.compression_method(CompressionMethod::Deflated),
                false,
            ),
            (
                "stored",
                base.compression_method(CompressionMethod::Stored),
                false,
            ),
            ("ZIP64 fields", base.large_file(true), false),
            ("data descriptors", base, true),
            (
                "data descriptors, stored",
                base.compression_method(CompressionMethod::Stored),
                true,
            ),
        ];
        let mut failures = Vec::new();
        for (name, options, streamed) in cases {
            match from_zip(&zip_crate(options, streamed)) {
                Ok(bundle) if bundle == expected() => {}
                Ok(bundle) => failures.push(format!("{name}: read {:?}", bundle.files.keys())),
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The offset of the first local header's `field` (bytes after the signature).
    fn patch(mut bytes: Vec<u8>, at: usize, value: &[u8]) -> Vec<u8> {
        bytes[at..at + value.len()].copy_from_slice(value);
        bytes
    }

    /// Where the second record with `signature` starts (the first file's: the first record is
    /// the directory's).
    fn second_record(bytes: &[u8], signature: u32) -> usize {
        let mut found = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == signature.to_le_bytes());
        found.nth(1).expect("two records").0
    }

    #[test]
    fn damaged_archives_are_refused_with_the_reason() {
        let good = zip_crate(SimpleFileOptions::default(), false);
        let reason = |bytes: &[u8]| match from_zip(bytes) {
            Err(ArchiveError::Zip { reason, .. }) => reason,
            other => panic!("expected a zip error, got {other:?}"),
        };
        assert_eq!(
            reason(b"not a zip at all, just text"),
            "not a zip archive (no end of central directory)"
        );
        assert_eq!(
            reason(&good[good.len() / 2..]),
            "a central directory entry is damaged"
        );
        let entry = second_record(&good, CENTRAL);
        // The second central entry (the first file; the first is the directory): flags at +8,
        // method at +10, CRC at +16.
        assert_eq!(
            reason(&patch(good.clone(), entry + 8, &[1, 0])),
            "the entry is encrypted"
        );
        assert_eq!(
            reason(&patch(good.clone(), entry + 10, &[14, 0])),
            "the entry is compressed with a method other than deflate"
        );
        assert_eq!(
            reason(&patch(good.clone(), entry + 16, &[0, 0, 0, 0])),
            "the entry's checksum or size does not match"
        );
        // The first file's data cut off: its local header says deflate, its bytes are gone.
        let local = second_record(&good, LOCAL);
        let name_len = usize::from(u16::from_le_bytes([good[local + 26], good[local + 27]]));
        let data = local + 30 + name_len;
        let garbled = patch(good.clone(), data, &[0xFF; 4]);
        assert!(matches!(from_zip(&garbled), Err(ArchiveError::Zip { .. })));
        for cut in 0..good.len() {
            let _ = from_zip(&good[..cut]);
        }
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("bomb", SimpleFileOptions::default())
            .unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..=(MAX_UNPACKED_BYTES >> 20) {
            writer.write_all(&zeros).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20, "the bomb is small: {}", bytes.len());
        assert!(matches!(
            from_zip(&bytes),
            Err(ArchiveError::Limit(LimitError::TooLarge {
                input: Source::ZipContents,
                ..
            }))
        ));
    }
}
