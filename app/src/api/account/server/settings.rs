//! The account page's changes: digest, name, e-mail address (confirmed by a link), password,
//! sessions.

use super::*;

pub async fn account() -> Result<AccountView, AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    let session = auth::session().await?;
    let current = session.id().map(|id| id.to_string());
    let mut sessions: Vec<SessionView> = sessions::list(&state.pool, user.id)
        .await?
        .into_iter()
        .map(|row| SessionView {
            current: Some(&row.id) == current.as_ref(),
            signed_in_at: row.signed_in_at,
            last_seen_at: row.last_seen_at,
            user_agent: row.user_agent,
        })
        .collect();
    sessions.sort_by_key(|session| !session.current);
    let follows = crate::ssr::db::themes::followed(&state.pool, user.id).await?;
    let digest = crate::ssr::db::visits::digest_on(&state.pool, user.id).await?;
    Ok(AccountView {
        id: user.id,
        follows,
        digest,
        display_name: user.display_name,
        email: user.email,
        role: user.role,
        sessions,
    })
}

pub async fn set_digest(on: bool) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    crate::ssr::db::visits::set_digest(&state.pool, user.id, on).await?;
    tracing::info!(user = %user.id, on, "daily digest set");
    Ok(())
}

pub async fn rename(display_name: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    let name =
        DisplayName::parse(display_name).map_err(|code| AppError::invalid("display_name", code))?;
    if users::name_taken(&state.pool, &name, Some(user.id)).await? {
        return Err(AppError::invalid(
            "display_name",
            ValidationCode::DisplayNameTaken,
        ));
    }
    let mut tx = state.pool.begin().await?;
    users::set_display_name(&mut tx, user.id, &name).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks the current password of `user_id` again (counted like a sign-in, so it cannot be
/// used to guess a password without the lockout).
async fn confirm_password(
    state: &AppState,
    user_id: uuid::Uuid,
    email: &str,
    password: Password,
    ip: Option<&str>,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::invalid(
            "current_password",
            ValidationCode::PasswordRequired,
        ));
    }
    let locked = attempts::recent_failures(&state.pool, email).await?
        >= state.auth.limits.failures_per_account;
    let stored = users::password_hash(&state.pool, user_id).await?;
    let verification = if locked {
        Verification::Invalid
    } else {
        state.passwords.verify(secret(password), stored).await?
    };
    let succeeded = matches!(verification, Verification::Valid { .. });
    if !succeeded {
        attempts::record(
            &state.pool,
            AttemptKind::SignIn,
            Some(email),
            Some(user_id),
            ip,
            false,
        )
        .await?;
        tracing::info!(%user_id, locked, "current password not confirmed");
        return Err(AppError::invalid(
            "current_password",
            ValidationCode::PasswordWrong,
        ));
    }
    Ok(())
}

pub async fn change_email(email: &str, current_password: Password) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let parts = request_parts()?;
    let user = current_user().await?;
    let ip = client_ip(&parts, state.auth.trust_proxy);
    let new_email = Email::parse(email).map_err(|code| AppError::invalid("email", code))?;
    if new_email.as_str().eq_ignore_ascii_case(&user.email) {
        return Err(AppError::invalid("email", ValidationCode::EmailUnchanged));
    }
    confirm_password(
        &state,
        user.id,
        &user.email,
        current_password,
        ip.as_deref(),
    )
    .await?;
    let locale = request_locale(&parts);
    let site = &state.auth.public_url;
    if users::email_exists(&state.pool, new_email.as_str()).await? {
        send(
            &state,
            new_email.as_str(),
            locale,
            MailKind::Exists {
                sign_in: &format!("{site}/login"),
                reset: &format!("{site}/password/forgot"),
            },
        )
        .await;
    } else {
        let (token, token_hash) = crate::ssr::tokens::generate();
        tokens::insert(
            &state.pool,
            &token_hash,
            tokens::Purpose::EmailChange,
            new_email.as_str(),
            Some(user.id),
            serde_json::json!({}),
            EMAIL_LINK_MINUTES,
        )
        .await?;
        send(
            &state,
            new_email.as_str(),
            locale,
            MailKind::ConfirmEmail {
                link: &format!("{site}/account/email/confirm?token={token}"),
            },
        )
        .await;
    }
    tracing::info!(user_id = %user.id, "e-mail change asked; link sent to the new address");
    Ok(())
}

pub async fn confirm_email(token: &str) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    let mut tx = state.pool.begin().await?;
    let link = tokens::redeem(
        &mut tx,
        &crate::ssr::tokens::hash(token),
        tokens::Purpose::EmailChange,
    )
    .await?;
    // The link must be used by the account that asked for it.
    let Some(link) = link.filter(|link| link.user_id == Some(user.id)) else {
        return Err(AppError::InvalidLink);
    };
    let email = Email::parse(&link.email).map_err(|_| AppError::InvalidLink)?;
    match users::set_email(&mut tx, user.id, &email).await {
        Ok(()) => {}
        Err(CreateUserError::EmailTaken) => return Err(AppError::InvalidLink),
        Err(CreateUserError::Database(error)) => return Err(error.into()),
    }
    users::audit(
        &mut tx,
        Some(user.id),
        "account.email_changed",
        Some(user.id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = %user.id, "e-mail changed");
    // The former address is told, in case someone else made the change.
    let locale = request_parts()
        .map(|parts| request_locale(&parts))
        .unwrap_or(Locale::fr);
    send(
        &state,
        &user.email,
        locale,
        MailKind::EmailChanged {
            address: &crate::ssr::membership::masked(email.as_str()),
        },
    )
    .await;
    Ok(())
}

pub async fn change_password(
    current_password: Password,
    new_password: Password,
) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let parts = request_parts()?;
    let user = current_user().await?;
    let ip = client_ip(&parts, state.auth.trust_proxy);
    let new_password = secret(new_password);
    // The new password is checked first: a typo there should not count as a failed
    // confirmation of the current one.
    passwords::check_new(
        &new_password,
        &[user.email.as_str(), user.display_name.as_str()],
    )
    .map_err(|code| AppError::invalid("new_password", code))?;
    confirm_password(
        &state,
        user.id,
        &user.email,
        current_password,
        ip.as_deref(),
    )
    .await?;
    let hash = state.passwords.hash(new_password).await?;
    let mut tx = state.pool.begin().await?;
    users::set_password_hash(&mut tx, user.id, &hash).await?;
    // A reset link asked for before no longer works.
    tokens::revoke_all(&mut tx, user.id, tokens::Purpose::Reset).await?;
    users::audit(
        &mut tx,
        Some(user.id),
        "account.password_changed",
        Some(user.id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    // A new id for this session, then every other session ends.
    let session = auth::session().await?;
    auth::start(&session, user.id, user_agent(&parts)).await?;
    let keep = session.id().map(|id| id.to_string());
    let ended = sessions::end_others(&state.pool, user.id, keep.as_deref()).await?;
    tracing::info!(user_id = %user.id, ended, "password changed; other sessions ended");
    let site = &state.auth.public_url;
    send(
        &state,
        &user.email,
        request_locale(&parts),
        MailKind::PasswordChanged {
            reset: &format!("{site}/password/forgot"),
        },
    )
    .await;
    Ok(())
}

pub async fn end_other_sessions() -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let user = current_user().await?;
    let session = auth::session().await?;
    let keep = session.id().map(|id| id.to_string());
    let ended = sessions::end_others(&state.pool, user.id, keep.as_deref()).await?;
    tracing::info!(user_id = %user.id, ended, "other sessions ended");
    Ok(())
}
