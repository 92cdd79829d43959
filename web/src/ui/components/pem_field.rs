//! A PEM text (a certificate or a private key): a text area to paste it into, or a file to read
//! it from (read in this tab by the file-reading service, never uploaded anywhere).

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::ui::components::field::{error_list, Field};
use crate::ui::field_path::FieldPath;
use crate::ui::services::file_read::{self, FileReader};

/// Props of [`PemField`].
#[derive(Properties, PartialEq, Clone)]
pub struct PemFieldProps {
    /// The field (its text area gets the id [`crate::ui::paths::field_id`] of it, its file input `…-file`).
    pub path: FieldPath,
    /// Visible label.
    pub label: AttrValue,
    /// Current PEM text.
    pub value: AttrValue,
    /// Called with the new text: typed, pasted or read from a file.
    pub on_change: Callback<String>,
    /// Validation messages for this field.
    #[prop_or_default]
    pub errors: Vec<AttrValue>,
    /// A note for the case at hand, after the field's help (`ui::help`).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Shown while empty.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

/// A labelled PEM text area with a file input.
#[function_component]
pub fn PemField(props: &PemFieldProps) -> Html {
    let reader = use_mut_ref(|| None::<FileReader>);
    let failure = use_state(|| None::<AttrValue>);
    let field = Field::for_path(&props.path, &props.errors, props.hint.clone());
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    let on_file = {
        let on_change = props.on_change.clone();
        let failure = failure.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = file_read::chosen(&input);
            input.set_value("");
            let Some(file) = files.into_iter().next() else {
                return;
            };
            let name = file.name();
            let on_change = on_change.clone();
            let failure = failure.clone();
            *reader.borrow_mut() = Some(file_read::text(&file, move |result| match result {
                Ok(text) => {
                    failure.set(None);
                    on_change.emit(text);
                }
                Err(e) => failure.set(Some(AttrValue::from(format!(
                    "{name} cannot be read as text: {e}"
                )))),
            }));
        })
    };
    let file_id = format!("{}-file", field.id());
    let control = html! {
        <>
            <textarea id={field.id()} class="pem" rows="5" spellcheck="false" autocomplete="off"
                autocapitalize="off" value={props.value.clone()} {oninput}
                placeholder={props.placeholder.clone()}
                aria-invalid={field.aria_invalid()}
                aria-describedby={field.described_by()}></textarea>
            <span class="pem-file">
                <label for={file_id.clone()}>{ "or read it from a file:" }</label>
                <input type="file" id={file_id} accept=".pem,.crt,.cer,.key,.txt,text/plain"
                    aria-describedby={field.described_by()} onchange={on_file} />
            </span>
            if let Some(message) = &*failure {
                { error_list(None, std::slice::from_ref(message)) }
            }
        </>
    };
    field.label_first(props.label.clone(), control, classes!("pem-field"))
}
