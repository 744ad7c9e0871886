//! The server side of working groups.

use super::{
    ACTIVITY_PAGE, ActivityEntry, ActivityPage, InvitationEntry, InvitationView, MemberEntry,
    MembersView, NotificationEntry, Standing, ThemeRole, Viewer,
};
use crate::{
    domain::{ThemeNumber, ThemeStatus, Visibility},
    error::{AppError, FieldError, ValidationCode},
    ssr::{
        auth::{current_user, maybe_user},
        db::{
            groups::{self, ThemeAccess},
            themes::{self, ThemeText},
        },
        markdown::to_safe_html,
        membership,
        state::AppState,
    },
};
use uuid::Uuid;

const TITLE_MAX: usize = 200;
const SUMMARY_MAX: usize = 500;
const DESCRIPTION_MAX: usize = 50_000;
const NOTE_MAX: usize = 2_000;

pub use crate::api::policy::access;

/// The caller's [`Viewer`] facts for `access`.
pub async fn viewer(access: &ThemeAccess) -> Result<Viewer, AppError> {
    Ok(Viewer {
        signed_in: access.viewer.is_some(),
        following: access.following,
        standing: access.membership.map(|(_, state)| state),
        role: access
            .membership
            .filter(|(_, state)| *state == Standing::Active)
            .map(|(role, _)| role),
        can_facilitate: access.can_facilitate(),
        can_moderate: access.is_moderator(),
    })
}

fn signed_in(access: &ThemeAccess) -> Result<Uuid, AppError> {
    access.viewer_id().ok_or(AppError::Unauthorized)
}

fn require_moderator(access: &ThemeAccess) -> Result<Uuid, AppError> {
    let id = signed_in(access)?;
    if access.is_moderator() {
        Ok(id)
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_facilitator(access: &ThemeAccess) -> Result<Uuid, AppError> {
    let id = signed_in(access)?;
    if access.can_facilitate() {
        Ok(id)
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_open(access: &ThemeAccess) -> Result<(), AppError> {
    if access.is_open() {
        Ok(())
    } else {
        Err(AppError::ThemeClosed)
    }
}

fn text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    let value = value.trim();
    crate::api::policy::check_text(errors, field, value, required, max);
    value.to_owned()
}

fn optional_note(field: &str, note: &str) -> Result<Option<String>, AppError> {
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::invalid(field, ValidationCode::TextTooLong));
    }
    Ok((!note.is_empty()).then(|| note.to_owned()))
}

fn parse_visibility(errors: &mut Vec<FieldError>, value: &str) -> Visibility {
    value.trim().parse().unwrap_or_else(|_| {
        AppError::push_field(errors, "visibility", ValidationCode::TextRequired);
        Visibility::Public
    })
}

fn theme_text<'a>(
    title: &'a str,
    summary: &'a str,
    description_md: &'a str,
    description_html: &'a str,
    visibility: Visibility,
) -> ThemeText<'a> {
    ThemeText {
        title,
        summary,
        description_md,
        description_html,
        visibility,
    }
}

fn finish_validation(errors: Vec<FieldError>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

fn parse_user_id(value: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(value.trim()).map_err(|_| AppError::NotFound)
}

pub async fn open_theme(
    axe: &str,
    number: &str,
    title: &str,
    summary: &str,
    description: &str,
    visibility: &str,
) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    if !user.role.moderates() {
        return Err(AppError::Forbidden);
    }
    let mut errors = Vec::new();
    let number_value: Option<ThemeNumber> = number.trim().parse().ok();
    if number_value.is_none() {
        AppError::push_field(&mut errors, "number", ValidationCode::ThemeNumberInvalid);
    }
    let axe_number: Option<i32> = axe.trim().parse().ok();
    let title = text(&mut errors, "title", title, true, TITLE_MAX);
    let summary = text(&mut errors, "summary", summary, true, SUMMARY_MAX);
    let description = text(
        &mut errors,
        "description",
        description,
        false,
        DESCRIPTION_MAX,
    );
    let visibility = parse_visibility(&mut errors, visibility);
    let axe_id = match axe_number {
        Some(axe_number) => themes::axe_id(&state.pool, axe_number).await?,
        None => None,
    };
    if axe_id.is_none() {
        AppError::push_field(&mut errors, "axe", ValidationCode::AxeUnknown);
    }
    finish_validation(errors)?;
    let (Some(number), Some(axe_id)) = (number_value, axe_id) else {
        return Err(AppError::Internal);
    };
    let description_html = to_safe_html(&description);
    let text = theme_text(
        &title,
        &summary,
        &description,
        &description_html,
        visibility,
    );
    crate::ssr::themes::open(&state.pool, user.id, axe_id, number, text).await
}

