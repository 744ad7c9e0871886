//! Shared drafts over HTTP: creating, the save protocol (append, merge, conflict, unchanged),
//! history, restore, diffs, attribution, contributions, the feed.

use crate::support;

use http::StatusCode;
use sqlx::PgPool;
use support::{Post, TestApp, TestResponse, add_member, call, json, location};
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

const FIRST_TEXT: &str = "# Circuits courts\n\nLes circuits courts relient producteurs et habitants du territoire.\n\nIls créent des emplois locaux et durables.\n\nLa restauration collective peut en être le moteur.\n";

struct Group {
    alice: String,
    alice_id: Uuid,
    bruno: String,
    bruno_id: Uuid,
    chloe: String,
    reader: String,
}

async fn group(app: &TestApp) -> Group {
    let alice_id = app
        .create_user("alice@example.org", "Alice", PASSWORD, "member")
        .await;
    let bruno_id = app
        .create_user("bruno@example.org", "Bruno", PASSWORD, "member")
        .await;
    let chloe_id = app
        .create_user("chloe@example.org", "Chloé", PASSWORD, "member")
        .await;
    app.create_user("lecteur@example.org", "Lecteur", PASSWORD, "member")
        .await;
    for id in [alice_id, bruno_id, chloe_id] {
        add_member(&app.pool, 11, id, "member").await;
    }
    Group {
        alice: app.sign_in("alice@example.org", PASSWORD).await,
        alice_id,
        bruno: app.sign_in("bruno@example.org", PASSWORD).await,
        bruno_id,
        chloe: app.sign_in("chloe@example.org", PASSWORD).await,
        reader: app.sign_in("lecteur@example.org", PASSWORD).await,
    }
}

async fn create(app: &TestApp, cookie: &str, title: &str, body: &str) -> TestResponse {
    call(
        app,
        "/api/drafts/create",
        &[
            ("number", "11"),
            ("title", title),
            ("body", body),
            ("summary", "Première version"),
        ],
        cookie,
    )
    .await
}

async fn save(app: &TestApp, cookie: &str, base: i32, body: &str, summary: &str) -> TestResponse {
    call(
        app,
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", &base.to_string()),
            ("body", body),
            ("summary", summary),
        ],
        cookie,
    )
    .await
}

async fn revisions(pool: &PgPool) -> Vec<(i32, Option<i32>, String, String)> {
    sqlx::query_as(
        "select r.number, r.parent, r.kind, r.body from draft_revisions r
         join drafts d on d.id = r.draft_id order by r.number",
    )
    .fetch_all(pool)
    .await
    .expect("revisions")
}

