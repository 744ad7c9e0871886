//! Live updates: server-sent events fed by Postgres `LISTEN/NOTIFY`.
//!
//! Triggers (see the discussions migration) announce a new post as `thread-id post-id` on
//! `atelier_posts` and a changed notification as `user-id` on `atelier_unread`. One listener per
//! process turns them into wake-ups on a broadcast channel; each event stream then reads the rows
//! itself, with its reader's rights, after the last id it sent. Notifications carry ids only, so a
//! missed wake-up costs nothing: the next one (or a reconnect with `Last-Event-ID`) catches up.

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
use std::{
    collections::VecDeque,
    convert::Infallible,
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

/// What the listener announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A post was added to this thread.
    Post(Uuid),
    /// This person's notifications changed.
    Unread(Uuid),
    /// The listener (re)connected: wake-ups may have been missed, everyone reads again.
    Resync,
}

/// The process's listener, started on first use, and the switch that ends every stream at
/// shutdown.
#[derive(Clone)]
pub struct Live {
    pool: PgPool,
    sender: broadcast::Sender<Wake>,
    started: Arc<OnceLock<()>>,
    stopping: watch::Sender<bool>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("streams", &self.sender.receiver_count())
            .finish()
    }
}

impl Live {
    /// Live updates over `pool` (nothing runs until a stream opens).
    pub fn new(pool: PgPool) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let (stopping, _) = watch::channel(false);
        Self {
            pool,
            sender,
            started: Arc::new(OnceLock::new()),
            stopping,
        }
    }

    /// Ends every open stream and the listener (at shutdown, so that connections drain).
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    fn subscribe(&self) -> (broadcast::Receiver<Wake>, watch::Receiver<bool>) {
        let receiver = self.sender.subscribe();
        self.started.get_or_init(|| {
            tokio::spawn(listen(
                self.pool.clone(),
                self.sender.clone(),
                self.stopping.subscribe(),
            ));
        });
        (receiver, self.stopping.subscribe())
    }
}

async fn listen(
    pool: PgPool,
    sender: broadcast::Sender<Wake>,
    mut stopping: watch::Receiver<bool>,
) {
    loop {
        if *stopping.borrow() {
            return;
        }
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                match listener
                    .listen_all(["atelier_posts", "atelier_unread"])
                    .await
                {
                    Ok(()) => {
                        let _ = sender.send(Wake::Resync);
                        loop {
                            let next = tokio::select! {
                                next = listener.try_recv() => next,
                                _ = stopping.changed() => return,
                            };
                            match next {
                                Ok(Some(notification)) => {
                                    if let Some(wake) =
                                        parse(notification.channel(), notification.payload())
                                    {
                                        let _ = sender.send(wake);
                                    }
                                }
                                // The connection was lost; `try_recv` reconnects on the next call.
                                Ok(None) => {
                                    tracing::warn!("live updates: listener reconnecting");
                                    let _ = sender.send(Wake::Resync);
                                }
                                Err(error) => {
                                    tracing::warn!(%error, "live updates: listener failed");
                                    break;
                                }
                            }
                        }
                    }
                    Err(error) => tracing::warn!(%error, "live updates: cannot listen"),
                }
            }
            Err(error) => tracing::warn!(%error, "live updates: cannot connect"),
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stopping.changed() => return,
        }
    }
}

fn parse(channel: &str, payload: &str) -> Option<Wake> {
    match channel {
        "atelier_posts" => {
            let thread = payload.split(' ').next()?;
            Uuid::parse_str(thread).ok().map(Wake::Post)
        }
        "atelier_unread" => Uuid::parse_str(payload.trim()).ok().map(Wake::Unread),
        _ => None,
    }
}

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

#[cfg(test)]
mod tests {
    use super::{Wake, parse};
    use uuid::Uuid;

    #[test]
    fn notifications_are_read_as_wake_ups_and_anything_else_is_ignored() {
        let thread = Uuid::from_u128(7);
        assert_eq!(
            parse("atelier_posts", &format!("{thread} 42")),
            Some(Wake::Post(thread))
        );
        assert_eq!(
            parse("atelier_unread", &thread.to_string()),
            Some(Wake::Unread(thread))
        );
        assert_eq!(parse("atelier_posts", "pas un id"), None);
        assert_eq!(parse("autre", &thread.to_string()), None);
    }
}
