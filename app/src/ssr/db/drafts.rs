//! Shared drafts as stored: drafts, their revisions (full text and the attribution of every
//! token), and the stashes that keep edits which could not be saved.
//!
//! The save protocol itself (lock, decide with the draft engine, store) is a use case:
//! `ssr::drafting`. Locking the draft's row serialises the saves of one draft while saves of
//! different drafts run side by side. Each revision stores its whole text and, for every token,
//! the revision that wrote it: who wrote what is read from one row.

use crate::domain::{
    ThemeStatus,
    draft::{DraftStatus, RevisionKind},
};
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

/// A draft as stored.
#[derive(Debug, Clone)]
pub struct DraftRow {
    /// Its id.
    pub id: Uuid,
    /// Its number in the thème.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub status: DraftStatus,
    /// The newest revision.
    pub head: i32,
    /// Created at.
    pub created_at: OffsetDateTime,
    /// Last saved at.
    pub updated_at: OffsetDateTime,
    /// The last status change: its note, who made it, when (none before the first).
    pub status_change: Option<(Option<String>, Option<String>, OffsetDateTime)>,
}

/// A draft in a thème's list.
#[derive(Debug, Clone)]
pub struct DraftListRow {
    /// The draft.
    pub draft: DraftRow,
    /// How many people wrote revisions.
    pub contributors: i64,
    /// Who saved the newest revision.
    pub last_author: Option<String>,
}

/// One revision's facts (without its text).
#[derive(Debug, Clone)]
pub struct RevisionRow {
    /// 1..head.
    pub number: i32,
    /// The revision it was written on.
    pub parent: Option<i32>,
    /// The revision the editor started from (differs from `parent` for a merge).
    pub base: Option<i32>,
    /// How it came to be.
    pub kind: RevisionKind,
    /// For a restore: the revision brought back.
    pub restored_from: Option<i32>,
    /// Who saved it.
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// The summary line.
    pub summary: String,
    /// Words added against the parent.
    pub words_added: i32,
    /// Words removed against the parent.
    pub words_removed: i32,
    /// Saved at.
    pub at: OffsetDateTime,
    /// The discussion that motivated it (number, title), unless hidden.
    pub thread_number: Option<i32>,
    /// Its title.
    pub thread_title: Option<String>,
    /// For an accepted suggestion: who accepted it.
    pub accepted_by: Option<String>,
}

/// A revision's text and attribution.
#[derive(Debug, Clone)]
pub struct RevisionText {
    /// The Markdown text.
    pub body: String,
    /// For each token of `body`, the revision that wrote it.
    pub attribution: Vec<i32>,
}

/// Why a save was refused before anything was written.
#[derive(Debug)]
pub enum SaveError {
    /// No such draft.
    NoDraft,
    /// `base` is not a revision of the draft.
    UnknownBase,
    /// The thème is closed or archived.
    Closed,
    /// The draft is adopted or withdrawn: read-only.
    Frozen,
    /// The server's CPU pool is full: nothing was written, the author may try again.
    Busy,
    /// Deciding what to write failed (a bug, logged).
    Failed,
    /// The database failed.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for SaveError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error)
    }
}

/// The drafts of a thème, most recently changed first.
pub async fn list(pool: &PgPool, theme_id: Uuid) -> Result<Vec<DraftListRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select d.id, d.number, d.title, d.status as "status: DraftStatus", d.head,
               d.created_at, d.updated_at, d.status_note, d.status_at,
               (select u.display_name from users u where u.id = d.status_by) as "status_by?",
               (select count(*) from draft_contributors c
                where c.draft_id = d.id and c.author_id is not null)
                   as "contributors!",
               (select u.display_name from draft_revisions r join users u on u.id = r.author_id
                where r.draft_id = d.id and r.number = d.head) as "last_author?"
        from drafts d
        where d.theme_id = $1
        order by d.updated_at desc, d.number desc
        "#,
        theme_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| DraftListRow {
            draft: DraftRow {
                id: row.id,
                number: row.number,
                title: row.title,
                status: row.status,
                head: row.head,
                created_at: row.created_at,
                updated_at: row.updated_at,
                status_change: row.status_at.map(|at| (row.status_note, row.status_by, at)),
            },
            contributors: row.contributors,
            last_author: row.last_author,
        })
        .collect())
}

