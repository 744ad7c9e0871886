//! What a page says after an action succeeded: one [`Done`] value, carried in the URL the action
//! redirects to (`?done=saved&to=4`), so that a plain form post (no JavaScript) and a hydrated
//! page show the same notice, and a reload shows it again.
//!
//! Each page shows the notices that belong to it and ignores the others. A code keeps its meaning
//! on the page that shows it: `accepted` is a request accepted on the members page and a
//! suggestion accepted on a draft page.

use std::fmt;

/// An action that succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// An account was created (and signed in).
    Welcome,
    /// The daily digest was switched on or off.
    Digest,
    /// The display name changed.
    Name,
    /// A link to confirm a new e-mail address was sent.
    EmailSent,
    /// The new e-mail address is confirmed.
    Email,
    /// The password changed.
    Password,
    /// The other sessions were signed out.
    Sessions,
    /// The password was reset; the person may sign in.
    Reset,
    /// Asked to join a thème.
    Asked,
    /// Left a thème (or withdrew a request).
    Left,
    /// Follows the thème.
    Followed,
    /// No longer follows the thème.
    Unfollowed,
    /// The thème's text was edited.
    Edited,
    /// The thème was closed.
    Closed,
    /// The thème was reopened.
    Reopened,
    /// The thème was archived.
    Archived,
    /// A request to join was accepted (members page), or a suggestion became revision `to` (a
    /// draft page).
    Accepted {
        /// The revision the suggestion became.
        to: Option<i32>,
    },
    /// A request to join was refused.
    Refused,
    /// A member was removed.
    Removed,
    /// A role changed: a facilitator named or unnamed, a site role granted.
    Role,
    /// An invitation was sent.
    Invited,
    /// An invitation was accepted: the person is a member.
    Joined,
    /// Notifications were marked read.
    Read,
    /// A draft was created (its revision 1).
    Created,
    /// The edit became revision `to`.
    Saved {
        /// The new revision.
        to: i32,
    },
    /// The edit, based on revision `from`, was merged with the revisions saved meanwhile into
    /// revision `to`.
    Merged {
        /// The revision the editor started from.
        from: i32,
        /// The new revision.
        to: i32,
    },
    /// Nothing to save: the text was the head's.
    Unchanged,
    /// An older revision was brought back as revision `to`.
    Restored {
        /// The new revision.
        to: i32,
    },
    /// Who decides on suggestions changed.
    Rights,
    /// The draft's status changed.
    Status,
    /// A comment was posted.
    Commented,
    /// A reply was posted.
    Replied,
    /// A comment thread was resolved (a draft page), or a report was dealt with (moderation).
    Resolved,
    /// A comment was edited.
    CommentEdited,
    /// A comment was deleted.
    CommentDeleted,
    /// A comment was reported.
    CommentReported,
    /// A comment was hidden by a moderator.
    CommentHidden,
    /// A hidden comment was shown again.
    CommentShown,
    /// A suggestion was made.
    Suggested,
    /// A suggestion was accepted and merged with the edits saved since into revision `to`.
    AcceptedMerged {
        /// The new revision.
        to: i32,
    },
    /// The suggested text was already there.
    AlreadyThere,
    /// A suggestion was declined.
    Declined,
    /// A post was reported.
    Reported,
    /// A thread was pinned.
    Pinned,
    /// A thread was unpinned.
    Unpinned,
    /// A thread was locked.
    Locked,
    /// A thread was unlocked.
    Unlocked,
    /// A thread was hidden.
    Hidden,
    /// A hidden thread was shown again.
    Unhidden,
}

/// The codes of the notices that carry no revision, as they appear in URLs.
const PLAIN: &[(Done, &str)] = &[
    (Done::Welcome, "welcome"),
    (Done::Digest, "digest"),
    (Done::Name, "name"),
    (Done::EmailSent, "email_sent"),
    (Done::Email, "email"),
    (Done::Password, "password"),
    (Done::Sessions, "sessions"),
    (Done::Reset, "reset"),
    (Done::Asked, "asked"),
    (Done::Left, "left"),
    (Done::Followed, "followed"),
    (Done::Unfollowed, "unfollowed"),
    (Done::Edited, "edited"),
    (Done::Closed, "closed"),
    (Done::Reopened, "open"),
    (Done::Archived, "archived"),
    (Done::Refused, "refused"),
    (Done::Removed, "removed"),
    (Done::Role, "role"),
    (Done::Invited, "invited"),
    (Done::Joined, "joined"),
    (Done::Read, "read"),
    (Done::Created, "created"),
    (Done::Unchanged, "unchanged"),
    (Done::Rights, "rights"),
    (Done::Status, "status"),
    (Done::Commented, "commented"),
    (Done::Replied, "replied"),
    (Done::Resolved, "resolved"),
    (Done::CommentEdited, "comment_edited"),
    (Done::CommentDeleted, "comment_deleted"),
    (Done::CommentReported, "comment_reported"),
    (Done::CommentHidden, "comment_hidden"),
    (Done::CommentShown, "comment_shown"),
    (Done::Suggested, "suggested"),
    (Done::AlreadyThere, "already_there"),
    (Done::Declined, "declined"),
    (Done::Reported, "reported"),
    (Done::Pinned, "pin"),
    (Done::Unpinned, "unpin"),
    (Done::Locked, "lock"),
    (Done::Unlocked, "unlock"),
    (Done::Hidden, "hide"),
    (Done::Unhidden, "unhide"),
];

