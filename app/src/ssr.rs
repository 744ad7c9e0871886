//! Server-only code: application state, SQL, Markdown rendering and the seed.
//!
//! Compiled only with the `ssr` feature, so none of it reaches the browser's wasm.

pub mod csp;
pub mod db;
pub mod markdown;
pub mod passwords;
pub mod seed;
pub mod state;
