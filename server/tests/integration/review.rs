//! Reviewing drafts over HTTP: comments anchored to passages as the text changes, suggestions
//! (accepted, merged, conflicting, declined), the status workflow and the frozen adopted draft,
//! exports.

use crate::support;

use http::StatusCode;
use sqlx::PgPool;
use support::{Post, TestApp, TestResponse, add_member, call, json, location, notified};
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

const TEXT: &str = "# Circuits courts\n\nLes circuits courts relient producteurs et habitants du territoire.\n\nIls créent des emplois locaux et durables.\n\nLa restauration collective peut en être le moteur.\n";

struct Group {
    fanny: String,
    alice: String,
    alice_id: Uuid,
    bruno: String,
    reader: String,
    reader_id: Uuid,
}

async fn group(app: &TestApp) -> Group {
    let fanny_id = app
        .create_user("fanny@example.org", "Fanny", PASSWORD, "member")
        .await;
    let alice_id = app
        .create_user("alice@example.org", "Alice", PASSWORD, "member")
        .await;
    let bruno_id = app
        .create_user("bruno@example.org", "Bruno", PASSWORD, "member")
        .await;
    let reader_id = app
        .create_user("lecteur@example.org", "Lecteur", PASSWORD, "member")
        .await;
    add_member(&app.pool, 11, fanny_id, "facilitator").await;
    add_member(&app.pool, 11, alice_id, "member").await;
    add_member(&app.pool, 11, bruno_id, "member").await;
    let g = Group {
        fanny: app.sign_in("fanny@example.org", PASSWORD).await,
        alice: app.sign_in("alice@example.org", PASSWORD).await,
        alice_id,
        bruno: app.sign_in("bruno@example.org", PASSWORD).await,
        reader: app.sign_in("lecteur@example.org", PASSWORD).await,
        reader_id,
    };
    let created = call(
        app,
        "/api/drafts/create",
        &[("number", "11"), ("title", "Proposition"), ("body", TEXT)],
        &g.alice,
    )
    .await;
    assert_eq!(location(&created), "/themes/11/drafts/1?done=created");
    g
}

async fn head(pool: &PgPool) -> (i32, String) {
    sqlx::query_as(
        "select r.number, r.body from draft_revisions r join drafts d on d.id = r.draft_id
         where r.number = d.head",
    )
    .fetch_one(pool)
    .await
    .expect("the head")
}

async fn save(app: &TestApp, cookie: &str, from: &str, to: &str) {
    let (base, body) = head(&app.pool).await;
    assert!(body.contains(from), "{from:?} is in the text");
    let saved = call(
        app,
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", &base.to_string()),
            ("body", &body.replacen(from, to, 1)),
        ],
        cookie,
    )
    .await;
    assert!(location(&saved).contains("done=saved"), "{}", saved.head());
}

async fn comment(app: &TestApp, cookie: &str, quote: &str, body: &str) -> TestResponse {
    call(
        app,
        "/api/drafts/comment",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("quote", quote),
            ("body", body),
        ],
        cookie,
    )
    .await
}

async fn anchor(pool: &PgPool) -> (String, String) {
    let (revision, start, end, state): (i32, i32, i32, String) = sqlx::query_as(
        "select anchor_revision, anchor_start, anchor_end, anchor_state from draft_comments
         where parent_id is null order by id limit 1",
    )
    .fetch_one(pool)
    .await
    .expect("a comment");
    let body: String = sqlx::query_scalar("select body from draft_revisions where number = $1")
        .bind(revision)
        .fetch_one(pool)
        .await
        .expect("its revision");
    let passage = body
        .get(usize::try_from(start).unwrap()..usize::try_from(end).unwrap())
        .unwrap_or_default()
        .to_owned();
    (passage, state)
}

async fn suggest(app: &TestApp, cookie: &str, quote: &str, replacement: &str) -> TestResponse {
    call(
        app,
        "/api/drafts/suggest",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("quote", quote),
            ("replacement", replacement),
            ("note", "Plus précis"),
        ],
        cookie,
    )
    .await
}

