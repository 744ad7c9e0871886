//! `/admin`: accounts and their site roles, and the audit log. Admins only.

use crate::{
    api::{AdminView, SetModerator, admin::get_admin},
    components::{
        date::LongDate,
        error_view::ErrorView,
        form::{FormErrors, Notice, action_error},
        title::PageTitle,
    },
    domain::Role,
    error::AppError,
    i18n::{t, t_string, use_i18n},
    routes::account::SignInRequired,
};
use crate::{components::form::done, domain::notice::Done};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The administration page.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let query = use_query_map();
    let set_moderator = ServerAction::<SetModerator>::new();
    let admin = Resource::new(
        move || location.search.get(),
        move |_| get_admin(query.read_untracked().get("q").unwrap_or_default()),
    );
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, admin.title).to_owned()) />
        <Suspense fallback=|| view! { <div class="page loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match admin.await {
                    Ok(view) => view! { <Admin view set_moderator /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Kept in one piece: one template: the people search, the role forms and the audit log share the
/// page's action.
#[component]
fn Admin(view: AdminView, set_moderator: ServerAction<SetModerator>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let search = query.read_untracked().get("q").unwrap_or_default();
    let done = done();
    let error = action_error(set_moderator);
    view! {
        <section class="page admin">
            <h1>{t!(i18n, admin.title)}</h1>
            <Show when=move || done.get() == Some(Done::Role)>
                <Notice>{t!(i18n, admin.role_saved)}</Notice>
            </Show>
            <section class="card" aria-labelledby="admin-people">
                <h2 id="admin-people">{t!(i18n, admin.people_heading)}</h2>
                <form method="get" action="/admin" class="search-form" role="search">
                    <label for="admin-search">{t!(i18n, admin.search_label)}</label>
                    <input id="admin-search" type="search" name="q" value=search />
                    <button type="submit" class="button">{t!(i18n, admin.search_submit)}</button>
                </form>
                <FormErrors error />
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, admin.col_name)}</th>
                            <th scope="col">{t!(i18n, admin.col_email)}</th>
                            <th scope="col">{t!(i18n, admin.col_role)}</th>
                            <th scope="col">{t!(i18n, admin.col_action)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {view.users.into_iter().map(|user| {
                            let role = user.role;
                            let id = user.id.to_string();
                            let name = user.display_name.clone();
                            view! {
                                <tr>
                                    <td>{user.display_name}</td>
                                    <td>{user.email}</td>
                                    <td>{move || role_label(i18n, role)}</td>
                                    <td>
                                        {match role {
                                            Role::Admin => ().into_any(),
                                            Role::Moderator | Role::Member => {
                                                let grant = role == Role::Member;
                                                view! {
                                                    <ActionForm action=set_moderator attr:class="inline-form">
                                                        <input type="hidden" name="user_id" value=id.clone() />
                                                        <input type="hidden" name="moderator" value=if grant { "true" } else { "false" } />
                                                        <button type="submit" class="button button--small"
                                                            aria-label={
                                                                let name = name.clone();
                                                                move || if grant {
                                                                    t_string!(i18n, admin.grant_for, name = name.clone())
                                                                } else {
                                                                    t_string!(i18n, admin.revoke_for, name = name.clone())
                                                                }
                                                            }>
                                                            {if grant { t!(i18n, admin.grant).into_any() } else { t!(i18n, admin.revoke).into_any() }}
                                                        </button>
                                                    </ActionForm>
                                                }.into_any()
                                            }
                                        }}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card" aria-labelledby="admin-audit">
                <h2 id="admin-audit">{t!(i18n, admin.audit_heading)}</h2>
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, admin.col_when)}</th>
                            <th scope="col">{t!(i18n, admin.col_who)}</th>
                            <th scope="col">{t!(i18n, admin.col_what)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {view.audit.into_iter().map(|entry| {
                            let date = entry.at.date();
                            let actor = entry.actor.clone();
                            let subject = entry.subject.clone().unwrap_or_default();
                            let action = entry.action.clone();
                            view! {
                                <tr>
                                    <td><LongDate date /></td>
                                    <td>{move || actor.clone().unwrap_or_else(|| t_string!(i18n, admin.command_line).to_owned())}</td>
                                    <td>{move || audit_label(i18n, &action, &subject)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </section>
    }
}

fn role_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, role: Role) -> String {
    match role {
        Role::Admin => t_string!(i18n, account.role_admin).to_string(),
        Role::Moderator => t_string!(i18n, account.role_moderator).to_string(),
        Role::Member => t_string!(i18n, account.role_member).to_string(),
    }
}

fn audit_label(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    action: &str,
    subject: &str,
) -> String {
    let subject = subject.to_owned();
    match action {
        "role.granted" => t_string!(i18n, admin.audit_granted, name = subject).to_string(),
        "role.revoked" => t_string!(i18n, admin.audit_revoked, name = subject).to_string(),
        "admin.created" => t_string!(i18n, admin.audit_admin_created, name = subject).to_string(),
        "account.created" => {
            t_string!(i18n, admin.audit_account_created, name = subject).to_string()
        }
        "account.password_changed" => {
            t_string!(i18n, admin.audit_password_changed, name = subject).to_string()
        }
        "account.password_reset" => {
            t_string!(i18n, admin.audit_password_reset, name = subject).to_string()
        }
        "account.email_changed" => {
            t_string!(i18n, admin.audit_email_changed, name = subject).to_string()
        }
        "post.hidden" => t_string!(i18n, admin.audit_post_hidden, name = subject).to_string(),
        "post.unhidden" => t_string!(i18n, admin.audit_post_unhidden, name = subject).to_string(),
        "thread.hidden" => t_string!(i18n, admin.audit_thread_hidden, name = subject).to_string(),
        "thread.unhidden" => {
            t_string!(i18n, admin.audit_thread_unhidden, name = subject).to_string()
        }
        "comment.hidden" => t_string!(i18n, admin.audit_comment_hidden, name = subject).to_string(),
        "comment.unhidden" => {
            t_string!(i18n, admin.audit_comment_unhidden, name = subject).to_string()
        }
        "report.dismissed" => {
            t_string!(i18n, admin.audit_report_dismissed, name = subject).to_string()
        }
        other => other.to_owned(),
    }
}
