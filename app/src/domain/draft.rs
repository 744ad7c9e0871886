//! A draft's states, and the shares of its text.

use super::UnknownStatus;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
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
    /// Every status, in the order of the workflow.
    pub const ALL: [Self; 4] = [Self::Writing, Self::Review, Self::Adopted, Self::Withdrawn];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Writing => "writing",
            Self::Review => "review",
            Self::Adopted => "adopted",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Whether the draft takes no more changes.
    pub fn is_frozen(self) -> bool {
        matches!(self, Self::Adopted | Self::Withdrawn)
    }

    /// Whether the workflow has a step from this status to `to`: writing ⇄ review → adopted;
    /// writing or review → withdrawn → writing. Adopted is final.
    pub fn may_move_to(self, to: Self) -> bool {
        matches!(
            (self, to),
            (Self::Writing, Self::Review)
                | (Self::Review, Self::Writing)
                | (Self::Review, Self::Adopted)
                | (Self::Writing | Self::Review, Self::Withdrawn)
                | (Self::Withdrawn, Self::Writing)
        )
    }
}

impl FromStr for DraftStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or(UnknownStatus)
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

stored_as!(RevisionKind {
    Created => "created",
    Edited => "edited",
    Merged => "merged",
    Restored => "restored",
});

/// Where a comment's passage stands in the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PassageState {
    /// As it was commented (perhaps moved).
    Intact,
    /// Edited since: the comment follows its closest match.
    Edited,
    /// Deleted.
    Removed,
}

stored_as!(PassageState {
    Intact => "intact",
    Edited => "edited",
    Removed => "removed",
});

/// What became of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionState {
    /// Waiting for a decision.
    Open,
    /// Accepted.
    Accepted,
    /// Declined.
    Declined,
}

stored_as!(SuggestionState {
    Open => "open",
    Accepted => "accepted",
    Declined => "declined",
});

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

#[cfg(test)]
mod tests {
    use super::{DraftStatus, RevisionKind};

    #[test]
    fn the_status_workflow_has_exactly_its_steps() {
        use DraftStatus::*;
        let steps: Vec<(DraftStatus, DraftStatus)> = DraftStatus::ALL
            .into_iter()
            .flat_map(|from| DraftStatus::ALL.into_iter().map(move |to| (from, to)))
            .filter(|(from, to)| from.may_move_to(*to))
            .collect();
        assert_eq!(
            steps,
            [
                (Writing, Review),
                (Writing, Withdrawn),
                (Review, Writing),
                (Review, Adopted),
                (Review, Withdrawn),
                (Withdrawn, Writing),
            ]
        );
    }

    #[test]
    fn adopted_is_final_and_withdrawn_drafts_can_be_taken_up_again() {
        use DraftStatus::*;
        assert!(Writing.may_move_to(Review));
        assert!(Review.may_move_to(Adopted));
        assert!(!Writing.may_move_to(Adopted));
        assert!(!Adopted.may_move_to(Writing));
        assert!(!Adopted.may_move_to(Withdrawn));
        assert!(Withdrawn.may_move_to(Writing));
        assert!(!Review.may_move_to(Review));
    }

    #[test]
    fn stored_states_read_back_and_unknown_ones_are_refused_not_defaulted() {
        for status in DraftStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
        assert!("deleted".parse::<DraftStatus>().is_err());
        assert!("Writing".parse::<DraftStatus>().is_err());
        assert_eq!("merged".parse(), Ok(RevisionKind::Merged));
        assert!("".parse::<RevisionKind>().is_err());
    }
}
