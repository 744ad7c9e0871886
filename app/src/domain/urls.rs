//! The site's addresses, built in one place.
//!
//! Each function takes the numbers that name a page — a thème's [`ThemeNumber`] (or its `i32`), a
//! draft's, revision's or thread's `i32`, a post's `i64`: a [`Key`], never text — and returns its
//! path. What a form or a URL sent is parsed before it names a page.
//! [`notice`] adds the notice of an action that succeeded (`?done=…`); fragments (`#comment-…`)
//! are added by the caller.
//!
//! [`ThemeNumber`]: crate::domain::ThemeNumber

use crate::domain::{ThemeNumber, notice::Done};
use std::fmt::Display;

/// A number that names a page. Text is not one: a form's field is parsed first, so an address is
/// always canonical (`/themes/10`, not `/themes/010`) and never carries what a visitor typed.
pub trait Key: Display + Copy {}

impl Key for ThemeNumber {}
impl Key for i32 {}
impl Key for i64 {}

/// `path` with the notice of an action that succeeded: `{path}?done=…`.
pub fn notice(path: impl Display, done: Done) -> String {
    format!("{path}?{done}")
}

/// `/account`: the signed-in person's account page.
pub fn account() -> &'static str {
    "/account"
}

/// `/themes/{theme}`: the thème's page.
pub fn theme(theme: impl Key) -> String {
    format!("/themes/{theme}")
}

/// `/themes/{theme}/edit`: the thème's edit form (moderators).
pub fn edit_theme(theme: impl Key) -> String {
    format!("{}/edit", self::theme(theme))
}

/// `/themes/{theme}/members`.
pub fn members(theme: impl Key) -> String {
    format!("{}/members", self::theme(theme))
}

/// `/themes/{theme}/activity`: the timeline.
pub fn activity(theme: impl Key) -> String {
    format!("{}/activity", self::theme(theme))
}

/// `/themes/{theme}/feed.atom`.
pub fn feed(theme: impl Key) -> String {
    format!("{}/feed.atom", self::theme(theme))
}

/// `/themes/{theme}/drafts`: the thème's drafts.
pub fn drafts(theme: impl Key) -> String {
    format!("{}/drafts", self::theme(theme))
}

/// `/themes/{theme}/drafts/new`.
pub fn new_draft(theme: impl Key) -> String {
    format!("{}/new", drafts(theme))
}

/// `/themes/{theme}/drafts/{draft}`: a draft's page (its head).
pub fn draft(theme: impl Key, draft: impl Key) -> String {
    format!("{}/{draft}", drafts(theme))
}

/// `/themes/{theme}/drafts/{draft}/revisions/{revision}`.
pub fn revision(theme: impl Key, draft: impl Key, revision: impl Key) -> String {
    format!("{}/revisions/{revision}", self::draft(theme, draft))
}

/// `/themes/{theme}/drafts/{draft}/diff`: the comparison of two revisions.
pub fn diff(theme: impl Key, draft: impl Key) -> String {
    format!("{}/diff", self::draft(theme, draft))
}

/// `/themes/{theme}/discussions`: the thème's threads.
pub fn threads(theme: impl Key) -> String {
    format!("{}/discussions", self::theme(theme))
}

/// `/themes/{theme}/discussions/new`.
pub fn new_thread(theme: impl Key) -> String {
    format!("{}/new", threads(theme))
}

/// `/themes/{theme}/discussions/{thread}`: a thread's first page.
pub fn thread(theme: impl Key, thread: impl Key) -> String {
    format!("{}/{thread}", threads(theme))
}

/// `/themes/{theme}/discussions/{thread}/events`: the thread's live event stream.
pub fn thread_events(theme: impl Key, thread: impl Key) -> String {
    format!("{}/events", self::thread(theme, thread))
}

/// `/themes/{theme}/discussions/{thread}/posts/{post}/edit`: the edit form of a post.
pub fn edit_post(theme: impl Key, thread: impl Key, post: i64) -> String {
    format!("{}/posts/{post}/edit", self::thread(theme, thread))
}

/// `/themes/{theme}/discussions/{thread}/posts/{post}/versions`: a post's earlier versions.
pub fn post_versions(theme: impl Key, thread: impl Key, post: i64) -> String {
    format!("{}/posts/{post}/versions", self::thread(theme, thread))
}

/// `/themes/new`: the form that opens a thème (moderators).
pub fn new_theme() -> &'static str {
    "/themes/new"
}

/// `/members/{id}`: a person's contributions.
pub fn member(id: uuid::Uuid) -> String {
    format!("/members/{id}")
}

/// `next` when it names a page of this site, else `None`: where a sign-in or a sign-up goes after.
///
/// A local path starts with one `/` not followed by `/` or `\` (else the browser reads a host:
/// `//evil.example`, `/\evil.example`), and holds only visible ASCII other than `\`: no space,
/// tab, newline or other control character (browsers drop tabs and newlines from URLs, so
/// `/\t/evil.example` would become `//evil.example`; a newline cannot go in a header at all),
/// and no raw non-ASCII (a link sends it percent-encoded).
pub fn local_path(next: &str) -> Option<&str> {
    let mut chars = next.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && next.chars().all(|c| c.is_ascii_graphic() && c != '\\');
    local.then_some(next)
}

/// The address of a post: the page of its thread that shows it, at the post.
pub fn post_path(theme: impl Key, thread: i32, post: i64) -> String {
    format!("{}?post={post}#post-{post}", self::thread(theme, thread))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ThemeNumber;

    #[test]
    fn only_a_path_of_this_site_is_a_place_to_go_back_to() {
        for local in [
            "/",
            "/themes/10",
            "/themes/10/drafts/3?done=saved&to=4#comment-2",
            "/invitations/accept?token=abc",
            "/%2F%2Fevil.example",
            "/%09/evil.example",
            "/a//b",
        ] {
            assert_eq!(local_path(local), Some(local), "{local:?}");
        }
        for elsewhere in [
            "",
            "themes/10",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/ /evil.example",
            "/\u{0}",
            "/\u{7f}",
            "/themes\\10",
            "/é",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            "%2F%2Fevil.example",
            "\t/themes/10",
        ] {
            assert_eq!(local_path(elsewhere), None, "{elsewhere:?}");
        }
    }

    #[test]
    fn addresses_are_the_route_tables_paths() {
        let ten = ThemeNumber::try_from(10).expect("a thème number");
        assert_eq!(theme(ten), "/themes/10");
        assert_eq!(members(ten), "/themes/10/members");
        assert_eq!(feed(12), "/themes/12/feed.atom");
        assert_eq!(new_draft(10), "/themes/10/drafts/new");
        assert_eq!(draft(10, 3), "/themes/10/drafts/3");
        assert_eq!(revision(10, 3, 7), "/themes/10/drafts/3/revisions/7");
        assert_eq!(diff(11, 2), "/themes/11/drafts/2/diff");
        assert_eq!(new_thread(10), "/themes/10/discussions/new");
        assert_eq!(thread_events(10, 4), "/themes/10/discussions/4/events");
        assert_eq!(
            edit_post(10, 4, 99),
            "/themes/10/discussions/4/posts/99/edit"
        );
        assert_eq!(
            post_versions(10, 4, 99),
            "/themes/10/discussions/4/posts/99/versions"
        );
        assert_eq!(
            member(uuid::Uuid::nil()),
            "/members/00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(
            post_path(10, 4, 99),
            "/themes/10/discussions/4?post=99#post-99"
        );
    }
}
