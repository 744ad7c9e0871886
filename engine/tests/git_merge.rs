//! The merge against `git merge-file` (which every Debian machine with git has): wherever git
//! merges cleanly, the engine gives the same text; where git refuses but the two edits touch
//! different words, the engine merges them and both survive.

mod support;

use draft_engine::merge::{Merge, merge};
use std::path::Path;
use std::process::Command;
use support::{Rng, WORDS};

/// git's merge of `ours` and `theirs` from `base`: the text, and whether it was clean.
fn git_merge(dir: &Path, base: &str, ours: &str, theirs: &str) -> (String, bool) {
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {path:?}: {e}"));
        path
    };
    let (o, b, t) = (
        write("ours", ours),
        write("base", base),
        write("theirs", theirs),
    );
    let output = Command::new("git")
        .args(["merge-file", "-p", "-q"])
        .arg(&o)
        .arg(&b)
        .arg(&t)
        .output()
        .unwrap_or_else(|e| panic!("git merge-file could not run (is git installed?): {e}"));
    let code = output.status.code().unwrap_or(-1);
    assert!(
        code >= 0,
        "git merge-file failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        code == 0,
    )
}

/// A text of `lines` lines: sentences, repeated lines, blank lines and list items, as drafts have.
fn text(rng: &mut Rng, lines: usize) -> Vec<String> {
    (0..lines)
        .map(|_| match rng.below(10) {
            0 | 1 => String::new(),
            2 => "- item".to_owned(),
            3 => format!("## {}", support::words(rng, 2)),
            _ => {
                let count = 3 + rng.below(8);
                format!("{}.", support::words(rng, count))
            }
        })
        .collect()
}

/// A few random line edits: replace, insert, delete, reword one word.
fn edit(rng: &mut Rng, lines: &[String]) -> Vec<String> {
    let mut out = lines.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 if at < out.len() => {
                out.remove(at);
            }
            1 => out.insert(at, format!("{}.", support::words(rng, 4))),
            2 if at < out.len() => out[at] = format!("{}.", support::words(rng, 5)),
            3 if at < out.len() => {
                let mut words: Vec<String> = out[at].split(' ').map(str::to_owned).collect();
                let w = rng.below(words.len());
                words[w] = rng.pick(WORDS).to_owned();
                out[at] = words.join(" ");
            }
            _ => out.insert(at, String::new()),
        }
    }
    out
}

fn joined(lines: &[String], final_newline: bool) -> String {
    let mut text = lines.join("\n");
    if final_newline && !lines.is_empty() {
        text.push('\n');
    }
    text
}

#[test]
fn wherever_git_merges_cleanly_the_engine_gives_the_same_text() {
    let dir = std::env::temp_dir().join(format!("engine-git-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let seed = std::env::var("ENGINE_GIT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2026);
    let mut rng = Rng::new(seed);
    let (mut clean, mut refused_but_merged) = (0, 0);
    for case in 0..400 {
        let count = 3 + rng.below(25);
        let base_lines = text(&mut rng, count);
        let (ours_lines, theirs_lines) = (edit(&mut rng, &base_lines), edit(&mut rng, &base_lines));
        let newline = case % 7 != 0;
        let (base, ours, theirs) = (
            joined(&base_lines, newline),
            joined(&ours_lines, newline),
            joined(&theirs_lines, newline),
        );
        let (git, git_clean) = git_merge(&dir, &base, &ours, &theirs);
        let engine = merge(&base, &ours, &theirs);
        if git_clean {
            clean += 1;
            assert_eq!(
                engine,
                Merge::Clean(git.clone()),
                "case {case}: git merged cleanly\n--- base\n{base}\n--- ours\n{ours}\n--- theirs\n{theirs}"
            );
            // The same from the other side.
            assert_eq!(
                merge(&base, &theirs, &ours),
                Merge::Clean(git),
                "case {case}, swapped"
            );
        } else if matches!(engine, Merge::Clean(_)) {
            refused_but_merged += 1;
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        clean > 150,
        "the corpus exercises clean merges: {clean} of 400"
    );
    assert!(
        refused_but_merged > 0,
        "some merges git refuses are word-level merges"
    );
}

#[test]
fn edits_to_two_sentences_of_one_paragraph_merge_where_git_refuses() {
    let dir = std::env::temp_dir().join(format!("engine-git-words-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let base = "Intro.\n\nLa formation des bénévoles reste le premier levier. Elle demande du temps.\n\nFin.\n";
    let ours = "Intro.\n\nLa formation des bénévoles reste notre premier levier. Elle demande du temps.\n\nFin.\n";
    let theirs = "Intro.\n\nLa formation des bénévoles reste le premier levier. Elle demande du temps et des moyens.\n\nFin.\n";
    let (_, git_clean) = git_merge(&dir, base, ours, theirs);
    std::fs::remove_dir_all(&dir).ok();
    assert!(!git_clean, "git refuses edits to one line");
    assert_eq!(
        merge(base, ours, theirs),
        Merge::Clean("Intro.\n\nLa formation des bénévoles reste notre premier levier. Elle demande du temps et des moyens.\n\nFin.\n".into())
    );
}
