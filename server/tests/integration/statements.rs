//! What a page view costs the database, counted by PostgreSQL itself: `pg_stat_statements`
//! (which `scripts/pg.sh` preloads into the private cluster) counts the statements the server
//! sent and the rows they returned, for this test's database only.

use crate::support;

use app::ssr::quota::QuotaLimits;
use http::StatusCode;
use sqlx::PgPool;
use support::{TestApp, add_member, call, location};

const PASSWORD: &str = "les cigales chantent à Marseille";

/// Statements and rows of this database since the last [`Counter::reset`].
struct Counter {
    pool: PgPool,
}

impl Counter {
    async fn new(pool: &PgPool) -> Self {
        sqlx::query("create extension if not exists pg_stat_statements")
            .execute(pool)
            .await
            .expect("pg_stat_statements can be created (it ships with PostgreSQL's server)");
        sqlx::query("select count(*) from pg_stat_statements")
            .execute(pool)
            .await
            .expect(
                "pg_stat_statements is loaded: these tests need the private cluster of \
                 scripts/pg.sh, or shared_preload_libraries = 'pg_stat_statements'",
            );
        Self { pool: pool.clone() }
    }

    async fn reset(&self) {
        sqlx::query(
            "select pg_stat_statements_reset(0, (select oid from pg_database
                                                  where datname = current_database()), 0)",
        )
        .execute(&self.pool)
        .await
        .expect("reset");
    }

    /// (statements, rows) sent by others than this counter since the reset.
    async fn count(&self) -> (i64, i64) {
        sqlx::query_as(
            "select coalesce(sum(calls), 0)::bigint, coalesce(sum(rows), 0)::bigint
             from pg_stat_statements
             where dbid = (select oid from pg_database where datname = current_database())
               and query not ilike '%pg_stat_statements%'",
        )
        .fetch_one(&self.pool)
        .await
        .expect("count")
    }

    /// (statements, rows) of one GET of `path` by `cookie`, which must answer 200 and show
    /// `shows`.
    async fn page(
        &self,
        app: &TestApp,
        path: &str,
        cookie: Option<&str>,
        shows: &str,
    ) -> (i64, i64) {
        self.reset().await;
        let page = app.get_with(path, cookie).await;
        let counted = self.count().await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.head());
        assert!(page.body.contains(shows), "{path} shows {shows:?}");
        counted
    }
}

/// The seeded app, with saves not rate-limited.
async fn generous(pool: PgPool) -> TestApp {
    app::ssr::seed::load(&pool).await.expect("the seed loads");
    TestApp::with_quotas(
        pool,
        QuotaLimits {
            saves_per_minute: u32::MAX,
            ..QuotaLimits::default()
        },
    )
}

