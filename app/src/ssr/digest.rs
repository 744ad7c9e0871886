//! The optional daily e-mail digest: for each followed thème, what others changed since the last
//! digest — each changed draft as a plain-text redline, new discussions and posts — with links.
//!
//! The server calls [`send_due`] every few minutes; it sends to the people whose last digest is a
//! day old, and only when something changed (the window moves on either way).

use crate::{
    domain::wording::long_date_in,
    i18n::{Locale, td_string},
    ssr::{
        db::{
            drafts,
            visits::{self, Changes, DigestDue},
        },
        mail::{Mail, Mailer},
        text,
    },
};
use draft_engine::{DiffBlock, SegmentKind};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// How much of a draft's redline a digest shows before pointing to the page.
const REDLINE_MAX: usize = 1_500;
/// Line width of the plain-text mail.
const WIDTH: usize = 76;

/// A draft's changes as plain text: changed paragraphs only, removed words as `[-…-]`, added
/// ones as `{+…+}`, cut at about `max` characters.
pub fn plain_redline(blocks: &[DiffBlock], max: usize) -> String {
    let mut out = String::new();
    for block in blocks {
        let DiffBlock::Changed(segments) = block else {
            continue;
        };
        let mut paragraph = String::new();
        for segment in segments {
            match segment.kind {
                SegmentKind::Same => paragraph.push_str(&segment.text),
                SegmentKind::Removed => {
                    paragraph.push_str(&format!("[-{}-]", segment.text.trim_end_matches('\n')));
                }
                SegmentKind::Added => {
                    paragraph.push_str(&format!("{{+{}+}}", segment.text.trim_end_matches('\n')));
                }
            }
        }
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(paragraph);
        if out.chars().count() > max {
            out = out.chars().take(max).collect();
            out.push_str(" […]");
            break;
        }
    }
    out
}

/// `text` wrapped to the mail's width (an 8-bit mail line may not exceed 998 bytes), indented.
fn wrapped(text: &str, indent: &str) -> String {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .break_words(true);
    text.lines()
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                textwrap::fill(line, &options)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One thème's part of the digest, or of "since my last visit".
///
/// Kept in one piece: one thème's section of the e-mail, written line by line in the reader's
/// language; the lines share the counts.
pub async fn theme_section(
    pool: &PgPool,
    locale: Locale,
    site: &str,
    number: i32,
    title: &str,
    changes: &Changes,
) -> Result<String, sqlx::Error> {
    let mut out = format!("== {number}. {title} ==\n");
    for draft in &changes.drafts {
        let old = if draft.from == 0 {
            String::new()
        } else {
            drafts::text_of(pool, draft.draft_id, draft.from)
                .await?
                .map(|t| t.body)
                .unwrap_or_default()
        };
        let new = drafts::text_of(pool, draft.draft_id, draft.head)
            .await?
            .map(|t| t.body)
            .unwrap_or_default();
        let authors = draft.authors.join(", ");
        let line = if draft.from == 0 {
            td_string!(
                locale,
                digest.new_draft,
                title = draft.title.clone(),
                authors
            )
            .to_string()
        } else {
            td_string!(
                locale,
                digest.changed_draft,
                title = draft.title.clone(),
                from = draft.from,
                to = draft.head,
                authors
            )
            .to_string()
        };
        let link = if draft.from == 0 {
            format!("{site}/themes/{number}/drafts/{}", draft.number)
        } else {
            format!(
                "{site}/themes/{number}/drafts/{}/diff?from={}&to={}",
                draft.number, draft.from, draft.head
            )
        };
        out.push('\n');
        out.push_str(&wrapped(&line, ""));
        out.push('\n');
        out.push_str(&link);
        out.push_str("\n\n");
        let redline = plain_redline(&text::blocks(&old, &new), REDLINE_MAX);
        let redline = if redline.is_empty() {
            // Edited and edited back: say so rather than show nothing.
            td_string!(locale, digest.no_net_change).to_string()
        } else {
            redline
        };
        out.push_str(&wrapped(&redline, "    "));
        out.push('\n');
    }
    if !changes.threads.is_empty() {
        out.push('\n');
        out.push_str(td_string!(locale, digest.discussions));
        out.push('\n');
        for thread in &changes.threads {
            let line = if thread.new {
                td_string!(
                    locale,
                    digest.new_thread,
                    title = thread.title.clone(),
                    count = thread.posts
                )
                .to_string()
            } else {
                td_string!(
                    locale,
                    digest.new_posts,
                    title = thread.title.clone(),
                    count = thread.posts
                )
                .to_string()
            };
            out.push_str(&wrapped(&format!("- {line}"), ""));
            out.push('\n');
            out.push_str(&format!(
                "  {site}{}\n",
                crate::domain::urls::post_path(number, thread.number, thread.first_post)
            ));
        }
    }
    Ok(out)
}

/// The digest for `person` covering `since` to now, or `None` when nothing changed.
pub async fn compose(
    pool: &PgPool,
    site: &str,
    person: &DigestDue,
    since: OffsetDateTime,
) -> Result<Option<Mail>, sqlx::Error> {
    let locale = crate::domain::locale::from_code(&person.locale);
    let mut sections = Vec::new();
    for (theme_id, number, title) in visits::followed_themes(pool, person.id).await? {
        let changes = visits::changes_since(pool, theme_id, person.id, since).await?;
        if !changes.is_empty() {
            sections.push(theme_section(pool, locale, site, number, &title, &changes).await?);
        }
    }
    if sections.is_empty() {
        return Ok(None);
    }
    let date = long_date_in(locale, since.date());
    let mut body = format!(
        "{}\n\n{}\n\n",
        td_string!(locale, digest.hello, name = person.name.clone()),
        wrapped(&td_string!(locale, digest.intro, date).to_string(), "")
    );
    body.push_str(&sections.join("\n"));
    body.push_str("\n-- \n");
    body.push_str(&wrapped(td_string!(locale, digest.footer), ""));
    body.push_str(&format!("\n{site}/account\n"));
    Ok(Some(Mail {
        to: person.email.clone(),
        subject: td_string!(locale, digest.subject).to_string(),
        body,
    }))
}

/// Sends the digests that are due; returns how many were sent.
pub async fn send_due(pool: &PgPool, mailer: &Mailer, site: &str) -> Result<usize, sqlx::Error> {
    let now = OffsetDateTime::now_utc();
    let mut sent = 0;
    for person in visits::digests_due(pool).await? {
        let since = person.last.unwrap_or(now - Duration::days(1));
        if let Some(mail) = compose(pool, site, &person, since).await? {
            if mailer.send(mail).await.is_ok() {
                sent += 1;
            } else {
                // Kept due: the next round tries again.
                continue;
            }
        }
        visits::digest_sent(pool, person.id, now).await?;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redline_shows_changed_paragraphs_with_removed_and_added_words() {
        let blocks = text::blocks(
            "Premier paragraphe intact.\n\nLes circuits courts relient producteurs.\n",
            "Premier paragraphe intact.\n\nLes circuits courts rapprochent producteurs.\n",
        );
        let redline = plain_redline(&blocks, 1_000);
        assert_eq!(
            redline,
            "Les circuits courts [-relient-]{+rapprochent+} producteurs."
        );
    }

    #[test]
    fn long_lines_are_wrapped_for_mail() {
        let long = "mot ".repeat(400);
        let out = wrapped(&long, "    ");
        assert!(out.lines().all(|line| line.len() <= WIDTH));
        assert!(out.lines().all(|line| line.starts_with("    ")));
    }
}
