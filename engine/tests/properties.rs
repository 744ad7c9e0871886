//! Properties of the engine over random texts: alignments and diffs read back as both texts,
//! merges keep what they must, attribution gives every token one author, anchors follow.

use draft_engine::align::{Alignment, Step};
use draft_engine::anchor::{self, Anchored};
use draft_engine::display::{SegmentKind, blocks, side};
use draft_engine::merge::{Merge, merge};
use draft_engine::tokens::tokenize;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "le",
    "la",
    "groupe",
    "économie",
    "solidaire",
    "territoire",
    "coopérative",
    "projet",
    "l’ESS",
    "innovation",
    "sociale",
    "circuits",
    "courts",
    "emploi",
    "local",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(&[" ", " ", ", ", ".\n", "\n\n", " « ", " » "][..]),
        ),
        0..60,
    )
    .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn an_alignment_covers_both_texts_and_keeps_only_equal_tokens(old in text(), new in text()) {
        let alignment = Alignment::new(&old, &new);
        let (mut o, mut n) = (0, 0);
        let mut rebuilt = String::new();
        for step in &alignment.steps {
            match step {
                Step::Same { old: a, new: b } => {
                    prop_assert_eq!(&alignment.old[a.clone()], &alignment.new[b.clone()]);
                    prop_assert_eq!((a.start, b.start), (o, n));
                    rebuilt.push_str(&alignment.new[b.clone()].concat());
                    (o, n) = (a.end, b.end);
                }
                Step::Change { old: a, new: b } => {
                    prop_assert_eq!((a.start, b.start), (o, n));
                    rebuilt.push_str(&alignment.new[b.clone()].concat());
                    (o, n) = (a.end, b.end);
                }
            }
        }
        prop_assert_eq!((o, n), (alignment.old.len(), alignment.new.len()));
        prop_assert_eq!(rebuilt, new);
    }

    #[test]
    fn a_diff_view_reads_back_as_both_revisions(old in text(), new in text()) {
        let blocks = blocks(&old, &new);
        prop_assert_eq!(side(&blocks, SegmentKind::Removed), old);
        prop_assert_eq!(side(&blocks, SegmentKind::Added), new);
    }

    #[test]
    fn merging_with_an_unchanged_side_gives_the_other(base in text(), edited in text()) {
        prop_assert_eq!(merge(&base, &base, &edited), Merge::Clean(edited.clone()));
        prop_assert_eq!(merge(&base, &edited, &base), Merge::Clean(edited.clone()));
        prop_assert_eq!(merge(&base, &edited, &edited), Merge::Clean(edited));
    }

    #[test]
    fn a_conflict_resolution_holds_my_version_of_each_passage(base in text(), theirs in text(), mine in text()) {
        match merge(&base, &theirs, &mine) {
            Merge::Clean(_) => {}
            Merge::Conflicts { conflicts, resolution } => {
                prop_assert!(!conflicts.is_empty());
                for conflict in &conflicts {
                    prop_assert_ne!(&conflict.theirs, &conflict.mine);
                    prop_assert!(resolution.contains(&conflict.mine));
                }
            }
        }
    }

    #[test]
    fn edits_to_disjoint_passages_merge_cleanly_and_both_survive(
        words in prop::collection::vec(prop::sample::select(WORDS), 8..60),
        first in 0usize..100,
        second in 0usize..100,
        a in "[A-Z]{3,8}",
        b in "[A-Z]{3,8}",
        breaks in prop::collection::vec(any::<bool>(), 60),
    ) {
        // Two single-word replacements at least two words apart, by words the text lacks, in a
        // text with line breaks here and there.
        let n = words.len();
        let (i, j) = (first % n, second % n);
        prop_assume!(i.abs_diff(j) >= 3);
        let join = |items: &[&str]| -> String {
            items.iter().enumerate().map(|(k, w)| {
                let gap = if k + 1 == items.len() { "" } else if breaks[k] { "\n" } else { " " };
                format!("{w}{gap}")
            }).collect()
        };
        let base = join(&words);
        let edit = |k: usize, w: &str| { let mut copy = words.clone(); copy[k] = w; join(&copy) };
        let mut both = words.clone();
        both[i] = &a;
        both[j] = &b;
        prop_assert_eq!(merge(&base, &edit(i, &a), &edit(j, &b)), Merge::Clean(join(&both)));
    }

    #[test]
    fn attribution_follows_every_token_and_untouched_words_keep_their_revision(
        revisions in prop::collection::vec(text(), 1..8),
    ) {
        let mut previous = String::new();
        let mut attribution: Vec<u32> = Vec::new();
        for (index, revision_text) in revisions.iter().enumerate() {
            let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let alignment = Alignment::new(&previous, revision_text);
            let carried = draft_engine::attribution::carry(&alignment, &attribution, number);
            prop_assert_eq!(carried.len(), tokenize(revision_text).len());
            prop_assert!(carried.iter().all(|r| (1..=number).contains(r)));
            for step in &alignment.steps {
                match step {
                    Step::Same { old, new } => prop_assert_eq!(&carried[new.clone()], &attribution[old.clone()]),
                    Step::Change { new, .. } => prop_assert!(carried[new.clone()].iter().all(|r| *r == number)),
                }
            }
            previous = revision_text.clone();
            attribution = carried;
        }
    }

    #[test]
    fn a_passage_of_an_unchanged_text_stays_where_it_is(text in text(), from in 0usize..60, length in 1usize..6) {
        let words = anchor::word_ranges(&text);
        prop_assume!(!words.is_empty());
        let first = from % words.len();
        let last = (first + length).min(words.len()) - 1;
        let range = words[first].start..words[last].end;
        let quote = text[range.clone()].to_owned();
        let edited = format!("Un ajout en tête.\n\n{text}");
        match anchor::carry(&text, &edited, range.clone(), &quote) {
            Anchored::Intact(found) => prop_assert_eq!(&edited[found], quote.as_str()),
            other => prop_assert!(false, "expected intact, got {:?}", other),
        }
    }
}
