//! Reviewing drafts: comments anchored to passages, suggestions, and the status workflow.
//!
//! Comments and suggestions are written under the draft's lock, like revisions, so that a
//! comment's anchor is always a range of the head it was carried to, and a suggestion is
//! accepted against the head it meets. Where passages are and what an accepted suggestion
//! writes is decided by the use cases (`ssr::drafting`) with the draft engine; this module
//! stores what they decided.

use crate::domain::draft::{DraftStatus, PassageState, SuggestionState};
use crate::ssr::db::{
    drafts::{LockedDraft, SaveError, details, lock_draft},
    groups::{self, Audience, Event},
};
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};
use std::ops::Range;
use time::OffsetDateTime;
use uuid::Uuid;

/// A comment as stored.
#[derive(Debug, Clone)]
pub struct CommentRow {
    /// Its id.
    pub id: i64,
    /// The comment it answers (none for the first of a thread, which holds the anchor).
    pub parent_id: Option<i64>,
    /// Its author.
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// The revision it was written on.
    pub revision: i32,
    /// The passage as first selected.
    pub quote: String,
    /// The revision the anchor is a range of (the head, unless the passage was removed).
    pub anchor_revision: i32,
    /// The passage's byte range in that revision.
    pub anchor: Range<usize>,
    /// Where the passage stands.
    pub state: PassageState,
    /// The comment, rendered.
    pub html: String,
    /// Who resolved it, and when.
    pub resolved: Option<(Option<String>, OffsetDateTime)>,
    /// Written at.
    pub at: OffsetDateTime,
    /// Its version (1, then one more at each edit).
    pub version: i32,
    /// Its Markdown, for its author's edit form (empty once deleted).
    pub source: String,
    /// Last edited at.
    pub edited_at: Option<OffsetDateTime>,
    /// Deleted by its author at (its text is gone).
    pub deleted: bool,
    /// Hidden by a moderator, with the reason.
    pub hidden: Option<String>,
}

fn offset(value: i32) -> usize {
    usize::try_from(value).unwrap_or(0)
}

fn stored(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// The comments of a draft, in the order they were written.
pub async fn comments(pool: &PgPool, draft_id: Uuid) -> Result<Vec<CommentRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select c.id, c.parent_id, c.author_id, a.display_name as "author?", c.revision, c.quote,
               c.anchor_revision, c.anchor_start, c.anchor_end,
               c.anchor_state as "anchor_state: PassageState", c.html,
               r.display_name as "resolver?", c.resolved_at, c.created_at, c.version, c.source,
               c.edited_at, c.deleted_at, c.hidden, c.hidden_reason
        from draft_comments c
        left join users a on a.id = c.author_id
        left join users r on r.id = c.resolved_by
        where c.draft_id = $1
        order by c.id
        "#,
        draft_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CommentRow {
            id: row.id,
            parent_id: row.parent_id,
            author_id: row.author_id,
            author: row.author,
            revision: row.revision,
            quote: row.quote,
            anchor_revision: row.anchor_revision,
            anchor: offset(row.anchor_start)..offset(row.anchor_end),
            state: row.anchor_state,
            html: row.html,
            resolved: row.resolved_at.map(|at| (row.resolver, at)),
            at: row.created_at,
            version: row.version,
            source: row.source,
            edited_at: row.edited_at,
            deleted: row.deleted_at.is_some(),
            hidden: row.hidden.then(|| row.hidden_reason.unwrap_or_default()),
        })
        .collect())
}

/// An earlier wording of a comment.
#[derive(Debug, Clone)]
pub struct CommentVersion {
    /// The comment.
    pub comment_id: i64,
    /// Its version number.
    pub version: i32,
    /// When it was written.
    pub at: OffsetDateTime,
    /// Its Markdown.
    pub source: String,
}

/// The earlier wordings of a draft's comments, oldest first.
pub async fn comment_versions(
    pool: &PgPool,
    draft_id: Uuid,
) -> Result<Vec<CommentVersion>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select v.comment_id, v.version, v.created_at, v.source
        from draft_comment_versions v join draft_comments c on c.id = v.comment_id
        where c.draft_id = $1
        order by v.comment_id, v.version
        "#,
        draft_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CommentVersion {
            comment_id: row.comment_id,
            version: row.version,
            at: row.created_at,
            source: row.source,
        })
        .collect())
}

