//! The use cases of shared drafts: create a draft, save an edit, restore a revision, accept a
//! suggestion, comment or suggest on a passage. Each owns its transaction: lock the draft, read
//! what the decision needs, ask the draft engine (`draft_engine`), store what it says through
//! `ssr::db`, carry the comments' anchors to the new revision, record the activity, commit.

use crate::{
    domain::{
        ThemeStatus,
        draft::{Contributor, PALETTE, PassageState, RevisionKind},
    },
    error::AppError,
    ssr::cpu::Cpu,
    ssr::db::{
        drafts::{
            self, LockedDraft, NewRevision, NewStash, RevisionText, SaveError, details,
            insert_revision, lock_draft,
        },
        groups::{self, Audience, Event},
        review::{self, Accepted, NewComment, NewSuggestion, ReviewError},
    },
};
use draft_engine::{
    Anchored, Carrier, Plan, SaveKind,
    save::{self, Head},
};
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use uuid::Uuid;

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Appended revision `revision` on the head the editor started from.
    Appended {
        /// The new revision.
        revision: i32,
    },
    /// The head had moved: the edit merged cleanly into revision `revision`.
    Merged {
        /// The new revision.
        revision: i32,
        /// The revision the editor started from.
        base: i32,
    },
    /// The text is the head's: nothing written.
    Unchanged {
        /// The head.
        head: i32,
    },
    /// Passages changed on both sides: no revision written; the edit is kept in stash `stash`.
    Conflicts {
        /// The stash holding the editor's text.
        stash: Uuid,
    },
}

/// An edit to save.
#[derive(Debug, Clone)]
pub struct Edit<'a> {
    /// The discussion that motivated it, if any.
    pub thread: Option<Uuid>,
    /// The draft.
    pub draft_id: Uuid,
    /// The thème (for the activity log).
    pub theme_id: Uuid,
    /// Who saves.
    pub author: Uuid,
    /// The revision the editor started from.
    pub base: i32,
    /// The new text.
    pub body: &'a str,
    /// The summary line.
    pub summary: &'a str,
}

/// The conflicts a stash keeps (see [`save`]), with the text to resolve them from; `None` when
/// it keeps none, or none that can still be read.
pub fn stashed_conflicts(
    stash: &drafts::StashRow,
) -> Option<(Vec<draft_engine::Conflict>, String)> {
    let (conflicts, resolution) = stash.conflicts.as_ref()?;
    let conflicts = serde_json::from_value(conflicts.clone()).ok()?;
    Some((conflicts, resolution.clone()))
}

/// Attribution as stored (`int[]`) and as the engine counts it.
fn stored(attribution: Vec<u32>) -> Vec<i32> {
    attribution
        .into_iter()
        .map(|r| i32::try_from(r).unwrap_or(i32::MAX))
        .collect()
}

/// The engine's decision ([`save::plan`]) on the CPU pool (it merges and attributes whole texts:
/// heavy for long drafts), from copies of what it reads.
async fn plan_off_the_workers(
    cpu: &Cpu,
    head_number: i32,
    head: &RevisionText,
    base: Option<&str>,
    mine: &str,
) -> Result<save::Plan, SaveError> {
    let (head_body, head_attribution) = (head.body.clone(), engine(&head.attribution));
    let (base, mine) = (base.map(str::to_owned), mine.to_owned());
    cpu.run(move || {
        save::plan(
            Head {
                number: revision_number(head_number),
                body: &head_body,
                attribution: &head_attribution,
            },
            base.as_deref(),
            &mine,
        )
    })
    .await
    .map_err(|error| match error {
        AppError::RateLimited => SaveError::Busy,
        _ => SaveError::Failed,
    })
}

fn engine(attribution: &[i32]) -> Vec<u32> {
    attribution
        .iter()
        .map(|r| u32::try_from(*r).unwrap_or(0))
        .collect()
}

fn revision_number(number: i32) -> u32 {
    u32::try_from(number).unwrap_or(0)
}

/// Stores a new revision over `previous` (the head) and carries every comment thread's anchor
/// to it, through one alignment.
async fn write_revision(
    tx: &mut Transaction<'_, Postgres>,
    previous: &str,
    revision: NewRevision<'_>,
) -> Result<(), sqlx::Error> {
    let (draft_id, number, body) = (revision.draft_id, revision.number, revision.body);
    insert_revision(tx, revision).await?;
    if number == 1 {
        return Ok(());
    }
    let anchors = review::anchors(tx, draft_id).await?;
    if anchors.is_empty() {
        return Ok(());
    }
    let carrier = Carrier::new(previous, body);
    for anchor in anchors {
        let (state, range) = match carrier.carry(anchor.range, &anchor.quote) {
            Anchored::Intact(range) => (PassageState::Intact, range),
            Anchored::Edited(range) => (PassageState::Edited, range),
            Anchored::Removed => (PassageState::Removed, 0..0),
        };
        review::move_anchor(tx, draft_id, anchor.id, number, state, range).await?;
    }
    Ok(())
}

