//! The human face of the report: a table per document and overall, the misses, and several
//! systems side by side.
//!
//! ```text
//! overall (2 documents)
//! section       precision  recall     f1  predicted   gold  notes
//! entities          0.812   0.723  0.765        100     97  type-blind P 0.850 R 0.790 F1 0.819
//! ```

use std::fmt::Write;

use crate::report::{Report, Scores};

fn num(x: f64) -> String {
    format!("{x:.3}")
}

fn block(out: &mut String, title: &str, s: &Scores) {
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{:<12} {:>9} {:>7} {:>6} {:>10} {:>6}  notes",
        "section", "precision", "recall", "f1", "predicted", "gold"
    );
    let mut row = |name: &str,
                   p: Option<f64>,
                   r: f64,
                   f: Option<f64>,
                   pred: Option<usize>,
                   gold: usize,
                   notes: String| {
        let opt = |x: Option<f64>| x.map_or_else(|| "-".to_string(), num);
        let _ = writeln!(
            out,
            "{:<12} {:>9} {:>7} {:>6} {:>10} {:>6}  {}",
            name,
            opt(p),
            num(r),
            opt(f),
            pred.map_or_else(|| "-".to_string(), |n| n.to_string()),
            gold,
            notes
        );
    };
    let e = &s.entities;
    row(
        "entities",
        Some(e.prf.precision),
        e.prf.recall,
        Some(e.prf.f1),
        Some(e.prf.predicted),
        e.prf.gold,
        format!(
            "type-blind P {} R {} F1 {}",
            num(e.type_blind.precision),
            num(e.type_blind.recall),
            num(e.type_blind.f1)
        ),
    );
    row(
        "aliases",
        None,
        s.aliases.recall,
        None,
        None,
        s.aliases.gold,
        format!("{} found", s.aliases.found),
    );
    let r = &s.relations;
    let d = &r.dates;
    row(
        "relations",
        Some(r.prf.precision),
        r.prf.recall,
        Some(r.prf.f1),
        Some(r.prf.predicted),
        r.prf.gold,
        format!(
            "dates: {} exact, {} compatible, {} wrong, {} missing, {} unexpected (gold {})",
            d.exact, d.compatible, d.wrong, d.missing, d.unexpected, d.gold
        ),
    );
    let v = &s.events;
    row(
        "events",
        Some(v.precision),
        v.recall,
        Some(v.f1),
        Some(v.predicted),
        v.gold,
        String::new(),
    );
    let c = &s.citations;
    row(
        "citations",
        None,
        if c.gold == 0 {
            1.0
        } else {
            c.matched as f64 / c.gold as f64
        },
        None,
        Some(c.predicted),
        c.gold,
        format!(
            "field accuracy {} (publisher {}, title {}, date {}, url {} of {} paired)",
            num(c.field_accuracy),
            c.fields.publisher,
            c.fields.title,
            c.fields.date,
            c.fields.url,
            c.matched
        ),
    );
    let a = &s.assessments;
    row(
        "assessments",
        Some(a.precision),
        a.recall,
        None,
        Some(a.predicted),
        a.gold,
        format!("band accuracy {}", num(a.band_accuracy)),
    );
}

impl Report {
    /// The overall table, preceded by one table per document when `per_doc`.
    pub fn table(&self, per_doc: bool) -> String {
        let mut out = String::new();
        if per_doc {
            for d in &self.documents {
                block(&mut out, &d.file, &d.scores);
                out.push('\n');
            }
        }
        let n = self.documents.len();
        let title = format!("overall ({n} document{})", if n == 1 { "" } else { "s" });
        block(&mut out, &title, &self.overall);
        for w in &self.warnings {
            let _ = writeln!(out, "warning: {w}");
        }
        out
    }

