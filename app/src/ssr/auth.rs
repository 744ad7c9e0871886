//! Who is asking: the `CurrentUser` / `MaybeUser` extractors and the session's sign-in state.
//!
//! The same extractors serve axum handlers (as arguments) and server functions (through
//! [`current_user`] and [`maybe_user`], which run them on the request's parts). A session is
//! signed in when it holds a user id; it ends after [`IDLE_TIMEOUT`] without activity (the store's
//! expiry, pushed forward at most every few minutes) and at the latest [`ABSOLUTE_LIFETIME`] after
//! sign-in, whatever the activity.
//!
//! [`IDLE_TIMEOUT`]: crate::ssr::sessions::IDLE_TIMEOUT

use crate::{
    domain::Role,
    error::AppError,
    ssr::{
        db::users::{self, User},
        sessions::USER_ID_KEY,
        state::AppState,
    },
};
use axum::extract::{FromRef, FromRequestParts};
use http::request::Parts;
use std::time::Duration;
use time::OffsetDateTime;
use tower_sessions::Session;
use uuid::Uuid;

/// The longest a sign-in lasts, active or not.
pub const ABSOLUTE_LIFETIME: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// Activity is recorded (and the idle expiry pushed back) at most this often.
const ACTIVITY_RESOLUTION_SECS: i64 = 5 * 60;

const SIGNED_IN_AT_KEY: &str = "signed_in_at";
const SEEN_AT_KEY: &str = "seen_at";
const USER_AGENT_KEY: &str = "user_agent";

/// The signed-in person; requests without one are refused with [`AppError::Unauthorized`].
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// The signed-in person, if any.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<User>);

impl<S> FromRequestParts<S> for MaybeUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let session = session_of(parts).await?;
        match crate::ssr::memo::of(parts) {
            Some(memo) => {
                let viewer = memo
                    .viewer(|| async {
                        signed_in_user(&state, &session, Lookup::WithUnread)
                            .await
                            .map(|found| found.map(|(user, unread)| (user, unread.unwrap_or(0))))
                    })
                    .await?;
                Ok(Self(viewer.map(|(user, _)| user)))
            }
            None => Ok(Self(
                signed_in_user(&state, &session, Lookup::Person)
                    .await?
                    .map(|(user, _)| user),
            )),
        }
    }
}

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        user.map(Self).ok_or(AppError::Unauthorized)
    }
}

async fn session_of(parts: &mut Parts) -> Result<Session, AppError> {
    Session::from_request_parts(parts, &()).await.map_err(|_| {
        tracing::error!("the session layer is missing in front of this route");
        AppError::Internal
    })
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store error");
    AppError::Internal
}

/// What [`signed_in_user`] reads with the person.
#[derive(Clone, Copy)]
enum Lookup {
    /// The person only.
    Person,
    /// The person and their unread notifications, in the same statement.
    WithUnread,
}

/// The person signed in on `session` (with their unread notifications when asked), ending the
/// session when its sign-in is too old or its account is gone.
async fn signed_in_user(
    state: &AppState,
    session: &Session,
    lookup: Lookup,
) -> Result<Option<(User, Option<i64>)>, AppError> {
    let Some(user_id) = session
        .get::<Uuid>(USER_ID_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let signed_in_at = session
        .get::<i64>(SIGNED_IN_AT_KEY)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let lifetime = i64::try_from(ABSOLUTE_LIFETIME.as_secs()).unwrap_or(i64::MAX);
    if now.saturating_sub(signed_in_at) > lifetime {
        tracing::info!(%user_id, "sign-in reached its absolute lifetime; session ended");
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    }
    let found = match lookup {
        Lookup::Person => users::find(&state.pool, user_id)
            .await?
            .map(|user| (user, None)),
        Lookup::WithUnread => users::find_with_unread(&state.pool, user_id)
            .await?
            .map(|(user, unread)| (user, Some(unread))),
    };
    let Some(found) = found else {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    };
    let seen_at = session
        .get::<i64>(SEEN_AT_KEY)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    if now.saturating_sub(seen_at) >= ACTIVITY_RESOLUTION_SECS {
        // Modifying the session makes the layer save it, which pushes its idle expiry back.
        session
            .insert(SEEN_AT_KEY, now)
            .await
            .map_err(session_error)?;
    }
    Ok(Some(found))
}

/// Signs `user_id` in on `session`: a new session id (the old one stops working), then the
/// sign-in time and the browser's description for the sessions list.
pub async fn start(
    session: &Session,
    user_id: Uuid,
    user_agent: Option<&str>,
) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    session
        .insert(USER_ID_KEY, user_id)
        .await
        .map_err(session_error)?;
    session
        .insert(SIGNED_IN_AT_KEY, now)
        .await
        .map_err(session_error)?;
    session
        .insert(SEEN_AT_KEY, now)
        .await
        .map_err(session_error)?;
    let agent: Option<String> = user_agent.map(|agent| agent.chars().take(200).collect());
    session
        .insert(USER_AGENT_KEY, agent)
        .await
        .map_err(session_error)?;
    // Saved now rather than after the response, so the new id is in the store before the
    // browser can use it.
    session.save().await.map_err(session_error)
}

/// Signs out: the session is deleted from the store and the cookie cleared.
pub async fn end(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// The request's parts, from the server function's context.
pub fn request_parts() -> Result<Parts, AppError> {
    leptos::prelude::use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the server function context");
        AppError::Internal
    })
}

/// The request's session, in a server function.
pub async fn session() -> Result<Session, AppError> {
    session_of(&mut request_parts()?).await
}

/// The signed-in person, if any, in a server function.
pub async fn maybe_user() -> Result<Option<User>, AppError> {
    let state = AppState::from_context()?;
    let MaybeUser(user) = MaybeUser::from_request_parts(&mut request_parts()?, &state).await?;
    Ok(user)
}

/// The signed-in person, in a server function; [`AppError::Unauthorized`] when nobody is.
pub async fn current_user() -> Result<User, AppError> {
    maybe_user().await?.ok_or(AppError::Unauthorized)
}

/// The signed-in person when they are an admin; [`AppError::Forbidden`] otherwise.
pub async fn current_admin() -> Result<User, AppError> {
    let user = current_user().await?;
    if user.role == Role::Admin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` entry when Atelier is
/// told it sits behind a trusted proxy.
pub fn client_ip(parts: &Parts, trust_proxy: bool) -> Option<String> {
    if trust_proxy
        && let Some(forwarded) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .map(str::trim)
            .and_then(|value| value.parse::<std::net::IpAddr>().ok())
    {
        return Some(forwarded.to_string());
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
}

/// The browser's description of itself.
pub fn user_agent(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
}
