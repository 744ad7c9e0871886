//! What one page view reads once, however many of its parts ask: the signed-in person and the
//! caller's access to each thème.
//!
//! A page is rendered by several server functions called in the same process (the header's
//! account, the thème, its drafts, its discussions…), each of which asks who is calling and what
//! they may do. [`remember`] puts a [`Memo`] in the extensions of every `GET` or `HEAD` request;
//! the request parts each server function receives are clones sharing it, so the person and
//! each thème's access are read from the database once per page view. Requests that change
//! something (`POST`) get no memo: an action may sign someone in or change a membership and then
//! read them again, and must see the new state.

use crate::{
    domain::ThemeNumber,
    ssr::db::{groups::ThemeAccess, users::User},
};
use axum::{extract::Request, middleware::Next, response::Response};
use http::{Method, request::Parts};
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// One page view's memory (see the module's documentation).
#[derive(Default)]
pub struct Memo {
    user: OnceCell<Option<(User, i64)>>,
    access: Mutex<Vec<(ThemeNumber, Option<ThemeAccess>)>>,
}

/// Middleware: gives each `GET` and `HEAD` request its [`Memo`].
pub async fn remember(mut request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        request.extensions_mut().insert(Arc::new(Memo::default()));
    }
    next.run(request).await
}

/// The memo of the request whose parts these are, if it has one.
pub fn of(parts: &Parts) -> Option<Arc<Memo>> {
    parts.extensions.get::<Arc<Memo>>().cloned()
}

impl Memo {
    /// The signed-in person and their unread notifications, read by `load` the first time they
    /// are asked for.
    pub async fn viewer<E, F, Fut>(&self, load: F) -> Result<Option<(User, i64)>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<(User, i64)>, E>>,
    {
        self.user.get_or_try_init(load).await.cloned()
    }

    /// The signed-in person's unread notifications, when this request has read them.
    pub fn unread(&self) -> Option<i64> {
        self.user
            .get()
            .and_then(|viewer| viewer.as_ref().map(|(_, unread)| *unread))
    }

    /// The caller's access to thème `number`, if it was read during this request (`Some(None)`:
    /// read, and there is no such thème).
    pub fn access(&self, number: ThemeNumber) -> Option<Option<ThemeAccess>> {
        let known = self
            .access
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        known
            .iter()
            .find(|(seen, _)| *seen == number)
            .map(|(_, access)| access.clone())
    }

    /// Keeps the caller's access to thème `number` for the rest of the request.
    pub fn keep_access(&self, number: ThemeNumber, access: Option<ThemeAccess>) {
        let mut known = self
            .access
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !known.iter().any(|(seen, _)| *seen == number) {
            known.push((number, access));
        }
    }
}
