//! A corpus of passages followed through edits: moved, edited, deleted, split and merged, ten
//! passages each. Every case says where the anchor must go, and no anchor may land on a passage
//! that does not hold most of its words.

use draft_engine::anchor::{self, Anchored};

const PARAGRAPHS: &[&str] = &[
    "## Constat\n\nLes structures de l’ESS coopèrent encore trop peu entre elles. Elles partagent pourtant des valeurs communes.",
    "Les circuits courts rapprochent producteurs et habitants du territoire. Ils demandent une logistique partagée et des outils simples.",
    "La formation des bénévoles reste le premier levier de la prévention. Elle demande du temps, des moyens et un accompagnement suivi.",
    "- un label « circuit court solidaire » reconnu par les collectivités\n- une plateforme de commande groupée pour les cantines",
    "L’innovation sociale naît souvent d’initiatives locales modestes. Son changement d’échelle suppose des financements patients.",
    "Les collectivités peuvent ouvrir la commande publique aux entreprises solidaires. Des clauses sociales existent déjà dans la loi.",
    "Les mutuelles et les coopératives financent des actions de sensibilisation. Leurs réseaux touchent des millions de personnes.",
    "**Proposition** : créer un fonds territorial pour les projets d’insertion. Ce fonds serait géré avec les acteurs locaux.",
    "Les tiers-lieux accueillent des ateliers de réparation et de partage. Ils rendent visibles des pratiques encore marginales.",
    "La gouvernance démocratique distingue l’ESS des autres formes d’entreprise. Chaque membre y dispose d’une voix.",
];

/// The passage commented in each paragraph (a stretch of its first sentence).
const PASSAGES: &[&str] = &[
    "structures de l’ESS coopèrent encore trop peu",
    "circuits courts rapprochent producteurs et habitants",
    "formation des bénévoles reste le premier levier",
    "un label « circuit court solidaire » reconnu",
    "L’innovation sociale naît souvent d’initiatives locales",
    "collectivités peuvent ouvrir la commande publique",
    "mutuelles et les coopératives financent des actions",
    "créer un fonds territorial pour les projets",
    "tiers-lieux accueillent des ateliers de réparation",
    "gouvernance démocratique distingue l’ESS des autres",
];

fn text(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n") + "\n"
}

fn words(text: &str) -> Vec<String> {
    anchor::word_ranges(text)
        .into_iter()
        .map(|r| text[r].to_owned())
        .collect()
}

/// How many words of `wanted` `have` holds, in order.
fn held(wanted: &[String], have: &[String]) -> usize {
    let mut table = vec![vec![0usize; have.len() + 1]; wanted.len() + 1];
    for i in 0..wanted.len() {
        for j in 0..have.len() {
            table[i + 1][j + 1] = if wanted[i] == have[j] {
                table[i][j] + 1
            } else {
                table[i][j + 1].max(table[i + 1][j])
            };
        }
    }
    table[wanted.len()][have.len()]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Operation {
    Moved,
    Edited,
    Deleted,
    Split,
    Merged,
}

#[derive(Debug, PartialEq)]
enum Expect {
    Intact,
    Edited,
    Removed,
    Kept,
}

/// The draft after `operation` on the passage of paragraph `index`, and where its anchor must go.
fn apply(index: usize, operation: Operation) -> (Vec<String>, Expect) {
    let mut paragraphs: Vec<String> = PARAGRAPHS.iter().map(|p| (*p).to_owned()).collect();
    let passage = PASSAGES[index];
    match operation {
        Operation::Moved => {
            let moved = paragraphs.remove(index);
            paragraphs.push(moved);
            // Something else changes too, so the save is not a pure move.
            paragraphs[0].push_str(" Un constat partagé.");
            (paragraphs, Expect::Intact)
        }
        Operation::Edited => {
            let list: Vec<&str> = passage.split(' ').collect();
            let middle = list.len() / 2;
            let mut edited = list.clone();
            edited[middle] = "vraiment";
            paragraphs[index] = paragraphs[index].replacen(passage, &edited.join(" "), 1);
            (paragraphs, Expect::Edited)
        }
        Operation::Deleted => {
            // The sentence (or list item) holding the passage goes.
            let paragraph = paragraphs[index].clone();
            let start = paragraph.find(passage).unwrap_or(0);
            let sentence_start = paragraph[..start].rfind(['\n']).map_or(0, |i| i + 1);
            let end = paragraph[start..]
                .find(['.', '\n'])
                .map_or(paragraph.len(), |i| start + i + 1);
            let mut kept = paragraph[..sentence_start].to_owned();
            kept.push_str(paragraph[end..].trim_start());
            paragraphs[index] = kept;
            (paragraphs, Expect::Removed)
        }
        Operation::Split => {
            // A full stop and a new sentence in the middle of the passage.
            let list: Vec<&str> = passage.split(' ').collect();
            let middle = list.len() / 2;
            let split = format!(
                "{}. Puis {}",
                list[..middle].join(" "),
                list[middle..].join(" ")
            );
            paragraphs[index] = paragraphs[index].replacen(passage, &split, 1);
            (paragraphs, Expect::Kept)
        }
        Operation::Merged => {
            // The passage's paragraph joined with the next one.
            let next = (index + 1) % paragraphs.len();
            let joined = format!(
                "{} {}",
                paragraphs[index],
                paragraphs[next].replace('\n', " ")
            );
            paragraphs[index] = joined;
            paragraphs.remove(next);
            (paragraphs, Expect::Intact)
        }
    }
}

#[test]
fn fifty_passages_go_where_their_words_went_and_never_elsewhere() {
    let old = text(
        &PARAGRAPHS
            .iter()
            .map(|p| (*p).to_owned())
            .collect::<Vec<_>>(),
    );
    let mut failures = Vec::new();
    let mut cases = 0;
    for operation in [
        Operation::Moved,
        Operation::Edited,
        Operation::Deleted,
        Operation::Split,
        Operation::Merged,
    ] {
        for (index, passage) in PASSAGES.iter().enumerate() {
            cases += 1;
            let range = anchor::find(&old, passage, None)
                .unwrap_or_else(|| panic!("passage {index} not found in the base"));
            assert_eq!(&old[range.clone()], *passage);
            let (paragraphs, expect) = apply(index, operation);
            let new = text(&paragraphs);
            let outcome = anchor::carry(&old, &new, range, passage);
            let landed = match &outcome {
                Anchored::Intact(r) | Anchored::Edited(r) => Some(new[r.clone()].to_owned()),
                Anchored::Removed => None,
            };
            let right_kind = matches!(
                (&expect, &outcome),
                (Expect::Intact, Anchored::Intact(_))
                    | (Expect::Edited, Anchored::Edited(_))
                    | (Expect::Removed, Anchored::Removed)
                    | (Expect::Kept, Anchored::Intact(_) | Anchored::Edited(_))
            );
            let wanted = words(passage);
            let holds_most = landed
                .as_ref()
                .is_none_or(|text| held(&wanted, &words(text)) * 2 > wanted.len());
            if !right_kind || !holds_most {
                failures.push(format!(
                    "{operation:?} #{index}: expected {expect:?}, got {outcome:?} ({landed:?})"
                ));
            }
        }
    }
    assert_eq!(cases, 50);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
