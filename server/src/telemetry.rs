//! Logging, set up once.
//!
//! `RUST_LOG` filters (default `info`); `ATELIER_LOG_FORMAT=json` writes one JSON object per line.
//! Every line logged while a request is handled carries the request's `request_id`.

use tracing::Instrument;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the global subscriber. Calling it twice is harmless (the second call does nothing).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("ATELIER_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = if json {
        registry
            .with(fmt::layer().json().with_current_span(true))
            .try_init()
    } else {
        // Colours only on a terminal: a log file or a journal gets plain, greppable lines.
        let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
        registry
            .with(fmt::layer().with_target(false).with_ansi(ansi))
            .try_init()
    };
}

/// Leptos' task spawner, with the spawning request's span carried into each task.
///
/// Server-side rendering runs resources (and so server functions and their SQL) on spawned
/// tasks; with Leptos' plain tokio executor those tasks lose the request span, and their log
/// lines lose the request id. This executor instruments every task with the span current when it
/// was spawned.
struct SpanCarryingExecutor;

impl any_spawner::CustomExecutor for SpanCarryingExecutor {
    fn spawn(&self, future: any_spawner::PinnedFuture<()>) {
        tokio::spawn(future.instrument(tracing::Span::current()));
    }

    fn spawn_local(&self, future: any_spawner::PinnedLocalFuture<()>) {
        tokio::task::spawn_local(future.instrument(tracing::Span::current()));
    }

    fn poll_local(&self) {}
}

/// Installs [`SpanCarryingExecutor`] as Leptos' executor. Must run before the router is built
/// (Leptos keeps the first executor installed); later calls do nothing.
///
/// Every caller returns only once the executor is installed. `any_spawner` sets its executor in
/// two steps and a second, concurrent `init_custom_executor` returns `AlreadySet` between them:
/// that caller's router then spawned into no executor, its resources never ran, and its page
/// waited for the request timeout (two test threads starting at once hit this in CI). A
/// [`std::sync::Once`] makes the concurrent callers wait for the first.
pub fn init_executor() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = any_spawner::Executor::init_custom_executor(SpanCarryingExecutor);
    });
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};

    /// Threads that install the executor at the same moment (as test threads do) each get an
    /// executor that runs what they spawn: a task dropped unrun would drop its sender too, and
    /// the receiver would report it.
    #[test]
    fn every_thread_that_installs_the_executor_at_once_can_spawn_right_after() {
        let threads = 16;
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a runtime");
                    barrier.wait();
                    super::init_executor();
                    runtime.block_on(async move {
                        let (sender, receiver) = tokio::sync::oneshot::channel();
                        any_spawner::Executor::spawn(async move {
                            let _ = sender.send(i);
                        });
                        receiver.await
                    })
                })
            })
            .collect();
        for (i, handle) in handles.into_iter().enumerate() {
            let ran = handle.join().expect("the thread ends");
            assert_eq!(ran, Ok(i), "thread {i}'s task was dropped unrun");
        }
    }
}
