//! Who routes whom: the exchange's route table (or, in a mesh, where peers reach each party).

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::derived::RouteView;

/// Props of [`RouteTable`].
#[derive(Properties, PartialEq)]
pub struct RouteTableProps {
    /// The table.
    pub routes: Rc<RouteView>,
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
                        <tr><th scope="row">{ id }</th><td><code>{ at }</code></td><td>{ how }</td></tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
