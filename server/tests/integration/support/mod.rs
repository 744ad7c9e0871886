//! A test harness around the real router.
//!
//! Each test binary includes this module and uses a part of it.
#![allow(dead_code)]

use app::ssr::quota::QuotaLimits;
use app::ssr::seed;
use axum::{Router, body::Body};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tower::ServiceExt;

/// The application router over a test database.
pub struct TestApp {
    router: Router,
    /// The application state the router was built with.
    pub state: app::ssr::state::AppState,
    /// Where the app writes its e-mails.
    pub mail_dir: std::path::PathBuf,
    /// The database.
    pub pool: PgPool,
}

/// A response, read whole.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// The first part of the body, for assertion messages.
    pub fn head(&self) -> &str {
        let end = self
            .body
            .char_indices()
            .nth(400)
            .map_or(self.body.len(), |(i, _)| i);
        &self.body[..end]
    }
}

impl TestApp {
    /// The router over `pool`, with the seed loaded.
    pub async fn seeded(pool: PgPool) -> Self {
        seed::load(&pool).await.expect("the seed loads");
        Self::new(pool)
    }

    /// The router over `pool` as it is.
    pub fn new(pool: PgPool) -> Self {
        Self::with_limits(pool, app::ssr::state::Limits::default())
    }

    /// The router over `pool`, with these rate limits.
    pub fn with_limits(pool: PgPool, limits: app::ssr::state::Limits) -> Self {
        let mut auth = app::ssr::state::AuthSettings::local("http://atelier.test");
        auth.limits = limits;
        Self::with_auth(pool, auth)
    }

    /// The router over `pool`, with these account settings.
    pub fn with_auth(pool: PgPool, auth: app::ssr::state::AuthSettings) -> Self {
        Self::build(pool, auth, "target/site", QuotaLimits::default())
    }

    /// The router over `pool`, with these per-person rate limits.
    pub fn with_quotas(pool: PgPool, quotas: QuotaLimits) -> Self {
        Self::build(
            pool,
            app::ssr::state::AuthSettings::local("http://atelier.test"),
            "target/site",
            quotas,
        )
    }

    /// The router over `pool`, serving the built front end from `site_root` (its `pkg` folder).
    pub fn with_site(pool: PgPool, site_root: &str) -> Self {
        Self::build(
            pool,
            app::ssr::state::AuthSettings::local("http://atelier.test"),
            site_root,
            QuotaLimits::default(),
        )
    }

    fn build(
        pool: PgPool,
        auth: app::ssr::state::AuthSettings,
        site_root: &str,
        quotas: QuotaLimits,
    ) -> Self {
        server::telemetry::init_executor();
        // `ATELIER_TEST_LOG=1` prints the server's log lines (filtered by `RUST_LOG`), to see what
        // a failing test's requests did.
        if std::env::var_os("ATELIER_TEST_LOG").is_some() {
            server::telemetry::init();
        }
        let leptos_options = LeptosOptions::builder()
            .output_name("atelier")
            .site_root(site_root)
            .build();
        let mail_dir =
            std::env::temp_dir().join(format!("atelier-test-mail-{}", uuid::Uuid::new_v4()));
        // The variables a test server runs with; everything else takes its default, as in
        // production. The pool is the test's own (its URL is not read).
        let vars = [
            ("DATABASE_URL", "postgres://test-pool".to_owned()),
            ("ATELIER_PUBLIC_URL", ORIGIN.to_owned()),
            ("ATELIER_MAIL_DIR", mail_dir.display().to_string()),
            ("ATELIER_PASSWORD_HASHES", "4".to_owned()),
        ];
        let var = |name: &str| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        };
        let config =
            server::config::Config::from_vars(var, leptos_options).expect("a test configuration");
        let mut state =
            server::startup::state_from_config(&config, pool.clone()).expect("the test state");
        state.auth = auth;
        state.quotas = app::ssr::quota::Quotas::new(quotas);
        Self {
            router: server::startup::router(state.clone()),
            state,
            mail_dir,
            pool,
        }
    }

    /// GET `path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        let request = Request::get(path)
            .body(Body::empty())
            .expect("a valid request");
        self.send(request).await
    }

    /// Sends `request` and returns the response as it streams (for server-sent events).
    pub async fn open(&self, request: Request<Body>) -> http::Response<Body> {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        response.map(Body::new)
    }

    /// Sends `request` through the whole router and middleware stack.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a readable body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

