//! FollowTheMoney JSON lines, both ways.
//!
//! ```text
//! entity 7 armed_group "Group for Support of Islam and Muslims" (names: JNIM weak)
//!   ──export──►  {"id":"dossier-7","schema":"Organization","properties":{"name":["Group for …"],
//!                 "weakAlias":["JNIM"],"publisher":["ACLED"]}}
//! statement 3 member_of 7, from 2017
//!   ──export──►  {"id":"dossier-link-…","schema":"Membership","properties":{"member":["dossier-3"],
//!                 "organization":["dossier-7"],"startDate":["2017"]}}
//! {"id":"ofac-123","schema":"Person","properties":{"name":["…"]}}
//!   ──import──►  person (found by the FtM id, then by strong name, else created), identifier ftm
//! ```
//!
//! The mapping (schemas, links, value properties) is data: `data/io/ftm.toml`. Entities keep
//! the FtM id they came with, so export → import → export gives the same ids. Link ids are
//! derived from their content. Imports read entities first and resolve links when the whole
//! file has been read (FtM files are in no particular order), so links are held in memory.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::OnceLock;

use dossier_model::{FuzzyDate, Vocabulary};
use dossier_store::{
    DatasetEvent, DatasetObject, DatasetStatement, ExportData, ExportEntity, NewDataset, Role,
    SourceFormat, Store, ValueType,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::dataset::{
    Entities, ImportOptions, ImportReport, NameForm, Progress, Rejected, file_title, hash_file,
};
use crate::error::IoError;

const CONFIG_FILE: &str = "data/io/ftm.toml";
const CONFIG_TOML: &str = include_str!("../../../data/io/ftm.toml");

/// The dataset name under which FtM events with a `recordId` are keyed.
pub const RECORDS: &str = "ftm";

/// The rule name of statements this importer writes.
pub const RULE: &str = "import:ftm";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    id_prefix: String,
    identifier_scheme: String,
    schemas: BTreeMap<String, String>,
    types: BTreeMap<String, String>,
    links: BTreeMap<String, Link>,
    unknown_link: Link,
    values: BTreeMap<String, String>,
    sanction_reference: SanctionReference,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    schema: String,
    subject: String,
    object: Option<String>,
    object_name: Option<String>,
    role: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SanctionReference {
    scheme: String,
    export: Vec<String>,
    import: Vec<String>,
}

fn config() -> Result<&'static Config, IoError> {
    static CONFIG: OnceLock<Result<Config, String>> = OnceLock::new();
    crate::dataset::data_file(&CONFIG, CONFIG_FILE, CONFIG_TOML)
}

fn content_id(prefix: &str, kind: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0xff]);
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{kind}-{hex}")
}

/// The FtM id of an exported entity.
fn entity_id(config: &Config, e: &ExportEntity) -> String {
    e.identifiers
        .iter()
        .find(|(scheme, _)| *scheme == config.identifier_scheme)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| format!("{}{}", config.id_prefix, e.id))
}

fn schema_of(config: &Config, vocabulary: &Vocabulary, entity_type: &str) -> Option<String> {
    let mut cur = Some(entity_type);
    while let Some(t) = cur {
        if let Some(s) = config.schemas.get(t) {
            return Some(s.clone());
        }
        cur = vocabulary
            .entity_types
            .get(t)
            .and_then(|e| e.parent.as_deref());
    }
    None
}

fn push(props: &mut Map<String, Value>, key: &str, value: impl Into<String>) {
    let value = value.into();
    if value.is_empty() {
        return;
    }
    let list = props
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(items) = list
        && !items.iter().any(|v| v.as_str() == Some(value.as_str()))
    {
        items.push(Value::String(value));
    }
}

fn provenance(props: &mut Map<String, Value>, data: &ExportData, sources: &[usize]) {
    for &s in sources {
        if let Some(source) = data.sources.get(s) {
            if let Some(url) = &source.url {
                push(props, "sourceUrl", url.clone());
            }
            if let Some(p) = source.publisher.as_ref().or(source.title.as_ref()) {
                push(props, "publisher", p.clone());
            }
        }
    }
}

