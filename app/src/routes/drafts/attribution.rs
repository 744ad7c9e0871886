//! Who wrote what: a draft's attribution, and a person's contributions.

use super::*;

/// `/themes/{n}/drafts/{d}/attribution`: who wrote each word of the current text.
#[component]
pub fn AttributionPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let page = Resource::new(move || (number(), draft()), |(n, d)| get_attribution(n, d));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <Attribution view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Attribution(view: AttributionView) -> impl IntoView {
    let i18n = use_i18n();
    let theme = view.theme.number;
    let number = view.number;
    let title = format!(
        "{} · {}",
        t_string!(i18n, drafts.tab_attribution),
        view.title
    );
    let names: Vec<String> = view.contributors.iter().map(|c| c.name.clone()).collect();
    let colours: Vec<usize> = view.contributors.iter().map(|c| c.colour).collect();
    let base = urls::draft(theme, number);
    view! {
        <PageTitle text=title />
        <section class="page attribution">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{typeset(&view.title)}</h1>
            <DraftTabs theme draft=number current=Tab::Attribution can_write=false />
            <p class="field__hint">{t!(i18n, drafts.attribution_explain, head = view.head)}</p>
            <div class="attribution__layout">
                <div class="attribution__text diff__text" lang="fr">
                    {view.runs.into_iter().map(|run| {
                        let name = names.get(run.contributor).cloned().unwrap_or_default();
                        let colour = colours.get(run.contributor).copied().unwrap_or(0);
                        let label = format!("{} · {}", t_string!(i18n, drafts.revision_label, number = run.revision), name);
                        let href = format!("{base}/revisions/{}", run.revision);
                        view! { <a href=href class=format!("run by-{colour}") title=label data-revision=run.revision.to_string()>{run.text}</a> }
                    }).collect_view()}
                </div>
                <aside class="attribution__legend">
                    <Contributors contributors=view.contributors.clone() />
                </aside>
            </div>
        </section>
    }
}

/// `/members/{id}`: a person's contributions across thèmes.
#[component]
pub fn ContributionsPage() -> impl IntoView {
    let id = param("id");
    let page = Resource::new(id, get_contributions);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <Contributions view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Contributions(view: ContributionsView) -> impl IntoView {
    let i18n = use_i18n();
    let name = view.display_name.clone();
    let ContributionsView {
        drafts,
        drafts_started,
        words_added,
        words_removed,
        words_surviving,
        ..
    } = view;
    let revisions = view.entries.len();
    let empty = view.entries.is_empty();
    view! {
        <PageTitle text=name.clone() />
        <section class="page contributions">
            <h1>{name.clone()}</h1>
            <dl class="totals">
                <div><dt>{t!(i18n, drafts.total_revisions)}</dt><dd>{revisions}</dd></div>
                <div><dt>{t!(i18n, drafts.total_drafts)}</dt><dd>{drafts}</dd></div>
                <div><dt>{t!(i18n, drafts.total_started)}</dt><dd>{drafts_started}</dd></div>
                <div><dt>{t!(i18n, drafts.total_added)}</dt><dd>{words_added}</dd></div>
                <div><dt>{t!(i18n, drafts.total_removed)}</dt><dd>{words_removed}</dd></div>
                <div><dt>{t!(i18n, drafts.total_surviving)}</dt><dd>{words_surviving}</dd></div>
            </dl>
            <h2>{t!(i18n, drafts.contributions_heading)}</h2>
            {empty.then(|| view! { <p class="empty">{t!(i18n, drafts.no_contributions)}</p> })}
            <ol class="contributions__list">
                {view.entries.into_iter().map(|entry| {
                    let base = urls::draft(entry.theme_number, entry.draft_number);
                    let n = entry.revision.number;
                    let revision_href = format!("{base}/revisions/{n}");
                    let diff_href = format!("{base}/diff?from={}&to={n}", (n - 1).max(1));
                    let theme_label = format!("{}. {}", entry.theme_number, entry.theme_title);
                    let theme_href = urls::theme(entry.theme_number);
                    let date = entry.revision.at.date();
                    let (added, removed, surviving) = (entry.revision.words_added, entry.revision.words_removed, entry.words_surviving);
                    let started = entry.revision.kind == RevisionKind::Created;
                    view! {
                        <li class="contribution">
                            <p class="contribution__what">
                                <a href=base.clone()>{entry.draft_title.clone()}</a>
                                " · "
                                <a href=revision_href>{move || t_string!(i18n, drafts.revision_label, number = n).to_string()}</a>
                                {started.then(|| view! { " " <span class="tag">{t!(i18n, drafts.kind_created)}</span> })}
                            </p>
                            <p class="contribution__meta">
                                <a href=theme_href>{theme_label}</a>
                                " · "
                                <LongDate date />
                                " · "
                                <a href=diff_href>{move || crate::components::redline::words_changed(i18n, added.into(), removed.into())}</a>
                                " · "
                                {move || t_string!(i18n, drafts.surviving, count = surviving).to_string()}
                            </p>
                            {(!entry.revision.summary.is_empty()).then(|| view! { <q class="timeline__note">{entry.revision.summary.clone()}</q> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
