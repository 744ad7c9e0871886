//! The text of shared drafts, as the server uses it: the draft engine (`engine/`, crate
//! `draft_engine`) does the work — tokens, word diffs, three-way merges, attribution — purely and
//! deterministically; this module only names what the server calls.

pub use draft_engine::align::word_counts;
pub use draft_engine::display::{block_word_counts, blocks};
pub use draft_engine::merge::{Conflict, Merge, merge};
pub use draft_engine::tokens::{is_word, tokenize};

/// The attribution of `new` (the revision that wrote each token), carried from `old` and its
/// attribution (stored as `i32`): tokens the alignment keeps keep theirs, the others get
/// `revision`.
pub fn carry_attribution(old: &str, attribution: &[i32], new: &str, revision: i32) -> Vec<i32> {
    let attribution: Vec<u32> = attribution
        .iter()
        .map(|r| u32::try_from(*r).unwrap_or(0))
        .collect();
    let revision = u32::try_from(revision).unwrap_or(0);
    draft_engine::attribution::carry_text(old, &attribution, new, revision)
        .into_iter()
        .map(|r| i32::try_from(r).unwrap_or(i32::MAX))
        .collect()
}
