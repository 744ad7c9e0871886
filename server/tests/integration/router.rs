//! HTTP tests: the real router, in process, against a fresh database per test.

use crate::support;

use http::{Method, StatusCode, header};
use sqlx::PgPool;
use support::TestApp;

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_home_page_is_server_rendered_in_french_with_the_three_themes(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let response = app.get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response.body.contains(r#"<html lang="fr""#),
        "{}",
        response.head()
    );
    for title in [
        "Les Cahiers d’espérances",
        "Développer l’innovation sociale de l’ESS",
        "Développer le concept et l’organisation des circuits courts au sens large",
        "Promouvoir et développer les structures et les acteurs de l’ESS",
        "Publié le",
        "11 janvier 2012",
    ] {
        assert!(response.body.contains(title), "missing {title:?}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_theme_page_shows_its_number_title_and_text_in_the_html(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    for (number, title, text) in [
        (
            10,
            "Développer l’innovation sociale de l’ESS",
            "L’innovation est au cœur",
        ),
        (
            11,
            "Développer le concept et l’organisation des circuits courts",
            "La notion de territoire",
        ),
        (
            12,
            "Promouvoir et développer les structures et les acteurs",
            "L’approche économique de l’ESS",
        ),
    ] {
        let response = app.get(&format!("/themes/{number}")).await;
        assert_eq!(response.status, StatusCode::OK, "thème {number}");
        // The number is interpolated: hydration markers may sit between the word and the number.
        let label = format!("Thème <!>{number}");
        assert!(response.body.contains(&label), "thème {number}");
        assert!(response.body.contains(title), "thème {number}");
        assert!(response.body.contains(text), "thème {number}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn every_page_describes_itself_once_and_a_public_theme_points_feed_readers_to_its_feed(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    for path in [
        "/",
        "/themes/10",
        "/themes/11/drafts",
        "/login",
        "/search?q=ess",
        "/nulle-part",
    ] {
        let body = app.get(path).await.body;
        let head = body
            .split_once("</head>")
            .map_or(body.as_str(), |(head, _)| head);
        assert_eq!(
            head.matches(r#"<meta name="description""#).count(),
            1,
            "{path}: {head}"
        );
    }
    let theme = app.get("/themes/10").await.body;
    assert!(
        theme.contains("Développer l’innovation sociale de l’ESS — Innovation sociale"),
        "the thème's description"
    );
    assert!(
        theme.contains(r#"<link href="/themes/10/feed.atom" rel="alternate""#)
            && theme.contains(r#"type="application/atom+xml""#),
        "{}",
        theme.split_once("</head>").map_or("", |(head, _)| head)
    );
    // A members-only thème has no feed to point to.
    sqlx::query("update themes set visibility = 'members' where number = 10")
        .execute(&pool)
        .await
        .expect("members only");
    app.create_user(
        "modo@example.org",
        "Modo",
        "les cigales chantent à Marseille",
        "moderator",
    )
    .await;
    let cookie = app
        .sign_in("modo@example.org", "les cigales chantent à Marseille")
        .await;
    let hidden = app.get_with("/themes/10", Some(&cookie)).await;
    assert_eq!(hidden.status, StatusCode::OK);
    assert!(!hidden.body.contains("application/atom+xml"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn unknown_malformed_and_absent_paths_answer_a_404_page_not_a_500(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    for path in [
        "/themes/99",
        "/themes/abc",
        "/themes/0",
        "/themes/-1",
        "/themes/99999999999999999999",
        "/themes/10%00",
        "/nulle-part",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert!(response.body.contains("Page introuvable"), "{path}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_members_only_theme_is_a_404_like_an_unknown_one(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    sqlx::query("update themes set visibility = 'members' where number = 12")
        .execute(&pool)
        .await
        .unwrap();
    let response = app.get("/themes/12").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let home = app.get("/").await;
    assert!(
        !home
            .body
            .contains("Promouvoir et développer les structures")
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn healthz_answers_ok_while_the_database_answers_and_503_after(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let response = app.get("/healthz").await;
    assert_eq!(
        (response.status, response.body.as_str()),
        (StatusCode::OK, "ok")
    );
    pool.close().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_page_whose_database_is_gone_shows_a_translated_message_without_the_cause(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    pool.close().await;
    let response = app.get("/themes/10").await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.body.contains("Une erreur interne est survenue"));
    assert!(
        !response.body.to_lowercase().contains("pool"),
        "the cause leaked"
    );
    assert!(
        !response.body.to_lowercase().contains("sqlx"),
        "the cause leaked"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn pages_carry_the_security_headers_and_a_csp_nonce_that_matches_the_scripts(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let response = app.get("/themes/10").await;
    let header = |name: &str| {
        response
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert!(!header("x-request-id").is_empty());
    let csp = header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy carries a nonce");
    assert!(nonce.len() >= 22, "{nonce}");
    // Leptos writes one empty `<script></script>`, which has nothing to run.
    let scripts = response.body.matches("<script").count()
        - response.body.matches("<script></script>").count();
    assert!(scripts > 0, "the page has hydration scripts");
    assert_eq!(
        response
            .body
            .matches(&format!(r#"nonce="{nonce}""#))
            .count(),
        scripts,
        "every script carries the request's nonce"
    );
    let again = app.get("/themes/10").await;
    let other = again
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert_ne!(csp, other, "each response draws a new nonce");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn pages_are_compressed_for_clients_that_accept_it(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::get("/")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(
        response
            .headers
            .get(header::CONTENT_ENCODING)
            .map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_locale_cookie_serves_the_interface_in_english(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::get("/themes/10")
        .header(header::COOKIE, "i18n_pref_locale=en")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert!(
        response.body.contains(r#"<html lang="en""#),
        "{}",
        response.head()
    );
    assert!(response.body.contains("Back to the booklet"));
    assert!(
        response
            .body
            .contains("Développer l’innovation sociale de l’ESS"),
        "content stays French"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_page_writes_no_language_cookie_of_its_own_in_either_language(pool: PgPool) {
    // Only the language switch and sign-in write the cookie, with `Path=/`: a page that wrote one
    // without a path left a second cookie per folder, which could disagree with the first.
    let app = TestApp::seeded(pool).await;
    for (cookie, lang) in [(None, "fr"), (Some("i18n_pref_locale=en"), "en")] {
        for path in ["/", "/themes/10", "/themes/10/members"] {
            let mut request = http::Request::get(path);
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            let response = app
                .send(request.body(axum::body::Body::empty()).unwrap())
                .await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert!(
                response.body.contains(&format!(r#"<html lang="{lang}""#)),
                "{path} in {lang}"
            );
            let written: Vec<&str> = response
                .headers
                .get_all(header::SET_COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .filter(|value| value.starts_with("i18n_pref_locale="))
                .collect();
            assert_eq!(written, Vec::<&str>::new(), "{path} with {cookie:?}");
        }
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_english_browser_still_gets_french_until_it_chooses(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::get("/")
        .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert!(response.body.contains(r#"<html lang="fr""#));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn posting_the_language_form_without_javascript_sets_the_cookie_and_goes_back(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::post("/api/locale/set")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://127.0.0.1:3000/themes/11")
        .body(axum::body::Body::from("locale=en"))
        .unwrap();
    let response = app.send(request).await;
    assert!(response.status.is_redirection(), "{}", response.status);
    let location = response
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Leptos appends an empty query string there; the server tidies it away.
    assert_eq!(location, "http://127.0.0.1:3000/themes/11");
    let cookie = response
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(cookie.starts_with("i18n_pref_locale=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_unsupported_locale_is_refused_and_sets_no_cookie(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::post("/api/locale/set")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("locale=de"))
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.headers.get(header::SET_COOKIE).is_none());
    assert!(
        response.body.contains("UnsupportedLocale"),
        "{}",
        response.body
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn server_functions_do_not_answer_get(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::builder()
        .method(Method::GET)
        .uri("/api/locale/set?locale=en")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(response.headers.get(header::SET_COOKIE).is_none());
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_request_body_over_the_limit_is_refused(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let body = format!("locale={}", "x".repeat(server::middleware::BODY_LIMIT + 1));
    let request = http::Request::post("/api/locale/set")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.send(request).await;
    assert!(response.status.is_client_error(), "{}", response.status);
    assert!(response.headers.get(header::SET_COOKIE).is_none());
}

fn locale_post(headers: &[(&str, &str)]) -> http::Request<axum::body::Body> {
    let mut request = http::Request::post("/api/locale/set")
        .header(header::HOST, "atelier.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://atelier.example/");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(axum::body::Body::from("locale=en")).unwrap()
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_cross_site_post_is_refused_with_403_and_changes_nothing(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    for headers in [
        // A modern browser on another site.
        &[
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ][..],
        &[("sec-fetch-site", "same-site")][..],
        // An old browser: no Sec-Fetch-Site, but an Origin that is not ours.
        &[("origin", "http://evil.example")][..],
    ] {
        let response = app.send(locale_post(headers)).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(
            response.headers.get(header::SET_COOKIE).is_none(),
            "{headers:?}"
        );
        assert!(response.body.contains("Requête refusée"), "{headers:?}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_same_origin_post_goes_through(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    for headers in [
        &[
            ("origin", "http://atelier.example"),
            ("sec-fetch-site", "same-origin"),
        ][..],
        &[("origin", "http://atelier.example")][..],
        // Not a browser (no Origin, no Sec-Fetch-Site): no ambient cookies to abuse.
        &[][..],
    ] {
        let response = app.send(locale_post(headers)).await;
        assert!(
            response.status.is_redirection(),
            "{headers:?}: {}",
            response.status
        );
        assert!(
            response.headers.get(header::SET_COOKIE).is_some(),
            "{headers:?}"
        );
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn cross_site_reads_of_pages_still_work(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let request = http::Request::get("/themes/10")
        .header("sec-fetch-site", "cross-site")
        .header("origin", "http://evil.example")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::OK);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_front_end_files_are_revalidated_and_an_unchanged_one_answers_304(pool: PgPool) {
    let site = std::env::temp_dir().join(format!("atelier-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).expect("a site folder");
    std::fs::write(site.join("pkg/atelier.js"), "export const built = true;\n").expect("a file");
    let app = TestApp::with_site(pool, site.to_str().expect("a UTF-8 path"));

    let first = app.get("/pkg/atelier.js").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body, "export const built = true;\n");
    assert_eq!(first.headers[header::CACHE_CONTROL], "no-cache");
    assert!(
        first.headers[header::CONTENT_TYPE]
            .to_str()
            .is_ok_and(|kind| kind.contains("javascript")),
        "{:?}",
        first.headers
    );
    let last_modified = first.headers[header::LAST_MODIFIED].clone();

    let again = http::Request::get("/pkg/atelier.js")
        .header(header::IF_MODIFIED_SINCE, last_modified)
        .body(axum::body::Body::empty())
        .expect("a valid request");
    let again = app.send(again).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    std::fs::remove_dir_all(&site).ok();
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_content_hashed_front_end_file_is_kept_a_year_and_its_brotli_copy_is_served(
    pool: PgPool,
) {
    let site = std::env::temp_dir().join(format!("atelier-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).expect("a site folder");
    let name = "atelier.pI8sd0iV0CpFJmHb2mL1Bw.js";
    std::fs::write(site.join("pkg").join(name), "export const built = true;\n").expect("a file");
    std::fs::write(site.join("pkg").join(format!("{name}.br")), "brotli bytes").expect("a file");
    let app = TestApp::with_site(pool, site.to_str().expect("a UTF-8 path"));

    let plain = app.get(&format!("/pkg/{name}")).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.body, "export const built = true;\n");
    assert_eq!(
        plain.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let request = http::Request::get(format!("/pkg/{name}"))
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(axum::body::Body::empty())
        .expect("a valid request");
    let compressed = app.send(request).await;
    assert_eq!(compressed.status, StatusCode::OK);
    assert_eq!(compressed.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(compressed.body, "brotli bytes");
    let missing = app.get("/pkg/atelier.AAAAAAAAAAAAAAAAAAAAAA.js").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.headers[header::CACHE_CONTROL], "no-cache");
    std::fs::remove_dir_all(&site).ok();
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_missing_front_end_file_is_a_plain_404_not_the_application_page(pool: PgPool) {
    let site = std::env::temp_dir().join(format!("atelier-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).expect("a site folder");
    let app = TestApp::with_site(pool, site.to_str().expect("a UTF-8 path"));

    for path in ["/pkg/atelier.wasm", "/pkg/", "/pkg/../Cargo.toml"] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            response.body.contains("File not found") && !response.body.contains("<html"),
            "{path}: {}",
            response.head()
        );
    }
    std::fs::remove_dir_all(&site).ok();
}

/// Leptos switches resource loading off for the whole process while it lists an app's routes
/// (leptos-rs/leptos#4773): a page rendered meanwhile never got its data and waited for the
/// request timeout (a 503 after 30 s, now and then in CI, where tests build their routers side
/// by side). The routes are listed once per process, so building routers never stalls a page.
#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn building_other_routers_while_pages_render_never_stalls_a_page(pool: PgPool) {
    use std::sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    };
    let app = TestApp::seeded(pool.clone()).await;
    let stop = Arc::new(AtomicBool::new(false));
    let built = Arc::new(AtomicUsize::new(0));
    let builder = {
        let (state, stop, built) = (app.state.clone(), stop.clone(), built.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            let _entered = runtime.enter();
            while !stop.load(Ordering::SeqCst) && built.load(Ordering::SeqCst) < 100_000 {
                drop(server::startup::router(state.clone()));
                built.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    while built.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    let mut stalled = Vec::new();
    for round in 0..10 {
        for path in [
            "/",
            "/themes/10",
            "/themes/11/drafts",
            "/themes/10/discussions",
        ] {
            let page = app.get(path).await;
            if page.status != StatusCode::OK {
                stalled.push(format!("{round} {path}: {}", page.status));
            }
        }
    }
    stop.store(true, Ordering::SeqCst);
    builder.join().expect("the builder thread");
    assert!(stalled.is_empty(), "{stalled:?}");
    assert!(built.load(Ordering::SeqCst) > 0);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn what_a_signed_in_person_sees_is_never_cached_and_an_https_site_keeps_browsers_to_https(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user(
        "alex@example.org",
        "Alex",
        "les cigales chantent à Marseille",
        "member",
    )
    .await;
    let cookie = app
        .sign_in("alex@example.org", "les cigales chantent à Marseille")
        .await;
    let anonymous = app.get("/themes/10").await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert_ne!(
        anonymous
            .headers
            .get(header::CACHE_CONTROL)
            .and_then(|value| value.to_str().ok()),
        Some("no-store")
    );
    assert!(
        !anonymous
            .headers
            .contains_key(header::STRICT_TRANSPORT_SECURITY)
    );
    let signed_in = app.get_with("/themes/10", Some(&cookie)).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(
        signed_in
            .headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );

    let https = TestApp::with_auth(
        pool,
        app::ssr::state::AuthSettings::local("https://atelier.example"),
    );
    let page = https.get("/").await;
    assert_eq!(
        page.headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .map(|v| v.as_bytes()),
        Some(&b"max-age=31536000"[..])
    );
}
