//! Exports other tools read: STIX 2.1 bundles, GeoJSON of events, CSV of events and
//! statements (FollowTheMoney is in `ftm.rs`).
//!
//! ```text
//! entity armed_group "Ansar Dine"  ──stix──►  threat-actor--<uuid> { name, aliases, threat_actor_types }
//! statement member_of (conf. 0.8)  ──stix──►  relationship--<uuid> { relationship_type: "member-of",
//!                                               confidence: 80, external_references: [source] }
//! event at (14.95, -3.88)          ──geojson──►  Feature { Point, properties: date, precision,
//!                                                  type, actors, fatalities, source }
//! ```
//!
//! Ids are derived from the knowledge base's ids (deterministic UUIDs), so exporting twice
//! gives the same bundle. Places are STIX locations when the gazetteer or an event gives them
//! coordinates or a country; others are left out with the relationships that name them.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::OnceLock;

use dossier_geo::{Gazetteer, PlaceKind};
use dossier_model::Vocabulary;
use dossier_store::{ExportData, ExportEntity};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::error::IoError;

const CONFIG_FILE: &str = "data/io/stix.toml";
const CONFIG_TOML: &str = include_str!("../../../data/io/stix.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    tool: String,
    objects: BTreeMap<String, StixObject>,
    relationship_types: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StixObject {
    #[serde(rename = "type")]
    stix_type: String,
    #[serde(default)]
    threat_actor_types: Vec<String>,
    identity_class: Option<String>,
}

fn config() -> Result<&'static Config, IoError> {
    static CONFIG: OnceLock<Result<Config, String>> = OnceLock::new();
    crate::dataset::data_file(&CONFIG, CONFIG_FILE, CONFIG_TOML)
}

/// A deterministic UUID (version 4 layout) from a name.
fn uuid(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A STIX timestamp from the store's times and dates ('2026-11-30T02:16:28.123Z', '2017',
/// '2017-03', '2017-03-02', 'mid 2017').
fn timestamp(text: &str) -> String {
    if text.contains('T') && text.ends_with('Z') {
        return text.to_string();
    }
    match crate::un::parse_date(text.rsplit(' ').next().unwrap_or(text)) {
        Some(d) => {
            let (y, m, day) = (
                d.year_value(),
                d.month_value().unwrap_or(1),
                d.day_value().unwrap_or(1),
            );
            format!("{y:04}-{m:02}-{day:02}T00:00:00Z")
        }
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}

fn object_of<'c>(
    config: &'c Config,
    vocabulary: &Vocabulary,
    entity_type: &str,
) -> Option<&'c StixObject> {
    let mut cur = Some(entity_type);
    while let Some(t) = cur {
        if let Some(o) = config.objects.get(t) {
            return Some(o);
        }
        cur = vocabulary
            .entity_types
            .get(t)
            .and_then(|e| e.parent.as_deref());
    }
    None
}

fn external_reference(data: &ExportData, source: usize, tool: &str) -> Value {
    let mut r = Map::new();
    let s = data.sources.get(source);
    let name = s
        .and_then(|s| s.publisher.clone().or_else(|| s.title.clone()))
        .unwrap_or_else(|| tool.to_string());
    r.insert("source_name".into(), Value::String(name));
    if let Some(url) = s.and_then(|s| s.url.clone()) {
        r.insert("url".into(), Value::String(url));
    }
    if let Some(s) = s {
        r.insert("external_id".into(), Value::String(s.id.clone()));
    }
    Value::Object(r)
}

