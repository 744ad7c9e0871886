//! The per-request nonce of the Content-Security-Policy.
//!
//! The server's middleware draws a nonce for each request, stores it in the request's extensions
//! and sends it in the `Content-Security-Policy` header; the shell hands it to Leptos so that the
//! hydration scripts it writes carry the same nonce.

use leptos::{nonce::Nonce, prelude::*};

/// A request's CSP nonce, as stored in the request extensions.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    /// A fresh nonce: 122 random bits, URL-safe characters only.
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().simple().to_string())
    }

    /// The `Content-Security-Policy` header value that allows this nonce's scripts and the wasm.
    pub fn policy(&self) -> String {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            self.0
        )
    }
}

/// Makes the current request's nonce available to Leptos' `HydrationScripts`.
pub fn provide_request_nonce() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(value)) = nonce {
        provide_context(Nonce::from_value(value));
    }
}
