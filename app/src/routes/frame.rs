//! The page frame: header (site name, navigation, language switch), main, footer.
//!
//! It sits with the pages because, like them, it fetches: who is signed in (for the navigation
//! and the unread count) and the language switch's action.

use crate::{
    api::{SetLocale, account::get_me},
    domain::Role,
    i18n::{Locale, t, t_string, use_i18n},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

/// Wraps every page in the site's header and footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">
            {t!(i18n, site.skip_to_content)}
        </a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">
                        "A"
                    </span>
                    <span class="brand__text">
                        <span class="brand__name">{t!(i18n, site.name)}</span>
                        <span class="brand__tagline">{t!(i18n, site.tagline)}</span>
                    </span>
                </A>
                <nav class="site-nav" aria-label=move || t_string!(i18n, site.main_nav)>
                    <A href="/">{t!(i18n, site.home)}</A>
                </nav>
                <SiteSearch />
                <AccountMenu />
                <LanguageSwitch />
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>{t!(i18n, site.footer_about)}</p>
                <p class="site-footer__source">{t!(i18n, site.footer_source)}</p>
            </div>
        </footer>
    }
}

/// The search field of every page: a plain GET form to `/search`, with or without JavaScript.
/// On the search page itself the page's own, fuller form takes its place.
#[component]
fn SiteSearch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let elsewhere = move || location.pathname.get() != "/search";
    view! {
        <Show when=elsewhere>
            <form method="get" action="/search" class="site-search" role="search">
                <label for="site-search-q" class="visually-hidden">{t!(i18n, search.label)}</label>
                <crate::routes::search::SearchField id="site-search-q" short=true />
                <button type="submit" class="button button--small site-search__submit">
                    <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16">
                        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2.2" />
                        <line x1="12.6" y1="12.6" x2="17.5" y2="17.5" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
                    </svg>
                    <span class="visually-hidden">{t!(i18n, search.submit)}</span>
                </button>
            </form>
        </Show>
    }
}

/// Who is signed in, with their links; or the sign-in and sign-up links.
///
/// Read again after every navigation (sign-in and sign-up end with one). Signing out is a plain
/// form post to `/logout`, which reloads the page with or without JavaScript.
#[component]
fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let me = Resource::new(
        move || (location.pathname.get(), location.search.get()),
        |_| get_me(),
    );
    // The unread count as the server pushes it (hydrated pages), newer than the page's.
    let live_unread = RwSignal::new(None::<i64>);
    #[cfg(feature = "hydrate")]
    let stream = StoredValue::new_local(None::<unread_live::Stream>);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        let admin = me.role == Role::Admin;
                        let moderator = matches!(me.role, Role::Admin | Role::Moderator);
                        #[cfg(feature = "hydrate")]
                        unread_live::ensure(stream, live_unread);
                        view! {
                            <div class="account-menu" data-viewer=me.id.to_string()>
                                <A href="/account" attr:class="account-menu__name">
                                    {me.display_name}
                                </A>
                                {
                                    let unread = move || live_unread.get().unwrap_or(me.unread);
                                    view! {
                                        <A href="/notifications" attr:class="account-menu__notifications">
                                            {t!(i18n, group.notifications_link)}
                                            {move || (unread() > 0).then(|| view! {
                                                " " <span class="count-badge" aria-label=move || t_string!(i18n, group.unread_count, count = unread())>{unread()}</span>
                                            })}
                                        </A>
                                    }
                                }
                                {moderator.then(|| view! { <A href="/moderation">{t!(i18n, discussions.moderation_link)}</A> })}
                                {admin.then(|| view! { <A href="/admin">{t!(i18n, admin.title)}</A> })}
                                <form method="post" action="/logout" class="inline-form" on:submit=move |_| {
                                    #[cfg(feature = "hydrate")]
                                    crate::routes::drafts::forget_unsaved_texts();
                                }>
                                    <button type="submit" class="link-button">
                                        {t!(i18n, account.logout)}
                                    </button>
                                </form>
                            </div>
                        }
                            .into_any()
                    }
                    _ => view! {
                        <div class="account-menu">
                            <A href="/login">{t!(i18n, account.login_link)}</A>
                            <A href="/signup" attr:class="button button--small">
                                {t!(i18n, account.signup_link)}
                            </A>
                        </div>
                    }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(feature = "hydrate")]
mod unread_live {
    //! The header's unread count, pushed by the server (`GET /events`, `unread` events).

    use leptos::{prelude::*, wasm_bindgen::JsCast, wasm_bindgen::closure::Closure};

    /// An open event source and its callback.
    pub struct Stream {
        source: web_sys::EventSource,
        _on_unread: Closure<dyn Fn(web_sys::MessageEvent)>,
    }

    /// Opens the stream unless one is open already (one per page load, reopened after a sign-in
    /// or once the browser gave up on it).
    pub fn ensure(
        stream: StoredValue<Option<Stream>, LocalStorage>,
        unread: RwSignal<Option<i64>>,
    ) {
        let open = stream
            .try_with_value(|stream| {
                stream
                    .as_ref()
                    .is_some_and(|s| s.source.ready_state() != web_sys::EventSource::CLOSED)
            })
            .unwrap_or(true);
        if open {
            return;
        }
        let Ok(source) = web_sys::EventSource::new("/events") else {
            return;
        };
        let on_unread =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if let Some(count) = event
                    .data()
                    .as_string()
                    .and_then(|data| data.trim().parse().ok())
                {
                    unread.try_set(Some(count));
                }
            });
        let _ =
            source.add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref());
        if let Some(previous) = stream.try_update_value(|slot| {
            slot.replace(Stream {
                source,
                _on_unread: on_unread,
            })
        }) && let Some(previous) = previous
        {
            previous.source.close();
        }
    }
}

/// Switches the interface between French and English.
///
/// A real form posting to the `locale/set` server function: without JavaScript the server sets
/// the cookie and redirects back; with hydration the answer switches the page in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLocale>::new();
    Effect::new(move |_| {
        if let Some(Ok(chosen)) = action.value().get() {
            match chosen.as_str() {
                "en" => i18n.set_locale(Locale::en),
                "fr" => i18n.set_locale(Locale::fr),
                _ => {}
            }
        }
    });
    let other = move || match i18n.get_locale() {
        Locale::fr => "en",
        Locale::en => "fr",
    };
    view! {
        <ActionForm action attr:class="lang-switch">
            <input type="hidden" name="locale" prop:value=other value=other />
            <button
                type="submit"
                class="lang-switch__button"
                lang=other
                title=move || t_string!(i18n, lang.switch_title)
            >
                {t!(i18n, lang.switch)}
            </button>
        </ActionForm>
    }
}
