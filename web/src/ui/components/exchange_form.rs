//! The exchange: on (star) or off (mesh), and where it runs.

use yew::prelude::*;

use crate::generator::naming;

use crate::generator::config::Exchange;
use crate::ui::components::checkbox::Checkbox;
use crate::ui::field_path::{ExchangeField, FieldPath};
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
    let at = FieldPath::ExchangeField;
    let text = |field, label, value: &str, placeholder, hint: Option<String>| {
        form.text_field(at(field), label, value, placeholder, hint.as_deref())
    };
    html! {
        <>
            <Checkbox
                path={FieldPath::Exchange}
                label="Route all traffic through an exchange"
                checked={props.exchange.is_some()}
                on_change={form.toggle(FieldPath::Exchange)}
            />
            if let Some(exchange) = &props.exchange {
                <div class="grid">
                    { text(ExchangeField::Address, "Exchange node address", &exchange.address, Some("IP or DNS name"), None) }
                    { form.number_field(at(ExchangeField::NodePort), "Exchange proxy NodePort", Some(exchange.node_port), None) }
                    { text(ExchangeField::Namespace, "Namespace", exchange.namespace.as_deref().unwrap_or_default(), Some(naming::DEFAULT_EXCHANGE_NAMESPACE), None) }
                    { text(ExchangeField::NodeLabelValue, "Node label value", &exchange.node_label_value, Some("any node"),
                        Some(format!("The node label is {} (Placement).", props.node_label))) }
                </div>
            }
        </>
    }
}
