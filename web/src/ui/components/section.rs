//! A titled card of the form.

use yew::prelude::*;

/// Props of [`Section`].
#[derive(Properties, PartialEq)]
pub struct SectionProps {
    /// DOM id (navigation target).
    pub id: AttrValue,
    /// Heading.
    pub title: AttrValue,
    /// One sentence under the heading.
    #[prop_or_default]
    pub description: Option<AttrValue>,
    /// Count of problems inside, shown next to the heading.
    #[prop_or_default]
    pub problems: usize,
    /// The fields.
    #[prop_or_default]
    pub children: Html,
}

/// A titled card of the form.
#[function_component]
pub fn Section(props: &SectionProps) -> Html {
    let heading = format!("{}-heading", props.id);
    html! {
        <section class="card" id={props.id.clone()} aria-labelledby={heading.clone()}>
            <h2 id={heading}>
                { &props.title }
                if props.problems > 0 {
                    <span class="badge">
                        { format!("{} problem{}", props.problems, if props.problems == 1 { "" } else { "s" }) }
                    </span>
                }
            </h2>
            if let Some(description) = &props.description {
                <p class="section-description">{ description }</p>
            }
            { props.children.clone() }
        </section>
    }
}
