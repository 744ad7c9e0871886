//! Saving an edit and restoring a revision, keeping what the author typed when a save is refused.

use super::*;

/// Saves; on failure also says which stash now holds the text (plain form posts only, whose page
/// is about to be replaced).
///
/// Kept in one piece: parsing, the refusals that keep the author's text, and the save's outcomes
/// are one path; every early return keeps what was typed.
pub async fn save(
    number: &str,
    draft: &str,
    base: &str,
    body: &str,
    summary: &str,
    intent: &str,
    thread: &str,
) -> Result<Outcome, (AppError, Option<Uuid>)> {
    let (state, access, draft) = load(number, draft).await.map_err(|e| (e, None))?;
    let body = normalise(body);
    let parsed_base: i32 = base.trim().parse().unwrap_or(0);
    // A save refused before it is tried (the thème closed, the draft frozen, the author no longer
    // in the group) keeps the text for the author, like any other refusal.
    let author = match editor_of(&access, &draft) {
        Ok(author) => author,
        Err(error) => {
            let kept = keep(&state, &access, &draft, parsed_base, &body, summary).await;
            return Err((error, kept));
        }
    };
    // The linked discussion, if one of the thème's (visible) threads.
    let thread = match thread.trim().parse::<i32>() {
        Ok(number) => discussions::visible_thread_id(&state.pool, access.theme_id, number)
            .await
            .map_err(|e| (e.into(), None))?,
        Err(_) => None,
    };
    let base = parsed_base;
    let preview = intent == "preview";
    let mut errors = Vec::new();
    check_text(&mut errors, "body", &body, false, BODY_MAX);
    check_text(&mut errors, "summary", summary, false, SUMMARY_MAX);
    if base < 1 || base > draft.head {
        AppError::push_field(&mut errors, "base", ValidationCode::RevisionUnknown);
    }
    if preview || !errors.is_empty() {
        // Kept on the server when the page is about to be replaced (a plain form post), so that
        // the editor gives the text back; with hydration the page keeps it and shows the error.
        let plain = request_parts().is_ok_and(|parts| is_plain_form_post(&parts));
        let stash = if (preview || plain) && base >= 1 && base <= draft.head {
            Some(
                drafts::stash(&state.pool, draft.id, author, base, &body, summary.trim())
                    .await
                    .map_err(|e| (e.into(), None))?,
            )
        } else {
            None
        };
        return match (preview && errors.is_empty(), stash) {
            (true, Some(stash)) => Ok(Outcome::Stashed {
                stash,
                preview: true,
            }),
            _ => Err((AppError::Validation(errors), stash)),
        };
    }
    // Beyond the person's limit the text is kept, as for any other refusal.
    if let Err(error) = crate::api::policy::quota(crate::ssr::quota::Action::Save, author) {
        let kept = keep(&state, &access, &draft, base, &body, summary).await;
        return Err((error, kept));
    }
    let saved = drafting::save(
        &state.pool,
        &state.cpu,
        Edit {
            thread,
            draft_id: draft.id,
            theme_id: access.theme_id,
            author,
            base,
            body: &body,
            summary: summary.trim(),
        },
    )
    .await;
    let saved = match saved {
        Ok(saved) => saved,
        Err(error @ (SaveError::Frozen | SaveError::Closed | SaveError::Busy)) => {
            // Frozen or closed between the page's load and this save, or the server too busy to
            // decide now: the text is kept.
            let kept = keep(&state, &access, &draft, base, &body, summary).await;
            return Err((save_error(error), kept));
        }
        Err(error) => return Err((save_error(error), None)),
    };
    tracing::info!(theme = access.number.get(), draft = draft.number, %author, base, outcome = ?saved, "draft saved");
    Ok(match saved {
        Saved::Appended { revision } => Outcome::Saved(revision),
        Saved::Merged { revision, base } => Outcome::Merged { base, revision },
        Saved::Unchanged { .. } => Outcome::Unchanged,
        Saved::Conflicts { stash } => Outcome::Stashed {
            stash,
            preview: false,
        },
    })
}

/// Keeps the text of a refused save for its author when the page is about to be replaced (a
/// plain form post): the editor gives it back from the stash. With hydration the page keeps it
/// itself. `None` when nothing can be kept (nobody signed in) or the stash failed (logged).
async fn keep(
    state: &AppState,
    access: &ThemeAccess,
    draft: &DraftRow,
    base: i32,
    body: &str,
    summary: &str,
) -> Option<Uuid> {
    let user = access.viewer_id()?;
    if !request_parts().is_ok_and(|parts| is_plain_form_post(&parts)) {
        return None;
    }
    // An edit whose base is not a revision is kept on the head: it is given back, never saved
    // as is, since saving from the editor is a new save from that base.
    let base = if base >= 1 && base <= draft.head {
        base
    } else {
        draft.head
    };
    match drafts::stash(&state.pool, draft.id, user, base, body, summary.trim()).await {
        Ok(id) => Some(id),
        Err(error) => {
            tracing::error!(%error, "could not keep a refused edit");
            None
        }
    }
}

pub async fn restore(number: &str, draft: &str, revision: &str) -> Result<Option<i32>, AppError> {
    let (state, access, draft) = load(number, draft).await?;
    let author = contributor(&access)?;
    let from = parse_number(revision)?;
    if from > draft.head {
        return Err(AppError::NotFound);
    }
    crate::api::policy::quota(crate::ssr::quota::Action::Save, author)?;
    let restored = drafting::restore(&state.pool, access.theme_id, draft.id, from, author)
        .await
        .map_err(save_error)?;
    tracing::info!(
        theme = access.number.get(),
        draft = draft.number,
        from,
        ?restored,
        "revision restored"
    );
    Ok(restored)
}
