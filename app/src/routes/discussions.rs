//! Discussions: a thème's threads, one thread with its posts and reply form, a post's edit page
//! and versions, and the moderators' reports.
//!
//! Every form is a real form (it works without JavaScript); with hydration the reply form gets a
//! live preview and the thread shows new posts as they are written (server-sent events).

use crate::domain::typography::typeset;
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

mod list;
pub use list::*;

mod compose;
pub use compose::*;

mod thread;
pub use thread::*;

mod versions;
pub use versions::*;

mod moderation;
pub use moderation::*;

/// Breadcrumb: thème › discussions (› thread).
#[component]
fn Crumbs(theme: ThemeRef, #[prop(optional)] thread: Option<(i32, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let theme_href = urls::theme(theme.number);
    let list_href = urls::threads(theme.number);
    let theme_label = format!("{}. {}", theme.number, typeset(&theme.title));
    view! {
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, drafts.breadcrumb)>
            <A href=theme_href>{theme_label}</A>
            <span aria-hidden="true">" / "</span>
            <A href=list_href>{t!(i18n, discussions.heading)}</A>
            {thread.map(|(number, title)| {
                let href = urls::thread(theme.number, number);
                view! {
                    <span aria-hidden="true">" / "</span>
                    <A href=href>{typeset(&title)}</A>
                }
            })}
        </nav>
    }
}
