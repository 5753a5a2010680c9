//! Briefings as Markdown and HTML, and the escaping every output needs.
//!
//! ```text
//! brief.to_markdown()            ──►  "# JNIM\n\n## Key facts\n\n- Leaders: Iyad ag Ghali …[^1]"
//! brief.to_html(Some(&map))      ──►  "<!DOCTYPE html>…<img alt=\"Map\" src=\"data:image/svg+xml,…\">"
//! escape_html("<script>")        ──►  "&lt;script&gt;"
//! ```
//!
//! **Report text is hostile input**: every string from the store goes through [`escape_html`]
//! (HTML) or [`escape_xml`] (GraphML). A map drawn by a [`MapHook`] is embedded as an image
//! data URI, never as markup, so whatever it contains cannot run in the page.

use std::fmt::Write;

use crate::brief::{Brief, BriefPlace};
use crate::notes::Footnote;
use crate::profile::Line;
use crate::timeline::TimelineEntry;

/// Draws the places of a briefing as an SVG map (the map crate supplies one); `None` keeps
/// the table of places alone.
pub trait MapHook {
    fn svg(&self, places: &[BriefPlace]) -> Option<String>;
}

/// Text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for XML content and attributes: markup escaped, characters XML 1.0 forbids dropped.
pub fn escape_xml(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// A footnote as one line of text: publisher, title, date, URL, the sentence, its citations.
pub fn footnote_text(f: &Footnote) -> String {
    let s = &f.source;
    let mut parts = Vec::new();
    if let Some(p) = &s.publisher {
        parts.push(p.clone());
    }
    parts.push(match &s.title {
        Some(t) => format!("\"{t}\""),
        None => format!("source {}", &s.id[..s.id.len().min(12)]),
    });
    if let Some(d) = &s.published {
        parts.push(d.to_string());
    }
    if let Some(u) = &s.url {
        parts.push(u.clone());
    }
    let mut out = parts.join(", ");
    if let Some(sentence) = &f.sentence {
        let _ = write!(out, ". Sentence {}: \"{}\"", sentence.idx, sentence.text);
    }
    for c in &f.citations {
        let mut cite = Vec::new();
        for v in [&c.author, &c.title, &c.publisher].into_iter().flatten() {
            cite.push(v.clone());
        }
        if let Some(d) = &c.date {
            cite.push(d.to_string());
        }
        if let Some(u) = &c.url {
            cite.push(u.clone());
        }
        if cite.is_empty() {
            cite.push(c.raw.clone());
        }
        let marker = c.marker.clone().unwrap_or_default();
        let foreign = if c.foreign_domain {
            " (foreign domain)"
        } else {
            ""
        };
        let _ = write!(out, " Cites {marker} {}{foreign}.", cite.join(", "));
    }
    out
}

/// A profile line as text: "Iyad ag Ghali, since 2017-03-02 (2 sources)".
pub fn line_text(l: &Line) -> String {
    let mut out = match (&l.other, &l.value) {
        (Some(o), _) => o.name.clone(),
        (None, Some(v)) => v.clone(),
        (None, None) => String::new(),
    };
    if l.relation != "position" && l.relation != "type" && l.relation != "ideology" {
        out = format!("{} {out}", l.label);
    }
    if let Some(s) = &l.since {
        let _ = write!(out, ", since {}", s.date);
    } else if let Some(s) = &l.not_before {
        let _ = write!(out, ", not before {}", s.date);
    }
    if let Some(u) = &l.until {
        let _ = write!(out, ", until {}", u.date);
    } else if let Some(u) = &l.not_after {
        let _ = write!(out, ", not after {}", u.date);
    }
    if let Some(p) = &l.program {
        let _ = write!(out, ", program: {p}");
    }
    if let Some(r) = &l.reference {
        let _ = write!(out, ", reference {r}");
    }
    if !l.hedges.is_empty() {
        let _ = write!(out, " (hedged: {})", l.hedges.join("; "));
    }
    let sources = if l.corroboration == 1 {
        "source"
    } else {
        "sources"
    };
    let _ = write!(out, " ({} {sources})", l.corroboration);
    out
}

/// A timeline entry's title, with the text's words when the kind says little.
pub fn entry_text(e: &TimelineEntry) -> String {
    match &e.description {
        Some(d) if e.kind == "other" || e.kind == "statement" => format!("{}: {d}", e.title),
        _ => e.title.clone(),
    }
}

fn marks_md(notes: &[usize]) -> String {
    notes.iter().map(|n| format!("[^{n}]")).collect()
}

fn marks_html(notes: &[usize]) -> String {
    notes
        .iter()
        .map(|n| format!("<sup><a href=\"#fn{n}\" id=\"ref{n}\">{n}</a></sup>"))
        .collect()
}

/// Markdown special characters in running text, escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

impl Brief {
    /// The briefing as Markdown with footnotes (`[^n]`).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", md(&self.title));
        if !self.key_facts.is_empty() {
            out.push_str("## Key facts\n\n");
            for s in &self.key_facts {
                let _ = writeln!(out, "### {}\n", md(&s.title));
                for l in &s.lines {
                    let _ = writeln!(out, "- {}{}", md(&line_text(l)), marks_md(&l.notes));
                }
                out.push('\n');
            }
        }
        if !self.timeline.is_empty() {
            out.push_str(
                "## Timeline\n\n| Date | Precision | What | Sources |\n|---|---|---|---|\n",
            );
            for e in &self.timeline {
                let _ = writeln!(
                    out,
                    "| {} | {} | {}{} | {} |",
                    e.date
                        .map_or_else(|| "undated".to_string(), |d| d.to_string()),
                    e.precision.as_deref().unwrap_or(""),
                    md(&entry_text(e)),
                    marks_md(&e.notes),
                    e.corroboration
                );
            }
            out.push('\n');
        }
        if !self.assessments.is_empty() {
            out.push_str("## Assessments\n\n");
            for a in &self.assessments {
                let _ = writeln!(
                    out,
                    "- {} ({}, {}){}",
                    md(&a.claim),
                    md(&a.phrase),
                    md(&a.band_label),
                    marks_md(&a.notes)
                );
            }
            out.push('\n');
        }
        if !self.places.is_empty() {
            out.push_str("## Places\n\n| Place | Events | First | Last |\n|---|---|---|---|\n");
            for p in &self.places {
                let _ = writeln!(
                    out,
                    "| {}{} | {} | {} | {} |",
                    md(&p.place.name),
                    marks_md(&p.notes),
                    p.events,
                    p.first.map(|d| d.to_string()).unwrap_or_default(),
                    p.last.map(|d| d.to_string()).unwrap_or_default()
                );
            }
            out.push('\n');
        }
        if !self.footnotes.is_empty() {
            out.push_str("## Notes\n\n");
            for f in &self.footnotes {
                let _ = writeln!(out, "[^{}]: {}", f.number, md(&footnote_text(f)));
            }
        }
        out
    }

    /// The briefing as a standalone HTML page; every string escaped. With a map hook that
    /// draws something, the map comes before the table of places.
    pub fn to_html(&self, map: Option<&dyn MapHook>) -> String {
        let h = escape_html;
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{}</title>\n</head>\n<body>\n<article>\n<h1>{}</h1>\n",
            h(&self.title),
            h(&self.title)
        );
        if !self.key_facts.is_empty() {
            out.push_str("<section id=\"key-facts\">\n<h2>Key facts</h2>\n");
            for s in &self.key_facts {
                let _ = writeln!(out, "<h3>{}</h3>\n<ul>", h(&s.title));
                for l in &s.lines {
                    let _ = writeln!(out, "<li>{}{}</li>", h(&line_text(l)), marks_html(&l.notes));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</section>\n");
        }
        if !self.timeline.is_empty() {
            out.push_str(
                "<section id=\"timeline\">\n<h2>Timeline</h2>\n<table>\n\
                 <tr><th>Date</th><th>Precision</th><th>What</th><th>Sources</th></tr>\n",
            );
            for e in &self.timeline {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
                    h(&e.date
                        .map_or_else(|| "undated".to_string(), |d| d.to_string())),
                    h(e.precision.as_deref().unwrap_or("")),
                    h(&entry_text(e)),
                    marks_html(&e.notes),
                    e.corroboration
                );
            }
            out.push_str("</table>\n</section>\n");
        }
        if !self.assessments.is_empty() {
            out.push_str("<section id=\"assessments\">\n<h2>Assessments</h2>\n<ul>\n");
            for a in &self.assessments {
                let _ = writeln!(
                    out,
                    "<li>{} <em>({}, {})</em>{}</li>",
                    h(&a.claim),
                    h(&a.phrase),
                    h(&a.band_label),
                    marks_html(&a.notes)
                );
            }
            out.push_str("</ul>\n</section>\n");
        }
        if !self.places.is_empty() {
            out.push_str("<section id=\"places\">\n<h2>Places</h2>\n");
            if let Some(svg) = map.and_then(|m| m.svg(&self.places)) {
                let _ = writeln!(
                    out,
                    "<figure><img alt=\"Map of the places below\" src=\"data:image/svg+xml,{}\"></figure>",
                    percent_encode(&svg)
                );
            }
            out.push_str(
                "<table>\n<tr><th>Place</th><th>Events</th><th>First</th><th>Last</th></tr>\n",
            );
            for p in &self.places {
                let _ = writeln!(
                    out,
                    "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    h(&p.place.name),
                    marks_html(&p.notes),
                    p.events,
                    h(&p.first.map(|d| d.to_string()).unwrap_or_default()),
                    h(&p.last.map(|d| d.to_string()).unwrap_or_default())
                );
            }
            out.push_str("</table>\n</section>\n");
        }
        if !self.footnotes.is_empty() {
            out.push_str("<section id=\"notes\">\n<h2>Notes</h2>\n<ol>\n");
            for f in &self.footnotes {
                let _ = writeln!(
                    out,
                    "<li id=\"fn{}\" value=\"{}\">{}</li>",
                    f.number,
                    f.number,
                    h(&footnote_text(f))
                );
            }
            out.push_str("</ol>\n</section>\n");
        }
        out.push_str("</article>\n</body>\n</html>\n");
        out
    }
}