/// Draft `number` of a thème.
pub async fn find(
    pool: &PgPool,
    theme_id: Uuid,
    number: i32,
) -> Result<Option<DraftRow>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select d.id, d.number, d.title, d.status as "status: DraftStatus", d.head, d.created_at,
               d.updated_at, d.status_note, d.status_at, u.display_name as "status_by?"
        from drafts d left join users u on u.id = d.status_by
        where d.theme_id = $1 and d.number = $2
        "#,
        theme_id,
        number,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| DraftRow {
        id: row.id,
        number: row.number,
        title: row.title,
        status: row.status,
        head: row.head,
        created_at: row.created_at,
        updated_at: row.updated_at,
        status_change: row.status_at.map(|at| (row.status_note, row.status_by, at)),
    }))
}

/// The revisions of a draft numbered `upto` and below, newest first, at most `limit` of them
/// (a page of its history: read by number, whatever the history's length).
pub async fn revisions(
    pool: &PgPool,
    draft_id: Uuid,
    upto: i32,
    limit: i32,
) -> Result<Vec<RevisionRow>, sqlx::Error> {
    let numbers: Vec<i32> = (upto.saturating_sub(limit).saturating_add(1).max(1)..=upto).collect();
    revision_rows(pool, draft_id, &numbers).await
}

/// The names of those who wrote the revisions after `after` up to `upto`, in order.
pub async fn authors_between(
    pool: &PgPool,
    draft_id: Uuid,
    after: i32,
    upto: i32,
) -> Result<Vec<String>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select distinct u.display_name
        from draft_revisions r join users u on u.id = r.author_id
        where r.draft_id = $1 and r.number > $2 and r.number <= $3
        order by u.display_name
        "#,
        draft_id,
        after,
        upto,
    )
    .fetch_all(pool)
    .await
}

/// One revision's facts.
pub async fn revision(
    pool: &PgPool,
    draft_id: Uuid,
    number: i32,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    Ok(revision_rows(pool, draft_id, &[number]).await?.pop())
}

/// Two revisions of a draft (`from`, `to`), read together.
pub async fn revision_pair(
    pool: &PgPool,
    draft_id: Uuid,
    from: i32,
    to: i32,
) -> Result<(Option<RevisionRow>, Option<RevisionRow>), sqlx::Error> {
    let rows = revision_rows(pool, draft_id, &[from, to]).await?;
    let find = |number: i32| rows.iter().find(|row| row.number == number).cloned();
    Ok((find(from), find(to)))
}

/// The texts of revisions `numbers` of a draft, by number (those that exist).
pub async fn bodies(
    pool: &PgPool,
    draft_id: Uuid,
    numbers: &[i32],
) -> Result<Vec<(i32, String)>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        "select number, body from draft_revisions where draft_id = $1 and number = any($2)",
        draft_id,
        numbers,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.number, row.body)).collect())
}

/// Revisions `numbers` of a draft, newest first.
///
/// Only by number: a statement that could also read every revision (`$2 is null or …`) got a
/// generic plan, once sqlx had prepared it, that scanned the whole history and filtered it; the
/// history and the diffs slowed down as the draft grew.
async fn revision_rows(
    pool: &PgPool,
    draft_id: Uuid,
    numbers: &[i32],
) -> Result<Vec<RevisionRow>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        RevisionRow,
        r#"
        select r.number, r.parent, r.base, r.kind as "kind: RevisionKind", r.restored_from,
               r.author_id, u.display_name as "author?", r.summary, r.words_added,
               r.words_removed, r.created_at as at, t.number as "thread_number?", t.title as "thread_title?",
               a.display_name as "accepted_by?"
        from draft_revisions r left join users u on u.id = r.author_id
        left join threads t on t.id = r.thread_id and not t.hidden
        left join users a on a.id = r.accepted_by
        where r.draft_id = $1 and r.number = any($2)
        order by r.number desc
        "#,
        draft_id,
        numbers,
    )
    .fetch_all(pool)
    .await
}

