//! What every import shares: the dataset's source row, the report of rows added, updated,
//! unchanged and rejected, progress, and finding the entities a dataset names among those the
//! knowledge base holds.
//!
//! ```text
//! hash_file("events.csv")  ──►  ("9f2c…", 1_234_567 bytes)   the source id is the file's SHA-256
//! Entities::find_or_create(writer, "armed_group", "Group for Support of Islam and Muslims",
//!                          &[("JNIM", weak)])  ──►  42 (stored, found by its name key)
//! ```

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use dossier_store::{DatasetWriter, StoreError};
use sha2::{Digest, Sha256};

use crate::error::IoError;

/// One row an import turned away.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    /// The 1-based line of the file where the row starts (the record number for XML).
    pub line: u64,
    /// The column or field at fault, when one is.
    pub column: Option<String>,
    pub reason: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// The id of the dataset's source (the file's SHA-256).
    pub source: String,
    /// Rows (records, lines) read.
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Entities created, and entities of the knowledge base the dataset's names resolved to.
    pub entities_created: u64,
    pub entities_matched: u64,
    pub statements: u64,
    /// Rows turned away (only with `skip_bad`; otherwise the first bad row is an error).
    pub rejected: Vec<Rejected>,
}

/// Progress of an import: rows read and bytes of the file consumed so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub rows: u64,
    pub bytes: u64,
    pub total_bytes: u64,
}

/// How to import.
#[derive(Default)]
pub struct ImportOptions<'a> {
    /// Import row by row, reporting bad rows instead of refusing the file.
    pub skip_bad: bool,
    /// Called every few thousand rows and at the end.
    pub progress: Option<&'a mut dyn FnMut(Progress)>,
    /// The title of the dataset's source; the file name when absent.
    pub title: Option<String>,
}

impl ImportOptions<'_> {
    pub(crate) fn tick(&mut self, progress: Progress) {
        if let Some(f) = self.progress.as_mut() {
            f(progress);
        }
    }
}

