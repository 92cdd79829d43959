//! The downloads: the zips, `federation.yaml` and `topology.svg`.

use std::rc::Rc;

use yew::prelude::*;

use crate::generator::archive::to_zip;
use crate::generator::bundle::{generate_scoped, Scope};
use crate::generator::ValidationErrors;
use crate::ui::components::downloads::Download;
use crate::ui::derived::build;
use crate::ui::hooks::preview::Preview;
use crate::ui::services::{clock, download};
use crate::ui::state::State;

/// The download callbacks and the last failure.
pub struct DownloadActions {
    /// Saves a zip: the whole federation, one party's or the exchange's.
    pub on_download: Callback<Download>,
    /// Saves the document as `federation.yaml` (without passwords).
    pub on_export: Callback<MouseEvent>,
    /// Saves the diagram as `topology.svg`.
    pub on_save_svg: Callback<MouseEvent>,
    /// Why the last download failed.
    pub failure: Option<AttrValue>,
}

/// The downloads. A zip is made from the preview's output when it is current, else from the
/// form (the preview may be a moment behind); never while the document has problems.
#[hook]
pub fn use_downloads(state: &UseReducerHandle<State>, preview: &Preview) -> DownloadActions {
    let failure = use_state(|| None::<AttrValue>);
    let on_download = {
        let current = preview.current.clone();
        let stale = preview.stale;
        let config = state.config.clone();
        let failure = failure.clone();
        Callback::from(move |which: Download| {
            if stale {
                return;
            }
            let output = match current.clone() {
                Some(output) => output,
                None => match build(&config) {
                    Ok(output) => Rc::new(output),
                    Err(e) => {
                        failure.set(Some(AttrValue::from(e.to_string())));
                        return;
                    }
                },
            };
            let bundle = match &which {
                Download::All => None,
                Download::Party(id) => Some(generate_scoped(
                    &output.federation,
                    &Scope::Party(id.clone()),
                )),
                Download::Exchange => Some(generate_scoped(&output.federation, &Scope::Exchange)),
            };
            clock::mark("fate:zip:start");
            let zipped = to_zip(bundle.as_ref().unwrap_or(&output.bundle));
            clock::measure("fate:zip", "fate:zip:start");
            let result = zipped
                .map_err(|e| e.to_string())
                .and_then(|bytes| download::save(&which.file_name(), download::ZIP, &bytes));
            failure.set(result.err().map(AttrValue::from));
        })
    };
    let on_export = {
        let state = state.clone();
        let failure = failure.clone();
        Callback::from(move |_: MouseEvent| {
            let result = state.export_document().and_then(|text| {
                download::save("federation.yaml", download::YAML, text.as_bytes())
            });
            failure.set(result.err().map(AttrValue::from));
        })
    };
    let on_save_svg = {
        let shown = preview.shown.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((output, _)) = &shown {
                let _ = download::save("topology.svg", download::SVG, output.topology.as_bytes());
            }
        })
    };
    DownloadActions {
        on_download,
        on_export,
        on_save_svg,
        failure: (*failure).clone(),
    }
}

/// Why the download buttons are off, if they are: the document has problems.
pub fn blocked_reason(errors: &ValidationErrors) -> Option<AttrValue> {
    let n = errors.0.len();
    (n > 0).then(|| {
        AttrValue::from(format!(
            "Download is off until the {} listed at the top of the form {} fixed.",
            if n == 1 {
                "problem".to_owned()
            } else {
                format!("{n} problems")
            },
            if n == 1 { "is" } else { "are" }
        ))
    })
}
