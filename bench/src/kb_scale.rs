//! A deterministic synthetic knowledge base for the questions benchmark (issue 7): entities
//! with names, sources with sentences and citations, statements with valid times and
//! citations, events with actors and places, mentions and assessments; written into a real
//! dossier store, and the same rows as CSV files for the peers (Kùzu, DuckDB).
//!
//! ```text
//! generate(dir, &Scale::full())  ──►  dir/kb.db   (Store::open schema; sources through
//!                                                  Store::insert_sources, the rest in bulk)
//!                                      dir/csv/{entities,statements,edges,events,
//!                                               event_actors,names}.csv
//! ```
//!
//! Bulk rows go in with plain SQL in one transaction, with the indexes and triggers of the
//! bulk tables dropped first and recreated after (the same SQL the migrations wrote), so the
//! finished file has exactly the real schema. Values are consistent by construction (every
//! sentence index in range, every entity of the right type), which the recreated triggers
//! would have checked row by row. The full-text index is left empty: search is not measured.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use dossier_model::{FuzzyDate, Span, Vocabulary};
use dossier_store::{
    CitationStyle, NewCitation, NewSentence, NewSource, SentenceKind, SourceFormat, Store,
};
use rusqlite::{Connection, params};

use crate::Rng;

/// How big a synthetic knowledge base is.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub entities: usize,
    pub statements: usize,
    pub events: usize,
    pub sources: usize,
    pub sentences_per_source: usize,
    pub seed: u64,
}

impl Scale {
    /// The issue's scale: 1M entities, 10M statements, 2M events (100k sources).
    pub fn full() -> Scale {
        Scale::fraction(1.0)
    }

    /// A fraction of the full scale, same proportions.
    pub fn fraction(f: f64) -> Scale {
        let n = |x: f64| ((x * f).round() as usize).max(10);
        Scale {
            entities: n(1_000_000.0),
            statements: n(10_000_000.0),
            events: n(2_000_000.0),
            sources: n(100_000.0),
            sentences_per_source: 40,
            seed: 7,
        }
    }
}

/// The entity types, by `id % 10`: six people, three armed groups, one town in ten.
pub fn entity_type(id: i64) -> &'static str {
    match id % 10 {
        0..=5 => "person",
        6..=8 => "armed_group",
        _ => "town",
    }
}

/// A random entity id of a type (ids start at 1).
fn pick(rng: &mut Rng, entities: usize, ty: &str) -> i64 {
    let offsets: &[i64] = match ty {
        "person" => &[1, 2, 3, 4, 5, 10],
        "armed_group" => &[6, 7, 8],
        _ => &[9],
    };
    let tens = (entities / 10).max(1) as u64;
    loop {
        let base = (rng.next_u64() % tens) as i64 * 10;
        let off = offsets[rng.below(offsets.len())];
        let id = base + off;
        if id >= 1 && id <= entities as i64 {
            return id;
        }
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ma", "dou", "ta", "sa", "ghi", "li", "ra", "mou", "ba", "na", "zou", "fa", "di", "al",
    "ou", "ke", "ssa", "bou", "ye",
];
const GIVEN: &[&str] = &[
    "Amadou", "Moussa", "Ibrahim", "Oumar", "Hamza", "Yacouba", "Salif", "Ali", "Issa", "Bakary",
];

/// A name spelled from the id's digits in base 20 syllables: unique per id.
fn word(mut n: u64) -> String {
    let mut out = String::new();
    loop {
        out.push_str(SYLLABLES[(n % 20) as usize]);
        n /= 20;
        if n == 0 {
            break;
        }
    }
    let mut c = out.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => out,
    }
}

/// The preferred name and an alias of an entity.
pub fn names_of(id: i64) -> (String, String) {
    let w = word(id as u64 * 7 + 3);
    match entity_type(id) {
        "person" => {
            let given = GIVEN[(id % GIVEN.len() as i64) as usize];
            (format!("{given} ag {w}"), format!("{given} {w}"))
        }
        "armed_group" => (format!("Katibat {w}"), format!("{w} Brigade")),
        _ => (format!("{w}dougou"), format!("{w} town")),
    }
}