async fn decide(app: &TestApp, cookie: &str, decision: &str, reason: &str) -> TestResponse {
    let id: i64 = sqlx::query_scalar("select max(id) from draft_suggestions")
        .fetch_one(&app.pool)
        .await
        .expect("a suggestion");
    call(
        app,
        "/api/drafts/suggestion/decide",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("suggestion", &id.to_string()),
            ("decision", decision),
            ("reason", reason),
        ],
        cookie,
    )
    .await
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_comment_follows_its_passage_when_it_moves_and_is_edited_and_says_when_it_is_removed(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    // The browser's selection is the rendered text: no Markdown.
    let made = comment(
        &app,
        &g.alice,
        "Ils créent des emplois locaux",
        "Combien d’emplois ?",
    )
    .await;
    assert!(location(&made).starts_with("/themes/11/drafts/1?done=commented#comment-"));
    let page = app.get("/themes/11/drafts/1").await;
    assert!(
        page.body.contains("id=\"passage-")
            && page.body.contains(">Ils créent des emplois locaux</mark>"),
        "the passage is marked in the text"
    );
    // Shown in French typography: a narrow no-break space before « ? ».
    assert!(page.body.contains("Combien d’emplois\u{202f}?"));

    // Moved: the paragraph goes first.
    let (_, body) = head(&pool).await;
    let moved = body
        .replace("Ils créent des emplois locaux et durables.\n\n", "")
        .replace(
            "# Circuits courts\n\n",
            "# Circuits courts\n\nIls créent des emplois locaux et durables.\n\n",
        );
    save(&app, &g.bruno, &body, &moved).await;
    assert_eq!(
        anchor(&pool).await,
        (
            "Ils créent des emplois locaux".to_owned(),
            "intact".to_owned()
        )
    );

    // Edited: words change inside the passage.
    save(
        &app,
        &g.bruno,
        "créent des emplois locaux",
        "créent beaucoup d’emplois locaux",
    )
    .await;
    assert_eq!(
        anchor(&pool).await,
        (
            "Ils créent beaucoup d’emplois locaux".to_owned(),
            "edited".to_owned()
        )
    );
    let page = app.get("/themes/11/drafts/1").await;
    assert!(
        page.body.contains("Passage modifié depuis le commentaire"),
        "the reader is told the passage changed"
    );

    // Deleted: the comment stays, on a removed passage, with its quote.
    save(
        &app,
        &g.bruno,
        "Ils créent beaucoup d’emplois locaux et durables.\n\n",
        "",
    )
    .await;
    assert_eq!(anchor(&pool).await.1, "removed");
    let page = app.get("/themes/11/drafts/1").await;
    assert!(page.body.contains("Sur un passage supprimé"));
    assert!(page.body.contains("Ils créent des emplois locaux"));
    // Shown in French typography: a narrow no-break space before « ? ».
    assert!(page.body.contains("Combien d’emplois\u{202f}?"));
    assert!(!page.body.contains("<mark class=\"passage\""));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn comments_take_replies_and_are_resolved_by_their_author_or_a_facilitator_only(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    comment(
        &app,
        &g.alice,
        "La restauration collective",
        "Et les cantines ?",
    )
    .await;
    let id: i64 = sqlx::query_scalar("select id from draft_comments")
        .fetch_one(&pool)
        .await
        .unwrap();
    let replied = call(
        &app,
        "/api/drafts/comment/reply",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("comment", &id.to_string()),
            ("reply", "Oui, les cantines scolaires."),
        ],
        &g.bruno,
    )
    .await;
    assert!(
        location(&replied).contains("done=replied"),
        "{}",
        replied.head()
    );
    let notified: i64 = sqlx::query_scalar(
        "select count(*) from notifications n join activity a on a.id = n.activity_id
         where a.verb = 'comment.replied' and n.user_id = $1",
    )
    .bind(g.alice_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(notified, 1, "the first comment's author is told");

    let resolve = |cookie: String| {
        let app = &app;
        async move {
            call(
                app,
                "/api/drafts/comment/resolve",
                &[
                    ("number", "11"),
                    ("draft", "1"),
                    ("comment", &id.to_string()),
                ],
                &cookie,
            )
            .await
        }
    };
    assert_eq!(resolve(g.bruno.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        resolve(g.reader.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(location(&resolve(g.fanny.clone()).await).contains("done=resolved"));
    let page = app.get("/themes/11/drafts/1").await;
    assert!(
        page.body.contains("Commentaires résolus (1)"),
        "folded, not deleted"
    );
    assert!(page.body.contains("Oui, les cantines scolaires."));

    // Readers may not comment; visitors neither.
    let refused = comment(&app, &g.reader, "La restauration collective", "Moi aussi").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_comment_on_a_passage_that_is_not_in_the_text_is_refused_and_keeps_what_was_typed(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let refused = app
        .post_form(
            "/api/drafts/comment",
            &[
                ("number", "11"),
                ("draft", "1"),
                ("quote", "un passage qui n’existe pas"),
                ("body", "Mon long commentaire"),
            ],
            Some(&g.alice),
            Post::Plain,
            "/themes/11/drafts/1",
        )
        .await;
    let back = location(&refused);
    assert!(back.starts_with("/themes/11/drafts/1?"), "{back}");
    assert!(back.contains("quote=un%20passage"), "{back}");
    assert!(back.contains("body=Mon%20long%20commentaire"), "{back}");
    let page = app.get_with(&back, Some(&g.alice)).await;
    assert!(page.body.contains("pas dans la version actuelle du texte"));
    assert!(page.body.contains("Mon long commentaire</textarea>"));
    let count: i64 = sqlx::query_scalar("select count(*) from draft_comments")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_readers_suggestion_accepted_by_a_facilitator_is_a_revision_credited_to_the_reader(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let visitor = app
        .post_form(
            "/api/drafts/suggest",
            &[
                ("number", "11"),
                ("draft", "1"),
                ("quote", "moteur"),
                ("replacement", "x"),
            ],
            None,
            Post::Hydrated,
            "/",
        )
        .await;
    assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
    let made = suggest(
        &app,
        &g.reader,
        "peut en être le moteur",
        "en est déjà le moteur",
    )
    .await;
    assert!(
        location(&made).contains("done=suggested"),
        "{}",
        made.head()
    );
    let told: i64 = sqlx::query_scalar(
        "select count(*) from notifications n join activity a on a.id = n.activity_id
         where a.verb = 'suggestion.made'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1, "the facilitator is told");

    // A member may not decide unless the thème allows it.
    assert_eq!(
        decide(&app, &g.bruno, "accept", "").await.status,
        StatusCode::FORBIDDEN
    );
    let accepted = decide(&app, &g.fanny, "accept", "").await;
    assert_eq!(
        location(&accepted),
        "/themes/11/drafts/1?done=accepted&to=2"
    );
    let (number, body) = head(&pool).await;
    assert_eq!(number, 2);
    assert!(body.contains("La restauration collective en est déjà le moteur."));
    let (author, accepted_by): (Uuid, Option<Uuid>) =
        sqlx::query_as("select author_id, accepted_by from draft_revisions where number = 2")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(author, g.reader_id, "credited to the suggester");
    assert!(accepted_by.is_some());
    let page = app.get("/themes/11/drafts/1").await;
    assert!(page.body.contains("Acceptée par Fanny"));
    assert!(page.body.contains("Lecteur"), "the reader is a contributor");

    // Accepting twice is refused.
    assert_eq!(
        decide(&app, &g.fanny, "accept", "").await.status,
        StatusCode::NOT_FOUND
    );

    // Where the thème allows it, members decide too.
    let rights = [("number", "11"), ("members", "1")];
    let refused = call(&app, "/api/drafts/suggestion-rights", &rights, &g.bruno).await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "members do not grant themselves rights"
    );
    let granted = call(&app, "/api/drafts/suggestion-rights", &rights, &g.fanny).await;
    assert_eq!(location(&granted), "/themes/11/drafts?done=rights");
    let list = app.get_with("/themes/11/drafts", Some(&g.fanny)).await;
    assert!(list.body.contains("name=\"members\" value=\"1\" checked"));
    let activity = app.get("/themes/11/activity").await;
    assert!(
        activity.body.contains(
            "Fanny a permis aux membres du groupe d’accepter ou de refuser les suggestions"
        ),
        "the group's rules changing is in its activity"
    );
    suggest(&app, &g.reader, "relient", "rapprochent").await;
    let by_member = decide(&app, &g.bruno, "accept", "").await;
    assert!(
        location(&by_member).contains("done=accepted"),
        "{}",
        by_member.head()
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_suggestion_on_a_draft_that_changed_elsewhere_is_merged_into_the_new_text(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    suggest(
        &app,
        &g.reader,
        "peut en être le moteur",
        "en est le moteur",
    )
    .await;
    save(
        &app,
        &g.bruno,
        "relient producteurs",
        "relient agriculteurs",
    )
    .await;
    let accepted = decide(&app, &g.fanny, "accept", "").await;
    assert_eq!(
        location(&accepted),
        "/themes/11/drafts/1?done=accepted_merged&to=3"
    );
    let (_, body) = head(&pool).await;
    assert!(
        body.contains("relient agriculteurs"),
        "Bruno's edit is kept"
    );
    assert!(
        body.contains("en est le moteur"),
        "the suggestion is applied"
    );
    assert!(!body.contains("peut en être"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_suggestion_whose_passage_changed_meanwhile_is_reported_and_never_applied(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    suggest(
        &app,
        &g.reader,
        "peut en être le moteur",
        "en est le moteur",
    )
    .await;
    save(
        &app,
        &g.bruno,
        "peut en être le moteur",
        "pourrait en devenir le pilier",
    )
    .await;
    let (before, text_before) = head(&pool).await;
    let refused = decide(&app, &g.fanny, "accept", "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains("SuggestionConflicts"),
        "{}",
        refused.body
    );
    assert_eq!(head(&pool).await, (before, text_before), "nothing written");
    let state: String = sqlx::query_scalar("select state from draft_suggestions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(state, "open", "still waiting for a decision");

    // Declining needs a reason, which the suggester reads.
    let no_reason = decide(&app, &g.fanny, "decline", " ").await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let declined = decide(&app, &g.fanny, "decline", "Le passage a été réécrit").await;
    assert!(location(&declined).contains("done=declined"));
    let told: i64 = sqlx::query_scalar(
        "select count(*) from notifications n join activity a on a.id = n.activity_id
         where a.verb = 'suggestion.declined' and n.user_id = $1",
    )
    .bind(g.reader_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1);
    let page = app.get("/themes/11/drafts/1").await;
    assert!(page.body.contains("Refusée par Fanny"));
    assert!(page.body.contains("Le passage a été réécrit"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_adopted_draft_is_frozen_and_keeps_its_history_diffs_and_attribution(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    save(&app, &g.bruno, "relient", "rapprochent").await;
    let status = |cookie: String, to: &'static str| {
        let app = &app;
        async move {
            call(
                app,
                "/api/drafts/status",
                &[
                    ("number", "11"),
                    ("draft", "1"),
                    ("status", to),
                    ("note", "Relu en réunion"),
                ],
                &cookie,
            )
            .await
        }
    };
    assert_eq!(
        status(g.alice.clone(), "review").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(g.fanny.clone(), "adopted").await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "writing → adopted skips the review"
    );
    assert!(location(&status(g.fanny.clone(), "review").await).contains("done=status"));
    assert!(location(&status(g.fanny.clone(), "adopted").await).contains("done=status"));
    let notes: Vec<String> = sqlx::query_scalar(
        "select details->>'note' from activity where verb = 'draft.status' order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(notes, ["Relu en réunion", "Relu en réunion"]);

    // Nothing changes it any more.
    let saved = call(
        &app,
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", "2"),
            ("body", "Tout autre chose"),
        ],
        &g.bruno,
    )
    .await;
    assert_eq!(saved.status, StatusCode::CONFLICT);
    assert!(saved.body.contains("DraftFrozen"));
    let restored = call(
        &app,
        "/api/drafts/restore",
        &[("number", "11"), ("draft", "1"), ("revision", "1")],
        &g.bruno,
    )
    .await;
    assert_eq!(restored.status, StatusCode::CONFLICT);
    assert_eq!(
        comment(&app, &g.alice, "rapprochent", "Trop tard ?")
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        suggest(&app, &g.reader, "rapprochent", "relient")
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        status(g.fanny.clone(), "writing").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(head(&pool).await.0, 2);
    let editor = app
        .get_with("/themes/11/drafts/1/edit", Some(&g.bruno))
        .await;
    assert_eq!(editor.status, StatusCode::CONFLICT);

    // Reading stays.
    let page = app.get_with("/themes/11/drafts/1", Some(&g.bruno)).await;
    assert!(page.body.contains("Ce texte est adopté"));
    assert!(
        !page.body.contains("/themes/11/drafts/1/edit\""),
        "no edit tab"
    );
    for path in [
        "/themes/11/drafts/1/history",
        "/themes/11/drafts/1/diff?from=1&to=2",
        "/themes/11/drafts/1/attribution",
        "/themes/11/drafts/1/revisions/1",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_revision_exports_as_markdown_and_html_with_its_contributors(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    save(
        &app,
        &g.bruno,
        "La restauration collective",
        "La restauration collective publique",
    )
    .await;
    let html = app.get("/themes/11/drafts/1/revisions/2/export.html").await;
    assert_eq!(html.status, StatusCode::OK);
    let header = |name: http::HeaderName| {
        html.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header(http::header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(
        header(http::header::CONTENT_DISPOSITION),
        "attachment; filename=\"proposition-r2.html\""
    );
    assert!(html.body.contains("<title>Proposition</title>"));
    assert!(html.body.contains("11. "), "the thème");
    assert!(html.body.contains("En rédaction"), "the status");
    assert!(html.body.contains("<li>Alice ("), "{}", html.body);
    assert!(html.body.contains("<li>Bruno ("), "{}", html.body);
    assert!(html.body.contains("<h1>Circuits courts</h1>"));

    let md = app.get("/themes/11/drafts/1/revisions/1/export.md").await;
    assert_eq!(md.status, StatusCode::OK);
    assert!(md.body.starts_with("# Proposition\n"));
    assert!(md.body.contains("Alice (100,0\u{a0}%)"), "{}", md.body);
    assert!(md.body.ends_with(TEXT));

    // A reader who chose English gets the facts in English, the text as written.
    let english = app
        .get_with(
            "/themes/11/drafts/1/revisions/1/export.md",
            Some("i18n_pref_locale=en"),
        )
        .await;
    assert_eq!(english.status, StatusCode::OK);
    assert!(english.body.contains("- **Status**: "), "{}", english.body);
    assert!(english.body.contains("Alice (100.0%)"), "{}", english.body);
    assert!(english.body.ends_with(TEXT));

    assert_eq!(
        app.get("/themes/11/drafts/1/revisions/9/export.md")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/themes/11/drafts/1/revisions/1/export.pdf")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    sqlx::query("update themes set visibility = 'members' where number = 11")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app.get("/themes/11/drafts/1/revisions/1/export.md")
            .await
            .status,
        StatusCode::NOT_FOUND,
        "members-only thèmes export to members only"
    );
    assert_eq!(
        app.get_with("/themes/11/drafts/1/revisions/1/export.md", Some(&g.alice))
            .await
            .status,
        StatusCode::OK
    );
}

async fn follow_and_open_thread(app: &TestApp, g: &Group) {
    let followed = call(
        app,
        "/api/themes/follow",
        &[("number", "11"), ("follow", "true")],
        &g.reader,
    )
    .await;
    assert!(
        location(&followed).contains("done=followed"),
        "{}",
        followed.head()
    );
    // Visits and the draft are made to look older than an hour, so that a new visit starts.
    sqlx::query("update draft_revisions set created_at = now() - interval '2 days'")
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn age_visits(pool: &PgPool) {
    for table in ["theme_visits", "draft_visits"] {
        sqlx::query(&format!(
            "update {table} set seen_at = now() - interval '2 hours'"
        ))
        .execute(pool)
        .await
        .unwrap();
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_follower_sees_what_others_changed_since_their_last_visit(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    follow_and_open_thread(&app, &g).await;
    // A first visit has nothing to compare with.
    let theme = app.get_with("/themes/11", Some(&g.reader)).await;
    assert!(!theme.body.contains("Depuis votre dernière visite"));
    let draft = app.get_with("/themes/11/drafts/1", Some(&g.reader)).await;
    assert!(!draft.body.contains("Depuis votre dernière visite"));
    age_visits(&pool).await;

    save(
        &app,
        &g.bruno,
        "relient producteurs",
        "rapprochent producteurs",
    )
    .await;
    let opened = call(
        &app,
        "/api/discussions/open",
        &[
            ("number", "11"),
            ("title", "Cantines du territoire"),
            ("body", "Qui s’en occupe ?"),
        ],
        &g.alice,
    )
    .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.head());

    let theme = app.get_with("/themes/11", Some(&g.reader)).await;
    assert!(
        theme.body.contains("Depuis votre dernière visite"),
        "the thème page says what changed"
    );
    assert!(
        theme.body.contains("Révisions 1\u{a0}à 2, par Bruno"),
        "{}",
        theme.body
    );
    assert!(
        theme.body.contains("<del") && theme.body.contains("relient"),
        "the redline"
    );
    assert!(theme.body.contains("rapprochent"));
    assert!(theme.body.contains("Cantines du territoire"));
    assert!(theme.body.contains("Nouvelle discussion · 1\u{a0}message"));
    // Reloading within the visit keeps it.
    let again = app.get_with("/themes/11", Some(&g.reader)).await;
    assert!(again.body.contains("Révisions 1\u{a0}à 2, par Bruno"));

    let draft = app.get_with("/themes/11/drafts/1", Some(&g.reader)).await;
    assert!(draft.body.contains("Depuis votre dernière visite"));
    assert!(draft.body.contains("Révisions 1\u{a0}à 2, par Bruno"));
    assert!(
        draft
            .body
            .contains("/themes/11/drafts/1/diff?from=1&amp;to=2")
    );

    // Next visit, hours later: nothing new.
    for table in ["posts", "threads"] {
        sqlx::query(&format!(
            "update {table} set created_at = now() - interval '3 hours'"
        ))
        .execute(&pool)
        .await
        .unwrap();
    }
    age_visits(&pool).await;
    let later = app.get_with("/themes/11", Some(&g.reader)).await;
    assert!(
        later
            .body
            .contains("Rien de nouveau depuis votre dernière visite.")
    );
    let later = app.get_with("/themes/11/drafts/1", Some(&g.reader)).await;
    assert!(!later.body.contains("Révisions 1\u{a0}à 2"));
    // Visitors get nothing of it.
    assert!(
        !app.get("/themes/11")
            .await
            .body
            .contains("Depuis votre dernière visite")
    );
}

/// A day goes by for `reader` (lecteur@example.org): exactly one digest is due and sent; returns
/// the newest one containing `marker`, as plain text.
async fn a_day_later(
    app: &TestApp,
    mailer: &app::ssr::mail::Mailer,
    reader: Uuid,
    marker: &str,
) -> String {
    sqlx::query("update users set digest_sent_at = now() - interval '25 hours' where id = $1")
        .bind(reader)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app::ssr::digest::send_due(&app.pool, mailer, "http://atelier.test")
            .await
            .unwrap(),
        1
    );
    let mail = app
        .mails_to("lecteur@example.org")
        .into_iter()
        .rev()
        .find(|mail| mail.contains(marker))
        .expect("a digest");
    mail.replace("=\r\n", "").replace("\r\n", "\n")
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_daily_digest_shows_each_changed_draft_as_a_redline_and_the_new_discussions(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    follow_and_open_thread(&app, &g).await;
    let asked = call(&app, "/api/account/digest", &[("digest", "1")], &g.reader).await;
    assert_eq!(location(&asked), "/account?done=digest");
    let account = app.get_with("/account", Some(&g.reader)).await;
    assert!(
        account.body.contains("name=\"digest\" value=\"1\" checked"),
        "the box is ticked"
    );
    let mailer = app::ssr::mail::Mailer::files(&app.mail_dir, "atelier@example.org").unwrap();
    let site = "http://atelier.test";
    assert_eq!(
        app::ssr::digest::send_due(&pool, &mailer, site)
            .await
            .unwrap(),
        0,
        "the first digest comes a day after asking"
    );

    save(
        &app,
        &g.bruno,
        "relient producteurs",
        "rapprochent producteurs",
    )
    .await;
    call(
        &app,
        "/api/discussions/open",
        &[
            ("number", "11"),
            ("title", "Cantines du territoire"),
            ("body", "Qui s’en occupe ?"),
        ],
        &g.alice,
    )
    .await;
    // A day goes by.
    let text = a_day_later(&app, &mailer, g.reader_id, "ce qui a chang").await;
    assert!(text.contains("11. "), "{text}");
    assert!(text.contains("Proposition"), "{text}");
    assert!(text.contains("[-relient-]{+rapprochent+}"), "{text}");
    assert!(
        text.contains("http://atelier.test/themes/11/drafts/1/diff?from=1&to=2"),
        "{text}"
    );
    assert!(text.contains("Cantines du territoire"), "{text}");
    assert!(
        text.contains("http://atelier.test/themes/11/discussions/1?post="),
        "{text}"
    );
    assert!(
        text.contains("http://atelier.test/account"),
        "how to stop it"
    );
    assert!(text.lines().all(|line| line.len() <= 998));

    // Not due again before a day; and nobody else asked for one.
    assert_eq!(
        app::ssr::digest::send_due(&pool, &mailer, site)
            .await
            .unwrap(),
        0
    );
    assert!(
        app.mails_to("alice@example.org")
            .iter()
            .all(|m| !m.contains("ce qui a chang"))
    );

    // The reader turns the interface to English: their account remembers it, and the next
    // digest is written in English (the drafts' words stay as written).
    let switched = call(&app, "/api/locale/set", &[("locale", "en")], &g.reader).await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.head());
    save(
        &app,
        &g.bruno,
        "emplois locaux",
        "emplois non délocalisables",
    )
    .await;
    let text = a_day_later(&app, &mailer, g.reader_id, "Here is what changed since").await;
    assert!(text.contains("Hello "), "{text}");
    assert!(text.contains("Draft “Proposition”"), "{text}");
    assert!(text.contains("[-locaux-]{+non délocalisables+}"), "{text}");
    assert!(!text.contains("Bonjour"), "{text}");

    // Changed and changed back within a day: the digest says so instead of an empty redline.
    // (What came before is moved two days back, out of that day.)
    for table in ["draft_revisions", "posts", "threads"] {
        sqlx::query(&format!(
            "update {table} set created_at = created_at - interval '2 days'"
        ))
        .execute(&pool)
        .await
        .unwrap();
    }
    save(&app, &g.bruno, "et durables", "et solides").await;
    save(&app, &g.bruno, "et solides", "et durables").await;
    let text = a_day_later(&app, &mailer, g.reader_id, "Here is what changed since").await;
    assert!(
        text.contains("(Changed and changed back: the text is as it was.)"),
        "{text}"
    );
    assert!(text.contains("revisions 3 to 5"), "{text}");
    assert!(
        !text.contains("Cantines du territoire"),
        "older news is not repeated"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_revision_links_to_the_discussion_that_motivated_it(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    call(
        &app,
        "/api/discussions/open",
        &[
            ("number", "11"),
            ("title", "Quel moteur ?"),
            ("body", "La cantine ou le marché ?"),
        ],
        &g.alice,
    )
    .await;
    let editor = app
        .get_with("/themes/11/drafts/1/edit", Some(&g.bruno))
        .await;
    assert!(
        editor
            .body
            .contains("<option value=\"1\">Quel moteur ?</option>")
    );
    let (base, body) = head(&pool).await;
    let saved = call(
        &app,
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", &base.to_string()),
            ("body", &body.replace("peut en être", "doit en être")),
            ("thread", "1"),
        ],
        &g.bruno,
    )
    .await;
    assert!(location(&saved).contains("done=saved"), "{}", saved.head());
    let history = app.get("/themes/11/drafts/1/history").await;
    assert!(history.body.contains("href=\"/themes/11/discussions/1\""));
    assert!(history.body.contains("voir la discussion"));
    let page = app.get("/themes/11/drafts/1").await;
    assert!(
        page.body.contains("href=\"/themes/11/discussions/1\""),
        "the revision line links it"
    );

    // A thread of another thème, or none, links nothing.
    let (base, body) = head(&pool).await;
    call(
        &app,
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", &base.to_string()),
            ("body", &body.replace("doit en être", "sera")),
            ("thread", "99"),
        ],
        &g.bruno,
    )
    .await;
    let linked: Vec<Option<Uuid>> =
        sqlx::query_scalar("select thread_id from draft_revisions order by number")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(linked.len(), 3);
    assert!(linked[1].is_some() && linked[2].is_none());

    // A preview goes through a stash: the chosen discussion comes back selected with the text.
    let (base, body) = head(&pool).await;
    let preview = call(
        &app,
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", &base.to_string()),
            ("body", &body.replace("sera", "deviendra")),
            ("thread", "1"),
            ("intent", "preview"),
        ],
        &g.bruno,
    )
    .await;
    let editor = location(&preview);
    assert!(
        editor.contains("/edit?stash=") && editor.contains("&thread=1"),
        "{editor}"
    );
    let editor = app.get_with(&editor, Some(&g.bruno)).await;
    assert!(
        editor
            .body
            .contains("<option value=\"1\" selected>Quel moteur ?</option>"),
        "the discussion is still chosen"
    );
}

async fn comment_id(pool: &PgPool, body: &str) -> i64 {
    sqlx::query_scalar("select id from draft_comments where source = $1")
        .bind(body)
        .fetch_one(pool)
        .await
        .expect("the comment")
}

fn on_comment<'a>(comment: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut pairs = vec![("number", "11"), ("draft", "1"), ("comment", comment)];
    pairs.extend_from_slice(extra);
    pairs
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_comment_is_edited_by_its_author_only_its_earlier_wording_kept_and_a_stale_edit_refused(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    comment(
        &app,
        &g.alice,
        "La restauration collective",
        "Et les cantnes ?",
    )
    .await;
    let id = comment_id(&pool, "Et les cantnes ?").await.to_string();

    // Someone else cannot edit it: the server answers as if there were no such comment.
    let by_bruno = call(
        &app,
        "/api/drafts/comment/edit",
        &on_comment(&id, &[("version", "1"), ("edited", "Vandalisé")]),
        &g.bruno,
    )
    .await;
    assert_eq!(by_bruno.status, StatusCode::NOT_FOUND);

    let edited = call(
        &app,
        "/api/drafts/comment/edit",
        &on_comment(&id, &[("version", "1"), ("edited", "Et les cantines ?")]),
        &g.alice,
    )
    .await;
    assert_eq!(
        location(&edited),
        format!("/themes/11/drafts/1?done=comment_edited#comment-{id}")
    );
    let page = app.get("/themes/11/drafts/1").await;
    assert!(page.body.contains("Et les cantines\u{202f}?"));
    assert!(page.body.contains("modifié"));
    assert!(
        page.body.contains("Versions précédentes")
            && page.body.contains("<del>cantnes</del>")
            && page.body.contains("<ins>cantines</ins>"),
        "the earlier wording, and what the edit changed in it, is one click away: {}",
        page.body
    );
    assert!(!page.body.contains("Vandalisé"));
    let kept: Vec<(i32, String)> =
        sqlx::query_as("select version, source from draft_comment_versions where comment_id = $1")
            .bind(id.parse::<i64>().unwrap())
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(kept, vec![(1, "Et les cantnes ?".to_owned())]);

    // An edit of version 1, now that version 2 exists, is refused; without JavaScript the typed
    // text comes back in the form.
    let stale = app
        .post_form(
            "/api/drafts/comment/edit",
            &on_comment(
                &id,
                &[("version", "1"), ("edited", "Ma version concurrente")],
            ),
            Some(&g.alice),
            Post::Plain,
            "/themes/11/drafts/1",
        )
        .await;
    let back = location(&stale);
    assert!(back.contains("edited=Ma%20version%20concurrente"), "{back}");
    let page = app.get_with(&back, Some(&g.alice)).await;
    assert!(page.body.contains("Ma version concurrente</textarea>"));
    assert!(
        back.contains("edit_from=1"),
        "the form knows the wording it was made on: {back}"
    );
    assert!(
        page.body.contains("modifié entre-temps"),
        "the page says that nothing was saved"
    );
    // With JavaScript too, the clash goes back to the comment with the text kept (a page the
    // browser is sent to), rather than an error that leaves the old wording on screen.
    let stale_js = call(
        &app,
        "/api/drafts/comment/edit",
        &on_comment(&id, &[("version", "1"), ("edited", "Encore")]),
        &g.alice,
    )
    .await;
    assert!(
        location(&stale_js).contains("edit_from=1&edited=Encore"),
        "{}",
        stale_js.head()
    );
    let source: String = sqlx::query_scalar("select source from draft_comments where id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(source, "Et les cantines ?");

    // An empty edit is a translated error, not a deletion.
    let empty = call(
        &app,
        "/api/drafts/comment/edit",
        &on_comment(&id, &[("version", "2"), ("edited", "  ")]),
        &g.alice,
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_deleted_comment_loses_its_text_keeps_its_replies_and_a_thread_all_deleted_disappears(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    comment(
        &app,
        &g.alice,
        "La restauration collective",
        "Un avis tranché",
    )
    .await;
    let id = comment_id(&pool, "Un avis tranché").await.to_string();
    let replied = call(
        &app,
        "/api/drafts/comment/reply",
        &on_comment(&id, &[("reply", "Je ne suis pas d’accord")]),
        &g.bruno,
    )
    .await;
    assert_eq!(replied.status, StatusCode::OK);
    let reply = comment_id(&pool, "Je ne suis pas d’accord")
        .await
        .to_string();

    let by_bruno = call(
        &app,
        "/api/drafts/comment/delete",
        &on_comment(&id, &[]),
        &g.bruno,
    )
    .await;
    assert_eq!(by_bruno.status, StatusCode::NOT_FOUND);
    let deleted = call(
        &app,
        "/api/drafts/comment/delete",
        &on_comment(&id, &[]),
        &g.alice,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::OK);
    let page = app.get("/themes/11/drafts/1").await;
    assert!(!page.body.contains("Un avis tranché"));
    assert!(page.body.contains("Commentaire supprimé par son auteur."));
    assert!(
        page.body.contains("Je ne suis pas d’accord"),
        "the reply stays"
    );
    assert!(
        page.body.contains("<mark class=\"passage\""),
        "the passage is still marked"
    );
    let stored: (String, bool) =
        sqlx::query_as("select source, deleted_at is not null from draft_comments where id = $1")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(stored, (String::new(), true), "its text is erased");

    // Deleted twice: nothing to delete.
    let again = call(
        &app,
        "/api/drafts/comment/delete",
        &on_comment(&id, &[]),
        &g.alice,
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let deleted = call(
        &app,
        "/api/drafts/comment/delete",
        &on_comment(&reply, &[]),
        &g.bruno,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::OK);
    let page = app.get("/themes/11/drafts/1").await;
    assert!(!page.body.contains("Commentaire supprimé par son auteur."));
    assert!(
        !page.body.contains("<mark class=\"passage\""),
        "the mark is gone"
    );
    assert!(page.body.contains("Commentaires (0)"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_reported_comment_hidden_by_a_moderator_is_seen_only_by_facilitators_and_its_author_is_told(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    app.create_user(
        "moderation@example.org",
        "Modération",
        PASSWORD,
        "moderator",
    )
    .await;
    let moderator = app.sign_in("moderation@example.org", PASSWORD).await;
    comment(
        &app,
        &g.alice,
        "La restauration collective",
        "Un propos blessant",
    )
    .await;
    let id = comment_id(&pool, "Un propos blessant").await;
    let id_text = id.to_string();

    // A reader (not a member) reports it; a report without a reason is refused.
    let no_reason = call(
        &app,
        "/api/drafts/comment/report",
        &on_comment(&id_text, &[("reason", " ")]),
        &g.reader,
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reported = call(
        &app,
        "/api/drafts/comment/report",
        &on_comment(&id_text, &[("reason", "Blessant")]),
        &g.reader,
    )
    .await;
    assert_eq!(reported.status, StatusCode::OK);
    let queue = json(&app, "/api/moderation/reports", &[], Some(&moderator)).await;
    let report = &queue["reports"][0];
    assert_eq!(report["comment"], true);
    assert_eq!(report["reason"], "Blessant");
    assert_eq!(report["author"], "Alice");
    assert_eq!(report["place_title"], "Proposition");
    assert_eq!(report["href"], format!("/themes/11/drafts/1#comment-{id}"));
    let page = app.get_with("/moderation", Some(&moderator)).await;
    assert!(page.body.contains("Un propos blessant"));

    // A member may not hide it; the moderator hides it from the queue.
    let by_member = call(
        &app,
        "/api/drafts/comment/hide",
        &on_comment(&id_text, &[("action", "hide"), ("reason", "Non")]),
        &g.bruno,
    )
    .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    let resolved = call(
        &app,
        "/api/moderation/resolve",
        &[
            ("report", &report["id"].to_string()),
            ("decision", "hide"),
            ("note", "Propos blessant"),
        ],
        &moderator,
    )
    .await;
    assert_eq!(resolved.status, StatusCode::OK);
    let queue = json(&app, "/api/moderation/reports", &[], Some(&moderator)).await;
    assert_eq!(queue["reports"].as_array().map(Vec::len), Some(0));
    assert_eq!(queue["log"][0]["action"], "comment.hidden");
    assert_eq!(queue["log"][0]["subject"], "Alice");
    assert_eq!(
        queue["log"][0]["link"],
        format!("/themes/11/drafts/1#comment-{id}")
    );

    // Visitors, readers and members see that it was hidden, not what it said; the thème's
    // facilitator sees it with the reason; its author is told.
    for cookie in [None, Some(g.reader.as_str()), Some(g.bruno.as_str())] {
        let page = app.get_with("/themes/11/drafts/1", cookie).await;
        assert!(!page.body.contains("Un propos blessant"));
        assert!(page.body.contains("Commentaire masqué par la modération."));
    }
    let page = app.get_with("/themes/11/drafts/1", Some(&g.fanny)).await;
    assert!(page.body.contains("Un propos blessant"));
    assert!(page.body.contains("Propos blessant"));
    assert!(
        notified(&pool, g.alice_id)
            .await
            .contains(&"comment.hidden".to_owned())
    );
    let reported_again = call(
        &app,
        "/api/drafts/comment/report",
        &on_comment(&id_text, &[("reason", "Encore")]),
        &g.reader,
    )
    .await;
    assert_eq!(
        reported_again.status,
        StatusCode::NOT_FOUND,
        "a hidden comment is not reported"
    );

    // Even once the draft is adopted (frozen), the facilitator shows it again.
    for status in ["review", "adopted"] {
        let moved = call(
            &app,
            "/api/drafts/status",
            &[("number", "11"), ("draft", "1"), ("status", status)],
            &g.fanny,
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK);
    }
    let edit_frozen = call(
        &app,
        "/api/drafts/comment/edit",
        &on_comment(&id_text, &[("version", "1"), ("edited", "Pardon")]),
        &g.alice,
    )
    .await;
    assert_eq!(
        edit_frozen.status,
        StatusCode::CONFLICT,
        "a frozen draft takes no edit"
    );
    for cookie in [&g.alice, &g.fanny] {
        let page = app.get_with("/themes/11/drafts/1", Some(cookie)).await;
        assert!(
            !page.body.contains("Marquer comme résolu")
                && !page.body.contains("Enregistrer la modification"),
            "a frozen draft offers neither resolving nor editing comments"
        );
    }
    let shown = call(
        &app,
        "/api/drafts/comment/hide",
        &on_comment(&id_text, &[("action", "unhide")]),
        &g.fanny,
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK);
    let page = app.get_with("/themes/11/drafts/1", Some(&g.bruno)).await;
    assert!(page.body.contains("Un propos blessant"));
    let audited: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'comment.%' order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(audited, vec!["comment.hidden", "comment.unhidden"]);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_stale_edit_of_a_comment_that_changed_other_words_is_merged_not_refused(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    comment(
        &app,
        &g.alice,
        "relient producteurs",
        "Premier point à revoir. Second point à préciser.",
    )
    .await;
    let id = comment_id(&pool, "Premier point à revoir. Second point à préciser.")
        .await
        .to_string();
    let edit = |version: &'static str, text: &'static str| {
        let (app, id, alice) = (&app, id.clone(), g.alice.clone());
        async move {
            call(
                app,
                "/api/drafts/comment/edit",
                &[
                    ("number", "11"),
                    ("draft", "1"),
                    ("comment", &id),
                    ("version", version),
                    ("edited", text),
                ],
                &alice,
            )
            .await
        }
    };
    // Two tabs on version 1: the first rewords the first sentence, the second the second one.
    edit("1", "Premier point revu. Second point à préciser.").await;
    let merged = edit("1", "Premier point à revoir. Second point précisé.").await;
    assert!(
        location(&merged).contains("done=comment_edited"),
        "{}",
        merged.head()
    );
    let source: String = sqlx::query_scalar("select source from draft_comments where id = $1")
        .bind(id.parse::<i64>().unwrap_or(0))
        .fetch_one(&pool)
        .await
        .unwrap_or_default();
    assert_eq!(source, "Premier point revu. Second point précisé.");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn accepting_a_suggestion_on_a_whole_sentence_replaces_it_full_stop_included(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let made = suggest(
        &app,
        &g.reader,
        "Ils créent des emplois locaux et durables.",
        "Ils créent des emplois locaux, durables et utiles.",
    )
    .await;
    assert!(
        made.status.is_success() || made.status.is_redirection(),
        "{}",
        made.head()
    );
    let accepted = decide(&app, &g.fanny, "accept", "").await;
    assert_eq!(
        location(&accepted),
        "/themes/11/drafts/1?done=accepted&to=2"
    );
    let (_, body) = head(&pool).await;
    assert!(
        body.contains("Ils créent des emplois locaux, durables et utiles.\n"),
        "{body:?}"
    );
    assert!(!body.contains(".."), "{body:?}");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_member_who_left_or_was_removed_can_no_longer_touch_their_comments(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    for (cookie, quote) in [(&g.alice, "producteurs"), (&g.bruno, "emplois locaux")] {
        let made = comment(&app, cookie, quote, "Mon avis").await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    }
    let ids: Vec<i64> = sqlx::query_scalar("select id from draft_comments order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let (alice_comment, bruno_comment) = (ids[0].to_string(), ids[1].to_string());
    // Alice leaves; Bruno is removed by the facilitator.
    let left = call(&app, "/api/themes/leave", &[("number", "11")], &g.alice).await;
    assert!(
        left.status.is_success() || left.status.is_redirection(),
        "{}",
        left.body
    );
    let bruno_id: Uuid = sqlx::query_scalar("select id from users where display_name = 'Bruno'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let removed = call(
        &app,
        "/api/themes/remove",
        &[("number", "11"), ("user_id", &bruno_id.to_string())],
        &g.fanny,
    )
    .await;
    assert!(
        removed.status.is_success() || removed.status.is_redirection(),
        "{}",
        removed.body
    );

    for (cookie, id) in [(&g.alice, &alice_comment), (&g.bruno, &bruno_comment)] {
        for (path, extra) in [
            (
                "/api/drafts/comment/edit",
                vec![("version", "1"), ("edited", "Changé après mon départ")],
            ),
            ("/api/drafts/comment/delete", vec![]),
            ("/api/drafts/comment/resolve", vec![]),
        ] {
            let answer = call(&app, path, &on_comment(id, &extra), cookie).await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{path}: {}",
                answer.body
            );
        }
    }
    let untouched: i64 = sqlx::query_scalar(
        "select count(*) from draft_comments
         where html like '%Mon avis%' and deleted_at is null and resolved_at is null",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(untouched, 2, "both comments stand as written");
}
