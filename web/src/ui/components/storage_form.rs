//! Storage of mysql, redis and egg data: none, NFS, a StorageClass or an existing claim.

use yew::prelude::*;

use crate::generator::config::Storage;
use crate::ui::components::select_field::SelectField;
use crate::ui::form::Form;
use crate::ui::state::{storage_kind, STORAGE_KINDS};

/// Props of [`StorageForm`].
#[derive(Properties, PartialEq)]
pub struct StorageFormProps {
    /// The storage setting.
    pub storage: Storage,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The storage section's fields.
#[function_component]
pub fn StorageForm(props: &StorageFormProps) -> Html {
    let form = &props.form;
    let text =
        |field: &str, label: &str, value: &str, placeholder: Option<&str>, hint: Option<&str>| {
            form.text_field(format!("storage.{field}"), label, value, placeholder, hint)
        };
    let kinds = STORAGE_KINDS
        .iter()
        .map(|(value, label)| (AttrValue::from(*value), AttrValue::from(*label)))
        .collect::<Vec<_>>();
    let fields = match &props.storage {
        Storage::None => html! {
            <p class="hint warning-text">{ "mysql, redis and egg data live in the pods: they are lost whenever a pod is recreated. Fine for a trial, not for production." }</p>
        },
        Storage::Nfs { server, path, size } => html! {
            <div class="grid">
                { text("server", "NFS server", server, Some("IP or DNS name"), None) }
                { text("path", "Exported path", path, None, Some("Each party uses its own sub-directories.")) }
                { text("size", "Capacity", size, None, None) }
            </div>
        },
        Storage::StorageClass { class, sizes } => html! {
            <div class="grid">
                { text("class", "StorageClass", class, Some("cluster default"), None) }
                { text("sizes.mysql", "mysql claim size", &sizes.mysql, None, None) }
                { text("sizes.redis", "redis claim size", &sizes.redis, None, None) }
                { text("sizes.egg", "Claim size per egg", &sizes.egg, None, None) }
            </div>
        },
        Storage::ExistingClaim { claim } => html! {
            <div class="grid">
                { text("claim", "PersistentVolumeClaim name", claim, None,
                    Some("Must exist in every party namespace; components use sub-directories.")) }
            </div>
        },
    };
    html! {
        <>
            <SelectField path="storage.type" label="Persistent storage"
                value={AttrValue::from(storage_kind(&props.storage))}
                options={kinds} on_change={form.set("storage.type")} />
            { fields }
        </>
    }
}