/// Writes a STIX 2.1 bundle: threat actors, identities, locations, relationships and one
/// report per source. Returns the number of objects.
pub fn stix(
    data: &ExportData,
    vocabulary: &Vocabulary,
    out: &mut dyn Write,
) -> Result<u64, IoError> {
    let config = config()?;
    let gazetteer = Gazetteer::builtin();
    let by_geonames: HashMap<&str, &dossier_geo::Place<'_>> =
        gazetteer.places().iter().map(|p| (p.id, p)).collect();
    // Coordinates of places from the events located there.
    let mut event_points: HashMap<i64, (f64, f64)> = HashMap::new();
    for e in &data.events {
        if let (Some(l), Some(c)) = (e.location, e.coordinates) {
            event_points.entry(l).or_insert(c);
        }
    }
    let mut objects: Vec<Value> = Vec::new();
    let mut ids: HashMap<i64, String> = HashMap::new();
    let mut by_source: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for e in &data.entities {
        let Some(kind) = object_of(config, vocabulary, &e.entity_type) else {
            continue;
        };
        let id = format!("{}--{}", kind.stix_type, uuid(&format!("entity:{}", e.id)));
        let mut o = Map::new();
        o.insert("type".into(), json!(kind.stix_type));
        o.insert("spec_version".into(), json!("2.1"));
        o.insert("id".into(), json!(id));
        let created = timestamp(&e.created_at);
        o.insert("created".into(), json!(created));
        o.insert("modified".into(), json!(created));
        o.insert("name".into(), json!(e.name));
        match kind.stix_type.as_str() {
            "threat-actor" => {
                let aliases: Vec<&str> = e.names.iter().map(|(n, _)| n.as_str()).collect();
                if !aliases.is_empty() {
                    o.insert("aliases".into(), json!(aliases));
                }
                if !kind.threat_actor_types.is_empty() {
                    o.insert("threat_actor_types".into(), json!(kind.threat_actor_types));
                }
            }
            "identity" => {
                if let Some(c) = &kind.identity_class {
                    o.insert("identity_class".into(), json!(c));
                }
            }
            "location" if !locate(e, &by_geonames, &event_points, &mut o) => continue,
            _ => {}
        }
        let refs: Vec<Value> = e
            .sources
            .iter()
            .map(|&s| external_reference(data, s, &config.tool))
            .collect();
        if !refs.is_empty() {
            o.insert("external_references".into(), Value::Array(refs));
        }
        for &s in &e.sources {
            by_source.entry(s).or_default().push(id.clone());
        }
        ids.insert(e.id, id);
        objects.push(Value::Object(o));
    }
    let created_of = |entity: i64| {
        data.entity(entity)
            .map(|e| timestamp(&e.created_at))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    };
    for s in &data.statements {
        let (Some(source_ref), Some(target_ref)) = (
            ids.get(&s.subject),
            s.object_entity.and_then(|o| ids.get(&o)),
        ) else {
            continue;
        };
        let relationship_type = config
            .relationship_types
            .get(&s.predicate)
            .cloned()
            .unwrap_or_else(|| s.predicate.replace('_', "-"));
        let id = format!("relationship--{}", uuid(&format!("statement:{}", s.id)));
        let created = created_of(s.subject);
        let mut r = external_reference(data, s.source, &config.tool);
        if let (Value::Object(map), Some(sentence)) = (&mut r, &s.sentence) {
            map.insert("description".into(), json!(sentence));
        }
        let mut o = json!({
            "type": "relationship",
            "spec_version": "2.1",
            "id": id,
            "created": created,
            "modified": created,
            "relationship_type": relationship_type,
            "source_ref": source_ref,
            "target_ref": target_ref,
            "confidence": (s.confidence * 100.0).round().clamp(0.0, 100.0) as u8,
            "external_references": [r],
        });
        if let (Some(from), Value::Object(map)) = (&s.valid_from, &mut o) {
            map.insert("start_time".into(), json!(timestamp(from)));
        }
        if let (Some(to), Value::Object(map)) = (&s.valid_to, &mut o) {
            let end = timestamp(to);
            let starts_before = s
                .valid_from
                .as_ref()
                .is_none_or(|from| timestamp(from) < end);
            if starts_before {
                map.insert("stop_time".into(), json!(end));
            }
        }
        by_source.entry(s.source).or_default().push(id);
        objects.push(o);
    }
    for (source, mut refs) in by_source {
        let Some(s) = data.sources.get(source) else {
            continue;
        };
        refs.sort();
        refs.dedup();
        let published = timestamp(s.published.as_deref().unwrap_or(&s.ingested_at));
        let created = timestamp(&s.ingested_at);
        objects.push(json!({
            "type": "report",
            "spec_version": "2.1",
            "id": format!("report--{}", uuid(&format!("source:{}", s.id))),
            "created": created,
            "modified": created,
            "name": s.title.clone().unwrap_or_else(|| s.id.clone()),
            "published": published,
            "object_refs": refs,
            "external_references": [external_reference(data, source, &config.tool)],
        }));
    }
    let count = objects.len() as u64;
    let bundle = json!({
        "type": "bundle",
        "id": format!("bundle--{}", uuid(&format!("bundle:{count}:{}", data.sources.len()))),
        "objects": objects,
    });
    serde_json::to_writer_pretty(&mut *out, &bundle)
        .map_err(|e| IoError::Invalid(e.to_string()))?;
    out.write_all(b"\n")
        .map_err(|e| IoError::Invalid(e.to_string()))?;
    Ok(count)
}

