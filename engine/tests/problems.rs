//! The problems the engine was rebuilt for, at the sizes they were found at.

mod support;

use draft_engine::align::Alignment;
use draft_engine::anchor::{self, Anchored};
use draft_engine::merge::{Merge, merge};
use draft_engine::save::{self, Head, Plan, SaveKind};
use draft_engine::tokens::{self, tokenize};
use support::{Rng, join, paragraph};

/// The case: 400 paragraphs; A rewrites all but #200, B changes only #200.
fn four_hundred() -> (String, String, String) {
    let mut rng = Rng::new(400);
    let base: Vec<String> = (1..=400).map(|i| paragraph(i, 0, &mut rng)).collect();
    let theirs: Vec<String> = base
        .iter()
        .enumerate()
        .map(|(index, p)| {
            if index + 1 == 200 {
                p.clone()
            } else {
                paragraph(index + 1, 1, &mut rng)
            }
        })
        .collect();
    let mut mine = base.clone();
    mine[199] = mine[199].replace("(version 0)", "(version B)");
    (join(&base), join(&theirs), join(&mine))
}

#[test]
fn disjoint_edits_of_the_400_paragraph_draft_merge_cleanly_every_time() {
    let (base, theirs, mine) = four_hundred();
    assert!(
        base.len() > 40_000,
        "the case is the issue's size: {} bytes",
        base.len()
    );
    let first = merge(&base, &theirs, &mine);
    let Merge::Clean(merged) = &first else {
        panic!("expected a clean merge");
    };
    // Every rewrite of A survives, and B's change too.
    let mut expected: Vec<&str> = theirs.split("\n\n").collect();
    let mine_200 = mine.split("\n\n").nth(199).unwrap_or_default();
    expected[199] = mine_200;
    assert_eq!(merged, &expected.join("\n\n"));
    // The same inputs, the same answer (no clock, no load).
    for _ in 0..10 {
        assert_eq!(merge(&base, &theirs, &mine), first);
    }
}

#[test]
fn a_one_megabyte_draft_merges_when_one_side_rewrites_2000_paragraphs_and_the_other_changes_one() {
    let mut rng = Rng::new(1_000_000);
    let base: Vec<String> = (1..=7000).map(|i| paragraph(i, 0, &mut rng)).collect();
    let text = join(&base);
    assert!(text.len() > 1_000_000, "{} bytes", text.len());
    let mut theirs = base.clone();
    for index in (0..7000).step_by(3).take(2000) {
        theirs[index] = paragraph(index + 1, 1, &mut rng);
    }
    let mut mine = base.clone();
    mine[3502] = mine[3502].replace("(version 0)", "(version B)");
    let Merge::Clean(merged) = merge(&text, &join(&theirs), &join(&mine)) else {
        panic!("expected a clean merge");
    };
    let mut expected = theirs.clone();
    expected[3502] = mine[3502].clone();
    assert_eq!(merged, join(&expected));

    // Saved over the head (A's text, written by revision 2 over revision 1), the untouched
    // paragraphs keep their authors and only B's paragraph is credited to B's revision.
    let head = join(&theirs);
    let head_attribution =
        draft_engine::attribution::carry_text(&text, &vec![1; tokenize(&text).len()], &head, 2);
    let plan = save::plan(
        Head {
            number: 2,
            body: &head,
            attribution: &head_attribution,
        },
        Some(&text),
        &join(&mine),
    );
    let Plan::Revision {
        body,
        kind,
        attribution,
        ..
    } = plan
    else {
        panic!("expected a revision");
    };
    assert_eq!(kind, SaveKind::Merged);
    let tokens = tokenize(&body);
    let offsets = tokens::offsets(&tokens);
    let at = body.find(&expected[3502]).unwrap_or(0);
    for (index, revision) in attribution.iter().enumerate() {
        let inside = offsets[index] >= at && offsets[index] < at + expected[3502].len();
        if *revision == 3 {
            assert!(
                inside,
                "token {index} ({:?}) credited to the merge",
                tokens[index]
            );
        }
    }
}

