//! The review side of a draft page: its status, comments on passages and suggestions.
//!
//! Every form posts and redirects without JavaScript; a passage is given by quoting it. With
//! JavaScript, selecting words in the text fills the passage fields of both forms.

use crate::domain::urls;
use crate::{
    api::{
        drafts::DraftStatus,
        review::{
            AddComment, CommentView, DecideSuggestion, DeleteComment, EditComment, HideComment,
            PassageState, ReplyComment, ReplyView, ReportComment, ResolveComment, ReviewView,
            SetDraftStatus, SuggestChange, SuggestionState, SuggestionView,
        },
    },
    components::person::PersonLink,
    components::{
        date::LongDate,
        form::{FormErrors, Submit, action_error, field_id, query},
    },
    error::AppError,
    i18n::{t, t_string, use_i18n},
};
use leptos::prelude::*;

/// The review actions of a draft page, created by the page outside its `Suspense` so that they
/// outlive the re-render that follows their redirect.
#[derive(Clone, Copy)]
pub struct ReviewActions {
    /// Move the status.
    pub status: ServerAction<SetDraftStatus>,
    /// Comment on a passage.
    pub comment: ServerAction<AddComment>,
    /// Answer a comment.
    pub reply: ServerAction<ReplyComment>,
    /// Resolve or reopen.
    pub resolve: ServerAction<ResolveComment>,
    /// Suggest a change.
    pub suggest: ServerAction<SuggestChange>,
    /// Accept or decline.
    pub decide: ServerAction<DecideSuggestion>,
    /// Edit one's comment.
    pub edit: ServerAction<EditComment>,
    /// Delete one's comment.
    pub delete: ServerAction<DeleteComment>,
    /// Report a comment.
    pub report: ServerAction<ReportComment>,
    /// Hide a comment, or show it again.
    pub hide: ServerAction<HideComment>,
    /// The comment the last reply, edit, report or hiding was about (with JavaScript), so that
    /// its error shows at that comment only.
    pub last_comment: RwSignal<String>,
}

impl ReviewActions {
    /// New actions, for a page component.
    pub fn new() -> Self {
        Self {
            status: ServerAction::new(),
            comment: ServerAction::new(),
            reply: ServerAction::new(),
            resolve: ServerAction::new(),
            suggest: ServerAction::new(),
            decide: ServerAction::new(),
            edit: ServerAction::new(),
            delete: ServerAction::new(),
            report: ServerAction::new(),
            hide: ServerAction::new(),
            last_comment: RwSignal::new(String::new()),
        }
    }
}

impl ReviewActions {
    /// A signal that changes each time one of the actions (or `also`) succeeds: the page's
    /// resource follows it, since a redirect to the address already shown would not reload it.
    pub fn successes<S>(self, also: ServerAction<S>) -> RwSignal<usize>
    where
        S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let count = RwSignal::new(0);
        bump_on_success(self.status, count);
        bump_on_success(self.comment, count);
        bump_on_success(self.reply, count);
        bump_on_success(self.resolve, count);
        bump_on_success(self.suggest, count);
        bump_on_success(self.decide, count);
        bump_on_success(self.edit, count);
        bump_on_success(self.delete, count);
        bump_on_success(self.report, count);
        bump_on_success(self.hide, count);
        bump_on_success(also, count);
        let last = self.last_comment;
        let (reply, edit, report, hide) = (self.reply, self.edit, self.report, self.hide);
        Effect::new(move |_| {
            let comment = reply
                .input()
                .with(|input| input.as_ref().map(|input| input.comment.clone()))
                .or_else(|| {
                    edit.input()
                        .with(|input| input.as_ref().map(|input| input.comment.clone()))
                })
                .or_else(|| {
                    report
                        .input()
                        .with(|input| input.as_ref().map(|input| input.comment.clone()))
                })
                .or_else(|| {
                    hide.input()
                        .with(|input| input.as_ref().map(|input| input.comment.clone()))
                });
            if let Some(comment) = comment {
                last.set(comment);
            }
        });
        count
    }
}

fn bump_on_success<S>(action: ServerAction<S>, count: RwSignal<usize>)
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.version().get() > 0
            && action
                .value()
                .with_untracked(|value| matches!(value, Some(Ok(_))))
        {
            count.update(|n| *n += 1);
        }
    });
}

