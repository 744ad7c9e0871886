//! An error shown to a person: a translated message, never the internal cause.

use crate::{
    error::AppError,
    i18n::{t, use_i18n},
};
use leptos::prelude::*;

/// A translated message for `error`; on the server it also sets the response's status.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    set_status(error.status());
    let message = move || match &error {
        AppError::Unauthorized => t!(i18n, errors.unauthorized).into_any(),
        AppError::Forbidden => t!(i18n, errors.forbidden).into_any(),
        AppError::NotFound => t!(i18n, errors.not_found).into_any(),
        AppError::Validation(_) => t!(i18n, errors.validation).into_any(),
        AppError::Conflict => t!(i18n, errors.conflict).into_any(),
        AppError::RateLimited => t!(i18n, errors.rate_limited).into_any(),
        AppError::Internal => t!(i18n, errors.internal).into_any(),
        AppError::Request => t!(i18n, errors.request).into_any(),
    };
    view! {
        <section class="notice notice--error" role="alert">
            <h1>{t!(i18n, errors.title)}</h1>
            <p>{message}</p>
        </section>
    }
}

/// Sets the HTTP status of the page being rendered.
#[cfg(feature = "ssr")]
pub fn set_status(status: u16) {
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
}
