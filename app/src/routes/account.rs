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

mod settings;
pub use settings::*;

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
    // The router gives the query without its `?`.
    let search = location.search.get_untracked();
    let next = match search.trim_start_matches('?') {
        "" => location.pathname.get_untracked(),
        search => format!("{}?{search}", location.pathname.get_untracked()),
    };
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
