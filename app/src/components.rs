//! Reusable view pieces: they take data and make no server call (the page frame, which fetches
//! who is signed in and switches the language, is in `routes::frame`).

pub mod date;
pub mod error_view;
pub mod form;
pub mod person;
pub mod redline;
pub mod status;
pub mod title;
