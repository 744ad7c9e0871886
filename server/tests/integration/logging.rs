//! Log lines written while a request is handled carry its request id, including those written by
//! server functions that server-side rendering runs on spawned tasks.

use crate::support;

use http::header::HeaderName;
use sqlx::{PgPool, postgres::PgPoolOptions};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::TestApp;

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Self;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Runs on a multi-threaded runtime like the real server's (`sqlx::test` uses a single thread,
/// where a spawned task happens to run inside the span of the request that spawned it).
#[test]
fn a_database_error_during_page_rendering_is_logged_with_the_request_id() {
    support::on_server_runtime(async {
        let database = support::FreshDatabase::create().await;
        app::ssr::seed::load(&database.pool).await.unwrap();
        // One connection, held by the test: the page's query waits for it, then times out. A
        // query that waits (rather than failing at once) is what runs on a spawned task.
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_millis(300))
            .connect(&database.url)
            .await
            .unwrap();
        let held = pool.acquire().await.unwrap();
        logs_carry_the_request_id(pool.clone()).await;
        drop(held);
        pool.close().await;
        database.drop().await;
    });
}

async fn logs_carry_the_request_id(pool: PgPool) {
    let captured = Captured::default();
    tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .init();
    let app = TestApp::new(pool);

    let request = http::Request::get("/themes/10")
        .header(HeaderName::from_static("x-request-id"), "req-under-test-42")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, http::StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        response
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("req-under-test-42")
    );

    // The subscriber is the process's: it also hears the other tests of this binary, whose
    // requests have other ids. This request's database error must be logged under its id.
    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    let ours: Vec<&str> = logs
        .lines()
        .filter(|line| line.contains("request_id=req-under-test-42"))
        .collect();
    assert!(
        ours.iter().any(|line| line.contains("database error")),
        "no database error logged under the request's id:\n{}",
        ours.join("\n")
    );
    assert!(
        !response.body.contains("pool timed out"),
        "the cause reached the page"
    );
}
