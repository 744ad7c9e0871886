//! All SQL lives here, one module per area; nothing here knows about HTTP.

pub mod cahier;
pub mod users;

/// The schema migrations in `migrations/`, embedded in the binary and applied at start-up.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");
