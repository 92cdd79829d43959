//! The preset chooser: what a new federation starts from. Open on first load (no autosave, no
//! share link) and from the toolbar's "Presets…"; one button per preset, keyboard-usable, each
//! named by its title and described by its sentence.

use yew::prelude::*;

use crate::ui::services::focus;
use crate::ui::state::Preset;

/// Props of [`PresetPicker`].
#[derive(Properties, PartialEq)]
pub struct PresetPickerProps {
    /// Replaces the document with the chosen preset.
    pub on_choose: Callback<Preset>,
    /// Closes the chooser, keeping the document.
    pub on_close: Callback<()>,
}

/// The preset chooser.
#[function_component]
pub fn PresetPicker(props: &PresetPickerProps) -> Html {
    // The chooser is what the operator sees first: the keyboard starts on its first choice.
    use_effect_with((), |_| {
        focus::after_render(format!("preset-{}", Preset::ALL[0].key()));
    });
    let close = props.on_close.reform(|_: MouseEvent| ());
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    html! {
        <section class="card preset-picker" id="preset-picker" aria-labelledby="preset-picker-heading" {onkeydown}>
            <h2 id="preset-picker-heading">{ "Start from a preset" }</h2>
            <p class="hint">
                { "Each preset is a complete configuration to adapt. Node addresses, hosts, the registry and the NFS server it fills in are examples, marked \"example value\" until you replace them; the download waits for that (or for \"Use the example values\")." }
            </p>
            <ul class="plain preset-list">
                { for Preset::ALL.iter().map(|preset| {
                    let id = format!("preset-{}", preset.key());
                    let description = format!("{id}-description");
                    let onclick = props.on_choose.reform({
                        let preset = *preset;
                        move |_: MouseEvent| preset
                    });
                    html! {
                        <li>
                            <button type="button" class="preset" id={id.clone()}
                                aria-label={preset.title()} aria-describedby={description.clone()} {onclick}>
                                <strong>{ preset.title() }</strong>
                                <span class="preset-description" id={description}>{ preset.description() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            <div class="button-row">
                <button type="button" id="preset-close" onclick={close}>{ "Keep the current configuration" }</button>
            </div>
        </section>
    }
}
