//! A person's name, linking to their contributions.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// A person's name linking to their contributions.
#[component]
pub fn PersonLink(id: Option<uuid::Uuid>, name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    match (id, name) {
        (Some(id), Some(name)) => {
            view! { <a href=crate::domain::urls::member(id) class="person">{name}</a> }.into_any()
        }
        _ => view! { <span class="person">{t!(i18n, drafts.deleted_account)}</span> }.into_any(),
    }
}