/// Who wrote a comment and where it stands.
#[derive(Debug, Clone)]
pub struct CommentMeta {
    /// Its author.
    pub author_id: Option<Uuid>,
    /// Whether it opens a thread.
    pub first: bool,
    /// Deleted by its author.
    pub deleted: bool,
    /// Hidden by a moderator.
    pub hidden: bool,
}

/// The author of comment `id` of a draft and where it stands; `None` if there is no such comment.
pub async fn comment_meta(
    pool: &PgPool,
    draft_id: Uuid,
    id: i64,
) -> Result<Option<CommentMeta>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select author_id, parent_id, deleted_at, hidden from draft_comments
        where id = $1 and draft_id = $2
        "#,
        id,
        draft_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| CommentMeta {
        author_id: row.author_id,
        first: row.parent_id.is_none(),
        deleted: row.deleted_at.is_some(),
        hidden: row.hidden,
    }))
}

/// A new comment thread on a passage.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    /// The thème (for the activity log).
    pub theme_id: Uuid,
    /// The draft.
    pub draft_id: Uuid,
    /// Its author.
    pub author: Uuid,
    /// The passage as the reader selected it.
    pub quote: &'a str,
    /// The comment's Markdown.
    pub source: &'a str,
    /// And its HTML.
    pub html: &'a str,
}

/// Why a comment or a suggestion was refused.
#[derive(Debug)]
pub enum ReviewError {
    /// As for a save: no draft, closed thème, frozen draft, database.
    Save(SaveError),
    /// The passage is not in the current text.
    PassageNotFound,
    /// No such comment or suggestion (or not one that can take this).
    NotFound,
    /// The suggestion's passage changed meanwhile: nothing was written.
    Conflicts,
    /// The comment changed since the caller read it.
    Stale,
}

impl From<sqlx::Error> for ReviewError {
    fn from(error: sqlx::Error) -> Self {
        Self::Save(SaveError::Database(error))
    }
}

impl From<SaveError> for ReviewError {
    fn from(error: SaveError) -> Self {
        Self::Save(error)
    }
}

