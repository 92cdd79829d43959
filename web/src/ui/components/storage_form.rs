//! Storage of mysql, redis and egg data (FATE 2.2: mysql, fateflow and nodemanager data): none,
//! NFS, a StorageClass or an existing claim.

use yew::prelude::*;

use crate::generator::config::{FateVersion, Storage, VolumeSizes};
use crate::ui::components::select_field::SelectField;
use crate::ui::field_path::{FieldPath, StorageField};
use crate::ui::form::Form;
use crate::ui::state::{storage_kind, STORAGE_KINDS};

/// Props of [`StorageForm`].
#[derive(Properties, PartialEq)]
pub struct StorageFormProps {
    /// The storage setting.
    pub storage: Storage,
    /// The FATE release: which components keep data.
    pub fate_version: FateVersion,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The storage section's fields.
#[function_component]
pub fn StorageForm(props: &StorageFormProps) -> Html {
    let form = &props.form;
    let text = |field, label, value: &str, placeholder, hint| {
        form.text_field(FieldPath::Storage(field), label, value, placeholder, hint)
    };
    let kind = FieldPath::Storage(StorageField::Type);
    let kinds = STORAGE_KINDS
        .iter()
        .map(|(value, label)| (AttrValue::from(*value), AttrValue::from(*label)))
        .collect::<Vec<_>>();
    let fate2 = props.fate_version.is_fate2();
    let data = if fate2 {
        "mysql, fateflow and nodemanager data"
    } else {
        "mysql, redis and egg data"
    };
    let fields = match &props.storage {
        Storage::None => html! {
            <p class="hint warning-text">{ format!("{data} live in the pods: they are lost whenever a pod is recreated. Fine for a trial, not for production.") }</p>
        },
        Storage::Nfs { server, path, size } => html! {
            <div class="grid">
                { text(StorageField::Server, "NFS server", server, Some("IP or DNS name"), None) }
                { text(StorageField::Path, "Exported path", path, None, None) }
                { text(StorageField::Size, "Capacity", size, None, None) }
            </div>
        },
        Storage::StorageClass { class, sizes } => html! {
            <div class="grid">
                { text(StorageField::Class, "StorageClass", class, Some("cluster default"), None) }
                { text(StorageField::MysqlSize, "mysql claim size", &sizes.mysql, None, None) }
                // FATE 2.2 has no redis: its size is shown only if it was changed or is wrong.
                if !fate2 || sizes.redis != VolumeSizes::default().redis
                    || !form.errors(FieldPath::Storage(StorageField::RedisSize)).is_empty() {
                    { text(StorageField::RedisSize, "redis claim size", &sizes.redis, None,
                        fate2.then_some("FATE 2.2 has no redis: this size is not used.")) }
                }
                { text(StorageField::EggSize, if fate2 { "Claim size per nodemanager" } else { "Claim size per egg" },
                    &sizes.egg, None, None) }
            </div>
        },
        Storage::ExistingClaim { claim } => html! {
            <div class="grid">
                { text(StorageField::Claim, "PersistentVolumeClaim name", claim, None, None) }
            </div>
        },
    };
    html! {
        <>
            <SelectField path={kind.clone()} label="Persistent storage"
                value={AttrValue::from(storage_kind(&props.storage))}
                options={kinds} on_change={form.set(kind)} />
            { fields }
        </>
    }
}
