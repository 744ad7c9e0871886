//! Writing a post: the composer (with its preview), and `/themes/{n}/discussions/new`.

use super::*;

/// A post's text area with its preview: rendered by the server when asked without JavaScript
/// (`preview_html`), live with hydration.
///
/// Kept in one piece: one form: the text, the preview and the kept copy in the browser share the
/// same signals.
#[component]
pub(super) fn Composer(
    number: i32,
    initial: String,
    error: Signal<Option<AppError>>,
    preview_html: Option<String>,
    #[prop(optional)] textarea: Option<NodeRef<leptos::html::Textarea>>,
    #[prop(default = 8)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let textarea = textarea.unwrap_or_default();
    let text = RwSignal::new(initial.clone());
    let preview = RwSignal::new(preview_html);
    let messages = move || {
        error
            .get()
            .map(|error| error.field_codes("body"))
            .unwrap_or_default()
    };
    let invalid = move || !messages().is_empty();
    #[cfg(feature = "hydrate")]
    {
        // A text area created by client-side navigation (a quote, a text sent back) does not take
        // its content from its children: give it explicitly, once.
        let initial = initial.clone();
        Effect::new(move |_| {
            if let Some(element) = textarea.get()
                && element.value() != initial
            {
                element.set_value(&initial);
            }
        });
        let generation = StoredValue::new(0u64);
        Effect::new(move |previous: Option<()>| {
            let current = text.get();
            if previous.is_none() {
                return;
            }
            let Some(ticket) = generation.try_get_value().map(|g| g + 1) else {
                return;
            };
            generation.set_value(ticket);
            leptos::prelude::set_timeout(
                move || {
                    if generation.try_get_value() != Some(ticket) {
                        return;
                    }
                    if current.trim().is_empty() {
                        preview.try_set(None);
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = preview_post(number.to_string(), current).await
                            && generation.try_get_value() == Some(ticket)
                        {
                            preview.try_set(Some(html));
                        }
                    });
                },
                std::time::Duration::from_millis(400),
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = number;
    view! {
        <div class="field composer" class:field--invalid=invalid>
            <label for="field-body">{t!(i18n, discussions.field_body)}</label>
            <p class="field__hint" id="field-body-hint">{t!(i18n, discussions.body_hint)}</p>
            <textarea id="field-body" name="body" rows=rows node_ref=textarea
                aria-describedby="field-body-hint field-body-error"
                aria-invalid=move || invalid().then_some("true")
                on:input=move |event| { text.try_set(event_target_value(&event)); }>{initial.clone()}</textarea>
            <p class="field__error" id="field-body-error" hidden=move || !invalid()>
                {move || messages().into_iter().map(|code| code_message(i18n, code)).collect::<Vec<_>>().join(" ")}
            </p>
        </div>
        <section class="composer__preview" aria-labelledby="preview-heading" aria-live="polite" hidden=move || preview.get().is_none()>
            <h2 id="preview-heading">{t!(i18n, drafts.preview_heading)}</h2>
            {move || preview.get().map(|html| view! { <div class="prose" inner_html=html></div> })}
        </section>
    }
}

/// The text a form posted without JavaScript sent back: in the address (`body`), or kept on the
/// server for its author when long (`kept`, an id). Empty when there is none.
pub(super) fn typed_text() -> Resource<String> {
    let kept = query("kept");
    let body = query("body");
    Resource::new(
        move || (kept.get(), body.get()),
        |(id, body)| async move {
            if id.is_empty() {
                body
            } else {
                get_kept_text(id).await.unwrap_or_default()
            }
        },
    )
}

/// A preview asked for without JavaScript (`?preview=1` with the text, see [`typed_text`]).
pub(super) fn asked_preview(
    number: impl Fn() -> String + Send + Sync + 'static,
) -> Resource<Option<String>> {
    let asked = query("preview");
    let kept = query("kept");
    let body = query("body");
    Resource::new(
        move || (asked.get() == "1").then(|| (number(), kept.get(), body.get())),
        |asked| async move {
            let (number, kept, body) = asked?;
            let body = if kept.is_empty() {
                body
            } else {
                get_kept_text(kept).await.ok()?
            };
            if body.trim().is_empty() {
                return None;
            }
            preview_post(number, body).await.ok()
        },
    )
}

/// `/themes/{n}/discussions/new`: a new thread (members).
#[component]
pub fn NewThreadPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = param("number");
    let list = Resource::new(number, |number| get_threads(number, None));
    let action = ServerAction::<OpenThread>::new();
    let error = action_error(action);
    let preview = asked_preview(number);
    let typed = typed_text();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, discussions.new_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let preview_html = preview.await;
                let initial = typed.await;
                match list.await {
                    Ok(view) if view.can_post => {
                        let number = view.theme.number;
                        view! {
                            <section class="page page--narrow">
                                <Crumbs theme=view.theme.clone() />
                                <h1>{t!(i18n, discussions.new_title)}</h1>
                                <ActionForm action attr:class="form" attr:novalidate=true>
                                    <FormErrors error />
                                    <input type="hidden" name="number" value=number.to_string() />
                                    <Field name="title" value=kept_value("title") error>{t!(i18n, discussions.field_title)}</Field>
                                    <Composer number initial error preview_html rows=12 />
                                    <div class="form__actions">
                                        <Submit action>{t!(i18n, discussions.open)}</Submit>
                                        <button type="submit" name="intent" value="preview" class="button">{t!(i18n, drafts.preview)}</button>
                                    </div>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                    Ok(view) if !view.signed_in => view! { <SignInRequired /> }.into_any(),
                    Ok(view) if !view.theme.open => view! { <ErrorView error=AppError::ThemeClosed /> }.into_any(),
                    Ok(_) => view! { <ErrorView error=AppError::Forbidden /> }.into_any(),
                    Err(error) => failure(error),
                }
            })}
        </Suspense>
    }
}
