//! Discussions over HTTP: threads, posts (sanitised, capped, versioned), replies, quotes and
//! mentions with their notifications, moderation and reports, hidden content, live updates.

use crate::support;

use http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::PgPool;
use std::time::Duration;
use support::{Post, TestApp, TestResponse, add_member, call, json, location, notified};
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

struct Group {
    alice: String,
    alice_id: Uuid,
    bruno: String,
    bruno_id: Uuid,
    chloe_id: Uuid,
    facilitator: String,
    reader: String,
    moderator: String,
}

async fn group(app: &TestApp) -> Group {
    let alice_id = app
        .create_user("alice@example.org", "Alice", PASSWORD, "member")
        .await;
    let bruno_id = app
        .create_user("bruno@example.org", "Bruno", PASSWORD, "member")
        .await;
    let chloe_id = app
        .create_user("chloe@example.org", "Chloé Martin", PASSWORD, "member")
        .await;
    let facilitator_id = app
        .create_user("fanny@example.org", "Fanny", PASSWORD, "member")
        .await;
    app.create_user("lecteur@example.org", "Lecteur", PASSWORD, "member")
        .await;
    app.create_user("modo@example.org", "Modo", PASSWORD, "moderator")
        .await;
    add_member(&app.pool, 10, facilitator_id, "facilitator").await;
    for id in [alice_id, bruno_id, chloe_id] {
        add_member(&app.pool, 10, id, "member").await;
    }
    Group {
        alice: app.sign_in("alice@example.org", PASSWORD).await,
        alice_id,
        bruno: app.sign_in("bruno@example.org", PASSWORD).await,
        bruno_id,
        chloe_id,
        facilitator: app.sign_in("fanny@example.org", PASSWORD).await,
        reader: app.sign_in("lecteur@example.org", PASSWORD).await,
        moderator: app.sign_in("modo@example.org", PASSWORD).await,
    }
}

async fn open(app: &TestApp, cookie: &str, title: &str, body: &str) -> TestResponse {
    call(
        app,
        "/api/discussions/open",
        &[("number", "10"), ("title", title), ("body", body)],
        cookie,
    )
    .await
}

async fn reply(app: &TestApp, cookie: &str, body: &str, reply_to: Option<i64>) -> TestResponse {
    let reply_to = reply_to.map(|id| id.to_string()).unwrap_or_default();
    call(
        app,
        "/api/discussions/reply",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("body", body),
            ("reply_to", &reply_to),
        ],
        cookie,
    )
    .await
}

async fn thread(app: &TestApp, cookie: Option<&str>, extra: &[(&str, &str)]) -> Value {
    let mut pairs = vec![("number", "10"), ("thread", "1")];
    pairs.extend_from_slice(extra);
    json(app, "/api/discussions/get", &pairs, cookie).await
}

