//! Markdown to sanitised HTML, done once when text is written.

use crate::domain::typography::french;
use pulldown_cmark::{
    CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream, html,
};
use uuid::Uuid;

/// Renders Markdown to HTML that is safe to insert into a page as it is.
///
/// Raw HTML in the source, `javascript:` links, event-handler attributes and the like are removed
/// by `ammonia`; links get `rel="nofollow noopener noreferrer"`.
pub fn to_safe_html(markdown: &str) -> String {
    let markdown = bounded(markdown);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(
        &mut unsafe_html,
        tame_html(typeset(Parser::new_ext(&markdown, OPTIONS))),
    );
    clean(&unsafe_html)
}

/// `events` with their text set in French typography ([`french`]), code left as typed. A text
/// event is read after the end of the one before it in the same block, so that « *mot* ? » keeps
/// its « ? » with the word that ends in emphasis.
fn typeset<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut code = 0usize;
    let mut before: Option<char> = None;
    // The parser cuts a text into pieces where markup might have started (« vraiment » then
    // «  » then « ? »): joined again, each space is judged with what follows it.
    TextMergeStream::new(events).map(move |event| match event {
        Event::Text(text) if code == 0 => {
            let shown = after(before, &text);
            before = text.chars().last();
            match shown {
                Some(shown) => Event::Text(CowStr::from(shown)),
                None => Event::Text(text),
            }
        }
        Event::Text(text) => Event::Text(text),
        Event::Code(text) => {
            before = text.chars().last();
            Event::Code(text)
        }
        Event::Start(tag) => {
            match &tag {
                Tag::CodeBlock(_) => code += 1,
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {}
                _ => before = None,
            }
            Event::Start(tag)
        }
        Event::End(tag) => {
            match &tag {
                TagEnd::CodeBlock => code = code.saturating_sub(1),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {}
                _ => before = None,
            }
            Event::End(tag)
        }
        other => {
            before = None;
            other
        }
    })
}

/// `text` in French typography when it follows `before` in its block; `None` when unchanged.
fn after(before: Option<char>, text: &str) -> Option<String> {
    match before {
        Some(before) => {
            let joined = format!("{before}{text}");
            match french(&joined) {
                std::borrow::Cow::Borrowed(_) => None,
                std::borrow::Cow::Owned(shown) => Some(shown[before.len_utf8()..].to_owned()),
            }
        }
        None => match french(text) {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(shown) => Some(shown),
        },
    }
}

/// How many raw HTML tags (`<…`) a text may hold before the rest is shown as text. The sanitiser
/// builds a tree of them, whose cost grows with their nesting: 400,000 characters of unclosed
/// `<div><span>` took 2.2 s. A text with a few tags (a `<br>`, an `<abbr>`) keeps them.
pub const MAX_RAW_TAGS: usize = 256;

/// `events` with the raw HTML past [`MAX_RAW_TAGS`] turned into text (escaped when written, so it
/// shows as typed and opens nothing).
fn tame_html<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut tags = 0usize;
    events.map(move |event| match event {
        Event::Html(html) | Event::InlineHtml(html)
            if {
                tags += html.matches('<').count();
                tags > MAX_RAW_TAGS
            } =>
        {
            Event::Text(html)
        }
        other => other,
    })
}

/// How deep block quotes and lists may nest on one line (`> > - > …`); markers beyond are kept as
/// text. Parsing and sanitising cost grows with depth times length: unbounded, a 64,000-`>` preview
/// held a server worker for 35 s. Nobody writes a quote sixteen levels deep.
pub const MAX_NESTING: usize = 16;

