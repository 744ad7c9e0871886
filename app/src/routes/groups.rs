//! Working-group pages: a thème's actions, members, activity; opening and editing thèmes;
//! notifications.

use crate::domain::typography::typeset;
use crate::domain::urls;
use crate::{
    api::{
        AcceptInvitation, ActivityEntry, AskToJoin, DecideRequest, EditTheme, FollowTheme,
        InviteMember, LeaveTheme, MarkNotificationsRead, MembersView, OpenTheme, RemoveMember,
        SetFacilitator, SetThemeStatus, Standing, ThemeDetail, ThemeRole,
        cahier::get_theme,
        groups::{get_activity, get_invitation, get_members, get_notifications},
    },
    components::{
        date::LongDate,
        error_view::ErrorView,
        form::{Field, FormErrors, Notice, Submit, action_error, field_id, kept_value, query},
        title::PageTitle,
    },
    domain::wording::activity_sentence,
    domain::{ThemeStatus, Visibility},
    error::AppError,
    i18n::{t, t_string, use_i18n},
    routes::{account::SignInRequired, not_found::NotFoundPage},
};
use crate::{components::form::done, domain::notice::Done};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_location, use_params_map},
};

mod members;
pub use members::*;

mod theme_forms;
pub use theme_forms::*;

/// One line of a timeline.
#[component]
pub fn ActivityItem(entry: ActivityEntry, #[prop(optional)] with_theme: bool) -> impl IntoView {
    let i18n = use_i18n();
    let date = entry.at.date();
    let theme_href = urls::theme(entry.theme_number);
    let theme_label = format!("{}. {}", entry.theme_number, entry.theme_title);
    let note = entry.note.clone();
    let link = entry.link.clone();
    view! {
        <div class="timeline__item">
            <span class="timeline__what">{move || activity_sentence(i18n.get_locale(), &entry.verb, entry.actor.as_deref(), entry.subject.as_deref(), entry.object.as_deref(), entry.about_you)}</span>
            {link.map(|href| view! { <A href=href attr:class="timeline__link">{t!(i18n, activity.see)}</A> })}
            {with_theme.then(|| view! { <A href=theme_href.clone() attr:class="timeline__theme">{theme_label.clone()}</A> })}
            {note.map(|note| view! { <q class="timeline__note">{note}</q> })}
            <span class="timeline__when"><LongDate date /></span>
        </div>
    }
}

/// The actions of a thème page, created by the page (outside its `Suspense`) so that they outlive
/// the re-render that follows their own redirect.
#[derive(Clone, Copy)]
pub struct PanelActions {
    /// Follow or unfollow.
    pub follow: ServerAction<FollowTheme>,
    /// Ask to join.
    pub join: ServerAction<AskToJoin>,
    /// Leave.
    pub leave: ServerAction<LeaveTheme>,
}

impl PanelActions {
    /// New actions, for a page component.
    pub fn new() -> Self {
        Self {
            follow: ServerAction::new(),
            join: ServerAction::new(),
            leave: ServerAction::new(),
        }
    }
}

impl Default for PanelActions {
    fn default() -> Self {
        Self::new()
    }
}

