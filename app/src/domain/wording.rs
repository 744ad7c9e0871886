//! Sentences and figures in a language, made outside a page: for the timeline, the
//! notifications and the Atom feed, e-mails and exports, and the pages that show the same words.

use crate::i18n::Locale;
use time::{Date, Month};

/// The sentence for an activity event in `locale` (`actor` and `subject` are display names).
/// The timeline, the notifications and the Atom feed all use it.
///
/// When the event is about the reader (`about_you`), it is addressed to them, in words that need
/// no agreement of gender (« X a mis fin à votre participation au groupe »).
pub fn activity_sentence(
    locale: Locale,
    verb: &str,
    actor: Option<&str>,
    subject: Option<&str>,
    object: Option<&str>,
    about_you: bool,
) -> String {
    use crate::i18n::td_string;
    let actor = actor.map_or_else(
        || td_string!(locale, activity.someone).to_string(),
        str::to_owned,
    );
    let subject = subject.unwrap_or_default().to_owned();
    let title = object.unwrap_or_default().to_owned();
    if about_you {
        let said = match verb {
            "join.accepted" => {
                Some(td_string!(locale, activity.join_accepted_you, actor = &actor).to_string())
            }
            "join.refused" => {
                Some(td_string!(locale, activity.join_refused_you, actor = &actor).to_string())
            }
            "member.removed" => {
                Some(td_string!(locale, activity.member_removed_you, actor = &actor).to_string())
            }
            "facilitator.named" => {
                Some(td_string!(locale, activity.facilitator_named_you, actor = &actor).to_string())
            }
            "facilitator.unnamed" => Some(
                td_string!(locale, activity.facilitator_unnamed_you, actor = &actor).to_string(),
            ),
            "post.mentioned" => Some(
                td_string!(
                    locale,
                    activity.post_mentioned_you,
                    actor = &actor,
                    title = &title
                )
                .to_string(),
            ),
            "suggestion.accepted" => Some(
                td_string!(
                    locale,
                    activity.suggestion_accepted_you,
                    actor = &actor,
                    title = &title
                )
                .to_string(),
            ),
            "suggestion.declined" => Some(
                td_string!(
                    locale,
                    activity.suggestion_declined_you,
                    actor = &actor,
                    title = &title
                )
                .to_string(),
            ),
            _ => None,
        };
        if let Some(said) = said {
            return said;
        }
    }
    match verb {
        "theme.opened" => td_string!(locale, activity.theme_opened, actor).to_string(),
        "theme.edited" => td_string!(locale, activity.theme_edited, actor).to_string(),
        "theme.closed" => td_string!(locale, activity.theme_closed, actor).to_string(),
        "theme.reopened" => td_string!(locale, activity.theme_reopened, actor).to_string(),
        "theme.archived" => td_string!(locale, activity.theme_archived, actor).to_string(),
        "join.requested" => td_string!(locale, activity.join_requested, actor).to_string(),
        "join.accepted" => td_string!(locale, activity.join_accepted, actor, subject).to_string(),
        "join.refused" => td_string!(locale, activity.join_refused, actor, subject).to_string(),
        "member.left" => td_string!(locale, activity.member_left, actor).to_string(),
        "member.invited" => td_string!(locale, activity.member_invited, actor).to_string(),
        "member.joined" => td_string!(locale, activity.member_joined, actor).to_string(),
        "member.removed" => td_string!(locale, activity.member_removed, actor, subject).to_string(),
        "facilitator.named" => {
            td_string!(locale, activity.facilitator_named, actor, subject).to_string()
        }
        "facilitator.unnamed" => {
            td_string!(locale, activity.facilitator_unnamed, actor, subject).to_string()
        }
        "draft.created" => td_string!(locale, activity.draft_created, actor, title).to_string(),
        "draft.revised" => td_string!(locale, activity.draft_revised, actor, title).to_string(),
        "draft.merged" => td_string!(locale, activity.draft_merged, actor, title).to_string(),
        "draft.restored" => td_string!(locale, activity.draft_restored, actor, title).to_string(),
        "draft.status" => td_string!(locale, activity.draft_status, actor, title).to_string(),
        "comment.created" => td_string!(locale, activity.comment_created, actor, title).to_string(),
        "comment.replied" => td_string!(locale, activity.comment_replied, actor, title).to_string(),
        "comment.resolved" => {
            td_string!(locale, activity.comment_resolved, actor, title).to_string()
        }
        "comment.reopened" => {
            td_string!(locale, activity.comment_reopened, actor, title).to_string()
        }
        "comment.hidden" => td_string!(locale, activity.comment_hidden, actor, title).to_string(),
        "comment.unhidden" => {
            td_string!(locale, activity.comment_unhidden, actor, title).to_string()
        }
        "suggestion.members_decide" => {
            td_string!(locale, activity.suggestion_members_decide, actor).to_string()
        }
        "suggestion.facilitators_decide" => {
            td_string!(locale, activity.suggestion_facilitators_decide, actor).to_string()
        }
        "suggestion.made" => td_string!(locale, activity.suggestion_made, actor, title).to_string(),
        "suggestion.accepted" => {
            td_string!(locale, activity.suggestion_accepted, actor, subject, title).to_string()
        }
        "suggestion.declined" => {
            td_string!(locale, activity.suggestion_declined, actor, subject, title).to_string()
        }
        "thread.opened" => td_string!(locale, activity.thread_opened, actor, title).to_string(),
        "post.created" => td_string!(locale, activity.post_created, actor, title).to_string(),
        "post.mentioned" => {
            td_string!(locale, activity.post_mentioned, actor, subject, title).to_string()
        }
        "post.edited" => td_string!(locale, activity.post_edited, actor, title).to_string(),
        "post.hidden" => td_string!(locale, activity.post_hidden, actor, title).to_string(),
        "post.unhidden" => td_string!(locale, activity.post_unhidden, actor, title).to_string(),
        "thread.pinned" => td_string!(locale, activity.thread_pinned, actor, title).to_string(),
        "thread.unpinned" => td_string!(locale, activity.thread_unpinned, actor, title).to_string(),
        "thread.locked" => td_string!(locale, activity.thread_locked, actor, title).to_string(),
        "thread.unlocked" => td_string!(locale, activity.thread_unlocked, actor, title).to_string(),
        "thread.hidden" => td_string!(locale, activity.thread_hidden, actor, title).to_string(),
        "thread.unhidden" => td_string!(locale, activity.thread_unhidden, actor, title).to_string(),
        other => other.to_owned(),
    }
}

