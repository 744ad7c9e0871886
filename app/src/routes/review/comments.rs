//! A comment thread on a draft: the comment, its replies, and the tools to answer, edit, resolve,
//! report or hide it.

use super::*;

/// One comment thread.
///
/// Kept in one piece: one comment with its quote, state, replies and earlier wordings; each part is
/// a line or two of the template.
#[component]
pub(super) fn Comment(
    theme: i32,
    draft: i32,
    comment: CommentView,
    actions: ReviewActions,
    can_reply: bool,
    tools: Tools,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = comment.first.id;
    let anchor = format!("comment-{id}");
    let passage_href = format!("#passage-{id}");
    let state = comment.state;
    let reply_error = action_error(actions.reply);
    let reply_to = query("reply_to");
    let last = actions.last_comment;
    let this_reply = Signal::derive(move || {
        let ours = if reply_to.get().is_empty() {
            last.get() == id.to_string()
        } else {
            reply_to.get() == id.to_string()
        };
        reply_error.get().filter(|_| ours)
    });
    let reply_text = kept("reply");
    let scope = format!("reply-{id}");
    let resolved = comment.resolved.clone();
    view! {
        <li class="comment" id=anchor class:comment--removed=state == PassageState::Removed>
            <blockquote class="comment__quote">
                {match state {
                    PassageState::Intact => view! { <a href=passage_href>{comment.quote.clone()}</a> }.into_any(),
                    PassageState::Edited => view! {
                        <a href=passage_href>{comment.current.clone().unwrap_or_else(|| comment.quote.clone())}</a>
                        <p class="comment__state">{t!(i18n, review.passage_edited)}" " <q>{comment.quote.clone()}</q></p>
                    }.into_any(),
                    PassageState::Removed => view! {
                        <p class="comment__state">{t!(i18n, review.passage_removed)}</p>
                        <q>{comment.quote.clone()}</q>
                    }.into_any(),
                }}
            </blockquote>
            <CommentBody reply=comment.first.clone() tools />
            {(!comment.replies.is_empty()).then(|| view! {
                <ol class="comment__replies">
                    {comment.replies.iter().cloned().map(|reply| {
                        let anchor = format!("comment-{}", reply.id);
                        view! { <li id=anchor><CommentBody reply tools /></li> }
                    }).collect_view()}
                </ol>
            })}
            {resolved.map(|(by, at)| {
                let date = at.date();
                let by = by.unwrap_or_default();
                view! { <p class="comment__resolved">{move || t_string!(i18n, review.resolved_by, name = by.clone()).to_string()} " " <LongDate date /></p> }
            })}
            <div class="comment__actions">
                {can_reply.then(|| view! {
                    <details class="comment__reply" open=move || this_reply.get().is_some()>
                        <summary>{t!(i18n, review.reply)}</summary>
                        <ActionForm action=actions.reply attr:class="form">
                            <FormErrors error=this_reply scope=scope.clone() />
                            <input type="hidden" name="number" value=theme.to_string() />
                            <input type="hidden" name="draft" value=draft.to_string() />
                            <input type="hidden" name="comment" value=id.to_string() />
                            <Area name="reply" scope=scope label=t_string!(i18n, review.reply_label).to_string() value=reply_text error=this_reply />
                            <Submit action=actions.reply>{t!(i18n, review.reply_submit)}</Submit>
                        </ActionForm>
                    </details>
                })}
                {comment.can_resolve.then(|| {
                    let reopen = comment.resolved.is_some();
                    view! {
                        <ActionForm action=actions.resolve attr:class="inline-form">
                            <input type="hidden" name="number" value=theme.to_string() />
                            <input type="hidden" name="draft" value=draft.to_string() />
                            <input type="hidden" name="comment" value=id.to_string() />
                            {reopen.then(|| view! { <input type="hidden" name="reopen" value="1" /> })}
                            <button type="submit" class="link-button">{
                                if reopen { t!(i18n, review.reopen).into_any() } else { t!(i18n, review.resolve).into_any() }
                            }</button>
                        </ActionForm>
                    }
                })}
            </div>
        </li>
    }
}