/// The group panel of a thème page.
///
/// Kept in one piece: the thème page's panel of what the reader may do (join, leave, follow, close)
/// depends on one standing; each branch is a few lines.
#[component]
pub fn ThemeGroupPanel(theme: ThemeDetail, actions: PanelActions) -> impl IntoView {
    let i18n = use_i18n();
    let number = theme.number.get().to_string();
    let number_leave = number.clone();
    let number_join = number.clone();
    let number_follow = number.clone();
    let viewer = theme.viewer;
    let open = theme.status == ThemeStatus::Open;
    let PanelActions {
        follow,
        join,
        leave,
    } = actions;
    let join_error = action_error(join);
    let leave_error = action_error(leave);
    let members_href = urls::members(theme.number);
    let activity_href = urls::activity(theme.number);
    let feed_href = urls::feed(theme.number);
    let edit_href = urls::edit_theme(theme.number);
    let login_href = format!("/login?next={}", urls::theme(theme.number));
    let latest = theme.latest_activity.map(|at| at.date());
    let count = theme.member_count;
    let public = theme.visibility == Visibility::Public;
    view! {
        <section class="group-panel" aria-labelledby="group-heading">
            <h2 id="group-heading">{t!(i18n, group.heading)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, group.members_label)}</dt>
                <dd><A href=members_href.clone()>{t!(i18n, group.member_count, count = move || count)}</A></dd>
                <dt>{t!(i18n, group.latest_label)}</dt>
                <dd>
                    {match latest {
                        Some(date) => view! { <A href=activity_href.clone()><LongDate date /></A> }.into_any(),
                        None => t!(i18n, group.no_activity).into_any(),
                    }}
                </dd>
                <dt>{t!(i18n, group.visibility_label)}</dt>
                <dd>{move || if public { t_string!(i18n, group.visibility_public) } else { t_string!(i18n, group.visibility_members) }}</dd>
            </dl>
            {match (viewer.signed_in, viewer.standing) {
                (false, _) => view! {
                    <p><a class="button" href=login_href.clone()>{t!(i18n, group.sign_in_to_join)}</a></p>
                }.into_any(),
                (true, Some(Standing::Active)) => view! {
                    <p class="group-panel__standing">
                        {move || if viewer.role == Some(ThemeRole::Facilitator) { t_string!(i18n, group.you_facilitate) } else { t_string!(i18n, group.you_are_member) }}
                    </p>
                    {open.then(|| {
                        let number = number_leave.clone();
                        view! {
                            <ActionForm action=leave attr:class="inline-form">
                                <FormErrors error=leave_error scope="leave" />
                                <input type="hidden" name="number" value=number />
                                <button type="submit" class="button button--quiet">{t!(i18n, group.leave)}</button>
                            </ActionForm>
                        }
                    })}
                }.into_any(),
                (true, Some(Standing::Requested)) => view! {
                    <p class="group-panel__standing">{t!(i18n, group.request_pending)}</p>
                }.into_any(),
                (true, _) if open => view! {
                    <ActionForm action=join attr:class="form form--compact" attr:novalidate=true>
                        <FormErrors error=join_error scope="join" />
                        <input type="hidden" name="number" value=number_join.clone() />
                        <div class="field">
                            <label for=field_id("join", "message")>{t!(i18n, group.join_message)}</label>
                            <textarea id=field_id("join", "message") name="message" rows="3">{kept_value("message")}</textarea>
                        </div>
                        <Submit action=join>{t!(i18n, group.join)}</Submit>
                    </ActionForm>
                }.into_any(),
                (true, _) => ().into_any(),
            }}
            {viewer.signed_in.then(|| view! {
                <ActionForm action=follow attr:class="inline-form">
                    <input type="hidden" name="number" value=number_follow.clone() />
                    <input type="hidden" name="follow" value=if viewer.following { "false" } else { "true" } />
                    <button type="submit" class="button button--quiet" aria-pressed=if viewer.following { "true" } else { "false" }>
                        {if viewer.following { t!(i18n, group.unfollow).into_any() } else { t!(i18n, group.follow).into_any() }}
                    </button>
                </ActionForm>
            })}
            <ul class="group-panel__links">
                <li><A href=members_href>{t!(i18n, group.members_link)}</A></li>
                <li><A href=activity_href>{t!(i18n, group.activity_link)}</A></li>
                {public.then(|| view! { <li><a href=feed_href type="application/atom+xml">{t!(i18n, group.feed_link)}</a></li> })}
                {viewer.can_moderate.then(|| view! { <li><A href=edit_href>{t!(i18n, group.edit_link)}</A></li> })}
            </ul>
        </section>
    }
}

