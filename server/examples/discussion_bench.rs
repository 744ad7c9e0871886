//! Fills a thread of thème 10 with 1,000 posts through the real router (20 members taking turns,
//! some replies, quotes and mentions, each post rendered, recorded and notified as in use) and
//! prints how fast the posts went. Run by `make bench`, which then loads the thread's pages with
//! wrk; prints figures, asserts nothing.
//!
//! Usage: `discussion_bench` with `DATABASE_URL` set (a database the server also uses).

mod support;

use app::ssr::passwords::Passwords;
use secrecy::SecretString;
use std::time::Instant;
use support::{Client, percentile};

const PASSWORD: &str = "un long mot de passe pour le banc d’essai";
const POSTS: usize = 1_000;
const MEMBERS: usize = 20;

const SENTENCES: [&str; 8] = [
    "Les circuits courts relient les producteurs et les habitants d’un même territoire.",
    "La restauration collective peut devenir le premier débouché des fermes voisines.",
    "Il faut former les cuisiniers et accompagner les acheteurs publics dans leurs marchés.",
    "Nous avons rencontré une coopérative qui livre trois cantines chaque matin.",
    "Le prix juste suppose de rendre visibles les coûts réels de production.",
    "Les tiers-lieux nourriciers montrent qu’on peut produire, transformer et vendre ensemble.",
    "Une plateforme logistique partagée réduirait les trajets à vide des producteurs.",
    "Qui pourrait présenter l’expérience de Mouans-Sartoux lors de notre prochaine réunion ?",
];

/// Post `n`: two to five sentences, sometimes a mention of the next member.
fn body(n: usize, next_member: &str) -> String {
    let count = 2 + n % 4;
    let mut text: Vec<&str> = (0..count)
        .map(|k| SENTENCES[(n * 3 + k) % SENTENCES.len()])
        .collect();
    let mention;
    if n.is_multiple_of(7) {
        mention = format!("Qu’en pense @{next_member} ?");
        text.push(&mention);
    }
    text.join(" ")
}

#[tokio::main]
async fn main() {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("discussion_bench: DATABASE_URL is not set");
        return;
    };
    let pool = match sqlx::PgPool::connect(&url).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("discussion_bench: {error}");
            return;
        }
    };
    let client = match support::router(&pool) {
        Ok(router) => Client { router },
        Err(error) => {
            eprintln!("discussion_bench: {error}");
            return;
        }
    };

    let hash = match Passwords::new(1)
        .hash(SecretString::from(PASSWORD.to_owned()))
        .await
    {
        Ok(hash) => hash,
        Err(error) => {
            eprintln!("discussion_bench: {error}");
            return;
        }
    };
    let mut members = Vec::with_capacity(MEMBERS);
    for index in 0..MEMBERS {
        let name = format!("Membre {index:02}");
        let email = format!("membre{index:02}@discussion.bench.example.org");
        let inserted = sqlx::query(
            "insert into users (id, email, display_name, password_hash, role) values ($1, $2, $3, $4, 'member')
             on conflict do nothing",
        )
        .bind(uuid::Uuid::new_v4())
        .bind(&email)
        .bind(&name)
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
        )
        // Everyone follows the thème: each post notifies the 19 others, as in a lively group.
        .and(
            sqlx::query(
                "insert into follows (user_id, theme_id)
                 select u.id, t.id from themes t, users u
                 where t.number = 10 and u.email = $1 on conflict do nothing",
            )
            .bind(&email)
            .execute(&pool)
            .await,
        );
        if let Err(error) = inserted {
            eprintln!("discussion_bench: {error}");
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
            Some(cookie) if status == 200 => members.push((name, cookie)),
            _ => {
                eprintln!("discussion_bench: {name} could not sign in ({status})");
                return;
            }
        }
    }

    let (status, location, _) = client
        .post(
            "/api/discussions/open",
            &[
                ("number", "10"),
                ("title", "Circuits courts : retours d’expérience"),
                ("body", &body(0, &members[1].0)),
            ],
            Some(&members[0].1),
        )
        .await;
    let Some(thread) = location
        .strip_prefix("/themes/10/discussions/")
        .map(str::to_owned)
    else {
        eprintln!("discussion_bench: the thread was not opened ({status} {location})");
        return;
    };

    let mut timings = Vec::with_capacity(POSTS);
    let mut previous_post = String::new();
    let started = Instant::now();
    for n in 1..POSTS {
        let cookie = &members[n % MEMBERS].1;
        let next = &members[(n + 1) % MEMBERS].0;
        // One post in three answers the one before.
        let reply_to = if n.is_multiple_of(3) {
            previous_post.as_str()
        } else {
            ""
        };
        let text = body(n, next);
        let at = Instant::now();
        let (status, location, _) = client
            .post(
                "/api/discussions/reply",
                &[
                    ("number", "10"),
                    ("thread", &thread),
                    ("body", &text),
                    ("reply_to", reply_to),
                ],
                Some(cookie),
            )
            .await;
        timings.push(at.elapsed().as_secs_f64() * 1000.0);
        match location
            .split("post=")
            .nth(1)
            .and_then(|rest| rest.split('#').next())
        {
            Some(id) if status == 200 => previous_post = id.to_owned(),
            _ => {
                eprintln!("discussion_bench: post {n} refused ({status} {location})");
                return;
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    timings.sort_by(f64::total_cmp);
    println!("thread={thread} posts={POSTS}");
    println!(
        "posts: {} in {elapsed:.2} s = {:.1} posts/s, one at a time; p50 {:.1} ms, p99 {:.1} ms (rendered, recorded, 19 followers notified, through the whole router)",
        timings.len(),
        timings.len() as f64 / elapsed,
        percentile(&timings, 0.5),
        percentile(&timings, 0.99),
    );
}
