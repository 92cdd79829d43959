//! Image sources: registry, FATE version and tags, pull policy and pull secrets.

use yew::prelude::*;

use crate::generator::config::{FateVersion, Images, PullPolicy, DEFAULT_REDIS_TAG};
use crate::generator::fate2::RELEASE_IMAGES;
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
    /// Problems of `fateVersion` (the form is scoped to `images`).
    #[prop_or_default]
    pub version_errors: Vec<AttrValue>,
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
    let version = props.fate_version;
    let versions = FateVersion::ALL
        .iter()
        .map(|v| {
            (
                AttrValue::from(v.as_str()),
                AttrValue::from(format!("FATE {}", v.as_str())),
            )
        })
        .collect::<Vec<_>>();
    // FATE 2.2's images each have their own release tag; one typed here applies to all.
    let (tag_placeholder, tag_hint) = if version.is_fate2() {
        let tags = RELEASE_IMAGES
            .iter()
            .map(|(image, tag)| format!("{image} {tag}"))
            .collect::<Vec<_>>()
            .join(", ");
        (
            "each image's release tag".to_owned(),
            Some(format!(
                "Empty: {tags}. A tag given here applies to every FATE image."
            )),
        )
    } else {
        (version.default_tag(), None)
    };
    // FATE 2.2 has no redis: its tag is shown only if it was changed or is wrong.
    let redis_tag_path = FieldPath::Images(ImagesField::RedisTag);
    let show_redis_tag = !version.is_fate2()
        || images.redis_tag != DEFAULT_REDIS_TAG
        || !form.errors(&redis_tag_path).is_empty();
    let redis_tag_hint = version
        .is_fate2()
        .then_some("FATE 2.2 has no redis: this tag is not used.");
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
                    value={AttrValue::from(version.as_str())}
                    errors={props.version_errors.clone()}
                    hint={AttrValue::from(format!("FATE {} runs {} Switching keeps what you typed: fields the other version has are marked until you clear them.", version.as_str(), line_summary(version)))}
                    options={versions} on_change={form.set(FieldPath::FateVersion)} />
                { text(ImagesField::Registry, "Registry", &images.registry, Some("Docker Hub".to_owned()),
                    None) }
                { form.text_field(FieldPath::Images(ImagesField::Tag), "FATE image tag",
                    images.tag.as_deref().unwrap_or_default(), Some(&tag_placeholder), tag_hint.as_deref()) }
                { text(ImagesField::MysqlTag, "mysql tag", &images.mysql_tag, None, None) }
                if show_redis_tag {
                    { text(ImagesField::RedisTag, "redis tag", &images.redis_tag, None, redis_tag_hint) }
                }
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

/// What a FATE version runs, under the select.
fn line_summary(version: FateVersion) -> &'static str {
    if version.is_fate2() {
        "OSX, eggroll 3.2 (clustermanager, nodemanagers), fateflow 2.2, fateboard 2.1, mysql."
    } else {
        "federation, proxy, eggroll 1.x (meta-service, roll, eggs), python (fate_flow, fateboard), mysql, redis."
    }
}
