//! Downloads of a draft's revision: Markdown, or a standalone HTML document ready to print, each
//! with its title, thème, status, date and contributors with their share of the text.
//!
//! `GET /themes/{n}/drafts/{d}/revisions/{k}/export.md` and `…/export.html`, with the reader's
//! rights (a members-only thème's drafts are a 404 for anyone else).

use crate::{
    domain::{
        ThemeNumber,
        draft::{Contributor, DraftStatus},
        wording::long_date_in,
    },
    error::AppError,
    i18n::{Locale, td_string},
    ssr::{
        auth::MaybeUser,
        db::{drafts, groups::ThemeAccess},
        markdown::to_safe_html,
        state::AppState,
    },
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
};

/// What an export says about the revision, besides its text.
#[derive(Debug, Clone)]
pub struct Document {
    /// The draft's title.
    pub title: String,
    /// "10. Innovation sociale".
    pub theme: String,
    /// The draft's status.
    pub status: DraftStatus,
    /// The revision.
    pub revision: i32,
    /// Its date.
    pub date: time::Date,
    /// Its text (Markdown).
    pub body: String,
    /// Who wrote it, largest share first.
    pub contributors: Vec<Contributor>,
}

fn status_name(locale: Locale, status: DraftStatus) -> &'static str {
    match status {
        DraftStatus::Writing => td_string!(locale, drafts.status_writing),
        DraftStatus::Review => td_string!(locale, drafts.status_review),
        DraftStatus::Adopted => td_string!(locale, drafts.status_adopted),
        DraftStatus::Withdrawn => td_string!(locale, drafts.status_withdrawn),
    }
}

fn share(locale: Locale, permille: i64) -> String {
    let number = crate::domain::wording::share(permille, locale);
    match locale {
        Locale::fr => format!("{number}\u{a0}%"),
        Locale::en => format!("{number}%"),
    }
}

fn contributor_line(locale: Locale, person: &Contributor) -> String {
    let name = if person.name.is_empty() {
        td_string!(locale, drafts.deleted_account).to_string()
    } else {
        person.name.clone()
    };
    format!("{name} ({})", share(locale, person.permille))
}

/// The facts block, as label/value pairs.
fn facts(locale: Locale, document: &Document) -> Vec<(String, String)> {
    vec![
        (
            td_string!(locale, export.theme).to_string(),
            document.theme.clone(),
        ),
        (
            td_string!(locale, export.status).to_string(),
            status_name(locale, document.status).to_owned(),
        ),
        (
            td_string!(locale, export.revision).to_string(),
            td_string!(
                locale,
                export.revision_of,
                revision = document.revision,
                date = long_date_in(locale, document.date)
            )
            .to_string(),
        ),
        (
            td_string!(locale, export.contributors).to_string(),
            document
                .contributors
                .iter()
                .map(|person| contributor_line(locale, person))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ]
}

/// The Markdown export: a title, the facts as a list, a rule, the text.
pub fn markdown(locale: Locale, document: &Document) -> String {
    let mut out = format!("# {}\n\n", document.title);
    // French puts a (narrow) space before a colon; English does not.
    let colon = match locale {
        Locale::fr => "\u{202f}:",
        Locale::en => ":",
    };
    for (label, value) in facts(locale, document) {
        out.push_str(&format!("- **{label}**{colon} {value}\n"));
    }
    out.push_str("\n---\n\n");
    out.push_str(document.body.trim_end());
    out.push('\n');
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The HTML export: a standalone document with its own print-friendly style.
pub fn html(locale: Locale, document: &Document) -> String {
    let mut facts_html = String::new();
    for (label, value) in facts(locale, document) {
        facts_html.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(&label),
            escape(&value)
        ));
    }
    let contributors: String = document
        .contributors
        .iter()
        .map(|person| format!("<li>{}</li>", escape(&contributor_line(locale, person))))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: Georgia, "Times New Roman", serif; line-height: 1.55; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ font-size: 1.8rem; line-height: 1.2; }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-family: system-ui, sans-serif; font-size: .9rem; color: #444; }}