/// The site's origin in tests: requests carry it as Host and Origin.
pub const ORIGIN: &str = "http://atelier.test";

/// How a form is posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Post {
    /// A browser without JavaScript: accepts HTML, sends a Referer; answered with redirects.
    Plain,
    /// The server-function client of a hydrated page: answered with JSON.
    Hydrated,
}

impl TestApp {
    /// POSTs `pairs` form-encoded to `path`, as a same-site browser would, with `cookie` and from
    /// `client_ip` when given. `referer` is the form's page (for plain posts).
    pub async fn post_form(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
        cookie: Option<&str>,
        mode: Post,
        referer: &str,
    ) -> TestResponse {
        self.post_form_from(path, pairs, cookie, mode, referer, None)
            .await
    }

    /// [`TestApp::post_form`] from the socket address `client_ip`.
    pub async fn post_form_from(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
        cookie: Option<&str>,
        mode: Post,
        referer: &str,
        client_ip: Option<[u8; 4]>,
    ) -> TestResponse {
        let body = app::ssr::forms::url_encoded(pairs.iter().copied());
        let mut request = Request::post(path)
            .header("host", "atelier.test")
            .header("origin", ORIGIN)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("user-agent", "AtelierTest/1.0");
        request = match mode {
            Post::Plain => request
                .header("accept", "text/html,application/xhtml+xml")
                .header("referer", format!("{ORIGIN}{referer}")),
            Post::Hydrated => request.header("accept", "application/json"),
        };
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let mut request = request.body(Body::from(body)).expect("a valid request");
        if let Some(ip) = client_ip {
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from((ip, 40000)),
            ));
        }
        self.send(request).await
    }

    /// GETs `path` with `cookie`.
    pub async fn get_with(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let mut request = Request::get(path).header("host", "atelier.test");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        self.send(request.body(Body::empty()).expect("a valid request"))
            .await
    }

    /// The e-mails sent so far to `to`, oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.mail_dir) else {
            return Vec::new();
        };
        let mut mails: Vec<(std::time::SystemTime, String)> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml"))
            .filter_map(|entry| {
                let modified = entry.metadata().ok()?.modified().ok()?;
                let text = std::fs::read_to_string(entry.path()).ok()?;
                Some((modified, text))
            })
            .filter(|(_, text)| text.contains(&format!("To: {to}")))
            .collect();
        mails.sort_by_key(|(modified, _)| *modified);
        mails.into_iter().map(|(_, text)| text).collect()
    }

    /// The token of the last link to `path` mailed to `to`.
    pub fn mailed_token(&self, to: &str, path: &str) -> Option<String> {
        let marker = format!("{ORIGIN}{path}?token=");
        self.mails_to(to).iter().rev().find_map(|mail| {
            let start = mail.find(&marker)? + marker.len();
            let token: String = mail[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            Some(token)
        })
    }

    /// An account made directly in the database, with `password`.
    pub async fn create_user(
        &self,
        email: &str,
        name: &str,
        password: &str,
        role: &str,
    ) -> uuid::Uuid {
        let hash = app::ssr::passwords::Passwords::new(1)
            .hash(secrecy::SecretString::from(password.to_owned()))
            .await
            .expect("a hash");
        let id = uuid::Uuid::new_v4();
        sqlx::query("insert into users (id, email, display_name, password_hash, role) values ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(email)
            .bind(name)
            .bind(hash)
            .bind(role)
            .execute(&self.pool)
            .await
            .expect("insert a user");
        id
    }

    /// Signs in with the form (as a hydrated page) and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = self
            .post_form(
                "/api/account/sign-in",
                &[("email", email), ("password", password), ("next", "/")],
                None,
                Post::Hydrated,
                "/login",
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.head());
        session_cookie(&response).expect("a session cookie after signing in")
    }
}

