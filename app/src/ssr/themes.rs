//! Opening, editing, closing, reopening and archiving a thème (site moderators' use cases). Each
//! writes the thème, its activity and the audit line in one transaction.
//!
//! The caller (a server function) has checked who asks and validated what they sent.

use crate::{
    domain::{ThemeNumber, ThemeStatus},
    error::{AppError, ValidationCode},
    ssr::db::{
        groups::{self, Audience, Event, ThemeAccess},
        themes::{self, InsertThemeError, ThemeText},
        users::audit,
    },
};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

/// A public change of the thème by `actor`, told to its followers.
fn theme_event(
    theme_id: Uuid,
    actor: Uuid,
    verb: &'static str,
    details: serde_json::Value,
) -> Event<'static> {
    Event {
        theme_id,
        actor: Some(actor),
        verb,
        subject: None,
        details,
        public: true,
        audience: Audience::Followers,
    }
}

/// `actor` opens thème `number` in axe `axe_id`; a number already taken is a field error.
pub async fn open(
    pool: &PgPool,
    actor: Uuid,
    axe_id: Uuid,
    number: ThemeNumber,
    text: ThemeText<'_>,
) -> Result<(), AppError> {
    let theme_id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    match themes::insert(&mut tx, theme_id, axe_id, number, text, actor).await {
        Ok(()) => {}
        Err(InsertThemeError::NumberTaken) => {
            return Err(AppError::invalid(
                "number",
                ValidationCode::ThemeNumberTaken,
            ));
        }
        Err(InsertThemeError::Database(error)) => return Err(error.into()),
    }
    groups::record(
        &mut tx,
        theme_event(theme_id, actor, "theme.opened", json!({})),
    )
    .await?;
    audit(
        &mut tx,
        Some(actor),
        "theme.opened",
        None,
        json!({ "number": number.get() }),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(number = number.get(), user_id = %actor, "thème opened");
    Ok(())
}

/// `actor` rewrites the thème's title, summary, description and visibility.
pub async fn edit(
    pool: &PgPool,
    access: &ThemeAccess,
    actor: Uuid,
    text: ThemeText<'_>,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    themes::update(&mut tx, access.theme_id, text).await?;
    // Made members-only: readers who are not members stop following it.
    groups::end_unreadable_follows(&mut tx, access.theme_id).await?;
    groups::record(
        &mut tx,
        theme_event(access.theme_id, actor, "theme.edited", json!({})),
    )
    .await?;
    audit(
        &mut tx,
        Some(actor),
        "theme.edited",
        None,
        json!({ "number": access.number.get() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `actor` closes, reopens or archives the thème, with an optional note; a move to where it
/// already is changes nothing.
pub async fn set_status(
    pool: &PgPool,
    access: &ThemeAccess,
    actor: Uuid,
    status: ThemeStatus,
    note: Option<&str>,
) -> Result<(), AppError> {
    let verb = match (access.status, status) {
        (ThemeStatus::Open, ThemeStatus::Closed) => "theme.closed",
        (ThemeStatus::Closed | ThemeStatus::Archived, ThemeStatus::Open) => "theme.reopened",
        (ThemeStatus::Open | ThemeStatus::Closed, ThemeStatus::Archived) => "theme.archived",
        // Already there: nothing to do.
        _ => return Ok(()),
    };
    let mut tx = pool.begin().await?;
    themes::set_status(&mut tx, access.theme_id, status, note).await?;
    groups::record(
        &mut tx,
        theme_event(access.theme_id, actor, verb, json!({ "note": note })),
    )
    .await?;
    audit(
        &mut tx,
        Some(actor),
        verb,
        None,
        json!({ "number": access.number.get() }),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(number = access.number.get(), verb, "thème status changed");
    Ok(())
}
