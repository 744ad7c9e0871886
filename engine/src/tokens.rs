//! Tokens: a text cut into words, runs of whitespace and single punctuation marks, so that
//! joining the tokens gives the text back byte for byte.
//!
//! Attribution is stored per token of this cut: changing it would shift every stored
//! attribution, so it is fixed (tested below).

use std::ops::Range;

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

/// Cuts `text` into tokens; their concatenation is `text`.
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::with_capacity(text.len() / 3 + 1);
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

/// Whether a token is a word (starts with a letter or digit): what word counts and passages
/// compare, ignoring spaces and punctuation.
pub fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphanumeric)
}

/// How many words `text` has.
pub fn word_count(text: &str) -> usize {
    tokenize(text).into_iter().filter(|t| is_word(t)).count()
}

/// The byte offset of each token in its text, and the text's length at the end
/// (`offsets(tokens)[i]..offsets(tokens)[i + 1]` is token `i`).
pub fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::with_capacity(tokens.len() + 1);
    for token in tokens {
        out.push(at);
        at += token.len();
    }
    out.push(at);
    out
}

/// The tokens cut into blocks: each block ends with the first token holding a line break, so a
/// block is a line (or a paragraph with the blank lines after it). The blocks cover the tokens in
/// order.
pub fn blocks(tokens: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, token) in tokens.iter().enumerate() {
        if token.contains('\n') {
            out.push(start..index + 1);
            start = index + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_join_back_into_the_text_and_cut_at_words() {
        let text = "L’économie  sociale, solidaire !\nÀ suivre…";
        let tokens = tokenize(text);
        assert_eq!(tokens.concat(), text);
        assert_eq!(&tokens[..4], &["L’économie", "  ", "sociale", ","]);
    }

    #[test]
    fn the_cut_stored_attributions_rely_on_does_not_change() {
        // A run of spaces and line breaks is one token, marks are one each.
        assert_eq!(
            tokenize("Un  deux.\n\n  **Trois**"),
            [
                "Un", "  ", "deux", ".", "\n\n  ", "*", "*", "Trois", "*", "*"
            ]
        );
    }

    #[test]
    fn blocks_end_at_line_breaks_and_cover_every_token() {
        let tokens = tokenize("Titre\n\nPremier paragraphe.\nSuite");
        let blocks = blocks(&tokens);
        let texts: Vec<String> = blocks.iter().map(|b| tokens[b.clone()].concat()).collect();
        assert_eq!(texts, ["Titre\n\n", "Premier paragraphe.\n", "Suite"]);
    }
}