/// Stores a comment on the byte range `range` of the head of `draft` (locked by the caller)
/// and records it in the activity; returns its id.
pub(crate) async fn insert_comment(
    tx: &mut Transaction<'_, Postgres>,
    draft: &LockedDraft,
    comment: &NewComment<'_>,
    range: Range<usize>,
) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    let id = sqlx::query_scalar!(
        r#"
        insert into draft_comments (draft_id, author_id, revision, quote, anchor_revision,
                                    anchor_start, anchor_end, source, html)
        values ($1, $2, $3, $4, $3, $5, $6, $7, $8)
        returning id
        "#,
        comment.draft_id,
        comment.author,
        draft.head,
        comment.quote.trim(),
        stored(range.start),
        stored(range.end),
        comment.source,
        comment.html,
    )
    .fetch_one(&mut **tx)
    .await?;
    let mut details = details(draft.number, &draft.title, draft.head, "");
    details["comment"] = json!(id);
    details["quote"] = json!(excerpt(comment.quote));
    groups::record(
        tx,
        Event {
            theme_id: comment.theme_id,
            actor: Some(comment.author),
            verb: "comment.created",
            subject: None,
            details,
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    Ok(id)
}

/// A quote shortened for the activity log.
fn excerpt(quote: &str) -> String {
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if quote.chars().count() <= 120 {
        quote
    } else {
        format!("{}…", quote.chars().take(119).collect::<String>())
    }
}

/// Answers comment `parent` (the first of its thread); returns the answer's id. The author of
/// the first comment is notified.
pub async fn reply(
    pool: &PgPool,
    theme_id: Uuid,
    draft_id: Uuid,
    parent: i64,
    author: Uuid,
    source: &str,
    html: &str,
) -> Result<i64, ReviewError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, draft_id).await?;
    // language=PostgreSQL
    let root = sqlx::query!(
        r#"
        select author_id, revision, anchor_revision, anchor_start, anchor_end, quote
        from draft_comments where id = $1 and draft_id = $2 and parent_id is null
        "#,
        parent,
        draft_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    // language=PostgreSQL
    let id = sqlx::query_scalar!(
        r#"
        insert into draft_comments (draft_id, parent_id, author_id, revision, quote,
                                    anchor_revision, anchor_start, anchor_end, source, html)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        returning id
        "#,
        draft_id,
        parent,
        author,
        draft.head,
        root.quote,
        root.anchor_revision,
        root.anchor_start,
        root.anchor_end,
        source,
        html,
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut details = details(draft.number, &draft.title, draft.head, "");
    details["comment"] = json!(parent);
    details["reply"] = json!(id);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(author),
            verb: "comment.replied",
            subject: root.author_id,
            details,
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Marks the thread of comment `id` resolved (or open again).
pub async fn resolve(
    pool: &PgPool,
    theme_id: Uuid,
    draft_id: Uuid,
    id: i64,
    actor: Uuid,
    resolved: bool,
) -> Result<(), ReviewError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, draft_id).await?;
    // language=PostgreSQL
    let author = sqlx::query_scalar!(
        r#"
        update draft_comments
        set resolved_by = case when $3 then $4::uuid end,
            resolved_at = case when $3 then now() end
        where id = $1 and draft_id = $2 and parent_id is null
          and (resolved_at is null) = $3
        returning author_id
        "#,
        id,
        draft_id,
        resolved,
        actor,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    let mut details = details(draft.number, &draft.title, draft.head, "");
    details["comment"] = json!(id);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb: if resolved {
                "comment.resolved"
            } else {
                "comment.reopened"
            },
            subject: author,
            details,
            public: true,
            audience: Audience::Subject,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A comment thread's anchor, to carry to a new revision.
#[derive(Debug, Clone)]
pub struct AnchorRow {
    /// The thread's first comment.
    pub id: i64,
    /// The passage as first selected.
    pub quote: String,
    /// Its byte range in the revision it was last carried to.
    pub range: Range<usize>,
}

/// The anchors of a draft's comment threads whose passage is still there.
pub(crate) async fn anchors(
    tx: &mut Transaction<'_, Postgres>,
    draft_id: Uuid,
) -> Result<Vec<AnchorRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select id, quote, anchor_start, anchor_end from draft_comments
        where draft_id = $1 and parent_id is null and anchor_state <> 'removed'
        "#,
        draft_id,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| AnchorRow {
            id: row.id,
            quote: row.quote,
            range: offset(row.anchor_start)..offset(row.anchor_end),
        })
        .collect())
}

/// Moves comment thread `id` to `range` of revision `revision` (replies carry their thread's
/// anchor, so that any comment can be shown on its own).
pub(crate) async fn move_anchor(
    tx: &mut Transaction<'_, Postgres>,
    draft_id: Uuid,
    id: i64,
    revision: i32,
    state: PassageState,
    range: Range<usize>,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update draft_comments
        set anchor_revision = $3, anchor_start = $4, anchor_end = $5, anchor_state = $6
        where draft_id = $1 and (id = $2 or parent_id = $2)
        "#,
        draft_id,
        id,
        revision,
        stored(range.start),
        stored(range.end),
        state.as_str(),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A suggestion as stored.
#[derive(Debug, Clone)]
pub struct SuggestionRow {
    /// Its id.
    pub id: i64,
    /// Who made it.
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// The revision it was made on.
    pub base: i32,
    /// The passage it changes.
    pub quote: String,
    /// What it proposes instead.
    pub replacement: String,
    /// Why.
    pub note: String,
    /// Open, accepted or declined.
    pub state: SuggestionState,
    /// Who decided, when, and the reason given.
    pub decided: Option<(Option<String>, OffsetDateTime, Option<String>)>,
    /// The revision it became.
    pub revision: Option<i32>,
    /// Made at.
    pub at: OffsetDateTime,
}

/// The suggestions of a draft, newest first.
pub async fn suggestions(pool: &PgPool, draft_id: Uuid) -> Result<Vec<SuggestionRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select s.id, s.author_id, a.display_name as "author?", s.base, s.quote, s.replacement,
               s.note, s.state as "state: SuggestionState", d.display_name as "decider?", s.decided_at, s.decision_note,
               s.revision, s.created_at
        from draft_suggestions s
        left join users a on a.id = s.author_id
        left join users d on d.id = s.decided_by
        where s.draft_id = $1
        order by s.id desc
        "#,
        draft_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SuggestionRow {
            id: row.id,
            author_id: row.author_id,
            author: row.author,
            base: row.base,
            quote: row.quote,
            replacement: row.replacement,
            note: row.note,
            state: row.state,
            decided: row
                .decided_at
                .map(|at| (row.decider, at, row.decision_note)),
            revision: row.revision,
            at: row.created_at,
        })
        .collect())
}

