//! The server side of reviewing drafts: input checks, rights, and the review part of a draft page.

use super::{
    CommentView, EarlierWording, PassageState, ReplyView, ReviewView, StatusChange,
    SuggestionState, SuggestionView,
};
use crate::{
    api::policy::{check_text as check, contributor, load, normalise, save_error},
    domain::draft::DraftStatus,
    error::{AppError, FieldError, ValidationCode},
    ssr::{
        db::{
            drafts::DraftRow,
            groups::ThemeAccess,
            review::{self, CommentRow, NewComment, NewSuggestion, ReviewError},
        },
        state::AppState,
    },
};
use std::ops::Range;

use super::{DraftSince, SinceDraftEntry, SinceThreadEntry, SinceView};
use crate::ssr::{
    db::{drafts, visits},
    text::{self, Merge},
};
use uuid::Uuid;

mod since;
pub use since::*;

const QUOTE_MAX: usize = 2_000;
const COMMENT_MAX: usize = 10_000;
const NOTE_MAX: usize = 500;
const REASON_MAX: usize = 1_000;

fn done(errors: Vec<FieldError>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// `quote_field`: the form field that holds the passage, for a passage that is not found.
fn review_error(error: ReviewError, quote_field: &str) -> AppError {
    match error {
        ReviewError::Save(error) => save_error(error),
        ReviewError::PassageNotFound => {
            AppError::invalid(quote_field, ValidationCode::PassageNotFound)
        }
        ReviewError::NotFound => AppError::NotFound,
        ReviewError::Conflicts => AppError::SuggestionConflicts,
        ReviewError::Stale => AppError::Conflict,
    }
}

fn may_decide(access: &ThemeAccess, members_decide: bool) -> bool {
    access.can_facilitate() || (members_decide && access.is_member())
}

fn parse_id(value: &str) -> Result<i64, AppError> {
    value.trim().parse().map_err(|_| AppError::NotFound)
}

pub async fn set_suggestion_rights(number: &str, members: bool) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let access = crate::api::policy::access(number).await?;
    let actor = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if !access.can_facilitate() {
        return Err(AppError::Forbidden);
    }
    if !access.is_open() {
        return Err(AppError::ThemeClosed);
    }
    review::set_members_decide(&state.pool, access.theme_id, actor, members).await?;
    tracing::info!(theme = access.number.get(), members, %actor, "suggestion rights set");
    Ok(())
}

pub async fn set_status(
    number: &str,
    draft: &str,
    status: &str,
    note: &str,
) -> Result<(), AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let actor = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if !access.can_facilitate() {
        return Err(AppError::Forbidden);
    }
    let mut errors = Vec::new();
    check(&mut errors, "note", note, false, NOTE_MAX);
    let to = status.trim().parse::<DraftStatus>().ok();
    if to.is_none() {
        AppError::push_field(&mut errors, "status", ValidationCode::StatusStepInvalid);
    }
    done(errors)?;
    let to = to.ok_or_else(|| AppError::invalid("status", ValidationCode::StatusStepInvalid))?;
    review::set_status(&state.pool, access.theme_id, draft.id, actor, to, note)
        .await
        .map_err(|error| match error {
            review::StatusError::NoDraft => AppError::NotFound,
            review::StatusError::Closed => AppError::ThemeClosed,
            review::StatusError::NotAStep => {
                AppError::invalid("status", ValidationCode::StatusStepInvalid)
            }
            review::StatusError::Database(error) => error.into(),
        })?;
    tracing::info!(theme = access.number.get(), draft = draft.number, to = to.as_str(), %actor, "draft status moved");
    Ok(())
}

pub async fn comment(number: &str, draft: &str, quote: &str, body: &str) -> Result<i64, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let author = contributor(&access)?;
    let mut errors = Vec::new();
    check(&mut errors, "quote", quote, true, QUOTE_MAX);
    check(&mut errors, "body", body, true, COMMENT_MAX);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Post, author)?;
    let body = normalise(body);
    let html = state.cpu.markdown(body.trim()).await?;
    crate::ssr::drafting::add_comment(
        &state.pool,
        NewComment {
            theme_id: access.theme_id,
            draft_id: draft.id,
            author,
            quote: quote.trim(),
            source: body.trim(),
            html: &html,
        },
    )
    .await
    .map_err(|e| review_error(e, "quote"))
}

pub async fn reply(number: &str, draft: &str, comment: &str, body: &str) -> Result<i64, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let author = contributor(&access)?;
    let parent = parse_id(comment)?;
    let mut errors = Vec::new();
    check(&mut errors, "reply", body, true, COMMENT_MAX);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Post, author)?;
    let body = normalise(body);
    let html = state.cpu.markdown(body.trim()).await?;
    review::reply(
        &state.pool,
        access.theme_id,
        draft.id,
        parent,
        author,
        body.trim(),
        &html,
    )
    .await
    .map_err(|e| review_error(e, "reply"))
}

