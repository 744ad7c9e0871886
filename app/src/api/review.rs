//! Reviewing a draft: comments on passages, suggestions, and its status.
//!
//! Rights are graduated: any signed-in reader may suggest a change; members comment; facilitators
//! (and members, where the thème allows it) accept or decline suggestions; facilitators move the
//! status. An adopted or withdrawn draft takes none of these.

#[cfg(feature = "ssr")]
use crate::domain::{notice::Done, urls};
use crate::{domain::draft::DraftStatus, error::AppError};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub use crate::domain::draft::PassageState;

/// A comment's earlier wording and what the next edit changed in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierWording {
    /// When it was written.
    pub at: OffsetDateTime,
    /// The words changed from it to the wording that replaced it (removed and added).
    pub changes: Vec<draft_engine::DiffBlock>,
}

/// An answer in a comment thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    /// Its id.
    pub id: i64,
    /// Its author.
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// The text, rendered (empty when deleted, or hidden from the caller).
    pub html: String,
    /// When.
    pub at: OffsetDateTime,
    /// Its version, which an edit carries.
    pub version: i32,
    /// Its Markdown, for its author's edit form (`None` for everyone else).
    pub source: Option<String>,
    /// Whether its author edited it.
    pub edited: bool,
    /// Its earlier wordings, oldest first, for those who may read it.
    pub earlier: Vec<EarlierWording>,
    /// Whether its author deleted it.
    pub deleted: bool,
    /// Hidden by a moderator: the reason (shown to facilitators and moderators, who still see
    /// the text).
    pub hidden: Option<String>,
    /// Whether the caller may report it.
    pub can_report: bool,
}

/// A comment thread on a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    /// The first comment.
    pub first: ReplyView,
    /// The answers.
    pub replies: Vec<ReplyView>,
    /// The passage as it was commented.
    pub quote: String,
    /// The passage as it reads now, when it was edited.
    pub current: Option<String>,
    /// Where the passage stands.
    pub state: PassageState,
    /// Who resolved it, when.
    pub resolved: Option<(Option<String>, OffsetDateTime)>,
    /// Whether the caller may resolve it (or open it again).
    pub can_resolve: bool,
}

pub use crate::domain::draft::SuggestionState;

/// A proposed change of a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionView {
    /// Its id.
    pub id: i64,
    /// Who proposed it.
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// When.
    pub at: OffsetDateTime,
    /// The revision it was made on.
    pub base: i32,
    /// The passage.
    pub quote: String,
    /// What it proposes instead.
    pub replacement: String,
    /// Why.
    pub note: String,
    /// What became of it.
    pub state: SuggestionState,
    /// Who decided.
    pub decided_by: Option<String>,
    /// The reason given for declining.
    pub reason: Option<String>,
    /// The revision it became.
    pub revision: Option<i32>,
}

/// The last status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// Its note.
    pub note: Option<String>,
    /// Who.
    pub by: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// The review side of a draft page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReviewView {
    /// Comment threads, in the order of their passages in the text (removed ones last).
    pub comments: Vec<CommentView>,
    /// Suggestions, open ones first.
    pub suggestions: Vec<SuggestionView>,
    /// Whether the caller may comment and answer.
    pub can_comment: bool,
    /// Whether the caller may suggest.
    pub can_suggest: bool,
    /// Whether the caller may accept or decline suggestions.
    pub can_decide: bool,
    /// The statuses the caller may move the draft to.
    pub next_statuses: Vec<DraftStatus>,
    /// The last status change.
    pub status_change: Option<StatusChange>,
    /// Whether the caller is signed in.
    pub signed_in: bool,
    /// Whether the caller may hide comments (facilitators, moderators).
    pub can_moderate: bool,
    /// Whether the caller may edit and delete their own comments (the draft is not frozen and
    /// the thème is open).
    pub can_edit: bool,
}

/// What changed in a draft since the reader's last visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSince {
    /// The revision they saw last (0: the draft is new to them).
    pub from: i32,
    /// The head.
    pub to: i32,
    /// Who wrote the revisions in between.
    pub authors: Vec<String>,
    /// The redline from `from` to `to`.
    pub blocks: Vec<draft_engine::DiffBlock>,
}

/// A draft in "since my last visit" on the thème page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SinceDraftEntry {
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The changes.
    pub since: DraftSince,
}

/// A discussion in "since my last visit".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SinceThreadEntry {
    /// Its title.
    pub title: String,
    /// Whether it is new.
    pub new: bool,
    /// How many new posts.
    pub posts: i64,
    /// The first new post.
    pub href: String,
}

