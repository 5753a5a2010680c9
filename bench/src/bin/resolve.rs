//! Times cross-document resolution (issue 6) on deterministic synthetic security notes: the same
//! people, groups (with acronyms, some of them ambiguous) and towns named again and again across
//! reports. Side by side in one run: resolution once per ingest run (what `dossier ingest`
//! does), after every file (what `kb::store_prepared_with` does), and from scratch
//! (`dossier resolve`).
//!
//! ```text
//! cargo run --release -p dossier-bench --bin resolve -- [NOTES]
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use dossier::kb;
use dossier::pipeline::{self, MetaOverrides, Prepared, Resources};
use dossier_bench::Rng;
use dossier_extract::KnownNames;
use dossier_model::Vocabulary;
use dossier_store::Store;
use dossier_text::Format;

const GIVEN: &[&str] = &[
    "Amadou",
    "Moussa",
    "Ibrahim",
    "Oumar",
    "Hamza",
    "Seydou",
    "Abdoulaye",
    "Mahamadou",
    "Boubacar",
    "Issa",
    "Souleymane",
    "Youssouf",
    "Adama",
    "Bakary",
    "Lassana",
];
const FAMILY: &[&str] = &[
    "Sangho",
    "Diallo",
    "Traore",
    "Maiga",
    "Cisse",
    "Toure",
    "Coulibaly",
    "Keita",
    "Dicko",
    "Sidibe",
    "Ag Intallah",
    "Ag Moussa",
    "Ould Sidati",
    "Barry",
    "Kone",
    "Tamboura",
    "Guindo",
];
const KINDS: &[&str] = &[
    "Front for the Defence of the",
    "Movement for the Liberation of the",
    "Union of the Peoples of the",
    "Army of the",
    "Coalition for the",
];
const LANDS: &[&str] = &[
    "Dunes", "Rivers", "Plains", "Hills", "Wells", "Valley", "Border", "Desert", "Savanna",
    "Delta", "Cliffs", "Oases",
];
const TOWNS: &[&str] = &[
    "Gao",
    "Mopti",
    "Sévaré",
    "Kidal",
    "Ménaka",
    "Timbuktu",
    "Djenné",
    "Bandiagara",
    "Douentza",
    "Niono",
    "Ségou",
    "Koutiala",
];
const MONTHS: &[&str] = &["January", "February", "March", "April", "May", "June"];

/// Note `n`: twelve paragraphs, each naming a group (spelled out with its acronym, or the bare
/// acronym), one of its commanders and a town.
fn note(rng: &mut Rng, n: usize) -> String {
    let mut text = format!("Weekly security note {}\n", n + 1);
    for _ in 0..12 {
        let group = format!("{} {}", rng.pick(KINDS), rng.pick(LANDS));
        let acronym: String = group
            .split_whitespace()
            .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
            .collect();
        let person = format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY));
        let town = rng.pick(TOWNS);
        let day = 1 + rng.below(28);
        let month = rng.pick(MONTHS);
        let named = if rng.below(2) == 0 {
            format!("The {group} ({acronym})")
        } else {
            format!("The {acronym}")
        };
        text.push_str(&format!(
            "\n{named} attacked a checkpoint near {town} on {day} {month} 2024. {person}, a \
             commander of the {acronym}, said the fighters withdrew before the army arrived. \
             Residents of {town} said several shops were looted.\n"
        ));
    }
    text
}

fn live(store: &Store) -> anyhow::Result<usize> {
    Ok(store.entities()?.len())
}

fn main() -> anyhow::Result<()> {
    let notes: usize = match std::env::args().nth(1) {
        Some(s) => s.parse()?,
        None => 400,
    };
    let vocabulary = Vocabulary::builtin()?;
    let resources = Resources::new(vocabulary.clone(), KnownNames::default());
    let today = dossier::today();
    let mut rng = Rng::new(7);
    let t = Instant::now();
    let prepared: Vec<Prepared> = (0..notes)
        .map(|n| {
            let text = note(&mut rng, n);
            pipeline::prepare(
                text.as_bytes(),
                Format::Text,
                &MetaOverrides::default(),
                today,
                &resources,
            )
        })
        .collect::<Result<_, _>>()?;
    eprintln!("prepared {notes} notes in {:.2?}", t.elapsed());
    let path = |i: usize| format!("note-{i:04}.txt");

    // Once per run, as `dossier ingest` does.
    let mut once = Store::open_in_memory()?;
    let run = kb::ResolutionRun::start(&once)?;
    let t = Instant::now();
    for (i, p) in prepared.iter().enumerate() {
        kb::store_source(&mut once, p, Path::new(&path(i)))?;
    }
    let stored = t.elapsed();
    let t = Instant::now();
    let report = run.finish(&mut once, &vocabulary)?;
    let once_time = t.elapsed();

    // After every file.
    let mut each = Store::open_in_memory()?;
    let mut each_time = Duration::ZERO;
    let mut each_store = Duration::ZERO;
    for (i, p) in prepared.iter().enumerate() {
        let run = kb::ResolutionRun::start(&each)?;
        let t = Instant::now();
        kb::store_source(&mut each, p, Path::new(&path(i)))?;
        each_store += t.elapsed();
        let t = Instant::now();
        run.finish(&mut each, &vocabulary)?;
        each_time += t.elapsed();
    }

    // From scratch, replaying judgements (none here).
    let t = Instant::now();
    let again = kb::resolve_all(&mut once, &vocabulary)?;
    let scratch_time = t.elapsed();

    println!(
        "notes: {notes}; document entities: {}; stored in {stored:.2?}",
        report.origins
    );
    println!(
        "once per run:     {once_time:>10.2?}  {} entities, {} pairs for review",
        live(&once)?,
        report.queued
    );
    println!(
        "after every file: {each_time:>10.2?}  {} entities  ({:.1}x the time of once per run; storing {each_store:.2?})",
        live(&each)?,
        each_time.as_secs_f64() / once_time.as_secs_f64().max(1e-9)
    );
    println!(
        "from scratch:     {scratch_time:>10.2?}  {} entities ({} joined, {} left)",
        again.entities_after, again.joined, again.left
    );
    Ok(())
}