async fn post_ids(pool: &PgPool) -> Vec<i64> {
    sqlx::query_scalar("select id from posts order by id")
        .fetch_all(pool)
        .await
        .expect("posts")
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_member_opens_a_thread_another_replies_and_readers_see_both_in_order(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let opened = open(
        &app,
        &g.alice,
        "Cantines et producteurs",
        "Qui connaît **une cantine** ?",
    )
    .await;
    assert_eq!(location(&opened), "/themes/10/discussions/1");
    let answered = reply(&app, &g.bruno, "Celle de Mouans-Sartoux.", None).await;
    let ids = post_ids(&pool).await;
    assert_eq!(
        location(&answered),
        format!("/themes/10/discussions/1?post={0}#post-{0}", ids[1])
    );

    let page = app.get("/themes/10/discussions/1").await;
    assert_eq!(page.status, StatusCode::OK);
    let first = page
        .body
        .find("<strong>une cantine</strong>")
        .expect("the first post");
    let second = page
        .body
        .find("Celle de Mouans-Sartoux.")
        .expect("the reply");
    assert!(first < second, "posts in order");
    assert!(page.body.contains("Alice") && page.body.contains("Bruno"));

    let list = json(&app, "/api/discussions/list", &[("number", "10")], None).await;
    let threads = list["threads"].as_array().expect("threads");
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0]["title"], "Cantines et producteurs");
    assert_eq!(threads[0]["posts"], 2);
    assert_eq!(threads[0]["last_author"], "Bruno");
    let listing = app.get("/themes/10/discussions").await;
    assert!(listing.body.contains("Cantines et producteurs"));
    let theme_page = app.get("/themes/10").await;
    assert!(
        theme_page.body.contains("Cantines et producteurs"),
        "latest discussions on the thème page"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn scripts_javascript_links_event_handlers_and_raw_html_are_stored_and_shown_inert(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    let body = "Voici <script>alert('x')</script> et [un lien](javascript:alert(1)) \
                <img src=x onerror=alert(2)> <div onclick=\"alert(3)\" style=\"color:red\">brut</div> \
                [site](https://example.org)";
    open(&app, &g.alice, "Sécurité", body).await;
    let (source, html): (String, String) = sqlx::query_as("select source, html from posts")
        .fetch_one(&pool)
        .await
        .expect("the post");
    assert_eq!(source, body, "the source is kept as written");
    for bad in ["<script", "javascript:", "onerror", "onclick", "style="] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(
        html.contains(
            r#"<a href="https://example.org" rel="nofollow noopener noreferrer">site</a>"#
        ),
        "{html}"
    );
    let page = app.get("/themes/10/discussions/1").await;
    assert!(
        !page.body.contains("alert('x')</script>"),
        "no script reaches the page"
    );
    assert!(!page.body.contains("onerror=alert"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_post_over_twenty_thousand_characters_is_refused_and_the_text_comes_back(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Longueur", "Premier message").await;
    let long = "é".repeat(20_001);
    let refused = reply(&app, &g.bruno, &long, None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("PostTooLong"), "{}", refused.head());
    // Without JavaScript the way back carries the text.
    let plain = app
        .post_form(
            "/api/discussions/reply",
            &[
                ("number", "10"),
                ("thread", "1"),
                ("body", "bonjour é".repeat(2_500).as_str()),
            ],
            Some(&g.bruno),
            Post::Plain,
            "/themes/10/discussions/1",
        )
        .await;
    // Too long for an address: the text is kept on the server for its author, the way back
    // carries its id, and the form shows it again.
    let back = location(&plain);
    assert!(back.starts_with("/themes/10/discussions/1?"), "{back}");
    assert!(back.len() < 1_000, "{back}");
    let kept = back
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("kept="))
        .expect("a kept text")
        .to_owned();
    let given_back = json(
        &app,
        "/api/discussions/kept",
        &[("id", &kept)],
        Some(&g.bruno),
    )
    .await;
    assert_eq!(given_back, Value::String("bonjour é".repeat(2_500)));
    let page = app.get_with(&back, Some(&g.bruno)).await;
    assert!(
        page.body.contains(&"bonjour é".repeat(2_500)),
        "the form shows it"
    );
    let by_other = call(&app, "/api/discussions/kept", &[("id", &kept)], &g.alice).await;
    assert_eq!(
        by_other.status,
        StatusCode::NOT_FOUND,
        "kept for its author only"
    );
    // A short text travels in the address.
    let short = app
        .post_form(
            "/api/discussions/reply",
            &[("number", "10"), ("thread", "1"), ("body", " ")],
            Some(&g.bruno),
            Post::Plain,
            "/themes/10/discussions/1",
        )
        .await;
    let short = location(&short);
    assert!(
        short.contains("body=+") || short.contains("body=%20"),
        "{short}"
    );
    assert_eq!(post_ids(&pool).await.len(), 1, "nothing was posted");
    let exactly = "a".repeat(20_000);
    assert_eq!(
        reply(&app, &g.bruno, &exactly, None).await.status,
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn only_members_post_and_visitors_are_asked_to_sign_in(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Ouverte", "Bienvenue").await;
    assert_eq!(
        reply(&app, &g.reader, "Je ne suis pas membre", None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        open(&app, &g.reader, "Non", "Non").await.status,
        StatusCode::FORBIDDEN
    );
    let anonymous = app
        .post_form(
            "/api/discussions/reply",
            &[("number", "10"), ("thread", "1"), ("body", "anonyme")],
            None,
            Post::Hydrated,
            "/",
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(post_ids(&pool).await.len(), 1);
    let view = thread(&app, Some(&g.reader), &[]).await;
    assert_eq!(view["can_reply"], false);
    assert_eq!(
        view["posts"].as_array().map(Vec::len),
        Some(1),
        "readers read"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_reply_in_a_locked_thread_is_refused_and_the_typed_text_is_kept(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "À verrouiller", "Dernier mot").await;
    let locked = call(
        &app,
        "/api/discussions/moderate",
        &[("number", "10"), ("thread", "1"), ("action", "lock")],
        &g.facilitator,
    )
    .await;
    assert_eq!(location(&locked), "/themes/10/discussions/1?done=lock");

    let refused = reply(
        &app,
        &g.bruno,
        "Mais j’avais encore quelque chose à dire",
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("ThreadLocked"));
    let plain = app
        .post_form(
            "/api/discussions/reply",
            &[
                ("number", "10"),
                ("thread", "1"),
                ("body", "Mon texte tapé"),
            ],
            Some(&g.bruno),
            Post::Plain,
            "/themes/10/discussions/1",
        )
        .await;
    let back = location(&plain);
    assert!(
        back.contains("body=Mon+texte+tap%C3%A9") || back.contains("body=Mon%20texte%20tap%C3%A9"),
        "{back}"
    );
    let page = app.get_with(&back, Some(&g.bruno)).await;
    assert!(page.body.contains("verrouillée"), "the page says why");
    assert_eq!(post_ids(&pool).await.len(), 1);
    // Editing is refused too, and unlocking lets replies in again.
    let post = post_ids(&pool).await[0].to_string();
    let edit = call(
        &app,
        "/api/discussions/edit",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("post", &post),
            ("version", "1"),
            ("body", "changé"),
        ],
        &g.alice,
    )
    .await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    call(
        &app,
        "/api/discussions/moderate",
        &[("number", "10"), ("thread", "1"), ("action", "unlock")],
        &g.facilitator,
    )
    .await;
    assert_eq!(
        reply(&app, &g.bruno, "Merci", None).await.status,
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_closed_theme_refuses_new_threads_and_replies(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Avant la clôture", "Texte").await;
    sqlx::query("update themes set status = 'closed' where number = 10")
        .execute(&pool)
        .await
        .expect("close");
    assert_eq!(
        reply(&app, &g.bruno, "Trop tard", None).await.status,
        StatusCode::CONFLICT
    );
    let refused = open(&app, &g.alice, "Après", "Texte").await;
    assert!(refused.body.contains("ThemeClosed"), "{}", refused.head());
    assert_eq!(post_ids(&pool).await.len(), 1);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn replies_notify_the_author_answered_and_mentions_notify_the_member_named(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    // Chloé follows the thème: she hears of new threads, and of a post that mentions her once.
    sqlx::query(
        "insert into follows (user_id, theme_id) select $1, id from themes where number = 10",
    )
    .bind(g.chloe_id)
    .execute(&pool)
    .await
    .expect("a follow");
    open(&app, &g.alice, "Formation", "Quelles formations ?").await;
    let first = post_ids(&pool).await[0];
    reply(
        &app,
        &g.bruno,
        "Je pense que @Chloé Martin connaît le sujet, et pas @Personne.",
        Some(first),
    )
    .await;
    assert_eq!(notified(&pool, g.alice_id).await, vec!["post.created"]);
    assert_eq!(
        notified(&pool, g.chloe_id).await,
        vec!["thread.opened", "post.mentioned"]
    );
    assert!(
        notified(&pool, g.bruno_id).await.is_empty(),
        "not told of one's own post"
    );
    let html: String = sqlx::query_scalar("select html from posts order by id desc limit 1")
        .fetch_one(&pool)
        .await
        .expect("html");
    assert!(
        html.contains(&format!("href=\"/members/{}\"", g.chloe_id)),
        "{html}"
    );
    assert!(html.contains("@Personne"), "unknown names stay text");

    // The answer shows what it answers; the quote link prepares an attributed quote.
    let view = thread(&app, Some(&g.alice), &[("quote", &first.to_string())]).await;
    assert_eq!(view["posts"][1]["reply_to"], first);
    assert_eq!(view["posts"][1]["reply_to_author"], "Alice");
    let quote = view["quote"][1].as_str().expect("a quote");
    assert!(quote.starts_with("> **[Alice]("), "{quote}");
    assert!(quote.contains("> Quelles formations ?"), "{quote}");
    assert_eq!(view["quote"][0], first);

    // An edit that adds a mention tells only the newly mentioned.
    let second = post_ids(&pool).await[1].to_string();
    call(
        &app,
        "/api/discussions/edit",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("post", &second),
            ("version", "1"),
            (
                "body",
                "Je pense que @Chloé Martin et @Alice connaissent le sujet.",
            ),
        ],
        &g.bruno,
    )
    .await;
    assert_eq!(
        notified(&pool, g.chloe_id).await,
        vec!["thread.opened", "post.mentioned"]
    );
    assert_eq!(
        notified(&pool, g.alice_id).await,
        vec!["post.created", "post.mentioned"]
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn only_the_author_edits_every_version_is_kept_and_any_two_can_be_compared(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(
        &app,
        &g.alice,
        "Versions",
        "Les circuits courts créent des emplois.",
    )
    .await;
    let post = post_ids(&pool).await[0].to_string();
    let edit = |cookie: String, version: &'static str, body: &'static str| {
        let app = &app;
        let post = post.clone();
        async move {
            call(
                app,
                "/api/discussions/edit",
                &[
                    ("number", "10"),
                    ("thread", "1"),
                    ("post", &post),
                    ("version", version),
                    ("body", body),
                ],
                &cookie,
            )
            .await
        }
    };
    let by_other = edit(g.bruno.clone(), "1", "Réécrit par Bruno").await;
    assert_eq!(by_other.status, StatusCode::FORBIDDEN);
    let by_moderator = edit(g.moderator.clone(), "1", "Réécrit par la modération").await;
    assert_eq!(
        by_moderator.status,
        StatusCode::FORBIDDEN,
        "moderators hide, they do not edit"
    );
    let ok = edit(
        g.alice.clone(),
        "1",
        "Les circuits courts créent des emplois locaux.",
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.head());
    // An edit made from version 1 after version 2 exists would overwrite it: it is merged, and
    // where both changed the same words nothing is written and the author goes back to the
    // editor, the typed text kept beside the current version.
    let stale = edit(g.alice.clone(), "1", "Ancienne base").await;
    let back = location(&stale);
    assert!(
        back.starts_with(&format!(
            "/themes/10/discussions/1/posts/{post}/edit?from=1&kept="
        )),
        "{back}"
    );
    let page = app.get_with(&back, Some(&g.alice)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Ancienne base"),
        "the typed text comes back"
    );
    assert!(
        page.body.contains("modifié entre-temps")
            && page
                .body
                .contains("Les circuits courts créent des emplois locaux."),
        "the current version is shown beside it"
    );
    edit(
        g.alice.clone(),
        "2",
        "Les circuits courts créent des emplois locaux et durables.",
    )
    .await;

    let versions: Vec<(i32, String)> =
        sqlx::query_as("select version, source from post_versions order by version")
            .fetch_all(&pool)
            .await
            .expect("versions");
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[0].1, "Les circuits courts créent des emplois.");

    let view = thread(&app, None, &[]).await;
    assert!(!view["posts"][0]["edited_at"].is_null(), "marked as edited");
    assert_eq!(view["posts"][0]["version"], 3);
    let diff = json(
        &app,
        "/api/discussions/versions",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("post", &post),
            ("from", "1"),
            ("to", "3"),
        ],
        None,
    )
    .await;
    assert_eq!(diff["versions"].as_array().map(Vec::len), Some(3));
    let changed = diff["blocks"].to_string();
    assert!(
        changed.contains("Added") && changed.contains("locaux"),
        "{changed}"
    );
    let page = app
        .get(&format!(
            "/themes/10/discussions/1/posts/{post}/versions?from=1&to=2"
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<ins>"), "the diff is shown");
    let edited_activity: i64 =
        sqlx::query_scalar("select count(*) from activity where verb = 'post.edited'")
            .fetch_one(&pool)
            .await
            .expect("activity");
    assert_eq!(edited_activity, 2);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_reported_post_hidden_by_a_moderator_disappears_for_readers_but_not_for_moderators(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Débat", "Un avis posé").await;
    reply(&app, &g.bruno, "Un propos injurieux", None).await;
    let bad = post_ids(&pool).await[1].to_string();
    let reported = call(
        &app,
        "/api/discussions/report",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("post", &bad),
            ("reason", "Injurieux"),
        ],
        &g.reader,
    )
    .await;
    assert_eq!(
        location(&reported),
        "/themes/10/discussions/1?done=reported"
    );
    let no_reason = call(
        &app,
        "/api/discussions/report",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("post", &bad),
            ("reason", " "),
        ],
        &g.reader,
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Only moderators see reports.
    let forbidden = call(&app, "/api/moderation/reports", &[], &g.facilitator).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let moderation = json(&app, "/api/moderation/reports", &[], Some(&g.moderator)).await;
    let reports = &moderation["reports"];
    assert_eq!(reports.as_array().map(Vec::len), Some(1));
    assert_eq!(reports[0]["reason"], "Injurieux");
    assert_eq!(reports[0]["reporter"], "Lecteur");
    let page = app.get_with("/moderation", Some(&g.moderator)).await;
    assert!(page.body.contains("Injurieux") && page.body.contains("Un propos injurieux"));

    let report_id = reports[0]["id"].to_string();
    let resolved = call(
        &app,
        "/api/moderation/resolve",
        &[
            ("report", &report_id),
            ("decision", "hide"),
            ("note", "Propos injurieux"),
        ],
        &g.moderator,
    )
    .await;
    assert_eq!(location(&resolved), "/moderation?done=resolved");
    let moderation = json(&app, "/api/moderation/reports", &[], Some(&g.moderator)).await;
    assert_eq!(moderation["reports"].as_array().map(Vec::len), Some(0));
    // The decision is in the moderators' log, with its note and a link to the post.
    assert_eq!(moderation["log"][0]["action"], "post.hidden");
    assert_eq!(moderation["log"][0]["subject"], "Bruno");
    assert_eq!(moderation["log"][0]["note"], "Propos injurieux");
    assert_eq!(
        moderation["log"][0]["link"],
        format!("/themes/10/discussions/1?post={bad}#post-{bad}")
    );

    // Readers, members and visitors no longer see it: page, API, list count, timeline, feed.
    for cookie in [None, Some(g.reader.as_str()), Some(g.alice.as_str())] {
        let view = thread(&app, cookie, &[]).await;
        assert_eq!(view["posts"].as_array().map(Vec::len), Some(1));
        let page = app.get_with("/themes/10/discussions/1", cookie).await;
        assert!(!page.body.contains("Un propos injurieux"));
        let activity = app.get_with("/themes/10/activity", cookie).await;
        assert!(
            !activity.body.contains(&format!("post={bad}")),
            "no trace in the timeline"
        );
    }
    let list = json(&app, "/api/discussions/list", &[("number", "10")], None).await;
    assert_eq!(list["threads"][0]["posts"], 1);
    let feed = app.get("/themes/10/feed.atom").await;
    assert!(
        !feed.body.contains(&format!("post={bad}")),
        "nor in the feed"
    );
    assert!(feed.body.contains("Débat"), "the new thread is in the feed");

    // Moderators and the thème's facilitators still see it, with the reason; it stays stored.
    for cookie in [&g.moderator, &g.facilitator] {
        let view = thread(&app, Some(cookie), &[]).await;
        assert_eq!(view["posts"].as_array().map(Vec::len), Some(2));
        assert_eq!(view["posts"][1]["hidden"], true);
        assert_eq!(view["posts"][1]["hidden_reason"], "Propos injurieux");
    }
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'post.hidden'")
            .fetch_one(&pool)
            .await
            .expect("audit");
    assert_eq!(audited, 1);
    // The author is told; nobody may reply to the hidden post.
    assert!(
        notified(&pool, g.bruno_id)
            .await
            .contains(&"post.hidden".to_owned())
    );
    let answer = reply(
        &app,
        &g.alice,
        "Je réponds quand même",
        Some(bad.parse().unwrap_or(0)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn facilitators_pin_and_hide_threads_and_members_cannot(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Première", "Un").await;
    open(&app, &g.bruno, "Seconde", "Deux").await;
    let by_member = call(
        &app,
        "/api/discussions/moderate",
        &[("number", "10"), ("thread", "1"), ("action", "pin")],
        &g.alice,
    )
    .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    call(
        &app,
        "/api/discussions/moderate",
        &[("number", "10"), ("thread", "1"), ("action", "pin")],
        &g.facilitator,
    )
    .await;
    let list = json(&app, "/api/discussions/list", &[("number", "10")], None).await;
    assert_eq!(list["threads"][0]["title"], "Première", "pinned first");
    assert_eq!(list["threads"][0]["pinned"], true);

    let without_reason = call(
        &app,
        "/api/discussions/moderate",
        &[("number", "10"), ("thread", "2"), ("action", "hide")],
        &g.facilitator,
    )
    .await;
    assert_eq!(without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    call(
        &app,
        "/api/discussions/moderate",
        &[
            ("number", "10"),
            ("thread", "2"),
            ("action", "hide"),
            ("reason", "Hors sujet"),
        ],
        &g.facilitator,
    )
    .await;
    let list = json(
        &app,
        "/api/discussions/list",
        &[("number", "10")],
        Some(&g.reader),
    )
    .await;
    assert_eq!(list["threads"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        app.get("/themes/10/discussions/2").await.status,
        StatusCode::NOT_FOUND
    );
    let events = app
        .get_with("/themes/10/discussions/2/events", Some(&g.bruno))
        .await;
    assert_eq!(
        events.status,
        StatusCode::NOT_FOUND,
        "no live updates either"
    );
    let as_facilitator = app
        .get_with("/themes/10/discussions/2", Some(&g.facilitator))
        .await;
    assert_eq!(as_facilitator.status, StatusCode::OK);
    assert!(as_facilitator.body.contains("Hors sujet"));
    let reply_hidden = call(
        &app,
        "/api/discussions/reply",
        &[("number", "10"), ("thread", "2"), ("body", "?")],
        &g.bruno,
    )
    .await;
    assert_eq!(reply_hidden.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_long_thread_is_paginated_and_a_post_link_opens_the_page_that_shows_it(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Longue", "Message 1").await;
    let thread_id: Uuid = sqlx::query_scalar("select id from threads")
        .fetch_one(&pool)
        .await
        .expect("thread");
    sqlx::query(
        "insert into posts (thread_id, author_id, source, html)
         select $1, $2, 'Message ' || n, '<p>Message ' || n || '</p>' from generate_series(2, 120) n",
    )
    .bind(thread_id)
    .bind(g.bruno_id)
    .execute(&pool)
    .await
    .expect("posts");
    let first = thread(&app, None, &[]).await;
    assert_eq!(first["pages"], 3);
    assert_eq!(first["posts"].as_array().map(Vec::len), Some(50));
    let last = thread(&app, None, &[("page", "last")]).await;
    assert_eq!(last["page"], 3);
    assert_eq!(last["posts"].as_array().map(Vec::len), Some(20));
    let ids = post_ids(&pool).await;
    let target = ids[74].to_string();
    let found = thread(&app, None, &[("post", &target)]).await;
    assert_eq!(found["page"], 2);
    assert!(found["posts"].to_string().contains("Message 75"));
    let page = app.get("/themes/10/discussions/1?page=2").await;
    assert!(page.body.contains("Message 51") && !page.body.contains("Message 50<"));
    assert!(page.body.contains("rel=\"next\""));
}

/// Reads server-sent events from `body` until `count` events named `post` arrived (or 10 s).
async fn post_events(body: &mut axum::body::Body, count: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while ids.len() < count {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .expect("the events arrive in time")
            .expect("the stream stays open")
            .expect("a readable frame");
        if let Ok(data) = frame.into_data() {
            buffer.push_str(&String::from_utf8_lossy(&data));
        }
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if event.lines().any(|line| line == "event: post") {
                let id = event
                    .lines()
                    .find_map(|line| line.strip_prefix("id: "))
                    .and_then(|id| id.trim().parse().ok())
                    .expect("an id");
                ids.push(id);
            }
        }
    }
    ids
}

fn events_request(
    cookie: &str,
    query: &str,
    last_event_id: Option<i64>,
) -> Request<axum::body::Body> {
    let mut request = Request::get(format!("/themes/10/discussions/1/events{query}"))
        .header("host", "atelier.test")
        .header("accept", "text/event-stream")
        .header("cookie", cookie);
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id.to_string());
    }
    request.body(axum::body::Body::empty()).expect("a request")
}

#[test]
fn the_live_stream_delivers_posts_from_another_session_and_catches_up_after_a_reconnect() {
    support::on_server_runtime(async {
        let database = support::FreshDatabase::create().await;
        let pool = database.pool.clone();
        let app = TestApp::seeded(pool.clone()).await;
        let g = group(&app).await;
        open(&app, &g.alice, "En direct", "Premier").await;
        let first = post_ids(&pool).await[0];

        // Bruno's page is open on the thread (its newest post: the first one).
        let response = app
            .open(events_request(&g.bruno, &format!("?after={first}"), None))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/event-stream",);
        let mut body = response.into_body();
        reply(&app, &g.alice, "Écrit dans une autre session", None).await;
        let second = post_ids(&pool).await[1];
        assert_eq!(post_events(&mut body, 1).await, vec![second]);
        let posts = json(
            &app,
            "/api/discussions/after",
            &[
                ("number", "10"),
                ("thread", "1"),
                ("after", &first.to_string()),
            ],
            Some(&g.bruno),
        )
        .await;
        assert_eq!(posts[0]["html"], "<p>Écrit dans une autre session</p>\n");

        // The connection drops; two posts are written meanwhile; the browser reconnects with
        // the last id it received and gets both, in order.
        drop(body);
        reply(&app, &g.alice, "Pendant la coupure (1)", None).await;
        reply(&app, &g.facilitator, "Pendant la coupure (2)", None).await;
        let missed = post_ids(&pool).await[2..].to_vec();
        let response = app.open(events_request(&g.bruno, "", Some(second))).await;
        let mut body = response.into_body();
        assert_eq!(post_events(&mut body, 2).await, missed);
        // And it keeps following.
        reply(&app, &g.alice, "Après la reconnexion", None).await;
        let newest = *post_ids(&pool).await.last().expect("a post");
        assert_eq!(post_events(&mut body, 1).await, vec![newest]);
        drop(body);
        app.pool.close().await;
        database.drop().await;
    });
}

#[test]
fn the_unread_stream_pushes_the_new_count_when_someone_replies() {
    support::on_server_runtime(async {
        let database = support::FreshDatabase::create().await;
        let pool = database.pool.clone();
        let app = TestApp::seeded(pool.clone()).await;
        let g = group(&app).await;
        open(&app, &g.alice, "Compteur", "Premier").await;
        let first = post_ids(&pool).await[0];
        let request = Request::get("/events")
            .header("host", "atelier.test")
            .header("cookie", &g.alice)
            .body(axum::body::Body::empty())
            .expect("a request");
        let mut body = app.open(request).await.into_body();
        let mut counts = Vec::new();
        let mut buffer = String::new();
        let mut replied = false;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while counts.len() < 2 {
            if counts.len() == 1 && !replied {
                replied = true;
                reply(&app, &g.bruno, "Une réponse pour Alice", Some(first)).await;
            }
            let frame = tokio::time::timeout_at(deadline, body.frame())
                .await
                .expect("in time")
                .expect("open")
                .expect("readable");
            if let Ok(data) = frame.into_data() {
                buffer.push_str(&String::from_utf8_lossy(&data));
            }
            while let Some(end) = buffer.find("\n\n") {
                let event: String = buffer.drain(..end + 2).collect();
                if event.contains("event: unread") {
                    let count: i64 = event
                        .lines()
                        .find_map(|line| line.strip_prefix("data: "))
                        .and_then(|data| data.trim().parse().ok())
                        .expect("a count");
                    counts.push(count);
                }
            }
        }
        assert_eq!(counts, vec![0, 1]);
        let anonymous = app.get("/events").await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        drop(body);
        app.pool.close().await;
        database.drop().await;
    });
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_stale_edit_of_a_post_is_merged_or_comes_back_beside_the_current_text_never_overwriting(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(
        &app,
        &g.alice,
        "Deux onglets",
        "Les circuits courts créent des emplois. Ils demandent une logistique.",
    )
    .await;
    let post = post_ids(&pool).await[0].to_string();
    let edit = |version: &'static str, body: &'static str| {
        let (app, post, alice) = (&app, post.clone(), g.alice.clone());
        async move {
            call(
                app,
                "/api/discussions/edit",
                &[
                    ("number", "10"),
                    ("thread", "1"),
                    ("post", &post),
                    ("version", version),
                    ("body", body),
                ],
                &alice,
            )
            .await
        }
    };
    let source = || async {
        sqlx::query_as::<_, (i32, String)>("select version, source from posts order by id limit 1")
            .fetch_one(&pool)
            .await
            .unwrap_or_default()
    };
    // Tab 1 saves version 2; tab 2, still on version 1, changed another sentence: merged.
    edit(
        "1",
        "Les circuits courts créent des emplois locaux. Ils demandent une logistique.",
    )
    .await;
    let merged = edit(
        "1",
        "Les circuits courts créent des emplois. Ils demandent une logistique partagée.",
    )
    .await;
    assert!(location(&merged).contains("#post-"), "{}", merged.head());
    assert_eq!(
        source().await,
        (
            3,
            "Les circuits courts créent des emplois locaux. Ils demandent une logistique partagée."
                .to_owned()
        )
    );
    // Tab 2 again from version 1, on the same words: nothing written, the text comes back.
    let clash = edit(
        "1",
        "Les circuits courts créent des emplois durables. Ils demandent une logistique.",
    )
    .await;
    let back = location(&clash);
    assert!(back.contains("/edit?from=1&kept="), "{back}");
    assert_eq!(source().await.0, 3, "nothing was overwritten");
    let editor = json(
        &app,
        "/api/discussions/post",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("post", &post),
            ("from", "1"),
        ],
        Some(&g.alice),
    )
    .await;
    assert_eq!(
        editor["version"], 3,
        "the form now answers the version shown"
    );
    assert_eq!(editor["stale"]["made_on"], 1);
    assert_eq!(
        editor["stale"]["base_source"],
        "Les circuits courts créent des emplois. Ils demandent une logistique."
    );
    // Without JavaScript, the same clash goes to the same page.
    let plain = app
        .post_form(
            "/api/discussions/edit",
            &[
                ("number", "10"),
                ("thread", "1"),
                ("post", &post),
                ("version", "1"),
                ("body", "Une tout autre version."),
            ],
            Some(&g.alice),
            Post::Plain,
            &format!("/themes/10/discussions/1/posts/{post}/edit"),
        )
        .await;
    let back = location(&plain);
    assert!(back.contains("/edit?from=1&kept="), "{back}");
    let page = app.get_with(&back, Some(&g.alice)).await;
    assert!(page.body.contains("Une tout autre version."));
    assert!(
        page.body.contains("logistique partagée"),
        "theirs beside it"
    );
    assert_eq!(source().await.0, 3);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_action_goes_to_the_canonical_page_whatever_the_form_wrote_as_its_numbers(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Numéros", "Premier mot").await;
    let locked = call(
        &app,
        "/api/discussions/moderate",
        &[("number", " 010 "), ("thread", "01"), ("action", "lock")],
        &g.facilitator,
    )
    .await;
    assert_eq!(location(&locked), "/themes/10/discussions/1?done=lock");

    // A preview checks nothing on the server; its redirect is still built from numbers only.
    let preview = |number: &'static str| {
        let app = &app;
        let alice = g.alice.clone();
        async move {
            call(
                app,
                "/api/discussions/reply",
                &[
                    ("number", number),
                    ("thread", "1"),
                    ("body", "Un mot"),
                    ("intent", "preview"),
                ],
                &alice,
            )
            .await
        }
    };
    let canonical = location(&preview(" 10").await);
    assert!(
        canonical.starts_with("/themes/10/discussions/1?page=last&"),
        "{canonical}"
    );
    let elsewhere = location(&preview("10/../../ailleurs").await);
    assert!(!elsewhere.contains("ailleurs"), "{elsewhere}");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn any_page_number_shows_a_page_that_exists(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Une discussion", "Premier mot").await;
    for page in [
        "last",
        "9223372036854775807",
        "-9223372036854775808",
        "0",
        "deux",
    ] {
        let list = call(
            &app,
            "/api/discussions/list",
            &[("number", "10"), ("page", page)],
            &g.alice,
        )
        .await;
        assert_eq!(list.status, StatusCode::OK, "page={page}: {}", list.body);
        let view: Value = serde_json::from_str(&list.body).unwrap();
        assert_eq!(view["page"], 1, "page={page}");
        assert_eq!(
            view["threads"].as_array().map(Vec::len),
            Some(1),
            "page={page}"
        );
        let thread = call(
            &app,
            "/api/discussions/get",
            &[("number", "10"), ("thread", "1"), ("page", page)],
            &g.alice,
        )
        .await;
        assert_eq!(
            thread.status,
            StatusCode::OK,
            "page={page}: {}",
            thread.body
        );
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_nul_character_in_a_field_is_refused_as_bad_input_not_a_failure(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Une discussion", "Premier mot").await;
    let posted = reply(&app, &g.alice, "Un mot\0caché", None).await;
    assert_eq!(
        posted.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        posted.body
    );
    assert!(posted.body.contains("TextInvalid"), "{}", posted.body);
    let titled = open(&app, &g.alice, "Titre\0", "Texte").await;
    assert_eq!(
        titled.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        titled.body
    );
    // Fields no check knows of: the database's refusal is still bad input, not a 500.
    app.create_user("admin@example.org", "Admin", PASSWORD, "admin")
        .await;
    let admin = app.sign_in("admin@example.org", PASSWORD).await;
    let searched = call(&app, "/api/admin/get", &[("query", "a\0b")], &admin).await;
    assert!(
        searched.status.is_client_error(),
        "{}: {}",
        searched.status,
        searched.body
    );
    let signed_in = app
        .post_form(
            "/api/account/sign-in",
            &[("email", "alice\0@example.org"), ("password", PASSWORD)],
            None,
            Post::Hydrated,
            "/login",
        )
        .await;
    assert!(
        signed_in.status.is_client_error(),
        "{}: {}",
        signed_in.status,
        signed_in.body
    );
    let count: i64 = sqlx::query_scalar("select count(*) from posts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1, "nothing was written");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_member_who_left_can_no_longer_edit_their_posts(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    open(&app, &g.alice, "Avant mon départ", "Mes mots.").await;
    let post = post_ids(&pool).await[0].to_string();
    let left = call(&app, "/api/themes/leave", &[("number", "10")], &g.alice).await;
    assert!(
        left.status.is_success() || left.status.is_redirection(),
        "{}",
        left.body
    );
    let edited = call(
        &app,
        "/api/discussions/edit",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("post", &post),
            ("version", "1"),
            ("body", "Réécrit après mon départ"),
        ],
        &g.alice,
    )
    .await;
    assert_eq!(edited.status, StatusCode::FORBIDDEN, "{}", edited.body);
    let editor = call(
        &app,
        "/api/discussions/post",
        &[("number", "10"), ("thread", "1"), ("post", &post)],
        &g.alice,
    )
    .await;
    assert_eq!(editor.status, StatusCode::FORBIDDEN, "{}", editor.body);
    let body: String = sqlx::query_scalar("select source from posts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(body, "Mes mots.");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_thread_hidden_after_its_notification_is_named_only_to_those_who_moderate(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let g = group(&app).await;
    // Bruno and the reader follow thème 10; Alice opens a thread, which they are told about.
    for cookie in [&g.bruno, &g.reader, &g.facilitator] {
        call(
            &app,
            "/api/themes/follow",
            &[("number", "10"), ("follow", "true")],
            cookie,
        )
        .await;
    }
    open(&app, &g.alice, "Un titre à ne plus montrer", "Un texte.").await;
    let notifications = |cookie: &str| {
        let app = &app;
        let cookie = cookie.to_owned();
        async move { call(app, "/api/notifications/get", &[], &cookie).await.body }
    };
    assert!(
        notifications(&g.reader)
            .await
            .contains("Un titre à ne plus montrer")
    );
    let hidden = call(
        &app,
        "/api/discussions/moderate",
        &[
            ("number", "10"),
            ("thread", "1"),
            ("action", "hide"),
            ("reason", "Hors charte"),
        ],
        &g.facilitator,
    )
    .await;
    assert_eq!(hidden.status, StatusCode::OK, "{}", hidden.head());
    for cookie in [&g.reader, &g.bruno] {
        let listed = notifications(cookie).await;
        assert!(!listed.contains("Un titre à ne plus montrer"), "{listed}");
        let me = call(&app, "/api/account/me", &[], cookie).await;
        assert!(me.body.contains("\"unread\":0"), "{}", me.body);
    }
    assert!(
        notifications(&g.facilitator)
            .await
            .contains("Un titre à ne plus montrer"),
        "the facilitator still sees what they hid"
    );
}
