//! Dates written out in the current language (« 11 janvier 2012 », "January 11, 2012").

use crate::i18n::{Locale, t_string, use_i18n};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use time::{Date, Month};

/// A date in long form, in the interface language, inside a `<time>` element.
#[component]
pub fn LongDate(date: Date) -> impl IntoView {
    let i18n = use_i18n();
    let iso = date.to_string();
    view! { <time datetime=iso>{move || long_date(i18n, date)}</time> }
}

/// The long form of `date` in the current language.
pub fn long_date(i18n: I18nContext<Locale>, date: Date) -> String {
    let month = month_name(i18n, date.month());
    t_string!(
        i18n,
        dates.long,
        day = date.day(),
        month = month,
        year = date.year()
    )
    .to_string()
}

fn month_name(i18n: I18nContext<Locale>, month: Month) -> &'static str {
    match month {
        Month::January => t_string!(i18n, dates.months.m1),
        Month::February => t_string!(i18n, dates.months.m2),
        Month::March => t_string!(i18n, dates.months.m3),
        Month::April => t_string!(i18n, dates.months.m4),
        Month::May => t_string!(i18n, dates.months.m5),
        Month::June => t_string!(i18n, dates.months.m6),
        Month::July => t_string!(i18n, dates.months.m7),
        Month::August => t_string!(i18n, dates.months.m8),
        Month::September => t_string!(i18n, dates.months.m9),
        Month::October => t_string!(i18n, dates.months.m10),
        Month::November => t_string!(i18n, dates.months.m11),
        Month::December => t_string!(i18n, dates.months.m12),
    }
}
