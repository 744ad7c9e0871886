//! `/themes/{n}/drafts/{d}/edit`: the editor, with conflicts kept in a stash.

use super::*;

/// `/themes/{n}/drafts/{d}/edit`: the editor (members).
#[component]
pub fn EditDraftPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let stash = query("stash");
    let save = ServerAction::<SaveDraft>::new();
    let page = Resource::new(
        move || (number(), draft(), stash.get()),
        |(number, draft, stash)| get_editor(number, draft, (!stash.is_empty()).then_some(stash)),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <EditForm view save /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

/// Kept in one piece: one form: its fields, the kept copy in the browser and the submit states
/// share the same signals.
#[component]
fn EditForm(view: EditorView, save: ServerAction<SaveDraft>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(save);
    let theme = view.theme.number;
    let number = view.number;
    let title = format!("{} · {}", t_string!(i18n, drafts.edit_title), view.title);
    let stash = view.stash.clone();
    let conflicts = stash
        .as_ref()
        .map(|stash| stash.conflicts.clone())
        .unwrap_or_default();
    let others = stash
        .as_ref()
        .map(|stash| stash.others.join(", "))
        .unwrap_or_default();
    let preview_html = Some(view.preview_html.clone());
    let has_conflicts = !conflicts.is_empty();
    let summary = {
        let kept = kept_value("summary");
        if kept.is_empty() {
            view.summary.clone()
        } else {
            kept
        }
    };
    let stash_base = stash.as_ref().map(|stash| stash.base);
    let writable = view.writable;
    // A conflict stash whose merge came out clean (kept before conflicts were stored): nothing
    // was saved, and the page says so.
    let merged_back = stash
        .as_ref()
        .is_some_and(|stash| stash.base != stash.head && stash.conflicts.is_empty());
    view! {
        <PageTitle text=title />
        <section class="page editor-page">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{t!(i18n, drafts.edit_title)}</h1>
            <DraftTabs theme draft=number current=Tab::Edit can_write=true />
            {has_conflicts.then(|| {
                let count = conflicts.len();
                let from = stash_base.unwrap_or(1);
                let head = view.base;
                let theirs_href = format!("{}?from={from}&to={head}", urls::diff(theme, number));
                view! {
                    <section class="conflicts" role="alert" aria-labelledby="conflicts-heading">
                        <h2 id="conflicts-heading">{move || t_string!(i18n, drafts.conflicts_heading, count).to_string()}</h2>
                        <p>{t!(i18n, drafts.conflicts_explain, others = others.clone(), from, head)}</p>
                        <p><a href=theirs_href>{t!(i18n, drafts.conflicts_see_theirs)}</a></p>
                        <ol class="conflicts__list">
                            {conflicts.into_iter().map(|conflict| {
                                let (before, after) = (format!("…{}", conflict.before), format!("{}…", conflict.after));
                                let passage = move |text: String| view! {
                                    <p class="conflict__text">
                                        <span class="conflict__context">{before.clone()}</span>
                                        <mark>{text}</mark>
                                        <span class="conflict__context">{after.clone()}</span>
                                    </p>
                                };
                                view! {
                                    <li class="conflict">
                                        <div class="conflict__side conflict__theirs">
                                            <h3>{t!(i18n, drafts.conflict_theirs)}</h3>
                                            {passage.clone()(conflict.theirs)}
                                        </div>
                                        <div class="conflict__side conflict__mine">
                                            <h3>{t!(i18n, drafts.conflict_mine)}</h3>
                                            {passage.clone()(conflict.mine)}
                                        </div>
                                        <details class="conflict__base">
                                            <summary>{t!(i18n, drafts.conflict_base)}</summary>
                                            {passage(conflict.base)}
                                        </details>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                }
            })}
            {(!view.theme.open).then(|| view! { <p class="notice notice--closed">{t!(i18n, drafts.read_only)}</p> })}
            {(!writable).then(|| view! { <p class="notice notice--error" role="alert">{t!(i18n, drafts.nothing_saved_refused)}</p> })}
            {(writable && merged_back).then(|| view! { <p class="notice" role="status">{t!(i18n, drafts.nothing_saved_merged)}</p> })}
            <ActionForm action=save attr:class="form editor" attr:novalidate=true>
                <FormErrors error />
                <input type="hidden" name="number" value=theme.to_string() />
                <input type="hidden" name="draft" value=number.to_string() />
                <p class="field__hint">{t!(i18n, drafts.editing_from, revision = view.base)}</p>
                <Editor name_key=format!("{theme}:{number}") initial=view.body.clone() error base=Some(view.base)
                    preview_html from_stash=stash.is_some() />
                <Field name="summary" value=summary error required=false>{t!(i18n, drafts.field_summary)}</Field>
                {(!view.threads.is_empty()).then(|| {
                    let kept_thread = kept_value("thread");
                    view! {
                        <div class="field">
                            <label for="field-thread">{t!(i18n, review.linked_thread)}</label>
                            <select id="field-thread" name="thread">
                                <option value="">{t!(i18n, review.no_thread)}</option>
                                {view.threads.clone().into_iter().map(|(number, title)| {
                                    let selected = kept_thread == number.to_string();
                                    view! { <option value=number.to_string() selected=selected>{title}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }
                })}
                {writable.then(|| view! {
                    <div class="form__actions">
                        <Submit action=save>{t!(i18n, drafts.save)}</Submit>
                        <button type="submit" name="intent" value="preview" class="button">{t!(i18n, drafts.preview)}</button>
                    </div>
                })}
            </ActionForm>
        </section>
    }
}