pub async fn resolve(
    number: &str,
    draft: &str,
    comment: &str,
    resolved: bool,
) -> Result<(), AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let actor = access.viewer_id().ok_or(AppError::Unauthorized)?;
    let id = parse_id(comment)?;
    let comment = review::comment_meta(&state.pool, draft.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !comment.first {
        return Err(AppError::NotFound);
    }
    // Facilitators, and the comment's author while they still belong to the group.
    let author = comment.author_id == Some(actor) && crate::api::policy::belongs(&access);
    if !(access.can_facilitate() || author) {
        return Err(AppError::Forbidden);
    }
    if !access.is_open() {
        return Err(AppError::ThemeClosed);
    }
    review::resolve(&state.pool, access.theme_id, draft.id, id, actor, resolved)
        .await
        .map_err(|e| review_error(e, "comment"))
}

/// Edits a comment; `Some(base)` when it was made on wording `base` and someone changed the same
/// words since: nothing was written.
pub async fn edit_comment(
    number: &str,
    draft: &str,
    comment: &str,
    version: &str,
    body: &str,
) -> Result<Option<i32>, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let author = access.viewer_id().ok_or(AppError::Unauthorized)?;
    let id = parse_id(comment)?;
    own_comment(&state, &access, draft.id, id, author).await?;
    let base: i32 = version.trim().parse().map_err(|_| AppError::Conflict)?;
    let mut errors = Vec::new();
    check(&mut errors, "edited", body, true, COMMENT_MAX);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Post, author)?;
    let body = normalise(body);
    let body = body.trim();
    let html = state.cpu.markdown(body).await?;
    let edited = review::edit_comment(&state.pool, draft.id, id, author, base, body, &html).await;
    match edited {
        Ok(()) => {}
        // Made on an older wording (another tab): merged with the wording saved since; where
        // both changed the same words nothing is written and the caller is told so, to give the
        // text back beside the current wording.
        Err(ReviewError::Stale) => {
            let current = review::comments(&state.pool, draft.id)
                .await?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or(AppError::NotFound)?;
            let made_on = current
                .versions
                .iter()
                .find(|v| v.version == base)
                .cloned()
                .ok_or(AppError::Conflict)?;
            let (made_on, current_source, mine) =
                (made_on.source, current.source.clone(), body.to_owned());
            let merge = state
                .cpu
                .run(move || text::merge(&made_on, &current_source, &mine))
                .await?;
            let Merge::Clean(merged) = merge else {
                return Ok(Some(base));
            };
            let html = state.cpu.markdown(&merged).await?;
            review::edit_comment(
                &state.pool,
                draft.id,
                id,
                author,
                current.version,
                &merged,
                &html,
            )
            .await
            .map_err(|e| review_error(e, "edited"))?;
        }
        Err(error) => return Err(review_error(error, "edited")),
    }
    tracing::info!(
        theme = access.number.get(),
        draft = draft.number,
        comment = id,
        "comment edited"
    );
    Ok(None)
}

/// Comment `id` of the draft is `author`'s (else [`AppError::NotFound`], as if there were no such
/// comment), and they may still write in the thème: a former member keeps their words, not the
/// pen ([`contributor`]: 403, or the thème closed).
async fn own_comment(
    state: &AppState,
    access: &ThemeAccess,
    draft_id: Uuid,
    id: i64,
    author: Uuid,
) -> Result<(), AppError> {
    let comment = review::comment_meta(&state.pool, draft_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if comment.author_id != Some(author) {
        return Err(AppError::NotFound);
    }
    contributor(access)?;
    Ok(())
}

pub async fn delete_comment(number: &str, draft: &str, comment: &str) -> Result<(), AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let author = access.viewer_id().ok_or(AppError::Unauthorized)?;
    let id = parse_id(comment)?;
    own_comment(&state, &access, draft.id, id, author).await?;
    review::delete_comment(&state.pool, draft.id, id, author)
        .await
        .map_err(|e| review_error(e, "comment"))?;
    tracing::info!(
        theme = access.number.get(),
        draft = draft.number,
        comment = id,
        "comment deleted"
    );
    Ok(())
}

pub async fn report_comment(
    number: &str,
    draft: &str,
    comment: &str,
    reason: &str,
) -> Result<(), AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let reporter = access.viewer_id().ok_or(AppError::Unauthorized)?;
    let id = parse_id(comment)?;
    let comment = review::comment_meta(&state.pool, draft.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if comment.deleted || (comment.hidden && !access.can_facilitate()) {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    check(&mut errors, "reason", reason, true, REASON_MAX);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Report, reporter)?;
    review::report_comment(&state.pool, id, reporter, reason.trim()).await?;
    Ok(())
}

