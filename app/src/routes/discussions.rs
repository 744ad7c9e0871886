//! Discussions: a thème's threads, one thread with its posts and reply form, a post's edit page
//! and versions, and the moderators' reports.
//!
//! Every form is a real form (it works without JavaScript); with hydration the reply form gets a
//! live preview and the thread shows new posts as they are written (server-sent events).

use crate::domain::urls;
use crate::{
    api::{
        discussions::{
            EditPost, HidePost, ModerateThread, OpenThread, PostEditorView, PostView, Reply,
            ReportPost, ReportView, ResolveReport, ThreadSummary, ThreadView, ThreadsView,
            VersionsView, get_kept_text, get_post_editor, get_reports, get_thread, get_threads,
            get_versions, preview_post,
        },
        drafts::ThemeRef,
    },
    components::{
        date::LongDate,
        error_view::{ErrorView, code_message},
        form::{Field, FormErrors, Notice, Submit, action_error, kept_value, query},
        title::PageTitle,
    },
    components::{person::PersonLink, redline::Inline},
    error::AppError,
    i18n::{t, t_string, use_i18n},
    routes::{
        account::SignInRequired,
        page::{failure, loading, param},
    },
};
use crate::{components::form::done, domain::notice::Done};
use leptos::prelude::*;
use leptos_router::components::A;

/// Breadcrumb: thème › discussions (› thread).
#[component]
fn Crumbs(theme: ThemeRef, #[prop(optional)] thread: Option<(i32, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let theme_href = urls::theme(theme.number);
    let list_href = urls::threads(theme.number);
    let theme_label = format!("{}. {}", theme.number, theme.title);
    view! {
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, drafts.breadcrumb)>
            <A href=theme_href>{theme_label}</A>
            <span aria-hidden="true">" / "</span>
            <A href=list_href>{t!(i18n, discussions.heading)}</A>
            {thread.map(|(number, title)| {
                let href = urls::thread(theme.number, number);
                view! {
                    <span aria-hidden="true">" / "</span>
                    <A href=href>{title}</A>
                }
            })}
        </nav>
    }
}