/// Creates a draft (the next number in the thème) with its first revision; returns its number.
pub async fn create(
    pool: &PgPool,
    theme_id: Uuid,
    author: Uuid,
    title: &str,
    body: &str,
    summary: &str,
) -> Result<i32, SaveError> {
    let mut tx = pool.begin().await?;
    if groups::lock_theme(&mut tx, theme_id).await? != ThemeStatus::Open {
        return Err(SaveError::Closed);
    }
    let (id, number) = drafts::insert_draft(&mut tx, theme_id, author, title).await?;
    let (attribution, words) = save::first(body);
    let attribution = stored(attribution);
    write_revision(
        &mut tx,
        "",
        NewRevision {
            draft_id: id,
            thread: None,
            accepted_by: None,
            number: 1,
            parent: None,
            base: None,
            kind: RevisionKind::Created,
            restored_from: None,
            author,
            summary,
            body,
            attribution: &attribution,
            words,
        },
    )
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(author),
            verb: "draft.created",
            subject: None,
            details: details(number, title, 1, summary),
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// The head's text, and the text of `base` when the editor started elsewhere.
async fn head_and_base(
    tx: &mut Transaction<'_, Postgres>,
    draft_id: Uuid,
    draft: &LockedDraft,
    base: i32,
) -> Result<(RevisionText, Option<RevisionText>), SaveError> {
    let head = drafts::text_of(&mut **tx, draft_id, draft.head)
        .await?
        .ok_or(SaveError::NoDraft)?;
    if base == draft.head {
        return Ok((head, None));
    }
    let base = drafts::text_of(&mut **tx, draft_id, base)
        .await?
        .ok_or(SaveError::UnknownBase)?;
    Ok((head, Some(base)))
}

/// Saves `edit` by the protocol: same head → a new revision; moved head → a three-way merge that
/// either saves the merged text or writes nothing but a stash of the edit, with the conflicts as
/// they were found. What to write is the engine's decision ([`draft_engine::save::plan`]).
///
/// Kept in one piece: the save protocol in one transaction (lock, decide with the engine, write the
/// revision, re-anchor the comments, log); the steps share its locks.
pub async fn save(pool: &PgPool, cpu: &Cpu, edit: Edit<'_>) -> Result<Saved, SaveError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, edit.draft_id).await?;
    if edit.base < 1 || edit.base > draft.head {
        return Err(SaveError::UnknownBase);
    }
    let (head, base) = head_and_base(&mut tx, edit.draft_id, &draft, edit.base).await?;
    let plan = plan_off_the_workers(
        cpu,
        draft.head,
        &head,
        base.as_ref().map(|base| base.body.as_str()),
        edit.body,
    )
    .await?;
    let (body, kind, attribution, words) = match plan {
        Plan::Unchanged => return Ok(Saved::Unchanged { head: draft.head }),
        Plan::Conflicts {
            conflicts,
            resolution,
        } => {
            let stash = drafts::insert_stash(
                &mut tx,
                NewStash {
                    draft_id: edit.draft_id,
                    user_id: edit.author,
                    base: edit.base,
                    head: draft.head,
                    body: edit.body,
                    summary: edit.summary,
                    conflicts: Some((json!(conflicts), &resolution)),
                },
            )
            .await?;
            tx.commit().await?;
            return Ok(Saved::Conflicts { stash });
        }
        Plan::Revision {
            body,
            kind,
            attribution,
            words,
        } => (body, kind, attribution, words),
    };
    let (kind, verb) = match kind {
        SaveKind::Merged => (RevisionKind::Merged, "draft.merged"),
        SaveKind::Edited => (RevisionKind::Edited, "draft.revised"),
    };
    let number = draft.head + 1;
    let attribution = stored(attribution);
    write_revision(
        &mut tx,
        &head.body,
        NewRevision {
            draft_id: edit.draft_id,
            thread: edit.thread,
            accepted_by: None,
            number,
            parent: Some(draft.head),
            base: Some(edit.base),
            kind,
            restored_from: None,
            author: edit.author,
            summary: edit.summary,
            body: &body,
            attribution: &attribution,
            words,
        },
    )
    .await?;
    groups::record(
        &mut tx,
        Event {
            theme_id: edit.theme_id,
            actor: Some(edit.author),
            verb,
            subject: None,
            details: details(draft.number, &draft.title, number, edit.summary),
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(if kind == RevisionKind::Merged {
        Saved::Merged {
            revision: number,
            base: edit.base,
        }
    } else {
        Saved::Appended { revision: number }
    })
}

/// Brings revision `from` back as a new revision; its words keep the revisions (and so the
/// people) that wrote them. `None` when the head already has that text.
pub async fn restore(
    pool: &PgPool,
    theme_id: Uuid,
    draft_id: Uuid,
    from: i32,
    author: Uuid,
) -> Result<Option<i32>, SaveError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, draft_id).await?;
    let old = drafts::text_of(&mut *tx, draft_id, from)
        .await?
        .ok_or(SaveError::UnknownBase)?;
    let head = drafts::text_of(&mut *tx, draft_id, draft.head)
        .await?
        .ok_or(SaveError::NoDraft)?;
    if old.body == head.body {
        return Ok(None);
    }
    let number = draft.head + 1;
    let words = draft_engine::align::word_counts(&head.body, &old.body);
    write_revision(
        &mut tx,
        &head.body,
        NewRevision {
            draft_id,
            thread: None,
            accepted_by: None,
            number,
            parent: Some(draft.head),
            base: Some(draft.head),
            kind: RevisionKind::Restored,
            restored_from: Some(from),
            author,
            summary: "",
            body: &old.body,
            attribution: &old.attribution,
            words,
        },
    )
    .await?;
    let mut details = details(draft.number, &draft.title, number, "");
    details["from"] = json!(from);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(author),
            verb: "draft.restored",
            subject: None,
            details,
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(number))
}

