//! Types that parse outside input into values the rest of the code can trust.
//!
//! Pure code, compiled for the server and the browser alike.

mod person;
mod theme;

pub use person::{DisplayName, Email, Password, Role};
pub use theme::{ThemeNumber, ThemeStatus, Visibility};
