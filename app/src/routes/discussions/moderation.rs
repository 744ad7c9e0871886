//! `/moderation`: open reports and the moderation log.

use super::*;

/// `/moderation`: open reports, for the site's moderators.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResolveReport>::new();
    let done = done();
    let reports = Resource::new(
        move || (action.version().get(), done.get()),
        |_| get_reports(),
    );
    let error = action_error(action);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, discussions.moderation_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match reports.await {
                    Ok(moderation) => {
                        let reports = moderation.reports;
                        let log = moderation.log;
                        view! {
                        <section class="page moderation">
                            <h1>{t!(i18n, discussions.moderation_title)}</h1>
                            {move || (done.get() == Some(Done::Resolved)).then(|| view! { <Notice>{t!(i18n, discussions.done_resolved)}</Notice> })}
                            <FormErrors error />
                            {reports.is_empty().then(|| view! { <p class="empty">{t!(i18n, discussions.no_reports)}</p> })}
                            <ul class="reports">
                                {reports.into_iter().map(|report| view! { <Report report action /> }).collect_view()}
                            </ul>
                            <h2>{t!(i18n, discussions.log_heading)}</h2>
                            {log.is_empty().then(|| view! { <p class="empty">{t!(i18n, discussions.log_empty)}</p> })}
                            <ul class="timeline moderation-log">
                                {log.into_iter().map(|entry| view! { <LogEntry entry /> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any()
                    }
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LogEntry(entry: crate::api::discussions::ModerationEntry) -> impl IntoView {
    let i18n = use_i18n();
    let actor = entry.actor.clone().unwrap_or_default();
    let subject = entry.subject.clone().unwrap_or_default();
    let title = entry.thread_title.clone();
    let sentence = move || {
        let (actor, subject, title) = (actor.clone(), subject.clone(), title.clone());
        match entry.action.as_str() {
            "post.hidden" => {
                t_string!(i18n, discussions.log_post_hidden, actor, subject, title).to_string()
            }
            "post.unhidden" => {
                t_string!(i18n, discussions.log_post_unhidden, actor, subject, title).to_string()
            }
            "thread.hidden" => {
                t_string!(i18n, discussions.log_thread_hidden, actor, title).to_string()
            }
            "thread.unhidden" => {
                t_string!(i18n, discussions.log_thread_unhidden, actor, title).to_string()
            }
            "comment.hidden" => {
                t_string!(i18n, discussions.log_comment_hidden, actor, subject, title).to_string()
            }
            "comment.unhidden" => t_string!(
                i18n,
                discussions.log_comment_unhidden,
                actor,
                subject,
                title
            )
            .to_string(),
            _ => t_string!(
                i18n,
                discussions.log_report_dismissed,
                actor,
                subject,
                title
            )
            .to_string(),
        }
    };
    let date = entry.at.date();
    view! {
        <li class="timeline__entry">
            <p>
                {sentence}
                " · "
                <LongDate date />
                {entry.link.map(|href| view! { " · " <a href=href>{t!(i18n, activity.see)}</a> })}
            </p>
            {entry.note.map(|note| view! { <blockquote class="report__reason">{note}</blockquote> })}
        </li>
    }
}

#[component]
fn Report(report: ReportView, action: ServerAction<ResolveReport>) -> impl IntoView {
    let i18n = use_i18n();
    let href = report.href.clone();
    let date = report.at.date();
    let note_id = format!("field-note-{}", report.id);
    let reporter = report.reporter.clone().unwrap_or_default();
    let author = report.author.clone().unwrap_or_default();
    let reason = report.reason.clone();
    let comment = report.comment;
    view! {
        <li class="report">
            <p class="report__where">
                {format!("{}. {}", report.theme, report.theme_title)}
                " · "
                {comment.then(|| view! { {t!(i18n, discussions.report_on_draft)} " " })}
                <a href=href>{report.place_title.clone()}</a>
            </p>
            <p class="report__who">
                {t!(i18n, discussions.reported_by, name = move || reporter.clone(), date = move || view! { <LongDate date /> })}
            </p>
            <blockquote class="report__reason">{reason}</blockquote>
            <p class="report__author">{move || if comment {
                t_string!(i18n, discussions.comment_by, name = author.clone()).to_string()
            } else {
                t_string!(i18n, discussions.post_by, name = author.clone()).to_string()
            }}</p>
            {report.hidden.then(|| view! { <p class="notice notice--hidden">{t!(i18n, discussions.already_hidden)}</p> })}
            <div class="prose post__body" inner_html=report.html></div>
            <ActionForm action attr:class="form form--inline">
                <input type="hidden" name="report" value=report.id.to_string() />
                <label for=note_id.clone()>{t!(i18n, discussions.resolution_note)}</label>
                <input id=note_id name="note" maxlength="1000" />
                <button type="submit" name="decision" value="hide" class="button button--small button--danger">{t!(i18n, discussions.resolve_hide)}</button>
                <button type="submit" name="decision" value="dismiss" class="button button--small">{t!(i18n, discussions.resolve_dismiss)}</button>
            </ActionForm>
        </li>
    }
}