/// Writes the export as FtM JSON lines, entities first, then links and events. Returns the
/// number of lines.
pub fn export(
    data: &ExportData,
    vocabulary: &Vocabulary,
    out: &mut dyn Write,
) -> Result<u64, IoError> {
    let config = config()?;
    let mut lines = 0u64;
    let mut ids: HashMap<i64, (String, String)> = HashMap::new();
    let mut values: HashMap<i64, Vec<(String, String, usize)>> = HashMap::new();
    for s in &data.statements {
        if let (Some(v), Some(prop)) = (&s.object_value, config.values.get(&s.predicate)) {
            values
                .entry(s.subject)
                .or_default()
                .push((prop.clone(), v.clone(), s.source));
        }
    }
    let mut write_line = |value: Value| -> Result<(), IoError> {
        serde_json::to_writer(&mut *out, &value).map_err(|e| IoError::Invalid(e.to_string()))?;
        out.write_all(b"\n")
            .map_err(|e| IoError::Invalid(e.to_string()))?;
        lines += 1;
        Ok(())
    };
    for e in &data.entities {
        let Some(schema) = schema_of(config, vocabulary, &e.entity_type) else {
            continue;
        };
        let id = entity_id(config, e);
        ids.insert(e.id, (id.clone(), schema.clone()));
        let mut props = Map::new();
        let name_prop = if schema == "Address" { "full" } else { "name" };
        push(&mut props, name_prop, e.name.clone());
        for (name, weak) in &e.names {
            if schema == "Address" {
                continue;
            }
            push(
                &mut props,
                if *weak { "weakAlias" } else { "alias" },
                name.clone(),
            );
        }
        let mut sources = e.sources.clone();
        for (prop, value, source) in values.get(&e.id).into_iter().flatten() {
            if schema != "Address" {
                push(&mut props, prop, value.clone());
                sources.push(*source);
            }
        }
        sources.sort_unstable();
        sources.dedup();
        provenance(&mut props, data, &sources);
        write_line(json!({"id": id, "schema": schema, "properties": props}))?;
    }
    for s in &data.statements {
        let Some((subject, subject_schema)) = ids.get(&s.subject) else {
            continue;
        };
        let Some(object_entity) = s.object_entity else {
            continue;
        };
        let link = config
            .links
            .get(&s.predicate)
            .unwrap_or(&config.unknown_link);
        let mut props = Map::new();
        push(&mut props, &link.subject, subject.clone());
        let object_key;
        if let Some(name_prop) = &link.object_name {
            let Some(object) = data.entity(object_entity) else {
                continue;
            };
            push(&mut props, name_prop, object.name.clone());
            object_key = object.name.clone();
            if let Some(subject_entity) = data.entity(s.subject) {
                for (scheme, value) in &subject_entity.identifiers {
                    if *scheme == config.sanction_reference.scheme {
                        for p in &config.sanction_reference.export {
                            push(&mut props, p, value.clone());
                        }
                    }
                }
            }
        } else {
            let Some((object, object_schema)) = ids.get(&object_entity) else {
                continue;
            };
            // FtM ranges: links join legal entities; a place is never a party.
            if subject_schema == "Address" || object_schema == "Address" {
                continue;
            }
            if link.schema != config.unknown_link.schema
                && link.object.as_deref() == Some("organization")
                && object_schema == "Person"
            {
                continue;
            }
            let Some(object_prop) = &link.object else {
                continue;
            };
            push(&mut props, object_prop, object.clone());
            object_key = object.clone();
        }
        if link.schema == config.unknown_link.schema {
            push(&mut props, "role", s.predicate.clone());
        } else if let Some(role) = &link.role {
            push(&mut props, "role", role.clone());
        }
        if let Some(d) = &s.valid_from {
            push(&mut props, "startDate", d.clone());
        }
        if let Some(d) = &s.valid_to {
            push(&mut props, "endDate", d.clone());
        }
        provenance(&mut props, data, &[s.source]);
        let id = content_id(
            &config.id_prefix,
            "link",
            &[
                &link.schema,
                subject,
                &object_key,
                &s.predicate,
                s.valid_from.as_deref().unwrap_or(""),
                s.valid_to.as_deref().unwrap_or(""),
            ],
        );
        write_line(json!({"id": id, "schema": link.schema, "properties": props}))?;
    }
    for ev in &data.events {
        let mut props = Map::new();
        let label = vocabulary
            .event_types
            .get(&ev.event_type)
            .map(|t| t.label.clone())
            .unwrap_or_else(|| ev.event_type.clone());
        let sub = ev.subtype.as_ref().and_then(|s| {
            vocabulary
                .event_types
                .get(&ev.event_type)
                .and_then(|t| t.subtypes.iter().find(|x| &x.id == s))
                .map(|x| x.label.clone())
        });
        let name = match &sub {
            Some(sub) => format!("{label}: {sub}"),
            None => label,
        };
        push(&mut props, "name", name.clone());
        if let Some(d) = &ev.date {
            push(&mut props, "date", d.clone());
        }
        if let Some(place) = ev.location.and_then(|l| data.entity(l)) {
            push(&mut props, "location", place.name.clone());
        }
        let mut involved: Vec<&String> = ev
            .actors
            .iter()
            .filter_map(|(actor, _)| ids.get(actor))
            .filter(|(_, schema)| schema != "Address")
            .map(|(id, _)| id)
            .collect();
        involved.sort();
        for id in involved {
            push(&mut props, "involved", id.clone());
        }
        if let Some(d) = &ev.description {
            push(&mut props, "summary", d.clone());
        }
        if let Some(k) = &ev.key {
            push(&mut props, "recordId", k.clone());
        }
        provenance(&mut props, data, &[ev.source]);
        let id = content_id(
            &config.id_prefix,
            "event",
            &[
                ev.key.as_deref().unwrap_or(""),
                ev.date.as_deref().unwrap_or(""),
                &name,
                ev.description.as_deref().unwrap_or(""),
            ],
        );
        write_line(json!({"id": id, "schema": "Event", "properties": props}))?;
    }
    Ok(lines)
}

