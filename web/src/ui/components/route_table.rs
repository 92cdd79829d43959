//! Who routes whom: the exchange's route table (or, in a mesh, where peers reach each party).
//! Each party's id leads to its form card.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::derived::RouteView;

/// Props of [`RouteTable`].
#[derive(Properties, PartialEq)]
pub struct RouteTableProps {
    /// The table.
    pub routes: Rc<RouteView>,
    /// A party's id was chosen: go to its form card.
    pub on_party: Callback<String>,
}

/// The route table.
#[function_component]
pub fn RouteTable(props: &RouteTableProps) -> Html {
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="route-caption">
            <table class="routes" id="route-table">
                <caption id="route-caption">{ &props.routes.title }</caption>
                <thead><tr><th scope="col">{ "Party" }</th><th scope="col">{ "Reached at" }</th><th scope="col">{ "Via" }</th></tr></thead>
                <tbody>
                    { for props.routes.rows.iter().map(|(id, at, how)| html! {
                        <tr>
                            <th scope="row">
                                <button type="button" class="link-button" aria-label={format!("Edit party {id}")}
                                    onclick={props.on_party.reform({ let id = id.clone(); move |_: MouseEvent| id.clone() })}>
                                    { id }
                                </button>
                            </th>
                            <td><code>{ at }</code></td><td>{ how }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
