//! Shared drafts: a thème's texts, their revisions, diffs, attribution and the save protocol.
//!
//! Reading follows the thème's visibility (anyone may read a public thème's drafts); writing
//! needs an active membership of the thème (or the moderator role) and an open thème.

#[cfg(feature = "ssr")]
use crate::domain::{notice::Done, urls};
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub use crate::domain::draft::{Contributor, DraftStatus, PALETTE, RevisionKind};

/// The thème a draft page belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeRef {
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Whether it is open (else drafts are read-only).
    pub open: bool,
}

/// One draft in a thème's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    /// Its number in the thème.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: DraftStatus,
    /// How many revisions.
    pub revisions: i32,
    /// How many people wrote revisions.
    pub contributors: i64,
    /// Who saved last.
    pub last_author: Option<String>,
    /// When.
    pub updated_at: OffsetDateTime,
}

/// `/themes/{n}/drafts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftsView {
    /// The thème.
    pub theme: ThemeRef,
    /// Its drafts, most recently changed first.
    pub drafts: Vec<DraftSummary>,
    /// Whether the caller may create and edit drafts here.
    pub can_write: bool,
    /// Whether the caller is signed in.
    pub signed_in: bool,
    /// For facilitators: whether members may accept suggestions here.
    pub members_accept_suggestions: Option<bool>,
}

/// One revision's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionInfo {
    /// Its number.
    pub number: i32,
    /// How it came to be.
    pub kind: RevisionKind,
    /// For a merge: the revision the editor started from.
    pub base: Option<i32>,
    /// For a restore: the revision brought back.
    pub restored_from: Option<i32>,
    /// Who saved it.
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// The summary line.
    pub summary: String,
    /// Words added against the previous revision.
    pub words_added: i32,
    /// Words removed against the previous revision.
    pub words_removed: i32,
    /// When.
    pub at: OffsetDateTime,
    /// The discussion that motivated it: number and title.
    pub thread: Option<(i32, String)>,
    /// For an accepted suggestion: who accepted it.
    pub accepted_by: Option<String>,
}

/// `/themes/{n}/drafts/{d}` and `…/revisions/{k}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    /// The thème.
    pub theme: ThemeRef,
    /// The draft's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: DraftStatus,
    /// The newest revision.
    pub head: i32,
    /// The revision shown.
    pub revision: RevisionInfo,
    /// Its text, rendered and sanitised.
    pub html: String,
    /// Who wrote the current text, largest share first.
    pub contributors: Vec<Contributor>,
    /// Created at.
    pub created_at: OffsetDateTime,
    /// Whether the caller may edit (and restore).
    pub can_write: bool,
    /// Comments, suggestions and the status workflow.
    pub review: crate::api::review::ReviewView,
    /// What changed since the caller's last visit (signed in, reading the head).
    pub since: Option<crate::api::review::DraftSince>,
}

/// `…/history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryView {
    /// The thème.
    pub theme: ThemeRef,
    /// The draft's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Its head revision.
    pub head: i32,
    /// This page's revisions, newest first.
    pub revisions: Vec<RevisionInfo>,
    /// The page shown (1: the newest revisions).
    pub page: i64,
    /// How many pages the history has.
    pub pages: i64,
    /// Whether the caller may restore.
    pub can_write: bool,
}

/// Revisions on a page of a draft's history.
pub const HISTORY_PER_PAGE: i32 = 50;

/// A passage both sides changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    /// The words before the passage, for context.
    pub before: String,
    /// The words after it.
    pub after: String,
    /// As it was when the editor started.
    pub base: String,
    /// As saved meanwhile by others.
    pub theirs: String,
    /// As the editor wrote it.
    pub mine: String,
}

/// An edit given back to its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StashView {
    /// The stash's id.
    pub id: Uuid,
    /// The revision the editor started from.
    pub base: i32,
    /// The head it met.
    pub head: i32,
    /// Passages changed on both sides (empty: a preview or a refused field).
    pub conflicts: Vec<ConflictView>,
    /// Who saved the revisions in between.
    pub others: Vec<String>,
}

