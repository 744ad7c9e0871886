//! The server side of shared drafts: input parsing, authorization, and the views.

use super::{
    AttributedRun, AttributionView, ConflictView, ContributionEntry, ContributionsView, DiffView,
    DraftSummary, DraftView, DraftsView, EditorView, HistoryView, RevisionInfo, StashView,
    ThemeRef,
};
use crate::{
    api::policy::{
        access, check_text, contributor, editor_of, load, may_contribute, may_edit, normalise,
        parse_number, save_error,
    },
    domain::Role,
    error::{AppError, ValidationCode},
    ssr::{
        auth::{current_user, maybe_user, request_parts},
        db::{
            discussions,
            drafts::{self, DraftRow, RevisionRow, SaveError},
            groups::ThemeAccess,
            users,
        },
        drafting::{self, Edit, Saved},
        forms::is_plain_form_post,
        markdown::to_safe_html,
        state::AppState,
        text::{self, Merge},
    },
};
use std::collections::HashMap;
use uuid::Uuid;

mod saving;
pub use saving::*;

const TITLE_MAX: usize = 200;
const SUMMARY_MAX: usize = 300;
/// About 200 printed pages: far beyond a proposal, well within the request size limit.
const BODY_MAX: usize = 400_000;

/// What a save led to, for the redirect.
pub enum Outcome {
    /// A new revision on the same head.
    Saved(i32),
    /// Merged with revisions saved meanwhile.
    Merged {
        /// Where the editor started.
        base: i32,
        /// The new revision.
        revision: i32,
    },
    /// Nothing to save.
    Unchanged,
    /// Kept for the editor: conflicts, or a preview.
    Stashed {
        /// The stash.
        stash: Uuid,
        /// Asked for a preview.
        preview: bool,
    },
}

pub(crate) fn theme_ref(access: &ThemeAccess) -> ThemeRef {
    ThemeRef {
        number: access.number.get(),
        title: access.title.clone(),
        open: access.is_open(),
    }
}

fn info(row: RevisionRow) -> RevisionInfo {
    RevisionInfo {
        number: row.number,
        kind: row.kind,
        base: row.base.filter(|base| Some(*base) != row.parent),
        restored_from: row.restored_from,
        author_id: row.author_id,
        author: row.author,
        summary: row.summary,
        words_added: row.words_added,
        words_removed: row.words_removed,
        at: row.at,
        thread: row.thread_number.zip(row.thread_title),
        accepted_by: row.accepted_by,
    }
}

/// The thème's visible discussions, latest first, for the editor's "linked discussion".
async fn thread_choices(state: &AppState, theme_id: Uuid) -> Result<Vec<(i32, String)>, AppError> {
    Ok(discussions::thread_choices(&state.pool, theme_id, 50).await?)
}

pub async fn list(number: &str) -> Result<DraftsView, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let rows = drafts::list(&state.pool, access.theme_id).await?;
    Ok(DraftsView {
        theme: theme_ref(&access),
        drafts: rows
            .into_iter()
            .map(|row| DraftSummary {
                number: row.draft.number,
                title: row.draft.title,
                status: row.draft.status,
                revisions: row.draft.head,
                contributors: row.contributors,
                last_author: row.last_author,
                updated_at: row.draft.updated_at,
            })
            .collect(),
        can_write: may_contribute(&access),
        signed_in: access.viewer.is_some(),
        members_accept_suggestions: if access.can_facilitate() && access.is_open() {
            Some(access.members_accept_suggestions)
        } else {
            None
        },
    })
}

pub async fn create(number: &str, title: &str, body: &str, summary: &str) -> Result<i32, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let author = contributor(&access)?;
    let mut errors = Vec::new();
    check_text(&mut errors, "title", title, true, TITLE_MAX);
    check_text(&mut errors, "body", body, true, BODY_MAX);
    check_text(&mut errors, "summary", summary, false, SUMMARY_MAX);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    crate::api::policy::quota(crate::ssr::quota::Action::Save, author)?;
    let body = normalise(body);
    let created = drafting::create(
        &state.pool,
        access.theme_id,
        author,
        title.trim(),
        &body,
        summary.trim(),
    )
    .await;
    match created {
        Ok(number) => {
            tracing::info!(theme = access.number.get(), draft = number, %author, "draft created");
            Ok(number)
        }
        Err(error) => Err(save_error(error)),
    }
}

