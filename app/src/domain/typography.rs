//! French typography for display: the spaces that must not break, and quotes within quotes.
//!
//! Applied to text as it is shown (a title, a Markdown paragraph's text, an interface string),
//! never to what people typed and keep: the source stays as written. Only spaces that are there
//! are made unbreakable, except inside « », which always get their narrow spaces; so an English
//! sentence ("Why?") is left as it is, and code and addresses, which hold no such spaces, too.
//!
//! - a narrow no-break space (U+202F) before `;`, `!`, `?` and `»`, after `«`, between the
//!   groups of a number (« 20 000 ») and before `%`;
//! - a no-break space (U+00A0) before `:` and between a number and its unit (« 100 km »);
//! - inside « », straight quotes become “ ”.

use std::borrow::Cow;

/// Narrow no-break space.
pub const NNBSP: char = '\u{202F}';
/// No-break space.
pub const NBSP: char = '\u{A0}';

/// Units that stay with their number, separated by spaces.
const UNITS: &str = "km m cm mm kg g t ha l L h min s € $ £ °C ° ans an jours mois heures euros \
                     habitants caractères personnes membres Mo Ko Go kWh MW kW";

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == NBSP || c == NNBSP
}

/// [`french`] as an owned string, for a view: titles and names as they are shown.
pub fn typeset(text: &str) -> String {
    french(text).into_owned()
}

/// `text` with French typography (see the module). Borrowed back when nothing changes.
pub fn french(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, ';' | '!' | '?' | ':' | '«' | '»' | '%' | ' ') || c.is_ascii_digit())
    {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    // Guillemets open at this point (straight quotes inside them become “ ”).
    let mut depth = 0usize;
    let mut inner_open = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\t' {
            // A run of ordinary spaces: what follows it decides.
            let mut end = i;
            while end < chars.len() && (chars[end] == ' ' || chars[end] == '\t') {
                end += 1;
            }
            let before = out.chars().last();
            let next = chars.get(end).copied();
            let space = match next {
                Some(';' | '!' | '?' | '»' | '%') if before.is_some() => Some(NNBSP),
                Some(':') if before.is_some() => Some(NBSP),
                _ if before == Some('«') => Some(NNBSP),
                Some(d) if d.is_ascii_digit() && before.is_some_and(|b| b.is_ascii_digit()) => {
                    // A group of three digits, not a separate number: « 20 000 », not « 2 12 ».
                    let group = chars[end..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    let run = out.chars().rev().take_while(char::is_ascii_digit).count();
                    (group == 3 && run <= 3).then_some(NNBSP)
                }
                Some(_) if before.is_some_and(|b| b.is_ascii_digit()) => {
                    unit_at(&chars, end).then_some(NBSP)
                }
                _ => None,
            };
            match space {
                Some(space) => out.push(space),
                None => out.extend(&chars[i..end]),
            }
            i = end;
            continue;
        }
        match c {
            '«' => {
                depth += 1;
                out.push('«');
                if chars.get(i + 1).is_some_and(|&n| !is_space(n)) {
                    out.push(NNBSP);
                }
            }
            '»' => {
                if out.chars().last().is_some_and(|b| !is_space(b)) && i > 0 {
                    out.push(NNBSP);
                }
                out.push('»');
                depth = depth.saturating_sub(1);
                inner_open = false;
            }
            '"' if depth > 0 => {
                let opens = !inner_open
                    && out
                        .chars()
                        .last()
                        .is_none_or(|b| is_space(b) || matches!(b, '(' | '[' | '«' | '\''));
                if opens {
                    out.push('“');
                    inner_open = true;
                } else {
                    out.push('”');
                    inner_open = false;
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// Whether a unit of [`UNITS`] starts at `at` and ends there as a word.
fn unit_at(chars: &[char], at: usize) -> bool {
    UNITS.split_whitespace().any(|unit| {
        let unit: Vec<char> = unit.chars().collect();
        chars.len() >= at + unit.len()
            && chars[at..at + unit.len()] == unit[..]
            && chars
                .get(at + unit.len())
                .is_none_or(|next| !next.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        french(text).replace(NNBSP, "⍽").replace(NBSP, "~")
    }

    #[test]
    fn french_punctuation_keeps_its_space_on_the_same_line() {
        for (typed, expected) in [
            ("Pourquoi ?", "Pourquoi⍽?"),
            ("Enfin !", "Enfin⍽!"),
            ("d’abord ; ensuite", "d’abord⍽; ensuite"),
            ("Note : voir plus bas", "Note~: voir plus bas"),
            ("(100 km) ?", "(100~km)⍽?"),
            ("Vraiment  ?", "Vraiment⍽?"),
        ] {
            assert_eq!(shown(typed), expected, "{typed}");
        }
    }

    #[test]
    fn guillemets_get_narrow_spaces_whether_typed_or_not() {
        for (typed, expected) in [
            ("«ESS»", "«⍽ESS⍽»"),
            ("« circuits courts »", "«⍽circuits courts⍽»"),
            ("pour un « mot »", "pour un «⍽mot⍽»"),
            ("« il dit \"oui\" »", "«⍽il dit “oui”⍽»"),
        ] {
            assert_eq!(shown(typed), expected, "{typed}");
        }
    }

    #[test]
    fn numbers_keep_their_groups_and_units_together() {
        for (typed, expected) in [
            ("20 000 caractères", "20⍽000~caractères"),
            ("1 000 000 habitants", "1⍽000⍽000~habitants"),
            ("50 %", "50⍽%"),
            ("12 €", "12~€"),
            ("en 2026 les groupes", "en 2026 les groupes"),
            ("les thèmes 10 11 et 12", "les thèmes 10 11 et 12"),
            ("2 123", "2⍽123"),
        ] {
            assert_eq!(shown(typed), expected, "{typed}");
        }
    }

    #[test]
    fn english_code_and_addresses_are_left_as_they_are() {
        for typed in [
            "Why? Because!",
            "https://example.org/a?b=1&c=2",
            "x: i32; y: u8",
            "mailto:contact@lelabo-ess.org",
            "14:05",
            "",
        ] {
            assert!(matches!(french(typed), Cow::Borrowed(_)), "{typed}");
        }
    }
}
