//! Diffs between two revisions, computed once: a revision never changes, so the diff of a pair
//! of revisions is the same for everyone who may read it, and is kept in memory up to a bound.
//!
//! The bound counts bytes of the diffs' text (with a small allowance per piece), not entries:
//! a diff of a large draft across its whole history weighs a hundred kilobytes, an adjacent
//! diff a few. Least-recently-used pairs make room. Access is checked before the cache is asked
//! (it is keyed by draft id, which only a reader of the thème learns).

use crate::ssr::text;
use draft_engine::display::DiffBlock;
use quick_cache::{Weighter, sync::Cache};
use std::sync::Arc;
use uuid::Uuid;

/// A computed diff, with its word counts.
#[derive(Debug)]
pub struct Computed {
    /// The blocks, in order.
    pub blocks: Vec<DiffBlock>,
    /// Words added from one side to the other.
    pub words_added: usize,
    /// Words removed.
    pub words_removed: usize,
}

/// A draft and two of its revisions (from, to).
type Key = (Uuid, i32, i32);

#[derive(Clone)]
struct Bytes;

impl Weighter<Key, Arc<Computed>> for Bytes {
    fn weight(&self, _key: &Key, diff: &Arc<Computed>) -> u64 {
        let text: usize = diff
            .blocks
            .iter()
            .map(|block| match block {
                DiffBlock::Same(text) | DiffBlock::Folded(_, text) => text.len() + 32,
                DiffBlock::Changed(segments) => segments
                    .iter()
                    .map(|segment| segment.text.len() + 40)
                    .sum::<usize>(),
            })
            .sum();
        u64::try_from(text + 128).unwrap_or(u64::MAX)
    }
}

/// The kept diffs (cheap to clone: the clones share them).
#[derive(Clone)]
pub struct Diffs {
    cache: Arc<Cache<Key, Arc<Computed>, Bytes>>,
}

impl std::fmt::Debug for Diffs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diffs")
            .field("kept", &self.cache.len())
            .field("bytes", &self.cache.weight())
            .finish()
    }
}

/// The default bound: 16 MiB of diffs.
pub const DEFAULT_BYTES: u64 = 16 * 1024 * 1024;

impl Diffs {
    /// Keeps at most `bytes` of diffs (estimated from their text).
    pub fn new(bytes: u64) -> Self {
        // quick_cache sizes its tables from an estimate of the number of entries.
        let estimated_items = usize::try_from(bytes / 8192).unwrap_or(1024).max(16);
        Self {
            cache: Arc::new(Cache::with_weighter(estimated_items, bytes, Bytes)),
        }
    }

    /// The diff of `draft` from revision `from` to `to`, if it is kept.
    pub fn get(&self, draft: Uuid, from: i32, to: i32) -> Option<Arc<Computed>> {
        self.cache.get(&(draft, from, to))
    }

    /// Keeps a diff just computed.
    pub fn keep(&self, draft: Uuid, from: i32, to: i32, diff: Arc<Computed>) {
        self.cache.insert((draft, from, to), diff);
    }

    /// How many diffs are kept.
    pub fn len(&self) -> usize {
        self.cache.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.cache.is_empty()
    }
}

/// Computes the diff of two texts (on the caller's thread: run it on the CPU pool).
pub fn compute(from: &str, to: &str) -> Computed {
    // Counted from the blocks (paragraph by paragraph), not from a diff of the whole texts:
    // between distant revisions that one costs seconds, this one milliseconds.
    let blocks = text::blocks(from, to);
    let (words_added, words_removed) = text::block_word_counts(&blocks);
    Computed {
        blocks,
        words_added,
        words_removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_diff_is_found_again_for_the_same_pair_only() {
        let diffs = Diffs::new(DEFAULT_BYTES);
        let draft = Uuid::new_v4();
        diffs.keep(draft, 1, 2, Arc::new(compute("un deux\n", "un trois\n")));
        let kept = diffs.get(draft, 1, 2).map(|diff| diff.words_added);
        assert_eq!(kept, Some(1));
        assert!(diffs.get(draft, 2, 1).is_none());
        assert!(diffs.get(Uuid::new_v4(), 1, 2).is_none());
    }

    #[test]
    fn diffs_beyond_the_bound_make_room_by_leaving() {
        let diffs = Diffs::new(64 * 1024);
        let draft = Uuid::new_v4();
        let long = "mot ".repeat(4_000);
        for to in 2..40 {
            diffs.keep(
                draft,
                1,
                to,
                Arc::new(compute(&long, &format!("{long}fin {to}\n"))),
            );
        }
        assert!(diffs.len() < 38, "{} diffs kept", diffs.len());
        assert!(diffs.cache.weight() <= 64 * 1024);
    }
}
