//! Passages of a draft that comments point to, and how they follow the text from revision to
//! revision.
//!
//! A passage is found from what a reader selected: the words of the selection, in order, whatever
//! Markdown lies between them (the browser's selection is the rendered text, the draft is
//! Markdown). It is stored as a byte range of one revision's text and carried to each new
//! revision as it is saved:
//! 1. the same words, found again (nearest to where the diff puts them): the passage moved, or
//!    did not change;
//! 2. otherwise, where the word diff from the previous revision takes it, if enough of it is
//!    still there: the passage was edited;
//! 3. otherwise, the sentences of the new text that resemble it most, if they resemble it
//!    enough: edited and moved;
//! 4. otherwise it is gone, and the comment shows the quote it was made on.

use crate::ssr::text::{self, Step};
use std::ops::Range;

/// How much of a passage must remain for it to be followed (word-level similarity, 0..1).
const KEEP_RATIO: f32 = 0.4;

/// Where a passage is in a new revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchored {
    /// The passage, with the words it was made on (perhaps elsewhere).
    Intact(Range<usize>),
    /// The closest match of an edited passage.
    Edited(Range<usize>),
    /// Nothing of it is left.
    Removed,
}

fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphanumeric)
}

/// The word tokens of `text` with their byte ranges.
fn words(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for token in text::tokenize(text) {
        if is_word(token) {
            out.push((at..at + token.len(), token));
        }
        at += token.len();
    }
    out
}

/// The words of a passage, for comparison (case kept: a change of case is an edit).
fn word_list(text: &str) -> Vec<&str> {
    words(text).into_iter().map(|(_, word)| word).collect()
}

/// Every place where the words of `quote` follow each other in `text`, as byte ranges from the
/// first word's start to the last word's end.
fn occurrences(text: &str, quote: &str) -> Vec<Range<usize>> {
    let wanted = word_list(quote);
    if wanted.is_empty() {
        return Vec::new();
    }
    let have = words(text);
    have.windows(wanted.len())
        .filter(|window| window.iter().map(|(_, w)| *w).eq(wanted.iter().copied()))
        .map(|window| window[0].0.start..window[wanted.len() - 1].0.end)
        .collect()
}

/// Finds the passage a reader selected (`quote`, as the page showed it) in `text` (Markdown);
/// with several matches, the one nearest `near` (a byte offset), else the first.
pub fn find(text: &str, quote: &str, near: Option<usize>) -> Option<Range<usize>> {
    let found = occurrences(text, quote);
    match near {
        Some(near) => found
            .into_iter()
            .min_by_key(|range| range.start.abs_diff(near)),
        None => found.into_iter().next(),
    }
}

/// Word-level similarity of two passages (0: nothing in common, 1: the same words); spaces and
/// punctuation do not count.
fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (word_list(a), word_list(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    similar::get_diff_ratio(&ops, a.len(), b.len())
}

/// The word diff from one revision's text to the next, computed once and used to carry every
/// passage of the draft (a save carries all its comments' anchors through one diff).
pub struct Carrier<'a> {
    old: &'a str,
    new: &'a str,
    new_tokens: Vec<&'a str>,
    old_at: Vec<usize>,
    new_at: Vec<usize>,
    steps: Vec<Step>,
}

fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::with_capacity(tokens.len() + 1);
    for token in tokens {
        out.push(at);
        at += token.len();
    }
    out.push(at);
    out
}

impl<'a> Carrier<'a> {
    /// Diffs `old` against `new`.
    pub fn new(old: &'a str, new: &'a str) -> Self {
        let old_tokens = text::tokenize(old);
        let new_tokens = text::tokenize(new);
        let steps = text::align(&old_tokens, &new_tokens);
        Self {
            old,
            new,
            old_at: offsets(&old_tokens),
            new_at: offsets(&new_tokens),
            new_tokens,
            steps,
        }
    }

    /// Where the diff takes the byte range `range` of the old text: the tokens kept, and the
    /// replacements of changed tokens inside it.
    fn follow_diff(&self, range: &Range<usize>) -> Option<Range<usize>> {
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
                    // Only the part of the run that overlaps the range.
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

    /// Carries the passage `range` of the old text (made on the words of `quote`) to the new.
    pub fn carry(&self, range: Range<usize>, quote: &str) -> Anchored {
        let (old, new) = (self.old, self.new);
        let passage = old.get(range.clone()).unwrap_or_default();
        let classify = |range: Range<usize>| {
            if word_list(&new[range.clone()]) == word_list(quote) {
                Anchored::Intact(range)
            } else {
                Anchored::Edited(range)
            }
        };
        let mapped = self.follow_diff(&range);
        if let Some(found) = find(new, passage, mapped.as_ref().map(|r| r.start)) {
            return classify(found);
        }
        if let Some(mapped) = mapped
            && similarity(passage, &new[mapped.clone()]) >= KEEP_RATIO
        {
            return classify(mapped);
        }
        match closest_sentences(new, passage) {
            Some(found) => classify(found),
            None => Anchored::Removed,
        }
    }
}

/// The run of sentences of `text` most like `passage`, if like enough.
fn closest_sentences(text: &str, passage: &str) -> Option<Range<usize>> {
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
    let wanted = passage
        .matches(['.', '!', '?', '\n'])
        .count()
        .clamp(1, sentences.len().max(1));
    let mut best: Option<(f32, Range<usize>)> = None;
    for window in sentences.windows(wanted) {
        let range = window[0].start..window[wanted - 1].end;
        let score = similarity(passage, &text[range.clone()]);
        if score >= KEEP_RATIO && best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, range));
        }
    }
    best.map(|(_, range)| trim(text, range))
}