/// Gives a location object its coordinates or country; false when nothing places it.
fn locate(
    e: &ExportEntity,
    by_geonames: &HashMap<&str, &dossier_geo::Place<'_>>,
    event_points: &HashMap<i64, (f64, f64)>,
    o: &mut Map<String, Value>,
) -> bool {
    let place = e
        .identifiers
        .iter()
        .find(|(scheme, _)| scheme == "geonames")
        .and_then(|(_, v)| by_geonames.get(v.as_str()));
    if let Some(p) = place {
        if p.kind == PlaceKind::Country {
            o.insert("country".into(), json!(p.country));
        } else {
            o.insert("latitude".into(), json!(p.lat));
            o.insert("longitude".into(), json!(p.lon));
            o.insert("country".into(), json!(p.country));
        }
        return true;
    }
    if let Some((lat, lon)) = event_points.get(&e.id) {
        o.insert("latitude".into(), json!(lat));
        o.insert("longitude".into(), json!(lon));
        return true;
    }
    false
}

/// Writes a GeoJSON FeatureCollection of the events that have coordinates. Returns the number
/// of features.
pub fn geojson(
    data: &ExportData,
    vocabulary: &Vocabulary,
    out: &mut dyn Write,
) -> Result<u64, IoError> {
    let mut features = Vec::new();
    for e in &data.events {
        let Some((lat, lon)) = e.coordinates else {
            continue;
        };
        let actors: Vec<Value> = e
            .actors
            .iter()
            .filter_map(|(id, role)| {
                data.entity(*id)
                    .map(|a| json!({"name": a.name, "role": role, "id": id}))
            })
            .collect();
        let source = data.sources.get(e.source);
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": e.id,
                "event_id": e.key,
                "date": e.date,
                "precision": e.date_precision,
                "type": e.event_type,
                "type_label": vocabulary.event_types.get(&e.event_type).map(|t| t.label.clone()),
                "subtype": e.subtype,
                "kind": e.kind,
                "actors": actors,
                "location": e.location.and_then(|l| data.entity(l)).map(|p| p.name.clone()),
                "geo_precision": e.geo_precision,
                "fatalities": e.fatalities,
                "description": e.description,
                "source": e.cited.clone().or_else(|| source.and_then(|s| s.publisher.clone().or_else(|| s.title.clone()))),
                "source_id": source.map(|s| s.id.clone()),
                "dataset_row": e.dataset_row,
            }
        }));
    }
    let count = features.len() as u64;
    let collection = json!({"type": "FeatureCollection", "features": features});
    serde_json::to_writer(&mut *out, &collection).map_err(|e| IoError::Invalid(e.to_string()))?;
    out.write_all(b"\n")
        .map_err(|e| IoError::Invalid(e.to_string()))?;
    Ok(count)
}

fn csv_error(e: impl std::fmt::Display) -> IoError {
    IoError::Invalid(format!("writing CSV: {e}"))
}