pub async fn edit_theme(
    number: &str,
    title: &str,
    summary: &str,
    description: &str,
    visibility: &str,
) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_moderator(&access)?;
    let mut errors = Vec::new();
    let title = text(&mut errors, "title", title, true, TITLE_MAX);
    let summary = text(&mut errors, "summary", summary, true, SUMMARY_MAX);
    let description = text(
        &mut errors,
        "description",
        description,
        false,
        DESCRIPTION_MAX,
    );
    let visibility = parse_visibility(&mut errors, visibility);
    finish_validation(errors)?;
    let description_html = to_safe_html(&description);
    let text = theme_text(
        &title,
        &summary,
        &description,
        &description_html,
        visibility,
    );
    crate::ssr::themes::edit(&state.pool, &access, actor, text).await
}

pub async fn set_status(number: &str, status: &str, note: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_moderator(&access)?;
    let status: ThemeStatus = status
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("status", ValidationCode::TextRequired))?;
    let note = optional_note("note", note)?;
    crate::ssr::themes::set_status(&state.pool, &access, actor, status, note.as_deref()).await
}

pub async fn ask_to_join(number: &str, message: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let user = signed_in(&access)?;
    require_open(&access)?;
    let message = optional_note("message", message)?;
    membership::ask_to_join(&state.pool, &access, user, message).await
}

pub async fn decide(
    number: &str,
    user_id: &str,
    accept: bool,
    reason: &str,
) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_facilitator(&access)?;
    require_open(&access)?;
    let requester = parse_user_id(user_id)?;
    let reason = optional_note("reason", reason)?;
    membership::decide(&state.pool, &access, actor, requester, accept, reason).await
}

pub async fn leave(number: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let user = signed_in(&access)?;
    require_open(&access)?;
    membership::leave(&state.pool, &access, user).await
}

pub async fn remove(number: &str, user_id: &str, reason: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_facilitator(&access)?;
    require_open(&access)?;
    let member = parse_user_id(user_id)?;
    let reason = optional_note("reason", reason)?;
    membership::remove(&state.pool, &access, actor, member, reason).await
}

pub async fn set_facilitator(
    number: &str,
    user_id: &str,
    facilitator: bool,
) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_moderator(&access)?;
    require_open(&access)?;
    let member = parse_user_id(user_id)?;
    membership::set_facilitator(&state.pool, &access, actor, member, facilitator).await
}

pub async fn invite(number: &str, email: &str, role: &str) -> Result<(), AppError> {
    use crate::domain::Email;
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_facilitator(&access)?;
    require_open(&access)?;
    let email = Email::parse(email).map_err(|code| AppError::invalid("email", code))?;
    let role = match role.trim() {
        "facilitator" if access.is_moderator() => ThemeRole::Facilitator,
        "facilitator" => return Err(AppError::Forbidden),
        _ => ThemeRole::Member,
    };
    use crate::{api::policy::quota, ssr::quota::Action};
    quota(Action::Invitation, actor)?;
    quota(Action::ThemeInvitation, access.theme_id)?;
    quota(
        Action::Mail,
        crate::ssr::quota::Quotas::address(email.as_str()),
    )?;
    membership::invite(&state, &access, actor, &email, role).await
}

pub async fn invitation(token: &str) -> Result<InvitationView, AppError> {
    let state = AppState::from_context()?;
    let viewer = maybe_user().await?;
    let mut tx = state.pool.begin().await?;
    let invitation = groups::open_invitation(&mut tx, &crate::ssr::tokens::hash(token))
        .await?
        .ok_or(AppError::InvalidLink)?;
    tx.rollback().await?;
    Ok(InvitationView {
        number: invitation.number,
        title: invitation.title,
        role: invitation.role,
        signed_in: viewer.is_some(),
        for_viewer: viewer
            .as_ref()
            .is_some_and(|viewer| membership::same_address(&viewer.email, &invitation.email)),
        sent_to: membership::masked(&invitation.email),
    })
}

