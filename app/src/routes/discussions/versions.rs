//! Editing a post and reading its earlier versions.

use super::*;

/// `…/posts/{id}/edit`: the author edits a post.
#[component]
pub fn EditPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = param("number");
    let thread = param("thread");
    let post = param("post");
    let from = query("from");
    let loaded = Resource::new(
        move || (number(), thread(), post(), from.get()),
        |(number, thread, post, from)| {
            get_post_editor(number, thread, post, (!from.is_empty()).then_some(from))
        },
    );
    let action = ServerAction::<EditPost>::new();
    let typed = typed_text();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, discussions.edit_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let typed = typed.await;
                match loaded.await {
                    Ok(view) => view! { <EditPostForm view action typed /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditPostForm(
    view: PostEditorView,
    action: ServerAction<EditPost>,
    typed: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let initial = if typed.is_empty() {
        view.source.clone()
    } else {
        typed
    };
    let theme = view.theme.number;
    view! {
        <section class="page page--narrow">
            <Crumbs theme=view.theme.clone() thread=(view.thread, view.thread_title.clone()) />
            <h1>{t!(i18n, discussions.edit_title)}</h1>
            <p class="field__hint">{t!(i18n, discussions.edit_hint)}</p>
            {view.stale.clone().map(|stale| {
                let made_on = stale.made_on;
                let current = view.version;
                view! {
                    <section class="conflicts" role="alert" aria-labelledby="stale-heading">
                        <h2 id="stale-heading">{t!(i18n, discussions.stale_heading)}</h2>
                        <p>{t!(i18n, discussions.stale_explain, made_on, current)}</p>
                        <div class="conflict__side conflict__theirs">
                            <h3>{t!(i18n, discussions.stale_current, current)}</h3>
                            <pre class="conflict__text stale__text">{view.source.clone()}</pre>
                        </div>
                        <details class="conflict__base">
                            <summary>{t!(i18n, discussions.stale_base, made_on)}</summary>
                            <pre class="conflict__text stale__text">{stale.base_source}</pre>
                        </details>
                    </section>
                }
            })}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormErrors error />
                <input type="hidden" name="number" value=theme.to_string() />
                <input type="hidden" name="thread" value=view.thread.to_string() />
                <input type="hidden" name="post" value=view.post.to_string() />
                <input type="hidden" name="version" value=view.version.to_string() />
                <Composer number=theme initial error preview_html=None rows=12 />
                <div class="form__actions">
                    <Submit action>{t!(i18n, discussions.save_edit)}</Submit>
                    <a href=crate::domain::urls::post_path(theme, view.thread, view.post) class="button">{t!(i18n, discussions.cancel)}</a>
                </div>
            </ActionForm>
        </section>
    }
}

/// `…/posts/{id}/versions?from=A&to=B`: a post's versions and the changes between two.
#[component]
pub fn VersionsPage() -> impl IntoView {
    let number = param("number");
    let thread = param("thread");
    let post = param("post");
    let from = query("from");
    let to = query("to");
    let optional = |value: String| (!value.is_empty()).then_some(value);
    let loaded = Resource::new(
        move || (number(), thread(), post(), from.get(), to.get()),
        move |(number, thread, post, from, to)| {
            get_versions(number, thread, post, optional(from), optional(to))
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(view) => view! { <Versions view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Versions(view: VersionsView) -> impl IntoView {
    let i18n = use_i18n();
    let theme = view.theme.number;
    let action = crate::domain::urls::post_versions(theme, view.thread, view.post);
    let back = crate::domain::urls::post_path(theme, view.thread, view.post);
    let title = t_string!(i18n, discussions.versions_title).to_owned();
    let (from, to) = (view.from, view.to);
    view! {
        <PageTitle text=title />
        <section class="page">
            <Crumbs theme=view.theme.clone() thread=(view.thread, view.thread_title.clone()) />
            <h1>{t!(i18n, discussions.versions_title)}</h1>
            <p><a href=back>{t!(i18n, discussions.back_to_post)}</a></p>
            <form method="get" action=action class="history">
                <table class="history__table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, drafts.col_from)}</th>
                            <th scope="col">{t!(i18n, drafts.col_to)}</th>
                            <th scope="col">{t!(i18n, discussions.version)}</th>
                            <th scope="col">{t!(i18n, discussions.version_date)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {view.versions.into_iter().map(|version| {
                            let number = version.version;
                            let date = version.at.date();
                            let label = t_string!(i18n, discussions.version_number, number).to_string();
                            let from_label = format!("{} {label}", t_string!(i18n, drafts.col_from));
                            let to_label = format!("{} {label}", t_string!(i18n, drafts.col_to));
                            view! {
                                <tr>
                                    <td><input type="radio" name="from" value=number.to_string() checked=number == from aria-label=from_label /></td>
                                    <td><input type="radio" name="to" value=number.to_string() checked=number == to aria-label=to_label /></td>
                                    <td>{label}</td>
                                    <td><LongDate date /></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="submit" class="button">{t!(i18n, drafts.compare)}</button>
            </form>
            <h2>{move || t_string!(i18n, discussions.changes_between, from, to).to_string()}</h2>
            <p class="diff__legend">
                <del>{t!(i18n, drafts.legend_removed)}</del>
                " "
                <ins>{t!(i18n, drafts.legend_added)}</ins>
            </p>
            <div class="diff">
                <Inline blocks=view.blocks />
            </div>
            <h2>{move || t_string!(i18n, discussions.version_number, number = to).to_string()}</h2>
            <div class="prose post__body" inner_html=view.html></div>
        </section>
    }
}
