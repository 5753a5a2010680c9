//! The analysts' judgements across sources, and their resolution.
//!
//! ```text
//! assessments(Some("open"))            ─► [AssessmentRow { id: 7, phrase: "will likely", … }]
//! resolve_assessment(7, "came_true", Some("MINUSMA left in December 2023"))
//!                                      ─► status came_true, resolved_at now, note kept
//! ```
//! Resolving is an analyst's decision on a judgement read from a report: it changes only the
//! status, the time of the decision and the note, never what the report said.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::error::{StoreError, at};
use crate::store::Store;

/// The statuses a judgement can have.
pub const STATUSES: [&str; 3] = ["open", "came_true", "did_not"];

/// A judgement with its source, for listing across the knowledge base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub source: String,
    pub source_title: Option<String>,
    pub published: Option<String>,
    pub sentence: Option<i64>,
    pub phrase: String,
    pub band: String,
    pub claim: String,
    pub horizon: Option<String>,
    pub scenario: Option<String>,
    pub status: String,
    pub resolved_at: Option<String>,
    pub note: Option<String>,
}

const SELECT: &str = "SELECT a.id, s.id, s.title, s.published, a.sentence, a.phrase, a.band,
        a.claim, a.horizon, a.scenario, a.status, a.resolved_at, a.note
     FROM assessments a JOIN sources s ON s.sid = a.source";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AssessmentRow> {
    Ok(AssessmentRow {
        id: r.get(0)?,
        source: r.get(1)?,
        source_title: r.get(2)?,
        published: r.get(3)?,
        sentence: r.get(4)?,
        phrase: r.get(5)?,
        band: r.get(6)?,
        claim: r.get(7)?,
        horizon: r.get(8)?,
        scenario: r.get(9)?,
        status: r.get(10)?,
        resolved_at: r.get(11)?,
        note: r.get(12)?,
    })
}

fn check_status(status: &str) -> Result<(), StoreError> {
    if STATUSES.contains(&status) {
        Ok(())
    } else {
        Err(StoreError::BadStatus {
            status: status.to_string(),
        })
    }
}

impl Store {
    /// Every judgement, newest source first, optionally only those with `status`.
    pub fn assessments(&self, status: Option<&str>) -> Result<Vec<AssessmentRow>, StoreError> {
        if let Some(s) = status {
            check_status(s)?;
        }
        let sql = format!(
            "{SELECT} WHERE ?1 IS NULL OR a.status = ?1
             ORDER BY s.published_lo DESC NULLS LAST, a.id"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(at(&self.path))?;
        let rows = st.query_map(params![status], row).map_err(at(&self.path))?;
        rows.collect::<Result<_, _>>().map_err(at(&self.path))
    }

    /// One judgement by id.
    pub fn assessment(&self, id: i64) -> Result<AssessmentRow, StoreError> {
        let sql = format!("{SELECT} WHERE a.id = ?1");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut st| st.query_row(params![id], row).optional())
            .map_err(at(&self.path))?
            .ok_or(StoreError::NoSuchAssessment { id })
    }

    /// Records an analyst's decision on a judgement: `came_true`, `did_not`, or back to
    /// `open`. The time of the decision is kept for resolved judgements.
    pub fn resolve_assessment(
        &mut self,
        id: i64,
        status: &str,
        note: Option<&str>,
    ) -> Result<AssessmentRow, StoreError> {
        check_status(status)?;
        let changed = self
            .conn
            .execute(
                "UPDATE assessments
                 SET status = ?2,
                     resolved_at = CASE WHEN ?2 = 'open' THEN NULL
                                   ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
                     note = coalesce(?3, note)
                 WHERE id = ?1",
                params![id, status, note],
            )
            .map_err(at(&self.path))?;
        if changed == 0 {
            return Err(StoreError::NoSuchAssessment { id });
        }
        self.assessment(id)
    }
}
