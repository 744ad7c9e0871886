//! How two texts correspond: which tokens stay and which change.
//!
//! Two levels, as a careful reader compares two versions: first the blocks (lines, or a
//! paragraph with the blank lines after it) are aligned by content, so that an untouched
//! paragraph matches itself whatever else changed; then, inside each stretch of blocks that
//! changed, the words. Both levels use Myers' diff with the cost heuristics of git and GNU diff
//! (the `imara-diff` crate): the work is bounded by the size of the texts, and the same texts
//! always give the same alignment.

use crate::tokens::{self, tokenize};
use imara_diff::{Algorithm, Diff, Interner, NoSliderHeuristic, Token};
use std::hash::Hash;
use std::ops::Range;

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

/// A changed stretch of a sequence diff: `old` items replaced by `new` ones.
pub(crate) type Hunk = (Range<usize>, Range<usize>);

/// The changes from `old` to `new` (Myers with git's heuristics, then git's compaction of
/// ambiguous hunks, which slides them as far down as they go): in order, never touching.
pub(crate) fn hunks<T: Hash + Eq + Copy>(old: &[T], new: &[T]) -> Vec<Hunk> {
    if old == new {
        return Vec::new();
    }
    let mut interner = Interner::new(old.len() + new.len());
    let before: Vec<Token> = old.iter().map(|item| interner.intern(*item)).collect();
    let after: Vec<Token> = new.iter().map(|item| interner.intern(*item)).collect();
    let mut diff = Diff::default();
    diff.compute_with(Algorithm::Myers, &before, &after, interner.num_tokens());
    diff.postprocess_with(&before, &after, NoSliderHeuristic);
    diff.hunks()
        .map(|hunk| {
            (
                hunk.before.start as usize..hunk.before.end as usize,
                hunk.after.start as usize..hunk.after.end as usize,
            )
        })
        .collect()
}

/// The lines of `text`, each with its line break.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Two texts cut into tokens, and how they correspond.
#[derive(Debug, Clone)]
pub struct Alignment<'a> {
    /// The old text's tokens.
    pub old: Vec<&'a str>,
    /// The new text's tokens.
    pub new: Vec<&'a str>,
    /// The steps, covering both lists in order.
    pub steps: Vec<Step>,
}

impl<'a> Alignment<'a> {
    /// Aligns `old` with `new`.
    pub fn new(old: &'a str, new: &'a str) -> Self {
        let (old_tokens, new_tokens) = (tokenize(old), tokenize(new));
        let steps = align(&old_tokens, &new_tokens);
        Self {
            old: old_tokens,
            new: new_tokens,
            steps,
        }
    }

