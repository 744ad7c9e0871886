//! Working groups over HTTP: thème lifecycle, membership, following, activity, notifications, feed.

use crate::support;

use http::StatusCode;
use sqlx::PgPool;
use support::{Post, TestApp, call, location};
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

struct People {
    moderator: String,
    reader: String,
    reader_id: Uuid,
    other: String,
    other_id: Uuid,
}

async fn people(app: &TestApp) -> People {
    app.create_user(
        "moderation@example.org",
        "Modération",
        PASSWORD,
        "moderator",
    )
    .await;
    let reader_id = app
        .create_user("camille@example.org", "Camille", PASSWORD, "member")
        .await;
    let other_id = app
        .create_user("dominique@example.org", "Dominique", PASSWORD, "member")
        .await;
    People {
        moderator: app.sign_in("moderation@example.org", PASSWORD).await,
        reader: app.sign_in("camille@example.org", PASSWORD).await,
        reader_id,
        other: app.sign_in("dominique@example.org", PASSWORD).await,
        other_id,
    }
}

async fn activity_verbs(pool: &PgPool, number: i32) -> Vec<String> {
    sqlx::query_scalar(
        "select verb from activity a join themes t on t.id = a.theme_id where t.number = $1 order by a.id",
    )
    .bind(number)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn unread(app: &TestApp, cookie: &str) -> i64 {
    let me: serde_json::Value =
        serde_json::from_str(&call(app, "/api/account/me", &[], cookie).await.body).unwrap();
    me["unread"].as_i64().unwrap_or(-1)
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_moderator_opens_a_theme_which_then_has_its_page_card_and_first_activity(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    let response = app
        .post_form(
            "/api/themes/open",
            &[
                ("axe", "4"),
                ("number", "13"),
                ("title", "Coopérer entre territoires"),
                ("summary", "Relier les initiatives locales."),
                (
                    "description",
                    "Un **groupe** nouveau. <script>alert(1)</script>",
                ),
                ("visibility", "public"),
            ],
            Some(&p.moderator),
            Post::Plain,
            "/themes/new",
        )
        .await;
    assert_eq!(response.status, StatusCode::FOUND);
    assert_eq!(location(&response), "/themes/13");
    let page = app.get("/themes/13").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Coopérer entre territoires"));
    assert!(page.body.contains("<strong>groupe</strong>"));
    assert!(!page.body.contains("<script>alert"), "sanitised on write");
    assert!(
        app.get("/")
            .await
            .body
            .contains("Relier les initiatives locales.")
    );
    assert_eq!(activity_verbs(&pool, 13).await, ["theme.opened"]);

    // The same number again: refused, the typed values kept, no activity written.
    let again = app
        .post_form(
            "/api/themes/open",
            &[
                ("axe", "4"),
                ("number", "13"),
                ("title", "Doublon"),
                ("summary", "S"),
                ("description", ""),
                ("visibility", "public"),
            ],
            Some(&p.moderator),
            Post::Plain,
            "/themes/new",
        )
        .await;
    assert!(
        location(&again).starts_with("/themes/new?"),
        "{}",
        location(&again)
    );
    assert!(location(&again).contains("title=Doublon"));
    assert_eq!(
        activity_verbs(&pool, 13).await,
        ["theme.opened"],
        "nothing recorded for a refused change"
    );

    let refused = call(
        &app,
        "/api/themes/open",
        &[
            ("axe", "4"),
            ("number", "14"),
            ("title", "T"),
            ("summary", "S"),
            ("description", ""),
            ("visibility", "public"),
        ],
        &p.reader,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_request_is_accepted_the_requester_notified_and_the_first_member_facilitates(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    let asked = call(
        &app,
        "/api/themes/join",
        &[("number", "10"), ("message", "Je travaille sur les SCIC.")],
        &p.reader,
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK);
    // The request is private: the public timeline does not show it, the moderator's does.
    let public = app.get("/themes/10/activity").await;
    assert!(!public.body.contains("demande à rejoindre"));
    let members = call(
        &app,
        "/api/themes/members",
        &[("number", "10")],
        &p.moderator,
    )
    .await;
    assert!(
        members.body.contains("Je travaille sur les SCIC."),
        "{}",
        members.body
    );
    let for_others = call(&app, "/api/themes/members", &[("number", "10")], &p.other).await;
    assert!(
        !for_others.body.contains("SCIC"),
        "the message is for facilitators only"
    );

    let accepted = app
        .post_form(
            "/api/themes/decide",
            &[
                ("number", "10"),
                ("user_id", &p.reader_id.to_string()),
                ("accept", "true"),
            ],
            Some(&p.moderator),
            Post::Plain,
            "/themes/10/members",
        )
        .await;
    assert_eq!(location(&accepted), "/themes/10/members?done=accepted");
    let role: String = sqlx::query_scalar("select role from memberships where user_id = $1")
        .bind(p.reader_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(role, "facilitator", "a group's first member facilitates it");
    assert_eq!(unread(&app, &p.reader).await, 1);
    let notifications = call(&app, "/api/notifications/get", &[], &p.reader).await;
    assert!(
        notifications.body.contains("join.accepted"),
        "{}",
        notifications.body
    );
    call(&app, "/api/notifications/read", &[], &p.reader).await;
    assert_eq!(unread(&app, &p.reader).await, 0);

    // The new facilitator now decides: Dominique asks, Camille accepts as a plain member.
    call(&app, "/api/themes/join", &[("number", "10")], &p.other).await;
    assert_eq!(
        unread(&app, &p.reader).await,
        1,
        "facilitators hear of requests"
    );
    let decided = call(
        &app,
        "/api/themes/decide",
        &[
            ("number", "10"),
            ("user_id", &p.other_id.to_string()),
            ("accept", "true"),
        ],
        &p.reader,
    )
    .await;
    assert_eq!(decided.status, StatusCode::OK);
    let page = app.get("/themes/10/members").await;
    assert!(page.body.contains("Camille") && page.body.contains("Dominique"));
    let cahier: serde_json::Value =
        serde_json::from_str(&call(&app, "/api/cahier/get", &[], &p.other).await.body).unwrap();
    let theme_10 = cahier["axes"][0]["themes"]
        .as_array()
        .and_then(|themes| themes.iter().find(|t| t["number"] == 10))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        theme_10["member_count"], 2,
        "progress at a glance: {theme_10}"
    );
    assert!(!theme_10["latest_activity"].is_null());
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_refused_request_cannot_be_accepted_by_replaying_the_form(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    call(&app, "/api/themes/join", &[("number", "11")], &p.reader).await;
    let id = p.reader_id.to_string();
    let refused = call(
        &app,
        "/api/themes/decide",
        &[
            ("number", "11"),
            ("user_id", &id),
            ("accept", "false"),
            ("reason", "Groupe complet"),
        ],
        &p.moderator,
    )
    .await;
    assert_eq!(refused.status, StatusCode::OK);
    let replay = call(
        &app,
        "/api/themes/decide",
        &[("number", "11"), ("user_id", &id), ("accept", "true")],
        &p.moderator,
    )
    .await;
    assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(replay.body.contains("NothingPending"));
    let state: String = sqlx::query_scalar("select state from memberships where user_id = $1")
        .bind(p.reader_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(state, "refused");
    // The requester learns it, with the reason.
    let notifications = call(&app, "/api/notifications/get", &[], &p.reader).await;
    assert!(
        notifications.body.contains("Groupe complet"),
        "{}",
        notifications.body
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_closed_theme_refuses_every_write_but_can_be_followed_and_reopened(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    call(&app, "/api/themes/join", &[("number", "10")], &p.reader).await;
    let id = p.reader_id.to_string();
    call(
        &app,
        "/api/themes/decide",
        &[("number", "10"), ("user_id", &id), ("accept", "true")],
        &p.moderator,
    )
    .await;
    let closed = call(
        &app,
        "/api/themes/status",
        &[
            ("number", "10"),
            ("status", "closed"),
            ("note", "Travaux remis au Labo."),
        ],
        &p.moderator,
    )
    .await;
    assert_eq!(closed.status, StatusCode::OK);
    let page = app.get("/themes/10").await;
    assert!(page.body.contains("Travaux remis au Labo."));
    for (path, pairs, who) in [
        ("/api/themes/join", vec![("number", "10")], &p.other),
        ("/api/themes/leave", vec![("number", "10")], &p.reader),
        (
            "/api/themes/decide",
            vec![
                ("number", "10"),
                ("user_id", id.as_str()),
                ("accept", "false"),
            ],
            &p.moderator,
        ),
        (
            "/api/themes/remove",
            vec![("number", "10"), ("user_id", id.as_str())],
            &p.moderator,
        ),
        (
            "/api/themes/facilitator",
            vec![
                ("number", "10"),
                ("user_id", id.as_str()),
                ("facilitator", "false"),
            ],
            &p.moderator,
        ),
    ] {
        let response = call(&app, path, &pairs, who).await;
        assert_eq!(response.status, StatusCode::CONFLICT, "{path}");
        assert_eq!(response.body, r#""ThemeClosed""#, "{path}");
    }
    let followed = call(
        &app,
        "/api/themes/follow",
        &[("number", "10"), ("follow", "true")],
        &p.other,
    )
    .await;
    assert_eq!(followed.status, StatusCode::OK);
    let reopened = call(
        &app,
        "/api/themes/status",
        &[("number", "10"), ("status", "open")],
        &p.moderator,
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK);
    assert_eq!(
        activity_verbs(&pool, 10).await,
        [
            "join.requested",
            "join.accepted",
            "theme.closed",
            "theme.reopened"
        ]
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_members_only_theme_is_unknown_to_others_and_absent_from_home_and_feed(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    call(&app, "/api/themes/join", &[("number", "12")], &p.reader).await;
    let id = p.reader_id.to_string();
    call(
        &app,
        "/api/themes/decide",
        &[("number", "12"), ("user_id", &id), ("accept", "true")],
        &p.moderator,
    )
    .await;
    let edited = call(
        &app,
        "/api/themes/edit",
        &[
            ("number", "12"),
            ("title", "Prévention, accompagnement"),
            ("summary", "Réservé."),
            ("description", "Texte."),
            ("visibility", "members"),
        ],
        &p.moderator,
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK);
    assert_eq!(app.get("/themes/12").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_with("/themes/12", Some(&p.other)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/themes/12/feed.atom").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app.get("/").await.body.contains("Réservé."));
    assert!(
        !app.get_with("/", Some(&p.other))
            .await
            .body
            .contains("Réservé.")
    );
    // Its member and the moderators still see it.
    assert_eq!(
        app.get_with("/themes/12", Some(&p.reader)).await.status,
        StatusCode::OK
    );
    assert!(
        app.get_with("/", Some(&p.reader))
            .await
            .body
            .contains("Réservé.")
    );
    assert!(
        app.get_with("/", Some(&p.moderator))
            .await
            .body
            .contains("Réservé.")
    );
    let join = call(&app, "/api/themes/join", &[("number", "12")], &p.other).await;
    assert_eq!(join.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_last_facilitator_cannot_leave_or_be_unnamed_while_members_remain(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    for (cookie, id) in [(&p.reader, p.reader_id), (&p.other, p.other_id)] {
        call(&app, "/api/themes/join", &[("number", "10")], cookie).await;
        call(
            &app,
            "/api/themes/decide",
            &[
                ("number", "10"),
                ("user_id", &id.to_string()),
                ("accept", "true"),
            ],
            &p.moderator,
        )
        .await;
    }
    let before = activity_verbs(&pool, 10).await.len();
    let leave = call(&app, "/api/themes/leave", &[("number", "10")], &p.reader).await;
    assert_eq!(leave.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(leave.body.contains("LastFacilitator"));
    let unname = call(
        &app,
        "/api/themes/facilitator",
        &[
            ("number", "10"),
            ("user_id", &p.reader_id.to_string()),
            ("facilitator", "false"),
        ],
        &p.moderator,
    )
    .await;
    assert_eq!(unname.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        activity_verbs(&pool, 10).await.len(),
        before,
        "refused changes leave no activity"
    );
    // Once another facilitator is named, the first may leave.
    call(
        &app,
        "/api/themes/facilitator",
        &[
            ("number", "10"),
            ("user_id", &p.other_id.to_string()),
            ("facilitator", "true"),
        ],
        &p.moderator,
    )
    .await;
    let left = call(&app, "/api/themes/leave", &[("number", "10")], &p.reader).await;
    assert_eq!(left.status, StatusCode::OK);
    // A facilitator may not remove another facilitator; a moderator may remove a member.
    let remove = call(
        &app,
        "/api/themes/remove",
        &[("number", "10"), ("user_id", &p.reader_id.to_string())],
        &p.other,
    )
    .await;
    assert_eq!(remove.status, StatusCode::NOT_FOUND, "no longer a member");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn followers_are_notified_and_the_account_lists_what_they_follow(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    call(
        &app,
        "/api/themes/follow",
        &[("number", "11"), ("follow", "true")],
        &p.other,
    )
    .await;
    let account = call(&app, "/api/account/get", &[], &p.other).await;
    assert!(account.body.contains("[11,"), "{}", account.body);
    call(&app, "/api/themes/join", &[("number", "11")], &p.reader).await;
    assert_eq!(
        unread(&app, &p.other).await,
        0,
        "a private request is not broadcast"
    );
    call(
        &app,
        "/api/themes/decide",
        &[
            ("number", "11"),
            ("user_id", &p.reader_id.to_string()),
            ("accept", "true"),
        ],
        &p.moderator,
    )
    .await;
    assert_eq!(unread(&app, &p.other).await, 1);
    call(
        &app,
        "/api/themes/follow",
        &[("number", "11"), ("follow", "false")],
        &p.other,
    )
    .await;
    call(
        &app,
        "/api/themes/status",
        &[("number", "11"), ("status", "closed")],
        &p.moderator,
    )
    .await;
    assert_eq!(unread(&app, &p.other).await, 1, "no more after unfollowing");
    // The actor is never notified of their own action.
    assert_eq!(unread(&app, &p.moderator).await, 0);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_feed_is_valid_atom_with_one_entry_per_public_event(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    call(&app, "/api/themes/join", &[("number", "10")], &p.reader).await;
    call(
        &app,
        "/api/themes/decide",
        &[
            ("number", "10"),
            ("user_id", &p.reader_id.to_string()),
            ("accept", "true"),
        ],
        &p.moderator,
    )
    .await;
    call(
        &app,
        "/api/themes/status",
        &[
            ("number", "10"),
            ("status", "closed"),
            ("note", "Fin du cycle."),
        ],
        &p.moderator,
    )
    .await;
    let response = app.get("/themes/10/feed.atom").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed: atom_syndication::Feed = response.body.parse().expect("valid Atom");
    assert_eq!(feed.lang(), Some("fr"));
    assert!(feed.title().as_str().contains("Thème 10"));
    let entries = feed.entries();
    assert_eq!(
        entries.len(),
        2,
        "the request is private; acceptance and closing are public"
    );
    assert!(entries[0].title().as_str().contains("a clos le thème"));
    assert_eq!(
        entries[0].summary().map(|s| s.as_str()),
        Some("Fin du cycle.")
    );
    assert!(entries[1].title().as_str().contains("a accueilli Camille"));
    let ids: std::collections::HashSet<_> = entries.iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), 2, "unique ids");
    assert!(entries.iter().all(|e| !e.authors().is_empty()));
    assert!(feed.links().iter().any(|l| l.rel() == "self"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_invitation_by_email_lets_a_new_person_sign_up_and_join_once(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    // Camille facilitates thème 10.
    call(&app, "/api/themes/join", &[("number", "10")], &p.reader).await;
    call(
        &app,
        "/api/themes/decide",
        &[
            ("number", "10"),
            ("user_id", &p.reader_id.to_string()),
            ("accept", "true"),
        ],
        &p.moderator,
    )
    .await;
    let as_facilitator = call(
        &app,
        "/api/themes/invite",
        &[
            ("number", "10"),
            ("email", "nouvelle@example.org"),
            ("role", "facilitator"),
        ],
        &p.reader,
    )
    .await;
    assert_eq!(
        as_facilitator.status,
        StatusCode::FORBIDDEN,
        "only moderators offer the facilitator role"
    );
    let by_reader = call(
        &app,
        "/api/themes/invite",
        &[("number", "10"), ("email", "x@example.org")],
        &p.other,
    )
    .await;
    assert_eq!(by_reader.status, StatusCode::FORBIDDEN);
    let invited = app
        .post_form(
            "/api/themes/invite",
            &[("number", "10"), ("email", "nouvelle@example.org")],
            Some(&p.reader),
            Post::Plain,
            "/themes/10/members",
        )
        .await;
    assert_eq!(location(&invited), "/themes/10/members?done=invited");
    let members = call(&app, "/api/themes/members", &[("number", "10")], &p.reader).await;
    assert!(
        members.body.contains("nouvelle@example.org"),
        "pending invitations are listed"
    );

    let token = app
        .mailed_token("nouvelle@example.org", "/invitations/accept")
        .expect("an invitation link");
    let accept_path = format!("/invitations/accept?token={token}");
    let page = app.get(&accept_path).await;
    assert!(
        page.body
            .contains("Vous avez reçu une invitation à rejoindre"),
        "{}",
        page.head()
    );

    // A new account: sign up from the invitation, confirm, come back, accept.
    app.post_form(
        "/api/account/sign-up",
        &[
            ("display_name", "Nouvelle"),
            ("email", "nouvelle@example.org"),
            ("password", PASSWORD),
            ("next", &accept_path),
        ],
        None,
        Post::Plain,
        "/signup",
    )
    .await;
    let confirm = app
        .mailed_token("nouvelle@example.org", "/signup/confirm")
        .expect("a confirmation link");
    let confirmed = app
        .post_form(
            "/api/account/confirm-sign-up",
            &[("token", &confirm)],
            None,
            Post::Plain,
            "/signup/confirm",
        )
        .await;
    assert_eq!(
        location(&confirmed),
        accept_path,
        "back to the invitation after signing up"
    );
    let cookie = support::session_cookie(&confirmed).expect("signed in");
    let accepted = app
        .post_form(
            "/api/invitations/accept",
            &[("token", &token)],
            Some(&cookie),
            Post::Plain,
            "/invitations/accept",
        )
        .await;
    assert_eq!(location(&accepted), "/themes/10?done=joined");
    let state: String = sqlx::query_scalar(
        "select m.state from memberships m join users u on u.id = m.user_id where u.email = 'nouvelle@example.org'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(state, "active");
    assert!(
        activity_verbs(&pool, 10)
            .await
            .contains(&"member.joined".to_owned())
    );
    let again = call(
        &app,
        "/api/invitations/accept",
        &[("token", &token)],
        &p.other,
    )
    .await;
    assert_eq!(again.status, StatusCode::GONE, "an invitation works once");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_expired_invitation_is_refused(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    call(
        &app,
        "/api/themes/invite",
        &[("number", "11"), ("email", "dominique@example.org")],
        &p.moderator,
    )
    .await;
    let token = app
        .mailed_token("dominique@example.org", "/invitations/accept")
        .expect("a link");
    sqlx::query("update invitations set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    let accept = call(
        &app,
        "/api/invitations/accept",
        &[("token", &token)],
        &p.other,
    )
    .await;
    assert_eq!(accept.status, StatusCode::GONE);
    let page = app
        .get_with(
            &format!("/invitations/accept?token={token}"),
            Some(&p.other),
        )
        .await;
    assert!(page.body.contains("Ce lien n’est plus valable"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_invitation_lets_in_only_the_account_of_the_invited_address(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    let invited = app
        .create_user("Invitee@Example.org", "Invitée", PASSWORD, "member")
        .await;
    call(
        &app,
        "/api/themes/invite",
        &[("number", "11"), ("email", "invitee@example.org")],
        &p.moderator,
    )
    .await;
    let token = app
        .mailed_token("invitee@example.org", "/invitations/accept")
        .expect("a link");
    // Someone else who got the link (forwarded, leaked) is told whose it is and cannot use it.
    let page = app
        .get_with(
            &format!("/invitations/accept?token={token}"),
            Some(&p.other),
        )
        .await;
    assert!(
        page.body.contains("i•••@example.org"),
        "the page names the invited address, masked: {}",
        page.head()
    );
    assert!(
        page.body
            .contains("Votre session est ouverte avec une autre adresse")
    );
    assert!(
        !page.body.contains("Rejoindre le groupe"),
        "no button to accept"
    );
    let by_other = call(
        &app,
        "/api/invitations/accept",
        &[("token", &token)],
        &p.other,
    )
    .await;
    assert_eq!(by_other.status, StatusCode::FORBIDDEN);
    assert!(!member_ids(&pool, 11).await.contains(&p.other_id));
    // The invited address's account (whatever the case it was typed in) joins.
    let cookie = app.sign_in("invitee@example.org", PASSWORD).await;
    let page = app
        .get_with(&format!("/invitations/accept?token={token}"), Some(&cookie))
        .await;
    assert!(page.body.contains("Rejoindre le groupe"), "{}", page.head());
    let accepted = call(
        &app,
        "/api/invitations/accept",
        &[("token", &token)],
        &cookie,
    )
    .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.head());
    assert!(member_ids(&pool, 11).await.contains(&invited));
}

async fn member_ids(pool: &PgPool, number: i32) -> Vec<Uuid> {
    sqlx::query_scalar(
        "select m.user_id from memberships m join themes t on t.id = m.theme_id
         where t.number = $1 and m.state = 'active'",
    )
    .bind(number)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn follows(pool: &PgPool, user: Uuid) -> Vec<i32> {
    sqlx::query_scalar(
        "select t.number from follows f join themes t on t.id = f.theme_id
         where f.user_id = $1 order by t.number",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn who_may_no_longer_read_a_theme_stops_following_it_and_is_told_nothing_more(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    let p = people(&app).await;
    // Camille (a reader) and Dominique (a member) follow thème 12 while it is public.
    support::add_member(&pool, 12, p.other_id, "facilitator").await;
    for who in [&p.reader, &p.other] {
        let followed = call(
            &app,
            "/api/themes/follow",
            &[("number", "12"), ("follow", "true")],
            who,
        )
        .await;
        assert_eq!(followed.status, StatusCode::OK);
    }
    assert_eq!(follows(&pool, p.reader_id).await, vec![12]);

    // Thème 12 becomes members-only: the reader's follow ends, the member's stays.
    let edited = call(
        &app,
        "/api/themes/edit",
        &[
            ("number", "12"),
            ("title", "Prévention, accompagnement"),
            ("summary", "Réservé."),
            ("description", "Texte."),
            ("visibility", "members"),
        ],
        &p.moderator,
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert!(follows(&pool, p.reader_id).await.is_empty());
    assert_eq!(follows(&pool, p.other_id).await, vec![12]);
    // A follow kept from before (the rule did not exist) is not told either.
    sqlx::query(
        "insert into follows (user_id, theme_id) select $1, id from themes where number = 12",
    )
    .bind(p.reader_id)
    .execute(&pool)
    .await
    .unwrap();
    let before = unread(&app, &p.reader).await;
    let created = call(
        &app,
        "/api/drafts/create",
        &[
            ("number", "12"),
            ("title", "Un texte réservé"),
            ("body", "Texte."),
        ],
        &p.other,
    )
    .await;
    assert!(
        created.status.is_success() || created.status.is_redirection(),
        "{}",
        created.body
    );
    assert_eq!(
        unread(&app, &p.reader).await,
        before,
        "no word of the members-only draft"
    );
    let notifications = call(&app, "/api/notifications/get", &[], &p.reader).await;
    assert!(
        !notifications.body.contains("réservé"),
        "{}",
        notifications.body
    );
    let account = call(&app, "/api/account/get", &[], &p.reader).await;
    assert!(!account.body.contains("Prévention"), "{}", account.body);
    // Unfollowing a thème one may no longer read works.
    let unfollowed = call(
        &app,
        "/api/themes/follow",
        &[("number", "12"), ("follow", "false")],
        &p.reader,
    )
    .await;
    assert_eq!(unfollowed.status, StatusCode::OK, "{}", unfollowed.body);
    assert!(follows(&pool, p.reader_id).await.is_empty());

    // Camille joins, follows, then leaves: the follow ends with the membership.
    support::add_member(&pool, 12, p.reader_id, "member").await;
    let followed = call(
        &app,
        "/api/themes/follow",
        &[("number", "12"), ("follow", "true")],
        &p.reader,
    )
    .await;
    assert_eq!(followed.status, StatusCode::OK);
    assert_eq!(follows(&pool, p.reader_id).await, vec![12]);
    let left = call(&app, "/api/themes/leave", &[("number", "12")], &p.reader).await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);
    assert!(follows(&pool, p.reader_id).await.is_empty());
}