/// `range` without its leading and trailing spaces and punctuation.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let found = words(&text[range.clone()]);
    match (found.first(), found.last()) {
        (Some((first, _)), Some((last, _))) => range.start + first.start..range.start + last.end,
        _ => range,
    }
}

/// Carries the passage `range` of `old` (made on the words of `quote`) to `new`.
pub fn carry(old: &str, new: &str, range: Range<usize>, quote: &str) -> Anchored {
    Carrier::new(old, new).carry(range, quote)
}

/// Private-use characters marking where passages start and end in the Markdown before it is
/// rendered; they carry the comment id and are turned into `<mark>` elements afterwards.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const STOP: char = '\u{E002}';

/// `markdown` rendered (by `render`) with each passage of `passages` (comment id, byte range)
/// wrapped in `<mark class="passage">`; the first piece of each carries `id="passage-{id}"`.
pub fn highlight(
    markdown: &str,
    passages: &[(i64, Range<usize>)],
    render: impl Fn(&str) -> String,
) -> String {
    // Markers go at word boundaries inside shown text, so they never split Markdown syntax such
    // as `## ` or `**`, nor land in a link's address.
    let shown = crate::ssr::markdown::text_ranges(markdown);
    let mut inserts: Vec<(usize, bool, String)> = Vec::new();
    for (id, range) in passages {
        let Some(slice) = markdown.get(range.clone()) else {
            continue;
        };
        let found = words(slice);
        let (Some((first, _)), Some((last, _))) = (found.first(), found.last()) else {
            continue;
        };
        let (mut start, mut end) = (range.start + first.start, range.start + last.end);
        if !shown.iter().any(|r| r.start <= start && start < r.end) {
            match shown.iter().find(|r| r.start > start) {
                Some(next) => start = next.start,
                None => continue,
            }
        }
        if !shown.iter().any(|r| r.start < end && end <= r.end) {
            match shown.iter().rev().find(|r| r.end < end) {
                Some(previous) => end = previous.end,
                None => continue,
            }
        }
        if start >= end {
            continue;
        }
        inserts.push((start, true, format!("{OPEN}{id}{STOP}")));
        inserts.push((end, false, format!("{CLOSE}{id}{STOP}")));
    }
    if inserts.is_empty() {
        return render(markdown);
    }
    // From the end, so earlier offsets stay valid; at one offset, closings before openings.
    inserts.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut marked = markdown.to_owned();
    for (at, _, marker) in inserts {
        marked.insert_str(at, &marker);
    }
    rewrite(&render(&marked))
}

/// Turns the markers of a rendered text into `<mark>` elements: each run of text inside a
/// passage is wrapped on its own, so the elements nest properly whatever the passage spans.
/// Markers that ended up inside a tag (a link's address) are dropped.
fn rewrite(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut open: Vec<i64> = Vec::new();
    let mut labelled: Vec<i64> = Vec::new();
    let mut run = String::new();
    let flush = |out: &mut String, run: &mut String, open: &[i64], labelled: &mut Vec<i64>| {
        if run.is_empty() {
            return;
        }
        match open.last() {
            Some(id) if !run.trim().is_empty() => {
                let label = if labelled.contains(id) {
                    String::new()
                } else {
                    labelled.push(*id);
                    format!(" id=\"passage-{id}\"")
                };
                out.push_str(&format!(
                    "<mark class=\"passage\" data-comment=\"{id}\"{label}>{run}</mark>"
                ));
            }
            _ => out.push_str(run),
        }
        run.clear();
    };
    let mut chars = html.chars().peekable();
    let mut in_tag = false;
    let mut in_quote = false;
    while let Some(c) = chars.next() {
        if in_tag {
            match c {
                OPEN | CLOSE => {
                    for next in chars.by_ref() {
                        if next == STOP {
                            break;
                        }
                    }
                }
                '"' => {
                    in_quote = !in_quote;
                    out.push(c);
                }
                '>' if !in_quote => {
                    in_tag = false;
                    out.push(c);
                }
                _ => out.push(c),
            }
            continue;
        }
        match c {
            '<' => {
                flush(&mut out, &mut run, &open, &mut labelled);
                in_tag = true;
                in_quote = false;
                out.push(c);
            }
            OPEN | CLOSE => {
                flush(&mut out, &mut run, &open, &mut labelled);
                let mut digits = String::new();
                for next in chars.by_ref() {
                    if next == STOP {
                        break;
                    }
                    digits.push(next);
                }
                if let Ok(id) = digits.parse::<i64>() {
                    if c == OPEN {
                        open.push(id);
                    } else {
                        open.retain(|other| *other != id);
                    }
                }
            }
            _ => run.push(c),
        }
    }
    flush(&mut out, &mut run, &open, &mut labelled);
    // A marker inside an address is percent-encoded by the sanitiser: drop those too.
    strip_encoded(&out)
}

