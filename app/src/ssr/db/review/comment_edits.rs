//! Editing, deleting, reporting and hiding comments.

use super::*;

/// Its author rewrites comment `id` (its passage stays): the previous wording is kept as a
/// version. `base` is the version the author edited; a comment changed since is `Stale`.
pub async fn edit_comment(
    pool: &PgPool,
    draft_id: Uuid,
    id: i64,
    author: Uuid,
    base: i32,
    source: &str,
    html: &str,
) -> Result<(), ReviewError> {
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, draft_id).await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select author_id, version, source, html, coalesce(edited_at, created_at) as "since!",
               deleted_at
        from draft_comments where id = $1 and draft_id = $2
        for update
        "#,
        id,
        draft_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    if row.author_id != Some(author) || row.deleted_at.is_some() {
        return Err(ReviewError::NotFound);
    }
    if row.version != base {
        return Err(ReviewError::Stale);
    }
    if row.source == source {
        return Ok(());
    }
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into draft_comment_versions (comment_id, version, source, html, created_at)
        values ($1, $2, $3, $4, $5)
        "#,
        id,
        row.version,
        row.source,
        row.html,
        row.since,
    )
    .execute(&mut *tx)
    .await?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update draft_comments set source = $2, html = $3, version = version + 1, edited_at = now()
        where id = $1
        "#,
        id,
        source,
        html,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Its author deletes comment `id`: its text and earlier wordings are erased; the answers stay,
/// under "deleted comment". Open reports on it are closed.
pub async fn delete_comment(
    pool: &PgPool,
    draft_id: Uuid,
    id: i64,
    author: Uuid,
) -> Result<(), ReviewError> {
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, draft_id).await?;
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        update draft_comments set source = '', html = '', deleted_at = now(),
            version = version + 1
        where id = $1 and draft_id = $2 and author_id = $3 and deleted_at is null
        returning id
        "#,
        id,
        draft_id,
        author,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    // language=PostgreSQL
    sqlx::query!(
        "delete from draft_comment_versions where comment_id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    close_reports(&mut tx, id, "dismissed", "", None).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes the open reports on a comment as `resolution` (`hidden` or `dismissed`).
async fn close_reports(
    tx: &mut Transaction<'_, Postgres>,
    comment_id: i64,
    resolution: &str,
    note: &str,
    actor: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update reports set resolution = $2, resolution_note = $3, resolved_by = $4,
            resolved_at = now()
        where comment_id = $1 and resolution is null
        "#,
        comment_id,
        resolution,
        note,
        actor,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records a report on a comment; a second open report by the same person changes nothing.
pub async fn report_comment(
    pool: &PgPool,
    comment_id: i64,
    reporter: Uuid,
    reason: &str,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into reports (comment_id, reporter_id, reason) values ($1, $2, $3)
        on conflict (comment_id, reporter_id)
            where resolution is null and comment_id is not null do nothing
        "#,
        comment_id,
        reporter,
        reason,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Hides (with a reason) or shows again a comment of thème `theme_id`, even on a closed thème or
/// a frozen draft; hiding closes the open reports on it. Its author is notified; the decision is
/// audited. Returns false when nothing changed.
pub async fn set_comment_hidden(
    pool: &PgPool,
    theme_id: Uuid,
    comment_id: i64,
    actor: Uuid,
    hide: bool,
    reason: &str,
) -> Result<bool, ReviewError> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select c.author_id, c.hidden, d.number, d.title, d.head, t.number as theme_number
        from draft_comments c join drafts d on d.id = c.draft_id join themes t on t.id = d.theme_id
        where c.id = $1 and d.theme_id = $2
        for update of c
        "#,
        comment_id,
        theme_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    let reason = reason.trim();
    if row.hidden != hide {
        // language=PostgreSQL
        sqlx::query!(
            r#"
            update draft_comments set hidden = $2,
                hidden_reason = case when $2 then $3 end,
                hidden_by = case when $2 then $4::uuid end,
                hidden_at = case when $2 then now() end
            where id = $1
            "#,
            comment_id,
            hide,
            reason,
            actor,
        )
        .execute(&mut *tx)
        .await?;
    }
    if hide {
        close_reports(&mut tx, comment_id, "hidden", reason, Some(actor)).await?;
    }
    if row.hidden == hide {
        tx.commit().await?;
        return Ok(false);
    }
    let verb = if hide {
        "comment.hidden"
    } else {
        "comment.unhidden"
    };
    let mut details = details(row.number, &row.title, row.head, reason);
    details["comment"] = json!(comment_id);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb,
            subject: row.author_id,
            details: details.clone(),
            public: false,
            audience: Audience::Subject,
        },
    )
    .await?;
    details["theme"] = json!(row.theme_number);
    crate::ssr::db::users::audit(&mut tx, Some(actor), verb, row.author_id, details).await?;
    tx.commit().await?;
    Ok(true)
}
