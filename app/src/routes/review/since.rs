//! "Since your last visit": what changed in a draft and in a thème.

use super::*;

/// The redline of a draft since the reader's last visit.
#[component]
pub fn DraftSinceView(
    theme: i32,
    draft: i32,
    since: crate::api::review::DraftSince,
) -> impl IntoView {
    let i18n = use_i18n();
    let (from, to) = (since.from, since.to);
    let authors = since.authors.join(", ");
    let diff = format!("{}?from={}&to={to}", urls::diff(theme, draft), from.max(1));
    view! {
        <div class="since__draft">
            <p>{move || if from == 0 {
                t_string!(i18n, since.new_draft, authors = authors.clone()).to_string()
            } else {
                t_string!(i18n, since.draft, from, to, authors = authors.clone()).to_string()
            }}</p>
            <details class="since__redline">
                <summary>{t!(i18n, since.show_redline)}</summary>
                <crate::components::redline::Inline blocks=since.blocks.clone() />
            </details>
            {(from > 0).then(|| view! { <p><a href=diff>{t!(i18n, since.see_diff)}</a></p> })}
        </div>
    }
}

/// "Since my last visit" on a thème page, for its followers and members (read with the page).
#[component]
pub fn ThemeSince(number: i32, since: Option<crate::api::review::SinceView>) -> impl IntoView {
    let i18n = use_i18n();
    since.map(|view| {
                    let date = view.since.date();
                    let empty = view.drafts.is_empty() && view.threads.is_empty();
                    view! {
                        <section class="since" aria-labelledby="since-heading">
                            <h2 id="since-heading">{t!(i18n, since.heading)} " " <span class="since__date">{t!(i18n, since.from_date, date = move || view! { <LongDate date /> })}</span></h2>
                            {empty.then(|| view! { <p class="empty">{t!(i18n, since.nothing)}</p> })}
                            {(!view.drafts.is_empty()).then(|| view! {
                                <h3>{t!(i18n, since.drafts)}</h3>
                                <ul class="since__list">
                                    {view.drafts.clone().into_iter().map(|entry| {
                                        let href = urls::draft(number, entry.number);
                                        view! {
                                            <li>
                                                <a href=href class="since__title">{entry.title.clone()}</a>
                                                <DraftSinceView theme=number draft=entry.number since=entry.since />
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                            {(!view.threads.is_empty()).then(|| view! {
                                <h3>{t!(i18n, since.discussions)}</h3>
                                <ul class="since__list">
                                    {view.threads.clone().into_iter().map(|thread| {
                                        let posts = thread.posts;
                                        let new = thread.new;
                                        view! {
                                            <li>
                                                <a href=thread.href class="since__title">{typeset(&thread.title)}</a>
                                                " · "
                                                {move || if new {
                                                    t_string!(i18n, since.new_thread, count = posts).to_string()
                                                } else {
                                                    t_string!(i18n, since.new_posts, count = posts).to_string()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                        </section>
                    }
    })
}
