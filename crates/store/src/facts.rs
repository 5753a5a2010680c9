//! What extraction found in a source, written in the source's own transaction: entities and
//! their names, mentions, statements with their citations, events with their actors, and
//! assessments.
//!
//! ```text
//! NewSource { sentences: 3, entities: [{ existing: None, name: "Al-Shabaab", names: [..] },
//!                                      { existing: Some(7), name: "Afgooye", names: [..] }],
//!             statements: [{ subject: 0, predicate: "operates_in", object: Entity(1) }] }
//!   ──validate──►  every index in range, every value sensible, before anything is written
//!   ──write──►     entity 0 created (id 12) with its names; entity 7 gains the names it lacks;
//!                  both names recorded as used by this source; statement 12 operates_in 7
//! NewSource { statements: [{ subject: 5, .. }], entities: 2 }
//!   ──validate──►  Err(Index { what: "statement", field: "subject", value: 5, count: 2 })
//! ```
//!
//! Every row written here either belongs to the source (mentions, statements, events,
//! assessments, name uses: deleted with it) or is shared (entities, names: they stay). An
//! entity given as `existing` that is not stored fails the whole source.

use std::path::Path;

use rusqlite::{Connection, params};

use crate::error::{Problem, StoreError, at};
use crate::new::{NewObject, NewSource};
use crate::write::{DateCols, check_span, int};

