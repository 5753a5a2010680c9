//! ACLED CSV exports: one event per row, actors resolved to entities, places to gazetteer
//! entries or new located places.
//!
//! ```text
//! event_id_cnty,event_date,…,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,…
//! MLI1,2017-03-02,…,Strategic developments,Change to group/activity,
//!     JNIM: Group for Support of Islam and Muslims,Katiba Macina,Rebel group,…,Kidal,18.44,1.41,…
//!   ──import──►  event { type: strategic_developments, subtype: change_to_group_activity,
//!                        date: 2017-03-02, place: Kidal (gazetteer), 18.44 1.41,
//!                        source: the file, dataset_row: 1 }
//!                actors: "Group for Support of Islam and Muslims" (names: "JNIM" weak,
//!                        "JNIM: Group for …"), armed_group, found in or added to the KB;
//!                        "Katiba Macina" associate
//! ```
//!
//! The columns, actor categories (inter codes as numbers or text), precision codes and the
//! sub-event types that map to event kinds are data: `data/io/acled.toml`; event types and
//! sub-types are the vocabulary's labels. Rows are keyed by `event_id_cnty`: importing a newer
//! export updates the events whose values changed and reports added, updated and unchanged.
//! The whole file is one transaction; with `skip_bad` each row is its own savepoint and bad
//! rows are reported (line, column, reason) instead.
//!
//! Memory stays constant in the file's size: rows are streamed, and only the distinct actors
//! and places are remembered.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

use dossier_geo::{Gazetteer, PlaceKind};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_store::{
    DatasetEvent, DatasetObject, DatasetStatement, DatasetWriter, NewDataset, Reliability, Role,
    RowOutcome, SourceFormat, Store,
};
use serde::Deserialize;

use crate::dataset::{
    Counting, Entities, FNV_OFFSET, FastMap, ImportOptions, ImportReport, NameForm, Progress,
    Rejected, file_title, fnv1a, hash_file, row_hash,
};
use crate::error::IoError;

/// The name under which ACLED rows are keyed in `dataset_events`.
pub const DATASET: &str = "acled";

/// A generous size of an ACLED row in bytes, to tell how many rows a file holds.
const ROW_BYTES: u64 = 512;