/// One FtM line, read.
#[derive(Debug)]
struct Line {
    number: u64,
    id: String,
    schema: String,
    props: Map<String, Value>,
}

impl Line {
    fn values(&self, prop: &str) -> Vec<String> {
        match self.props.get(prop) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(|s| s.trim().to_string()))
                .filter(|s| !s.is_empty())
                .collect(),
            Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
            _ => Vec::new(),
        }
    }

    fn first(&self, prop: &str) -> Option<String> {
        self.values(prop).into_iter().next()
    }
}

fn parse_line(number: u64, text: &str) -> Result<Line, Rejected> {
    let reject = |column: Option<&str>, reason: String| Rejected {
        line: number,
        column: column.map(str::to_string),
        reason,
    };
    let value: Value =
        serde_json::from_str(text).map_err(|e| reject(None, format!("not JSON: {e}")))?;
    let Value::Object(mut object) = value else {
        return Err(reject(None, "the line is not a JSON object".into()));
    };
    let id = match object.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => return Err(reject(Some("id"), "no entity id".into())),
    };
    let schema = match object.get("schema") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(reject(Some("schema"), "no schema".into())),
    };
    let props = match object.remove("properties") {
        Some(Value::Object(p)) => p,
        None => Map::new(),
        Some(_) => {
            return Err(reject(
                Some("properties"),
                "properties is not an object".into(),
            ));
        }
    };
    Ok(Line {
        number,
        id,
        schema,
        props,
    })
}

