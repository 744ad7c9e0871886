//! What the benchmark examples share: the application router over a database, a client that
//! posts forms to it as a hydrated page would, and percentiles.

use app::ssr::{mail::Mailer, passwords::Passwords, state::AppState};
use axum::body::Body;
use http::Request;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

/// The whole router over `pool`, as the server builds it (sign-in and per-person limits lifted).
pub fn router(pool: &sqlx::PgPool) -> Result<axum::Router, String> {
    server::telemetry::init_executor();
    let mailer = Mailer::files(
        std::env::temp_dir().join("atelier-bench-mail"),
        "Atelier <atelier@localhost>",
    )
    .map_err(|error| error.to_string())?;
    let mut auth = app::ssr::state::AuthSettings::local("http://atelier.bench");
    auth.limits.sign_ins_per_ip = i64::MAX;
    let state = AppState {
        pool: pool.clone(),
        leptos_options: LeptosOptions::builder()
            .output_name("atelier")
            .site_root("target/site")
            .build(),
        passwords: Passwords::new(2),
        cpu: app::ssr::cpu::Cpu::new(2, app::ssr::cpu::QUEUE),
        // The benchmarks measure the work, not the refusals: per-person limits lifted too.
        quotas: app::ssr::quota::Quotas::new(app::ssr::quota::QuotaLimits {
            saves_per_minute: u32::MAX,
            previews_per_minute: u32::MAX,
            posts_per_hour: u32::MAX,
            reports_per_hour: u32::MAX,
            invitations_per_hour: u32::MAX,
            theme_invitations_per_day: u32::MAX,
            mails_per_address_per_hour: u32::MAX,
        }),
        diffs: app::ssr::diffs::Diffs::new(app::ssr::diffs::DEFAULT_BYTES),
        rendered: app::ssr::rendered::Rendered::new(app::ssr::rendered::DEFAULT_BYTES),
        shares: app::ssr::rendered::Shares::new(app::ssr::rendered::DEFAULT_BYTES),
        mailer,
        auth,
        live: app::ssr::live::Live::new(pool.clone()),
        visit_gap: app::ssr::state::VISIT_GAP,
    };
    Ok(server::startup::router(state))
}

/// Posts forms through the router.
pub struct Client {
    /// The router.
    pub router: axum::Router,
}

impl Client {
    /// POSTs `pairs`; returns the status, the `Location` and a new session cookie, if any.
    pub async fn post(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> (u16, String, Option<String>) {
        let body = app::ssr::forms::url_encoded(pairs.iter().copied());
        let mut request = Request::post(path)
            .header("host", "atelier.bench")
            .header("origin", "http://atelier.bench")
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let Ok(request) = request.body(Body::from(body)) else {
            return (0, String::new(), None);
        };
        let Ok(response) = self.router.clone().oneshot(request).await;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let cookie = response
            .headers()
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("atelier_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        let _ = response.into_body().collect().await;
        (status, location, cookie)
    }
}

/// The `p` percentile (0..1) of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}