const CONFIG_FILE: &str = "data/io/acled.toml";
const CONFIG_TOML: &str = include_str!("../../../data/io/acled.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    columns: BTreeMap<String, Column>,
    actor_separator: String,
    acronym_separator: String,
    inter: BTreeMap<String, Inter>,
    default: Inter,
    time_precision: TimePrecision,
    kinds: BTreeMap<String, String>,
    places: Places,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Column {
    names: Vec<String>,
    #[serde(default)]
    required: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Inter {
    #[serde(default)]
    label: String,
    entity_type: Option<String>,
    role: Option<String>,
    actor_prefix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimePrecision {
    day: Vec<u8>,
    month: Vec<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Places {
    max_distance_km: f64,
    new_place_type: String,
}

fn config() -> Result<&'static Config, IoError> {
    static CONFIG: OnceLock<Result<Config, String>> = OnceLock::new();
    crate::dataset::data_file(&CONFIG, CONFIG_FILE, CONFIG_TOML)
}

/// The fields this importer reads, in the order of `Fields::index`.
const FIELDS: &[&str] = &[
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "civilian_targeting",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

#[derive(Clone, Copy)]
enum F {
    EventId,
    EventDate,
    TimePrecision,
    EventType,
    SubEventType,
    Actor1,
    AssocActor1,
    Inter1,
    Actor2,
    AssocActor2,
    Inter2,
    CivilianTargeting,
    Country,
    Admin1,
    Location,
    Latitude,
    Longitude,
    GeoPrecision,
    Source,
    Notes,
    Fatalities,
}

/// Where each field is in the file's rows.
struct Fields {
    index: Vec<Option<usize>>,
}

impl Fields {
    /// Matches the header against the configured columns; refuses a header that lacks a
    /// required column, listing what was expected and what was found.
    fn new(path: &Path, header: &csv::StringRecord, config: &Config) -> Result<Fields, IoError> {
        let found: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let lower: Vec<String> = found.iter().map(|h| h.to_ascii_lowercase()).collect();
        let position = |names: &[String]| {
            names
                .iter()
                .find_map(|n| lower.iter().position(|h| *h == n.to_ascii_lowercase()))
        };
        let mut missing = Vec::new();
        let mut expected = Vec::new();
        for (field, column) in &config.columns {
            expected.push(column.names[0].clone());
            if column.required && position(&column.names).is_none() {
                missing.push(column.names[0].clone());
            }
            let _ = field;
        }
        if !missing.is_empty() {
            return Err(IoError::Columns {
                path: path.to_path_buf(),
                format: "ACLED",
                missing,
                expected,
                found,
            });
        }
        let mut index = Vec::with_capacity(FIELDS.len());
        for field in FIELDS {
            let column = config.columns.get(*field).ok_or_else(|| IoError::Data {
                file: CONFIG_FILE,
                reason: format!("[columns] has no `{field}`"),
            })?;
            index.push(position(&column.names));
        }
        Ok(Fields { index })
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, field: F) -> &'r str {
        self.index[field as usize]
            .and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// A row turned away: the column at fault and why.
struct Bad {
    column: Option<&'static str>,
    reason: String,
}

fn bad(column: &'static str, reason: String) -> Bad {
    Bad {
        column: Some(column),
        reason,
    }
}

/// The event types and sub-types of the vocabulary, by their labels (lower case).
struct EventTypes {
    types: HashMap<String, (String, HashMap<String, String>)>,
}

impl EventTypes {
    fn new(vocabulary: &Vocabulary) -> EventTypes {
        let types = vocabulary
            .event_types
            .iter()
            .map(|(id, t)| {
                let subtypes = t
                    .subtypes
                    .iter()
                    .map(|s| (s.label.to_lowercase(), s.id.clone()))
                    .collect();
                (t.label.to_lowercase(), (id.clone(), subtypes))
            })
            .collect();
        EventTypes { types }
    }
}

/// Imports an ACLED CSV export into the store. One transaction: on error nothing is stored,
/// unless `options.skip_bad`, where bad rows are reported in [`ImportReport::rejected`] and
/// the others stored. Importing a newer export of the same events updates them.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut store = dossier_store::Store::open("kb.dossier")?;
/// let vocabulary = dossier_model::Vocabulary::builtin()?;
/// let report = dossier_io::acled::import(
///     &mut store,
///     std::path::Path::new("events.csv"),
///     &vocabulary,
///     dossier_io::ImportOptions::default(),
/// )?;
/// println!("{} added, {} updated", report.added, report.updated);
/// # Ok(()) }
/// ```
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
    let consumed = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(Counting {
            inner: file,
            count: consumed.clone(),
        });
    let header = csv.headers().map_err(|e| csv_error(path, &e))?.clone();
    let fields = Fields::new(path, &header, config)?;
    let dataset = NewDataset {
        id: id.clone(),
        title: Some(options.title.clone().unwrap_or_else(|| file_title(path))),
        publisher: Some("ACLED".to_string()),
        url: None,
        published: None,
        reliability: None::<Reliability>,
        path: Some(path.display().to_string()),
        format: SourceFormat::Csv,
        bytes,
    };
    let mut importer = Importer {
        config,
        vocabulary,
        types: EventTypes::new(vocabulary),
        gazetteer: Gazetteer::builtin(),
        entities: Entities::default(),
        kinds: FastMap::default(),
        kind_list: Vec::new(),
        inters: FastMap::default(),
        actors: FastMap::default(),
        places: FastMap::default(),
        key: String::new(),
        place_key: Vec::new(),
        event: DatasetEvent::default(),
        countries: HashMap::new(),
        statements: 0,
    };
    let mut writer = store.begin_dataset(&dataset)?;
    // ACLED rows run from about 300 to 1,000 bytes: a large file is loaded in bulk.
    if std::env::var_os("NOBULK").is_none() {
        writer.expect_rows(bytes / ROW_BYTES)?;
    }
    let mut report = ImportReport {
        source: id,
        ..ImportReport::default()
    };
    let mut record = csv::StringRecord::new();
    loop {
        let line_before = csv.position().line();
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_before, |p| p.line());
                let reason = csv_reason(&e);
                if options.skip_bad && !matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    report.rows += 1;
                    report.rejected.push(Rejected {
                        line,
                        column: None,
                        reason,
                    });
                    continue;
                }
                return Err(IoError::Row {
                    path: path.to_path_buf(),
                    line,
                    column: None,
                    reason,
                });
            }
        }
        report.rows += 1;
        let line = record.position().map_or(line_before, |p| p.line());
        let row = report.rows;
        if options.skip_bad {
            writer.begin_row()?;
        }
        let outcome = importer.row(&mut writer, &fields, &record, row);
        if options.skip_bad {
            writer.end_row(matches!(outcome, Ok(Ok(_))))?;
        }
        match outcome? {
            Ok(RowOutcome::Added) => report.added += 1,
            Ok(RowOutcome::Updated) => report.updated += 1,
            Ok(RowOutcome::Unchanged) => report.unchanged += 1,
            Ok(RowOutcome::Duplicate { first_row }) => {
                let problem = Bad {
                    column: Some("event_id_cnty"),
                    reason: format!(
                        "event id `{}` already given by row {first_row} of this file",
                        fields.get(&record, F::EventId)
                    ),
                };
                reject(path, &mut report, &options, line, problem)?;
            }
            Err(problem) => reject(path, &mut report, &options, line, problem)?,
        }
        if report.rows.is_multiple_of(4096) {
            options.tick(Progress {
                rows: report.rows,
                bytes: consumed.get(),
                total_bytes: bytes,
            });
        }
    }
    if report.rows == 0 {
        return Err(IoError::Row {
            path: path.to_path_buf(),
            line: 1,
            column: None,
            reason: "the file has a header but no rows".into(),
        });
    }
    writer.commit()?;
    options.tick(Progress {
        rows: report.rows,
        bytes,
        total_bytes: bytes,
    });
    report.entities_created = importer.entities.created;
    report.entities_matched = importer.entities.matched;
    report.statements = importer.statements;
    Ok(report)
}

