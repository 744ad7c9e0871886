//! The three-way merge of two edits made from one revision.
//!
//! First by lines, as `git merge-file` does: changes of the two sides that neither overlap nor
//! touch are both applied, so wherever git merges cleanly the result is git's. Where both sides
//! changed the same or neighbouring lines, the stretch is merged again word by word: edits to
//! different words of one paragraph both survive, and only the words both sides changed
//! differently are a conflict — quoted as the smallest passages concerned, never the rest of
//! the text.

use crate::align::{Hunk, hunks, lines};
use crate::tokens::tokenize;
use std::ops::Range;

/// A passage both sides changed differently.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Conflict {
    /// A few words of the base before the passage (within its line), for context.
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
    /// Some passages were changed on both sides. `resolution` is the merge with this editor's
    /// version of each conflicting passage, the starting point for resolving.
    Conflicts {
        /// The passages changed on both sides, in the order of the text.
        conflicts: Vec<Conflict>,
        /// Both sides' clean changes, and `mine` where they conflict.
        resolution: String,
    },
}

/// How many tokens of context a conflict shows on each side (about five words).
const CONTEXT: usize = 10;

/// Merges `theirs` and `mine`, both edited from `base`.
pub fn merge(base: &str, theirs: &str, mine: &str) -> Merge {
    if theirs == base || theirs == mine {
        return Merge::Clean(mine.to_owned());
    }
    if mine == base {
        return Merge::Clean(theirs.to_owned());
    }
    let (base_lines, theirs_lines, mine_lines) = (lines(base), lines(theirs), lines(mine));
    let mut out = Merger::default();
    three_way(
        &base_lines,
        &theirs_lines,
        &mine_lines,
        |end, next| next <= end,
        &mut out,
        &mut |range, theirs, mine, out| {
            // Both sides changed these lines (or lines next to each other): word by word.
            let (theirs, mine) = (theirs.concat(), mine.concat());
            let base = base_lines[range].concat();
            let base_tokens = tokenize(&base);
            let (theirs_tokens, mine_tokens) = (tokenize(&theirs), tokenize(&mine));
            let mut words = Merger::default();
            three_way(
                &base_tokens,
                &theirs_tokens,
                &mine_tokens,
                |end, next| next <= end || only_spaces_between(&base_tokens, end, next),
                &mut words,
                &mut |range, t, m, words| {
                    words.conflict(&base_tokens, range, t.concat(), m.concat())
                },
            );
            out.text.push_str(&words.text);
            out.conflicts.extend(words.conflicts);
        },
    );
    out.finish()
}

/// What a merge writes: the text, and the conflicts met on the way.
#[derive(Default)]
struct Merger {
    text: String,
    conflicts: Vec<Conflict>,
}

impl Merger {
    fn push(&mut self, items: &[&str]) {
        for item in items {
            self.text.push_str(item);
        }
    }

    /// A conflict on the tokens `range` of `base` (whose whole list is given for context).
    fn conflict(&mut self, base: &[&str], range: Range<usize>, theirs: String, mine: String) {
        let before = base[range.start.saturating_sub(CONTEXT)..range.start].concat();
        let after = base[range.end..(range.end + CONTEXT).min(base.len())].concat();
        self.text.push_str(&mine);
        self.conflicts.push(Conflict {
            before: before.rsplit('\n').next().unwrap_or_default().to_owned(),
            after: after.split('\n').next().unwrap_or_default().to_owned(),
            base: base[range].concat(),
            theirs,
            mine,
        });
    }

    fn finish(self) -> Merge {
        if self.conflicts.is_empty() {
            Merge::Clean(self.text)
        } else {
            Merge::Conflicts {
                conflicts: self.conflicts,
                resolution: self.text,
            }
        }
    }
}

/// The function a stretch both sides changed differently goes to: its base range, theirs' items
/// and mine's.
type Both<'f, 't> = dyn FnMut(Range<usize>, &[&'t str], &[&'t str], &mut Merger) + 'f;

/// Walks the changes of both sides over `base` (lines or tokens), writing what is unchanged and
/// what one side changed alone (or both alike). Changes of the two sides that `joins` (the end of
/// a cluster, the start of the next change) form one cluster; a cluster both sides changed
/// differently goes to `both`.
fn three_way<'t>(
    base: &[&'t str],
    theirs: &[&'t str],
    mine: &[&'t str],
    joins: impl Fn(usize, usize) -> bool,
    out: &mut Merger,
    both: &mut Both<'_, 't>,
) {
    let (theirs_hunks, mine_hunks) = (hunks(base, theirs), hunks(base, mine));
    let (mut t, mut m) = (0, 0);
    let mut at = 0;
    loop {
        let start = match (theirs_hunks.get(t), mine_hunks.get(m)) {
            (None, None) => break,
            (Some(a), Some(b)) => a.0.start.min(b.0.start),
            (Some(a), None) | (None, Some(a)) => a.0.start,
        };
        let (t_first, m_first) = (t, m);
        let mut end = start;
        loop {
            let cluster_empty = t == t_first && m == m_first;
            let belongs = |hunk: &Hunk| {
                if cluster_empty {
                    hunk.0.start == start
                } else {
                    joins(end, hunk.0.start)
                }
            };
            if let Some(hunk) = theirs_hunks.get(t).filter(|h| belongs(h)) {
                end = end.max(hunk.0.end);
                t += 1;
            } else if let Some(hunk) = mine_hunks.get(m).filter(|h| belongs(h)) {
                end = end.max(hunk.0.end);
                m += 1;
            } else {
                break;
            }
        }
        out.push(&base[at..start]);
        let theirs_part = side(theirs, &theirs_hunks[t_first..t], start..end);
        let mine_part = side(mine, &mine_hunks[m_first..m], start..end);
        match (t > t_first, m > m_first) {
            (true, false) => out.push(theirs_part),
            (false, true) => out.push(mine_part),
            _ if theirs_part == mine_part => out.push(theirs_part),
            _ => both(start..end, theirs_part, mine_part, out),
        }
        at = end;
    }
    out.push(&base[at..]);
}

/// One side's items for the base stretch `span`, given that side's hunks inside it (none: the
/// side did not change it, and the caller does not use the answer).
fn side<'a, 't>(items: &'a [&'t str], hunks: &[Hunk], span: Range<usize>) -> &'a [&'t str] {
    match (hunks.first(), hunks.last()) {
        // Outside its hunks a side's items are the base's, so the offset is known at both ends.
        (Some(first), Some(last)) => {
            let from = first.1.start - (first.0.start - span.start);
            let to = last.1.end + (span.end - last.0.end);
            &items[from..to]
        }
        _ => &items[0..0],
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
