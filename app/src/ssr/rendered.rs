//! Revisions rendered once: a revision's text never changes, so its HTML (with the commented
//! passages marked, for the current text) is kept in memory up to a bound, and rendered again
//! only when the marked passages differ from those it was rendered with.

use crate::ssr::drafting::TextShares;
use quick_cache::{Weighter, sync::Cache};
use std::{ops::Range, sync::Arc};
use uuid::Uuid;

/// A revision's HTML and the passages marked in it.
#[derive(Debug)]
pub struct RenderedText {
    /// The commented passages marked (comment id, byte range), as given to the renderer.
    pub passages: Vec<(i64, Range<usize>)>,
    /// The sanitised HTML.
    pub html: String,
}

/// A draft and one of its revisions.
type Key = (Uuid, i32);

#[derive(Clone)]
struct Bytes;

impl Weighter<Key, Arc<RenderedText>> for Bytes {
    fn weight(&self, _key: &Key, text: &Arc<RenderedText>) -> u64 {
        u64::try_from(text.html.len() + text.passages.len() * 32 + 128).unwrap_or(u64::MAX)
    }
}

/// The kept renderings (cheap to clone: the clones share them).
#[derive(Clone)]
pub struct Rendered {
    cache: Arc<Cache<Key, Arc<RenderedText>, Bytes>>,
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendered")
            .field("kept", &self.cache.len())
            .field("bytes", &self.cache.weight())
            .finish()
    }
}

/// The default bound: 16 MiB of HTML (and as much again for [`Shares`], far more than they
/// weigh for the same revisions).
pub const DEFAULT_BYTES: u64 = 16 * 1024 * 1024;

impl Rendered {
    /// Keeps at most `bytes` of rendered HTML.
    pub fn new(bytes: u64) -> Self {
        let estimated_items = usize::try_from(bytes / 65536).unwrap_or(256).max(16);
        Self {
            cache: Arc::new(Cache::with_weighter(estimated_items, bytes, Bytes)),
        }
    }

    /// Revision `revision` of `draft` rendered with these `passages` marked, if it is kept.
    pub fn get(
        &self,
        draft: Uuid,
        revision: i32,
        passages: &[(i64, Range<usize>)],
    ) -> Option<Arc<RenderedText>> {
        self.cache
            .get(&(draft, revision))
            .filter(|kept| kept.passages == passages)
    }

    /// Keeps a rendering just made (replacing one with other passages).
    pub fn keep(&self, draft: Uuid, revision: i32, text: Arc<RenderedText>) {
        self.cache.insert((draft, revision), text);
    }
}

/// Each kept revision's [`TextShares`]: who wrote how much of it, without reading its
/// attribution or tokenising its text again.
#[derive(Clone)]
pub struct Shares {
    cache: Arc<Cache<Key, Arc<TextShares>, ShareBytes>>,
}

#[derive(Clone)]
struct ShareBytes;

impl Weighter<Key, Arc<TextShares>> for ShareBytes {
    fn weight(&self, _key: &Key, shares: &Arc<TextShares>) -> u64 {
        u64::try_from(shares.words_by_revision.len() * 24 + shares.in_text.len() * 4 + 128)
            .unwrap_or(u64::MAX)
    }
}

impl std::fmt::Debug for Shares {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shares")
            .field("kept", &self.cache.len())
            .finish()
    }
}

impl Shares {
    /// Keeps at most `bytes` of shares.
    pub fn new(bytes: u64) -> Self {
        let estimated_items = usize::try_from(bytes / 4096).unwrap_or(256).max(16);
        Self {
            cache: Arc::new(Cache::with_weighter(estimated_items, bytes, ShareBytes)),
        }
    }

    /// The shares of revision `revision` of `draft`, if kept.
    pub fn get(&self, draft: Uuid, revision: i32) -> Option<Arc<TextShares>> {
        self.cache.get(&(draft, revision))
    }

    /// Keeps shares just computed.
    pub fn keep(&self, draft: Uuid, revision: i32, shares: Arc<TextShares>) {
        self.cache.insert((draft, revision), shares);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendering_is_found_again_only_with_the_same_passages_marked() {
        let rendered = Rendered::new(DEFAULT_BYTES);
        let draft = Uuid::new_v4();
        let passages = vec![(7, 0..5)];
        rendered.keep(
            draft,
            3,
            Arc::new(RenderedText {
                passages: passages.clone(),
                html: "<p><mark>Bonjour</mark></p>".to_owned(),
            }),
        );
        assert!(rendered.get(draft, 3, &passages).is_some());
        assert!(rendered.get(draft, 3, &[]).is_none());
        assert!(rendered.get(draft, 4, &passages).is_none());
    }
}
