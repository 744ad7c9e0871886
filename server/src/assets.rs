//! The built front end (`/pkg/…`: the wasm, its JavaScript glue, the stylesheet), served from
//! disk with a revalidation policy.
//!
//! Leptos' own fallback handler serves these files too, but it drops the browser's conditional
//! headers (so an unchanged wasm is downloaded again instead of a 304) and answers a missing
//! file with the application's 404 page, silently. Here a file named by its content
//! (`atelier.<hash>.wasm`, what the release build makes) may be kept a year without asking
//! (`immutable`: a new build has new names); any other is revalidated on every load
//! (`no-cache`) and gets `304 Not Modified` when unchanged. The build's brotli and gzip copies
//! (`--precompress`) are served to browsers that accept them, so nothing is compressed per
//! request. A missing file is a short plain 404 and a warning in the log, since it means a
//! broken deployment, not a user's typo.

use axum::{
    Router,
    http::{HeaderValue, StatusCode, Uri, header},
    response::IntoResponse,
};
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// The router serving the files of `dir` under `/{prefix}` (Leptos' `site_pkg_dir`, `pkg`).
pub fn router<S: Clone + Send + Sync + 'static>(prefix: &str, dir: impl AsRef<Path>) -> Router<S> {
    let dir: PathBuf = dir.as_ref().to_path_buf();
    let missing = {
        let dir = dir.clone();
        move |uri: Uri| missing_file(dir.clone(), uri)
    };
    let files = ServeDir::new(&dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(axum::handler::HandlerWithoutStateExt::into_service(missing));
    Router::new()
        .nest_service(&format!("/{}", prefix.trim_matches('/')), files)
        .layer(axum::middleware::from_fn(cache_policy))
}

/// `immutable` for a content-hashed name that was found, `no-cache` for the rest.
async fn cache_policy(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let policy = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

/// Whether the last segment of `path` is `name.<hash>.ext` as cargo-leptos names files (a hash
/// of at least 16 letters, digits, `-` or `_`).
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() >= 16
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// A file of the front end that is not there: logged, then a plain 404.
async fn missing_file(dir: PathBuf, uri: Uri) -> impl IntoResponse {
    tracing::warn!(
        path = %uri.path(),
        folder = %dir.display(),
        folder_exists = dir.is_dir(),
        "a file of the built front end is missing"
    );
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Fichier introuvable / File not found\n",
    )
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn only_names_carrying_a_content_hash_count_as_hashed() {
        assert!(is_content_hashed(
            "/pkg/atelier.pI8sd0iV0CpFJmHb2mL1Bw.wasm"
        ));
        assert!(is_content_hashed("/pkg/atelier.Yk3-_aa0iV0CpFJmHb.css"));
        assert!(!is_content_hashed("/pkg/atelier.wasm"));
        assert!(!is_content_hashed("/pkg/atelier_bg.wasm.d.ts"));
        assert!(!is_content_hashed("/pkg/atelier.short.js"));
    }
}
