//! The one access policy for a thème's work, and the one check of text fields.
//!
//! Every server function loads the caller's [`ThemeAccess`] first ([`access`]: a
//! thème the caller may not read is a 404), then asks here what that access allows: reading
//! follows the thème's visibility; contributing (posting, writing drafts, commenting,
//! suggesting) needs an active membership or the moderator role and an open thème; facilitating
//! (deciding requests, moderating a discussion) needs a facilitator or a moderator.

use crate::domain::ThemeNumber;
use crate::{
    error::{AppError, FieldError, ValidationCode},
    ssr::{
        auth::maybe_user,
        db::{
            drafts::{self, DraftRow, SaveError},
            groups::ThemeAccess,
        },
        state::AppState,
    },
};
use uuid::Uuid;

/// The thème `number` as the caller sees it; [`AppError::NotFound`] when it does not exist or
/// the caller may not read it.
pub async fn access(number: &str) -> Result<ThemeAccess, AppError> {
    let number: ThemeNumber = number.trim().parse().map_err(|_| AppError::NotFound)?;
    let state = AppState::from_context()?;
    let memo = crate::ssr::memo::of(&crate::ssr::auth::request_parts()?);
    let known = memo.as_ref().and_then(|memo| memo.access(number));
    let access = match known {
        Some(access) => access,
        None => {
            let viewer = maybe_user().await?;
            let access = ThemeAccess::load(&state.pool, number, viewer).await?;
            if let Some(memo) = &memo {
                memo.keep_access(number, access.clone());
            }
            access
        }
    };
    let access = access.ok_or(AppError::NotFound)?;
    if access.can_read() {
        Ok(access)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether the caller may contribute to the thème now (see [`contributor`]).
pub fn may_contribute(access: &ThemeAccess) -> bool {
    access.is_open() && belongs(access)
}

/// An active member of the thème, or a site moderator: who may write in it (a former member, a
/// follower or a reader may not, whatever they wrote before).
pub fn belongs(access: &ThemeAccess) -> bool {
    access.is_member() || access.is_moderator()
}

/// The caller's id when they may contribute: signed in (else [`AppError::Unauthorized`]), a
/// member or a moderator (else [`AppError::Forbidden`]), the thème open (else
/// [`AppError::ThemeClosed`]).
pub fn contributor(access: &ThemeAccess) -> Result<Uuid, AppError> {
    let id = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if !belongs(access) {
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
    may_contribute(access) && !draft.status.is_frozen()
}

/// The caller's id when they may edit this draft: [`contributor`], and the draft not frozen
/// (else [`AppError::DraftFrozen`]).
pub fn editor_of(access: &ThemeAccess, draft: &DraftRow) -> Result<Uuid, AppError> {
    let author = contributor(access)?;
    if draft.status.is_frozen() {
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
    } else if value.contains('\0') {
        AppError::push_field(errors, field, ValidationCode::TextInvalid);
    } else if value.chars().count() > max {
        AppError::push_field(errors, field, too_long);
    }
}

/// Line endings as the browser may send them (`\r\n`) become `\n`, so that a save from a form
/// and one from a script compare equal.
pub fn normalise(body: &str) -> String {
    body.replace("\r\n", "\n")
}

/// A draft or revision number from the URL; anything but a positive number is a 404.
pub fn parse_number(value: &str) -> Result<i32, AppError> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or(AppError::NotFound)
}

/// The thème (readable by the caller) and its draft `draft`.
pub async fn load(
    number: &str,
    draft: &str,
) -> Result<(AppState, ThemeAccess, DraftRow), AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let draft = drafts::find(&state.pool, access.theme_id, parse_number(draft)?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((state, access, draft))
}

/// What a refused save means to the caller.
pub fn save_error(error: SaveError) -> AppError {
    match error {
        SaveError::NoDraft => AppError::NotFound,
        SaveError::UnknownBase => AppError::invalid("base", ValidationCode::RevisionUnknown),
        SaveError::Closed => AppError::ThemeClosed,
        SaveError::Busy => AppError::RateLimited,
        SaveError::Failed => AppError::Internal,
        SaveError::Frozen => AppError::DraftFrozen,
        SaveError::Database(error) => error.into(),
    }
}

/// A number a form sent (a thème's, a draft's, a thread's, a comment's), parsed, for the page an
/// action goes to when it succeeds: pages are named by numbers, never by what was typed. `None`
/// when the field is not a number; the action is then refused anyway, and goes back to its form.
pub fn form_number<T: std::str::FromStr>(value: &str) -> Option<T> {
    value.trim().parse().ok()
}

/// The page of the draft a form names (its thème's and its own number), as [`form_number`].
pub fn form_draft(number: &str, draft: &str) -> Option<String> {
    Some(crate::domain::urls::draft(
        form_number::<ThemeNumber>(number)?,
        form_number::<i32>(draft)?,
    ))
}

/// Counts one `action` against `key`'s limit (a person, a thème or an address): the one place the
/// per-person rate limits are applied, after the caller was authorised and before any work.
pub fn quota(action: crate::ssr::quota::Action, key: Uuid) -> Result<(), AppError> {
    AppState::from_context()?.quotas.take(action, key)
}