/// Checks the indices and values of what extraction found; nothing is written.
pub(crate) fn validate(s: &NewSource) -> Result<(), Problem> {
    let entities = s.entities.len();
    let sentences = s.sentences.len();
    let entity = |what, index, field, value: usize| {
        in_range(what, index, field, value, entities, "entities")
    };
    let sentence = |what, index, value: Option<usize>| match value {
        Some(v) => in_range(what, index, "sentence", v, sentences, "sentences"),
        None => Ok(()),
    };
    for (i, e) in s.entities.iter().enumerate() {
        let bad = |reason| {
            Err(Problem::Value {
                what: "entity",
                index: i,
                reason,
            })
        };
        if e.entity_type.trim().is_empty() {
            return bad("its type is empty");
        }
        if e.name.trim().is_empty() {
            return bad("its name is empty");
        }
        if e.names.iter().any(|n| n.name.trim().is_empty()) {
            return bad("one of its names is empty");
        }
        if e.existing.is_none() && !e.names.iter().any(|n| n.name == e.name) {
            return bad("its preferred name is not among its names");
        }
    }
    for (i, m) in s.mentions.iter().enumerate() {
        check_span(&s.text, m.span, "mention", i)?;
        sentence("mention", i, m.sentence)?;
        if let Some(e) = m.entity {
            entity("mention", i, "entity", e)?;
        }
        if m.kind.trim().is_empty() {
            return Err(Problem::Value {
                what: "mention",
                index: i,
                reason: "its kind is empty",
            });
        }
    }
    for (i, st) in s.statements.iter().enumerate() {
        let bad = |reason| {
            Err(Problem::Value {
                what: "statement",
                index: i,
                reason,
            })
        };
        entity("statement", i, "subject", st.subject)?;
        if let NewObject::Entity(o) = st.object {
            entity("statement", i, "object", o)?;
        }
        sentence("statement", i, st.sentence)?;
        if let Some(span) = st.span {
            check_span(&s.text, span, "statement", i)?;
        }
        if let Some(&c) = st.citations.iter().find(|&&c| c >= s.citations.len()) {
            return in_range(
                "statement",
                i,
                "citation",
                c,
                s.citations.len(),
                "citations",
            );
        }
        if st.predicate.trim().is_empty() {
            return bad("its predicate is empty");
        }
        if st.rule.trim().is_empty() {
            return bad("its rule is empty");
        }
        if !(0.0..=1.0).contains(&st.confidence) {
            return bad("its confidence is not between 0 and 1");
        }
    }
    for (i, e) in s.events.iter().enumerate() {
        let bad = |reason| {
            Err(Problem::Value {
                what: "event",
                index: i,
                reason,
            })
        };
        if let Some(l) = e.location {
            entity("event", i, "location", l)?;
        }
        for &(p, _) in &e.participants {
            entity("event", i, "participant", p)?;
        }
        sentence("event", i, e.sentence)?;
        if let Some(span) = e.span {
            check_span(&s.text, span, "event", i)?;
        }
        if e.event_type.trim().is_empty() {
            return bad("its type is empty");
        }
        if e.kind.as_deref().is_some_and(|k| k.trim().is_empty()) {
            return bad("its kind is empty");
        }
        let cameo_ok =
            |c: &String| (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit());
        if e.cameo.as_ref().is_some_and(|c| !cameo_ok(c)) {
            return bad("its CAMEO code is not 2 to 4 digits");
        }
        let place_ok = |(lat, lon): (f64, f64)| {
            (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
        };
        if e.coordinates.is_some_and(|c| !place_ok(c)) {
            return bad("its coordinates are outside -90..90, -180..180");
        }
        if e.geo_precision.is_some_and(|p| !(1..=3).contains(&p)) {
            return bad("its geo-precision is not 1, 2 or 3");
        }
    }
    for (i, a) in s.assessments.iter().enumerate() {
        sentence("assessment", i, a.sentence)?;
        if a.band.trim().is_empty() {
            return Err(Problem::Value {
                what: "assessment",
                index: i,
                reason: "its band is empty",
            });
        }
    }
    Ok(())
}

fn in_range(
    what: &'static str,
    index: usize,
    field: &'static str,
    value: usize,
    count: usize,
    of: &'static str,
) -> Result<(), Problem> {
    if value < count {
        Ok(())
    } else {
        Err(Problem::Index {
            what,
            index,
            field,
            value,
            count,
            of,
        })
    }
}

/// Writes the validated facts of source `sid` inside the caller's transaction.
pub(crate) fn write(
    conn: &Connection,
    path: &Path,
    s: &NewSource,
    sid: i64,
) -> Result<(), StoreError> {
    if s.entities.is_empty()
        && s.mentions.is_empty()
        && s.statements.is_empty()
        && s.events.is_empty()
        && s.assessments.is_empty()
    {
        return Ok(());
    }
    let ids = write_entities(conn, path, s, sid)?;
    let id = |i: usize| ids.get(i).copied();

    let mut mention = conn
        .prepare_cached(
            "INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind, entity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(at(path))?;
    for m in &s.mentions {
        mention
            .execute(params![
                sid,
                m.sentence.map(int),
                int(m.span.start),
                int(m.span.end),
                m.text,
                m.kind,
                m.entity.and_then(id),
            ])
            .map_err(at(path))?;
    }

    let mut statement = conn
        .prepare_cached(
            "INSERT INTO statements (subject, predicate, object_entity, object_value, object_type,
                 valid_from, valid_from_precision, valid_from_lo, valid_from_hi,
                 valid_to, valid_to_precision, valid_to_lo, valid_to_hi,
                 source, sentence, byte_start, byte_end, rule, confidence, hedge)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20)",
        )
        .map_err(at(path))?;
    let mut cites = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO statement_citations (statement, citation) VALUES (?1, ?2)",
        )
        .map_err(at(path))?;
    for st in &s.statements {
        let (object_entity, object_value, object_type) = match &st.object {
            NewObject::Entity(o) => (id(*o), None, None),
            NewObject::Value { value, value_type } => {
                (None, Some(value.as_str()), Some(value_type.as_str()))
            }
        };
        let from = DateCols::new(st.valid_from.as_ref());
        let to = DateCols::new(st.valid_to.as_ref());
        statement
            .execute(params![
                id(st.subject),
                st.predicate,
                object_entity,
                object_value,
                object_type,
                from.text,
                from.precision,
                from.lo,
                from.hi,
                to.text,
                to.precision,
                to.lo,
                to.hi,
                sid,
                st.sentence.map(int),
                st.span.map(|s| int(s.start)),
                st.span.map(|s| int(s.end)),
                st.rule,
                st.confidence,
                st.hedge,
            ])
            .map_err(at(path))?;
        let row = conn.last_insert_rowid();
        for &c in &st.citations {
            cites.execute(params![row, int(c)]).map_err(at(path))?;
        }
    }

    let mut event = conn
        .prepare_cached(
            "INSERT INTO events (kind, date, date_precision, date_lo, date_hi, type, subtype,
                 cameo, location, latitude, longitude, geo_precision, fatalities, description,
                 source, sentence, byte_start, byte_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18)",
        )
        .map_err(at(path))?;
    let mut actor = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO event_actors (event, entity, role) VALUES (?1, ?2, ?3)",
        )
        .map_err(at(path))?;
    for e in &s.events {
        let date = DateCols::new(e.date.as_ref());
        event
            .execute(params![
                e.kind,
                date.text,
                date.precision,
                date.lo,
                date.hi,
                e.event_type,
                e.subtype,
                e.cameo,
                e.location.and_then(id),
                e.coordinates.map(|c| c.0),
                e.coordinates.map(|c| c.1),
                e.geo_precision,
                e.fatalities,
                e.description,
                sid,
                e.sentence.map(int),
                e.span.map(|s| int(s.start)),
                e.span.map(|s| int(s.end)),
            ])
            .map_err(at(path))?;
        let row = conn.last_insert_rowid();
        for &(p, role) in &e.participants {
            actor
                .execute(params![row, id(p), role.as_str()])
                .map_err(at(path))?;
        }
    }

    let mut assessment = conn
        .prepare_cached(
            "INSERT INTO assessments (source, sentence, claim, phrase, band, horizon, scenario)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(at(path))?;
    for a in &s.assessments {
        assessment
            .execute(params![
                sid,
                a.sentence.map(int),
                a.claim,
                a.phrase,
                a.band,
                a.horizon,
                a.scenario,
            ])
            .map_err(at(path))?;
    }
    Ok(())
}