/// `…/edit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorView {
    /// The thème.
    pub theme: ThemeRef,
    /// The draft's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The revision the editor starts from.
    pub base: i32,
    /// The text to start from (the head's, or the stash's with others' changes merged in).
    pub body: String,
    /// The summary line to start from.
    pub summary: String,
    /// `body` rendered, for the preview beside the editor.
    pub preview_html: String,
    /// The stashed edit, when the page gives one back.
    pub stash: Option<StashView>,
    /// The thème's discussions a revision may be linked to: number and title, latest first.
    pub threads: Vec<(i32, String)>,
    /// Whether the caller may save from here; `false` when an edit is given back after the
    /// draft froze, the thème closed or the caller left the group (the page says why).
    pub writable: bool,
}

// Diff blocks are the draft engine's own types, shown as they are.
pub use draft_engine::{DiffBlock, Segment, SegmentKind};

/// `…/diff?from=A&to=B`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffView {
    /// The thème.
    pub theme: ThemeRef,
    /// The draft's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The newest revision (for the revision pickers).
    pub head: i32,
    /// The "from" side.
    pub from: RevisionInfo,
    /// The "to" side.
    pub to: RevisionInfo,
    /// The changes, in order.
    pub blocks: Vec<DiffBlock>,
    /// Words added from "from" to "to".
    pub words_added: usize,
    /// Words removed.
    pub words_removed: usize,
}

/// A run of the current text written in one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributedRun {
    /// The revision that wrote it.
    pub revision: i32,
    /// The index of its author in the contributors list.
    pub contributor: usize,
    /// The text.
    pub text: String,
}

/// `…/attribution`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionView {
    /// The thème.
    pub theme: ThemeRef,
    /// The draft's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The newest revision.
    pub head: i32,
    /// The current text, run by run.
    pub runs: Vec<AttributedRun>,
    /// The people who wrote it, largest share first.
    pub contributors: Vec<Contributor>,
}

/// One revision in a person's contribution history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionEntry {
    /// The thème's number.
    pub theme_number: i32,
    /// The thème's title.
    pub theme_title: String,
    /// The draft's number.
    pub draft_number: i32,
    /// The draft's title.
    pub draft_title: String,
    /// The revision.
    pub revision: RevisionInfo,
    /// How many of the words it wrote are still in the draft's current text.
    pub words_surviving: i64,
}

/// `/members/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionsView {
    /// The person.
    pub user_id: Uuid,
    /// Their name.
    pub display_name: String,
    /// Their revisions, newest first.
    pub entries: Vec<ContributionEntry>,
    /// How many drafts they started.
    pub drafts_started: usize,
    /// In how many drafts they wrote.
    pub drafts: usize,
    /// Total words added.
    pub words_added: i64,
    /// Total words removed.
    pub words_removed: i64,
    /// Total of their words still in the current texts.
    pub words_surviving: i64,
}

/// The drafts of a thème.
#[server(endpoint = "drafts/list")]
pub async fn get_drafts(number: String) -> Result<DraftsView, AppError> {
    server::list(&number).await
}