/// One revision with its text, and its attribution when `with_attribution` (a page that already
/// knows who wrote how much of it need not read it), in one statement.
pub async fn revision_with_text(
    pool: &PgPool,
    draft_id: Uuid,
    number: i32,
    with_attribution: bool,
) -> Result<Option<(RevisionRow, RevisionText)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select r.number, r.parent, r.base, r.kind as "kind: RevisionKind", r.restored_from,
               r.author_id, u.display_name as "author?", r.summary, r.words_added,
               r.words_removed, r.created_at as at, t.number as "thread_number?",
               t.title as "thread_title?", a.display_name as "accepted_by?", r.body,
               case when $3 then r.attribution else '{}'::int[] end as "attribution!"
        from draft_revisions r left join users u on u.id = r.author_id
        left join threads t on t.id = r.thread_id and not t.hidden
        left join users a on a.id = r.accepted_by
        where r.draft_id = $1 and r.number = $2
        "#,
        draft_id,
        number,
        with_attribution,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        (
            RevisionRow {
                number: row.number,
                parent: row.parent,
                base: row.base,
                kind: row.kind,
                restored_from: row.restored_from,
                author_id: row.author_id,
                author: row.author,
                summary: row.summary,
                words_added: row.words_added,
                words_removed: row.words_removed,
                at: row.at,
                thread_number: row.thread_number,
                thread_title: row.thread_title,
                accepted_by: row.accepted_by,
            },
            RevisionText {
                body: row.body,
                attribution: row.attribution,
            },
        )
    }))
}

/// One revision's text and attribution.
pub async fn text_of<'e, E>(
    executor: E,
    draft_id: Uuid,
    number: i32,
) -> Result<Option<RevisionText>, sqlx::Error>
where
    E: sqlx::PgExecutor<'e>,
{
    // language=PostgreSQL
    let row = sqlx::query!(
        "select body, attribution from draft_revisions where draft_id = $1 and number = $2",
        draft_id,
        number,
    )
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|row| RevisionText {
        body: row.body,
        attribution: row.attribution,
    }))
}

/// One person who wrote revisions of a draft (`author_id` `None`: deleted accounts, together).
#[derive(Debug, Clone)]
pub struct AuthorRow {
    /// The person.
    pub author_id: Option<Uuid>,
    /// Their name now.
    pub name: Option<String>,
    /// How many revisions of the draft they wrote.
    pub revisions: i32,
    /// Which of the revisions asked about (`in_text`) are theirs.
    pub numbers: Vec<i32>,
}

/// The people who wrote revisions of a draft, in order of their first, with which of the
/// revisions `in_text` each wrote: one row per person, whatever the length of the history.
pub async fn authors(
    pool: &PgPool,
    draft_id: Uuid,
    in_text: &[i32],
) -> Result<Vec<AuthorRow>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        AuthorRow,
        r#"
        with in_text as (
            select r.author_id, array_agg(r.number order by r.number) as numbers
            from draft_revisions r
            where r.draft_id = $1 and r.number = any($2)
            group by r.author_id
        )
        select c.author_id, u.display_name as "name?", c.revisions,
               coalesce(t.numbers, '{}') as "numbers!"
        from draft_contributors c
        left join users u on u.id = c.author_id
        left join in_text t on t.author_id is not distinct from c.author_id
        where c.draft_id = $1
        order by c.first_revision
        "#,
        draft_id,
        in_text,
    )
    .fetch_all(pool)
    .await
}

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A revision to store (its text, attribution and counts computed by the draft engine).
pub(crate) struct NewRevision<'a> {
    pub(crate) draft_id: Uuid,
    pub(crate) thread: Option<Uuid>,
    pub(crate) accepted_by: Option<Uuid>,
    pub(crate) number: i32,
    pub(crate) parent: Option<i32>,
    pub(crate) base: Option<i32>,
    pub(crate) kind: RevisionKind,
    pub(crate) restored_from: Option<i32>,
    pub(crate) author: Uuid,
    pub(crate) summary: &'a str,
    pub(crate) body: &'a str,
    pub(crate) attribution: &'a [i32],
    pub(crate) words: (usize, usize),
}