/// Removes percent-encoded markers (`%EE%80%80` digits `%EE%80%82`) left in addresses.
fn strip_encoded(html: &str) -> String {
    if !html.contains("%EE%80%8") {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("%EE%80%8") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let marker = after.starts_with("%EE%80%80") || after.starts_with("%EE%80%81");
        if !marker {
            out.push_str(&after[..8]);
            rest = &after[8..];
            continue;
        }
        rest = &after[9..];
        match rest.find("%EE%80%82") {
            Some(stop) if rest[..stop].chars().all(|c| c.is_ascii_digit()) => {
                rest = &rest[stop + 9..];
            }
            _ => {}
        }
    }
    out.push_str(rest);
    out
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
    fn with_two_matches_the_one_nearest_the_hint_is_chosen() {
        let text = "le lien social. Autre phrase. le lien social.";
        let last = find(text, "le lien social", Some(40)).expect("found");
        assert_eq!(last.start, text.rfind("le lien").unwrap());
        let first = find(text, "le lien social", None).expect("found");
        assert_eq!(first.start, 0);
    }

    #[test]
    fn a_passage_that_moved_is_followed_intact() {
        let old = "Premier paragraphe.\n\nLe passage commenté ici.\n\nDernier paragraphe.";
        let range = find(old, "passage commenté", None).unwrap();
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
        let range = find(old, quote, None).unwrap();
        let new =
            "Intro.\n\nLes structures de l'ESS coopèrent encore trop peu entre elles.\n\nFin.";
        match carry(old, new, range, quote) {
            Anchored::Edited(found) => {
                assert_eq!(
                    at(new, &found),
                    "structures de l'ESS coopèrent encore trop peu entre elles"
                );
            }
            other => panic!("expected edited, got {other:?}"),
        }
    }

    #[test]
    fn an_edited_passage_that_also_moved_is_found_by_resemblance() {
        let old = "A.\n\nLa formation des bénévoles reste le premier levier.\n\nB.\n\nC.";
        let quote = "La formation des bénévoles reste le premier levier";
        let range = find(old, quote, None).unwrap();
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
        let range = find(old, quote, None).unwrap();
        let new = "Garder ceci.\n\nEt ceci.";
        assert_eq!(carry(old, new, range, quote), Anchored::Removed);
    }

    #[test]
    fn a_passage_replaced_by_unrelated_text_is_reported_removed() {
        let old = "Début.\n\nLes tiers-lieux accueillent des ateliers de réparation.\n\nFin.";
        let quote = "Les tiers-lieux accueillent des ateliers de réparation";
        let range = find(old, quote, None).unwrap();
        let new = "Début.\n\nUn tout autre sujet : la commande publique responsable.\n\nFin.";
        assert_eq!(carry(old, new, range, quote), Anchored::Removed);
    }

    #[test]
    fn passages_are_marked_in_the_rendered_text_even_across_elements() {
        let markdown = "Les **circuits courts** rapprochent.\n\nSecond paragraphe ici.";
        let range = find(markdown, "courts rapprochent. Second paragraphe", None).unwrap();
        let html = highlight(markdown, &[(7, range)], |md| {
            crate::ssr::markdown::to_safe_html(md)
        });
        assert!(html.contains("<strong>circuits <mark class=\"passage\" data-comment=\"7\" id=\"passage-7\">courts</mark></strong>"), "{html}");
        assert!(
            html.contains(
                "<mark class=\"passage\" data-comment=\"7\">Second paragraphe</mark> ici."
            ),
            "{html}"
        );
        assert!(
            !html.contains('\u{E000}') && !html.contains('\u{E001}'),
            "{html}"
        );
    }

    #[test]
    fn markers_never_end_up_inside_a_link_address() {
        let markdown = "Voir [le site](https://example.org/page) pour plus.";
        let range = find(markdown, "site https example", None).unwrap();
        let html = highlight(markdown, &[(3, range)], |md| {
            crate::ssr::markdown::to_safe_html(md)
        });
        assert!(
            !html.contains('\u{E000}') && !html.contains("%EE%80"),
            "{html}"
        );
        assert!(html.contains("href=\"https://example.org/page\""), "{html}");
    }
}
