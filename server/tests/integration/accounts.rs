//! Accounts over HTTP: sign-up by e-mail, sign-in and out, sessions, throttling, reset, account page.

use crate::support;

use http::StatusCode;
use sqlx::PgPool;
use support::{Post, TestApp, location, session_cookie, session_set_cookie};

const STRONG: &str = "les cigales chantent à Marseille";
const STRONGER: &str = "un vélo bleu sous la pluie d’automne";

async fn me(app: &TestApp, cookie: Option<&str>) -> String {
    app.post_form("/api/account/me", &[], cookie, Post::Hydrated, "/")
        .await
        .body
}

async fn session_rows(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from sessions")
        .fetch_one(pool)
        .await
        .expect("count sessions")
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn signing_up_mails_a_link_that_creates_the_account_and_signs_it_in(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let response = app
        .post_form(
            "/api/account/sign-up",
            &[
                ("display_name", "Camille Durand"),
                ("email", "camille@example.org"),
                ("password", STRONG),
            ],
            None,
            Post::Plain,
            "/signup",
        )
        .await;
    assert_eq!(response.status, StatusCode::FOUND);
    assert_eq!(location(&response), "/signup/sent");
    let users: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(users, 0, "no account before the link is used");

    let token = app
        .mailed_token("camille@example.org", "/signup/confirm")
        .expect("a confirmation link was mailed");
    let page = app.get(&format!("/signup/confirm?token={token}")).await;
    assert!(page.body.contains("Activer mon compte"), "{}", page.head());
    let confirmed = app
        .post_form(
            "/api/account/confirm-sign-up",
            &[("token", &token)],
            None,
            Post::Plain,
            "/signup/confirm",
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::FOUND);
    assert_eq!(location(&confirmed), "/account?done=welcome");
    let cookie = session_cookie(&confirmed).expect("signed in after confirming");
    let account = app.get_with("/account", Some(&cookie)).await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.body.contains("Camille Durand"));
    assert!(account.body.contains("camille@example.org"));

    let again = app
        .post_form(
            "/api/account/confirm-sign-up",
            &[("token", &token)],
            None,
            Post::Hydrated,
            "/signup/confirm",
        )
        .await;
    assert_eq!(again.status, StatusCode::GONE, "a link works once");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn signing_up_with_a_registered_email_answers_exactly_like_a_new_one(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("dominique@example.org", "Dominique", STRONG, "member")
        .await;
    let sign_up = |email: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/api/account/sign-up",
                &[
                    ("display_name", "Quelqu’un"),
                    ("email", email),
                    ("password", STRONGER),
                ],
                None,
                Post::Plain,
                "/signup",
            )
            .await
        }
    };
    let known = sign_up("DOMINIQUE@example.org").await;
    let unknown = sign_up("nouveau@example.org").await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(location(&known), location(&unknown));
    assert_eq!(known.body, unknown.body);
    assert!(session_cookie(&known).is_none() && session_cookie(&unknown).is_none());
    let mail = app
        .mails_to("DOMINIQUE@example.org")
        .pop()
        .unwrap_or_default();
    assert!(mail.contains("un compte existe déjà"), "{mail}");
    let count: i64 =
        sqlx::query_scalar("select count(*) from users where email = 'dominique@example.org'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(count, 1);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_refused_plain_sign_up_goes_back_with_what_was_typed_except_the_password(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let response = app
        .post_form(
            "/api/account/sign-up",
            &[
                ("display_name", "Camille Durand"),
                ("email", "pas-une-adresse"),
                ("password", "motdepasse"),
            ],
            None,
            Post::Plain,
            "/signup",
        )
        .await;
    assert_eq!(response.status, StatusCode::FOUND);
    let back = location(&response);
    assert!(back.starts_with("/signup?"), "{back}");
    assert!(back.contains("display_name=Camille%20Durand"), "{back}");
    assert!(back.contains("email=pas-une-adresse"), "{back}");
    assert!(!back.contains("motdepasse"), "{back}");

    let page = app.get(&back).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"value="Camille Durand""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("Cette adresse e-mail n’est pas valide."));
    assert!(page.body.contains("trop courant ou trop facile à deviner"));
    assert!(page.body.contains(r#"aria-invalid="true""#));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_session_cookie_is_http_only_lax_and_rotated_at_each_sign_in(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let response = app
        .post_form(
            "/api/account/sign-in",
            &[("email", "alex@example.org"), ("password", STRONG)],
            None,
            Post::Plain,
            "/login",
        )
        .await;
    assert_eq!(response.status, StatusCode::FOUND);
    assert_eq!(location(&response), "/");
    let header = session_set_cookie(&response).expect("a session cookie");
    assert!(header.starts_with("atelier_session="), "{header}");
    assert!(header.contains("HttpOnly"), "{header}");
    assert!(header.contains("SameSite=Lax"), "{header}");
    assert!(header.contains("Path=/"), "{header}");
    assert!(!header.contains("Secure"), "plain http in tests: {header}");
    let first = session_cookie(&response).expect("a session cookie");

    // Signing in again from the same browser gives a new id; the old one stops working.
    let again = app
        .post_form(
            "/api/account/sign-in",
            &[("email", "alex@example.org"), ("password", STRONG)],
            Some(&first),
            Post::Hydrated,
            "/login",
        )
        .await;
    let second = session_cookie(&again).expect("a new cookie");
    assert_ne!(first, second);
    assert!(me(&app, Some(&second)).await.contains("Alex"));
    assert_eq!(me(&app, Some(&first)).await, "null");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_planted_session_id_is_never_adopted(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let planted = "atelier_session=AAAAAAAAAAAAAAAAAAAAAA";
    let response = app
        .post_form(
            "/api/account/sign-in",
            &[("email", "alex@example.org"), ("password", STRONG)],
            Some(planted),
            Post::Hydrated,
            "/login",
        )
        .await;
    let cookie = session_cookie(&response).expect("a cookie");
    assert_ne!(cookie, planted);
    assert_eq!(me(&app, Some(planted)).await, "null");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn signing_out_deletes_the_session_so_a_replayed_cookie_is_refused(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", STRONG).await;
    assert_eq!(session_rows(&pool).await, 1);
    let out = app
        .post_form("/logout", &[], Some(&cookie), Post::Plain, "/")
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/");
    let cleared = session_set_cookie(&out).unwrap_or_default();
    assert!(
        cleared.contains("Max-Age=0") || cleared.contains("expires=Thu, 01 Jan 1970"),
        "{cleared}"
    );
    assert_eq!(session_rows(&pool).await, 0);
    assert_eq!(me(&app, Some(&cookie)).await, "null");
    let account = app.get_with("/account", Some(&cookie)).await;
    assert_eq!(account.status, StatusCode::FOUND);
    assert_eq!(location(&account), "/login?next=/account");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    for mode in [Post::Plain, Post::Hydrated] {
        let wrong = app
            .post_form(
                "/api/account/sign-in",
                &[
                    ("email", "alex@example.org"),
                    ("password", "pas le bon mot de passe"),
                ],
                None,
                mode,
                "/login",
            )
            .await;
        let unknown = app
            .post_form(
                "/api/account/sign-in",
                &[
                    ("email", "personne@example.org"),
                    ("password", "pas le bon mot de passe"),
                ],
                None,
                mode,
                "/login",
            )
            .await;
        assert_eq!(wrong.status, unknown.status, "{mode:?}");
        assert_eq!(wrong.body, unknown.body, "{mode:?}");
        assert_eq!(
            location(&wrong).replace("alex%40", "X"),
            location(&unknown).replace("personne%40", "X"),
            "{mode:?}"
        );
        if mode == Post::Hydrated {
            assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
            assert_eq!(wrong.body, r#""InvalidCredentials""#);
        }
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn ten_failed_sign_ins_lock_the_account_even_against_the_right_password(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let attempt = |password: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/api/account/sign-in",
                &[("email", "alex@example.org"), ("password", password)],
                None,
                Post::Hydrated,
                "/login",
            )
            .await
        }
    };
    for _ in 0..9 {
        assert_eq!(attempt("mauvais").await.status, StatusCode::UNAUTHORIZED);
    }
    // Nine failures: the right password still works, and clears the count.
    assert_eq!(attempt(STRONG).await.status, StatusCode::OK);
    for _ in 0..10 {
        assert_eq!(attempt("mauvais").await.status, StatusCode::UNAUTHORIZED);
    }
    let locked = attempt(STRONG).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        locked.body, r#""InvalidCredentials""#,
        "the same generic answer"
    );
    let logged: i64 = sqlx::query_scalar(
        "select count(*) from auth_attempts where kind = 'sign_in' and email = 'alex@example.org'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(logged, 21, "every attempt is recorded");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn sign_ins_and_sign_ups_from_one_address_are_rate_limited(pool: PgPool) {
    let limits = app::ssr::state::Limits {
        failures_per_account: 10,
        sign_ins_per_ip: 3,
        sign_ups_per_ip: 2,
    };
    let app = TestApp::with_limits(pool, limits);
    for (i, expected) in [StatusCode::UNAUTHORIZED; 3]
        .into_iter()
        .chain([StatusCode::TOO_MANY_REQUESTS])
        .enumerate()
    {
        let email = format!("personne{i}@example.org");
        let response = app
            .post_form_from(
                "/api/account/sign-in",
                &[("email", &email), ("password", "quelconque")],
                None,
                Post::Hydrated,
                "/login",
                Some([203, 0, 113, 7]),
            )
            .await;
        assert_eq!(response.status, expected, "attempt {i}");
    }
    // Another address is not affected.
    let other = app
        .post_form_from(
            "/api/account/sign-in",
            &[("email", "x@example.org"), ("password", "quelconque")],
            None,
            Post::Hydrated,
            "/login",
            Some([203, 0, 113, 8]),
        )
        .await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
    for (i, expected) in [
        StatusCode::OK,
        StatusCode::OK,
        StatusCode::TOO_MANY_REQUESTS,
    ]
    .into_iter()
    .enumerate()
    {
        let email = format!("nouveau{i}@example.org");
        let response = app
            .post_form_from(
                "/api/account/sign-up",
                &[
                    ("display_name", "Nouveau"),
                    ("email", &email),
                    ("password", STRONG),
                ],
                None,
                Post::Hydrated,
                "/signup",
                Some([203, 0, 113, 7]),
            )
            .await;
        assert_eq!(response.status, expected, "sign-up {i}");
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn changing_the_password_ends_every_other_session(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let laptop = app.sign_in("alex@example.org", STRONG).await;
    let phone = app.sign_in("alex@example.org", STRONG).await;

    let wrong = app
        .post_form(
            "/api/account/change-password",
            &[
                ("current_password", "pas le bon"),
                ("new_password", STRONGER),
            ],
            Some(&laptop),
            Post::Hydrated,
            "/account",
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("PasswordWrong"), "{}", wrong.body);
    assert!(me(&app, Some(&phone)).await.contains("Alex"));

    let changed = app
        .post_form(
            "/api/account/change-password",
            &[("current_password", STRONG), ("new_password", STRONGER)],
            Some(&laptop),
            Post::Plain,
            "/account",
        )
        .await;
    assert_eq!(changed.status, StatusCode::FOUND);
    assert_eq!(location(&changed), "/account?done=password");
    let laptop = session_cookie(&changed).expect("the laptop's session gets a new id");
    assert!(me(&app, Some(&laptop)).await.contains("Alex"));
    assert_eq!(me(&app, Some(&phone)).await, "null");
    app.sign_in("alex@example.org", STRONGER).await;
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_account_page_lists_sessions_and_signs_out_the_others(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let laptop = app.sign_in("alex@example.org", STRONG).await;
    let phone = app.sign_in("alex@example.org", STRONG).await;
    let account = app
        .post_form(
            "/api/account/get",
            &[],
            Some(&laptop),
            Post::Hydrated,
            "/account",
        )
        .await;
    let view: serde_json::Value = serde_json::from_str(&account.body).expect("json");
    let sessions = view["sessions"].as_array().cloned().unwrap_or_default();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0]["current"], true);
    assert_eq!(sessions[1]["current"], false);
    assert_eq!(sessions[0]["user_agent"], "AtelierTest/1.0");

    let ended = app
        .post_form(
            "/api/account/end-other-sessions",
            &[],
            Some(&laptop),
            Post::Plain,
            "/account",
        )
        .await;
    assert_eq!(location(&ended), "/account?done=sessions");
    assert_eq!(me(&app, Some(&phone)).await, "null");
    assert!(me(&app, Some(&laptop)).await.contains("Alex"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let old_session = app.sign_in("alex@example.org", STRONG).await;
    let ask = |email: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/api/account/request-reset",
                &[("email", email)],
                None,
                Post::Plain,
                "/password/forgot",
            )
            .await
        }
    };
    let known = ask("alex@example.org").await;
    let unknown = ask("personne@example.org").await;
    assert_eq!(location(&known), "/password/sent");
    assert_eq!(location(&unknown), "/password/sent");
    assert!(app.mails_to("personne@example.org")[0].contains("aucun compte ne l’utilise"));

    let token = app
        .mailed_token("alex@example.org", "/password/reset")
        .expect("a reset link");
    let weak = app
        .post_form(
            "/api/account/reset-password",
            &[("token", &token), ("new_password", "azertyuiop")],
            None,
            Post::Hydrated,
            "/password/reset",
        )
        .await;
    assert_eq!(
        weak.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a weak password does not use the link"
    );
    let reset = app
        .post_form(
            "/api/account/reset-password",
            &[("token", &token), ("new_password", STRONGER)],
            None,
            Post::Plain,
            "/password/reset",
        )
        .await;
    assert_eq!(location(&reset), "/login?done=reset");
    assert_eq!(me(&app, Some(&old_session)).await, "null");
    app.sign_in("alex@example.org", STRONGER).await;
    let replay = app
        .post_form(
            "/api/account/reset-password",
            &[
                ("token", &token),
                ("new_password", "encore un autre mot de passe long"),
            ],
            None,
            Post::Hydrated,
            "/password/reset",
        )
        .await;
    assert_eq!(replay.status, StatusCode::GONE);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_new_email_takes_effect_only_through_the_link_sent_to_it(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", STRONG).await;
    let asked = app
        .post_form(
            "/api/account/change-email",
            &[
                ("email", "alex@nouveau.example"),
                ("current_password", STRONG),
            ],
            Some(&cookie),
            Post::Plain,
            "/account",
        )
        .await;
    assert_eq!(location(&asked), "/account?done=email_sent");
    assert!(me(&app, Some(&cookie)).await.contains("Alex"));
    let token = app
        .mailed_token("alex@nouveau.example", "/account/email/confirm")
        .expect("a link to the new address");
    let confirmed = app
        .post_form(
            "/api/account/confirm-email",
            &[("token", &token)],
            Some(&cookie),
            Post::Plain,
            "/account/email/confirm",
        )
        .await;
    assert_eq!(location(&confirmed), "/account?done=email");
    app.sign_in("alex@nouveau.example", STRONG).await;
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn renaming_refuses_an_empty_name_and_keeps_the_typed_one_otherwise(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", STRONG).await;
    let empty = app
        .post_form(
            "/api/account/rename",
            &[("display_name", "   ")],
            Some(&cookie),
            Post::Hydrated,
            "/account",
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let long = "n".repeat(81);
    let plain = app
        .post_form(
            "/api/account/rename",
            &[("display_name", &long)],
            Some(&cookie),
            Post::Plain,
            "/account",
        )
        .await;
    let back = location(&plain);
    assert!(back.contains(&format!("display_name={long}")), "{back}");
    let page = app.get_with(&back, Some(&cookie)).await;
    assert!(page.body.contains(&format!(r#"value="{long}""#)));
    assert!(
        page.body
            .contains("ne peut pas dépasser 80\u{a0}caractères")
    );
    let renamed = app
        .post_form(
            "/api/account/rename",
            &[("display_name", "Alex Martin")],
            Some(&cookie),
            Post::Plain,
            "/account",
        )
        .await;
    assert_eq!(location(&renamed), "/account?done=name");
    assert!(me(&app, Some(&cookie)).await.contains("Alex Martin"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_cross_site_sign_in_is_refused_before_anything_is_recorded(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let request = http::Request::post("/api/account/sign-in")
        .header("host", "atelier.test")
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(format!(
            "email=alex%40example.org&password={}",
            STRONG.replace(' ', "+")
        )))
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(session_cookie(&response).is_none());
    let attempts: i64 = sqlx::query_scalar("select count(*) from auth_attempts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(attempts, 0);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_sign_in_only_ever_redirects_to_a_path_on_this_site(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    for (next, expected) in [
        ("/themes/10", "/themes/10"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        // Browsers drop tabs and newlines from a URL: `/\t/evil.example` is `//evil.example`.
        ("/\t/evil.example/", "/"),
        ("/\n/evil.example/", "/"),
        ("/\\evil.example/", "/"),
        // A newline cannot go in a header: it used to make the redirect panic (a 500).
        ("/x\r\nSet-Cookie: planted=1", "/"),
    ] {
        for post in [Post::Plain, Post::Hydrated] {
            let response = app
                .post_form(
                    "/api/account/sign-in",
                    &[
                        ("email", "alex@example.org"),
                        ("password", STRONG),
                        ("next", next),
                    ],
                    None,
                    post,
                    "/login",
                )
                .await;
            assert!(
                response.status.as_u16() < 500,
                "next={next:?}: {}",
                response.status
            );
            assert_eq!(location(&response), expected, "next={next:?}");
        }
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_stored_hash_with_weaker_parameters_is_upgraded_at_sign_in(pool: PgPool) {
    use argon2::{Algorithm, Argon2, Params, Version, password_hash::PasswordHasher};
    let app = TestApp::seeded(pool.clone()).await;
    let id = app
        .create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(STRONG.as_bytes())
    .unwrap()
    .to_string();
    sqlx::query("update users set password_hash = $2 where id = $1")
        .bind(id)
        .bind(&weak)
        .execute(&pool)
        .await
        .unwrap();
    app.sign_in("alex@example.org", STRONG).await;
    let stored: String = sqlx::query_scalar("select password_hash from users where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn no_password_or_hash_reaches_the_browser_or_the_database_in_clear(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", STRONG).await;
    for body in [
        me(&app, Some(&cookie)).await,
        app.post_form(
            "/api/account/get",
            &[],
            Some(&cookie),
            Post::Hydrated,
            "/account",
        )
        .await
        .body,
        app.get_with("/account", Some(&cookie)).await.body,
    ] {
        assert!(!body.contains("argon2"), "{body}");
        assert!(!body.contains(STRONG), "{body}");
    }
    let data: Vec<String> = sqlx::query_scalar("select data::text from sessions")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        data.iter()
            .all(|row| !row.contains(STRONG) && !row.contains("argon2"))
    );
}

/// The `i18n_pref_locale` value a response sets, if it sets one.
fn locale_set_by(response: &support::TestResponse) -> Option<String> {
    response
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| value.strip_prefix("i18n_pref_locale="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
}

/// Signs in as `email` (password [`STRONG`]) from a browser holding `cookie`.
async fn signing_in(app: &TestApp, email: &str, cookie: Option<&str>) -> support::TestResponse {
    app.post_form(
        "/api/account/sign-in",
        &[("email", email), ("password", STRONG)],
        cookie,
        Post::Hydrated,
        "/login",
    )
    .await
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_language_a_person_chooses_follows_them_to_a_new_browser(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let id = app
        .create_user("ines@example.org", "Inès", STRONG, "member")
        .await;
    let stored = || async {
        sqlx::query_scalar::<_, Option<String>>("select locale from users where id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(stored().await, None, "never chosen");

    // Signing in on a browser that never chose, to an account that never chose, sets nothing:
    // French stays the default.
    let sign_in = |cookie| signing_in(&app, "ines@example.org", cookie);
    let first = sign_in(None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(locale_set_by(&first), None);
    let session = session_cookie(&first).expect("signed in");

    // She switches to English while signed in: the account keeps it.
    let switched = app
        .post_form(
            "/api/locale/set",
            &[("locale", "en")],
            Some(&session),
            Post::Hydrated,
            "/",
        )
        .await;
    assert_eq!(switched.status, StatusCode::OK);
    assert_eq!(locale_set_by(&switched).as_deref(), Some("en"));
    assert_eq!(stored().await.as_deref(), Some("en"));

    // On a new browser, signing in brings English back, also where a page already wrote the
    // default (a hydrated page writes the cookie on every load)…
    let elsewhere = sign_in(None).await;
    assert_eq!(locale_set_by(&elsewhere).as_deref(), Some("en"));
    let hydrated = sign_in(Some("i18n_pref_locale=fr")).await;
    assert_eq!(locale_set_by(&hydrated).as_deref(), Some("en"));
    // …and a browser already in English is left alone.
    let english = sign_in(Some("i18n_pref_locale=en")).await;
    assert_eq!(locale_set_by(&english), None);
    assert_eq!(stored().await.as_deref(), Some("en"));

    // An account that never chose takes the language of the browser it signs in from.
    let other = app
        .create_user("yann@example.org", "Yann", STRONG, "member")
        .await;
    signing_in(&app, "yann@example.org", Some("i18n_pref_locale=en")).await;
    let taken: Option<String> = sqlx::query_scalar("select locale from users where id = $1")
        .bind(other)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(taken.as_deref(), Some("en"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_account_made_from_an_english_page_reads_atelier_in_english(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let asked = app
        .post_form(
            "/api/account/sign-up",
            &[
                ("display_name", "Sam Taylor"),
                ("email", "sam@example.org"),
                ("password", STRONG),
            ],
            Some("i18n_pref_locale=en"),
            Post::Plain,
            "/signup",
        )
        .await;
    assert_eq!(asked.status, StatusCode::FOUND);
    let token = app
        .mailed_token("sam@example.org", "/signup/confirm")
        .expect("a confirmation link");
    // The link is opened in another browser, which never chose a language.
    let confirmed = app
        .post_form(
            "/api/account/confirm-sign-up",
            &[("token", &token)],
            None,
            Post::Plain,
            "/signup/confirm",
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::FOUND);
    assert_eq!(
        locale_set_by(&confirmed).as_deref(),
        Some("en"),
        "the new browser is turned to English"
    );
    let locale: Option<String> =
        sqlx::query_scalar("select locale from users where email = 'sam@example.org'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(locale.as_deref(), Some("en"));
}

async fn ask_reset(app: &TestApp, email: &str) {
    app.post_form(
        "/api/account/request-reset",
        &[("email", email)],
        None,
        Post::Plain,
        "/password/forgot",
    )
    .await;
}

async fn reset_with(app: &TestApp, token: &str, password: &str) -> support::TestResponse {
    app.post_form(
        "/api/account/reset-password",
        &[("token", token), ("new_password", password)],
        None,
        Post::Hydrated,
        "/password/reset",
    )
    .await
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_older_reset_link_stops_working_once_a_newer_one_is_used_or_the_password_changes(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    ask_reset(&app, "alex@example.org").await;
    let older = app
        .mailed_token("alex@example.org", "/password/reset")
        .expect("a first link");
    // Files written in the same instant sort alike: wait for the second mail by count.
    ask_reset(&app, "alex@example.org").await;
    let mails = app.mails_to("alex@example.org");
    assert_eq!(mails.len(), 2);
    let newer = mails
        .iter()
        .filter_map(|mail| mail.split("token=").nth(1))
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .find(|token| *token != older)
        .expect("a second link");
    assert_eq!(
        reset_with(&app, &newer, STRONGER).await.status,
        StatusCode::OK
    );
    assert_eq!(
        reset_with(&app, &older, "encore un autre mot de passe long")
            .await
            .status,
        StatusCode::GONE,
        "the older link died with the newer one's use"
    );
    // A link asked for, then the password changed from the account page: the link is dead.
    ask_reset(&app, "alex@example.org").await;
    let pending = app
        .mails_to("alex@example.org")
        .iter()
        .filter_map(|mail| mail.split("token=").nth(1))
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .find(|token| *token != older && *token != newer)
        .expect("a third link");
    let cookie = app.sign_in("alex@example.org", STRONGER).await;
    let changed = app
        .post_form(
            "/api/account/change-password",
            &[
                ("current_password", STRONGER),
                ("new_password", "le troisième mot de passe, bien long"),
            ],
            Some(&cookie),
            Post::Hydrated,
            "/account",
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.head());
    assert_eq!(
        reset_with(&app, &pending, "un quatrième mot de passe très long")
            .await
            .status,
        StatusCode::GONE
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_password_or_address_change_is_told_to_the_account_by_mail(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", STRONG).await;
    app.post_form(
        "/api/account/change-password",
        &[("current_password", STRONG), ("new_password", STRONGER)],
        Some(&cookie),
        Post::Hydrated,
        "/account",
    )
    .await;
    let told = app.mails_to("alex@example.org");
    assert!(
        told.iter().any(|mail| mail.contains("vient d’être changé")),
        "{told:?}"
    );
    let cookie = app.sign_in("alex@example.org", STRONGER).await;
    app.post_form(
        "/api/account/change-email",
        &[
            ("email", "nouvelle@example.org"),
            ("current_password", STRONGER),
        ],
        Some(&cookie),
        Post::Hydrated,
        "/account",
    )
    .await;
    let token = app
        .mailed_token("nouvelle@example.org", "/account/email/confirm")
        .expect("a confirmation link");
    let confirmed = app
        .post_form(
            "/api/account/confirm-email",
            &[("token", &token)],
            Some(&cookie),
            Post::Hydrated,
            "/account/email/confirm",
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.head());
    let former = app.mails_to("alex@example.org");
    assert!(
        former
            .iter()
            .any(|mail| mail.contains("n’utilise plus cette adresse")
                && mail.contains("n•••@example.org")),
        "the former address is told, the new one masked: {former:?}"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_lock_set_from_elsewhere_costs_the_same_and_does_not_keep_the_owner_out(pool: PgPool) {
    let mut auth = app::ssr::state::AuthSettings::local("http://atelier.test");
    auth.trust_proxy = false;
    let app = TestApp::with_auth(pool.clone(), auth);
    app::ssr::seed::load(&pool).await.unwrap();
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let home = Some([192, 0, 2, 10]);
    let attacker = Some([198, 51, 100, 7]);
    let attempt = |password: &'static str, ip: Option<[u8; 4]>| {
        let app = &app;
        async move {
            app.post_form_from(
                "/api/account/sign-in",
                &[("email", "alex@example.org"), ("password", password)],
                None,
                Post::Hydrated,
                "/login",
                ip,
            )
            .await
        }
    };
    // The owner signs in from home; then someone else fails ten times from elsewhere.
    assert_eq!(attempt(STRONG, home).await.status, StatusCode::OK);
    for _ in 0..10 {
        assert_eq!(
            attempt("mauvais", attacker).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let from_attacker = attempt(STRONG, attacker).await;
    assert_eq!(
        from_attacker.status,
        StatusCode::UNAUTHORIZED,
        "locked for them"
    );
    assert_eq!(
        attempt(STRONG, home).await.status,
        StatusCode::OK,
        "not for the owner at home"
    );
    // A locked sign-in verifies the password like any other (it is what costs the time), so
    // the lock is not told by the answer's speed: the attempts are recorded as failures, and
    // the hash of the account is still checked (a weaker stored hash would be upgraded only on
    // success, so none is).
    let failures: i64 = sqlx::query_scalar(
        "select count(*) from auth_attempts where kind = 'sign_in' and not succeeded",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(failures, 11);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_name_that_reads_like_another_persons_is_refused(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("camille@example.org", "Camille Durand", STRONG, "member")
        .await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", STRONG).await;
    for imitation in [
        "camille durand",
        "Camille-Durand",
        "Camille  Durand.",
        "CAMILLE DURAND",
    ] {
        let renamed = app
            .post_form(
                "/api/account/rename",
                &[("display_name", imitation)],
                Some(&cookie),
                Post::Hydrated,
                "/account",
            )
            .await;
        assert_eq!(
            renamed.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{imitation}"
        );
        assert!(
            renamed.body.contains("DisplayNameTaken"),
            "{}",
            renamed.body
        );
    }
    let bidi = app
        .post_form(
            "/api/account/rename",
            &[("display_name", "Alex\u{202E}rotaredom")],
            Some(&cookie),
            Post::Hydrated,
            "/account",
        )
        .await;
    assert!(bidi.body.contains("DisplayNameInvalid"), "{}", bidi.body);
    let own = app
        .post_form(
            "/api/account/rename",
            &[("display_name", "alex")],
            Some(&cookie),
            Post::Hydrated,
            "/account",
        )
        .await;
    assert_eq!(
        own.status,
        StatusCode::OK,
        "one's own name in another case is fine"
    );
    let page = app.get_with("/account", Some(&cookie)).await;
    assert!(page.body.contains("alex"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn signing_out_tells_the_browser_to_forget_what_it_kept(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    app.create_user("alex@example.org", "Alex", STRONG, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", STRONG).await;
    let out = app
        .post_form("/logout", &[], Some(&cookie), Post::Plain, "/")
        .await;
    assert_eq!(
        out.headers
            .get("clear-site-data")
            .and_then(|value| value.to_str().ok()),
        Some("\"storage\"")
    );
}
