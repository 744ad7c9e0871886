//! The text engine of shared drafts: word-level diffs, three-way merges and attribution.
//!
//! A text is cut into tokens — words, runs of whitespace, single punctuation marks — so that
//! joining the tokens gives the text back byte for byte. Diffs are computed on tokens (similar's
//! Myers diff), so a change is shown and merged at word level; attribution gives each token the
//! revision that wrote it and is carried forward from a diff against the parent, so it costs the
//! size of the text, not the length of the history.

use crate::api::drafts::{DiffBlock, Segment, SegmentKind};
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::ops::Range;
use std::time::{Duration, Instant};

/// How long one diff may search for the shortest edit. Past it, similar returns a longer but
/// still exact diff: a save or a page never stalls on two very different texts.
const DIFF_BUDGET: Duration = Duration::from_millis(200);

/// The diff operations from `old` to `new` (Myers, within [`DIFF_BUDGET`]).
fn ops<T: Ord + std::hash::Hash>(old: &[T], new: &[T]) -> Vec<DiffOp> {
    capture_diff_slices_deadline(
        Algorithm::Myers,
        old,
        new,
        Some(Instant::now() + DIFF_BUDGET),
    )
}

/// Cuts `text` into tokens; their concatenation is `text`.
pub fn tokenize(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Word,
        Space,
        Mark,
    }
    fn kind(c: char) -> Kind {
        if c.is_whitespace() {
            Kind::Space
        } else if c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' {
            Kind::Word
        } else {
            Kind::Mark
        }
    }
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut previous: Option<Kind> = None;
    for (index, c) in text.char_indices() {
        let current = kind(c);
        if let Some(before) = previous
            && (before != current || current == Kind::Mark)
        {
            tokens.push(&text[start..index]);
            start = index;
        }
        previous = Some(current);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

/// One change: the tokens `old` of the old text are replaced by `new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The replaced range of old tokens (empty for a pure insertion).
    pub old: Range<usize>,
    /// The tokens put in its place (empty for a pure deletion).
    pub new: Vec<String>,
}

/// The word-level changes from `old` to `new`, in order.
pub fn diff(old: &[&str], new: &[&str]) -> Vec<Hunk> {
    let mut hunks: Vec<Hunk> = Vec::new();
    // Where the previous operation ended in `old`. similar 2.7 can report a stale `old_index` for
    // an insertion that follows a deletion (found by the property test below), so insertions are
    // placed from the walk, not from the operation.
    let mut old_position = 0;
    for op in ops(old, new) {
        let (old_range, new_range) = match op {
            DiffOp::Insert { .. } => (old_position..old_position, op.new_range()),
            _ => (op.old_range(), op.new_range()),
        };
        old_position = old_range.end;
        if let DiffOp::Equal { .. } = op {
            continue;
        }
        let inserted: Vec<String> = new[new_range].iter().map(|t| (*t).to_owned()).collect();
        // Adjacent operations (a deletion then an insertion) form one replacement.
        match hunks.last_mut() {
            Some(last) if last.old.end == old_range.start && touching(last, &old_range) => {
                last.old.end = old_range.end;
                last.new.extend(inserted);
            }
            _ => hunks.push(Hunk {
                old: old_range,
                new: inserted,
            }),
        }
    }
    hunks
}

fn touching(last: &Hunk, next: &Range<usize>) -> bool {
    last.old.end == next.start
}

/// Applies `hunks` (from [`diff`] of `old`) to `old`.
pub fn apply(old: &[&str], hunks: &[Hunk]) -> String {
    let mut out = String::new();
    let mut position = 0;
    for hunk in hunks {
        out.extend(old[position..hunk.old.start].iter().copied());
        out.extend(hunk.new.iter().map(String::as_str));
        position = hunk.old.end;
    }
    out.extend(old[position..].iter().copied());
    out
}

/// Words added and removed between two texts (whitespace and punctuation not counted).
pub fn word_counts(old: &str, new: &str) -> (usize, usize) {
    let (old_tokens, new_tokens) = (tokenize(old), tokenize(new));
    fn is_word(token: &str) -> bool {
        token.chars().next().is_some_and(char::is_alphanumeric)
    }
    let mut added = 0;
    let mut removed = 0;
    for hunk in diff(&old_tokens, &new_tokens) {
        removed += old_tokens[hunk.old.clone()]
            .iter()
            .filter(|t| is_word(t))
            .count();
        added += hunk
            .new
            .iter()
            .map(String::as_str)
            .filter(|t| is_word(t))
            .count();
    }
    (added, removed)
}

