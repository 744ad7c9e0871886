//! Moderating discussions: pinning, locking and hiding threads, hiding posts, reports and the
//! moderation log.

use super::*;

/// What a facilitator or moderator does to a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadAction {
    Pin,
    Unpin,
    Lock,
    Unlock,
    Hide,
    Unhide,
}

impl ThreadAction {
    /// Parses the form's value.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pin" => Self::Pin,
            "unpin" => Self::Unpin,
            "lock" => Self::Lock,
            "unlock" => Self::Unlock,
            "hide" => Self::Hide,
            "unhide" => Self::Unhide,
            _ => return None,
        })
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Pin => "thread.pinned",
            Self::Unpin => "thread.unpinned",
            Self::Lock => "thread.locked",
            Self::Unlock => "thread.unlocked",
            Self::Hide => "thread.hidden",
            Self::Unhide => "thread.unhidden",
        }
    }
}

/// Pins, locks or hides a thread (or undoes it), with an optional reason, in the activity and,
/// for hiding, the audit log. Returns false when nothing changed.
///
/// Kept in one piece: one transaction per thread action (lock, check, write, log, notify); the six
/// actions differ in a line each.
pub async fn moderate_thread(
    pool: &PgPool,
    theme_id: Uuid,
    thread_id: Uuid,
    actor: Uuid,
    action: ThreadAction,
    reason: &str,
) -> Result<bool, PostError> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select t.number, t.title, t.author_id, t.pinned, t.locked, t.hidden,
               th.number as theme_number
        from threads t join themes th on th.id = t.theme_id
        where t.id = $1 and t.theme_id = $2 for update of t
        "#,
        thread_id,
        theme_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(PostError::NotFound)?;
    let (pinned, locked, hidden) = match action {
        ThreadAction::Pin => (true, row.locked, row.hidden),
        ThreadAction::Unpin => (false, row.locked, row.hidden),
        ThreadAction::Lock => (row.pinned, true, row.hidden),
        ThreadAction::Unlock => (row.pinned, false, row.hidden),
        ThreadAction::Hide => (row.pinned, row.locked, true),
        ThreadAction::Unhide => (row.pinned, row.locked, false),
    };
    if (pinned, locked, hidden) == (row.pinned, row.locked, row.hidden) {
        return Ok(false);
    }
    let reason = reason.trim();
    let hidden_reason = match action {
        ThreadAction::Hide => Some(reason),
        ThreadAction::Unhide => None,
        _ => None,
    };
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update threads set pinned = $2, locked = $3, hidden = $4,
            hidden_reason = case when $4 then $5 else null end
        where id = $1
        "#,
        thread_id,
        pinned,
        locked,
        hidden,
        hidden_reason,
    )
    .execute(&mut *tx)
    .await?;
    let mut details = details(row.number, &row.title, None);
    if !reason.is_empty() {
        details["note"] = reason.into();
    }
    let private = matches!(action, ThreadAction::Hide | ThreadAction::Unhide);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb: action.verb(),
            subject: row.author_id,
            details: details.clone(),
            public: !private,
            audience: Audience::Subject,
        },
    )
    .await?;
    if private {
        let mut details = details;
        details["theme"] = row.theme_number.into();
        users::audit(&mut tx, Some(actor), action.verb(), row.author_id, details).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Hides (with a reason) or shows again a post; resolves the open reports on it when hiding.
/// Returns false when nothing changed.
pub async fn set_post_hidden(
    pool: &PgPool,
    theme_id: Uuid,
    post_id: i64,
    actor: Uuid,
    hide: bool,
    reason: &str,
) -> Result<bool, PostError> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select p.thread_id, p.author_id, p.hidden, t.number, t.title, th.number as theme_number
        from posts p join threads t on t.id = p.thread_id join themes th on th.id = t.theme_id
        where p.id = $1 and t.theme_id = $2
        for update of p
        "#,
        post_id,
        theme_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(PostError::NotFound)?;
    let reason = reason.trim();
    if row.hidden == hide {
        // Already hidden (by another moderator, or from another report): the reports still close.
        if hide {
            resolve_reports(&mut tx, post_id, reason, actor).await?;
            tx.commit().await?;
        }
        return Ok(false);
    }
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update posts set hidden = $2,
            hidden_reason = case when $2 then $3 else null end,
            hidden_by = case when $2 then $4::uuid else null end,
            hidden_at = case when $2 then now() else null end
        where id = $1
        "#,
        post_id,
        hide,
        reason,
        actor,
    )
    .execute(&mut *tx)
    .await?;
    refresh_thread(&mut tx, row.thread_id).await?;
    let verb = if hide { "post.hidden" } else { "post.unhidden" };
    let mut details = details(row.number, &row.title, Some(post_id));
    if !reason.is_empty() {
        details["note"] = reason.into();
    }
    if hide {
        resolve_reports(&mut tx, post_id, reason, actor).await?;
    }
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
    details["theme"] = row.theme_number.into();
    users::audit(&mut tx, Some(actor), verb, row.author_id, details).await?;
    tx.commit().await?;
    Ok(true)
}

