//! Search: French (and English) full-text search over what the reader may read, its filters and
//! its refusals, and a phrase through a draft's history.

use crate::support;

use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;
use support::{TestApp, add_member, call, json};
use uuid::Uuid;

const PASSWORD: &str = "les cigales chantent à Marseille";

const DRAFT_TEXT: &str = "# Monnaies complémentaires\n\nLes coopératives d’habitants font vivre l’économie du quartier.\n\nUne monnaie locale relie les circuits courts.\n";

struct Group {
    alice: String,
    alice_id: Uuid,
    bruno_id: Uuid,
    reader: String,
}

async fn group(app: &TestApp) -> Group {
    let alice_id = app
        .create_user("alice@example.org", "Alice Martin", PASSWORD, "member")
        .await;
    let bruno_id = app
        .create_user("bruno@example.org", "Bruno Éluard", PASSWORD, "member")
        .await;
    app.create_user("lecteur@example.org", "Lecteur", PASSWORD, "member")
        .await;
    add_member(&app.pool, 11, alice_id, "facilitator").await;
    add_member(&app.pool, 11, bruno_id, "member").await;
    Group {
        alice: app.sign_in("alice@example.org", PASSWORD).await,
        alice_id,
        bruno_id,
        reader: app.sign_in("lecteur@example.org", PASSWORD).await,
    }
}

/// Alice writes a draft in thème 11, opens a thread with a post, comments on a passage and
/// suggests a change.
async fn material(app: &TestApp, group: &Group) {
    for (path, pairs) in [
        (
            "/api/drafts/create",
            vec![
                ("number", "11"),
                ("title", "Monnaies complémentaires"),
                ("body", DRAFT_TEXT),
                ("summary", "Première version"),
            ],
        ),
        (
            "/api/discussions/open",
            vec![
                ("number", "11"),
                ("title", "Les AMAP du Grand Lyon"),
                (
                    "body",
                    "Je propose d’écrire sur la sensibilisation des jeunes.",
                ),
            ],
        ),
        (
            "/api/drafts/comment",
            vec![
                ("number", "11"),
                ("draft", "1"),
                ("quote", "Une monnaie locale"),
                ("body", "Laquelle ? La Gonette à Lyon, par exemple."),
            ],
        ),
        (
            "/api/drafts/suggest",
            vec![
                ("number", "11"),
                ("draft", "1"),
                ("quote", "relie les circuits courts"),
                ("replacement", "soutient les producteurs voisins"),
                ("note", "Plus concret pour les lecteurs."),
            ],
        ),
    ] {
        let response = call(app, path, &pairs, &group.alice).await;
        assert!(
            response.status.is_success() || response.status.is_redirection(),
            "{path}: {} {}",
            response.status,
            response.head()
        );
    }
}

/// The JSON answer of a search with these form fields.
async fn search(app: &TestApp, cookie: Option<&str>, fields: &[(&str, &str)]) -> Value {
    let pairs: Vec<(String, &str)> = fields
        .iter()
        .map(|(key, value)| (format!("form[{key}]"), *value))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    json(app, "/api/search", &pairs, cookie).await
}

