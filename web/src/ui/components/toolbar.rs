//! Undo, redo, import, export, presets and reset.

use yew::prelude::*;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Undo is possible.
    pub can_undo: bool,
    /// Redo is possible.
    pub can_redo: bool,
    /// Undo.
    pub on_undo: Callback<MouseEvent>,
    /// Redo.
    pub on_redo: Callback<MouseEvent>,
    /// Opens the import panel.
    pub on_import: Callback<MouseEvent>,
    /// Downloads federation.yaml.
    pub on_export: Callback<MouseEvent>,
    /// Resets to the example (after confirmation here).
    pub on_reset: Callback<()>,
    /// Opens the preset chooser.
    pub on_presets: Callback<MouseEvent>,
}

/// The toolbar.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let confirming = use_state(|| false);
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let confirm = {
        let confirming = confirming.clone();
        let on_reset = props.on_reset.clone();
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_reset.emit(());
        })
    };
    html! {
        <div class="toolbar" role="group" aria-label="Document">
            <button type="button" id="undo" disabled={!props.can_undo} onclick={props.on_undo.clone()}
                aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">{ "Undo" }</button>
            <button type="button" id="redo" disabled={!props.can_redo} onclick={props.on_redo.clone()}
                aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">{ "Redo" }</button>
            <span class="toolbar-gap"></span>
            <button type="button" id="open-import" onclick={props.on_import.clone()}>{ "Import…" }</button>
            <button type="button" id="export" onclick={props.on_export.clone()}
                title="The configuration document, without passwords">{ "Export federation.yaml" }</button>
            <button type="button" id="open-presets" onclick={props.on_presets.clone()}
                title="Start again from a preset (Undo brings this configuration back)">{ "Presets…" }</button>
            if *confirming {
                <span class="confirm" role="group" aria-label="Confirm reset">
                    <span>{ "Replace everything with the example federation?" }</span>
                    <button type="button" class="danger" id="reset-confirm" onclick={confirm}>{ "Reset" }</button>
                    <button type="button" id="reset-cancel" onclick={cancel}>{ "Cancel" }</button>
                </span>
            } else {
                <button type="button" id="reset" onclick={ask}>{ "Reset…" }</button>
            }
        </div>
    }
}
