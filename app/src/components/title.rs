//! The page's `<title>`, in the interface language.

use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to `text` (the layout appends « · Atelier »).
///
/// On the server the text is read once, now: leptos_meta reads titles after the page has been
/// rendered, when the reactive values a closure would read (the locale) may already be disposed,
/// which made the server panic under load. In the browser the title stays reactive, so it
/// follows the language switch.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = text.get_untracked();
    view! { <Title text /> }
}
