//! Loads the shared benchmark corpus (a 30 KB French draft, 200 revisions by 20 authors, built by
//! `scripts/bench/corpus/draft_corpus.py`) into thème 10 through the real router, one save per
//! revision by its author, and prints how fast the saves went. Run by `make bench`, which then
//! loads the draft's pages with wrk; prints figures, asserts nothing.
//!
//! Usage: `draft_bench CORPUS_DIR` with `DATABASE_URL` set (a database the server also uses).

mod support;

use app::ssr::passwords::Passwords;
use secrecy::SecretString;
use serde::Deserialize;
use std::{collections::HashMap, time::Instant};
use support::{Client, percentile};

#[derive(Deserialize)]
struct Meta {
    title: String,
    revisions: Vec<RevisionMeta>,
}

#[derive(Deserialize)]
struct RevisionMeta {
    rev: u32,
    user: String,
    summary: String,
}

const PASSWORD: &str = "un long mot de passe pour le banc d’essai";

#[tokio::main]
async fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: draft_bench CORPUS_DIR");
        return;
    };
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("draft_bench: DATABASE_URL is not set");
        return;
    };
    let meta: Meta = match std::fs::read_to_string(format!("{dir}/article/meta.json"))
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(meta) => meta,
        Err(error) => {
            eprintln!("draft_bench: {error}");
            return;
        }
    };
    let pool = match sqlx::PgPool::connect(&url).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("draft_bench: {error}");
            return;
        }
    };
    let client = match support::router(&pool) {
        Ok(router) => Client { router },
        Err(error) => {
            eprintln!("draft_bench: {error}");
            return;
        }
    };

    // The authors: accounts, members of thème 10, signed in.
    let hash = match Passwords::new(1)
        .hash(SecretString::from(PASSWORD.to_owned()))
        .await
    {
        Ok(hash) => hash,
        Err(error) => {
            eprintln!("draft_bench: {error}");
            return;
        }
    };
    let mut cookies: HashMap<String, String> = HashMap::new();
    let mut authors: Vec<String> = meta.revisions.iter().map(|r| r.user.clone()).collect();
    authors.sort();
    authors.dedup();
    for author in &authors {
        let email = format!("{}@bench.example.org", author.to_lowercase());
        let inserted = sqlx::query(
            "insert into users (id, email, display_name, password_hash, role) values ($1, $2, $3, $4, 'member')
             on conflict do nothing",
        )
        .bind(uuid::Uuid::new_v4())
        .bind(&email)
        .bind(author)
        .bind(&hash)
        .execute(&pool)
        .await
        .and(
            sqlx::query(
                "insert into memberships (theme_id, user_id, role, state, joined_at)
                 select t.id, u.id, 'member', 'active', now() from themes t, users u
                 where t.number = 10 and u.email = $1 on conflict do nothing",
            )
            .bind(&email)
            .execute(&pool)
            .await,
        );
        if let Err(error) = inserted {
            eprintln!("draft_bench: {error}");
            return;
        }
        let (status, _, cookie) = client
            .post(
                "/api/account/sign-in",
                &[("email", &email), ("password", PASSWORD), ("next", "/")],
                None,
            )
            .await;
        match cookie {
            Some(cookie) if status == 200 => {
                cookies.insert(author.clone(), cookie);
            }
            _ => {
                eprintln!("draft_bench: {author} could not sign in ({status})");
                return;
            }
        }
    }

    let read = |rev: u32| {
        std::fs::read_to_string(format!("{dir}/article/rev-{rev:03}.md")).unwrap_or_default()
    };
    let first = &meta.revisions[0];
    let (status, location, _) = client
        .post(
            "/api/drafts/create",
            &[
                ("number", "10"),
                ("title", &meta.title),
                ("body", &read(first.rev)),
                ("summary", &first.summary),
            ],
            cookies.get(&first.user).map(String::as_str),
        )
        .await;
    let Some(draft) = location
        .strip_prefix("/themes/10/drafts/")
        .and_then(|rest| rest.split('?').next())
        .map(str::to_owned)
    else {
        eprintln!("draft_bench: the draft was not created ({status} {location})");
        return;
    };

    let mut timings = Vec::with_capacity(meta.revisions.len());
    let mut base = 1;
    let started = Instant::now();
    for revision in &meta.revisions[1..] {
        let body = read(revision.rev);
        let at = Instant::now();
        let (status, location, _) = client
            .post(
                "/api/drafts/save",
                &[
                    ("number", "10"),
                    ("draft", &draft),
                    ("base", &base.to_string()),
                    ("body", &body),
                    ("summary", &revision.summary),
                ],
                cookies.get(&revision.user).map(String::as_str),
            )
            .await;
        timings.push(at.elapsed().as_secs_f64() * 1000.0);
        match location
            .split("to=")
            .nth(1)
            .and_then(|n| n.parse::<i32>().ok())
        {
            Some(new) if status == 200 => base = new,
            _ if location.ends_with("done=unchanged") => {}
            _ => {
                eprintln!(
                    "draft_bench: revision {} refused ({status} {location})",
                    revision.rev
                );
                return;
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    timings.sort_by(f64::total_cmp);
    let saves = timings.len();
    // The work behind the diff page, alone.
    let (first_text, last_text) = (read(1), read(meta.revisions.last().map_or(1, |r| r.rev)));
    let at = Instant::now();
    let runs = 20;
    let mut blocks = Vec::new();
    for _ in 0..runs {
        blocks = app::ssr::text::blocks(&first_text, &last_text);
    }
    let per_diff = at.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    let (added, removed) = app::ssr::text::block_word_counts(&blocks);
    println!("draft={draft} revisions={base}");
    println!(
        "diff 1→200 computed in {per_diff:.1} ms ({} blocks, +{added} −{removed} words)",
        blocks.len()
    );
    println!(
        "saves: {saves} in {elapsed:.2} s = {:.1} saves/s, one at a time; p50 {:.1} ms, p99 {:.1} ms (30 KB text, attribution carried, through the whole router)",
        saves as f64 / elapsed,
        percentile(&timings, 0.5),
        percentile(&timings, 0.99),
    );
}
