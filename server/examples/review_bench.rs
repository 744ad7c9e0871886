//! Reviews the benchmark draft (left by `draft_bench`: 30 KB, 200 revisions) through the real
//! router: 50 comments on passages spread over the text, then 20 saves, each of which carries the
//! 50 anchors to the new revision, then 10 suggestions accepted on a draft that changed since
//! they were made. Prints how long each took; `make bench` then loads the draft page, which marks
//! the 50 passages. Asserts nothing.
//!
//! Usage: `review_bench <draft number in thème 10>` with `DATABASE_URL` set.

mod support;

use app::ssr::passwords::Passwords;
use secrecy::SecretString;
use std::time::Instant;
use support::{Client, percentile};

const PASSWORD: &str = "un long mot de passe pour le banc d’essai";
const COMMENTS: usize = 50;
const SAVES: usize = 20;
const SUGGESTIONS: usize = 10;

async fn head(pool: &sqlx::PgPool, draft: i32) -> Result<(i32, String), sqlx::Error> {
    sqlx::query_as(
        "select r.number, r.body from drafts d join themes t on t.id = d.theme_id
         join draft_revisions r on r.draft_id = d.id and r.number = d.head
         where t.number = 10 and d.number = $1",
    )
    .bind(draft)
    .fetch_one(pool)
    .await
}