/// A proposed change of one passage.
#[derive(Debug, Clone)]
pub struct NewSuggestion<'a> {
    /// The thème (for the activity log).
    pub theme_id: Uuid,
    /// The draft.
    pub draft_id: Uuid,
    /// Who proposes it.
    pub author: Uuid,
    /// The passage, as the reader selected it.
    pub quote: &'a str,
    /// The text to put in its place.
    pub replacement: &'a str,
    /// Why.
    pub note: &'a str,
}

/// Stores a suggestion on the head of `draft` (locked by the caller): the passage it replaces,
/// as the head has it, and the whole text it proposes; records it; returns its id.
pub(crate) async fn insert_suggestion(
    tx: &mut Transaction<'_, Postgres>,
    draft: &LockedDraft,
    suggestion: &NewSuggestion<'_>,
    passage: &str,
    body: &str,
) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    let id = sqlx::query_scalar!(
        r#"
        insert into draft_suggestions (draft_id, author_id, base, quote, replacement, note, body)
        values ($1, $2, $3, $4, $5, $6, $7)
        returning id
        "#,
        suggestion.draft_id,
        suggestion.author,
        draft.head,
        passage,
        suggestion.replacement,
        suggestion.note,
        body,
    )
    .fetch_one(&mut **tx)
    .await?;
    let mut details = details(draft.number, &draft.title, draft.head, suggestion.note);
    details["suggestion"] = json!(id);
    groups::record(
        tx,
        Event {
            theme_id: suggestion.theme_id,
            actor: Some(suggestion.author),
            verb: "suggestion.made",
            subject: None,
            details,
            public: true,
            audience: Audience::Facilitators,
        },
    )
    .await?;
    Ok(id)
}

/// What accepting a suggestion did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// Revision `revision`, credited to the suggester, on the head it was made on.
    Applied {
        /// The new revision.
        revision: i32,
    },
    /// The draft had changed elsewhere: merged into revision `revision`.
    Merged {
        /// The new revision.
        revision: i32,
    },
    /// The text already reads so: accepted, nothing written.
    AlreadyThere,
}

/// An open suggestion, locked for its decision.
#[derive(Debug, Clone)]
pub struct OpenSuggestion {
    /// Who made it (`None`: a deleted account).
    pub author_id: Option<Uuid>,
    /// The revision it was made on.
    pub base: i32,
    /// The whole text it proposes.
    pub body: String,
    /// Why.
    pub note: String,
}

/// Open suggestion `id` of a draft, locked for this transaction.
pub(crate) async fn open_suggestion(
    tx: &mut Transaction<'_, Postgres>,
    draft_id: Uuid,
    id: i64,
) -> Result<Option<OpenSuggestion>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        OpenSuggestion,
        r#"
        select author_id, base, body, note from draft_suggestions
        where id = $1 and draft_id = $2 and state = 'open'
        for update
        "#,
        id,
        draft_id,
    )
    .fetch_optional(&mut **tx)
    .await
}

/// Marks suggestion `id` accepted by `actor` as revision `revision`, and records it.
pub(crate) async fn mark_accepted(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    draft: &LockedDraft,
    id: i64,
    suggester: Option<Uuid>,
    actor: Uuid,
    revision: i32,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update draft_suggestions
        set state = 'accepted', decided_by = $2, decided_at = now(), revision = $3
        where id = $1
        "#,
        id,
        actor,
        revision,
    )
    .execute(&mut **tx)
    .await?;
    let mut details = details(draft.number, &draft.title, revision, "");
    details["suggestion"] = json!(id);
    groups::record(
        tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb: "suggestion.accepted",
            subject: suggester,
            details,
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    Ok(())
}

