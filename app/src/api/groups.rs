//! Working groups: a thème's lifecycle (moderators), membership, following, the activity
//! timeline and notifications.
//!
//! Every function loads the caller's access to the thème first: a thème the caller may not read
//! is [`AppError::NotFound`] (so a members-only thème's existence does not leak), a closed or
//! archived one refuses changes with [`AppError::ThemeClosed`].

#[cfg(feature = "ssr")]
use crate::{
    api::policy::form_number,
    domain::{ThemeNumber, notice::Done, urls},
};

use crate::{domain::ThemeStatus, error::AppError};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The thème a form names, for the page its action goes to (see [`form_number`]).
#[cfg(feature = "ssr")]
fn form_theme(number: &str) -> Option<ThemeNumber> {
    form_number(number)
}

pub use crate::domain::access::{Standing, ThemeRole, Viewer};

/// One member or pending request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberEntry {
    /// The person.
    pub user_id: Uuid,
    /// Their name.
    pub display_name: String,
    /// Their role.
    pub role: ThemeRole,
    /// Active or requested.
    pub standing: Standing,
    /// The request's message (shown to facilitators only).
    pub message: Option<String>,
    /// Member (or asking) since.
    pub since: OffsetDateTime,
}

/// The members page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MembersView {
    /// The thème's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: ThemeStatus,
    /// Active members, facilitators first.
    pub members: Vec<MemberEntry>,
    /// Pending requests (empty unless the caller may decide on them).
    pub requests: Vec<MemberEntry>,
    /// Pending invitations (empty unless the caller may invite).
    pub invitations: Vec<InvitationEntry>,
    /// The caller.
    pub viewer: Viewer,
}

/// One event of a timeline or a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// Its position in the log.
    pub id: i64,
    /// The thème's number.
    pub theme_number: i32,
    /// The thème's title.
    pub theme_title: String,
    /// Who did it.
    pub actor: Option<String>,
    /// What happened (`theme.opened`, `join.accepted`…).
    pub verb: String,
    /// About whom.
    pub subject: Option<String>,
    /// Whether it is about the reader (then it is said to them: « … votre demande »).
    pub about_you: bool,
    /// About what (a draft's title).
    pub object: Option<String>,
    /// Where to see it (a draft's revision or diff), a path on the site.
    pub link: Option<String>,
    /// A note or a reason.
    pub note: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// A page of a thème's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    /// The thème's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Newest first.
    pub entries: Vec<ActivityEntry>,
    /// The `before` of the next (older) page, if any.
    pub older: Option<i64>,
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationEntry {
    /// Its id.
    pub id: i64,
    /// Already read.
    pub read: bool,
    /// The event.
    pub event: ActivityEntry,
}

/// A pending invitation on the members page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationEntry {
    /// The address invited.
    pub email: String,
    /// The role offered.
    pub role: ThemeRole,
    /// Until when the link works.
    pub expires_at: OffsetDateTime,
}

/// What an invitation link offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    /// The thème's number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The role offered.
    pub role: ThemeRole,
    /// Whether the visitor is signed in (else they sign in or sign up first).
    pub signed_in: bool,
    /// Whether the visitor is signed in with the invited address (only they may accept).
    pub for_viewer: bool,
    /// The invited address, its local part hidden (`c•••@example.org`).
    pub sent_to: String,
}

/// How many events a timeline page shows.
pub const ACTIVITY_PAGE: i64 = 30;

/// Opens a new thème in an axe (moderators).
#[server(endpoint = "themes/open")]
pub async fn open_theme(
    axe: String,
    number: String,
    title: String,
    summary: String,
    description: String,
    visibility: String,
) -> Result<(), AppError> {
    let result =
        server::open_theme(&axe, &number, &title, &summary, &description, &visibility).await;
    let target = form_theme(&number).map(urls::theme);
    crate::ssr::forms::finish(
        result,
        OpenTheme::PATH,
        &[
            ("axe", &axe),
            ("number", &number),
            ("title", &title),
            ("summary", &summary),
            ("description", &description),
            ("visibility", &visibility),
        ],
        target.as_deref(),
    )
}

/// Edits a thème's title, summary, description and visibility (moderators).
#[server(endpoint = "themes/edit")]
pub async fn edit_theme(
    number: String,
    title: String,
    summary: String,
    description: String,
    visibility: String,
) -> Result<(), AppError> {
    let result = server::edit_theme(&number, &title, &summary, &description, &visibility).await;
    let target = form_theme(&number).map(|theme| urls::notice(urls::theme(theme), Done::Edited));
    crate::ssr::forms::finish(
        result,
        EditTheme::PATH,
        &[
            ("title", &title),
            ("summary", &summary),
            ("description", &description),
            ("visibility", &visibility),
        ],
        target.as_deref(),
    )
}

/// Closes (with a note), reopens or archives a thème (moderators). `status`: closed, open, archived.
#[server(endpoint = "themes/status")]
pub async fn set_theme_status(
    number: String,
    status: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let result = server::set_status(&number, &status, &note).await;
    let target = form_theme(&number)
        .zip(Done::from_code(status.trim()))
        .map(|(theme, done)| urls::notice(urls::theme(theme), done));
    crate::ssr::forms::finish(
        result,
        SetThemeStatus::PATH,
        &[("note", &note)],
        target.as_deref(),
    )
}

