//! Fifty editors saving one draft at once, through the real endpoints on a multi-threaded
//! runtime: the revisions form one linear chain, edits to separate passages all survive, edits to
//! the same passage are reported as conflicts, and nothing fails or is silently overwritten.

use crate::support;

use http::StatusCode;
use serde_json::Value;
use std::sync::Arc;
use support::{FreshDatabase, Post, TestApp, add_member, location};
use tokio::sync::Barrier;

const PASSWORD: &str = "les cigales chantent à Marseille";
const EDITORS: usize = 50;
/// Editors 0..SEPARATE each own a paragraph; the others share two paragraphs in two groups.
const SEPARATE: usize = 40;
const SAVES: usize = 20;

#[derive(Debug, Default)]
struct Tally {
    accepted: Vec<(usize, i32, String)>,
    conflicts: usize,
    unchanged: usize,
    failures: Vec<String>,
}

fn initial_text() -> String {
    let mut paragraphs: Vec<String> = (0..SEPARATE)
        .map(|i| format!("Paragraphe {i} : d{i}"))
        .collect();
    paragraphs.push("Commun A : texte-a".to_owned());
    paragraphs.push("Commun B : texte-b".to_owned());
    paragraphs.join("\n\n")
}

async fn post(
    app: &TestApp,
    path: &str,
    pairs: &[(&str, &str)],
    cookie: &str,
) -> (StatusCode, String, String) {
    let response = app
        .post_form(path, pairs, Some(cookie), Post::Hydrated, "/")
        .await;
    let target = location(&response);
    (response.status, target, response.body)
}

/// Loads the editor: (base, text).
async fn load(app: &TestApp, cookie: &str) -> Result<(i32, String), String> {
    let (status, _, body) = post(
        app,
        "/api/drafts/editor",
        &[("number", "10"), ("draft", "1")],
        cookie,
    )
    .await;
    if status != StatusCode::OK {
        return Err(format!("load: {status}"));
    }
    let view: Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
    let base = view["base"].as_i64().and_then(|b| i32::try_from(b).ok());
    match (base, view["body"].as_str()) {
        (Some(base), Some(text)) => Ok((base, text.to_owned())),
        _ => Err("load: no base or body".to_owned()),
    }
}

/// The editor's change: a new word at the end of its own paragraph, or its own word in place of
/// the shared paragraph's last word.
fn change(editor: usize, save: usize, text: &str) -> (String, String) {
    let word = format!("e{editor}k{save}");
    let mut paragraphs: Vec<String> = text.split("\n\n").map(str::to_owned).collect();
    if editor < SEPARATE {
        paragraphs[editor] = format!("{} {word}", paragraphs[editor]);
    } else {
        let shared = SEPARATE + (editor % 2);
        let mut words: Vec<&str> = paragraphs[shared].split(' ').collect();
        words.pop();
        words.push(&word);
        paragraphs[shared] = words.join(" ");
    }
    (paragraphs.join("\n\n"), word)
}