/// The session cookie a response sets, as `name=value` (None when it sets none or clears it).
pub fn session_cookie(response: &TestResponse) -> Option<String> {
    response
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| {
            value.starts_with("atelier_session=") || value.starts_with("__Host-atelier_session=")
        })
        .and_then(|value| value.split(';').next())
        .filter(|pair| !pair.ends_with('='))
        .map(str::to_owned)
}

/// The full `Set-Cookie` header of the session cookie.
pub fn session_set_cookie(response: &TestResponse) -> Option<String> {
    response
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.contains("atelier_session="))
        .map(str::to_owned)
}

/// The `Location` of a redirect.
pub fn location(response: &TestResponse) -> String {
    response
        .headers
        .get(http::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A database of its own for a test that cannot use `#[sqlx::test]`, migrated and dropped after.
pub struct FreshDatabase {
    admin: PgPool,
    name: String,
    /// A pool on the new database.
    pub pool: PgPool,
    /// The new database's URL.
    pub url: String,
}

impl FreshDatabase {
    /// Creates and migrates a new database on the server of `DATABASE_URL`.
    pub async fn create() -> Self {
        let url = std::env::var("DATABASE_URL").expect("DATABASE_URL is set for database tests");
        let admin = PgPool::connect(&url)
            .await
            .expect("the test server answers");
        let name = format!("atelier_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("create database {name}"))
            .execute(&admin)
            .await
            .expect("create database");
        let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        let pool = PgPool::connect(&url)
            .await
            .expect("connect to the new database");
        app::ssr::db::MIGRATOR
            .run(&pool)
            .await
            .expect("migrations apply");
        Self {
            admin,
            name,
            pool,
            url,
        }
    }

    /// Drops the database.
    pub async fn drop(self) {
        self.pool.close().await;
        let _ = sqlx::query(&format!(
            "drop database if exists {} with (force)",
            self.name
        ))
        .execute(&self.admin)
        .await;
    }
}

/// Runs `test` on a multi-threaded runtime like the real server's. `#[sqlx::test]` uses a
/// single-threaded one, where some concurrency and span-propagation bugs cannot show.
pub fn on_server_runtime(test: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(test);
}

/// Makes `user` an active member (or facilitator) of thème `number`.
pub async fn add_member(pool: &PgPool, number: i32, user: uuid::Uuid, role: &str) {
    sqlx::query(
        "insert into memberships (theme_id, user_id, role, state, joined_at)
         select id, $2, $3, 'active', now() from themes where number = $1",
    )
    .bind(number)
    .bind(user)
    .bind(role)
    .execute(pool)
    .await
    .expect("a membership");
}

/// POSTs `pairs` to server function `path` as a hydrated page of the person signed in with
/// `cookie` would.
pub async fn call(app: &TestApp, path: &str, pairs: &[(&str, &str)], cookie: &str) -> TestResponse {
    app.post_form(path, pairs, Some(cookie), Post::Hydrated, "/")
        .await
}

/// The JSON answer of server function `path` (which must answer 200).
pub async fn json(
    app: &TestApp,
    path: &str,
    pairs: &[(&str, &str)],
    cookie: Option<&str>,
) -> serde_json::Value {
    let response = app
        .post_form(path, pairs, cookie, Post::Hydrated, "/")
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{path}: {}",
        response.head()
    );
    serde_json::from_str(&response.body).expect("a JSON answer")
}

/// The verbs of the activity `user` was notified of, oldest first.
pub async fn notified(pool: &PgPool, user: uuid::Uuid) -> Vec<String> {
    sqlx::query_scalar(
        "select a.verb from notifications n join activity a on a.id = n.activity_id
         where n.user_id = $1 order by n.id",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .expect("notifications")
}