/// A passage both sides changed differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// A few words of the base before the passage (within its paragraph), for context.
    pub before: String,
    /// A few words after it.
    pub after: String,
    /// The passage as it was in the base.
    pub base: String,
    /// As the other editor left it (the saved head).
    pub theirs: String,
    /// As this editor wrote it.
    pub mine: String,
}

/// The outcome of a three-way merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// Both sides' changes apply: the merged text.
    Clean(String),
    /// Some passages were changed on both sides: nothing is saved. `resolution` is the merge with
    /// this editor's version of each conflicting passage, the starting point for resolving.
    Conflicts {
        /// The passages changed on both sides.
        conflicts: Vec<Conflict>,
        /// Both sides' clean changes, and `mine` where they conflict.
        resolution: String,
    },
}

/// Merges `theirs` and `mine`, both edited from `base`, at word level.
pub fn merge(base: &str, theirs: &str, mine: &str) -> Merge {
    let base_tokens = tokenize(base);
    let theirs_hunks = diff(&base_tokens, &tokenize(theirs));
    let mine_hunks = diff(&base_tokens, &tokenize(mine));
    // Every hunk, tagged with its side, by position in the base.
    let mut all: Vec<(bool, &Hunk)> = theirs_hunks
        .iter()
        .map(|h| (true, h))
        .chain(mine_hunks.iter().map(|h| (false, h)))
        .collect();
    all.sort_by_key(|(theirs, h)| (h.old.start, h.old.end, !*theirs));

    let mut merged: Vec<Hunk> = Vec::new();
    let mut conflicts = Vec::new();
    let mut index = 0;
    while index < all.len() {
        // A cluster: hunks whose base ranges overlap or start at the same place.
        let mut cluster = vec![all[index]];
        let mut end = all[index].1.old.end;
        let start = all[index].1.old.start;
        index += 1;
        while index < all.len()
            && (overlaps(start, end, &all[index].1.old)
                || only_spaces_between(&base_tokens, end, all[index].1.old.start))
        {
            end = end.max(all[index].1.old.end);
            cluster.push(all[index]);
            index += 1;
        }
        let sides: (Vec<&Hunk>, Vec<&Hunk>) = (
            cluster
                .iter()
                .filter(|(t, _)| *t)
                .map(|(_, h)| *h)
                .collect(),
            cluster
                .iter()
                .filter(|(t, _)| !*t)
                .map(|(_, h)| *h)
                .collect(),
        );
        let region = start..end;
        let text_of = |hunks: &[&Hunk]| {
            let shifted: Vec<Hunk> = hunks
                .iter()
                .map(|h| Hunk {
                    old: (h.old.start - start)..(h.old.end - start),
                    new: h.new.clone(),
                })
                .collect();
            apply(&base_tokens[region.clone()], &shifted)
        };
        let replacement = match (sides.0.is_empty(), sides.1.is_empty()) {
            (false, true) => text_of(&sides.0),
            (true, false) => text_of(&sides.1),
            _ => {
                let (theirs_text, mine_text) = (text_of(&sides.0), text_of(&sides.1));
                if theirs_text == mine_text {
                    theirs_text
                } else {
                    conflicts.push(Conflict {
                        before: context(
                            &base_tokens[region.start.saturating_sub(CONTEXT)..region.start],
                            true,
                        ),
                        after: context(
                            &base_tokens[region.end..(region.end + CONTEXT).min(base_tokens.len())],
                            false,
                        ),
                        base: base_tokens[region.clone()].concat(),
                        theirs: theirs_text,
                        mine: mine_text.clone(),
                    });
                    mine_text
                }
            }
        };
        merged.push(Hunk {
            old: region,
            new: vec![replacement],
        });
    }
    if conflicts.is_empty() {
        Merge::Clean(apply(&base_tokens, &merged))
    } else {
        Merge::Conflicts {
            conflicts,
            resolution: apply(&base_tokens, &merged),
        }
    }
}

