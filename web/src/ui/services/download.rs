//! Saving bytes as a file: a Blob, an object URL and a click on a temporary `<a download>`.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// MIME type of zip archives.
pub const ZIP: &str = "application/zip";
/// MIME type of YAML documents.
pub const YAML: &str = "application/yaml";
/// MIME type of SVG images.
pub const SVG: &str = "image/svg+xml";
/// MIME type of JSON documents.
pub const JSON: &str = "application/json";
/// MIME type of any other text (scripts, Markdown, Helm templates, checksums).
pub const TEXT: &str = "text/plain";

/// The MIME type of a bundle file, from its name (the browser saves the bytes as they are).
pub fn mime_of(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, extension)| extension) {
        Some("yaml" | "yml") => YAML,
        Some("json") => JSON,
        Some("svg") => SVG,
        Some("zip") => ZIP,
        _ => TEXT,
    }
}

/// Offers `bytes` for download as `name`. The object URL is revoked shortly after.
pub fn save(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let error = |e: wasm_bindgen::JsValue| format!("the browser refused the download: {e:?}");
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(error)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(error)?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(error)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&anchor).map_err(error)?;
    anchor.click();
    anchor.remove();
    Timeout::new(30_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
