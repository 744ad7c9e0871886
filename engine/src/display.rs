//! The changes between two revisions as a reader sees them: changed lines word by word,
//! unchanged lines as context, long unchanged stretches folded.

use crate::align::{Step, hunks, lines, words};
use crate::tokens::{is_word, tokenize};

/// A piece of a changed passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SegmentKind {
    /// In both.
    Same,
    /// Only in the older side ("from").
    Removed,
    /// Only in the newer side ("to").
    Added,
}

/// A run of text in a changed passage.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Segment {
    /// Which side(s) it belongs to.
    pub kind: SegmentKind,
    /// The text.
    pub text: String,
}

/// A stretch of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DiffBlock {
    /// Unchanged lines shown as context.
    Same(String),
    /// Unchanged lines folded away (how many lines, the text).
    Folded(usize, String),
    /// Changed lines, word by word.
    Changed(Vec<Segment>),
}

/// Unchanged lines kept around a change as context; longer unchanged stretches are folded.
const CONTEXT_LINES: usize = 3;

/// The changes from `old` to `new`, in order.
pub fn blocks(old: &str, new: &str) -> Vec<DiffBlock> {
    let (old_lines, new_lines) = (lines(old), lines(new));
    let changes = hunks(&old_lines, &new_lines);
    let mut out = Vec::new();
    let mut at = 0;
    for (index, (old_range, new_range)) in changes.iter().enumerate() {
        same(&mut out, &old_lines[at..old_range.start], index == 0, false);
        out.push(changed(
            &old_lines[old_range.clone()].concat(),
            &new_lines[new_range.clone()].concat(),
        ));
        at = old_range.end;
    }
    same(&mut out, &old_lines[at..], changes.is_empty(), true);
    out
}

/// Unchanged `lines`, with context kept next to the changes and the rest folded.
fn same(out: &mut Vec<DiffBlock>, lines: &[&str], first: bool, last: bool) {
    if lines.is_empty() {
        return;
    }
    let lead = if first { 0 } else { CONTEXT_LINES };
    let trail = if last { 0 } else { CONTEXT_LINES };
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

/// A changed stretch, word by word.
fn changed(old: &str, new: &str) -> DiffBlock {
    let (old_tokens, new_tokens) = (tokenize(old), tokenize(new));
    let mut segments: Vec<Segment> = Vec::new();
    let mut push = |kind: SegmentKind, text: String| {
        if text.is_empty() {
            return;
        }
        match segments.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(&text),
            _ => segments.push(Segment { kind, text }),
        }
    };
    for step in words(
        &old_tokens,
        &new_tokens,
        0..old_tokens.len(),
        0..new_tokens.len(),
    ) {
        match step {
            Step::Same { new, .. } => push(SegmentKind::Same, new_tokens[new].concat()),
            Step::Change { old, new } => {
                push(SegmentKind::Removed, old_tokens[old].concat());
                push(SegmentKind::Added, new_tokens[new].concat());
            }
        }
    }
    DiffBlock::Changed(segments)
}

/// Words added and removed in `blocks` (whitespace and punctuation not counted).
pub fn block_word_counts(blocks: &[DiffBlock]) -> (usize, usize) {
    let count = |text: &str| tokenize(text).into_iter().filter(|t| is_word(t)).count();
    let (mut added, mut removed) = (0, 0);
    for block in blocks {
        if let DiffBlock::Changed(segments) = block {
            for segment in segments {
                match segment.kind {
                    SegmentKind::Added => added += count(&segment.text),
                    SegmentKind::Removed => removed += count(&segment.text),
                    SegmentKind::Same => {}
                }
            }
        }
    }
    (added, removed)
}

/// One side of `blocks` read back: the old text (`Removed`) or the new one (`Added`).
pub fn side(blocks: &[DiffBlock], keep: SegmentKind) -> String {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_changed_words_and_folds_long_unchanged_stretches() {
        let lines: Vec<String> = (1..=20).map(|i| format!("Ligne {i} du texte.\n")).collect();
        let old = lines.concat();
        let mut edited = lines.clone();
        edited[9] = "Ligne 10 du nouveau texte.\n".to_owned();
        let new = edited.concat();
        let blocks = blocks(&old, &new);
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
        assert_eq!(side(&blocks, SegmentKind::Removed), old);
        assert_eq!(side(&blocks, SegmentKind::Added), new);
    }

    #[test]
    fn a_rewritten_sentence_reads_as_one_removal_then_one_addition() {
        let blocks = blocks(
            "Le groupe de travail propose une idée simple.",
            "Un collectif de membres suggère une piste simple.",
        );
        let DiffBlock::Changed(segments) = &blocks[0] else {
            panic!("expected a change, got {blocks:?}");
        };
        assert_eq!(segments[0].text, "Le groupe de travail propose une idée");
        assert_eq!(
            segments[1].text,
            "Un collectif de membres suggère une piste"
        );
        assert_eq!(segments[2].text, " simple.");
    }
}
