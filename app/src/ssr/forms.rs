//! Forms that work without JavaScript and lose nothing the person typed.
//!
//! A form posted with hydration calls its server function with `fetch`: the page stays, with its
//! inputs as typed, and shows the returned error. A form posted without JavaScript is a full page
//! load: by default Leptos sends the browser back to the form's page with the error in the query
//! string, and the typed values are gone. [`finish`] closes that gap: for a plain form post that
//! failed, the way back also carries the typed values (never passwords), which the form's inputs
//! read as their initial values. On success, both kinds of request go to `success`.

use crate::{error::AppError, ssr::auth::request_parts};
use base64::{Engine, engine::general_purpose::URL_SAFE};
use leptos::server_fn::error::FromServerFnError;

/// Ends a form's server function `path` (its `PATH`): see the module documentation. `kept` holds
/// the non-secret fields as typed.
pub fn finish<T>(
    result: Result<T, AppError>,
    path: &str,
    kept: &[(&str, &str)],
    success: Option<&str>,
) -> Result<T, AppError> {
    match &result {
        Ok(_) => {
            if let Some(target) = success {
                leptos_axum::redirect(target);
            }
        }
        Err(error) => {
            if let Ok(parts) = request_parts()
                && is_plain_form_post(&parts)
            {
                let back = back_to_form(&parts, path, error, kept);
                leptos_axum::redirect(&back);
            }
        }
    }
    result
}

/// Like [`finish`] for a failure, but a plain form post goes back to `page` (a local path that may
/// carry a query) instead of the page it came from: for forms whose typed values the server kept
/// itself (a draft's text).
pub fn finish_at<T>(result: Result<T, AppError>, path: &str, page: &str) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Ok(parts) = request_parts()
        && is_plain_form_post(&parts)
    {
        let encoded_error = URL_SAFE.encode(error.ser());
        let marker = url_encoded([("__path", path), ("__err", encoded_error.as_str())].into_iter());
        let separator = if page.contains('?') { '&' } else { '?' };
        leptos_axum::redirect(&format!("{page}{separator}{marker}"));
    }
    result
}

/// A browser posting a form itself (it accepts HTML), not the server-function client.
pub fn is_plain_form_post(parts: &http::request::Parts) -> bool {
    parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("text/html"))
}

/// The form's page (the same-origin path of the Referer, without its old query), with the typed
/// values and the error.
fn back_to_form(
    parts: &http::request::Parts,
    path: &str,
    error: &AppError,
    kept: &[(&str, &str)],
) -> String {
    let page = parts
        .headers
        .get(http::header::REFERER)
        .and_then(|value| value.to_str().ok())
        .and_then(|referer| local_path(referer, parts))
        .unwrap_or_else(|| "/".to_owned());
    let mut query = url_encoded(kept.iter().filter(|(_, value)| !value.is_empty()).copied());
    let encoded_error = URL_SAFE.encode(error.ser());
    let marker = url_encoded([("__path", path), ("__err", encoded_error.as_str())].into_iter());
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(&marker);
    format!("{page}?{query}")
}

/// The path of `referer` when it points at this site, without query or fragment.
fn local_path(referer: &str, parts: &http::request::Parts) -> Option<String> {
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|value| value.to_str().ok())?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if !authority.eq_ignore_ascii_case(host) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("/");
    Some(if path.is_empty() { "/" } else { path }.to_owned())
}

/// `application/x-www-form-urlencoded` pairs.
pub fn url_encoded<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `next` when it is a path on this site, else `/`: a sign-in form never sends anyone elsewhere.
/// See [`urls::local_path`](crate::domain::urls::local_path).
pub fn local_target(next: &str) -> String {
    crate::domain::urls::local_path(next.trim())
        .unwrap_or("/")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(referer: &str) -> http::request::Parts {
        let (parts, ()) = http::Request::post("/api/x")
            .header("host", "atelier.example")
            .header("referer", referer)
            .header("accept", "text/html")
            .body(())
            .unwrap_or_default()
            .into_parts();
        parts
    }

    #[test]
    fn a_failed_plain_post_goes_back_to_its_page_with_the_typed_values_and_the_error() {
        let parts = parts("http://atelier.example/signup?email=old&__err=x");
        let back = back_to_form(
            &parts,
            "/api/account/sign-up",
            &AppError::Forbidden,
            &[("email", "é@x.fr"), ("display_name", "")],
        );
        assert!(
            back.starts_with(
                "/signup?email=%C3%A9%40x.fr&__path=%2Fapi%2Faccount%2Fsign-up&__err="
            ),
            "{back}"
        );
        assert!(!back.contains("display_name"), "{back}");
    }

    #[test]
    fn a_referer_from_another_site_is_never_followed() {
        let parts = parts("http://evil.example/signup");
        let back = back_to_form(&parts, "/api/x", &AppError::Forbidden, &[]);
        assert!(back.starts_with("/?"), "{back}");
    }

    #[test]
    fn only_local_paths_are_accepted_as_targets() {
        assert_eq!(local_target("/themes/10"), "/themes/10");
        assert_eq!(local_target("//evil.example/x"), "/");
        assert_eq!(local_target("/\\evil.example"), "/");
        assert_eq!(local_target("https://evil.example"), "/");
        assert_eq!(local_target(""), "/");
        assert_eq!(local_target(" /themes/10 "), "/themes/10");
    }
}
