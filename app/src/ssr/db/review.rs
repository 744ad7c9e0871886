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

mod suggestions;
pub use suggestions::*;

mod status;
pub use status::*;

mod comment_edits;
pub use comment_edits::*;

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
    /// Its earlier wordings, oldest first (read with it, in the same statement).
    pub versions: Vec<CommentVersion>,
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
               c.edited_at, c.deleted_at, c.hidden, c.hidden_reason,
               coalesce((select json_agg(json_build_object('comment_id', v.comment_id,
                                'version', v.version, 'at', v.created_at, 'source', v.source)
                                order by v.version)
                         from draft_comment_versions v where v.comment_id = c.id), '[]')
                   as "versions!: sqlx::types::Json<Vec<CommentVersion>>"
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
            versions: row.versions.0,
        })
        .collect())
}

/// An earlier wording of a comment.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CommentVersion {
    /// The comment.
    pub comment_id: i64,
    /// Its version number.
    pub version: i32,
    /// When it was written.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Its Markdown.
    pub source: String,
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
    .await?;
    let Some(author) = author else {
        // Already as asked (two people resolved it at once, or a form sent twice): nothing to
        // do, and nothing to tell; an unknown comment stays a 404.
        // language=PostgreSQL
        let exists = sqlx::query_scalar!(
            r#"select exists(select 1 from draft_comments
                where id = $1 and draft_id = $2 and parent_id is null) as "exists!""#,
            id,
            draft_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        return if exists {
            Ok(())
        } else {
            Err(ReviewError::NotFound)
        };
    };
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

impl From<sqlx::Error> for StatusError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error)
    }
}
