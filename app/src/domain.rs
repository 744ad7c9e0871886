//! Types that parse outside input into values the rest of the code can trust.
//!
//! Pure code, compiled for the server and the browser alike.

pub mod access;
pub mod draft;
pub mod locale;
mod person;
mod theme;
pub mod urls;
pub mod wording;

pub use person::{DisplayName, Email, Password, Role};
pub use theme::{ThemeNumber, ThemeStatus, UnknownStatus, Visibility};
