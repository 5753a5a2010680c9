//! A deterministic synthetic ACLED export, for the import benchmark.
//!
//! ```text
//! acled_csv(seed 11, 1_000_000 rows, out)  ─►  event_id_cnty,event_date,…,timestamp
//!                                              SYN1,2019-04-17,2019,1,Political violence,Battles,…
//! ```
//!
//! Rows look like ACLED's: event types and sub-types of the vocabulary, a few thousand actors
//! (some "ACR: Long Name", some with associated actors, civilians as targets), places drawn
//! from the gazetteer with their coordinates, quoted notes with commas and quotes, and ids
//! that never repeat. The same seed gives the same bytes.

use std::io::Write;

use dossier_geo::{Gazetteer, PlaceKind};
use dossier_model::Vocabulary;

use crate::Rng;

/// The current ACLED export's header.
pub const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,\
sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,\
civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,\
geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

const SYLLABLES: &[&str] = &[
    "ka", "ru", "mal", "den", "so", "ta", "bir", "gha", "lo", "nem", "sar", "ud", "fa", "zin",
    "hol", "me", "dra", "kun",
];
const KINDS: &[&str] = &[
    "Front",
    "Brigade",
    "Movement",
    "Army",
    "Council",
    "Battalion",
];
const CATEGORIES: &[&str] = &[
    "Rebel group",
    "Political militia",
    "Identity militia",
    "State forces",
];
const SOURCES: &[&str] = &["Wire A", "Local radio", "Monitor; Wire B", "Partner NGO"];

fn word(rng: &mut Rng) -> String {
    let mut w = String::new();
    for _ in 0..2 + rng.below(2) {
        w.push_str(rng.pick(SYLLABLES));
    }
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => w,
    }
}

/// An actor name and its category.
fn actor(rng: &mut Rng) -> (String, &'static str) {
    let long = format!("{} {} of {}", word(rng), rng.pick(KINDS), word(rng));
    let category = rng.pick(CATEGORIES);
    let name = if rng.below(3) == 0 {
        let acronym: String = long
            .split(' ')
            .filter(|w| w.len() > 2)
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase();
        format!("{acronym}: {long}")
    } else {
        long
    };
    (name, category)
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Writes `rows` rows (and the header) of a synthetic ACLED export. Returns the bytes written.
pub fn acled_csv(
    seed: u64,
    rows: usize,
    vocabulary: &Vocabulary,
    out: &mut dyn Write,
) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    let actors: Vec<(String, &str)> = (0..3000).map(|_| actor(&mut rng)).collect();
    let gazetteer = Gazetteer::builtin();
    let countries = ["ML", "BF", "NE", "NG", "SO", "SY", "AF"];
    let towns: Vec<(&str, &str, &str, f64, f64)> = gazetteer
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Town && countries.contains(&p.country))
        .filter_map(|p| {
            let country = gazetteer.country(p.country)?;
            Some((p.name, p.admin1_name, country.name, p.lat, p.lon))
        })
        .collect();
    let types: Vec<(&str, Vec<&str>)> = vocabulary
        .event_types
        .values()
        .map(|t| {
            (
                t.label.as_str(),
                t.subtypes.iter().map(|s| s.label.as_str()).collect(),
            )
        })
        .collect();
    let mut written = 0u64;
    let mut line = String::with_capacity(1024);
    line.push_str(HEADER);
    line.push('\n');
    out.write_all(line.as_bytes())?;
    written += line.len() as u64;
    for i in 0..rows {
        line.clear();
        let (year, month, day) = (2015 + rng.below(10), 1 + rng.below(12), 1 + rng.below(28));
        let (event_type, subtypes) = &types[rng.below(types.len())];
        let subtype = subtypes[rng.below(subtypes.len())];
        let (a1, c1) = &actors[rng.below(actors.len())];
        let assoc = if rng.below(4) == 0 {
            actors[rng.below(actors.len())].0.clone()
        } else {
            String::new()
        };
        let civilians = rng.below(5) == 0;
        let (a2, c2) = if civilians {
            ("Civilians (Synthetic)".to_string(), "Civilians")
        } else {
            let (n, c) = &actors[rng.below(actors.len())];
            (n.clone(), *c)
        };
        let (town, admin1, country, lat, lon) = if towns.is_empty() {
            ("Nowhere", "", "Mali", 15.0, -2.0)
        } else {
            towns[rng.below(towns.len())]
        };
        let (lat, lon) = if rng.below(3) == 0 {
            (lat + 0.5, lon - 0.5)
        } else {
            (lat, lon)
        };
        let fatalities = rng.below(12);
        let notes = format!(
            "On {day} of month {month}, {a1} and {a2} met near {town}, reportedly \"in force\"; {fatalities} killed."
        );
        let fields: [String; 31] = [
            format!("SYN{i}"),
            format!("{year}-{month:02}-{day:02}"),
            year.to_string(),
            (1 + rng.below(3)).to_string(),
            "Political violence".into(),
            event_type.to_string(),
            subtype.to_string(),
            a1.clone(),
            assoc,
            c1.to_string(),
            a2,
            String::new(),
            c2.to_string(),
            format!("{c1}-{c2}"),
            if civilians {
                "Civilian targeting".into()
            } else {
                String::new()
            },
            "0".into(),
            "Synthetic".into(),
            country.to_string(),
            admin1.to_string(),
            String::new(),
            String::new(),
            town.to_string(),
            format!("{lat:.4}"),
            format!("{lon:.4}"),
            (1 + rng.below(3)).to_string(),
            rng.pick(SOURCES).to_string(),
            "National".into(),
            notes,
            fatalities.to_string(),
            String::new(),
            (1_600_000_000 + i).to_string(),
        ];
        for (k, f) in fields.iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            line.push_str(&quote(f));
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
        written += line.len() as u64;
    }
    Ok(written)
}
