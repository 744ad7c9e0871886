//! `/search?q=…`: what the reader may read, found by words, grouped by kind.

use crate::{
    api::search::{SearchForm, SearchHit, SearchProblem, SearchView, search},
    components::{date::LongDate, title::PageTitle},
    domain::{
        search::{COUNTED_PER_KIND, HitKind, QueryProblem, SearchOrder},
        typography::typeset,
    },
    i18n::{Locale, t, t_string, use_i18n},
    routes::page::{failure, loading},
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

/// The translated name of a kind of result.
fn kind_label(i18n: I18nContext<Locale>, kind: HitKind) -> String {
    match kind {
        HitKind::Theme => t_string!(i18n, search.kind_theme),
        HitKind::Draft => t_string!(i18n, search.kind_draft),
        HitKind::Thread => t_string!(i18n, search.kind_thread),
        HitKind::Post => t_string!(i18n, search.kind_post),
        HitKind::Comment => t_string!(i18n, search.kind_comment),
        HitKind::Suggestion => t_string!(i18n, search.kind_suggestion),
        HitKind::Person => t_string!(i18n, search.kind_person),
    }
    .to_string()
}

/// « N résultats pour « … » », or « Plus de N… » when counting stopped at N.
fn count_for(i18n: I18nContext<Locale>, count: i64, more: bool, query: String) -> String {
    if more {
        t_string!(i18n, search.count_more_for, count, query).to_string()
    } else {
        t_string!(i18n, search.count_for, count, query).to_string()
    }
}

fn problem_message(i18n: I18nContext<Locale>, problem: SearchProblem) -> String {
    match problem {
        SearchProblem::Query(QueryProblem::NoWords) => t_string!(i18n, search.problem_no_words),
        SearchProblem::Query(QueryProblem::TooLong) => t_string!(i18n, search.problem_too_long),
        SearchProblem::Query(QueryProblem::TooManyTerms) => {
            t_string!(i18n, search.problem_too_many_terms)
        }
        SearchProblem::OnlyCommonWords => t_string!(i18n, search.problem_common_words),
        SearchProblem::DateInvalid => t_string!(i18n, search.problem_date),
    }
    .to_string()
}

/// `/search?…` with `form`'s fields (empty ones left out).
fn search_href(form: &SearchForm) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("q", &form.q),
        ("theme", &form.theme),
        ("kind", &form.kind),
        ("author", &form.author),
        ("from", &form.from),
        ("to", &form.to),
        ("sort", &form.sort),
        ("page", &form.page),
    ] {
        if !value.trim().is_empty() {
            query.append_pair(name, value);
        }
    }
    format!("/search?{}", query.finish())
}

