//! A draft's states, and the shares of its text.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a draft stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftStatus {
    /// Being written.
    Writing,
    /// Under review.
    Review,
    /// Adopted by the group.
    Adopted,
    /// Withdrawn.
    Withdrawn,
}

impl DraftStatus {
    /// From the stored value.
    pub fn from_db(value: &str) -> Self {
        match value {
            "review" => Self::Review,
            "adopted" => Self::Adopted,
            "withdrawn" => Self::Withdrawn,
            _ => Self::Writing,
        }
    }
}

/// How a revision came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevisionKind {
    /// The first text.
    Created,
    /// An edit of the head.
    Edited,
    /// An edit of an older revision, merged into the head.
    Merged,
    /// An older revision brought back.
    Restored,
}

impl RevisionKind {
    /// From the stored value.
    pub fn from_db(value: &str) -> Self {
        match value {
            "created" => Self::Created,
            "merged" => Self::Merged,
            "restored" => Self::Restored,
            _ => Self::Edited,
        }
    }
}

/// How many colours the attribution view cycles through.
pub const PALETTE: usize = 10;

/// One person's part of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contributor {
    /// The person (none for a deleted account).
    pub user_id: Option<Uuid>,
    /// Their name.
    pub name: String,
    /// How many revisions they saved.
    pub revisions: i32,
    /// Words of the current text they wrote.
    pub words: i64,
    /// Their share of the current text's words, in tenths of a percent.
    pub permille: i64,
    /// Their colour in the attribution view (0..PALETTE).
    pub colour: usize,
}