fn date(rng: &mut Rng) -> FuzzyDate {
    let year = 1990 + rng.below(35) as i32;
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(28) as u32;
    let d = match rng.below(10) {
        0..=2 => FuzzyDate::year(year),
        3..=5 => FuzzyDate::month(year, month),
        _ => FuzzyDate::day(year, month, day),
    };
    d.unwrap_or_else(|_| unreachable!("generated dates are valid"))
}

/// A date at least as late as `after`.
fn date_after(rng: &mut Rng, after: FuzzyDate) -> FuzzyDate {
    let year = (after.year_value() + 1 + rng.below(6) as i32).min(2030);
    FuzzyDate::month(year, 1 + rng.below(12) as u32).unwrap_or(after)
}

/// What [`generate`] wrote.
#[derive(Debug)]
pub struct Generated {
    pub db: PathBuf,
    pub csv: PathBuf,
    pub bytes: u64,
}

/// Writes the knowledge base and its CSV copy into `dir` (emptied first).
pub fn generate(dir: &Path, scale: &Scale) -> anyhow::Result<Generated> {
    let vocabulary = Vocabulary::builtin()?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    let csv = dir.join("csv");
    std::fs::create_dir_all(&csv)?;
    let db = dir.join("kb.db");
    write_sources(&db, scale)?;
    let mut conn = Connection::open(&db)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;",
    )?;
    let tables = [
        "entities",
        "names",
        "name_sources",
        "mentions",
        "statements",
        "statement_citations",
        "events",
        "event_actors",
        "assessments",
    ];
    let schema = drop_indexes_and_triggers(&conn, &tables)?;
    let tx = conn.transaction()?;
    write_entities(&tx, &csv, scale)?;
    write_statements(&tx, &csv, scale)?;
    write_events(&tx, &csv, scale, &vocabulary)?;
    write_mentions(&tx, scale)?;
    tx.execute("DELETE FROM search_pending", [])?;
    tx.commit()?;
    for sql in &schema {
        conn.execute_batch(sql)?;
    }
    // No ANALYZE: stores written by ingest have no statistics either (and with STAT4 every
    // statement would be prepared again at each new parameter).
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(conn);
    let bytes = std::fs::metadata(&db)?.len();
    Ok(Generated { db, csv, bytes })
}

fn write_sources(db: &Path, scale: &Scale) -> anyhow::Result<()> {
    let mut store = Store::open(db)?;
    let mut rng = Rng::new(scale.seed);
    let mut batch = Vec::new();
    for s in 0..scale.sources {
        let mut text = String::new();
        let mut sentences = Vec::with_capacity(scale.sentences_per_source);
        for k in 0..scale.sentences_per_source {
            let start = text.len();
            text.push_str(&format!(
                "Report {s} line {k}: the group moved fighters and struck a post near the town."
            ));
            sentences.push(NewSentence {
                span: Span::new(start, text.len()),
                file_span: Span::new(start, text.len()),
                block: k / 5,
                kind: SentenceKind::Body,
            });
            text.push(' ');
        }
        let end = text.len();
        let citations = (0..2)
            .map(|c| NewCitation {
                marker: Some(format!("[{}]", c + 1)),
                style: Some(CitationStyle::Footnote),
                title: Some(format!("Field report {s}-{c}")),
                publisher: Some("Synthetic Monitor".into()),
                date: Some(date(&mut rng)),
                url: Some(format!("https://example.org/r/{s}/{c}")),
                raw: format!("Field report {s}-{c}"),
                span: Span::new(end, end),
                sentences: vec![
                    rng.below(scale.sentences_per_source),
                    rng.below(scale.sentences_per_source),
                ],
                ..NewCitation::default()
            })
            .collect();
        let id = format!(
            "{:016x}{:016x}{:016x}{:016x}",
            s,
            scale.seed,
            s ^ 0xabcdef,
            7
        );
        batch.push(NewSource {
            id,
            title: Some(format!("Synthetic report {s}")),
            publisher: Some("Synthetic Monitor".into()),
            published: Some(date(&mut rng)),
            format: SourceFormat::Text,
            encoding: "utf-8".into(),
            bytes: text.len() as u64,
            sentences,
            citations,
            text,
            ..NewSource::default()
        });
        if batch.len() == 2000 {
            store.insert_sources(&batch)?;
            batch.clear();
        }
    }
    store.insert_sources(&batch)?;
    Ok(())
}

