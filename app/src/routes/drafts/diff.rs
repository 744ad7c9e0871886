//! `/themes/{n}/drafts/{d}/diff`: two revisions compared.

use super::*;

/// `/themes/{n}/drafts/{d}/diff?from=A&to=B[&view=side]`.
#[component]
pub fn DiffPage() -> impl IntoView {
    let number = param("number");
    let draft = param("draft");
    let from = query("from");
    let to = query("to");
    let page = Resource::new(
        move || (number(), draft(), from.get(), to.get()),
        |(n, d, from, to)| {
            get_diff(
                n,
                d,
                (!from.is_empty()).then_some(from),
                (!to.is_empty()).then_some(to),
            )
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view! { <Diff view /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Diff(view: DiffView) -> impl IntoView {
    let i18n = use_i18n();
    let theme = view.theme.number;
    let number = view.number;
    let base = urls::draft(theme, number);
    let side = query("view");
    let (from, to) = (view.from.number, view.to.number);
    let title = format!("{} · {}", t_string!(i18n, drafts.tab_diff), view.title);
    let inline_href = format!("{base}/diff?from={from}&to={to}");
    let side_href = format!("{base}/diff?from={from}&to={to}&view=side");
    let action = format!("{base}/diff");
    let options = move |selected: i32| {
        (1..=view.head)
            .rev()
            .map(|n| {
                let chosen = n == selected;
                view! { <option value=n.to_string() selected=chosen>{n}</option> }
            })
            .collect_view()
    };
    let blocks = view.blocks.clone();
    let (added, removed) = (view.words_added, view.words_removed);
    let empty = blocks.iter().all(|b| !matches!(b, DiffBlock::Changed(_)));
    view! {
        <PageTitle text=title />
        <section class="page diff">
            <Crumbs theme=view.theme.clone() draft=(number, view.title.clone()) />
            <h1>{typeset(&view.title)}</h1>
            <DraftTabs theme draft=number current=Tab::Diff can_write=false />
            <form method="get" action=action class="diff__picker">
                <label for="diff-from">{t!(i18n, drafts.col_from)}</label>
                <select id="diff-from" name="from">{options(from)}</select>
                <label for="diff-to">{t!(i18n, drafts.col_to)}</label>
                <select id="diff-to" name="to">{options(to)}</select>
                {move || (side.get() == "side").then(|| view! { <input type="hidden" name="view" value="side" /> })}
                <button type="submit" class="button">{t!(i18n, drafts.compare)}</button>
            </form>
            <div class="diff__sides">
                <p><strong>{t!(i18n, drafts.col_from)}</strong>" "<RevisionLine theme draft=number revision=view.from.clone() /></p>
                <p><strong>{t!(i18n, drafts.col_to)}</strong>" "<RevisionLine theme draft=number revision=view.to.clone() /></p>
            </div>
            <p class="diff__summary">
                {move || crate::components::redline::words_changed(i18n, i64::try_from(added).unwrap_or(i64::MAX), i64::try_from(removed).unwrap_or(i64::MAX))}
                {(from > to).then(|| view! { " " <em>{t!(i18n, drafts.backwards)}</em> })}
            </p>
            <nav class="diff__modes" aria-label=move || t_string!(i18n, drafts.diff_modes)>
                <a href=inline_href aria-current=move || (side.get() != "side").then_some("page")>{t!(i18n, drafts.inline)}</a>
                " · "
                <a href=side_href aria-current=move || (side.get() == "side").then_some("page")>{t!(i18n, drafts.side_by_side)}</a>
            </nav>
            <p class="diff__legend">
                <del>{t!(i18n, drafts.legend_removed)}</del>" "<ins>{t!(i18n, drafts.legend_added)}</ins>
            </p>
            {empty.then(|| view! { <p class="empty">{t!(i18n, drafts.no_changes)}</p> })}
            {move || {
                let blocks = blocks.clone();
                if side.get() == "side" {
                    view! { <SideBySide blocks /> }.into_any()
                } else {
                    view! { <Inline blocks /> }.into_any()
                }
            }}
        </section>
    }
}
