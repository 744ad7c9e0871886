//! The HTML shell and the route table: the one place that knows Atelier's URLs.

use crate::{
    i18n::I18nContextProvider,
    routes::frame::Layout,
    routes::{
        account::{
            AccountPage, ConfirmEmailPage, ForgotPasswordPage, LoginPage, ResetPasswordPage,
            ResetSentPage, SignupConfirmPage, SignupPage, SignupSentPage,
        },
        admin::AdminPage,
        discussions::{
            EditPostPage, ModerationPage, NewThreadPage, ThreadPage, ThreadsPage, VersionsPage,
        },
        drafts::{
            AttributionPage, ContributionsPage, DiffPage, DraftPage, DraftsPage, EditDraftPage,
            HistoryPage, NewDraftPage,
        },
        groups::{
            ActivityPageView, EditThemePage, InvitationPage, MembersPage, NewThemePage,
            NotificationsPage,
        },
        home::HomePage,
        not_found::NotFoundPage,
        search::SearchPage,
        theme::ThemePage,
    },
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::csp::provide_request_nonce();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The stylesheet and scripts by their content-hashed names when the build made
                // them (`hash-files`): a browser may keep them for a year.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language this request is served in, as the code the i18n context matches (server only:
/// the browser build reads it back from `<html lang>`).
fn chosen_language() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use leptos_i18n::Locale as _;
        let parts = use_context::<http::request::Parts>()?;
        let chosen =
            crate::api::locale::cookie_locale(&parts.headers).unwrap_or(crate::i18n::Locale::fr);
        Some(chosen.as_str().to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The application: translations, page metadata, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // French unless the person chose otherwise: the browser's Accept-Language is not consulted,
    // so every first visit sees the cahier in the language it was written in. The choice is the
    // cookie the server alone writes (the language switch, or the account at sign-in), with
    // `Path=/`; the i18n context neither reads nor writes a cookie of its own, since its writes
    // carried no `Path` and left a second cookie per folder that could disagree with the first.
    // The hydrated page takes the language from `<html lang>`, which the server set.
    let chosen_language =
        leptos_i18n::context::UseLocalesOptions::default().ssr_lang_header_getter(chosen_language);
    view! {
        <I18nContextProvider enable_cookie=false ssr_lang_header_getter=chosen_language>
            <Title formatter=|title: String| {
                if title.is_empty() { "Atelier".to_owned() } else { format!("{title} · Atelier") }
            } />
            <Router>
                <Layout>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/themes/new") view=NewThemePage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number") view=ThemePage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/edit") view=EditThemePage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/members") view=MembersPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/activity") view=ActivityPageView ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts") view=DraftsPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts/new") view=NewDraftPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts/:draft") view=DraftPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts/:draft/edit") view=EditDraftPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts/:draft/history") view=HistoryPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts/:draft/revisions/:revision") view=DraftPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts/:draft/diff") view=DiffPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/drafts/:draft/attribution") view=AttributionPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/discussions") view=ThreadsPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/discussions/new") view=NewThreadPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/discussions/:thread") view=ThreadPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/discussions/:thread/posts/:post/edit") view=EditPostPage ssr=SsrMode::Async />
                        <Route path=path!("/themes/:number/discussions/:thread/posts/:post/versions") view=VersionsPage ssr=SsrMode::Async />
                        <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async />
                        <Route path=path!("/members/:id") view=ContributionsPage ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                        <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                        <Route path=path!("/invitations/accept") view=InvitationPage ssr=SsrMode::Async />
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                        <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async />
                        <Route path=path!("/signup/sent") view=SignupSentPage ssr=SsrMode::Async />
                        <Route path=path!("/signup/confirm") view=SignupConfirmPage ssr=SsrMode::Async />
                        <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/password/sent") view=ResetSentPage ssr=SsrMode::Async />
                        <Route path=path!("/password/reset") view=ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/account/email/confirm") view=ConfirmEmailPage ssr=SsrMode::Async />
                        <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
