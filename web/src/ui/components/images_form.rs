//! Image sources: registry, FATE version and tags, pull policy and pull secrets.

use yew::prelude::*;

use crate::generator::config::{FateVersion, Images, PullPolicy};
use crate::ui::components::select_field::SelectField;
use crate::ui::field_path::{FieldPath, ImagesField};
use crate::ui::form::Form;
use crate::ui::paths::field_id;
use crate::ui::state::Action;

/// Props of [`ImagesForm`].
#[derive(Properties, PartialEq)]
pub struct ImagesFormProps {
    /// The image settings.
    pub images: Images,
    /// The FATE release.
    pub fate_version: FateVersion,
    /// Errors, drafts and dispatch.
    pub form: Form,
}

/// The images section's fields.
#[function_component]
pub fn ImagesForm(props: &ImagesFormProps) -> Html {
    let form = &props.form;
    let images = &props.images;
    let text = |field, label, value: &str, placeholder: Option<String>, hint| {
        form.text_field(
            FieldPath::Images(field),
            label,
            value,
            placeholder.as_deref(),
            hint,
        )
    };
    let versions = FateVersion::ALL
        .iter()
        .map(|v| {
            (
                AttrValue::from(v.as_str()),
                AttrValue::from(format!("FATE {}", v.as_str())),
            )
        })
        .collect::<Vec<_>>();
    let policies = [
        PullPolicy::IfNotPresent,
        PullPolicy::Always,
        PullPolicy::Never,
    ]
    .iter()
    .map(|p| (AttrValue::from(p.as_str()), AttrValue::from(p.as_str())))
    .collect::<Vec<_>>();
    html! {
        <>
            <div class="grid">
                <SelectField path={FieldPath::FateVersion} label="FATE version"
                    value={AttrValue::from(props.fate_version.as_str())}
                    options={versions} on_change={form.set(FieldPath::FateVersion)} />
                { text(ImagesField::Registry, "Registry", &images.registry, Some("Docker Hub".to_owned()),
                    Some("Registry and project for every image, e.g. harbor.example:8443/federatedai.")) }
                { text(ImagesField::Tag, "FATE image tag", images.tag.as_deref().unwrap_or_default(),
                    Some(props.fate_version.default_tag()), None) }
                { text(ImagesField::MysqlTag, "mysql tag", &images.mysql_tag, None, None) }
                { text(ImagesField::RedisTag, "redis tag", &images.redis_tag, None, None) }
                <SelectField path={FieldPath::Images(ImagesField::PullPolicy)} label="Pull policy"
                    value={AttrValue::from(images.pull_policy.as_str())}
                    options={policies} on_change={form.set(FieldPath::Images(ImagesField::PullPolicy))} />
            </div>
            <fieldset class="list">
                <legend>{ "Image pull secrets (existing docker-registry Secrets in each namespace)" }</legend>
                if images.pull_secrets.is_empty() {
                    <p class="hint">{ "None." }</p>
                }
                <ul class="plain">
                    { for images.pull_secrets.iter().enumerate().map(|(i, secret)| {
                        html! {
                            <li class="inline-row">
                                { form.text_field(FieldPath::PullSecret(i), &format!("Pull secret {}", i + 1), secret, None, None) }
                                <button type="button" class="icon danger"
                                    aria-label={format!("Remove pull secret {}", i + 1)}
                                    onclick={form.send(Action::RemovePullSecret(i))}>{ "Remove" }</button>
                            </li>
                        }
                    }) }
                </ul>
                <button type="button" id={field_id("images.pullSecrets")}
                    onclick={form.send(Action::AddPullSecret)}>{ "Add pull secret" }</button>
            </fieldset>
        </>
    }
}
