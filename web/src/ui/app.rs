//! The root component: wires the hooks (`crate::ui::hooks`: the reducer, validation, the
//! regenerated output, autosave, the share link in the URL, shortcuts, downloads) to the
//! components and lays out the page.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::components::action_bar::{bundle_summary, ActionBar, DOWNLOAD_ID, PROBLEMS_LINK_ID};
use crate::ui::components::certificate_table::CertificateTable;
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
use crate::ui::components::notice_banner::{ExamplesBanner, NoticeBanner, SecretsBanner};
use crate::ui::components::party_table::PartyTable;
use crate::ui::components::placement_form::PlacementForm;
use crate::ui::components::preset_picker::PresetPicker;
use crate::ui::components::route_table::RouteTable;
use crate::ui::components::section::Section;
use crate::ui::components::share_bar::ShareBar;
use crate::ui::components::storage_form::StorageForm;
use crate::ui::components::target_form::TargetForm;
use crate::ui::components::tls_form::TlsForm;
use crate::ui::components::toolbar::Toolbar;
use crate::ui::components::topology_view::TopologyView;
use crate::ui::derived::{change_summary, FileChange};
use crate::ui::field_path::{FieldPath, PartyField, PlacementScope};
use crate::ui::form::Form;
use crate::ui::hooks::autosave::use_autosave;
use crate::ui::hooks::downloads::{blocked_reason, use_downloads};
use crate::ui::hooks::import_panel::use_import_panel;
use crate::ui::hooks::page_state::{use_credentials_export, use_page_state, CREDENTIALS_FILE};
use crate::ui::hooks::preview::{use_errors, use_preview, Preview};
use crate::ui::hooks::share_link::{use_share_fragment, use_share_link};
use crate::ui::hooks::shortcuts::use_shortcuts;
use crate::ui::services::focus;
use crate::ui::state::Action;

