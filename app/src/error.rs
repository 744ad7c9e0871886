//! One error type for every server function and handler.
//!
//! It is serialisable so that the browser receives the variant (and can show a translated message)
//! but never the cause: internal causes are logged on the server where they happen and the browser
//! only learns that something internal failed.

use serde::{Deserialize, Serialize};

/// What went wrong, as far as the person using Atelier needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The caller must sign in first.
    #[error("unauthorized")]
    Unauthorized,
    /// The caller is signed in but may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such thing, or the caller may not know it exists.
    #[error("not found")]
    NotFound,
    /// The input does not parse; each entry names a field and what is wrong with it.
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// Sign-in refused: unknown e-mail, wrong password or too many failures, deliberately alike.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// An e-mailed link that is unknown, already used or expired.
    #[error("invalid link")]
    InvalidLink,
    /// The thème is closed or archived: it is read-only.
    #[error("read-only thème")]
    ThemeClosed,
    /// The thread is locked: no more replies or edits.
    #[error("locked thread")]
    ThreadLocked,
    /// The draft is adopted or withdrawn: it is read-only.
    #[error("frozen draft")]
    DraftFrozen,
    /// A suggestion's passage was changed since it was made: it cannot be applied as it is.
    #[error("suggestion conflicts")]
    SuggestionConflicts,
    /// The data changed since the caller read it.
    #[error("conflict")]
    Conflict,
    /// Too many requests; try again later.
    #[error("rate limited")]
    RateLimited,
    /// Something failed on the server; the cause is in the server's log, not here.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("request failed")]
    Request,
}

/// One invalid field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name`.
    pub field: String,
    /// What is wrong, as a code the UI translates.
    pub code: ValidationCode,
}

/// Why a field was refused. Each code has a message in every locale file (`errors.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValidationCode {
    /// The requested interface language is not one Atelier offers.
    UnsupportedLocale,
    /// A new password has fewer than 8 characters.
    PasswordTooShort,
    /// A new password is longer than Atelier accepts.
    PasswordTooLong,
    /// A new password is common, or guessable from the person's e-mail or name.
    PasswordTooGuessable,
    /// No e-mail was given.
    EmailRequired,
    /// The e-mail is not a valid address.
    EmailInvalid,
    /// No display name was given.
    DisplayNameRequired,
    /// The display name is longer than 80 characters.
    DisplayNameTooLong,
    /// The display name contains control characters.
    DisplayNameInvalid,
    /// Another person's name is the same but for case, spaces or punctuation.
    DisplayNameTaken,
    /// No password was given.
    PasswordRequired,
    /// The current password, asked again to confirm a change, is wrong.
    PasswordWrong,
    /// The new e-mail is the one the account already has.
    EmailUnchanged,
    /// A thème number must be a whole number from 1 to 9 999.
    ThemeNumberInvalid,
    /// Another thème has this number.
    ThemeNumberTaken,
    /// No axe with this number.
    AxeUnknown,
    /// A required text is empty.
    TextRequired,
    /// A text is longer than allowed.
    TextTooLong,
    /// The text holds a character that cannot be stored (a NUL byte).
    TextInvalid,
    /// The thème would be left with members and no facilitator.
    LastFacilitator,
    /// The request was already decided (or withdrawn): nothing to decide.
    NothingPending,
    /// The revision an edit was based on is not one of the draft's.
    RevisionUnknown,
    /// A post is longer than 20,000 characters.
    PostTooLong,
    /// The quoted passage is not in the draft's text.
    PassageNotFound,
    /// The draft cannot move to that status from where it stands.
    StatusStepInvalid,
}

impl AppError {
    /// A validation error on a single field.
    pub fn invalid(field: &str, code: ValidationCode) -> Self {
        Self::Validation(vec![FieldError {
            field: field.to_owned(),
            code,
        }])
    }

    /// The HTTP status this error answers with when it ends a request.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Validation(_) => 422,
            Self::InvalidCredentials => 401,
            Self::InvalidLink => 410,
            Self::ThemeClosed => 409,
            Self::Conflict => 409,
            Self::ThreadLocked => 409,
            Self::DraftFrozen => 409,
            Self::SuggestionConflicts => 409,
            Self::RateLimited => 429,
            Self::Internal => 500,
            Self::Request => 502,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The request could not be decoded: a malformed form or argument is the caller's fault.
            E::Args(_) | E::Deserialization(_) => Self::Validation(Vec::new()),
            E::Request(_) | E::Response(_) => Self::Request,
            E::UnsupportedRequestMethod(_) => Self::NotFound,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                Self::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => Self::NotFound,
            // PostgreSQL refuses a NUL byte in text (SQLSTATE 22021, 22P05): bad input, not a
            // failure. Fields the checks know refuse it before; this is the net for the others.
            sqlx::Error::Database(error)
                if matches!(error.code().as_deref(), Some("22021" | "22P05")) =>
            {
                tracing::warn!(error = %error, "text the database cannot store");
                Self::Validation(Vec::new())
            }
            other => {
                tracing::error!(error = %other, "database error");
                Self::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}

impl AppError {
    /// Adds `code` on `field` to a validation error being gathered.
    pub fn push_field(errors: &mut Vec<FieldError>, field: &str, code: ValidationCode) {
        errors.push(FieldError {
            field: field.to_owned(),
            code,
        });
    }

    /// The codes of the errors on `field`, when this is a validation error.
    pub fn field_codes(&self, field: &str) -> Vec<ValidationCode> {
        match self {
            Self::Validation(errors) => errors
                .iter()
                .filter(|error| error.field == field)
                .map(|error| error.code)
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_error_survives_the_json_round_trip_to_the_browser() {
        let error = AppError::invalid("locale", ValidationCode::UnsupportedLocale);
        let json = serde_json_roundtrip(&error);
        assert_eq!(json, error);
    }

    #[test]
    fn internal_errors_carry_no_cause_when_serialised() {
        let text = serde_json::to_string(&AppError::Internal).unwrap_or_default();
        assert_eq!(text, "\"Internal\"");
    }

    fn serde_json_roundtrip(error: &AppError) -> AppError {
        let text = serde_json::to_string(error).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(AppError::Request)
    }
}
