//! The page frame: header (site name, navigation, language switch), main, footer.

use crate::{
    api::SetLocale,
    i18n::{Locale, t, t_string, use_i18n},
};
use leptos::prelude::*;
use leptos_router::components::A;

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
