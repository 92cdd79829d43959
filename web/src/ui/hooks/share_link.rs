//! The share link, and the address bar that follows the document.

use yew::prelude::*;

use crate::generator::share::FRAGMENT_KEY;
use crate::ui::services::location;
use crate::ui::services::timer::{self, Timer};
use crate::ui::state::State;

/// Delay before the address bar follows an edit (ms).
const URL_DELAY_MS: u32 = 200;

/// The share link to the document (never with passwords) on this page.
#[hook]
pub fn use_share_link(state: &UseReducerHandle<State>) -> AttrValue {
    let base = use_memo((), |_| location::base());
    let state = state.clone();
    (*use_memo(state.revision, move |_| {
        // The link box shows why there is no link rather than an empty one.
        AttrValue::from(state.share_link(&base).unwrap_or_else(|e| e.to_string()))
    }))
    .clone()
}

/// Puts the share link's fragment in the address bar after a short pause (browsers throttle
/// pages that rewrite their URL on every keystroke), so a reload or a bookmark keeps the
/// document. It takes the fragment of `link` ([`use_share_link`]'s): the document is encoded
/// once per edit.
#[hook]
pub fn use_share_fragment(state: &UseReducerHandle<State>, link: &AttrValue) {
    let url_timer = use_mut_ref(|| None::<Timer>);
    let link = link.clone();
    use_effect_with(state.revision, move |_| {
        // A link box that explains why there is no link leaves the last good fragment.
        let marker = format!("#{FRAGMENT_KEY}=");
        if let Some(at) = link.find(&marker) {
            let fragment = link[at + 1..].to_owned();
            *url_timer.borrow_mut() = Some(timer::after(URL_DELAY_MS, move || {
                location::replace_fragment(&fragment)
            }));
        }
    });
}
