//! Belonging to a thème: asking to join, deciding, leaving, removing, naming facilitators and
//! invitations. Each use case runs in one transaction that locks the thème's row first, so the
//! rule "a group that keeps members keeps a facilitator" reads and writes in one step; each change
//! appends its activity (and notifications) in the same transaction.
//!
//! The caller (a server function) has checked who asks and parsed what they sent.

use crate::{
    domain::{
        Email, ThemeStatus,
        access::{Standing, ThemeRole},
    },
    error::{AppError, ValidationCode},
    ssr::{
        db::{
            groups::{self, Audience, Event, ThemeAccess},
            users::audit,
        },
        mail::Mail,
        state::AppState,
    },
};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

/// `user` asks to join (and follows the thème); nothing changes for a member or a pending request.
pub async fn ask_to_join(
    pool: &PgPool,
    access: &ThemeAccess,
    user: Uuid,
    message: Option<String>,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    if let Some((_, Standing::Active | Standing::Requested)) =
        groups::lock_membership(&mut tx, access.theme_id, user).await?
    {
        return Ok(());
    }
    groups::upsert_membership(
        &mut tx,
        access.theme_id,
        user,
        ThemeRole::Member,
        Standing::Requested,
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

/// `actor` accepts or refuses the pending request of `requester`; the first member of a group
/// without facilitator becomes its facilitator.
pub async fn decide(
    pool: &PgPool,
    access: &ThemeAccess,
    actor: Uuid,
    requester: Uuid,
    accept: bool,
    reason: Option<String>,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    // Only a pending request can be decided: replaying an old form changes nothing.
    match groups::lock_membership(&mut tx, access.theme_id, requester).await? {
        Some((_, Standing::Requested)) => {}
        Some(_) => return Err(AppError::invalid("user_id", ValidationCode::NothingPending)),
        None => return Err(AppError::NotFound),
    }
    if accept {
        // The first member of a group without facilitator animates it.
        let (facilitators, _) = groups::counts(&mut tx, access.theme_id).await?;
        let role = if facilitators == 0 {
            ThemeRole::Facilitator
        } else {
            ThemeRole::Member
        };
        groups::upsert_membership(
            &mut tx,
            access.theme_id,
            requester,
            role,
            Standing::Active,
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
            ThemeRole::Member,
            Standing::Refused,
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
    // Who can no longer read the thème stops following it.
    groups::end_unreadable_follows(&mut tx, access.theme_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses when `leaving` is the last facilitator of a group that keeps other members.
async fn keep_a_facilitator(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    theme_id: Uuid,
    leaving_role: ThemeRole,
) -> Result<(), AppError> {
    if leaving_role != ThemeRole::Facilitator {
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

/// `user` leaves the group, or withdraws a request; refused for the last facilitator of a group
/// that keeps members.
pub async fn leave(pool: &PgPool, access: &ThemeAccess, user: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    let role = match groups::lock_membership(&mut tx, access.theme_id, user).await? {
        Some((role, Standing::Active)) => role,
        Some((_, Standing::Requested)) => {
            // Withdrawing a request.
            groups::upsert_membership(
                &mut tx,
                access.theme_id,
                user,
                ThemeRole::Member,
                Standing::Left,
                None,
                None,
                None,
            )
            .await?;
            groups::end_unreadable_follows(&mut tx, access.theme_id).await?;
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
        Standing::Left,
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
    // Who can no longer read the thème stops following it.
    groups::end_unreadable_follows(&mut tx, access.theme_id).await?;
    tx.commit().await?;
    Ok(())
}

/// `actor` removes `member`; only a moderator removes a facilitator.
pub async fn remove(
    pool: &PgPool,
    access: &ThemeAccess,
    actor: Uuid,
    member: Uuid,
    reason: Option<String>,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    let role = match groups::lock_membership(&mut tx, access.theme_id, member).await? {
        Some((role, Standing::Active)) => role,
        _ => return Err(AppError::NotFound),
    };
    // A facilitator does not remove another facilitator; moderators may.
    if role == ThemeRole::Facilitator && !access.is_moderator() {
        return Err(AppError::Forbidden);
    }
    keep_a_facilitator(&mut tx, access.theme_id, role).await?;
    groups::upsert_membership(
        &mut tx,
        access.theme_id,
        member,
        role,
        Standing::Removed,
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
    // Who can no longer read the thème stops following it.
    groups::end_unreadable_follows(&mut tx, access.theme_id).await?;
    tx.commit().await?;
    Ok(())
}

/// `actor` (a moderator) names `member` facilitator, or makes them a member again.
pub async fn set_facilitator(
    pool: &PgPool,
    access: &ThemeAccess,
    actor: Uuid,
    member: Uuid,
    facilitator: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    groups::lock_theme(&mut tx, access.theme_id).await?;
    let role = match groups::lock_membership(&mut tx, access.theme_id, member).await? {
        Some((role, Standing::Active)) => role,
        _ => return Err(AppError::NotFound),
    };
    let new_role = if facilitator {
        ThemeRole::Facilitator
    } else {
        ThemeRole::Member
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
        Standing::Active,
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

/// `actor` invites `email` as `role`: stores the invitation (its token hashed) and mails the link,
/// in the language the invited person chose if they have an account, else in the inviter's.
pub async fn invite(
    state: &AppState,
    access: &ThemeAccess,
    actor: Uuid,
    email: &Email,
    role: ThemeRole,
) -> Result<(), AppError> {
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
    tx.commit().await?;
    let theme_title = access.title.clone();
    let inviter = access
        .viewer
        .as_ref()
        .map(|user| user.display_name.clone())
        .unwrap_or_default();
    let link = format!("{}/invitations/accept?token={token}", state.auth.public_url);
    let title = format!("{}. {theme_title}", access.number);
    // In the language the invited person chose, if they have an account; else in the
    // inviter's (who likely writes to them in it).
    let locale = match crate::ssr::db::users::locale_of_email(&state.pool, email.as_str()).await? {
        Some(code) => crate::domain::locale::from_code(&code),
        None => crate::ssr::auth::request_parts()
            .ok()
            .and_then(|parts| crate::domain::locale::cookie_locale(&parts.headers))
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

/// `user_id`, signed in with `email`, accepts the invitation whose token hashes to `token_hash`;
/// returns the thème's number. Only the account of the invited address may ([`AppError::Forbidden`]
/// for any other: a forwarded or leaked link lets nobody else in). The first member of a group
/// without facilitator becomes its facilitator.
pub async fn accept_invitation(
    pool: &PgPool,
    user_id: Uuid,
    email: &str,
    token_hash: &[u8],
) -> Result<i32, AppError> {
    let mut tx = pool.begin().await?;
    let invitation = groups::open_invitation(&mut tx, token_hash)
        .await?
        .ok_or(AppError::InvalidLink)?;
    if !same_address(&invitation.email, email) {
        tracing::warn!("an invitation was opened by another account than the invited one");
        return Err(AppError::Forbidden);
    }
    if groups::lock_theme(&mut tx, invitation.theme_id).await? != ThemeStatus::Open {
        return Err(AppError::ThemeClosed);
    }
    let current = groups::lock_membership(&mut tx, invitation.theme_id, user_id).await?;
    let (facilitators, _) = groups::counts(&mut tx, invitation.theme_id).await?;
    let role = match current {
        Some((ThemeRole::Facilitator, Standing::Active)) => ThemeRole::Facilitator,
        _ if facilitators == 0 => ThemeRole::Facilitator,
        _ => invitation.role,
    };
    let already = matches!(current, Some((existing, Standing::Active)) if existing == role);
    if !already {
        groups::upsert_membership(
            &mut tx,
            invitation.theme_id,
            user_id,
            role,
            Standing::Active,
            None,
            None,
            None,
        )
        .await?;
        groups::record(
            &mut tx,
            Event {
                theme_id: invitation.theme_id,
                actor: Some(user_id),
                verb: "member.joined",
                subject: Some(user_id),
                details: json!({ "role": role.as_str() }),
                public: true,
                audience: Audience::Followers,
            },
        )
        .await?;
    }
    groups::set_follow(&mut tx, user_id, invitation.theme_id, true).await?;
    groups::accept_invitation(&mut tx, invitation.id, user_id).await?;
    tx.commit().await?;
    Ok(invitation.number)
}

/// Whether two e-mail addresses are the same account's (addresses are compared without case, as
/// the `users.email` column does).
pub fn same_address(left: &str, right: &str) -> bool {
    left.to_lowercase() == right.to_lowercase()
}

/// `email` with its local part hidden but for its first character (`c•••@example.org`), to tell a
/// person which of their addresses an invitation was sent to without spelling it out.
pub fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}