/// Imports FollowTheMoney JSON lines: Person, Organization, LegalEntity, Company, PublicBody,
/// Address become entities (found by FtM id, then by strong name, else created); Membership,
/// Directorship, Succession, UnknownLink and Sanction become statements; Event becomes an
/// event. One transaction, or with `skip_bad` bad lines are reported.
pub fn import(
    store: &mut Store,
    path: &Path,
    vocabulary: &Vocabulary,
    mut options: ImportOptions<'_>,
) -> Result<ImportReport, IoError> {
    let config = config()?;
    let (id, bytes) = hash_file(path)?;
    if bytes == 0 {
        return Err(IoError::Empty {
            path: path.to_path_buf(),
        });
    }
    let file = std::fs::File::open(path).map_err(|source| IoError::File {
        path: path.to_path_buf(),
        source,
    })?;
    let dataset = NewDataset {
        id: id.clone(),
        title: Some(options.title.clone().unwrap_or_else(|| file_title(path))),
        path: Some(path.display().to_string()),
        format: SourceFormat::Ftm,
        bytes,
        ..NewDataset::default()
    };
    let mut writer = store.begin_dataset(&dataset)?;
    let mut entities = Entities::default();
    let mut report = ImportReport {
        source: id,
        ..ImportReport::default()
    };
    let fail = |report: &mut ImportReport, r: Rejected, skip: bool| -> Result<(), IoError> {
        if skip {
            report.rejected.push(r);
            Ok(())
        } else {
            Err(IoError::Row {
                path: path.to_path_buf(),
                line: r.line,
                column: r.column,
                reason: r.reason,
            })
        }
    };
    let mut ftm_ids: HashMap<String, i64> = HashMap::new();
    // Entities given an FtM id by this import: another line with the same name but its own
    // id is another entity.
    let mut assigned: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut links: Vec<Line> = Vec::new();
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut consumed = 0u64;
    for (i, text) in reader.lines().enumerate() {
        let number = i as u64 + 1;
        let text = text.map_err(|e| IoError::Row {
            path: path.to_path_buf(),
            line: number,
            column: None,
            reason: format!("cannot read the line: {e}"),
        })?;
        consumed += text.len() as u64 + 1;
        if text.trim().is_empty() {
            continue;
        }
        report.rows += 1;
        let line = match parse_line(number, &text) {
            Ok(l) => l,
            Err(r) => {
                fail(&mut report, r, options.skip_bad)?;
                continue;
            }
        };
        if let Some(entity_type) = config.types.get(&line.schema) {
            let names = line.values(if line.schema == "Address" {
                "full"
            } else {
                "name"
            });
            let Some(name) = names.first().cloned() else {
                let r = Rejected {
                    line: number,
                    column: Some("name".into()),
                    reason: format!("a {} without a name", line.schema),
                };
                fail(&mut report, r, options.skip_bad)?;
                continue;
            };
            let mut forms: Vec<NameForm> = names[1..].iter().map(|n| NameForm::strong(n)).collect();
            for n in line
                .values("alias")
                .iter()
                .chain(&line.values("previousName"))
            {
                forms.push(NameForm::strong(n));
            }
            for n in line
                .values("weakAlias")
                .iter()
                .chain(&line.values("abbreviation"))
            {
                forms.push(NameForm::weak(n));
            }
            let existing = writer
                .entities_by_identifier(&config.identifier_scheme, &line.id)?
                .first()
                .copied();
            let entity = match existing {
                Some(e) => {
                    entities.matched += 1;
                    for f in std::iter::once(&NameForm::strong(&name)).chain(&forms) {
                        writer.add_name(e, &f.name, &dossier_names::key(&f.name), f.weak)?;
                    }
                    report.unchanged += 1;
                    e
                }
                None => {
                    let root = vocabulary.root_type(entity_type).to_string();
                    let before = entities.created;
                    let e = entities.find_or_create(
                        &mut writer,
                        entity_type,
                        &name,
                        &forms,
                        &|id, t: &str| vocabulary.is_a(t, &root) && !assigned.contains(&id),
                    )?;
                    if entities.created > before {
                        report.added += 1;
                    } else {
                        report.updated += 1;
                    }
                    e
                }
            };
            writer.add_identifier(entity, &config.identifier_scheme, &line.id, number)?;
            for (predicate, prop) in &config.values {
                for value in line.values(prop) {
                    report.statements += u64::from(writer.add_statement(&DatasetStatement {
                        subject: entity,
                        predicate: predicate.clone(),
                        object: DatasetObject::Value {
                            value,
                            value_type: ValueType::Text,
                        },
                        valid_from: None,
                        valid_to: None,
                        row: number,
                        rule: RULE.into(),
                        confidence: 1.0,
                    })?);
                }
            }
            assigned.insert(entity);
            ftm_ids.insert(line.id.clone(), entity);
        } else if line.schema == "Event"
            || line.schema == config.unknown_link.schema
            || config.links.values().any(|l| l.schema == line.schema)
        {
            links.push(line);
        } else {
            let r = Rejected {
                line: number,
                column: Some("schema".into()),
                reason: format!("schema {} is not imported", line.schema),
            };
            fail(&mut report, r, options.skip_bad)?;
        }
        if report.rows.is_multiple_of(4096) {
            options.tick(Progress {
                rows: report.rows,
                bytes: consumed,
                total_bytes: bytes,
            });
        }
    }
    for line in &links {
        let result = link(
            config,
            vocabulary,
            &mut writer,
            &mut entities,
            &ftm_ids,
            line,
        )?;
        match result {
            Ok(n) => {
                report.statements += n;
                report.added += 1;
            }
            Err(r) => fail(&mut report, r, options.skip_bad)?,
        }
    }
    writer.commit()?;
    options.tick(Progress {
        rows: report.rows,
        bytes,
        total_bytes: bytes,
    });
    report.entities_created = entities.created;
    report.entities_matched = entities.matched;
    Ok(report)
}

