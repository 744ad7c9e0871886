//! Passages of a draft that comments and suggestions point to, and how they follow the text from
//! revision to revision.
//!
//! A passage is found from what a reader selected (the rendered text): the words of the
//! selection in order, whatever Markdown lies between them, and the punctuation the selection
//! starts or ends with — so the stored range is the selection, and a suggestion replaces exactly
//! it. It is stored as a byte range of one revision's text and carried to each new revision:
//! 1. its own words, found again (nearest to where the alignment puts them): moved or unchanged;
//! 2. otherwise, where the alignment takes it, if most of its words are still there: edited;
//! 3. otherwise, the sentences of the new text holding most of its words: edited and moved;
//! 4. otherwise it is gone, and the comment shows the quote it was made on.
//!
//! "Its own words" are words of the new text that came from the passage itself or were written
//! in this revision — never words the old text already had elsewhere: a deleted passage does not
//! jump to a heading or another sentence that merely shares some of its words.

use crate::align::{Alignment, Step, hunks};
use crate::tokens::{self, is_word};
use std::ops::Range;

/// Where a passage is in a new revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchored {
    /// The passage, with the words it was made on (perhaps elsewhere).
    Intact(Range<usize>),
    /// The closest match of an edited passage.
    Edited(Range<usize>),
    /// Its words are gone.
    Removed,
}

/// The word tokens of `text` with their byte ranges.
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for token in tokens::tokenize(text) {
        if is_word(token) {
            out.push(at..at + token.len());
        }
        at += token.len();
    }
    out
}

/// The words of a passage, for comparison (case kept: a change of case is an edit).
fn word_list(text: &str) -> Vec<&str> {
    word_ranges(text).into_iter().map(|r| &text[r]).collect()
}

/// Markdown's inline marks, which the rendered selection does not show.
fn is_markup(c: char) -> bool {
    matches!(c, '*' | '_' | '~' | '`' | '\\')
}

/// How far `wanted` (the punctuation after a selection's last word) continues in `text` from
/// `at`: spaces match spaces, Markdown marks are stepped over; returns the end of what matched.
fn extend_forward(text: &str, at: usize, wanted: &str) -> usize {
    let mut end = at;
    let mut rest = text[at..].char_indices().peekable();
    for c in wanted.chars() {
        if c.is_whitespace() {
            let mut any = false;
            while rest.peek().is_some_and(|(_, t)| t.is_whitespace()) {
                rest.next();
                any = true;
            }
            if !any {
                return end;
            }
            continue;
        }
        loop {
            match rest.next() {
                Some((offset, t)) if t == c => {
                    end = at + offset + t.len_utf8();
                    break;
                }
                Some((_, t)) if is_markup(t) => {}
                _ => return end,
            }
        }
    }
    end
}

/// The same as [`extend_forward`] backwards: how far `wanted` (the punctuation before a
/// selection's first word) goes back in `text` from `at`.
fn extend_backward(text: &str, at: usize, wanted: &str) -> usize {
    let mut start = at;
    let mut rest = text[..at].char_indices().rev().peekable();
    for c in wanted.chars().rev() {
        if c.is_whitespace() {
            let mut any = false;
            while rest.peek().is_some_and(|(_, t)| t.is_whitespace()) {
                rest.next();
                any = true;
            }
            if !any {
                return start;
            }
            continue;
        }
        loop {
            match rest.next() {
                Some((offset, t)) if t == c => {
                    start = offset;
                    break;
                }
                Some((_, t)) if is_markup(t) => {}
                _ => return start,
            }
        }
    }
    start
}

/// `range` (from a first word to a last word of `text`) widened to the punctuation `quote`
/// starts and ends with, where the text has it.
fn widen(text: &str, range: Range<usize>, quote: &str) -> Range<usize> {
    let words = word_ranges(quote);
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return range;
    };
    let lead = quote[..first.start].trim_start();
    let trail = quote[last.end..].trim_end();
    extend_backward(text, range.start, lead)..extend_forward(text, range.end, trail)
}

/// Every place where the words of `quote` follow each other in `text`, from the first word's
/// start to the last word's end.
fn occurrences(text: &str, quote: &str) -> Vec<Range<usize>> {
    let wanted = word_list(quote);
    if wanted.is_empty() {
        return Vec::new();
    }
    let have = word_ranges(text);
    have.windows(wanted.len())
        .filter(|window| {
            window
                .iter()
                .map(|r| &text[r.clone()])
                .eq(wanted.iter().copied())
        })
        .map(|window| window[0].start..window[wanted.len() - 1].end)
        .collect()
}

