//! CPU-heavy work (rendering Markdown, diffs, merges, attribution) on a bounded pool, off the
//! async workers that answer every request.
//!
//! A job runs on tokio's blocking threads, at most `workers` at once; at most `queue` more may
//! wait for a turn. Beyond that the request is refused at once with [`AppError::RateLimited`]
//! (429, a translated "try again in a moment"), rather than queueing without end: a burst of
//! heavy requests slows the heavy requests, never `/healthz` or an ordinary page.

use crate::error::AppError;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The bounded pool (cheap to clone: the clones share it).
#[derive(Clone, Debug)]
pub struct Cpu {
    /// One permit per job running.
    running: Arc<Semaphore>,
    /// One permit per job running or waiting.
    admitted: Arc<Semaphore>,
}

/// Jobs that may wait for a turn beyond those running, by default.
pub const QUEUE: usize = 64;

impl Cpu {
    /// A pool running `workers` jobs at once (at least one), with `queue` more waiting.
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        Self {
            running: Arc::new(Semaphore::new(workers)),
            admitted: Arc::new(Semaphore::new(workers + queue)),
        }
    }

    /// Runs `work` on the pool and returns what it returns; [`AppError::RateLimited`] when the
    /// pool and its queue are full.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let admitted = self.admitted.clone().try_acquire_owned().map_err(|_| {
            tracing::warn!("CPU pool full: a heavy request refused");
            AppError::RateLimited
        })?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| AppError::Internal)?;
        tokio::task::spawn_blocking(move || {
            let _held = (admitted, running);
            work()
        })
        .await
        .map_err(|error| {
            tracing::error!(%error, "a CPU job failed");
            AppError::Internal
        })
    }
}

impl Cpu {
    /// `markdown` rendered to safe HTML ([`to_safe_html`](crate::ssr::markdown::to_safe_html)) on
    /// the pool.
    pub async fn markdown(&self, markdown: &str) -> Result<String, AppError> {
        let markdown = markdown.to_owned();
        self.run(move || crate::ssr::markdown::to_safe_html(&markdown))
            .await
    }
}

/// The pool of the current request's application state.
pub async fn run<T, F>(work: F) -> Result<T, AppError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    crate::ssr::state::AppState::from_context()?
        .cpu
        .run(work)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_runs_off_the_thread_that_answers_requests_and_gives_its_result_back() {
        let cpu = Cpu::new(1, 0);
        assert_eq!(cpu.run(|| 6 * 7).await, Ok(42));
        let here = std::thread::current().id();
        let there = cpu.run(|| std::thread::current().id()).await;
        assert_ne!(there, Ok(here));
    }

    #[tokio::test]
    async fn beyond_the_running_jobs_and_the_queue_a_job_is_refused_at_once() {
        let cpu = Cpu::new(1, 1);
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel();
        let first = {
            let cpu = cpu.clone();
            tokio::spawn(async move {
                cpu.run(move || {
                    let _ = started.send(());
                    let _ = wait.recv();
                    1
                })
                .await
            })
        };
        running.await.expect("the first job runs");
        // One running, one may wait: the second is queued, the third refused.
        let second = {
            let cpu = cpu.clone();
            tokio::spawn(async move { cpu.run(|| 2).await })
        };
        while cpu.admitted.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(cpu.run(|| 3).await, Err(AppError::RateLimited));
        release.send(()).expect("the first job waits");
        assert_eq!(first.await.expect("joined"), Ok(1));
        assert_eq!(second.await.expect("joined"), Ok(2));
        assert_eq!(cpu.run(|| 4).await, Ok(4), "the pool is free again");
    }
}