fn reject(
    path: &Path,
    report: &mut ImportReport,
    options: &ImportOptions<'_>,
    line: u64,
    problem: Bad,
) -> Result<(), IoError> {
    if options.skip_bad {
        report.rejected.push(Rejected {
            line,
            column: problem.column.map(str::to_string),
            reason: problem.reason,
        });
        Ok(())
    } else {
        Err(IoError::Row {
            path: path.to_path_buf(),
            line,
            column: problem.column.map(str::to_string),
            reason: problem.reason,
        })
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields, the header {expected_len}"),
        _ => e.to_string(),
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> IoError {
    IoError::Row {
        path: path.to_path_buf(),
        line: e.position().map_or(1, |p| p.line()),
        column: None,
        reason: csv_reason(e),
    }
}

/// What an event type and sub-event type of the file mean in the vocabulary.
struct Kind {
    event_type: String,
    subtype: Option<String>,
    cameo: Option<String>,
    kind: Option<String>,
}

/// Sets an optional text, reusing the buffer it holds.
fn set(slot: &mut Option<String>, value: Option<&str>) {
    match (slot.as_mut(), value) {
        (Some(held), Some(value)) => {
            held.clear();
            held.push_str(value);
        }
        (None, Some(value)) => *slot = Some(value.to_string()),
        (_, None) => *slot = None,
    }
}

/// What one import remembers between rows.
struct Importer<'a> {
    config: &'static Config,
    vocabulary: &'a Vocabulary,
    types: EventTypes,
    gazetteer: &'static Gazetteer<'static>,
    entities: Entities,
    /// "event type␟sub-event type" as the file gives them → what they mean.
    kinds: FastMap<String, usize>,
    kind_list: Vec<Kind>,
    /// Inter codes as the file gives them → their configured category.
    inters: FastMap<String, Option<&'static Inter>>,
    /// "actor␟category" → the generic category the name shows, and the entity (None for
    /// generic groups such as civilians).
    actors: FastMap<String, (Option<&'static Inter>, Option<i64>)>,
    /// "location␟country␟" and the coordinates to 0.01° → place entity.
    places: FastMap<Vec<u8>, i64>,
    /// The keys being looked up, kept to spare an allocation per row.
    key: String,
    place_key: Vec<u8>,
    /// The event being built, kept for its buffers.
    event: DatasetEvent,
    /// Country name → (ISO 3166 alpha-2, entity).
    countries: HashMap<String, Option<(String, i64)>>,
    /// Statements stored (new places located in their country).
    statements: u64,
}

impl Importer<'_> {
    /// One row: `Err` for a store failure (the import stops), `Ok(Err)` for a bad row.
    fn row(
        &mut self,
        writer: &mut DatasetWriter<'_>,
        fields: &Fields,
        record: &csv::StringRecord,
        row: u64,
    ) -> Result<Result<RowOutcome, Bad>, IoError> {
        let event_id = fields.get(record, F::EventId);
        if event_id.is_empty() {
            return Ok(Err(bad("event_id_cnty", "no event id".into())));
        }
        let date = match parse_event_date(fields.get(record, F::EventDate)) {
            Ok(d) => d,
            Err(reason) => return Ok(Err(bad("event_date", reason))),
        };
        let date = match fields.get(record, F::TimePrecision).parse::<u8>() {
            Ok(p) if self.config.time_precision.month.contains(&p) => {
                FuzzyDate::month(date.year_value(), date.month_value().unwrap_or(1)).ok()
            }
            Ok(p) if !self.config.time_precision.day.contains(&p) => {
                return Ok(Err(bad(
                    "time_precision",
                    format!("unknown time precision {p}"),
                )));
            }
            _ => Some(date),
        };
        let kind = match self.kind(
            fields.get(record, F::EventType),
            fields.get(record, F::SubEventType),
        ) {
            Ok(kind) => kind,
            Err(problem) => return Ok(Err(problem)),
        };
        let lat = match parse_coordinate(fields.get(record, F::Latitude), 90.0) {
            Ok(v) => v,
            Err(reason) => return Ok(Err(bad("latitude", reason))),
        };
        let lon = match parse_coordinate(fields.get(record, F::Longitude), 180.0) {
            Ok(v) => v,
            Err(reason) => return Ok(Err(bad("longitude", reason))),
        };
        let coordinates = match (lat, lon) {
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => {
                return Ok(Err(bad(
                    "longitude",
                    "latitude and longitude must both be given or both be empty".into(),
                )));
            }
        };
        let geo_precision = match fields.get(record, F::GeoPrecision) {
            "" => None,
            text => match text.parse::<u8>() {
                Ok(p @ 1..=3) => Some(p),
                _ => {
                    return Ok(Err(bad(
                        "geo_precision",
                        format!("`{text}` is not a geo-precision (1, 2 or 3)"),
                    )));
                }
            },
        };
        let fatalities = match fields.get(record, F::Fatalities) {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return Ok(Err(bad(
                        "fatalities",
                        format!("`{text}` is not a number of fatalities"),
                    )));
                }
            },
        };

        let mut event = std::mem::take(&mut self.event);
        let participants = &mut event.participants;
        participants.clear();
        let civilian_targeting = !fields.get(record, F::CivilianTargeting).is_empty();
        let sep = self.config.actor_separator.as_str();
        let inter1 = fields.get(record, F::Inter1);
        let inter2 = fields.get(record, F::Inter2);
        for (text, inter, role, second) in [
            (fields.get(record, F::Actor1), inter1, Role::Actor, false),
            (
                fields.get(record, F::AssocActor1),
                inter1,
                Role::Associate,
                false,
            ),
            (fields.get(record, F::Actor2), inter2, Role::Actor, true),
            (
                fields.get(record, F::AssocActor2),
                inter2,
                Role::Associate,
                true,
            ),
        ] {
            let column_category = self.inter(inter);
            // Civilians are targets; so is actor2 of a civilian-targeting event when it is a
            // generic group.
            let target = |category: Option<&Inter>| {
                category.and_then(|c| c.role.as_deref()) == Some("target")
                    || (civilian_targeting
                        && second
                        && category.is_some_and(|c| c.entity_type.is_none()))
            };
            for actor in text.split(sep).map(str::trim).filter(|a| !a.is_empty()) {
                let (generic, entity) = self.actor(writer, actor, inter)?;
                let category = generic.or(column_category);
                let role = if target(category) { Role::Target } else { role };
                if let Some(entity) = entity {
                    participants.push((entity, role));
                }
            }
        }

        let location = self.place(
            writer,
            fields.get(record, F::Location),
            fields.get(record, F::Admin1),
            fields.get(record, F::Country),
            coordinates,
            row,
        )?;
        let notes = fields.get(record, F::Notes);
        let kind = &self.kind_list[kind];
        set(&mut event.kind, kind.kind.as_deref());
        event.date = date;
        event.event_type.clone_from(&kind.event_type);
        set(&mut event.subtype, kind.subtype.as_deref());
        set(&mut event.cameo, kind.cameo.as_deref());
        event.location = location;
        event.coordinates = coordinates;
        event.geo_precision = geo_precision;
        event.fatalities = fatalities;
        set(&mut event.description, (!notes.is_empty()).then_some(notes));
        event.row = row;
        let fingerprint = row_hash(record.as_slice().as_bytes(), record.iter().map(str::len));
        let former = || {
            let mut fingerprint = FNV_OFFSET;
            for field in record.iter() {
                fingerprint = fnv1a(field.as_bytes(), fingerprint);
                fingerprint = fnv1a(&[0xff], fingerprint);
            }
            Some(fingerprint as i64)
        };
        let cited = fields.get(record, F::Source);
        let outcome = writer.upsert_event_as(
            DATASET,
            event_id,
            fingerprint as i64,
            &former,
            (!cited.is_empty()).then_some(cited),
            &event,
        );
        self.event = event;
        Ok(Ok(outcome?))
    }

    /// The configured category of an inter code, given as a number ("2") or as text
    /// ("Rebel group").
    fn inter(&mut self, code: &str) -> Option<&'static Inter> {
        let code = code.trim();
        if code.is_empty() {
            return None;
        }
        if let Some(&found) = self.inters.get(code) {
            return found;
        }
        let config = self.config;
        let found = config.inter.get(code).or_else(|| {
            config
                .inter
                .values()
                .find(|i| i.label.eq_ignore_ascii_case(code))
        });
        self.inters.insert(code.to_string(), found);
        found
    }

    /// The generic category an actor's name shows ("Civilians (Mali)"), if any.
    fn generic(&self, actor: &str) -> Option<&'static Inter> {
        self.config.inter.values().find(|i| {
            i.actor_prefix.as_deref().is_some_and(|p| {
                actor.strip_prefix(p).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(' ') || rest.starts_with('(')
                })
            })
        })
    }

    /// The generic category an actor's name shows, and the entity it names: "JNIM: Group for
    /// Support of Islam and Muslims" gives the long name (preferred) and the acronym (a weak
    /// name); generic groups (civilians) give none.
    fn actor(
        &mut self,
        writer: &mut DatasetWriter<'_>,
        actor: &str,
        inter: &str,
    ) -> Result<(Option<&'static Inter>, Option<i64>), IoError> {
        self.key.clear();
        self.key.push_str(actor);
        self.key.push('\u{1f}');
        self.key.push_str(inter);
        if let Some(&found) = self.actors.get(self.key.as_str()) {
            return Ok(found);
        }
        let key = self.key.clone();
        let generic = self.generic(actor);
        let entity_type = match (generic, self.inter(inter)) {
            (Some(_), _) => None,
            (None, Some(c)) => c.entity_type.clone(),
            (None, None) => self.config.default.entity_type.clone(),
        };
        let Some(entity_type) = entity_type else {
            self.actors.insert(key, (generic, None));
            return Ok((generic, None));
        };
        let (name, mut names) = split_actor(actor, &self.config.acronym_separator);
        if name != actor {
            names.push(NameForm::strong(actor));
        }
        let vocabulary = self.vocabulary;
        let root = vocabulary.root_type(&entity_type).to_string();
        let id =
            self.entities
                .find_or_create(writer, &entity_type, &name, &names, &|_, t: &str| {
                    vocabulary.is_a(t, &root)
                })?;
        self.actors.insert(key, (None, Some(id)));
        Ok((None, Some(id)))
    }

    /// The vocabulary's meaning of an event type and sub-event type as the file gives them.
    fn kind(&mut self, type_label: &str, subtype_label: &str) -> Result<usize, Bad> {
        self.key.clear();
        self.key.push_str(type_label);
        self.key.push('\u{1f}');
        self.key.push_str(subtype_label);
        if let Some(&found) = self.kinds.get(self.key.as_str()) {
            return Ok(found);
        }
        let Some((event_type, subtypes)) = self.types.types.get(&type_label.to_lowercase()) else {
            return Err(bad(
                "event_type",
                format!("`{type_label}` is not an ACLED event type of the vocabulary"),
            ));
        };
        let subtype = if subtype_label.is_empty() {
            None
        } else {
            match subtypes.get(&subtype_label.to_lowercase()) {
                Some(s) => Some(s.clone()),
                None => {
                    return Err(bad(
                        "sub_event_type",
                        format!("`{subtype_label}` is not a sub-event type of {type_label}"),
                    ));
                }
            }
        };
        let event_type = event_type.clone();
        let vocabulary_type = self.vocabulary.event_types.get(&event_type);
        let cameo = subtype
            .as_ref()
            .and_then(|s| {
                vocabulary_type
                    .and_then(|t| t.subtypes.iter().find(|x| &x.id == s))
                    .map(|x| x.cameo.clone())
            })
            .or_else(|| vocabulary_type.map(|t| t.cameo.clone()));
        let kind = subtype
            .as_ref()
            .and_then(|s| self.config.kinds.get(s))
            .cloned();
        self.kind_list.push(Kind {
            event_type,
            subtype,
            cameo,
            kind,
        });
        let index = self.kind_list.len() - 1;
        self.kinds.insert(self.key.clone(), index);
        Ok(index)
    }

    /// The entity of a country named by ACLED, from the gazetteer, with its GeoNames id.
    fn country(
        &mut self,
        writer: &mut DatasetWriter<'_>,
        name: &str,
        row: u64,
    ) -> Result<Option<(String, i64)>, IoError> {
        if name.is_empty() {
            return Ok(None);
        }
        if let Some(found) = self.countries.get(name) {
            return Ok(found.clone());
        }
        let place = self
            .gazetteer
            .lookup(name)
            .into_iter()
            .find(|p| p.kind == PlaceKind::Country);
        let found = match place {
            Some(p) => {
                let id = self.gazetteer_entity(writer, p, row)?;
                Some((p.country.to_string(), id))
            }
            None => None,
        };
        self.countries.insert(name.to_string(), found.clone());
        Ok(found)
    }

    fn gazetteer_entity(
        &mut self,
        writer: &mut DatasetWriter<'_>,
        place: &dossier_geo::Place<'_>,
        row: u64,
    ) -> Result<i64, IoError> {
        if let Some(&id) = writer.entities_by_identifier("geonames", place.id)?.first() {
            return Ok(id);
        }
        let vocabulary = self.vocabulary;
        let id = self.entities.find_or_create(
            writer,
            place.kind.as_str(),
            place.name,
            &[],
            &|_, t: &str| t == place.kind.as_str(),
        )?;
        writer.add_identifier(id, "geonames", place.id, row)?;
        let _ = vocabulary;
        Ok(id)
    }

    /// The place of an event: a gazetteer place of that name in that country near the
    /// coordinates, else a new place located in the country.
    fn place(
        &mut self,
        writer: &mut DatasetWriter<'_>,
        location: &str,
        admin1: &str,
        country: &str,
        coordinates: Option<(f64, f64)>,
        row: u64,
    ) -> Result<Option<i64>, IoError> {
        let name = if location.is_empty() {
            admin1
        } else {
            location
        };
        if name.is_empty() {
            return Ok(self.country(writer, country, row)?.map(|c| c.1));
        }
        let (lat, lon) = coordinates.unwrap_or((0.0, 0.0));
        let key = &mut self.place_key;
        key.clear();
        key.extend_from_slice(name.as_bytes());
        key.push(0x1f);
        key.extend_from_slice(country.as_bytes());
        key.push(0x1f);
        key.extend_from_slice(&((lat * 100.0).round() as i64).to_le_bytes());
        key.extend_from_slice(&((lon * 100.0).round() as i64).to_le_bytes());
        if let Some(&id) = self.places.get(key.as_slice()) {
            return Ok(Some(id));
        }
        let key = key.clone();
        let country_entity = self.country(writer, country, row)?;
        let iso2 = country_entity.as_ref().map(|c| c.0.clone());
        let max = self.config.places.max_distance_km;
        let candidate = self
            .gazetteer
            .lookup(name)
            .into_iter()
            .filter(|p| iso2.as_deref().is_none_or(|c| p.country == c))
            .map(|p| {
                let d = coordinates.map_or(0.0, |(a, b)| distance_km(a, b, p.lat, p.lon));
                (d, p)
            })
            .filter(|(d, p)| *d <= max || p.kind != PlaceKind::Town && coordinates.is_none())
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let id = match candidate {
            Some((_, p)) => self.gazetteer_entity(writer, p, row)?,
            None => {
                let ty = self.config.places.new_place_type.clone();
                let vocabulary = self.vocabulary;
                let id = self
                    .entities
                    .find_or_create(writer, &ty, name, &[], &|_, t: &str| {
                        vocabulary.is_a(t, "location") && t != "country"
                    })?;
                if let Some((_, country_id)) = country_entity
                    && country_id != id
                {
                    self.statements += u64::from(writer.add_statement(&DatasetStatement {
                        subject: id,
                        predicate: "located_in".into(),
                        object: DatasetObject::Entity(country_id),
                        valid_from: None,
                        valid_to: None,
                        row,
                        rule: "import:acled".into(),
                        confidence: 1.0,
                    })?);
                }
                id
            }
        };
        self.places.insert(key, id);
        Ok(Some(id))
    }
}

