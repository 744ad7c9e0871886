//! `/account`: the signed-in person's settings, one card each.

use super::*;
use crate::api::SessionView;
use uuid::Uuid;

/// `/account`: profile, e-mail, password, sessions.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // Keyed on the query so that the redirect after each change (`?done=…`) reloads the content.
    let account = Resource::new(move || location.search.get(), |_| get_account());
    // Created here, outside the Suspense, so that they outlive the re-render their redirect causes.
    let actions = AccountActions {
        rename: ServerAction::new(),
        change_email: ServerAction::new(),
        change_password: ServerAction::new(),
        end_others: ServerAction::new(),
        digest: ServerAction::new(),
    };
    view! {
            <PageTitle text=Signal::derive(move || t_string!(i18n, account.title).to_owned()) />
            <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(view) => view! { <Account view actions /> }.into_any(),
                        Err(AppError::Unauthorized) => view! { <SignInRequired /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
    }
}

#[derive(Clone, Copy)]
struct AccountActions {
    rename: ServerAction<Rename>,
    change_email: ServerAction<ChangeEmail>,
    change_password: ServerAction<ChangePassword>,
    end_others: ServerAction<EndOtherSessions>,
    digest: ServerAction<crate::api::SetDigest>,
}

/// The account page: who is signed in, then one card per setting.
#[component]
fn Account(view: AccountView, actions: AccountActions) -> impl IntoView {
    let i18n = use_i18n();
    let role = view.role;
    let name = view.display_name.clone();
    view! {
            <section class="page page--narrow account">
                <h1>{t!(i18n, account.title)}</h1>
                <p class="lead">
                    {t!(i18n, account.signed_in_as, name = move || view! { <strong>{name.clone()}</strong> })}
                    " · "
                    {move || match role {
                        crate::domain::Role::Admin => t_string!(i18n, account.role_admin),
                        crate::domain::Role::Moderator => t_string!(i18n, account.role_moderator),
                        crate::domain::Role::Member => t_string!(i18n, account.role_member),
                    }}
                </p>
                <AccountNotice />
                <FollowsCard id=view.id follows=view.follows />
                <DigestCard action=actions.digest on=view.digest />
                <ProfileCard action=actions.rename name=view.display_name />
                <EmailCard action=actions.change_email email=view.email />
                <PasswordCard action=actions.change_password />
                <SessionsCard action=actions.end_others sessions=view.sessions />
            </section>
    }
}

/// The notice after a change on the account page.
#[component]
fn AccountNotice() -> impl IntoView {
    let i18n = use_i18n();
    let done = done();
    move || {
        let message = match done.get()? {
            Done::Welcome => Some(t_string!(i18n, account.done_welcome)),
            Done::Name => Some(t_string!(i18n, account.done_name)),
            Done::EmailSent => Some(t_string!(i18n, account.done_email_sent)),
            Done::Email => Some(t_string!(i18n, account.done_email)),
            Done::Password => Some(t_string!(i18n, account.done_password)),
            Done::Sessions => Some(t_string!(i18n, account.done_sessions)),
            Done::Digest => Some(t_string!(i18n, account.digest_saved)),
            _ => None,
        };
        message.map(|message| view! { <Notice>{message}</Notice> })
    }
}

