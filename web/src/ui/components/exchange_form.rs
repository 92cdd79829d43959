//! The exchange: on (star) or off (mesh), and where it runs.

use yew::prelude::*;

use crate::generator::config::Exchange;
use crate::ui::components::checkbox::Checkbox;
use crate::ui::components::number_field::NumberField;
use crate::ui::form::Form;

/// Props of [`ExchangeForm`].
#[derive(Properties, PartialEq)]
pub struct ExchangeFormProps {
    /// The exchange, if on.
    pub exchange: Option<Exchange>,
    /// The placement node label key (for the hint).
    pub node_label: AttrValue,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The exchange section's fields.
#[function_component]
pub fn ExchangeForm(props: &ExchangeFormProps) -> Html {
    let form = &props.form;
    let text =
        |field: &str, label: &str, value: &str, placeholder: Option<&str>, hint: Option<String>| {
            form.text_field(
                format!("exchange.{field}"),
                label,
                value,
                placeholder,
                hint.as_deref(),
            )
        };
    html! {
        <>
            <Checkbox
                path="exchange"
                label="Route all traffic through an exchange"
                checked={props.exchange.is_some()}
                on_change={form.toggle("exchange")}
                hint={AttrValue::from("Without an exchange every party routes every other party directly (mesh).")}
            />
            if let Some(exchange) = &props.exchange {
                <div class="grid">
                    { text("address", "Exchange node address", &exchange.address, Some("IP or DNS name"), None) }
                    <NumberField
                        path="exchange.nodePort"
                        label="Exchange proxy NodePort"
                        value={form.number("exchange.nodePort", Some(exchange.node_port))}
                        on_change={form.set("exchange.nodePort")}
                        errors={form.errors("exchange.nodePort")}
                    />
                    { text("namespace", "Namespace", exchange.namespace.as_deref().unwrap_or_default(), Some("fate-exchange"), None) }
                    { text("nodeLabelValue", "Node label value", &exchange.node_label_value, Some("any node"),
                        Some(format!("Pins the exchange proxy to nodes labelled {}=<value>.", props.node_label))) }
                </div>
            }
        </>
    }
}
