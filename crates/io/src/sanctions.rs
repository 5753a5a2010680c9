//! The UN Security Council consolidated list into the knowledge base.
//!
//! ```text
//! Designee { kind: Individual, name: "OMAR AL-FULANI", reference_number: "QDi.900",
//!            listed_on: 2015-04-14, aliases: [Omar the Tall (Good), Abu Omar (Low)] }
//!   ──import──►  person "OMAR AL-FULANI" (found in the KB by a strong name, else created),
//!                names: Omar the Tall, Abu Omar (weak);
//!                identifier un_reference = QDi.900 (source: the list, row: 1);
//!                statement designated_by → United Nations Security Council, from 2015-04-14
//! ```
//!
//! A person or organization already carrying the reference number is the same entity; else one
//! of its strong names (not a low-quality alias) finds it among those the knowledge base holds.
//! The designating body, the entity types and the identifier schemes are data:
//! `data/io/un.toml`. The list is streamed (`un::Reader`); the import is one transaction, or
//! with `skip_bad` keeps the records read before a broken part of the file and reports it.

use std::path::Path;
use std::sync::OnceLock;

use dossier_model::Vocabulary;
use dossier_store::{DatasetObject, DatasetStatement, NewDataset, SourceFormat, Store};
use serde::Deserialize;

use crate::dataset::{
    Counting, Entities, ImportOptions, ImportReport, NameForm, Progress, Rejected, file_title,
    hash_file,
};
use crate::error::IoError;
use crate::un::{DesigneeKind, Reader};

const CONFIG_FILE: &str = "data/io/un.toml";
const CONFIG_TOML: &str = include_str!("../../../data/io/un.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    designator: Designator,
    types: Types,
    identifiers: Schemes,
    weak_qualities: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Designator {
    name: String,
    entity_type: String,
    names: Vec<String>,
    weak_names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Types {
    individual: String,
    entity: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Schemes {
    reference: String,
    passport: String,
}

fn config() -> Result<&'static Config, IoError> {
    static CONFIG: OnceLock<Result<Config, String>> = OnceLock::new();
    crate::dataset::data_file(&CONFIG, CONFIG_FILE, CONFIG_TOML)
}

/// The rule name of statements this importer writes.
pub const RULE: &str = "import:un";

/// Imports the UN consolidated list (XML) into the store: persons and organizations with their
/// aliases, reference numbers and `designated_by` statements.
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
    let mut reader = Reader::new(std::io::BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: file,
            count: consumed.clone(),
        },
    ));
    let dataset = NewDataset {
        id: id.clone(),
        title: Some(options.title.clone().unwrap_or_else(|| file_title(path))),
        publisher: Some(config.designator.name.clone()),
        path: Some(path.display().to_string()),
        format: SourceFormat::Xml,
        bytes,
        ..NewDataset::default()
    };
    let mut writer = store.begin_dataset(&dataset)?;
    let mut entities = Entities::default();
    let mut report = ImportReport {
        source: id,
        ..ImportReport::default()
    };
    let designator_type = config.designator.entity_type.clone();
    let designator_root = vocabulary.root_type(&designator_type).to_string();
    let designator_names: Vec<NameForm> = config
        .designator
        .names
        .iter()
        .map(|n| NameForm::strong(n))
        .chain(
            config
                .designator
                .weak_names
                .iter()
                .map(|n| NameForm::weak(n)),
        )
        .collect();
    let mut designator = None;
    // Entities given a reference number by this import: another record with the same name
    // but its own reference number is someone else.
    let mut listed = std::collections::HashSet::new();
    loop {
        let designee = match reader.next_designee() {
            Ok(Some(d)) => d,
            Ok(None) => break,
            Err(source) => {
                if options.skip_bad && report.rows > 0 {
                    report.rejected.push(Rejected {
                        line: source.line,
                        column: None,
                        reason: format!("{} (the rest of the file was not read)", source.kind),
                    });
                    break;
                }
                return Err(IoError::Un {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        report.rows += 1;
        let row = report.rows;
        let designator_id = match designator {
            Some(id) => id,
            None => {
                let id = entities.find_or_create(
                    &mut writer,
                    &designator_type,
                    &config.designator.name,
                    &designator_names,
                    &|_, t: &str| vocabulary.is_a(t, &designator_root),
                )?;
                designator = Some(id);
                id
            }
        };
        let entity_type = match designee.kind {
            DesigneeKind::Individual => &config.types.individual,
            DesigneeKind::Entity => &config.types.entity,
        };
        let root = vocabulary.root_type(entity_type).to_string();
        let mut names: Vec<NameForm> = designee
            .aliases
            .iter()
            .map(|a| NameForm {
                name: a.name.clone(),
                weak: config
                    .weak_qualities
                    .iter()
                    .any(|q| q.eq_ignore_ascii_case(a.quality.as_str())),
            })
            .collect();
        if let Some(original) = &designee.name_original_script {
            names.push(NameForm::strong(original));
        }
        let existing = writer
            .entities_by_identifier(&config.identifiers.reference, &designee.reference_number)?
            .first()
            .copied();
        let entity = match existing {
            Some(e) => {
                entities.matched += 1;
                for form in std::iter::once(&NameForm::strong(&designee.name)).chain(&names) {
                    writer.add_name(e, &form.name, &dossier_names::key(&form.name), form.weak)?;
                }
                report.unchanged += 1;
                e
            }
            None => {
                let before = entities.created;
                let e = entities.find_or_create(
                    &mut writer,
                    entity_type,
                    &designee.name,
                    &names,
                    &|id, t: &str| vocabulary.is_a(t, &root) && !listed.contains(&id),
                )?;
                if entities.created > before {
                    report.added += 1;
                } else {
                    report.updated += 1;
                }
                e
            }
        };
        listed.insert(entity);
        writer.add_identifier(
            entity,
            &config.identifiers.reference,
            &designee.reference_number,
            row,
        )?;
        for doc in &designee.documents {
            let is_passport = doc
                .kind
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case("passport"));
            if let (true, Some(number)) = (is_passport, &doc.number) {
                writer.add_identifier(entity, &config.identifiers.passport, number, row)?;
            }
        }
        let stored = writer.add_statement(&DatasetStatement {
            subject: entity,
            predicate: "designated_by".into(),
            object: DatasetObject::Entity(designator_id),
            valid_from: designee.listed_on,
            valid_to: designee.delisted_on,
            row,
            rule: RULE.into(),
            confidence: 1.0,
        })?;
        report.statements += u64::from(stored);
        for problem in &designee.problems {
            report.rejected.push(Rejected {
                line: designee.line,
                column: None,
                reason: format!("{}: {problem} (value left out)", designee.reference_number),
            });
        }
        if row.is_multiple_of(64) {
            options.tick(Progress {
                rows: row,
                bytes: consumed.get(),
                total_bytes: bytes,
            });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_consistent_with_the_vocabulary() {
        let config = config().unwrap();
        let vocabulary = Vocabulary::builtin().unwrap();
        for t in [
            &config.designator.entity_type,
            &config.types.individual,
            &config.types.entity,
        ] {
            assert!(vocabulary.entity_types.contains_key(t), "{t}");
        }
        assert!(vocabulary.allows_subject("designated_by", &config.types.individual));
        assert!(vocabulary.allows_subject("designated_by", &config.types.entity));
        assert!(vocabulary.allows_object("designated_by", &config.designator.entity_type));
    }
}
