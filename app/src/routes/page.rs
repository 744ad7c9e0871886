//! What every page does: read its URL parameters, show a loading frame, and turn a failed load
//! into the right page (404, sign-in, or the error).

use crate::{
    components::error_view::ErrorView,
    error::AppError,
    routes::{account::SignInRequired, not_found::NotFoundPage},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn param(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

/// The page for a failed load: 404 for what does not exist (or may not be known), sign-in for
/// what needs it, the error otherwise.
pub fn failure(error: AppError) -> AnyView {
    match error {
        AppError::NotFound => view! { <NotFoundPage /> }.into_any(),
        AppError::Unauthorized => view! { <SignInRequired /> }.into_any(),
        error => view! { <ErrorView error /> }.into_any(),
    }
}

pub fn loading() -> impl IntoView {
    view! { <div class="page loading" aria-busy="true"></div> }
}
