//! The draft engine's figures (run by `make bench`; prints, asserts nothing): merge and save of
//! the 400-paragraph case and of a 1 MB draft, the diff of revisions 1 → 200 of the benchmark
//! corpus, the attribution of a 1 MB save, and the corpus saved revision by revision.
//!
//! Usage: `bench [CORPUS_DIR]` (the output of `scripts/bench/corpus/draft_corpus.py`).
//! The clock is read here, by the benchmark, never by the engine.

use draft_engine::merge::{Merge, merge};
use draft_engine::save::{self, Head, Plan};
use draft_engine::tokens::tokenize;
use draft_engine::{attribution, display};
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "économie",
    "sociale",
    "solidaire",
    "territoire",
    "coopérative",
    "projet",
    "innovation",
    "circuits",
    "courts",
    "emploi",
    "local",
    "producteurs",
    "habitants",
    "formation",
    "bénévoles",
    "accompagnement",
    "prévention",
    "réseau",
    "associations",
    "collectivités",
    "mutuelles",
];

fn paragraph(i: usize, version: usize, rng: &mut Rng) -> String {
    let words: Vec<&str> = (0..12).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    format!("Paragraphe {i} (version {version}) : {}.", words.join(" "))
}

fn join(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n") + "\n"
}

/// Milliseconds of each of `runs` calls of `work`: p50 and p99.
fn time<T>(runs: usize, mut work: impl FnMut() -> T) -> (f64, f64) {
    let mut timings: Vec<f64> = (0..runs)
        .map(|_| {
            let at = Instant::now();
            std::hint::black_box(work());
            at.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    timings.sort_by(f64::total_cmp);
    let pick = |q: f64| timings[((timings.len() - 1) as f64 * q).round() as usize];
    (pick(0.5), pick(0.99))
}

fn report(name: &str, (p50, p99): (f64, f64)) {
    println!("{name:<58} p50 {p50:>8.2} ms   p99 {p99:>8.2} ms");
}

/// Base, theirs (every paragraph but one rewritten, or `rewritten` of them) and mine (one
/// paragraph changed), with the head's attribution.
fn case(paragraphs: usize, rewritten: usize, seed: u64) -> (String, String, String) {
    let mut rng = Rng(seed);
    let base: Vec<String> = (1..=paragraphs)
        .map(|i| paragraph(i, 0, &mut rng))
        .collect();
    let kept = paragraphs / 2;
    let mut theirs = base.clone();
    let step = (paragraphs / rewritten.max(1)).max(1);
    let mut done = 0;
    for index in (0..paragraphs).step_by(step) {
        if index != kept && done < rewritten {
            theirs[index] = paragraph(index + 1, 1, &mut rng);
            done += 1;
        }
    }
    let mut mine = base.clone();
    mine[kept] = mine[kept].replace("(version 0)", "(version B)");
    (join(&base), join(&theirs), join(&mine))
}

fn merge_and_save(label: &str, base: &str, theirs: &str, mine: &str) {
    assert!(
        matches!(merge(base, theirs, mine), Merge::Clean(_)),
        "{label}: not clean"
    );
    let attribution: Vec<u32> = vec![1; tokenize(theirs).len()];
    report(
        &format!("merge, {label}"),
        time(20, || merge(base, theirs, mine)),
    );
    report(
        &format!("save (merge + attribution + counts), {label}"),
        time(20, || {
            save::plan(
                Head {
                    number: 2,
                    body: theirs,
                    attribution: &attribution,
                },
                Some(base),
                mine,
            )
        }),
    );
}

fn main() {
    println!("Draft engine (one core, 20 runs each)");
    let (base, theirs, mine) = case(400, 399, 400);
    merge_and_save(
        &format!("400 paragraphs ({} KB)", base.len() / 1000),
        &base,
        &theirs,
        &mine,
    );
    let (base, theirs, mine) = case(7000, 2000, 1_000_000);
    merge_and_save(
        &format!(
            "1 MB ({} KB, 2,000 paragraphs rewritten)",
            base.len() / 1000
        ),
        &base,
        &theirs,
        &mine,
    );
    let attribution: Vec<u32> = vec![1; tokenize(&base).len()];
    report(
        "attribution of a 1 MB save (2,000 paragraphs rewritten)",
        time(20, || {
            attribution::carry_text(&base, &attribution, &theirs, 2)
        }),
    );

    let Some(dir) = std::env::args().nth(1) else {
        println!("(no corpus given: the corpus figures are skipped)");
        return;
    };
    let read = |n: usize| std::fs::read_to_string(format!("{dir}/article/rev-{n:03}.md"));
    let mut revisions = Vec::new();
    for n in 1.. {
        match read(n) {
            Ok(text) => revisions.push(text.replace("\r\n", "\n")),
            Err(_) => break,
        }
    }
    if revisions.len() < 2 {
        println!("(no corpus found in {dir})");
        return;
    }
    let (first, last) = (&revisions[0], &revisions[revisions.len() - 1]);
    report(
        &format!(
            "diff of the corpus, revisions 1 → {} ({} KB)",
            revisions.len(),
            last.len() / 1000
        ),
        time(20, || display::blocks(first, last)),
    );
    // The corpus saved revision by revision, one at a time, as the server's save does.
    let started = Instant::now();
    let mut attribution = save::first(first).0;
    let mut head = first.clone();
    let mut timings = Vec::new();
    for (index, next) in revisions.iter().enumerate().skip(1) {
        let at = Instant::now();
        let plan = save::plan(
            Head {
                number: index as u32,
                body: &head,
                attribution: &attribution,
            },
            None,
            next,
        );
        timings.push(at.elapsed().as_secs_f64() * 1000.0);
        if let Plan::Revision {
            body,
            attribution: carried,
            ..
        } = plan
        {
            head = body;
            attribution = carried;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    timings.sort_by(f64::total_cmp);
    println!(
        "corpus saves through the engine: {} in {:.3} s = {:.0} saves/s, one at a time (p50 {:.2} ms, p99 {:.2} ms)",
        timings.len(),
        elapsed,
        timings.len() as f64 / elapsed,
        timings[timings.len() / 2],
        timings[(timings.len() - 1) * 99 / 100],
    );
}