    /// Words added and removed (spaces and punctuation not counted; a word a rewrite kept, such
    /// as the "de" inside a rewritten sentence, is neither).
    pub fn word_counts(&self) -> (usize, usize) {
        let words = |tokens: &[&'a str]| -> Vec<&'a str> {
            tokens
                .iter()
                .copied()
                .filter(|t| tokens::is_word(t))
                .collect()
        };
        let (mut added, mut removed) = (0, 0);
        for step in &self.steps {
            if let Step::Change { old, new } = step {
                let (old_words, new_words) =
                    (words(&self.old[old.clone()]), words(&self.new[new.clone()]));
                for (o, n) in hunks(&old_words, &new_words) {
                    removed += o.len();
                    added += n.len();
                }
            }
        }
        (added, removed)
    }
}

/// Words added and removed between two texts (whitespace and punctuation not counted).
pub fn word_counts(old: &str, new: &str) -> (usize, usize) {
    Alignment::new(old, new).word_counts()
}

/// Where item `index` of a block list starts among the tokens (`total` past the end).
fn start_of(blocks: &[Range<usize>], index: usize, total: usize) -> usize {
    blocks.get(index).map_or(total, |block| block.start)
}

/// How a reader sees the change from `old` to `new` (token lists): blocks first, then words
/// inside the changed stretches, where a short unchanged stretch between two changes (a "de" or
/// a space inside a rewritten sentence) counts as part of the rewrite, as in diff-match-patch's
/// semantic clean-up. Diff views, attribution and anchors use it.
pub fn align(old: &[&str], new: &[&str]) -> Vec<Step> {
    let (old_blocks, new_blocks) = (tokens::blocks(old), tokens::blocks(new));
    let old_keys: Vec<&[&str]> = old_blocks.iter().map(|b| &old[b.clone()]).collect();
    let new_keys: Vec<&[&str]> = new_blocks.iter().map(|b| &new[b.clone()]).collect();
    let mut steps: Vec<Step> = Vec::new();
    let (mut old_at, mut new_at) = (0, 0);
    for (old_range, new_range) in hunks(&old_keys, &new_keys) {
        let old_start = start_of(&old_blocks, old_range.start, old.len());
        let new_start = start_of(&new_blocks, new_range.start, new.len());
        push(
            &mut steps,
            Step::Same {
                old: old_at..old_start,
                new: new_at..new_start,
            },
        );
        let old_end = start_of(&old_blocks, old_range.end, old.len());
        let new_end = start_of(&new_blocks, new_range.end, new.len());
        for step in words(old, new, old_start..old_end, new_start..new_end) {
            push(&mut steps, step);
        }
        (old_at, new_at) = (old_end, new_end);
    }
    push(
        &mut steps,
        Step::Same {
            old: old_at..old.len(),
            new: new_at..new.len(),
        },
    );
    steps
}

/// Appends `step`, joining it to the previous step of the same kind; empty steps are dropped.
fn push(steps: &mut Vec<Step>, step: Step) {
    let empty = match &step {
        Step::Same { old, .. } => old.is_empty(),
        Step::Change { old, new } => old.is_empty() && new.is_empty(),
    };
    if empty {
        return;
    }
    match (steps.last_mut(), &step) {
        (Some(Step::Same { old, new }), Step::Same { old: o, new: n })
        | (Some(Step::Change { old, new }), Step::Change { old: o, new: n }) => {
            old.end = o.end;
            new.end = n.end;
        }
        _ => steps.push(step),
    }
}

/// The word-level steps between the tokens `old_range` of `old` and `new_range` of `new`, with
/// the semantic clean-up.
pub(crate) fn words(
    old: &[&str],
    new: &[&str],
    old_range: Range<usize>,
    new_range: Range<usize>,
) -> Vec<Step> {
    let (o, n) = (old_range.start, new_range.start);
    let mut raw: Vec<Step> = Vec::new();
    let (mut old_at, mut new_at) = (o, n);
    for (old_hunk, new_hunk) in hunks(&old[old_range.clone()], &new[new_range.clone()]) {
        push(
            &mut raw,
            Step::Same {
                old: old_at..o + old_hunk.start,
                new: new_at..n + new_hunk.start,
            },
        );
        push(
            &mut raw,
            Step::Change {
                old: o + old_hunk.start..o + old_hunk.end,
                new: n + new_hunk.start..n + new_hunk.end,
            },
        );
        (old_at, new_at) = (o + old_hunk.end, n + new_hunk.end);
    }
    push(
        &mut raw,
        Step::Same {
            old: old_at..old_range.end,
            new: new_at..new_range.end,
        },
    );
    clean_up(old, new, raw)
}

/// Absorbs each unchanged stretch that is no longer than both changes around it into them.
fn clean_up(old: &[&str], new: &[&str], raw: Vec<Step>) -> Vec<Step> {
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
        if let (
            Step::Same { old: o, .. },
            Some(Step::Change {
                old: previous_old,
                new: previous_new,
            }),
            Some(Step::Change {
                old: next_old,
                new: next_new,
            }),
        ) = (&step, out.last(), raw.get(index + 1))
        {
            let length = chars(old, o);
            let previous = Step::Change {
                old: previous_old.clone(),
                new: previous_new.clone(),
            };
            if length <= size(&previous) && length <= size(&raw[index + 1]) {
                let joined = Step::Change {
                    old: previous_old.start..next_old.end,
                    new: previous_new.start..next_new.end,
                };
                out.pop();
                out.push(joined);
                index += 2;
                continue;
            }
        }
        out.push(step);
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untouched_paragraph_matches_itself_whatever_else_changed() {
        let old: String = (0..50)
            .map(|i| format!("Paragraphe {i} version zéro.\n\n"))
            .collect();
        let new: String = (0..50)
            .map(|i| {
                if i == 25 {
                    format!("Paragraphe {i} version zéro.\n\n")
                } else {
                    format!("Paragraphe {i} réécrit entièrement ici.\n\n")
                }
            })
            .collect();
        let alignment = Alignment::new(&old, &new);
        let kept = "Paragraphe 25 version zéro.\n\n";
        let at = new.find(kept).unwrap_or(0);
        let offsets = tokens::offsets(&alignment.new);
        let first = offsets.iter().position(|o| *o == at).unwrap_or(0);
        let last = offsets
            .iter()
            .position(|o| *o == at + kept.len())
            .unwrap_or(0);
        assert!(alignment.steps.iter().any(|step| matches!(step,
            Step::Same { new, .. } if new.start <= first && new.end >= last)));
    }

    #[test]
    fn a_rewritten_sentence_reads_as_one_change() {
        let old = "Le groupe de travail propose une idée simple.";
        let new = "Un collectif de membres suggère une piste simple.";
        let alignment = Alignment::new(old, new);
        let Step::Change { old: o, new: n } = &alignment.steps[0] else {
            panic!("expected a change first, got {:?}", alignment.steps);
        };
        assert_eq!(
            alignment.old[o.clone()].concat(),
            "Le groupe de travail propose une idée"
        );
        assert_eq!(
            alignment.new[n.clone()].concat(),
            "Un collectif de membres suggère une piste"
        );
    }

    #[test]
    fn words_added_and_removed_are_counted_without_spaces() {
        assert_eq!(word_counts("un groupe local", "un grand groupe"), (1, 1));
    }
}