    /// The false positives, false negatives and wrong values of every document.
    pub fn misses_text(&self) -> String {
        let mut out = String::new();
        for d in &self.documents {
            let _ = writeln!(out, "== {}", d.file);
            for (name, m) in d.misses.sections() {
                if m.is_empty() {
                    continue;
                }
                let _ = writeln!(out, "{name}");
                for (label, items) in [
                    ("false negative", &m.false_negatives),
                    ("false positive", &m.false_positives),
                    ("wrong", &m.wrong),
                ] {
                    for item in items {
                        let _ = writeln!(out, "  {label}: {item}");
                    }
                }
            }
        }
        out
    }
}

/// Several systems' overall figures in one table: one column per system.
pub fn side_by_side(systems: &[(&str, &Report)]) -> String {
    let mut out = String::new();
    let width = systems
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(0)
        .max(17);
    let _ = write!(out, "{:<26}", "overall P / R / F1");
    for (name, _) in systems {
        let _ = write!(out, "  {name:>width$}");
    }
    out.push('\n');
    type Line = fn(&Scores) -> String;
    let lines: [(&str, Line); 7] = [
        ("entities", |s| {
            format!(
                "{} {} {}",
                num(s.entities.prf.precision),
                num(s.entities.prf.recall),
                num(s.entities.prf.f1)
            )
        }),
        ("entities (type-blind)", |s| {
            let b = &s.entities.type_blind;
            format!("{} {} {}", num(b.precision), num(b.recall), num(b.f1))
        }),
        ("aliases (recall)", |s| num(s.aliases.recall)),
        ("relations", |s| {
            let r = &s.relations.prf;
            format!("{} {} {}", num(r.precision), num(r.recall), num(r.f1))
        }),
        ("events", |s| {
            let e = &s.events;
            format!("{} {} {}", num(e.precision), num(e.recall), num(e.f1))
        }),
        ("citations (field acc.)", |s| {
            num(s.citations.field_accuracy)
        }),
        ("assessments (recall)", |s| num(s.assessments.recall)),
    ];
    for (label, f) in lines {
        let _ = write!(out, "{label:<26}");
        for (_, r) in systems {
            let _ = write!(out, "  {:>width$}", f(&r.overall));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Counts, DocumentScore, Misses, Tally};

    fn report(matched: usize, predicted: usize, gold: usize) -> Report {
        let mut misses = Misses::default();
        misses
            .entities
            .false_negatives
            .push("location \"Kismayo\"".to_string());
        let tally = Tally {
            entities: Counts {
                matched,
                predicted,
                gold,
            },
            entities_type_blind: Counts {
                matched,
                predicted,
                gold,
            },
            ..Tally::default()
        };
        Report::new(
            vec![DocumentScore {
                file: "kismayo.txt".into(),
                tally,
                misses,
            }],
            vec![],
        )
    }

    #[test]
    fn table_rows_show_the_figures() {
        let t = report(1, 2, 4).table(false);
        let lines: Vec<_> = t.lines().collect();
        assert_eq!(lines[0], "overall (1 document)");
        assert_eq!(
            lines[2],
            "entities         0.500   0.250  0.333          2      4  type-blind P 0.500 R 0.250 F1 0.333"
        );
        assert!(report(1, 2, 4).table(true).starts_with("kismayo.txt\n"));
    }

    #[test]
    fn misses_are_listed_by_document_and_section() {
        assert_eq!(
            report(0, 0, 1).misses_text(),
            "== kismayo.txt\nentities\n  false negative: location \"Kismayo\"\n"
        );
    }

    #[test]
    fn systems_stand_side_by_side() {
        let a = report(2, 2, 4);
        let b = report(1, 4, 4);
        let t = side_by_side(&[("dossier", &a), ("spaCy", &b)]);
        let lines: Vec<_> = t.lines().collect();
        assert_eq!(
            lines[0],
            "overall P / R / F1                    dossier              spaCy"
        );
        assert_eq!(
            lines[1],
            "entities                    1.000 0.500 0.667  0.250 0.250 0.250"
        );
        assert_eq!(lines.len(), 8);
    }
}
