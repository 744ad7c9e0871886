//! People and their site roles.

use crate::domain::{DisplayName, Email, Role};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

/// An account as the server works with it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: Uuid,
    /// Its e-mail address.
    pub email: String,
    /// The name shown beside contributions.
    pub display_name: String,
    /// Its site role.
    pub role: Role,
}

/// The account with `id`, if any.
pub async fn find(pool: &sqlx::PgPool, id: Uuid) -> Result<Option<User>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        User,
        r#"
        select id, email::text as "email!", display_name, role as "role: Role"
        from users where id = $1
        "#,
        id
    )
    .fetch_optional(pool)
    .await
}

/// The account `id` and how many of its notifications are unread, in one statement (a page
/// view's header shows the count).
pub async fn find_with_unread(
    pool: &sqlx::PgPool,
    id: Uuid,
) -> Result<Option<(User, i64)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select id, email::text as "email!", display_name, role as "role: Role",
               atelier_unread_count(id) as "unread!"
        from users where id = $1
        "#,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        (
            User {
                id: row.id,
                email: row.email,
                display_name: row.display_name,
                role: row.role,
            },
            row.unread,
        )
    }))
}

/// The id and password hash of the account with `email` (in any letter case), if any.
pub async fn credentials(
    pool: &sqlx::PgPool,
    email: &str,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"select id, password_hash from users where email = $1::text::citext"#,
        email
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| (row.id, row.password_hash)))
}

/// The password hash of account `id`.
pub async fn password_hash(pool: &sqlx::PgPool, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!("select password_hash from users where id = $1", id)
        .fetch_optional(pool)
        .await
}

/// Whether an account uses `email` (in any letter case).
pub async fn email_exists(pool: &sqlx::PgPool, email: &str) -> Result<bool, sqlx::Error> {
    // language=PostgreSQL
    let exists = sqlx::query_scalar!(
        r#"select exists(select 1 from users where email = $1::text::citext) as "exists!""#,
        email
    )
    .fetch_one(pool)
    .await?;
    Ok(exists)
}

/// Stores a new password hash for account `id`.
pub async fn set_password_hash(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    hash: &str,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        "update users set password_hash = $2, updated_at = now() where id = $1",
        id,
        hash
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Remembers that account `id` reads Atelier in `locale` ("fr" or "en").
pub async fn set_locale<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    id: Uuid,
    locale: &str,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        "update users set locale = $2 where id = $1 and locale is distinct from $2",
        id,
        locale
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// The language account `id` chose, if it ever chose one.
pub async fn locale_of(pool: &sqlx::PgPool, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query_scalar!("select locale from users where id = $1", id)
        .fetch_optional(pool)
        .await?;
    Ok(row.flatten())
}

/// The language of the account with address `email`, if there is one and it chose one.
pub async fn locale_of_email(
    pool: &sqlx::PgPool,
    email: &str,
) -> Result<Option<String>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query_scalar!(
        "select locale from users where email = $1::text::citext",
        email
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.flatten())
}

/// Renames account `id`.
/// Whether another account (not `except`) has a name that reads like `name`: the same once case,
/// spaces and punctuation are set aside ("Camille Durand", "camille-durand", "Camille  Durand.").
pub async fn name_taken(
    pool: &sqlx::PgPool,
    name: &DisplayName,
    except: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select exists(
            select 1 from users
            where regexp_replace(lower(display_name), '[[:space:][:punct:]’‘«»“”]', '', 'g')
                = regexp_replace(lower($1), '[[:space:][:punct:]’‘«»“”]', '', 'g')
              and id is distinct from $2
        ) as "taken!"
        "#,
        name.as_str(),
        except,
    )
    .fetch_one(pool)
    .await
}

pub async fn set_display_name(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    name: &DisplayName,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        "update users set display_name = $2, updated_at = now() where id = $1",
        id,
        name.as_str()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves account `id` to `email`; [`CreateUserError::EmailTaken`] when another account has it.
pub async fn set_email(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    email: &Email,
) -> Result<(), CreateUserError> {
    // language=PostgreSQL
    let updated = sqlx::query!(
        "update users set email = $2::text, updated_at = now() where id = $1",
        id,
        email.as_str()
    )
    .execute(&mut **tx)
    .await;
    match updated {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(error)) if error.constraint() == Some("users_email_key") => {
            Err(CreateUserError::EmailTaken)
        }
        Err(error) => Err(error.into()),
    }
}

/// Sets the site role of account `id`, returning the role it had (None: no such account).
pub async fn set_role(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    role: Role,
) -> Result<Option<Role>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        update users as u set role = $2, updated_at = now()
        from (select id, role from users where id = $1 for update) as before
        where u.id = before.id
        returning before.role as "role: Role"
        "#,
        id,
        role.as_str()
    )
    .fetch_optional(&mut **tx)
    .await
}

/// Accounts whose name or e-mail contains `query` (all when empty), by name, at most `limit`.
pub async fn search(
    pool: &sqlx::PgPool,
    query: &str,
    limit: i64,
) -> Result<Vec<User>, sqlx::Error> {
    let pattern = format!(
        "%{}%",
        query
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    // language=PostgreSQL
    sqlx::query_as!(
        User,
        r#"
        select id, email::text as "email!", display_name, role as "role: Role" from users
        where display_name ilike $1 or email::text ilike $1
        order by case role when 'admin' then 0 when 'moderator' then 1 else 2 end,
                 lower(display_name), id
        limit $2
        "#,
        pattern,
        limit
    )
    .fetch_all(pool)
    .await
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
    role: Role,
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

/// One line of the audit log, with names rather than ids.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// Its position in the log.
    pub id: i64,
    /// When.
    pub at: time::OffsetDateTime,
    /// Who (none: the command line, or a deleted account).
    pub actor: Option<String>,
    /// What (`role.granted`…).
    pub action: String,
    /// About whom, if anyone.
    pub subject: Option<String>,
    /// The role concerned, if any.
    pub role: Option<String>,
}

/// The latest `limit` lines of the audit log, newest first.
pub async fn audit_log(pool: &sqlx::PgPool, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        AuditRow,
        r#"
        select a.id, a.created_at as at, a.action, actor.display_name as "actor?",
               subject.display_name as "subject?", a.details->>'role' as role
        from audit_log a
        left join users actor on actor.id = a.actor_id
        left join users subject on subject.id = a.subject_id
        order by a.id desc
        limit $1
        "#,
        limit
    )
    .fetch_all(pool)
    .await
}
