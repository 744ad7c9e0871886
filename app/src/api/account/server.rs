//! The server side of accounts: sign-up and its confirmation, sign-in, password reset, e-mail
//! change, sessions, and the account page.

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

mod settings;
pub use settings::*;

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
async fn check_ip(state: &AppState, kind: AttemptKind, ip: Option<&str>) -> Result<(), AppError> {
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
    // An address that already got its share of mails this hour gets no more: silently, so that
    // the answer stays the same (it would otherwise tell that someone keeps asking).
    let key = crate::ssr::quota::Quotas::address(to);
    if !kind.is_notice()
        && state
            .quotas
            .take(crate::ssr::quota::Action::Mail, key)
            .is_err()
    {
        return;
    }
    let (subject, body) = compose(locale, kind);
    let mail = Mail {
        to: to.to_owned(),
        subject,
        body,
    };
    // A failure is logged by the mailer; the answer stays the same so that it reveals nothing.
    let _ = state.mailer.send(mail).await;
}

/// Kept in one piece: every check of a sign-up (limits per address, validation, an address already
/// known) answers the same way so that no answer tells whether an account exists.
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
    if let Some(name) = &name
        && users::name_taken(&state.pool, name, None).await?
    {
        AppError::push_field(
            &mut errors,
            "display_name",
            ValidationCode::DisplayNameTaken,
        );
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

    // Too many failures lock the account, except from an address its owner signed in from lately:
    // whoever guesses from elsewhere cannot keep its owner out.
    let locked = attempts::recent_failures(&state.pool, email).await?
        >= state.auth.limits.failures_per_account
        && match ip.as_deref() {
            Some(ip) => !attempts::succeeded_from(&state.pool, email, ip).await?,
            None => true,
        };
    let credentials = users::credentials(&state.pool, email).await?;
    let user_id = credentials.as_ref().map(|(id, _)| *id);
    // The password is verified even when locked, so that a lock costs the same time as a wrong
    // password and the answer's timing does not reveal it.
    let verification = state
        .passwords
        .verify(secret(password.clone()), credentials.map(|(_, hash)| hash))
        .await?;
    let verification = if locked {
        Verification::Invalid
    } else {
        verification
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
/// The browser's cookie is a choice: only the language switch and this function write it.
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
    // Any other reset link sent before stops working.
    tokens::revoke_all(&mut tx, user_id, tokens::Purpose::Reset).await?;
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
    let site = &state.auth.public_url;
    send(
        &state,
        &link.email,
        request_locale(&parts),
        MailKind::PasswordChanged {
            reset: &format!("{site}/password/forgot"),
        },
    )
    .await;
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
    /// The account's password was changed (or reset): if it was not its owner, reset it.
    PasswordChanged { reset: &'a str },
    /// The account's address changed to `address` (masked); sent to the former one.
    EmailChanged { address: &'a str },
}

impl MailKind<'_> {
    /// A notice to an account's owner about their own account: always sent (the per-address limit
    /// is for the mails other people can make Atelier send).
    fn is_notice(&self) -> bool {
        matches!(
            self,
            Self::PasswordChanged { .. } | Self::EmailChanged { .. }
        )
    }
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
            td_string!(locale, mail.exists_body, link = sign_in, reset_link = reset).to_string(),
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
        MailKind::PasswordChanged { reset } => (
            td_string!(locale, mail.password_changed_subject).to_string(),
            td_string!(locale, mail.password_changed_body, reset_link = reset).to_string(),
        ),
        MailKind::EmailChanged { address } => (
            td_string!(locale, mail.email_changed_subject).to_string(),
            td_string!(locale, mail.email_changed_body, address).to_string(),
        ),
    };
    let body = format!("{body}\n\n-- \n{}\n", td_string!(locale, mail.signature));
    (subject, body)
}
