//! The one access policy for a thème's work, and the one check of text fields.
//!
//! Every server function loads the caller's [`ThemeAccess`] first (`groups::server::access`: a
//! thème the caller may not read is a 404), then asks here what that access allows: reading
//! follows the thème's visibility; contributing (posting, writing drafts, commenting,
//! suggesting) needs an active membership or the moderator role and an open thème; facilitating
//! (deciding requests, moderating a discussion) needs a facilitator or a moderator.

use crate::{
    domain::draft::DraftStatus,
    error::{AppError, FieldError, ValidationCode},
    ssr::db::{drafts::DraftRow, groups::ThemeAccess},
};
use uuid::Uuid;

/// Whether the caller may contribute to the thème now (see [`contributor`]).
pub fn may_contribute(access: &ThemeAccess) -> bool {
    access.is_open() && (access.is_member() || access.is_moderator())
}

/// The caller's id when they may contribute: signed in (else [`AppError::Unauthorized`]), a
/// member or a moderator (else [`AppError::Forbidden`]), the thème open (else
/// [`AppError::ThemeClosed`]).
pub fn contributor(access: &ThemeAccess) -> Result<Uuid, AppError> {
    let id = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if !(access.is_member() || access.is_moderator()) {
        return Err(AppError::Forbidden);
    }
    if !access.is_open() {
        return Err(AppError::ThemeClosed);
    }
    Ok(id)
}

/// The caller's id when they facilitate the thème (a facilitator, or a site moderator).
pub fn facilitator(access: &ThemeAccess) -> Result<Uuid, AppError> {
    let id = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if access.can_facilitate() {
        Ok(id)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the caller may edit this draft now: [`may_contribute`], and the draft not frozen.
pub fn may_edit(access: &ThemeAccess, draft: &DraftRow) -> bool {
    may_contribute(access) && !DraftStatus::from_db(&draft.status).is_frozen()
}

/// The caller's id when they may edit this draft: [`contributor`], and the draft not frozen
/// (else [`AppError::DraftFrozen`]).
pub fn editor_of(access: &ThemeAccess, draft: &DraftRow) -> Result<Uuid, AppError> {
    let author = contributor(access)?;
    if DraftStatus::from_db(&draft.status).is_frozen() {
        return Err(AppError::DraftFrozen);
    }
    Ok(author)
}

/// Checks a text field: present when `required`, at most `max` characters (counted as given:
/// pass the trimmed value when the trimmed one is stored).
pub fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) {
    check_text_as(
        errors,
        field,
        value,
        required,
        max,
        ValidationCode::TextTooLong,
    );
}

/// [`check_text`], with its own code for a text over the limit.
pub fn check_text_as(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
    too_long: ValidationCode,
) {
    if required && value.trim().is_empty() {
        AppError::push_field(errors, field, ValidationCode::TextRequired);
    } else if value.chars().count() > max {
        AppError::push_field(errors, field, too_long);
    }
}

/// Line endings as the browser may send them (`\r\n`) become `\n`, so that a save from a form
/// and one from a script compare equal.
pub fn normalise(body: &str) -> String {
    body.replace("\r\n", "\n")
}
