//! The review side of a draft page: its status, comments on passages and suggestions.
//!
//! Every form posts and redirects without JavaScript; a passage is given by quoting it. With
//! JavaScript, selecting words in the text fills the passage fields of both forms.

use crate::domain::typography::typeset;
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

mod comments;
pub use comments::*;

mod suggestions;
pub use suggestions::*;

mod since;
pub use since::*;

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
