//! The activity log as pages and notifications read it.

use super::*;

/// One activity row, with names.
#[derive(Debug, Clone)]
pub struct ActivityRow {
    /// Its id (the position in the log).
    pub id: i64,
    /// The thème's number.
    pub theme_number: i32,
    /// The thème's title.
    pub theme_title: String,
    /// Who did it.
    pub actor: Option<String>,
    /// What happened.
    pub verb: String,
    /// About whom.
    pub subject: Option<String>,
    /// Whether the event is about the one reading it (its subject).
    pub about_viewer: bool,
    /// A note or reason, if public.
    pub details: serde_json::Value,
    /// When.
    pub at: OffsetDateTime,
}

/// A thème's timeline, newest first: `limit` rows before `before` (an activity id). Private
/// events, and events about hidden threads and posts, are included only when `include_private`
/// (facilitators and moderators); private events also when they concern `viewer`.
pub async fn timeline(
    pool: &PgPool,
    theme_id: Uuid,
    include_private: bool,
    viewer: Option<Uuid>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select a.id, t.number, t.title, actor.display_name as "actor?", a.verb,
               subject.display_name as "subject?", a.details, a.created_at,
               coalesce(a.subject_id = $3, false) as "about_viewer!"
        from activity a
        join themes t on t.id = a.theme_id
        left join users actor on actor.id = a.actor_id
        left join users subject on subject.id = a.subject_id
        where a.theme_id = $1
          and (a.public or $2 or a.subject_id = $3 or a.actor_id = $3)
          and a.id < coalesce($4, 9223372036854775807)
          -- Hidden threads and posts exist only for those who moderate them.
          and ($2 or not exists (
              select 1 from threads th
              where th.theme_id = a.theme_id and th.number = (a.details->>'thread')::int
                and (th.hidden or exists (
                    select 1 from posts p
                    where p.id = (a.details->>'post')::bigint and p.thread_id = th.id and p.hidden))))
        order by a.id desc
        limit $5
        "#,
        theme_id,
        include_private,
        viewer,
        before,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ActivityRow {
            id: row.id,
            theme_number: row.number,
            theme_title: row.title,
            actor: row.actor,
            verb: row.verb,
            subject: row.subject,
            about_viewer: row.about_viewer,
            details: row.details,
            at: row.created_at,
        })
        .collect())
}

/// One notification with its event.
#[derive(Debug, Clone)]
pub struct NotificationRow {
    /// Its id.
    pub id: i64,
    /// Read already.
    pub read: bool,
    /// The event.
    pub event: ActivityRow,
}

/// A person's notifications, newest first (at most `limit`).
pub async fn notifications(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select n.id, n.read_at, a.id as activity_id, t.number, t.title,
               actor.display_name as "actor?", a.verb, subject.display_name as "subject?",
               a.details, a.created_at, coalesce(a.subject_id = $1, false) as "about_viewer!"
        from notifications n
        join activity a on a.id = n.activity_id
        join themes t on t.id = a.theme_id
        left join users actor on actor.id = a.actor_id
        left join users subject on subject.id = a.subject_id
        where n.user_id = $1
          and (a.subject_id = $1 or atelier_may_read(a.theme_id, $1))
          and (not atelier_about_hidden(a.theme_id, a.details)
               or atelier_moderates(a.theme_id, $1))
        order by n.id desc
        limit $2
        "#,
        user_id,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| NotificationRow {
            id: row.id,
            read: row.read_at.is_some(),
            event: ActivityRow {
                id: row.activity_id,
                theme_number: row.number,
                theme_title: row.title,
                actor: row.actor,
                verb: row.verb,
                subject: row.subject,
                about_viewer: row.about_viewer,
                details: row.details,
                at: row.created_at,
            },
        })
        .collect())
}

/// How many notifications of `user_id` are unread.
pub async fn unread_count(pool: &PgPool, user_id: Uuid) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select atelier_unread_count($1) as "count!"
        "#,
        user_id
    )
    .fetch_one(pool)
    .await
}

/// Marks the notifications of `user_id` read: one (`Some(id)`) or all.
pub async fn mark_read(pool: &PgPool, user_id: Uuid, id: Option<i64>) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let done = sqlx::query!(
        r#"
        update notifications set read_at = now()
        where user_id = $1 and read_at is null and ($2::bigint is null or id = $2)
        "#,
        user_id,
        id,
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// A public thème's id and what its feed needs, by number.
pub async fn public_theme(
    pool: &PgPool,
    number: ThemeNumber,
) -> Result<Option<(Uuid, FeedTheme)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        "select id, number, title, updated_at from themes where number = $1 and visibility = 'public'",
        number.get()
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        (
            row.id,
            FeedTheme {
                number: row.number,
                title: row.title,
                updated_at: row.updated_at,
            },
        )
    }))
}
