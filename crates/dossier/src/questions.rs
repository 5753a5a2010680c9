//! The analysts' questions (issue 7): `profile`, `timeline`, `asof`, `graph`, `conflicts`,
//! `brief`. Each prints text by default and JSON with `--json` (the JSON is the
//! `dossier-query` types, the same the web app renders).
//!
//! ```text
//! dossier profile JNIM
//! dossier timeline "Iyad Ag Ghaly" --from 2012 --to 2017
//! dossier asof 2015-01-01 "Iyad Ag Ghaly" --predicate leader_of
//! dossier graph JNIM --depth 2 --as-of 2020 --format graphml > jnim.graphml
//! dossier conflicts --json
//! dossier brief --place Mali --from 2022 --to 2023 --format html > mali.html
//! ```

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_query::{
    AsOfLine, Brief, BriefSubject, Footnote, GraphOptions, Line, Questions, TimelineEntry,
    TimelineFilter,
};
use dossier_store::Node;

use crate::cli::parse_date;
use crate::kb;

/// The subcommands this module answers; flattened into the top-level command line.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The profile of a person or group: names, affiliations, leaders, areas, designations,
    /// timeline, rhetoric and assessments, every line footnoted.
    Profile {
        /// An entity id, name or alias.
        entity: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Events and dated statements in date order.
    Timeline {
        /// An entity id, name or alias (all events when left out).
        entity: Option<String>,
        /// Only events at this place or places within it.
        #[arg(long)]
        place: Option<String>,
        /// From this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: Option<FuzzyDate>,
        /// Until this date.
        #[arg(long, value_parser = parse_date)]
        to: Option<FuzzyDate>,
        /// Only this event kind, ACLED type or sub-type, or predicate.
        #[arg(long = "type")]
        kind: Option<String>,
        /// At most this many entries (0: all).
        #[arg(long, default_value_t = 0)]
        limit: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// What held about an entity on a date.
    Asof {
        /// The date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(value_parser = parse_date)]
        date: FuzzyDate,
        /// An entity id, name or alias.
        entity: String,
        /// Only this predicate (or its inverse, e.g. led_by).
        #[arg(long)]
        predicate: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The link graph around an entity.
    Graph {
        /// An entity id, name or alias.
        entity: String,
        /// How many steps out.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// Only links that held on this date.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<FuzzyDate>,
        /// Only these predicates (comma-separated; inverses accepted).
        #[arg(long, value_delimiter = ',')]
        predicates: Vec<String>,
        /// At most this many nodes.
        #[arg(long, default_value_t = 2000)]
        max_nodes: usize,
        #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
        format: GraphFormat,
    },
    /// Contradictions: two values of a functional predicate at once, two dates for one event.
    Conflicts {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// A briefing on an entity, or on a place and period, with numbered footnotes.
    Brief {
        /// An entity id, name or alias (or use --place).
        entity: Option<String>,
        /// A place instead of an entity.
        #[arg(long, conflicts_with = "entity")]
        place: Option<String>,
        #[arg(long, value_parser = parse_date, requires = "place")]
        from: Option<FuzzyDate>,
        #[arg(long, value_parser = parse_date, requires = "place")]
        to: Option<FuzzyDate>,
        #[arg(long, value_enum, default_value_t = BriefFormat::Md)]
        format: BriefFormat,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Json,
    Dot,
    Graphml,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Md,
    Html,
    Json,
}

/// Runs one of this module's subcommands.
pub fn run(db: &Path, command: Command, vocabulary: Vocabulary) -> anyhow::Result<ExitCode> {
    let store = kb::open_existing(db)?;
    store.tune_for_questions();
    let q = Questions::new(&store, &vocabulary)?;
    let find = |name: &str| -> anyhow::Result<Node> { Ok(q.find(name)?) };
    let mut out = std::io::stdout().lock();
    match command {
        Command::Profile { entity, json } => {
            let p = q.profile(&find(&entity)?)?;
            if json {
                print_json(&mut out, &p)?;
            } else {
                print_profile(&mut out, &p)?;
            }
        }
        Command::Timeline {
            entity,
            place,
            from,
            to,
            kind,
            limit,
            json,
        } => {
            let filter = TimelineFilter {
                entity: entity.as_deref().map(find).transpose()?,
                place: place.as_deref().map(find).transpose()?,
                from,
                to,
                kind,
                limit,
            };
            let t = q.timeline(&filter)?;
            if json {
                print_json(&mut out, &t)?;
            } else {
                print_entries(&mut out, &t.entries)?;
                print_footnotes(&mut out, &t.footnotes)?;
            }
        }
        Command::Asof {
            date,
            entity,
            predicate,
            json,
        } => {
            let a = q.as_of(date, &find(&entity)?, predicate.as_deref())?;
            if json {
                print_json(&mut out, &a)?;
            } else {
                writeln!(out, "{} as of {}", a.entity.name, a.date)?;
                print_asof(&mut out, "Held", &a.held)?;
                print_asof(&mut out, "Undated (the store cannot say)", &a.undated)?;
                print_footnotes(&mut out, &a.footnotes)?;
            }
        }
        Command::Graph {
            entity,
            depth,
            as_of,
            predicates,
            max_nodes,
            format,
        } => {
            let options = GraphOptions {
                depth,
                as_of,
                predicates,
                max_nodes,
            };
            let g = q.graph(&find(&entity)?, &options)?;
            match format {
                GraphFormat::Json => print_json(&mut out, &g)?,
                GraphFormat::Dot => out.write_all(g.to_dot().as_bytes())?,
                GraphFormat::Graphml => out.write_all(g.to_graphml().as_bytes())?,
            }
        }
        Command::Conflicts { json } => {
            let c = q.conflicts()?;
            if json {
                print_json(&mut out, &c)?;
            } else {
                if c.conflicts.is_empty() {
                    writeln!(out, "no conflicts")?;
                }
                for x in &c.conflicts {
                    writeln!(out, "{}", x.description)?;
                    for s in &x.sides {
                        let from = s
                            .valid_from
                            .map(|d| format!(" from {d}"))
                            .unwrap_or_default();
                        let to = s
                            .valid_to
                            .map(|d| format!(" until {d}"))
                            .unwrap_or_default();
                        writeln!(out, "  - {}{from}{to} {}", s.value, marks(&s.notes))?;
                    }
                }
                print_footnotes(&mut out, &c.footnotes)?;
            }
        }
        Command::Brief {
            entity,
            place,
            from,
            to,
            format,
        } => {
            let subject = match (entity, place) {
                (Some(e), None) => BriefSubject::Entity(find(&e)?),
                (None, Some(p)) => BriefSubject::Place {
                    place: find(&p)?,
                    from,
                    to,
                },
                _ => anyhow::bail!("brief needs an entity or --place"),
            };
            let b: Brief = q.brief(&subject)?;
            match format {
                BriefFormat::Md => out.write_all(b.to_markdown().as_bytes())?,
                BriefFormat::Html => {
                    out.write_all(b.to_html(Some(&crate::web::BriefMap)).as_bytes())?
                }
                BriefFormat::Json => print_json(&mut out, &b)?,
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_json(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).context("cannot write JSON")?;
    writeln!(out)?;
    Ok(())
}

fn marks(notes: &[usize]) -> String {
    notes.iter().map(|n| format!("[{n}]")).collect()
}

fn print_profile(out: &mut impl Write, p: &dossier_query::Profile) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} ({}, id {})",
        p.entity.name, p.type_label, p.entity.id
    )?;
    writeln!(out, "\nNames")?;
    for n in &p.names {
        let weak = if n.weak { " (weak)" } else { "" };
        let count = n.sources.len();
        writeln!(
            out,
            "  {}{weak}, {count} source(s) {}",
            n.name,
            marks(&n.notes)
        )?;
    }
    if !p.identifiers.is_empty() {
        writeln!(out, "\nIdentifiers")?;
        for i in &p.identifiers {
            writeln!(out, "  {} {} {}", i.scheme, i.value, marks(&i.notes))?;
        }
    }
    for s in &p.sections {
        writeln!(out, "\n{}", s.title)?;
        for l in &s.lines {
            print_line(out, l)?;
        }
    }
    if !p.timeline.is_empty() {
        writeln!(out, "\nTimeline")?;
        print_entries(out, &p.timeline)?;
    }
    if !p.rhetoric.is_empty() {
        writeln!(out, "\nRhetoric")?;
        for r in &p.rhetoric {
            let date = r
                .date
                .map_or_else(|| "undated".to_string(), |d| d.to_string());
            let said = if r.quoted.is_empty() {
                r.text.clone()
            } else {
                r.quoted
                    .iter()
                    .map(|q| format!("\u{201C}{q}\u{201D}"))
                    .collect::<Vec<_>>()
                    .join(" … ")
            };
            writeln!(out, "  {date:<12} {said} {}", marks(&r.notes))?;
        }
    }
    if !p.assessments.is_empty() {
        writeln!(out, "\nAssessments")?;
        for a in &p.assessments {
            writeln!(
                out,
                "  {} ({}, {}) {}",
                a.claim,
                a.phrase,
                a.band_label,
                marks(&a.notes)
            )?;
        }
    }
    print_footnotes(out, &p.footnotes)
}

fn print_line(out: &mut impl Write, l: &Line) -> anyhow::Result<()> {
    writeln!(out, "  {} {}", dossier_query::line_text(l), marks(&l.notes))?;
    Ok(())
}

fn print_asof(out: &mut impl Write, title: &str, lines: &[AsOfLine]) -> anyhow::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}")?;
    for l in lines {
        print_line(out, &l.line)?;
        writeln!(out, "      {}", l.basis)?;
    }
    Ok(())
}

fn print_entries(out: &mut impl Write, entries: &[TimelineEntry]) -> anyhow::Result<()> {
    for e in entries {
        let date = e
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let precision = e.precision.as_deref().unwrap_or("");
        writeln!(
            out,
            "  {date:<12} {precision:<6} {} {}",
            dossier_query::entry_text(e),
            marks(&e.notes)
        )?;
    }
    Ok(())
}

fn print_footnotes(out: &mut impl Write, notes: &[Footnote]) -> anyhow::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nNotes")?;
    for f in notes {
        writeln!(out, "  [{}] {}", f.number, dossier_query::footnote_text(f))?;
    }
    Ok(())
}
