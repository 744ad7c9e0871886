//! `/themes/{n}/drafts/{d}` and `…/revisions/{k}`: a draft, its review and its contributors.

use super::*;

/// `/themes/{n}/drafts/{d}` and `/themes/{n}/drafts/{d}/revisions/{k}`.
#[component]
pub fn DraftPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let revision = param("revision");
    let location = use_location();
    let restore = ServerAction::<RestoreRevision>::new();
    let actions = crate::routes::review::ReviewActions::new();
    let successes = actions.successes(restore);
    let page = Resource::new(
        move || {
            (
                number(),
                draft(),
                revision(),
                location.search.get(),
                successes.get(),
            )
        },
        |(number, draft, revision, _, _)| {
            get_draft(number, draft, (!revision.is_empty()).then_some(revision))
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <Draft view restore actions /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

/// Kept in one piece: the draft page's layout in one template (header, status, tabs, the old-
/// revision banner, the text with its review, the contributors); each part is already a component.
#[component]
fn Draft(
    view: DraftView,
    restore: ServerAction<RestoreRevision>,
    actions: crate::routes::review::ReviewActions,
) -> impl IntoView {
    use crate::routes::review::{ReviewPanel, Selection, StatusPanel, SuggestionsPanel, on_select};
    let selection = Selection(RwSignal::new(String::new()));
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let review = view.review.clone();
    let i18n = use_i18n();
    let theme = view.theme.number;
    let number = view.number;
    let base = urls::draft(theme, number);
    let is_head = view.revision.number == view.head;
    let revision = view.revision.clone();
    let shown = revision.number;
    let head = view.head;
    let restore_error = action_error(restore);
    let base_for_notice = base.clone();
    #[cfg(feature = "hydrate")]
    {
        // The server has the text: the copy kept in this browser can go.
        let key = format!("atelier:draft:{theme}:{number}");
        let done = done();
        Effect::new(move |_| {
            if matches!(
                done.get(),
                Some(Done::Saved { .. } | Done::Merged { .. } | Done::Unchanged | Done::Created)
            ) {
                local::forget(&key);
                local::forget(&format!("atelier:draft:new:{theme}"));
            }
        });
    }
    let page_title = if is_head {
        view.title.clone()
    } else {
        format!(
            "{} · {}",
            view.title,
            t_string!(i18n, drafts.revision_label, number = shown)
        )
    };
    let date = view.revision.at.date();
    view! {
        <PageTitle text=page_title />
        <article class="page draft">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <DraftNotice base=base_for_notice />
            <header class="draft__header">
                <div class="theme__eyebrow">
                    <span class="eyebrow">{t!(i18n, drafts.draft_label, number)}</span>
                    <DraftStatusBadge status=view.status />
                </div>
                <h1>{typeset(&view.title)}</h1>
                <StatusPanel theme draft=number status=view.status review=review.clone() actions />
            </header>
            <DraftTabs theme draft=number current=if is_head { Tab::Text } else { Tab::History } can_write=view.can_write />
            {(!is_head).then(|| {
                let current = base.clone();
                let compare = format!("{base}/diff?from={shown}&to={head}");
                view! {
                    <div class="notice notice--info" role="note">
                        <p>
                            {t!(i18n, drafts.old_revision, revision = shown, date = move || view! { <LongDate date /> }, head)}
                        </p>
                        <p>
                            <a href=current>{t!(i18n, drafts.see_current)}</a>
                            " · "
                            <a href=compare>{t!(i18n, drafts.compare_current)}</a>
                        </p>
                        {view.can_write.then(|| view! {
                            <FormErrors error=restore_error scope="restore" />
                            <ActionForm action=restore attr:class="inline-form">
                                <input type="hidden" name="number" value=theme.to_string() />
                                <input type="hidden" name="draft" value=number.to_string() />
                                <input type="hidden" name="revision" value=shown.to_string() />
                                <Submit action=restore>{t!(i18n, drafts.restore, revision = shown)}</Submit>
                            </ActionForm>
                        })}
                    </div>
                }
            })}
            {view.since.clone().map(|since| view! {
                <section class="since" aria-labelledby="since-heading">
                    <h2 id="since-heading">{t!(i18n, since.heading)}</h2>
                    <crate::routes::review::DraftSinceView theme draft=number since />
                </section>
            })}
            <div class="draft__layout">
                <div class="prose draft__text" lang="fr" inner_html=view.html
                    on:mouseup=move |_| on_select(selection)
                    on:keyup=move |_| on_select(selection)></div>
                <aside class="draft__aside">
                    <dl class="facts">
                        <dt>{t!(i18n, drafts.revisions_label)}</dt>
                        <dd>{head}</dd>
                        <dt>{t!(i18n, drafts.shown_revision)}</dt>
                        <dd><RevisionLine theme draft=number revision /></dd>
                    </dl>
                    <Contributors contributors=view.contributors.clone() />
                    <section class="export" aria-labelledby="export-heading">
                        <h2 id="export-heading">{t!(i18n, review.export)}</h2>
                        <p>
                            <a href=format!("{base}/revisions/{shown}/export.md") download="">{t!(i18n, review.export_markdown)}</a>
                            " · "
                            <a href=format!("{base}/revisions/{shown}/export.html") download="">{t!(i18n, review.export_html)}</a>
                            {move || hydrated.get().then(|| view! {
                                " · "
                                <button type="button" class="link-button" on:click=move |_| {
                                    #[cfg(feature = "hydrate")]
                                    if let Some(window) = web_sys::window() {
                                        let _ = window.print();
                                    }
                                }>{t!(i18n, review.print)}</button>
                            })}
                        </p>
                    </section>
                    {(!view.theme.open).then(|| view! { <p class="notice notice--closed">{t!(i18n, drafts.read_only)}</p> })}
                    {is_head.then(|| view! { <ReviewPanel theme draft=number review=review.clone() actions selection /> })}
                </aside>
            </div>
            {is_head.then(|| view! { <SuggestionsPanel theme draft=number review=review.clone() actions selection /> })}
        </article>
    }
}

/// The notice after an action on the draft page: a save, a merge (with links to what the others
/// wrote and to the result), a restore, a status move, a comment or a suggestion decided.
#[component]
fn DraftNotice(base: String) -> impl IntoView {
    let i18n = use_i18n();
    let done = done();
    move || {
        let done = done.get()?;
        let revision = done.revision().unwrap_or_default();
        let message = match done {
            Done::Saved { .. } | Done::Created => {
                t_string!(i18n, drafts.saved, revision).to_string()
            }
            Done::Restored { .. } => t_string!(i18n, drafts.restored, revision).to_string(),
            Done::Unchanged => t_string!(i18n, drafts.unchanged).to_string(),
            Done::Status => t_string!(i18n, review.done_status).to_string(),
            Done::Commented | Done::Replied => t_string!(i18n, review.done_commented).to_string(),
            Done::Resolved => t_string!(i18n, review.done_resolved).to_string(),
            Done::CommentEdited => t_string!(i18n, review.done_comment_edited).to_string(),
            Done::CommentDeleted => t_string!(i18n, review.done_comment_deleted).to_string(),
            Done::CommentReported => t_string!(i18n, review.done_comment_reported).to_string(),
            Done::CommentHidden => t_string!(i18n, review.done_comment_hidden).to_string(),
            Done::CommentShown => t_string!(i18n, review.done_comment_shown).to_string(),
            Done::Suggested => t_string!(i18n, review.done_suggested).to_string(),
            Done::Accepted { .. } => t_string!(i18n, review.done_accepted, revision).to_string(),
            Done::AcceptedMerged { .. } => {
                t_string!(i18n, review.done_accepted_merged, revision).to_string()
            }
            Done::AlreadyThere => t_string!(i18n, review.done_already_there).to_string(),
            Done::Declined => t_string!(i18n, review.done_declined).to_string(),
            Done::Merged { from, to } => {
                // What the others saved meanwhile (up to the revision before this one), and the
                // result of the merge, each against where the editor started.
                let theirs = format!("{base}/diff?from={from}&to={}", to - 1);
                let result = format!("{base}/diff?from={from}&to={to}");
                return Some(
                    view! {
                        <div class="notice notice--success" role="status">
                            <p>{t!(i18n, drafts.merged, revision = to)}</p>
                            <p>
                                <a href=theirs>{t!(i18n, drafts.merged_theirs)}</a>
                                " · "
                                <a href=result>{t!(i18n, drafts.merged_result)}</a>
                            </p>
                        </div>
                    }
                    .into_any(),
                );
            }
            _ => return None,
        };
        Some(view! { <Notice>{message}</Notice> }.into_any())
    }
}
