//! The page's `<title>` and `<meta name="description">`, in the interface language.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// Sets the document title to `text` (the layout appends « · Atelier ») and the page's
/// description to `description`, or to what Atelier is when the page has none of its own.
///
/// On the server the text is read once, now: leptos_meta reads titles after the page has been
/// rendered, when the reactive values a closure would read (the locale) may already be disposed,
/// which made the server panic under load. In the browser the title stays reactive, so it
/// follows the language switch; it is read with `try_get`, because leptos_meta may read the title
/// of a page part that was just replaced (a thème reloaded after an action), whose signals are
/// already disposed: that read must give way to the new title, not panic.
#[component]
pub fn PageTitle(
    #[prop(into)] text: Signal<String>,
    /// What the page is about, for search engines and link previews.
    #[prop(optional, into)]
    description: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let description = description.unwrap_or_else(|| t_string!(i18n, home.intro).to_string());
    #[cfg(feature = "ssr")]
    let text = text.get_untracked();
    #[cfg(not(feature = "ssr"))]
    let text = move || text.try_get().unwrap_or_default();
    view! {
        <Title text />
        <Meta name="description" content=description />
    }
}
