//! The role × endpoint matrix: every server function and page, called as each kind of person,
//! answers as the table says. Later issues add rows (and columns: members, facilitators).

mod support;

use http::StatusCode;
use sqlx::PgPool;
use support::{Post, TestApp, location};
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Member,
    Moderator,
    Admin,
}

const CALLERS: [Caller; 4] = [
    Caller::Anonymous,
    Caller::Member,
    Caller::Moderator,
    Caller::Admin,
];

/// What a call must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// This status.
    Status(u16),
    /// A redirect to this location.
    RedirectTo(&'static str),
}

use Expect::{RedirectTo, Status};

/// Ids a request may need.
struct Ids {
    member: Uuid,
    admin: Uuid,
}

/// One row of the matrix.
struct Case {
    /// `GET` for pages, `POST` for server functions (called as a hydrated page would).
    method: &'static str,
    path: &'static str,
    body: fn(&Ids) -> Vec<(&'static str, String)>,
    /// Anonymous, member, moderator, admin.
    expect: [Expect; 4],
}

fn none(_: &Ids) -> Vec<(&'static str, String)> {
    Vec::new()
}

fn matrix() -> Vec<Case> {
    vec![
        // Pages.
        Case {
            method: "GET",
            path: "/",
            body: none,
            expect: [Status(200); 4],
        },
        Case {
            method: "GET",
            path: "/themes/10",
            body: none,
            expect: [Status(200); 4],
        },
        Case {
            method: "GET",
            path: "/login",
            body: none,
            expect: [Status(200); 4],
        },
        Case {
            method: "GET",
            path: "/signup",
            body: none,
            expect: [Status(200); 4],
        },
        Case {
            method: "GET",
            path: "/account",
            body: none,
            expect: [
                RedirectTo("/login?next=/account"),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "GET",
            path: "/admin",
            body: none,
            expect: [
                RedirectTo("/login?next=/admin"),
                Status(403),
                Status(403),
                Status(200),
            ],
        },
        // Server functions anyone may call.
        Case {
            method: "POST",
            path: "/api/cahier/get",
            body: none,
            expect: [Status(200); 4],
        },
        Case {
            method: "POST",
            path: "/api/account/me",
            body: none,
            expect: [Status(200); 4],
        },
        Case {
            method: "POST",
            path: "/api/account/check-link",
            body: |_| vec![("kind", "Reset".into()), ("token", "inconnu".into())],
            expect: [Status(200); 4],
        },
        // Server functions for signed-in people.
        Case {
            method: "POST",
            path: "/api/account/get",
            body: none,
            expect: [Status(401), Status(200), Status(200), Status(200)],
        },
        Case {
            method: "POST",
            path: "/api/account/rename",
            body: |_| vec![("display_name", "Nom de test".into())],
            expect: [Status(401), Status(200), Status(200), Status(200)],
        },
        Case {
            method: "POST",
            path: "/api/account/change-password",
            body: |_| {
                vec![
                    ("current_password", "pas le bon".into()),
                    ("new_password", "un vélo bleu sous la pluie".into()),
                ]
            },
            expect: [Status(401), Status(422), Status(422), Status(422)],
        },
        Case {
            method: "POST",
            path: "/api/account/change-email",
            body: |_| {
                vec![
                    ("email", "ailleurs@example.org".into()),
                    ("current_password", "pas le bon".into()),
                ]
            },
            expect: [Status(401), Status(422), Status(422), Status(422)],
        },
        Case {
            method: "POST",
            path: "/api/account/confirm-email",
            body: |_| vec![("token", "inconnu".into())],
            expect: [Status(401), Status(410), Status(410), Status(410)],
        },
        Case {
            method: "POST",
            path: "/api/account/end-other-sessions",
            body: none,
            expect: [Status(401), Status(200), Status(200), Status(200)],
        },
        // Administration.
        Case {
            method: "POST",
            path: "/api/admin/get",
            body: none,
            expect: [Status(401), Status(403), Status(403), Status(200)],
        },
        Case {
            method: "POST",
            path: "/api/admin/set-moderator",
            body: |ids| {
                vec![
                    ("user_id", ids.member.to_string()),
                    ("moderator", "true".into()),
                ]
            },
            expect: [Status(401), Status(403), Status(403), Status(200)],
        },
        Case {
            method: "POST",
            path: "/api/admin/set-moderator",
            body: |ids| {
                vec![
                    ("user_id", ids.admin.to_string()),
                    ("moderator", "false".into()),
                ]
            },
            expect: [Status(401), Status(403), Status(403), Status(403)],
        },
        Case {
            method: "POST",
            path: "/api/admin/set-moderator",
            body: |_| {
                vec![
                    ("user_id", Uuid::new_v4().to_string()),
                    ("moderator", "true".into()),
                ]
            },
            expect: [Status(401), Status(403), Status(403), Status(404)],
        },
    ]
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn every_endpoint_answers_each_role_as_the_matrix_says(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let member = app
        .create_user("membre@example.org", "Membre", PASSWORD, "member")
        .await;
    app.create_user(
        "moderation@example.org",
        "Modération",
        PASSWORD,
        "moderator",
    )
    .await;
    let admin = app
        .create_user("admin@example.org", "Admin", PASSWORD, "admin")
        .await;
    let ids = Ids { member, admin };
    let mut cookies = Vec::new();
    for caller in CALLERS {
        let cookie = match caller {
            Caller::Anonymous => None,
            Caller::Member => Some(app.sign_in("membre@example.org", PASSWORD).await),
            Caller::Moderator => Some(app.sign_in("moderation@example.org", PASSWORD).await),
            Caller::Admin => Some(app.sign_in("admin@example.org", PASSWORD).await),
        };
        cookies.push((caller, cookie));
    }

    let mut failures = Vec::new();
    for case in matrix() {
        for (index, (caller, cookie)) in cookies.iter().enumerate() {
            let response = if case.method == "GET" {
                app.get_with(case.path, cookie.as_deref()).await
            } else {
                let body = (case.body)(&ids);
                let pairs: Vec<(&str, &str)> = body
                    .iter()
                    .map(|(key, value)| (*key, value.as_str()))
                    .collect();
                app.post_form(case.path, &pairs, cookie.as_deref(), Post::Hydrated, "/")
                    .await
            };
            let answered = match case.expect[index] {
                Status(code) => response.status.as_u16() == code,
                RedirectTo(target) => {
                    response.status == StatusCode::FOUND && location(&response) == target
                }
            };
            if !answered {
                failures.push(format!(
                    "{} {} as {caller:?}: expected {:?}, got {} {}",
                    case.method,
                    case.path,
                    case.expect[index],
                    response.status,
                    location(&response)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn server_functions_that_change_data_refuse_get_and_change_nothing(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let member = app
        .create_user("membre@example.org", "Membre", PASSWORD, "member")
        .await;
    app.create_user("admin@example.org", "Admin", PASSWORD, "admin")
        .await;
    let admin = app.sign_in("admin@example.org", PASSWORD).await;
    for path in [
        format!("/api/admin/set-moderator?user_id={member}&moderator=true"),
        "/api/account/rename?display_name=Pirate".to_owned(),
        "/api/account/end-other-sessions".to_owned(),
        "/api/account/sign-in?email=admin%40example.org&password=x".to_owned(),
        format!(
            "/api/account/sign-up?{}",
            app::ssr::forms::url_encoded(
                [
                    ("email", "x@example.org"),
                    ("display_name", "X"),
                    ("password", PASSWORD)
                ]
                .into_iter()
            )
        ),
    ] {
        let response = app.get_with(&path, Some(&admin)).await;
        assert!(
            !response.status.is_success() && !response.status.is_redirection(),
            "GET {path} answered {}",
            response.status
        );
    }
    let role: String = sqlx::query_scalar("select role from users where id = $1")
        .bind(member)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(role, "member");
    let names: Vec<String> =
        sqlx::query_scalar("select display_name from users order by display_name")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(names, ["Admin", "Membre"]);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_admin_grants_and_revokes_the_moderator_role_and_the_audit_log_says_so(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let member = app
        .create_user("membre@example.org", "Membre", PASSWORD, "member")
        .await;
    let admin_id = app
        .create_user("admin@example.org", "Admin", PASSWORD, "admin")
        .await;
    let admin = app.sign_in("admin@example.org", PASSWORD).await;
    let grant = app
        .post_form(
            "/api/admin/set-moderator",
            &[("user_id", &member.to_string()), ("moderator", "true")],
            Some(&admin),
            Post::Plain,
            "/admin",
        )
        .await;
    assert_eq!(location(&grant), "/admin?done=role");
    let role: String = sqlx::query_scalar("select role from users where id = $1")
        .bind(member)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(role, "moderator");
    // The new moderator's next request sees the role (it is read from the database each time).
    let moderator = app.sign_in("membre@example.org", PASSWORD).await;
    assert!(
        app.post_form(
            "/api/account/me",
            &[],
            Some(&moderator),
            Post::Hydrated,
            "/"
        )
        .await
        .body
        .contains("Moderator")
    );
    app.post_form(
        "/api/admin/set-moderator",
        &[("user_id", &member.to_string()), ("moderator", "false")],
        Some(&admin),
        Post::Hydrated,
        "/admin",
    )
    .await;
    let log: Vec<(String, Option<Uuid>, Option<Uuid>)> = sqlx::query_as(
        "select action, actor_id, subject_id from audit_log where action like 'role.%' order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        log,
        [
            ("role.granted".to_owned(), Some(admin_id), Some(member)),
            ("role.revoked".to_owned(), Some(admin_id), Some(member)),
        ]
    );
    let page = app.get_with("/admin", Some(&admin)).await;
    assert!(
        page.body.contains("a nommé Membre modérateur·rice"),
        "{}",
        page.head()
    );
    assert!(
        page.body
            .contains("a retiré le rôle de modération à Membre")
    );
}