impl Default for ReviewActions {
    fn default() -> Self {
        Self::new()
    }
}

/// A labelled text area whose value follows `value` (typed text kept after an error, or a
/// selection in the draft).
#[component]
fn Area(
    name: &'static str,
    #[prop(into)] scope: String,
    label: String,
    value: RwSignal<String>,
    error: Signal<Option<AppError>>,
    #[prop(default = 3)] rows: u32,
    #[prop(default = true)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(&scope, name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let messages = move || {
        error
            .get()
            .map(|error| {
                error
                    .field_codes(name)
                    .into_iter()
                    .map(|code| crate::components::error_view::code_message(i18n, code))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let invalid = move || !messages().is_empty();
    let has_hint = hint.is_some();
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if invalid() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let initial = value.get_untracked();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <textarea id=id name=name rows=rows required=required
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))>{initial}</textarea>
            <p class="field__error" id=error_id hidden=move || !invalid()>{move || messages().join(" ")}</p>
        </div>
    }
}

/// A signal holding query value `name` (what was typed, after a plain post that failed).
fn kept(name: &'static str) -> RwSignal<String> {
    let value = query(name);
    let signal = RwSignal::new(value.get_untracked());
    Effect::new(move |_| {
        let kept = value.get();
        if !kept.is_empty() {
            signal.set(kept);
        }
    });
    signal
}

fn status_label(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    status: DraftStatus,
) -> String {
    match status {
        DraftStatus::Writing => t_string!(i18n, drafts.status_writing).to_string(),
        DraftStatus::Review => t_string!(i18n, drafts.status_review).to_string(),
        DraftStatus::Adopted => t_string!(i18n, drafts.status_adopted).to_string(),
        DraftStatus::Withdrawn => t_string!(i18n, drafts.status_withdrawn).to_string(),
    }
}

