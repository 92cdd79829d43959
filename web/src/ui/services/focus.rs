//! Moving focus to the input of a field (error summary links, new rows).

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::ui::paths::focus_candidates;

/// Focuses the input of `path` (or the nearest enclosing control), opening any collapsed
/// `<details>` around it and scrolling it into view. False when nothing matched.
pub fn field(path: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    for id in focus_candidates(path) {
        let Some(element) = document.get_element_by_id(&id) else {
            continue;
        };
        let mut parent = element.parent_element();
        while let Some(node) = parent {
            if node.tag_name().eq_ignore_ascii_case("details") {
                let _ = node.set_attribute("open", "");
            }
            parent = node.parent_element();
        }
        if let Ok(html) = element.dyn_into::<HtmlElement>() {
            let _ = html.focus();
            html.scroll_into_view_with_bool(false);
            return true;
        }
    }
    false
}

/// Focuses the element with this DOM id, if present.
pub fn element(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Focuses the element with this DOM id once the current update has been drawn (for controls
/// that an action creates, moves or removes).
pub fn after_render(id: String) {
    Timeout::new(0, move || element(&id)).forget();
}

/// Focuses the input of `path` (as [`field`], opening its folded card) once the current update
/// has been drawn: for a jump from the diagram, which may first leave full screen.
pub fn field_after_render(path: String) {
    Timeout::new(0, move || {
        field(&path);
    })
    .forget();
}