impl Done {
    /// Its code, the value of `done` in the URL.
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted { .. } => "accepted",
            Self::Saved { .. } => "saved",
            Self::Merged { .. } => "merged",
            Self::Restored { .. } => "restored",
            Self::AcceptedMerged { .. } => "accepted_merged",
            plain => PLAIN
                .iter()
                .find(|(done, _)| *done == plain)
                .map_or("", |(_, code)| code),
        }
    }

    /// The notice named by a bare code (one that carries no revision), such as an action or a
    /// status sent by a form (`lock`, `closed`).
    pub fn from_code(code: &str) -> Option<Self> {
        PLAIN
            .iter()
            .find(|(_, known)| *known == code)
            .map(|(done, _)| *done)
    }

    /// Reads the notice from a URL's query, given a way to read one of its parameters; `None`
    /// when there is none, or it names no notice, or a revision it needs is missing.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let code = get("done")?;
        let revision = |name: &str| get(name).and_then(|value| value.parse::<i32>().ok());
        match code.as_str() {
            "accepted" => Some(Self::Accepted { to: revision("to") }),
            "saved" => Some(Self::Saved {
                to: revision("to")?,
            }),
            "merged" => Some(Self::Merged {
                from: revision("from")?,
                to: revision("to")?,
            }),
            "restored" => Some(Self::Restored {
                to: revision("to")?,
            }),
            "accepted_merged" => Some(Self::AcceptedMerged {
                to: revision("to")?,
            }),
            other => Self::from_code(other),
        }
    }

    /// The revision the action wrote, if it wrote one.
    pub fn revision(self) -> Option<i32> {
        match self {
            Self::Created => Some(1),
            Self::Accepted { to } => to,
            Self::Saved { to }
            | Self::Merged { to, .. }
            | Self::Restored { to }
            | Self::AcceptedMerged { to } => Some(to),
            _ => None,
        }
    }
}

/// The query string that carries the notice: `done=merged&from=2&to=5`.
impl fmt::Display for Done {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "done={}", self.code())?;
        match *self {
            Self::Merged { from, to } => write!(f, "&from={from}&to={to}"),
            Self::Accepted { to: Some(to) }
            | Self::Saved { to }
            | Self::Restored { to }
            | Self::AcceptedMerged { to } => write!(f, "&to={to}"),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: &str) -> Option<Done> {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        Done::from_query(|name| {
            pairs
                .iter()
                .find(|(known, _)| known == name)
                .map(|(_, value)| value.clone())
        })
    }

    #[test]
    fn every_notice_reads_back_from_the_query_it_writes() {
        let mut all: Vec<Done> = PLAIN.iter().map(|(done, _)| *done).collect();
        all.extend([
            Done::Accepted { to: None },
            Done::Accepted { to: Some(3) },
            Done::Saved { to: 2 },
            Done::Merged { from: 2, to: 5 },
            Done::Restored { to: 7 },
            Done::AcceptedMerged { to: 4 },
        ]);
        for done in all {
            assert_eq!(read(&done.to_string()), Some(done), "{done}");
        }
    }

    #[test]
    fn notice_codes_are_the_ones_urls_already_carry_and_each_is_used_once() {
        assert_eq!(
            Done::Merged { from: 2, to: 5 }.to_string(),
            "done=merged&from=2&to=5"
        );
        assert_eq!(Done::Reopened.to_string(), "done=open");
        assert_eq!(Done::Locked.to_string(), "done=lock");
        assert_eq!(Done::Accepted { to: None }.to_string(), "done=accepted");
        let mut codes: Vec<&str> = PLAIN.iter().map(|(_, code)| *code).collect();
        codes.extend(["accepted", "saved", "merged", "restored", "accepted_merged"]);
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count);
    }

    #[test]
    fn an_unknown_code_or_a_missing_revision_is_no_notice() {
        assert_eq!(read("done=deleted"), None);
        assert_eq!(read("done=saved"), None);
        assert_eq!(read("done=merged&to=5"), None);
        assert_eq!(read("done=saved&to=cinq"), None);
        assert_eq!(read("to=5"), None);
        assert_eq!(Done::from_code("saved"), None);
        assert_eq!(Done::from_code("closed"), Some(Done::Closed));
        assert_eq!(Done::Created.revision(), Some(1));
    }
}
