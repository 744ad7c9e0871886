//! Texts for the engine's tests: a small deterministic random source (tests must give the same
//! answer on every run) and French paragraphs shaped like a cahier's.
#![allow(dead_code)]

/// xorshift64*: deterministic, seedable, good enough to shuffle test texts.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub const WORDS: &[&str] = &[
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
    "insertion",
    "alimentation",
    "commande",
    "publique",
    "partage",
    "gouvernance",
    "usagers",
];

/// `count` words drawn from [`WORDS`].
pub fn words(rng: &mut Rng, count: usize) -> String {
    (0..count)
        .map(|_| rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The 400-paragraph text of the engine issue: `Paragraphe i (version v) : <twelve words>.`
pub fn paragraph(i: usize, version: usize, rng: &mut Rng) -> String {
    format!("Paragraphe {i} (version {version}) : {}.", words(rng, 12))
}

/// Paragraphs joined by blank lines, with a final line break.
pub fn join(paragraphs: &[String]) -> String {
    let mut out = paragraphs.join("\n\n");
    out.push('\n');
    out
}
