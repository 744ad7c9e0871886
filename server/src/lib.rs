//! Atelier's axum server: configuration, telemetry, start-up (migrations, seed) and the router.
//!
//! [`startup::router`] is kept apart from [`startup::run`] so that the HTTP tests drive the very
//! same router in process.

pub mod admin;
pub mod assets;
pub mod config;
pub mod middleware;
pub mod startup;
pub mod telemetry;
