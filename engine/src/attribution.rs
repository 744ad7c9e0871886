//! Who wrote each token: the revision that wrote it, carried forward from the parent revision
//! through the alignment, so it costs the size of the text, not the length of the history.
//! Tokens the alignment keeps keep their revision; the others are the new revision's, so an
//! untouched paragraph keeps its authors whatever else a save changed.

use crate::align::{Alignment, Step};

/// The attribution of the alignment's new text, from the old text's `attribution` (one entry per
/// old token; a missing entry counts as revision 0).
pub fn carry(alignment: &Alignment<'_>, attribution: &[u32], revision: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity(alignment.new.len());
    for step in &alignment.steps {
        match step {
            Step::Same { old, new } => {
                for (index, _) in old.clone().zip(new.clone()) {
                    out.push(attribution.get(index).copied().unwrap_or(0));
                }
            }
            Step::Change { new, .. } => out.extend(std::iter::repeat_n(revision, new.len())),
        }
    }
    out
}

/// The attribution of `new` written as `revision` over `old` and its `attribution`.
pub fn carry_text(old: &str, attribution: &[u32], new: &str, revision: u32) -> Vec<u32> {
    carry(&Alignment::new(old, new), attribution, revision)
}
