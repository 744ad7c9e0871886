//! Layers in front of every route: request ids, logging, security headers, compression, limits.

use app::{error::AppError, ssr::csp::CspNonce};
use axum::{Router, extract::Request, middleware::Next, response::Response};
use http::{HeaderName, HeaderValue, header};
use std::time::Duration;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    csrf::{CsrfLayer, ProtectionError},
    limit::RequestBodyLimitLayer,
    map_request_body::MapRequestBodyLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};

/// The header that carries each request's id, in the request and in the response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The largest request body accepted (forms and server-function arguments): 1 MiB. The longest
/// text Atelier takes, a draft of 400,000 characters, is about 510 KB as a form when written in
/// French (1.28 bytes a character, measured on the seed text); only a draft made mostly of
/// accented or non-Latin letters could reach the limit, and it is then told its text is too long.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The largest header block accepted (the sum of every header's name and value), and the most
/// headers: a browser sends about 1 KB; beyond, 431.
pub const HEADER_BYTES_LIMIT: usize = 16 * 1024;
/// See [`HEADER_BYTES_LIMIT`].
pub const HEADER_COUNT_LIMIT: usize = 64;

/// How long browsers keep to HTTPS once told (a year), when the site is served over HTTPS.
const HSTS: &str = "max-age=31536000";

/// Wraps `router` in Atelier's middleware stack; `https` when the site is served over HTTPS.
///
/// `Router::layer` wraps what is already there, so the last layer added here is the outermost:
/// read from the bottom up for the order a request goes through.
pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let hsts = https.then(|| HeaderValue::from_static(HSTS));
    router
        // Innermost: a page view's parts read the person and their access once.
        .layer(axum::middleware::from_fn(app::ssr::memo::remember))
        .layer(axum::middleware::from_fn(server_fn_answers))
        .layer(axum::middleware::from_fn(private_answers))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            hsts,
        ))
        .layer(axum::middleware::from_fn(content_security_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // `same-origin` and not `no-referrer`: forms posted without JavaScript are redirected back
        // to the page they came from, which the server learns from the Referer.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(CompressionLayer::new())
        // Server functions read the raw body, so the limit wraps the body itself (a too-large
        // body fails to read and is refused) rather than relying on axum's extractor limit.
        .layer(MapRequestBodyLayer::new(axum::body::Body::new))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::from_fn(limits))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        // Leptos server functions carry no CSRF token: every state-changing request must come
        // from this site (Sec-Fetch-Site, else Origin against Host), or it is refused with 403
        // before it reaches a handler. GET, HEAD and OPTIONS pass: they change nothing here.
        .layer(CsrfLayer::new().with_rejection_response(cross_site_refusal))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// The end of the session cookie's name, secure (`__Host-atelier_session`) or not.
const SESSION_COOKIE: &str = "atelier_session=";

/// What a signed-in person is answered (a page with their name, their notifications, a draft of
/// a members-only thème) is stored by no cache, shared or the browser's: `Cache-Control:
/// no-store`, unless the answer says otherwise.
async fn private_answers(request: Request, next: Next) -> Response {
    let signed_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookies| cookies.contains(SESSION_COOKIE));
    let mut response = next.run(request).await;
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Refuses header blocks over [`HEADER_BYTES_LIMIT`] or [`HEADER_COUNT_LIMIT`] (431), and words
/// the body limit's 413 so that people understand it: a server function's caller gets the error
/// "text too long" on the field `body` (the page shows it beside the text, which stays in the
/// form), a form posted without JavaScript a short page in both languages.
async fn limits(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if bytes > HEADER_BYTES_LIMIT || headers.len() > HEADER_COUNT_LIMIT {
        tracing::warn!(bytes, count = headers.len(), "header block over the limit");
        return plain(
            http::StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "En-têtes de requête trop grands.\nRequest headers too large.\n",
        );
    }
    let hydrated = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| !accept.contains("text/html"));
    let response = next.run(request).await;
    if response.status() != http::StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    tracing::warn!("request body over the limit");
    if hydrated {
        let error = AppError::invalid("body", app::error::ValidationCode::TextTooLong);
        let mut answer = Response::new(axum::body::Body::from(
            serde_json::to_string(&error).unwrap_or_default(),
        ));
        *answer.status_mut() = http::StatusCode::PAYLOAD_TOO_LARGE;
        answer.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        answer
            .headers_mut()
            .insert("serverfnerror", HeaderValue::from_static("1"));
        return answer;
    }
    plain(
        http::StatusCode::PAYLOAD_TOO_LARGE,
        "Texte trop long : Atelier n’accepte pas plus de 1 Mio par envoi. Revenez à la page \
         précédente, votre texte y est encore.\nText too long: Atelier accepts at most 1 MiB per \
         request. Go back to the previous page, your text is still there.\n",
    )
}

/// A plain-text answer with `status`.
fn plain(status: http::StatusCode, text: &'static str) -> Response {
    let mut response = Response::new(axum::body::Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Draws the request's CSP nonce, hands it to the page renderer and sends the policy.
async fn content_security_policy(mut request: Request, next: Next) -> Response {
    let nonce = CspNonce::generate();
    let policy = HeaderValue::from_str(&nonce.policy());
    request.extensions_mut().insert(nonce);
    let mut response = next.run(request).await;
    if let Ok(policy) = policy {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Tidies server-function answers: redirects lose their empty query string, and errors get the
/// status their [`AppError`] means.
///
/// Leptos answers every server-function error with 500, which would make a refused input look like
/// a server fault to clients, logs and monitoring. The error body is our own small JSON
/// [`AppError`], so it is read back here and the status set from it (a 422 for invalid input,
/// 404, 403…); the body is left as it was, so the browser decodes the same error.
async fn server_fn_answers(request: Request, next: Next) -> Response {
    const MAX_ERROR_BODY: usize = 64 * 1024;
    let mut response = next.run(request).await;
    tidy_redirect(&mut response);
    if response.status() != http::StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        tracing::error!("unreadable server-function error body");
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// After a form posted without JavaScript, Leptos redirects back to the Referer with an empty
/// query string appended (where it would put an error); drop the lone `?` so the address bar shows
/// the page's real URL.
fn tidy_redirect(response: &mut Response) {
    let tidy = response
        .headers()
        .get(header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .and_then(|location| location.strip_suffix('?'))
        .and_then(|location| HeaderValue::from_str(location).ok());
    if let Some(location) = tidy {
        response.headers_mut().insert(header::LOCATION, location);
    }
}

/// The span around each request: every log line inside it names the request id.
fn request_span(request: &http::Request<axum::body::Body>) -> tracing::Span {
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    // The path only: query strings may one day carry tokens.
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// The answer to a cross-site state-changing request: 403, logged, nothing done.
fn cross_site_refusal(error: ProtectionError) -> Response<axum::body::Body> {
    tracing::warn!(reason = ?error, "cross-site request refused");
    let mut response = Response::new(axum::body::Body::from(
        "Requête refusée : elle ne vient pas d’Atelier.\nRequest refused: it does not come from Atelier.\n",
    ));
    *response.status_mut() = http::StatusCode::FORBIDDEN;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A handler that panicked: logged, and answered with a plain 500 that reveals nothing.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<axum::body::Body> {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "request handler panicked");
    let mut response = Response::new(axum::body::Body::from("Erreur interne / Internal error"));
    *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