/// The file shown first in the preview.
const FIRST_FILE: &str = "README.md";

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let (state, dispatch) = use_page_state();
    let errors = use_errors(&state);
    let preview = use_preview(&state, &errors);
    let share_link = use_share_link(&state);
    use_autosave(&state);
    use_share_fragment(&state, &share_link);
    let import = use_import_panel();
    let downloads = use_downloads(&state, &preview);
    // Example values from a preset count as problems for the download (and the summary that
    // lists what stands between the operator and the zip), not for the preview.
    let example_problems = state.example_problems();
    let problems = if example_problems.is_empty() {
        errors.clone()
    } else {
        let mut all = (*errors).clone();
        all.0.extend(example_problems.0.iter().cloned());
        Rc::new(all)
    };
    let on_export_credentials = use_credentials_export(&state, &dispatch);
    // The full zip holds every password and key: after it, leaving the page need not ask.
    let on_download = {
        let on_download = downloads.on_download.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |which: Download| {
            let all = which == Download::All;
            on_download.emit(which);
            if all {
                dispatch.emit(Action::SecretsSaved);
            }
        })
    };
    // Ctrl+Enter: the whole zip, or while there are problems, the first of them.
    let on_download_shortcut = {
        let on_download = on_download.clone();
        let first_problem = problems.0.first().map(|e| e.path.clone());
        Callback::from(move |()| match &first_problem {
            Some(path) => {
                focus::field(path);
            }
            None => on_download.emit(Download::All),
        })
    };
    use_shortcuts(&dispatch, &on_download_shortcut);
    let selected = use_state(|| AttrValue::from(FIRST_FILE));
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |path: String| selected.set(AttrValue::from(path)))
    };
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        focus::element("form-start");
    });
    // The download button, or while it is off, the link to what is in the way.
    let skip_to_download = {
        let blocked = !problems.is_empty();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            let target = if blocked {
                PROBLEMS_LINK_ID
            } else {
                DOWNLOAD_ID
            };
            focus::element(target);
        })
    };
    // What the zip would hold; none while the preview shows an older, valid document.
    let bundle = match &preview.shown {
        Some((output, _)) if !preview.stale => Some(AttrValue::from(bundle_summary(
            output.federation.parties.len(),
            output.federation.exchange.is_some(),
            output.bundle.files.len(),
        ))),
        _ => None,
    };

    let form = Form {
        errors: errors.clone(),
        drafts: state.drafts.clone(),
        examples: Rc::new(state.examples_present()),
        dispatch: dispatch.clone(),
    };
    let config = &state.config;
    let party_ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    // A party chosen in the diagram or the route table: its form card, unfolded, focus on its id.
    let on_party = Callback::from(|index: usize| {
        focus::field_after_render(FieldPath::Party(index, PartyField::Id).to_string())
    });
    let output = output_cards(
        &preview,
        &selected,
        on_select,
        downloads.on_save_svg.clone(),
        on_party,
    );

    let count = |prefix: &str| form.count_under(prefix);
    html! {
        <>
            <a class="skip-link" href="#form-start" onclick={skip}>{ "Skip to the form" }</a>
            <a class="skip-link" href="#download-all" id="skip-to-download" onclick={skip_to_download}>{ "Skip to download" }</a>
            <header class="site-header">
                <div class="brand">
                    <h1>{ "FATE federation configurator" }</h1>
                    <p class="tagline">{ "Helm charts for every party and the exchange of a FATE 1.2/1.3 or 2.2 federation on Kubernetes, generated in this tab: nothing leaves your browser." }</p>
                </div>
                <Toolbar
                    can_undo={state.can_undo()}
                    can_redo={state.can_redo()}
                    on_undo={dispatch.reform(|_: MouseEvent| Action::Undo)}
                    on_redo={dispatch.reform(|_: MouseEvent| Action::Redo)}
                    on_import={import.toggle}
                    on_export={downloads.on_export}
                    on_reset={dispatch.reform(|()| Action::Reset)}
                    on_presets={dispatch.reform(|_: MouseEvent| Action::ChoosePreset(true))}
                />
                <ShareBar link={share_link} />
            </header>
            if let Some(notice) = &state.notice {
                <NoticeBanner notice={notice.clone()} on_dismiss={dispatch.reform(|_: MouseEvent| Action::DismissNotice)} />
            }
            if state.choosing_preset {
                <PresetPicker on_choose={dispatch.reform(Action::ApplyPreset)}
                    on_close={dispatch.reform(|()| Action::ChoosePreset(false))} />
            }
            if !example_problems.is_empty() {
                <ExamplesBanner count={example_problems.0.len()} on_accept={dispatch.reform(|_: MouseEvent| Action::AcceptExamples)} />
            }
            if state.unsaved_secrets {
                <SecretsBanner on_export={on_export_credentials} file_name={CREDENTIALS_FILE} />
            }
            if import.open {
                <ImportDialog dispatch={dispatch.clone()} on_close={import.close} />
            }
            // Page-wide, sticky at the top of wide screens and fixed at the bottom of narrow ones
            // (static/app.css), so Download is always in view.
            <ActionBar
                blocked={blocked_reason(&problems)}
                problems={problems.0.iter().map(|e| AttrValue::from(e.path.clone())).collect::<Vec<_>>()}
                summary={bundle}
                failure={downloads.failure.clone()}
                on_download={on_download.clone()}
            />
            <main class="layout">
                <div class="form-column" id="form-start" tabindex="-1">
                    <ErrorSummary errors={problems.clone()} party_ids={party_ids.clone()} />
                    <Section id="parties" title="Parties" problems={count("parties")}
                        description={AttrValue::from("Each party is a FATE cluster in its own namespace. Peers reach a party's proxy at its node address and NodePort.")}>
                        <PartyTable parties={Rc::new(config.parties.clone())} fate_version={config.fate_version} form={form.clone()} />
                    </Section>
                    <Section id="exchange" title="Exchange" problems={count("exchange")}>
                        <ExchangeForm exchange={config.exchange.clone()}
                            node_label={AttrValue::from(config.placement.node_label.clone())}
                            form={form.scoped("exchange")} />
                    </Section>
                    <Section id="images" title="Images" problems={count("images") + count("fateVersion")}>
                        <ImagesForm images={config.images.clone()} fate_version={config.fate_version}
                            version_errors={form.errors(FieldPath::FateVersion)} form={form.scoped("images")} />
                    </Section>
                    <Section id="storage" title="Storage" problems={count("storage")}>
                        <StorageForm storage={config.storage.clone()} fate_version={config.fate_version} form={form.scoped("storage")} />
                    </Section>
                    <Section id="placement" title="Placement" problems={count("placement")}
                        description={AttrValue::from("Which nodes run each component, for every party without its own placement.")}>
                        <PlacementForm scope={PlacementScope::Shared} placement={config.placement.clone()}
                            fate_version={config.fate_version} form={form.scoped("placement")} />
                    </Section>
                    <Section id="ingress" title="Ingress" problems={count("ingress")}>
                        <IngressForm ingress={config.ingress.clone()} form={form.scoped("ingress")} />
                    </Section>
                    <Section id="credentials" title="Credentials" problems={count("credentials")}>
                        <CredentialsForm ids={party_ids.clone()} credentials={config.credentials.clone()}
                            fate_version={config.fate_version} form={form.scoped("credentials")} />
                    </Section>
                    <Section id="tls" title="Mutual TLS" problems={count("tls") + count("certificates")}
                        description={AttrValue::from("FATE 2.2: party-to-party and party-to-exchange traffic over TLS, each OSX proving itself with a certificate of the federation authority.")}>
                        <TlsForm config={config.clone()} origins={state.origins.clone()} form={form.clone()} />
                    </Section>
                    <Section id="target" title="Helm target" problems={count("target")}>
                        <TargetForm target={config.target} fate_version={config.fate_version} form={form.scoped("target")} />
                    </Section>
                </div>
                <aside class="preview-column" aria-label="Output">
                    <Downloads
                        blocked={!problems.is_empty()}
                        party_ids={preview.party_ids()}
                        exchange={preview.has_exchange()}
                        status={preview.status()}
                        on_download={on_download}
                    />
                    { output }
                </aside>
            </main>
            <footer class="site-footer">
                <p>{ "Everything is computed in this page by the same generator as the fate-chartgen CLI: the same configuration and passwords give the same zip, byte for byte. The configuration (without passwords) is autosaved in this browser." }</p>
                <p id="app-version">{ format!("fate-chartgen {}", crate::generator::bundle::GENERATOR_VERSION) }</p>
            </footer>
        </>
    }
}