/// The thèmes followed, and the link to one's contributions.
#[component]
fn FollowsCard(id: Uuid, follows: Vec<(i32, String)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="account-follows">
            <h2 id="account-follows">{t!(i18n, group.follows_heading)}</h2>
            <p><A href=urls::member(id)>{t!(i18n, drafts.my_contributions)}</A></p>
            {follows.is_empty().then(|| view! { <p>{t!(i18n, group.no_follows)}</p> })}
            <ul>
                {follows.into_iter().map(|(number, title)| {
                    let href = urls::theme(number);
                    view! { <li><A href=href>{format!("{number}. {}", crate::domain::typography::typeset(&title))}</A></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The daily digest switch.
#[component]
fn DigestCard(action: ServerAction<crate::api::SetDigest>, on: bool) -> impl IntoView {
    let i18n = use_i18n();
    let digest = action;
    let digest_error = action_error(digest);
    let digest_on = on;
    view! {
        <section class="card" aria-labelledby="account-digest">
            <h2 id="account-digest">{t!(i18n, account.digest_heading)}</h2>
            <ActionForm action=digest attr:class="form">
                <FormErrors error=digest_error scope="digest" />
                <label class="checkbox">
                    <input type="checkbox" name="digest" value="1" checked=digest_on />
                    " " {t!(i18n, account.digest_label)}
                </label>
                <p class="field__hint">{t!(i18n, account.digest_language)}</p>
                <div class="form__actions">
                    <Submit action=digest>{t!(i18n, account.digest_save)}</Submit>
                </div>
            </ActionForm>
        </section>
    }
}

/// The display name.
#[component]
fn ProfileCard(action: ServerAction<Rename>, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let rename = action;
    let rename_error = action_error(rename);
    // What was typed when the form was last posted without JavaScript, else the current name.
    let name_value = Some(kept_value("display_name"))
        .filter(|kept| !kept.is_empty())
        .unwrap_or(name);
    view! {
        <section class="card" aria-labelledby="account-profile">
            <h2 id="account-profile">{t!(i18n, account.profile_heading)}</h2>
            <ActionForm action=rename attr:class="form" attr:novalidate=true>
                <FormErrors error=rename_error scope="profile" />
                <Field name="display_name" scope="profile" autocomplete="name" value=name_value error=rename_error>
                    {t!(i18n, account.display_name)}
                </Field>
                <div class="form__actions">
                    <Submit action=rename>{t!(i18n, account.save)}</Submit>
                </div>
            </ActionForm>
        </section>
    }
}

/// The e-mail address, changed through a link sent to the new one.
#[component]
fn EmailCard(action: ServerAction<ChangeEmail>, email: String) -> impl IntoView {
    let i18n = use_i18n();
    let change_email = action;
    let email_error = action_error(change_email);
    view! {
        <section class="card" aria-labelledby="account-email">
            <h2 id="account-email">{t!(i18n, account.email_heading)}</h2>
            <p>{t!(i18n, account.current_email, email = {
                let email = email.clone();
                move || view! { <strong>{email.clone()}</strong> }
            })}</p>
            <ActionForm action=change_email attr:class="form" attr:novalidate=true>
                <FormErrors error=email_error scope="email" />
                <Field name="email" scope="email" kind="email" autocomplete="email" value=kept_value("email") error=email_error>
                    {t!(i18n, account.new_email)}
                </Field>
                <Field name="current_password" scope="email" kind="password" autocomplete="current-password" error=email_error>
                    {t!(i18n, account.current_password)}
                </Field>
                <div class="form__actions">
                    <Submit action=change_email>{t!(i18n, account.change_email_submit)}</Submit>
                </div>
            </ActionForm>
        </section>
    }
}

/// The password.
#[component]
fn PasswordCard(action: ServerAction<ChangePassword>) -> impl IntoView {
    let i18n = use_i18n();
    let change_password = action;
    let password_error = action_error(change_password);
    view! {
        <section class="card" aria-labelledby="account-password">
            <h2 id="account-password">{t!(i18n, account.password_heading)}</h2>
            <ActionForm action=change_password attr:class="form" attr:novalidate=true>
                <FormErrors error=password_error scope="password" />
                <Field name="current_password" scope="password" kind="password" autocomplete="current-password" error=password_error>
                    {t!(i18n, account.current_password)}
                </Field>
                <Field name="new_password" scope="password" kind="password" autocomplete="new-password" error=password_error hint=move || t!(i18n, account.password_hint)>
                    {t!(i18n, account.new_password)}
                </Field>
                <div class="form__actions">
                    <Submit action=change_password>{t!(i18n, account.change_password_submit)}</Submit>
                </div>
            </ActionForm>
        </section>
    }
}

/// The sessions signed in, and signing out the others.
#[component]
fn SessionsCard(
    action: ServerAction<EndOtherSessions>,
    sessions: Vec<SessionView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let end_others = action;
    let end_error = action_error(end_others);
    let others = sessions.iter().filter(|session| !session.current).count();
    view! {
        <section class="card" aria-labelledby="account-sessions">
            <h2 id="account-sessions">{t!(i18n, account.sessions_heading)}</h2>
            <ul class="sessions">
                {sessions.into_iter().map(|session| {
                    let seen = session.last_seen_at.date();
                    let (browser, system) = describe_agent(session.user_agent.as_deref().unwrap_or_default());
                    let full_agent = session.user_agent.clone().unwrap_or_default();
                    view! {
                        <li class="sessions__item" class:sessions__item--current=session.current>
                            <span class="sessions__agent" title=full_agent>
                                {move || match (browser, system) {
                                    (Some(browser), Some(system)) => t_string!(i18n, account.agent, browser, system).to_string(),
                                    (Some(browser), None) => browser.to_owned(),
                                    _ => t_string!(i18n, account.agent_unknown).to_string(),
                                }}
                            </span>
                            <span class="sessions__when">
                                {t!(i18n, account.session_seen, date = move || view! { <LongDate date=seen /> })}
                            </span>
                            {session.current.then(|| view! { <span class="badge">{t!(i18n, account.this_session)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=end_others attr:class="form">
                <FormErrors error=end_error />
                <p>{t!(i18n, account.other_sessions, count = move || others)}</p>
                <div class="form__actions">
                    <Submit action=end_others>{t!(i18n, account.end_others_submit)}</Submit>
                </div>
            </ActionForm>
        </section>
    }
}

/// A browser's name and system from its User-Agent, for the sessions list ("Firefox", "Linux").
pub fn describe_agent(agent: &str) -> (Option<&'static str>, Option<&'static str>) {
    let browser = if agent.contains("Firefox/") {
        Some("Firefox")
    } else if agent.contains("Edg/") {
        Some("Edge")
    } else if agent.contains("OPR/") {
        Some("Opera")
    } else if agent.contains("Chrome/") || agent.contains("Chromium/") {
        Some("Chrome")
    } else if agent.contains("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let system = if agent.contains("Android") {
        Some("Android")
    } else if agent.contains("iPhone") || agent.contains("iPad") {
        Some("iOS")
    } else if agent.contains("Windows") {
        Some("Windows")
    } else if agent.contains("Mac OS X") || agent.contains("Macintosh") {
        Some("macOS")
    } else if agent.contains("Linux") || agent.contains("X11") {
        Some("Linux")
    } else {
        None
    };
    (browser, system)
}

#[cfg(test)]
mod tests {
    use super::describe_agent;

    #[test]
    fn common_browsers_and_systems_are_named_and_others_are_not_guessed() {
        assert_eq!(
            describe_agent(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"
            ),
            (Some("Chrome"), Some("Linux"))
        );
        assert_eq!(
            describe_agent(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"
            ),
            (Some("Firefox"), Some("Windows"))
        );
        assert_eq!(
            describe_agent(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
            ),
            (Some("Safari"), Some("iOS"))
        );
        assert_eq!(describe_agent("curl/7.88.1"), (None, None));
    }
}