/// Creates a draft; goes to it. `intent=preview` comes back to the form with a preview instead.
#[server(endpoint = "drafts/create")]
pub async fn create_draft(
    number: String,
    title: String,
    body: String,
    #[server(default)] summary: String,
    #[server(default)] intent: String,
) -> Result<(), AppError> {
    let kept = [
        ("title", title.as_str()),
        ("body", &body),
        ("summary", &summary),
    ];
    if intent == "preview" {
        let mut query = crate::ssr::forms::url_encoded(
            kept.iter().filter(|(_, value)| !value.is_empty()).copied(),
        );
        query.push_str("&preview=1");
        let target = crate::api::policy::form_number::<crate::domain::ThemeNumber>(&number)
            .map(|theme| format!("{}?{query}", urls::new_draft(theme)));
        return crate::ssr::forms::finish(Ok(()), CreateDraft::PATH, &[], target.as_deref());
    }
    let result = server::create(&number, &title, &body, &summary).await;
    match result {
        Ok(draft) => {
            let target = crate::api::policy::form_number::<crate::domain::ThemeNumber>(&number)
                .map(|theme| urls::notice(urls::draft(theme, draft), Done::Created));
            crate::ssr::forms::finish(Ok(()), CreateDraft::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(Err(error), CreateDraft::PATH, &kept, None),
    }
}

/// A draft's current text (`revision` absent) or one of its revisions.
#[server(endpoint = "drafts/get")]
pub async fn get_draft(
    number: String,
    draft: String,
    revision: Option<String>,
) -> Result<DraftView, AppError> {
    server::draft(&number, &draft, revision.as_deref()).await
}

/// What the edit page starts from; `stash` gives back an edit that was not saved as it was.
#[server(endpoint = "drafts/editor")]
pub async fn get_editor(
    number: String,
    draft: String,
    stash: Option<String>,
) -> Result<EditorView, AppError> {
    server::editor(&number, &draft, stash.as_deref()).await
}

/// Saves an edit made from revision `base` (see the protocol in `DESIGN.md`). Goes to the draft
/// (saved, merged or unchanged) or back to the editor with the edit kept (conflicts, preview,
/// refused fields).
#[server(endpoint = "drafts/save")]
pub async fn save_draft(
    number: String,
    draft: String,
    base: String,
    body: String,
    #[server(default)] summary: String,
    #[server(default)] intent: String,
    #[server(default)] thread: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    // The linked discussion is not stashed with the text: it goes back to the editor with it.
    let linked = thread
        .trim()
        .parse::<i32>()
        .map(|thread| format!("&thread={thread}"))
        .unwrap_or_default();
    match server::save(&number, &draft, &base, &body, &summary, &intent, &thread).await {
        Ok(outcome) => {
            let target = page.map(|page| match outcome {
                server::Outcome::Saved(revision) => {
                    urls::notice(page, Done::Saved { to: revision })
                }
                server::Outcome::Merged { base, revision } => urls::notice(
                    page,
                    Done::Merged {
                        from: base,
                        to: revision,
                    },
                ),
                server::Outcome::Unchanged => urls::notice(page, Done::Unchanged),
                server::Outcome::Stashed { stash, preview } => {
                    let anchor = if preview { "#preview-heading" } else { "" };
                    format!("{page}/edit?stash={stash}{linked}{anchor}")
                }
            });
            crate::ssr::forms::finish(Ok(()), SaveDraft::PATH, &[], target.as_deref())
        }
        Err((error, stash)) => match (stash, page) {
            // The edit was kept: back to the editor, which gives it back.
            (Some(stash), Some(page)) => crate::ssr::forms::finish_at(
                Err(error),
                SaveDraft::PATH,
                &format!("{page}/edit?stash={stash}{linked}"),
            ),
            _ => crate::ssr::forms::finish(
                Err(error),
                SaveDraft::PATH,
                &[("summary", &summary), ("thread", &thread)],
                None,
            ),
        },
    }
}

/// Brings revision `revision` back as a new revision (members).
#[server(endpoint = "drafts/restore")]
pub async fn restore_revision(
    number: String,
    draft: String,
    revision: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    match server::restore(&number, &draft, &revision).await {
        Ok(Some(new)) => {
            let target = page.map(|page| urls::notice(page, Done::Restored { to: new }));
            crate::ssr::forms::finish(Ok(()), RestoreRevision::PATH, &[], target.as_deref())
        }
        Ok(None) => {
            let target = page.map(|page| urls::notice(page, Done::Unchanged));
            crate::ssr::forms::finish(Ok(()), RestoreRevision::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(Err(error), RestoreRevision::PATH, &[], None),
    }
}

/// A page of a draft's history ([`HISTORY_PER_PAGE`] revisions, newest first; `page` 1 by
/// default).
#[server(endpoint = "drafts/history")]
pub async fn get_history(
    number: String,
    draft: String,
    #[server(default)] page: Option<String>,
) -> Result<HistoryView, AppError> {
    server::history(&number, &draft, page.as_deref()).await
}

/// The word-level changes from revision `from` to revision `to` (either may be the newer).
#[server(endpoint = "drafts/diff")]
pub async fn get_diff(
    number: String,
    draft: String,
    from: Option<String>,
    to: Option<String>,
) -> Result<DiffView, AppError> {
    server::diff(&number, &draft, from.as_deref(), to.as_deref()).await
}

/// Who wrote each word of the current text.
#[server(endpoint = "drafts/attribution")]
pub async fn get_attribution(number: String, draft: String) -> Result<AttributionView, AppError> {
    server::attribution(&number, &draft).await
}

/// Markdown rendered as the draft page would show it (signed-in people, for the live preview).
#[server(endpoint = "drafts/preview")]
pub async fn preview_markdown(body: String) -> Result<String, AppError> {
    server::preview(&body).await
}

/// A person's contributions across the thèmes the caller may read.
#[server(endpoint = "members/contributions")]
pub async fn get_contributions(user: String) -> Result<ContributionsView, AppError> {
    server::contributions(&user).await
}

#[cfg(feature = "ssr")]
pub(crate) mod server;
