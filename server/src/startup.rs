//! Building the application: database pool, migrations, seed, router; then serving it.

use crate::{config::Config, middleware};
use app::{
    app::{App, shell},
    ssr::{
        auth,
        db::{MIGRATOR, attempts, tokens},
        events,
        live::Live,
        mail::{MailSetupError, Mailer},
        passwords::Passwords,
        seed,
        sessions::{CookiePolicy, PgSessionStore},
        state::{AppState, AuthSettings},
    },
};
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;
use tower_sessions::Session;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database could not be reached.
    #[error("cannot connect to the database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The mailer could not be set up.
    #[error("cannot set up e-mail: {0}")]
    Mail(#[from] MailSetupError),
    /// The listening socket could not be opened, or serving failed.
    #[error("cannot serve: {0}")]
    Io(#[from] std::io::Error),
}

/// Connects and applies the migrations.
pub async fn prepare_database(config: &Config) -> Result<PgPool, StartupError> {
    // A connection is checked (a round trip) only when it has been idle a while: checked before
    // every statement, as sqlx does by default, the round trips took an eighth of the server's
    // time under load. One that broke in between fails its statement and is replaced.
    let pool = PgPoolOptions::new()
        .max_connections(config.max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire(false)
        .before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for > Duration::from_secs(1) {
                    sqlx::Connection::ping(connection).await?;
                }
                Ok(true)
            })
        })
        .connect(&config.database_url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Connects, migrates, seeds, and serves until SIGINT or SIGTERM.
pub async fn run(config: Config) -> Result<(), StartupError> {
    let pool = prepare_database(&config).await?;
    if config.load_seed {
        let report = seed::load(&pool).await?;
        tracing::info!(themes_inserted = report.themes_inserted, "seed loaded");
    }

    let addr = config.leptos.site_addr;
    let state = state_from_config(&config, pool.clone())?;
    if let Some(folder) = state.mailer.folder() {
        tracing::info!(folder = %folder.display(), "no ATELIER_SMTP_URL: e-mails are written to files");
    }
    tokio::spawn(clean_up_every(pool.clone(), Duration::from_secs(600)));
    tokio::spawn(send_digests_every(
        pool.clone(),
        state.mailer.clone(),
        state.auth.public_url.clone(),
        Duration::from_secs(600),
    ));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("Atelier listening on http://{}", listener.local_addr()?);
    let live = state.live.clone();
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Event streams never end by themselves: end them so that connections drain.
        live.stop();
    })
    .await?;
    tracing::info!("requests drained; closing the database pool");
    tokio::time::timeout(config.shutdown_grace, pool.close())
        .await
        .ok();
    Ok(())
}

/// The application state the configuration describes.
pub fn state_from_config(config: &Config, pool: PgPool) -> Result<AppState, StartupError> {
    let mailer = match &config.smtp_url {
        Some(url) => Mailer::smtp(url, &config.mail_from)?,
        None => Mailer::files(&config.mail_dir, &config.mail_from)?,
    };
    let mut auth = AuthSettings::local(config.public_url.clone());
    if let Some(secure) = config.secure_cookies {
        auth.cookie = CookiePolicy { secure };
    }
    auth.trust_proxy = config.trust_proxy;
    auth.limits = config.limits;
    Ok(AppState {
        live: Live::new(pool.clone()),
        pool,
        leptos_options: config.leptos.clone(),
        passwords: Passwords::new(config.password_hashes),
        cpu: app::ssr::cpu::Cpu::new(config.cpu_workers, app::ssr::cpu::QUEUE),
        quotas: app::ssr::quota::Quotas::new(config.quotas),
        diffs: app::ssr::diffs::Diffs::new(app::ssr::diffs::DEFAULT_BYTES),
        rendered: app::ssr::rendered::Rendered::new(app::ssr::rendered::DEFAULT_BYTES),
        shares: app::ssr::rendered::Shares::new(app::ssr::rendered::DEFAULT_BYTES),
        mailer,
        auth,
        visit_gap: config.visit_gap,
    })
}

