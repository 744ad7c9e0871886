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
pub fn init_executor() {
    let _ = any_spawner::Executor::init_custom_executor(SpanCarryingExecutor);
}
