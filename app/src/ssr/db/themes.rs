//! A thème's own row: opening, editing and closing it, and the few facts pages read from it.

use crate::domain::{ThemeNumber, ThemeStatus, Visibility};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// The thèmes `user_id` follows, by number, as (number, title).
pub async fn followed(pool: &PgPool, user_id: Uuid) -> Result<Vec<(i32, String)>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select t.number, t.title from follows f join themes t on t.id = f.theme_id
        where f.user_id = $1 and atelier_may_read(t.id, f.user_id) order by t.number
        "#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.number, row.title))
        .collect())
}

/// The id of thème `number`, whoever asks (for what works on a thème one may no longer read:
/// unfollowing it).
pub async fn id_of(pool: &PgPool, number: ThemeNumber) -> Result<Option<Uuid>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!("select id from themes where number = $1", number.get())
        .fetch_optional(pool)
        .await
}

/// The id of axe `number` (the first cahier's, should several share it), if any.
pub async fn axe_id(pool: &PgPool, number: i32) -> Result<Option<Uuid>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        "select id from axes where number = $1 order by created_at limit 1",
        number
    )
    .fetch_optional(pool)
    .await
}

/// What a moderator writes about a thème.
#[derive(Debug, Clone, Copy)]
pub struct ThemeText<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its one-paragraph summary.
    pub summary: &'a str,
    /// Its description, in Markdown.
    pub description_md: &'a str,
    /// The same, rendered and sanitised.
    pub description_html: &'a str,
    /// Who may read it.
    pub visibility: Visibility,
}

/// Why a thème could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum InsertThemeError {
    /// Another thème has this number.
    #[error("thème number taken")]
    NumberTaken,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Opens a thème (status `open`) in axe `axe_id`.
pub async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    axe_id: Uuid,
    number: ThemeNumber,
    text: ThemeText<'_>,
    opened_by: Uuid,
) -> Result<(), InsertThemeError> {
    // language=PostgreSQL
    let inserted = sqlx::query!(
        r#"
        insert into themes (id, axe_id, number, title, summary, description_md,
                            description_html, status, visibility, opened_by)
        values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9)
        "#,
        theme_id,
        axe_id,
        number.get(),
        text.title,
        text.summary,
        text.description_md,
        text.description_html,
        text.visibility.as_str(),
        opened_by,
    )
    .execute(&mut **tx)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(error)) if error.constraint() == Some("themes_number_key") => {
            Err(InsertThemeError::NumberTaken)
        }
        Err(error) => Err(error.into()),
    }
}

/// Rewrites a thème's title, summary, description and visibility.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    text: ThemeText<'_>,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update themes set title = $2, summary = $3, description_md = $4,
               description_html = $5, visibility = $6, updated_at = now()
        where id = $1
        "#,
        theme_id,
        text.title,
        text.summary,
        text.description_md,
        text.description_html,
        text.visibility.as_str(),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves a thème to `status`; a closing or archiving `note` replaces the last one (reopening
/// clears it).
pub async fn set_status(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    status: ThemeStatus,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update themes set status = $2,
               closing_note = case when $2 = 'open' then null else coalesce($3, closing_note) end,
               updated_at = now()
        where id = $1
        "#,
        theme_id,
        status.as_str(),
        note,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
