//! A rough speed check of folding, keys and comparison on a fixed list of names.
//!
//! ```text
//! cargo run -p dossier-names --example speed
//! fold (ASCII, reused buffer)         2000000 names/s     (debug build, 2 shared cores;
//! fold (mixed scripts)                 200000 names/s      a release build is several
//! key                                   70000 names/s      times faster)
//! compare                                7500 pairs/s
//! ```

use std::hint::black_box;
use std::time::Instant;

const NAMES: &[&str] = &[
    "Iyad Ag Ghaly",
    "Jama’at Nusrat al-Islam wal Muslimeen",
    "Islamic State in the Greater Sahara",
    "Amadou Kouffa",
    "Abdelmalek Droukdel",
    "al-Qaeda in the Islamic Maghreb",
    "Movement for Oneness and Jihad in West Africa",
    "Ansar Eddine",
    "Harakat al-Shabaab al-Mujahideen",
    "Abubakar Shekau",
    "Malian Armed Forces",
    "Hayat Tahrir al-Sham",
    "Islamic State West Africa Province",
    "Tehrik-i-Taliban Pakistan",
    "Ménaka",
    "Adnan Abu Walid al-Sahraoui",
];

const MIXED: &[&str] = &[
    "إياد أغ غالي",
    "Ménaka",
    "Ghaly’s",
    "جماعة نصرة الإسلام والمسلمين",
    "Шамиль Басаев",
    "Goïta",
];

fn rate(label: &str, unit: &str, mut f: impl FnMut() -> usize) {
    let start = Instant::now();
    let mut n = 0;
    while start.elapsed().as_millis() < 500 {
        n += f();
    }
    let per_second = n as f64 / start.elapsed().as_secs_f64();
    println!("{label:<30} {per_second:>12.0} {unit}/s");
}

fn main() {
    let rules = dossier_names::Rules::standard();
    let mut buf = String::new();
    rate("fold (ASCII, reused buffer)", "names", || {
        for n in NAMES {
            rules.fold_into(black_box(n), &mut buf);
            black_box(&buf);
        }
        NAMES.len()
    });
    rate("fold (mixed scripts)", "names", || {
        for n in MIXED {
            rules.fold_into(black_box(n), &mut buf);
            black_box(&buf);
        }
        MIXED.len()
    });
    rate("key", "names", || {
        for n in NAMES {
            black_box(rules.key(black_box(n)));
        }
        NAMES.len()
    });
    rate("compare", "pairs", || {
        for pair in NAMES.windows(2) {
            black_box(rules.compare(black_box(pair[0]), black_box(pair[1])));
        }
        NAMES.len() - 1
    });
}