pub async fn draft(
    number: &str,
    draft: &str,
    revision: Option<&str>,
) -> Result<DraftView, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let shown = match revision {
        Some(value) => parse_number(value)?,
        None => draft.head,
    };
    // Who wrote how much of it is kept per revision: then its attribution need not be read.
    let known = state.shares.get(draft.id, shown);
    let (row, text) = drafts::revision_with_text(&state.pool, draft.id, shown, known.is_none())
        .await?
        .ok_or(AppError::NotFound)?;
    let shares = match known {
        Some(shares) => shares,
        None => {
            let counted = text.clone();
            let shares =
                std::sync::Arc::new(state.cpu.run(move || drafting::shares(&counted)).await?);
            state.shares.keep(draft.id, shown, shares.clone());
            shares
        }
    };
    let (contributors, _) = drafting::contributors_from(&state.pool, draft.id, &shares).await?;
    let head_text = if shown == draft.head {
        text.body.clone()
    } else {
        drafts::text_of(&state.pool, draft.id, draft.head)
            .await?
            .map(|t| t.body)
            .unwrap_or_default()
    };
    let (review, passages) =
        crate::api::review::server::review_view(&state, &access, &draft, &head_text).await?;
    let since = if shown == draft.head {
        crate::api::review::server::visit_draft(&state, &access, &draft).await?
    } else {
        None
    };
    // Commented passages are marked in the current text only.
    let current = shown == draft.head;
    let passages = if current { passages } else { Vec::new() };
    let html = match state.rendered.get(draft.id, shown, &passages) {
        Some(kept) => kept.html.clone(),
        None => {
            let body = text.body.clone();
            let rendered = state
                .cpu
                .run(move || {
                    let html = if passages.is_empty() {
                        to_safe_html(&body)
                    } else {
                        crate::ssr::anchor::highlight(&body, &passages, to_safe_html)
                    };
                    crate::ssr::rendered::RenderedText { passages, html }
                })
                .await?;
            let html = rendered.html.clone();
            state
                .rendered
                .keep(draft.id, shown, std::sync::Arc::new(rendered));
            html
        }
    };
    Ok(DraftView {
        theme: theme_ref(&access),
        number: draft.number,
        status: draft.status,
        head: draft.head,
        revision: info(row),
        html,
        contributors,
        created_at: draft.created_at,
        can_write: may_edit(&access, &draft),
        title: draft.title,
        review,
        since,
    })
}