async fn head_text(pool: &PgPool) -> String {
    revisions(pool)
        .await
        .last()
        .map(|(_, _, _, body)| body.clone())
        .unwrap_or_default()
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is in the text");
    text.replacen(from, to, 1)
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_member_creates_a_draft_that_a_visitor_reads_with_its_author_and_first_revision(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let created = create(&app, &g.alice, "Proposition circuits courts", FIRST_TEXT).await;
    assert_eq!(location(&created), "/themes/11/drafts/1?done=created");

    let page = app.get("/themes/11/drafts/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Proposition circuits courts"));
    assert!(
        page.body.contains("<h1>Circuits courts</h1>"),
        "rendered Markdown"
    );
    assert!(page.body.contains("Alice"));
    let list = app.get("/themes/11/drafts").await;
    assert!(list.body.contains("Proposition circuits courts"));
    let theme = app.get("/themes/11").await;
    assert!(
        theme.body.contains("/themes/11/drafts/1"),
        "the thème lists its drafts"
    );

    let verbs: Vec<String> = sqlx::query_scalar("select verb from activity order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(verbs.contains(&"draft.created".to_owned()));
    let revisions = revisions(&pool).await;
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].2, "created");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_save_on_the_head_appends_a_revision_and_an_identical_save_writes_nothing(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let second = edit(FIRST_TEXT, "durables", "durables et non délocalisables");
    let saved = save(&app, &g.bruno, 1, &second, "Précision").await;
    assert_eq!(location(&saved), "/themes/11/drafts/1?done=saved&to=2");
    let same = save(&app, &g.bruno, 2, &second, "Rien").await;
    assert_eq!(location(&same), "/themes/11/drafts/1?done=unchanged");
    // Line endings from a browser form do not make a different text.
    let crlf = save(&app, &g.bruno, 2, &second.replace('\n', "\r\n"), "").await;
    assert_eq!(location(&crlf), "/themes/11/drafts/1?done=unchanged");
    let all = revisions(&pool).await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].1, Some(1), "revision 2's parent is 1");
    let (added, removed): (i32, i32) =
        sqlx::query_as("select words_added, words_removed from draft_revisions where number = 2")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((added, removed), (3, 0), "« et non délocalisables »");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn two_edits_from_the_same_base_to_different_passages_merge_and_both_survive(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let by_bruno = edit(FIRST_TEXT, "du territoire", "de tout le territoire");
    let by_chloe = edit(FIRST_TEXT, "peut en être", "doit en être");
    assert_eq!(
        location(&save(&app, &g.bruno, 1, &by_bruno, "Bruno").await),
        "/themes/11/drafts/1?done=saved&to=2"
    );
    let merged = save(&app, &g.chloe, 1, &by_chloe, "Chloé").await;
    assert_eq!(
        location(&merged),
        "/themes/11/drafts/1?done=merged&from=1&to=3"
    );
    let text = head_text(&pool).await;
    assert!(text.contains("de tout le territoire"), "{text}");
    assert!(text.contains("doit en être"), "{text}");
    let all = revisions(&pool).await;
    assert_eq!(all[2].2, "merged");
    assert_eq!(all[2].1, Some(2), "a merge is written on the head");

    // Attribution: Bruno's words belong to revision 2, Chloé's to 3, the rest to 1.
    let view = json(
        &app,
        "/api/drafts/attribution",
        &[("number", "11"), ("draft", "1")],
        None,
    )
    .await;
    let runs = view["runs"].as_array().unwrap();
    let revision_of = |needle: &str| {
        runs.iter()
            .find(|run| run["text"].as_str().unwrap().contains(needle))
            .map(|run| run["revision"].as_i64().unwrap())
    };
    assert_eq!(revision_of("tout le"), Some(2));
    assert_eq!(revision_of("doit"), Some(3));
    assert_eq!(revision_of("restauration"), Some(1));
    let names: Vec<&str> = view["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "Alice", "the largest share first: {names:?}");
    assert!(names.contains(&"Bruno") && names.contains(&"Chloé"));
    let shares: i64 = view["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["words"].as_i64().unwrap())
        .sum();
    let words = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .filter(|w| !w.is_empty())
        .count();
    assert_eq!(
        usize::try_from(shares).unwrap(),
        words,
        "every word has one author"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn overlapping_edits_write_nothing_and_give_the_text_back_with_the_conflicts(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let by_bruno = edit(FIRST_TEXT, "du territoire", "du quartier");
    save(&app, &g.bruno, 1, &by_bruno, "Bruno").await;
    let by_chloe = edit(
        &edit(FIRST_TEXT, "du territoire", "de la région"),
        "locaux",
        "locaux, solidaires",
    );
    let refused = save(&app, &g.chloe, 1, &by_chloe, "Chloé").await;
    let target = location(&refused);
    assert!(
        target.starts_with("/themes/11/drafts/1/edit?stash="),
        "{target}"
    );
    assert_eq!(revisions(&pool).await.len(), 2, "nothing was written");
    let stash = target
        .split("stash=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();

    // The editor gets the text back: others' changes merged in, Chloé's version of the conflict.
    let editor = json(
        &app,
        "/api/drafts/editor",
        &[("number", "11"), ("draft", "1"), ("stash", stash)],
        Some(&g.chloe),
    )
    .await;
    assert_eq!(editor["base"], 2, "resolving starts from the head it met");
    let conflicts = editor["stash"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert!(
        conflicts[0]["theirs"]
            .as_str()
            .unwrap()
            .contains("quartier")
    );
    assert!(conflicts[0]["mine"].as_str().unwrap().contains("région"));
    let body = editor["body"].as_str().unwrap();
    assert!(body.contains("de la région") && body.contains("locaux, solidaires"));
    assert_eq!(editor["stash"]["others"][0], "Bruno");
    // Nobody else can open Chloé's stash.
    let other = json(
        &app,
        "/api/drafts/editor",
        &[("number", "11"), ("draft", "1"), ("stash", stash)],
        Some(&g.bruno),
    )
    .await;
    assert!(other["stash"].is_null());
    assert!(!other["body"].as_str().unwrap().contains("région"));

    // Chloé resolves (keeps both places) and saves from revision 2.
    let resolved = body.replace("de la région", "du quartier et de la région");
    let saved = save(&app, &g.chloe, 2, &resolved, "Résolu").await;
    assert_eq!(location(&saved), "/themes/11/drafts/1?done=saved&to=3");
    assert_eq!(head_text(&pool).await, resolved);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_conflict_without_javascript_goes_back_to_the_editor_with_the_text_kept(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    save(
        &app,
        &g.bruno,
        1,
        &edit(FIRST_TEXT, "durables", "pérennes"),
        "",
    )
    .await;
    let mine = edit(FIRST_TEXT, "durables", "stables");
    let response = app
        .post_form(
            "/api/drafts/save",
            &[
                ("number", "11"),
                ("draft", "1"),
                ("base", "1"),
                ("body", &mine),
                ("summary", "Ma version"),
            ],
            Some(&g.chloe),
            Post::Plain,
            "/themes/11/drafts/1/edit",
        )
        .await;
    assert!(response.status.is_redirection());
    let target = location(&response);
    assert!(
        target.starts_with("/themes/11/drafts/1/edit?stash="),
        "{target}"
    );
    let page = app.get_with(&target, Some(&g.chloe)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("stables"), "my version is in the page");
    assert!(page.body.contains("pérennes"), "theirs is shown beside it");
    assert!(page.body.contains("Ma version"), "the summary is kept");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_refused_save_without_javascript_keeps_the_text_on_the_server(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let typed = edit(FIRST_TEXT, "durables", "durables, texte précieux");
    let long_summary = "x".repeat(400);
    let response = app
        .post_form(
            "/api/drafts/save",
            &[
                ("number", "11"),
                ("draft", "1"),
                ("base", "1"),
                ("body", &typed),
                ("summary", &long_summary),
            ],
            Some(&g.alice),
            Post::Plain,
            "/themes/11/drafts/1/edit",
        )
        .await;
    let target = location(&response);
    assert!(
        target.contains("stash=") && target.contains("__err="),
        "{target}"
    );
    let page = app.get_with(&target, Some(&g.alice)).await;
    assert!(page.body.contains("texte précieux"), "the text comes back");
    assert_eq!(revisions(&pool).await.len(), 1);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_preview_without_javascript_shows_the_rendered_text_and_saves_nothing(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let typed = format!("{FIRST_TEXT}\nUn **point important**.\n");
    let response = app
        .post_form(
            "/api/drafts/save",
            &[
                ("number", "11"),
                ("draft", "1"),
                ("base", "1"),
                ("body", &typed),
                ("intent", "preview"),
            ],
            Some(&g.alice),
            Post::Plain,
            "/themes/11/drafts/1/edit",
        )
        .await;
    let target = location(&response);
    let (page_path, anchor) = target.split_once('#').unwrap_or((&target, ""));
    assert_eq!(anchor, "preview-heading", "{target}");
    let page = app.get_with(page_path, Some(&g.alice)).await;
    assert!(page.body.contains("<strong>point important</strong>"));
    assert_eq!(revisions(&pool).await.len(), 1);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn restoring_an_old_revision_adds_one_and_credits_the_original_authors(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let by_bruno = edit(FIRST_TEXT, "durables", "durables et utiles");
    save(&app, &g.bruno, 1, &by_bruno, "").await;
    let by_chloe = edit(&by_bruno, "et utiles", "");
    save(&app, &g.chloe, 2, &by_chloe, "Retrait").await;
    let restored = call(
        &app,
        "/api/drafts/restore",
        &[("number", "11"), ("draft", "1"), ("revision", "2")],
        &g.alice,
    )
    .await;
    assert_eq!(
        location(&restored),
        "/themes/11/drafts/1?done=restored&to=4"
    );
    let all = revisions(&pool).await;
    assert_eq!(all.len(), 4, "history is never rewritten");
    assert_eq!(all[3].3, by_bruno);
    assert_eq!(all[3].2, "restored");
    let view = json(
        &app,
        "/api/drafts/attribution",
        &[("number", "11"), ("draft", "1")],
        None,
    )
    .await;
    let utiles = view["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|run| run["text"].as_str().unwrap().contains("utiles"))
        .unwrap();
    assert_eq!(utiles["revision"], 2, "Bruno's words are credited to him");
    let alice_share = view["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Alice")
        .unwrap()["words"]
        .as_i64()
        .unwrap();
    assert!(alice_share > 10, "Alice keeps her words");
    assert!(
        view["contributors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "Alice" || c["revisions"] == 2),
        "the restore counts as a revision of Alice's but wrote no words"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn any_two_revisions_are_diffed_word_by_word_in_either_order_without_javascript(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let second = edit(FIRST_TEXT, "durables", "pérennes");
    save(&app, &g.bruno, 1, &second, "").await;
    let third = edit(&second, "moteur", "premier moteur");
    save(&app, &g.chloe, 2, &third, "").await;

    let forward = app.get("/themes/11/drafts/1/diff?from=1&to=3").await;
    assert_eq!(forward.status, StatusCode::OK);
    assert!(
        forward.body.contains("<del>durables</del>"),
        "{}",
        forward.head()
    );
    assert!(forward.body.contains("<ins>pérennes</ins>"));
    assert!(
        forward.body.contains("<ins>premier </ins>")
            || forward.body.contains("<ins> premier</ins>"),
        "{}",
        forward.body
    );
    let backward = app.get("/themes/11/drafts/1/diff?from=3&to=1").await;
    assert!(backward.body.contains("<del>pérennes</del>"));
    assert!(backward.body.contains("<ins>durables</ins>"));
    let side = app
        .get("/themes/11/drafts/1/diff?from=1&to=3&view=side")
        .await;
    assert!(side.body.contains("diff__old") && side.body.contains("diff__new"));
    let missing = app.get("/themes/11/drafts/1/diff?from=1&to=9").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let history = app.get("/themes/11/drafts/1/history").await;
    assert!(history.body.contains("+1") && history.body.contains("−1"));
    let old = app.get("/themes/11/drafts/1/revisions/1").await;
    assert!(old.body.contains("durables"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_persons_contributions_count_words_added_removed_and_still_there(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let second = edit(FIRST_TEXT, "durables", "durables et utiles");
    save(&app, &g.bruno, 1, &second, "Ajout").await;
    let third = edit(&second, " et utiles", " et solides");
    save(&app, &g.alice, 2, &third, "").await;

    let bruno = json(
        &app,
        "/api/members/contributions",
        &[("user", &g.bruno_id.to_string())],
        None,
    )
    .await;
    assert_eq!(bruno["entries"].as_array().unwrap().len(), 1);
    assert_eq!(bruno["words_added"], 2, "« et utiles »");
    assert_eq!(
        bruno["words_surviving"], 1,
        "only « et » is left of his words"
    );
    let alice = json(
        &app,
        "/api/members/contributions",
        &[("user", &g.alice_id.to_string())],
        None,
    )
    .await;
    assert_eq!(alice["drafts_started"], 1);
    assert_eq!(alice["entries"].as_array().unwrap().len(), 2);
    assert_eq!(alice["entries"][0]["revision"]["number"], 3, "newest first");
    let page = app.get(&format!("/members/{}", g.bruno_id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Bruno"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn revisions_are_in_the_feed_with_their_summary(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    save(
        &app,
        &g.bruno,
        1,
        &edit(FIRST_TEXT, "durables", "pérennes"),
        "Un mot plus juste",
    )
    .await;
    let feed = app.get("/themes/11/feed.atom").await;
    assert!(feed.body.contains("Un mot plus juste"), "{}", feed.head());
    assert!(
        feed.body
            .contains("/themes/11/drafts/1/diff?from=1&amp;to=2")
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn followers_are_notified_of_revisions(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    call(
        &app,
        "/api/themes/follow",
        &[("number", "11"), ("follow", "true")],
        &g.reader,
    )
    .await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let notifications = json(&app, "/api/notifications/get", &[], Some(&g.reader)).await;
    assert_eq!(notifications[0]["event"]["verb"], "draft.created");
    assert_eq!(notifications[0]["event"]["object"], "Texte");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn markup_in_a_draft_is_shown_inert(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let hostile = "Bonjour <script>alert(1)</script> et <img src=x onerror=alert(2)> [lien](javascript:alert(3))\n";
    create(&app, &g.alice, "Texte", hostile).await;
    let page = app.get("/themes/11/drafts/1").await;
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains("onerror"));
    assert!(!page.body.contains("javascript:alert"));
    let attribution = app.get("/themes/11/drafts/1/attribution").await;
    assert!(
        !attribution.body.contains("<script>alert"),
        "source text is escaped"
    );
    assert!(attribution.body.contains("&lt;script&gt;"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_closed_theme_keeps_its_drafts_readable_and_refuses_edits(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    sqlx::query("update themes set status = 'closed' where number = 11")
        .execute(&pool)
        .await
        .unwrap();
    let refused = save(&app, &g.alice, 1, "Autre texte", "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let created = create(&app, &g.alice, "Nouveau", "Texte").await;
    assert_eq!(created.status, StatusCode::CONFLICT);
    assert_eq!(revisions(&pool).await.len(), 1);
    assert_eq!(app.get("/themes/11/drafts/1").await.status, StatusCode::OK);
    assert_eq!(
        app.get("/themes/11/drafts/1/history").await.status,
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_save_from_an_unknown_revision_is_refused_with_a_clear_error(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    let refused = save(&app, &g.alice, 7, "Autre", "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("RevisionUnknown"), "{}", refused.body);
    let empty_title = create(&app, &g.alice, "  ", "Texte").await;
    assert_eq!(empty_title.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_new_draft_previewed_without_javascript_comes_back_rendered_and_unsaved(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let response = app
        .post_form(
            "/api/drafts/create",
            &[
                ("number", "11"),
                ("title", "Mon titre"),
                ("body", "Un **début** de texte."),
                ("intent", "preview"),
            ],
            Some(&g.alice),
            Post::Plain,
            "/themes/11/drafts/new",
        )
        .await;
    let target = location(&response);
    assert!(target.starts_with("/themes/11/drafts/new?"), "{target}");
    let page = app.get_with(&target, Some(&g.alice)).await;
    assert!(page.body.contains("<strong>début</strong>"), "the preview");
    assert!(page.body.contains("Mon titre"), "the title is kept");
    assert!(revisions(&pool).await.is_empty());
}

fn stash_of(target: &str) -> String {
    target
        .split("stash=")
        .nth(1)
        .and_then(|rest| rest.split(['&', '#']).next())
        .unwrap_or_default()
        .to_owned()
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_conflict_is_shown_as_it_was_found_when_the_save_was_refused(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    save(
        &app,
        &g.bruno,
        1,
        &edit(FIRST_TEXT, "du territoire", "du quartier"),
        "",
    )
    .await;
    let refused = save(
        &app,
        &g.chloe,
        1,
        &edit(FIRST_TEXT, "du territoire", "de la région"),
        "",
    )
    .await;
    let stash = stash_of(&location(&refused));
    // Whatever a second computation would say (here: nothing, since revision 2 now reads as the
    // base), the editor shows the conflict found when the save was refused.
    sqlx::query("update draft_revisions set body = $1 where number = 2")
        .bind(FIRST_TEXT)
        .execute(&pool)
        .await
        .expect("revision 2 rewritten");
    let editor = json(
        &app,
        "/api/drafts/editor",
        &[("number", "11"), ("draft", "1"), ("stash", &stash)],
        Some(&g.chloe),
    )
    .await;
    let conflicts = editor["stash"]["conflicts"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(conflicts.len(), 1, "{editor}");
    assert_eq!(conflicts[0]["theirs"], "du quartier");
    assert_eq!(conflicts[0]["mine"], "de la région");
    assert!(
        editor["body"]
            .as_str()
            .unwrap_or_default()
            .contains("de la région"),
        "the text to resolve from keeps my version"
    );
}

/// A save posted without JavaScript after the draft or its thème changed state under the editor.
async fn save_plain(app: &TestApp, cookie: &str, body: &str) -> TestResponse {
    app.post_form(
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", "1"),
            ("body", body),
            ("summary", "Mon résumé"),
        ],
        Some(cookie),
        Post::Plain,
        "/themes/11/drafts/1/edit",
    )
    .await
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_save_refused_because_the_draft_was_adopted_meanwhile_gives_the_typed_text_back_without_javascript(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    // The editor is open; meanwhile the facilitators adopt the draft.
    sqlx::query("update drafts set status = 'adopted'")
        .execute(&pool)
        .await
        .expect("adopted");
    let typed = edit(FIRST_TEXT, "durables", "durables, phrase tapée avec soin");
    let response = save_plain(&app, &g.alice, &typed).await;
    let target = location(&response);
    assert!(
        target.starts_with("/themes/11/drafts/1/edit?stash=") && target.contains("__err="),
        "{target}"
    );
    let page = app.get_with(&target, Some(&g.alice)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("phrase tapée avec soin"),
        "the text comes back"
    );
    assert!(page.body.contains("Mon résumé"), "the summary too");
    assert!(
        page.body.contains("Rien n’a été enregistré"),
        "the page says so"
    );
    assert_eq!(revisions(&pool).await.len(), 1, "nothing was written");
    // The stash is its author's only.
    let other = app.get_with(&target, Some(&g.bruno)).await;
    assert!(!other.body.contains("phrase tapée avec soin"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_save_refused_because_the_theme_closed_meanwhile_gives_the_typed_text_back_without_javascript(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    create(&app, &g.alice, "Texte", FIRST_TEXT).await;
    sqlx::query("update themes set status = 'closed' where number = 11")
        .execute(&pool)
        .await
        .expect("closed");
    let typed = edit(FIRST_TEXT, "durables", "durables, écrit avant la clôture");
    let target = location(&save_plain(&app, &g.alice, &typed).await);
    assert!(target.contains("stash="), "{target}");
    let page = app.get_with(&target, Some(&g.alice)).await;
    assert!(
        page.body.contains("écrit avant la clôture"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Rien n’a été enregistré"));
    assert_eq!(revisions(&pool).await.len(), 1);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_preview_of_quotes_nested_sixty_four_thousand_deep_shows_sixteen_and_the_rest_as_text(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool).await;
    let g = group(&app).await;
    // 64,000 `>` once held a worker for 35 s; deeper markers are now plain text.
    let body = format!("{} fond", ">".repeat(64_000));
    let preview = call(&app, "/api/drafts/preview", &[("body", &body)], &g.reader).await;
    assert_eq!(preview.status, StatusCode::OK);
    let html: String = serde_json::from_str(&preview.body).expect("the HTML, as JSON");
    assert_eq!(
        html.matches("<blockquote>").count(),
        app::ssr::markdown::MAX_NESTING
    );
    assert!(html.contains("&gt;&gt;&gt; fond"), "the rest is text");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_cahier_cards_tell_where_each_group_stands_and_name_its_adopted_texts(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    for title in [
        "Feuille de route",
        "Charte des circuits courts",
        "Glossaire",
    ] {
        assert_eq!(
            create(&app, &g.alice, title, FIRST_TEXT).await.status,
            StatusCode::OK
        );
    }
    sqlx::query("update drafts set status = 'adopted' where number = 2")
        .execute(&pool)
        .await
        .expect("adopt");
    sqlx::query("update drafts set status = 'review' where number = 3")
        .execute(&pool)
        .await
        .expect("review");
    let opened = call(
        &app,
        "/api/discussions/open",
        &[
            ("number", "11"),
            ("title", "Quels partenaires ?"),
            ("body", "Proposons."),
        ],
        &g.bruno,
    )
    .await;
    assert_eq!(opened.status, StatusCode::OK);

    let page = app.get("/").await.body;
    // Each card, up to the next one.
    let card = |number: i32| {
        page.split("<li class=\"theme-card\"")
            .skip(1)
            .find(|card| card.contains(&format!("href=\"/themes/{number}\"")))
            .unwrap_or_else(|| panic!("card {number} in {page}"))
            // Without the hydration markers between a number and its words.
            .replace("<!>", "")
    };
    let eleven = card(11);
    // The title is the card's heading; the summary follows it.
    let heading = eleven.find("<h4").expect("heading");
    let opening = eleven[heading..].split('>').next().unwrap_or_default();
    assert!(opening.contains("class=\"theme-card__title\""), "{eleven}");
    assert!(eleven.find("Développer le concept") > Some(heading));
    assert!(eleven.find("Circuits courts") > eleven.find("Développer le concept"));
    for tally in [
        "1\u{a0}texte en rédaction",
        "1\u{a0}texte en relecture",
        "1\u{a0}texte adopté\u{a0}:",
        "href=\"/themes/11/drafts/2\"",
        "«\u{202f}Charte des circuits courts\u{202f}»",
        "1\u{a0}discussion ouverte",
    ] {
        assert!(eleven.contains(tally), "{tally:?} in {eleven}");
    }
    assert!(!eleven.contains("retiré"), "{eleven}");
    let ten = card(10);
    assert!(ten.contains("Aucun texte pour l’instant"), "{ten}");
    assert!(ten.contains("Aucune discussion ouverte"), "{ten}");
}