/// "Since my last visit" on a thème page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SinceView {
    /// The end of the last visit.
    pub since: OffsetDateTime,
    /// Drafts others changed.
    pub drafts: Vec<SinceDraftEntry>,
    /// Discussions with posts by others.
    pub threads: Vec<SinceThreadEntry>,
}

/// What changed in a thème since the caller's last visit (followers and members; `None` for
/// others and on a first visit). Records this visit.
#[server(endpoint = "themes/since")]
pub async fn get_since(number: String) -> Result<Option<SinceView>, AppError> {
    server::since(&number).await
}

/// Lets members (`members` present) or only facilitators accept suggestions in a thème
/// (facilitators).
#[server(endpoint = "drafts/suggestion-rights")]
pub async fn set_suggestion_rights(
    number: String,
    #[server(default)] members: String,
) -> Result<(), AppError> {
    let result = server::set_suggestion_rights(&number, !members.is_empty()).await;
    let target = crate::api::policy::form_number::<crate::domain::ThemeNumber>(&number)
        .map(|theme| urls::notice(urls::drafts(theme), Done::Rights));
    crate::ssr::forms::finish(result, SetSuggestionRights::PATH, &[], target.as_deref())
}

/// Moves a draft's status (facilitators), with an optional note.
#[server(endpoint = "drafts/status")]
pub async fn set_draft_status(
    number: String,
    draft: String,
    status: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    let result = server::set_status(&number, &draft, &status, &note).await;
    let target = page.map(|page| urls::notice(page, Done::Status));
    crate::ssr::forms::finish(
        result,
        SetDraftStatus::PATH,
        &[("note", &note)],
        target.as_deref(),
    )
}