/// Finds the passage a reader selected (`quote`, as the page showed it) in `text` (Markdown);
/// with several matches, the one nearest `near` (a byte offset), else the first. The range runs
/// from the selection's first character to its last, punctuation and Markdown included.
pub fn find(text: &str, quote: &str, near: Option<usize>) -> Option<Range<usize>> {
    let found = occurrences(text, quote);
    let chosen = match near {
        Some(near) => found
            .into_iter()
            .min_by_key(|range| range.start.abs_diff(near)),
        None => found.into_iter().next(),
    }?;
    Some(widen(text, chosen, quote))
}

/// How the words of `wanted` are found in `have` (in order): how many, and the first and last
/// index in `have` of those found.
fn common(wanted: &[&str], have: &[&str]) -> (usize, Option<(usize, usize)>) {
    let mut matched = 0;
    let mut span: Option<(usize, usize)> = None;
    let (mut w, mut h) = (0, 0);
    let mut take = |from_w: usize, to_w: usize, from_h: usize| {
        let count = to_w - from_w;
        if count > 0 {
            matched += count;
            let last = from_h + count - 1;
            span = Some(span.map_or((from_h, last), |(first, _)| (first, last)));
        }
    };
    for (old, new) in hunks(wanted, have) {
        take(w, old.start, h);
        (w, h) = (old.end, new.end);
    }
    take(w, wanted.len(), h);
    (matched, span)
}

/// The alignment from one revision's text to the next, computed once and used to carry every
/// passage of the draft (a save carries all its comments' anchors through one alignment).
pub struct Carrier<'a> {
    old: &'a str,
    new: &'a str,
    new_tokens: Vec<&'a str>,
    old_at: Vec<usize>,
    new_at: Vec<usize>,
    steps: Vec<Step>,
    /// For each new token, the old token it is (when the alignment keeps it).
    old_of_new: Vec<Option<usize>>,
}

impl<'a> Carrier<'a> {
    /// Aligns `old` with `new`.
    pub fn new(old: &'a str, new: &'a str) -> Self {
        Self::from_alignment(old, new, Alignment::new(old, new))
    }

    /// Uses an alignment of `old` with `new` already computed.
    pub fn from_alignment(old: &'a str, new: &'a str, alignment: Alignment<'a>) -> Self {
        let mut old_of_new = vec![None; alignment.new.len()];
        for step in &alignment.steps {
            if let Step::Same { old, new } = step {
                for (o, n) in old.clone().zip(new.clone()) {
                    old_of_new[n] = Some(o);
                }
            }
        }
        Self {
            old,
            new,
            old_at: tokens::offsets(&alignment.old),
            new_at: tokens::offsets(&alignment.new),
            new_tokens: alignment.new,
            steps: alignment.steps,
            old_of_new,
        }
    }

    /// The new token at byte `at`.
    fn token_at(&self, at: usize) -> usize {
        self.new_at
            .partition_point(|start| *start <= at)
            .saturating_sub(1)
    }

    /// Whether new token `index` may count as the passage's own: it came from the passage
    /// (`range` of the old text) or was written in this revision.
    fn own(&self, index: usize, range: &Range<usize>) -> bool {
        match self.old_of_new.get(index).copied().flatten() {
            None => true,
            Some(old) => self.old_at[old] < range.end && self.old_at[old + 1] > range.start,
        }
    }

    /// Where the alignment takes the byte range `range` of the old text: the tokens kept, and
    /// the replacements of changed tokens inside it.
    fn follow(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let inside =
            |index: usize| self.old_at[index] < range.end && self.old_at[index + 1] > range.start;
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut take = |tokens: Range<usize>| {
            for index in tokens {
                if is_word(self.new_tokens[index]) {
                    start.get_or_insert(self.new_at[index]);
                    end = self.new_at[index + 1];
                }
            }
        };
        for step in &self.steps {
            match step {
                Step::Same { old, new } => {
                    if self.old_at[old.start] >= range.end || self.old_at[old.end] <= range.start {
                        continue;
                    }
                    for (o, n) in old.clone().zip(new.clone()) {
                        if inside(o) {
                            take(n..n + 1);
                        }
                    }
                }
                Step::Change { old, new } => {
                    if old.clone().any(inside) {
                        take(new.clone());
                    }
                }
            }
        }
        start.map(|start| start..end.max(start))
    }

