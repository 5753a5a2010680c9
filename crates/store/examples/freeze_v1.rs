//! Writes the frozen schema version 1 store that `tests/compat.rs` migrates forward.
//!
//! ```text
//! cargo run -p dossier-store --example freeze_v1 -- crates/store/tests/compat/v1.db
//!   ──►  a store at user_version 1 (only migrations/0001_core.sql applied), rollback journal,
//!        1 KiB pages, one source with its packed sentences and citation, a figure, entities,
//!        a mention, a statement citing the citation, an event, an assessment, a judgement
//! ```
//!
//! The file is written with plain SQL, as a version 1 dossier would have written it, not with
//! today's `Store`. It was generated once and committed; do not regenerate it (the point is
//! that it stays what version 1 wrote). The program refuses to overwrite an existing file.
//! Add a `freeze_v2` beside it when version 3 comes.

use std::path::PathBuf;
use std::process::ExitCode;

use rusqlite::{Connection, params};

/// The schema as version 1 shipped it.
const V1_SCHEMA: &str = include_str!("../migrations/0001_core.sql");

/// The source id: any 64 hex digits will do for a fixture.
const ID: &str = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";

const TITLE: &str = "ISWAP on the Lake Chad islands";
const S1: &str = "Fighters of the Islamic State West Africa Province moved between islands on Lake Chad by boat during the 2021 dry season.";
const S2: &str = "Fishermen near Baga said the group took a levy on every catch.";
const FIGURE: &str = "Map 2: Islands north of Baga. Source: satellite imagery.";
const NOTE: &str = "[1] Lake Basin Observer, \"Levies on the lake\", 12 May 2021.";

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: freeze_v1 OUTPUT.db");
        return ExitCode::FAILURE;
    };
    if path.exists() {
        eprintln!(
            "{}: exists; the frozen file is never regenerated",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    match write(&path) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// The span of `needle` in `text` as SQL integers.
fn span(text: &str, needle: &str) -> (i64, i64) {
    let start = text.find(needle).unwrap_or(0);
    (start as i64, (start + needle.len()) as i64)
}

fn write(path: &std::path::Path) -> rusqlite::Result<()> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA page_size = 1024;
         PRAGMA journal_mode = DELETE;
         PRAGMA foreign_keys = ON;",
    )?;
    let tx = conn.transaction()?;
    tx.execute_batch(V1_SCHEMA)?;
    tx.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = 1;",
        dossier_store::APPLICATION_ID
    ))?;

    let text = format!("{TITLE}\n\n{S1}[1] {S2}\n\n{FIGURE}\n\n{NOTE}\n");
    // Sentences as version 1 packs them: [start, end, kind, block, file_start, file_end]; the
    // file was markdown with two bytes of markup before the text.
    let sentences: Vec<String> = [(TITLE, "title", 0), (S1, "body", 1), (S2, "body", 1)]
        .into_iter()
        .map(|(needle, kind, block)| {
            let (start, end) = span(&text, needle);
            format!(
                "[{start},{end},\"{kind}\",{block},{},{}]",
                start + 2,
                end + 2
            )
        })
        .collect();
    let sentences = format!("[{}]", sentences.join(","));
    // The citation with its strings written out (the other form version 1 allows).
    let (start, end) = span(&text, NOTE);
    let citations = format!(
        "[[\"[1]\",\"footnote\",null,\"Levies on the lake\",\"Lake Basin Observer\",\"2021-05-12\",\
         null,0,\"Lake Basin Observer, \\\"Levies on the lake\\\", 12 May 2021.\",{start},{end},[1]]]"
    );
    tx.execute(
        "INSERT INTO sources (sid, id, title, publisher, kind, published, published_precision,
             published_lo, published_hi, published_inferred, url, retrieved_at, reliability,
             path, format, encoding, bytes, ingested_at, sentence_count, citation_count,
             sentences, citations, text)
         VALUES (1, ?1, ?2, 'Sahel Notes', 'analysis', '2021-06', 'month', 18779, 18808, 0,
             'https://example.org/lake-chad', '2021-06-20', 'C', 'lake-chad.md', 'markdown',
             'utf-8', ?3, '2024-01-15T10:00:00.000Z', 3, 1, ?4, ?5, ?6)",
        params![
            ID,
            TITLE,
            text.len() as i64 + 12,
            sentences,
            citations,
            text
        ],
    )?;
    let (start, end) = span(&text, FIGURE);
    tx.execute(
        "INSERT INTO figures (source, idx, caption, credit, byte_start, byte_end)
         VALUES (1, 0, 'Map 2: Islands north of Baga.', 'satellite imagery', ?1, ?2)",
        params![start, end],
    )?;
    let (m_start, m_end) = span(&text, "Islamic State West Africa Province");
    tx.execute_batch(&format!(
        "INSERT INTO entities (id, type, name, created_at) VALUES
             (1, 'armed_group', 'Islamic State West Africa Province', '2024-01-15T10:00:00.000Z'),
             (2, 'region', 'Lake Chad', '2024-01-15T10:00:00.000Z');
         INSERT INTO names (id, entity, name, folded, script, lang) VALUES
             (1, 1, 'Islamic State West Africa Province', 'islamic state west africa province',
              'Latn', 'en'),
             (2, 1, 'ISWAP', 'iswap', 'Latn', NULL);
         UPDATE names SET weak = 1 WHERE id = 2;
         INSERT INTO name_sources (name, source) VALUES (1, 1);
         INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind, entity)
             VALUES (1, 1, {m_start}, {m_end}, 'Islamic State West Africa Province',
                     'armed_group', 1);
         INSERT INTO statements (id, subject, predicate, object_entity, valid_from,
             valid_from_precision, valid_from_lo, valid_from_hi, source, sentence, rule,
             rule_version, confidence, status)
             VALUES (1, 1, 'operates_in', 2, '2021', 'year', 18628, 18992, 1, 1,
                     'relate.operates_in', 1, 0.7, 'extracted');
         INSERT INTO statement_citations (statement, citation) VALUES (1, 0);
         INSERT INTO events (id, date, date_precision, date_lo, date_hi, type, subtype, cameo,
             location, description, source, sentence)
             VALUES (1, '2021', 'year', 18628, 18992, 'strategic_developments', 'other', '04',
                     2, 'levy on fishermen', 1, 2);
         INSERT INTO event_actors (event, entity, role) VALUES (1, 1, 'actor');
         INSERT INTO assessments (source, sentence, claim, phrase, band, status, resolved_at)
             VALUES (1, 2, 'the levy will continue', 'likely', 'likely', 'came_true',
                     '2022-03-01');
         INSERT INTO judgements (left_entity, right_entity, judgement, analyst, created_at)
             VALUES (1, 2, 'different', 'fixture', '2024-01-15T10:00:00.000Z');"
    ))?;
    tx.commit()?;
    conn.execute_batch("VACUUM")?;
    Ok(())
}
