//! The page's `<title>`, in the interface language.

use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to `text` (the layout appends « · Atelier »).
///
/// On the server the text is read once, now: leptos_meta reads titles after the page has been
/// rendered, when the reactive values a closure would read (the locale) may already be disposed,
/// which made the server panic under load. In the browser the title stays reactive, so it
/// follows the language switch; it is read with `try_get`, because leptos_meta may read the title
/// of a page part that was just replaced (a thème reloaded after an action), whose signals are
/// already disposed: that read must give way to the new title, not panic.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = text.get_untracked();
    #[cfg(not(feature = "ssr"))]
    let text = move || text.try_get().unwrap_or_default();
    view! { <Title text /> }
}
