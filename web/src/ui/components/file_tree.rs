//! The bundle's files as a folder tree; folders open and close, a file is chosen for preview.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use yew::prelude::*;

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
}

#[derive(Default)]
struct Folder {
    folders: BTreeMap<String, Folder>,
    files: Vec<(String, String, usize)>,
}

fn build(files: &[(String, usize)]) -> Folder {
    let mut root = Folder::default();
    for (path, size) in files {
        let mut folder = &mut root;
        let mut parts: Vec<&str> = path.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        for part in parts {
            folder = folder.folders.entry(part.to_owned()).or_default();
        }
        folder.files.push((name.to_owned(), path.clone(), *size));
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

/// The file tree.
#[function_component]
pub fn FileTree(props: &FileTreeProps) -> Html {
    let open = use_state(BTreeMap::<String, bool>::new);
    let tree = use_memo(props.files.clone(), |files| build(files));
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
                            <button type="button" class="tree-folder" aria-expanded={expanded.to_string()} onclick={toggle}>
                                <span aria-hidden="true" class="chevron">{ if expanded { "▾" } else { "▸" } }</span>
                                { format!("{name}/") }
                            </button>
                            if expanded {
                                <ul>{ render(child, &path, open, forced, selected, on_select) }</ul>
                            }
                        </li>
                    }
                }) }
                { for folder.files.iter().map(|(name, path, bytes)| {
                    let current = path == selected;
                    let onclick = {
                        let on_select = on_select.clone();
                        let path = path.clone();
                        Callback::from(move |_: MouseEvent| on_select.emit(path.clone()))
                    };
                    html! {
                        <li class="file">
                            <button type="button" class={classes!("tree-file", current.then_some("current"))}
                                aria-current={current.then_some("true")} {onclick} data-path={path.clone()}>
                                <span class="file-name">{ name }</span>
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
            <ul>{ render(&tree, "", &open, &forced, &selected, &props.on_select) }</ul>
        </nav>
    }
}
