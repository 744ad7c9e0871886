//! Per-person rate limits and the request-size limits: beyond them, 429 (or 413, 431) with a
//! translated message, and nothing the person typed is lost.

use crate::support::{self, Post, TestApp, call, location};
use app::ssr::quota::QuotaLimits;
use http::{StatusCode, header};
use sqlx::PgPool;
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

/// Limits of 2 per window for everything (a window refills one every 30 s at the least: the
/// tests make their calls well within it).
fn tight() -> QuotaLimits {
    QuotaLimits {
        saves_per_minute: 2,
        previews_per_minute: 2,
        posts_per_hour: 2,
        reports_per_hour: 2,
        invitations_per_hour: 2,
        theme_invitations_per_day: 3,
        mails_per_address_per_hour: 2,
    }
}

struct People {
    member: String,
    other: String,
    facilitator: String,
    /// A second facilitator of the same thème.
    co_facilitator: String,
}

async fn people(app: &TestApp, pool: &PgPool) -> People {
    let mut ids: Vec<Uuid> = Vec::new();
    for (email, name) in [
        ("membre@example.org", "Membre"),
        ("autre@example.org", "Autre"),
        ("animation@example.org", "Animation"),
        ("co@example.org", "Co-animation"),
    ] {
        ids.push(app.create_user(email, name, PASSWORD, "member").await);
    }
    support::add_member(pool, 10, ids[0], "member").await;
    support::add_member(pool, 10, ids[1], "member").await;
    support::add_member(pool, 10, ids[2], "facilitator").await;
    support::add_member(pool, 10, ids[3], "facilitator").await;
    People {
        member: app.sign_in("membre@example.org", PASSWORD).await,
        other: app.sign_in("autre@example.org", PASSWORD).await,
        facilitator: app.sign_in("animation@example.org", PASSWORD).await,
        co_facilitator: app.sign_in("co@example.org", PASSWORD).await,
    }
}

