//! Reusable view pieces. They make no server calls of their own, except the language switch,
//! whose whole purpose is one.

pub mod date;
pub mod error_view;
pub mod form;
pub mod layout;
pub mod status;
pub mod title;