/// Previous / next page links (plain links: they work without JavaScript).
#[component]
fn Pages(base: String, page: i64, pages: i64) -> impl IntoView {
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
fn ThreadFlags(pinned: bool, locked: bool, hidden: bool) -> impl IntoView {
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
                <A href=href attr:class="thread-item__title">{thread.title}</A>
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

/// The discussions section of a thème's page: the latest threads.
#[component]
pub fn ThemeDiscussions(number: i32) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(
        move || number.to_string(),
        |number| get_threads(number, None),
    );
    let all_href = urls::threads(number);
    view! {
        <section class="theme-discussions" aria-labelledby="theme-discussions-heading">
            <h2 id="theme-discussions-heading">{t!(i18n, discussions.latest)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    list.await.ok().map(|view| {
                        let empty = view.threads.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="empty">{t!(i18n, discussions.none)}</p> })}
                            <ul class="thread-list">
                                {view.threads.into_iter().take(5).map(|thread| view! { <ThreadItem theme=number thread /> }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </Suspense>
            <p><A href=all_href>{t!(i18n, discussions.all)}</A></p>
        </section>
    }
}

/// A post's text area with its preview: rendered by the server when asked without JavaScript
/// (`preview_html`), live with hydration.
#[component]
fn Composer(
    number: i32,
    initial: String,
    error: Signal<Option<AppError>>,
    preview_html: Option<String>,
    #[prop(optional)] textarea: Option<NodeRef<leptos::html::Textarea>>,
    #[prop(default = 8)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let textarea = textarea.unwrap_or_default();
    let text = RwSignal::new(initial.clone());
    let preview = RwSignal::new(preview_html);
    let messages = move || {
        error
            .get()
            .map(|error| error.field_codes("body"))
            .unwrap_or_default()
    };
    let invalid = move || !messages().is_empty();
    #[cfg(feature = "hydrate")]
    {
        // A text area created by client-side navigation (a quote, a text sent back) does not take
        // its content from its children: give it explicitly, once.
        let initial = initial.clone();
        Effect::new(move |_| {
            if let Some(element) = textarea.get()
                && element.value() != initial
            {
                element.set_value(&initial);
            }
        });
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
            leptos::prelude::set_timeout(
                move || {
                    if generation.try_get_value() != Some(ticket) {
                        return;
                    }
                    if current.trim().is_empty() {
                        preview.try_set(None);
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = preview_post(number.to_string(), current).await
                            && generation.try_get_value() == Some(ticket)
                        {
                            preview.try_set(Some(html));
                        }
                    });
                },
                std::time::Duration::from_millis(400),
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = number;
    view! {
        <div class="field composer" class:field--invalid=invalid>
            <label for="field-body">{t!(i18n, discussions.field_body)}</label>
            <p class="field__hint" id="field-body-hint">{t!(i18n, discussions.body_hint)}</p>
            <textarea id="field-body" name="body" rows=rows node_ref=textarea
                aria-describedby="field-body-hint field-body-error"
                aria-invalid=move || invalid().then_some("true")
                on:input=move |event| { text.try_set(event_target_value(&event)); }>{initial.clone()}</textarea>
            <p class="field__error" id="field-body-error" hidden=move || !invalid()>
                {move || messages().into_iter().map(|code| code_message(i18n, code)).collect::<Vec<_>>().join(" ")}
            </p>
        </div>
        <section class="composer__preview" aria-labelledby="preview-heading" aria-live="polite" hidden=move || preview.get().is_none()>
            <h2 id="preview-heading">{t!(i18n, drafts.preview_heading)}</h2>
            {move || preview.get().map(|html| view! { <div class="prose" inner_html=html></div> })}
        </section>
    }
}

/// The text a form posted without JavaScript sent back: in the address (`body`), or kept on the
/// server for its author when long (`kept`, an id). Empty when there is none.
fn typed_text() -> Resource<String> {
    let kept = query("kept");
    let body = query("body");
    Resource::new(
        move || (kept.get(), body.get()),
        |(id, body)| async move {
            if id.is_empty() {
                body
            } else {
                get_kept_text(id).await.unwrap_or_default()
            }
        },
    )
}

/// A preview asked for without JavaScript (`?preview=1` with the text, see [`typed_text`]).
fn asked_preview(number: impl Fn() -> String + Send + Sync + 'static) -> Resource<Option<String>> {
    let asked = query("preview");
    let kept = query("kept");
    let body = query("body");
    Resource::new(
        move || (asked.get() == "1").then(|| (number(), kept.get(), body.get())),
        |asked| async move {
            let (number, kept, body) = asked?;
            let body = if kept.is_empty() {
                body
            } else {
                get_kept_text(kept).await.ok()?
            };
            if body.trim().is_empty() {
                return None;
            }
            preview_post(number, body).await.ok()
        },
    )
}

/// `/themes/{n}/discussions/new`: a new thread (members).
#[component]
pub fn NewThreadPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = param("number");
    let list = Resource::new(number, |number| get_threads(number, None));
    let action = ServerAction::<OpenThread>::new();
    let error = action_error(action);
    let preview = asked_preview(number);
    let typed = typed_text();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, discussions.new_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let preview_html = preview.await;
                let initial = typed.await;
                match list.await {
                    Ok(view) if view.can_post => {
                        let number = view.theme.number;
                        view! {
                            <section class="page page--narrow">
                                <Crumbs theme=view.theme.clone() />
                                <h1>{t!(i18n, discussions.new_title)}</h1>
                                <ActionForm action attr:class="form" attr:novalidate=true>
                                    <FormErrors error />
                                    <input type="hidden" name="number" value=number.to_string() />
                                    <Field name="title" value=kept_value("title") error>{t!(i18n, discussions.field_title)}</Field>
                                    <Composer number initial error preview_html rows=12 />
                                    <div class="form__actions">
                                        <Submit action>{t!(i18n, discussions.open)}</Submit>
                                        <button type="submit" name="intent" value="preview" class="button">{t!(i18n, drafts.preview)}</button>
                                    </div>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                    Ok(view) if !view.signed_in => view! { <SignInRequired /> }.into_any(),
                    Ok(view) if !view.theme.open => view! { <ErrorView error=AppError::ThemeClosed /> }.into_any(),
                    Ok(_) => view! { <ErrorView error=AppError::Forbidden /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

/// The actions every thread form shares.
#[derive(Clone, Copy)]
struct ThreadActions {
    reply: ServerAction<Reply>,
    moderate: ServerAction<ModerateThread>,
    hide: ServerAction<HidePost>,
    report: ServerAction<ReportPost>,
}

/// `/themes/{n}/discussions/{t}`: one page of a thread, with the reply form.
#[component]
pub fn ThreadPage() -> impl IntoView {
    let number = param("number");
    let thread = param("thread");
    let page = query("page");
    let post = query("post");
    let quote = query("quote");
    let optional = |value: String| (!value.is_empty()).then_some(value);
    let loaded = Resource::new(
        move || (number(), thread(), page.get(), post.get(), quote.get()),
        move |(number, thread, page, post, quote)| {
            get_thread(
                number,
                thread,
                optional(page),
                optional(post),
                optional(quote),
            )
        },
    );
    let actions = ThreadActions {
        reply: ServerAction::<Reply>::new(),
        moderate: ServerAction::<ModerateThread>::new(),
        hide: ServerAction::<HidePost>::new(),
        report: ServerAction::<ReportPost>::new(),
    };
    let preview = asked_preview(number);
    let typed = typed_text();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let preview_html = preview.await;
                let typed = typed.await;
                match loaded.await {
                    Ok(view) => view! { <Thread view actions preview_html typed /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Thread(
    view: ThreadView,
    actions: ThreadActions,
    preview_html: Option<String>,
    typed: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let theme = view.theme.number;
    let number = view.number;
    let base = urls::thread(theme, number);
    let done = done();
    let live = RwSignal::new(Vec::<PostView>::new());
    let on_last_page = view.page == view.pages;
    let can_reply = view.can_reply;
    let can_moderate = view.can_moderate;
    let signed_in = view.signed_in;
    let open = view.theme.open;
    let locked = view.locked;
    let last_id = view.last_id;
    let context = PostContext {
        theme,
        thread: number,
        can_reply,
        can_moderate,
        signed_in,
        actions,
    };
    #[cfg(feature = "hydrate")]
    live::follow(theme, number, last_id, live);
    #[cfg(not(feature = "hydrate"))]
    let _ = last_id;
    let title = view.title.clone();
    view! {
        <PageTitle text=title.clone() />
        <section class="page thread">
            <Crumbs theme=view.theme.clone() thread=(number, title.clone()) />
            <header class="page__header thread__header">
                <h1>{title.clone()}</h1>
                <ThreadFlags pinned=view.pinned locked=view.locked hidden=view.hidden />
            </header>
            {move || {
                match done.get() {
                    Some(Done::Reported) => Some(view! { <Notice>{t!(i18n, discussions.done_reported)}</Notice> }.into_any()),
                    Some(Done::Pinned | Done::Unpinned | Done::Locked | Done::Unlocked | Done::Hidden | Done::Unhidden) => Some(view! { <Notice>{t!(i18n, discussions.done_moderated)}</Notice> }.into_any()),
                    _ => None,
                }
            }}
            {view.hidden.then(|| {
                let reason = view.hidden_reason.clone().unwrap_or_default();
                view! { <p class="notice notice--hidden">{t!(i18n, discussions.thread_hidden_notice, reason = move || reason.clone())}</p> }
            })}
            {can_moderate.then(|| view! { <ModerationBar theme number pinned=view.pinned locked=view.locked hidden=view.hidden action=actions.moderate /> })}
            <Pages base=base.clone() page=view.page pages=view.pages />
            <ol class="posts">
                {view.posts.into_iter().map(|post| view! { <Post post context /> }).collect_view()}
                {move || {
                    let shown = live.get();
                    on_last_page.then(|| shown.into_iter().map(|post| view! { <Post post context /> }).collect_view())
                }}
            </ol>
            {move || {
                let fresh = live.with(Vec::len);
                (!on_last_page && fresh > 0).then(|| {
                    let href = format!("{}?page=last", urls::thread(theme, number));
                    view! { <p class="notice notice--info" role="status"><a href=href>{move || t_string!(i18n, discussions.new_posts, count = fresh).to_string()}</a></p> }
                })
            }}
            <Pages base page=view.page pages=view.pages />
            {if can_reply {
                view! { <ReplyForm theme number quote=view.quote action=actions.reply preview_html typed /> }.into_any()
            } else if locked {
                view! { <p class="notice notice--closed" id="reply">{t!(i18n, discussions.locked_notice)}</p> }.into_any()
            } else if !open {
                view! { <p class="notice notice--closed" id="reply">{t!(i18n, discussions.read_only)}</p> }.into_any()
            } else if !signed_in {
                let href = format!("/login?next=/themes/{theme}/discussions/{number}");
                view! { <p class="notice" id="reply"><a href=href>{t!(i18n, discussions.sign_in_to_reply)}</a></p> }.into_any()
            } else {
                let href = urls::members(theme);
                view! { <p class="notice" id="reply"><a href=href>{t!(i18n, discussions.join_to_reply)}</a></p> }.into_any()
            }}
        </section>
    }
}

/// What each post of a thread needs to show its actions.
#[derive(Clone, Copy)]
struct PostContext {
    theme: i32,
    thread: i32,
    can_reply: bool,
    can_moderate: bool,
    signed_in: bool,
    actions: ThreadActions,
}

#[component]
fn Post(post: PostView, context: PostContext) -> impl IntoView {
    let i18n = use_i18n();
    let PostContext {
        theme,
        thread,
        can_reply,
        can_moderate,
        signed_in,
        actions,
    } = context;
    let id = post.id;
    let base = urls::thread(theme, thread);
    let anchor = format!("post-{id}");
    let permalink = crate::domain::urls::post_path(theme, thread, id);
    let date = post.at.date();
    let edited = post.edited_at.is_some();
    let versions_href = format!("{base}/posts/{id}/versions");
    let edit_href = format!("{base}/posts/{id}/edit");
    let reply_href = format!("{base}?page=last&reply_to={id}#reply");
    let quote_href = format!("{base}?page=last&quote={id}#reply");
    let reply_to = post.reply_to.map(|target| {
        let href = crate::domain::urls::post_path(theme, thread, target);
        let name = post.reply_to_author.clone();
        view! {
            <p class="post__reply-to">
                <a href=href>
                    {match name {
                        Some(name) => t_string!(i18n, discussions.in_reply_to, name = name).to_string(),
                        None => t_string!(i18n, discussions.in_reply_to_hidden).to_string(),
                    }}
                </a>
            </p>
        }
    });
    let hidden = post.hidden;
    let hidden_reason = post.hidden_reason.clone().unwrap_or_default();
    view! {
        <li class="post" class:post--hidden=hidden id=anchor>
            <article aria-labelledby=format!("post-{id}-meta")>
                <header class="post__meta" id=format!("post-{id}-meta")>
                    <PersonLink id=post.author_id name=post.author.clone() />
                    " · "
                    <a href=permalink class="post__date"><LongDate date /></a>
                    {edited.then(|| view! {
                        " · "
                        <a href=versions_href class="post__edited">{t!(i18n, discussions.edited)}</a>
                    })}
                </header>
                {reply_to}
                {hidden.then(|| {
                    let reason = hidden_reason.clone();
                    view! { <p class="notice notice--hidden">{t!(i18n, discussions.post_hidden_notice, reason = move || reason.clone())}</p> }
                })}
                <div class="prose post__body" inner_html=post.html></div>
                <footer class="post__actions">
                    {(can_reply && !hidden).then(|| view! {
                        <a href=reply_href>{t!(i18n, discussions.reply)}</a>
                        <a href=quote_href class="post__quote" data-post=id.to_string()>{t!(i18n, discussions.quote)}</a>
                    })}
                    {post.can_edit.then(|| view! { <a href=edit_href>{t!(i18n, discussions.edit)}</a> })}
                    {(signed_in && !hidden).then(|| view! { <ReportForm theme thread post=id action=actions.report /> })}
                    {can_moderate.then(|| view! { <HideForm theme thread post=id hidden action=actions.hide /> })}
                </footer>
            </article>
        </li>
    }
}

#[component]
fn ReportForm(
    theme: i32,
    thread: i32,
    post: i64,
    action: ServerAction<ReportPost>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scope = format!("report-{post}");
    let reason_id = format!("field-{scope}-reason");
    view! {
        <details class="post__form">
            <summary>{t!(i18n, discussions.report)}</summary>
            <ActionForm action attr:class="form form--inline">
                <input type="hidden" name="number" value=theme.to_string() />
                <input type="hidden" name="thread" value=thread.to_string() />
                <input type="hidden" name="post" value=post.to_string() />
                <label for=reason_id.clone()>{t!(i18n, discussions.report_reason)}</label>
                <input id=reason_id name="reason" required maxlength="1000" />
                <button type="submit" class="button button--small">{t!(i18n, discussions.report_submit)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn HideForm(
    theme: i32,
    thread: i32,
    post: i64,
    hidden: bool,
    action: ServerAction<HidePost>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason_id = format!("field-hide-{post}-reason");
    if hidden {
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="number" value=theme.to_string() />
                <input type="hidden" name="thread" value=thread.to_string() />
                <input type="hidden" name="post" value=post.to_string() />
                <button type="submit" name="action" value="unhide" class="link-button">{t!(i18n, discussions.unhide_post)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <details class="post__form">
                <summary>{t!(i18n, discussions.hide_post)}</summary>
                <ActionForm action attr:class="form form--inline">
                    <input type="hidden" name="number" value=theme.to_string() />
                    <input type="hidden" name="thread" value=thread.to_string() />
                    <input type="hidden" name="post" value=post.to_string() />
                    <label for=reason_id.clone()>{t!(i18n, discussions.hide_reason)}</label>
                    <input id=reason_id name="reason" required maxlength="1000" />
                    <button type="submit" name="action" value="hide" class="button button--small button--danger">{t!(i18n, discussions.hide_submit)}</button>
                </ActionForm>
            </details>
        }
        .into_any()
    }
}

#[component]
fn ModerationBar(
    theme: i32,
    number: i32,
    pinned: bool,
    locked: bool,
    hidden: bool,
    action: ServerAction<ModerateThread>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let hidden_fields = move || {
        view! {
            <input type="hidden" name="number" value=theme.to_string() />
            <input type="hidden" name="thread" value=number.to_string() />
        }
    };
    view! {
        <section class="moderation-bar" aria-label=move || t_string!(i18n, discussions.moderation)>
            <FormErrors error scope="moderate" />
            <ActionForm action attr:class="inline-form">
                {hidden_fields()}
                {if pinned {
                    view! { <button type="submit" name="action" value="unpin" class="button button--small">{t!(i18n, discussions.unpin)}</button> }.into_any()
                } else {
                    view! { <button type="submit" name="action" value="pin" class="button button--small">{t!(i18n, discussions.pin)}</button> }.into_any()
                }}
                {if locked {
                    view! { <button type="submit" name="action" value="unlock" class="button button--small">{t!(i18n, discussions.unlock)}</button> }.into_any()
                } else {
                    view! { <button type="submit" name="action" value="lock" class="button button--small">{t!(i18n, discussions.lock)}</button> }.into_any()
                }}
                {hidden.then(|| view! { <button type="submit" name="action" value="unhide" class="button button--small">{t!(i18n, discussions.unhide_thread)}</button> })}
            </ActionForm>
            {(!hidden).then(|| view! {
                <details class="post__form">
                    <summary>{t!(i18n, discussions.hide_thread)}</summary>
                    <ActionForm action attr:class="form form--inline">
                        {hidden_fields()}
                        <label for="field-moderate-reason">{t!(i18n, discussions.hide_reason)}</label>
                        <input id="field-moderate-reason" name="reason" required maxlength="1000" />
                        <button type="submit" name="action" value="hide" class="button button--small button--danger">{t!(i18n, discussions.hide_submit)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn ReplyForm(
    theme: i32,
    number: i32,
    quote: Option<(i64, String)>,
    action: ServerAction<Reply>,
    preview_html: Option<String>,
    /// What a plain form post sent back.
    typed: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let kept_body = typed;
    let (reply_to, initial) = match quote {
        Some((post, text)) if kept_body.is_empty() => (post.to_string(), text),
        _ => {
            let reply_to = match kept_value("reply_to") {
                value if !value.is_empty() => value,
                _ => query("reply_to").get_untracked(),
            };
            (reply_to, kept_body)
        }
    };
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let cancel_href = format!("{}?page=last#reply", urls::thread(theme, number));
    // After a successful reply (with JavaScript) the page stays: empty the text area.
    #[cfg(feature = "hydrate")]
    {
        let version = action.version();
        Effect::new(move |previous: Option<usize>| {
            let current = version.get();
            if previous.is_some_and(|previous| previous != current)
                && matches!(action.value().get_untracked(), Some(Ok(())))
                && let Some(element) = textarea.get_untracked()
            {
                element.set_value("");
            }
            current
        });
        quote_selection::install(textarea);
    }
    view! {
        <section class="reply" id="reply" aria-labelledby="reply-heading">
            <h2 id="reply-heading">{t!(i18n, discussions.reply_heading)}</h2>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormErrors error />
                <input type="hidden" name="number" value=theme.to_string() />
                <input type="hidden" name="thread" value=number.to_string() />
                <input type="hidden" name="reply_to" value=reply_to.clone() />
                {(!reply_to.is_empty()).then(|| {
                    let target = reply_to.parse::<i64>().unwrap_or_default();
                    let href = crate::domain::urls::post_path(theme, number, target);
                    view! {
                        <p class="reply__target">
                            <a href=href>{t!(i18n, discussions.replying_to)}</a>
                            " · "
                            <a href=cancel_href>{t!(i18n, discussions.cancel_reply)}</a>
                        </p>
                    }
                })}
                <Composer number=theme initial error preview_html textarea />
                <div class="form__actions">
                    <Submit action>{t!(i18n, discussions.send)}</Submit>
                    <button type="submit" name="intent" value="preview" class="button">{t!(i18n, drafts.preview)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod quote_selection {
    //! "Citer" with a passage of a post selected quotes that passage (attributed) in the reply
    //! form, without leaving the page. With nothing selected, the link does what it does without
    //! JavaScript: the page comes back with the whole post quoted.

    use leptos::{prelude::*, wasm_bindgen::JsCast};

    pub fn install(textarea: NodeRef<leptos::html::Textarea>) {
        let handler = leptos::ev::click;
        let handle = window_event_listener(handler, move |event| {
            let Some(target) = event.target() else { return };
            let Ok(element) = target.dyn_into::<web_sys::Element>() else {
                return;
            };
            let Ok(Some(link)) = element.closest("a.post__quote") else {
                return;
            };
            let Ok(Some(post)) = link.closest("li.post") else {
                return;
            };
            let Some(selection) = window().get_selection().ok().flatten() else {
                return;
            };
            let chosen = selection.to_string().as_string().unwrap_or_default();
            let inside = selection
                .anchor_node()
                .is_some_and(|node| post.contains(Some(&node)));
            if chosen.trim().is_empty() || !inside {
                return;
            }
            let Some(area) = textarea.get_untracked() else {
                return;
            };
            event.prevent_default();
            let author = post
                .query_selector(".post__meta .person")
                .ok()
                .flatten()
                .and_then(|node| node.text_content())
                .unwrap_or_default();
            let href = post
                .query_selector(".post__date")
                .ok()
                .flatten()
                .and_then(|node| node.get_attribute("href"))
                .unwrap_or_default();
            let mut quoted = format!("> **[{}]({href})** :\n>\n", author.trim());
            for line in chosen.trim().lines() {
                quoted.push_str("> ");
                quoted.push_str(line);
                quoted.push('\n');
            }
            quoted.push('\n');
            let mut value = area.value();
            if !value.is_empty() && !value.ends_with("\n\n") {
                value.push_str(if value.ends_with('\n') { "\n" } else { "\n\n" });
            }
            value.push_str(&quoted);
            area.set_value(&value);
            if let Ok(input) = web_sys::Event::new("input") {
                let _ = area.dispatch_event(&input);
            }
            let _ = area.focus();
            if let Some(id) = post.get_attribute("id")
                && let Some(number) = id.strip_prefix("post-")
                && let Ok(Some(field)) = area
                    .form()
                    .map(|form| form.query_selector("input[name=reply_to]"))
                    .transpose()
                    .map(Option::flatten)
                && let Ok(input) = field.dyn_into::<web_sys::HtmlInputElement>()
            {
                input.set_value(number);
            }
        });
        on_cleanup(move || handle.remove());
    }
}

#[cfg(feature = "hydrate")]
mod live {
    //! New posts of the thread as they are written: an `EventSource` on the thread's event stream
    //! announces post ids; the page then asks for the posts after the newest one it shows.

    use super::PostView;
    use crate::api::discussions::get_posts_after;
    use leptos::{prelude::*, wasm_bindgen::JsCast, wasm_bindgen::closure::Closure};

    pub fn follow(theme: i32, thread: i32, last_id: i64, live: RwSignal<Vec<PostView>>) {
        let url = format!(
            "{}?after={last_id}",
            crate::domain::urls::thread_events(theme, thread)
        );
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return;
        };
        let fetching = StoredValue::new(false);
        let catch_up = move || {
            if fetching.try_get_value() != Some(false) {
                return;
            }
            fetching.set_value(true);
            leptos::task::spawn_local(async move {
                loop {
                    let after = live
                        .try_with_untracked(|posts| posts.last().map_or(last_id, |post| post.id))
                        .unwrap_or(last_id);
                    let Ok(posts) =
                        get_posts_after(theme.to_string(), thread.to_string(), after).await
                    else {
                        break;
                    };
                    if posts.is_empty() {
                        break;
                    }
                    let more = posts.len() == 100;
                    live.try_update(|shown| {
                        for post in posts {
                            if shown.last().is_none_or(|last| post.id > last.id) {
                                shown.push(post);
                            }
                        }
                    });
                    if !more {
                        break;
                    }
                }
                fetching.try_set_value(false);
            });
        };
        let on_post =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_: web_sys::MessageEvent| {
                catch_up();
            });
        let _ = source.add_event_listener_with_callback("post", on_post.as_ref().unchecked_ref());
        // Both live as long as the page: the callback is dropped with it, after the source closes.
        let source = StoredValue::new_local(source);
        StoredValue::new_local(on_post);
        on_cleanup(move || {
            source.try_with_value(web_sys::EventSource::close);
        });
    }
}

/// `…/posts/{id}/edit`: the author edits a post.
#[component]
pub fn EditPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = param("number");
    let thread = param("thread");
    let post = param("post");
    let from = query("from");
    let loaded = Resource::new(
        move || (number(), thread(), post(), from.get()),
        |(number, thread, post, from)| {
            get_post_editor(number, thread, post, (!from.is_empty()).then_some(from))
        },
    );
    let action = ServerAction::<EditPost>::new();
    let typed = typed_text();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, discussions.edit_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let typed = typed.await;
                match loaded.await {
                    Ok(view) => view! { <EditPostForm view action typed /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditPostForm(
    view: PostEditorView,
    action: ServerAction<EditPost>,
    typed: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let initial = if typed.is_empty() {
        view.source.clone()
    } else {
        typed
    };
    let theme = view.theme.number;
    view! {
        <section class="page page--narrow">
            <Crumbs theme=view.theme.clone() thread=(view.thread, view.thread_title.clone()) />
            <h1>{t!(i18n, discussions.edit_title)}</h1>
            <p class="field__hint">{t!(i18n, discussions.edit_hint)}</p>
            {view.stale.clone().map(|stale| {
                let made_on = stale.made_on;
                let current = view.version;
                view! {
                    <section class="conflicts" role="alert" aria-labelledby="stale-heading">
                        <h2 id="stale-heading">{t!(i18n, discussions.stale_heading)}</h2>
                        <p>{t!(i18n, discussions.stale_explain, made_on, current)}</p>
                        <div class="conflict__side conflict__theirs">
                            <h3>{t!(i18n, discussions.stale_current, current)}</h3>
                            <pre class="conflict__text stale__text">{view.source.clone()}</pre>
                        </div>
                        <details class="conflict__base">
                            <summary>{t!(i18n, discussions.stale_base, made_on)}</summary>
                            <pre class="conflict__text stale__text">{stale.base_source}</pre>
                        </details>
                    </section>
                }
            })}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormErrors error />
                <input type="hidden" name="number" value=theme.to_string() />
                <input type="hidden" name="thread" value=view.thread.to_string() />
                <input type="hidden" name="post" value=view.post.to_string() />
                <input type="hidden" name="version" value=view.version.to_string() />
                <Composer number=theme initial error preview_html=None rows=12 />
                <div class="form__actions">
                    <Submit action>{t!(i18n, discussions.save_edit)}</Submit>
                    <a href=crate::domain::urls::post_path(theme, view.thread, view.post) class="button">{t!(i18n, discussions.cancel)}</a>
                </div>
            </ActionForm>
        </section>
    }
}

/// `…/posts/{id}/versions?from=A&to=B`: a post's versions and the changes between two.
#[component]
pub fn VersionsPage() -> impl IntoView {
    let number = param("number");
    let thread = param("thread");
    let post = param("post");
    let from = query("from");
    let to = query("to");
    let optional = |value: String| (!value.is_empty()).then_some(value);
    let loaded = Resource::new(
        move || (number(), thread(), post(), from.get(), to.get()),
        move |(number, thread, post, from, to)| {
            get_versions(number, thread, post, optional(from), optional(to))
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(view) => view! { <Versions view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Versions(view: VersionsView) -> impl IntoView {
    let i18n = use_i18n();
    let theme = view.theme.number;
    let action = format!(
        "/themes/{theme}/discussions/{}/posts/{}/versions",
        view.thread, view.post
    );
    let back = crate::domain::urls::post_path(theme, view.thread, view.post);
    let title = t_string!(i18n, discussions.versions_title).to_owned();
    let (from, to) = (view.from, view.to);
    view! {
        <PageTitle text=title />
        <section class="page">
            <Crumbs theme=view.theme.clone() thread=(view.thread, view.thread_title.clone()) />
            <h1>{t!(i18n, discussions.versions_title)}</h1>
            <p><a href=back>{t!(i18n, discussions.back_to_post)}</a></p>
            <form method="get" action=action class="history">
                <table class="history__table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, drafts.col_from)}</th>
                            <th scope="col">{t!(i18n, drafts.col_to)}</th>
                            <th scope="col">{t!(i18n, discussions.version)}</th>
                            <th scope="col">{t!(i18n, discussions.version_date)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {view.versions.into_iter().map(|version| {
                            let number = version.version;
                            let date = version.at.date();
                            let label = t_string!(i18n, discussions.version_number, number).to_string();
                            let from_label = format!("{} {label}", t_string!(i18n, drafts.col_from));
                            let to_label = format!("{} {label}", t_string!(i18n, drafts.col_to));
                            view! {
                                <tr>
                                    <td><input type="radio" name="from" value=number.to_string() checked=number == from aria-label=from_label /></td>
                                    <td><input type="radio" name="to" value=number.to_string() checked=number == to aria-label=to_label /></td>
                                    <td>{label}</td>
                                    <td><LongDate date /></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="submit" class="button">{t!(i18n, drafts.compare)}</button>
            </form>
            <h2>{move || t_string!(i18n, discussions.changes_between, from, to).to_string()}</h2>
            <p class="diff__legend">
                <del>{t!(i18n, drafts.legend_removed)}</del>
                " "
                <ins>{t!(i18n, drafts.legend_added)}</ins>
            </p>
            <div class="diff">
                <Inline blocks=view.blocks />
            </div>
            <h2>{move || t_string!(i18n, discussions.version_number, number = to).to_string()}</h2>
            <div class="prose post__body" inner_html=view.html></div>
        </section>
    }
}

/// `/moderation`: open reports, for the site's moderators.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResolveReport>::new();
    let done = done();
    let reports = Resource::new(
        move || (action.version().get(), done.get()),
        |_| get_reports(),
    );
    let error = action_error(action);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, discussions.moderation_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match reports.await {
                    Ok(moderation) => {
                        let reports = moderation.reports;
                        let log = moderation.log;
                        view! {
                        <section class="page moderation">
                            <h1>{t!(i18n, discussions.moderation_title)}</h1>
                            {move || (done.get() == Some(Done::Resolved)).then(|| view! { <Notice>{t!(i18n, discussions.done_resolved)}</Notice> })}
                            <FormErrors error />
                            {reports.is_empty().then(|| view! { <p class="empty">{t!(i18n, discussions.no_reports)}</p> })}
                            <ul class="reports">
                                {reports.into_iter().map(|report| view! { <Report report action /> }).collect_view()}
                            </ul>
                            <h2>{t!(i18n, discussions.log_heading)}</h2>
                            {log.is_empty().then(|| view! { <p class="empty">{t!(i18n, discussions.log_empty)}</p> })}
                            <ul class="timeline moderation-log">
                                {log.into_iter().map(|entry| view! { <LogEntry entry /> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any()
                    }
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LogEntry(entry: crate::api::discussions::ModerationEntry) -> impl IntoView {
    let i18n = use_i18n();
    let actor = entry.actor.clone().unwrap_or_default();
    let subject = entry.subject.clone().unwrap_or_default();
    let title = entry.thread_title.clone();
    let sentence = move || {
        let (actor, subject, title) = (actor.clone(), subject.clone(), title.clone());
        match entry.action.as_str() {
            "post.hidden" => {
                t_string!(i18n, discussions.log_post_hidden, actor, subject, title).to_string()
            }
            "post.unhidden" => {
                t_string!(i18n, discussions.log_post_unhidden, actor, subject, title).to_string()
            }
            "thread.hidden" => {
                t_string!(i18n, discussions.log_thread_hidden, actor, title).to_string()
            }
            "thread.unhidden" => {
                t_string!(i18n, discussions.log_thread_unhidden, actor, title).to_string()
            }
            "comment.hidden" => {
                t_string!(i18n, discussions.log_comment_hidden, actor, subject, title).to_string()
            }
            "comment.unhidden" => t_string!(
                i18n,
                discussions.log_comment_unhidden,
                actor,
                subject,
                title
            )
            .to_string(),
            _ => t_string!(
                i18n,
                discussions.log_report_dismissed,
                actor,
                subject,
                title
            )
            .to_string(),
        }
    };
    let date = entry.at.date();
    view! {
        <li class="timeline__entry">
            <p>
                {sentence}
                " · "
                <LongDate date />
                {entry.link.map(|href| view! { " · " <a href=href>{t!(i18n, activity.see)}</a> })}
            </p>
            {entry.note.map(|note| view! { <blockquote class="report__reason">{note}</blockquote> })}
        </li>
    }
}

#[component]
fn Report(report: ReportView, action: ServerAction<ResolveReport>) -> impl IntoView {
    let i18n = use_i18n();
    let href = report.href.clone();
    let date = report.at.date();
    let note_id = format!("field-note-{}", report.id);
    let reporter = report.reporter.clone().unwrap_or_default();
    let author = report.author.clone().unwrap_or_default();
    let reason = report.reason.clone();
    let comment = report.comment;
    view! {
        <li class="report">
            <p class="report__where">
                {format!("{}. {}", report.theme, report.theme_title)}
                " · "
                {comment.then(|| view! { {t!(i18n, discussions.report_on_draft)} " " })}
                <a href=href>{report.place_title.clone()}</a>
            </p>
            <p class="report__who">
                {t!(i18n, discussions.reported_by, name = move || reporter.clone(), date = move || view! { <LongDate date /> })}
            </p>
            <blockquote class="report__reason">{reason}</blockquote>
            <p class="report__author">{move || if comment {
                t_string!(i18n, discussions.comment_by, name = author.clone()).to_string()
            } else {
                t_string!(i18n, discussions.post_by, name = author.clone()).to_string()
            }}</p>
            {report.hidden.then(|| view! { <p class="notice notice--hidden">{t!(i18n, discussions.already_hidden)}</p> })}
            <div class="prose post__body" inner_html=report.html></div>
            <ActionForm action attr:class="form form--inline">
                <input type="hidden" name="report" value=report.id.to_string() />
                <label for=note_id.clone()>{t!(i18n, discussions.resolution_note)}</label>
                <input id=note_id name="note" maxlength="1000" />
                <button type="submit" name="decision" value="hide" class="button button--small button--danger">{t!(i18n, discussions.resolve_hide)}</button>
                <button type="submit" name="decision" value="dismiss" class="button button--small">{t!(i18n, discussions.resolve_dismiss)}</button>
            </ActionForm>
        </li>
    }
}