/// The (kind, title) of each result.
fn hits(answer: &Value) -> Vec<(String, String)> {
    answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            (
                hit["kind"].as_str().unwrap_or_default().to_owned(),
                hit["title"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn kinds(answer: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = hits(answer).into_iter().map(|(kind, _)| kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The excerpts of the results, with the matched words between « and ».
fn excerpts(answer: &Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            hit["excerpt"]
                .as_array()
                .expect("an excerpt")
                .iter()
                .map(|piece| {
                    let text = piece[0].as_str().unwrap_or_default();
                    if piece[1].as_bool() == Some(true) {
                        format!("«{text}»")
                    } else {
                        text.to_owned()
                    }
                })
                .collect()
        })
        .collect()
}

fn problem(answer: &Value) -> Value {
    answer["problem"].clone()
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_search_ignores_accents_and_case_and_finds_every_kind_by_its_words(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let group = group(&app).await;
    material(&app, &group).await;

    // The seed's thème 11 and Alice's draft, whatever the accents and capitals typed.
    let answer = search(&app, None, &[("q", "CIRCUITS courts ")]).await;
    let found = hits(&answer);
    assert!(
        found.contains(&("draft".into(), "Monnaies complémentaires".into())),
        "{found:?}"
    );
    assert!(found.iter().any(|(kind, _)| kind == "theme"), "{found:?}");
    let answer = search(&app, None, &[("q", "cooperatives economie ")]).await;
    assert_eq!(
        hits(&answer),
        vec![("draft".to_owned(), "Monnaies complémentaires".to_owned())]
    );
    // Matched words are marked in the passage shown.
    assert!(
        excerpts(&answer)[0].contains("«coopératives»"),
        "{:?}",
        excerpts(&answer)
    );

    // A thread by its title, a post, a comment and a suggestion by their text.
    let answer = search(&app, None, &[("q", "amap grand lyon ")]).await;
    assert_eq!(kinds(&answer), vec!["thread"]);
    let answer = search(&app, None, &[("q", "sensibilisation jeunes ")]).await;
    assert!(
        kinds(&answer).contains(&"post".to_owned()),
        "{:?}",
        hits(&answer)
    );
    let answer = search(&app, None, &[("q", "gonette ")]).await;
    assert_eq!(kinds(&answer), vec!["comment"]);
    let answer = search(&app, None, &[("q", "producteurs voisins ")]).await;
    assert_eq!(kinds(&answer), vec!["suggestion"]);
    // Each result says where it is and who wrote it.
    let hit = &answer["hits"][0];
    assert_eq!(hit["theme"][0], 11);
    assert_eq!(hit["author"][1], "Alice Martin");
    assert!(
        hit["href"]
            .as_str()
            .unwrap()
            .starts_with("/themes/11/drafts/1#suggestion-"),
        "{hit}"
    );

    // People by their name, accents ignored, as it is being typed; counted with the rest.
    let answer = search(&app, None, &[("q", "elua")]).await;
    assert_eq!(
        hits(&answer),
        vec![("person".to_owned(), "Bruno Éluard".to_owned())]
    );
    assert_eq!(
        answer["hits"][0]["href"],
        format!("/members/{}", group.bruno_id)
    );
    let counts = answer["counts"].as_array().expect("counts");
    assert!(
        counts
            .iter()
            .any(|pair| pair[0] == "person" && pair[1] == 1),
        "{counts:?}"
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn phrases_exclusions_and_the_word_being_typed_narrow_a_search(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let group = group(&app).await;
    material(&app, &group).await;

    // « monnaie locale » as a phrase is in the draft; « locale monnaie » is not.
    let answer = search(&app, None, &[("q", "\"monnaie locale\" ")]).await;
    assert!(
        kinds(&answer).contains(&"draft".to_owned()),
        "{:?}",
        hits(&answer)
    );
    let answer = search(&app, None, &[("q", "\"locale monnaie\" ")]).await;
    assert!(
        !kinds(&answer).contains(&"draft".to_owned()),
        "{:?}",
        hits(&answer)
    );
    // The comment says « Lyon », the draft does not: excluding it leaves the draft.
    let with = search(&app, None, &[("q", "monnaie ")]).await;
    assert!(
        kinds(&with).contains(&"comment".to_owned()),
        "{:?}",
        hits(&with)
    );
    let without = search(&app, None, &[("q", "monnaie -lyon ")]).await;
    assert!(
        !kinds(&without).contains(&"comment".to_owned()),
        "{:?}",
        hits(&without)
    );
    assert!(
        kinds(&without).contains(&"draft".to_owned()),
        "{:?}",
        hits(&without)
    );
    // The last word, still being typed, is a beginning: « complém » finds « complémentaires »;
    // followed by a space it is a whole word, and finds nothing.
    let typing = search(&app, None, &[("q", "monnaies complém")]).await;
    assert!(
        kinds(&typing).contains(&"draft".to_owned()),
        "{:?}",
        hits(&typing)
    );
    let typed = search(&app, None, &[("q", "monnaies complém ")]).await;
    assert!(
        !kinds(&typed).contains(&"draft".to_owned()),
        "{:?}",
        hits(&typed)
    );
    // French stemming: the plural and the singular are the same word.
    let singular = search(&app, None, &[("q", "monnaie complementaire ")]).await;
    assert!(
        kinds(&singular).contains(&"draft".to_owned()),
        "{:?}",
        hits(&singular)
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn english_readers_search_with_the_english_stemmer(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let group = group(&app).await;
    call(
        &app,
        "/api/discussions/open",
        &[
            ("number", "11"),
            ("title", "Housing cooperatives"),
            ("body", "Cooperative housing in Lyon keeps rents low."),
        ],
        &group.alice,
    )
    .await;
    // The English stemmer makes « rent » of « renting » (and of the text's « rents »); the
    // French one keeps « renting », which no text holds.
    let french = search(&app, None, &[("q", "renting ")]).await;
    assert!(hits(&french).is_empty(), "{:?}", hits(&french));
    let pairs = [("form[q]", "renting ")];
    let response = app
        .post_form(
            "/api/search",
            &pairs,
            Some("i18n_pref_locale=en"),
            support::Post::Hydrated,
            "/search",
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.head());
    let english: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(kinds(&english), vec!["post"], "{:?}", hits(&english));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn hidden_posts_hidden_or_deleted_comments_and_members_only_themes_are_never_found(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let group = group(&app).await;
    material(&app, &group).await;
    for (title, body) in [
        ("Un fil à masquer", "Coquelicot, un message du fil masqué."),
        (
            "Un fil visible",
            "Coquelicot, un message masqué dans un fil visible.",
        ),
    ] {
        call(
            &app,
            "/api/discussions/open",
            &[("number", "11"), ("title", title), ("body", body)],
            &group.alice,
        )
        .await;
    }
    call(
        &app,
        "/api/drafts/comment",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("quote", "Les coopératives"),
            ("body", "Coquelicot, un commentaire qui sera masqué."),
        ],
        &group.alice,
    )
    .await;
    call(
        &app,
        "/api/drafts/comment",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("quote", "du quartier"),
            ("body", "Coquelicot, un commentaire qui sera effacé."),
        ],
        &group.alice,
    )
    .await;
    let found = search(&app, None, &[("q", "coquelicot ")]).await;
    assert_eq!(hits(&found).len(), 4, "all four before: {:?}", hits(&found));

    for statement in [
        "update threads set hidden = true where title = 'Un fil à masquer'",
        "update posts set hidden = true where source like '%fil visible%'",
        "update draft_comments set hidden = true where source like '%masqué%'",
        "update draft_comments set deleted_at = now() where source like '%effacé%'",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    app.create_user(
        "moderation@example.org",
        "Modération",
        PASSWORD,
        "moderator",
    )
    .await;
    let moderator = app.sign_in("moderation@example.org", PASSWORD).await;
    for cookie in [
        None,
        Some(group.reader.as_str()),
        Some(group.alice.as_str()),
        Some(moderator.as_str()),
    ] {
        let answer = search(&app, cookie, &[("q", "coquelicot ")]).await;
        assert!(hits(&answer).is_empty(), "{cookie:?}: {:?}", hits(&answer));
    }

    // Thème 11 made members-only: a reader and a visitor find nothing of it, not even its
    // members; a member and a moderator do. A former member no longer does.
    sqlx::query("update themes set visibility = 'members' where number = 11")
        .execute(&pool)
        .await
        .unwrap();
    let member = app.sign_in("bruno@example.org", PASSWORD).await;
    for (cookie, found) in [
        (None, false),
        (Some(group.reader.as_str()), false),
        (Some(member.as_str()), true),
        (Some(moderator.as_str()), true),
    ] {
        for q in ["monnaies ", "alice ", "gonette "] {
            let answer = search(&app, cookie, &[("q", q)]).await;
            assert_eq!(
                !hits(&answer).is_empty(),
                found,
                "{cookie:?} {q}: {:?}",
                hits(&answer)
            );
        }
    }
    // Nor is the thème offered in the filter to who may not read it.
    let answer = search(&app, Some(&group.reader), &[("q", "circuits ")]).await;
    let themes = answer["themes"].as_array().expect("themes");
    assert!(!themes.iter().any(|pair| pair[0] == 11), "{themes:?}");
    sqlx::query("update memberships set state = 'left' where user_id = $1")
        .bind(group.bruno_id)
        .execute(&pool)
        .await
        .unwrap();
    let answer = search(&app, Some(&member), &[("q", "monnaies ")]).await;
    assert!(
        hits(&answer).is_empty(),
        "a former member: {:?}",
        hits(&answer)
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn filters_narrow_by_theme_kind_author_and_dates_and_results_come_twenty_a_page(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let group = group(&app).await;
    material(&app, &group).await;
    for i in 0..25 {
        call(
            &app,
            "/api/discussions/open",
            &[
                ("number", "11"),
                ("title", &format!("Atelier tournesol numéro {i}")),
                ("body", "Un message."),
            ],
            &group.alice,
        )
        .await;
    }
    let first = search(&app, None, &[("q", "tournesol ")]).await;
    assert_eq!(hits(&first).len(), 20);
    assert_eq!(first["pages"], 2);
    let second = search(&app, None, &[("q", "tournesol "), ("page", "2")]).await;
    assert_eq!(hits(&second).len(), 5);
    let mut all: Vec<_> = hits(&first)
        .into_iter()
        .chain(hits(&second))
        .map(|(_, t)| t)
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 25, "no result on both pages");

    // Newest first: the last thread opened comes first.
    sqlx::query("update threads set created_at = created_at - make_interval(days => 30 - (regexp_replace(title, '\\D', '', 'g'))::int) where title like 'Atelier tournesol%'")
        .execute(&pool)
        .await
        .unwrap();
    let newest = search(&app, None, &[("q", "tournesol "), ("sort", "date")]).await;
    assert_eq!(hits(&newest)[0].1, "Atelier tournesol numéro 24");

    // A kind: only threads; the counts still tell every kind.
    let answer = search(&app, None, &[("q", "circuits "), ("kind", "draft")]).await;
    assert_eq!(kinds(&answer), vec!["draft"]);
    let counts = answer["counts"].as_array().expect("counts");
    assert!(
        counts
            .iter()
            .any(|pair| pair[0] == "theme" && pair[1].as_i64() > Some(0)),
        "{counts:?}"
    );
    // A thème: the draft is in 11, not in 10.
    let in_10 = search(&app, None, &[("q", "monnaies "), ("theme", "10")]).await;
    assert!(hits(&in_10).is_empty(), "{:?}", hits(&in_10));
    let in_11 = search(&app, None, &[("q", "monnaies "), ("theme", "11")]).await;
    assert!(!hits(&in_11).is_empty());
    // An author: Bruno wrote none of it.
    let alice = group.alice_id.to_string();
    let bruno = group.bruno_id.to_string();
    let by_alice = search(&app, None, &[("q", "monnaie "), ("author", &alice)]).await;
    assert!(!hits(&by_alice).is_empty());
    assert_eq!(by_alice["author"][1], "Alice Martin");
    let by_bruno = search(&app, None, &[("q", "monnaie "), ("author", &bruno)]).await;
    assert!(hits(&by_bruno).is_empty(), "{:?}", hits(&by_bruno));
    // Dates, in either way of writing them: nothing was written in 2020; all of it since.
    let old = search(
        &app,
        None,
        &[
            ("q", "tournesol "),
            ("from", "2020-01-01"),
            ("to", "31/12/2020"),
        ],
    )
    .await;
    assert!(hits(&old).is_empty());
    assert_eq!(problem(&old), Value::Null);
    let since = search(&app, None, &[("q", "tournesol "), ("from", "01/01/2020")]).await;
    assert_eq!(hits(&since).len(), 20);
}

/// The count of `kind` in a search's answer, and whether there are more than that.
fn count_of(answer: &Value, kind: &str) -> (i64, bool) {
    let count = answer["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|pair| pair[0] == kind)
        .and_then(|pair| pair[1].as_i64())
        .expect("a count for every kind");
    let more = answer["more"]
        .as_array()
        .expect("more")
        .iter()
        .any(|more| more == kind);
    (count, more)
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_word_in_more_texts_than_are_counted_says_more_ranks_the_newest_and_dates_reach_the_rest(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool.clone()).await;
    let group = group(&app).await;
    material(&app, &group).await;
    // 130 posts say « tournesol », one a day; the 30 oldest say it twice (more relevant).
    sqlx::query(
        "insert into posts (thread_id, author_id, source, html, created_at)
         select th.id, $1, case when i < 30 then 'Le tournesol, encore le tournesol numéro ' || i
                                else 'Un tournesol numéro ' || i end,
                '<p>tournesol</p>', now() - make_interval(days => 200 - i)
         from threads th, generate_series(0, 129) i where th.title = 'Les AMAP du Grand Lyon'",
    )
    .bind(group.alice_id)
    .execute(&pool)
    .await
    .unwrap();
    let post_numbers = |answer: &Value| -> Vec<i64> {
        excerpts(answer)
            .iter()
            .filter_map(|e| e.rsplit("numéro ").next()?.trim().parse().ok())
            .collect()
    };

    // By relevance: counting stops at 100, and the newest 100 are ranked (the doubled 30 are
    // older than those): five pages, the sixth asked for is the fifth.
    let first = search(&app, None, &[("q", "tournesol"), ("kind", "post")]).await;
    assert_eq!(count_of(&first, "post"), (100, true));
    assert_eq!(first["pages"], 5);
    let mut ranked = Vec::new();
    for page in ["1", "2", "3", "4", "5", "6"] {
        let answer = search(
            &app,
            None,
            &[("q", "tournesol"), ("kind", "post"), ("page", page)],
        )
        .await;
        assert!(answer["page"].as_i64() <= Some(5));
        if page != "6" {
            ranked.extend(post_numbers(&answer));
        }
    }
    ranked.sort_unstable();
    assert_eq!(ranked, (30..130).collect::<Vec<_>>());

    // By date: the pages go on as long as there are more, and the last tells how many.
    let by_date = [("q", "tournesol"), ("kind", "post"), ("sort", "date")];
    let first = search(&app, None, &by_date).await;
    assert_eq!(count_of(&first, "post"), (100, true));
    assert_eq!(post_numbers(&first)[0], 129, "newest first");
    let mut page = first;
    let mut seen = post_numbers(&page);
    while page["page"].as_i64() < page["pages"].as_i64() {
        let next = (page["page"].as_i64().unwrap() + 1).to_string();
        let mut fields = by_date.to_vec();
        fields.push(("page", &next));
        page = search(&app, None, &fields).await;
        seen.extend(post_numbers(&page));
    }
    assert_eq!(page["page"], 7);
    assert_eq!(count_of(&page, "post"), (130, false));
    seen.sort_unstable();
    assert_eq!(seen, (0..130).collect::<Vec<_>>());
    // The other kinds are still counted.
    assert_eq!(count_of(&page, "draft"), (0, false));
    let monnaie = search(&app, None, &[("q", "monnaie")]).await;
    assert_eq!(count_of(&monnaie, "draft"), (1, false));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_words_are_shown_where_they_are_even_at_the_end_of_a_long_text(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let group = group(&app).await;
    let filler = "Les circuits courts relient les producteurs et les habitants. ".repeat(120);
    for (title, word) in [
        (
            "Au bout du texte",
            "Les tournesols de Provence ferment la marche.",
        ),
        // « heureuses » is stemmed « heureux »: not how the word begins.
        (
            "Une fin heureuse",
            "Des coopératives heureuses ferment la marche.",
        ),
    ] {
        let response = call(
            &app,
            "/api/discussions/open",
            &[
                ("number", "11"),
                ("title", title),
                ("body", &format!("{filler}\n\n{word}")),
            ],
            &group.alice,
        )
        .await;
        assert!(response.status.is_success(), "{}", response.head());
    }
    for (query, marked) in [("tournesols", "«tournesols»"), ("heureuses", "«heureuses»")] {
        let answer = search(&app, None, &[("q", query), ("kind", "post")]).await;
        let found = excerpts(&answer);
        assert_eq!(found.len(), 1, "{query}: {found:?}");
        assert!(found[0].contains(marked), "{query}: {found:?}");
        assert!(
            found[0].chars().count() < 600,
            "{query}: an excerpt, not the text"
        );
    }
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_query_that_cannot_be_searched_says_why_and_keeps_what_was_typed(pool: PgPool) {
    let app = TestApp::seeded(pool).await;
    let long = "économie ".repeat(1_200);
    for (typed, expected) in [
        ("!!! ??? :*&|", serde_json::json!({"Query": "NoWords"})),
        ("\"\"", serde_json::json!({"Query": "NoWords"})),
        (long.as_str(), serde_json::json!({"Query": "TooLong"})),
        // PostgreSQL's French stop list has « le », « la », « de », « et » (not « les »).
        ("le la de et ", serde_json::json!("OnlyCommonWords")),
    ] {
        let answer = search(&app, None, &[("q", typed)]).await;
        assert_eq!(problem(&answer), expected, "{typed:.40}");
        assert_eq!(answer["form"]["q"], typed, "what was typed comes back");
        let themes = answer["themes"].as_array().expect("themes").len();
        assert_eq!(
            themes, 3,
            "the thème filter is filled to search again: {typed:.40}"
        );
    }
    let answer = search(&app, None, &[("q", "circuits"), ("from", "hier")]).await;
    assert_eq!(problem(&answer), serde_json::json!("DateInvalid"));
    // Unbalanced quotes, operators and a filter that names nothing are searched as words.
    for typed in [
        "\"circuits courts",
        "circuits & (courts | !",
        "circuits' courts:*",
    ] {
        let answer = search(
            &app,
            None,
            &[
                ("q", typed),
                ("theme", "abc"),
                ("kind", "x"),
                ("author", "y"),
            ],
        )
        .await;
        assert_eq!(problem(&answer), Value::Null, "{typed}");
        assert!(!hits(&answer).is_empty(), "{typed}");
    }
    // The page answers 200 with the message and the query in its field, never a 500.
    for path in [
        "/search?q=%21%21%21",
        "/search?q=%22circuits",
        "/search?q=%3A*%26%7C",
        "/search?q=circuits&page=-3",
        "/search?q=circuits&page=99999999999999999999",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
    }
    let response = app.get("/search?q=%21%21%21").await;
    assert!(
        response.body.contains("Tapez au moins un mot"),
        "{}",
        response.head()
    );
    assert!(response.body.contains(r#"value="!!!""#));
    let response = app.get(&format!("/search?q={}", "a".repeat(10_000))).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("trop longue"));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_search_page_shows_results_grouped_by_kind_with_the_words_marked_and_no_markup_from_the_text(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool).await;
    let group = group(&app).await;
    material(&app, &group).await;
    call(
        &app,
        "/api/discussions/open",
        &[
            ("number", "11"),
            ("title", "Balises"),
            (
                "body",
                "Une <script>alert(1)</script> monnaie et un <b>gras</b> `code`.",
            ),
        ],
        &group.alice,
    )
    .await;
    let response = app.get("/search?q=monnaie").await;
    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains(r#"data-kind="draft""#), "{}", response.head());
    assert!(body.contains(r#"data-kind="comment""#));
    assert!(
        body.contains("<mark>monnaie</mark>"),
        "the words are marked"
    );
    assert!(
        !body.contains("<script>alert"),
        "the text's markup stays text"
    );
    assert!(!body.contains("<b>gras</b>"));
    // The excerpt drops what looks like a tag and keeps the words around it, as text.
    let answer = search(&app, None, &[("q", "gras")]).await;
    let found = excerpts(&answer);
    assert!(found.iter().any(|e| e.contains("«gras»")), "{found:?}");
    assert!(
        found.iter().all(|e| !e.contains('<') && !e.contains('>')),
        "{found:?}"
    );
    // Every page has the search field in its header; the search page has its own.
    let home = app.get("/").await;
    assert!(home.body.contains(r#"id="site-search-q""#));
    assert!(!body.contains(r#"id="site-search-q""#));
    assert!(body.contains(r#"id="search-q""#));
}

/// Saves `body` on draft 1 of thème 11 as `cookie`, on the head `base`.
async fn save(app: &TestApp, cookie: &str, base: i32, body: &str) {
    let response = call(
        app,
        "/api/drafts/save",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("base", &base.to_string()),
            ("body", body),
            ("summary", ""),
        ],
        cookie,
    )
    .await;
    assert!(response.status.is_success(), "{}", response.head());
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn a_phrase_is_traced_through_a_drafts_history_to_the_revisions_that_added_and_removed_it(
    pool: PgPool,
) {
    let app = TestApp::seeded(pool).await;
    let group = group(&app).await;
    material(&app, &group).await;
    let bruno = app.sign_in("bruno@example.org", PASSWORD).await;
    let added = format!("{DRAFT_TEXT}\nLa Gonette circule à Lyon depuis 2015.\n");
    save(&app, &bruno, 1, &added).await; // 2: Bruno adds the sentence
    save(
        &app,
        &group.alice,
        2,
        &added.replace("Une monnaie", "Un moyen"),
    )
    .await; // 3
    save(&app, &group.alice, 3, DRAFT_TEXT).await; // 4: Alice removes it
    save(&app, &bruno, 4, &added).await; // 5: Bruno puts it back

    let answer = json(
        &app,
        "/api/drafts/phrase-history",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("phrase", "  la GONETTE   circule "),
        ],
        None,
    )
    .await;
    assert_eq!(answer["phrase"], "la GONETTE circule");
    let changes: Vec<(i64, bool, String)> = answer["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["revision"].as_i64().unwrap(),
                c["present"].as_bool().unwrap(),
                c["author"][1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (2, true, "Bruno Éluard".to_owned()),
            (4, false, "Alice Martin".to_owned()),
            (5, true, "Bruno Éluard".to_owned()),
        ]
    );
    // A phrase the text never held, and one of signs only.
    let never = json(
        &app,
        "/api/drafts/phrase-history",
        &[
            ("number", "11"),
            ("draft", "1"),
            ("phrase", "monnaie fondante"),
        ],
        None,
    )
    .await;
    assert_eq!(never["changes"], serde_json::json!([]));
    let signs = json(
        &app,
        "/api/drafts/phrase-history",
        &[("number", "11"), ("draft", "1"), ("phrase", "… ?")],
        None,
    )
    .await;
    assert_eq!(signs["problem"], "NoWords");
    // The history page shows the answer, with links to the diffs.
    let page = app
        .get("/themes/11/drafts/1/history?phrase=Gonette+circule")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Apparu dans la révision 2"),
        "{}",
        page.head()
    );
    assert!(page.body.contains("Retiré dans la révision 4"));
    assert!(
        page.body
            .contains("/themes/11/drafts/1/diff?from=3&amp;to=4")
            || page.body.contains("/themes/11/drafts/1/diff?from=3&to=4")
    );
    assert!(page.body.contains("Toujours présent dans le texte actuel."));
}
