//! All SQL lives here, one module per area; nothing here knows about HTTP.

pub mod attempts;
pub mod cahier;
pub mod decode;
pub mod discussions;
pub mod drafts;
pub mod groups;
pub mod review;
pub mod search;
pub mod sessions;
pub mod themes;
pub mod tokens;
pub mod users;
pub mod visits;

/// The schema migrations in `migrations/`, embedded in the binary and applied at start-up.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");