/// The application's routes, listed once per process.
///
/// Listing them renders the app with resource loading switched off, and that switch is
/// process-wide in Leptos 0.8 (`leptos_server`'s `IS_SUPPRESSING_RESOURCE_LOAD`, upstream issue
/// leptos-rs/leptos#4773): a page rendered by another router of the same process while a list is
/// being made never loads its data and waits for the request timeout. The server builds one
/// router, but the tests build one per test, side by side; with the list made once (and every
/// other caller waiting for it), no page renders while it is made.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The routes served beside the app's pages and server functions.
fn own_routes() -> [(&'static str, axum::routing::MethodRouter<AppState>); 6] {
    [
        ("/healthz", get(healthz)),
        ("/logout", post(logout)),
        ("/themes/{number}/feed.atom", get(theme_feed)),
        ("/events", get(events::unread_events)),
        (
            "/themes/{number}/drafts/{draft}/revisions/{revision}/{file}",
            get(app::ssr::export::export_revision),
        ),
        (
            "/themes/{number}/discussions/{thread}/events",
            get(events::thread_events),
        ),
    ]
}

/// Every address pattern the router answers (pages, then its own routes), for the tests that
/// must cover them all; server functions are listed by `server_fn::axum::server_fn_paths`.
pub fn route_paths() -> Vec<String> {
    route_list()
        .iter()
        .map(|listing| listing.path().to_owned())
        .chain(own_routes().map(|(path, _)| path.to_owned()))
        .collect()
}

/// The whole application as one router: pages, server functions, `/healthz`, `/logout`, static
/// files; sessions, then the middleware stack, in front of all of it.
pub fn router(state: AppState) -> Router {
    app::plural_rules::install();
    let routes = route_list();
    let options = state.leptos_options.clone();
    let sessions = PgSessionStore::new(state.pool.clone()).layer(state.auth.cookie);
    // Served over HTTPS (the public address says so): browsers are told to keep to it.
    let https = state.auth.public_url.starts_with("https://");
    let router = own_routes()
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route)
        })
        .merge(crate::assets::router(
            &state.leptos_options.site_pkg_dir,
            std::path::Path::new(&*state.leptos_options.site_root)
                .join(&*state.leptos_options.site_pkg_dir),
        ))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state)
        .layer(sessions);
    middleware::apply(router, https)
}

/// `GET /themes/{number}/feed.atom`: a public thème's public activity (the latest 50 events).
/// Members-only thèmes have no feed: 404, as for an unknown number.
async fn theme_feed(
    State(state): State<AppState>,
    axum::extract::Path(number): axum::extract::Path<String>,
) -> Result<axum::response::Response, app::error::AppError> {
    use app::{
        domain::ThemeNumber,
        error::AppError,
        ssr::{db::groups, feed},
    };
    let number: ThemeNumber = number.parse().map_err(|_| AppError::NotFound)?;
    let (theme_id, theme) = groups::public_theme(&state.pool, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let events = groups::timeline(&state.pool, theme_id, false, None, None, 50).await?;
    let document = feed::build(&state.auth.public_url, &theme, &events);
    Ok((
        [(
            http::header::CONTENT_TYPE,
            "application/atom+xml; charset=utf-8",
        )],
        document,
    )
        .into_response())
}

/// `POST /logout`: deletes the session on the server, clears the cookie, goes home.
/// Signs out and tells the browser to forget what this site stored in it (unsaved draft texts),
/// so that the next person on the same browser finds none of it.
async fn logout(
    session: Session,
) -> Result<([(http::HeaderName, &'static str); 1], Redirect), app::error::AppError> {
    if let Ok(Some(user_id)) = session
        .get::<uuid::Uuid>(app::ssr::sessions::USER_ID_KEY)
        .await
    {
        tracing::info!(%user_id, "signed out");
    }
    auth::end(&session).await?;
    Ok((
        [(
            http::HeaderName::from_static("clear-site-data"),
            "\"storage\"",
        )],
        Redirect::to("/"),
    ))
}

/// Sends the daily digests that are due every `period`, forever.
pub async fn send_digests_every(
    pool: PgPool,
    mailer: app::ssr::mail::Mailer,
    site: String,
    period: Duration,
) {
    let mut interval = tokio::time::interval(period);
    loop {
        interval.tick().await;
        match app::ssr::digest::send_due(&pool, &mailer, &site).await {
            Ok(sent) if sent > 0 => tracing::info!(sent, "daily digests sent"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "sending daily digests failed"),
        }
    }
}

/// Deletes expired sessions, old sign-in attempts, expired links and old draft stashes every `period`, forever.
pub async fn clean_up_every(pool: PgPool, period: Duration) {
    let store = PgSessionStore::new(pool.clone());
    let mut interval = tokio::time::interval(period);
    loop {
        interval.tick().await;
        use tower_sessions::session_store::ExpiredDeletion;
        if let Err(error) = store.delete_expired().await {
            tracing::warn!(%error, "deleting expired sessions failed");
        }
        match attempts::delete_old(&pool).await {
            Ok(deleted) if deleted > 0 => tracing::info!(deleted, "old sign-in attempts deleted"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "deleting old sign-in attempts failed"),
        }
        if let Err(error) = tokens::delete_expired(&pool).await {
            tracing::warn!(%error, "deleting expired links failed");
        }
        if let Err(error) = app::ssr::db::drafts::delete_old_stashes(&pool).await {
            tracing::warn!(%error, "deleting old draft stashes failed");
        }
        if let Err(error) = app::ssr::db::discussions::delete_old_kept_texts(&pool).await {
            tracing::warn!(%error, "deleting old kept texts failed");
        }
    }
}

/// 200 `ok` when the database answers within two seconds, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let probe = sqlx::query_scalar::<_, i32>("select 1").fetch_one(&state.pool);
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(_)) => (StatusCode::OK, "ok"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("health check: database timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}

/// A pool for tests and tools, without running the server.
pub async fn connect(database_url: &str) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(5)
        .connect(database_url)
        .await
}