pub async fn hide_comment(
    number: &str,
    draft: &str,
    comment: &str,
    action: &str,
    reason: &str,
) -> Result<(), AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let actor = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if !access.can_facilitate() {
        return Err(AppError::Forbidden);
    }
    let id = parse_id(comment)?;
    let hide = match action.trim() {
        "hide" => true,
        "unhide" => false,
        _ => return Err(AppError::Validation(Vec::new())),
    };
    let mut errors = Vec::new();
    check(&mut errors, "reason", reason, hide, REASON_MAX);
    done(errors)?;
    let comment = review::comment_meta(&state.pool, draft.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if comment.deleted {
        return Err(AppError::NotFound);
    }
    review::set_comment_hidden(&state.pool, access.theme_id, id, actor, hide, reason)
        .await
        .map_err(|e| review_error(e, "comment"))?;
    Ok(())
}

pub async fn suggest(
    number: &str,
    draft: &str,
    quote: &str,
    replacement: &str,
    note: &str,
) -> Result<i64, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    // Any signed-in reader of the thème may suggest: that is what suggestions are for.
    let author = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if !access.is_open() {
        return Err(AppError::ThemeClosed);
    }
    let mut errors = Vec::new();
    check(&mut errors, "quote", quote, true, QUOTE_MAX);
    check(&mut errors, "replacement", replacement, false, COMMENT_MAX);
    check(&mut errors, "note", note, false, NOTE_MAX);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Post, author)?;
    let replacement = normalise(replacement);
    let id = crate::ssr::drafting::suggest(
        &state.pool,
        NewSuggestion {
            theme_id: access.theme_id,
            draft_id: draft.id,
            author,
            quote: quote.trim(),
            replacement: replacement.trim(),
            note: note.trim(),
        },
    )
    .await
    .map_err(|e| review_error(e, "quote"))?;
    tracing::info!(theme = access.number.get(), draft = draft.number, id, %author, "suggestion made");
    Ok(id)
}

/// What a decision on a suggestion did.
pub enum Decision {
    /// Accepted as revision N.
    Applied(i32),
    /// Accepted, merged with changes made since, as revision N.
    Merged(i32),
    /// Accepted; the text already read so.
    AlreadyThere,
    /// Declined.
    Declined,
}

pub async fn decide(
    number: &str,
    draft: &str,
    suggestion: &str,
    decision: &str,
    reason: &str,
) -> Result<Decision, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let actor = access.viewer_id().ok_or(AppError::Unauthorized)?;
    if !may_decide(&access, access.members_accept_suggestions) {
        return Err(AppError::Forbidden);
    }
    if !access.is_open() {
        return Err(AppError::ThemeClosed);
    }
    let id = parse_id(suggestion)?;
    let outcome = match decision.trim() {
        "accept" => {
            crate::api::policy::quota(crate::ssr::quota::Action::Save, actor)?;
            match crate::ssr::drafting::accept(
                &state.pool,
                &state.cpu,
                access.theme_id,
                draft.id,
                id,
                actor,
            )
            .await
            .map_err(|e| review_error(e, "suggestion"))?
            {
                review::Accepted::Applied { revision } => Decision::Applied(revision),
                review::Accepted::Merged { revision } => Decision::Merged(revision),
                review::Accepted::AlreadyThere => Decision::AlreadyThere,
            }
        }
        "decline" => {
            let mut errors = Vec::new();
            check(&mut errors, "reason", reason, true, NOTE_MAX);
            done(errors)?;
            review::decline(
                &state.pool,
                access.theme_id,
                draft.id,
                id,
                actor,
                reason.trim(),
            )
            .await
            .map_err(|e| review_error(e, "suggestion"))?;
            Decision::Declined
        }
        _ => return Err(AppError::NotFound),
    };
    tracing::info!(theme = access.number.get(), draft = draft.number, id, decision, %actor, "suggestion decided");
    Ok(outcome)
}

/// Comment `row`'s earlier wordings, each with what the next edit changed (the last one against
/// the wording shown now).
fn earlier_wordings(row: &CommentRow) -> Vec<EarlierWording> {
    let mine: Vec<&review::CommentVersion> = row.versions.iter().collect();
    mine.iter()
        .enumerate()
        .map(|(index, version)| {
            let next = mine
                .get(index + 1)
                .map_or(row.source.as_str(), |next| next.source.as_str());
            EarlierWording {
                at: version.at,
                changes: crate::ssr::text::blocks(&version.source, next),
            }
        })
        .collect()
}

