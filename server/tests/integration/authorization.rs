//! The role × endpoint matrix: every server function and page, called as each kind of person,
//! answers as the table says. Later issues add rows (and columns: members, facilitators).

use crate::support;

use http::StatusCode;
use sqlx::PgPool;
use support::{Post, TestApp, location};
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

/// Who calls. Group roles are in thème 10; thème 11 has its own member; thème 12 is made
/// members-only with no members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    /// Signed in, site role member, in no group.
    Reader,
    /// Member of thème 10.
    MemberHere,
    /// In thème 11 only, where they facilitate.
    MemberElsewhere,
    /// Facilitator of thème 10.
    Facilitator,
    Moderator,
    Admin,
    /// Was a member of thème 10 and left it (their membership row says so).
    FormerMember,
    /// Followed thème 12 while it was public (a follow row left over from before the switch).
    StaleFollower,
    /// Member of the members-only thème 12.
    PrivateMember,
}

/// The callers; the first seven have a column each in [`Case::expect`], the last three answer
/// as [`derived`] says.
const CALLERS: [Caller; 10] = [
    Caller::Anonymous,
    Caller::Reader,
    Caller::MemberHere,
    Caller::MemberElsewhere,
    Caller::Facilitator,
    Caller::Moderator,
    Caller::Admin,
    Caller::FormerMember,
    Caller::StaleFollower,
    Caller::PrivateMember,
];

/// What the callers without a column of their own must be answered: a former member and a
/// leftover follower exactly what a reader is (nothing they had before still counts); the member
/// of thème 12 what a moderator is on thème 12's rows (they belong there, nowhere else) and what
/// a reader is on every other row.
fn derived(case: &Case, caller: Caller, ids: &Ids) -> Expect {
    let reader = case.expect[1];
    match caller {
        Caller::FormerMember | Caller::StaleFollower => reader,
        Caller::PrivateMember if touches_private_theme(case, ids) => case.expect[5],
        Caller::PrivateMember => reader,
        _ => unreachable!("{caller:?} has its own column"),
    }
}

/// Whether the row is about thème 12 (its address, a `theme=12` filter, or a `number` field of
/// 12).
fn touches_private_theme(case: &Case, ids: &Ids) -> bool {
    case.path.starts_with("/themes/12")
        || case.path.contains("theme=12")
        || (case.body)(ids)
            .iter()
            .any(|(key, value)| *key == "number" && value == "12")
}

/// What a call must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// This status.
    Status(u16),
    /// A redirect to this location.
    RedirectTo(&'static str),
    /// This status, and the answer must not contain this text (a hidden thing's content).
    Without(u16, &'static str),
}

use Expect::{RedirectTo, Status, Without};

/// The same answer for every signed-in person without a site role, whatever their groups.
fn site(anonymous: Expect, signed_in: Expect, moderator: Expect, admin: Expect) -> [Expect; 7] {
    [
        anonymous, signed_in, signed_in, signed_in, signed_in, moderator, admin,
    ]
}

/// Members of thème 10 (its facilitator too) and moderators may; other signed-in people may not.
fn writers(anonymous: Expect, outsider: Expect) -> [Expect; 7] {
    let ok = Status(200);
    [anonymous, outsider, ok, outsider, ok, ok, ok]
}

fn all(expect: Expect) -> [Expect; 7] {
    [expect; 7]
}

/// Ids a request may need.
struct Ids {
    member: Uuid,
    admin: Uuid,
    /// The first post of thread 1 of thème 10 (by its facilitator).
    post: i64,
    /// Three comments on draft 1 of thème 10, by its member.
    comments: [i64; 3],
}

fn comment_form(
    comment: i64,
    extra: &[(&'static str, &'static str)],
) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("number", "10".to_owned()),
        ("draft", "1".to_owned()),
        ("comment", comment.to_string()),
    ];
    pairs.extend(extra.iter().map(|(key, value)| (*key, (*value).to_owned())));
    pairs
}

/// A post of thread 1 of thème `number`, with the other fields.
fn post_form(
    number: &'static str,
    post: i64,
    extra: &[(&'static str, &'static str)],
) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("number", number.to_owned()),
        ("thread", "1".to_owned()),
        ("post", post.to_string()),
    ];
    pairs.extend(extra.iter().map(|(key, value)| (*key, (*value).to_owned())));
    pairs
}

/// The hidden post's text (thread 3 of thème 10) and the hidden comment's (draft 1).
const SECRET_POST: &str = "Message masqué par l’animation";
const SECRET_COMMENT: &str = "Commentaire masqué par l’animation";

fn thread_number(number: &'static str, thread: &'static str) -> Vec<(&'static str, String)> {
    vec![("number", number.into()), ("thread", thread.into())]
}

