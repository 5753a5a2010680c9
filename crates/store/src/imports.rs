//! Writes and reads for imported datasets: ACLED rows, sanctions lists, FollowTheMoney entities
//! (issue 8), and the identifiers entities carry.
//!
//! ```text
//! store.identifiers(42)?   ──►  [Identifier { scheme: "un_reference", value: "QDi.316",
//!                                              source: Some("9f2c…"), dataset_row: Some(17) }]
//! store.entities_by_identifier("un_reference", "QDi.316")?   ──►  [42]
//! ```

use rusqlite::params;

use crate::error::{StoreError, at};
use crate::store::Store;

/// An identifier an entity carries: a UN sanctions reference, a FollowTheMoney id, a passport
/// number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identifier {
    pub entity: i64,
    /// What kind of identifier: `un_reference`, `ftm`, `passport`, …
    pub scheme: String,
    pub value: String,
    /// The id of the source that gave it (none when an analyst entered it).
    pub source: Option<String>,
    /// The row of that source's dataset.
    pub dataset_row: Option<u64>,
}

impl Store {
    /// The identifiers of an entity, by scheme then value.
    pub fn identifiers(&self, entity: i64) -> Result<Vec<Identifier>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT i.entity, i.scheme, i.value, s.id, i.dataset_row
                 FROM identifiers i LEFT JOIN sources s ON s.sid = i.source
                 WHERE i.entity = ?1 ORDER BY i.scheme, i.value, i.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([entity], |r| {
                Ok(Identifier {
                    entity: r.get(0)?,
                    scheme: r.get(1)?,
                    value: r.get(2)?,
                    source: r.get(3)?,
                    dataset_row: r.get::<_, Option<i64>>(4)?.map(|v| v.max(0) as u64),
                })
            })
            .map_err(at(&self.path))?;
        let mut out: Vec<Identifier> = rows
            .collect::<rusqlite::Result<_>>()
            .map_err(at(&self.path))?;
        out.dedup_by(|a, b| a.scheme == b.scheme && a.value == b.value);
        Ok(out)
    }

    /// The entities that carry an identifier, by id.
    pub fn entities_by_identifier(
        &self,
        scheme: &str,
        value: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT entity FROM identifiers WHERE scheme = ?1 AND value = ?2
                 ORDER BY entity",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map(params![scheme, value], |r| r.get(0))
            .map_err(at(&self.path))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(at(&self.path))
    }
}
