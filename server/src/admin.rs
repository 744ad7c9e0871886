//! Administration from the command line: `server admin create` makes the first admin.

use app::{
    domain::{DisplayName, Email, Role},
    error::{AppError, ValidationCode},
    ssr::{
        db::users::{self, CreateUserError},
        passwords::{self, Passwords},
    },
};
use secrecy::SecretString;
use sqlx::PgPool;
use uuid::Uuid;

/// An admin account just created.
#[derive(Debug)]
pub struct CreatedAdmin {
    /// The new account's id.
    pub id: Uuid,
    /// The password, when it was generated here (shown once, then forgotten).
    pub generated_password: Option<SecretString>,
}

/// Why the admin could not be created; each says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The e-mail, name or password was refused.
    #[error("{field}: {code:?}")]
    Invalid {
        /// Which argument.
        field: &'static str,
        /// Why.
        code: ValidationCode,
    },
    /// The e-mail is taken.
    #[error("an account with this e-mail exists already")]
    EmailTaken,
    /// Hashing or the database failed (details in the log).
    #[error("internal error (see the log)")]
    Internal,
}

impl From<sqlx::Error> for AdminError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        Self::Internal
    }
}

/// Whether any account is an admin.
pub async fn has_admin(pool: &PgPool) -> Result<bool, AdminError> {
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from users where role = 'admin')")
            .fetch_one(pool)
            .await?;
    Ok(exists)
}

/// Creates an admin account with `password`, or a generated one when `None`; audited.
pub async fn create_admin(
    pool: &PgPool,
    email: &str,
    name: &str,
    password: Option<SecretString>,
) -> Result<CreatedAdmin, AdminError> {
    let email = Email::parse(email).map_err(|code| AdminError::Invalid {
        field: "--email",
        code,
    })?;
    let name = DisplayName::parse(name).map_err(|code| AdminError::Invalid {
        field: "--name",
        code,
    })?;
    let (password, generated) = match password {
        Some(password) => (password, false),
        // 122 random bits, as 32 hexadecimal characters.
        None => (
            SecretString::from(Uuid::new_v4().simple().to_string()),
            true,
        ),
    };
    passwords::check_new(&password, &[email.as_str(), name.as_str()]).map_err(|code| {
        AdminError::Invalid {
            field: "password",
            code,
        }
    })?;
    let hash = Passwords::new(1)
        .hash(password.clone())
        .await
        .map_err(|_: AppError| AdminError::Internal)?;

    let mut tx = pool.begin().await?;
    let id = users::create(&mut tx, &email, &name, &hash, Role::Admin)
        .await
        .map_err(|error| match error {
            CreateUserError::EmailTaken => AdminError::EmailTaken,
            CreateUserError::Database(error) => error.into(),
        })?;
    users::audit(
        &mut tx,
        None,
        "admin.created",
        Some(id),
        serde_json::json!({ "via": "command line" }),
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedAdmin {
        id,
        generated_password: generated.then_some(password),
    })
}
