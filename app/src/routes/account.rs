//! Account pages: sign in, sign up (and its confirmation), password reset, the account page.

use crate::domain::urls;
use crate::{
    api::{
        AccountView, ChangeEmail, ChangePassword, ConfirmEmail, ConfirmSignUp, EndOtherSessions,
        LinkKind, Rename, RequestReset, ResetPassword, SignIn, SignUp,
        account::{check_link, get_account},
    },
    components::{
        date::LongDate,
        error_view::ErrorView,
        form::{Field, FormErrors, Notice, Submit, action_error, kept_value, query},
        title::PageTitle,
    },
    error::AppError,
    i18n::{t, t_string, use_i18n},
};
use crate::{components::form::done, domain::notice::Done};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_location, use_query_map},
};

/// `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let error = action_error(action);
    let done = done();
    let next = {
        let kept = kept_value("next");
        if kept.is_empty() {
            use_query_map()
                .read_untracked()
                .get("next")
                .unwrap_or_default()
        } else {
            kept
        }
    };
    let signup_href = if next.is_empty() {
        "/signup".to_owned()
    } else {
        format!("/signup?next={}", encode(&next))
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.login_title).to_owned()) />
        <section class="page page--narrow auth">
            <h1>{t!(i18n, account.login_title)}</h1>
            <Show when=move || done.get() == Some(Done::Reset)>
                <Notice>{t!(i18n, account.reset_done)}</Notice>
            </Show>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormErrors error />
                <Field name="email" kind="email" autocomplete="username" value=kept_value("email") error>
                    {t!(i18n, account.email)}
                </Field>
                <Field name="password" kind="password" autocomplete="current-password" error>
                    {t!(i18n, account.password)}
                </Field>
                <input type="hidden" name="next" value=next />
                <div class="form__actions">
                    <Submit action>{t!(i18n, account.login_submit)}</Submit>
                    <A href="/password/forgot">{t!(i18n, account.forgot_link)}</A>
                </div>
            </ActionForm>
            <p class="auth__switch">
                {t!(i18n, account.no_account)} " " <A href=signup_href>{t!(i18n, account.signup_link)}</A>
            </p>
        </section>
    }
}

/// `/signup`.
#[component]
pub fn SignupPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    let next = {
        let kept = kept_value("next");
        if kept.is_empty() {
            use_query_map()
                .read_untracked()
                .get("next")
                .unwrap_or_default()
        } else {
            kept
        }
    };
    let login_href = if next.is_empty() {
        "/login".to_owned()
    } else {
        format!("/login?next={}", encode(&next))
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.signup_title).to_owned()) />
        <section class="page page--narrow auth">
            <h1>{t!(i18n, account.signup_title)}</h1>
            <p class="lead">{t!(i18n, account.signup_intro)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormErrors error />
                <Field name="display_name" autocomplete="name" value=kept_value("display_name") error>
                    {t!(i18n, account.display_name)}
                </Field>
                <Field name="email" kind="email" autocomplete="email" value=kept_value("email") error>
                    {t!(i18n, account.email)}
                </Field>
                <Field name="password" kind="password" autocomplete="new-password" error hint=move || t!(i18n, account.password_hint)>
                    {t!(i18n, account.password)}
                </Field>
                <input type="hidden" name="next" value=next />
                <div class="form__actions">
                    <Submit action>{t!(i18n, account.signup_submit)}</Submit>
                </div>
            </ActionForm>
            <p class="auth__switch">
                {t!(i18n, account.have_account)} " " <A href=login_href>{t!(i18n, account.login_link)}</A>
            </p>
        </section>
    }
}

/// `/signup/sent`: "check your e-mail", whatever the address.
#[component]
pub fn SignupSentPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.check_mail_title).to_owned()) />
        <section class="page page--narrow auth">
            <h1>{t!(i18n, account.check_mail_title)}</h1>
            <p>{t!(i18n, account.signup_sent)}</p>
            <p><A href="/">{t!(i18n, not_found.back)}</A></p>
        </section>
    }
}

/// `/password/sent`: "check your e-mail", whatever the address.
#[component]
pub fn ResetSentPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.check_mail_title).to_owned()) />
        <section class="page page--narrow auth">
            <h1>{t!(i18n, account.check_mail_title)}</h1>
            <p>{t!(i18n, account.reset_sent)}</p>
            <p><A href="/login">{t!(i18n, account.login_link)}</A></p>
        </section>
    }
}