/// Kept in one piece: the editor's starting point has four cases (a kept edit, a conflict to
/// resolve, a suggestion's text, the head), each checked against who may write; they are one
/// decision.
pub async fn editor(
    number: &str,
    draft: &str,
    stash: Option<&str>,
) -> Result<EditorView, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let user = access.viewer_id().ok_or(AppError::Unauthorized)?;
    let stashed = match stash.and_then(|id| Uuid::parse_str(id.trim()).ok()) {
        Some(id) => drafts::find_stash(&state.pool, id, draft.id, user)
            .await?
            .map(|row| (id, row)),
        None => None,
    };
    // Who may save from here. An edit given back (a stash) is shown to its author even when the
    // save was refused because the draft froze, the thème closed or the author left the group:
    // nothing they typed is lost, and the page says why it cannot be saved.
    let refusal = editor_of(&access, &draft).err();
    if let (Some(error), None) = (&refusal, &stashed) {
        return Err(error.clone());
    }
    let writable = refusal.is_none();
    let theme = theme_ref(&access);
    let threads = if writable {
        thread_choices(&state, access.theme_id).await?
    } else {
        Vec::new()
    };
    let Some((stash_id, stashed)) = stashed else {
        let head = drafts::text_of(&state.pool, draft.id, draft.head)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok(EditorView {
            theme,
            number: draft.number,
            title: draft.title,
            base: draft.head,
            preview_html: state.cpu.markdown(&head.body).await?,
            body: head.body,
            summary: String::new(),
            stash: None,
            threads,
            writable,
        });
    };
    if stashed.base == stashed.head {
        return Ok(EditorView {
            theme,
            number: draft.number,
            title: draft.title,
            base: stashed.base,
            preview_html: state.cpu.markdown(&stashed.body).await?,
            body: stashed.body,
            summary: stashed.summary,
            stash: Some(StashView {
                id: stash_id,
                base: stashed.base,
                head: stashed.head,
                conflicts: Vec::new(),
                others: Vec::new(),
            }),
            threads,
            writable,
        });
    }
    // A conflict: the editor continues from the head it met, with the others' changes merged in
    // and its own version of each conflicting passage, shown beside theirs — as they were found
    // when the save was refused. Stashes kept before conflicts were stored are merged again; if
    // that merge is now clean, the editor still starts from the head it met and says that
    // nothing was saved.
    let (conflicts, body) = match drafting::stashed_conflicts(&stashed) {
        Some(stored) => stored,
        None => {
            let base_text = drafts::text_of(&state.pool, draft.id, stashed.base)
                .await?
                .ok_or(AppError::NotFound)?;
            let head_text = drafts::text_of(&state.pool, draft.id, stashed.head)
                .await?
                .ok_or(AppError::NotFound)?;
            let mine = stashed.body.clone();
            let merge = state
                .cpu
                .run(move || text::merge(&base_text.body, &head_text.body, &mine))
                .await?;
            match merge {
                Merge::Clean(merged) => (Vec::new(), merged),
                Merge::Conflicts {
                    conflicts,
                    resolution,
                } => (conflicts, resolution),
            }
        }
    };
    let conflicts = conflicts
        .into_iter()
        .map(|c| ConflictView {
            before: c.before,
            after: c.after,
            base: c.base,
            theirs: c.theirs,
            mine: c.mine,
        })
        .collect();
    let others = drafts::authors_between(&state.pool, draft.id, stashed.base, stashed.head).await?;
    Ok(EditorView {
        theme,
        number: draft.number,
        title: draft.title,
        base: stashed.head,
        preview_html: state.cpu.markdown(&body).await?,
        body,
        summary: stashed.summary,
        stash: Some(StashView {
            id: stash_id,
            base: stashed.base,
            head: stashed.head,
            conflicts,
            others,
        }),
        threads,
        writable,
    })
}

pub async fn history(
    number: &str,
    draft: &str,
    page: Option<&str>,
) -> Result<HistoryView, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let per_page = crate::api::drafts::HISTORY_PER_PAGE;
    let pages = ((draft.head + per_page - 1) / per_page).max(1);
    // A page past the last (or not a number) is the nearest one there is.
    let page = page
        .and_then(|value| value.trim().parse::<i32>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let upto = draft.head - (page - 1) * per_page;
    let revisions = drafts::revisions(&state.pool, draft.id, upto, per_page).await?;
    let can_write = may_edit(&access, &draft);
    Ok(HistoryView {
        theme: theme_ref(&access),
        number: draft.number,
        title: draft.title,
        head: draft.head,
        revisions: revisions.into_iter().map(info).collect(),
        page: i64::from(page),
        pages: i64::from(pages),
        can_write,
    })
}

pub async fn diff(
    number: &str,
    draft: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<DiffView, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    // Defaults: the head against its parent.
    let to = match to.filter(|v| !v.trim().is_empty()) {
        Some(value) => parse_number(value)?,
        None => draft.head,
    };
    let from = match from.filter(|v| !v.trim().is_empty()) {
        Some(value) => parse_number(value)?,
        None => (to - 1).max(1),
    };
    let (Some(from_row), Some(to_row)) =
        drafts::revision_pair(&state.pool, draft.id, from, to).await?
    else {
        return Err(AppError::NotFound);
    };
    let computed = match state.diffs.get(draft.id, from, to) {
        Some(kept) => kept,
        None => {
            let mut bodies = drafts::bodies(&state.pool, draft.id, &[from, to]).await?;
            let mut take = |number: i32| {
                bodies
                    .iter()
                    .position(|(n, _)| *n == number)
                    .map(|at| bodies.swap_remove(at).1)
            };
            let from_body = take(from).ok_or(AppError::NotFound)?;
            // The same revision on both sides: its text once.
            let to_body = if from == to {
                from_body.clone()
            } else {
                take(to).ok_or(AppError::NotFound)?
            };
            let computed = std::sync::Arc::new(
                state
                    .cpu
                    .run(move || crate::ssr::diffs::compute(&from_body, &to_body))
                    .await?,
            );
            state.diffs.keep(draft.id, from, to, computed.clone());
            computed
        }
    };
    let blocks = computed.blocks.clone();
    let (words_added, words_removed) = (computed.words_added, computed.words_removed);
    Ok(DiffView {
        theme: theme_ref(&access),
        number: draft.number,
        title: draft.title,
        head: draft.head,
        from: info(from_row),
        to: info(to_row),
        blocks,
        words_added,
        words_removed,
    })
}

