//! The interface language: remembered in a cookie for the browser and, for a signed-in person, on
//! their account (so that e-mails written to them are in it, and a new browser gets it back).

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Locale;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub use crate::domain::locale::cookie_locale;
pub use crate::domain::locale::{LOCALE_COOKIE, from_code};

/// The `Set-Cookie` value that makes a browser remember `locale`.
#[cfg(feature = "ssr")]
pub fn cookie_for(locale: Locale) -> Result<http::HeaderValue, AppError> {
    use leptos_i18n::Locale as _;
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.as_str()
    );
    http::HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)
}

/// Remembers `locale` ("fr" or "en") for this browser, and on the account of whoever is signed
/// in, and returns it.
///
/// Without JavaScript the language form posts here and is redirected back to the page it came
/// from, now rendered in the new language; with hydration the page switches in place.
#[server(endpoint = "locale/set")]
pub async fn set_locale(locale: String) -> Result<String, AppError> {
    use crate::error::ValidationCode;
    use crate::ssr::{auth, db::users, state::AppState};
    use leptos_i18n::Locale as _;

    let locale = match locale.as_str() {
        "fr" => Locale::fr,
        "en" => Locale::en,
        _ => {
            return Err(AppError::invalid(
                "locale",
                ValidationCode::UnsupportedLocale,
            ));
        }
    };
    let response = use_context::<leptos_axum::ResponseOptions>().ok_or_else(|| {
        tracing::error!("ResponseOptions missing from the server function context");
        AppError::Internal
    })?;
    if let Some(user) = auth::maybe_user().await? {
        let state = AppState::from_context()?;
        users::set_locale(&state.pool, user.id, locale.as_str()).await?;
    }
    response.append_header(http::header::SET_COOKIE, cookie_for(locale)?);
    Ok(locale.as_str().to_owned())
}
