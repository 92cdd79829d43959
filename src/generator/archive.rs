//! Bundle → zip bytes, byte-identical for the same bundle (fixed timestamps and permissions).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::generator::bundle::{Bundle, BundleFile};

/// Writing or reading a zip failed.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The zip library reported an error.
    #[error("zip error in {file}: {source}")]
    Zip {
        /// The entry concerned.
        file: String,
        /// The underlying error.
        source: zip::result::ZipError,
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
    /// The archive is larger than a bundle can be.
    #[error("the zip expands to more than {limit} bytes; it is not a bundle")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
}

/// Largest total size read back from a zip (bundles are a few hundred KiB).
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// Packs the bundle. Same bundle → same bytes.
///
/// Every party chart repeats the same templates, so each distinct file body is compressed once
/// and copied raw under every name that uses it (a 200-party bundle compresses ~800 bodies, not
/// ~7000).
pub fn to_zip(bundle: &Bundle) -> Result<Vec<u8>, ArchiveError> {
    // Pass 1: one entry per distinct (contents, executable), named by its index.
    let mut distinct: BTreeMap<(&str, bool), usize> = BTreeMap::new();
    let mut bodies = ZipWriter::new(Cursor::new(Vec::new()));
    let mut index_of = Vec::with_capacity(bundle.files.len());
    for (path, file) in &bundle.files {
        let key = (file.contents.as_str(), file.executable);
        let next = distinct.len();
        let index = *distinct.entry(key).or_insert(next);
        if index == next {
            start(&mut bodies, &index.to_string(), file.executable, path)?;
            bodies
                .write_all(file.contents.as_bytes())
                .map_err(|source| ArchiveError::Io {
                    file: path.clone(),
                    source,
                })?;
        }
        index_of.push(index);
    }
    let bodies = bodies
        .finish()
        .map_err(|source| zip_error("(archive)", source))?;
    let mut bodies = ZipArchive::new(bodies).map_err(|source| zip_error("(archive)", source))?;

    // Pass 2: every path, in order, as a raw copy of its body.
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for ((path, _), index) in bundle.files.iter().zip(index_of) {
        let body = bodies
            .by_index_raw(index)
            .map_err(|source| zip_error(path, source))?;
        writer
            .raw_copy_file_rename(body, path)
            .map_err(|source| zip_error(path, source))?;
    }
    let cursor = writer
        .finish()
        .map_err(|source| zip_error("(archive)", source))?;
    Ok(cursor.into_inner())
}

fn zip_error(file: &str, source: zip::result::ZipError) -> ArchiveError {
    ArchiveError::Zip {
        file: file.to_owned(),
        source,
    }
}

fn start(
    writer: &mut ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    executable: bool,
    path: &str,
) -> Result<(), ArchiveError> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(if executable { 0o755 } else { 0o644 });
    writer
        .start_file(name, options)
        .map_err(|source| zip_error(path, source))
}

/// Reads a zip back into a bundle (to re-import a downloaded bundle). Directories are skipped.
pub fn from_zip(bytes: &[u8]) -> Result<Bundle, ArchiveError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|source| ArchiveError::Zip {
        file: "(archive)".to_owned(),
        source,
    })?;
    let mut bundle = Bundle::default();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|source| ArchiveError::Zip {
                file: format!("entry {index}"),
                source,
            })?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|source| ArchiveError::Zip {
                file: format!("entry {index}"),
                source,
            })?
            .into_owned();
        let executable = entry.unix_mode().is_some_and(|m| m & 0o111 != 0);
        let mut contents = Vec::new();
        // Read at most one byte past the limit so a zip bomb stops early.
        let budget = MAX_UNPACKED_BYTES.saturating_sub(total) + 1;
        (&mut entry)
            .take(budget)
            .read_to_end(&mut contents)
            .map_err(|source| ArchiveError::Io {
                file: name.clone(),
                source,
            })?;
        total += contents.len() as u64;
        if total > MAX_UNPACKED_BYTES {
            return Err(ArchiveError::TooLarge {
                limit: MAX_UNPACKED_BYTES,
            });
        }
        let contents =
            String::from_utf8(contents).map_err(|_| ArchiveError::NotText(name.clone()))?;
        bundle.files.insert(
            name,
            BundleFile {
                contents,
                executable,
            },
        );
    }
    Ok(bundle)
}