/// Comments on a passage of the current text (members).
#[server(endpoint = "drafts/comment")]
pub async fn add_comment(
    number: String,
    draft: String,
    quote: String,
    body: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    match server::comment(&number, &draft, &quote, &body).await {
        Ok(id) => {
            let target =
                page.map(|page| format!("{}#comment-{id}", urls::notice(page, Done::Commented)));
            crate::ssr::forms::finish(Ok(()), AddComment::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(
            Err(error),
            AddComment::PATH,
            &[("quote", &quote), ("body", &body)],
            None,
        ),
    }
}

/// Answers a comment thread (members).
#[server(endpoint = "drafts/comment/reply")]
pub async fn reply_comment(
    number: String,
    draft: String,
    comment: String,
    reply: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    match server::reply(&number, &draft, &comment, &reply).await {
        Ok(id) => {
            let target =
                page.map(|page| format!("{}#comment-{id}", urls::notice(page, Done::Replied)));
            crate::ssr::forms::finish(Ok(()), ReplyComment::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(
            Err(error),
            ReplyComment::PATH,
            &[("reply_to", &comment), ("reply", &reply)],
            None,
        ),
    }
}

/// Resolves a comment thread, or opens it again (its author, facilitators).
#[server(endpoint = "drafts/comment/resolve")]
pub async fn resolve_comment(
    number: String,
    draft: String,
    comment: String,
    #[server(default)] reopen: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    let result = server::resolve(&number, &draft, &comment, reopen.is_empty()).await;
    let target = page
        .zip(crate::api::policy::form_number::<i64>(&comment))
        .map(|(page, id)| format!("{}#comment-{id}", urls::notice(page, Done::Resolved)));
    crate::ssr::forms::finish(result, ResolveComment::PATH, &[], target.as_deref())
}

/// Rewrites one's own comment; `version` is the version the author edited.
#[server(endpoint = "drafts/comment/edit")]
pub async fn edit_comment(
    number: String,
    draft: String,
    comment: String,
    version: String,
    edited: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    let page = page.zip(crate::api::policy::form_number::<i64>(&comment));
    match server::edit_comment(&number, &draft, &comment, &version, &edited).await {
        Ok(None) => {
            let target = page.map(|(page, id)| {
                format!("{}#comment-{id}", urls::notice(page, Done::CommentEdited))
            });
            crate::ssr::forms::finish(Ok(()), EditComment::PATH, &[], target.as_deref())
        }
        // Changed meanwhile in the same words: back to the comment, the typed text in its form
        // and the current wording above it (with and without JavaScript).
        Ok(Some(made_on)) => {
            let target = page.map(|(page, id)| {
                let kept = crate::ssr::forms::url_encoded(
                    [
                        ("edit_of", id.to_string().as_str()),
                        ("edit_from", made_on.to_string().as_str()),
                        ("edited", edited.as_str()),
                    ]
                    .into_iter(),
                );
                format!("{page}?{kept}#comment-{id}")
            });
            crate::ssr::forms::finish(Ok(()), EditComment::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(
            Err(error),
            EditComment::PATH,
            &[("edit_of", &comment), ("edited", &edited)],
            None,
        ),
    }
}

/// Deletes one's own comment (its answers stay).
#[server(endpoint = "drafts/comment/delete")]
pub async fn delete_comment(
    number: String,
    draft: String,
    comment: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    let result = server::delete_comment(&number, &draft, &comment).await;
    let target = page.map(|page| {
        format!(
            "{}#comments-heading",
            urls::notice(page, Done::CommentDeleted)
        )
    });
    crate::ssr::forms::finish(result, DeleteComment::PATH, &[], target.as_deref())
}

/// Reports a comment to the moderators (anyone signed in who can read it).
#[server(endpoint = "drafts/comment/report")]
pub async fn report_comment(
    number: String,
    draft: String,
    comment: String,
    reason: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    match server::report_comment(&number, &draft, &comment, &reason).await {
        Ok(()) => {
            let target = page
                .zip(crate::api::policy::form_number::<i64>(&comment))
                .map(|(page, id)| {
                    format!("{}#comment-{id}", urls::notice(page, Done::CommentReported))
                });
            crate::ssr::forms::finish(Ok(()), ReportComment::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(
            Err(error),
            ReportComment::PATH,
            &[("report_of", &comment), ("report_reason", &reason)],
            None,
        ),
    }
}

/// Hides a comment with a reason (`action=hide`), or shows it again (`action=unhide`):
/// facilitators and moderators.
#[server(endpoint = "drafts/comment/hide")]
pub async fn hide_comment(
    number: String,
    draft: String,
    comment: String,
    action: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    let result = server::hide_comment(&number, &draft, &comment, &action, &reason).await;
    let done = if action.trim() == "hide" {
        Done::CommentHidden
    } else {
        Done::CommentShown
    };
    let target = page
        .zip(crate::api::policy::form_number::<i64>(&comment))
        .map(|(page, id)| format!("{}#comment-{id}", urls::notice(page, done)));
    crate::ssr::forms::finish(
        result,
        HideComment::PATH,
        &[("hide_of", &comment), ("hide_reason", &reason)],
        target.as_deref(),
    )
}

/// Suggests replacing a passage of the current text (any signed-in reader).
#[server(endpoint = "drafts/suggest")]
pub async fn suggest_change(
    number: String,
    draft: String,
    quote: String,
    replacement: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    match server::suggest(&number, &draft, &quote, &replacement, &note).await {
        Ok(id) => {
            let target =
                page.map(|page| format!("{}#suggestion-{id}", urls::notice(page, Done::Suggested)));
            crate::ssr::forms::finish(Ok(()), SuggestChange::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(
            Err(error),
            SuggestChange::PATH,
            &[
                ("s_quote", &quote),
                ("replacement", &replacement),
                ("s_note", &note),
            ],
            None,
        ),
    }
}

/// Accepts (`decision=accept`) or declines (`decision=decline`, with a reason) a suggestion.
#[server(endpoint = "drafts/suggestion/decide")]
pub async fn decide_suggestion(
    number: String,
    draft: String,
    suggestion: String,
    decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let page = crate::api::policy::form_draft(&number, &draft);
    match server::decide(&number, &draft, &suggestion, &decision, &reason).await {
        Ok(done) => {
            let id = crate::api::policy::form_number::<i64>(&suggestion);
            let target = page.map(|page| match done {
                server::Decision::Applied(revision) => {
                    urls::notice(page, Done::Accepted { to: Some(revision) })
                }
                server::Decision::Merged(revision) => {
                    urls::notice(page, Done::AcceptedMerged { to: revision })
                }
                server::Decision::AlreadyThere => urls::notice(page, Done::AlreadyThere),
                server::Decision::Declined => {
                    let notice = urls::notice(page, Done::Declined);
                    match id {
                        Some(id) => format!("{notice}#suggestion-{id}"),
                        None => notice,
                    }
                }
            });
            crate::ssr::forms::finish(Ok(()), DecideSuggestion::PATH, &[], target.as_deref())
        }
        Err(error) => crate::ssr::forms::finish(
            Err(error),
            DecideSuggestion::PATH,
            &[("declining", &suggestion), ("reason", &reason)],
            None,
        ),
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod server;
