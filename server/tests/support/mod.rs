//! A test harness around the real router.
//!
//! Each test binary includes this module and uses a part of it.
#![allow(dead_code)]

use app::ssr::{seed, state::AppState};
use axum::{Router, body::Body};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tower::ServiceExt;

/// The application router over a test database.
pub struct TestApp {
    router: Router,
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
        server::telemetry::init_executor();
        let leptos_options = LeptosOptions::builder()
            .output_name("atelier")
            .site_root("target/site")
            .build();
        let state = AppState {
            pool,
            leptos_options,
        };
        Self {
            router: server::startup::router(state),
        }
    }

    /// GET `path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        let request = Request::get(path)
            .body(Body::empty())
            .expect("a valid request");
        self.send(request).await
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
