//! What a search asks, parsed from what was typed.
//!
//! The typed text never reaches PostgreSQL's query syntax as such: it is cut into words made of
//! letters and digits only, and the query is written from those words with our own operators
//! (`&` between terms, `<->` inside a quoted phrase, `!` before an excluded term, `:*` after a
//! word being typed). Whatever is typed, the result is a valid `to_tsquery` text or a
//! [`QueryProblem`] the page can explain.

use serde::{Deserialize, Serialize};

/// The longest query accepted, in characters.
pub const QUERY_MAX_CHARS: usize = 200;
/// The most terms (words, phrases, exclusions) a query may hold.
pub const QUERY_MAX_TERMS: usize = 16;
/// A word being typed is matched as a prefix from this many characters on.
pub const PREFIX_MIN_CHARS: usize = 3;
/// Results shown a page.
pub const PAGE_SIZE: i64 = 20;
/// Matches counted of each kind: beyond it a kind shows « plus de 100 ». The newest this many
/// are ranked by relevance, so that a word found in every text costs what a rare one does.
pub const COUNTED_PER_KIND: i64 = 100;
/// The last page that can be asked for (its results are counted as far as it).
pub const MAX_PAGE: i64 = 50;
/// The longest phrase a draft's history is searched for, in characters.
pub const PHRASE_MAX_CHARS: usize = 300;

/// Why a query cannot be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryProblem {
    /// Nothing to search: no letter or digit (only punctuation or operators).
    NoWords,
    /// Longer than [`QUERY_MAX_CHARS`].
    TooLong,
    /// More than [`QUERY_MAX_TERMS`] terms.
    TooManyTerms,
}

/// One term of a query: a run of words that must appear together (one word, or a quoted phrase).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    words: Vec<String>,
    excluded: bool,
    /// The term is the last word, still being typed: matched as a prefix.
    prefix: bool,
}

/// A parsed query: at least one term that must appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<Term>,
}