/// The topology and files cards: the last output made, marked stale while the document has
/// problems; `selected` is the file previewed (README.md when it is not in the bundle).
fn output_cards(
    preview: &Preview,
    selected: &AttrValue,
    on_select: Callback<String>,
    on_save_svg: Callback<MouseEvent>,
    on_party: Callback<usize>,
) -> Html {
    let stale = preview.stale;
    match &preview.shown {
        Some((output, _)) => {
            let path = if output.bundle.files.contains_key(selected.as_str()) {
                selected.clone()
            } else {
                AttrValue::from(FIRST_FILE)
            };
            let file = output.bundle.files.get(path.as_str());
            // The previewed file's text before the last edit, when that edit changed it.
            let previous = match preview.changes.get(path.as_str()) {
                Some(FileChange::Changed | FileChange::Added) => Some(AttrValue::from(
                    preview
                        .previous
                        .as_ref()
                        .and_then(|before| before.bundle.files.get(path.as_str()))
                        .map(|before| before.contents.clone())
                        .unwrap_or_default(),
                )),
                _ => None,
            };
            let change_summary = change_summary(&preview.changes);
            html! {
                <>
                    <section class="card" aria-labelledby="topology-heading">
                        <h2 id="topology-heading">{ "Topology" }</h2>
                        if stale { <p class="stale" role="status">{ "Showing the last valid configuration until the problems are fixed." }</p> }
                        <TopologyView svg={output.topology.clone()} on_save={on_save_svg} on_party={on_party.clone()} />
                        <RouteTable routes={output.routes.clone()} on_party={party_by_id(&output.federation, on_party)} />
                        <CertificateTable rows={output.certificates.clone()} />
                    </section>
                    <section class="card files" aria-labelledby="files-heading">
                        <h2 id="files-heading">{ "Files" }</h2>
                        <p class="change-summary muted" id="change-summary" role="status">{ change_summary.unwrap_or_default() }</p>
                        if stale { <p class="stale">{ "Showing the last valid configuration until the problems are fixed." }</p> }
                        <details class="install">
                            <summary>{ "Install commands" }</summary>
                            <pre class="code" tabindex="0" id="install-commands"><code>{ output.install.clone() }</code></pre>
                            <CopyButton text={output.install.clone()} label="Copy install commands" id={AttrValue::from("copy-install")} />
                        </details>
                        <div class="files-body">
                            <FileTree files={output.files.clone()} selected={Some(path.clone())} on_select={on_select}
                                changes={preview.changes.clone()} />
                            if let Some(file) = file {
                                <FilePreview path={path.clone()} contents={AttrValue::from(file.contents.clone())} executable={file.executable}
                                    previous={previous} secrets={output.secrets.clone()} />
                            }
                        </div>
                    </section>
                </>
            }
        }
        None => match &preview.failure {
            Some(failure) => html! {
                <section class="card"><p class="field-error" role="alert" id="preview-failure">{ failure }</p></section>
            },
            None => html! {
                <section class="card"><p>{ "Fix the problems listed in the form to see the charts." }</p></section>
            },
        },
    }
}

/// `on_party` for a party named by its id in `federation` (the output shown).
fn party_by_id(
    federation: &crate::generator::federation::Federation,
    on_party: Callback<usize>,
) -> Callback<String> {
    let ids: Vec<String> = federation.parties.iter().map(|p| p.id.clone()).collect();
    Callback::from(move |id: String| {
        if let Some(index) = ids.iter().position(|p| *p == id) {
            on_party.emit(index);
        }
    })
}