/// Comments on the passage of the head that the reader selected (`comment.quote`); returns the
/// comment's id.
pub async fn add_comment(pool: &PgPool, comment: NewComment<'_>) -> Result<i64, ReviewError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, comment.draft_id).await?;
    let head = drafts::text_of(&mut *tx, comment.draft_id, draft.head)
        .await?
        .ok_or(SaveError::NoDraft)?;
    let range = draft_engine::anchor::find(&head.body, comment.quote, None)
        .ok_or(ReviewError::PassageNotFound)?;
    let id = review::insert_comment(&mut tx, &draft, &comment, range).await?;
    tx.commit().await?;
    Ok(id)
}

/// Records a suggestion to replace the passage of the head that the reader selected (exactly
/// that range, punctuation included); returns its id.
pub async fn suggest(pool: &PgPool, suggestion: NewSuggestion<'_>) -> Result<i64, ReviewError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, suggestion.draft_id).await?;
    let head = drafts::text_of(&mut *tx, suggestion.draft_id, draft.head)
        .await?
        .ok_or(SaveError::NoDraft)?;
    let range = draft_engine::anchor::find(&head.body, suggestion.quote, None)
        .ok_or(ReviewError::PassageNotFound)?;
    let passage = head.body[range.clone()].to_owned();
    let body = format!(
        "{}{}{}",
        &head.body[..range.start],
        suggestion.replacement,
        &head.body[range.end..]
    );
    let id = review::insert_suggestion(&mut tx, &draft, &suggestion, &passage, &body).await?;
    tx.commit().await?;
    Ok(id)
}