/// Declines open suggestion `id` with a reason; its author is told.
pub async fn decline(
    pool: &PgPool,
    theme_id: Uuid,
    draft_id: Uuid,
    id: i64,
    actor: Uuid,
    reason: &str,
) -> Result<(), ReviewError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, draft_id).await?;
    // language=PostgreSQL
    let author = sqlx::query_scalar!(
        r#"
        update draft_suggestions
        set state = 'declined', decided_by = $3, decided_at = now(), decision_note = $4
        where id = $1 and draft_id = $2 and state = 'open'
        returning author_id
        "#,
        id,
        draft_id,
        actor,
        reason,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    let mut details = details(draft.number, &draft.title, draft.head, reason);
    details["suggestion"] = json!(id);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb: "suggestion.declined",
            subject: author,
            details,
            public: true,
            audience: Audience::Subject,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Why a status change was refused.
#[derive(Debug)]
pub enum StatusError {
    /// No such draft.
    NoDraft,
    /// The thème is not open.
    Closed,
    /// Not a step of the workflow from the current status.
    NotAStep,
    /// The database failed.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StatusError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error)
    }
}

/// Moves a draft to status `to`, with an optional note.
pub async fn set_status(
    pool: &PgPool,
    theme_id: Uuid,
    draft_id: Uuid,
    actor: Uuid,
    to: DraftStatus,
    note: &str,
) -> Result<(), StatusError> {
    let mut tx = pool.begin().await?;
    if groups::lock_theme(&mut tx, theme_id).await? != crate::domain::ThemeStatus::Open {
        return Err(StatusError::Closed);
    }
    // language=PostgreSQL
    let draft = sqlx::query!(
        r#"
        select number, title, status as "status: DraftStatus", head
        from drafts where id = $1 for update
        "#,
        draft_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StatusError::NoDraft)?;
    if !draft.status.may_move_to(to) {
        return Err(StatusError::NotAStep);
    }
    let note = note.trim();
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update drafts set status = $2, status_note = nullif($3, ''), status_by = $4,
                          status_at = now()
        where id = $1
        "#,
        draft_id,
        to.as_str(),
        note,
        actor,
    )
    .execute(&mut *tx)
    .await?;
    let mut details = details(draft.number, &draft.title, draft.head, note);
    details["status"] = json!(to.as_str());
    details["from"] = json!(draft.status.as_str());
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb: "draft.status",
            subject: None,
            details,
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The last status change: its note, who made it, when.
pub async fn status_change(
    pool: &PgPool,
    draft_id: Uuid,
) -> Result<Option<(Option<String>, Option<String>, OffsetDateTime)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select d.status_note, u.display_name as "by?", d.status_at
        from drafts d left join users u on u.id = d.status_by
        where d.id = $1
        "#,
        draft_id,
    )
    .fetch_one(pool)
    .await?;
    Ok(row.status_at.map(|at| (row.status_note, row.by, at)))
}

