//! Reading files the user picked (import).

pub use gloo::file::callbacks::FileReader;
use gloo::file::callbacks::{read_as_bytes, read_as_text};
use gloo::file::Blob;
use web_sys::HtmlInputElement;

/// The files chosen in a file input, in order.
pub fn chosen(input: &HtmlInputElement) -> Vec<web_sys::File> {
    let Some(list) = input.files() else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The files of a drop.
pub fn dropped(transfer: Option<web_sys::DataTransfer>) -> Vec<web_sys::File> {
    let Some(list) = transfer.and_then(|t| t.files()) else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads a file as bytes; keep the returned reader alive until `done` runs.
pub fn bytes(
    file: &web_sys::File,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) -> FileReader {
    let blob = Blob::from(file.clone());
    read_as_bytes(&blob, move |result| done(result.map_err(|e| e.to_string())))
}

/// Reads a file as UTF-8 text; keep the returned reader alive until `done` runs.
pub fn text(
    file: &web_sys::File,
    done: impl FnOnce(Result<String, String>) + 'static,
) -> FileReader {
    let blob = Blob::from(file.clone());
    read_as_text(&blob, move |result| done(result.map_err(|e| e.to_string())))
}
