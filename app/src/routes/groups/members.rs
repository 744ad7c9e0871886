//! `/themes/{n}/members`: members, requests and invitations, with the facilitators' tools.

use super::*;

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

/// Kept in one piece: the page's three lists (members, pending requests, invitations) each with the
/// forms facilitators use on them; they share the page's actions and are used nowhere else.
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
    let theme_href = urls::theme(view.number);
    let title = format!("{}. {}", view.number, typeset(&view.title));
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
