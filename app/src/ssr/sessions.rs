//! Server-side sessions in PostgreSQL, behind tower-sessions.
//!
//! The browser holds only a random session id in an HttpOnly cookie; everything else lives in the
//! `sessions` table. The store copies the signed-in person's id out of the session data into its
//! own column on every save, so that a person's sessions can be listed and ended ("sign out
//! everywhere else", a password change). Expired rows are deleted by a background task.

use sqlx::PgPool;
use std::time::Duration;
use time::OffsetDateTime;
use tower_sessions::{
    Expiry, SessionManagerLayer,
    cookie::SameSite,
    session::{Id, Record},
    session_store::{self, ExpiredDeletion, SessionStore},
};
use uuid::Uuid;

/// The session key under which the signed-in person's id is kept.
pub const USER_ID_KEY: &str = "user_id";

/// How long a session lives without activity before it ends.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// How the session cookie is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    /// `Secure` and the `__Host-` name prefix: only when the site is served over HTTPS.
    pub secure: bool,
}

impl CookiePolicy {
    /// The cookie's name: `__Host-` prefixed when secure (bound to this host, path `/`, HTTPS).
    pub fn cookie_name(self) -> &'static str {
        if self.secure {
            "__Host-atelier_session"
        } else {
            "atelier_session"
        }
    }
}

/// Sessions in the `sessions` table.
#[derive(Clone, Debug)]
pub struct PgSessionStore {
    pool: PgPool,
}

impl PgSessionStore {
    /// A store over `pool`.
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// The tower layer that loads and saves sessions for each request.
    pub fn layer(self, policy: CookiePolicy) -> SessionManagerLayer<Self> {
        SessionManagerLayer::new(self)
            .with_name(policy.cookie_name())
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(policy.secure)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(
                time::Duration::try_from(IDLE_TIMEOUT).unwrap_or(time::Duration::days(7)),
            ))
    }

    /// Deletes expired sessions every `period`, forever; failures are logged and retried.
    pub async fn delete_expired_every(self, period: Duration) {
        let mut interval = tokio::time::interval(period);
        loop {
            interval.tick().await;
            if let Err(error) = self.delete_expired().await {
                tracing::warn!(%error, "deleting expired sessions failed");
            }
        }
    }
}

fn backend(error: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn user_id_of(record: &Record) -> Option<Uuid> {
    record
        .data
        .get(USER_ID_KEY)
        .and_then(|value| serde_json::from_value(value.clone()).ok())
}

fn encode(record: &Record) -> session_store::Result<serde_json::Value> {
    serde_json::to_value(&record.data)
        .map_err(|error| session_store::Error::Encode(error.to_string()))
}

#[async_trait::async_trait]
impl SessionStore for PgSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = encode(record)?;
        // A new id is drawn until one is free (a collision of 128 random bits will not happen,
        // but the store must never take over someone else's session if it did).
        loop {
            // language=PostgreSQL
            let inserted = sqlx::query!(
                r#"
                insert into sessions (id, user_id, data, expires_at)
                values ($1, $2, $3, $4)
                on conflict (id) do nothing
                "#,
                record.id.to_string(),
                user_id_of(record),
                data,
                record.expiry_date,
            )
            .execute(&self.pool)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        // language=PostgreSQL
        sqlx::query!(
            r#"
            insert into sessions (id, user_id, data, expires_at)
            values ($1, $2, $3, $4)
            on conflict (id) do update
               set user_id = excluded.user_id,
                   data = excluded.data,
                   expires_at = excluded.expires_at,
                   updated_at = now()
            "#,
            record.id.to_string(),
            user_id_of(record),
            data,
            record.expiry_date,
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        // language=PostgreSQL
        let row = sqlx::query!(
            r#"
            select data, expires_at from sessions
            where id = $1 and expires_at > now()
            "#,
            id.to_string(),
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let data = serde_json::from_value(row.data)
            .map_err(|error| session_store::Error::Decode(error.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: row.expires_at,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        // language=PostgreSQL
        sqlx::query!("delete from sessions where id = $1", id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for PgSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        // language=PostgreSQL
        sqlx::query!("delete from sessions where expires_at <= now()")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Now, for session timestamps.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
