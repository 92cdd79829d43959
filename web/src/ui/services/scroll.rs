//! Scrolling inside a box (not the page): the previewed file shows its first changed line.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Scrolls the box with DOM id `container` so that its first descendant matching `selector`
/// is a third of the way down; the page itself does not move. The box must be the offset
/// parent of its lines (`position: relative`).
pub fn show_first(container: &str, selector: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(container) = document.get_element_by_id(container) else {
        return;
    };
    let Some(target) = container
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let top = target.offset_top() - container.client_height() / 3;
    container.set_scroll_top(top.max(0));
}
