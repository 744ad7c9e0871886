//! Moderating discussions: thread actions, hiding posts, reports.

use super::*;

pub async fn moderate(
    number: &str,
    thread: &str,
    action: &str,
    reason: &str,
) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = facilitator(&access)?;
    let row = load_thread(&state, &access, thread).await?;
    let action =
        ThreadAction::parse(action.trim()).ok_or_else(|| AppError::Validation(Vec::new()))?;
    let mut errors = Vec::new();
    check_reason(&mut errors, reason, action == ThreadAction::Hide);
    done(errors)?;
    discussions::moderate_thread(&state.pool, access.theme_id, row.id, actor, action, reason)
        .await?;
    Ok(())
}

pub async fn hide(
    number: &str,
    thread: &str,
    post: &str,
    action: &str,
    reason: &str,
) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = facilitator(&access)?;
    let row = load_thread(&state, &access, thread).await?;
    let post = load_post(&state, &access, &row, post).await?;
    let hide = match action.trim() {
        "hide" => true,
        "unhide" => false,
        _ => return Err(AppError::Validation(Vec::new())),
    };
    let mut errors = Vec::new();
    check_reason(&mut errors, reason, hide);
    done(errors)?;
    discussions::set_post_hidden(&state.pool, access.theme_id, post.id, actor, hide, reason)
        .await?;
    Ok(post_path(access.number.get(), row.number, post.id))
}

pub async fn report(
    number: &str,
    thread: &str,
    post: &str,
    reason: &str,
) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let reporter = access.viewer_id().ok_or(AppError::Unauthorized)?;
    let row = load_thread(&state, &access, thread).await?;
    let post = load_post(&state, &access, &row, post).await?;
    let mut errors = Vec::new();
    check_reason(&mut errors, reason, true);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Report, reporter)?;
    discussions::report(&state.pool, post.id, reporter, reason.trim()).await?;
    Ok(urls::notice(
        urls::thread(access.number, row.number),
        Done::Reported,
    ))
}

async fn site_moderator() -> Result<Uuid, AppError> {
    let user = current_user().await?;
    if matches!(user.role, Role::Moderator | Role::Admin) {
        Ok(user.id)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn reports() -> Result<ModerationView, AppError> {
    site_moderator().await?;
    let state = AppState::from_context()?;
    let rows = discussions::open_reports(&state.pool, 200).await?;
    let log = discussions::moderation_log(&state.pool, 50)
        .await?
        .into_iter()
        .map(|row| {
            let number = |key: &str| row.details.get(key).and_then(serde_json::Value::as_i64);
            let link = match (number("theme"), number("thread"), number("post")) {
                (Some(theme), Some(thread), Some(post)) => {
                    Some(post_path(theme as i32, thread as i32, post))
                }
                (Some(theme), Some(thread), None) => Some(urls::thread(theme, thread)),
                _ => match (number("theme"), number("draft"), number("comment")) {
                    (Some(theme), Some(draft), Some(comment)) => {
                        Some(format!("{}#comment-{comment}", urls::draft(theme, draft)))
                    }
                    _ => None,
                },
            };
            let text = |key: &str| {
                row.details
                    .get(key)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            };
            ModerationEntry {
                action: row.action,
                actor: row.actor,
                subject: row.subject,
                thread_title: text("title").unwrap_or_default(),
                note: text("note"),
                link,
                at: row.at,
            }
        })
        .collect();
    let reports = rows
        .into_iter()
        .map(|row| ReportView {
            id: row.id,
            comment: matches!(row.target, ReportTarget::Comment(_)),
            href: match row.target {
                ReportTarget::Post(post) => post_path(row.theme_number, row.place_number, post),
                ReportTarget::Comment(comment) => format!(
                    "{}#comment-{comment}",
                    urls::draft(row.theme_number, row.place_number)
                ),
            },
            theme: row.theme_number,
            theme_title: row.theme_title,
            place_title: row.place_title,
            author: row.author,
            html: row.html,
            hidden: row.hidden,
            reporter: row.reporter,
            reason: row.reason,
            at: row.created_at,
        })
        .collect();
    Ok(ModerationView { reports, log })
}

pub async fn resolve(report: &str, decision: &str, note: &str) -> Result<(), AppError> {
    let actor = site_moderator().await?;
    let state = AppState::from_context()?;
    let report: i64 = report.trim().parse().map_err(|_| AppError::NotFound)?;
    let mut errors = Vec::new();
    check_text(&mut errors, "note", note, false, REASON_MAX);
    done(errors)?;
    let (theme_id, target) = discussions::report_target(&state.pool, report)
        .await?
        .ok_or(AppError::invalid("report", ValidationCode::NothingPending))?;
    match decision.trim() {
        "hide" => {
            let note = note.trim();
            match target {
                ReportTarget::Post(post) => {
                    discussions::set_post_hidden(&state.pool, theme_id, post, actor, true, note)
                        .await?;
                }
                ReportTarget::Comment(comment) => {
                    crate::ssr::db::review::set_comment_hidden(
                        &state.pool,
                        theme_id,
                        comment,
                        actor,
                        true,
                        note,
                    )
                    .await
                    .map_err(|error| match error {
                        crate::ssr::db::review::ReviewError::Save(
                            crate::ssr::db::drafts::SaveError::Database(error),
                        ) => AppError::from(error),
                        _ => AppError::NotFound,
                    })?;
                }
            }
            Ok(())
        }
        "dismiss" => {
            discussions::dismiss_report(&state.pool, report, actor, note.trim()).await?;
            Ok(())
        }
        _ => Err(AppError::Validation(Vec::new())),
    }
}
