//! Accounts: sign-up (confirmed by e-mail), sign-in and out, the account page, password reset.
//!
//! Every function here authenticates on the server. Answers never reveal whether an e-mail has an
//! account: sign-in failures are one generic error (same status, same work: a dummy hash is
//! verified for unknown e-mails), and sign-up, e-mail change and reset requests always answer
//! "check your e-mail" while the message itself tells the owner of the address what happened.

#[cfg(feature = "ssr")]
use crate::domain::notice::Done;
#[cfg(feature = "ssr")]
use crate::domain::urls;
use crate::{
    domain::{Password, Role},
    error::AppError,
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The signed-in person, as the header shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Their id.
    pub id: Uuid,
    /// Their name.
    pub display_name: String,
    /// Their site role.
    pub role: Role,
    /// Unread notifications.
    pub unread: i64,
}

/// What the account page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// The account's id (its contributions are at `/members/{id}`).
    pub id: uuid::Uuid,
    /// The name shown beside contributions.
    pub display_name: String,
    /// The sign-in e-mail.
    pub email: String,
    /// The site role.
    pub role: Role,
    /// Active sessions, the current one first.
    pub sessions: Vec<SessionView>,
    /// The thèmes followed: number and title.
    pub follows: Vec<(i32, String)>,
    /// Whether the daily digest of followed thèmes is sent.
    pub digest: bool,
}

/// One active session on the account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// This browser's session.
    pub current: bool,
    /// When it signed in.
    pub signed_in_at: Option<OffsetDateTime>,
    /// Its last recorded activity.
    pub last_seen_at: OffsetDateTime,
    /// The browser's description of itself.
    pub user_agent: Option<String>,
}

/// Which kind of e-mailed link a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkKind {
    /// Confirms a sign-up.
    SignUp,
    /// Resets a password.
    Reset,
    /// Confirms a new e-mail address.
    EmailChange,
}

/// The signed-in person, or `None`.
#[server(endpoint = "account/me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    let Some(user) = crate::ssr::auth::maybe_user().await? else {
        return Ok(None);
    };
    let state = crate::ssr::state::AppState::from_context()?;
    let unread = crate::ssr::db::groups::unread_count(&state.pool, user.id).await?;
    Ok(Some(Me {
        id: user.id,
        display_name: user.display_name,
        role: user.role,
        unread,
    }))
}

/// Asks for an account. Whatever the e-mail, the answer is the same ("check your e-mail"); the
/// e-mail holds a confirmation link (new address) or a note that the account exists.
#[server(endpoint = "account/sign-up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: Password,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    let result = server::sign_up(&email, &display_name, password, &next).await;
    crate::ssr::forms::finish(
        result,
        SignUp::PATH,
        &[
            ("email", &email),
            ("display_name", &display_name),
            ("next", &next),
        ],
        Some("/signup/sent"),
    )
}

/// Whether an e-mailed link is still usable (its page shows a form or a "link expired" notice).
#[server(endpoint = "account/check-link")]
pub async fn check_link(kind: LinkKind, token: String) -> Result<bool, AppError> {
    use crate::ssr::{db::tokens, state::AppState, tokens::hash};
    let state = AppState::from_context()?;
    Ok(tokens::is_valid(&state.pool, &hash(&token), server::purpose(kind)).await?)
}

/// Confirms a sign-up from its e-mailed link: creates the account and signs it in, then goes to
/// the page the sign-up started from (an invitation…) or the account page.
#[server(endpoint = "account/confirm-sign-up")]
pub async fn confirm_sign_up(token: String) -> Result<(), AppError> {
    match server::confirm_sign_up(&token).await {
        Ok(next) => {
            let target = next.unwrap_or_else(|| urls::notice(urls::account(), Done::Welcome));
            crate::ssr::forms::finish(Ok(()), ConfirmSignUp::PATH, &[], Some(&target))
        }
        Err(error) => crate::ssr::forms::finish(Err(error), ConfirmSignUp::PATH, &[], None),
    }
}

