//! Pages served concurrently, on a multi-threaded runtime like the real server's, never fail.

use crate::support;

use support::{FreshDatabase, TestApp};

#[test]
fn hundreds_of_concurrent_page_requests_all_succeed() {
    support::on_server_runtime(async {
        let database = FreshDatabase::create().await;
        let app = std::sync::Arc::new(TestApp::seeded(database.pool.clone()).await);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..600 {
            let app = app.clone();
            let path = ["/", "/themes/10", "/themes/11", "/themes/99"][i % 4];
            tasks.spawn(async move { (path, app.get(path).await.status) });
        }
        let mut failures = Vec::new();
        while let Some(result) = tasks.join_next().await {
            let (path, status) = result.expect("the request task completes");
            let expected = if path == "/themes/99" { 404 } else { 200 };
            if status.as_u16() != expected {
                failures.push(format!("{path}: {status}"));
            }
        }
        database.drop().await;
        assert!(
            failures.is_empty(),
            "{} failures: {:?}",
            failures.len(),
            &failures[..failures.len().min(10)]
        );
    });
}
