//! People and their site roles.

use crate::domain::{DisplayName, Email};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

/// A site role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteRole {
    /// Everyone who has an account.
    Member,
    /// Opens and closes thèmes, moderates anywhere.
    Moderator,
    /// Names moderators; site settings.
    Admin,
}

impl SiteRole {
    /// The value stored in `users.role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    /// An account with this e-mail (in any letter case) exists.
    #[error("an account with this e-mail exists")]
    EmailTaken,
    /// Any other database failure.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Inserts an account with an already hashed password; returns its id.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    email: &Email,
    name: &DisplayName,
    password_hash: &str,
    role: SiteRole,
) -> Result<Uuid, CreateUserError> {
    let id = Uuid::new_v4();
    // language=PostgreSQL
    let inserted = sqlx::query!(
        r#"
        insert into users (id, email, display_name, password_hash, role)
        values ($1, $2::text, $3, $4, $5)
        "#,
        id,
        email.as_str(),
        name.as_str(),
        password_hash,
        role.as_str(),
    )
    .execute(&mut **tx)
    .await;
    match inserted {
        Ok(_) => Ok(id),
        Err(sqlx::Error::Database(error)) if error.constraint() == Some("users_email_key") => {
            Err(CreateUserError::EmailTaken)
        }
        Err(error) => Err(error.into()),
    }
}

/// Appends to the audit log (in the caller's transaction, so it is written only if the change is).
pub async fn audit(
    tx: &mut Transaction<'_, Postgres>,
    actor: Option<Uuid>,
    action: &str,
    subject: Option<Uuid>,
    details: serde_json::Value,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into audit_log (actor_id, action, subject_id, details)
        values ($1, $2, $3, $4)
        "#,
        actor,
        action,
        subject,
        details,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
