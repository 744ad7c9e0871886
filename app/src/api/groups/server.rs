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
            groups::{self, Audience, Event, GroupRole, MemberState, ThemeAccess},
            users::audit,
        },
        markdown::to_safe_html,
        state::AppState,
    },
};
use serde_json::json;
use uuid::Uuid;

const TITLE_MAX: usize = 200;
const SUMMARY_MAX: usize = 500;
const DESCRIPTION_MAX: usize = 50_000;
const NOTE_MAX: usize = 2_000;

pub use crate::api::policy::access;

/// The caller's [`Viewer`] facts for `access`.
pub async fn viewer(access: &ThemeAccess) -> Result<Viewer, AppError> {
    let state = AppState::from_context()?;
    let following = match access.viewer_id() {
        Some(id) => groups::follows(&state.pool, id, access.theme_id).await?,
        None => false,
    };
    Ok(Viewer {
        signed_in: access.viewer.is_some(),
        following,
        standing: access.membership.map(|(_, state)| standing(state)),
        role: access
            .membership
            .filter(|(_, state)| *state == MemberState::Active)
            .map(|(role, _)| theme_role(role)),
        can_facilitate: access.can_facilitate(),
        can_moderate: access.is_moderator(),
    })
}

fn standing(state: MemberState) -> Standing {
    match state {
        MemberState::Requested => Standing::Requested,
        MemberState::Active => Standing::Active,
        MemberState::Refused => Standing::Refused,
        MemberState::Left => Standing::Left,
        MemberState::Removed => Standing::Removed,
    }
}

fn theme_role(role: GroupRole) -> ThemeRole {
    match role {
        GroupRole::Member => ThemeRole::Member,
        GroupRole::Facilitator => ThemeRole::Facilitator,
    }
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
    if !user.role.to_api().moderates() {
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
    // language=PostgreSQL
    let axe_id = match axe_number {
        Some(axe_number) => {
            sqlx::query_scalar!(
                "select id from axes where number = $1 order by created_at limit 1",
                axe_number
            )
            .fetch_optional(&state.pool)
            .await?
        }
        None => None,
    };
    if axe_id.is_none() {
        AppError::push_field(&mut errors, "axe", ValidationCode::AxeUnknown);
    }
    finish_validation(errors)?;
    let (Some(number), Some(axe_id)) = (number_value, axe_id) else {
        return Err(AppError::Internal);
    };
    let theme_id = Uuid::new_v4();
    let mut tx = state.pool.begin().await?;
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
        title,
        summary,
        description,
        to_safe_html(&description),
        visibility.as_str(),
        user.id,
    )
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(sqlx::Error::Database(error)) if error.constraint() == Some("themes_number_key") => {
            return Err(AppError::invalid(
                "number",
                ValidationCode::ThemeNumberTaken,
            ));
        }
        Err(error) => return Err(error.into()),
    }
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(user.id),
            verb: "theme.opened",
            subject: None,
            details: json!({}),
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    audit(
        &mut tx,
        Some(user.id),
        "theme.opened",
        None,
        json!({ "number": number.get() }),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(number = number.get(), user_id = %user.id, "thème opened");
    Ok(())
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
    let mut tx = state.pool.begin().await?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update themes set title = $2, summary = $3, description_md = $4,
               description_html = $5, visibility = $6, updated_at = now()
        where id = $1
        "#,
        access.theme_id,
        title,
        summary,
        description,
        to_safe_html(&description),
        visibility.as_str(),
    )
    .execute(&mut *tx)
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id: access.theme_id,
            actor: Some(actor),
            verb: "theme.edited",
            subject: None,
            details: json!({}),
            public: true,
            audience: Audience::Followers,
        },
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

pub async fn set_status(number: &str, status: &str, note: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_moderator(&access)?;
    let status: ThemeStatus = status
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("status", ValidationCode::TextRequired))?;
    let note = optional_note("note", note)?;
    let verb = match (access.status, status) {
        (ThemeStatus::Open, ThemeStatus::Closed) => "theme.closed",
        (ThemeStatus::Closed | ThemeStatus::Archived, ThemeStatus::Open) => "theme.reopened",
        (ThemeStatus::Open | ThemeStatus::Closed, ThemeStatus::Archived) => "theme.archived",
        // Already there: nothing to do.
        _ => return Ok(()),
    };
    let mut tx = state.pool.begin().await?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update themes set status = $2,
               closing_note = case when $2 = 'open' then null else coalesce($3, closing_note) end,
               updated_at = now()
        where id = $1
        "#,
        access.theme_id,
        status.as_str(),
        note,
    )
    .execute(&mut *tx)
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id: access.theme_id,
            actor: Some(actor),
            verb,
            subject: None,
            details: json!({ "note": note }),
            public: true,
            audience: Audience::Followers,
        },
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

