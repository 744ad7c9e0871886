//! The built front end (`/pkg/…`: the wasm, its JavaScript glue, the stylesheet), served from
//! disk with a revalidation policy.
//!
//! Leptos' own fallback handler serves these files too, but it drops the browser's conditional
//! headers (so an unchanged 5 MB wasm is downloaded again instead of a 304) and answers a missing
//! file with the application's 404 page, silently. Here a browser revalidates every load
//! (`Cache-Control: no-cache`: the names carry no hash, so a deploy must be seen at once) and gets
//! `304 Not Modified` when nothing changed; a missing file is a short plain 404 and a warning in
//! the log, since it means a broken deployment, not a user's typo.

use axum::{
    Router,
    http::{HeaderValue, StatusCode, Uri, header},
    response::IntoResponse,
};
use std::path::{Path, PathBuf};
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

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
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
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