/// Lets the members of thème `theme_id` accept and decline suggestions (`members`), or leaves
/// that to its facilitators; a change is a public activity event. Returns false when nothing
/// changed.
pub async fn set_members_decide(
    pool: &PgPool,
    theme_id: Uuid,
    actor: Uuid,
    members: bool,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let changed = sqlx::query_scalar!(
        r#"
        update themes set members_accept_suggestions = $2
        where id = $1 and members_accept_suggestions <> $2
        returning id
        "#,
        theme_id,
        members,
    )
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if changed {
        groups::record(
            &mut tx,
            Event {
                theme_id,
                actor: Some(actor),
                verb: if members {
                    "suggestion.members_decide"
                } else {
                    "suggestion.facilitators_decide"
                },
                subject: None,
                details: json!({}),
                public: true,
                audience: Audience::Subject,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// Its author rewrites comment `id` (its passage stays): the previous wording is kept as a
/// version. `base` is the version the author edited; a comment changed since is `Stale`.
pub async fn edit_comment(
    pool: &PgPool,
    draft_id: Uuid,
    id: i64,
    author: Uuid,
    base: i32,
    source: &str,
    html: &str,
) -> Result<(), ReviewError> {
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, draft_id).await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select author_id, version, source, html, coalesce(edited_at, created_at) as "since!",
               deleted_at
        from draft_comments where id = $1 and draft_id = $2
        for update
        "#,
        id,
        draft_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    if row.author_id != Some(author) || row.deleted_at.is_some() {
        return Err(ReviewError::NotFound);
    }
    if row.version != base {
        return Err(ReviewError::Stale);
    }
    if row.source == source {
        return Ok(());
    }
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into draft_comment_versions (comment_id, version, source, html, created_at)
        values ($1, $2, $3, $4, $5)
        "#,
        id,
        row.version,
        row.source,
        row.html,
        row.since,
    )
    .execute(&mut *tx)
    .await?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update draft_comments set source = $2, html = $3, version = version + 1, edited_at = now()
        where id = $1
        "#,
        id,
        source,
        html,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Its author deletes comment `id`: its text and earlier wordings are erased; the answers stay,
/// under "deleted comment". Open reports on it are closed.
pub async fn delete_comment(
    pool: &PgPool,
    draft_id: Uuid,
    id: i64,
    author: Uuid,
) -> Result<(), ReviewError> {
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, draft_id).await?;
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        update draft_comments set source = '', html = '', deleted_at = now(),
            version = version + 1
        where id = $1 and draft_id = $2 and author_id = $3 and deleted_at is null
        returning id
        "#,
        id,
        draft_id,
        author,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    // language=PostgreSQL
    sqlx::query!(
        "delete from draft_comment_versions where comment_id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    close_reports(&mut tx, id, "dismissed", "", None).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes the open reports on a comment as `resolution` (`hidden` or `dismissed`).
async fn close_reports(
    tx: &mut Transaction<'_, Postgres>,
    comment_id: i64,
    resolution: &str,
    note: &str,
    actor: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update reports set resolution = $2, resolution_note = $3, resolved_by = $4,
            resolved_at = now()
        where comment_id = $1 and resolution is null
        "#,
        comment_id,
        resolution,
        note,
        actor,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records a report on a comment; a second open report by the same person changes nothing.
pub async fn report_comment(
    pool: &PgPool,
    comment_id: i64,
    reporter: Uuid,
    reason: &str,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into reports (comment_id, reporter_id, reason) values ($1, $2, $3)
        on conflict (comment_id, reporter_id)
            where resolution is null and comment_id is not null do nothing
        "#,
        comment_id,
        reporter,
        reason,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Hides (with a reason) or shows again a comment of thème `theme_id`, even on a closed thème or
/// a frozen draft; hiding closes the open reports on it. Its author is notified; the decision is
/// audited. Returns false when nothing changed.
pub async fn set_comment_hidden(
    pool: &PgPool,
    theme_id: Uuid,
    comment_id: i64,
    actor: Uuid,
    hide: bool,
    reason: &str,
) -> Result<bool, ReviewError> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select c.author_id, c.hidden, d.number, d.title, d.head, t.number as theme_number
        from draft_comments c join drafts d on d.id = c.draft_id join themes t on t.id = d.theme_id
        where c.id = $1 and d.theme_id = $2
        for update of c
        "#,
        comment_id,
        theme_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    let reason = reason.trim();
    if row.hidden != hide {
        // language=PostgreSQL
        sqlx::query!(
            r#"
            update draft_comments set hidden = $2,
                hidden_reason = case when $2 then $3 end,
                hidden_by = case when $2 then $4::uuid end,
                hidden_at = case when $2 then now() end
            where id = $1
            "#,
            comment_id,
            hide,
            reason,
            actor,
        )
        .execute(&mut *tx)
        .await?;
    }
    if hide {
        close_reports(&mut tx, comment_id, "hidden", reason, Some(actor)).await?;
    }
    if row.hidden == hide {
        tx.commit().await?;
        return Ok(false);
    }
    let verb = if hide {
        "comment.hidden"
    } else {
        "comment.unhidden"
    };
    let mut details = details(row.number, &row.title, row.head, reason);
    details["comment"] = json!(comment_id);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb,
            subject: row.author_id,
            details: details.clone(),
            public: false,
            audience: Audience::Subject,
        },
    )
    .await?;
    details["theme"] = json!(row.theme_number);
    crate::ssr::db::users::audit(&mut tx, Some(actor), verb, row.author_id, details).await?;
    tx.commit().await?;
    Ok(true)
}
