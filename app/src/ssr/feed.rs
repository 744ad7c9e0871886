//! A thème's Atom feed: its public activity, newest first, in French.

use crate::domain::urls;
use crate::{
    domain::wording::activity_sentence,
    i18n::{Locale, td_string},
    ssr::db::groups::ActivityRow,
};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

pub use crate::ssr::db::groups::FeedTheme;

fn date(at: OffsetDateTime) -> FixedDateTime {
    at.format(&Rfc3339)
        .ok()
        .and_then(|text| FixedDateTime::parse_from_rfc3339(&text).ok())
        .unwrap_or_default()
}

/// Where an event can be seen: the new text for a created draft, the changes for a revision, the
/// thread (at the post) for a discussion.
pub fn link(theme: i32, verb: &str, details: &serde_json::Value) -> Option<String> {
    if verb.starts_with("thread.") || verb.starts_with("post.") {
        let thread = details.get("thread")?.as_i64()?;
        return Some(
            match details.get("post").and_then(serde_json::Value::as_i64) {
                Some(post) if verb.starts_with("post.") => {
                    crate::domain::urls::post_path(theme, thread as i32, post)
                }
                _ => urls::thread(theme, thread),
            },
        );
    }
    let draft = details.get("draft")?.as_i64()?;
    let revision = details
        .get("revision")
        .and_then(serde_json::Value::as_i64)?;
    let page = urls::draft(theme, draft);
    let id = |key: &str| details.get(key).and_then(serde_json::Value::as_i64);
    Some(match verb {
        "draft.created" | "draft.status" => page,
        "comment.created" | "comment.resolved" | "comment.reopened" | "comment.hidden"
        | "comment.unhidden" => {
            format!("{page}#comment-{}", id("comment")?)
        }
        "comment.replied" => format!("{page}#comment-{}", id("reply")?),
        "suggestion.made" | "suggestion.declined" => {
            format!("{page}#suggestion-{}", id("suggestion")?)
        }
        "suggestion.accepted" => {
            format!("{page}/diff?from={}&to={revision}", (revision - 1).max(1))
        }
        _ => format!("{page}/diff?from={}&to={revision}", (revision - 1).max(1)),
    })
}

/// The Atom document for `theme` with its public `events` (newest first), under `site` (the
/// public URL, no trailing slash).
pub fn build(site: &str, theme: &FeedTheme, events: &[ActivityRow]) -> String {
    let locale = Locale::fr;
    let number = theme.number;
    let page = format!("{site}/themes/{number}");
    let updated = events
        .first()
        .map_or(theme.updated_at, |event| event.at.max(theme.updated_at));
    let entries: Vec<Entry> = events
        .iter()
        .map(|event| {
            let title = activity_sentence(
                locale,
                &event.verb,
                event.actor.as_deref(),
                event.subject.as_deref(),
                event.details.get("title").and_then(|title| title.as_str()),
                false,
            );
            let link = link(number, &event.verb, &event.details).map_or_else(
                || format!("{site}/themes/{number}/activity#activity-{}", event.id),
                |path| format!("{site}{path}"),
            );
            let mut entry = Entry::default();
            entry.set_id(format!("{site}/themes/{number}/activity/{}", event.id));
            entry.set_title(Text::plain(title));
            entry.set_updated(date(event.at));
            entry.set_published(Some(date(event.at)));
            entry.set_links(vec![Link {
                href: link,
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Link::default()
            }]);
            entry.set_authors(vec![Person {
                name: event.actor.clone().unwrap_or_else(|| "Atelier".to_owned()),
                ..Person::default()
            }]);
            if let Some(note) = event.details.get("note").and_then(|note| note.as_str()) {
                entry.set_summary(Some(Text::plain(note.to_owned())));
            }
            entry
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_id(page.clone());
    feed.set_title(Text::plain(
        td_string!(
            locale,
            activity.feed_title,
            number,
            title = theme.title.clone()
        )
        .to_string(),
    ));
    feed.set_subtitle(Some(Text::plain(
        td_string!(locale, activity.feed_subtitle).to_string(),
    )));
    feed.set_updated(date(updated));
    feed.set_lang(Some("fr".to_owned()));
    feed.set_authors(vec![Person {
        name: "Atelier — Le Labo de l’ESS".to_owned(),
        ..Person::default()
    }]);
    feed.set_links(vec![
        Link {
            href: page,
            rel: "alternate".to_owned(),
            mime_type: Some("text/html".to_owned()),
            ..Link::default()
        },
        Link {
            href: format!("{site}/themes/{number}/feed.atom"),
            rel: "self".to_owned(),
            mime_type: Some("application/atom+xml".to_owned()),
            ..Link::default()
        },
    ]);
    feed.set_entries(entries);
    feed.to_string()
}
