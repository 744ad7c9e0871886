//! The interface language: its stored code and the cookie that remembers it.

use crate::i18n::Locale;

/// The cookie that remembers the interface language; the i18n context reads the same one.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// The locale a stored code names ("en" is English; anything else, and none, French).
pub fn from_code(code: &str) -> Locale {
    match code {
        "en" => Locale::en,
        _ => Locale::fr,
    }
}

/// The language the browser chose with the language switch (its cookie), if it chose one.
#[cfg(feature = "ssr")]
pub fn cookie_locale(headers: &http::HeaderMap) -> Option<Locale> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == LOCALE_COOKIE)
        .find_map(|(_, value)| match value {
            "fr" => Some(Locale::fr),
            "en" => Some(Locale::en),
            _ => None,
        })
}