/// How many tokens of context a conflict shows on each side (about five words).
const CONTEXT: usize = 10;

/// `tokens` joined, cut at a line break: the part after the last one (`before`) or the part
/// before the first one.
fn context(tokens: &[&str], before: bool) -> String {
    let text = tokens.concat();
    if before {
        text.rsplit('\n').next().unwrap_or_default().to_owned()
    } else {
        text.split('\n').next().unwrap_or_default().to_owned()
    }
}

/// Whether the base tokens from `end` to `start` are spaces within one line: two changes that
/// close ("du territoire" → "de tout le territoire" and → "de la région") edit one phrase, and
/// are merged or reported together, never spliced word by word.
fn only_spaces_between(base: &[&str], end: usize, start: usize) -> bool {
    start >= end
        && base[end..start]
            .iter()
            .all(|t| t.chars().all(|c| c.is_whitespace() && c != '\n'))
}

/// Whether a hunk on `next` touches the cluster spanning `start..end`: it overlaps it, or both
/// insert at the same place.
fn overlaps(start: usize, end: usize, next: &Range<usize>) -> bool {
    next.start < end
        || next.start == start
        || (next.start == end && next.is_empty() && start == end)
}

/// One step of an alignment of two token lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The same tokens on both sides.
    Same {
        /// In the old list.
        old: Range<usize>,
        /// In the new list.
        new: Range<usize>,
    },
    /// `old` tokens replaced by `new` ones (either may be empty).
    Change {
        /// In the old list.
        old: Range<usize>,
        /// In the new list.
        new: Range<usize>,
    },
}

/// How a reader sees the change from `old` to `new`: the word diff, where a short unchanged
/// stretch between two changes (a "de" or a space inside a rewritten sentence) counts as part of
/// the rewrite, as in diff-match-patch's semantic clean-up. Diff views and attribution use it, so
/// that a rewritten sentence reads as one change and belongs to the person who rewrote it.
pub fn align(old: &[&str], new: &[&str]) -> Vec<Step> {
    let mut raw: Vec<Step> = Vec::new();
    // Ranges come from walking the lengths: similar 2.7 can report stale indices (see `diff`).
    let (mut old_position, mut new_position) = (0, 0);
    for op in ops(old, new) {
        let old_range = old_position..old_position + op.old_range().len();
        let new_range = new_position..new_position + op.new_range().len();
        old_position = old_range.end;
        new_position = new_range.end;
        match (op, raw.last_mut()) {
            (DiffOp::Equal { .. }, _) => raw.push(Step::Same {
                old: old_range,
                new: new_range,
            }),
            (_, Some(Step::Change { old, new })) => {
                old.end = old_range.end;
                new.end = new_range.end;
            }
            _ => raw.push(Step::Change {
                old: old_range,
                new: new_range,
            }),
        }
    }
    let chars = |tokens: &[&str], range: &Range<usize>| -> usize {
        tokens[range.clone()]
            .iter()
            .map(|t| t.chars().count())
            .sum()
    };
    let size = |step: &Step| match step {
        Step::Change { old: o, new: n } => chars(old, o).max(chars(new, n)),
        Step::Same { .. } => 0,
    };
    let mut out: Vec<Step> = Vec::with_capacity(raw.len());
    let mut index = 0;
    while index < raw.len() {
        let step = raw[index].clone();
        if let (Step::Same { old: o, .. }, Some(previous @ Step::Change { .. }), Some(next)) =
            (&step, out.last(), raw.get(index + 1))
        {
            let length = chars(old, o);
            if matches!(next, Step::Change { .. })
                && length <= size(previous)
                && length <= size(next)
            {
                // Absorb the equality and the next change into the previous change.
                let (Step::Change { old: po, new: pn }, Step::Change { old: no, new: nn }) =
                    (previous.clone(), next.clone())
                else {
                    unreachable!("both are changes");
                };
                out.pop();
                out.push(Step::Change {
                    old: po.start..no.end,
                    new: pn.start..nn.end,
                });
                index += 2;
                continue;
            }
        }
        out.push(step);
        index += 1;
    }
    out
}