/// Sentences of `text` long enough to comment on: their first six words.
fn passages(text: &str) -> Vec<String> {
    text.split(['.', '\n'])
        .map(|sentence| {
            sentence
                .split_whitespace()
                .map(|word| {
                    word.chars()
                        .filter(|c| c.is_alphanumeric() || "'’-".contains(*c))
                        .collect::<String>()
                })
                .filter(|word| !word.is_empty() && !word.starts_with('-'))
                .take(6)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|words| words.split(' ').count() == 6)
        .collect()
}

fn report(what: &str, timings: &mut [f64]) {
    timings.sort_by(f64::total_cmp);
    println!(
        "{what}: {} — p50 {:.1} ms, p99 {:.1} ms",
        timings.len(),
        percentile(timings, 0.5),
        percentile(timings, 0.99),
    );
}

#[tokio::main]
async fn main() {
    let (Ok(url), Some(draft)) = (
        std::env::var("DATABASE_URL"),
        std::env::args().nth(1).and_then(|n| n.parse::<i32>().ok()),
    ) else {
        eprintln!("review_bench: DATABASE_URL and a draft number are needed");
        return;
    };
    let pool = match sqlx::PgPool::connect(&url).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("review_bench: {error}");
            return;
        }
    };
    let client = match support::router(&pool) {
        Ok(router) => Client { router },
        Err(error) => {
            eprintln!("review_bench: {error}");
            return;
        }
    };
    let hash = match Passwords::new(1)
        .hash(SecretString::from(PASSWORD.to_owned()))
        .await
    {
        Ok(hash) => hash,
        Err(error) => {
            eprintln!("review_bench: {error}");
            return;
        }
    };
    // A facilitator of thème 10 comments, saves and accepts; a reader suggests.
    let mut cookies = Vec::new();
    for (email, role) in [
        ("animation@review.bench.example.org", "facilitator"),
        ("lecture@review.bench.example.org", ""),
    ] {
        let created = sqlx::query(
            "insert into users (id, email, display_name, password_hash, role)
             values ($1, $2, $3, $4, 'member') on conflict do nothing",
        )
        .bind(uuid::Uuid::new_v4())
        .bind(email)
        .bind(email.split('@').next().unwrap_or("banc"))
        .bind(&hash)
        .execute(&pool)
        .await;
        let joined = if role.is_empty() {
            created.map(|_| ())
        } else {
            match created {
                Ok(_) => sqlx::query(
                    "insert into memberships (theme_id, user_id, role, state, joined_at)
                     select t.id, u.id, 'facilitator', 'active', now() from themes t, users u
                     where t.number = 10 and u.email = $1 on conflict do nothing",
                )
                .bind(email)
                .execute(&pool)
                .await
                .map(|_| ()),
                Err(error) => Err(error),
            }
        };
        if let Err(error) = joined {
            eprintln!("review_bench: {error}");
            return;
        }
        let (status, _, cookie) = client
            .post(
                "/api/account/sign-in",
                &[("email", email), ("password", PASSWORD), ("next", "/")],
                None,
            )
            .await;
        match cookie {
            Some(cookie) if status == 200 => cookies.push(cookie),
            _ => {
                eprintln!("review_bench: {email} could not sign in ({status})");
                return;
            }
        }
    }
    let (facilitator, reader) = (&cookies[0], &cookies[1]);
    let number = draft.to_string();

    let Ok((_, text)) = head(&pool, draft).await else {
        eprintln!("review_bench: no draft {draft} in thème 10");
        return;
    };
    let found = passages(&text);
    let step = (found.len() / COMMENTS).max(1);
    let chosen: Vec<&String> = found.iter().step_by(step).take(COMMENTS).collect();
    let mut timings = Vec::new();
    let mut commented: Vec<&String> = Vec::new();
    for quote in &chosen {
        let at = Instant::now();
        let (status, _, _) = client
            .post(
                "/api/drafts/comment",
                &[
                    ("number", "10"),
                    ("draft", &number),
                    ("quote", quote),
                    ("body", "Un commentaire du banc d’essai sur ce passage."),
                ],
                Some(facilitator),
            )
            .await;
        timings.push(at.elapsed().as_secs_f64() * 1000.0);
        match status {
            200 => commented.push(quote),
            // A passage the word matching cannot find (odd punctuation): skipped.
            422 => {}
            _ => {
                eprintln!("review_bench: comment on {quote:?} refused ({status})");
                return;
            }
        }
    }
    let chosen = commented;
    report("comments on passages of the 30 KB text", &mut timings);

    // Saves: each changes a word somewhere and carries every anchor.
    let mut timings = Vec::new();
    for n in 0..SAVES {
        let Ok((base, body)) = head(&pool, draft).await else {
            return;
        };
        // A sentence added at the start of one paragraph, a different one each time.
        let breaks: Vec<usize> = body.match_indices("\n\n").map(|(at, _)| at + 2).collect();
        let at = breaks
            .get((n * 7) % breaks.len().max(1))
            .copied()
            .unwrap_or(0);
        let body = format!("{}Relu en séance {n}. {}", &body[..at], &body[at..]);
        let at = Instant::now();
        let (status, location, _) = client
            .post(
                "/api/drafts/save",
                &[
                    ("number", "10"),
                    ("draft", &number),
                    ("base", &base.to_string()),
                    ("body", &body),
                    ("summary", "banc d’essai"),
                ],
                Some(facilitator),
            )
            .await;
        timings.push(at.elapsed().as_secs_f64() * 1000.0);
        if status != 200 || !location.contains("done=saved") {
            eprintln!("review_bench: save {n} refused ({status} {location})");
            return;
        }
    }
    report(
        &format!("saves, each carrying {} comment anchors", chosen.len()),
        &mut timings,
    );
    let states: Vec<(String, i64)> = sqlx::query_as(
        "select anchor_state, count(*) from draft_comments group by anchor_state order by 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap_or_default();
    println!("anchors after the saves: {states:?}");

    // Suggestions made on one head, accepted after other saves: each is a merge.
    for n in 0..SUGGESTIONS {
        let quote = chosen[(n * 5 + 3) % chosen.len()];
        let (status, _, _) = client
            .post(
                "/api/drafts/suggest",
                &[
                    ("number", "10"),
                    ("draft", &number),
                    ("quote", quote),
                    ("replacement", &format!("{quote} (suggestion {n})")),
                ],
                Some(reader),
            )
            .await;
        if status != 200 {
            eprintln!("review_bench: suggestion {n} refused ({status})");
            return;
        }
    }
    let ids: Vec<i64> =
        sqlx::query_scalar("select id from draft_suggestions where state = 'open' order by id")
            .fetch_all(&pool)
            .await
            .unwrap_or_default();
    let mut timings = Vec::new();
    for id in ids {
        let at = Instant::now();
        let (status, location, _) = client
            .post(
                "/api/drafts/suggestion/decide",
                &[
                    ("number", "10"),
                    ("draft", &number),
                    ("suggestion", &id.to_string()),
                    ("decision", "accept"),
                ],
                Some(facilitator),
            )
            .await;
        timings.push(at.elapsed().as_secs_f64() * 1000.0);
        if status != 200 || !location.contains("done=accepted") {
            eprintln!("review_bench: suggestion {id} not accepted ({status} {location})");
            return;
        }
    }
    report(
        "suggestions accepted after other changes (three-way merge, anchors carried)",
        &mut timings,
    );
}