/// The hex SHA-256 of a file and its size, read in blocks (constant memory).
pub fn hash_file(path: &Path) -> Result<(String, u64), IoError> {
    let file_error = |source| IoError::File {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(file_error)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(file_error)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    let digest = hasher.finalize();
    let hex = digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok((hex, total))
}

/// The file name, as a default title.
pub(crate) fn file_title(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A `Read` that counts the bytes read through it, for progress.
pub(crate) struct Counting<R> {
    pub inner: R,
    pub count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A name to give an entity, and whether it is weak (too ambiguous to identify it alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameForm {
    pub name: String,
    pub weak: bool,
}

impl NameForm {
    pub fn strong(name: &str) -> NameForm {
        NameForm {
            name: name.to_string(),
            weak: false,
        }
    }

    pub fn weak(name: &str) -> NameForm {
        NameForm {
            name: name.to_string(),
            weak: true,
        }
    }
}

/// Finds the entities a dataset names among those the knowledge base holds (by the strong
/// names' keys, as `dossier-names` folds them), or creates them; remembers what it found, so
/// a name repeated over a million rows is looked up once.
#[derive(Default)]
pub struct Entities {
    cache: HashMap<(String, String), i64>,
    pub created: u64,
    pub matched: u64,
}

impl Entities {
    /// The entity of type `entity_type` with preferred name `name` and other names `names`:
    /// the stored entity one of the strong names resolves to (among those `compatible(id,
    /// type)` accepts), with the names it lacks added, or a new one.
    pub fn find_or_create(
        &mut self,
        writer: &mut DatasetWriter<'_>,
        entity_type: &str,
        name: &str,
        names: &[NameForm],
        compatible: &dyn Fn(i64, &str) -> bool,
    ) -> Result<i64, StoreError> {
        let cache_key = (entity_type.to_string(), name.to_string());
        if let Some(&id) = self.cache.get(&cache_key)
            && compatible(id, entity_type)
        {
            return Ok(id);
        }
        let mut found = None;
        for form in std::iter::once(&NameForm::strong(name)).chain(names) {
            if form.weak {
                continue;
            }
            let key = dossier_names::key(&form.name);
            if key.is_empty() {
                continue;
            }
            if let Some(row) = writer
                .names_by_folded(&key)?
                .into_iter()
                .find(|r| !r.weak && compatible(r.entity, &r.entity_type))
            {
                found = Some(row.entity);
                break;
            }
        }
        let id = match found {
            Some(id) => {
                self.matched += 1;
                writer.add_name(id, name, &dossier_names::key(name), false)?;
                id
            }
            None => {
                self.created += 1;
                writer.create_entity(entity_type, name, &dossier_names::key(name))?
            }
        };
        for form in names {
            if form.name != name {
                writer.add_name(id, &form.name, &dossier_names::key(&form.name), form.weak)?;
            }
        }
        self.cache.insert(cache_key, id);
        Ok(id)
    }

    /// Remembers an entity found another way (by identifier).
    pub fn remember(&mut self, entity_type: &str, name: &str, id: i64) {
        self.cache
            .insert((entity_type.to_string(), name.to_string()), id);
    }
}

/// A data file of `data/io/`, parsed once: the value, or why the file is refused.
pub(crate) fn data_file<T: serde::de::DeserializeOwned>(
    cell: &'static std::sync::OnceLock<Result<T, String>>,
    file: &'static str,
    text: &str,
) -> Result<&'static T, IoError> {
    cell.get_or_init(|| toml::from_str(text).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|reason| IoError::Data {
            file,
            reason: reason.clone(),
        })
}

/// FNV-1a, 64 bits: the fingerprint of a row's values (stable across builds and platforms).
pub(crate) fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Folds a 128-bit product into 64 bits: the mixing step of [`row_hash`] and [`Fold`].
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

const SEEDS: [u64; 3] = [
    0x243f_6a88_85a3_08d3,
    0x1319_8a2e_0370_7344,
    0xa409_3822_299f_31d0,
];

/// A fast 64-bit hash of a row: its fields' bytes, stored one after the other in `bytes`,
/// and the length of each field (so that moving a comma changes it), 16 bytes per
/// multiplication; fixed constants, so stable across builds and platforms. The fingerprint
/// of imported rows (FNV-1a, a multiplication per byte, before).
pub(crate) fn row_hash(bytes: &[u8], lengths: impl Iterator<Item = usize>) -> u64 {
    let mut ends = SEEDS[1];
    for length in lengths {
        ends = (ends ^ length as u64).wrapping_mul(0x0100_0000_01b3);
    }
    let mut hash = SEEDS[0] ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        let (a, b) = chunk.split_at(8);
        hash = fold(word(a) ^ SEEDS[1], word(b) ^ hash);
    }
    let rest = chunks.remainder();
    let mut padded = [0u8; 16];
    padded[..rest.len()].copy_from_slice(rest);
    let (a, b) = padded.split_at(8);
    hash = fold(word(a) ^ SEEDS[2], word(b) ^ hash);
    fold(hash ^ SEEDS[0], ends ^ SEEDS[2])
}

fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(w)
}

/// A fast hasher for the importers' in-memory maps (keys are the file's own strings, and the
/// maps live for one import): a multiplication per 8 bytes instead of SipHash's rounds.
#[derive(Clone, Copy, Default)]
pub(crate) struct Fold(u64);

impl std::hash::Hasher for Fold {
    fn finish(&self) -> u64 {
        fold(self.0, SEEDS[0])
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.0 = fold(self.0 ^ word(chunk), SEEDS[1]);
        }
        let rest = chunks.remainder();
        let mut padded = [0u8; 8];
        padded[..rest.len()].copy_from_slice(rest);
        self.0 = fold(
            self.0 ^ u64::from_le_bytes(padded),
            SEEDS[2] ^ rest.len() as u64,
        );
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = fold(self.0 ^ n, SEEDS[1]);
    }
}

/// A `HashMap` with the [`Fold`] hasher.
pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fold>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn row_hash_is_fixed_and_sees_values_and_field_ends() {
        let h = |fields: &[&str]| {
            let bytes: String = fields.concat();
            row_hash(bytes.as_bytes(), fields.iter().map(|f| f.len()))
        };
        let row = [
            "MLI1",
            "2017-03-02",
            "Battles",
            "a note, long enough to fill a chunk",
        ];
        // Stored in stores: the same on every build and platform.
        assert_eq!(h(&row), h(&row));
        assert_eq!(h(&row), 0x8fee_db83_f45d_9bc7, "{:#x}", h(&row));
        assert_ne!(
            h(&row),
            h(&[
                "MLI1",
                "2017-03-02",
                "Battles",
                "a note, long enough to fill a chunK"
            ])
        );
        assert_ne!(h(&["ab", "c"]), h(&["a", "bc"]));
        assert_ne!(h(&["ab", ""]), h(&["ab"]));
        assert_ne!(h(&[""]), h(&[]));
    }

    #[test]
    fn fold_hasher_tells_keys_apart() {
        let build = BuildHasherDefault::<Fold>::default();
        let keys = ["Gao", "Gao\u{1f}Mali", "Gao\u{1f}Mal", "", "a", "b"];
        let hashes: std::collections::HashSet<u64> =
            keys.iter().map(|k| build.hash_one(k)).collect();
        assert_eq!(hashes.len(), keys.len());
    }
}
