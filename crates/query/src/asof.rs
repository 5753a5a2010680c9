//! `asof DATE ENTITY [--predicate P]`: what held on a date, by the best evidence.
//!
//! ```text
//! asof 2015-01-01 "Iyad Ag Ghaly"
//!   held:    leader of Ansar al Din   not before 2011-12 (founded), not after 2017-03-02
//!                                     (Ansar al Din merged into JNIM)              [1][2][3]
//!            leader of Popular Movement of Azawad   since 1991 (stated)           [4]
//!   undated: affiliated with Al Qaeda                                              [5]
//!   (leader of JNIM is left out: not before 2017-03-02, the day JNIM began)
//! asof 2021-01-01 AQIM --predicate led_by  ──►  not Droukdel: until 2020-06 (stated)
//! ```
//!
//! A line holds when its interval (stated dates, else the lives of the entities it links,
//! closed by the next value of a functional predicate) contains some day of the date. Lines
//! nothing dates are listed apart as `undated`: the store cannot say.

use std::collections::HashMap;

use dossier_model::FuzzyDate;
use dossier_store::Node;
use serde::Serialize;

use crate::notes::{Footnote, Notes, Renumbering};
use crate::profile::Line;
use crate::time::{Lives, holds_on};
use crate::{QueryError, Questions};

/// What held on a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AsOf {
    pub date: FuzzyDate,
    pub entity: Node,
    pub predicate: Option<String>,
    /// Lines whose interval contains the date.
    pub held: Vec<AsOfLine>,
    /// Lines nothing dates, or known to hold only after the date with no start known.
    pub undated: Vec<AsOfLine>,
    pub footnotes: Vec<Footnote>,
}

/// A line with the reason it holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AsOfLine {
    #[serde(flatten)]
    pub line: Line,
    pub basis: String,
}

impl Questions<'_> {
    /// What held about `entity` on `date`; with `predicate` (a predicate or an inverse), only
    /// that relation. Read from one snapshot of the store.
    pub fn as_of(
        &self,
        date: FuzzyDate,
        entity: &Node,
        predicate: Option<&str>,
    ) -> Result<AsOf, QueryError> {
        self.store
            .read_snapshot(|| self.as_of_now(date, entity, predicate))
    }

    fn as_of_now(
        &self,
        date: FuzzyDate,
        entity: &Node,
        predicate: Option<&str>,
    ) -> Result<AsOf, QueryError> {
        let wanted = match predicate {
            Some(p) => match self.vocabulary.resolve_predicate(p) {
                Some((name, _)) => Some(name.to_string()),
                None => {
                    return Err(QueryError::Argument(format!(
                        "`{p}` is not a predicate or an inverse of the vocabulary"
                    )));
                }
            },
            None => None,
        };
        let mut notes = Notes::default();
        let mut lives = Lives::default();
        let mut facts = self.store.facts_about(entity.id)?;
        if let Some(w) = &wanted {
            facts.retain(|f| f.predicate == *w);
        }
        // A line whose stated start is after the date, or whose stated end is before it,
        // cannot hold whatever else is known: leave it out before reading lives for it.
        let (lo, hi) = date.interval();
        let mut stated: HashMap<(String, String), (Option<i64>, Option<i64>)> = HashMap::new();
        for f in facts.iter().filter(|f| f.status != "rejected") {
            let (since, until) = stated.entry(self.relation(entity, f)).or_default();
            if let Some(d) = f.valid_from {
                *since = Some(since.map_or(d.interval().0, |s| s.min(d.interval().0)));
            }
            if let Some(d) = f.valid_to {
                *until = Some(until.map_or(d.interval().1, |u| u.max(d.interval().1)));
            }
        }
        facts.retain(|f| {
            stated
                .get(&self.relation(entity, f))
                .is_none_or(|(since, until)| {
                    !since.is_some_and(|s| s > hi) && !until.is_some_and(|u| u < lo)
                })
        });
        let lines = self.lines(entity, &facts, &mut notes, &mut lives)?;
        let (mut held, mut undated) = (Vec::new(), Vec::new());
        for line in lines {
            let start = line.since.as_ref().or(line.not_before.as_ref());
            let end = line.until.as_ref().or(line.not_after.as_ref());
            let days = (
                start.map(|b| b.date.interval().0),
                end.map(|b| b.date.interval().1),
            );
            if days == (None, None) {
                let basis = match line.seen.first() {
                    Some(s) => format!("no stated dates; reported as holding in {s}"),
                    None => "no dates stated or inferred".to_string(),
                };
                undated.push(AsOfLine { line, basis });
                continue;
            }
            if !holds_on(days, &date) {
                continue;
            }
            // With no start known, evidence from after the date says nothing about it.
            if days.0.is_none()
                && let Some(first) = line.seen.first()
                && first.interval().0 > date.interval().1
            {
                let basis = format!("no start known; first reported as holding in {first}");
                undated.push(AsOfLine { line, basis });
                continue;
            }
            let mut parts = Vec::new();
            if let Some(s) = &line.since {
                parts.push(format!("since {} ({})", s.date, s.basis));
            } else if let Some(s) = &line.not_before {
                parts.push(format!("not before {} ({})", s.date, s.basis));
            }
            if let Some(u) = &line.until {
                parts.push(format!("until {} ({})", u.date, u.basis));
            } else if let Some(u) = &line.not_after {
                parts.push(format!("not after {} ({})", u.date, u.basis));
            }
            held.push(AsOfLine {
                basis: parts.join("; "),
                line,
            });
        }
        let mut r = Renumbering::default();
        for l in held.iter_mut().chain(undated.iter_mut()) {
            l.line.renumber(&mut r);
        }
        Ok(AsOf {
            date,
            entity: entity.clone(),
            predicate: wanted,
            held,
            undated,
            footnotes: notes.finish(self.store, &r)?,
        })
    }
}