    /// The part of `candidate` (a byte range of the new text) that holds most of the passage's
    /// words, counting only its own words; `None` when it holds half of them or fewer.
    fn holding(
        &self,
        wanted: &[&str],
        candidate: Range<usize>,
        range: &Range<usize>,
    ) -> Option<(usize, Range<usize>)> {
        let words: Vec<Range<usize>> = word_ranges(&self.new[candidate.clone()])
            .into_iter()
            .map(|r| candidate.start + r.start..candidate.start + r.end)
            .filter(|r| self.own(self.token_at(r.start), range))
            .collect();
        let have: Vec<&str> = words.iter().map(|r| &self.new[r.clone()]).collect();
        let (matched, span) = common(wanted, &have);
        let (first, last) = span?;
        (matched * 2 > wanted.len()).then(|| (matched, words[first].start..words[last].end))
    }

    /// Carries the passage `range` of the old text (made on the words of `quote`) to the new.
    pub fn carry(&self, range: Range<usize>, quote: &str) -> Anchored {
        let (old, new) = (self.old, self.new);
        let passage = old.get(range.clone()).unwrap_or_default();
        let wanted = word_list(passage);
        if wanted.is_empty() {
            return Anchored::Removed;
        }
        let classify = |found: Range<usize>| {
            if word_list(&new[found.clone()]) == word_list(quote) {
                Anchored::Intact(found)
            } else {
                Anchored::Edited(found)
            }
        };
        let mapped = self.follow(&range);
        // 1. Its own words, all of them, nearest to where the alignment puts them.
        let near = mapped.as_ref().map(|r| r.start).unwrap_or(0);
        let found = occurrences(new, passage)
            .into_iter()
            .filter(|r| {
                word_ranges(&new[r.clone()])
                    .iter()
                    .all(|w| self.own(self.token_at(r.start + w.start), &range))
            })
            .min_by_key(|r| r.start.abs_diff(near));
        if let Some(found) = found {
            return classify(widen(new, found, passage));
        }
        // 2. Where the alignment takes it, if most of its words are still there.
        if let Some(mapped) = mapped
            && let Some((_, found)) = self.holding(&wanted, mapped, &range)
        {
            return classify(widen(new, found, passage));
        }
        // 3. The run of sentences holding most of its words.
        match self.closest_sentences(&wanted, passage, &range) {
            Some(found) => classify(widen(new, found, passage)),
            None => Anchored::Removed,
        }
    }

    /// The run of sentences of the new text holding most of the passage's own words (the most
    /// words, then the shortest run, then the first).
    fn closest_sentences(
        &self,
        wanted: &[&str],
        passage: &str,
        range: &Range<usize>,
    ) -> Option<Range<usize>> {
        let text = self.new;
        let mut sentences: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for (index, c) in text.char_indices() {
            if matches!(c, '.' | '!' | '?' | '\n') {
                let end = index + c.len_utf8();
                if !text[start..end].trim().is_empty() {
                    sentences.push(start..end);
                }
                start = end;
            }
        }
        if !text[start..].trim().is_empty() {
            sentences.push(start..text.len());
        }
        let count = passage
            .trim_end_matches(['.', '!', '?', '\n', ' '])
            .matches(['.', '!', '?', '\n'])
            .count()
            + 1;
        let count = count.clamp(1, sentences.len().max(1));
        let mut best: Option<(usize, usize, Range<usize>)> = None;
        for window in sentences.windows(count) {
            let candidate = window[0].start..window[count - 1].end;
            if let Some((matched, found)) = self.holding(wanted, candidate, range) {
                let better = best.as_ref().is_none_or(|(m, length, _)| {
                    matched > *m || (matched == *m && found.len() < *length)
                });
                if better {
                    best = Some((matched, found.len(), found));
                }
            }
        }
        best.map(|(_, _, found)| found)
    }
}