async fn save(app: &TestApp, cookie: &str, base: i32, body: &str) {
    let saved = call(
        app,
        "/api/drafts/save",
        &[
            ("number", "10"),
            ("draft", "1"),
            ("base", &base.to_string()),
            ("body", body),
            ("summary", "Une phrase de plus"),
        ],
        cookie,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_theme_page_costs_at_most_five_statements_whoever_asks(pool: PgPool) {
    let app = generous(pool.clone()).await;
    let member = app
        .create_user("alice@example.org", "Alice", PASSWORD, "member")
        .await;
    add_member(&pool, 10, member, "member").await;
    app.create_user("lecteur@example.org", "Lecteur", PASSWORD, "member")
        .await;
    let alice = app.sign_in("alice@example.org", PASSWORD).await;
    let reader = app.sign_in("lecteur@example.org", PASSWORD).await;
    let created = call(
        &app,
        "/api/drafts/create",
        &[
            ("number", "10"),
            ("title", "Notre proposition"),
            ("body", "Une première phrase.\n"),
        ],
        &alice,
    )
    .await;
    assert_eq!(location(&created), "/themes/10/drafts/1?done=created");
    let opened = call(
        &app,
        "/api/discussions/open",
        &[
            ("number", "10"),
            ("title", "Par où commencer ?"),
            ("body", "Premier message."),
        ],
        &alice,
    )
    .await;
    assert!(opened.status.is_redirection() || opened.status == StatusCode::OK);
    let counter = Counter::new(&pool).await;
    // A first visit sets the member's baseline; the second has "since my last visit" to show.
    app.get_with("/themes/10", Some(&alice)).await;
    let callers = [
        ("anonymous", None),
        ("signed-in reader", Some(reader.as_str())),
        ("member", Some(alice.as_str())),
    ];
    for (who, cookie) in callers {
        let (statements, _) = counter
            .page(&app, "/themes/10", cookie, "Notre proposition")
            .await;
        assert!(statements <= 5, "{who}: {statements} statements");
        assert!(statements >= 2, "{who}: the count counts ({statements})");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn pages_read_as_many_rows_after_sixty_more_revisions_as_before(pool: PgPool) {
    let app = generous(pool.clone()).await;
    let mut people = Vec::new();
    for (email, name) in [
        ("alice@example.org", "Alice"),
        ("bruno@example.org", "Bruno"),
    ] {
        let id = app.create_user(email, name, PASSWORD, "member").await;
        add_member(&pool, 10, id, "member").await;
        people.push(app.sign_in(email, PASSWORD).await);
    }
    let mut text = String::from("Une première phrase.\n");
    let created = call(
        &app,
        "/api/drafts/create",
        &[
            ("number", "10"),
            ("title", "Notre proposition"),
            ("body", &text),
        ],
        &people[0],
    )
    .await;
    assert_eq!(location(&created), "/themes/10/drafts/1?done=created");
    let counter = Counter::new(&pool).await;
    let pages = [
        ("/themes/10", "Notre proposition"),
        ("/themes/10/drafts", "Notre proposition"),
        ("/themes/10/drafts/1", "Alice"),
        ("/themes/10/drafts/1/attribution", "Bruno"),
    ];
    // Both have written once, so the contributors are the same before and after.
    text.push_str("Bruno ajoute une phrase.\n");
    save(&app, &people[1], 1, &text).await;
    let mut before = Vec::new();
    for (path, shows) in pages {
        before.push(counter.page(&app, path, None, shows).await);
    }
    // Each revision replaces the last line: the text stays the same size.
    for revision in 2..62 {
        let line = format!("Version {revision} de la dernière phrase.\n");
        let mut next: Vec<&str> = text.lines().take(1).collect();
        next.push(&line);
        text = next.join("\n");
        save(&app, &people[revision as usize % 2], revision, &text).await;
    }
    let mut after = Vec::new();
    for (path, shows) in pages {
        after.push(counter.page(&app, path, None, shows).await);
    }
    for (((path, _), before), after) in pages.iter().zip(&before).zip(&after) {
        assert_eq!(before, after, "{path}: (statements, rows) before and after");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_history_shows_fifty_revisions_a_page_newest_first(pool: PgPool) {
    let app = generous(pool.clone()).await;
    let id = app
        .create_user("alice@example.org", "Alice", PASSWORD, "member")
        .await;
    add_member(&pool, 10, id, "member").await;
    let alice = app.sign_in("alice@example.org", PASSWORD).await;
    let mut text = String::from("Une première phrase.\n");
    let created = call(
        &app,
        "/api/drafts/create",
        &[
            ("number", "10"),
            ("title", "Notre proposition"),
            ("body", &text),
        ],
        &alice,
    )
    .await;
    assert_eq!(location(&created), "/themes/10/drafts/1?done=created");
    for revision in 1..60 {
        text = format!("Une première phrase.\nVersion {revision}.\n");
        save(&app, &alice, revision, &text).await;
    }
    let first = app.get("/themes/10/drafts/1/history").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains(">révision 60<"), "{}", first.head());
    assert!(first.body.contains(">révision 11<"));
    assert!(!first.body.contains(">révision 10<"));
    assert!(first.body.contains("/themes/10/drafts/1/history?page=2"));
    let second = app.get("/themes/10/drafts/1/history?page=2").await;
    assert!(second.body.contains(">révision 10<"));
    assert!(second.body.contains(">révision 1<"));
    assert!(!second.body.contains(">révision 11<"));
    let beyond = app.get("/themes/10/drafts/1/history?page=9").await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert!(beyond.body.contains(">révision 1<"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_draft_page_costs_as_many_statements_with_comments_edits_and_suggestions_as_without(
    pool: PgPool,
) {
    let app = generous(pool.clone()).await;
    let member = app
        .create_user("alice@example.org", "Alice", PASSWORD, "member")
        .await;
    add_member(&pool, 10, member, "member").await;
    let alice = app.sign_in("alice@example.org", PASSWORD).await;
    let text = "Les circuits courts relient producteurs et habitants.\n\n\
                La restauration collective peut s’approvisionner localement.\n\n\
                Les coopératives mutualisent la logistique.\n";
    let created = call(
        &app,
        "/api/drafts/create",
        &[
            ("number", "10"),
            ("title", "Notre proposition"),
            ("body", text),
        ],
        &alice,
    )
    .await;
    assert_eq!(location(&created), "/themes/10/drafts/1?done=created");
    let counter = Counter::new(&pool).await;
    let path = "/themes/10/drafts/1";
    let before = counter.page(&app, path, None, "Notre proposition").await.0;

    for (quote, body) in [
        ("circuits courts", "Lesquels ?"),
        ("restauration collective", "Et les cantnes ?"),
        ("mutualisent la logistique", "Avec quels outils ?"),
    ] {
        let made = call(
            &app,
            "/api/drafts/comment",
            &[
                ("number", "10"),
                ("draft", "1"),
                ("quote", quote),
                ("body", body),
            ],
            &alice,
        )
        .await;
        assert!(
            made.status.is_success() || made.status.is_redirection(),
            "{}",
            made.head()
        );
    }
    let id: i64 = sqlx::query_scalar("select id from draft_comments where source = $1")
        .bind("Et les cantnes ?")
        .fetch_one(&pool)
        .await
        .expect("the comment");
    for (version, edited) in [
        ("1", "Et les cantines ?"),
        ("2", "Et les cantines scolaires ?"),
    ] {
        let done = call(
            &app,
            "/api/drafts/comment/edit",
            &[
                ("number", "10"),
                ("draft", "1"),
                ("comment", &id.to_string()),
                ("version", version),
                ("edited", edited),
            ],
            &alice,
        )
        .await;
        assert!(
            done.status.is_success() || done.status.is_redirection(),
            "{}",
            done.head()
        );
    }
    for (quote, replacement) in [
        ("relient", "rapprochent"),
        ("localement", "sur le territoire"),
    ] {
        let made = call(
            &app,
            "/api/drafts/suggest",
            &[
                ("number", "10"),
                ("draft", "1"),
                ("quote", quote),
                ("replacement", replacement),
                ("note", "Plus précis"),
            ],
            &alice,
        )
        .await;
        assert!(
            made.status.is_success() || made.status.is_redirection(),
            "{}",
            made.head()
        );
    }

    let made: (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from draft_comments), (select count(*) from draft_comment_versions),
                (select count(*) from draft_suggestions)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        made,
        (3, 2, 2),
        "three comments, two earlier wordings, two suggestions"
    );

    // Three threads, two earlier wordings and two suggestions: read with the page, not each.
    let after = counter
        .page(&app, path, None, "Et les cantines scolaires\u{202f}?")
        .await
        .0;
    let page = app.get(path).await;
    assert!(page.body.contains("Avec quels outils\u{202f}?") && page.body.contains("rapprochent"));
    assert_eq!(
        after, before,
        "statements before the review ({before}) and after ({after})"
    );
}
