//! A thème's status as a small badge.

use crate::{
    domain::ThemeStatus,
    i18n::{t, use_i18n},
};
use leptos::prelude::*;

/// « Ouvert », « Clos » or « Archivé », styled by status.
#[component]
pub fn StatusBadge(status: ThemeStatus) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || match status {
        ThemeStatus::Open => t!(i18n, theme.status.open).into_any(),
        ThemeStatus::Closed => t!(i18n, theme.status.closed).into_any(),
        ThemeStatus::Archived => t!(i18n, theme.status.archived).into_any(),
    };
    view! { <span class=format!("badge badge--{}", status.as_str())>{label}</span> }
}
