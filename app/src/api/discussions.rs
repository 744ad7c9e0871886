//! Discussions: a thème's threads and posts, their versions, moderation and reports.
//!
//! Reading follows the thème's visibility; posting needs an active membership (or the moderator
//! role), an open thème and an unlocked thread. Hidden threads and posts exist only for the
//! thème's facilitators and the site's moderators.

use crate::{api::drafts::DiffBlock, api::drafts::ThemeRef, error::AppError};
#[cfg(feature = "ssr")]
use crate::{
    api::policy::form_number,
    domain::{ThemeNumber, notice::Done, urls},
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The thread page a form names (its thème's and its own number), for the page its action goes
/// to (see [`form_number`]).
#[cfg(feature = "ssr")]
fn thread_of(number: &str, thread: &str) -> Option<String> {
    Some(urls::thread(
        form_number::<ThemeNumber>(number)?,
        form_number::<i32>(thread)?,
    ))
}

/// Longest post, in characters.
pub const POST_MAX: usize = 20_000;

/// One line of a thème's list of threads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub number: i32,
    pub title: String,
    pub author: Option<String>,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
    /// Visible posts, the first included.
    pub posts: i32,
    pub last_author: Option<String>,
    pub last_at: OffsetDateTime,
}

/// `/themes/{n}/discussions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadsView {
    pub theme: ThemeRef,
    pub threads: Vec<ThreadSummary>,
    pub page: i64,
    pub pages: i64,
    /// The caller may open a thread.
    pub can_post: bool,
    pub signed_in: bool,
}

/// One post as a thread shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub author_id: Option<Uuid>,
    pub author: Option<String>,
    pub reply_to: Option<i64>,
    /// The author of the post answered, when the reader may see it.
    pub reply_to_author: Option<String>,
    /// Sanitised when written.
    pub html: String,
    pub version: i32,
    pub edited_at: Option<OffsetDateTime>,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub at: OffsetDateTime,
    /// The caller wrote it and may still edit it.
    pub can_edit: bool,
}

/// `/themes/{n}/discussions/{t}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub theme: ThemeRef,
    pub number: i32,
    pub title: String,
    pub author: Option<String>,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub posts: Vec<PostView>,
    pub page: i64,
    pub pages: i64,
    /// The newest post's id in the thread (for live updates).
    pub last_id: i64,
    pub signed_in: bool,
    /// Member of an open thème, thread unlocked.
    pub can_reply: bool,
    /// Facilitator of the thème or moderator.
    pub can_moderate: bool,
    /// The reply form's starting text when quoting (`?quote=ID`), and the post it answers.
    pub quote: Option<(i64, String)>,
}

/// The edit page of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostEditorView {
    pub theme: ThemeRef,
    pub thread: i32,
    pub thread_title: String,
    pub post: i64,
    pub version: i32,
    pub source: String,
    /// When the page gives back a typed text refused because the post changed meanwhile: the
    /// version it was made on (the form now answers `version`, whose text `source` is shown).
    pub stale: Option<StaleEdit>,
}

/// The version a refused edit was made on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleEdit {
    /// Its number.
    pub made_on: i32,
    /// Its text.
    pub base_source: String,
}

/// One version of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: i32,
    pub author: Option<String>,
    pub at: OffsetDateTime,
}

/// `…/posts/{id}/versions?from=A&to=B`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionsView {
    pub theme: ThemeRef,
    pub thread: i32,
    pub thread_title: String,
    pub post: i64,
    pub versions: Vec<VersionInfo>,
    pub from: i32,
    pub to: i32,
    pub blocks: Vec<DiffBlock>,
    /// Version `to` as readers see it.
    pub html: String,
}

/// One open report on `/moderation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    /// Whether it is about a comment on a draft (else a post of a discussion).
    pub comment: bool,
    /// Where the post or comment is.
    pub href: String,
    pub theme: i32,
    pub theme_title: String,
    /// The thread's or the draft's title.
    pub place_title: String,
    pub author: Option<String>,
    pub html: String,
    pub hidden: bool,
    pub reporter: Option<String>,
    pub reason: String,
    pub at: OffsetDateTime,
}