pub async fn ask_to_join(number: &str, message: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let user = signed_in(&access)?;
    require_open(&access)?;
    let message = optional_note("message", message)?;
    let mut tx = state.pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    if let Some((_, MemberState::Active | MemberState::Requested)) =
        groups::lock_membership(&mut tx, access.theme_id, user).await?
    {
        return Ok(());
    }
    groups::upsert_membership(
        &mut tx,
        access.theme_id,
        user,
        GroupRole::Member,
        "requested",
        message.as_deref(),
        None,
        None,
    )
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id: access.theme_id,
            actor: Some(user),
            verb: "join.requested",
            subject: Some(user),
            details: json!({}),
            public: false,
            audience: Audience::Facilitators,
        },
    )
    .await?;
    groups::set_follow(&mut tx, user, access.theme_id, true).await?;
    tx.commit().await?;
    Ok(())
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
    let mut tx = state.pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    // Only a pending request can be decided: replaying an old form changes nothing.
    match groups::lock_membership(&mut tx, access.theme_id, requester).await? {
        Some((_, MemberState::Requested)) => {}
        Some(_) => return Err(AppError::invalid("user_id", ValidationCode::NothingPending)),
        None => return Err(AppError::NotFound),
    }
    if accept {
        // The first member of a group without facilitator animates it.
        let (facilitators, _) = groups::counts(&mut tx, access.theme_id).await?;
        let role = if facilitators == 0 {
            GroupRole::Facilitator
        } else {
            GroupRole::Member
        };
        groups::upsert_membership(
            &mut tx,
            access.theme_id,
            requester,
            role,
            "active",
            None,
            None,
            Some(actor),
        )
        .await?;
        groups::record(
            &mut tx,
            Event {
                theme_id: access.theme_id,
                actor: Some(actor),
                verb: "join.accepted",
                subject: Some(requester),
                details: json!({ "role": role.as_str() }),
                public: true,
                audience: Audience::Followers,
            },
        )
        .await?;
    } else {
        groups::upsert_membership(
            &mut tx,
            access.theme_id,
            requester,
            GroupRole::Member,
            "refused",
            None,
            reason.as_deref(),
            Some(actor),
        )
        .await?;
        groups::record(
            &mut tx,
            Event {
                theme_id: access.theme_id,
                actor: Some(actor),
                verb: "join.refused",
                subject: Some(requester),
                details: json!({ "reason": reason }),
                public: false,
                audience: Audience::Subject,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Refuses when `leaving` is the last facilitator of a group that keeps other members.
async fn keep_a_facilitator(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    theme_id: Uuid,
    leaving_role: GroupRole,
) -> Result<(), AppError> {
    if leaving_role != GroupRole::Facilitator {
        return Ok(());
    }
    let (facilitators, members) = groups::counts(tx, theme_id).await?;
    if facilitators <= 1 && members > 1 {
        return Err(AppError::invalid(
            "user_id",
            ValidationCode::LastFacilitator,
        ));
    }
    Ok(())
}

pub async fn leave(number: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let user = signed_in(&access)?;
    require_open(&access)?;
    let mut tx = state.pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    let role = match groups::lock_membership(&mut tx, access.theme_id, user).await? {
        Some((role, MemberState::Active)) => role,
        Some((_, MemberState::Requested)) => {
            // Withdrawing a request.
            groups::upsert_membership(
                &mut tx,
                access.theme_id,
                user,
                GroupRole::Member,
                "left",
                None,
                None,
                None,
            )
            .await?;
            tx.commit().await?;
            return Ok(());
        }
        _ => return Ok(()),
    };
    keep_a_facilitator(&mut tx, access.theme_id, role).await?;
    groups::upsert_membership(
        &mut tx,
        access.theme_id,
        user,
        role,
        "left",
        None,
        None,
        None,
    )
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id: access.theme_id,
            actor: Some(user),
            verb: "member.left",
            subject: Some(user),
            details: json!({}),
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove(number: &str, user_id: &str, reason: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_facilitator(&access)?;
    require_open(&access)?;
    let member = parse_user_id(user_id)?;
    let reason = optional_note("reason", reason)?;
    let mut tx = state.pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    let role = match groups::lock_membership(&mut tx, access.theme_id, member).await? {
        Some((role, MemberState::Active)) => role,
        _ => return Err(AppError::NotFound),
    };
    // A facilitator does not remove another facilitator; moderators may.
    if role == GroupRole::Facilitator && !access.is_moderator() {
        return Err(AppError::Forbidden);
    }
    keep_a_facilitator(&mut tx, access.theme_id, role).await?;
    groups::upsert_membership(
        &mut tx,
        access.theme_id,
        member,
        role,
        "removed",
        None,
        reason.as_deref(),
        Some(actor),
    )
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id: access.theme_id,
            actor: Some(actor),
            verb: "member.removed",
            subject: Some(member),
            details: json!({ "reason": reason }),
            public: false,
            audience: Audience::Subject,
        },
    )
    .await?;
    audit(
        &mut tx,
        Some(actor),
        "member.removed",
        Some(member),
        json!({ "number": access.number.get(), "reason": reason }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
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
    let mut tx = state.pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    let role = match groups::lock_membership(&mut tx, access.theme_id, member).await? {
        Some((role, MemberState::Active)) => role,
        _ => return Err(AppError::NotFound),
    };
    let new_role = if facilitator {
        GroupRole::Facilitator
    } else {
        GroupRole::Member
    };
    if role == new_role {
        return Ok(());
    }
    if !facilitator {
        keep_a_facilitator(&mut tx, access.theme_id, role).await?;
    }
    groups::upsert_membership(
        &mut tx,
        access.theme_id,
        member,
        new_role,
        "active",
        None,
        None,
        Some(actor),
    )
    .await?;
    let verb = if facilitator {
        "facilitator.named"
    } else {
        "facilitator.unnamed"
    };
    groups::record(
        &mut tx,
        Event {
            theme_id: access.theme_id,
            actor: Some(actor),
            verb,
            subject: Some(member),
            details: json!({}),
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    audit(
        &mut tx,
        Some(actor),
        verb,
        Some(member),
        json!({ "number": access.number.get() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How long an invitation link works.
const INVITATION_DAYS: i32 = 14;

pub async fn invite(number: &str, email: &str, role: &str) -> Result<(), AppError> {
    use crate::{domain::Email, ssr::mail::Mail};
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let actor = require_facilitator(&access)?;
    require_open(&access)?;
    let email = Email::parse(email).map_err(|code| AppError::invalid("email", code))?;
    let role = match role.trim() {
        "facilitator" if access.is_moderator() => GroupRole::Facilitator,
        "facilitator" => return Err(AppError::Forbidden),
        _ => GroupRole::Member,
    };
    let (token, token_hash) = crate::ssr::tokens::generate();
    let mut tx = state.pool.begin().await?;
    groups::insert_invitation(
        &mut tx,
        access.theme_id,
        email.as_str(),
        role,
        &token_hash,
        actor,
        INVITATION_DAYS,
    )
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id: access.theme_id,
            actor: Some(actor),
            verb: "member.invited",
            subject: None,
            details: json!({ "role": role.as_str() }),
            public: false,
            audience: Audience::Facilitators,
        },
    )
    .await?;
    // language=PostgreSQL
    let theme = sqlx::query!(
        "select number, title from themes where id = $1",
        access.theme_id
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let inviter = access
        .viewer
        .as_ref()
        .map(|user| user.display_name.clone())
        .unwrap_or_default();
    let link = format!("{}/invitations/accept?token={token}", state.auth.public_url);
    let title = format!("{}. {}", theme.number, theme.title);
    // In the language the invited person chose, if they have an account; else in the
    // inviter's (who likely writes to them in it).
    let locale = match crate::ssr::db::users::locale_of_email(&state.pool, email.as_str()).await? {
        Some(code) => crate::api::locale::from_code(&code),
        None => crate::ssr::auth::request_parts()
            .ok()
            .and_then(|parts| crate::api::locale::cookie_locale(&parts.headers))
            .unwrap_or(crate::i18n::Locale::fr),
    };
    use crate::i18n::td_string;
    let mail = Mail {
        to: email.as_str().to_owned(),
        subject: td_string!(locale, mail.invite_subject, title = title.clone()).to_string(),
        body: format!(
            "{}\n\n-- \n{}\n",
            td_string!(locale, mail.invite_body, inviter, title, link),
            td_string!(locale, mail.signature)
        ),
    };
    let _ = state.mailer.send(mail).await;
    tracing::info!(number = access.number.get(), "invitation sent");
    Ok(())
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
        role: theme_role(invitation.role),
        signed_in: viewer.is_some(),
    })
}

pub async fn accept_invitation(token: &str) -> Result<i32, AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    let mut tx = state.pool.begin().await?;
    let invitation = groups::open_invitation(&mut tx, &crate::ssr::tokens::hash(token))
        .await?
        .ok_or(AppError::InvalidLink)?;
    if groups::lock_theme(&mut tx, invitation.theme_id).await? != ThemeStatus::Open {
        return Err(AppError::ThemeClosed);
    }
    let current = groups::lock_membership(&mut tx, invitation.theme_id, user.id).await?;
    let (facilitators, _) = groups::counts(&mut tx, invitation.theme_id).await?;
    let role = match current {
        Some((GroupRole::Facilitator, MemberState::Active)) => GroupRole::Facilitator,
        _ if facilitators == 0 => GroupRole::Facilitator,
        _ => invitation.role,
    };
    let already = matches!(current, Some((existing, MemberState::Active)) if existing == role);
    if !already {
        groups::upsert_membership(
            &mut tx,
            invitation.theme_id,
            user.id,
            role,
            "active",
            None,
            None,
            None,
        )
        .await?;
        groups::record(
            &mut tx,
            Event {
                theme_id: invitation.theme_id,
                actor: Some(user.id),
                verb: "member.joined",
                subject: Some(user.id),
                details: json!({ "role": role.as_str() }),
                public: true,
                audience: Audience::Followers,
            },
        )
        .await?;
    }
    groups::set_follow(&mut tx, user.id, invitation.theme_id, true).await?;
    groups::accept_invitation(&mut tx, invitation.id, user.id).await?;
    tx.commit().await?;
    Ok(invitation.number)
}

pub async fn follow(number: &str, follow: bool) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let user = signed_in(&access)?;
    let mut tx = state.pool.begin().await?;
    groups::set_follow(&mut tx, user, access.theme_id, follow).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn members(number: &str) -> Result<MembersView, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let viewer = viewer(&access).await?;
    // language=PostgreSQL
    let theme = sqlx::query!(
        "select number, title from themes where id = $1",
        access.theme_id
    )
    .fetch_one(&state.pool)
    .await?;
    let rows = groups::members(&state.pool, access.theme_id).await?;
    let entry = |row: groups::MemberRow, with_message: bool| MemberEntry {
        user_id: row.user_id,
        display_name: row.display_name,
        role: theme_role(row.role),
        standing: standing(row.state),
        message: if with_message { row.message } else { None },
        since: row.since,
    };
    let can_decide = access.can_facilitate();
    let mut members = Vec::new();
    let mut requests = Vec::new();
    for row in rows {
        match row.state {
            MemberState::Active => members.push(entry(row, false)),
            MemberState::Requested if can_decide => requests.push(entry(row, true)),
            _ => {}
        }
    }
    let invitations = if can_decide {
        groups::pending_invitations(&state.pool, access.theme_id)
            .await?
            .into_iter()
            .map(|row| InvitationEntry {
                email: row.email,
                role: theme_role(row.role),
                expires_at: row.expires_at,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(MembersView {
        number: theme.number,
        title: theme.title,
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
        object,
        link,
        note,
        at: row.at,
    }
}

pub async fn activity(number: &str, before: Option<i64>) -> Result<ActivityPage, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    // language=PostgreSQL
    let theme = sqlx::query!(
        "select number, title from themes where id = $1",
        access.theme_id
    )
    .fetch_one(&state.pool)
    .await?;
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
        number: theme.number,
        title: theme.title,
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
