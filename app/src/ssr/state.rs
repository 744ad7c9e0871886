//! What every request handler and server function shares.

use crate::{
    error::AppError,
    ssr::{live::Live, mail::Mailer, passwords::Passwords, sessions::CookiePolicy},
};
use leptos::prelude::*;
use sqlx::PgPool;

/// Shared application state, provided to Leptos as context for every request.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database pool.
    pub pool: PgPool,
    /// Leptos' options (site root, address…).
    pub leptos_options: LeptosOptions,
    /// Password hashing, bounded.
    pub passwords: Passwords,
    /// Other CPU-heavy work (Markdown, diffs, merges), bounded.
    pub cpu: crate::ssr::cpu::Cpu,
    /// Per-person rate limits.
    pub quotas: crate::ssr::quota::Quotas,
    /// Diffs already computed (revisions never change).
    pub diffs: crate::ssr::diffs::Diffs,
    /// Revisions already rendered.
    pub rendered: crate::ssr::rendered::Rendered,
    /// Who wrote how much of revisions already read.
    pub shares: crate::ssr::rendered::Shares,
    /// Outgoing e-mail.
    pub mailer: Mailer,
    /// Sign-in, sessions and links.
    pub auth: AuthSettings,
    /// Live updates (server-sent events).
    pub live: Live,
    /// How far apart two pages may be opened and still belong to one visit ("since my last
    /// visit" starts where the previous visit ended).
    pub visit_gap: std::time::Duration,
}

/// The default length of a pause that ends a visit.
pub const VISIT_GAP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Settings of accounts and sessions.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// The address people reach Atelier at, for links in e-mails (no trailing slash).
    pub public_url: String,
    /// How the session cookie is sent.
    pub cookie: CookiePolicy,
    /// Take the client's address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_proxy: bool,
    /// Rate limits.
    pub limits: Limits,
}

/// How many attempts are allowed, per window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Failed sign-ins on one e-mail within 15 minutes before it is locked.
    pub failures_per_account: i64,
    /// Sign-in attempts from one address within 15 minutes.
    pub sign_ins_per_ip: i64,
    /// Sign-ups (and reset requests) from one address within an hour.
    pub sign_ups_per_ip: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            failures_per_account: 10,
            // Generous enough for a workshop signing up together behind one address.
            sign_ins_per_ip: 200,
            sign_ups_per_ip: 50,
        }
    }
}

impl AuthSettings {
    /// Local defaults: plain-http cookies, links to `public_url`.
    pub fn local(public_url: impl Into<String>) -> Self {
        let public_url = public_url.into().trim_end_matches('/').to_owned();
        Self {
            cookie: CookiePolicy {
                secure: public_url.starts_with("https://"),
            },
            public_url,
            trust_proxy: false,
            limits: Limits::default(),
        }
    }
}

impl AppState {
    /// The state from the Leptos context of the current request.
    ///
    /// Missing state is a wiring bug, so it is logged and answered as an internal error rather
    /// than a panic on the request path.
    pub fn from_context() -> Result<Self, AppError> {
        use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            AppError::Internal
        })
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