/// `/search`: the search form and, when a query was typed, its results.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let form = move || {
        let query = query.read();
        let field = |name: &str| query.get(name).unwrap_or_default();
        SearchForm {
            q: field("q"),
            theme: field("theme"),
            kind: field("kind"),
            author: field("author"),
            from: field("from"),
            to: field("to"),
            sort: field("sort"),
            page: field("page"),
        }
    };
    let results = Resource::new(form, search);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(view) => view! { <Results view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(view: SearchView) -> impl IntoView {
    let i18n = use_i18n();
    let form = view.form.clone();
    let typed = form.q.trim().to_owned();
    let title = if typed.is_empty() {
        t_string!(i18n, search.title).to_string()
    } else {
        t_string!(i18n, search.page_title_query, query = typed.clone()).to_string()
    };
    let searched = !typed.is_empty() && view.problem.is_none();
    let (total, more) = view.shown();
    // Beyond what was counted, relevance orders the newest results: dates reach the rest.
    let ranked_newest = more && view.order == SearchOrder::Relevance;
    let problem = view.problem.map(|problem| problem_message(i18n, problem));
    view! {
        <PageTitle text=title />
        <section class="page search">
            <h1>{t!(i18n, search.title)}</h1>
            <SearchFormView view=view.clone() />
            {problem.map(|message| view! {
                <p class="form-errors search__problem" role="alert">{message}</p>
            })}
            <p class="search__count" role="status" aria-live="polite">
                {searched.then(|| {
                    let query = typed.clone();
                    move || count_for(i18n, total, more, query.clone())
                })}
            </p>
            {(searched && ranked_newest).then(|| view! {
                <p class="search__note">{t!(i18n, search.ranked_newest, count = COUNTED_PER_KIND)}</p>
            })}
            {searched.then(|| view! { <Kinds view=view.clone() /> })}
            {(searched && view.hits.is_empty()).then(|| view! {
                <p class="empty">{t!(i18n, search.none)}</p>
            })}
            {searched.then(|| view! { <Grouped hits=view.hits.clone() /> })}
            {searched.then(|| view! { <Pager view=view.clone() /> })}
        </section>
    }
}

/// The query and its filters, as a plain GET form (it works without JavaScript).
#[component]
fn SearchFormView(view: SearchView) -> impl IntoView {
    let i18n = use_i18n();
    let form = view.form;
    let order = view.order;
    let theme = form.theme.trim().to_owned();
    let author = view.author.clone();
    let clear_author = SearchForm {
        author: String::new(),
        page: String::new(),
        ..form.clone()
    };
    view! {
        <form method="get" action="/search" class="search__form" role="search">
            // A `div`, not a `p`: the field's list is a block, which a `p` may not hold.
            <div class="search__query">
                <label for="search-q">{t!(i18n, search.label)}</label>
                <SearchField id="search-q" value=form.q.clone() />
                <button type="submit" class="button">{t!(i18n, search.submit)}</button>
            </div>
            <p class="search__intro">{t!(i18n, search.intro)}</p>
            {(!form.kind.trim().is_empty()).then(|| view! {
                <input type="hidden" name="kind" value=form.kind.clone() />
            })}
            {(!form.author.trim().is_empty()).then(|| view! {
                <input type="hidden" name="author" value=form.author.clone() />
            })}
            {author.map(|(_, name)| {
                let href = search_href(&clear_author);
                view! {
                    <p class="search__author">
                        {t_string!(i18n, search.author_filter, name = name.clone()).to_string()}
                        " · "
                        <a href=href>{t!(i18n, search.clear_author)}</a>
                    </p>
                }
            })}
            <fieldset class="search__filters">
                <legend>{t!(i18n, search.filters)}</legend>
                <label>
                    {t!(i18n, search.theme_filter)}
                    <select name="theme">
                        <option value="" selected=theme.is_empty()>{t!(i18n, search.all_themes)}</option>
                        {view.themes.into_iter().map(|(number, title)| {
                            let value = number.to_string();
                            let selected = value == theme;
                            view! { <option value=value selected=selected>{format!("{number}. {}", typeset(&title))}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t!(i18n, search.from)}
                    <input type="date" name="from" value=form.from.clone() />
                </label>
                <label>
                    {t!(i18n, search.to)}
                    <input type="date" name="to" value=form.to.clone() />
                </label>
                <label>
                    {t!(i18n, search.sort)}
                    <select name="sort">
                        <option value="relevance" selected=order == SearchOrder::Relevance>{t!(i18n, search.sort_relevance)}</option>
                        <option value="date" selected=order == SearchOrder::Date>{t!(i18n, search.sort_date)}</option>
                    </select>
                </label>
                <button type="submit" class="button button--small">{t!(i18n, search.apply)}</button>
            </fieldset>
        </form>
    }
}

/// Links to each kind of result, with how many there are.
#[component]
fn Kinds(view: SearchView) -> impl IntoView {
    let i18n = use_i18n();
    let all: i64 = view.counts.iter().map(|(_, n)| n).sum();
    let all_more = !view.more.is_empty();
    let more = view.more.clone();
    let base = SearchForm {
        page: String::new(),
        ..view.form.clone()
    };
    let link = move |kind: Option<HitKind>, label: String, count: i64, more: bool| {
        let count = if more {
            t_string!(i18n, search.count_badge_more, count).to_string()
        } else {
            count.to_string()
        };
        let href = search_href(&SearchForm {
            kind: kind.map(HitKind::as_str).unwrap_or_default().to_owned(),
            ..base.clone()
        });
        let current = (view.kind == kind).then_some("page");
        view! {
            <li>
                <a href=href aria-current=current>{label}" "<span class="count-badge">{count}</span></a>
            </li>
        }
    };
    view! {
        <nav class="search__kinds" aria-label=move || t_string!(i18n, search.kinds)>
            <ul>
                {link(None, t_string!(i18n, search.all_kinds).to_string(), all, all_more)}
                {view.counts.iter().filter(|(_, n)| *n > 0).map(|&(kind, n)| link(Some(kind), kind_label(i18n, kind), n, more.contains(&kind))).collect_view()}
            </ul>
        </nav>
    }
}

/// This page's results, one section per kind.
#[component]
fn Grouped(hits: Vec<SearchHit>) -> impl IntoView {
    let i18n = use_i18n();
    HitKind::ALL
        .iter()
        .filter_map(|&kind| {
            let of_kind: Vec<SearchHit> = hits
                .iter()
                .filter(|hit| hit.kind == kind)
                .cloned()
                .collect();
            (!of_kind.is_empty()).then(|| {
                view! {
                    <section class="search__group" data-kind=kind.as_str()>
                        <h2>{kind_label(i18n, kind)}</h2>
                        <ol class="search__hits">
                            {of_kind.into_iter().map(|hit| view! { <Hit hit /> }).collect_view()}
                        </ol>
                    </section>
                }
            })
        })
        .collect_view()
}

#[component]
fn Hit(hit: SearchHit) -> impl IntoView {
    let i18n = use_i18n();
    let date = hit.at.date();
    let person = hit.kind == HitKind::Person;
    view! {
        <li class="search-hit">
            <p class="search-hit__title"><a href=hit.href.clone()>{typeset(&hit.title)}</a></p>
            <p class="search-hit__excerpt">
                {hit.excerpt.into_iter().map(|(text, matched)| {
                    if matched {
                        view! { <mark>{typeset(&text)}</mark> }.into_any()
                    } else {
                        typeset(&text).into_any()
                    }
                }).collect_view()}
            </p>
            <p class="search-hit__meta">
                {hit.theme.map(|(number, title)| view! {
                    <a href=crate::domain::urls::theme(number)>{format!("{number}. {}", typeset(&title))}</a>
                    " · "
                })}
                {(!person).then(|| hit.author.clone().map(|(id, name)| view! {
                    <a href=crate::domain::urls::member(id)>{t_string!(i18n, search.by, name = name.clone()).to_string()}</a>
                    " · "
                }))}
                <LongDate date />
            </p>
        </li>
    }
}

/// Earlier and later pages.
#[component]
fn Pager(view: SearchView) -> impl IntoView {
    let i18n = use_i18n();
    let (page, pages) = (view.page, view.pages);
    // Counted only as far as the next page: how many there are is not known.
    let open_ended = view.shown().1 && page + 1 == pages;
    let label = move || {
        if open_ended {
            t_string!(i18n, search.page, page).to_string()
        } else {
            t_string!(i18n, search.page_of, page, pages).to_string()
        }
    };
    let at = |page: i64| {
        search_href(&SearchForm {
            page: page.to_string(),
            ..view.form.clone()
        })
    };
    let previous = (page > 1).then(|| at(page - 1));
    let next = (page < pages).then(|| at(page + 1));
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=label>
                {previous.map(|href| view! { <a href=href rel="prev">{t!(i18n, search.previous)}</a> })}
                <span>{label}</span>
                {next.map(|href| view! { <a href=href rel="next">{t!(i18n, search.next)}</a> })}
            </nav>
        }
    })
}

/// How many results the field proposes while typing.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const SUGGESTIONS: usize = 8;

/// The search field, with its results as you type (when the page is hydrated).
///
/// Without JavaScript it is a plain `q` field of its GET form. Hydrated, it is an ARIA combobox:
/// after a short pause in typing it asks the search for the best results and lists them under
/// the field (the last option leads to every result); ↓ and ↑ move through them, Enter opens the
/// one chosen (or submits the form when none is), Escape closes the list. A polite live region
/// tells screen readers how many results were found.
#[component]
pub fn SearchField(
    /// The input's id (its label's `for`).
    #[prop(into)]
    id: String,
    /// What the field holds at first.
    #[prop(optional, into)]
    value: String,
    /// A short placeholder, for a narrow field (the header's).
    #[prop(optional)]
    short: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(value.clone());
    // The results proposed for `text` (none while nothing is proposed) and their total.
    // (The total is none when the query cannot be searched; with it, whether there are more.)
    let found = RwSignal::new(None::<(String, Vec<SearchHit>, Option<(i64, bool)>)>);
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    let list_id = format!("{id}-list");
    let option_id = {
        let id = id.clone();
        move |index: usize| format!("{id}-option-{index}")
    };
    // The options: each hit, then "every result".
    let options = move || {
        found.with(|found| {
            found.as_ref().map_or_else(Vec::new, |(query, hits, _)| {
                let mut hrefs: Vec<String> = hits.iter().map(|hit| hit.href.clone()).collect();
                hrefs.push(search_href(&SearchForm {
                    q: query.clone(),
                    ..SearchForm::default()
                }));
                hrefs
            })
        })
    };
    let expanded = move || open.get() && found.with(Option::is_some);
    #[cfg(feature = "hydrate")]
    {
        let generation = StoredValue::new(0u64);
        Effect::new(move |previous: Option<()>| {
            let current = text.get();
            if previous.is_none() {
                return;
            }
            let Some(ticket) = generation.try_get_value().map(|g| g + 1) else {
                return;
            };
            generation.set_value(ticket);
            let query = current.trim().to_owned();
            if query.chars().count() < 2 {
                found.try_set(None);
                active.try_set(None);
                return;
            }
            leptos::prelude::set_timeout(
                move || {
                    if generation.try_get_value() != Some(ticket) {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        let form = SearchForm {
                            q: query.clone(),
                            ..SearchForm::default()
                        };
                        let Ok(view) = search(form).await else {
                            return;
                        };
                        if generation.try_get_value() != Some(ticket) {
                            return;
                        }
                        let total = view.problem.is_none().then(|| view.shown());
                        let hits = view.hits.into_iter().take(SUGGESTIONS).collect();
                        found.try_set(Some((query, hits, total)));
                        active.try_set(None);
                        open.try_set(true);
                    });
                },
                std::time::Duration::from_millis(250),
            );
        });
    }
    let navigate = leptos_router::hooks::use_navigate();
    let go = move |index: usize| {
        if let Some(href) = options().get(index) {
            open.set(false);
            active.set(None);
            navigate(href, Default::default());
        }
    };
    let go_on_key = go.clone();
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let count = options().len();
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                open.set(true);
                active.update(|active| {
                    *active = Some(active.map_or(0, |index| (index + 1) % count));
                });
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                open.set(true);
                active.update(|active| {
                    *active = Some(active.map_or(count - 1, |index| (index + count - 1) % count));
                });
            }
            "Enter" => {
                if let (true, Some(index)) = (expanded(), active.get_untracked()) {
                    event.prevent_default();
                    go_on_key(index);
                }
            }
            "Escape" if expanded() => {
                event.prevent_default();
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let status = move || {
        found.with(|found| match found {
            Some((query, _, Some((total, more)))) => count_for(i18n, *total, *more, query.clone()),
            Some(_) => t_string!(i18n, search.suggest_problem).to_string(),
            None => String::new(),
        })
    };
    let descendant = {
        let option_id = option_id.clone();
        move || expanded().then(|| active.get().map(&option_id)).flatten()
    };
    let list = {
        let option_id = option_id.clone();
        move || {
            let (query, hits, total) = found.get()?;
            let every = hits.len();
            let option_id = option_id.clone();
            let go = go.clone();
            let hrefs = options();
            let item = move |index: usize, body: AnyView| {
                let go = go.clone();
                view! {
                    <li role="option" id=option_id(index) class="search-suggest__option"
                        data-href=hrefs.get(index).cloned()
                        aria-selected=move || if active.get() == Some(index) { "true" } else { "false" }
                        on:mousedown=|event| event.prevent_default()
                        on:click=move |_| go(index)>
                        {body}
                    </li>
                }
            };
            let rows = hits
                .into_iter()
                .enumerate()
                .map(|(index, hit)| {
                    // A thème's own thème is itself: its place would repeat its title.
                    let place = (hit.kind != HitKind::Theme)
                        .then(|| hit.theme.as_ref().map(|(number, title)| format!("{number}. {}", typeset(title))))
                        .flatten();
                    let body = view! {
                        <span class="search-suggest__kind">{kind_label(i18n, hit.kind)}</span>
                        <span class="search-suggest__title">{typeset(&hit.title)}</span>
                        {place.map(|place| view! { <span class="search-suggest__place">{place}</span> })}
                    }
                    .into_any();
                    item(index, body)
                })
                .collect_view();
            let label = if let Some((total, more)) = total.filter(|(total, _)| *total > 0) {
                if more {
                    t_string!(i18n, search.suggest_all_more, count = total, query = query)
                        .to_string()
                } else {
                    t_string!(i18n, search.suggest_all, count = total, query = query).to_string()
                }
            } else {
                t_string!(i18n, search.suggest_none).to_string()
            };
            let last = item(
                every,
                view! { <span class="search-suggest__all">{label}</span> }.into_any(),
            );
            Some(view! { {rows} {last} })
        }
    };
    view! {
        <div class="search-field">
            <input id=id.clone() type="search" name="q" value=value maxlength="400" autocomplete="off"
                role="combobox" aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || if expanded() { "true" } else { "false" }
                aria-activedescendant=descendant
                placeholder=move || if short { t_string!(i18n, search.placeholder_short).to_string() } else { t_string!(i18n, search.placeholder).to_string() }
                on:input=move |event| { text.set(event_target_value(&event)); }
                on:keydown=on_keydown
                on:blur=move |_| { open.set(false); active.set(None); }
                on:focus=move |_| open.set(true) />
            <ul id=list_id class="search-suggest" role="listbox" hidden=move || !expanded()
                aria-label=move || t_string!(i18n, search.suggestions)>
                {list}
            </ul>
            // A live region without the `status` role: the page's own status (a form's outcome,
            // the search page's count) stays the only one.
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{status}</p>
        </div>
    }
}
