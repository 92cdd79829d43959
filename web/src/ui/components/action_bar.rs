//! The bar that keeps the main action at hand at every width (sticky at the top of wide
//! screens, fixed at the bottom of narrow ones): the Download button of the whole federation,
//! the number of problems as a link to the first one, and what the zip holds.

use yew::prelude::*;

use crate::ui::components::downloads::Download;
use crate::ui::paths::field_id;
use crate::ui::services::focus;

/// The DOM id of the main download button (the skip link and other tests rely on it).
pub const DOWNLOAD_ID: &str = "download-all";

/// The DOM id of the link to the first problem.
pub const PROBLEMS_LINK_ID: &str = "problems-link";

/// The keyboard shortcut that downloads, as a reader is told it.
pub const SHORTCUT_HELP: &str = "Ctrl+Enter or \u{2318}+Enter";

/// What the zip holds, in a few words: `2 parties + exchange, 96 files`.
pub fn bundle_summary(parties: usize, exchange: bool, files: usize) -> String {
    format!(
        "{parties} part{}{}, {files} file{}",
        if parties == 1 { "y" } else { "ies" },
        if exchange { " + exchange" } else { "" },
        if files == 1 { "" } else { "s" }
    )
}

/// `1 problem`, `3 problems`.
pub fn problem_count(n: usize) -> String {
    format!("{n} problem{}", if n == 1 { "" } else { "s" })
}

/// Props of [`ActionBar`].
#[derive(Properties, PartialEq)]
pub struct ActionBarProps {
    /// Why downloading is not possible now (None: it is).
    pub blocked: Option<AttrValue>,
    /// The paths of the document's problems, in document order.
    pub problems: Vec<AttrValue>,
    /// What the zip holds (`bundle_summary`), once a bundle was made.
    pub summary: Option<AttrValue>,
    /// A download failed.
    #[prop_or_default]
    pub failure: Option<AttrValue>,
    /// Called with the chosen zip.
    pub on_download: Callback<Download>,
}

/// The action bar.
#[function_component]
pub fn ActionBar(props: &ActionBarProps) -> Html {
    let disabled = props.blocked.is_some();
    let file = Download::All.file_name();
    let name = match &props.summary {
        Some(summary) => format!("Download {file} \u{2014} {summary}"),
        None => format!("Download {file}"),
    };
    let title = format!("{name} ({SHORTCUT_HELP})");
    let onclick = props.on_download.reform(|_: MouseEvent| Download::All);
    let problems = match props.problems.first() {
        Some(first) => {
            let path = first.clone();
            let onclick = Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                focus::field(&path);
            });
            html! {
                <a class="problems-link" id={PROBLEMS_LINK_ID} href={format!("#{}", field_id(first))} {onclick}
                    title="Go to the first problem">
                    { problem_count(props.problems.len()) }
                </a>
            }
        }
        None => html! { <span class="problems-none" id="problems-none">{ "No problems" }</span> },
    };
    html! {
        <div class="action-bar" id="action-bar" role="region" aria-label="Download the federation">
            <button type="button" class="primary" id={DOWNLOAD_ID} {disabled} {onclick}
                aria-label={name.clone()} {title}
                aria-keyshortcuts="Control+Enter Meta+Enter"
                aria-describedby={if disabled { "download-blocked" } else { "download-shortcut" }}>
                { format!("Download {file}") }
            </button>
            if let Some(summary) = &props.summary {
                <span class="bundle-summary" id="bundle-summary">{ summary }</span>
            }
            { problems }
            <span class="shortcut-help muted" id="download-shortcut">{ SHORTCUT_HELP }</span>
            if let Some(reason) = &props.blocked {
                <p class="blocked" id="download-blocked" role="status">{ reason }</p>
            }
            if let Some(failure) = &props.failure {
                <p class="field-error" role="alert" id="download-failure">{ failure }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        assert_eq!(
            bundle_summary(2, true, 96),
            "2 parties + exchange, 96 files"
        );
        assert_eq!(bundle_summary(1, false, 1), "1 party, 1 file");
        assert_eq!(problem_count(1), "1 problem");
        assert_eq!(problem_count(3), "3 problems");
    }
}
