//! A message above the form (share link opened, import notes, reset).

use yew::prelude::*;

use crate::ui::state::{Notice, NoticeKind};

/// Props of [`NoticeBanner`].
#[derive(Properties, PartialEq)]
pub struct NoticeBannerProps {
    /// The notice.
    pub notice: Notice,
    /// Hides it.
    pub on_dismiss: Callback<MouseEvent>,
}

/// The notice banner.
#[function_component]
pub fn NoticeBanner(props: &NoticeBannerProps) -> Html {
    let (class, role) = match props.notice.kind {
        NoticeKind::Info => ("notice info", "status"),
        NoticeKind::Warning => ("notice warning", "status"),
        NoticeKind::Error => ("notice error", "alert"),
    };
    html! {
        <div class={class} role={role} id="notice">
            <div>
                <strong>{ &props.notice.title }</strong>
                if !props.notice.lines.is_empty() {
                    <ul>{ for props.notice.lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                }
            </div>
            <button type="button" class="icon" aria-label="Dismiss this message" onclick={props.on_dismiss.clone()}>{ "✕" }</button>
        </div>
    }
}

/// Props of [`ExamplesBanner`].
#[derive(Properties, PartialEq)]
pub struct ExamplesBannerProps {
    /// How many fields still hold an example value.
    pub count: usize,
    /// Keeps every example value: the download no longer waits.
    pub on_accept: Callback<MouseEvent>,
}

/// While a preset's example values are in the document: why the download waits, and the way
/// to keep them on purpose.
#[function_component]
pub fn ExamplesBanner(props: &ExamplesBannerProps) -> Html {
    let n = props.count;
    html! {
        <div class="notice warning examples-notice" role="status" id="examples-notice">
            <div>
                <strong>{ if n == 1 { "1 example value to replace".to_owned() } else { format!("{n} example values to replace") } }</strong>
                <p>{ "Fields marked \"example value\" came from the preset and match no real cluster. Give your own values, or keep them on purpose (a test on a lab network): the download waits until then." }</p>
            </div>
            <button type="button" id="accept-examples" onclick={props.on_accept.clone()}>{ "Use the example values" }</button>
        </div>
    }
}

/// Props of [`SecretsBanner`].
#[derive(Properties, PartialEq)]
pub struct SecretsBannerProps {
    /// Downloads the passwords, certificates and keys.
    pub on_export: Callback<MouseEvent>,
    /// The file it writes.
    pub file_name: AttrValue,
}

/// While passwords or keys typed in this tab are saved nowhere: the offer to save them.
#[function_component]
pub fn SecretsBanner(props: &SecretsBannerProps) -> Html {
    html! {
        <div class="notice warning secrets-notice" role="status" id="secrets-notice">
            <div>
                <strong>{ "The passwords you typed or revealed exist only in this tab" }</strong>
                <p>{ "They are never saved in the browser: closing or reloading the page loses them. Download the zip, or save them as a credentials file (keep it private; the CLI's --credentials option reads it)." }</p>
            </div>
            <button type="button" id="export-credentials" onclick={props.on_export.clone()}>{ format!("Download {}", props.file_name) }</button>
        </div>
    }
}
