//! Extraction throughput on a synthetic corpus, in words per second on one core.
//!
//! ```text
//! cargo run --release -p dossier-extract --example speed [-- MEGABYTES]
//!   corpus 20.0 MB, 3012345 words; warm-up (gazetteer index) 0.41 s
//!   extract: 1.92 s, 1.57M words/s (spaCy sm ≈ 10.7k words/s; target ≥ 535k)
//! ```
//!
//! The text is generated here (deterministic): sentences about armed groups, persons, places
//! and dates, with acronyms, particles, possessives and citations, so every finder works.
//! Loading and analysing (dossier-text) are timed apart from extraction.

use std::time::Instant;

use dossier_extract::{Context, KnownNames, extract};
use dossier_geo::Gazetteer;
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};

const GROUPS: &[&str] = &[
    "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
    "the Islamic State Sahel Province",
    "Harakat al-Shabaab al-Mujahideen",
    "Islamic State West Africa Province (ISWAP)",
    "Hayat Tahrir al-Sham",
    "the Katiba Macina",
    "the Wagner Group",
    "the Malian Armed Forces (FAMa)",
    "the Somali National Army",
    "the Syrian Democratic Forces (SDF)",
];
const PEOPLE: &[&str] = &[
    "Iyad ag Ghali",
    "Amadou Koufa",
    "Abu Musab al-Barnawi",
    "Ahmed Diriye",
    "President Hassan Sheikh Mohamud",
    "Gen. Assimi Goita",
    "Mazloum Abdi",
];
const PLACES: &[&str] = &[
    "Gao",
    "Mopti",
    "northern Mali",
    "Maiduguri",
    "Mogadishu",
    "Idlib",
    "Kabul",
    "Ménaka",
    "Borno State",
    "the Gulf of Guinea",
    "Burkina Faso",
    "Deir ez-Zor",
];
const VERBS: &[&str] = &[
    "attacked positions held by",
    "signed an agreement with",
    "clashed with",
    "condemned",
    "pledged allegiance to",
    "withdrew from areas controlled by",
];
const TAILS: &[&str] = &[
    "in early 2023",
    "on February 8",
    "a day later",
    "in January",
    "from 2008 until 2010",
    "according to local sources",
    "despite French forces' presence",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

fn corpus(bytes: usize) -> String {
    let mut rng = Rng(7);
    let mut s = String::with_capacity(bytes + 1000);
    let mut n = 0usize;
    while s.len() < bytes {
        let g = GROUPS[rng.next(GROUPS.len())];
        let p = PEOPLE[rng.next(PEOPLE.len())];
        let place = PLACES[rng.next(PLACES.len())];
        let v = VERBS[rng.next(VERBS.len())];
        let t = TAILS[rng.next(TAILS.len())];
        let other = GROUPS[rng.next(GROUPS.len())];
        s.push_str(&format!(
            "Fighters of {g} {v} {other} near {place} {t}. {p}, the group's emir, said the Malian junta's offensive had failed. "
        ));
        n += 1;
        if n.is_multiple_of(6) {
            s.push_str("\n\n");
        }
    }
    s
}

fn main() {
    let mb: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10.0);
    let text = corpus((mb * 1_000_000.0) as usize);
    let words = text.split_whitespace().count();
    let Ok(vocab) = Vocabulary::builtin() else {
        return eprintln!("vocabulary does not load");
    };
    let known = KnownNames::default();
    let ctx = Context::new(&vocab, Gazetteer::builtin(), &known);

    // Warm-up: the gazetteer and its index are built once per process.
    let t0 = Instant::now();
    if let Ok(doc) = load(b"Gao is in Mali.", Format::Text) {
        let _ = extract(&doc, &analyze(&doc), &ctx);
    }
    let warm = t0.elapsed().as_secs_f64();

    // Documents of about 20 kB, like reports.
    let docs: Vec<&str> = text.split("\n\n").collect();
    let mut prepared = Vec::new();
    let t1 = Instant::now();
    for chunk in docs.chunks(8) {
        let joined = chunk.join("\n\n");
        if let Ok(doc) = load(joined.as_bytes(), Format::Text) {
            let analysis = analyze(&doc);
            prepared.push((doc, analysis));
        }
    }
    let text_secs = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let mut mentions = 0usize;
    let mut entities = 0usize;
    for (doc, analysis) in &prepared {
        let x = extract(doc, analysis, &ctx);
        mentions += x.mentions.len();
        entities += x.entities.len();
    }
    let secs = t2.elapsed().as_secs_f64();
    println!(
        "corpus {:.1} MB, {words} words in {} documents; warm-up (gazetteer index) {warm:.2} s",
        text.len() as f64 / 1e6,
        prepared.len()
    );
    println!("load + analyze (dossier-text): {text_secs:.2} s");
    println!(
        "extract: {secs:.2} s, {:.0} words/s, {mentions} mentions, {entities} entities \
         (spaCy sm ≈ 10.7k words/s; target ≥ 535k words/s)",
        words as f64 / secs
    );
}