/// Signs in, then goes to `next` (a local path) or the home page.
#[server(endpoint = "account/sign-in")]
pub async fn sign_in(
    email: String,
    password: Password,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    let target = crate::ssr::forms::local_target(&next);
    let result = server::sign_in(&email, password).await;
    crate::ssr::forms::finish(
        result,
        SignIn::PATH,
        &[("email", &email), ("next", &next)],
        Some(&target),
    )
}

/// The account page's content.
#[server(endpoint = "account/get")]
pub async fn get_account() -> Result<AccountView, AppError> {
    server::account().await
}

/// Turns the daily e-mail digest of followed thèmes on (`digest` present) or off.
#[server(endpoint = "account/digest")]
pub async fn set_digest(#[server(default)] digest: String) -> Result<(), AppError> {
    let result = server::set_digest(!digest.is_empty()).await;
    crate::ssr::forms::finish(
        result,
        SetDigest::PATH,
        &[],
        Some(&urls::notice(urls::account(), Done::Digest)),
    )
}

/// Changes the display name.
#[server(endpoint = "account/rename")]
pub async fn rename(display_name: String) -> Result<(), AppError> {
    let result = server::rename(&display_name).await;
    crate::ssr::forms::finish(
        result,
        Rename::PATH,
        &[("display_name", &display_name)],
        Some(&urls::notice(urls::account(), Done::Name)),
    )
}

/// Asks to move the account to another e-mail: a link is sent to the new address.
#[server(endpoint = "account/change-email")]
pub async fn change_email(email: String, current_password: Password) -> Result<(), AppError> {
    let result = server::change_email(&email, current_password).await;
    crate::ssr::forms::finish(
        result,
        ChangeEmail::PATH,
        &[("email", &email)],
        Some(&urls::notice(urls::account(), Done::EmailSent)),
    )
}

/// Confirms a new e-mail address from its link.
#[server(endpoint = "account/confirm-email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    let result = server::confirm_email(&token).await;
    crate::ssr::forms::finish(
        result,
        ConfirmEmail::PATH,
        &[],
        Some(&urls::notice(urls::account(), Done::Email)),
    )
}

/// Changes the password (the current one is asked again) and ends every other session.
#[server(endpoint = "account/change-password")]
pub async fn change_password(
    current_password: Password,
    new_password: Password,
) -> Result<(), AppError> {
    let result = server::change_password(current_password, new_password).await;
    crate::ssr::forms::finish(
        result,
        ChangePassword::PATH,
        &[],
        Some(&urls::notice(urls::account(), Done::Password)),
    )
}

/// Ends every session of this account except the current one.
#[server(endpoint = "account/end-other-sessions")]
pub async fn end_other_sessions() -> Result<(), AppError> {
    let result = server::end_other_sessions().await;
    crate::ssr::forms::finish(
        result,
        EndOtherSessions::PATH,
        &[],
        Some(&urls::notice(urls::account(), Done::Sessions)),
    )
}

/// Asks for a password-reset link. The answer is the same whether or not the e-mail has an
/// account.
#[server(endpoint = "account/request-reset")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    let result = server::request_reset(&email).await;
    crate::ssr::forms::finish(
        result,
        RequestReset::PATH,
        &[("email", &email)],
        Some("/password/sent"),
    )
}

/// Sets a new password from a reset link; every session of the account ends.
#[server(endpoint = "account/reset-password")]
pub async fn reset_password(token: String, new_password: Password) -> Result<(), AppError> {
    let result = server::reset_password(&token, new_password).await;
    crate::ssr::forms::finish(
        result,
        ResetPassword::PATH,
        &[("token", &token)],
        Some(&urls::notice("/login", Done::Reset)),
    )
}

