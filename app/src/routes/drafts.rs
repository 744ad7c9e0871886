//! Shared drafts: the list, one draft, the editor, the history, diffs, attribution and a
//! person's contributions.
//!
//! Every page is rendered on the server and works without JavaScript: forms post and redirect,
//! revision pickers are plain GET forms. Hydration adds the live preview, keeps unsaved text in
//! the browser's storage until the server has it, and lets a conflict be resolved in place.

use crate::domain::typography::typeset;
use crate::domain::urls;
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
use crate::{components::form::done, domain::notice::Done};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

mod attribution;
mod diff;
mod editor;
mod history;
mod list;
mod new;
mod page;

pub use attribution::{AttributionPage, ContributionsPage};
pub use diff::DiffPage;
pub use editor::EditDraftPage;
pub use history::HistoryPage;
pub use list::{DraftsPage, ThemeDrafts};
pub use new::NewDraftPage;
pub use page::DraftPage;

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
    let theme_href = urls::theme(theme.number);
    let drafts_href = urls::drafts(theme.number);
    let theme_label = format!("{}. {}", theme.number, typeset(&theme.title));
    view! {
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, drafts.breadcrumb)>
            <A href=theme_href>{theme_label}</A>
            <span aria-hidden="true">" / "</span>
            <A href=drafts_href>{t!(i18n, drafts.heading)}</A>
            {draft.map(|(number, title)| {
                let href = urls::draft(theme.number, number);
                view! {
                    <span aria-hidden="true">" / "</span>
                    <A href=href>{typeset(&title)}</A>
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
    let base = urls::draft(theme, draft);
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

/// Forgets the unsaved texts this browser kept (called when signing out).
#[cfg(feature = "hydrate")]
pub fn forget_unsaved_texts() {
    local::forget_all();
}

#[cfg(feature = "hydrate")]
mod local {
    //! Unsaved text in the browser's local storage: `{base}\n{text}`, under a key naming the
    //! person signed in (the page frame says who, `data-viewer`), so that it is only ever given back
    //! to them; signing out forgets all of it ([`forget_all`], and the server's `Clear-Site-Data`).

    /// The prefix of every key of unsaved text.
    const PREFIX: &str = "atelier:draft:";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// Who is signed in, as the page frame says; empty when nobody is (nothing is kept then).
    fn viewer() -> String {
        web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.query_selector("[data-viewer]").ok().flatten())
            .and_then(|element| element.get_attribute("data-viewer"))
            .unwrap_or_default()
    }

    /// The key of the unsaved text of `name_key` for the person signed in.
    pub fn key(name_key: &str) -> String {
        format!("{PREFIX}{}:{name_key}", viewer())
    }

    /// Forgets every unsaved text kept in this browser (at sign-out).
    pub fn forget_all() {
        let Some(storage) = storage() else { return };
        let count = storage.length().unwrap_or(0);
        let keys: Vec<String> = (0..count)
            .filter_map(|index| storage.key(index).ok().flatten())
            .filter(|key| key.starts_with(PREFIX))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }

    pub fn store(key: &str, base: Option<i32>, text: &str) {
        if key.starts_with(&format!("{PREFIX}:")) {
            // Nobody signed in: nothing to keep for anyone.
            return;
        }
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

/// "révision 4 · Alice · 12 mars 2026".
#[component]
fn RevisionLine(theme: i32, draft: i32, revision: RevisionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let href = urls::revision(theme, draft, revision.number);
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
                let href = urls::thread(theme, thread);
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
                            <span class="contributors__share">{move || t_string!(i18n, drafts.share, share = share(permille, i18n.get_locale()), count = revisions).to_string()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The text area of a draft with its preview: server-rendered when asked without JavaScript
/// (`preview_html`), live with hydration. The text is kept in the browser's storage under
/// `name_key` as it is typed, and given back after a reload until the server acknowledges it.
///
/// Kept in one piece: one form whose parts (the text, the summary, the linked discussion, the
/// preview, the conflict resolution) read and write the same signals; split, each part would take
/// them all as props.
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
        let key = local::key(&name_key);
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
            &local::key(&name_key),
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