/// Shows `form` when the e-mailed link in `?token=` is still usable, else says it is not.
#[component]
fn WithValidLink(kind: LinkKind, form: fn(String) -> AnyView) -> impl IntoView {
    let token = query("token");
    let valid = Resource::new(move || token.get(), move |token| check_link(kind, token));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match valid.await {
                    Ok(true) => form(token.get_untracked()),
                    Ok(false) => view! { <ErrorView error=AppError::InvalidLink /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/signup/confirm?token=…`: one button activates the account (a link alone changes nothing,
/// so mail scanners that open links do not use it up).
#[component]
pub fn SignupConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.confirm_title).to_owned()) />
        <section class="page page--narrow auth">
            <h1>{t!(i18n, account.confirm_title)}</h1>
            <WithValidLink kind=LinkKind::SignUp form=|token| view! { <ConfirmSignUpForm token /> }.into_any() />
        </section>
    }
}

#[component]
fn ConfirmSignUpForm(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ConfirmSignUp>::new();
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="form">
            <FormErrors error />
            <p>{t!(i18n, account.confirm_text)}</p>
            <input type="hidden" name="token" value=token />
            <div class="form__actions">
                <Submit action>{t!(i18n, account.confirm_submit)}</Submit>
            </div>
        </ActionForm>
    }
}

/// `/password/forgot`.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestReset>::new();
    let error = action_error(action);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.forgot_title).to_owned()) />
        <section class="page page--narrow auth">
            <h1>{t!(i18n, account.forgot_title)}</h1>
            <p class="lead">{t!(i18n, account.forgot_intro)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormErrors error />
                <Field name="email" kind="email" autocomplete="email" value=kept_value("email") error>
                    {t!(i18n, account.email)}
                </Field>
                <div class="form__actions">
                    <Submit action>{t!(i18n, account.forgot_submit)}</Submit>
                </div>
            </ActionForm>
        </section>
    }
}

/// `/password/reset?token=…`.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.reset_title).to_owned()) />
        <section class="page page--narrow auth">
            <h1>{t!(i18n, account.reset_title)}</h1>
            <WithValidLink kind=LinkKind::Reset form=|token| view! { <ResetForm token /> }.into_any() />
        </section>
    }
}

#[component]
fn ResetForm(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormErrors error />
            <input type="hidden" name="token" value=token />
            <Field name="new_password" kind="password" autocomplete="new-password" error hint=move || t!(i18n, account.password_hint)>
                {t!(i18n, account.new_password)}
            </Field>
            <div class="form__actions">
                <Submit action>{t!(i18n, account.reset_submit)}</Submit>
            </div>
        </ActionForm>
    }
}

/// Sends a signed-out visitor to the sign-in page, then back to `next`.
#[component]
pub fn SignInRequired() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let next = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    let href = format!("/login?next={}", encode(&next));
    // A page load (not a server-function call): always a real 302, whatever the Accept header.
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&href),
    ) {
        response.set_status(http::StatusCode::FOUND);
        response.insert_header(http::header::LOCATION, value);
    }
    view! {
        <section class="page page--narrow notice">
            <p>{t!(i18n, errors.unauthorized)}</p>
            <p><a class="button" href=href>{t!(i18n, account.login_link)}</a></p>
        </section>
    }
}

/// Percent-encodes `text` for a query value (keeping `/`).
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `/account/email/confirm?token=…`.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |()| crate::api::account::get_me());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.email_confirm_title).to_owned()) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(_)) => view! {
                        <section class="page page--narrow auth">
                            <h1>{t!(i18n, account.email_confirm_title)}</h1>
                            <WithValidLink kind=LinkKind::EmailChange form=|token| view! { <ConfirmEmailForm token /> }.into_any() />
                        </section>
                    }.into_any(),
                    Ok(None) => view! { <SignInRequired /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConfirmEmailForm(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ConfirmEmail>::new();
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="form">
            <FormErrors error />
            <input type="hidden" name="token" value=token />
            <div class="form__actions">
                <Submit action>{t!(i18n, account.email_confirm_submit)}</Submit>
            </div>
        </ActionForm>
    }
}

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

#[component]
fn Account(view: AccountView, actions: AccountActions) -> impl IntoView {
    let i18n = use_i18n();
    let done = done();
    let AccountActions {
        rename,
        change_email,
        change_password,
        end_others,
        digest,
    } = actions;
    let digest_error = action_error(digest);
    let digest_on = view.digest;
    let rename_error = action_error(rename);
    let email_error = action_error(change_email);
    let password_error = action_error(change_password);
    let end_error = action_error(end_others);
    let name_value = {
        let kept = kept_value("display_name");
        if kept.is_empty() {
            view.display_name.clone()
        } else {
            kept
        }
    };
    let others = view
        .sessions
        .iter()
        .filter(|session| !session.current)
        .count();
    let role = view.role;
    view! {
        <section class="page page--narrow account">
            <h1>{t!(i18n, account.title)}</h1>
            <p class="lead">
                {t!(i18n, account.signed_in_as, name = {
                    let name = view.display_name.clone();
                    move || view! { <strong>{name.clone()}</strong> }
                })}
                " · "
                {move || match role {
                    crate::domain::Role::Admin => t_string!(i18n, account.role_admin),
                    crate::domain::Role::Moderator => t_string!(i18n, account.role_moderator),
                    crate::domain::Role::Member => t_string!(i18n, account.role_member),
                }}
            </p>
            {move || {
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
            }}

            <section class="card" aria-labelledby="account-follows">
                <h2 id="account-follows">{t!(i18n, group.follows_heading)}</h2>
                <p><A href=format!("/members/{}", view.id)>{t!(i18n, drafts.my_contributions)}</A></p>
                {view.follows.is_empty().then(|| view! { <p>{t!(i18n, group.no_follows)}</p> })}
                <ul>
                    {view.follows.clone().into_iter().map(|(number, title)| {
                        let href = urls::theme(number);
                        view! { <li><A href=href>{format!("{number}. {title}")}</A></li> }
                    }).collect_view()}
                </ul>
            </section>

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

            <section class="card" aria-labelledby="account-email">
                <h2 id="account-email">{t!(i18n, account.email_heading)}</h2>
                <p>{t!(i18n, account.current_email, email = {
                    let email = view.email.clone();
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

            <section class="card" aria-labelledby="account-sessions">
                <h2 id="account-sessions">{t!(i18n, account.sessions_heading)}</h2>
                <ul class="sessions">
                    {view.sessions.into_iter().map(|session| {
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
                    <p>{t!(i18n, account.other_sessions, count = others)}</p>
                    <div class="form__actions">
                        <Submit action=end_others>{t!(i18n, account.end_others_submit)}</Submit>
                    </div>
                </ActionForm>
            </section>
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