#[cfg(feature = "ssr")]
mod server {
    use super::{AccountView, LinkKind, SessionView};
    use crate::{
        domain::{DisplayName, Email, Password, Role},
        error::{AppError, FieldError, ValidationCode},
        i18n::Locale,
        ssr::{
            auth::{self, client_ip, current_user, request_parts, user_agent},
            db::{
                attempts::{self, AttemptKind},
                sessions, tokens,
                users::{self, CreateUserError},
            },
            mail::Mail,
            passwords::{self, Verification},
            state::AppState,
        },
    };
    use leptos::prelude::use_context;
    use leptos_i18n::Locale as _;
    use secrecy::SecretString;

    /// How long links stay valid.
    const SIGN_UP_LINK_MINUTES: i32 = 24 * 60;
    const RESET_LINK_MINUTES: i32 = 60;
    const EMAIL_LINK_MINUTES: i32 = 24 * 60;

    pub fn purpose(kind: LinkKind) -> tokens::Purpose {
        match kind {
            LinkKind::SignUp => tokens::Purpose::SignUp,
            LinkKind::Reset => tokens::Purpose::Reset,
            LinkKind::EmailChange => tokens::Purpose::EmailChange,
        }
    }

    fn secret(password: Password) -> SecretString {
        SecretString::from(password.into_inner())
    }

    /// The interface language of the request (the cookie the language switch sets), for e-mails.
    fn request_locale(parts: &http::request::Parts) -> Locale {
        crate::api::locale::cookie_locale(&parts.headers).unwrap_or(Locale::fr)
    }

