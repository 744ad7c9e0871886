//! Opening and editing a thème (moderators), and `/invitations/accept`.

use super::*;

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
    let title = format!("{}. {}", number, typeset(&theme.title));
    let theme_href = urls::theme(theme.number);
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
                        let title = format!("{}. {}", invitation.number, typeset(&invitation.title));
                        view! {
                            <section class="page page--narrow auth">
                                <h1>{t!(i18n, group.invitation_title)}</h1>
                                <p class="lead">
                                    {move || t_string!(i18n, group.invitation_text, title = title.clone(), role = if role == ThemeRole::Facilitator { t_string!(i18n, group.role_facilitator) } else { t_string!(i18n, group.role_member) })}
                                </p>
                                <p>{
                                    let address = invitation.sent_to.clone();
                                    move || t_string!(i18n, group.invitation_sent_to, address = address.clone())
                                }</p>
                                {if invitation.signed_in && !invitation.for_viewer {
                                    view! { <p class="notice notice--info" role="status">{t!(i18n, group.invitation_other_account)}</p> }.into_any()
                                } else if invitation.signed_in {
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