async fn resolve_reports(
    tx: &mut Transaction<'_, Postgres>,
    post_id: i64,
    note: &str,
    actor: Uuid,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update reports set resolution = 'hidden', resolution_note = $2, resolved_by = $3,
            resolved_at = now()
        where post_id = $1 and resolution is null
        "#,
        post_id,
        note,
        actor,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records a report on a post; a second open report by the same person changes nothing.
pub async fn report(
    pool: &PgPool,
    post_id: i64,
    reporter: Uuid,
    reason: &str,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into reports (post_id, reporter_id, reason) values ($1, $2, $3)
        on conflict (post_id, reporter_id) where resolution is null do nothing
        "#,
        post_id,
        reporter,
        reason,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTarget {
    /// A post of a discussion.
    Post(i64),
    /// A comment on a draft.
    Comment(i64),
}

/// One open report, with what moderators need to decide.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: i64,
    pub target: ReportTarget,
    pub theme_number: i32,
    pub theme_title: String,
    /// The thread's or the draft's number.
    pub place_number: i32,
    /// Its title.
    pub place_title: String,
    pub author: Option<String>,
    pub html: String,
    pub hidden: bool,
    pub reporter: Option<String>,
    pub reason: String,
    pub created_at: OffsetDateTime,
}

/// Open reports on posts and comments, oldest first.
pub async fn open_reports(pool: &PgPool, limit: i64) -> Result<Vec<ReportRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select r.id as "id!", r.post_id, r.comment_id, th.number as "theme_number!",
               th.title as "theme_title!", place.number as "place_number!",
               place.title as "place_title!", a.display_name as "author?", place.html as "html!",
               place.hidden as "hidden!", u.display_name as "reporter?", r.reason as "reason!",
               r.created_at as "created_at!"
        from reports r
        join lateral (
            select t.theme_id, t.number, t.title, p.html, p.hidden, p.author_id
            from posts p join threads t on t.id = p.thread_id where p.id = r.post_id
            union all
            select d.theme_id, d.number, d.title, c.html, c.hidden, c.author_id
            from draft_comments c join drafts d on d.id = c.draft_id where c.id = r.comment_id
        ) place on true
        join themes th on th.id = place.theme_id
        left join users a on a.id = place.author_id
        left join users u on u.id = r.reporter_id
        where r.resolution is null
        order by r.id
        limit $1
        "#,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let target = match (row.post_id, row.comment_id) {
                (Some(post), _) => ReportTarget::Post(post),
                (None, Some(comment)) => ReportTarget::Comment(comment),
                (None, None) => return None,
            };
            Some(ReportRow {
                id: row.id,
                target,
                theme_number: row.theme_number,
                theme_title: row.theme_title,
                place_number: row.place_number,
                place_title: row.place_title,
                author: row.author,
                html: row.html,
                hidden: row.hidden,
                reporter: row.reporter,
                reason: row.reason,
                created_at: row.created_at,
            })
        })
        .collect())
}

/// The thème and target of an open report.
pub async fn report_target(
    pool: &PgPool,
    report_id: i64,
) -> Result<Option<(Uuid, ReportTarget)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select coalesce(t.theme_id, d.theme_id) as "theme_id!", r.post_id, r.comment_id
        from reports r
        left join posts p on p.id = r.post_id
        left join threads t on t.id = p.thread_id
        left join draft_comments c on c.id = r.comment_id
        left join drafts d on d.id = c.draft_id
        where r.id = $1 and r.resolution is null
        "#,
        report_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|row| match (row.post_id, row.comment_id) {
        (Some(post), _) => Some((row.theme_id, ReportTarget::Post(post))),
        (None, Some(comment)) => Some((row.theme_id, ReportTarget::Comment(comment))),
        (None, None) => None,
    }))
}

/// Closes a report without hiding what it is about.
pub async fn dismiss_report(
    pool: &PgPool,
    report_id: i64,
    actor: Uuid,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        with resolved as (
            update reports set resolution = 'dismissed', resolution_note = $2, resolved_by = $3,
                resolved_at = now()
            where id = $1 and resolution is null
            returning post_id, comment_id
        )
        select r.post_id, r.comment_id, coalesce(p.author_id, c.author_id) as author_id,
               coalesce(t.number, d.number) as "number!", coalesce(t.title, d.title) as "title!",
               th.number as theme_number, d.head as "head?"
        from resolved r
        left join posts p on p.id = r.post_id
        left join threads t on t.id = p.thread_id
        left join draft_comments c on c.id = r.comment_id
        left join drafts d on d.id = c.draft_id
        join themes th on th.id = coalesce(t.theme_id, d.theme_id)
        "#,
        report_id,
        note,
        actor,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let mut details = match row.comment_id {
        Some(comment) => {
            let mut details = crate::ssr::db::drafts::details(
                row.number,
                &row.title,
                row.head.unwrap_or_default(),
                "",
            );
            details["comment"] = comment.into();
            details
        }
        None => details(row.number, &row.title, row.post_id),
    };
    details["theme"] = row.theme_number.into();
    details["report"] = report_id.into();
    if !note.is_empty() {
        details["note"] = note.into();
    }
    users::audit(
        &mut tx,
        Some(actor),
        "report.dismissed",
        row.author_id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// One moderation decision from the audit log.
#[derive(Debug, Clone)]
pub struct ModerationRow {
    pub action: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub details: serde_json::Value,
    pub at: OffsetDateTime,
}

/// The latest moderation decisions on discussions (hidden and shown again, reports dismissed).
pub async fn moderation_log(pool: &PgPool, limit: i64) -> Result<Vec<ModerationRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select l.action, a.display_name as "actor?", s.display_name as "subject?", l.details,
               l.created_at
        from audit_log l
        left join users a on a.id = l.actor_id
        left join users s on s.id = l.subject_id
        where l.action in ('post.hidden', 'post.unhidden', 'thread.hidden', 'thread.unhidden',
                           'comment.hidden', 'comment.unhidden', 'report.dismissed')
        order by l.id desc
        limit $1
        "#,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ModerationRow {
            action: row.action,
            actor: row.actor,
            subject: row.subject,
            details: row.details,
            at: row.created_at,
        })
        .collect())
}
