//! The plan PostgreSQL runs the search statement with, for each query given: how long it took to
//! plan and to run (`EXPLAIN ANALYZE`, the statement as the server sends it, anonymous, in
//! French, the first page by relevance), and which indexes and tables it read. Run by `make
//! bench` after the search benchmark; prints figures, asserts nothing.
//!
//! Usage: `search_plan QUERY…` with `DATABASE_URL` set.

use app::{
    domain::search::{COUNTED_PER_KIND, PAGE_SIZE, SearchQuery},
    ssr::db::search::{SearchParams, explain},
};
use std::collections::BTreeSet;

#[tokio::main]
async fn main() {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("search_plan: DATABASE_URL is not set");
        return;
    };
    let pool = match sqlx::PgPool::connect(&url).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("search_plan: cannot connect: {error}");
            return;
        }
    };
    for typed in std::env::args().skip(1) {
        let query = match SearchQuery::parse(&typed) {
            Ok(query) => query,
            Err(problem) => {
                println!("{typed}: not searched ({problem:?})");
                continue;
            }
        };
        let (tsquery, names) = (query.to_tsquery(), query.to_names_tsquery());
        let params = SearchParams {
            config: "atelier_fr",
            query: &tsquery,
            names_query: &names,
            viewer: None,
            theme: None,
            author: None,
            since: None,
            until: None,
            kind: None,
            by_date: false,
            offset: 0,
            limit: PAGE_SIZE,
            counted: COUNTED_PER_KIND,
        };
        let lines = match explain(&pool, &params).await {
            Ok(lines) => lines,
            Err(error) => {
                println!("{typed}: {error}");
                continue;
            }
        };
        // The indexes and the tables read whole (scans that never ran left out).
        let mut indexes = BTreeSet::new();
        let mut tables = BTreeSet::new();
        let mut times = Vec::new();
        for line in &lines {
            let line = line.trim().trim_start_matches("->").trim();
            if line.starts_with("Planning Time") || line.starts_with("Execution Time") {
                times.push(line.to_owned());
            }
            if line.contains("never executed") {
                continue;
            }
            let name = |rest: &str| {
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            };
            for prefix in [
                "Bitmap Index Scan on ",
                "Index Scan using ",
                "Index Only Scan using ",
            ] {
                if let Some(rest) = line.strip_prefix(prefix) {
                    indexes.insert(name(rest));
                }
            }
            if let Some(rest) = line.strip_prefix("Seq Scan on ") {
                tables.insert(name(rest));
            }
        }
        let list = |set: &BTreeSet<String>, none: &str| {
            if set.is_empty() {
                none.to_owned()
            } else {
                set.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        };
        let gin: BTreeSet<String> = indexes
            .iter()
            .filter(|n| n.ends_with("_search_idx"))
            .cloned()
            .collect();
        println!("{typed} → {tsquery}: {}", times.join(", "));
        println!("  GIN indexes read: {}", list(&gin, "none"));
        println!("  tables read whole: {}", list(&tables, "none"));
    }
}
