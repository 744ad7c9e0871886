//! Links sent by e-mail: single-use, expiring, stored as hashes.

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirms a sign-up (payload: display name and password hash).
    SignUp,
    /// Resets a password.
    Reset,
    /// Confirms a new e-mail address for an account.
    EmailChange,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::SignUp => "sign_up",
            Self::Reset => "reset",
            Self::EmailChange => "email_change",
        }
    }
}

/// A link's content once used.
#[derive(Debug, Clone)]
pub struct Redeemed {
    /// The address the link was sent to.
    pub email: String,
    /// The account it concerns, if any.
    pub user_id: Option<Uuid>,
    /// Anything else the link carries.
    pub payload: serde_json::Value,
}

/// Stores a link valid for `minutes`.
pub async fn insert(
    pool: &PgPool,
    hash: &[u8],
    purpose: Purpose,
    email: &str,
    user_id: Option<Uuid>,
    payload: serde_json::Value,
    minutes: i32,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into email_tokens (token_hash, purpose, email, user_id, payload, expires_at)
        values ($1, $2, $3::text::citext, $4, $5, now() + make_interval(mins => $6))
        "#,
        hash,
        purpose.as_str(),
        email,
        user_id,
        payload,
        minutes,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether a link is currently usable (for showing its page; using it is [`redeem`]).
pub async fn is_valid(pool: &PgPool, hash: &[u8], purpose: Purpose) -> Result<bool, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select exists(
            select 1 from email_tokens
            where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
        ) as "valid!"
        "#,
        hash,
        purpose.as_str(),
    )
    .fetch_one(pool)
    .await
}

/// Uses a link, in `tx`: marks it used and returns what it carries, or `None` when it is unknown,
/// used or expired. Two concurrent uses cannot both succeed (the update locks the row).
pub async fn redeem(
    tx: &mut Transaction<'_, Postgres>,
    hash: &[u8],
    purpose: Purpose,
) -> Result<Option<Redeemed>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        update email_tokens set used_at = now()
        where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
        returning email::text as "email!", user_id, payload
        "#,
        hash,
        purpose.as_str(),
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|row| Redeemed {
        email: row.email,
        user_id: row.user_id,
        payload: row.payload,
    }))
}

/// Ends every unused link of `purpose` of `user_id` (a newer one was used, or the password
/// changed: an older reset link must not work afterwards).
pub async fn revoke_all(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    purpose: Purpose,
) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let revoked = sqlx::query!(
        "update email_tokens set used_at = now()
         where user_id = $1 and purpose = $2 and used_at is null",
        user_id,
        purpose.as_str(),
    )
    .execute(&mut **tx)
    .await?;
    Ok(revoked.rows_affected())
}

/// Deletes links that expired more than a day ago.
pub async fn delete_expired(pool: &PgPool) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let deleted =
        sqlx::query!("delete from email_tokens where expires_at < now() - interval '1 day'")
            .execute(pool)
            .await?;
    Ok(deleted.rows_affected())
}