/// Drops the indexes and triggers of `tables`; returns the SQL that recreates them.
fn drop_indexes_and_triggers(conn: &Connection, tables: &[&str]) -> anyhow::Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master
         WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name = ?1",
    )?;
    let mut out = Vec::new();
    for t in tables {
        let rows: Vec<(String, String, String)> = st
            .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (kind, name, sql) in rows {
            conn.execute_batch(&format!("DROP {kind} \"{name}\""))?;
            out.push(sql);
        }
    }
    Ok(out)
}

fn csv_file(dir: &Path, name: &str, header: &str) -> anyhow::Result<BufWriter<File>> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(dir.join(name))?);
    writeln!(w, "{header}")?;
    Ok(w)
}

fn write_entities(tx: &Connection, csv: &Path, scale: &Scale) -> anyhow::Result<()> {
    let mut rng = Rng::new(scale.seed ^ 1);
    let mut entities = tx.prepare("INSERT INTO entities (id, type, name) VALUES (?1, ?2, ?3)")?;
    let mut names = tx.prepare(
        "INSERT INTO names (id, entity, name, folded, weak) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut uses = tx.prepare("INSERT INTO name_sources (name, source) VALUES (?1, ?2)")?;
    let mut e_csv = csv_file(csv, "entities.csv", "id,name,type")?;
    let mut n_csv = csv_file(csv, "names.csv", "entity,name")?;
    for id in 1..=scale.entities as i64 {
        let ty = entity_type(id);
        let (name, alias) = names_of(id);
        entities.execute(params![id, ty, name])?;
        writeln!(e_csv, "{id},{name},{ty}")?;
        for (k, n) in [&name, &alias].into_iter().enumerate() {
            let name_id = id * 2 + k as i64;
            names.execute(params![name_id, id, n, dossier_names::key(n), k == 1])?;
            uses.execute(params![name_id, 1 + rng.below(scale.sources) as i64])?;
            writeln!(n_csv, "{id},{n}")?;
        }
    }
    e_csv.flush()?;
    n_csv.flush()?;
    Ok(())
}

/// The predicates a subject of a type takes, with the object's type ("value" for literals).
fn predicate_for(rng: &mut Rng, ty: &str) -> (&'static str, &'static str) {
    const PERSON: &[(&str, &str)] = &[
        ("leader_of", "armed_group"),
        ("member_of", "armed_group"),
        ("member_of", "armed_group"),
        ("member_of", "armed_group"),
        ("allied_with", "person"),
        ("hostile_to", "armed_group"),
        ("hostile_to", "armed_group"),
        ("position", "value"),
        ("operates_in", "town"),
        ("designated_by", "armed_group"),
    ];
    const GROUP: &[(&str, &str)] = &[
        ("allied_with", "armed_group"),
        ("hostile_to", "armed_group"),
        ("hostile_to", "armed_group"),
        ("subgroup_of", "armed_group"),
        ("affiliated_with", "armed_group"),
        ("operates_in", "town"),
        ("operates_in", "town"),
        ("partner_of", "armed_group"),
        ("merged_into", "armed_group"),
        ("ideology", "value"),
    ];
    const TOWN: &[(&str, &str)] = &[("located_in", "town")];
    let list = match ty {
        "person" => PERSON,
        "armed_group" => GROUP,
        _ => TOWN,
    };
    list[rng.below(list.len())]
}

const VALUES: &[&str] = &[
    "emir",
    "spokesman",
    "commander",
    "jihadist",
    "separatist",
    "judge",
];

fn write_statements(tx: &Connection, csv: &Path, scale: &Scale) -> anyhow::Result<()> {
    let mut rng = Rng::new(scale.seed ^ 2);
    let mut st = tx.prepare(
        "INSERT INTO statements (id, subject, predicate, object_entity, object_value, object_type,
            valid_from, valid_from_precision, valid_from_lo, valid_from_hi,
            valid_to, valid_to_precision, valid_to_lo, valid_to_hi,
            source, sentence, rule, confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
            'synthetic', 0.8)",
    )?;
    let mut cites =
        tx.prepare("INSERT INTO statement_citations (statement, citation) VALUES (?1, ?2)")?;
    let mut s_csv = csv_file(
        csv,
        "statements.csv",
        "id,subject,predicate,object,value,from_lo,to_hi,source,sentence",
    )?;
    let mut e_csv = csv_file(
        csv,
        "edges.csv",
        "from,to,id,predicate,from_lo,to_hi,source",
    )?;
    for id in 1..=scale.statements as i64 {
        // Subjects: every entity about equally often; a tenth of the statements about the
        // first thousandth of entities, as real knowledge bases have a few prominent actors.
        let subject = if rng.below(10) == 0 {
            1 + rng.below((scale.entities / 1000).max(1)) as i64
        } else {
            1 + rng.below(scale.entities) as i64
        };
        let (predicate, range) = predicate_for(&mut rng, entity_type(subject));
        let (object, value) = if range == "value" {
            (None, Some(VALUES[rng.below(VALUES.len())]))
        } else {
            let mut o = pick(&mut rng, scale.entities, range);
            if o == subject {
                o = pick(&mut rng, scale.entities, range);
            }
            (Some(o), None)
        };
        let from = (rng.below(2) == 0).then(|| date(&mut rng));
        let to = match from {
            Some(f) if rng.below(5) < 2 => Some(date_after(&mut rng, f)),
            _ => None,
        };
        let cols = |d: Option<FuzzyDate>| match d {
            Some(d) => {
                let (lo, hi) = d.interval();
                (
                    Some(d.to_string()),
                    Some(d.precision().as_str()),
                    Some(lo),
                    Some(hi),
                )
            }
            None => (None, None, None, None),
        };
        let (f, fp, flo, fhi) = cols(from);
        let (t, tp, tlo, thi) = cols(to);
        let source = 1 + rng.below(scale.sources) as i64;
        let sentence = rng.below(scale.sentences_per_source) as i64;
        st.execute(params![
            id,
            subject,
            predicate,
            object,
            value,
            value.map(|_| "text"),
            f,
            fp,
            flo,
            fhi,
            t,
            tp,
            tlo,
            thi,
            source,
            sentence
        ])?;
        if rng.below(5) == 0 {
            cites.execute(params![id, rng.below(2) as i64])?;
        }
        let lo = flo.map_or(String::new(), |v| v.to_string());
        let hi = thi.map_or(String::new(), |v| v.to_string());
        writeln!(
            s_csv,
            "{id},{subject},{predicate},{},{},{lo},{hi},{source},{sentence}",
            object.map_or(String::new(), |o| o.to_string()),
            value.unwrap_or("")
        )?;
        if let Some(o) = object {
            // Kùzu reads no empty integers: open ends as far-away days.
            writeln!(
                e_csv,
                "{subject},{o},{id},{predicate},{},{},{source}",
                flo.unwrap_or(-1_000_000),
                thi.unwrap_or(1_000_000)
            )?;
        }
    }
    s_csv.flush()?;
    e_csv.flush()?;
    Ok(())
}

