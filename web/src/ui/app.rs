//! The root component: owns the reducer, derives errors and the bundle with `use_memo`, runs
//! the effects (autosave, share link in the URL, shortcuts) and lays out the page.

use std::rc::Rc;

use yew::prelude::*;

use crate::generator::archive::to_zip;
use crate::generator::bundle::{generate_scoped, Scope};
use crate::generator::ValidationErrors;
use crate::ui::components::copy_button::CopyButton;
use crate::ui::components::credentials_form::CredentialsForm;
use crate::ui::components::downloads::{Download, Downloads};
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::exchange_form::ExchangeForm;
use crate::ui::components::file_preview::FilePreview;
use crate::ui::components::file_tree::FileTree;
use crate::ui::components::images_form::ImagesForm;
use crate::ui::components::import_dialog::ImportDialog;
use crate::ui::components::ingress_form::IngressForm;
use crate::ui::components::notice_banner::NoticeBanner;
use crate::ui::components::party_table::PartyTable;
use crate::ui::components::placement_form::PlacementForm;
use crate::ui::components::route_table::RouteTable;
use crate::ui::components::section::Section;
use crate::ui::components::share_bar::ShareBar;
use crate::ui::components::storage_form::StorageForm;
use crate::ui::components::target_form::TargetForm;
use crate::ui::components::toolbar::Toolbar;
use crate::ui::components::topology_view::TopologyView;
use crate::ui::derived::{build, Output};
use crate::ui::field_path::PlacementScope;
use crate::ui::form::Form;
use crate::ui::services::keyboard::{self, Shortcut};
use crate::ui::services::timer::{self, Timer};
use crate::ui::services::{clock, download, focus, location, storage};
use crate::ui::state::{Action, State, AUTOSAVE_KEY};

/// The file shown first in the preview.
const FIRST_FILE: &str = "README.md";

/// A regeneration slower than this (ms) makes the next one wait for a pause in typing.
const SLOW_MS: f64 = 40.0;

/// Delay before the address bar follows an edit (ms).
const URL_DELAY_MS: u32 = 200;

/// How long a pause in typing is (ms).
const DEBOUNCE_MS: u32 = 250;