/// The attribution of `new` (the revision that wrote each token), carried from `old` and its
/// attribution: tokens [`align`] keeps keep theirs, the others get `revision`.
pub fn carry_attribution(
    old: &[&str],
    attribution: &[u32],
    new: &[&str],
    revision: u32,
) -> Vec<u32> {
    let mut out = Vec::with_capacity(new.len());
    for step in align(old, new) {
        match step {
            Step::Same { old, .. } => out.extend_from_slice(&attribution[old]),
            Step::Change { new, .. } => out.extend(std::iter::repeat_n(revision, new.len())),
        }
    }
    out
}

/// Unchanged lines kept around a change as context; longer unchanged stretches are folded.
const CONTEXT_LINES: usize = 3;

/// The changes from `old` to `new` as a reader sees them: changed lines word by word, unchanged
/// lines as context, long unchanged stretches folded.
pub fn blocks(old: &str, new: &str) -> Vec<DiffBlock> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = ops(&old_lines, &new_lines);
    let mut out = Vec::new();
    let mut changed_old = String::new();
    let mut changed_new = String::new();
    let last = ops.len().saturating_sub(1);
    for (index, op) in ops.iter().enumerate() {
        match *op {
            DiffOp::Equal { old_index, len, .. } => {
                flush_change(&mut out, &mut changed_old, &mut changed_new);
                let lines = &old_lines[old_index..old_index + len];
                let lead = if index == 0 { 0 } else { CONTEXT_LINES };
                let trail = if index == last { 0 } else { CONTEXT_LINES };
                if lines.len() > lead + trail + 1 {
                    if lead > 0 {
                        out.push(DiffBlock::Same(lines[..lead].concat()));
                    }
                    let folded = &lines[lead..lines.len() - trail];
                    out.push(DiffBlock::Folded(folded.len(), folded.concat()));
                    if trail > 0 {
                        out.push(DiffBlock::Same(lines[lines.len() - trail..].concat()));
                    }
                } else {
                    out.push(DiffBlock::Same(lines.concat()));
                }
            }
            _ => {
                changed_old.push_str(&old_lines[op.old_range()].concat());
                changed_new.push_str(&new_lines[op.new_range()].concat());
            }
        }
    }
    flush_change(&mut out, &mut changed_old, &mut changed_new);
    out
}

/// Words added and removed in `blocks` (whitespace and punctuation not counted).
pub fn block_word_counts(blocks: &[DiffBlock]) -> (usize, usize) {
    let words = |text: &str| {
        tokenize(text)
            .into_iter()
            .filter(|t| t.chars().next().is_some_and(char::is_alphanumeric))
            .count()
    };
    let (mut added, mut removed) = (0, 0);
    for block in blocks {
        if let DiffBlock::Changed(segments) = block {
            for segment in segments {
                match segment.kind {
                    SegmentKind::Added => added += words(&segment.text),
                    SegmentKind::Removed => removed += words(&segment.text),
                    SegmentKind::Same => {}
                }
            }
        }
    }
    (added, removed)
}

