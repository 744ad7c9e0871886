//! Suggestions on a draft: the list, and accepting or declining one.

use super::*;

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

/// Kept in one piece: one suggestion with its redline and the accept and decline forms, which share
/// its identity.
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
