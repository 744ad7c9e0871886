//! A person's sessions, as the account page lists and ends them.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// One active session of a person.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// The session id (never shown: the page gets whether it is the current one).
    pub id: String,
    /// When the person signed in.
    pub signed_in_at: Option<OffsetDateTime>,
    /// The last recorded activity.
    pub last_seen_at: OffsetDateTime,
    /// The browser, as it described itself at sign-in.
    pub user_agent: Option<String>,
}

/// The active sessions of `user_id`, most recently used first.
pub async fn list(pool: &PgPool, user_id: Uuid) -> Result<Vec<SessionRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select id, updated_at, data->>'user_agent' as user_agent,
               (data->>'signed_in_at')::bigint as signed_in_at
        from sessions
        where user_id = $1 and expires_at > now()
        order by updated_at desc
        "#,
        user_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SessionRow {
            id: row.id,
            signed_in_at: row
                .signed_in_at
                .and_then(|at| OffsetDateTime::from_unix_timestamp(at).ok()),
            last_seen_at: row.updated_at,
            user_agent: row.user_agent,
        })
        .collect())
}

/// Ends every session of `user_id` except `keep` (all of them when `keep` is None); returns how
/// many ended.
pub async fn end_others(
    pool: &PgPool,
    user_id: Uuid,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let deleted = sqlx::query!(
        "delete from sessions where user_id = $1 and id is distinct from $2",
        user_id,
        keep,
    )
    .execute(pool)
    .await?;
    Ok(deleted.rows_affected())
}
