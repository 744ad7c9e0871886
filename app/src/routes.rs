//! One page component per route.

pub mod account;
pub mod admin;
pub mod discussions;
pub mod drafts;
pub mod frame;
pub mod groups;
pub mod home;
pub mod not_found;
pub mod page;
pub mod review;
pub mod search;
pub mod theme;