fn thread(number: &'static str) -> Vec<(&'static str, String)> {
    vec![("number", number.into()), ("thread", "1".into())]
}

/// One row of the matrix.
struct Case {
    /// `GET` for pages, `POST` for server functions (called as a hydrated page would),
    /// `STREAM` for event streams (only the status is read: the body never ends).
    method: &'static str,
    path: &'static str,
    body: fn(&Ids) -> Vec<(&'static str, String)>,
    /// In the order of [`CALLERS`].
    expect: [Expect; 7],
}

fn none(_: &Ids) -> Vec<(&'static str, String)> {
    Vec::new()
}

fn theme(number: &'static str) -> Vec<(&'static str, String)> {
    vec![("number", number.into())]
}

fn matrix() -> Vec<Case> {
    vec![
        // Pages.
        Case {
            method: "GET",
            path: "/",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/login",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/signup",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/account",
            body: none,
            expect: site(
                RedirectTo("/login?next=/account"),
                Status(200),
                Status(200),
                Status(200),
            ),
        },
        Case {
            method: "GET",
            path: "/admin",
            body: none,
            expect: site(
                RedirectTo("/login?next=/admin"),
                Status(403),
                Status(403),
                Status(200),
            ),
        },
        Case {
            method: "GET",
            path: "/themes/10/members",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/activity",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/feed.atom",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/edit",
            body: none,
            expect: site(
                RedirectTo("/login?next=/themes/10/edit"),
                Status(403),
                Status(200),
                Status(200),
            ),
        },
        Case {
            method: "GET",
            path: "/themes/new",
            body: none,
            expect: site(
                RedirectTo("/login?next=/themes/new"),
                Status(403),
                Status(200),
                Status(200),
            ),
        },
        Case {
            method: "GET",
            path: "/notifications",
            body: none,
            expect: site(
                RedirectTo("/login?next=/notifications"),
                Status(200),
                Status(200),
                Status(200),
            ),
        },
        // A members-only thème without members: unknown to everyone but moderators.
        Case {
            method: "GET",
            path: "/themes/12",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/members",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/feed.atom",
            body: none,
            expect: all(Status(404)),
        },
        // Shared drafts: public thème 10 (draft 1), members-only thème 12 (draft 1).
        Case {
            method: "GET",
            path: "/themes/10/drafts",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/1",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/1/history",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/1/revisions/1",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/1/diff?from=1&to=1",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/1/attribution",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/2",
            body: none,
            expect: all(Status(404)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/new",
            body: none,
            expect: writers(RedirectTo("/login?next=/themes/10/drafts/new"), Status(403)),
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/1/edit",
            body: none,
            expect: writers(
                RedirectTo("/login?next=/themes/10/drafts/1/edit"),
                Status(403),
            ),
        },
        Case {
            method: "GET",
            path: "/themes/12/drafts",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/drafts/1",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/drafts/1/diff?from=1&to=1",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/get",
            body: |_| vec![("number", "12".into()), ("draft", "1".into())],
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/attribution",
            body: |_| vec![("number", "12".into()), ("draft", "1".into())],
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/history",
            body: |_| vec![("number", "10".into()), ("draft", "1".into())],
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/editor",
            body: |_| vec![("number", "10".into()), ("draft", "1".into())],
            expect: writers(Status(401), Status(403)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/save",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("base", "1".into()),
                    ("body", "Le texte revu par la matrice.".into()),
                ]
            },
            expect: writers(Status(401), Status(403)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/save",
            body: |_| {
                vec![
                    ("number", "12".into()),
                    ("draft", "1".into()),
                    ("base", "1".into()),
                    ("body", "Un texte réservé revu.".into()),
                ]
            },
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/create",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("title", "Un texte de plus".into()),
                    ("body", "Son début.".into()),
                ]
            },
            expect: writers(Status(401), Status(403)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/comment",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("quote", "texte".into()),
                    ("body", "Un commentaire de la matrice.".into()),
                ]
            },
            expect: writers(Status(401), Status(403)),
        },
        // Comments: anyone signed in reports; facilitators and moderators hide; only the author
        // edits or deletes (others learn nothing: 404).
        Case {
            method: "POST",
            path: "/api/drafts/comment/report",
            body: |ids| comment_form(ids.comments[0], &[("reason", "Hors sujet")]),
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/comment/hide",
            body: |ids| comment_form(ids.comments[0], &[("action", "unhide")]),
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "POST",
            path: "/api/drafts/comment/edit",
            body: |ids| {
                comment_form(
                    ids.comments[0],
                    &[("version", "1"), ("edited", "Reformulé par la matrice.")],
                )
            },
            expect: [
                Status(401),
                Status(404),
                Status(200),
                Status(404),
                Status(404),
                Status(404),
                Status(404),
            ],
        },
        Case {
            method: "POST",
            path: "/api/drafts/comment/delete",
            body: |ids| comment_form(ids.comments[1], &[]),
            expect: [
                Status(401),
                Status(404),
                Status(200),
                Status(404),
                Status(404),
                Status(404),
                Status(404),
            ],
        },
        Case {
            method: "POST",
            path: "/api/drafts/suggest",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("quote", "texte".into()),
                    ("replacement", "document".into()),
                ]
            },
            expect: [
                Status(401),
                Status(200),
                Status(200),
                Status(200),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "POST",
            path: "/api/drafts/suggest",
            body: |_| {
                vec![
                    ("number", "12".into()),
                    ("draft", "1".into()),
                    ("quote", "texte".into()),
                    ("replacement", "document".into()),
                ]
            },
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/suggestion/decide",
            // No such suggestion: those who may decide learn that; the others are refused first.
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("suggestion", "999999".into()),
                    ("decision", "accept".into()),
                ]
            },
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(404),
                Status(404),
                Status(404),
            ],
        },
        Case {
            method: "POST",
            path: "/api/drafts/suggestion-rights",
            body: |_| vec![("number", "10".into()), ("members", "1".into())],
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "POST",
            path: "/api/drafts/status",
            // Not a status: those who may move it are told so; the others are refused first.
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("status", "nowhere".into()),
                ]
            },
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(422),
                Status(422),
                Status(422),
            ],
        },
        Case {
            method: "GET",
            path: "/themes/10/drafts/1/revisions/1/export.html",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/drafts/1/revisions/1/export.md",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/restore",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("revision", "1".into()),
                ]
            },
            expect: writers(Status(401), Status(403)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/preview",
            body: |_| vec![("body", "*Aperçu*".into())],
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/members/contributions",
            body: |ids| vec![("user", ids.member.to_string())],
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/members/contributions",
            body: |_| vec![("user", Uuid::new_v4().to_string())],
            expect: all(Status(404)),
        },
        // Server functions anyone may call.
        Case {
            method: "POST",
            path: "/api/cahier/get",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/account/me",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/account/check-link",
            body: |_| vec![("kind", "Reset".into()), ("token", "inconnu".into())],
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/members",
            body: |_| theme("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/activity",
            body: |_| theme("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/members",
            body: |_| theme("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        // Server functions for signed-in people.
        Case {
            method: "POST",
            path: "/api/account/get",
            body: none,
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/account/rename",
            // A new name at each call: two people may not go by the same one.
            body: |_| {
                static CALLS: std::sync::atomic::AtomicUsize =
                    std::sync::atomic::AtomicUsize::new(0);
                let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                vec![("display_name", format!("Nom de test {call}"))]
            },
            expect: site(Status(401), Status(200), Status(200), Status(200)),
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
            expect: site(Status(401), Status(422), Status(422), Status(422)),
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
            expect: site(Status(401), Status(422), Status(422), Status(422)),
        },
        Case {
            method: "POST",
            path: "/api/account/confirm-email",
            body: |_| vec![("token", "inconnu".into())],
            expect: site(Status(401), Status(410), Status(410), Status(410)),
        },
        Case {
            method: "POST",
            path: "/api/account/end-other-sessions",
            body: none,
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/follow",
            body: |_| vec![("number", "10".into()), ("follow", "true".into())],
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/follow",
            body: |_| vec![("number", "12".into()), ("follow", "true".into())],
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/join",
            body: |_| theme("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/notifications/get",
            body: none,
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/notifications/read",
            body: none,
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        // Facilitators (of this thème) and moderators. An unknown person: 404 once allowed.
        Case {
            method: "POST",
            path: "/api/themes/decide",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("user_id", Uuid::new_v4().to_string()),
                    ("accept", "true".into()),
                ]
            },
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(404),
                Status(404),
                Status(404),
            ],
        },
        Case {
            method: "POST",
            path: "/api/themes/remove",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("user_id", Uuid::new_v4().to_string()),
                ]
            },
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(404),
                Status(404),
                Status(404),
            ],
        },
        Case {
            method: "POST",
            path: "/api/themes/decide",
            body: |_| {
                vec![
                    ("number", "11".into()),
                    ("user_id", Uuid::new_v4().to_string()),
                    ("accept", "true".into()),
                ]
            },
            // Thème 10's facilitator may not decide in thème 11; thème 11's may.
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(404),
                Status(403),
                Status(404),
                Status(404),
            ],
        },
        Case {
            method: "POST",
            path: "/api/themes/invite",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("email", "invitee@example.org".into()),
                ]
            },
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "GET",
            path: "/invitations/accept?token=inconnu",
            body: none,
            expect: all(Status(410)),
        },
        Case {
            method: "POST",
            path: "/api/invitations/accept",
            body: |_| vec![("token", "inconnu".into())],
            expect: site(Status(401), Status(410), Status(410), Status(410)),
        },
        // Moderators.
        Case {
            method: "POST",
            path: "/api/themes/facilitator",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("user_id", Uuid::new_v4().to_string()),
                    ("facilitator", "true".into()),
                ]
            },
            expect: site(Status(401), Status(403), Status(404), Status(404)),
        },
        Case {
            method: "POST",
            path: "/api/themes/edit",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("title", "Innovation sociale".into()),
                    ("summary", "Un résumé".into()),
                    ("description", "Une description.".into()),
                    ("visibility", "public".into()),
                ]
            },
            expect: site(Status(401), Status(403), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/status",
            body: |_| vec![("number", "10".into()), ("status", "open".into())],
            expect: site(Status(401), Status(403), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/open",
            body: |_| {
                vec![
                    ("axe", "4".into()),
                    ("number", "10".into()),
                    ("title", "Doublon".into()),
                    ("summary", "Un résumé".into()),
                    ("description", "".into()),
                    ("visibility", "public".into()),
                ]
            },
            expect: site(Status(401), Status(403), Status(422), Status(422)),
        },
        // Discussions: reading follows the thème's visibility.
        Case {
            method: "GET",
            path: "/themes/10/discussions",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/discussions/1",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/discussions/1",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/list",
            body: |_| theme("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/list",
            body: |_| theme("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/get",
            body: |_| thread("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/get",
            body: |_| thread("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/versions",
            body: |ids| post_form("10", ids.post, &[]),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/after",
            body: |_| {
                vec![
                    ("number", "12".into()),
                    ("thread", "1".into()),
                    ("after", "0".into()),
                ]
            },
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        // Posting: members of the thème (and moderators).
        Case {
            method: "POST",
            path: "/api/discussions/reply",
            body: |_| {
                let mut pairs = thread("10");
                pairs.push(("body", "Une réponse de la matrice.".into()));
                pairs
            },
            expect: writers(Status(401), Status(403)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/reply",
            body: |_| {
                let mut pairs = thread("12");
                pairs.push(("body", "Une réponse réservée.".into()));
                pairs
            },
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/open",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("title", "Ouverte par la matrice".into()),
                    ("body", "Premier message.".into()),
                ]
            },
            expect: writers(Status(401), Status(403)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/preview",
            body: |_| vec![("number", "10".into()), ("body", "**Aperçu**".into())],
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        // Only the author edits a post (here: thème 10's facilitator).
        Case {
            method: "POST",
            path: "/api/discussions/post",
            body: |ids| post_form("10", ids.post, &[]),
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(403),
                Status(403),
            ],
        },
        Case {
            method: "POST",
            path: "/api/discussions/edit",
            body: |ids| {
                post_form(
                    "10",
                    ids.post,
                    &[("version", "1"), ("body", "Revu par l’autrice.")],
                )
            },
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(403),
                Status(403),
            ],
        },
        // Anyone signed in who reads the post may report it.
        Case {
            method: "POST",
            path: "/api/discussions/report",
            body: |ids| post_form("10", ids.post, &[("reason", "Pour la matrice")]),
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        // Facilitators of the thème and moderators moderate it.
        Case {
            method: "POST",
            path: "/api/discussions/moderate",
            body: |_| {
                let mut pairs = thread("10");
                pairs.push(("action", "pin".into()));
                pairs
            },
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "POST",
            path: "/api/discussions/hide",
            body: |ids| post_form("10", ids.post, &[("action", "unhide")]),
            expect: [
                Status(401),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        // Reports are for the site's moderators.
        Case {
            method: "POST",
            path: "/api/moderation/reports",
            body: none,
            expect: site(Status(401), Status(403), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/moderation/resolve",
            body: |_| vec![("report", "999999".into()), ("decision", "dismiss".into())],
            expect: site(Status(401), Status(403), Status(422), Status(422)),
        },
        // Reading: every server function that only reads.
        Case {
            method: "POST",
            path: "/api/themes/get",
            body: |_| theme("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/get",
            body: |_| theme("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/page",
            body: |_| theme("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/page",
            body: |_| theme("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/list",
            body: |_| theme("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/list",
            body: |_| theme("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/diff",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("from", "1".into()),
                    ("to", "1".into()),
                ]
            },
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/diff",
            body: |_| {
                vec![
                    ("number", "12".into()),
                    ("draft", "1".into()),
                    ("from", "1".into()),
                    ("to", "1".into()),
                ]
            },
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/since",
            body: |_| theme("10"),
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/themes/since",
            body: |_| theme("12"),
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/invitations/get",
            body: |_| vec![("token", "inconnu".into())],
            expect: all(Status(410)),
        },
        Case {
            method: "POST",
            path: "/api/discussions/kept",
            body: |_| vec![("id", Uuid::new_v4().to_string())],
            expect: site(Status(401), Status(404), Status(404), Status(404)),
        },
        // Hidden things: their content reaches only the thème's facilitators and moderators.
        Case {
            method: "GET",
            path: "/themes/10/discussions/2",
            body: none,
            expect: [
                Status(404),
                Status(404),
                Status(404),
                Status(404),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "POST",
            path: "/api/discussions/get",
            body: |_| thread_number("10", "2"),
            expect: [
                Status(404),
                Status(404),
                Status(404),
                Status(404),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "POST",
            path: "/api/discussions/list",
            body: |_| theme("10"),
            expect: [
                Without(200, "Fil masqué"),
                Without(200, "Fil masqué"),
                Without(200, "Fil masqué"),
                Without(200, "Fil masqué"),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "POST",
            path: "/api/discussions/get",
            body: |_| thread_number("10", "3"),
            expect: [
                Without(200, SECRET_POST),
                Without(200, SECRET_POST),
                Without(200, SECRET_POST),
                Without(200, SECRET_POST),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        Case {
            method: "GET",
            path: "/themes/10/discussions/3",
            body: none,
            expect: [
                Without(200, SECRET_POST),
                Without(200, SECRET_POST),
                Without(200, SECRET_POST),
                Without(200, SECRET_POST),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        // Search: what each may read, and never what is hidden, for anyone (a moderator sees
        // hidden things on their pages, not in search results). A leaked hidden text would show
        // its unmatched words.
        Case {
            method: "GET",
            path: "/search?q=masqu%C3%A9",
            body: none,
            expect: all(Without(200, "par l’animation")),
        },
        Case {
            method: "GET",
            path: "/search?q=fil",
            body: none,
            expect: all(Without(200, "Fil masqué")),
        },
        Case {
            method: "POST",
            path: "/api/search",
            body: |_| vec![("form[q]", "masqué".into())],
            expect: all(Without(200, "par l’animation")),
        },
        // Thème 12's draft (« Le texte de départ. ») only to who may read thème 12.
        Case {
            method: "GET",
            path: "/search?q=d%C3%A9part&theme=12",
            body: none,
            expect: site(
                Without(200, "Le texte de"),
                Without(200, "Le texte de"),
                Status(200),
                Status(200),
            ),
        },
        Case {
            method: "POST",
            path: "/api/drafts/phrase-history",
            body: |_| {
                vec![
                    ("number", "10".into()),
                    ("draft", "1".into()),
                    ("phrase", "texte de départ".into()),
                ]
            },
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/phrase-history",
            body: |_| {
                vec![
                    ("number", "12".into()),
                    ("draft", "1".into()),
                    ("phrase", "texte de départ".into()),
                ]
            },
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/drafts/1/history?phrase=d%C3%A9part",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/get",
            body: |_| vec![("number", "10".into()), ("draft", "1".into())],
            // Its author (the member here) still sees their hidden comment, and why.
            expect: [
                Without(200, SECRET_COMMENT),
                Without(200, SECRET_COMMENT),
                Status(200),
                Without(200, SECRET_COMMENT),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        // Ids of one thème sent under another: unknown there.
        Case {
            method: "POST",
            path: "/api/discussions/versions",
            body: |ids| post_form("11", ids.post, &[]),
            expect: all(Status(404)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/comment/edit",
            body: |ids| {
                vec![
                    ("number", "11".into()),
                    ("draft", "1".into()),
                    ("comment", ids.comments[0].to_string()),
                    ("edited", "Ailleurs.".into()),
                    ("version", "1".into()),
                ]
            },
            expect: all(Status(404)),
        },
        // Pages not listed above.
        Case {
            method: "GET",
            path: "/themes/10/discussions/new",
            body: none,
            expect: writers(
                RedirectTo("/login?next=/themes/10/discussions/new"),
                Status(403),
            ),
        },
        Case {
            method: "GET",
            path: "/themes/10/discussions/1/posts/1/versions",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/discussions/1/posts/2/versions",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/10/discussions/1/posts/1/edit",
            body: none,
            // Only its author (the facilitator) may edit a post; a moderator may hide it.
            expect: [
                RedirectTo("/login?next=/themes/10/discussions/1/posts/1/edit"),
                Status(403),
                Status(403),
                Status(403),
                Status(200),
                Status(403),
                Status(403),
            ],
        },
        Case {
            method: "GET",
            path: "/moderation",
            body: none,
            expect: site(
                RedirectTo("/login?next=/moderation"),
                Status(403),
                Status(200),
                Status(200),
            ),
        },
        Case {
            method: "GET",
            path: "/members/00000000-0000-0000-0000-000000000000",
            body: none,
            expect: all(Status(404)),
        },
        Case {
            method: "STREAM",
            path: "/events",
            body: none,
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "STREAM",
            path: "/themes/10/discussions/1/events",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "STREAM",
            path: "/themes/12/discussions/1/events",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        Case {
            method: "GET",
            path: "/invitations/accept?token=inconnu",
            body: none,
            expect: all(Status(410)),
        },
        Case {
            method: "GET",
            path: "/signup/sent",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/signup/confirm?token=inconnu",
            body: none,
            expect: all(Status(410)),
        },
        Case {
            method: "GET",
            path: "/password/forgot",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/password/sent",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/password/reset?token=inconnu",
            body: none,
            expect: all(Status(410)),
        },
        Case {
            method: "GET",
            path: "/account/email/confirm?token=inconnu",
            body: none,
            expect: site(
                RedirectTo("/login?next=/account/email/confirm%3Ftoken%3Dinconnu"),
                Status(410),
                Status(410),
                Status(410),
            ),
        },
        Case {
            method: "GET",
            path: "/healthz",
            body: none,
            expect: all(Status(200)),
        },
        Case {
            method: "GET",
            path: "/themes/12/drafts/1/revisions/1/export.html",
            body: none,
            expect: site(Status(404), Status(404), Status(200), Status(200)),
        },
        // Writing, by members only.
        Case {
            method: "POST",
            path: "/api/drafts/comment/reply",
            body: |ids| comment_form(ids.comments[0], &[("reply", "Une réponse de la matrice.")]),
            expect: writers(Status(401), Status(403)),
        },
        Case {
            method: "POST",
            path: "/api/drafts/comment/resolve",
            body: |ids| comment_form(ids.comments[2], &[]),
            // Its author (the member here) and the thème's facilitators and moderators.
            expect: [
                Status(401),
                Status(403),
                Status(200),
                Status(403),
                Status(200),
                Status(200),
                Status(200),
            ],
        },
        // Accounts: every answer alike, whoever asks.
        Case {
            method: "POST",
            path: "/api/locale/set",
            body: |_| vec![("locale", "fr".into())],
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/account/digest",
            body: |_| vec![("digest", "".into())],
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/account/sign-in",
            body: |_| {
                vec![
                    ("email", "lecteur@example.org".into()),
                    ("password", "pas le bon mot de passe".into()),
                ]
            },
            expect: all(Status(401)),
        },
        Case {
            method: "POST",
            path: "/api/account/sign-up",
            body: |_| {
                vec![
                    ("email", "nouvelle@example.org".into()),
                    ("display_name", "Nouvelle".into()),
                    ("password", PASSWORD.into()),
                ]
            },
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/account/confirm-sign-up",
            body: |_| vec![("token", "inconnu".into())],
            expect: all(Status(410)),
        },
        Case {
            method: "POST",
            path: "/api/account/request-reset",
            body: |_| vec![("email", "lecteur@example.org".into())],
            expect: all(Status(200)),
        },
        Case {
            method: "POST",
            path: "/api/account/reset-password",
            body: |_| {
                vec![
                    ("token", "inconnu".into()),
                    ("new_password", "un tout nouveau mot de passe solide".into()),
                ]
            },
            expect: all(Status(410)),
        },
        // Administration.
        Case {
            method: "POST",
            path: "/api/admin/get",
            body: none,
            expect: site(Status(401), Status(403), Status(403), Status(200)),
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
            expect: site(Status(401), Status(403), Status(403), Status(200)),
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
            expect: site(Status(401), Status(403), Status(403), Status(403)),
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
            expect: site(Status(401), Status(403), Status(403), Status(404)),
        },
        // Last, since they change who belongs: leaving thème 11, where only its facilitator
        // (the member elsewhere) belongs; then signing out (303 to the home page).
        Case {
            method: "POST",
            path: "/api/themes/leave",
            body: |_| theme("11"),
            // Leaving where one does not belong changes nothing and says so the same way.
            expect: site(Status(401), Status(200), Status(200), Status(200)),
        },
        Case {
            method: "POST",
            path: "/logout",
            body: none,
            expect: all(RedirectTo("/")),
        },
    ]
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn every_endpoint_answers_each_role_as_the_matrix_says(pool: PgPool) {
    let app = TestApp::seeded(pool.clone()).await;
    sqlx::query("update themes set visibility = 'members' where number = 12")
        .execute(&pool)
        .await
        .unwrap();
    let member = app
        .create_user("lecteur@example.org", "Lecteur", PASSWORD, "member")
        .await;
    let here = app
        .create_user("ici@example.org", "Ici", PASSWORD, "member")
        .await;
    let elsewhere = app
        .create_user("ailleurs@example.org", "Ailleurs", PASSWORD, "member")
        .await;
    let facilitator = app
        .create_user("animation@example.org", "Animation", PASSWORD, "member")
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
    support::add_member(&pool, 10, facilitator, "facilitator").await;
    support::add_member(&pool, 10, here, "member").await;
    support::add_member(&pool, 11, elsewhere, "facilitator").await;
    let former = app
        .create_user("ancien@example.org", "Ancien", PASSWORD, "member")
        .await;
    support::add_member(&pool, 10, former, "member").await;
    let follower = app
        .create_user("suiveur@example.org", "Suiveur", PASSWORD, "member")
        .await;
    sqlx::query(
        "insert into follows (user_id, theme_id) select $1, id from themes where number = 12",
    )
    .bind(follower)
    .execute(&pool)
    .await
    .unwrap();
    let private = app
        .create_user("prive@example.org", "Privé", PASSWORD, "member")
        .await;
    support::add_member(&pool, 12, private, "member").await;
    for (number, author) in [(10, facilitator), (12, admin)] {
        let theme: Uuid = sqlx::query_scalar("select id from themes where number = $1")
            .bind(number)
            .fetch_one(&pool)
            .await
            .unwrap();
        app::ssr::drafting::create(&pool, theme, author, "Texte", "Le texte de départ.", "")
            .await
            .expect("a draft");
    }
    let mut post = 0;
    for (number, author) in [(10, facilitator), (12, admin)] {
        let theme: Uuid = sqlx::query_scalar("select id from themes where number = $1")
            .bind(number)
            .fetch_one(&pool)
            .await
            .unwrap();
        let (_, first) = app::ssr::db::discussions::open_thread(
            &pool,
            theme,
            "Discussion",
            app::ssr::db::discussions::NewPost {
                author,
                source: "Le premier message.",
                html: "<p>Le premier message.</p>",
                mentions: &[],
            },
        )
        .await
        .expect("a thread");
        if number == 10 {
            post = first;
        }
    }
    let theme_10: Uuid = sqlx::query_scalar("select id from themes where number = 10")
        .fetch_one(&pool)
        .await
        .unwrap();
    let draft_10: Uuid = sqlx::query_scalar("select id from drafts where theme_id = $1")
        .bind(theme_10)
        .fetch_one(&pool)
        .await
        .unwrap();
    // Thread 2 of thème 10 hidden whole; thread 3 visible with its only post hidden.
    for (title, source) in [
        ("Fil masqué", "Un fil masqué."),
        ("Fil visible", SECRET_POST),
    ] {
        app::ssr::db::discussions::open_thread(
            &pool,
            theme_10,
            title,
            app::ssr::db::discussions::NewPost {
                author: facilitator,
                source,
                html: source,
                mentions: &[],
            },
        )
        .await
        .expect("a thread");
    }
    sqlx::query(
        "update threads set hidden = true, hidden_reason = 'Hors charte' where title = 'Fil masqué'",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("update posts set hidden = true, hidden_reason = 'Hors charte' where source = $1")
        .bind(SECRET_POST)
        .execute(&pool)
        .await
        .unwrap();
    let hidden_comment = app::ssr::drafting::add_comment(
        &pool,
        app::ssr::db::review::NewComment {
            theme_id: theme_10,
            draft_id: draft_10,
            author: here,
            quote: "texte de départ",
            source: SECRET_COMMENT,
            html: SECRET_COMMENT,
        },
    )
    .await
    .expect("a comment");
    sqlx::query(
        "update draft_comments set hidden = true, hidden_reason = 'Hors charte' where id = $1",
    )
    .bind(hidden_comment)
    .execute(&pool)
    .await
    .unwrap();
    let mut comments = [0; 3];
    for (slot, body) in comments
        .iter_mut()
        .zip(["Premier.", "Second.", "Troisième."])
    {
        *slot = app::ssr::drafting::add_comment(
            &pool,
            app::ssr::db::review::NewComment {
                theme_id: theme_10,
                draft_id: draft_10,
                author: here,
                quote: "texte de départ",
                source: body,
                html: body,
            },
        )
        .await
        .expect("a comment");
    }
    let ids = Ids {
        member,
        admin,
        post,
        comments,
    };
    let mut cookies = Vec::new();
    for caller in CALLERS {
        let email = match caller {
            Caller::Anonymous => None,
            Caller::Reader => Some("lecteur@example.org"),
            Caller::MemberHere => Some("ici@example.org"),
            Caller::MemberElsewhere => Some("ailleurs@example.org"),
            Caller::Facilitator => Some("animation@example.org"),
            Caller::Moderator => Some("moderation@example.org"),
            Caller::Admin => Some("admin@example.org"),
            Caller::FormerMember => Some("ancien@example.org"),
            Caller::StaleFollower => Some("suiveur@example.org"),
            Caller::PrivateMember => Some("prive@example.org"),
        };
        let cookie = match email {
            Some(email) => Some(app.sign_in(email, PASSWORD).await),
            None => None,
        };
        if caller == Caller::FormerMember {
            let cookie = cookie.as_deref().expect("signed in");
            let left = support::call(&app, "/api/themes/leave", &[("number", "10")], cookie).await;
            assert_eq!(left.status, StatusCode::OK, "{}", left.head());
        }
        cookies.push((caller, cookie));
    }

    let mut failures = Vec::new();
    for case in matrix() {
        for (index, (caller, cookie)) in cookies.iter().enumerate() {
            // A request that never ends (an event stream read as a page) fails the test rather
            // than hanging it.
            let call = async {
                if case.method == "GET" {
                    app.get_with(case.path, cookie.as_deref()).await
                } else if case.method == "STREAM" {
                    let mut request = http::Request::get(case.path).header("host", "atelier.test");
                    if let Some(cookie) = cookie {
                        request = request.header("cookie", cookie.as_str());
                    }
                    let response = app
                        .open(request.body(axum::body::Body::empty()).unwrap())
                        .await;
                    support::TestResponse {
                        status: response.status(),
                        headers: response.headers().clone(),
                        body: String::new(),
                    }
                } else {
                    let body = (case.body)(&ids);
                    let pairs: Vec<(&str, &str)> = body
                        .iter()
                        .map(|(key, value)| (*key, value.as_str()))
                        .collect();
                    app.post_form(case.path, &pairs, cookie.as_deref(), Post::Hydrated, "/")
                        .await
                }
            };
            let response = tokio::time::timeout(std::time::Duration::from_secs(60), call)
                .await
                .unwrap_or_else(|_| {
                    panic!("{} {} as {caller:?} never ended", case.method, case.path)
                });
            let expected = match case.expect.get(index) {
                Some(expected) => *expected,
                None => derived(&case, *caller, &ids),
            };
            let answered = match expected {
                Status(code) => response.status.as_u16() == code,
                Without(code, secret) => {
                    response.status.as_u16() == code && !response.body.contains(secret)
                }
                RedirectTo(target) => {
                    matches!(response.status, StatusCode::FOUND | StatusCode::SEE_OTHER)
                        && location(&response) == target
                }
            };
            if !answered {
                failures.push(format!(
                    "{} {} {:?} as {caller:?}: expected {:?}, got {} {} {}",
                    case.method,
                    case.path,
                    (case.body)(&ids).first().map(|(_, v)| v.clone()),
                    expected,
                    response.status,
                    location(&response),
                    response.body.chars().take(80).collect::<String>()
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
        "/api/drafts/create?number=10&title=Pirate&body=Pirate".to_owned(),
        "/api/discussions/open?number=10&title=Pirate&body=Pirate".to_owned(),
        "/api/discussions/reply?number=10&thread=1&body=Pirate".to_owned(),
        "/api/discussions/moderate?number=10&thread=1&action=lock".to_owned(),
        "/api/discussions/report?number=10&thread=1&post=1&reason=Pirate".to_owned(),
        "/api/moderation/resolve?report=1&decision=dismiss".to_owned(),
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
    let drafts: i64 = sqlx::query_scalar("select count(*) from drafts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(drafts, 0, "no draft was created by a GET");
    let threads: i64 = sqlx::query_scalar("select count(*) from threads")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(threads, 0, "no thread was opened by a GET");
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

/// Whether `path` (an address, its query ignored) fits the route `pattern` (`/themes/{number}`,
/// `/themes/:number`).
fn fits(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let wanted: Vec<&str> = pattern.split('/').collect();
    let given: Vec<&str> = path.split('/').collect();
    wanted.len() == given.len()
        && wanted.iter().zip(&given).all(|(want, give)| {
            want.starts_with(':') || (want.starts_with('{') && !give.is_empty()) || want == give
        })
}

#[test]
fn the_matrix_calls_every_registered_server_function_and_every_route() {
    let cases = matrix();
    let mut missing: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .filter(|path| !cases.iter().any(|case| case.path == *path))
        .map(str::to_owned)
        .collect();
    let functions = leptos::server_fn::axum::server_fn_paths().count();
    assert!(
        functions >= 73,
        "the server functions are registered: {functions}"
    );
    missing.extend(
        server::startup::route_paths()
            .into_iter()
            .filter(|pattern| !cases.iter().any(|case| fits(pattern, case.path))),
    );
    missing.sort();
    assert!(
        missing.is_empty(),
        "not in the matrix (add a row for each):\n{}",
        missing.join("\n")
    );
}
