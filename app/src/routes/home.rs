//! `/`: the cahier, its axes and each thème's progress at a glance.

use crate::domain::typography::typeset;
use crate::domain::urls;
use crate::{
    api::{AxeOverview, CahierOverview, ThemeSummary, cahier::get_cahier},
    components::{date::LongDate, error_view::ErrorView, status::StatusBadge, title::PageTitle},
    i18n::{t, t_string, use_i18n},
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The cahier's front page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let cahier = Resource::new(|| (), |()| get_cahier());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, home.title).to_owned()) />
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match cahier.await {
                    Ok(cahier) => view! { <Cahier cahier /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Cahier(cahier: CahierOverview) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <section class="hero">
                <p class="eyebrow">{cahier.publisher}</p>
                <h1 lang="fr">{typeset(&cahier.title)}</h1>
                <div class="hero__lead prose" lang="fr" inner_html=cahier.description_html></div>
                <p class="hero__intro">{t!(i18n, home.intro)}</p>
                {cahier.can_open_themes.then(|| view! {
                    <p><A href=urls::new_theme() attr:class="button">{t!(i18n, group.new_title)}</A></p>
                })}
            </section>
            {cahier.axes.into_iter().map(|axe| view! { <Axe axe /> }).collect_view()}
        </div>
    }
}

#[component]
fn Axe(axe: AxeOverview) -> impl IntoView {
    let i18n = use_i18n();
    let number = axe.number;
    let heading_id = format!("axe-{number}");
    let has_themes = !axe.themes.is_empty();
    view! {
        <section class="axe" aria-labelledby=heading_id.clone()>
            <header class="axe__header">
                <p class="eyebrow">{t!(i18n, home.axe_label, number)}</p>
                <h2 id=heading_id.clone() lang="fr">
                    {typeset(&axe.title)}
                </h2>
                <p class="axe__meta">
                    {axe
                        .published_on
                        .map(|date| {
                            view! {
                                <span>
                                    {t!(i18n, home.published_on, date = move || view! { <LongDate date /> })}
                                </span>
                            }
                        })}
                </p>
                {(!axe.keywords.is_empty())
                    .then(|| {
                        view! {
                            <ul class="keywords" lang="fr" aria-label=move || t_string!(i18n, home.keywords)>
                                {axe
                                    .keywords
                                    .into_iter()
                                    .map(|keyword| view! { <li>{keyword}</li> })
                                    .collect_view()}
                            </ul>
                        }
                    })}
            </header>
            <div class="axe__intro prose" lang="fr" inner_html=axe.intro_html></div>
            <h3 class="axe__themes-heading">{t!(i18n, home.themes_heading)}</h3>
            {if has_themes {
                view! {
                    <ul class="theme-cards">
                        {axe
                            .themes
                            .into_iter()
                            .map(|theme| view! { <ThemeCard theme /> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            } else {
                view! { <p>{t!(i18n, home.no_themes)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn ThemeCard(theme: ThemeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let number = theme.number.get();
    let href = urls::theme(number);
    let member_count = theme.member_count;
    let latest = theme.latest_activity.map(|at| at.date());
    let members_only = theme.visibility == crate::domain::Visibility::Members;
    let tally = theme.drafts;
    let no_drafts = tally.is_empty();
    let (writing, review, withdrawn) = (tally.writing, tally.review, tally.withdrawn);
    let adopted_count = i64::try_from(tally.adopted.len()).unwrap_or(i64::MAX);
    let adopted = (!tally.adopted.is_empty()).then(|| {
        let links = tally
            .adopted
            .into_iter()
            .enumerate()
            .map(|(index, (draft, title))| {
                let href = urls::draft(number, draft);
                view! {
                    {(index > 0).then_some(", ")}
                    <A href=href>{typeset(&format!("« {title} »"))}</A>
                }
            })
            .collect_view();
        view! {
            <li class="theme-card__adopted">
                {t!(i18n, home.drafts_adopted, count = move || adopted_count)}
                " "
                <span lang="fr">{links}</span>
            </li>
        }
    });
    let open_threads = theme.open_threads;
    view! {
        <li class="theme-card">
            <div class="theme-card__top">
                <span class="theme-card__number">{t!(i18n, theme.label, number)}</span>
                <StatusBadge status=theme.status />
            </div>
            <h4 class="theme-card__title" lang="fr">
                <A href=href>{typeset(&theme.title)}</A>
            </h4>
            <p class="theme-card__summary" lang="fr">
                {typeset(&theme.summary)}
            </p>
            <ul class="theme-card__tally">
                {no_drafts.then(|| view! { <li>{t!(i18n, home.no_drafts)}</li> })}
                {(writing > 0).then(|| view! { <li>{t!(i18n, home.drafts_writing, count = move || writing)}</li> })}
                {(review > 0).then(|| view! { <li>{t!(i18n, home.drafts_review, count = move || review)}</li> })}
                {adopted}
                {(withdrawn > 0).then(|| view! { <li>{t!(i18n, home.drafts_withdrawn, count = move || withdrawn)}</li> })}
                <li>
                    {if open_threads > 0 {
                        t!(i18n, home.open_threads, count = move || open_threads).into_any()
                    } else {
                        t!(i18n, home.no_open_threads).into_any()
                    }}
                </li>
            </ul>
            <p class="theme-card__progress">
                {t!(i18n, group.member_count, count = move || member_count)}
                {latest.map(|date| view! { " · " {t!(i18n, group.latest_on, date = move || view! { <LongDate date /> })} })}
                {members_only.then(|| view! { " · " <span class="badge badge--private">{t!(i18n, group.visibility_members)}</span> })}
            </p>
        </li>
    }
}