    fn validation(errors: Vec<FieldError>) -> Result<(), AppError> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }

    /// Refuses when `ip` made too many attempts of `kind` lately.
    async fn check_ip(
        state: &AppState,
        kind: AttemptKind,
        ip: Option<&str>,
    ) -> Result<(), AppError> {
        let Some(ip) = ip else { return Ok(()) };
        let (limit, minutes) = match kind {
            AttemptKind::SignIn => (state.auth.limits.sign_ins_per_ip, 15),
            AttemptKind::SignUp | AttemptKind::Reset => (state.auth.limits.sign_ups_per_ip, 60),
        };
        if attempts::recent_from_ip(&state.pool, kind, ip, minutes).await? >= limit {
            tracing::warn!(ip, ?kind, "rate limit reached for this address");
            return Err(AppError::RateLimited);
        }
        Ok(())
    }

    async fn send(state: &AppState, to: &str, locale: Locale, kind: MailKind<'_>) {
        let (subject, body) = compose(locale, kind);
        let mail = Mail {
            to: to.to_owned(),
            subject,
            body,
        };
        // A failure is logged by the mailer; the answer stays the same so that it reveals nothing.
        let _ = state.mailer.send(mail).await;
    }

    pub async fn sign_up(
        email: &str,
        display_name: &str,
        password: Password,
        next: &str,
    ) -> Result<(), AppError> {
        let state = AppState::from_context()?;
        let parts = request_parts()?;
        let ip = client_ip(&parts, state.auth.trust_proxy);
        let locale = request_locale(&parts);

        let mut errors = Vec::new();
        let email = Email::parse(email)
            .map_err(|code| AppError::push_field(&mut errors, "email", code))
            .ok();
        let name = DisplayName::parse(display_name)
            .map_err(|code| AppError::push_field(&mut errors, "display_name", code))
            .ok();
        let password = secret(password);
        let context: Vec<&str> = [
            email.as_ref().map(Email::as_str),
            name.as_ref().map(DisplayName::as_str),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Err(code) = passwords::check_new(&password, &context) {
            AppError::push_field(&mut errors, "password", code);
        }
        validation(errors)?;
        let (Some(email), Some(name)) = (email, name) else {
            return Err(AppError::Internal);
        };
        check_ip(&state, AttemptKind::SignUp, ip.as_deref()).await?;

        // Hashing happens in both cases, so that both take the same time.
        let hash = state.passwords.hash(password).await?;
        let exists = users::email_exists(&state.pool, email.as_str()).await?;
        attempts::record(
            &state.pool,
            AttemptKind::SignUp,
            Some(email.as_str()),
            None,
            ip.as_deref(),
            true,
        )
        .await?;
        let site = &state.auth.public_url;
        if exists {
            tracing::info!("sign-up asked for an existing account; owner told by e-mail");
            send(
                &state,
                email.as_str(),
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
                tokens::Purpose::SignUp,
                email.as_str(),
                None,
                serde_json::json!({
                    "display_name": name.as_str(),
                    "password_hash": hash,
                    "next": (!next.trim().is_empty()).then(|| crate::ssr::forms::local_target(next)),
                    "locale": locale.as_str(),
                }),
                SIGN_UP_LINK_MINUTES,
            )
            .await?;
            tracing::info!("sign-up asked; confirmation link sent");
            send(
                &state,
                email.as_str(),
                locale,
                MailKind::ConfirmSignUp {
                    link: &format!("{site}/signup/confirm?token={token}"),
                },
            )
            .await;
        }
        Ok(())
    }

    pub async fn confirm_sign_up(token: &str) -> Result<Option<String>, AppError> {
        let state = AppState::from_context()?;
        let parts = request_parts()?;
        let mut tx = state.pool.begin().await?;
        let Some(link) = tokens::redeem(
            &mut tx,
            &crate::ssr::tokens::hash(token),
            tokens::Purpose::SignUp,
        )
        .await?
        else {
            return Err(AppError::InvalidLink);
        };
        let name = link
            .payload
            .get("display_name")
            .and_then(|value| value.as_str())
            .and_then(|value| DisplayName::parse(value).ok());
        let hash = link
            .payload
            .get("password_hash")
            .and_then(|value| value.as_str())
            .map(str::to_owned);
        let (Some(name), Some(hash), Ok(email)) = (name, hash, Email::parse(&link.email)) else {
            tracing::error!("a sign-up link carries an unusable payload");
            return Err(AppError::InvalidLink);
        };
        let id = match users::create(&mut tx, &email, &name, &hash, Role::Member).await {
            Ok(id) => id,
            // Confirmed twice through two sign-ups: the account exists; sign in instead.
            Err(CreateUserError::EmailTaken) => return Err(AppError::InvalidLink),
            Err(CreateUserError::Database(error)) => return Err(error.into()),
        };
        // The language they signed up in (the link may open in another browser).
        let locale = link
            .payload
            .get("locale")
            .and_then(|value| value.as_str())
            .map(crate::api::locale::from_code)
            .unwrap_or_else(|| request_locale(&parts));
        users::set_locale(&mut *tx, id, locale.as_str()).await?;
        users::audit(
            &mut tx,
            Some(id),
            "account.created",
            Some(id),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(user_id = %id, "account created");
        let session = auth::session().await?;
        auth::start(&session, id, user_agent(&parts)).await?;
        remember_language(&state, &parts, id).await?;
        Ok(link
            .payload
            .get("next")
            .and_then(|next| next.as_str())
            .map(crate::ssr::forms::local_target))
    }

    pub async fn sign_in(email: &str, password: Password) -> Result<(), AppError> {
        let state = AppState::from_context()?;
        let parts = request_parts()?;
        let ip = client_ip(&parts, state.auth.trust_proxy);
        let email = email.trim();
        let mut errors = Vec::new();
        if email.is_empty() {
            AppError::push_field(&mut errors, "email", ValidationCode::EmailRequired);
        }
        if password.is_empty() {
            AppError::push_field(&mut errors, "password", ValidationCode::PasswordRequired);
        }
        validation(errors)?;
        if email.chars().count() > 254 || password.len() > passwords::MAX_CHARS * 4 {
            return Err(AppError::InvalidCredentials);
        }
        check_ip(&state, AttemptKind::SignIn, ip.as_deref()).await?;

        let locked = attempts::recent_failures(&state.pool, email).await?
            >= state.auth.limits.failures_per_account;
        let credentials = users::credentials(&state.pool, email).await?;
        let user_id = credentials.as_ref().map(|(id, _)| *id);
        let verification = if locked {
            Verification::Invalid
        } else {
            state
                .passwords
                .verify(secret(password.clone()), credentials.map(|(_, hash)| hash))
                .await?
        };
        let succeeded = matches!(verification, Verification::Valid { .. });
        attempts::record(
            &state.pool,
            AttemptKind::SignIn,
            Some(email),
            user_id,
            ip.as_deref(),
            succeeded,
        )
        .await?;
        tracing::info!(
            succeeded,
            locked,
            known_account = user_id.is_some(),
            user_id = user_id.map(|id| id.to_string()),
            ip = ip.as_deref().unwrap_or("-"),
            "sign-in attempt"
        );
        let (Verification::Valid { needs_rehash }, Some(user_id)) = (verification, user_id) else {
            return Err(AppError::InvalidCredentials);
        };
        if needs_rehash {
            let hash = state.passwords.hash(secret(password)).await?;
            let mut tx = state.pool.begin().await?;
            users::set_password_hash(&mut tx, user_id, &hash).await?;
            tx.commit().await?;
            tracing::info!(%user_id, "password re-hashed with today's parameters");
        }
        let session = auth::session().await?;
        auth::start(&session, user_id, user_agent(&parts)).await?;
        remember_language(&state, &parts, user_id).await
    }

    /// After signing in: the browser takes the account's language when it has one (a choice made
    /// while signed in is kept on the account); an account that never chose takes the browser's.
    ///
    /// The browser's cookie alone cannot tell a choice from the default: the hydrated page writes
    /// it on every load.
    async fn remember_language(
        state: &AppState,
        parts: &http::request::Parts,
        user_id: uuid::Uuid,
    ) -> Result<(), AppError> {
        let browser = crate::api::locale::cookie_locale(&parts.headers);
        let account = users::locale_of(&state.pool, user_id)
            .await?
            .map(|code| crate::api::locale::from_code(&code));
        match (browser, account) {
            (browser, Some(account)) if browser != Some(account) => {
                let response = use_context::<leptos_axum::ResponseOptions>().ok_or_else(|| {
                    tracing::error!("ResponseOptions missing from the server function context");
                    AppError::Internal
                })?;
                let cookie = crate::api::locale::cookie_for(account)?;
                response.append_header(http::header::SET_COOKIE, cookie);
            }
            (Some(browser), None) => {
                users::set_locale(&state.pool, user_id, browser.as_str()).await?;
            }
            _ => {}
        }
        Ok(())
    }

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
        let name = DisplayName::parse(display_name)
            .map_err(|code| AppError::invalid("display_name", code))?;
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

    pub async fn request_reset(email: &str) -> Result<(), AppError> {
        let state = AppState::from_context()?;
        let parts = request_parts()?;
        let ip = client_ip(&parts, state.auth.trust_proxy);
        let locale = request_locale(&parts);
        let email = Email::parse(email).map_err(|code| AppError::invalid("email", code))?;
        check_ip(&state, AttemptKind::Reset, ip.as_deref()).await?;
        let account = users::credentials(&state.pool, email.as_str()).await?;
        attempts::record(
            &state.pool,
            AttemptKind::Reset,
            None,
            account.as_ref().map(|(id, _)| *id),
            ip.as_deref(),
            false,
        )
        .await?;
        let site = &state.auth.public_url;
        match account {
            Some((user_id, _)) => {
                let (token, token_hash) = crate::ssr::tokens::generate();
                tokens::insert(
                    &state.pool,
                    &token_hash,
                    tokens::Purpose::Reset,
                    email.as_str(),
                    Some(user_id),
                    serde_json::json!({}),
                    RESET_LINK_MINUTES,
                )
                .await?;
                send(
                    &state,
                    email.as_str(),
                    locale,
                    MailKind::Reset {
                        link: &format!("{site}/password/reset?token={token}"),
                    },
                )
                .await;
            }
            None => {
                send(
                    &state,
                    email.as_str(),
                    locale,
                    MailKind::NoAccount {
                        sign_up: &format!("{site}/signup"),
                    },
                )
                .await;
            }
        }
        tracing::info!("password reset asked; e-mail sent");
        Ok(())
    }

    pub async fn reset_password(token: &str, new_password: Password) -> Result<(), AppError> {
        let state = AppState::from_context()?;
        let parts = request_parts()?;
        let ip = client_ip(&parts, state.auth.trust_proxy);
        let new_password = secret(new_password);
        let token_hash = crate::ssr::tokens::hash(token);
        if !tokens::is_valid(&state.pool, &token_hash, tokens::Purpose::Reset).await? {
            return Err(AppError::InvalidLink);
        }
        passwords::check_new(&new_password, &[])
            .map_err(|code| AppError::invalid("new_password", code))?;
        let hash = state.passwords.hash(new_password).await?;
        let mut tx = state.pool.begin().await?;
        let Some(link) = tokens::redeem(&mut tx, &token_hash, tokens::Purpose::Reset).await? else {
            return Err(AppError::InvalidLink);
        };
        let Some(user_id) = link.user_id else {
            return Err(AppError::InvalidLink);
        };
        users::set_password_hash(&mut tx, user_id, &hash).await?;
        users::audit(
            &mut tx,
            Some(user_id),
            "account.password_reset",
            Some(user_id),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        // Whoever held a session (or was guessing the password) is out; the lockout is lifted.
        sessions::end_others(&state.pool, user_id, None).await?;
        attempts::record(
            &state.pool,
            AttemptKind::Reset,
            Some(&link.email),
            Some(user_id),
            ip.as_deref(),
            true,
        )
        .await?;
        tracing::info!(%user_id, "password reset; every session ended");
        Ok(())
    }

    /// The e-mails this module sends, with their links.
    #[derive(Clone, Copy)]
    enum MailKind<'a> {
        /// Confirm a new account.
        ConfirmSignUp { link: &'a str },
        /// Someone tried to use an address that has an account.
        Exists { sign_in: &'a str, reset: &'a str },
        /// Confirm a new address for an account.
        ConfirmEmail { link: &'a str },
        /// Reset a password.
        Reset { link: &'a str },
        /// A reset was asked for an address without account.
        NoAccount { sign_up: &'a str },
    }

    /// The subject and body of `kind` in `locale`, from the locale files.
    fn compose(locale: Locale, kind: MailKind<'_>) -> (String, String) {
        use crate::i18n::td_string;
        let (subject, body) = match kind {
            MailKind::ConfirmSignUp { link } => (
                td_string!(locale, mail.confirm_subject).to_string(),
                td_string!(locale, mail.confirm_body, link).to_string(),
            ),
            MailKind::Exists { sign_in, reset } => (
                td_string!(locale, mail.exists_subject).to_string(),
                td_string!(locale, mail.exists_body, link = sign_in, reset_link = reset)
                    .to_string(),
            ),
            MailKind::ConfirmEmail { link } => (
                td_string!(locale, mail.email_subject).to_string(),
                td_string!(locale, mail.email_body, link).to_string(),
            ),
            MailKind::Reset { link } => (
                td_string!(locale, mail.reset_subject).to_string(),
                td_string!(locale, mail.reset_body, link).to_string(),
            ),
            MailKind::NoAccount { sign_up } => (
                td_string!(locale, mail.reset_subject).to_string(),
                td_string!(locale, mail.no_account_body, link = sign_up).to_string(),
            ),
        };
        let body = format!("{body}\n\n-- \n{}\n", td_string!(locale, mail.signature));
        (subject, body)
    }
}
