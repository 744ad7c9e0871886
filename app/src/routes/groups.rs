//! Working-group pages: a thème's actions, members, activity; opening and editing thèmes;
//! notifications.

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
            <span class="timeline__what">{move || activity_sentence(i18n.get_locale(), &entry.verb, entry.actor.as_deref(), entry.subject.as_deref(), entry.object.as_deref())}</span>
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
    let members_href = urls::members(&number);
    let activity_href = urls::activity(&number);
    let feed_href = urls::feed(&number);
    let edit_href = urls::edit_theme(&number);
    let login_href = format!("/login?next={}", urls::theme(&number));
    let latest = theme.latest_activity.map(|at| at.date());
    let count = theme.member_count;
    let public = theme.visibility == Visibility::Public;
    view! {
        <section class="group-panel" aria-labelledby="group-heading">
            <h2 id="group-heading">{t!(i18n, group.heading)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, group.members_label)}</dt>
                <dd><A href=members_href.clone()>{t!(i18n, group.member_count, count)}</A></dd>
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

/// `/themes/{n}/members`.
#[component]
pub fn MembersPage() -> impl IntoView {
    let actions = MemberActions {
        decide: ServerAction::new(),
        remove: ServerAction::new(),
        facilitator: ServerAction::new(),
        invite: ServerAction::new(),
    };
    let params = use_params_map();
    let location = use_location();
    let members = Resource::new(
        move || {
            (
                params.read().get("number").unwrap_or_default(),
                location.search.get(),
            )
        },
        |(number, _)| get_members(number),
    );
    view! {
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(view) => view! { <Members view actions /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct MemberActions {
    decide: ServerAction<DecideRequest>,
    remove: ServerAction<RemoveMember>,
    facilitator: ServerAction<SetFacilitator>,
    invite: ServerAction<InviteMember>,
}

#[component]
fn Members(view: MembersView, actions: MemberActions) -> impl IntoView {
    let i18n = use_i18n();
    let number = view.number.to_string();
    let MemberActions {
        decide,
        remove,
        facilitator,
        invite,
    } = actions;
    let invite_error = action_error(invite);
    let decide_error = action_error(decide);
    let remove_error = action_error(remove);
    let facilitator_error = action_error(facilitator);
    let viewer = view.viewer;
    let open = view.status == ThemeStatus::Open;
    let theme_href = urls::theme(&number);
    let title = format!("{}. {}", view.number, view.title);
    let page_title = title.clone();
    let has_requests = !view.requests.is_empty();
    let invitations = view.invitations.clone();
    let number_invite = number.clone();
    view! {
        <PageTitle text=Signal::derive(move || format!("{} · {}", t_string!(i18n, group.members_title), page_title)) />
        <section class="page members">
            <nav class="breadcrumb"><A href=theme_href>{title}</A></nav>
            <h1>{t!(i18n, group.members_title)}</h1>
            <ThemeDoneNotice />
            <FormErrors error=decide_error scope="decide" />
            <FormErrors error=remove_error scope="remove" />
            <FormErrors error=facilitator_error scope="facilitator" />
            {(viewer.can_facilitate && has_requests).then(|| view! {
                <section class="card" aria-labelledby="requests-heading">
                    <h2 id="requests-heading">{t!(i18n, group.requests_heading)}</h2>
                    <ul class="people">
                        {view.requests.clone().into_iter().map(|request| {
                            let id = request.user_id.to_string();
                            let (id_accept, id_refuse, id_label, id_input) = (id.clone(), id.clone(), id.clone(), id.clone());
                            let (number_accept, number_refuse) = (number.clone(), number.clone());
                            let since = request.since.date();
                            let (name_accept, name_refuse) = (request.display_name.clone(), request.display_name.clone());
                            let message = request.message.clone();
                            view! {
                                <li class="people__item">
                                    <div>
                                        <strong>{request.display_name.clone()}</strong>
                                        " · " {t!(i18n, group.asked_on, date = move || view! { <LongDate date=since /> })}
                                        {message.map(|message| view! { <blockquote class="people__message">{message}</blockquote> })}
                                    </div>
                                    <div class="people__actions">
                                        <ActionForm action=decide attr:class="inline-form">
                                            <input type="hidden" name="number" value=number_accept />
                                            <input type="hidden" name="user_id" value=id_accept />
                                            <input type="hidden" name="accept" value="true" />
                                            <button type="submit" class="button button--small" aria-label=move || t_string!(i18n, group.accept_for, name = name_accept.clone())>{t!(i18n, group.accept)}</button>
                                        </ActionForm>
                                        <ActionForm action=decide attr:class="inline-form refuse-form">
                                            <input type="hidden" name="number" value=number_refuse />
                                            <input type="hidden" name="user_id" value=id_refuse />
                                            <input type="hidden" name="accept" value="false" />
                                            <label class="visually-hidden" for=format!("reason-{id_label}")>{t!(i18n, group.refuse_reason)}</label>
                                            <input id=format!("reason-{id_input}") type="text" name="reason" placeholder=move || t_string!(i18n, group.refuse_reason) />
                                            <button type="submit" class="button button--small button--quiet" aria-label=move || t_string!(i18n, group.refuse_for, name = name_refuse.clone())>{t!(i18n, group.refuse)}</button>
                                        </ActionForm>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(viewer.can_facilitate && open).then(move || view! {
                <section class="card" aria-labelledby="invite-heading">
                    <h2 id="invite-heading">{t!(i18n, group.invite_heading)}</h2>
                    <ActionForm action=invite attr:class="form form--compact" attr:novalidate=true>
                        <FormErrors error=invite_error scope="invite" />
                        <input type="hidden" name="number" value=number_invite />
                        <Field name="email" scope="invite" kind="email" autocomplete="off" value=kept_value("email") error=invite_error>
                            {t!(i18n, group.invite_email)}
                        </Field>
                        {viewer.can_moderate.then(|| view! {
                            <div class="field">
                                <label for="field-invite-role">{t!(i18n, group.invite_role)}</label>
                                <select id="field-invite-role" name="role">
                                    <option value="member">{t!(i18n, group.role_member)}</option>
                                    <option value="facilitator">{t!(i18n, group.role_facilitator)}</option>
                                </select>
                            </div>
                        })}
                        <div class="form__actions"><Submit action=invite>{t!(i18n, group.invite_submit)}</Submit></div>
                    </ActionForm>
                    {(!invitations.is_empty()).then(|| view! {
                        <h3>{t!(i18n, group.invitations_heading)}</h3>
                        <ul class="people">
                            {invitations.into_iter().map(|invitation| {
                                let until = invitation.expires_at.date();
                                view! {
                                    <li class="people__item">
                                        <span>{invitation.email}</span>
                                        <span class="people__since">{t!(i18n, group.invitation_until, date = move || view! { <LongDate date=until /> })}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                </section>
            })}
            <section class="card" aria-labelledby="members-heading">
                <h2 id="members-heading">{t!(i18n, group.members_heading)}</h2>
                {view.members.is_empty().then(|| view! { <p>{t!(i18n, group.no_members)}</p> })}
                <ul class="people">
                    {view.members.into_iter().map(|member| {
                        let id = member.user_id.to_string();
                        let (id_name, id_remove, id_label, id_input) = (id.clone(), id.clone(), id.clone(), id.clone());
                        let (number_name, number_remove) = (number.clone(), number.clone());
                        let since = member.since.date();
                        let is_facilitator = member.role == ThemeRole::Facilitator;
                        let (name_name, name_remove) = (member.display_name.clone(), member.display_name.clone());
                        let may_remove = open && viewer.can_facilitate && (!is_facilitator || viewer.can_moderate);
                        let may_name = open && viewer.can_moderate;
                        view! {
                            <li class="people__item">
                                <div>
                                    <strong>{member.display_name.clone()}</strong>
                                    {is_facilitator.then(|| view! { " " <span class="badge badge--role">{t!(i18n, group.facilitator)}</span> })}
                                    <br />
                                    <span class="people__since">{t!(i18n, group.member_since, date = move || view! { <LongDate date=since /> })}</span>
                                </div>
                                <div class="people__actions">
                                    {may_name.then(move || view! {
                                        <ActionForm action=facilitator attr:class="inline-form">
                                            <input type="hidden" name="number" value=number_name />
                                            <input type="hidden" name="user_id" value=id_name />
                                            <input type="hidden" name="facilitator" value=if is_facilitator { "false" } else { "true" } />
                                            <button type="submit" class="button button--small button--quiet" aria-label=move || if is_facilitator { t_string!(i18n, group.unname_for, name = name_name.clone()) } else { t_string!(i18n, group.name_for, name = name_name.clone()) }>
                                                {if is_facilitator { t!(i18n, group.unname).into_any() } else { t!(i18n, group.name).into_any() }}
                                            </button>
                                        </ActionForm>
                                    })}
                                    {may_remove.then(move || view! {
                                        <ActionForm action=remove attr:class="inline-form refuse-form">
                                            <input type="hidden" name="number" value=number_remove />
                                            <input type="hidden" name="user_id" value=id_remove />
                                            <label class="visually-hidden" for=format!("remove-{id_label}")>{t!(i18n, group.remove_reason)}</label>
                                            <input id=format!("remove-{id_input}") type="text" name="reason" placeholder=move || t_string!(i18n, group.remove_reason) />
                                            <button type="submit" class="button button--small button--quiet" aria-label=move || t_string!(i18n, group.remove_for, name = name_remove.clone())>{t!(i18n, group.remove)}</button>
                                        </ActionForm>
                                    })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </section>
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
                        let title = format!("{}. {}", page.number, page.title);
                        let page_title = title.clone();
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

/// The fields of a thème (new or edited).
#[component]
fn ThemeFields(
    error: Signal<Option<AppError>>,
    title: String,
    summary: String,
    description: String,
    visibility: Visibility,
) -> impl IntoView {
    let i18n = use_i18n();
    let description_id = field_id("", "description");
    let visibility_id = field_id("", "visibility");
    let description_invalid = move || {
        error
            .get()
            .is_some_and(|e| !e.field_codes("description").is_empty())
    };
    view! {
        <Field name="title" value=title error>{t!(i18n, group.field_title)}</Field>
        <Field name="summary" value=summary error>{t!(i18n, group.field_summary)}</Field>
        <div class="field" class:field--invalid=description_invalid>
            <label for=description_id.clone()>{t!(i18n, group.field_description)}</label>
            <p class="field__hint">{t!(i18n, group.field_description_hint)}</p>
            <textarea id=description_id name="description" rows="12">{description}</textarea>
        </div>
        <div class="field">
            <label for=visibility_id.clone()>{t!(i18n, group.visibility_label)}</label>
            <select id=visibility_id name="visibility">
                <option value="public" selected=visibility == Visibility::Public>{t!(i18n, group.visibility_public)}</option>
                <option value="members" selected=visibility == Visibility::Members>{t!(i18n, group.visibility_members)}</option>
            </select>
        </div>
    }
}

/// `/themes/new` (moderators).
#[component]
pub fn NewThemePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |()| crate::api::account::get_me());
    let action = ServerAction::<OpenTheme>::new();
    let error = action_error(action);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, group.new_title).to_owned()) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.role.moderates() => view! {
                        <section class="page page--narrow">
                            <h1>{t!(i18n, group.new_title)}</h1>
                            <ActionForm action attr:class="form" attr:novalidate=true>
                                <FormErrors error />
                                <Field name="axe" value={let v = kept_value("axe"); if v.is_empty() { "4".to_owned() } else { v }} error kind="number">{t!(i18n, group.field_axe)}</Field>
                                <Field name="number" value=kept_value("number") error kind="number">{t!(i18n, group.field_number)}</Field>
                                <ThemeFields error title=kept_value("title") summary=kept_value("summary") description=kept_value("description")
                                    visibility=if kept_value("visibility") == "members" { Visibility::Members } else { Visibility::Public } />
                                <div class="form__actions"><Submit action>{t!(i18n, group.new_submit)}</Submit></div>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Ok(Some(_)) => view! { <ErrorView error=AppError::Forbidden /> }.into_any(),
                    Ok(None) => view! { <SignInRequired /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/themes/{n}/edit` (moderators): the thème's text and its status.
#[component]
pub fn EditThemePage() -> impl IntoView {
    let edit = ServerAction::<EditTheme>::new();
    let status = ServerAction::<SetThemeStatus>::new();
    let params = use_params_map();
    let theme = Resource::new(
        move || params.read().get("number").unwrap_or_default(),
        get_theme,
    );
    view! {
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match theme.await {
                    Ok(theme) if theme.viewer.can_moderate => view! { <EditThemeForms theme edit status /> }.into_any(),
                    Ok(theme) if !theme.viewer.signed_in => view! { <SignInRequired /> }.into_any(),
                    Ok(_) => view! { <ErrorView error=AppError::Forbidden /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditThemeForms(
    theme: ThemeDetail,
    edit: ServerAction<EditTheme>,
    status: ServerAction<SetThemeStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit_error = action_error(edit);
    let status_error = action_error(status);
    let number = theme.number.get().to_string();
    let (number_edit, number_close, number_reopen, number_archive) = (
        number.clone(),
        number.clone(),
        number.clone(),
        number.clone(),
    );
    let kept = |name: &'static str, stored: String| {
        let value = kept_value(name);
        if value.is_empty() { stored } else { value }
    };
    let title = format!("{}. {}", number, theme.title);
    let theme_href = urls::theme(&number);
    let current = theme.status;
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, group.edit_title).to_owned()) />
        <section class="page page--narrow">
            <nav class="breadcrumb"><A href=theme_href>{title}</A></nav>
            <h1>{t!(i18n, group.edit_title)}</h1>
            <ActionForm action=edit attr:class="form" attr:novalidate=true>
                <FormErrors error=edit_error />
                <input type="hidden" name="number" value=number_edit />
                <ThemeFields error=edit_error title=kept("title", theme.title.clone()) summary=kept("summary", theme.summary.clone())
                    description=kept("description", theme.description_md.clone()) visibility=theme.visibility />
                <div class="form__actions"><Submit action=edit>{t!(i18n, account.save)}</Submit></div>
            </ActionForm>
            <section class="card" aria-labelledby="status-heading">
                <h2 id="status-heading">{t!(i18n, group.status_heading)}</h2>
                <FormErrors error=status_error scope="status" />
                {(current == ThemeStatus::Open).then(move || view! {
                    <ActionForm action=status attr:class="form">
                        <input type="hidden" name="number" value=number_close />
                        <input type="hidden" name="status" value="closed" />
                        <div class="field">
                            <label for="field-status-note">{t!(i18n, group.closing_note)}</label>
                            <textarea id="field-status-note" name="note" rows="3"></textarea>
                        </div>
                        <div class="form__actions"><Submit action=status>{t!(i18n, group.close)}</Submit></div>
                    </ActionForm>
                })}
                {(current != ThemeStatus::Open).then(move || view! {
                    <ActionForm action=status attr:class="inline-form">
                        <input type="hidden" name="number" value=number_reopen />
                        <input type="hidden" name="status" value="open" />
                        <button type="submit" class="button">{t!(i18n, group.reopen)}</button>
                    </ActionForm>
                })}
                {(current != ThemeStatus::Archived).then(move || view! {
                    <ActionForm action=status attr:class="inline-form">
                        <input type="hidden" name="number" value=number_archive />
                        <input type="hidden" name="status" value="archived" />
                        <button type="submit" class="button button--quiet">{t!(i18n, group.archive)}</button>
                    </ActionForm>
                })}
            </section>
        </section>
    }
}

/// `/invitations/accept?token=…`: what the invitation offers, and a button to accept it (signed
/// in), or the way to sign in or sign up and come back.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = query("token");
    let accept = ServerAction::<AcceptInvitation>::new();
    let accept_error = action_error(accept);
    let invitation = Resource::new(move || token.get(), get_invitation);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, group.invitation_title).to_owned()) />
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match invitation.await {
                    Ok(invitation) => {
                        let token = token.get_untracked();
                        let back = format!("/invitations/accept?token={token}");
                        let login = format!("/login?next={}", crate::routes::account::encode(&back));
                        let signup = format!("/signup?next={}", crate::routes::account::encode(&back));
                        let role = invitation.role;
                        let title = format!("{}. {}", invitation.number, invitation.title);
                        view! {
                            <section class="page page--narrow auth">
                                <h1>{t!(i18n, group.invitation_title)}</h1>
                                <p class="lead">
                                    {move || t_string!(i18n, group.invitation_text, title = title.clone(), role = if role == ThemeRole::Facilitator { t_string!(i18n, group.role_facilitator) } else { t_string!(i18n, group.role_member) })}
                                </p>
                                {if invitation.signed_in {
                                    view! {
                                        <ActionForm action=accept attr:class="form">
                                            <FormErrors error=accept_error />
                                            <input type="hidden" name="token" value=token />
                                            <div class="form__actions"><Submit action=accept>{t!(i18n, group.invitation_accept)}</Submit></div>
                                        </ActionForm>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p>{t!(i18n, group.invitation_sign_in)}</p>
                                        <p class="form__actions">
                                            <a class="button" href=login>{t!(i18n, account.login_link)}</a>
                                            <a class="button button--quiet" href=signup>{t!(i18n, account.signup_link)}</a>
                                        </p>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
