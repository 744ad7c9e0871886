//! What a save does, decided without touching storage: the caller locks the draft, reads the
//! head (and the base the editor started from), asks [`plan`], and stores what it says.

use crate::align::Alignment;
use crate::attribution;
use crate::merge::{self, Conflict, Merge};

/// How a new revision came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveKind {
    /// Written on the head it was started from.
    Edited,
    /// Started from an older revision and merged with those saved meanwhile.
    Merged,
}

/// The decision of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The text is the head's: nothing to write.
    Unchanged,
    /// Write a new revision.
    Revision {
        /// Its text.
        body: String,
        /// Edited on the head, or merged.
        kind: SaveKind,
        /// For each token of `body`, the revision that wrote it.
        attribution: Vec<u32>,
        /// Words added and removed against the head.
        words: (usize, usize),
    },
    /// Passages changed on both sides: write nothing but keep the edit, with these conflicts and
    /// this starting point for resolving them.
    Conflicts {
        /// The passages concerned.
        conflicts: Vec<Conflict>,
        /// Everything merged, with the editor's version of each conflicting passage.
        resolution: String,
    },
}

/// The head of a draft as a save meets it.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    /// Its revision number; the new revision is the next.
    pub number: u32,
    /// Its text.
    pub body: &'a str,
    /// Its attribution (one revision per token).
    pub attribution: &'a [u32],
}

/// Decides a save of `mine` over `head`, by an editor who started from `base` (`None`: from the
/// head itself).
pub fn plan(head: Head<'_>, base: Option<&str>, mine: &str) -> Plan {
    let (body, kind) = match base {
        None => (mine.to_owned(), SaveKind::Edited),
        Some(base) => match merge::merge(base, head.body, mine) {
            Merge::Clean(merged) => (merged, SaveKind::Merged),
            Merge::Conflicts {
                conflicts,
                resolution,
            } => {
                return Plan::Conflicts {
                    conflicts,
                    resolution,
                };
            }
        },
    };
    if body == head.body {
        return Plan::Unchanged;
    }
    let alignment = Alignment::new(head.body, &body);
    let attribution = attribution::carry(&alignment, head.attribution, head.number + 1);
    let words = alignment.word_counts();
    Plan::Revision {
        body,
        kind,
        attribution,
        words,
    }
}

/// The attribution and word counts of a first revision.
pub fn first(body: &str) -> (Vec<u32>, (usize, usize)) {
    let alignment = Alignment::new("", body);
    (
        attribution::carry(&alignment, &[], 1),
        alignment.word_counts(),
    )
}