/// What the comments of a draft page may offer: editing and deleting one's own, reporting,
/// hiding.
#[derive(Clone, Copy)]
pub struct Tools {
    pub(crate) theme: i32,
    pub(crate) draft: i32,
    pub(crate) actions: ReviewActions,
    pub(crate) can_edit: bool,
    pub(crate) can_moderate: bool,
}

#[component]
fn CommentBody(reply: ReplyView, tools: Tools) -> impl IntoView {
    let i18n = use_i18n();
    let date = reply.at.date();
    if reply.deleted {
        return view! {
            <div class="comment__body comment__body--deleted">
                <p class="comment__meta"><LongDate date /></p>
                <p class="comment__gone">{t!(i18n, review.comment_deleted)}</p>
            </div>
        }
        .into_any();
    }
    let hidden = reply.hidden.clone();
    let shown_hidden = hidden.clone().filter(|_| tools.can_moderate);
    view! {
        <div class="comment__body" class:comment__body--hidden=hidden.is_some()>
            <p class="comment__meta">
                <PersonLink id=reply.author_id name=reply.author.clone() />
                " · "
                <LongDate date />
                {reply.edited.then(|| view! { " · " <span class="comment__edited">{t!(i18n, review.comment_edited)}</span> })}
            </p>
            {(!reply.earlier.is_empty()).then(|| {
                let earlier = reply.earlier.clone();
                view! {
                    <details class="comment__versions">
                        <summary>{t!(i18n, review.earlier_wordings, count = earlier.len())}</summary>
                        <p class="diff__legend">
                            <del>{t!(i18n, drafts.legend_removed)}</del>
                            " "
                            <ins>{t!(i18n, drafts.legend_added)}</ins>
                        </p>
                        <ol>
                            {earlier.into_iter().map(|wording| {
                                let date = wording.at.date();
                                view! {
                                    <li>
                                        <p class="comment__meta"><LongDate date /></p>
                                        <div class="diff diff--compact">
                                            <crate::components::redline::Inline blocks=wording.changes />
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </details>
                }
            })}
            {match shown_hidden {
                Some(reason) => view! {
                    <p class="notice notice--hidden">{t!(i18n, review.comment_hidden_reason, reason = move || reason.clone())}</p>
                }.into_any(),
                None if hidden.is_some() => view! { <p class="comment__gone">{t!(i18n, review.comment_hidden)}</p> }.into_any(),
                None => ().into_any(),
            }}
            <div class="prose" inner_html=reply.html.clone()></div>
            <CommentTools reply tools />
        </div>
    }
    .into_any()
}

/// Edit, delete (its author), report (others), hide or show again (facilitators, moderators).
///
/// Kept in one piece: the actions on one comment (answer, edit, resolve, report, hide) are small
/// forms that share the comment's identity and the review's actions.
#[component]
fn CommentTools(reply: ReplyView, tools: Tools) -> impl IntoView {
    let i18n = use_i18n();
    let Tools {
        theme,
        draft,
        actions,
        can_edit,
        can_moderate,
    } = tools;
    let id = reply.id;
    let ours = move |of: &'static str| {
        let kept = query(of);
        Signal::derive(move || {
            let last = actions.last_comment.get();
            kept.get() == id.to_string() || (kept.get().is_empty() && last == id.to_string())
        })
    };
    let edit_mine = ours("edit_of");
    let edit_error = action_error(actions.edit);
    let edit_error = Signal::derive(move || edit_error.get().filter(|_| edit_mine.get()));
    let report_mine = ours("report_of");
    let report_error = action_error(actions.report);
    let report_error = Signal::derive(move || report_error.get().filter(|_| report_mine.get()));
    let hide_mine = ours("hide_of");
    let hide_error = action_error(actions.hide);
    let hide_error = Signal::derive(move || hide_error.get().filter(|_| hide_mine.get()));
    let source = reply.source.clone().filter(|_| can_edit);
    let hidden = reply.hidden.is_some();
    let fields = move || {
        view! {
            <input type="hidden" name="number" value=theme.to_string() />
            <input type="hidden" name="draft" value=draft.to_string() />
            <input type="hidden" name="comment" value=id.to_string() />
        }
    };
    let edit = source.map(|source| {
        let kept = query("edited");
        // Given back after a conflict: the wording shown above is the current one.
        let made_on = query("edit_from");
        let stale = Signal::derive(move || edit_mine.get() && !made_on.get().is_empty());
        let value = RwSignal::new(if edit_mine.get_untracked() && !kept.get_untracked().is_empty() {
            kept.get_untracked()
        } else {
            source
        });
        let scope = format!("edit-{id}");
        view! {
            <details class="comment__form" open=move || edit_error.get().is_some() || stale.get()>
                <summary>{t!(i18n, review.edit_comment)}</summary>
                <ActionForm action=actions.edit attr:class="form">
                    <FormErrors error=edit_error scope=scope.clone() />
                    {move || stale.get().then(|| view! {
                        <p class="notice notice--error" role="alert">{t!(i18n, review.edit_stale, made_on = made_on.get(), current = reply.version)}</p>
                    })}
                    {fields()}
                    <input type="hidden" name="version" value=reply.version.to_string() />
                    <Area name="edited" scope label=t_string!(i18n, review.edit_label).to_string() value error=edit_error rows=4 />
                    <Submit action=actions.edit>{t!(i18n, review.edit_submit)}</Submit>
                </ActionForm>
            </details>
            <details class="comment__form">
                <summary>{t!(i18n, review.delete_comment)}</summary>
                <ActionForm action=actions.delete attr:class="form form--inline">
                    {fields()}
                    <p>{t!(i18n, review.delete_warning)}</p>
                    <button type="submit" class="button button--small button--danger">{t!(i18n, review.delete_submit)}</button>
                </ActionForm>
            </details>
        }
    });
    let report = reply.can_report.then(|| {
        let reason_id = format!("field-report-{id}-reason");
        let kept = query("report_reason");
        let value = move || if report_mine.get() { kept.get() } else { String::new() };
        view! {
            <details class="comment__form" open=move || report_error.get().is_some()>
                <summary>{t!(i18n, review.report_comment)}</summary>
                <ActionForm action=actions.report attr:class="form form--inline">
                    <FormErrors error=report_error scope=format!("report-{id}") />
                    {fields()}
                    <label for=reason_id.clone()>{t!(i18n, review.report_reason)}</label>
                    <input id=reason_id name="reason" required maxlength="1000" prop:value=value />
                    <button type="submit" class="button button--small">{t!(i18n, review.report_submit)}</button>
                </ActionForm>
            </details>
        }
    });
    let moderate = can_moderate.then(|| {
        if hidden {
            view! {
                <ActionForm action=actions.hide attr:class="inline-form">
                    {fields()}
                    <button type="submit" name="action" value="unhide" class="link-button">{t!(i18n, review.unhide_comment)}</button>
                </ActionForm>
            }
            .into_any()
        } else {
            let reason_id = format!("field-hide-{id}-reason");
            let kept = query("hide_reason");
            let value = move || if hide_mine.get() { kept.get() } else { String::new() };
            view! {
                <details class="comment__form" open=move || hide_error.get().is_some()>
                    <summary>{t!(i18n, review.hide_comment)}</summary>
                    <ActionForm action=actions.hide attr:class="form form--inline">
                        <FormErrors error=hide_error scope=format!("hide-{id}") />
                        {fields()}
                        <label for=reason_id.clone()>{t!(i18n, review.hide_reason)}</label>
                        <input id=reason_id name="reason" required maxlength="1000" prop:value=value />
                        <button type="submit" name="action" value="hide" class="button button--small button--danger">{t!(i18n, review.hide_submit)}</button>
                    </ActionForm>
                </details>
            }
            .into_any()
        }
    });
    view! {
        <div class="comment__tools">
            {edit}
            {report}
            {moderate}
        </div>
    }
}
