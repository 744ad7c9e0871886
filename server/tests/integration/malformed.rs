//! Malformed requests to every registered server function: whatever arrives, the answer is a
//! 4xx (or a success), never a 5xx and never a panic.

use crate::support::{self, TestApp};
use axum::body::Body;
use http::{Request, header};
use sqlx::PgPool;

const PASSWORD: &str = "les cigales chantent à Marseille";

/// The field names the server functions take, so that malformed values reach their checks
/// rather than stopping at a missing field.
const FIELDS: [&str; 34] = [
    "number",
    "draft",
    "thread",
    "post",
    "comment",
    "suggestion",
    "revision",
    "from",
    "to",
    "base",
    "body",
    "title",
    "summary",
    "reason",
    "note",
    "quote",
    "reply",
    "reply_to",
    "edited",
    "version",
    "intent",
    "action",
    "decision",
    "status",
    "role",
    "email",
    "display_name",
    "password",
    "current_password",
    "new_password",
    "token",
    "next",
    "user",
    "user_id",
];

/// A form body: every field with `value`.
fn every_field(value: &str) -> Vec<u8> {
    let pairs: Vec<(&str, &str)> = FIELDS.iter().map(|field| (*field, value)).collect();
    app::ssr::forms::url_encoded(pairs.into_iter()).into_bytes()
}

/// The malformed bodies sent to each function, with a name for the failure message.
fn bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    const FORM: &str = "application/x-www-form-urlencoded";
    let mut bodies = vec![
        ("empty", FORM, Vec::new()),
        ("blank fields", FORM, every_field("")),
        ("NUL bytes", FORM, every_field("a\0b")),
        ("only NUL", FORM, every_field("\0")),
        ("percent-encoded invalid UTF-8", FORM, {
            FIELDS
                .iter()
                .map(|field| format!("{field}=%FF%FE%C3"))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        }),
        ("raw invalid UTF-8", FORM, {
            let mut body = b"number=10&draft=1&body=".to_vec();
            body.extend_from_slice(&[0xFF, 0xFE, 0xC3, 0x28, 0xA0]);
            body
        }),
        (
            "huge numbers",
            FORM,
            every_field("99999999999999999999999999"),
        ),
        ("largest i64", FORM, every_field("9223372036854775807")),
        ("negative", FORM, every_field("-1")),
        ("words for numbers", FORM, every_field("last")),
        // Longer than any title, name, password or post (34 fields: 816 KB, under the body
        // limit), and a body over the draft limit.
        ("overlong fields", FORM, every_field(&"é".repeat(4_000))),
        ("over the draft limit", FORM, {
            let mut body = b"number=10&draft=1&base=1&title=T&body=".to_vec();
            body.extend(std::iter::repeat_n(b'x', 450_000));
            body
        }),
        (
            "control and bidi characters",
            FORM,
            every_field("\u{202e}\u{1}\u{7f}\r\n\t"),
        ),
        (
            "paths and markup",
            FORM,
            every_field("../../etc/passwd<script>x</script>//evil.example"),
        ),
        ("array syntax", FORM, {
            FIELDS
                .iter()
                .map(|field| format!("{field}[]=1&{field}[0]=2"))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        }),
        ("duplicated fields", FORM, {
            let mut body = every_field("10");
            body.extend_from_slice(b"&");
            body.extend_from_slice(&every_field("x"));
            body
        }),
        (
            "broken percent escapes",
            FORM,
            every_field("%")
                .into_iter()
                .chain(b"&number=%G1%".iter().copied())
                .collect(),
        ),
        (
            "JSON",
            "application/json",
            br#"{"number":[1,2],"body":{"x":null}}"#.to_vec(),
        ),
        ("plain text", "text/plain", b"\x00\x01 not a form".to_vec()),
    ];
    bodies.push(("no content type", "", every_field("10")));
    bodies
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn two_thousand_malformed_requests_to_every_server_function_get_no_server_error(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let admin = app
        .create_user("admin@example.org", "Admin", PASSWORD, "admin")
        .await;
    support::add_member(&pool, 10, admin, "facilitator").await;
    app::ssr::drafting::create(
        &pool,
        sqlx::query_scalar("select id from themes where number = 10")
            .fetch_one(&pool)
            .await
            .unwrap(),
        admin,
        "Texte",
        "Le texte de départ.",
        "",
    )
    .await
    .unwrap();
    let cookie = app.sign_in("admin@example.org", PASSWORD).await;
    let mut paths: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    paths.sort_unstable();
    assert!(paths.len() >= 73, "{} server functions", paths.len());

    let mut sent = 0;
    let mut failures = Vec::new();
    for path in &paths {
        for (name, content_type, body) in bodies() {
            for caller in [None, Some(cookie.as_str())] {
                for hydrated in [true, false] {
                    let mut request = Request::post(*path)
                        .header(header::HOST, "atelier.test")
                        .header(header::ORIGIN, "http://atelier.test")
                        .header(
                            header::ACCEPT,
                            if hydrated {
                                "application/json"
                            } else {
                                "text/html"
                            },
                        );
                    if !content_type.is_empty() {
                        request = request.header(header::CONTENT_TYPE, content_type);
                    }
                    if !hydrated {
                        request = request.header(header::REFERER, "http://atelier.test/");
                    }
                    if let Some(cookie) = caller {
                        request = request.header(header::COOKIE, cookie);
                    }
                    let response = app
                        .send(request.body(Body::from(body.clone())).unwrap())
                        .await;
                    sent += 1;
                    if response.status.is_server_error() {
                        failures.push(format!(
                            "{path} {name} (signed in: {}, hydrated: {hydrated}): {} {}",
                            caller.is_some(),
                            response.status,
                            response.head()
                        ));
                    }
                }
            }
        }
    }
    assert!(sent >= 2_000, "{sent} requests");
    assert!(
        failures.is_empty(),
        "{} of {sent} answered 5xx:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
