//! The thème's drafts: the list page and the panel on the thème page.

use super::*;

/// `/themes/{n}/drafts`: the thème's drafts.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let number = param("number");
    let location = use_location();
    let rights = ServerAction::<crate::api::review::SetSuggestionRights>::new();
    let list = Resource::new(
        move || (number(), location.search.get()),
        |(number, _)| get_drafts(number),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(view) => view! { <DraftList view rights /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DraftList(
    view: crate::api::drafts::DraftsView,
    rights: ServerAction<crate::api::review::SetSuggestionRights>,
) -> impl IntoView {
    let rights_error = action_error(rights);
    let done = done();
    let i18n = use_i18n();
    let number = view.theme.number;
    let title = format!("{} · {}", t_string!(i18n, drafts.heading), view.theme.title);
    let new_href = urls::new_draft(number);
    let empty = view.drafts.is_empty();
    view! {
        <PageTitle text=title />
        <section class="page drafts">
            <Crumbs theme=view.theme.clone() />
            <header class="page__header">
                <h1>{t!(i18n, drafts.heading)}</h1>
                {view.can_write.then(|| view! { <A href=new_href attr:class="button button--primary">{t!(i18n, drafts.new)}</A> })}
            </header>
            {(!view.theme.open).then(|| view! { <p class="notice notice--closed">{t!(i18n, drafts.read_only)}</p> })}
            {empty.then(|| view! { <p class="empty">{t!(i18n, drafts.none)}</p> })}
            <ul class="draft-list">
                {view.drafts.into_iter().map(|draft| view! { <DraftItem theme=number draft /> }).collect_view()}
            </ul>
            {view.members_accept_suggestions.map(|members| view! {
                <section class="card" aria-labelledby="rights-heading">
                    <h2 id="rights-heading">{t!(i18n, review.rights_heading)}</h2>
                    {move || (done.get() == Some(Done::Rights)).then(|| view! { <Notice>{t!(i18n, review.rights_saved)}</Notice> })}
                    <ActionForm action=rights attr:class="form">
                        <FormErrors error=rights_error scope="rights" />
                        <input type="hidden" name="number" value=number.to_string() />
                        <label class="checkbox">
                            <input type="checkbox" name="members" value="1" checked=members />
                            " " {t!(i18n, review.rights_label)}
                        </label>
                        <div class="form__actions">
                            <Submit action=rights>{t!(i18n, review.rights_save)}</Submit>
                        </div>
                    </ActionForm>
                </section>
            })}
        </section>
    }
}

#[component]
fn DraftItem(theme: i32, draft: DraftSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = urls::draft(theme, draft.number);
    let date = draft.updated_at.date();
    let revisions = draft.revisions;
    let contributors = draft.contributors;
    let last = draft.last_author.clone().unwrap_or_default();
    view! {
        <li class="draft-item">
            <div class="draft-item__head">
                <A href=href attr:class="draft-item__title">{typeset(&draft.title)}</A>
                <DraftStatusBadge status=draft.status />
            </div>
            <p class="draft-item__meta">
                {move || t_string!(i18n, drafts.list_meta, revisions, contributors).to_string()}
                " · "
                {t!(i18n, drafts.last_change, name = move || last.clone(), date = move || view! { <LongDate date /> })}
            </p>
        </li>
    }
}

/// The drafts section of a thème's page: its latest drafts (read with the page).
#[component]
pub fn ThemeDrafts(number: i32, drafts: Vec<crate::api::drafts::DraftSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let all_href = urls::drafts(number);
    let empty = drafts.is_empty();
    view! {
        <section class="theme-drafts" aria-labelledby="theme-drafts-heading">
            <h2 id="theme-drafts-heading">{t!(i18n, drafts.heading)}</h2>
            {empty.then(|| view! { <p class="empty">{t!(i18n, drafts.none)}</p> })}
            <ul class="draft-list">
                {drafts.into_iter().map(|draft| view! { <DraftItem theme=number draft /> }).collect_view()}
            </ul>
            <p><A href=all_href>{t!(i18n, drafts.all)}</A></p>
        </section>
    }
}
