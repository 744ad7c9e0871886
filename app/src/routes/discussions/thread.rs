//! `/themes/{n}/discussions/{t}`: a thread, its posts, replying, reporting and moderating.

use super::*;

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

/// Kept in one piece: the thread page's layout (header, moderation bar, posts, pages, reply form,
/// live updates) in one template; each part is a component.
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
                <h1>{typeset(&title)}</h1>
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
                let href = format!("/login?next={}", urls::thread(theme, number));
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