/// The status line under the title: the last change, and the form facilitators move it with.
#[component]
pub fn StatusPanel(
    theme: i32,
    draft: i32,
    status: DraftStatus,
    review: ReviewView,
    actions: ReviewActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(actions.status);
    let note = kept("note");
    let change = review.status_change.clone();
    let next = review.next_statuses.clone();
    view! {
        <div class="status-panel">
            {change.map(|change| {
                let date = change.at.date();
                let by = change.by.clone().unwrap_or_default();
                let label = status_label(i18n, status);
                view! {
                    <p class="status-panel__last">
                        {move || t_string!(i18n, review.status_changed, status = label.clone(), name = by.clone()).to_string()}
                        " " <LongDate date />
                        {change.note.clone().map(|note| view! { " — " <q>{note}</q> })}
                    </p>
                }
            })}
            {status.is_frozen().then(|| view! {
                <p class="notice notice--info" role="note">{
                    if status == DraftStatus::Adopted { t!(i18n, review.frozen_adopted).into_any() } else { t!(i18n, review.frozen_withdrawn).into_any() }
                }</p>
            })}
            {(!next.is_empty()).then(|| view! {
                <details class="status-panel__form" open=move || error.get().is_some()>
                    <summary>{t!(i18n, review.move_status)}</summary>
                    <ActionForm action=actions.status attr:class="form form--inline">
                        <FormErrors error scope="status" />
                        <input type="hidden" name="number" value=theme.to_string() />
                        <input type="hidden" name="draft" value=draft.to_string() />
                        <fieldset class="choices">
                            <legend>{t!(i18n, review.new_status)}</legend>
                            {next.iter().enumerate().map(|(index, to)| {
                                let label = status_label(i18n, *to);
                                let id = format!("status-{}", to.as_str());
                                view! {
                                    <label>
                                        <input type="radio" id=id name="status" value=to.as_str() checked=index == 0 />
                                        " " {label}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <Area name="note" scope="status" label=t_string!(i18n, review.status_note).to_string() value=note error required=false rows=2 />
                        <Submit action=actions.status>{t!(i18n, review.move_status_submit)}</Submit>
                    </ActionForm>
                </details>
            })}
        </div>
    }
}

/// The passage a reader selected in the text, shared by the forms of the page.
#[derive(Clone, Copy)]
pub struct Selection(pub RwSignal<String>);

/// Reads the browser's selection when it lies in the draft's text (hydrated pages only).
pub fn on_select(selection: Selection) {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(Some(selected)) = window.get_selection() else {
            return;
        };
        let inside = selected
            .anchor_node()
            .and_then(|node| node.parent_element())
            .and_then(|element| element.closest(".draft__text").ok().flatten())
            .is_some();
        let text: String = selected.to_string().into();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if inside && !text.is_empty() && text.chars().count() <= 2_000 {
            selection.0.try_set(text);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = selection;
}

/// Comments and suggestions beside the text.
#[component]
pub fn ReviewPanel(
    theme: i32,
    draft: i32,
    review: ReviewView,
    actions: ReviewActions,
    selection: Selection,
) -> impl IntoView {
    let i18n = use_i18n();
    let (open, resolved): (Vec<CommentView>, Vec<CommentView>) = review
        .comments
        .iter()
        .cloned()
        .partition(|c| c.resolved.is_none());
    let count = open.len();
    let resolved_count = resolved.len();
    let comment_error = action_error(actions.comment);
    let quote = kept("quote");
    let body = kept("body");
    Effect::new(move |_| {
        let selected = selection.0.get();
        if !selected.is_empty() {
            quote.set(selected);
        }
    });
    let can_comment = review.can_comment;
    let can_reply = review.can_comment;
    let tools = Tools {
        theme,
        draft,
        actions,
        can_edit: review.can_edit,
        can_moderate: review.can_moderate,
    };
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <section class="review" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{move || t_string!(i18n, review.comments_heading, count).to_string()}</h2>
            {move || (hydrated.get() && can_comment && selection.0.get().is_empty()).then(|| view! {
                <p class="field__hint">{t!(i18n, review.select_hint)}</p>
            })}
            {(open.is_empty()).then(|| view! { <p class="empty">{t!(i18n, review.no_comments)}</p> })}
            <ol class="comments">
                {open.into_iter().map(|comment| view! { <Comment theme draft comment actions can_reply tools /> }).collect_view()}
            </ol>
            {(resolved_count > 0).then(|| view! {
                <details class="comments--resolved">
                    <summary>{move || t_string!(i18n, review.resolved_heading, count = resolved_count).to_string()}</summary>
                    <ol class="comments">
                        {resolved.into_iter().map(|comment| view! { <Comment theme draft comment actions can_reply=false tools /> }).collect_view()}
                    </ol>
                </details>
            })}
            {can_comment.then(|| view! {
                <details class="review__form" id="comment-form" open=move || comment_error.get().is_some() || !selection.0.get().is_empty() || !quote.get().is_empty()>
                    <summary>{t!(i18n, review.comment_on_passage)}</summary>
                    <ActionForm action=actions.comment attr:class="form">
                        <FormErrors error=comment_error scope="comment" />
                        <input type="hidden" name="number" value=theme.to_string() />
                        <input type="hidden" name="draft" value=draft.to_string() />
                        <Area name="quote" scope="comment" label=t_string!(i18n, review.passage).to_string() value=quote error=comment_error
                            hint=t_string!(i18n, review.passage_hint).to_string() />
                        <Area name="body" scope="comment" label=t_string!(i18n, review.comment).to_string() value=body error=comment_error rows=4 />
                        <Submit action=actions.comment>{t!(i18n, review.comment_submit)}</Submit>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

/// One comment thread.
#[component]
fn Comment(
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
struct Tools {
    theme: i32,
    draft: i32,
    actions: ReviewActions,
    can_edit: bool,
    can_moderate: bool,
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

/// Suggestions under the text, and the form to make one.
#[component]
pub fn SuggestionsPanel(
    theme: i32,
    draft: i32,
    review: ReviewView,
    actions: ReviewActions,
    selection: Selection,
) -> impl IntoView {
    let signed_in = review.signed_in;
    let i18n = use_i18n();
    let error = action_error(actions.suggest);
    let quote = kept("s_quote");
    let replacement = kept("replacement");
    let note = kept("s_note");
    Effect::new(move |_| {
        let selected = selection.0.get();
        if !selected.is_empty() {
            quote.set(selected.clone());
            if replacement.get_untracked().is_empty() {
                replacement.set(selected);
            }
        }
    });
    let open_count = review
        .suggestions
        .iter()
        .filter(|s| s.state == SuggestionState::Open)
        .count();
    let can_decide = review.can_decide;
    let suggestions = review.suggestions.clone();
    view! {
        <section class="suggestions" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">{move || t_string!(i18n, review.suggestions_heading, count = open_count).to_string()}</h2>
            {suggestions.is_empty().then(|| view! { <p class="empty">{t!(i18n, review.no_suggestions)}</p> })}
            <ol class="suggestion-list">
                {suggestions.into_iter().map(|suggestion| view! { <Suggestion theme draft suggestion actions can_decide /> }).collect_view()}
            </ol>
            {review.can_suggest.then(|| view! {
                <details class="review__form" id="suggest-form" open=move || error.get().is_some() || !quote.get().is_empty()>
                    <summary>{t!(i18n, review.suggest)}</summary>
                    <ActionForm action=actions.suggest attr:class="form">
                        <FormErrors error scope="suggest" />
                        <input type="hidden" name="number" value=theme.to_string() />
                        <input type="hidden" name="draft" value=draft.to_string() />
                        <Area name="quote" scope="suggest" label=t_string!(i18n, review.passage).to_string() value=quote error
                            hint=t_string!(i18n, review.passage_hint).to_string() />
                        <Area name="replacement" scope="suggest" label=t_string!(i18n, review.replacement).to_string() value=replacement error rows=4 required=false
                            hint=t_string!(i18n, review.replacement_hint).to_string() />
                        <Area name="note" scope="suggest" label=t_string!(i18n, review.suggestion_note).to_string() value=note error rows=2 required=false />
                        <Submit action=actions.suggest>{t!(i18n, review.suggest_submit)}</Submit>
                    </ActionForm>
                </details>
            })}
            {(!review.can_suggest && !signed_in).then(|| view! {
                <p class="field__hint">{t!(i18n, review.sign_in_to_suggest)}</p>
            })}
        </section>
    }
}

#[component]
fn Suggestion(
    theme: i32,
    draft: i32,
    suggestion: SuggestionView,
    actions: ReviewActions,
    can_decide: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = suggestion.id;
    let anchor = format!("suggestion-{id}");
    let date = suggestion.at.date();
    let declining = query("declining");
    let decide_error = action_error(actions.decide);
    let this_error = Signal::derive(move || {
        decide_error
            .get()
            .filter(|_| declining.get().is_empty() || declining.get() == id.to_string())
    });
    let reason = kept("reason");
    let scope = format!("decline-{id}");
    let state = suggestion.state;
    let revision_href = suggestion
        .revision
        .map(|r| (r, urls::revision(theme, draft, r)));
    view! {
        <li class="suggestion" id=anchor class:suggestion--open=state == SuggestionState::Open>
            <p class="comment__meta">
                <PersonLink id=suggestion.author_id name=suggestion.author.clone() /> " · " <LongDate date />
                " · " {move || t_string!(i18n, drafts.revision_label, number = suggestion.base).to_string()}
            </p>
            <p class="suggestion__change">
                <del>{suggestion.quote.clone()}</del>
                " → "
                <ins>{suggestion.replacement.clone()}</ins>
            </p>
            {(!suggestion.note.is_empty()).then(|| view! { <p class="suggestion__note"><q>{suggestion.note.clone()}</q></p> })}
            {match state {
                SuggestionState::Accepted => {
                    let by = suggestion.decided_by.clone().unwrap_or_default();
                    view! {
                        <p class="suggestion__state suggestion__state--accepted">
                            {move || t_string!(i18n, review.accepted_by, name = by.clone()).to_string()}
                            {revision_href.clone().map(|(r, href)| view! { " · " <a href=href>{move || t_string!(i18n, drafts.revision_label, number = r).to_string()}</a> })}
                        </p>
                    }.into_any()
                }
                SuggestionState::Declined => {
                    let by = suggestion.decided_by.clone().unwrap_or_default();
                    view! {
                        <p class="suggestion__state">
                            {move || t_string!(i18n, review.declined_by, name = by.clone()).to_string()}
                            {suggestion.reason.clone().map(|reason| view! { " — " <q>{reason}</q> })}
                        </p>
                    }.into_any()
                }
                SuggestionState::Open if can_decide => view! {
                    <div class="suggestion__decide">
                        <FormErrors error=this_error scope=scope.clone() />
                        <ActionForm action=actions.decide attr:class="inline-form">
                            <input type="hidden" name="number" value=theme.to_string() />
                            <input type="hidden" name="draft" value=draft.to_string() />
                            <input type="hidden" name="suggestion" value=id.to_string() />
                            <button type="submit" name="decision" value="accept" class="button button--small button--primary">{t!(i18n, review.accept)}</button>
                        </ActionForm>
                        <details open=move || this_error.get().is_some() && !declining.get().is_empty()>
                            <summary>{t!(i18n, review.decline)}</summary>
                            <ActionForm action=actions.decide attr:class="form">
                                <input type="hidden" name="number" value=theme.to_string() />
                                <input type="hidden" name="draft" value=draft.to_string() />
                                <input type="hidden" name="suggestion" value=id.to_string() />
                                <input type="hidden" name="decision" value="decline" />
                                <Area name="reason" scope=scope label=t_string!(i18n, review.decline_reason).to_string() value=reason error=this_error rows=2 />
                                <button type="submit" class="button button--small">{t!(i18n, review.decline_submit)}</button>
                            </ActionForm>
                        </details>
                    </div>
                }.into_any(),
                SuggestionState::Open => view! { <p class="suggestion__state">{t!(i18n, review.waiting)}</p> }.into_any(),
            }}
        </li>
    }
}

/// The redline of a draft since the reader's last visit.
#[component]
pub fn DraftSinceView(
    theme: i32,
    draft: i32,
    since: crate::api::review::DraftSince,
) -> impl IntoView {
    let i18n = use_i18n();
    let (from, to) = (since.from, since.to);
    let authors = since.authors.join(", ");
    let diff = format!(
        "/themes/{theme}/drafts/{draft}/diff?from={}&to={to}",
        from.max(1)
    );
    view! {
        <div class="since__draft">
            <p>{move || if from == 0 {
                t_string!(i18n, since.new_draft, authors = authors.clone()).to_string()
            } else {
                t_string!(i18n, since.draft, from, to, authors = authors.clone()).to_string()
            }}</p>
            <details class="since__redline">
                <summary>{t!(i18n, since.show_redline)}</summary>
                <crate::components::redline::Inline blocks=since.blocks.clone() />
            </details>
            {(from > 0).then(|| view! { <p><a href=diff>{t!(i18n, since.see_diff)}</a></p> })}
        </div>
    }
}

/// "Since my last visit" on a thème page, for its followers and members.
#[component]
pub fn ThemeSince(number: i32) -> impl IntoView {
    let i18n = use_i18n();
    let since = Resource::new(move || number.to_string(), crate::api::review::get_since);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                since.await.ok().flatten().map(|view| {
                    let date = view.since.date();
                    let empty = view.drafts.is_empty() && view.threads.is_empty();
                    view! {
                        <section class="since" aria-labelledby="since-heading">
                            <h2 id="since-heading">{t!(i18n, since.heading)} " " <span class="since__date">{t!(i18n, since.from_date, date = move || view! { <LongDate date /> })}</span></h2>
                            {empty.then(|| view! { <p class="empty">{t!(i18n, since.nothing)}</p> })}
                            {(!view.drafts.is_empty()).then(|| view! {
                                <h3>{t!(i18n, since.drafts)}</h3>
                                <ul class="since__list">
                                    {view.drafts.clone().into_iter().map(|entry| {
                                        let href = urls::draft(number, entry.number);
                                        view! {
                                            <li>
                                                <a href=href class="since__title">{entry.title.clone()}</a>
                                                <DraftSinceView theme=number draft=entry.number since=entry.since />
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                            {(!view.threads.is_empty()).then(|| view! {
                                <h3>{t!(i18n, since.discussions)}</h3>
                                <ul class="since__list">
                                    {view.threads.clone().into_iter().map(|thread| {
                                        let posts = thread.posts;
                                        let new = thread.new;
                                        view! {
                                            <li>
                                                <a href=thread.href class="since__title">{thread.title}</a>
                                                " · "
                                                {move || if new {
                                                    t_string!(i18n, since.new_thread, posts).to_string()
                                                } else {
                                                    t_string!(i18n, since.new_posts, posts).to_string()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
