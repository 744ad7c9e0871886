//! Shared drafts: the list, one draft, the editor, the history, diffs, attribution and a
//! person's contributions.
//!
//! Every page is rendered on the server and works without JavaScript: forms post and redirect,
//! revision pickers are plain GET forms. Hydration adds the live preview, keeps unsaved text in
//! the browser's storage until the server has it, and lets a conflict be resolved in place.

use crate::{
    api::drafts::{
        AttributionView, ContributionsView, CreateDraft, DiffBlock, DiffView, DraftStatus,
        DraftSummary, DraftView, EditorView, HistoryView, RestoreRevision, RevisionInfo,
        RevisionKind, SaveDraft, ThemeRef, get_attribution, get_contributions, get_diff, get_draft,
        get_drafts, get_editor, get_history,
    },
    components::{
        date::LongDate,
        error_view::ErrorView,
        form::{Field, FormErrors, Notice, Submit, action_error, kept_value, query},
        title::PageTitle,
    },
    components::{
        person::PersonLink,
        redline::{Inline, SideBySide},
    },
    domain::wording::share,
    error::AppError,
    i18n::{t, t_string, use_i18n},
    routes::account::SignInRequired,
    routes::page::{failure, loading, param},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

/// A draft's status as a badge.
#[component]
fn DraftStatusBadge(status: DraftStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (class, label) = match status {
        DraftStatus::Writing => ("badge badge--open", t_string!(i18n, drafts.status_writing)),
        DraftStatus::Review => ("badge badge--review", t_string!(i18n, drafts.status_review)),
        DraftStatus::Adopted => (
            "badge badge--adopted",
            t_string!(i18n, drafts.status_adopted),
        ),
        DraftStatus::Withdrawn => (
            "badge badge--closed",
            t_string!(i18n, drafts.status_withdrawn),
        ),
    };
    view! { <span class=class>{label}</span> }
}

/// Breadcrumb: cahier › thème › drafts (› draft).
#[component]
fn Crumbs(theme: ThemeRef, #[prop(optional)] draft: Option<(i32, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let theme_href = format!("/themes/{}", theme.number);
    let drafts_href = format!("/themes/{}/drafts", theme.number);
    let theme_label = format!("{}. {}", theme.number, theme.title);
    view! {
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, drafts.breadcrumb)>
            <A href=theme_href>{theme_label}</A>
            <span aria-hidden="true">" / "</span>
            <A href=drafts_href>{t!(i18n, drafts.heading)}</A>
            {draft.map(|(number, title)| {
                let href = format!("/themes/{}/drafts/{number}", theme.number);
                view! {
                    <span aria-hidden="true">" / "</span>
                    <A href=href>{title}</A>
                }
            })}
        </nav>
    }
}

/// Which tab of a draft is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Text,
    History,
    Diff,
    Attribution,
    Edit,
}

/// The tabs of a draft's pages.
#[component]
fn DraftTabs(theme: i32, draft: i32, current: Tab, can_write: bool) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("/themes/{theme}/drafts/{draft}");
    let tab = move |tab: Tab, href: String, label: String| {
        let current_page = (tab == current).then_some("page");
        view! { <li><a href=href aria-current=current_page>{label}</a></li> }
    };
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, drafts.tabs)>
            <ul>
                {tab(Tab::Text, base.clone(), t_string!(i18n, drafts.tab_text).to_owned())}
                {tab(Tab::History, format!("{base}/history"), t_string!(i18n, drafts.tab_history).to_owned())}
                {tab(Tab::Diff, format!("{base}/diff"), t_string!(i18n, drafts.tab_diff).to_owned())}
                {tab(Tab::Attribution, format!("{base}/attribution"), t_string!(i18n, drafts.tab_attribution).to_owned())}
                {can_write.then(|| tab(Tab::Edit, format!("{base}/edit"), t_string!(i18n, drafts.tab_edit).to_owned()))}
            </ul>
        </nav>
    }
}