/// One moderation decision, for `/moderation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationEntry {
    /// `post.hidden`, `post.unhidden`, `thread.hidden`, `thread.unhidden`, `comment.hidden`,
    /// `comment.unhidden`, `report.dismissed`.
    pub action: String,
    pub actor: Option<String>,
    /// The author of what was decided on.
    pub subject: Option<String>,
    pub thread_title: String,
    pub note: Option<String>,
    pub link: Option<String>,
    pub at: OffsetDateTime,
}

/// `/moderation`: open reports and the latest decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationView {
    pub reports: Vec<ReportView>,
    pub log: Vec<ModerationEntry>,
}

/// A thème's threads, `page` 1 by default.
#[server(endpoint = "discussions/list")]
pub async fn get_threads(number: String, page: Option<String>) -> Result<ThreadsView, AppError> {
    server::threads(&number, page.as_deref()).await
}

/// One page of a thread: `page` (a number or `last`), or the page that shows `post`; `quote`
/// prepares a reply quoting that post.
#[server(endpoint = "discussions/get")]
pub async fn get_thread(
    number: String,
    thread: String,
    page: Option<String>,
    post: Option<String>,
    quote: Option<String>,
) -> Result<ThreadView, AppError> {
    server::thread(
        &number,
        &thread,
        page.as_deref(),
        post.as_deref(),
        quote.as_deref(),
    )
    .await
}

/// The thread's posts after post `after` (live updates catching up).
#[server(endpoint = "discussions/after")]
pub async fn get_posts_after(
    number: String,
    thread: String,
    after: i64,
) -> Result<Vec<PostView>, AppError> {
    server::posts_after(&number, &thread, after).await
}

/// Opens a thread with its first post; goes to it. `intent=preview` comes back with a preview.
#[server(endpoint = "discussions/open")]
pub async fn open_thread(
    number: String,
    title: String,
    body: String,
    #[server(default)] intent: String,
) -> Result<(), AppError> {
    let number = number.trim().to_owned();
    let result = if intent == "preview" {
        None
    } else {
        Some(server::open(&number, &title, &body).await)
    };
    if let Some(Ok(thread)) = result {
        let target = form_number::<ThemeNumber>(&number).map(|theme| urls::thread(theme, thread));
        return crate::ssr::forms::finish(Ok(()), OpenThread::PATH, &[], target.as_deref());
    }
    let (text_field, text) = server::keep_long(&body).await;
    let kept = [("title", title.as_str()), (text_field, text.as_str())];
    match result {
        Some(Err(error)) => crate::ssr::forms::finish(Err(error), OpenThread::PATH, &kept, None),
        _ => {
            let target = form_number::<ThemeNumber>(&number).map(|theme| {
                format!(
                    "{}?{}&preview=1#preview-heading",
                    urls::new_thread(theme),
                    crate::ssr::forms::url_encoded(kept.iter().copied())
                )
            });
            crate::ssr::forms::finish(Ok(()), OpenThread::PATH, &[], target.as_deref())
        }
    }
}

/// Adds a post to a thread (`reply_to`: the post it answers); goes to it. `intent=preview` comes
/// back to the thread with the text and a preview.
#[server(endpoint = "discussions/reply")]
pub async fn reply(
    number: String,
    thread: String,
    body: String,
    #[server(default)] reply_to: String,
    #[server(default)] intent: String,
) -> Result<(), AppError> {
    let result = if intent == "preview" {
        None
    } else {
        Some(server::reply(&number, &thread, &body, &reply_to).await)
    };
    if let Some(Ok(target)) = result {
        return crate::ssr::forms::finish(Ok(()), Reply::PATH, &[], Some(&target));
    }
    let (text_field, text) = server::keep_long(&body).await;
    let kept = [(text_field, text.as_str()), ("reply_to", reply_to.as_str())];
    match result {
        Some(Err(error)) => crate::ssr::forms::finish(Err(error), Reply::PATH, &kept, None),
        _ => {
            let kept = kept.iter().copied().filter(|(_, value)| !value.is_empty());
            let target = thread_of(&number, &thread).map(|page| {
                format!(
                    "{page}?page=last&{}&preview=1#reply",
                    crate::ssr::forms::url_encoded(kept)
                )
            });
            crate::ssr::forms::finish(Ok(()), Reply::PATH, &[], target.as_deref())
        }
    }
}

/// A post's text rendered as it would be published (mentions of the thème's members included).
#[server(endpoint = "discussions/preview")]
pub async fn preview_post(number: String, body: String) -> Result<String, AppError> {
    server::preview(&number, &body).await
}

