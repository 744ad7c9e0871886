//! An error shown to a person: a translated message, never the internal cause.

use crate::{
    error::{AppError, ValidationCode},
    i18n::{Locale, t, t_string, use_i18n},
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// A translated message for `error`; on the server it also sets the response's status.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    set_status(error.status());
    let message = move || error_message(i18n, &error);
    view! {
        <section class="notice notice--error" role="alert">
            <h1>{t!(i18n, errors.title)}</h1>
            <p>{message}</p>
        </section>
    }
}

/// Sets the HTTP status of the page being rendered.
#[cfg(feature = "ssr")]
pub fn set_status(status: u16) {
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
}

/// The translated sentence for `error`.
pub fn error_message(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Unauthorized => t_string!(i18n, errors.unauthorized).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Validation(_) => t_string!(i18n, errors.validation).to_string(),
        AppError::InvalidCredentials => t_string!(i18n, errors.invalid_credentials).to_string(),
        AppError::InvalidLink => t_string!(i18n, errors.invalid_link).to_string(),
        AppError::ThemeClosed => t_string!(i18n, errors.theme_closed).to_string(),
        AppError::Conflict => t_string!(i18n, errors.conflict).to_string(),
        AppError::ThreadLocked => t_string!(i18n, errors.thread_locked).to_string(),
        AppError::DraftFrozen => t_string!(i18n, errors.draft_frozen).to_string(),
        AppError::SuggestionConflicts => t_string!(i18n, errors.suggestion_conflicts).to_string(),
        AppError::RateLimited => t_string!(i18n, errors.rate_limited).to_string(),
        AppError::Internal => t_string!(i18n, errors.internal).to_string(),
        AppError::Request => t_string!(i18n, errors.request).to_string(),
    }
}

/// The translated sentence for a refused field.
pub fn code_message(i18n: I18nContext<Locale>, code: ValidationCode) -> String {
    use ValidationCode as C;
    match code {
        C::UnsupportedLocale => t_string!(i18n, errors.unsupported_locale).to_string(),
        C::PasswordTooShort => t_string!(i18n, errors.password_too_short).to_string(),
        C::PasswordTooLong => t_string!(i18n, errors.password_too_long).to_string(),
        C::PasswordTooGuessable => t_string!(i18n, errors.password_too_guessable).to_string(),
        C::EmailRequired => t_string!(i18n, errors.email_required).to_string(),
        C::EmailInvalid => t_string!(i18n, errors.email_invalid).to_string(),
        C::DisplayNameRequired => t_string!(i18n, errors.display_name_required).to_string(),
        C::DisplayNameTooLong => t_string!(i18n, errors.display_name_too_long).to_string(),
        C::DisplayNameInvalid => t_string!(i18n, errors.display_name_invalid).to_string(),
        C::DisplayNameTaken => t_string!(i18n, errors.display_name_taken).to_string(),
        C::PasswordRequired => t_string!(i18n, errors.password_required).to_string(),
        C::PasswordWrong => t_string!(i18n, errors.password_wrong).to_string(),
        C::EmailUnchanged => t_string!(i18n, errors.email_unchanged).to_string(),
        C::ThemeNumberInvalid => t_string!(i18n, errors.theme_number_invalid).to_string(),
        C::ThemeNumberTaken => t_string!(i18n, errors.theme_number_taken).to_string(),
        C::AxeUnknown => t_string!(i18n, errors.axe_unknown).to_string(),
        C::TextRequired => t_string!(i18n, errors.text_required).to_string(),
        C::TextTooLong => t_string!(i18n, errors.text_too_long).to_string(),
        C::TextInvalid => t_string!(i18n, errors.text_invalid).to_string(),
        C::LastFacilitator => t_string!(i18n, errors.last_facilitator).to_string(),
        C::NothingPending => t_string!(i18n, errors.nothing_pending).to_string(),
        C::RevisionUnknown => t_string!(i18n, errors.revision_unknown).to_string(),
        C::PostTooLong => t_string!(i18n, errors.post_too_long).to_string(),
        C::PassageNotFound => t_string!(i18n, errors.passage_not_found).to_string(),
        C::StatusStepInvalid => t_string!(i18n, errors.status_step_invalid).to_string(),
    }
}