pub async fn accept_invitation(token: &str) -> Result<i32, AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    membership::accept_invitation(
        &state.pool,
        user.id,
        &user.email,
        &crate::ssr::tokens::hash(token),
    )
    .await
}

pub async fn follow(number: &str, follow: bool) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let (user, theme_id) = if follow {
        let access = access(number).await?;
        (signed_in(&access)?, access.theme_id)
    } else {
        // Unfollowing works even for a thème one may no longer read.
        let user = current_user().await?;
        let number: ThemeNumber = number.trim().parse().map_err(|_| AppError::NotFound)?;
        let theme_id = themes::id_of(&state.pool, number)
            .await?
            .ok_or(AppError::NotFound)?;
        (user.id, theme_id)
    };
    let mut tx = state.pool.begin().await?;
    groups::set_follow(&mut tx, user, theme_id, follow).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn members(number: &str) -> Result<MembersView, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let viewer = viewer(&access).await?;
    let title = access.title.clone();
    let rows = groups::members(&state.pool, access.theme_id).await?;
    let entry = |row: groups::MemberRow, with_message: bool| MemberEntry {
        user_id: row.user_id,
        display_name: row.display_name,
        role: row.role,
        standing: row.state,
        message: if with_message { row.message } else { None },
        since: row.since,
    };
    let can_decide = access.can_facilitate();
    let mut members = Vec::new();
    let mut requests = Vec::new();
    for row in rows {
        match row.state {
            Standing::Active => members.push(entry(row, false)),
            Standing::Requested if can_decide => requests.push(entry(row, true)),
            _ => {}
        }
    }
    let invitations = if can_decide {
        groups::pending_invitations(&state.pool, access.theme_id)
            .await?
            .into_iter()
            .map(|row| InvitationEntry {
                email: row.email,
                role: row.role,
                expires_at: row.expires_at,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(MembersView {
        number: access.number.get(),
        title,
        status: access.status,
        members,
        requests,
        invitations,
        viewer,
    })
}

pub fn entry(row: groups::ActivityRow, include_private_details: bool) -> ActivityEntry {
    let note = row
        .details
        .get("note")
        .or_else(|| {
            if include_private_details {
                row.details.get("reason")
            } else {
                None
            }
        })
        .and_then(|value| value.as_str())
        .map(str::to_owned);
    let object = row
        .details
        .get("title")
        .and_then(|value| value.as_str())
        .map(str::to_owned);
    let link = crate::ssr::feed::link(row.theme_number, &row.verb, &row.details);
    ActivityEntry {
        id: row.id,
        theme_number: row.theme_number,
        theme_title: row.theme_title,
        actor: row.actor,
        verb: row.verb,
        subject: row.subject,
        about_you: row.about_viewer,
        object,
        link,
        note,
        at: row.at,
    }
}

pub async fn activity(number: &str, before: Option<i64>) -> Result<ActivityPage, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let title = access.title.clone();
    let private = access.can_facilitate();
    let mut rows = groups::timeline(
        &state.pool,
        access.theme_id,
        private,
        access.viewer_id(),
        before,
        ACTIVITY_PAGE + 1,
    )
    .await?;
    let older = if rows.len() as i64 > ACTIVITY_PAGE {
        rows.truncate(ACTIVITY_PAGE as usize);
        rows.last().map(|row| row.id)
    } else {
        None
    };
    Ok(ActivityPage {
        number: access.number.get(),
        title,
        entries: rows.into_iter().map(|row| entry(row, true)).collect(),
        older,
    })
}

pub async fn notifications() -> Result<Vec<NotificationEntry>, AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    Ok(groups::notifications(&state.pool, user.id, 100)
        .await?
        .into_iter()
        .map(|row| NotificationEntry {
            id: row.id,
            read: row.read,
            event: entry(row.event, true),
        })
        .collect())
}

pub async fn mark_read(id: Option<i64>) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    groups::mark_read(&state.pool, user.id, id).await?;
    Ok(())
}
