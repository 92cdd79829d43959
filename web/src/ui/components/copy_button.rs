//! A button that copies a text and says so for a moment.

use yew::prelude::*;

use crate::ui::services::clipboard;
use crate::ui::services::timer::{self, Timer};

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What is copied.
    pub text: AttrValue,
    /// The button's text.
    pub label: AttrValue,
    /// DOM id.
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Accessible name, when the text alone is ambiguous.
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    /// Id of a note that says more about what is copied (`aria-describedby`).
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// Copies `text` to the clipboard.
#[function_component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let status = use_state(|| None::<bool>);
    let timer = use_mut_ref(|| None::<Timer>);
    let onclick = {
        let text = props.text.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let timer = timer.clone();
            clipboard::copy(
                &text,
                Callback::from(move |ok: bool| {
                    status.set(Some(ok));
                    let status = status.clone();
                    *timer.borrow_mut() = Some(timer::after(2000, move || status.set(None)));
                }),
            );
        })
    };
    html! {
        <>
            <button type="button" id={props.id.clone()} {onclick} aria-label={props.aria_label.clone()}
                aria-describedby={props.described_by.clone()}>
                { &props.label }
            </button>
            <span class="copy-status" role="status">
                { match *status {
                    Some(true) => "Copied",
                    Some(false) => "Copy failed: select the text and copy it by hand",
                    None => "",
                } }
            </span>
        </>
    }
}
