//! The content of one file of the bundle: highlighted, with the lines the last edit changed
//! marked, secrets masked until revealed, and buttons to copy or download the file as it is in
//! the zip.

use std::ops::Range;
use std::rc::Rc;

use yew::prelude::*;

use crate::ui::components::copy_button::CopyButton;
use crate::ui::highlight::{highlight, Language, Span};
use crate::ui::line_diff::{diff_lines, LineDiff};
use crate::ui::secret_lines::Secrets;
use crate::ui::services::{download, scroll};

/// Files longer than this are shown without syntax highlighting (the spans of a 200-party
/// README would make every redraw slow); changed lines are still marked.
const HIGHLIGHT_MAX_LINES: usize = 3000;

/// What a masked secret shows (the same length whatever the secret).
const MASK: &str = "••••••••";

/// Props of [`FilePreview`].
#[derive(Properties, PartialEq)]
pub struct FilePreviewProps {
    /// Path in the bundle.
    pub path: AttrValue,
    /// Text of the file.
    pub contents: AttrValue,
    /// Written executable.
    #[prop_or_default]
    pub executable: bool,
    /// The file's text in the previous output when the last edit changed it (empty when the
    /// edit added the file); None when it did not change.
    #[prop_or_default]
    pub previous: Option<AttrValue>,
    /// The federation's passwords and keys, masked until revealed.
    #[prop_or_default]
    pub secrets: Rc<Secrets>,
}

/// Shows a file with copy, download and (when it holds secrets) reveal buttons.
#[function_component]
pub fn FilePreview(props: &FilePreviewProps) -> Html {
    // Per page session: never stored, gone on reload.
    let reveal = use_state(|| false);
    let download_failure = use_state(|| None::<String>);
    let diff = use_memo(
        (props.contents.clone(), props.previous.clone()),
        |(contents, previous)| previous.as_ref().map(|before| diff_lines(before, contents)),
    );
    let hidden = use_memo(
        (props.contents.clone(), props.secrets.clone()),
        |(contents, secrets)| secrets.hidden(contents),
    );
    let has_secrets = hidden.iter().any(Option::is_some);
    let code = use_memo(
        (
            props.path.clone(),
            props.contents.clone(),
            diff.clone(),
            hidden.clone(),
            *reveal && has_secrets,
        ),
        |(path, contents, diff, hidden, reveal)| {
            code_lines(path, contents, (**diff).as_ref(), hidden, *reveal)
        },
    );

    // A new edit, or another changed file chosen: its first changed line comes into view.
    use_effect_with((props.path.clone(), diff.clone()), |(_, diff)| {
        if diff.as_ref().as_ref().is_some_and(|d| !d.is_empty()) {
            scroll::show_first("preview-code", ".line.added, .line.removed-before");
        }
    });
    let lines = props.contents.lines().count();
    let change = (*diff).as_ref().map(change_text);
    let on_download = {
        let path = props.path.clone();
        let contents = props.contents.clone();
        let download_failure = download_failure.clone();
        Callback::from(move |_: MouseEvent| {
            let name = path.rsplit('/').next().unwrap_or(&path);
            download_failure
                .set(download::save(name, download::mime_of(&path), contents.as_bytes()).err());
        })
    };
    let toggle_reveal = {
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| reveal.set(!*reveal))
    };
    let note = has_secrets.then_some(AttrValue::from("secret-note"));
    html! {
        <div class="file-preview">
            <div class="preview-head">
                <h3 id="preview-path">{ &props.path }</h3>
                <span class="muted">
                    { format!("{lines} lines{}", if props.executable { " · executable" } else { "" }) }
                </span>
                if let Some(change) = change {
                    <span class="file-change" id="file-change">{ change }</span>
                }
                <span class="preview-actions">
                    if has_secrets {
                        <button type="button" id="reveal-secrets" aria-pressed={reveal.to_string()} onclick={toggle_reveal}
                            aria-describedby="secret-note">
                            { if *reveal { "Hide secrets" } else { "Reveal secrets" } }
                        </button>
                    }
                    <CopyButton text={props.contents.clone()} label="Copy file" id={AttrValue::from("copy-file")}
                        described_by={note.clone()} />
                    <button type="button" id="download-file" onclick={on_download}
                        aria-label={format!("Download {}", props.path)} aria-describedby={note}>
                        { "Download file" }
                    </button>
                </span>
            </div>
            if has_secrets {
                <p class="muted secret-note" id="secret-note">
                    { if *reveal {
                        "This file holds passwords or keys, shown until you press Hide. Copy and Download always give the whole file."
                    } else {
                        "Lines with passwords or keys are hidden: press Reveal secrets to see them. Copy and Download give the whole file, secrets included."
                    } }
                </p>
            }
            if let Some(failure) = &*download_failure {
                <p class="field-error" role="alert">{ failure }</p>
            }
            <pre tabindex="0" aria-labelledby="preview-path" class="code" id="preview-code"><code>{ (*code).clone() }</code></pre>
        </div>
    }
}

