//! `/themes/{n}/drafts/{d}/history`: the revisions, 50 a page, with a comparison picker.

use super::*;

/// `/themes/{n}/drafts/{d}/history`: a page of revisions, newest first, with a comparison picker.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let query = leptos_router::hooks::use_query_map();
    let page = Resource::new(
        move || (number(), draft(), query.read().get("page")),
        |(n, d, page)| get_history(n, d, page),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <History view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn History(view: HistoryView) -> impl IntoView {
    let i18n = use_i18n();
    let theme = view.theme.number;
    let number = view.number;
    let base = urls::draft(theme, number);
    let title = format!("{} · {}", t_string!(i18n, drafts.tab_history), view.title);
    let head = view.head;
    let action = format!("{base}/diff");
    let history_base = format!("{base}/history");
    view! {
        <PageTitle text=title />
        <section class="page history">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{typeset(&view.title)}</h1>
            <DraftTabs theme draft=number current=Tab::History can_write=view.can_write />
            <form method="get" action=action class="history__form">
                <table class="history__table">
                    <caption>{t!(i18n, drafts.history_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, drafts.col_from)}</th>
                            <th scope="col">{t!(i18n, drafts.col_to)}</th>
                            <th scope="col">{t!(i18n, drafts.col_revision)}</th>
                            <th scope="col">{t!(i18n, drafts.col_author)}</th>
                            <th scope="col">{t!(i18n, drafts.col_date)}</th>
                            <th scope="col">{t!(i18n, drafts.col_summary)}</th>
                            <th scope="col">{t!(i18n, drafts.col_words)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {view.revisions.into_iter().map(|revision| {
                            let n = revision.number;
                            let href = format!("{base}/revisions/{n}");
                            let diff_href = format!("{base}/diff?from={}&to={n}", (n - 1).max(1));
                            let date = revision.at.date();
                            let (added, removed) = (revision.words_added, revision.words_removed);
                            let kind = revision.kind;
                            let restored_from = revision.restored_from;
                            let merged_base = revision.base;
                            let from_label = format!("{} {n}", t_string!(i18n, drafts.col_from));
                            let to_label = format!("{} {n}", t_string!(i18n, drafts.col_to));
                            let from_checked = n == head - 1 || (head == 1 && n == 1);
                            let to_checked = n == head;
                            view! {
                                <tr>
                                    <td><input type="radio" name="from" value=n.to_string() checked=from_checked aria-label=from_label /></td>
                                    <td><input type="radio" name="to" value=n.to_string() checked=to_checked aria-label=to_label /></td>
                                    <td><a href=href>{move || t_string!(i18n, drafts.revision_label, number = n).to_string()}</a></td>
                                    <td><PersonLink id=revision.author_id name=revision.author.clone() /></td>
                                    <td><LongDate date /></td>
                                    <td>
                                        {revision.summary.clone()}
                                        {match kind {
                                            RevisionKind::Merged => Some(view! { <span class="tag">{t!(i18n, drafts.kind_merged, base = merged_base.unwrap_or(0))}</span> }.into_any()),
                                            RevisionKind::Restored => Some(view! { <span class="tag">{t!(i18n, drafts.kind_restored, from = restored_from.unwrap_or(0))}</span> }.into_any()),
                                            RevisionKind::Created => Some(view! { <span class="tag">{t!(i18n, drafts.kind_created)}</span> }.into_any()),
                                            RevisionKind::Edited => None,
                                        }}
                                        {revision.accepted_by.clone().map(|name| view! { <span class="tag">{move || t_string!(i18n, review.accepted_suggestion, name = name.clone()).to_string()}</span> })}
                                        {revision.thread.clone().map(|(thread, _)| {
                                            let href = urls::thread(theme, thread);
                                            view! { " " <a href=href class="revision__thread">{t!(i18n, review.see_discussion)}</a> }
                                        })}
                                    </td>
                                    <td class="words">
                                        <a href=diff_href aria-label=move || crate::components::redline::words_changed(i18n, added.into(), removed.into())>
                                            <span class="words__added">{format!("+{added}")}</span>
                                            " "
                                            <span class="words__removed">{format!("−{removed}")}</span>
                                        </a>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="submit" class="button button--primary">{t!(i18n, drafts.compare)}</button>
            </form>
            <crate::routes::discussions::Pages base=history_base.clone() page=view.page pages=view.pages />
            <PhraseSearch theme=theme.to_string() draft=number action=history_base />
        </section>
    }
}

/// "When did this passage appear?": a GET form on the history page, and its answer.
#[component]
fn PhraseSearch(theme: String, draft: i32, action: String) -> impl IntoView {
    use crate::api::search::{PhraseHistoryView, phrase_history};
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let typed = move || query.read().get("phrase").unwrap_or_default();
    let answer = Resource::new(typed, move |phrase| {
        let (theme, draft) = (theme.clone(), draft.to_string());
        async move {
            if phrase.trim().is_empty() {
                Ok(None)
            } else {
                phrase_history(theme, draft, phrase).await.map(Some)
            }
        }
    });
    let base = StoredValue::new(action.trim_end_matches("/history").to_owned());
    let shown = move |view: PhraseHistoryView| {
        let base = base.get_value();
        let problem = view.problem.map(|problem| match problem {
            crate::domain::search::QueryProblem::TooLong => {
                t_string!(i18n, search.problem_too_long)
            }
            _ => t_string!(i18n, search.problem_no_words),
        });
        let present_now = view.changes.last().is_some_and(|change| change.present);
        let never = view.problem.is_none() && view.changes.is_empty();
        view! {
            {problem.map(|message| view! { <p class="form-errors" role="alert">{message}</p> })}
            {never.then(|| view! { <p class="empty" role="status">{t!(i18n, search.history_none)}</p> })}
            {(!view.changes.is_empty()).then(|| view! {
                <ol class="phrase-history__changes" role="status">
                    {view.changes.iter().map(|change| {
                        let n = change.revision;
                        let revision_href = format!("{base}/revisions/{n}");
                        let diff_href = format!("{base}/diff?from={}&to={n}", (n - 1).max(1));
                        let date = change.at.date();
                        let present = change.present;
                        view! {
                            <li>
                                <a href=revision_href>{move || if present {
                                    t_string!(i18n, search.history_appeared, revision = n).to_string()
                                } else {
                                    t_string!(i18n, search.history_removed, revision = n).to_string()
                                }}</a>
                                " · "
                                <PersonLink id=change.author.as_ref().map(|(id, _)| *id) name=change.author.as_ref().map(|(_, name)| name.clone()) />
                                " · "
                                <LongDate date />
                                " · "
                                <a href=diff_href>{t!(i18n, search.history_diff)}</a>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <p>{if present_now { t!(i18n, search.history_still).into_any() } else { t!(i18n, search.history_gone).into_any() }}</p>
            })}
        }
    };
    view! {
        <section class="phrase-history" aria-labelledby="phrase-history-heading">
            <h2 id="phrase-history-heading">{t!(i18n, search.history_heading)}</h2>
            <p class="hint">{t!(i18n, search.history_help)}</p>
            <form method="get" action=action class="search__query">
                <label for="phrase-q">{t!(i18n, search.history_label)}</label>
                <input id="phrase-q" type="search" name="phrase" value=typed maxlength="600" autocomplete="off" />
                <button type="submit" class="button">{t!(i18n, search.history_submit)}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match answer.await {
                        Ok(Some(view)) => shown(view).into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
