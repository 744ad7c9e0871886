//! Server-only code: application state, sessions and sign-in, SQL, mail, Markdown and the seed.
//!
//! Compiled only with the `ssr` feature, so none of it reaches the browser's wasm.

pub mod anchor;
pub mod auth;
pub mod cpu;
pub mod csp;
pub mod db;
pub mod diffs;
pub mod digest;
pub mod drafting;
pub mod events;
pub mod export;
pub mod feed;
pub mod forms;
pub mod live;
pub mod mail;
pub mod markdown;
pub mod membership;
pub mod memo;
pub mod passwords;
pub mod quota;
pub mod rendered;
pub mod seed;
pub mod sessions;
pub mod state;
pub mod text;
pub mod themes;
pub mod tokens;
