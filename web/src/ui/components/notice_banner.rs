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