#[test]
fn fifty_concurrent_editors_keep_a_linear_history_and_lose_no_separate_edit() {
    support::on_server_runtime(async {
        let database = FreshDatabase::create().await;
        let app = Arc::new(TestApp::seeded(database.pool.clone()).await);
        let mut cookies = Vec::new();
        for editor in 0..EDITORS {
            let email = format!("editeur{editor}@example.org");
            let id = app
                .create_user(&email, &format!("Éditeur {editor}"), PASSWORD, "member")
                .await;
            add_member(&app.pool, 10, id, "member").await;
            cookies.push(app.sign_in(&email, PASSWORD).await);
        }
        let (status, target, body) = post(
            &app,
            "/api/drafts/create",
            &[
                ("number", "10"),
                ("title", "Texte à cinquante mains"),
                ("body", &initial_text()),
            ],
            &cookies[0],
        )
        .await;
        assert_eq!(
            target, "/themes/10/drafts/1?done=created",
            "{status} {body}"
        );

        // The shared-paragraph editors load the same base before any of them saves, so their
        // first saves are bound to overlap.
        let barrier = Arc::new(Barrier::new(EDITORS - SEPARATE));
        let mut tasks = tokio::task::JoinSet::new();
        for (editor, cookie) in cookies.into_iter().enumerate() {
            let app = app.clone();
            let barrier = barrier.clone();
            tasks.spawn(async move {
                let mut tally = Tally::default();
                for save in 0..SAVES {
                    let loaded = load(&app, &cookie).await;
                    if editor >= SEPARATE && save == 0 {
                        barrier.wait().await;
                    }
                    let (base, text) = match loaded {
                        Ok(loaded) => loaded,
                        Err(error) => {
                            tally.failures.push(error);
                            continue;
                        }
                    };
                    let (edited, word) = change(editor, save, &text);
                    let (status, target, body) = post(
                        &app,
                        "/api/drafts/save",
                        &[
                            ("number", "10"),
                            ("draft", "1"),
                            ("base", &base.to_string()),
                            ("body", &edited),
                            ("summary", &word),
                        ],
                        &cookie,
                    )
                    .await;
                    if status != StatusCode::OK {
                        tally
                            .failures
                            .push(format!("editor {editor} save {save}: {status} {body}"));
                    } else if target.contains("/edit?stash=") {
                        tally.conflicts += 1;
                    } else if target.ends_with("done=unchanged") {
                        tally.unchanged += 1;
                    } else if let Some(revision) = target
                        .split("to=")
                        .nth(1)
                        .and_then(|n| n.parse::<i32>().ok())
                    {
                        tally.accepted.push((editor, revision, word));
                    } else {
                        tally
                            .failures
                            .push(format!("editor {editor}: unexpected {target}"));
                    }
                }
                (editor, tally)
            });
        }
        let mut tallies = Vec::new();
        while let Some(result) = tasks.join_next().await {
            tallies.push(result.expect("an editor task completes"));
        }

        let pool = &app.pool;
        let chain: Vec<(i32, Option<i32>)> =
            sqlx::query_as("select number, parent from draft_revisions order by number")
                .fetch_all(pool)
                .await
                .expect("the revisions");
        let bodies: Vec<String> =
            sqlx::query_scalar("select body from draft_revisions order by number")
                .fetch_all(pool)
                .await
                .expect("the texts");
        let stashes: i64 = sqlx::query_scalar("select count(*) from draft_stashes")
            .fetch_one(pool)
            .await
            .expect("the stashes");
        database.drop().await;

        let failures: Vec<&String> = tallies.iter().flat_map(|(_, t)| &t.failures).collect();
        assert!(
            failures.is_empty(),
            "{} failures: {:?}",
            failures.len(),
            &failures[..failures.len().min(5)]
        );

        // One linear chain: 1, 2, … n, each the child of the one before.
        for (index, (number, parent)) in chain.iter().enumerate() {
            let expected = i32::try_from(index + 1).expect("a small number");
            assert_eq!(*number, expected);
            assert_eq!(*parent, (expected > 1).then_some(expected - 1));
        }
        let accepted: usize = tallies.iter().map(|(_, t)| t.accepted.len()).sum();
        assert_eq!(
            accepted + 1,
            chain.len(),
            "every accepted save is one revision"
        );

        // Separate passages: every save accepted, every word in the final text.
        let last = bodies.last().expect("a head");
        for (editor, tally) in tallies.iter().filter(|(e, _)| *e < SEPARATE) {
            assert_eq!(tally.conflicts, 0, "editor {editor} never overlaps anyone");
            assert_eq!(tally.accepted.len(), SAVES, "editor {editor}: {tally:?}");
            for save in 0..SAVES {
                let word = format!("e{editor}k{save}");
                assert!(last.contains(&word), "{word} survives");
            }
        }

        // Shared passages: the overlapping saves were reported, never silently applied; each
        // accepted one is in the revision it created.
        let conflicts: usize = tallies.iter().map(|(_, t)| t.conflicts).sum();
        assert!(
            conflicts >= 8,
            "the first round of shared edits overlaps: {conflicts}"
        );
        assert_eq!(
            i64::try_from(conflicts).unwrap_or(0),
            stashes,
            "each conflict kept the text"
        );
        for (_, tally) in &tallies {
            for (editor, revision, word) in &tally.accepted {
                let index = usize::try_from(*revision - 1).expect("a revision number");
                assert!(
                    bodies[index].contains(word.as_str()),
                    "editor {editor}'s {word} is in revision {revision}"
                );
            }
        }
        println!(
            "{} revisions, {accepted} accepted saves, {conflicts} conflicts, {} unchanged",
            chain.len(),
            tallies.iter().map(|(_, t)| t.unchanged).sum::<usize>()
        );
    });
}
