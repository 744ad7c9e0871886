//! What every request handler and server function shares.

use crate::error::AppError;
use leptos::prelude::*;
use sqlx::PgPool;

/// Shared application state, provided to Leptos as context for every request.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database pool.
    pub pool: PgPool,
    /// Leptos' options (site root, address…).
    pub leptos_options: LeptosOptions,
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