/// `/themes/{n}/drafts`: the thème's drafts.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let number = param("number");
    let location = use_location();
    let rights = ServerAction::<crate::api::review::SetSuggestionRights>::new();
    let list = Resource::new(
        move || (number(), location.search.get()),
        |(number, _)| get_drafts(number),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(view) => view! { <DraftList view rights /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DraftList(
    view: crate::api::drafts::DraftsView,
    rights: ServerAction<crate::api::review::SetSuggestionRights>,
) -> impl IntoView {
    let rights_error = action_error(rights);
    let done = query("done");
    let i18n = use_i18n();
    let number = view.theme.number;
    let title = format!("{} · {}", t_string!(i18n, drafts.heading), view.theme.title);
    let new_href = format!("/themes/{number}/drafts/new");
    let empty = view.drafts.is_empty();
    view! {
        <PageTitle text=title />
        <section class="page drafts">
            <Crumbs theme=view.theme.clone() />
            <header class="page__header">
                <h1>{t!(i18n, drafts.heading)}</h1>
                {view.can_write.then(|| view! { <A href=new_href attr:class="button button--primary">{t!(i18n, drafts.new)}</A> })}
            </header>
            {(!view.theme.open).then(|| view! { <p class="notice notice--closed">{t!(i18n, drafts.read_only)}</p> })}
            {empty.then(|| view! { <p class="empty">{t!(i18n, drafts.none)}</p> })}
            <ul class="draft-list">
                {view.drafts.into_iter().map(|draft| view! { <DraftItem theme=number draft /> }).collect_view()}
            </ul>
            {view.members_accept_suggestions.map(|members| view! {
                <section class="card" aria-labelledby="rights-heading">
                    <h2 id="rights-heading">{t!(i18n, review.rights_heading)}</h2>
                    {move || (done.get() == "rights").then(|| view! { <Notice>{t!(i18n, review.rights_saved)}</Notice> })}
                    <ActionForm action=rights attr:class="form">
                        <FormErrors error=rights_error scope="rights" />
                        <input type="hidden" name="number" value=number.to_string() />
                        <label class="checkbox">
                            <input type="checkbox" name="members" value="1" checked=members />
                            " " {t!(i18n, review.rights_label)}
                        </label>
                        <div class="form__actions">
                            <Submit action=rights>{t!(i18n, review.rights_save)}</Submit>
                        </div>
                    </ActionForm>
                </section>
            })}
        </section>
    }
}

#[component]
fn DraftItem(theme: i32, draft: DraftSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/themes/{theme}/drafts/{}", draft.number);
    let date = draft.updated_at.date();
    let revisions = draft.revisions;
    let contributors = draft.contributors;
    let last = draft.last_author.clone().unwrap_or_default();
    view! {
        <li class="draft-item">
            <div class="draft-item__head">
                <A href=href attr:class="draft-item__title">{draft.title}</A>
                <DraftStatusBadge status=draft.status />
            </div>
            <p class="draft-item__meta">
                {move || t_string!(i18n, drafts.list_meta, revisions, contributors).to_string()}
                " · "
                {t!(i18n, drafts.last_change, name = move || last.clone(), date = move || view! { <LongDate date /> })}
            </p>
        </li>
    }
}

/// The drafts section of a thème's page.
#[component]
pub fn ThemeDrafts(number: i32) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(move || number.to_string(), get_drafts);
    let all_href = format!("/themes/{number}/drafts");
    view! {
        <section class="theme-drafts" aria-labelledby="theme-drafts-heading">
            <h2 id="theme-drafts-heading">{t!(i18n, drafts.heading)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    list.await.ok().map(|view| {
                        let empty = view.drafts.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="empty">{t!(i18n, drafts.none)}</p> })}
                            <ul class="draft-list">
                                {view.drafts.into_iter().take(5).map(|draft| view! { <DraftItem theme=number draft /> }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </Suspense>
            <p><A href=all_href>{t!(i18n, drafts.all)}</A></p>
        </section>
    }
}

/// `/themes/{n}/drafts/new`: a new draft (members).
#[component]
pub fn NewDraftPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = param("number");
    let list = Resource::new(number, get_drafts);
    let action = ServerAction::<CreateDraft>::new();
    let error = action_error(action);
    // Without JavaScript, "Aperçu" comes back here with the text and `preview=1`.
    let asked = query("preview");
    let preview = Resource::new(
        move || (asked.get() == "1").then(|| kept_value("body")),
        |body| async move {
            match body {
                Some(body) => crate::api::drafts::preview_markdown(body).await.ok(),
                None => None,
            }
        },
    );
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, drafts.new_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let preview_html = preview.await;
                match list.await {
                    Ok(view) if view.can_write => {
                        let number = view.theme.number.to_string();
                        let body = kept_value("body");
                        view! {
                            <section class="page page--narrow">
                                <Crumbs theme=view.theme.clone() />
                                <h1>{t!(i18n, drafts.new_title)}</h1>
                                <ActionForm action attr:class="form editor" attr:novalidate=true>
                                    <FormErrors error />
                                    <input type="hidden" name="number" value=number.clone() />
                                    <Field name="title" value=kept_value("title") error>{t!(i18n, drafts.field_title)}</Field>
                                    <Editor name_key=format!("new:{number}") initial=body error base=None preview_html />
                                    <Field name="summary" value=kept_value("summary") error required=false>{t!(i18n, drafts.field_summary)}</Field>
                                    <div class="form__actions">
                                        <Submit action>{t!(i18n, drafts.create)}</Submit>
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

/// The text area of a draft with its preview: server-rendered when asked without JavaScript
/// (`preview_html`), live with hydration. The text is kept in the browser's storage under
/// `name_key` as it is typed, and given back after a reload until the server acknowledges it.
#[component]
fn Editor(
    name_key: String,
    initial: String,
    error: Signal<Option<AppError>>,
    /// The revision the text started from (None for a new draft).
    base: Option<i32>,
    /// The preview rendered by the server, if any.
    preview_html: Option<String>,
    /// When the page gives back a stash, the stored copy is replaced rather than restored.
    #[prop(optional)]
    from_stash: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let restored = RwSignal::new(false);
    let base_value = RwSignal::new(base);
    let text = RwSignal::new(initial.clone());
    let preview = RwSignal::new(preview_html.clone());
    let messages = move || {
        error
            .get()
            .map(|error| error.field_codes("body"))
            .unwrap_or_default()
    };
    let invalid = move || !messages().is_empty();
    #[cfg(feature = "hydrate")]
    {
        let key = format!("atelier:draft:{name_key}");
        let initial = initial.clone();
        let stored_key = key.clone();
        // Give back text this browser typed but the server never acknowledged.
        Effect::new(move |_| {
            let Some(element) = textarea.get() else {
                return;
            };
            if from_stash {
                // The text given back replaces whatever the text area held before.
                element.set_value(&initial);
                text.set(initial.clone());
                base_value.set(base);
                local::store(&stored_key, base, &initial);
                return;
            }
            // Restored with the revision it was typed on, so that saving merges it with what
            // others saved since.
            if let Some((stored_base, stored)) = local::load(&stored_key)
                && stored != initial
            {
                element.set_value(&stored);
                text.set(stored);
                if base.is_some() && stored_base.is_some() {
                    base_value.set(stored_base);
                }
                restored.set(true);
            }
        });
        // Live preview, a moment after typing stops. The page may be gone by then (a save
        // navigates away), so every later access tolerates disposed values.
        let generation = StoredValue::new(0u64);
        Effect::new(move |previous: Option<()>| {
            let current = text.get();
            if previous.is_none() && preview.get_untracked().is_some() {
                // The server rendered the first preview.
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
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = crate::api::drafts::preview_markdown(current).await
                            && generation.try_get_value() == Some(ticket)
                        {
                            preview.try_set(Some(html));
                        }
                    });
                },
                std::time::Duration::from_millis(400),
            );
        });
        let _ = key;
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (base, from_stash);
    let on_input = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        #[cfg(feature = "hydrate")]
        local::store(
            &format!("atelier:draft:{name_key}"),
            base_value.try_get_untracked().flatten(),
            &value,
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = &name_key;
        text.try_set(value);
    };
    view! {
        {base.map(|_| view! {
            <input type="hidden" name="base" value=move || base_value.get().map(|b| b.to_string()).unwrap_or_default() />
        })}
        <div class="editor__panes">
            <div class="field editor__source" class:field--invalid=invalid>
                <label for="field-body">{t!(i18n, drafts.field_body)}</label>
                <p class="field__hint" id="field-body-hint">{t!(i18n, drafts.markdown_hint)}</p>
                {move || restored.get().then(|| view! {
                    <p class="notice notice--info" role="status">{t!(i18n, drafts.restored_locally)}</p>
                })}
                <textarea id="field-body" name="body" rows="24" node_ref=textarea
                    aria-describedby="field-body-hint field-body-error"
                    aria-invalid=move || invalid().then_some("true")
                    on:input=on_input>{initial.clone()}</textarea>
                <p class="field__error" id="field-body-error" hidden=move || !invalid()>
                    {move || messages().into_iter().map(|code| crate::components::error_view::code_message(i18n, code)).collect::<Vec<_>>().join(" ")}
                </p>
            </div>
            <section class="editor__preview" aria-labelledby="preview-heading" aria-live="polite">
                <h2 id="preview-heading">{t!(i18n, drafts.preview_heading)}</h2>
                {move || match preview.get() {
                    Some(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
                    None => view! { <p class="field__hint">{t!(i18n, drafts.preview_hint)}</p> }.into_any(),
                }}
            </section>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod local {
    //! Unsaved text in the browser's local storage: `{base}\n{text}`.

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn store(key: &str, base: Option<i32>, text: &str) {
        if let Some(storage) = storage() {
            let base = base.map(|b| b.to_string()).unwrap_or_default();
            let _ = storage.set_item(key, &format!("{base}\n{text}"));
        }
    }

    pub fn load(key: &str) -> Option<(Option<i32>, String)> {
        let value = storage()?.get_item(key).ok()??;
        let (base, text) = value.split_once('\n')?;
        Some((base.parse().ok(), text.to_owned()))
    }

    pub fn forget(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }
}

/// `/themes/{n}/drafts/{d}` and `/themes/{n}/drafts/{d}/revisions/{k}`.
#[component]
pub fn DraftPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let revision = param("revision");
    let location = use_location();
    let restore = ServerAction::<RestoreRevision>::new();
    let actions = crate::routes::review::ReviewActions::new();
    let successes = actions.successes(restore);
    let page = Resource::new(
        move || {
            (
                number(),
                draft(),
                revision(),
                location.search.get(),
                successes.get(),
            )
        },
        |(number, draft, revision, _, _)| {
            get_draft(number, draft, (!revision.is_empty()).then_some(revision))
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <Draft view restore actions /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Draft(
    view: DraftView,
    restore: ServerAction<RestoreRevision>,
    actions: crate::routes::review::ReviewActions,
) -> impl IntoView {
    use crate::routes::review::{ReviewPanel, Selection, StatusPanel, SuggestionsPanel, on_select};
    let selection = Selection(RwSignal::new(String::new()));
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let review = view.review.clone();
    let i18n = use_i18n();
    let theme = view.theme.number;
    let number = view.number;
    let base = format!("/themes/{theme}/drafts/{number}");
    let is_head = view.revision.number == view.head;
    let revision = view.revision.clone();
    let shown = revision.number;
    let head = view.head;
    let restore_error = action_error(restore);
    let done = query("done");
    let from = query("from");
    let to = query("to");
    let base_for_notice = base.clone();
    #[cfg(feature = "hydrate")]
    {
        // The server has the text: the copy kept in this browser can go.
        let key = format!("atelier:draft:{theme}:{number}");
        Effect::new(move |_| {
            if matches!(
                done.get().as_str(),
                "saved" | "merged" | "unchanged" | "created"
            ) {
                local::forget(&key);
                local::forget(&format!("atelier:draft:new:{theme}"));
            }
        });
    }
    let page_title = if is_head {
        view.title.clone()
    } else {
        format!(
            "{} · {}",
            view.title,
            t_string!(i18n, drafts.revision_label, number = shown)
        )
    };
    let date = view.revision.at.date();
    view! {
        <PageTitle text=page_title />
        <article class="page draft">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            {move || {
                let base = base_for_notice.clone();
                match done.get().as_str() {
                    "saved" | "created" => Some(view! { <Notice>{t!(i18n, drafts.saved, revision = to.get())}</Notice> }.into_any()),
                    "restored" => Some(view! { <Notice>{t!(i18n, drafts.restored, revision = to.get())}</Notice> }.into_any()),
                    "unchanged" => Some(view! { <Notice>{t!(i18n, drafts.unchanged)}</Notice> }.into_any()),
                    "status" => Some(view! { <Notice>{t!(i18n, review.done_status)}</Notice> }.into_any()),
                    "commented" | "replied" => Some(view! { <Notice>{t!(i18n, review.done_commented)}</Notice> }.into_any()),
                    "resolved" => Some(view! { <Notice>{t!(i18n, review.done_resolved)}</Notice> }.into_any()),
                    "comment_edited" => Some(view! { <Notice>{t!(i18n, review.done_comment_edited)}</Notice> }.into_any()),
                    "comment_deleted" => Some(view! { <Notice>{t!(i18n, review.done_comment_deleted)}</Notice> }.into_any()),
                    "comment_reported" => Some(view! { <Notice>{t!(i18n, review.done_comment_reported)}</Notice> }.into_any()),
                    "comment_hidden" => Some(view! { <Notice>{t!(i18n, review.done_comment_hidden)}</Notice> }.into_any()),
                    "comment_shown" => Some(view! { <Notice>{t!(i18n, review.done_comment_shown)}</Notice> }.into_any()),
                    "suggested" => Some(view! { <Notice>{t!(i18n, review.done_suggested)}</Notice> }.into_any()),
                    "accepted" => Some(view! { <Notice>{t!(i18n, review.done_accepted, revision = to.get())}</Notice> }.into_any()),
                    "accepted_merged" => Some(view! { <Notice>{t!(i18n, review.done_accepted_merged, revision = to.get())}</Notice> }.into_any()),
                    "already_there" => Some(view! { <Notice>{t!(i18n, review.done_already_there)}</Notice> }.into_any()),
                    "declined" => Some(view! { <Notice>{t!(i18n, review.done_declined)}</Notice> }.into_any()),
                    "merged" => {
                        let (from, to) = (from.get(), to.get());
                        let theirs_to = to.parse::<i32>().map(|t| t - 1).unwrap_or(1);
                        let theirs = format!("{base}/diff?from={from}&to={theirs_to}");
                        let result = format!("{base}/diff?from={from}&to={to}");
                        Some(view! {
                            <div class="notice notice--success" role="status">
                                <p>{t!(i18n, drafts.merged, revision = to.clone())}</p>
                                <p>
                                    <a href=theirs>{t!(i18n, drafts.merged_theirs)}</a>
                                    " · "
                                    <a href=result>{t!(i18n, drafts.merged_result)}</a>
                                </p>
                            </div>
                        }.into_any())
                    }
                    _ => None,
                }
            }}
            <header class="draft__header">
                <div class="theme__eyebrow">
                    <span class="eyebrow">{t!(i18n, drafts.draft_label, number)}</span>
                    <DraftStatusBadge status=view.status />
                </div>
                <h1>{view.title.clone()}</h1>
                <StatusPanel theme draft=number status=view.status review=review.clone() actions />
            </header>
            <DraftTabs theme draft=number current=if is_head { Tab::Text } else { Tab::History } can_write=view.can_write />
            {(!is_head).then(|| {
                let current = base.clone();
                let compare = format!("{base}/diff?from={shown}&to={head}");
                view! {
                    <div class="notice notice--info" role="note">
                        <p>
                            {t!(i18n, drafts.old_revision, revision = shown, date = move || view! { <LongDate date /> }, head)}
                        </p>
                        <p>
                            <a href=current>{t!(i18n, drafts.see_current)}</a>
                            " · "
                            <a href=compare>{t!(i18n, drafts.compare_current)}</a>
                        </p>
                        {view.can_write.then(|| view! {
                            <FormErrors error=restore_error scope="restore" />
                            <ActionForm action=restore attr:class="inline-form">
                                <input type="hidden" name="number" value=theme.to_string() />
                                <input type="hidden" name="draft" value=number.to_string() />
                                <input type="hidden" name="revision" value=shown.to_string() />
                                <Submit action=restore>{t!(i18n, drafts.restore, revision = shown)}</Submit>
                            </ActionForm>
                        })}
                    </div>
                }
            })}
            {view.since.clone().map(|since| view! {
                <section class="since" aria-labelledby="since-heading">
                    <h2 id="since-heading">{t!(i18n, since.heading)}</h2>
                    <crate::routes::review::DraftSinceView theme draft=number since />
                </section>
            })}
            <div class="draft__layout">
                <div class="prose draft__text" lang="fr" inner_html=view.html
                    on:mouseup=move |_| on_select(selection)
                    on:keyup=move |_| on_select(selection)></div>
                <aside class="draft__aside">
                    <dl class="facts">
                        <dt>{t!(i18n, drafts.revisions_label)}</dt>
                        <dd>{head}</dd>
                        <dt>{t!(i18n, drafts.shown_revision)}</dt>
                        <dd><RevisionLine theme draft=number revision /></dd>
                    </dl>
                    <Contributors contributors=view.contributors.clone() />
                    <section class="export" aria-labelledby="export-heading">
                        <h2 id="export-heading">{t!(i18n, review.export)}</h2>
                        <p>
                            <a href=format!("{base}/revisions/{shown}/export.md") download="">{t!(i18n, review.export_markdown)}</a>
                            " · "
                            <a href=format!("{base}/revisions/{shown}/export.html") download="">{t!(i18n, review.export_html)}</a>
                            {move || hydrated.get().then(|| view! {
                                " · "
                                <button type="button" class="link-button" on:click=move |_| {
                                    #[cfg(feature = "hydrate")]
                                    if let Some(window) = web_sys::window() {
                                        let _ = window.print();
                                    }
                                }>{t!(i18n, review.print)}</button>
                            })}
                        </p>
                    </section>
                    {(!view.theme.open).then(|| view! { <p class="notice notice--closed">{t!(i18n, drafts.read_only)}</p> })}
                    {is_head.then(|| view! { <ReviewPanel theme draft=number review=review.clone() actions selection /> })}
                </aside>
            </div>
            {is_head.then(|| view! { <SuggestionsPanel theme draft=number review=review.clone() actions selection /> })}
        </article>
    }
}

/// "révision 4 · Alice · 12 mars 2026".
#[component]
fn RevisionLine(theme: i32, draft: i32, revision: RevisionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!(
        "/themes/{theme}/drafts/{draft}/revisions/{}",
        revision.number
    );
    let date = revision.at.date();
    let number = revision.number;
    view! {
        <span class="revision-line">
            <a href=href>{move || t_string!(i18n, drafts.revision_label, number).to_string()}</a>
            " · "
            <PersonLink id=revision.author_id name=revision.author.clone() />
            " · "
            <LongDate date />
            {revision.thread.clone().map(|(thread, title)| {
                let href = format!("/themes/{theme}/discussions/{thread}");
                view! { " · " <a href=href class="revision__thread" title=title>{t!(i18n, review.see_discussion)}</a> }
            })}
        </span>
    }
}

/// The contributors of a draft with their share of the current text.
#[component]
fn Contributors(contributors: Vec<crate::api::drafts::Contributor>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="contributors" aria-labelledby="contributors-heading">
            <h2 id="contributors-heading">{t!(i18n, drafts.contributors)}</h2>
            <ul>
                {contributors.into_iter().map(|person| {
                    let permille = person.permille;
                    let revisions = person.revisions;
                    let class = format!("swatch by-{}", person.colour);
                    view! {
                        <li>
                            <span class=class aria-hidden="true"></span>
                            <PersonLink id=person.user_id name=Some(person.name.clone()).filter(|n| !n.is_empty()) />
                            <span class="contributors__share">{move || t_string!(i18n, drafts.share, share = share(permille, i18n.get_locale()), revisions).to_string()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `/themes/{n}/drafts/{d}/edit`: the editor (members).
#[component]
pub fn EditDraftPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let stash = query("stash");
    let save = ServerAction::<SaveDraft>::new();
    let page = Resource::new(
        move || (number(), draft(), stash.get()),
        |(number, draft, stash)| get_editor(number, draft, (!stash.is_empty()).then_some(stash)),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <EditForm view save /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditForm(view: EditorView, save: ServerAction<SaveDraft>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(save);
    let theme = view.theme.number;
    let number = view.number;
    let title = format!("{} · {}", t_string!(i18n, drafts.edit_title), view.title);
    let stash = view.stash.clone();
    let conflicts = stash
        .as_ref()
        .map(|stash| stash.conflicts.clone())
        .unwrap_or_default();
    let others = stash
        .as_ref()
        .map(|stash| stash.others.join(", "))
        .unwrap_or_default();
    let preview_html = Some(view.preview_html.clone());
    let has_conflicts = !conflicts.is_empty();
    let summary = {
        let kept = kept_value("summary");
        if kept.is_empty() {
            view.summary.clone()
        } else {
            kept
        }
    };
    let stash_base = stash.as_ref().map(|stash| stash.base);
    let writable = view.writable;
    // A conflict stash whose merge came out clean (kept before conflicts were stored): nothing
    // was saved, and the page says so.
    let merged_back = stash
        .as_ref()
        .is_some_and(|stash| stash.base != stash.head && stash.conflicts.is_empty());
    view! {
        <PageTitle text=title />
        <section class="page editor-page">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{t!(i18n, drafts.edit_title)}</h1>
            <DraftTabs theme draft=number current=Tab::Edit can_write=true />
            {has_conflicts.then(|| {
                let count = conflicts.len();
                let from = stash_base.unwrap_or(1);
                let head = view.base;
                let theirs_href = format!("/themes/{theme}/drafts/{number}/diff?from={from}&to={head}");
                view! {
                    <section class="conflicts" role="alert" aria-labelledby="conflicts-heading">
                        <h2 id="conflicts-heading">{move || t_string!(i18n, drafts.conflicts_heading, count).to_string()}</h2>
                        <p>{t!(i18n, drafts.conflicts_explain, others = others.clone(), from, head)}</p>
                        <p><a href=theirs_href>{t!(i18n, drafts.conflicts_see_theirs)}</a></p>
                        <ol class="conflicts__list">
                            {conflicts.into_iter().map(|conflict| {
                                let (before, after) = (format!("…{}", conflict.before), format!("{}…", conflict.after));
                                let passage = move |text: String| view! {
                                    <p class="conflict__text">
                                        <span class="conflict__context">{before.clone()}</span>
                                        <mark>{text}</mark>
                                        <span class="conflict__context">{after.clone()}</span>
                                    </p>
                                };
                                view! {
                                    <li class="conflict">
                                        <div class="conflict__side conflict__theirs">
                                            <h3>{t!(i18n, drafts.conflict_theirs)}</h3>
                                            {passage.clone()(conflict.theirs)}
                                        </div>
                                        <div class="conflict__side conflict__mine">
                                            <h3>{t!(i18n, drafts.conflict_mine)}</h3>
                                            {passage.clone()(conflict.mine)}
                                        </div>
                                        <details class="conflict__base">
                                            <summary>{t!(i18n, drafts.conflict_base)}</summary>
                                            {passage(conflict.base)}
                                        </details>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                }
            })}
            {(!view.theme.open).then(|| view! { <p class="notice notice--closed">{t!(i18n, drafts.read_only)}</p> })}
            {(!writable).then(|| view! { <p class="notice notice--error" role="alert">{t!(i18n, drafts.nothing_saved_refused)}</p> })}
            {(writable && merged_back).then(|| view! { <p class="notice" role="status">{t!(i18n, drafts.nothing_saved_merged)}</p> })}
            <ActionForm action=save attr:class="form editor" attr:novalidate=true>
                <FormErrors error />
                <input type="hidden" name="number" value=theme.to_string() />
                <input type="hidden" name="draft" value=number.to_string() />
                <p class="field__hint">{t!(i18n, drafts.editing_from, revision = view.base)}</p>
                <Editor name_key=format!("{theme}:{number}") initial=view.body.clone() error base=Some(view.base)
                    preview_html from_stash=stash.is_some() />
                <Field name="summary" value=summary error required=false>{t!(i18n, drafts.field_summary)}</Field>
                {(!view.threads.is_empty()).then(|| {
                    let kept_thread = kept_value("thread");
                    view! {
                        <div class="field">
                            <label for="field-thread">{t!(i18n, review.linked_thread)}</label>
                            <select id="field-thread" name="thread">
                                <option value="">{t!(i18n, review.no_thread)}</option>
                                {view.threads.clone().into_iter().map(|(number, title)| {
                                    let selected = kept_thread == number.to_string();
                                    view! { <option value=number.to_string() selected=selected>{title}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }
                })}
                {writable.then(|| view! {
                    <div class="form__actions">
                        <Submit action=save>{t!(i18n, drafts.save)}</Submit>
                        <button type="submit" name="intent" value="preview" class="button">{t!(i18n, drafts.preview)}</button>
                    </div>
                })}
            </ActionForm>
        </section>
    }
}

/// `/themes/{n}/drafts/{d}/history`: every revision, with a comparison picker.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let page = Resource::new(move || (number(), draft()), |(n, d)| get_history(n, d));
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
    let base = format!("/themes/{theme}/drafts/{number}");
    let title = format!("{} · {}", t_string!(i18n, drafts.tab_history), view.title);
    let head = view.revisions.first().map_or(1, |r| r.number);
    let action = format!("{base}/diff");
    view! {
        <PageTitle text=title />
        <section class="page history">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{view.title.clone()}</h1>
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
                                            let href = format!("/themes/{theme}/discussions/{thread}");
                                            view! { " " <a href=href class="revision__thread">{t!(i18n, review.see_discussion)}</a> }
                                        })}
                                    </td>
                                    <td class="words">
                                        <a href=diff_href aria-label=move || t_string!(i18n, drafts.words_label, added, removed).to_string()>
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
        </section>
    }
}

/// `/themes/{n}/drafts/{d}/diff?from=A&to=B[&view=side]`.
#[component]
pub fn DiffPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let from = query("from");
    let to = query("to");
    let page = Resource::new(
        move || (number(), draft(), from.get(), to.get()),
        |(n, d, from, to)| {
            get_diff(
                n,
                d,
                (!from.is_empty()).then_some(from),
                (!to.is_empty()).then_some(to),
            )
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <Diff view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Diff(view: DiffView) -> impl IntoView {
    let i18n = use_i18n();
    let theme = view.theme.number;
    let number = view.number;
    let base = format!("/themes/{theme}/drafts/{number}");
    let side = query("view");
    let (from, to) = (view.from.number, view.to.number);
    let title = format!("{} · {}", t_string!(i18n, drafts.tab_diff), view.title);
    let inline_href = format!("{base}/diff?from={from}&to={to}");
    let side_href = format!("{base}/diff?from={from}&to={to}&view=side");
    let action = format!("{base}/diff");
    let options = move |selected: i32| {
        (1..=view.head)
            .rev()
            .map(|n| {
                let chosen = n == selected;
                view! { <option value=n.to_string() selected=chosen>{n}</option> }
            })
            .collect_view()
    };
    let blocks = view.blocks.clone();
    let (added, removed) = (view.words_added, view.words_removed);
    let empty = blocks.iter().all(|b| !matches!(b, DiffBlock::Changed(_)));
    view! {
        <PageTitle text=title />
        <section class="page diff">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{view.title.clone()}</h1>
            <DraftTabs theme draft=number current=Tab::Diff can_write=false />
            <form method="get" action=action class="diff__picker">
                <label for="diff-from">{t!(i18n, drafts.col_from)}</label>
                <select id="diff-from" name="from">{options(from)}</select>
                <label for="diff-to">{t!(i18n, drafts.col_to)}</label>
                <select id="diff-to" name="to">{options(to)}</select>
                {move || (side.get() == "side").then(|| view! { <input type="hidden" name="view" value="side" /> })}
                <button type="submit" class="button">{t!(i18n, drafts.compare)}</button>
            </form>
            <div class="diff__sides">
                <p><strong>{t!(i18n, drafts.col_from)}</strong>" "<RevisionLine theme draft=number revision=view.from.clone() /></p>
                <p><strong>{t!(i18n, drafts.col_to)}</strong>" "<RevisionLine theme draft=number revision=view.to.clone() /></p>
            </div>
            <p class="diff__summary">
                {move || t_string!(i18n, drafts.words_label, added, removed).to_string()}
                {(from > to).then(|| view! { " " <em>{t!(i18n, drafts.backwards)}</em> })}
            </p>
            <nav class="diff__modes" aria-label=move || t_string!(i18n, drafts.diff_modes)>
                <a href=inline_href aria-current=move || (side.get() != "side").then_some("page")>{t!(i18n, drafts.inline)}</a>
                " · "
                <a href=side_href aria-current=move || (side.get() == "side").then_some("page")>{t!(i18n, drafts.side_by_side)}</a>
            </nav>
            <p class="diff__legend">
                <del>{t!(i18n, drafts.legend_removed)}</del>" "<ins>{t!(i18n, drafts.legend_added)}</ins>
            </p>
            {empty.then(|| view! { <p class="empty">{t!(i18n, drafts.no_changes)}</p> })}
            {move || {
                let blocks = blocks.clone();
                if side.get() == "side" {
                    view! { <SideBySide blocks /> }.into_any()
                } else {
                    view! { <Inline blocks /> }.into_any()
                }
            }}
        </section>
    }
}

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
    let base = format!("/themes/{theme}/drafts/{number}");
    view! {
        <PageTitle text=title />
        <section class="page attribution">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{view.title.clone()}</h1>
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
                    let base = format!("/themes/{}/drafts/{}", entry.theme_number, entry.draft_number);
                    let n = entry.revision.number;
                    let revision_href = format!("{base}/revisions/{n}");
                    let diff_href = format!("{base}/diff?from={}&to={n}", (n - 1).max(1));
                    let theme_label = format!("{}. {}", entry.theme_number, entry.theme_title);
                    let theme_href = format!("/themes/{}", entry.theme_number);
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
                                <a href=diff_href>{move || t_string!(i18n, drafts.words_label, added, removed).to_string()}</a>
                                " · "
                                {move || t_string!(i18n, drafts.surviving, surviving).to_string()}
                            </p>
                            {(!entry.revision.summary.is_empty()).then(|| view! { <q class="timeline__note">{entry.revision.summary.clone()}</q> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