impl SearchQuery {
    /// Parses what was typed: words, `"quoted phrases"`, `-excluded` words or phrases. The last
    /// word is a prefix when nothing follows it (no space, no closing quote) and it has at least
    /// [`PREFIX_MIN_CHARS`] characters. An unbalanced quote runs to the end.
    pub fn parse(typed: &str) -> Result<Self, QueryProblem> {
        if typed.chars().count() > QUERY_MAX_CHARS {
            return Err(QueryProblem::TooLong);
        }
        let mut terms = Vec::new();
        let mut chars = typed.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            let excluded = c == '-';
            if excluded {
                chars.next();
            }
            let quoted = chars.peek() == Some(&'"');
            let mut text = String::new();
            if quoted {
                chars.next();
                text.extend(chars.by_ref().take_while(|&c| c != '"'));
            } else {
                while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                    text.push(c);
                }
            }
            let words = words_of(&text);
            let Some(last) = words.last() else {
                continue;
            };
            let prefix = !quoted
                && !excluded
                && chars.peek().is_none()
                && last.chars().count() >= PREFIX_MIN_CHARS;
            terms.push(Term {
                words,
                excluded,
                prefix,
            });
        }
        if terms.len() > QUERY_MAX_TERMS {
            return Err(QueryProblem::TooManyTerms);
        }
        if !terms.iter().any(|term| !term.excluded) {
            return Err(QueryProblem::NoWords);
        }
        Ok(Self { terms })
    }

    /// The query in `to_tsquery` syntax: terms joined by `&`, a phrase's words by `<->`.
    ///
    /// Only letters and digits come from the typed text, so the result always parses.
    pub fn to_tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|term| {
                let mut words = term.words.join(" <-> ");
                if term.prefix {
                    words.push_str(":*");
                }
                match (term.excluded, term.words.len() > 1) {
                    (true, true) => format!("!({words})"),
                    (true, false) => format!("!{words}"),
                    (false, true) => format!("({words})"),
                    (false, false) => words,
                }
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// The words that must appear, for people's names: matched without stemming, each word of
    /// [`PREFIX_MIN_CHARS`] or more as the beginning of a name's word, excluded words left out.
    pub fn to_names_tsquery(&self) -> String {
        self.terms
            .iter()
            .filter(|term| !term.excluded)
            .flat_map(|term| &term.words)
            .map(|word| {
                if word.chars().count() >= PREFIX_MIN_CHARS {
                    format!("{word}:*")
                } else {
                    word.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

/// The words of `text`: maximal runs of letters and digits (an apostrophe, a hyphen or any
/// other sign separates words, as PostgreSQL's parser does).
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A phrase to look for in a draft's history: trimmed, its inner runs of spaces made one.
pub fn phrase(typed: &str) -> Result<String, QueryProblem> {
    let phrase = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if phrase.chars().count() > PHRASE_MAX_CHARS {
        Err(QueryProblem::TooLong)
    } else if !phrase.chars().any(char::is_alphanumeric) {
        Err(QueryProblem::NoWords)
    } else {
        Ok(phrase)
    }
}

/// What kind of thing a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    /// A thème (title, summary, description).
    Theme,
    /// A draft (title and current text).
    Draft,
    /// A discussion thread (its title).
    Thread,
    /// A post in a discussion.
    Post,
    /// A comment on a passage of a draft.
    Comment,
    /// A suggested change to a draft.
    Suggestion,
    /// A person (display name).
    Person,
}

stored_as!(HitKind {
    Theme => "theme",
    Draft => "draft",
    Thread => "thread",
    Post => "post",
    Comment => "comment",
    Suggestion => "suggestion",
    Person => "person",
});

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SearchOrder {
    /// Best match first (title before text, more and closer matches first).
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

stored_as!(SearchOrder {
    Relevance => "relevance",
    Date => "date",
});

/// A highlighted excerpt as PostgreSQL's `ts_headline` returns it with our markers: `\u{1}`
/// opens a matched word, `\u{2}` closes it.
pub const MARK_OPEN: char = '\u{1}';
/// See [`MARK_OPEN`].
pub const MARK_CLOSE: char = '\u{2}';

/// Cuts an excerpt marked with [`MARK_OPEN`]/[`MARK_CLOSE`] into plain pieces and highlighted
/// pieces (`true`), to be shown as text: nothing in it is ever read as markup. Stray markers
/// are dropped; a piece left open ends with the excerpt.
pub fn excerpt_pieces(marked: &str) -> Vec<(String, bool)> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    let mut inside = false;
    for c in marked.chars() {
        match c {
            MARK_OPEN | MARK_CLOSE => {
                let opening = c == MARK_OPEN;
                if opening != inside {
                    if !current.is_empty() {
                        pieces.push((std::mem::take(&mut current), inside));
                    }
                    inside = opening;
                }
            }
            c if c.is_control() && c != '\n' => {}
            '\n' => current.push(' '),
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        pieces.push((current, inside));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tsquery(typed: &str) -> String {
        SearchQuery::parse(typed).map(|q| q.to_tsquery()).unwrap()
    }

    #[test]
    fn words_are_all_required_and_the_last_one_typed_is_a_prefix() {
        assert_eq!(tsquery("circuits courts"), "circuits & courts:*");
        assert_eq!(tsquery("circuits courts "), "circuits & courts");
        // Too short to be a useful prefix.
        assert_eq!(tsquery("circuits co"), "circuits & co");
    }

    #[test]
    fn quotes_make_a_phrase_and_a_minus_excludes_a_word_or_a_phrase() {
        assert_eq!(
            tsquery("\"circuits courts\" -Lyon"),
            "(circuits <-> courts) & !Lyon"
        );
        assert_eq!(
            tsquery("monnaie -\"monnaie locale\" "),
            "monnaie & !(monnaie <-> locale)"
        );
        // An unbalanced quote runs to the end, and is not a prefix.
        assert_eq!(tsquery("\"économie sociale"), "(économie <-> sociale)");
    }

    #[test]
    fn operators_and_signs_typed_are_never_passed_on_as_syntax() {
        assert_eq!(tsquery("a:*&|!b"), "(a <-> b)");
        assert_eq!(tsquery("l'économie"), "(l <-> économie:*)");
        assert_eq!(tsquery("(x) & 'y'"), "x & y");
        for typed in ["!!! ??? :*", "&|", "\"\"", "-", "- -\"\""] {
            assert_eq!(
                SearchQuery::parse(typed),
                Err(QueryProblem::NoWords),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_query_of_only_exclusions_asks_for_nothing() {
        assert_eq!(SearchQuery::parse("-lyon"), Err(QueryProblem::NoWords));
    }

    #[test]
    fn a_query_too_long_or_with_too_many_terms_is_refused() {
        assert_eq!(
            SearchQuery::parse(&"a".repeat(10_000)),
            Err(QueryProblem::TooLong)
        );
        let many = (0..=QUERY_MAX_TERMS)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>();
        assert_eq!(
            SearchQuery::parse(&many.join(" ")),
            Err(QueryProblem::TooManyTerms)
        );
    }

    #[test]
    fn names_are_matched_by_the_beginning_of_each_word_typed() {
        let q = SearchQuery::parse("Éloïse du -x").unwrap();
        assert_eq!(q.to_names_tsquery(), "Éloïse:* & du");
    }

    #[test]
    fn an_excerpt_is_cut_into_plain_and_highlighted_text_and_markup_stays_text() {
        let marked = "Les \u{1}circuits\u{2} <b>courts</b>\u{2}\u{1}\u{1}x";
        assert_eq!(
            excerpt_pieces(marked),
            vec![
                ("Les ".to_owned(), false),
                ("circuits".to_owned(), true),
                (" <b>courts</b>".to_owned(), false),
                ("x".to_owned(), true),
            ]
        );
    }

    #[test]
    fn a_history_phrase_is_trimmed_and_must_hold_a_word() {
        assert_eq!(
            phrase("  emplois \n locaux "),
            Ok("emplois locaux".to_owned())
        );
        assert_eq!(phrase(" … "), Err(QueryProblem::NoWords));
        assert_eq!(phrase(&"a".repeat(301)), Err(QueryProblem::TooLong));
    }

    #[test]
    fn every_kind_and_order_reads_back_as_itself() {
        for &kind in HitKind::ALL {
            assert_eq!(kind.as_str().parse::<HitKind>(), Ok(kind));
        }
        for &order in SearchOrder::ALL {
            assert_eq!(order.as_str().parse::<SearchOrder>(), Ok(order));
        }
    }
}
