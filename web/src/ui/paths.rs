//! Field paths as text: the link between a core `FieldError` (`parties[1].nodePort`), the input
//! that edits that field (its DOM id) and the [`crate::ui::state::Action::Set`] that changes it.
//! The form's fields are typed ([`crate::ui::field_path::FieldPath`]); their text is what these
//! helpers take, as do the core's error paths and the ids of elements that are not fields.
//! What a reader sees for a path is in [`crate::ui::labels`].

use yew::AttrValue;

use crate::generator::ValidationErrors;

/// DOM id of the input editing the field at `path`: `parties[1].nodePort` → `f-parties-1-nodePort`.
pub fn field_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// Ids to try, most specific first, when focusing the field of an error: the field itself, then
/// each enclosing path (`placement.eggs` has no input of its own, its "add" button has
/// `f-placement-eggs`; `parties` falls back to the add-party button, id `f-parties`).
pub fn focus_candidates(path: &str) -> Vec<String> {
    let mut out = vec![field_id(path)];
    let mut rest = path;
    while let Some(cut) = rest.rfind(['.', '[']) {
        rest = &rest[..cut];
        if !rest.is_empty() {
            out.push(field_id(rest));
        }
    }
    out.dedup();
    out
}

/// The messages for exactly this path, for the field's inline error.
pub fn messages(errors: &ValidationErrors, path: &str) -> Vec<AttrValue> {
    errors
        .at(path)
        .map(|e| AttrValue::from(e.message.clone()))
        .collect()
}

/// `parties[i].<name>`: the path that gives a party's button (`up`, `down`, `duplicate`,
/// `remove`) its id. Fields have a [`crate::ui::field_path::FieldPath`] instead.
pub fn party(index: usize, name: &str) -> String {
    format!("parties[{index}].{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(field_id("parties[1].nodePort"), "f-parties-1-nodePort");
        assert_eq!(field_id("placement.eggs[0]"), "f-placement-eggs-0");
        assert_eq!(
            field_id("credentials.10000.mysqlPassword"),
            "f-credentials-10000-mysqlPassword"
        );
        assert_eq!(
            focus_candidates("parties[0].placement.eggs[2]"),
            [
                "f-parties-0-placement-eggs-2",
                "f-parties-0-placement-eggs",
                "f-parties-0-placement",
                "f-parties-0",
                "f-parties"
            ]
        );
    }
}
