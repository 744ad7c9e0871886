//! `/themes/{n}/drafts/new`: writing a new draft.

use super::*;

/// `/themes/{n}/drafts/new`: a new draft (members).
#[component]
pub fn NewDraftPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = param("number");
    let list = Resource::new(number, get_drafts);
    let action = ServerAction::<CreateDraft>::new();
    let error = action_error(action);
    // Without JavaScript, "Aperçu" comes back here with the text and `preview=1`.
    let asked = query("preview");
    let preview = Resource::new(
        move || (asked.get() == "1").then(|| kept_value("body")),
        |body| async move {
            match body {
                Some(body) => crate::api::drafts::preview_markdown(body).await.ok(),
                None => None,
            }
        },
    );
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, drafts.new_title).to_owned()) />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let preview_html = preview.await;
                match list.await {
                    Ok(view) if view.can_write => {
                        let number = view.theme.number.to_string();
                        let body = kept_value("body");
                        view! {
                            <section class="page page--narrow">
                                <Crumbs theme=view.theme.clone() />
                                <h1>{t!(i18n, drafts.new_title)}</h1>
                                <ActionForm action attr:class="form editor" attr:novalidate=true>
                                    <FormErrors error />
                                    <input type="hidden" name="number" value=number.clone() />
                                    <Field name="title" value=kept_value("title") error>{t!(i18n, drafts.field_title)}</Field>
                                    <Editor name_key=format!("new:{number}") initial=body error base=None preview_html />
                                    <Field name="summary" value=kept_value("summary") error required=false>{t!(i18n, drafts.field_summary)}</Field>
                                    <div class="form__actions">
                                        <Submit action>{t!(i18n, drafts.create)}</Submit>
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
