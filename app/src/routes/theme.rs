//! `/themes/{number}`: one thème's overview.

use crate::{
    api::{ThemePageView, cahier::get_theme_page},
    components::{date::LongDate, error_view::ErrorView, status::StatusBadge, title::PageTitle},
    domain::{Visibility, typography::typeset, urls},
    error::AppError,
    i18n::{t, t_string, use_i18n},
    routes::not_found::NotFoundPage,
};
use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::{components::A, hooks::use_params_map};

/// A thème's page; an unknown or malformed number is the 404 page.
#[component]
pub fn ThemePage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let location = leptos_router::hooks::use_location();
    let actions = crate::routes::groups::PanelActions::new();
    // Keyed on the query too: an action's redirect (`?done=…`) reloads the thème.
    let theme = Resource::new(
        move || (number(), location.search.get()),
        |(number, _)| get_theme_page(number),
    );
    view! {
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match theme.await {
                    Ok(page) => view! { <Theme page actions /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Theme(page: ThemePageView, actions: crate::routes::groups::PanelActions) -> impl IntoView {
    let i18n = use_i18n();
    let ThemePageView {
        theme,
        drafts,
        threads,
        since,
    } = page;
    let number = theme.number.get();
    let axe_number = theme.axe_number;
    let axe_title = theme.axe_title.clone();
    let opened = theme.created_at.date();
    let page_title = format!("{number}. {}", theme.summary);
    let panel_theme = theme.clone();
    let closing_note = theme.closing_note.clone();
    let closed = theme.status != crate::domain::ThemeStatus::Open;
    let description = format!("{} — {}", theme.title, theme.summary);
    // Feed readers find the thème's activity from its page (public thèmes have a feed).
    let feed = (theme.visibility == Visibility::Public).then(|| {
        let title = t_string!(i18n, theme.feed_title, number).to_string();
        view! { <Link rel="alternate" type_="application/atom+xml" href=urls::feed(number) title /> }
    });
    view! {
        <PageTitle text=page_title description />
        {feed}
        <article class="page theme">
            <nav class="breadcrumb" aria-label=move || t_string!(i18n, theme.back_to_cahier)>
                <A href="/">{t!(i18n, theme.back_to_cahier)}</A>
                <span aria-hidden="true">" / "</span>
                <span>
                    {t!(i18n, theme.in_axe, number = axe_number, title = move || view! { <span lang="fr">{typeset(&axe_title)}</span> })}
                </span>
            </nav>
            <crate::routes::groups::ThemeDoneNotice />
            {closed.then(|| view! {
                <div class="notice notice--closed" role="note">
                    <p>{t!(i18n, group.closed_notice)}</p>
                    {closing_note.clone().map(|note| view! { <blockquote lang="fr">{typeset(&note)}</blockquote> })}
                </div>
            })}
            <header class="theme__header">
                <div class="theme__eyebrow">
                    <span class="eyebrow">{t!(i18n, theme.label, number)}</span>
                    <StatusBadge status=theme.status />
                </div>
                <h1 class="theme__title" lang="fr">
                    {typeset(&theme.title)}
                </h1>
                <p class="theme__summary" lang="fr">
                    {typeset(&theme.summary)}
                </p>
            </header>
            <div class="theme__layout">
                <section class="theme__description" aria-labelledby="theme-description">
                    <h2 id="theme-description">{t!(i18n, theme.description_heading)}</h2>
                    <div class="prose" lang="fr" inner_html=theme.description_html></div>
                    <crate::routes::review::ThemeSince number since />
                    <crate::routes::drafts::ThemeDrafts number drafts />
                    <crate::routes::discussions::ThemeDiscussions number threads />
                </section>
                <aside class="theme__aside">
                    <crate::routes::groups::ThemeGroupPanel theme=panel_theme actions />
                    <dl class="facts">
                        <dt>{t!(i18n, theme.status_label)}</dt>
                        <dd>
                            <StatusBadge status=theme.status />
                        </dd>
                    </dl>
                    <p class="theme__opened">
                        {t!(i18n, theme.opened_on, date = move || view! { <LongDate date=opened /> })}
                    </p>
                </aside>
            </div>
        </article>
    }
}