fn write_events(
    tx: &Connection,
    csv: &Path,
    scale: &Scale,
    vocabulary: &Vocabulary,
) -> anyhow::Result<()> {
    let mut rng = Rng::new(scale.seed ^ 3);
    let kinds: Vec<(&String, &dossier_model::EventKind)> = vocabulary.event_kinds.iter().collect();
    let mut ev = tx.prepare(
        "INSERT INTO events (id, date, date_precision, date_lo, date_hi, type, subtype, cameo,
            location, latitude, longitude, geo_precision, fatalities, source, sentence, kind,
            description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?13, ?14, ?15, ?16)",
    )?;
    let mut actors =
        tx.prepare("INSERT INTO event_actors (event, entity, role) VALUES (?1, ?2, ?3)")?;
    let mut v_csv = csv_file(
        csv,
        "events.csv",
        "id,date,date_lo,date_hi,kind,type,location,source,sentence",
    )?;
    let mut a_csv = csv_file(csv, "event_actors.csv", "event,entity,role")?;
    for id in 1..=scale.events as i64 {
        let (kind, k) = kinds[rng.below(kinds.len())];
        let d = (rng.below(20) != 0).then(|| date(&mut rng));
        let (lo, hi) = d.map(|d| d.interval()).unzip();
        let location = (rng.below(5) != 0).then(|| pick(&mut rng, scale.entities, "town"));
        let lat = 10.0 + rng.below(10_000) as f64 / 1000.0;
        let lon = -5.0 + rng.below(10_000) as f64 / 1000.0;
        let source = 1 + rng.below(scale.sources) as i64;
        let sentence = rng.below(scale.sentences_per_source) as i64;
        let fatalities = (rng.below(3) == 0).then(|| rng.below(50) as i64);
        ev.execute(params![
            id,
            d.map(|d| d.to_string()),
            d.map(|d| d.precision().as_str()),
            lo,
            hi,
            k.event_type,
            k.subtype,
            k.cameo,
            location,
            location.map(|_| lat),
            location.map(|_| lon),
            fatalities,
            source,
            sentence,
            kind,
            format!("Synthetic {kind} number {id}"),
        ])?;
        writeln!(
            v_csv,
            "{id},{},{},{},{kind},{},{},{source},{sentence}",
            d.map_or(String::new(), |d| d.to_string()),
            lo.map_or(String::new(), |v| v.to_string()),
            hi.map_or(String::new(), |v| v.to_string()),
            k.event_type,
            location.map_or(String::new(), |v| v.to_string())
        )?;
        let actor = if rng.below(10) == 0 {
            1 + rng.below((scale.entities / 1000).max(1)) as i64
        } else {
            pick(&mut rng, scale.entities, "armed_group")
        };
        let mut target = 1 + rng.below(scale.entities) as i64;
        if target == actor {
            target = if target > 1 { target - 1 } else { target + 1 };
        }
        for (e, role) in [(actor, "actor"), (target, "target")] {
            actors.execute(params![id, e, role])?;
            writeln!(a_csv, "{id},{e},{role}")?;
        }
    }
    v_csv.flush()?;
    a_csv.flush()?;
    Ok(())
}

/// One mention per entity; an assessment in the sentence of one mention in ten.
fn write_mentions(tx: &Connection, scale: &Scale) -> anyhow::Result<()> {
    let mut rng = Rng::new(scale.seed ^ 4);
    let mut m = tx.prepare(
        "INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind, entity)
         VALUES (?1, ?2, 0, 6, 'Report', ?3, ?4)",
    )?;
    let mut a = tx.prepare(
        "INSERT INTO assessments (source, sentence, claim, phrase, band)
         VALUES (?1, ?2, 'the group will likely strike again', 'will likely', 'likely')",
    )?;
    for id in 1..=scale.entities as i64 {
        let source = 1 + rng.below(scale.sources) as i64;
        let sentence = rng.below(scale.sentences_per_source) as i64;
        m.execute(params![source, sentence, entity_type(id), id])?;
        if id % 10 == 0 {
            a.execute(params![source, sentence])?;
        }
    }
    Ok(())
}
