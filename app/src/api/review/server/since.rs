//! "Since your last visit" on a draft and a thème, and remembering the visit.

use super::*;

/// The redline of a draft from revision `from` (0: empty) to `to`, with the authors in between.
pub(crate) async fn draft_since(
    state: &AppState,
    draft_id: Uuid,
    from: i32,
    to: i32,
    authors: Vec<String>,
) -> Result<DraftSince, AppError> {
    let old = if from == 0 {
        String::new()
    } else {
        drafts::text_of(&state.pool, draft_id, from)
            .await?
            .map(|t| t.body)
            .unwrap_or_default()
    };
    let new = drafts::text_of(&state.pool, draft_id, to)
        .await?
        .map(|t| t.body)
        .unwrap_or_default();
    Ok(DraftSince {
        from,
        to,
        authors,
        blocks: text::blocks(&old, &new),
    })
}

/// For a signed-in reader of the head: records the visit and returns what changed since the
/// previous one.
pub(crate) async fn visit_draft(
    state: &AppState,
    access: &ThemeAccess,
    draft: &DraftRow,
) -> Result<Option<DraftSince>, AppError> {
    let Some(user) = access.viewer_id() else {
        return Ok(None);
    };
    let baseline =
        visits::visit_draft(&state.pool, user, draft.id, draft.head, state.visit_gap).await?;
    if baseline >= draft.head {
        return Ok(None);
    }
    let authors = drafts::authors_between(&state.pool, draft.id, baseline, draft.head).await?;
    Ok(Some(
        draft_since(state, draft.id, baseline, draft.head, authors).await?,
    ))
}

pub async fn since(number: &str) -> Result<Option<SinceView>, AppError> {
    let state = AppState::from_context()?;
    let access = crate::api::policy::access(number).await?;
    let Some(user) = access.viewer_id() else {
        return Ok(None);
    };
    if !(access.following || access.is_member()) {
        return Ok(None);
    }
    let Some(baseline) =
        visits::visit_theme(&state.pool, user, access.theme_id, state.visit_gap).await?
    else {
        return Ok(None);
    };
    let changes = visits::changes_since(&state.pool, access.theme_id, user, baseline).await?;
    let mut drafts = Vec::with_capacity(changes.drafts.len());
    for change in changes.drafts {
        drafts.push(SinceDraftEntry {
            number: change.number,
            title: change.title,
            since: draft_since(
                &state,
                change.draft_id,
                change.from,
                change.head,
                change.authors,
            )
            .await?,
        });
    }
    let theme = access.number.get();
    Ok(Some(SinceView {
        since: baseline,
        drafts,
        threads: changes
            .threads
            .into_iter()
            .map(|thread| SinceThreadEntry {
                href: crate::domain::urls::post_path(theme, thread.number, thread.first_post),
                title: thread.title,
                new: thread.new,
                posts: thread.posts,
            })
            .collect(),
    }))
}
