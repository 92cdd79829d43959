//! The content of one file of the bundle.

use yew::prelude::*;

use crate::ui::components::copy_button::CopyButton;

/// Props of [`FilePreview`].
#[derive(Properties, PartialEq)]
pub struct FilePreviewProps {
    /// Path in the bundle.
    pub path: AttrValue,
    /// Text of the file.
    pub contents: AttrValue,
    /// Written executable.
    #[prop_or_default]
    pub executable: bool,
}

/// Shows a file with a copy button.
#[function_component]
pub fn FilePreview(props: &FilePreviewProps) -> Html {
    let lines = props.contents.lines().count();
    html! {
        <div class="file-preview">
            <div class="preview-head">
                <h3 id="preview-path">{ &props.path }</h3>
                <span class="muted">
                    { format!("{lines} lines{}", if props.executable { " · executable" } else { "" }) }
                </span>
                <CopyButton text={props.contents.clone()} label="Copy file" id={AttrValue::from("copy-file")} />
            </div>
            <pre tabindex="0" aria-labelledby="preview-path" class="code"><code>{ &props.contents }</code></pre>
        </div>
    }
}