/// Writes the events as CSV, one row each. Returns the number of rows.
pub fn events_csv(data: &ExportData, out: &mut dyn Write) -> Result<u64, IoError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "event_id",
        "date",
        "precision",
        "type",
        "subtype",
        "kind",
        "actors",
        "associates",
        "targets",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "description",
        "cited",
        "source",
        "source_title",
        "dataset_row",
    ])
    .map_err(csv_error)?;
    let names = |role: &str, e: &dossier_store::ExportEvent| {
        e.actors
            .iter()
            .filter(|(_, r)| r == role)
            .filter_map(|(id, _)| data.entity(*id).map(|a| a.name.clone()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let opt = |v: Option<String>| v.unwrap_or_default();
    for e in &data.events {
        let source = data.sources.get(e.source);
        w.write_record([
            e.id.to_string(),
            opt(e.key.clone()),
            opt(e.date.clone()),
            opt(e.date_precision.clone()),
            e.event_type.clone(),
            opt(e.subtype.clone()),
            opt(e.kind.clone()),
            names("actor", e),
            names("associate", e),
            names("target", e),
            opt(e
                .location
                .and_then(|l| data.entity(l))
                .map(|p| p.name.clone())),
            opt(e.coordinates.map(|c| c.0.to_string())),
            opt(e.coordinates.map(|c| c.1.to_string())),
            opt(e.geo_precision.map(|v| v.to_string())),
            opt(e.fatalities.map(|v| v.to_string())),
            opt(e.description.clone()),
            opt(e.cited.clone()),
            opt(source.map(|s| s.id.clone())),
            opt(source.and_then(|s| s.title.clone())),
            opt(e.dataset_row.map(|v| v.to_string())),
        ])
        .map_err(csv_error)?;
    }
    w.flush().map_err(csv_error)?;
    Ok(data.events.len() as u64)
}

/// Writes the statements as CSV, one row each. Returns the number of rows.
pub fn statements_csv(data: &ExportData, out: &mut dyn Write) -> Result<u64, IoError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "subject_id",
        "subject",
        "predicate",
        "object_id",
        "object",
        "object_type",
        "valid_from",
        "valid_to",
        "confidence",
        "status",
        "rule",
        "source",
        "source_title",
        "source_url",
        "dataset_row",
        "sentence",
    ])
    .map_err(csv_error)?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for s in &data.statements {
        let source = data.sources.get(s.source);
        let name = |id: i64| data.entity(id).map(|e| e.name.clone()).unwrap_or_default();
        w.write_record([
            s.id.to_string(),
            s.subject.to_string(),
            name(s.subject),
            s.predicate.clone(),
            opt(s.object_entity.map(|o| o.to_string())),
            s.object_entity
                .map(name)
                .or_else(|| s.object_value.clone())
                .unwrap_or_default(),
            s.object_type.clone().unwrap_or_else(|| "entity".into()),
            opt(s.valid_from.clone()),
            opt(s.valid_to.clone()),
            format!("{:.2}", s.confidence),
            s.status.clone(),
            s.rule.clone(),
            opt(source.map(|x| x.id.clone())),
            opt(source.and_then(|x| x.title.clone())),
            opt(source.and_then(|x| x.url.clone())),
            opt(s.dataset_row.map(|v| v.to_string())),
            opt(s.sentence.clone()),
        ])
        .map_err(csv_error)?;
    }
    w.flush().map_err(csv_error)?;
    Ok(data.statements.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_deterministic_version_4_layout() {
        let a = uuid("entity:1");
        assert_eq!(a, uuid("entity:1"));
        assert_ne!(a, uuid("entity:2"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn timestamps_from_store_dates() {
        assert_eq!(timestamp("2017"), "2017-01-01T00:00:00Z");
        assert_eq!(timestamp("mid 2017-06"), "2017-06-01T00:00:00Z");
        assert_eq!(
            timestamp("2026-11-30T02:16:28.123Z"),
            "2026-11-30T02:16:28.123Z"
        );
    }

    #[test]
    fn config_is_consistent_with_the_vocabulary() {
        let config = config().unwrap();
        let vocabulary = Vocabulary::builtin().unwrap();
        for t in config.objects.keys() {
            assert!(vocabulary.entity_types.contains_key(t), "{t}");
        }
        for p in config.relationship_types.keys() {
            assert!(vocabulary.predicate(p).is_some(), "{p}");
        }
    }
}
