//! The worst Markdown a person can send, timed: how long rendering it to safe HTML takes at the
//! limits Atelier accepts (drafts and previews 400,000 characters, posts 20,000). Run by
//! `make bench`; prints figures, asserts nothing.
//!
//! Every input is built to be hard for a parser or a sanitiser: deep nesting (block quotes,
//! lists), long runs of emphasis and link brackets, many tiny table cells, raw HTML to strip.

use app::ssr::markdown::to_safe_html;
use std::time::Instant;

/// `unit` repeated up to `length` characters.
fn repeat(unit: &str, length: usize) -> String {
    unit.repeat(length / unit.chars().count().max(1))
}

fn inputs(length: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "nested quotes `>`",
            format!("{} fond", ">".repeat(length - 5)),
        ),
        ("nested lists `- `", repeat("- ", length)),
        ("quotes and lists", repeat("> - 1. ", length)),
        ("indented lists", {
            let mut text = String::new();
            let mut depth = 0;
            while text.len() < length {
                text.push_str(&" ".repeat(depth * 2));
                text.push_str("- item\n");
                depth = (depth + 1) % 200;
            }
            text
        }),
        ("emphasis runs", repeat("*_", length)),
        ("link brackets", repeat("[", length)),
        ("links", repeat("[a](b) ", length)),
        ("table cells", {
            let row = format!("|{}\n", "a|".repeat(500));
            format!("|h|\n|-|\n{}", repeat(&row, length))
        }),
        ("raw HTML", repeat("<div><span onclick=x>", length)),
        (
            "ordinary prose",
            repeat(
                "Les circuits courts relient producteurs et habitants. ",
                length,
            ),
        ),
    ]
}

fn main() {
    for (limit, label) in [(400_000, "draft or preview"), (20_000, "post")] {
        println!("Markdown to safe HTML — {label}, {limit} characters");
        for (name, input) in inputs(limit) {
            let started = Instant::now();
            let html = to_safe_html(&input);
            let took = started.elapsed();
            println!(
                "  {name:<20} {:>9.1} ms  ({} bytes of HTML)",
                took.as_secs_f64() * 1000.0,
                html.len()
            );
        }
    }
}
