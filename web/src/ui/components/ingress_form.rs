//! The fateboard Ingress of every party.

use yew::prelude::*;

use crate::generator::config::Ingress;
use crate::ui::components::checkbox::Checkbox;
use crate::ui::components::text_field::TextField;
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
    html! {
        <>
            <Checkbox path="ingress.enabled" label="Expose each party's fateboard through an Ingress"
                checked={ingress.enabled} on_change={form.toggle("ingress.enabled")} />
            if ingress.enabled {
                <div class="grid">
                    <TextField path="ingress.className" label="IngressClass"
                        value={AttrValue::from(ingress.class_name.clone())}
                        on_change={form.set("ingress.className")}
                        errors={form.errors("ingress.className")} />
                    <TextField path="ingress.tlsSecret" label="TLS Secret"
                        value={AttrValue::from(ingress.tls_secret.clone())}
                        on_change={form.set("ingress.tlsSecret")}
                        errors={form.errors("ingress.tlsSecret")}
                        placeholder={AttrValue::from("none: plain HTTP")}
                        hint={AttrValue::from("An existing kubernetes.io/tls Secret in each party namespace.")} />
                </div>
            }
        </>
    }
}
