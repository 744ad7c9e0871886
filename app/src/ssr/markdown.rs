//! Markdown to sanitised HTML, done once when text is written.

use pulldown_cmark::{Options, Parser, html};

/// Renders Markdown to HTML that is safe to insert into a page as it is.
///
/// Raw HTML in the source, `javascript:` links, event-handler attributes and the like are removed
/// by `ammonia`; links get `rel="nofollow noopener noreferrer"`.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

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