/// "JNIM: Group for Support of Islam and Muslims" → ("Group for Support of Islam and
/// Muslims", [JNIM weak]); a name without the separator stands alone. "Military Forces of
/// Mali (2012-2013)" keeps its period: ACLED distinguishes governments by it.
fn split_actor(actor: &str, separator: &str) -> (String, Vec<NameForm>) {
    if let Some((short, long)) = actor.split_once(separator) {
        let (short, long) = (short.trim(), long.trim());
        let acronym_like = !short.is_empty()
            && !short.contains(' ')
            && short.chars().any(|c| c.is_uppercase())
            && short
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if acronym_like && !long.is_empty() {
            return (long.to_string(), vec![NameForm::weak(short)]);
        }
    }
    (actor.to_string(), Vec::new())
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// ACLED dates: `2017-03-02` (current exports), `02 March 2017` or `02-March-2017` (older).
pub fn parse_event_date(text: &str) -> Result<FuzzyDate, String> {
    let text = text.trim();
    let fail = || format!("`{text}` is not a date (expected YYYY-MM-DD or DD Month YYYY)");
    if text.is_empty() {
        return Err("no event date".into());
    }
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && text.len() == 10
        && let Ok(d) = FuzzyDate::from_str(text)
    {
        return Ok(d);
    }
    let parts: Vec<&str> = text
        .split([' ', '-', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    if let [day, month, year] = parts[..] {
        let month_lower = month.to_ascii_lowercase();
        let month = MONTHS.iter().position(|m| {
            *m == month_lower || (month_lower.len() == 3 && m.starts_with(&month_lower))
        });
        if let (Ok(day), Some(month), Ok(year)) = (day.parse::<u32>(), month, year.parse::<i32>()) {
            return FuzzyDate::day(year, month as u32 + 1, day)
                .map_err(|e| format!("{}: {e}", fail()));
        }
    }
    Err(fail())
}

/// A latitude or longitude in degrees; empty is none.
fn parse_coordinate(text: &str, limit: f64) -> Result<Option<f64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(Some(v)),
        Ok(_) => Err(format!("`{text}` is out of range (-{limit} to {limit})")),
        Err(_) => Err(format!("`{text}` is not a coordinate in degrees")),
    }
}

/// Great-circle distance in kilometres.
fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_consistent_with_the_vocabulary() {
        let config = config().unwrap();
        let vocabulary = Vocabulary::builtin().unwrap();
        for field in FIELDS {
            assert!(config.columns.contains_key(*field), "{field}");
        }
        for inter in config.inter.values().chain([&config.default]) {
            if let Some(t) = &inter.entity_type {
                assert!(vocabulary.entity_types.contains_key(t), "{t}");
            }
        }
        for (subtype, kind) in &config.kinds {
            assert!(vocabulary.event_kinds.contains_key(kind), "{kind}");
            assert!(
                vocabulary
                    .event_types
                    .values()
                    .any(|t| t.subtypes.iter().any(|s| &s.id == subtype)),
                "{subtype}"
            );
        }
        assert!(
            vocabulary
                .entity_types
                .contains_key(&config.places.new_place_type)
        );
    }

    #[test]
    fn actor_names_split_into_acronym_and_long_name() {
        let (name, names) = split_actor("JNIM: Group for Support of Islam and Muslims", ": ");
        assert_eq!(name, "Group for Support of Islam and Muslims");
        assert_eq!(names, [NameForm::weak("JNIM")]);
        let (name, names) = split_actor("Military Forces of Mali (2012-2013)", ": ");
        assert_eq!(name, "Military Forces of Mali (2012-2013)");
        assert!(names.is_empty());
        // Not an acronym before the colon: the name stays whole.
        let (name, _) = split_actor("Unidentified Armed Group: Mali", ": ");
        assert_eq!(name, "Unidentified Armed Group: Mali");
    }

    #[test]
    fn event_dates_in_both_layouts() {
        assert_eq!(parse_event_date("2017-03-02").unwrap().iso(), "2017-03-02");
        assert_eq!(
            parse_event_date("02 March 2017").unwrap().iso(),
            "2017-03-02"
        );
        assert_eq!(parse_event_date("2-Mar-2017").unwrap().iso(), "2017-03-02");
        assert!(parse_event_date("2017-02-30").is_err());
        assert!(parse_event_date("yesterday").is_err());
        assert!(parse_event_date("").is_err());
    }

    #[test]
    fn coordinates_checked() {
        assert_eq!(parse_coordinate("14.95", 90.0), Ok(Some(14.95)));
        assert_eq!(parse_coordinate("", 90.0), Ok(None));
        assert!(parse_coordinate("95", 90.0).is_err());
        assert!(parse_coordinate("NaN", 90.0).is_err());
        assert!(parse_coordinate("14,95", 90.0).is_err());
        assert!((distance_km(0.0, 0.0, 0.0, 1.0) - 111.19).abs() < 0.1);
    }
}
