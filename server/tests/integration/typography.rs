//! French typography on the rendered pages: no line may break before « ; : ! ? » or after « «, in
//! the interface's strings as in the texts shown (seeded descriptions, titles).

use crate::support;

use sqlx::PgPool;
use support::TestApp;

/// The text a reader sees in `html`'s body: no tags, no scripts or styles, entities decoded.
fn visible_text(html: &str) -> String {
    let body = html.split_once("<body").map_or(html, |(_, body)| body);
    let mut text = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let tag = &rest[start..];
        let skip_to = ["script", "style"].iter().find_map(|name| {
            tag[1..]
                .starts_with(name)
                .then(|| {
                    tag.find(&format!("</{name}>"))
                        .map(|end| end + name.len() + 3)
                })
                .flatten()
        });
        let end = skip_to.unwrap_or_else(|| tag.find('>').map_or(tag.len(), |end| end + 1));
        // A tag ends a word as a space would not: keep the words apart, never joined.
        text.push('\u{1}');
        rest = &tag[end..];
    }
    text.push_str(rest);
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{A0}")
}

/// Every place in `text` where a line could break inside French punctuation, with its context.
fn breakable(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, window) in chars.windows(3).enumerate() {
        let [before, space, after] = [window[0], window[1], window[2]];
        let before_punctuation = space == ' '
            && !before.is_whitespace()
            && before != '\u{1}'
            && matches!(after, ';' | ':' | '!' | '?' | '»');
        let after_guillemet = before == '«' && space == ' ';
        if before_punctuation || after_guillemet {
            let from = i.saturating_sub(30);
            let to = (i + 30).min(chars.len());
            found.push(
                chars[from..to]
                    .iter()
                    .collect::<String>()
                    .replace('\u{1}', "|"),
            );
        }
    }
    found
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn french_pages_keep_punctuation_and_guillemets_with_their_words(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    for path in [
        "/",
        "/themes/10",
        "/themes/11",
        "/themes/12",
        "/login",
        "/signup",
        "/search?q=circuits+courts",
        "/search?q=%22",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, http::StatusCode::OK, "{path}");
        let text = visible_text(&response.body);
        assert!(
            text.contains('\u{202F}') || text.contains('\u{A0}'),
            "{path} has no no-break space at all"
        );
        let breaks = breakable(&text);
        assert!(breaks.is_empty(), "{path}: {breaks:#?}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_seeded_texts_are_shown_with_narrow_spaces_inside_guillemets_and_before_question_marks(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool).await;
    // Thème 11's title has « au sens large : habitat… »: its colon stays with « large ».
    let page = app.get("/themes/11").await;
    assert!(
        page.body.contains("au sens large\u{A0}: habitat"),
        "{}",
        page.head()
    );
}

#[test]
fn the_checker_finds_what_a_reader_would_see_break() {
    let text = visible_text(
        "<body><p>Pourquoi ?</p><p>« mot »</p><script>a ? b</script><p>Bien\u{202F}!</p>",
    );
    assert_eq!(breakable(&text).len(), 3, "{text}");
    assert!(
        breakable(&visible_text(
            "<body><p>Bien\u{202F}! «\u{202F}ok\u{202F}» 14:05</p>"
        ))
        .is_empty()
    );
}
