//! The event streams (server-sent events): a thread's new posts and a person's unread count.
//!
//! Each stream waits on the wake-ups of [`Live`](crate::ssr::live::Live) and reads the rows
//! itself, with its reader's rights, after the last id it sent.

use crate::{
    domain::ThemeNumber,
    error::AppError,
    ssr::{
        auth::MaybeUser,
        db::{
            discussions,
            groups::{self, ThemeAccess},
        },
        state::AppState,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::HeaderMap,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use futures::stream::{self, Stream};
use sqlx::PgPool;
use std::{collections::VecDeque, convert::Infallible, time::Duration};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use crate::ssr::live::Wake;

/// The query of a thread's event stream.
#[derive(Debug, serde::Deserialize)]
pub struct StreamQuery {
    /// Send the posts after this id first (the page's newest post). `Last-Event-ID`, sent by a
    /// reconnecting browser, wins over it.
    after: Option<i64>,
}

fn last_event_id(headers: &HeaderMap) -> Option<i64> {
    headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
}

struct ThreadStream {
    pool: PgPool,
    thread: Uuid,
    moderator: bool,
    last: i64,
    pending: VecDeque<i64>,
    wakes: broadcast::Receiver<Wake>,
    stopping: watch::Receiver<bool>,
}

/// `GET /themes/{number}/discussions/{thread}/events`: one `post` event (id and data: the post's
/// id) for every post added to the thread, starting after `Last-Event-ID` or `?after=`.
pub async fn thread_events(
    State(state): State<AppState>,
    MaybeUser(viewer): MaybeUser,
    Path((number, thread)): Path<(String, String)>,
    Query(query): Query<StreamQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let number: ThemeNumber = number.parse().map_err(|_| AppError::NotFound)?;
    let thread: i32 = thread.parse().map_err(|_| AppError::NotFound)?;
    let access = ThemeAccess::load(&state.pool, number, viewer)
        .await?
        .filter(ThemeAccess::can_read)
        .ok_or(AppError::NotFound)?;
    let moderator = access.can_facilitate();
    let row = discussions::thread(&state.pool, access.theme_id, thread, moderator)
        .await?
        .ok_or(AppError::NotFound)?;
    let last = match last_event_id(&headers).or(query.after) {
        Some(last) => last,
        None => discussions::last_post_id(&state.pool, row.id).await?,
    };
    let (wakes, stopping) = state.live.subscribe();
    let start = ThreadStream {
        pool: state.pool.clone(),
        thread: row.id,
        moderator,
        last,
        pending: VecDeque::new(),
        wakes,
        stopping,
    };
    let events = stream::unfold(start, |mut st| async move {
        loop {
            if let Some(id) = st.pending.pop_front() {
                let event = Event::default()
                    .event("post")
                    .id(id.to_string())
                    .data(id.to_string());
                return Some((Ok::<_, Infallible>(event), st));
            }
            match discussions::post_ids_after(&st.pool, st.thread, st.moderator, st.last).await {
                Ok(ids) if !ids.is_empty() => {
                    st.last = *ids.last().unwrap_or(&st.last);
                    st.pending.extend(ids);
                    continue;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "live updates: reading posts failed");
                    return None;
                }
            }
            if !wait(&mut st.wakes, &mut st.stopping, |wake| {
                wake == Wake::Post(st.thread)
            })
            .await
            {
                return None;
            }
        }
    });
    Ok(sse(events))
}

/// Waits for a wake-up that `concerns` the stream (or a resync); false when the stream must end.
async fn wait(
    wakes: &mut broadcast::Receiver<Wake>,
    stopping: &mut watch::Receiver<bool>,
    concerns: impl Fn(Wake) -> bool,
) -> bool {
    loop {
        if *stopping.borrow() {
            return false;
        }
        tokio::select! {
            wake = wakes.recv() => match wake {
                Ok(Wake::Resync) | Err(broadcast::error::RecvError::Lagged(_)) => return true,
                Ok(wake) if concerns(wake) => return true,
                Ok(_) => {}
                Err(broadcast::error::RecvError::Closed) => return false,
            },
            _ = stopping.changed() => return false,
        }
    }
}

fn sse<S>(events: S) -> Response
where
    S: Stream<Item = Result<Event, Infallible>> + Send + 'static,
{
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response();
    // Proxies must not buffer the stream.
    response
        .headers_mut()
        .insert("x-accel-buffering", http::HeaderValue::from_static("no"));
    response
}

struct UnreadStream {
    pool: PgPool,
    user: Uuid,
    sent: Option<i64>,
    wakes: broadcast::Receiver<Wake>,
    stopping: watch::Receiver<bool>,
}

/// `GET /events`: the signed-in person's unread notification count, as an `unread` event now and
/// whenever it changes. 401 when signed out (the browser then stops asking).
pub async fn unread_events(
    State(state): State<AppState>,
    MaybeUser(viewer): MaybeUser,
) -> Result<Response, AppError> {
    let user = viewer.ok_or(AppError::Unauthorized)?;
    let (wakes, stopping) = state.live.subscribe();
    let start = UnreadStream {
        pool: state.pool.clone(),
        user: user.id,
        sent: None,
        wakes,
        stopping,
    };
    let events = stream::unfold(start, |mut st| async move {
        loop {
            match groups::unread_count(&st.pool, st.user).await {
                Ok(count) if st.sent != Some(count) => {
                    st.sent = Some(count);
                    let event = Event::default().event("unread").data(count.to_string());
                    return Some((Ok::<_, Infallible>(event), st));
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "live updates: reading the unread count failed");
                    return None;
                }
            }
            let user = st.user;
            if !wait(&mut st.wakes, &mut st.stopping, |wake| {
                wake == Wake::Unread(user)
            })
            .await
            {
                return None;
            }
        }
    });
    Ok(sse(events))
}