dl.facts dt {{ font-weight: 600; }}
hr {{ border: 0; border-top: 1px solid #bbb; margin: 1.5rem 0; }}
footer {{ font-family: system-ui, sans-serif; font-size: .85rem; color: #444; border-top: 1px solid #bbb; margin-top: 2rem; }}
@media print {{ body {{ margin: 0; max-width: none; }} a {{ color: inherit; text-decoration: none; }} h1, h2, h3 {{ break-after: avoid; }} }}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<dl class="facts">{facts_html}</dl>
</header>
<hr>
<main>
{text}
</main>
<footer>
<h2>{contributors_heading}</h2>
<ul class="contributors">{contributors}</ul>
</footer>
</body>
</html>
"#,
        lang = leptos_i18n::Locale::as_str(locale),
        title = escape(&document.title),
        text = to_safe_html(&document.body),
        contributors_heading = escape(td_string!(locale, export.contributors_heading)),
    )
}

/// An ASCII file name from a title: letters and digits kept (accents dropped), the rest dashes.
fn file_stem(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'À' | 'Â' => 'a',
            'É' | 'È' | 'Ê' => 'e',
            'Ç' => 'c',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(60).collect();
    if out.is_empty() {
        "texte".to_owned()
    } else {
        out
    }
}

/// `GET …/revisions/{k}/export.md|html`.
pub async fn export_revision(
    State(state): State<AppState>,
    MaybeUser(viewer): MaybeUser,
    Path((number, draft, revision, file)): Path<(String, String, String, String)>,
    headers: http::HeaderMap,
) -> Result<Response, AppError> {
    let html_wanted = match file.as_str() {
        "export.md" => false,
        "export.html" => true,
        _ => return Err(AppError::NotFound),
    };
    let number: ThemeNumber = number.parse().map_err(|_| AppError::NotFound)?;
    let access = ThemeAccess::load(&state.pool, number, viewer)
        .await?
        .filter(ThemeAccess::can_read)
        .ok_or(AppError::NotFound)?;
    let parse = |value: &str| value.parse::<i32>().ok().filter(|n| *n >= 1);
    let (Some(draft_number), Some(revision)) = (parse(&draft), parse(&revision)) else {
        return Err(AppError::NotFound);
    };
    let draft = drafts::find(&state.pool, access.theme_id, draft_number)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = drafts::revision(&state.pool, draft.id, revision)
        .await?
        .ok_or(AppError::NotFound)?;
    let text = drafts::text_of(&state.pool, draft.id, revision)
        .await?
        .ok_or(AppError::NotFound)?;
    let (people, _) = crate::ssr::drafting::contributors(&state.pool, draft.id, &text).await?;
    let theme_title = &access.title;
    let document = Document {
        title: draft.title.clone(),
        theme: format!("{}. {theme_title}", number.get()),
        status: draft.status,
        revision,
        date: row.at.date(),
        body: text.body,
        contributors: people,
    };
    // In the reader's interface language (the text itself is as written).
    let locale = crate::domain::locale::cookie_locale(&headers).unwrap_or(Locale::fr);
    let stem = format!("{}-r{revision}", file_stem(&draft.title));
    let (content_type, extension, body) = if html_wanted {
        ("text/html; charset=utf-8", "html", html(locale, &document))
    } else {
        (
            "text/markdown; charset=utf-8",
            "md",
            markdown(locale, &document),
        )
    };
    Ok((
        [
            (http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Document {
        Document {
            title: "Circuits courts & <alimentation>".to_owned(),
            theme: "11. Circuits courts".to_owned(),
            status: DraftStatus::Adopted,
            revision: 7,
            date: time::macros::date!(2026 - 11 - 27),
            body: "Premier **paragraphe**.\n\n<script>alert(1)</script>".to_owned(),
            contributors: vec![
                Contributor {
                    user_id: None,
                    name: "Alice".to_owned(),
                    revisions: 4,
                    words: 5,
                    permille: 625,
                    colour: 0,
                },
                Contributor {
                    user_id: None,
                    name: "Bruno".to_owned(),
                    revisions: 3,
                    words: 3,
                    permille: 375,
                    colour: 1,
                },
            ],
        }
    }

    #[test]
    fn the_markdown_export_starts_with_the_title_and_the_facts() {
        let out = markdown(Locale::fr, &document());
        assert!(
            out.starts_with("# Circuits courts & <alimentation>\n\n"),
            "{out}"
        );
        assert!(out.contains("11. Circuits courts"), "{out}");
        assert!(out.contains("Adopté"), "{out}");
        assert!(out.contains("27 novembre 2026"), "{out}");
        assert!(
            out.contains("Alice (62,5\u{a0}%), Bruno (37,5\u{a0}%)"),
            "{out}"
        );
        assert!(out.ends_with("Premier **paragraphe**.\n\n<script>alert(1)</script>\n"));
    }

    #[test]
    fn the_html_export_escapes_the_title_and_sanitises_the_text() {
        let out = html(Locale::fr, &document());
        assert!(out.contains("<title>Circuits courts &amp; &lt;alimentation&gt;</title>"));
        assert!(out.contains("<strong>paragraphe</strong>"));
        assert!(!out.contains("<script>alert"));
        assert!(
            out.contains("<li>Alice (62,5\u{a0}%)</li><li>Bruno (37,5\u{a0}%)</li>"),
            "{out}"
        );
        assert!(out.contains("@media print"));
    }

    #[test]
    fn an_english_reader_gets_the_facts_in_english_around_the_text_as_written() {
        let out = markdown(Locale::en, &document());
        assert!(out.contains("**Status**: Adopted"), "{out}");
        assert!(out.contains("November 27, 2026"), "{out}");
        assert!(out.contains("Alice (62.5%), Bruno (37.5%)"), "{out}");
        assert!(out.contains("Premier **paragraphe**."), "{out}");
        let page = html(Locale::en, &document());
        assert!(page.contains(r#"<html lang="en">"#));
        assert!(
            page.contains("<h2>Contributors and their share of the text</h2>"),
            "{page}"
        );
        assert!(html(Locale::fr, &document()).contains(r#"<html lang="fr">"#));
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(
            file_stem("Éducation populaire : l’ESS à l’école"),
            "education-populaire-l-ess-a-l-ecole"
        );
        assert_eq!(file_stem("***"), "texte");
    }
}