/// Creates the new entities, adds names to the existing ones, records every name as used by
/// the source. Returns the row id of each entity, in order.
fn write_entities(
    conn: &Connection,
    path: &Path,
    s: &NewSource,
    sid: i64,
) -> Result<Vec<i64>, StoreError> {
    let mut exists = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM entities WHERE id = ?1)")
        .map_err(at(path))?;
    let mut create = conn
        .prepare_cached("INSERT INTO entities (type, name) VALUES (?1, ?2)")
        .map_err(at(path))?;
    // A no-op update on conflict makes RETURNING give the id of a name already there.
    let mut name = conn
        .prepare_cached(
            "INSERT INTO names (entity, name, folded, weak) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (entity, name) DO UPDATE SET weak = names.weak
             RETURNING id",
        )
        .map_err(at(path))?;
    let mut used = conn
        .prepare_cached("INSERT OR IGNORE INTO name_sources (name, source) VALUES (?1, ?2)")
        .map_err(at(path))?;
    let mut ids = Vec::with_capacity(s.entities.len());
    for (i, e) in s.entities.iter().enumerate() {
        let entity = match e.existing {
            Some(existing) => {
                let found = exists
                    .query_row([existing], |r| r.get::<_, bool>(0))
                    .map_err(at(path))?;
                if !found {
                    return Err(StoreError::Invalid {
                        id: s.id.clone(),
                        problem: Problem::NoSuchEntity {
                            index: i,
                            id: existing,
                        },
                    });
                }
                existing
            }
            None => {
                create
                    .execute(params![e.entity_type, e.name])
                    .map_err(at(path))?;
                conn.last_insert_rowid()
            }
        };
        for n in &e.names {
            let row: i64 = name
                .query_row(params![entity, n.name, n.folded, n.weak], |r| r.get(0))
                .map_err(at(path))?;
            used.execute(params![row, sid]).map_err(at(path))?;
        }
        ids.push(entity);
    }
    Ok(ids)
}