/// Everything but unreserved ASCII as %XX, for a data URI.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::BriefSubject;
    use dossier_store::Node;

    struct Evil;
    impl MapHook for Evil {
        fn svg(&self, _: &[BriefPlace]) -> Option<String> {
            Some("<svg onload=\"alert(1)\"></svg>\"><script>".into())
        }
    }

    #[test]
    fn html_escapes_everything_and_embeds_maps_as_data() {
        let node = Node {
            id: 1,
            name: "<script>alert('x')</script>".into(),
            entity_type: "town".into(),
        };
        let brief = Brief {
            title: node.name.clone(),
            subject: BriefSubject::Entity(node.clone()),
            key_facts: Vec::new(),
            timeline: Vec::new(),
            assessments: Vec::new(),
            places: vec![BriefPlace {
                place: node,
                coordinates: None,
                events: 1,
                first: None,
                last: None,
                notes: vec![1],
            }],
            footnotes: Vec::new(),
        };
        let html = brief.to_html(Some(&Evil));
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("onload=\""), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(html.contains("data:image/svg+xml,%3Csvg"));
    }

    #[test]
    fn xml_drops_forbidden_characters() {
        assert_eq!(escape_xml("a\u{0}b<&>'\""), "ab&lt;&amp;&gt;&apos;&quot;");
    }
}
