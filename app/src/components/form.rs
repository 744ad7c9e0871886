//! Form pieces shared by every form: the error summary and labelled fields.
//!
//! Errors come from the form's server action: after a post with hydration, from its value; after
//! a plain post, from the query string Leptos decodes into the same action. A field's initial
//! value is what the person typed, carried back in the query string after a plain post (see
//! `ssr::forms`), so nothing but passwords is lost on an error.

use crate::{
    components::error_view::{code_message, error_message},
    error::AppError,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The error of a server action's last result, as a signal.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The query-string value `name` of the current URL (empty when absent), following navigation.
pub fn query(name: &'static str) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(name).unwrap_or_default())
}

/// The notice of the action that led here (`?done=…`), if the URL carries one.
pub fn done() -> Memo<Option<crate::domain::notice::Done>> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        crate::domain::notice::Done::from_query(|name| query.get(name))
    })
}

/// The value `name` had when the form was last posted without JavaScript, or empty.
pub fn kept_value(name: &'static str) -> String {
    use_query_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// The id of field `name` in the form `scope` (forms sharing a page need distinct scopes).
pub fn field_id(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        format!("field-{name}")
    } else {
        format!("field-{scope}-{name}")
    }
}

/// The summary at the top of a form: what went wrong, with links to each refused field.
#[component]
pub fn FormErrors(
    error: Signal<Option<AppError>>,
    /// The form's scope, as given to its fields.
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let scope = scope.clone();
        error.get().map(|error| {
            let fields = match &error {
                AppError::Validation(fields) => fields.clone(),
                _ => Vec::new(),
            };
            view! {
                <div class="form-errors" role="alert" tabindex="-1">
                    <p class="form-errors__title">{error_message(i18n, &error)}</p>
                    <Show when={
                        let empty = fields.is_empty();
                        move || !empty
                    }>
                        <ul>
                            {fields
                                .clone()
                                .into_iter()
                                .map(|field| {
                                    let href = format!("#{}", field_id(&scope, &field.field));
                                    view! {
                                        <li>
                                            <a href=href>{code_message(i18n, field.code)}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </Show>
                </div>
            }
        })
    }
}

/// A labelled input with its error beside it.
#[component]
pub fn Field(
    /// The input's `name`, also the field name errors refer to.
    name: &'static str,
    /// The label.
    children: Children,
    /// The error of the form's last post.
    error: Signal<Option<AppError>>,
    /// The input's type.
    #[prop(default = "text")]
    kind: &'static str,
    /// Its `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The initial value (never set for passwords).
    #[prop(optional, into)]
    value: String,
    /// A short help text under the label.
    #[prop(optional, into)]
    hint: Option<ViewFn>,
    /// Whether the field must be filled.
    #[prop(default = true)]
    required: bool,
    /// The form's scope, when several forms share a page (ids stay unique).
    #[prop(optional)]
    scope: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(scope, name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let messages = move || {
        error
            .get()
            .map(|error| {
                error
                    .field_codes(name)
                    .into_iter()
                    .map(|code| code_message(i18n, code))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let invalid = move || !messages().is_empty();
    let has_hint = hint.is_some();
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if invalid() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{children()}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint.run()}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=described
            />
            <p class="field__error" id=error_id hidden=move || !invalid()>
                {move || messages().join(" ")}
            </p>
        </div>
    }
}

/// A one-line notice after a successful action (`?done=…`).
#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! {
        <div class="notice notice--success" role="status">
            {children()}
        </div>
    }
}

/// Shows an "in progress" state on a submit button while the action runs.
#[component]
pub fn Submit<S>(action: ServerAction<S>, children: Children) -> impl IntoView
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    view! {
        <button type="submit" class="button button--primary" aria-busy=move || action.pending().get().then_some("true")>
            {children()}
        </button>
    }
}