/// Carries the passage `range` of `old` (made on the words of `quote`) to `new`.
pub fn carry(old: &str, new: &str, range: Range<usize>, quote: &str) -> Anchored {
    Carrier::new(old, new).carry(range, quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, range: &Range<usize>) -> String {
        text[range.clone()].to_owned()
    }

    #[test]
    fn a_selection_is_found_through_the_markdown_around_its_words() {
        let text = "## Constat\n\nLes **circuits courts** rapprochent producteurs et mangeurs.";
        let range = find(text, "circuits courts rapprochent", None).expect("found");
        assert_eq!(at(text, &range), "circuits courts** rapprochent");
        assert_eq!(find(text, "circuits longs", None), None);
    }

    #[test]
    fn a_selection_keeps_the_punctuation_it_ends_and_starts_with() {
        let text = "Première phrase. Deuxième phrase à revoir. Troisième « citée ».";
        let range = find(text, "Deuxième phrase à revoir.", None).expect("found");
        assert_eq!(at(text, &range), "Deuxième phrase à revoir.");
        let range = find(text, "« citée »", None).expect("found");
        assert_eq!(at(text, &range), "« citée »");
        // Punctuation the text does not have there is not invented.
        let range = find(text, "Première phrase !", None).expect("found");
        assert_eq!(at(text, &range), "Première phrase");
    }

    #[test]
    fn with_two_matches_the_one_nearest_the_hint_is_chosen() {
        let text = "le lien social. Autre phrase. le lien social.";
        let last = find(text, "le lien social", Some(40)).expect("found");
        assert_eq!(last.start, text.rfind("le lien").unwrap_or(0));
        let first = find(text, "le lien social", None).expect("found");
        assert_eq!(first.start, 0);
    }

    #[test]
    fn a_passage_that_moved_is_followed_intact() {
        let old = "Premier paragraphe.\n\nLe passage commenté ici.\n\nDernier paragraphe.";
        let range = find(old, "passage commenté", None).unwrap_or(0..0);
        let new = "Le passage commenté ici.\n\nPremier paragraphe.\n\nDernier paragraphe ajouté.";
        match carry(old, new, range, "passage commenté") {
            Anchored::Intact(found) => assert_eq!(at(new, &found), "passage commenté"),
            other => panic!("expected intact, got {other:?}"),
        }
    }

    #[test]
    fn an_edited_passage_follows_its_closest_match() {
        let old = "Intro.\n\nLes structures de l'ESS coopèrent peu entre elles.\n\nFin.";
        let quote = "structures de l'ESS coopèrent peu entre elles";
        let range = find(old, quote, None).unwrap_or(0..0);
        let new =
            "Intro.\n\nLes structures de l'ESS coopèrent encore trop peu entre elles.\n\nFin.";
        match carry(old, new, range, quote) {
            Anchored::Edited(found) => assert_eq!(
                at(new, &found),
                "structures de l'ESS coopèrent encore trop peu entre elles"
            ),
            other => panic!("expected edited, got {other:?}"),
        }
    }

    #[test]
    fn an_edited_passage_that_also_moved_is_found_by_its_words() {
        let old = "A.\n\nLa formation des bénévoles reste le premier levier.\n\nB.\n\nC.";
        let quote = "La formation des bénévoles reste le premier levier";
        let range = find(old, quote, None).unwrap_or(0..0);
        let new = "A.\n\nB.\n\nC.\n\nLa formation des bénévoles reste notre premier levier.";
        match carry(old, new, range, quote) {
            Anchored::Edited(found) => assert_eq!(
                at(new, &found),
                "La formation des bénévoles reste notre premier levier"
            ),
            other => panic!("expected edited, got {other:?}"),
        }
    }

    #[test]
    fn a_deleted_passage_is_reported_removed() {
        let old = "Garder ceci.\n\nSupprimer cette phrase sur les monnaies locales.\n\nEt ceci.";
        let quote = "cette phrase sur les monnaies locales";
        let range = find(old, quote, None).unwrap_or(0..0);
        assert_eq!(
            carry(old, "Garder ceci.\n\nEt ceci.", range, quote),
            Anchored::Removed
        );
    }

    #[test]
    fn a_deleted_list_item_does_not_jump_to_a_heading_sharing_some_of_its_words() {
        let old = "## Proposition : définir le circuit court\n\nNous proposons :\n\n- un label « circuit court solidaire »\n- une charte des producteurs\n";
        let quote = "un label « circuit court solidaire »";
        let range = find(old, quote, None).unwrap_or(0..0);
        assert_eq!(at(old, &range), quote);
        let new = "## Proposition : définir le circuit court\n\nNous proposons :\n\n- une charte des producteurs\n";
        assert_eq!(carry(old, new, range, quote), Anchored::Removed);
        // Nor does a deleted passage land on the same words the text already had elsewhere.
        let old = "Le circuit court relie.\n\nVers un circuit court.\n";
        let range = find(old, "Vers un circuit court.", None).unwrap_or(0..0);
        assert_eq!(
            carry(
                old,
                "Le circuit court relie.\n",
                range,
                "Vers un circuit court."
            ),
            Anchored::Removed
        );
    }

    #[test]
    fn a_passage_replaced_by_unrelated_text_is_reported_removed() {
        let old = "Début.\n\nLes tiers-lieux accueillent des ateliers de réparation.\n\nFin.";
        let quote = "Les tiers-lieux accueillent des ateliers de réparation";
        let range = find(old, quote, None).unwrap_or(0..0);
        let new = "Début.\n\nUn tout autre sujet : la commande publique responsable.\n\nFin.";
        assert_eq!(carry(old, new, range, quote), Anchored::Removed);
    }
}