/// Asks to join a thème, with an optional message.
#[server(endpoint = "themes/join")]
pub async fn ask_to_join(
    number: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let result = server::ask_to_join(&number, &message).await;
    let target = form_theme(&number).map(|theme| urls::notice(urls::theme(theme), Done::Asked));
    crate::ssr::forms::finish(
        result,
        AskToJoin::PATH,
        &[("message", &message)],
        target.as_deref(),
    )
}

/// Accepts or refuses a pending request (facilitators and moderators).
#[server(endpoint = "themes/decide")]
pub async fn decide_request(
    number: String,
    user_id: String,
    accept: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let result = server::decide(&number, &user_id, accept, &reason).await;
    let target = form_theme(&number).map(|theme| {
        urls::notice(
            urls::members(theme),
            if accept {
                Done::Accepted { to: None }
            } else {
                Done::Refused
            },
        )
    });
    crate::ssr::forms::finish(result, DecideRequest::PATH, &[], target.as_deref())
}

/// Leaves a thème.
#[server(endpoint = "themes/leave")]
pub async fn leave_theme(number: String) -> Result<(), AppError> {
    let result = server::leave(&number).await;
    let target = form_theme(&number).map(|theme| urls::notice(urls::theme(theme), Done::Left));
    crate::ssr::forms::finish(result, LeaveTheme::PATH, &[], target.as_deref())
}

/// Removes a member, with a reason that is kept (facilitators and moderators).
#[server(endpoint = "themes/remove")]
pub async fn remove_member(
    number: String,
    user_id: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let result = server::remove(&number, &user_id, &reason).await;
    let target = form_theme(&number).map(|theme| urls::notice(urls::members(theme), Done::Removed));
    crate::ssr::forms::finish(result, RemoveMember::PATH, &[], target.as_deref())
}

/// Names (or un-names) a member facilitator (moderators).
#[server(endpoint = "themes/facilitator")]
pub async fn set_facilitator(
    number: String,
    user_id: String,
    facilitator: bool,
) -> Result<(), AppError> {
    let result = server::set_facilitator(&number, &user_id, facilitator).await;
    let target = form_theme(&number).map(|theme| urls::notice(urls::members(theme), Done::Role));
    crate::ssr::forms::finish(result, SetFacilitator::PATH, &[], target.as_deref())
}

/// Follows or unfollows a thème.
#[server(endpoint = "themes/follow")]
pub async fn follow_theme(number: String, follow: bool) -> Result<(), AppError> {
    let result = server::follow(&number, follow).await;
    let target = form_theme(&number).map(|theme| {
        urls::notice(
            urls::theme(theme),
            if follow {
                Done::Followed
            } else {
                Done::Unfollowed
            },
        )
    });
    crate::ssr::forms::finish(result, FollowTheme::PATH, &[], target.as_deref())
}

/// Invites someone by e-mail (facilitators; only moderators may offer the facilitator role).
#[server(endpoint = "themes/invite")]
pub async fn invite_member(
    number: String,
    email: String,
    #[server(default)] role: String,
) -> Result<(), AppError> {
    let result = server::invite(&number, &email, &role).await;
    let target = form_theme(&number).map(|theme| urls::notice(urls::members(theme), Done::Invited));
    crate::ssr::forms::finish(
        result,
        InviteMember::PATH,
        &[("email", &email)],
        target.as_deref(),
    )
}

/// What an invitation link offers; [`AppError::InvalidLink`] when it is used, expired or unknown.
#[server(endpoint = "invitations/get")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    server::invitation(&token).await
}

/// Accepts an invitation: the signed-in person joins the thème.
#[server(endpoint = "invitations/accept")]
pub async fn accept_invitation(token: String) -> Result<(), AppError> {
    match server::accept_invitation(&token).await {
        Ok(number) => {
            let target = urls::notice(urls::theme(number), Done::Joined);
            crate::ssr::forms::finish(Ok(()), AcceptInvitation::PATH, &[], Some(&target))
        }
        Err(error) => crate::ssr::forms::finish(Err(error), AcceptInvitation::PATH, &[], None),
    }
}

/// The members page of a thème.
#[server(endpoint = "themes/members")]
pub async fn get_members(number: String) -> Result<MembersView, AppError> {
    server::members(&number).await
}

/// A page of a thème's timeline, newest first, older than `before` when given.
#[server(endpoint = "themes/activity")]
pub async fn get_activity(number: String, before: Option<i64>) -> Result<ActivityPage, AppError> {
    server::activity(&number, before).await
}

/// The caller's notifications, newest first.
#[server(endpoint = "notifications/get")]
pub async fn get_notifications() -> Result<Vec<NotificationEntry>, AppError> {
    server::notifications().await
}

/// Marks one notification read (`id`), or all of them.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read(#[server(default)] id: Option<i64>) -> Result<(), AppError> {
    let result = server::mark_read(id).await;
    crate::ssr::forms::finish(
        result,
        MarkNotificationsRead::PATH,
        &[],
        Some(&urls::notice("/notifications", Done::Read)),
    )
}

#[cfg(feature = "ssr")]
pub(crate) mod server;
