//! The federation diagram (drawn by the core's `topology_svg`): shown at its own size, where its
//! text is 12 px, with zoom (buttons and keys), full screen, and a click on a party's box that
//! takes the user to that party's form card.

use yew::prelude::*;

use crate::ui::services::focus;

/// Zoom steps in percent of the diagram's own size; the default is 100 (its text is 12 px).
const ZOOM_STEPS: [u16; 7] = [50, 67, 80, 100, 125, 150, 200];
const ACTUAL_SIZE: usize = 3;

/// DOM id of the scrolling canvas (keys act when it has focus).
const CANVAS_ID: &str = "topology-canvas";

/// Props of [`TopologyView`].
#[derive(Properties, PartialEq)]
pub struct TopologyViewProps {
    /// The SVG document (all text in it is escaped by the core; its party boxes carry
    /// `data-party`, their index in the document).
    pub svg: AttrValue,
    /// Saves the SVG as a file.
    pub on_save: Callback<MouseEvent>,
    /// A party's box was clicked: its index in the document.
    pub on_party: Callback<usize>,
}

/// How the diagram is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zoom {
    /// Scaled to the panel's width (small text for large federations).
    Fit,
    /// A step of [`ZOOM_STEPS`].
    Step(usize),
}

impl Zoom {
    fn zoom_in(self) -> Zoom {
        match self {
            Zoom::Fit => Zoom::Step(ACTUAL_SIZE),
            Zoom::Step(i) => Zoom::Step((i + 1).min(ZOOM_STEPS.len() - 1)),
        }
    }

    fn zoom_out(self) -> Zoom {
        match self {
            Zoom::Fit => Zoom::Step(0),
            Zoom::Step(i) => Zoom::Step(i.saturating_sub(1)),
        }
    }

    /// The canvas's class (static/app.css scales the SVG by it: no inline style under the CSP).
    fn class(self) -> String {
        match self {
            Zoom::Fit => "zoom-fit".to_owned(),
            Zoom::Step(i) => format!("zoom-{}", ZOOM_STEPS[i]),
        }
    }

    fn label(self) -> String {
        match self {
            Zoom::Fit => "fit".to_owned(),
            Zoom::Step(i) => format!("{}%", ZOOM_STEPS[i]),
        }
    }
}

/// The diagram with its zoom, full screen and save controls.
#[function_component]
pub fn TopologyView(props: &TopologyViewProps) -> Html {
    let zoom = use_state_eq(|| Zoom::Step(ACTUAL_SIZE));
    let full_screen = use_state_eq(|| false);
    let set_zoom = |next: fn(Zoom) -> Zoom| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(next(*zoom)))
    };
    let set_full_screen = |on: bool| {
        let full_screen = full_screen.clone();
        Callback::from(move |_: MouseEvent| {
            full_screen.set(on);
            focus::after_render(
                if on {
                    CANVAS_ID
                } else {
                    "topology-full-screen"
                }
                .to_owned(),
            );
        })
    };
    // Keys on the canvas: + and − zoom, 0 is the diagram's own size, F full screen; Escape
    // leaves full screen anywhere in it.
    let on_key = {
        let zoom = zoom.clone();
        let full_screen = full_screen.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() {
                return;
            }
            let on_canvas = event
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|target| target.id() == CANVAS_ID);
            match event.key().as_str() {
                "Escape" if *full_screen => {
                    full_screen.set(false);
                    focus::after_render("topology-full-screen".to_owned());
                }
                "+" | "=" if on_canvas => zoom.set(zoom.zoom_in()),
                "-" | "_" if on_canvas => zoom.set(zoom.zoom_out()),
                "0" if on_canvas => zoom.set(Zoom::Step(ACTUAL_SIZE)),
                "f" | "F" if on_canvas => {
                    full_screen.set(!*full_screen);
                    focus::after_render(CANVAS_ID.to_owned());
                }
                _ => return,
            }
            event.prevent_default();
        })
    };
    let on_click = {
        let on_party = props.on_party.clone();
        let full_screen = full_screen.clone();
        Callback::from(move |event: MouseEvent| {
            let party = event
                .target_dyn_into::<web_sys::Element>()
                .and_then(|target| target.closest("[data-party]").ok().flatten())
                .and_then(|node| node.get_attribute("data-party"))
                .and_then(|index| index.parse::<usize>().ok());
            if let Some(index) = party {
                full_screen.set(false);
                on_party.emit(index);
            }
        })
    };
    let fitted = *zoom == Zoom::Fit;
    html! {
        <figure class={classes!("topology", full_screen.then_some("full-screen"))}
            role={full_screen.then_some("dialog")} aria-modal={full_screen.then_some("true")}
            aria-label={full_screen.then_some("Topology diagram, full screen")} onkeydown={on_key}>
            <div class="button-row wrap topology-tools" role="group" aria-label="Diagram view">
                <button type="button" id="topology-zoom-out" aria-label="Zoom out" title="Zoom out (−)"
                    disabled={*zoom == Zoom::Step(0)} onclick={set_zoom(Zoom::zoom_out)}>{ "−" }</button>
                <output id="topology-zoom-level" aria-live="polite" aria-label="Zoom">{ zoom.label() }</output>
                <button type="button" id="topology-zoom-in" aria-label="Zoom in" title="Zoom in (+)"
                    disabled={*zoom == Zoom::Step(ZOOM_STEPS.len() - 1)} onclick={set_zoom(Zoom::zoom_in)}>{ "+" }</button>
                <button type="button" id="topology-zoom" aria-pressed={fitted.to_string()}
                    onclick={set_zoom(|z| if z == Zoom::Fit { Zoom::Step(ACTUAL_SIZE) } else { Zoom::Fit })}>
                    { "Fit to panel" }
                </button>
                if *full_screen {
                    <button type="button" id="topology-full-screen" onclick={set_full_screen(false)}>{ "Close full screen" }</button>
                } else {
                    <button type="button" id="topology-full-screen" onclick={set_full_screen(true)}>{ "Full screen" }</button>
                }
                <button type="button" id="topology-save" onclick={props.on_save.clone()}>{ "Save topology.svg" }</button>
            </div>
            <div class={classes!("topology-canvas", zoom.class())} id={CANVAS_ID} tabindex="0"
                role="region" aria-label="Topology diagram (keys: + and − zoom, 0 own size, F full screen)"
                onclick={on_click}>
                { Html::from_html_unchecked(props.svg.clone()) }
            </div>
            <figcaption>
                { "Parties, the exchange and the routes between them, with the addresses and NodePorts peers use. Click a party to edit it." }
            </figcaption>
        </figure>
    }
}