/// The long form of `date` in `locale` (for documents made outside a page: e-mails, exports).
pub fn long_date_in(locale: Locale, date: Date) -> String {
    use crate::i18n::td_string;
    let month = match date.month() {
        Month::January => td_string!(locale, dates.months.m1),
        Month::February => td_string!(locale, dates.months.m2),
        Month::March => td_string!(locale, dates.months.m3),
        Month::April => td_string!(locale, dates.months.m4),
        Month::May => td_string!(locale, dates.months.m5),
        Month::June => td_string!(locale, dates.months.m6),
        Month::July => td_string!(locale, dates.months.m7),
        Month::August => td_string!(locale, dates.months.m8),
        Month::September => td_string!(locale, dates.months.m9),
        Month::October => td_string!(locale, dates.months.m10),
        Month::November => td_string!(locale, dates.months.m11),
        Month::December => td_string!(locale, dates.months.m12),
    };
    td_string!(
        locale,
        dates.long,
        day = date.day(),
        month = month,
        year = date.year()
    )
    .to_string()
}

/// Tenths of a percent as a number with one decimal, with the locale's decimal mark.
pub fn share(permille: i64, locale: crate::i18n::Locale) -> String {
    let mark = match locale {
        crate::i18n::Locale::fr => ',',
        _ => '.',
    };
    format!("{}{mark}{}", permille / 10, permille % 10)
}