/// A text kept for its author after a form posted without JavaScript (see `keep_long`).
#[server(endpoint = "discussions/kept")]
pub async fn get_kept_text(id: String) -> Result<String, AppError> {
    server::kept(&id).await
}

/// What the edit page of a post starts from (its author only).
#[server(endpoint = "discussions/post")]
pub async fn get_post_editor(
    number: String,
    thread: String,
    post: String,
    #[server(default)] from: Option<String>,
) -> Result<PostEditorView, AppError> {
    server::post_editor(&number, &thread, &post, from.as_deref()).await
}

/// Saves a new version of a post, made from `version`; goes back to the post.
#[server(endpoint = "discussions/edit")]
pub async fn edit_post(
    number: String,
    thread: String,
    post: String,
    version: String,
    body: String,
) -> Result<(), AppError> {
    match server::edit(&number, &thread, &post, &version, &body).await {
        // A conflict goes to the editor with the typed text kept, the current version beside it.
        Ok(server::Edited::Saved(target) | server::Edited::Conflict(target)) => {
            crate::ssr::forms::finish(Ok(()), EditPost::PATH, &[], Some(&target))
        }
        Err(error) => {
            crate::ssr::forms::finish(Err(error), EditPost::PATH, &[("body", &body)], None)
        }
    }
}

/// A post's versions and the difference between two of them (the last two by default).
#[server(endpoint = "discussions/versions")]
pub async fn get_versions(
    number: String,
    thread: String,
    post: String,
    from: Option<String>,
    to: Option<String>,
) -> Result<VersionsView, AppError> {
    server::versions(&number, &thread, &post, from.as_deref(), to.as_deref()).await
}

/// Pins, unpins, locks, unlocks, hides or shows again a thread (facilitators and moderators).
#[server(endpoint = "discussions/moderate")]
pub async fn moderate_thread(
    number: String,
    thread: String,
    action: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let result = server::moderate(&number, &thread, &action, &reason).await;
    // A refused action (an unknown one included) goes back with its error, not a notice.
    let target = thread_of(&number, &thread)
        .zip(Done::from_code(action.trim()))
        .map(|(page, done)| urls::notice(page, done));
    let success = result.as_ref().ok().and(target.as_deref());
    crate::ssr::forms::finish(
        result,
        ModerateThread::PATH,
        &[("reason", &reason)],
        success,
    )
}

/// Hides a post with a reason, or shows it again (facilitators and moderators).
#[server(endpoint = "discussions/hide")]
pub async fn hide_post(
    number: String,
    thread: String,
    post: String,
    action: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    match server::hide(&number, &thread, &post, &action, &reason).await {
        Ok(target) => crate::ssr::forms::finish(Ok(()), HidePost::PATH, &[], Some(&target)),
        Err(error) => {
            crate::ssr::forms::finish(Err(error), HidePost::PATH, &[("reason", &reason)], None)
        }
    }
}

/// Reports a post to the moderators (anyone signed in who can read it).
#[server(endpoint = "discussions/report")]
pub async fn report_post(
    number: String,
    thread: String,
    post: String,
    reason: String,
) -> Result<(), AppError> {
    match server::report(&number, &thread, &post, &reason).await {
        Ok(target) => crate::ssr::forms::finish(Ok(()), ReportPost::PATH, &[], Some(&target)),
        Err(error) => {
            crate::ssr::forms::finish(Err(error), ReportPost::PATH, &[("reason", &reason)], None)
        }
    }
}

/// Open reports and the latest decisions (site moderators).
#[server(endpoint = "moderation/reports")]
pub async fn get_reports() -> Result<ModerationView, AppError> {
    server::reports().await
}

/// Resolves a report: `hide` hides the post or comment (and resolves its other reports),
/// `dismiss` keeps it.
#[server(endpoint = "moderation/resolve")]
pub async fn resolve_report(
    report: String,
    decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let result = server::resolve(&report, &decision, &note).await;
    let target = urls::notice("/moderation", Done::Resolved);
    let success = result.as_ref().ok().map(|_| target.as_str());
    crate::ssr::forms::finish(result, ResolveReport::PATH, &[("note", &note)], success)
}

#[cfg(feature = "ssr")]
pub(crate) mod server;
