//! Every problem of the document, each a link that focuses its field, named in the form's
//! words (`crate::ui::labels`): "Party #1 (10000) › NodePort: is already used by …".

use std::rc::Rc;

use yew::prelude::*;

use crate::generator::ValidationErrors;
use crate::ui::labels::describe;
use crate::ui::paths::field_id;
use crate::ui::services::focus;

/// Props of [`ErrorSummary`].
#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// All problems.
    pub errors: Rc<ValidationErrors>,
    /// Party ids in document order (to name parties in the list).
    pub party_ids: Vec<String>,
}

/// The problem list above the form.
#[function_component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let n = props.errors.0.len();
    html! {
        <div class="error-summary" id="error-summary" aria-live="polite">
            if n > 0 {
                <h2>{ format!("{n} problem{} to fix before you can download", if n == 1 { "" } else { "s" }) }</h2>
                <ul>
                    { for props.errors.0.iter().map(|error| {
                        let path = error.path.clone();
                        let onclick = Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            focus::field(&path);
                        });
                        html! {
                            <li>
                                <a href={format!("#{}", field_id(&error.path))} {onclick}>
                                    { describe(&error.path, &props.party_ids) }
                                </a>
                                { format!(": {}", error.message) }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
