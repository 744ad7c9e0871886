//! Sessions in PostgreSQL: the store, expiry (idle and absolute) and the clean-up.

use crate::support;

use app::ssr::sessions::PgSessionStore;
use sqlx::PgPool;
use support::{Post, TestApp};
use time::{Duration, OffsetDateTime};
use tower_sessions::{
    session::{Id, Record},
    session_store::{ExpiredDeletion, SessionStore},
};

const PASSWORD: &str = "les cigales chantent à Marseille";

fn record(expiry: OffsetDateTime, user: Option<uuid::Uuid>) -> Record {
    let mut data = std::collections::HashMap::new();
    if let Some(user) = user {
        data.insert("user_id".to_owned(), serde_json::json!(user));
    }
    data.insert("seen_at".to_owned(), serde_json::json!(1));
    Record {
        id: Id::default(),
        data,
        expiry_date: expiry,
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_store_saves_loads_and_deletes_and_knows_whose_session_it_is(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let user = app
        .create_user("alex@example.org", "Alex", PASSWORD, "member")
        .await;
    let store = PgSessionStore::new(pool.clone());
    let mut anonymous = record(OffsetDateTime::now_utc() + Duration::hours(1), None);
    store.create(&mut anonymous).await.unwrap();
    let mut signed_in = record(OffsetDateTime::now_utc() + Duration::hours(1), Some(user));
    store.create(&mut signed_in).await.unwrap();

    let loaded = store.load(&signed_in.id).await.unwrap().expect("stored");
    assert_eq!(loaded.data, signed_in.data);
    let owners: Vec<Option<uuid::Uuid>> =
        sqlx::query_scalar("select user_id from sessions order by user_id nulls first")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(owners, [None, Some(user)]);

    store.delete(&signed_in.id).await.unwrap();
    assert!(store.load(&signed_in.id).await.unwrap().is_none());
    assert!(store.load(&anonymous.id).await.unwrap().is_some());
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_expired_session_is_never_loaded_and_the_clean_up_deletes_it(pool: PgPool) {
    let store = PgSessionStore::new(pool.clone());
    let mut expired = record(OffsetDateTime::now_utc() - Duration::minutes(1), None);
    store.create(&mut expired).await.unwrap();
    let mut live = record(OffsetDateTime::now_utc() + Duration::hours(1), None);
    store.create(&mut live).await.unwrap();
    assert!(store.load(&expired.id).await.unwrap().is_none());
    store.delete_expired().await.unwrap();
    let left: Vec<String> = sqlx::query_scalar("select id from sessions")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(left, [live.id.to_string()]);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_sign_in_older_than_the_absolute_lifetime_ends_even_when_active(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("alex@example.org", "Alex", PASSWORD, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", PASSWORD).await;
    let month_ago = OffsetDateTime::now_utc().unix_timestamp() - 31 * 24 * 3600;
    sqlx::query(
        "update sessions set data = jsonb_set(data, '{signed_in_at}', to_jsonb($1::bigint))",
    )
    .bind(month_ago)
    .execute(&pool)
    .await
    .unwrap();
    let me = app
        .post_form("/api/account/me", &[], Some(&cookie), Post::Hydrated, "/")
        .await;
    assert_eq!(me.body, "null");
    let rows: i64 = sqlx::query_scalar("select count(*) from sessions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 0);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn activity_pushes_the_idle_expiry_back_at_most_every_few_minutes(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("alex@example.org", "Alex", PASSWORD, "member")
        .await;
    let cookie = app.sign_in("alex@example.org", PASSWORD).await;
    let soon = OffsetDateTime::now_utc() + Duration::hours(1);
    let ten_minutes_ago = OffsetDateTime::now_utc().unix_timestamp() - 600;
    sqlx::query("update sessions set expires_at = $1, data = jsonb_set(data, '{seen_at}', to_jsonb($2::bigint))")
        .bind(soon)
        .bind(ten_minutes_ago)
        .execute(&pool)
        .await
        .unwrap();
    app.post_form("/api/account/me", &[], Some(&cookie), Post::Hydrated, "/")
        .await;
    let expires: OffsetDateTime = sqlx::query_scalar("select expires_at from sessions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        expires > OffsetDateTime::now_utc() + Duration::days(6),
        "{expires}"
    );

    // Right after, another request does not write the session again.
    sqlx::query("update sessions set expires_at = $1")
        .bind(soon)
        .execute(&pool)
        .await
        .unwrap();
    app.post_form("/api/account/me", &[], Some(&cookie), Post::Hydrated, "/")
        .await;
    let unchanged: OffsetDateTime = sqlx::query_scalar("select expires_at from sessions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        unchanged,
        soon.replace_nanosecond(soon.microsecond() * 1000).unwrap()
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_expired_link_is_refused(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    app.create_user("alex@example.org", "Alex", PASSWORD, "member")
        .await;
    app.post_form(
        "/api/account/request-reset",
        &[("email", "alex@example.org")],
        None,
        Post::Hydrated,
        "/password/forgot",
    )
    .await;
    let token = app
        .mailed_token("alex@example.org", "/password/reset")
        .expect("a link");
    sqlx::query("update email_tokens set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    let page = app.get(&format!("/password/reset?token={token}")).await;
    assert!(
        page.body.contains("Ce lien n’est plus valable"),
        "{}",
        page.head()
    );
    let reset = app
        .post_form(
            "/api/account/reset-password",
            &[
                ("token", &token),
                ("new_password", "un vélo bleu sous la pluie"),
            ],
            None,
            Post::Hydrated,
            "/password/reset",
        )
        .await;
    assert_eq!(reset.status, http::StatusCode::GONE);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn over_https_the_cookie_is_secure_and_host_prefixed(pool: PgPool) {
    let auth = app::ssr::state::AuthSettings::local("https://atelier.example");
    let app = TestApp::with_auth(pool, auth);
    app.create_user("alex@example.org", "Alex", PASSWORD, "member")
        .await;
    let response = app
        .post_form(
            "/api/account/sign-in",
            &[("email", "alex@example.org"), ("password", PASSWORD)],
            None,
            Post::Hydrated,
            "/login",
        )
        .await;
    let header = support::session_set_cookie(&response).expect("a session cookie");
    assert!(header.starts_with("__Host-atelier_session="), "{header}");
    assert!(header.contains("Secure"), "{header}");
    assert!(header.contains("HttpOnly"), "{header}");
    assert!(header.contains("Path=/"), "{header}");
    assert!(!header.contains("Domain"), "{header}");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_clean_up_forgets_attempts_after_thirty_days_and_dead_links_after_a_day(pool: PgPool) {
    sqlx::query(
        "insert into auth_attempts (kind, email, succeeded, created_at) values
         ('sign_in', 'old@example.org', false, now() - interval '31 days'),
         ('sign_in', 'recent@example.org', false, now() - interval '29 days')",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into email_tokens (token_hash, purpose, email, expires_at) values
         ('\\x01', 'reset', 'a@example.org', now() - interval '25 hours'),
         ('\\x02', 'reset', 'b@example.org', now() - interval '1 hour')",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(app::ssr::db::attempts::delete_old(&pool).await.unwrap(), 1);
    assert_eq!(
        app::ssr::db::tokens::delete_expired(&pool).await.unwrap(),
        1
    );
    let left: Vec<String> = sqlx::query_scalar("select email::text from auth_attempts")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(left, ["recent@example.org"]);
}
