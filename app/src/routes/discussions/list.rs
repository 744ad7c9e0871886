//! `/themes/{n}/discussions`: a thème's threads, and the thème page's latest discussions.

use super::*;

/// Previous / next page links (plain links: they work without JavaScript).
#[component]
pub fn Pages(base: String, page: i64, pages: i64) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        let previous = (page > 1).then(|| format!("{base}?page={}", page - 1));
        let next = (page < pages).then(|| format!("{base}?page={}", page + 1));
        let first = (page > 1).then(|| format!("{base}?page=1"));
        let last = (page < pages).then(|| format!("{base}?page={pages}"));
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, discussions.pages)>
                {first.map(|href| view! { <a href=href>{t!(i18n, discussions.first_page)}</a> })}
                {previous.map(|href| view! { <a href=href rel="prev">{t!(i18n, discussions.previous_page)}</a> })}
                <span class="pager__current">{move || t_string!(i18n, discussions.page_of, page, pages).to_string()}</span>
                {next.map(|href| view! { <a href=href rel="next">{t!(i18n, discussions.next_page)}</a> })}
                {last.map(|href| view! { <a href=href>{t!(i18n, discussions.last_page)}</a> })}
            </nav>
        }
    })
}

/// `/themes/{n}/discussions`.
#[component]
pub fn ThreadsPage() -> impl IntoView {
    let number = param("number");
    let page = query("page");
    let list = Resource::new(
        move || (number(), page.get()),
        |(number, page)| get_threads(number, (!page.is_empty()).then_some(page)),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(view) => view! { <ThreadList view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ThreadList(view: ThreadsView) -> impl IntoView {
    let i18n = use_i18n();
    let number = view.theme.number;
    let title = format!(
        "{} · {}",
        t_string!(i18n, discussions.heading),
        view.theme.title
    );
    let new_href = urls::new_thread(number);
    let base = urls::threads(number);
    let empty = view.threads.is_empty();
    view! {
        <PageTitle text=title />
        <section class="page discussions">
            <Crumbs theme=view.theme.clone() />
            <header class="page__header">
                <h1>{t!(i18n, discussions.heading)}</h1>
                {view.can_post.then(|| view! { <A href=new_href attr:class="button button--primary">{t!(i18n, discussions.new)}</A> })}
            </header>
            {(!view.theme.open).then(|| view! { <p class="notice notice--closed">{t!(i18n, discussions.read_only)}</p> })}
            {empty.then(|| view! { <p class="empty">{t!(i18n, discussions.none)}</p> })}
            <ul class="thread-list">
                {view.threads.into_iter().map(|thread| view! { <ThreadItem theme=number thread /> }).collect_view()}
            </ul>
            <Pages base page=view.page pages=view.pages />
        </section>
    }
}

#[component]
pub(super) fn ThreadFlags(pinned: bool, locked: bool, hidden: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {pinned.then(|| view! { <span class="badge badge--pinned">{t!(i18n, discussions.pinned)}</span> })}
        {locked.then(|| view! { <span class="badge badge--closed">{t!(i18n, discussions.locked)}</span> })}
        {hidden.then(|| view! { <span class="badge badge--hidden">{t!(i18n, discussions.hidden)}</span> })}
    }
}

#[component]
fn ThreadItem(theme: i32, thread: ThreadSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = urls::thread(theme, thread.number);
    let date = thread.last_at.date();
    let replies = i64::from(thread.posts.saturating_sub(1));
    let last = thread.last_author.clone().unwrap_or_default();
    view! {
        <li class="thread-item">
            <div class="thread-item__head">
                <A href=href attr:class="thread-item__title">{typeset(&thread.title)}</A>
                <ThreadFlags pinned=thread.pinned locked=thread.locked hidden=thread.hidden />
            </div>
            <p class="thread-item__meta">
                {move || t_string!(i18n, discussions.replies, count = replies).to_string()}
                " · "
                {t!(i18n, discussions.last_post, name = move || last.clone(), date = move || view! { <LongDate date /> })}
            </p>
        </li>
    }
}

/// The discussions section of a thème's page: the latest threads (read with the page).
#[component]
pub fn ThemeDiscussions(
    number: i32,
    threads: Vec<crate::api::discussions::ThreadSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    let all_href = urls::threads(number);
    let empty = threads.is_empty();
    view! {
        <section class="theme-discussions" aria-labelledby="theme-discussions-heading">
            <h2 id="theme-discussions-heading">{t!(i18n, discussions.latest)}</h2>
            {empty.then(|| view! { <p class="empty">{t!(i18n, discussions.none)}</p> })}
            <ul class="thread-list">
                {threads.into_iter().map(|thread| view! { <ThreadItem theme=number thread /> }).collect_view()}
            </ul>
            <p><A href=all_href>{t!(i18n, discussions.all)}</A></p>
        </section>
    }
}
