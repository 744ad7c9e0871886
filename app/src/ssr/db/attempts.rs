//! Sign-in, sign-up and reset attempts: the record, and the counters throttling reads.

use sqlx::PgPool;
use uuid::Uuid;

/// What was attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    /// A sign-in (or a password confirmation on the account page).
    SignIn,
    /// A sign-up.
    SignUp,
    /// A password-reset request or its completion.
    Reset,
}

impl AttemptKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::SignUp => "sign_up",
            Self::Reset => "reset",
        }
    }
}

/// Records one attempt.
pub async fn record(
    pool: &PgPool,
    kind: AttemptKind,
    email: Option<&str>,
    user_id: Option<Uuid>,
    ip: Option<&str>,
    succeeded: bool,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into auth_attempts (kind, email, user_id, ip, succeeded)
        values ($1, $2::text::citext, $3, $4::text::inet, $5)
        "#,
        kind.as_str(),
        email,
        user_id,
        ip,
        succeeded,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Failed sign-ins on `email` within the last 15 minutes and since its last success (a successful
/// sign-in or password reset clears the count).
pub async fn recent_failures(pool: &PgPool, email: &str) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select count(*) as "count!" from auth_attempts
        where email = $1::text::citext
          and not succeeded
          and kind = 'sign_in'
          and created_at > now() - interval '15 minutes'
          and created_at > coalesce(
                (select max(created_at) from auth_attempts
                 where email = $1::text::citext and succeeded and kind in ('sign_in', 'reset')),
                '-infinity')
        "#,
        email,
    )
    .fetch_one(pool)
    .await
}

/// Whether someone signed in to `email`'s account from `ip` within the last 30 days (the owner's
/// usual address: a lock set by failures from elsewhere does not apply to it).
pub async fn succeeded_from(pool: &PgPool, email: &str, ip: &str) -> Result<bool, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select exists(
            select 1 from auth_attempts
            where email = $1::text::citext and ip = $2::text::inet and succeeded
              and kind = 'sign_in' and created_at > now() - interval '30 days'
        ) as "known!"
        "#,
        email,
        ip,
    )
    .fetch_one(pool)
    .await
}

/// Attempts of `kind` from `ip` within the last `minutes`.
pub async fn recent_from_ip(
    pool: &PgPool,
    kind: AttemptKind,
    ip: &str,
    minutes: i32,
) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select count(*) as "count!" from auth_attempts
        where ip = $1::text::inet and kind = $2
          and created_at > now() - make_interval(mins => $3)
        "#,
        ip,
        kind.as_str(),
        minutes,
    )
    .fetch_one(pool)
    .await
}

/// Deletes attempts older than 30 days (they no longer count, and are personal data).
pub async fn delete_old(pool: &PgPool) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let deleted =
        sqlx::query!("delete from auth_attempts where created_at < now() - interval '30 days'")
            .execute(pool)
            .await?;
    Ok(deleted.rows_affected())
}
