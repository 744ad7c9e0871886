//! Who the caller is in a thème, and what that lets them do.
//!
//! The server computes a [`Viewer`] once per request from the caller's account and membership;
//! pages read it to show or hide what the server would refuse anyway.

use serde::{Deserialize, Serialize};

/// A role within a thème.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeRole {
    /// A member.
    Member,
    /// A facilitator (animateur·rice).
    Facilitator,
}

stored_as!(ThemeRole {
    Member => "member",
    Facilitator => "facilitator",
});

/// A person's standing in a thème.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// Asked to join.
    Requested,
    /// A member.
    Active,
    /// Refused.
    Refused,
    /// Left.
    Left,
    /// Removed.
    Removed,
}

stored_as!(Standing {
    Requested => "requested",
    Active => "active",
    Refused => "refused",
    Left => "left",
    Removed => "removed",
});

/// What the caller is and may do in a thème.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Viewer {
    /// Signed in.
    pub signed_in: bool,
    /// Follows the thème.
    pub following: bool,
    /// Their standing, if they ever asked or belonged.
    pub standing: Option<Standing>,
    /// Their role, when a member.
    pub role: Option<ThemeRole>,
    /// May decide on requests and manage members.
    pub can_facilitate: bool,
    /// A site moderator: may edit, close, reopen and archive the thème, and name facilitators.
    pub can_moderate: bool,
}