/// "changed by the last edit: +2 −1 lines" (or the file is new).
fn change_text(diff: &LineDiff) -> String {
    if diff.is_empty() {
        return "unchanged by the last edit".to_owned();
    }
    format!(
        "last edit: +{} −{} line{}",
        diff.added.len(),
        diff.removed,
        if diff.added.len() + diff.removed == 1 {
            ""
        } else {
            "s"
        }
    )
}

/// The file as one block per line: spans of the highlighter, the changed lines marked (class
/// `added`, or `removed-before` above where lines were removed), secrets masked unless
/// `reveal`. A file too long to highlight keeps its unchanged, unmasked lines in runs of text.
fn code_lines(
    path: &str,
    contents: &str,
    diff: Option<&LineDiff>,
    hidden: &[Option<Range<usize>>],
    reveal: bool,
) -> Html {
    let lines: Vec<&str> = contents.lines().collect();
    let spans =
        (lines.len() <= HIGHLIGHT_MAX_LINES).then(|| highlight(Language::of(path), contents));
    let mut added = vec![false; lines.len()];
    let mut removed_before = vec![false; lines.len() + 1];
    if let Some(diff) = diff {
        for &at in &diff.added {
            added[at] = true;
        }
        for &at in &diff.removed_before {
            removed_before[at] = true;
        }
    }
    let mask = |i: usize| hidden.get(i).cloned().flatten().filter(|_| !reveal);
    let mut out: Vec<Html> = Vec::with_capacity(lines.len());
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<Html>| {
        if !run.is_empty() {
            out.push(html! { <span class="line">{ format!("{}\n", run.join("\n")) }</span> });
            run.clear();
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let masked = mask(i);
        let marked = added[i] || removed_before[i];
        if spans.is_none() && masked.is_none() && !marked {
            run.push(line);
            continue;
        }
        flush(&mut run, &mut out);
        let no_spans = Vec::new();
        let line_spans = spans.as_ref().and_then(|s| s.get(i)).unwrap_or(&no_spans);
        let class = classes!(
            "line",
            added[i].then_some("added"),
            removed_before[i].then_some("removed-before"),
            masked.is_some().then_some("secret"),
        );
        // The line break is text, so a selection copied by hand keeps the lines apart.
        out.push(html! { <span {class}>{ line_html(line, line_spans, masked) }{ "\n" }</span> });
    }
    flush(&mut run, &mut out);
    if removed_before[lines.len()] {
        out.push(html! { <span class="line removed-before end" aria-hidden="true"></span> });
    }
    html! { for out }
}

/// One line's text as plain text and classed spans, cut at `masked` (which shows [`MASK`]).
fn line_html(line: &str, spans: &[Span], masked: Option<Range<usize>>) -> Html {
    let end = masked.as_ref().map_or(line.len(), |m| m.start);
    let mut parts: Vec<Html> = Vec::new();
    let mut at = 0;
    for span in spans {
        if span.range.start >= end {
            break;
        }
        if span.range.start > at {
            parts.push(Html::from(line[at..span.range.start].to_owned()));
        }
        let stop = span.range.end.min(end);
        parts.push(html! { <span class={span.class.css()}>{ line[span.range.start..stop].to_owned() }</span> });
        at = stop;
    }
    if at < end {
        parts.push(Html::from(line[at..end].to_owned()));
    }
    if masked.is_some() {
        parts.push(
            html! { <span class="masked" title="Hidden: press Reveal secrets">{ MASK }</span> },
        );
    }
    html! { for parts }
}
