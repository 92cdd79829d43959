//! The import panel's visibility.

use yew::prelude::*;

use crate::ui::services::focus;

/// Whether the import panel is open, and the callbacks of its toggle button and its own close.
pub struct ImportPanel {
    /// The panel is shown.
    pub open: bool,
    /// Opens or closes it (the toolbar's "Import…").
    pub toggle: Callback<MouseEvent>,
    /// Closes it and gives focus back to the toolbar's button.
    pub close: Callback<()>,
}

/// The import panel's state.
#[hook]
pub fn use_import_panel() -> ImportPanel {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| {
            open.set(false);
            focus::element("open-import");
        })
    };
    ImportPanel {
        open: *open,
        toggle,
        close,
    }
}