/// A comment as the caller may see it: deleted ones lose their author and text, hidden ones
/// their text except for facilitators and moderators; only its author gets its Markdown.
fn reply_view(row: &CommentRow, access: &ThemeAccess) -> ReplyView {
    let viewer = access.viewer_id();
    let moderates = access.can_facilitate();
    let shown = !row.deleted && (row.hidden.is_none() || moderates);
    let own = viewer.is_some() && row.author_id == viewer && !row.deleted;
    ReplyView {
        id: row.id,
        author_id: (!row.deleted).then_some(row.author_id).flatten(),
        author: (!row.deleted).then(|| row.author.clone()).flatten(),
        html: if shown {
            row.html.clone()
        } else {
            String::new()
        },
        at: row.at,
        version: row.version,
        source: own.then(|| row.source.clone()),
        edited: row.edited_at.is_some() && !row.deleted,
        earlier: if shown {
            earlier_wordings(row)
        } else {
            Vec::new()
        },
        deleted: row.deleted,
        hidden: if moderates {
            row.hidden.clone()
        } else {
            row.hidden.as_ref().map(|_| String::new())
        },
        can_report: viewer.is_some() && !own && !row.deleted && row.hidden.is_none(),
    }
}

/// The review part of a draft page for the caller, and the passages to mark in the head's text
/// (comment id, byte range) when `head` is the text shown.
///
/// Kept in one piece: one pass over a draft's comments builds the threads, their replies and the
/// passages to mark in the text together; split, the pass would run twice.
pub(crate) async fn review_view(
    state: &AppState,
    access: &ThemeAccess,
    draft: &DraftRow,
    head: &str,
) -> Result<(ReviewView, Vec<(i64, Range<usize>)>), AppError> {
    let status = draft.status;
    let active = access.is_open() && !status.is_frozen();
    let viewer = access.viewer_id();
    let rows = review::comments(&state.pool, draft.id).await?;
    let mut threads: Vec<(usize, CommentView)> = Vec::new();
    let mut passages = Vec::new();
    for row in &rows {
        match row.parent_id {
            None => {
                let state = row.state;
                let here = row.anchor_revision == draft.head && state != PassageState::Removed;
                let current = (here && state == PassageState::Edited)
                    .then(|| head.get(row.anchor.clone()).map(str::to_owned))
                    .flatten();
                if here && row.resolved.is_none() {
                    passages.push((row.id, row.anchor.clone()));
                }
                let position = if here { row.anchor.start } else { usize::MAX };
                threads.push((
                    position,
                    CommentView {
                        first: reply_view(row, access),
                        replies: Vec::new(),
                        quote: row.quote.clone(),
                        current,
                        state,
                        resolved: row.resolved.clone(),
                        can_resolve: active
                            && viewer.is_some()
                            && (access.can_facilitate() || row.author_id == viewer),
                    },
                ));
            }
            Some(parent) => {
                if let Some((_, thread)) = threads.iter_mut().find(|(_, t)| t.first.id == parent) {
                    thread.replies.push(reply_view(row, access));
                }
            }
        }
    }
    // A thread whose every comment was deleted by its author is gone, with its mark.
    threads.retain(|(_, thread)| {
        !(thread.first.deleted && thread.replies.iter().all(|reply| reply.deleted))
    });
    passages.retain(|(id, _)| threads.iter().any(|(_, thread)| thread.first.id == *id));
    threads.sort_by_key(|(position, thread)| (*position, thread.first.id));
    let mut suggestions: Vec<SuggestionView> = review::suggestions(&state.pool, draft.id)
        .await?
        .into_iter()
        .map(|row| SuggestionView {
            id: row.id,
            author_id: row.author_id,
            author: row.author,
            at: row.at,
            base: row.base,
            quote: row.quote,
            replacement: row.replacement,
            note: row.note,
            state: row.state,
            decided_by: row.decided.as_ref().and_then(|(by, _, _)| by.clone()),
            reason: row.decided.and_then(|(_, _, reason)| reason),
            revision: row.revision,
        })
        .collect();
    suggestions.sort_by_key(|s| s.state != SuggestionState::Open);
    let next_statuses = if access.can_facilitate() && access.is_open() {
        DraftStatus::ALL
            .into_iter()
            .filter(|to| draft.status.may_move_to(*to))
            .collect()
    } else {
        Vec::new()
    };
    let status_change = draft
        .status_change
        .clone()
        .map(|(note, by, at)| StatusChange { note, by, at });
    Ok((
        ReviewView {
            comments: threads.into_iter().map(|(_, thread)| thread).collect(),
            suggestions,
            can_comment: crate::api::policy::may_edit(access, draft),
            can_suggest: active && viewer.is_some(),
            can_decide: active && may_decide(access, access.members_accept_suggestions),
            next_statuses,
            status_change,
            signed_in: viewer.is_some(),
            can_moderate: access.can_facilitate(),
            can_edit: active && viewer.is_some(),
        },
        passages,
    ))
}
