//! The federation diagram (drawn by the core's `topology_svg`).

use yew::prelude::*;

/// Props of [`TopologyView`].
#[derive(Properties, PartialEq)]
pub struct TopologyViewProps {
    /// The SVG document (all text in it is escaped by the core).
    pub svg: AttrValue,
    /// Saves the SVG as a file.
    pub on_save: Callback<MouseEvent>,
}

/// The diagram, scaled to the panel.
#[function_component]
pub fn TopologyView(props: &TopologyViewProps) -> Html {
    // Fitted to the panel, or at its own size (scrolls) so large federations stay legible.
    let actual = use_state(|| false);
    let toggle = {
        let actual = actual.clone();
        Callback::from(move |_: MouseEvent| actual.set(!*actual))
    };
    html! {
        <figure class="topology">
            <div class={classes!("topology-canvas", actual.then_some("actual-size"))} tabindex="0"
                role="region" aria-label="Topology diagram">
                { Html::from_html_unchecked(props.svg.clone()) }
            </div>
            <figcaption>
                { "Parties, the exchange and the routes between them, with the addresses and NodePorts peers use. " }
                <span class="button-row wrap">
                    <button type="button" id="topology-zoom" aria-pressed={actual.to_string()} onclick={toggle}>
                        { if *actual { "Fit to panel" } else { "Actual size" } }
                    </button>
                    <button type="button" id="topology-save" onclick={props.on_save.clone()}>{ "Save topology.svg" }</button>
                </span>
            </figcaption>
        </figure>
    }
}