pub async fn attribution(number: &str, draft: &str) -> Result<AttributionView, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let text = drafts::text_of(&state.pool, draft.id, draft.head)
        .await?
        .ok_or(AppError::NotFound)?;
    let (contributors, person_of) = drafting::contributors(&state.pool, draft.id, &text).await?;
    let mut runs: Vec<AttributedRun> = Vec::new();
    for (token, revision) in text::tokenize(&text.body)
        .into_iter()
        .zip(&text.attribution)
    {
        match runs.last_mut() {
            Some(run) if run.revision == *revision => run.text.push_str(token),
            // Spaces between two runs of one person join the earlier run, so runs follow words.
            _ => runs.push(AttributedRun {
                revision: *revision,
                contributor: person_of.get(revision).copied().unwrap_or(0),
                text: token.to_owned(),
            }),
        }
    }
    Ok(AttributionView {
        theme: theme_ref(&access),
        number: draft.number,
        title: draft.title,
        head: draft.head,
        runs,
        contributors,
    })
}

pub async fn preview(body: &str) -> Result<String, AppError> {
    let user = current_user().await?;
    if body.chars().count() > BODY_MAX {
        return Err(AppError::invalid("body", ValidationCode::TextTooLong));
    }
    crate::api::policy::quota(crate::ssr::quota::Action::Preview, user.id)?;
    crate::ssr::cpu::run({
        let body = body.to_owned();
        move || to_safe_html(&body)
    })
    .await
}

pub async fn contributions(user: &str) -> Result<ContributionsView, AppError> {
    let state = AppState::from_context()?;
    let user_id = Uuid::parse_str(user.trim()).map_err(|_| AppError::NotFound)?;
    let person = users::find(&state.pool, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = maybe_user().await?;
    let moderates = viewer
        .as_ref()
        .is_some_and(|v| matches!(v.role, Role::Moderator | Role::Admin));
    let rows = drafts::contributions(
        &state.pool,
        user_id,
        viewer.as_ref().map(|v| v.id),
        moderates,
    )
    .await?;
    // Surviving words: each touched draft's current text, counted once per draft.
    let mut surviving: HashMap<(Uuid, i32), i64> = HashMap::new();
    let mut seen_drafts: Vec<Uuid> = Vec::new();
    for row in &rows {
        if seen_drafts.contains(&row.draft_id) {
            continue;
        }
        seen_drafts.push(row.draft_id);
        if let Some(head) = drafts::text_of(&state.pool, row.draft_id, row.head).await? {
            for (token, revision) in text::tokenize(&head.body).iter().zip(&head.attribution) {
                if text::is_word(token) {
                    *surviving.entry((row.draft_id, *revision)).or_default() += 1;
                }
            }
        }
    }
    let drafts_started = rows.iter().filter(|row| row.revision.number == 1).count();
    let mut view = ContributionsView {
        user_id,
        display_name: person.display_name,
        entries: Vec::with_capacity(rows.len()),
        drafts_started,
        drafts: seen_drafts.len(),
        words_added: 0,
        words_removed: 0,
        words_surviving: 0,
    };
    for row in rows {
        let words_surviving = surviving
            .get(&(row.draft_id, row.revision.number))
            .copied()
            .unwrap_or(0);
        view.words_added += i64::from(row.revision.words_added);
        view.words_removed += i64::from(row.revision.words_removed);
        view.words_surviving += words_surviving;
        view.entries.push(ContributionEntry {
            theme_number: row.theme_number,
            theme_title: row.theme_title,
            draft_number: row.draft_number,
            draft_title: row.draft_title,
            revision: info(row.revision),
            words_surviving,
        });
    }
    Ok(view)
}