/// Stores revision `revision` and makes it the draft's head.
pub(crate) async fn insert_revision(
    tx: &mut Transaction<'_, Postgres>,
    revision: NewRevision<'_>,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into draft_revisions (draft_id, number, parent, base, kind, restored_from,
                                     author_id, summary, body, attribution, words_added,
                                     words_removed, thread_id, accepted_by)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        "#,
        revision.draft_id,
        revision.number,
        revision.parent,
        revision.base,
        revision.kind.as_str(),
        revision.restored_from,
        revision.author,
        revision.summary,
        revision.body,
        revision.attribution,
        count(revision.words.0),
        count(revision.words.1),
        revision.thread,
        revision.accepted_by,
    )
    .execute(&mut **tx)
    .await?;
    // language=PostgreSQL
    sqlx::query!(
        "update drafts set head = $2, updated_at = now() where id = $1",
        revision.draft_id,
        revision.number,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the activity log says about a revision.
pub(crate) fn details(number: i32, title: &str, revision: i32, summary: &str) -> serde_json::Value {
    let summary = summary.trim();
    let mut details = json!({ "draft": number, "title": title, "revision": revision });
    if !summary.is_empty() {
        details["note"] = json!(summary);
    }
    details
}

/// A new draft row (the next number in the thème): its id and number. Its first revision is
/// written by the caller, in the same transaction.
pub(crate) async fn insert_draft(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    author: Uuid,
    title: &str,
) -> Result<(Uuid, i32), sqlx::Error> {
    let id = Uuid::new_v4();
    // language=PostgreSQL
    let number = sqlx::query_scalar!(
        r#"
        insert into drafts (id, theme_id, number, title, created_by)
        values ($1, $2, (select coalesce(max(number), 0) + 1 from drafts where theme_id = $2),
                $3, $4)
        returning number
        "#,
        id,
        theme_id,
        title,
        author,
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, number))
}

