//! Suggestions: proposing a change of a passage, and accepting or declining it.

use super::*;

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
