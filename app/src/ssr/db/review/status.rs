//! A draft's status workflow (writing, review, adopted, withdrawn) and who decides on suggestions.

use super::*;

/// Why a status change was refused.
#[derive(Debug)]
pub enum StatusError {
    /// No such draft.
    NoDraft,
    /// The thème is not open.
    Closed,
    /// Not a step of the workflow from the current status.
    NotAStep,
    /// The database failed.
    Database(sqlx::Error),
}

/// Moves a draft to status `to`, with an optional note.
pub async fn set_status(
    pool: &PgPool,
    theme_id: Uuid,
    draft_id: Uuid,
    actor: Uuid,
    to: DraftStatus,
    note: &str,
) -> Result<(), StatusError> {
    let mut tx = pool.begin().await?;
    if groups::lock_theme(&mut tx, theme_id).await? != crate::domain::ThemeStatus::Open {
        return Err(StatusError::Closed);
    }
    // language=PostgreSQL
    let draft = sqlx::query!(
        r#"
        select number, title, status as "status: DraftStatus", head
        from drafts where id = $1 for update
        "#,
        draft_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StatusError::NoDraft)?;
    if !draft.status.may_move_to(to) {
        return Err(StatusError::NotAStep);
    }
    let note = note.trim();
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update drafts set status = $2, status_note = nullif($3, ''), status_by = $4,
                          status_at = now()
        where id = $1
        "#,
        draft_id,
        to.as_str(),
        note,
        actor,
    )
    .execute(&mut *tx)
    .await?;
    let mut details = details(draft.number, &draft.title, draft.head, note);
    details["status"] = json!(to.as_str());
    details["from"] = json!(draft.status.as_str());
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb: "draft.status",
            subject: None,
            details,
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Lets the members of thème `theme_id` accept and decline suggestions (`members`), or leaves
/// that to its facilitators; a change is a public activity event. Returns false when nothing
/// changed.
pub async fn set_members_decide(
    pool: &PgPool,
    theme_id: Uuid,
    actor: Uuid,
    members: bool,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let changed = sqlx::query_scalar!(
        r#"
        update themes set members_accept_suggestions = $2
        where id = $1 and members_accept_suggestions <> $2
        returning id
        "#,
        theme_id,
        members,
    )
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if changed {
        groups::record(
            &mut tx,
            Event {
                theme_id,
                actor: Some(actor),
                verb: if members {
                    "suggestion.members_decide"
                } else {
                    "suggestion.facilitators_decide"
                },
                subject: None,
                details: json!({}),
                public: true,
                audience: Audience::Subject,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}
