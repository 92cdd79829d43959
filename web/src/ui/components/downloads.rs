//! The download card of the output column: the zip of each party and of the exchange, and
//! how the last regeneration went. The whole federation's zip is in the action bar
//! (`action_bar.rs`), which also says why downloading is off; these buttons are off with it.

use yew::prelude::*;

use crate::generator::naming;

/// Which zip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    /// `fate-federation.zip`.
    All,
    /// `fate-<id>.zip`.
    Party(String),
    /// `fate-exchange.zip`.
    Exchange,
}

impl Download {
    /// The file name.
    pub fn file_name(&self) -> String {
        match self {
            Download::All => "fate-federation.zip".to_owned(),
            Download::Party(id) => format!("{}.zip", naming::party_release(id)),
            Download::Exchange => "fate-exchange.zip".to_owned(),
        }
    }
}

/// Props of [`Downloads`].
#[derive(Properties, PartialEq)]
pub struct DownloadsProps {
    /// Downloading is not possible now (the action bar says why, at `#download-blocked`).
    pub blocked: bool,
    /// Party ids (one zip each).
    pub party_ids: Vec<String>,
    /// There is an exchange.
    pub exchange: bool,
    /// Number of files and how long the last regeneration took.
    pub status: AttrValue,
    /// Called with the chosen zip.
    pub on_download: Callback<Download>,
}

/// The per-organisation download card.
#[function_component]
pub fn Downloads(props: &DownloadsProps) -> Html {
    let disabled = props.blocked;
    let button = |download: Download, id: String| {
        let name = download.file_name();
        let onclick = props
            .on_download
            .reform(move |_: MouseEvent| download.clone());
        html! {
            <button type="button" id={id} {disabled} {onclick}
                aria-describedby={disabled.then_some("download-blocked")}>
                { name }
            </button>
        }
    };
    html! {
        <section class="card downloads" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading">{ "Download" }</h2>
            <p class="muted" id="generation-status">{ &props.status }</p>
            <details class="per-party">
                <summary>{ "One zip per organisation" }</summary>
                <p class="hint">{ "Each party only needs its own chart; the exchange operator only the exchange's." }</p>
                <div class="button-row wrap">
                    if props.exchange {
                        { button(Download::Exchange, "download-exchange".to_owned()) }
                    }
                    { for props.party_ids.iter().map(|id| button(Download::Party(id.clone()), format!("download-party-{id}"))) }
                </div>
            </details>
        </section>
    }
}
