//! The bundle's files as a folder tree; folders open and close, a file is chosen for preview.
//! Files the last edit added, changed or removed are marked, and so are the folders holding them.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use yew::prelude::*;

use crate::ui::derived::{Changes, FileChange};

/// Props of [`FileTree`].
#[derive(Properties, PartialEq)]
pub struct FileTreeProps {
    /// (path, size in bytes) of every file, sorted.
    pub files: Rc<Vec<(String, usize)>>,
    /// The file shown in the preview.
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    /// Called with the path of a chosen file.
    pub on_select: Callback<String>,
    /// What the last edit changed (removed files are listed, not selectable).
    #[prop_or_default]
    pub changes: Rc<Changes>,
}

#[derive(Default)]
struct Folder {
    folders: BTreeMap<String, Folder>,
    /// (name, path, size; None for a removed file).
    files: Vec<(String, String, Option<usize>)>,
    /// Something under it changed.
    changed: bool,
}

fn build(files: &[(String, usize)], changes: &Changes) -> Folder {
    let mut root = Folder::default();
    let removed = changes
        .iter()
        .filter(|(_, change)| **change == FileChange::Removed)
        .map(|(path, _)| (path, None));
    let mut all: Vec<(&String, Option<usize>)> = files
        .iter()
        .map(|(path, size)| (path, Some(*size)))
        .chain(removed)
        .collect();
    all.sort();
    for (path, size) in all {
        let mut folder = &mut root;
        let mut parts: Vec<&str> = path.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        let changed = changes.contains_key(path);
        for part in parts {
            folder = folder.folders.entry(part.to_owned()).or_default();
            folder.changed |= changed;
        }
        folder.files.push((name.to_owned(), path.clone(), size));
    }
    root
}

fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// A name with a line-break opportunity (`<wbr>`) before each inner `.` and after each `-`,
/// so a long name wraps between its words (`values` `.schema` `.json`) rather than at any letter.
fn breakable(name: &str) -> Html {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, c) in name.char_indices() {
        let cut = match c {
            '.' if at > 0 => at,
            '-' => at + 1,
            _ => continue,
        };
        if cut > start {
            parts.push(&name[start..cut]);
            start = cut;
        }
    }
    parts.push(&name[start..]);
    html! { for parts.into_iter().map(|part| html! { <>{ part.to_owned() }<wbr /></> }) }
}

/// The file tree.
#[function_component]
pub fn FileTree(props: &FileTreeProps) -> Html {
    let open = use_state(BTreeMap::<String, bool>::new);
    let tree = use_memo(
        (props.files.clone(), props.changes.clone()),
        |(files, changes)| build(files, changes),
    );
    let selected = props.selected.clone().unwrap_or_default();
    // Folders on the way to the selected file are shown open.
    let mut forced = BTreeSet::new();
    let mut prefix = String::new();
    for part in selected
        .split('/')
        .collect::<Vec<_>>()
        .iter()
        .rev()
        .skip(1)
        .rev()
    {
        prefix.push_str(part);
        prefix.push('/');
        forced.insert(prefix.clone());
    }
    fn render(
        folder: &Folder,
        at: &str,
        open: &UseStateHandle<BTreeMap<String, bool>>,
        forced: &BTreeSet<String>,
        selected: &str,
        on_select: &Callback<String>,
        changes: &Changes,
    ) -> Html {
        html! {
            <>
                { for folder.folders.iter().map(|(name, child)| {
                    let path = format!("{at}{name}/");
                    // The user's choice wins; otherwise folders holding the selected file are open.
                    let expanded = open.get(&path).copied().unwrap_or_else(|| forced.contains(&path));
                    let toggle = {
                        let open = open.clone();
                        let path = path.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut choices = (*open).clone();
                            choices.insert(path.clone(), !expanded);
                            open.set(choices);
                        })
                    };
                    html! {
                        <li class="folder">
                            <button type="button" class="tree-folder" aria-expanded={expanded.to_string()} onclick={toggle}
                                data-folder={path.clone()}>
                                <span aria-hidden="true" class="chevron">{ if expanded { "▾" } else { "▸" } }</span>
                                <span class="file-name">{ breakable(&format!("{name}/")) }</span>
                                if child.changed {
                                    <span class="change-mark folder-changed">{ "changes" }</span>
                                }
                            </button>
                            if expanded {
                                <ul>{ render(child, &path, open, forced, selected, on_select, changes) }</ul>
                            }
                        </li>
                    }
                }) }
                { for folder.files.iter().map(|(name, path, bytes)| {
                    let change = changes.get(path).copied();
                    let mark = change.map(|change| html! {
                        <span class={classes!("change-mark", change.word())}>{ change.word() }</span>
                    });
                    let Some(bytes) = bytes else {
                        return html! {
                            <li class="file">
                                <span class="tree-file removed" data-path={path.clone()}>
                                    <span class="file-name">{ breakable(name) }</span>
                                    { for mark }
                                </span>
                            </li>
                        };
                    };
                    let current = path == selected;
                    let onclick = {
                        let on_select = on_select.clone();
                        let path = path.clone();
                        Callback::from(move |_: MouseEvent| on_select.emit(path.clone()))
                    };
                    html! {
                        <li class="file">
                            <button type="button" class={classes!("tree-file", current.then_some("current"))}
                                aria-current={current.then_some("true")} {onclick} data-path={path.clone()}
                                data-change={change.map(FileChange::word)} title={path.clone()}>
                                <span class="file-name">{ breakable(name) }</span>
                                { for mark }
                                <span class="file-size">{ size(*bytes) }</span>
                            </button>
                        </li>
                    }
                }) }
            </>
        }
    }
    html! {
        <nav class="file-tree" aria-label="Files of the bundle">
            <ul>{ render(&tree, "", &open, &forced, &selected, &props.on_select, &props.changes) }</ul>
        </nav>
    }
}