/// Accepts open suggestion `id`: a new revision credited to its author, merged like an edit
/// started from the revision it was made on. If the passage changed meanwhile, nothing is written
/// and [`ReviewError::Conflicts`] says so.
///
/// Kept in one piece: accepting a suggestion in one transaction (lock, apply it to the head with
/// the engine, write the revision, mark the suggestion, log); the steps share its locks.
pub async fn accept(
    pool: &PgPool,
    cpu: &Cpu,
    theme_id: Uuid,
    draft_id: Uuid,
    id: i64,
    actor: Uuid,
) -> Result<Accepted, ReviewError> {
    let mut tx = pool.begin().await?;
    let draft = lock_draft(&mut tx, draft_id).await?;
    let suggestion = review::open_suggestion(&mut tx, draft_id, id)
        .await?
        .ok_or(ReviewError::NotFound)?;
    let (head, base) = head_and_base(&mut tx, draft_id, &draft, suggestion.base).await?;
    let plan = plan_off_the_workers(
        cpu,
        draft.head,
        &head,
        base.as_ref().map(|base| base.body.as_str()),
        &suggestion.body,
    )
    .await?;
    let outcome = match plan {
        Plan::Unchanged => Accepted::AlreadyThere,
        Plan::Conflicts { .. } => return Err(ReviewError::Conflicts),
        Plan::Revision {
            body,
            kind,
            attribution,
            words,
        } => {
            let number = draft.head + 1;
            let attribution = stored(attribution);
            let summary = suggestion.note.trim().to_owned();
            let merged = kind == SaveKind::Merged;
            write_revision(
                &mut tx,
                &head.body,
                NewRevision {
                    draft_id,
                    thread: None,
                    accepted_by: Some(actor),
                    number,
                    parent: Some(draft.head),
                    base: Some(suggestion.base),
                    kind: if merged {
                        RevisionKind::Merged
                    } else {
                        RevisionKind::Edited
                    },
                    restored_from: None,
                    // A deleted account's suggestion is credited to whoever accepts it.
                    author: suggestion.author_id.unwrap_or(actor),
                    summary: &summary,
                    body: &body,
                    attribution: &attribution,
                    words,
                },
            )
            .await?;
            if merged {
                Accepted::Merged { revision: number }
            } else {
                Accepted::Applied { revision: number }
            }
        }
    };
    let revision = match outcome {
        Accepted::Applied { revision } | Accepted::Merged { revision } => revision,
        Accepted::AlreadyThere => draft.head,
    };
    review::mark_accepted(
        &mut tx,
        theme_id,
        &draft,
        id,
        suggestion.author_id,
        actor,
        revision,
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// How many words of a revision's text each earlier revision wrote: a function of the text and
/// its attribution only, so it is computed once per revision (`ssr::rendered::Shares`).
#[derive(Debug, Clone, Default)]
pub struct TextShares {
    /// Words of the text by the revision that wrote them.
    pub words_by_revision: HashMap<i32, i64>,
    /// The revisions that wrote any of the text (words or not), in order.
    pub in_text: Vec<i32>,
}

/// The [`TextShares`] of `text` (CPU work: tokenises the whole text).
pub fn shares(text: &RevisionText) -> TextShares {
    let tokens = draft_engine::tokens::tokenize(&text.body);
    let mut words_by_revision: HashMap<i32, i64> = HashMap::new();
    for (token, revision) in tokens.iter().zip(&text.attribution) {
        if draft_engine::tokens::is_word(token) {
            *words_by_revision.entry(*revision).or_default() += 1;
        }
    }
    let mut in_text: Vec<i32> = text.attribution.clone();
    in_text.sort_unstable();
    in_text.dedup();
    TextShares {
        words_by_revision,
        in_text,
    }
}

/// Who wrote the words of `text` (with its attribution), largest share first, and for each
/// revision number the index of its author in that list.
pub async fn contributors(
    pool: &PgPool,
    draft_id: Uuid,
    text: &RevisionText,
) -> Result<(Vec<Contributor>, HashMap<i32, usize>), sqlx::Error> {
    contributors_from(pool, draft_id, &shares(text)).await
}

/// [`contributors`], from the text's [`TextShares`].
pub async fn contributors_from(
    pool: &PgPool,
    draft_id: Uuid,
    shares: &TextShares,
) -> Result<(Vec<Contributor>, HashMap<i32, usize>), sqlx::Error> {
    let words_by_revision = &shares.words_by_revision;
    let authors = drafts::authors(pool, draft_id, &shares.in_text).await?;
    let total: i64 = words_by_revision.values().sum();
    // One entry per person (deleted accounts together), in order of first revision.
    let mut people: Vec<Contributor> = Vec::new();
    let mut index_of_person: HashMap<Option<Uuid>, usize> = HashMap::new();
    let mut person_of_revision: HashMap<i32, usize> = HashMap::new();
    for author in authors {
        let index = *index_of_person.entry(author.author_id).or_insert_with(|| {
            people.push(Contributor {
                user_id: author.author_id,
                name: author.name.clone().unwrap_or_default(),
                revisions: 0,
                words: 0,
                permille: 0,
                colour: 0,
            });
            people.len() - 1
        });
        people[index].revisions += author.revisions;
        for number in author.numbers {
            people[index].words += words_by_revision.get(&number).copied().unwrap_or(0);
            person_of_revision.insert(number, index);
        }
    }
    for person in &mut people {
        person.permille = if total == 0 {
            0
        } else {
            (person.words * 1000 + total / 2) / total
        };
    }
    // Largest share first; colours follow that order.
    let mut order: Vec<usize> = (0..people.len()).collect();
    order.sort_by(|a, b| {
        people[*b]
            .words
            .cmp(&people[*a].words)
            .then(people[*b].revisions.cmp(&people[*a].revisions))
            .then(a.cmp(b))
    });
    let mut position = vec![0; people.len()];
    for (new_index, old_index) in order.iter().enumerate() {
        position[*old_index] = new_index;
    }
    let mut sorted: Vec<Contributor> = order.iter().map(|i| people[*i].clone()).collect();
    for (index, person) in sorted.iter_mut().enumerate() {
        person.colour = index % PALETTE;
    }
    let by_revision = person_of_revision
        .into_iter()
        .map(|(revision, index)| (revision, position[index]))
        .collect();
    Ok((sorted, by_revision))
}