/// A link or event line, once every entity is known: the statements stored, or why not.
fn link(
    config: &Config,
    vocabulary: &Vocabulary,
    writer: &mut dossier_store::DatasetWriter<'_>,
    entities: &mut Entities,
    ftm_ids: &HashMap<String, i64>,
    line: &Line,
) -> Result<Result<u64, Rejected>, IoError> {
    let reject = |column: &str, reason: String| Rejected {
        line: line.number,
        column: Some(column.to_string()),
        reason,
    };
    let resolve = |prop: &str| -> Result<i64, Rejected> {
        let Some(id) = line.first(prop) else {
            return Err(reject(prop, format!("no {prop}")));
        };
        ftm_ids
            .get(&id)
            .copied()
            .ok_or_else(|| reject(prop, format!("`{id}` is not an entity of this file")))
    };
    let date = |prop: &str| line.first(prop).and_then(|d| crate::un::parse_date(&d));
    if line.schema == "Event" {
        let name = line.first("name").unwrap_or_default();
        let (type_label, sub_label) = match name.split_once(": ") {
            Some((a, b)) => (a.to_string(), Some(b.to_string())),
            None => (name.clone(), None),
        };
        let found = vocabulary
            .event_types
            .iter()
            .find(|(_, t)| t.label.eq_ignore_ascii_case(&type_label));
        let Some((event_type, t)) = found else {
            return Ok(Err(reject(
                "name",
                format!("`{name}` does not name an event type of the vocabulary"),
            )));
        };
        let subtype = sub_label.and_then(|s| {
            t.subtypes
                .iter()
                .find(|x| x.label.eq_ignore_ascii_case(&s))
                .map(|x| x.id.clone())
        });
        let mut participants = Vec::new();
        for id in line.values("involved") {
            match ftm_ids.get(&id) {
                Some(&e) => participants.push((e, Role::Actor)),
                None => {
                    return Ok(Err(reject(
                        "involved",
                        format!("`{id}` is not an entity of this file"),
                    )));
                }
            }
        }
        let location = match line.first("location") {
            Some(place) => {
                Some(
                    entities.find_or_create(writer, "location", &place, &[], &|_, t: &str| {
                        vocabulary.is_a(t, "location")
                    })?,
                )
            }
            None => None,
        };
        let event = DatasetEvent {
            date: date("date"),
            event_type: event_type.clone(),
            subtype,
            location,
            description: line.first("summary"),
            participants,
            row: line.number,
            ..DatasetEvent::default()
        };
        match line.first("recordId") {
            // Keyed by the record id it was exported with, so it can be updated again.
            Some(key) => {
                let mut fingerprint = crate::dataset::FNV_OFFSET;
                for (k, v) in &line.props {
                    fingerprint = crate::dataset::fnv1a(k.as_bytes(), fingerprint);
                    fingerprint = crate::dataset::fnv1a(v.to_string().as_bytes(), fingerprint);
                }
                let outcome =
                    writer.upsert_event(RECORDS, &key, fingerprint as i64, None, &event)?;
                if let dossier_store::RowOutcome::Duplicate { first_row } = outcome {
                    return Ok(Err(reject(
                        "recordId",
                        format!("record `{key}` already given by line {first_row}"),
                    )));
                }
            }
            None => {
                writer.insert_event(&event)?;
            }
        }
        return Ok(Ok(0));
    }
    let (predicate, spec) = match config.links.iter().find(|(_, l)| l.schema == line.schema) {
        Some((p, l)) => (p.clone(), l),
        None => {
            let role = line.first("role").unwrap_or_default();
            let predicate = if vocabulary.predicate(&role).is_some() {
                role
            } else {
                return Ok(Err(reject(
                    "role",
                    format!("`{role}` is not a predicate of the vocabulary"),
                )));
            };
            (predicate, &config.unknown_link)
        }
    };
    let subject = match resolve(&spec.subject) {
        Ok(s) => s,
        Err(r) => return Ok(Err(r)),
    };
    let object = if let Some(name_prop) = &spec.object_name {
        let Some(name) = line.first(name_prop) else {
            return Ok(Err(reject(name_prop, format!("no {name_prop}"))));
        };
        for p in &config.sanction_reference.import {
            for value in line.values(p) {
                writer.add_identifier(
                    subject,
                    &config.sanction_reference.scheme,
                    &value,
                    line.number,
                )?;
            }
        }
        entities.find_or_create(writer, "organization", &name, &[], &|_, t: &str| {
            vocabulary.is_a(t, "organization")
        })?
    } else {
        let Some(object_prop) = &spec.object else {
            return Ok(Err(reject(
                "schema",
                "no object property configured".into(),
            )));
        };
        match resolve(object_prop) {
            Ok(o) => o,
            Err(r) => return Ok(Err(r)),
        }
    };
    let from = date("startDate").or_else(|| date("listingDate"));
    let stored = writer.add_statement(&DatasetStatement {
        subject,
        predicate,
        object: DatasetObject::Entity(object),
        valid_from: from,
        valid_to: date("endDate"),
        row: line.number,
        rule: RULE.into(),
        confidence: 1.0,
    })?;
    Ok(Ok(u64::from(stored)))
}

/// A FuzzyDate from FtM's date text (`2017`, `2017-03`, `2017-03-02`, or longer).
pub fn parse_date(text: &str) -> Option<FuzzyDate> {
    crate::un::parse_date(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_consistent_with_the_vocabulary() {
        let config = config().unwrap();
        let vocabulary = Vocabulary::builtin().unwrap();
        for t in config.schemas.keys().chain(config.types.values()) {
            assert!(vocabulary.entity_types.contains_key(t), "{t}");
        }
        for p in config.links.keys().chain(config.values.keys()) {
            assert!(vocabulary.predicate(p).is_some(), "{p}");
        }
    }

    #[test]
    fn lines_that_are_not_objects_are_refused() {
        assert!(
            parse_line(3, "[1, 2]")
                .unwrap_err()
                .reason
                .contains("not a JSON object")
        );
        assert!(parse_line(3, "{\"schema\": \"Person\"}").is_err());
        assert!(
            parse_line(3, "{not json")
                .unwrap_err()
                .reason
                .contains("not JSON")
        );
        let ok = parse_line(
            4,
            r#"{"id":"x","schema":"Person","properties":{"name":["A"]}}"#,
        )
        .unwrap();
        assert_eq!(ok.values("name"), ["A"]);
    }
}
