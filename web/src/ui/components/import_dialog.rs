//! The import panel: paste or upload a kube.cfg (+ .env), a config document or a bundle zip.
//! A failed import shows its error here and leaves the form untouched.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::generator::Config;
use crate::ui::components::field::Field;
use crate::ui::import::{from_bundle, from_text, is_env_name, is_zip};
use crate::ui::services::file_read::{self, FileReader};
use crate::ui::state::{Action, Notice};

/// A file name and its bytes (or why it could not be read).
type ReadFile = (String, Result<Vec<u8>, String>);

/// Props of [`ImportDialog`].
#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    /// Sends the import to the reducer.
    pub dispatch: Callback<Action>,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// The import panel.
#[function_component]
pub fn ImportDialog(props: &ImportDialogProps) -> Html {
    let text = use_state(String::new);
    let env = use_state(String::new);
    let error = use_state(|| None::<String>);
    let status = use_state(|| None::<String>);
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let textarea = use_node_ref();
    {
        let textarea = textarea.clone();
        use_effect_with((), move |_| {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
            }
        });
    }

    // Runs an import of texts; on success the panel closes.
    // Every way of importing ends here: replace the form, or show why not and keep it.
    let apply = {
        let dispatch = props.dispatch.clone();
        let on_close = props.on_close.clone();
        let error = error.clone();
        Callback::from(
            move |result: Result<(Config, Notice), String>| match result {
                Ok((config, notice)) => {
                    error.set(None);
                    dispatch.emit(Action::Import {
                        config: Box::new(config),
                        notice,
                    });
                    on_close.emit(());
                }
                Err(message) => error.set(Some(message)),
            },
        )
    };
    let run = apply.reform(|(main, env): (String, String)| from_text(&main, Some(&env)));
    let import_zip = apply.reform(|(name, bytes): (String, Vec<u8>)| from_bundle(&name, &bytes));

    let on_submit = {
        let text = text.clone();
        let env = env.clone();
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(((*text).clone(), (*env).clone()));
        })
    };

    // Reads every chosen file; when all are in: a zip is imported at once, texts fill the boxes
    // (a .env into the second) and are imported if there is a main text.
    let on_files = {
        let text = text.clone();
        let env = env.clone();
        let error = error.clone();
        let status = status.clone();
        let readers = readers.clone();
        let run = run.clone();
        let import_zip = import_zip.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            let total = files.len();
            let results: Rc<RefCell<Vec<ReadFile>>> = Rc::default();
            status.set(Some(format!(
                "Reading {total} file{}…",
                if total == 1 { "" } else { "s" }
            )));
            let mut new_readers = Vec::new();
            for file in files {
                let name = file.name();
                let results = results.clone();
                let text = text.clone();
                let env = env.clone();
                let error = error.clone();
                let status = status.clone();
                let run = run.clone();
                let import_zip = import_zip.clone();
                new_readers.push(file_read::bytes(&file, move |result| {
                    results.borrow_mut().push((name, result));
                    if results.borrow().len() < total {
                        return;
                    }
                    status.set(None);
                    let mut main = None;
                    let mut env_text = None;
                    for (name, result) in results.borrow_mut().drain(..) {
                        let bytes = match result {
                            Ok(bytes) => bytes,
                            Err(e) => {
                                error.set(Some(format!("{name}: cannot be read: {e}")));
                                return;
                            }
                        };
                        if is_zip(&bytes) {
                            import_zip.emit((name, bytes));
                            return;
                        }
                        let Ok(content) = String::from_utf8(bytes) else {
                            error.set(Some(format!("{name} is neither a zip nor UTF-8 text")));
                            return;
                        };
                        if is_env_name(&name) {
                            env_text = Some(content);
                        } else {
                            main = Some(content);
                        }
                    }
                    let env_now = env_text.unwrap_or_else(|| (*env).clone());
                    env.set(env_now.clone());
                    if let Some(main) = main {
                        text.set(main.clone());
                        run.emit((main, env_now));
                    }
                }));
            }
            *readers.borrow_mut() = new_readers;
        })
    };
    let on_choose = {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = file_read::chosen(&input);
            input.set_value("");
            on_files.emit(files);
        })
    };
    let on_drop = {
        let on_files = on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            on_files.emit(file_read::dropped(e.data_transfer()));
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let set_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let set_env = {
        let env = env.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            env.set(area.value());
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_keydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    html! {
        <section class="card import" id="import-panel" aria-labelledby="import-heading"
            ondrop={on_drop} ondragover={on_dragover} onkeydown={on_keydown}>
            <div class="card-head">
                <h2 id="import-heading">{ "Import" }</h2>
                <button type="button" class="icon" aria-label="Close import" onclick={close.clone()}>{ "✕" }</button>
            </div>
            <p class="hint">{ "Paste or choose the old KubeFATE kube.cfg (with its .env if you changed the registry or tag), a config document (YAML or JSON), or a fate-federation.zip downloaded earlier (its passwords are kept). You can also drop files here. Nothing is uploaded: files are read in this tab." }</p>
            <form onsubmit={on_submit}>
                { plain_field("import-file", "Files", html! {
                    <input type="file" id="import-file" multiple=true
                        accept=".cfg,.env,.yaml,.yml,.json,.zip,.txt,text/plain,application/zip"
                        onchange={on_choose} />
                }) }
                // Its error is the alert below the form, not an inline message.
                { plain_field("import-text", "kube.cfg or config document", html! {
                    <textarea id="import-text" ref={textarea} rows="10" spellcheck="false"
                        value={(*text).clone()} oninput={set_text}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={error.is_some().then_some("import-error")}></textarea>
                }) }
                { plain_field("import-env", ".env (optional, only with a kube.cfg)", html! {
                    <textarea id="import-env" rows="3" spellcheck="false" value={(*env).clone()} oninput={set_env}></textarea>
                }) }
                if let Some(message) = &*status {
                    <p role="status" class="muted">{ message }</p>
                }
                if let Some(message) = &*error {
                    <div class="import-error" id="import-error" role="alert">
                        <strong>{ "Import failed; the form is unchanged." }</strong>
                        <pre>{ message }</pre>
                    </div>
                }
                <div class="button-row">
                    <button type="submit" class="primary" id="import-submit">{ "Import" }</button>
                    <button type="button" onclick={close}>{ "Cancel" }</button>
                </div>
            </form>
        </section>
    }
}

/// A labelled control of the panel (no hint, no inline errors).
fn plain_field(id: &str, label: &'static str, control: Html) -> Html {
    Field::new(id.to_owned(), &[], None).label_first(label, control, Classes::new())
}
