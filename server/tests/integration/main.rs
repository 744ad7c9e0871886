//! The server's integration tests, in one binary (one link instead of one per area): the real
//! router in process, a fresh database per test (`#[sqlx::test]`), and the state built from a
//! configuration as `server::startup` builds it.

// Test helpers may panic: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod accounts;
mod admin;
mod authorization;
mod concurrency;
mod db;
mod discussions;
mod draft_concurrency;
mod drafts;
mod groups;
mod limits;
mod logging;
mod malformed;
mod review;
mod router;
mod search;
mod sessions;
mod statements;
mod typography;