fn rate_limited(response: &support::TestResponse) -> bool {
    response.status == StatusCode::TOO_MANY_REQUESTS && response.body.contains("RateLimited")
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_person_posting_beyond_the_limit_is_refused_while_others_still_post(pool: PgPool) {
    let app = TestApp::with_quotas(pool.clone(), tight());
    app::ssr::seed::load(&pool).await.unwrap();
    let p = people(&app, &pool).await;
    let opened = call(
        &app,
        "/api/discussions/open",
        &[("number", "10"), ("title", "Sujet"), ("body", "Premier.")],
        &p.member,
    )
    .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.head());
    let reply = |cookie: &str, body: &'static str| {
        let cookie = cookie.to_owned();
        let app = &app;
        async move {
            let pairs = [
                ("number", "10"),
                ("thread", "1"),
                ("body", body),
                ("reply_to", ""),
            ];
            call(app, "/api/discussions/reply", &pairs, &cookie).await
        }
    };
    assert_eq!(reply(&p.member, "Deuxième.").await.status, StatusCode::OK);
    let third = reply(&p.member, "Troisième.").await;
    assert!(rate_limited(&third), "{} {}", third.status, third.head());
    assert_eq!(reply(&p.other, "Moi aussi.").await.status, StatusCode::OK);
    let posts: Vec<String> = sqlx::query_scalar("select source from posts order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(posts, ["Premier.", "Deuxième.", "Moi aussi."]);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_refusal_is_worded_in_the_page_and_the_typed_reply_stays_in_the_form(pool: PgPool) {
    let app = TestApp::with_quotas(pool.clone(), tight());
    app::ssr::seed::load(&pool).await.unwrap();
    let p = people(&app, &pool).await;
    for body in ["Un.", "Deux."] {
        let response = app
            .post_form(
                "/api/discussions/open",
                &[("number", "10"), ("title", body), ("body", body)],
                Some(&p.member),
                Post::Plain,
                "/themes/10/discussions/new",
            )
            .await;
        assert_eq!(response.status, StatusCode::FOUND);
    }
    let refused = app
        .post_form(
            "/api/discussions/open",
            &[
                ("number", "10"),
                ("title", "Trois"),
                ("body", "Le texte que je tapais."),
            ],
            Some(&p.member),
            Post::Plain,
            "/themes/10/discussions/new",
        )
        .await;
    let back = location(&refused);
    assert!(back.starts_with("/themes/10/discussions/new"), "{back}");
    let page = app.get_with(&back, Some(&p.member)).await;
    assert!(
        page.body.contains("Trop de demandes"),
        "the page says why: {}",
        page.head()
    );
    assert!(
        page.body.contains("Le texte que je tapais."),
        "the typed text is given back"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_draft_save_beyond_the_limit_is_refused_and_its_text_kept_for_the_editor(pool: PgPool) {
    let app = TestApp::with_quotas(pool.clone(), tight());
    app::ssr::seed::load(&pool).await.unwrap();
    let p = people(&app, &pool).await;
    let created = call(
        &app,
        "/api/drafts/create",
        &[
            ("number", "10"),
            ("title", "Texte"),
            ("body", "Version 1."),
            ("summary", ""),
        ],
        &p.member,
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.head());
    let save = |base: &'static str, body: &'static str| {
        let app = &app;
        let cookie = p.member.clone();
        async move {
            call(
                app,
                "/api/drafts/save",
                &[
                    ("number", "10"),
                    ("draft", "1"),
                    ("base", base),
                    ("body", body),
                    ("summary", ""),
                ],
                &cookie,
            )
            .await
        }
    };
    assert_eq!(save("1", "Version 2.").await.status, StatusCode::OK);
    // With JavaScript the editor keeps the text itself and shows the error.
    let refused = save("2", "Version 3, tapée avec soin.").await;
    assert!(
        rate_limited(&refused),
        "{} {}",
        refused.status,
        refused.head()
    );
    // Without, the text is kept on the server and the editor gives it back with the reason.
    let plain = app
        .post_form(
            "/api/drafts/save",
            &[
                ("number", "10"),
                ("draft", "1"),
                ("base", "2"),
                ("body", "Version 3, tapée avec soin."),
                ("summary", ""),
            ],
            Some(&p.member),
            Post::Plain,
            "/themes/10/drafts/1/edit",
        )
        .await;
    let back = location(&plain);
    assert!(back.contains("/themes/10/drafts/1/edit?"), "{back}");
    let page = app.get_with(&back, Some(&p.member)).await;
    assert!(
        page.body.contains("Version 3, tapée avec soin."),
        "{}",
        page.head()
    );
    assert!(
        page.body.contains("Trop de demandes"),
        "the editor says why"
    );
    let head: i32 = sqlx::query_scalar("select max(number) from draft_revisions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(head, 2, "no third revision");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn previews_and_reports_are_limited_per_person(pool: PgPool) {
    let app = TestApp::with_quotas(pool.clone(), tight());
    app::ssr::seed::load(&pool).await.unwrap();
    let p = people(&app, &pool).await;
    let preview = |cookie: &str| {
        let app = &app;
        let cookie = cookie.to_owned();
        async move {
            call(
                app,
                "/api/drafts/preview",
                &[("body", "> *citation*")],
                &cookie,
            )
            .await
        }
    };
    for _ in 0..2 {
        assert_eq!(preview(&p.member).await.status, StatusCode::OK);
    }
    assert!(rate_limited(&preview(&p.member).await));
    assert_eq!(preview(&p.other).await.status, StatusCode::OK);

    call(
        &app,
        "/api/discussions/open",
        &[("number", "10"), ("title", "Sujet"), ("body", "Premier.")],
        &p.other,
    )
    .await;
    let report = |reason: &'static str| {
        let app = &app;
        let cookie = p.member.clone();
        async move {
            call(
                app,
                "/api/discussions/report",
                &[
                    ("number", "10"),
                    ("thread", "1"),
                    ("post", "1"),
                    ("reason", reason),
                ],
                &cookie,
            )
            .await
        }
    };
    assert_eq!(report("Un.").await.status, StatusCode::OK);
    assert_eq!(report("Deux.").await.status, StatusCode::OK);
    assert!(rate_limited(&report("Trois.").await));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn invitations_are_limited_per_person_and_per_theme_and_mail_no_one_beyond(pool: PgPool) {
    let app = TestApp::with_quotas(pool.clone(), tight());
    app::ssr::seed::load(&pool).await.unwrap();
    let p = people(&app, &pool).await;
    let invite = |cookie: &str, email: &str| {
        let app = &app;
        let cookie = cookie.to_owned();
        let email = email.to_owned();
        async move {
            call(
                app,
                "/api/themes/invite",
                &[("number", "10"), ("email", &email), ("role", "member")],
                &cookie,
            )
            .await
        }
    };
    assert_eq!(
        invite(&p.facilitator, "a@example.org").await.status,
        StatusCode::OK
    );
    assert_eq!(
        invite(&p.facilitator, "b@example.org").await.status,
        StatusCode::OK
    );
    assert!(
        rate_limited(&invite(&p.facilitator, "c@example.org").await),
        "a third invitation by the same person"
    );
    assert_eq!(
        invite(&p.co_facilitator, "d@example.org").await.status,
        StatusCode::OK
    );
    assert!(
        rate_limited(&invite(&p.co_facilitator, "e@example.org").await),
        "the thème's fourth invitation of the day"
    );
    for (address, mails) in [
        ("a@example.org", 1),
        ("b@example.org", 1),
        ("c@example.org", 0),
        ("d@example.org", 1),
        ("e@example.org", 0),
    ] {
        assert_eq!(app.mails_to(address).len(), mails, "{address}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn one_address_gets_a_bounded_number_of_reset_mails_and_the_answer_never_changes(
    pool: PgPool,
) {
    let app = TestApp::with_quotas(pool.clone(), tight());
    app::ssr::seed::load(&pool).await.unwrap();
    app.create_user("cible@example.org", "Cible", PASSWORD, "member")
        .await;
    let mut answers = Vec::new();
    for _ in 0..4 {
        let response = app
            .post_form(
                "/api/account/request-reset",
                &[("email", "cible@example.org")],
                None,
                Post::Hydrated,
                "/password/forgot",
            )
            .await;
        answers.push((response.status, response.body));
    }
    assert!(
        answers.iter().all(|answer| *answer == answers[0]),
        "{answers:?}"
    );
    assert_eq!(answers[0].0, StatusCode::OK);
    assert_eq!(app.mails_to("cible@example.org").len(), 2);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_body_over_one_mebibyte_is_told_its_text_is_too_long(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let body = format!("body={}", "x".repeat(server::middleware::BODY_LIMIT + 1));
    let request = http::Request::post("/api/drafts/preview")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::ACCEPT, "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    let error: app::error::AppError = serde_json::from_str(&response.body).unwrap();
    assert_eq!(
        error,
        app::error::AppError::invalid("body", app::error::ValidationCode::TextTooLong)
    );
    assert_eq!(server::middleware::BODY_LIMIT, 1024 * 1024);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_draft_at_its_length_limit_in_french_fits_in_one_request(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let member = app
        .create_user("membre@example.org", "Membre", PASSWORD, "member")
        .await;
    support::add_member(&pool, 10, member, "member").await;
    let cookie = app.sign_in("membre@example.org", PASSWORD).await;
    // 400,000 characters of the seed's French, as a member would paste it.
    let seed = "Développer l’économie sociale et solidaire : circuits courts, coopératives, \
                AMAP, « monnaies complémentaires » et prévention. ";
    let body: String = seed.chars().cycle().take(400_000).collect();
    let response = call(
        &app,
        "/api/drafts/create",
        &[
            ("number", "10"),
            ("title", "Très long"),
            ("body", &body),
            ("summary", ""),
        ],
        &cookie,
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.head());
    let stored: i32 = sqlx::query_scalar("select length(body) from draft_revisions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 400_000);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_header_block_over_its_limit_is_refused_with_431(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::get("/")
        .header(
            "x-padding",
            "a".repeat(server::middleware::HEADER_BYTES_LIMIT),
        )
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(
        app.send(request).await.status,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
    let mut many = http::Request::get("/");
    for index in 0..=server::middleware::HEADER_COUNT_LIMIT {
        many = many.header(format!("x-h{index}"), "1");
    }
    let response = app
        .send(many.body(axum::body::Body::empty()).unwrap())
        .await;
    assert_eq!(response.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let ordinary = app.get("/").await;
    assert_eq!(ordinary.status, StatusCode::OK);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn healthz_answers_while_worst_case_previews_are_being_rendered(pool: PgPool) {
    const PREVIEWS: usize = 6;
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("membre@example.org", "Membre", PASSWORD, "member")
        .await;
    let cookie = app.sign_in("membre@example.org", PASSWORD).await;
    // One of the slowest inputs of `render_bench` at the preview limit (about 0.2 s each).
    let worst = "*_".repeat(200_000);
    let finished = std::sync::atomic::AtomicUsize::new(0);
    let previews = futures::future::join_all((0..PREVIEWS).map(|_| async {
        let response = call(&app, "/api/drafts/preview", &[("body", &worst)], &cookie).await;
        finished.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        response.status
    }));
    // The test's runtime has one thread: were the previews rendered on it, /healthz would wait
    // for all of them.
    let health = async {
        tokio::task::yield_now().await;
        let response = app.get("/healthz").await;
        (
            response.status,
            finished.load(std::sync::atomic::Ordering::SeqCst),
        )
    };
    let (statuses, (health, done_before)) = tokio::join!(previews, health);
    assert_eq!(health, StatusCode::OK);
    assert!(
        done_before < PREVIEWS / 2,
        "/healthz answered after {done_before} of {PREVIEWS} previews"
    );
    assert!(
        statuses.iter().all(|status| *status == StatusCode::OK),
        "{statuses:?}"
    );
}