/// A notice after a thème-page action (`?done=…`).
#[component]
pub fn ThemeDoneNotice() -> impl IntoView {
    let i18n = use_i18n();
    let done = done();
    move || {
        let message = match done.get()? {
            Done::Asked => Some(t_string!(i18n, group.done_asked)),
            Done::Left => Some(t_string!(i18n, group.done_left)),
            Done::Followed => Some(t_string!(i18n, group.done_followed)),
            Done::Unfollowed => Some(t_string!(i18n, group.done_unfollowed)),
            Done::Edited => Some(t_string!(i18n, group.done_edited)),
            Done::Closed => Some(t_string!(i18n, group.done_closed)),
            Done::Reopened => Some(t_string!(i18n, group.done_reopened)),
            Done::Archived => Some(t_string!(i18n, group.done_archived)),
            Done::Accepted { .. } => Some(t_string!(i18n, group.done_accepted)),
            Done::Refused => Some(t_string!(i18n, group.done_refused)),
            Done::Removed => Some(t_string!(i18n, group.done_removed)),
            Done::Role => Some(t_string!(i18n, group.done_role)),
            Done::Invited => Some(t_string!(i18n, group.done_invited)),
            Done::Joined => Some(t_string!(i18n, group.done_joined)),
            _ => None,
        };
        message.map(|message| view! { <Notice>{message}</Notice> })
    }
}

/// `/themes/{n}/activity?before=…`.
#[component]
pub fn ActivityPageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let before = query("before");
    let page = Resource::new(
        move || {
            (
                params.read().get("number").unwrap_or_default(),
                before.get(),
            )
        },
        |(number, before)| get_activity(number, before.parse().ok()),
    );
    view! {
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let page_title = format!("{}. {}", page.number, page.title);
                        let title = format!("{}. {}", page.number, typeset(&page.title));
                        let theme_href = urls::theme(page.number);
                        let older = page.older.map(|id| format!("{}?before={id}", urls::activity(page.number)));
                        let empty = page.entries.is_empty();
                        view! {
                            <PageTitle text=Signal::derive(move || format!("{} · {}", t_string!(i18n, group.activity_title), page_title)) />
                            <section class="page activity">
                                <nav class="breadcrumb"><A href=theme_href>{title}</A></nav>
                                <h1>{t!(i18n, group.activity_title)}</h1>
                                {empty.then(|| view! { <p>{t!(i18n, group.no_activity)}</p> })}
                                <ol class="timeline">
                                    {page.entries.into_iter().map(|entry| {
                                        let id = format!("activity-{}", entry.id);
                                        view! { <li id=id><ActivityItem entry /></li> }
                                    }).collect_view()}
                                </ol>
                                {older.map(|href| view! { <p><a class="button button--quiet" href=href>{t!(i18n, group.older)}</a></p> })}
                            </section>
                        }.into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/notifications`.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let notifications = Resource::new(move || location.search.get(), |_| get_notifications());
    let mark = ServerAction::<MarkNotificationsRead>::new();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, group.notifications_title).to_owned()) />
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match notifications.await {
                    Ok(list) => {
                        let unread = list.iter().filter(|n| !n.read).count();
                        let empty = list.is_empty();
                        view! {
                            <section class="page page--narrow notifications">
                                <h1>{t!(i18n, group.notifications_title)}</h1>
                                {(unread > 0).then(|| view! {
                                    <ActionForm action=mark attr:class="inline-form">
                                        <button type="submit" class="button button--quiet">{t!(i18n, group.mark_all_read)}</button>
                                    </ActionForm>
                                })}
                                {empty.then(|| view! { <p>{t!(i18n, group.no_notifications)}</p> })}
                                <ol class="timeline">
                                    {list.into_iter().map(|notification| {
                                        let read = notification.read;
                                        view! {
                                            <li class="notification" class:notification--unread=!read>
                                                {(!read).then(|| view! { <span class="badge badge--new">{t!(i18n, group.new)}</span> })}
                                                <ActivityItem entry=notification.event with_theme=true />
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            </section>
                        }.into_any()
                    }
                    Err(AppError::Unauthorized) => view! { <SignInRequired /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