/// `markdown` with every container marker past [`MAX_NESTING`] at the start of a line escaped
/// (`\>`, `\-`, `1\.`), so that it reads as the character it is and opens nothing.
pub fn bounded(markdown: &str) -> std::borrow::Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut done = 0;
    let mut line_start = 0;
    for line in markdown.split_inclusive('\n') {
        if let Some(cut) = past_nesting(line) {
            let out = out.get_or_insert_with(|| String::with_capacity(markdown.len() + 16));
            out.push_str(&markdown[done..line_start + cut]);
            out.push('\\');
            done = line_start + cut;
        }
        line_start += line.len();
    }
    match out {
        None => std::borrow::Cow::Borrowed(markdown),
        Some(mut out) => {
            out.push_str(&markdown[done..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// Where in `line` the container marker past [`MAX_NESTING`] is (the byte to escape), if any.
fn past_nesting(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut depth = 0;
    let mut at = 0;
    while at < bytes.len() {
        let marker_end = match bytes[at] {
            b' ' | b'\t' => {
                at += 1;
                continue;
            }
            b'>' => at + 1,
            b'-' | b'+' | b'*' if matches!(bytes.get(at + 1), Some(b' ' | b'\t')) => at + 1,
            b'0'..=b'9' => {
                let digits = bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let end = at + digits;
                if digits <= 9
                    && matches!(bytes.get(end), Some(b'.' | b')'))
                    && matches!(bytes.get(end + 1), Some(b' ' | b'\t'))
                {
                    end + 1
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        depth += 1;
        if depth > MAX_NESTING {
            // Escape the marker itself: `>`, `-`, or an ordered list's `.` or `)`.
            return Some(marker_end - 1);
        }
        at = marker_end;
    }
    None
}

/// The byte ranges of `markdown` that are shown as text (not Markdown syntax, not addresses).
///
/// Parsed as it is rendered (nesting bounded, see [`bounded`]), so that no text costs more here
/// than on its page; the ranges are those of `markdown` itself.
pub fn text_ranges(markdown: &str) -> Vec<std::ops::Range<usize>> {
    let tamed = bounded(markdown);
    // Where `bounded` put its backslashes, in the tamed text: each shifts what follows by one.
    let inserted: Vec<usize> = match &tamed {
        std::borrow::Cow::Borrowed(_) => Vec::new(),
        std::borrow::Cow::Owned(text) => {
            let mut inserted = Vec::new();
            let (mut original, mut tamed_at) = (markdown.as_bytes().iter(), 0usize);
            let mut next = original.next();
            for byte in text.as_bytes() {
                if Some(byte) == next {
                    next = original.next();
                } else {
                    inserted.push(tamed_at);
                }
                tamed_at += 1;
            }
            inserted
        }
    };
    let back = |offset: usize| offset - inserted.partition_point(|at| *at < offset);
    Parser::new_ext(&tamed, OPTIONS)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Text(_) | Event::Code(_)))
        .map(|(_, range)| back(range.start)..back(range.end))
        .filter(|range| !range.is_empty())
        .collect()
}

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_SMART_PUNCTUATION);

fn clean(unsafe_html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(unsafe_html)
        .to_string()
}

/// Like [`to_safe_html`], and every `@Name` of one of `people` (outside code and links) becomes a
/// link to their page. Returns the HTML and the people mentioned (each once, in order).
///
/// Names may contain spaces (`@Anne Martin`): the longest name that matches wins, compared without
/// case, and it must end at a word boundary.
pub fn render_with_mentions(markdown: &str, people: &[(Uuid, String)]) -> (String, Vec<Uuid>) {
    let mut by_length: Vec<(Uuid, Vec<char>, &str)> = people
        .iter()
        .map(|(id, name)| (*id, name.to_lowercase().chars().collect(), name.as_str()))
        .collect();
    by_length.sort_by_key(|(_, name, _)| std::cmp::Reverse(name.len()));
    let mut mentioned = Vec::new();
    let mut events = Vec::new();
    // Inside code blocks and links, text stays as it is.
    let mut verbatim = 0usize;
    let markdown = bounded(markdown);
    for event in Parser::new_ext(&markdown, OPTIONS) {
        match event {
            Event::Start(tag @ (Tag::CodeBlock(_) | Tag::Link { .. })) => {
                verbatim += 1;
                events.push(Event::Start(tag));
            }
            Event::End(tag @ (TagEnd::CodeBlock | TagEnd::Link)) => {
                verbatim = verbatim.saturating_sub(1);
                events.push(Event::End(tag));
            }
            Event::Text(text) if verbatim == 0 && text.contains('@') => {
                split_mentions(&text, &by_length, &mut events, &mut mentioned);
            }
            other => events.push(other),
        }
    }
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, tame_html(typeset(events.into_iter())));
    (clean(&unsafe_html), mentioned)
}

fn split_mentions<'a>(
    text: &str,
    people: &[(Uuid, Vec<char>, &str)],
    events: &mut Vec<Event<'a>>,
    mentioned: &mut Vec<Uuid>,
) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0usize; // byte offset of the text not yet pushed
    let mut i = 0usize;
    while i < chars.len() {
        let (at, c) = chars[i];
        let word_start = i == 0 || !chars[i - 1].1.is_alphanumeric();
        if c == '@' && word_start {
            let found = people.iter().find(|(_, name, _)| {
                let rest = &chars[i + 1..];
                rest.len() >= name.len()
                    && rest
                        .iter()
                        .zip(name.iter())
                        .all(|((_, c), n)| c.to_lowercase().eq(std::iter::once(*n)))
                    && rest
                        .get(name.len())
                        .is_none_or(|(_, next)| !next.is_alphanumeric())
            });
            if let Some((id, name, display)) = found {
                if at > start {
                    events.push(Event::Text(CowStr::from(text[start..at].to_owned())));
                }
                events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(crate::domain::urls::member(*id)),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }));
                events.push(Event::Text(CowStr::from(format!("@{display}"))));
                events.push(Event::End(TagEnd::Link));
                if !mentioned.contains(id) {
                    mentioned.push(*id);
                }
                i += 1 + name.len();
                start = chars.get(i).map_or(text.len(), |(offset, _)| *offset);
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() {
        events.push(Event::Text(CowStr::from(text[start..].to_owned())));
    }
}

#[cfg(test)]
mod tests {
    use super::{
        MAX_NESTING, MAX_RAW_TAGS, bounded, render_with_mentions, text_ranges, to_safe_html,
    };
    use uuid::Uuid;

    #[test]
    fn a_few_raw_tags_are_kept_and_past_the_budget_they_show_as_text() {
        assert_eq!(to_safe_html("a<br>b"), "<p>a<br>b</p>\n");
        let many = "<div><span onclick=x>".repeat(MAX_RAW_TAGS);
        let html = to_safe_html(&many);
        assert!(html.contains("&lt;div&gt;"), "the rest is text");
        assert!(!html.contains("<span onclick"), "{}", &html[..200]);
        let spans = html.matches("<span>").count();
        assert!(spans <= MAX_RAW_TAGS, "{spans} tags kept");
    }

    #[test]
    fn text_ranges_of_a_deeply_nested_text_point_into_the_text_as_typed() {
        let text = format!("{}deep text\n\nplain *words*", "> ".repeat(40));
        let ranges = text_ranges(&text);
        let shown: Vec<&str> = ranges.iter().map(|range| &text[range.clone()]).collect();
        // The markers past the sixteenth are text, and the range points at them as typed (the
        // backslashes that escaped them are not in the text).
        let deep = shown
            .iter()
            .find(|piece| piece.ends_with("deep text"))
            .expect("the deep line");
        assert!(deep.starts_with('>'), "{deep:?}");
        assert_eq!(deep.matches('>').count(), 40 - MAX_NESTING, "{deep:?}");
        assert!(shown.contains(&"words"), "{shown:?}");
        assert_eq!(text_ranges("plain *words*").len(), 2);
    }

    #[test]
    fn quotes_and_lists_nest_sixteen_deep_on_a_line_and_deeper_markers_are_text() {
        let sixteen = format!("{} fond", ">".repeat(MAX_NESTING));
        assert_eq!(
            bounded(&sixteen),
            sixteen.as_str(),
            "untouched up to the limit"
        );
        let html = to_safe_html(&sixteen);
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING, "{html}");

        let deep = format!("{} fond", ">".repeat(64_000));
        let html = to_safe_html(&deep);
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING);
        assert!(html.contains(&format!("{} fond", "&gt;".repeat(64_000 - MAX_NESTING))));

        let lists = "- ".repeat(40) + "item";
        let html = to_safe_html(&lists);
        assert_eq!(html.matches("<ul>").count(), MAX_NESTING, "{html}");
        let ordered = "1. ".repeat(40) + "item";
        assert_eq!(to_safe_html(&ordered).matches("<ol>").count(), MAX_NESTING);
        let mixed = "> - 1) ".repeat(10) + "fin";
        let html = to_safe_html(&mixed);
        let opened = html.matches("<blockquote>").count()
            + html.matches("<ul>").count()
            + html.matches("<ol>").count();
        assert_eq!(opened, MAX_NESTING, "{html}");
    }

    #[test]
    fn ordinary_text_is_left_as_it_is() {
        for text in [
            "Un paragraphe.\n\n> Une citation\n> sur deux lignes\n\n- un\n- deux\n",
            "2026. Une année.\n",
            "-5 degrés\n",
            "",
        ] {
            assert!(
                matches!(bounded(text), std::borrow::Cow::Borrowed(_)),
                "{text:?}"
            );
        }
    }

    fn people() -> Vec<(Uuid, String)> {
        vec![
            (Uuid::from_u128(1), "Anne".to_owned()),
            (Uuid::from_u128(2), "Anne Martin".to_owned()),
            (Uuid::from_u128(3), "Chloé".to_owned()),
        ]
    }

    #[test]
    fn a_mention_of_a_member_becomes_a_link_to_their_page_and_is_reported() {
        let (html, mentioned) = render_with_mentions("Merci @chloé, et @Anne Martin !", &people());
        assert!(
            html.contains(&format!(
                r#"<a href="/members/{}" rel="nofollow noopener noreferrer">@Chloé</a>"#,
                Uuid::from_u128(3)
            )),
            "{html}"
        );
        assert!(
            html.contains("@Anne Martin</a>"),
            "the longest name wins: {html}"
        );
        assert_eq!(mentioned, vec![Uuid::from_u128(3), Uuid::from_u128(2)]);
    }

    #[test]
    fn mentions_inside_code_e_mails_and_longer_words_are_left_alone() {
        let (html, mentioned) = render_with_mentions(
            "`@Anne` et\n\n    @Anne\n\nécrire à contact@Anne.org ou @Annexe",
            &people(),
        );
        assert!(mentioned.is_empty(), "{html}");
        assert!(!html.contains("/members/"), "{html}");
    }

    #[test]
    fn mentions_of_people_who_are_not_members_stay_text() {
        let (html, mentioned) = render_with_mentions("Bonjour @Zoé", &people());
        assert!(mentioned.is_empty());
        assert!(html.contains("Bonjour @Zoé"), "{html}");
    }

    #[test]
    fn raw_html_and_scripts_are_inert_in_posts_with_mentions_too() {
        let (html, _) = render_with_mentions(
            "@Anne <script>alert(1)</script> <a href=\"javascript:alert(2)\" onclick=\"x()\">x</a> <img src=x onerror=alert(3)>",
            &people(),
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn french_text_is_set_with_no_break_spaces_and_code_and_addresses_are_left_as_typed() {
        let html = to_safe_html(
            "Pourquoi *vraiment* ? Note : « circuits courts » et 20 000 caractères.\n\n\
             `a : b ?` et [le site](https://example.org/a?b=1) !\n\n```\nx : y ?\n```",
        );
        // The sanitiser writes U+00A0 as `&nbsp;`: the same character to a browser.
        let html = html.replace("&nbsp;", "\u{A0}");
        assert!(html.contains("<em>vraiment</em>\u{202F}?"), "{html}");
        assert!(html.contains("Note\u{A0}:"), "{html}");
        assert!(html.contains("«\u{202F}circuits courts\u{202F}»"), "{html}");
        assert!(html.contains("20\u{202F}000\u{A0}caractères"), "{html}");
        assert!(html.contains("<code>a : b ?</code>"), "{html}");
        assert!(
            html.contains(r#"href="https://example.org/a?b=1""#),
            "{html}"
        );
        assert!(html.contains("</a>\u{202F}!"), "{html}");
        assert!(html.contains("x : y ?"), "{html}");
    }

    #[test]
    fn markdown_becomes_html() {
        let html = to_safe_html("Un **cahier** et une [source](https://example.org).");
        assert!(html.contains("<strong>cahier</strong>"), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://example.org" rel="nofollow noopener noreferrer">source</a>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn scripts_event_handlers_and_javascript_links_are_made_inert() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[clic](javascript:alert(3))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
}
