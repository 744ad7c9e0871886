//! Atelier's user interface and server functions.
//!
//! The same crate is compiled twice: with `ssr` into the server (pages rendered to HTML, server
//! functions, SQL) and with `hydrate` into the browser's wasm (the same pages made interactive).
//! Everything under [`ssr`] exists only in the server build.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod plural_rules;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;

#[allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    clippy::unwrap_used,
    clippy::expect_used
)]
mod i18n_generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
/// Translations generated from `locales/*.json` at build time (French is the default locale).
pub use i18n_generated::i18n;

/// Entry point of the browser build: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    plural_rules::install();
    leptos::mount::hydrate_body(app::App);
    // A marker the end-to-end tests wait for before they click: the page is now interactive.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
