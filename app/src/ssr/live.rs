//! Live updates: server-sent events fed by Postgres `LISTEN/NOTIFY`.
//!
//! Triggers (see the discussions migration) announce a new post as `thread-id post-id` on
//! `atelier_posts` and a changed notification as `user-id` on `atelier_unread`. One listener per
//! process turns them into wake-ups on a broadcast channel; each event stream then reads the rows
//! itself, with its reader's rights, after the last id it sent. Notifications carry ids only, so a
//! missed wake-up costs nothing: the next one (or a reconnect with `Last-Event-ID`) catches up.

use sqlx::PgPool;
use std::{
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

    /// A receiver of wake-ups and of the shutdown switch (starts the listener on first use).
    pub(crate) fn subscribe(&self) -> (broadcast::Receiver<Wake>, watch::Receiver<bool>) {
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