#[test]
fn a_large_save_rewriting_every_other_paragraph_leaves_the_untouched_ones_to_their_authors() {
    let mut rng = Rng::new(100);
    let old: Vec<String> = (1..=1000).map(|i| paragraph(i, 0, &mut rng)).collect();
    let old_text = join(&old);
    assert!(old_text.len() > 100_000, "{} bytes", old_text.len());
    let new: Vec<String> = old
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 0 {
                paragraph(i + 1, 1, &mut rng)
            } else {
                p.clone()
            }
        })
        .collect();
    let new_text = join(&new);
    let attribution = draft_engine::attribution::carry_text(
        &old_text,
        &vec![1; tokenize(&old_text).len()],
        &new_text,
        2,
    );
    let tokens = tokenize(&new_text);
    assert_eq!(attribution.len(), tokens.len());
    // Walk paragraph by paragraph: untouched ones are all revision 1's words.
    let mut at = 0;
    let mut credited_wrongly = 0;
    let offsets = tokens::offsets(&tokens);
    for (i, p) in new.iter().enumerate() {
        let start = new_text[at..].find(p.as_str()).map_or(at, |o| o + at);
        let end = start + p.len();
        at = end;
        if i % 2 == 1 {
            let wrong = (0..tokens.len()).any(|t| {
                offsets[t] >= start
                    && offsets[t] < end
                    && tokens::is_word(tokens[t])
                    && attribution[t] != 1
            });
            credited_wrongly += usize::from(wrong);
        }
    }
    assert_eq!(
        credited_wrongly, 0,
        "untouched paragraphs credited to the saver"
    );
}

#[test]
fn accepting_a_suggestion_replaces_exactly_the_selected_passage_punctuation_included() {
    let text = "Première phrase. Deuxième phrase à revoir. Troisième phrase.";
    let range = anchor::find(text, "Deuxième phrase à revoir.", None).unwrap_or(0..0);
    let accepted = format!(
        "{}{}{}",
        &text[..range.start],
        "Deuxième phrase revue.",
        &text[range.end..]
    );
    assert_eq!(
        accepted,
        "Première phrase. Deuxième phrase revue. Troisième phrase."
    );
}

#[test]
fn a_comment_on_a_deleted_list_item_is_on_a_removed_passage_not_on_a_heading() {
    let old = "# Circuits courts\n\n## Proposition : définir le circuit court\n\nNous proposons :\n\n- un label « circuit court solidaire »\n- une plateforme de commande groupée\n";
    let quote = "un label « circuit court solidaire »";
    let range = anchor::find(old, quote, None).unwrap_or(0..0);
    let new = "# Circuits courts\n\n## Proposition : définir le circuit court\n\nNous proposons :\n\n- une plateforme de commande groupée\n";
    assert_eq!(anchor::carry(old, new, range, quote), Anchored::Removed);
}

#[test]
fn two_edits_to_different_sentences_of_one_paragraph_both_survive() {
    let base = "Les circuits courts relient producteurs et habitants. Ils demandent une logistique partagée.\n";
    let theirs = "Les circuits courts relient producteurs et habitants du territoire. Ils demandent une logistique partagée.\n";
    let mine = "Les circuits courts relient producteurs et habitants. Ils demandent une logistique mutualisée.\n";
    assert_eq!(
        merge(base, theirs, mine),
        Merge::Clean("Les circuits courts relient producteurs et habitants du territoire. Ils demandent une logistique mutualisée.\n".into())
    );
}

#[test]
fn overlapping_edits_in_a_large_draft_quote_only_the_words_concerned() {
    let (base, _, _) = four_hundred();
    let paragraphs: Vec<&str> = base.split("\n\n").collect();
    let target = paragraphs[99];
    let word = target.split(' ').nth(5).unwrap_or_default().to_owned();
    let edit =
        |replacement: &str| base.replacen(target, &target.replacen(&word, replacement, 1), 1);
    let (theirs, mine) = (edit("quartier"), edit("région"));
    let Merge::Conflicts {
        conflicts,
        resolution,
    } = merge(&base, &theirs, &mine)
    else {
        panic!("expected a conflict");
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].theirs, "quartier");
    assert_eq!(conflicts[0].mine, "région");
    assert!(conflicts[0].base.len() < 40, "{:?}", conflicts[0].base);
    assert_eq!(resolution, mine, "the resolution keeps my version");
}

#[test]
fn the_same_two_edits_give_the_same_alignment_on_every_run() {
    let (base, theirs, _) = four_hundred();
    let first = Alignment::new(&base, &theirs).steps;
    for _ in 0..5 {
        assert_eq!(Alignment::new(&base, &theirs).steps, first);
    }
}
