//! The 404 page, for unknown URLs and for things the caller may not see.

use crate::components::title::PageTitle;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

/// « Page introuvable », answered with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::components::error_view::set_status(404);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, not_found.title).to_owned()) />
        <section class="page page--narrow not-found">
            <p class="eyebrow">"404"</p>
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.text)}</p>
            <p>
                <A href="/" attr:class="button">
                    {t!(i18n, not_found.back)}
                </A>
            </p>
        </section>
    }
}
