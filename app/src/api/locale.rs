//! The interface language, remembered in a cookie.

use crate::error::AppError;
use leptos::prelude::*;

/// The cookie that remembers the interface language; the i18n context reads the same one.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// Remembers `locale` ("fr" or "en") for this browser and returns it.
///
/// Without JavaScript the language form posts here and is redirected back to the page it came
/// from, now rendered in the new language; with hydration the page switches in place.
#[server(endpoint = "locale/set")]
pub async fn set_locale(locale: String) -> Result<String, AppError> {
    use crate::error::ValidationCode;
    use crate::i18n::Locale;
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
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.as_str()
    );
    let value = http::HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?;
    response.append_header(http::header::SET_COOKIE, value);
    Ok(locale.as_str().to_owned())
}
