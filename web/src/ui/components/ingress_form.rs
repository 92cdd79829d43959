//! The fateboard Ingress of every party.

use yew::prelude::*;

use crate::generator::config::Ingress;
use crate::ui::components::checkbox::Checkbox;
use crate::ui::field_path::{FieldPath, IngressField};
use crate::ui::form::Form;

/// Props of [`IngressForm`].
#[derive(Properties, PartialEq)]
pub struct IngressFormProps {
    /// The Ingress settings.
    pub ingress: Ingress,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The Ingress section's fields.
#[function_component]
pub fn IngressForm(props: &IngressFormProps) -> Html {
    let form = &props.form;
    let ingress = &props.ingress;
    let enabled = FieldPath::Ingress(IngressField::Enabled);
    html! {
        <>
            <Checkbox path={enabled.clone()} label="Expose each party's fateboard through an Ingress"
                checked={ingress.enabled} on_change={form.toggle(enabled)} />
            if ingress.enabled {
                <div class="grid">
                    { form.text_field(FieldPath::Ingress(IngressField::ClassName), "IngressClass",
                        &ingress.class_name, None, None) }
                    { form.text_field(FieldPath::Ingress(IngressField::TlsSecret), "TLS Secret",
                        &ingress.tls_secret, Some("none: plain HTTP"), None) }
                </div>
            }
        </>
    }
}