fn flush_change(out: &mut Vec<DiffBlock>, old: &mut String, new: &mut String) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    let (old_tokens, new_tokens) = (tokenize(old), tokenize(new));
    let mut segments: Vec<Segment> = Vec::new();
    let mut push = |kind: SegmentKind, text: String| match segments.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(&text),
        _ => {
            if !text.is_empty() {
                segments.push(Segment { kind, text });
            }
        }
    };
    for step in align(&old_tokens, &new_tokens) {
        match step {
            Step::Same { new, .. } => push(SegmentKind::Same, new_tokens[new].concat()),
            Step::Change { old, new } => {
                push(SegmentKind::Removed, old_tokens[old].concat());
                push(SegmentKind::Added, new_tokens[new].concat());
            }
        }
    }
    out.push(DiffBlock::Changed(segments));
    old.clear();
    new.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
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
                prop::sample::select(&[" ", " ", ", ", ".\n", "\n\n"][..]),
            ),
            0..40,
        )
        .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    #[test]
    fn tokens_join_back_into_the_text_and_cut_at_words() {
        let text = "L’économie  sociale, solidaire !\nÀ suivre…";
        let tokens = tokenize(text);
        assert_eq!(tokens.concat(), text);
        assert_eq!(&tokens[..4], &["L’économie", "  ", "sociale", ","]);
    }

    #[test]
    fn a_clean_merge_keeps_both_edits_and_an_overlap_is_a_conflict() {
        let base = "Les circuits courts relient producteurs et habitants du territoire.";
        let theirs = "Les circuits courts relient producteurs et habitants de tout le territoire.";
        let mine = "Les circuits très courts relient producteurs et habitants du territoire.";
        assert_eq!(
            merge(base, theirs, mine),
            Merge::Clean(
                "Les circuits très courts relient producteurs et habitants de tout le territoire."
                    .into()
            )
        );
        let clash = "Les circuits courts relient producteurs et habitants du quartier.";
        let other = "Les circuits courts relient producteurs et habitants de la région.";
        match merge(base, clash, other) {
            Merge::Conflicts {
                conflicts,
                resolution,
            } => {
                assert_eq!(conflicts.len(), 1);
                assert!(conflicts[0].theirs.contains("quartier"));
                assert!(conflicts[0].mine.contains("région"));
                assert_eq!(resolution, other, "the resolution keeps my version");
            }
            clean => panic!("expected a conflict, got {clean:?}"),
        }
    }

    #[test]
    fn a_diff_shows_changed_words_and_folds_long_unchanged_stretches() {
        let lines: Vec<String> = (1..=20).map(|i| format!("Ligne {i} du texte.\n")).collect();
        let old = lines.concat();
        let mut edited = lines.clone();
        edited[9] = "Ligne 10 du nouveau texte.\n".to_owned();
        let new = edited.concat();
        let blocks = blocks(&old, &new);
        // Folded head (lines 1–6), three lines of context, the change, context, folded tail.
        assert!(matches!(&blocks[0], DiffBlock::Folded(6, text) if text.starts_with("Ligne 1 ")));
        assert!(matches!(&blocks[1], DiffBlock::Same(text) if text.starts_with("Ligne 7 ")));
        let DiffBlock::Changed(segments) = &blocks[2] else {
            panic!("expected a change, got {blocks:?}");
        };
        assert!(segments.contains(&Segment {
            kind: SegmentKind::Added,
            text: "nouveau ".to_owned()
        }));
        assert!(segments.iter().all(|s| s.kind != SegmentKind::Removed));
        assert!(matches!(&blocks[4], DiffBlock::Folded(7, _)));
        // Nothing is lost: the old side and the new side read back as the texts.
        let side = |keep: SegmentKind| -> String {
            blocks
                .iter()
                .map(|block| match block {
                    DiffBlock::Same(text) | DiffBlock::Folded(_, text) => text.clone(),
                    DiffBlock::Changed(segments) => segments
                        .iter()
                        .filter(|s| s.kind == SegmentKind::Same || s.kind == keep)
                        .map(|s| s.text.as_str())
                        .collect(),
                })
                .collect()
        };
        assert_eq!(side(SegmentKind::Removed), old);
        assert_eq!(side(SegmentKind::Added), new);
    }

    #[test]
    fn a_rewritten_sentence_reads_as_one_change_and_belongs_to_its_rewriter() {
        let old = "Le groupe de travail propose une idée simple.";
        let new = "Un collectif de membres suggère une piste simple.";
        let blocks = blocks(old, new);
        let DiffBlock::Changed(segments) = &blocks[0] else {
            panic!("expected a change, got {blocks:?}");
        };
        assert_eq!(
            segments[0],
            Segment {
                kind: SegmentKind::Removed,
                text: "Le groupe de travail propose une idée".to_owned()
            }
        );
        assert_eq!(
            segments[1].text,
            "Un collectif de membres suggère une piste"
        );
        assert_eq!(segments[2].text, " simple.");
        let (a, b) = (tokenize(old), tokenize(new));
        let carried = carry_attribution(&a, &vec![1; a.len()], &b, 2);
        let de = b.iter().position(|t| *t == "de").unwrap_or(0);
        assert_eq!(
            carried[de], 2,
            "the « de » of the rewrite is the rewriter's"
        );
        assert_eq!(
            carried[b.len() - 2],
            1,
            "« simple » is still the first author's"
        );
    }

    #[test]
    fn edits_to_neighbouring_words_of_one_phrase_are_one_conflict() {
        let base = "Les producteurs et habitants du territoire.";
        let theirs = "Les producteurs et habitants de tout le territoire.";
        let mine = "Les producteurs et habitants de la région.";
        let Merge::Conflicts { conflicts, .. } = merge(base, theirs, mine) else {
            panic!("expected a conflict");
        };
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].theirs, "de tout le territoire");
        assert_eq!(conflicts[0].mine, "de la région");
        assert_eq!(conflicts[0].before, "Les producteurs et habitants ");
        assert_eq!(conflicts[0].after, ".");
    }

    #[test]
    fn words_added_and_removed_are_counted_without_spaces() {
        assert_eq!(word_counts("un groupe local", "un grand groupe"), (1, 1));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn applying_a_diff_gives_the_target(old in text(), new in text()) {
            let (a, b) = (tokenize(&old), tokenize(&new));
            prop_assert_eq!(apply(&a, &diff(&a, &b)), new);
        }

        #[test]
        fn a_diff_view_reads_back_as_both_revisions(old in text(), new in text()) {
            let blocks = blocks(&old, &new);
            let side = |keep: SegmentKind| -> String {
                blocks.iter().map(|block| match block {
                    DiffBlock::Same(text) | DiffBlock::Folded(_, text) => text.clone(),
                    DiffBlock::Changed(segments) => segments
                        .iter()
                        .filter(|s| s.kind == SegmentKind::Same || s.kind == keep)
                        .map(|s| s.text.as_str())
                        .collect(),
                }).collect()
            };
            prop_assert_eq!(side(SegmentKind::Removed), old);
            prop_assert_eq!(side(SegmentKind::Added), new);
        }

        #[test]
        fn merging_with_an_unchanged_side_gives_the_other(base in text(), edited in text()) {
            prop_assert_eq!(merge(&base, &base, &edited), Merge::Clean(edited.clone()));
            prop_assert_eq!(merge(&base, &edited, &base), Merge::Clean(edited.clone()));
            prop_assert_eq!(merge(&base, &edited, &edited), Merge::Clean(edited));
        }

        #[test]
        fn edits_to_disjoint_passages_merge_cleanly_and_both_survive(
            words in prop::collection::vec(prop::sample::select(WORDS), 8..40),
            first in 0usize..100,
            second in 0usize..100,
            a in "[A-Z]{3,8}",
            b in "[A-Z]{3,8}",
        ) {
            // Two single-word replacements at least two words apart, by words the text lacks.
            let n = words.len();
            let i = first % n;
            let j = second % n;
            prop_assume!(i.abs_diff(j) >= 3);
            let base = words.join(" ");
            let edit = |k: usize, w: &str| {
                let mut copy = words.clone();
                copy[k] = w;
                copy.join(" ")
            };
            let mut both = words.clone();
            both[i] = &a;
            both[j] = &b;
            prop_assert_eq!(merge(&base, &edit(i, &a), &edit(j, &b)), Merge::Clean(both.join(" ")));
        }

        #[test]
        fn attribution_follows_every_token_and_untouched_words_keep_their_revision(
            revisions in prop::collection::vec(text(), 1..8),
        ) {
            let mut previous: Vec<&str> = Vec::new();
            let mut attribution: Vec<u32> = Vec::new();
            for (index, revision_text) in revisions.iter().enumerate() {
                let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
                let tokens = tokenize(revision_text);
                let carried = carry_attribution(&previous, &attribution, &tokens, number);
                // Exactly one author per token, from this revision or an earlier one.
                prop_assert_eq!(carried.len(), tokens.len());
                prop_assert!(carried.iter().all(|r| (1..=number).contains(r)));
                // Tokens the alignment keeps keep their revision; the others are this revision's.
                for step in align(&previous, &tokens) {
                    match step {
                        Step::Same { old, new } => {
                            prop_assert_eq!(old.len(), new.len());
                            prop_assert_eq!(&previous[old.clone()], &tokens[new.clone()]);
                            prop_assert_eq!(&carried[new], &attribution[old]);
                        }
                        Step::Change { new, .. } => prop_assert!(carried[new].iter().all(|r| *r == number)),
                    }
                }
                previous = tokens;
                attribution = carried;
            }
        }
    }
}
