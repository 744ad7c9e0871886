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
    // A page view has read the count with the person (`ssr::memo`); an action has not.
    let memo = crate::ssr::memo::of(&crate::ssr::auth::request_parts()?);
    let unread = match memo.and_then(|memo| memo.unread()) {
        Some(unread) => unread,
        None => {
            let state = crate::ssr::state::AppState::from_context()?;
            crate::ssr::db::groups::unread_count(&state.pool, user.id).await?
        }
    };
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
mod server;
