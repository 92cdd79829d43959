//! The share link (the document without passwords, in the URL fragment) with a copy button.

use yew::prelude::*;

use crate::ui::components::copy_button::CopyButton;

/// Props of [`ShareBar`].
#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The link.
    pub link: AttrValue,
}

/// The share link row.
#[function_component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    html! {
        <div class="share-bar">
            <label for="share-link">{ "Share link (never contains passwords)" }</label>
            <div class="share-row">
                <input id="share-link" type="text" readonly=true value={props.link.clone()}
                    onfocus={Callback::from(|e: FocusEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        input.select();
                    })} />
                <CopyButton text={props.link.clone()} label="Copy link" id={AttrValue::from("copy-share-link")} />
            </div>
        </div>
    }
}
