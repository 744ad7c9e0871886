//! Configuration from the environment.

use leptos::prelude::LeptosOptions;
use std::time::Duration;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database.
    pub database_url: String,
    /// `ATELIER_DB_MAX_CONNECTIONS`: the pool's size (default 10).
    pub max_connections: u32,
    /// `ATELIER_SEED`: load the seed thèmes at start-up when missing (default `true`).
    pub load_seed: bool,
    /// Leptos' options, from `LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT` and the other `LEPTOS_*`
    /// variables (defaults from the workspace's `Cargo.toml`).
    pub leptos: LeptosOptions,
    /// How long a graceful shutdown waits for requests in flight (`ATELIER_SHUTDOWN_GRACE_SECS`,
    /// default 10).
    pub shutdown_grace: Duration,
}

/// A configuration value that is missing or does not parse.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A required variable is unset.
    #[error("{0} is not set")]
    Missing(&'static str),
    /// A variable has a value that does not parse.
    #[error("{name} has an invalid value: {reason}")]
    Invalid {
        /// The variable.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url =
            std::env::var("DATABASE_URL").map_err(|_| ConfigError::Missing("DATABASE_URL"))?;
        let max_connections = parse_var("ATELIER_DB_MAX_CONNECTIONS", 10)?;
        let load_seed = parse_var("ATELIER_SEED", true)?;
        let shutdown_grace = Duration::from_secs(parse_var("ATELIER_SHUTDOWN_GRACE_SECS", 10)?);
        let leptos = leptos::prelude::get_configuration(None)
            .map_err(|e| ConfigError::Invalid {
                name: "LEPTOS_*",
                reason: e.to_string(),
            })?
            .leptos_options;
        Ok(Self {
            database_url,
            max_connections,
            load_seed,
            leptos,
            shutdown_grace,
        })
    }
}

fn parse_var<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => {
            value
                .trim()
                .parse()
                .map_err(|e: T::Err| ConfigError::Invalid {
                    name,
                    reason: e.to_string(),
                })
        }
        _ => Ok(default),
    }
}
