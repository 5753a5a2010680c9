//! Properties over generated names (a fixed pseudo-random sequence, so failures reproduce).
//!
//! ```text
//! fold(fold(x)) == fold(x)          compare(x, y).score == compare(y, x).score
//! compare(x, x).score == 1          every acronym(x) satisfies is_acronym_of(_, x)
//! ```

use dossier_names::{acronym, compare, fold_key, is_acronym_of, key, tokens};

/// Pieces that exercise every rule: marks, articles, particles, Arabic letters, diacritics,
/// invisible characters, dots, digits, stop words and acronyms.
const PIECES: &[&str] = &[
    "al",
    "-",
    " ",
    " ",
    " ",
    "’",
    "'",
    "Ghaly",
    "Ghali",
    "ou",
    "é",
    "إ",
    "ي",
    "ا",
    "ل",
    "غ",
    "ال",
    ".",
    "A",
    "\u{301}",
    "Ag",
    "ag",
    "JNIM",
    "of",
    "the",
    "Eddine",
    "ʿ",
    "\u{200F}",
    "5",
    "ß",
    "Ш",
    "wa",
    "wal",
    "Abu",
    "Abou",
    "Sheikh",
    "Gen.",
    "ee",
    "y",
    "kh",
    "q",
    "dh",
    "z",
    "Jama",
    "Nusrat",
    "Islam",
    "Muslimeen",
    "s",
    "’s",
    "ad",
    "Din",
    "ed",
    "\u{AD}",
    "U.N.",
    "Sahraoui",
    "Sahrawi",
    "Koufa",
    "Kouffa",
    "in",
    "Mali",
    "Niger",
    "Nigeria",
    "ﻻ",
    "ة",
    "٣",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn name(&mut self) -> String {
        let len = 1 + self.next() % 9;
        (0..len)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

fn names(n: usize) -> Vec<String> {
    let mut rng = Lcg(0x5eed);
    (0..n).map(|_| rng.name()).collect()
}

#[test]
fn fold_is_idempotent_and_canonical() {
    for name in names(3000) {
        let once = fold_key(&name);
        assert_eq!(fold_key(&once), once, "{name:?}");
        assert!(
            once.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '),
            "{name:?} ─► {once:?}"
        );
        assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        assert_eq!(key(&once), key(&name), "{name:?}");
    }
}

#[test]
fn tokens_cover_the_folded_words() {
    for name in names(2000) {
        let joined: String = tokens(&name).into_iter().map(|t| t.text).collect();
        assert_eq!(joined, fold_key(&name).replace(' ', ""), "{name:?}");
    }
}

#[test]
fn compare_is_symmetric_bounded_and_reflexive() {
    let names = names(600);
    for pair in names.chunks(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (ab, ba) = (compare(a, b), compare(b, a));
        assert_eq!(ab.score, ba.score, "{a:?} vs {b:?}\n{ab:#?}\n{ba:#?}");
        assert!((0.0..=1.0).contains(&ab.score));
        assert!(!ab.explanation.is_empty());
    }
    for a in &names {
        let expected = if fold_key(a).is_empty() { 0.0 } else { 1.0 };
        assert_eq!(compare(a, a).score, expected, "{a:?}");
        assert_eq!(compare(a, &fold_key(a)).score, expected, "{a:?}");
    }
}

#[test]
fn every_acronym_candidate_is_accepted() {
    for name in names(1500) {
        for a in acronym(&name) {
            assert!(is_acronym_of(&a, &name), "{a} of {name:?}");
            assert!((2..=12).contains(&a.len()));
        }
    }
}

#[test]
fn case_does_not_matter() {
    for name in names(1000) {
        assert_eq!(
            fold_key(&name.to_uppercase()),
            fold_key(&name.to_lowercase()),
            "{name:?}"
        );
    }
}