/// The draft's row, locked for this transaction (saves of one draft go one at a time), with its
/// thème's row shared (a thème cannot close meanwhile); refused when the thème is not open.
pub(crate) async fn lock_draft(
    tx: &mut Transaction<'_, Postgres>,
    draft_id: Uuid,
) -> Result<LockedDraft, SaveError> {
    // language=PostgreSQL
    let draft = sqlx::query_as!(
        LockedDraft,
        r#"
        select d.number, d.title, d.head, t.status as "status: ThemeStatus",
               d.status as "draft_status: DraftStatus"
        from drafts d join themes t on t.id = d.theme_id
        where d.id = $1 for update of d for share of t
        "#,
        draft_id,
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(SaveError::NoDraft)?;
    if draft.status != ThemeStatus::Open {
        Err(SaveError::Closed)
    } else if draft.draft_status.is_frozen() {
        Err(SaveError::Frozen)
    } else {
        Ok(draft)
    }
}

/// A draft as a save sees it.
pub(crate) struct LockedDraft {
    pub(crate) number: i32,
    pub(crate) title: String,
    pub(crate) head: i32,
    /// The thème's status.
    pub(crate) status: ThemeStatus,
    /// The draft's status.
    pub(crate) draft_status: DraftStatus,
}

/// An edit to keep for its author.
pub(crate) struct NewStash<'a> {
    pub(crate) draft_id: Uuid,
    pub(crate) user_id: Uuid,
    pub(crate) base: i32,
    pub(crate) head: i32,
    pub(crate) body: &'a str,
    pub(crate) summary: &'a str,
    /// For a refused merge: the conflicts as found (as JSON), and the text to resolve them from.
    pub(crate) conflicts: Option<(serde_json::Value, &'a str)>,
}

/// Keeps an edit for its author; returns the stash id.
pub(crate) async fn insert_stash(
    tx: &mut Transaction<'_, Postgres>,
    stash: NewStash<'_>,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    let (conflicts, resolution) = match stash.conflicts {
        Some((conflicts, resolution)) => (Some(conflicts), Some(resolution)),
        None => (None, None),
    };
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into draft_stashes (id, draft_id, user_id, base, head, body, summary, conflicts,
                                   resolution)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        "#,
        id,
        stash.draft_id,
        stash.user_id,
        stash.base,
        stash.head,
        stash.body,
        stash.summary,
        conflicts,
        resolution,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Keeps an edit that could not be saved as it was (a refused field, a refused save, a preview
/// without JavaScript); returns the stash id. `head` is the draft's head when it was refused (the
/// base for a preview or a refused field).
pub async fn stash(
    pool: &PgPool,
    draft_id: Uuid,
    user_id: Uuid,
    base: i32,
    body: &str,
    summary: &str,
) -> Result<Uuid, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = insert_stash(
        &mut tx,
        NewStash {
            draft_id,
            user_id,
            base,
            head: base,
            body,
            summary,
            conflicts: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A stashed edit.
#[derive(Debug, Clone)]
pub struct StashRow {
    /// The revision the editor started from.
    pub base: i32,
    /// The head when it was stashed.
    pub head: i32,
    /// The text as sent.
    pub body: String,
    /// The summary as sent.
    pub summary: String,
    /// For a refused merge: the conflicts as they were found when it was refused (as JSON, see
    /// `ssr::drafting::stashed_conflicts`), and the text to resolve them from (`None` for other
    /// stashes, and for those kept before conflicts were stored).
    pub conflicts: Option<(serde_json::Value, String)>,
}

/// Stash `id` of `user_id` on `draft_id`.
pub async fn find_stash(
    pool: &PgPool,
    id: Uuid,
    draft_id: Uuid,
    user_id: Uuid,
) -> Result<Option<StashRow>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select base, head, body, summary, conflicts, resolution from draft_stashes
        where id = $1 and draft_id = $2 and user_id = $3
        "#,
        id,
        draft_id,
        user_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| StashRow {
        base: row.base,
        head: row.head,
        body: row.body,
        summary: row.summary,
        conflicts: row.conflicts.zip(row.resolution),
    }))
}

/// Deletes stashes older than 30 days; returns how many.
pub async fn delete_old_stashes(pool: &PgPool) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let done =
        sqlx::query!("delete from draft_stashes where created_at < now() - interval '30 days'")
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

/// One revision in a person's contribution history.
#[derive(Debug, Clone)]
pub struct ContributionRow {
    /// The thème's number.
    pub theme_number: i32,
    /// The thème's title.
    pub theme_title: String,
    /// The draft's id.
    pub draft_id: Uuid,
    /// The draft's number.
    pub draft_number: i32,
    /// The draft's title.
    pub draft_title: String,
    /// The draft's head.
    pub head: i32,
    /// The revision.
    pub revision: RevisionRow,
}

/// The revisions `user_id` saved in thèmes `viewer` may read, newest first.
pub async fn contributions(
    pool: &PgPool,
    user_id: Uuid,
    viewer: Option<Uuid>,
    viewer_moderates: bool,
) -> Result<Vec<ContributionRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select t.number as theme_number, t.title as theme_title, d.id as draft_id,
               d.number as draft_number, d.title as draft_title, d.head,
               r.number, r.parent, r.base, r.kind as "kind: RevisionKind", r.restored_from,
               r.author_id, u.display_name as "author?", r.summary, r.words_added,
               r.words_removed, r.created_at
        from draft_revisions r
        join drafts d on d.id = r.draft_id
        join themes t on t.id = d.theme_id
        left join users u on u.id = r.author_id
        where r.author_id = $1
          and (t.visibility = 'public' or $3
               or exists (select 1 from memberships m where m.theme_id = t.id
                          and m.user_id = $2 and m.state = 'active'))
        order by r.created_at desc, r.number desc
        "#,
        user_id,
        viewer,
        viewer_moderates,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ContributionRow {
            theme_number: row.theme_number,
            theme_title: row.theme_title,
            draft_id: row.draft_id,
            draft_number: row.draft_number,
            draft_title: row.draft_title,
            head: row.head,
            revision: RevisionRow {
                number: row.number,
                parent: row.parent,
                base: row.base,
                kind: row.kind,
                restored_from: row.restored_from,
                author_id: row.author_id,
                author: row.author,
                summary: row.summary,
                words_added: row.words_added,
                words_removed: row.words_removed,
                at: row.created_at,
                thread_number: None,
                thread_title: None,
                accepted_by: None,
            },
        })
        .collect())
}