/// The result of one regeneration.
struct Generated {
    /// The state revision it was made from.
    revision: u64,
    /// The output (None if the core refused the document).
    output: Option<Rc<Output>>,
    /// How long it took, in ms.
    took: f64,
}

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let autosave = storage::load(AUTOSAVE_KEY);
        State::load(&location::fragment(), autosave.as_deref()).0
    });
    // One stable callback for every child (its identity never changes, so children that get
    // equal props are not redrawn).
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |a: Action| dispatcher.dispatch(a))
        }))
        .clone()
    };
    let revision = state.revision;

    let errors: Rc<ValidationErrors> = {
        let state = state.clone();
        (*use_memo(revision, move |_| Rc::new(state.errors()))).clone()
    };
    // Regenerate everything from the document when it is valid, and time it. This runs just
    // after the keystroke has been drawn (a zero-delay timer), so typing never waits for the
    // bundle; when regeneration is slow (hundreds of parties) it waits for a pause in typing.
    let generated = use_state(|| None::<Generated>);
    let timer = use_mut_ref(|| None::<Timer>);
    {
        let generated = generated.clone();
        let config = state.config.clone();
        let valid = errors.is_empty();
        let timer = timer.clone();
        use_effect_with(revision, move |revision| {
            let revision = *revision;
            let slow = generated.as_ref().is_some_and(|g| g.took > SLOW_MS);
            let delay = if slow { DEBOUNCE_MS } else { 0 };
            *timer.borrow_mut() = valid.then(|| {
                timer::after(delay, move || {
                    let start = clock::now_ms();
                    let output = build(&config).ok().map(Rc::new);
                    let took = clock::now_ms() - start;
                    generated.set(Some(Generated {
                        revision,
                        output,
                        took,
                    }));
                })
            });
        });
    }
    // The preview keeps showing the last output while the document has problems or while the
    // next one is being made.
    let shown: Option<(Rc<Output>, f64)> = generated
        .as_ref()
        .and_then(|g| g.output.clone().map(|o| (o, g.took)));
    let stale = !errors.is_empty();
    let current = generated
        .as_ref()
        .filter(|g| g.revision == revision && !stale)
        .and_then(|g| g.output.clone());

    let base = use_memo((), |_| location::base());
    let share_link = {
        let state = state.clone();
        let base = base.clone();
        (*use_memo(revision, move |_| AttrValue::from(state.share_link(&base)))).clone()
    };

    // Effects: autosave (never with passwords) at once, and the share link in the address bar
    // after a short pause (browsers throttle pages that rewrite their URL on every keystroke).
    let url_timer = use_mut_ref(|| None::<Timer>);
    {
        let state = state.clone();
        use_effect_with(revision, move |_| {
            storage::save(AUTOSAVE_KEY, &state.autosave_text());
            let fragment = format!(
                "{}={}",
                crate::generator::share::FRAGMENT_KEY,
                state.share_encoding()
            );
            *url_timer.borrow_mut() = Some(timer::after(URL_DELAY_MS, move || {
                location::replace_fragment(&fragment)
            }));
        });
    }
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = keyboard::listen(Callback::from(move |shortcut| {
                dispatch.emit(match shortcut {
                    Shortcut::Undo => Action::Undo,
                    Shortcut::Redo => Action::Redo,
                })
            }));
            move || drop(listener)
        });
    }

    let import_open = use_state(|| false);
    let selected = use_state(|| AttrValue::from(FIRST_FILE));
    let download_error = use_state(|| None::<AttrValue>);

    let form = Form {
        errors: errors.clone(),
        drafts: state.drafts.clone(),
        dispatch: dispatch.clone(),
    };
    let config = &state.config;
    let party_ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();

    let on_download = {
        let current = current.clone();
        let config = state.config.clone();
        let download_error = download_error.clone();
        Callback::from(move |which: Download| {
            if stale {
                return;
            }
            // The preview may be a moment behind the form: build from the form if so.
            let output = match current.clone() {
                Some(output) => output,
                None => match build(&config) {
                    Ok(output) => Rc::new(output),
                    Err(e) => {
                        download_error.set(Some(AttrValue::from(e.to_string())));
                        return;
                    }
                },
            };
            let bundle = match &which {
                Download::All => None,
                Download::Party(id) => Some(generate_scoped(
                    &output.federation,
                    &Scope::Party(id.clone()),
                )),
                Download::Exchange => Some(generate_scoped(&output.federation, &Scope::Exchange)),
            };
            clock::mark("fate:zip:start");
            let zipped = to_zip(bundle.as_ref().unwrap_or(&output.bundle));
            clock::measure("fate:zip", "fate:zip:start");
            let result = zipped
                .map_err(|e| e.to_string())
                .and_then(|bytes| download::save(&which.file_name(), download::ZIP, &bytes));
            download_error.set(result.err().map(AttrValue::from));
        })
    };
    let on_export = {
        let state = state.clone();
        let download_error = download_error.clone();
        Callback::from(move |_: MouseEvent| {
            let text = state.export_document();
            let result = download::save("federation.yaml", download::YAML, text.as_bytes());
            download_error.set(result.err().map(AttrValue::from));
        })
    };
    let on_save_svg = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((output, _)) = &shown {
                let _ = download::save("topology.svg", download::SVG, output.topology.as_bytes());
            }
        })
    };
    let toggle_import = {
        let import_open = import_open.clone();
        Callback::from(move |_: MouseEvent| import_open.set(!*import_open))
    };
    let close_import = {
        let import_open = import_open.clone();
        Callback::from(move |()| {
            import_open.set(false);
            focus::element("open-import");
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |path: String| selected.set(AttrValue::from(path)))
    };
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        focus::element("form-start");
    });

    let n_errors = errors.0.len();
    let blocked = (n_errors > 0).then(|| {
        AttrValue::from(format!(
            "Download is off until the {} listed at the top of the form {} fixed.",
            if n_errors == 1 {
                "problem".to_owned()
            } else {
                format!("{n_errors} problems")
            },
            if n_errors == 1 { "is" } else { "are" }
        ))
    });
    let status = match (&shown, current.is_some() || stale) {
        (Some((output, took)), true) => AttrValue::from(format!(
            "{} files · regenerated in {:.1} ms",
            output.bundle.files.len(),
            took
        )),
        (Some(_), false) => AttrValue::from("updating…"),
        (None, _) => AttrValue::from("generating…"),
    };

    let preview = match &shown {
        Some((output, _)) => {
            let path = if output.bundle.files.contains_key(selected.as_str()) {
                (*selected).clone()
            } else {
                AttrValue::from(FIRST_FILE)
            };
            let file = output.bundle.files.get(path.as_str());
            html! {
                <>
                    <section class="card" aria-labelledby="topology-heading">
                        <h2 id="topology-heading">{ "Topology" }</h2>
                        if stale { <p class="stale" role="status">{ "Showing the last valid configuration until the problems are fixed." }</p> }
                        <TopologyView svg={output.topology.clone()} on_save={on_save_svg} />
                        <RouteTable routes={output.routes.clone()} />
                    </section>
                    <section class="card files" aria-labelledby="files-heading">
                        <h2 id="files-heading">{ "Files" }</h2>
                        if stale { <p class="stale">{ "Showing the last valid configuration until the problems are fixed." }</p> }
                        <details class="install">
                            <summary>{ "Install commands" }</summary>
                            <pre class="code" tabindex="0" id="install-commands"><code>{ output.install.clone() }</code></pre>
                            <CopyButton text={output.install.clone()} label="Copy install commands" id={AttrValue::from("copy-install")} />
                        </details>
                        <div class="files-body">
                            <FileTree files={output.files.clone()} selected={Some(path.clone())} on_select={on_select} />
                            if let Some(file) = file {
                                <FilePreview path={path.clone()} contents={AttrValue::from(file.contents.clone())} executable={file.executable} />
                            }
                        </div>
                    </section>
                </>
            }
        }
        None => html! {
            <section class="card"><p>{ "Fix the problems listed in the form to see the charts." }</p></section>
        },
    };

    let count = |prefix: &str| form.count_under(prefix);
    html! {
        <>
            <a class="skip-link" href="#form-start" onclick={skip}>{ "Skip to the form" }</a>
            <header class="site-header">
                <div class="brand">
                    <h1>{ "FATE federation configurator" }</h1>
                    <p class="tagline">{ "Helm charts for every party and the exchange of a FATE 1.2/1.3 federation on Kubernetes, generated in this tab: nothing leaves your browser." }</p>
                </div>
                <Toolbar
                    can_undo={state.can_undo()}
                    can_redo={state.can_redo()}
                    on_undo={dispatch.reform(|_: MouseEvent| Action::Undo)}
                    on_redo={dispatch.reform(|_: MouseEvent| Action::Redo)}
                    on_import={toggle_import}
                    on_export={on_export}
                    on_reset={dispatch.reform(|()| Action::Reset)}
                />
                <ShareBar link={share_link} />
            </header>
            if let Some(notice) = &state.notice {
                <NoticeBanner notice={notice.clone()} on_dismiss={dispatch.reform(|_: MouseEvent| Action::DismissNotice)} />
            }
            if *import_open {
                <ImportDialog dispatch={dispatch.clone()} on_close={close_import} />
            }
            <main class="layout">
                <div class="form-column" id="form-start" tabindex="-1">
                    <ErrorSummary errors={errors.clone()} party_ids={party_ids.clone()} />
                    <Section id="parties" title="Parties" problems={count("parties")}
                        description={AttrValue::from("Each party is a FATE cluster in its own namespace. Peers reach a party's proxy at its node address and NodePort.")}>
                        <PartyTable parties={Rc::new(config.parties.clone())} form={form.clone()} />
                    </Section>
                    <Section id="exchange" title="Exchange" problems={count("exchange")}>
                        <ExchangeForm exchange={config.exchange.clone()}
                            node_label={AttrValue::from(config.placement.node_label.clone())}
                            form={form.scoped("exchange")} />
                    </Section>
                    <Section id="images" title="Images" problems={count("images") + count("fateVersion")}>
                        <ImagesForm images={config.images.clone()} fate_version={config.fate_version} form={form.scoped("images")} />
                    </Section>
                    <Section id="storage" title="Storage" problems={count("storage")}>
                        <StorageForm storage={config.storage.clone()} form={form.scoped("storage")} />
                    </Section>
                    <Section id="placement" title="Placement" problems={count("placement")}
                        description={AttrValue::from("Which nodes run each component, for every party without its own placement.")}>
                        <PlacementForm scope={PlacementScope::Shared} placement={config.placement.clone()} form={form.scoped("placement")} />
                    </Section>
                    <Section id="ingress" title="Ingress" problems={count("ingress")}>
                        <IngressForm ingress={config.ingress.clone()} form={form.scoped("ingress")} />
                    </Section>
                    <Section id="credentials" title="Credentials" problems={count("credentials")}>
                        <CredentialsForm ids={party_ids.clone()} credentials={config.credentials.clone()} form={form.scoped("credentials")} />
                    </Section>
                    <Section id="target" title="Helm target">
                        <TargetForm target={config.target} form={form.clone()} />
                    </Section>
                </div>
                <aside class="preview-column" aria-label="Output">
                    <Downloads
                        blocked={blocked}
                        party_ids={shown.as_ref().map(|(o, _)| o.federation.parties.iter().map(|p| p.id.clone()).collect::<Vec<_>>()).unwrap_or_default()}
                        exchange={shown.as_ref().is_some_and(|(o, _)| o.federation.exchange.is_some())}
                        status={status}
                        failure={(*download_error).clone()}
                        on_download={on_download}
                    />
                    { preview }
                </aside>
            </main>
            <footer class="site-footer">
                <p>{ "Everything is computed in this page by the same generator as the fate-chartgen CLI: the same configuration and passwords give the same zip, byte for byte. The configuration (without passwords) is autosaved in this browser." }</p>
                <p id="app-version">{ format!("fate-chartgen {}", crate::generator::bundle::GENERATOR_VERSION) }</p>
            </footer>
        </>
    }
}
