//! Passages of a draft that comments point to: found and carried from revision to revision by the
//! draft engine (`draft_engine::anchor`), marked in the rendered text here.

pub use draft_engine::anchor::{Anchored, Carrier, carry, find};
use std::ops::Range;

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
        let found = draft_engine::anchor::word_ranges(slice);
        let (Some(first), Some(last)) = (found.first(), found.last()) else {
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
///
/// Kept in one piece: one walk over the old and new tokens that carries every anchor at once;
/// split, the walk's state would be passed around.
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
