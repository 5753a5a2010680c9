//! `graph ENTITY [--depth N] [--as-of DATE] [--predicates …] [--format json|dot|graphml]`: the
//! neighbourhood of an entity as a link graph.
//!
//! ```text
//! graph JNIM --depth 1  ──►  nodes: JNIM (0), Iyad ag Ghali (1), Ansar al Din (1), …
//!                            edges: Iyad ag Ghali ─leader_of→ JNIM (3 statements, 2 sources)
//! --as-of 2015-01-01    ──►  only edges whose stated interval holds that day
//! --format graphml      ──►  GraphML 1.0 (Gephi, yEd) with every value XML-escaped
//! ```
//!
//! Edges are statements between two entities, grouped by (subject, predicate, object); as-of
//! uses the statements' stated valid times, and a later start of another value of a functional
//! predicate among the edges found closes an open one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use dossier_model::FuzzyDate;
use dossier_store::{EdgeRow, Node};
use serde::Serialize;

use crate::render::escape_xml;
use crate::time::holds_on;
use crate::{QueryError, Questions};

/// How far and what to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphOptions {
    pub depth: usize,
    pub as_of: Option<FuzzyDate>,
    /// Only these predicates (names or inverses); empty: all.
    pub predicates: Vec<String>,
    /// Stop adding nodes past this many (0: no limit).
    pub max_nodes: usize,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            depth: 1,
            as_of: None,
            predicates: Vec::new(),
            max_nodes: 2000,
        }
    }
}

/// The output formats of a graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Json,
    Dot,
    GraphMl,
}

/// A link graph around one entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Graph {
    pub center: Node,
    pub depth: usize,
    pub as_of: Option<FuzzyDate>,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// True when `max_nodes` cut the graph short.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphNode {
    #[serde(flatten)]
    pub node: Node,
    /// Steps from the center.
    pub distance: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphEdge {
    pub source: i64,
    pub target: i64,
    pub predicate: String,
    pub label: String,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    pub statements: Vec<i64>,
    /// Distinct sources behind the edge.
    pub sources: usize,
}

impl Questions<'_> {
    /// The neighbourhood of `center`, read from one snapshot of the store.
    pub fn graph(&self, center: &Node, options: &GraphOptions) -> Result<Graph, QueryError> {
        self.store.read_snapshot(|| self.graph_now(center, options))
    }

    fn graph_now(&self, center: &Node, options: &GraphOptions) -> Result<Graph, QueryError> {
        let mut predicates = Vec::new();
        for p in &options.predicates {
            match self.vocabulary.resolve_predicate(p) {
                Some((name, _)) => predicates.push(name.to_string()),
                None => {
                    return Err(QueryError::Argument(format!(
                        "`{p}` is not a predicate or an inverse of the vocabulary"
                    )));
                }
            }
        }
        let filter = (!predicates.is_empty()).then_some(predicates.as_slice());
        let mut distance: HashMap<i64, usize> = HashMap::from([(center.id, 0)]);
        let mut order = vec![center.id];
        let mut frontier = vec![center.id];
        let mut rows: BTreeMap<i64, EdgeRow> = BTreeMap::new();
        let mut truncated = false;
        for step in 1..=options.depth {
            let mut edges = self.store.edges_of(&frontier, filter)?;
            if let Some(date) = &options.as_of {
                edges = holding(self, edges, date);
            }
            let mut next = Vec::new();
            for e in edges {
                for end in [e.subject, e.object] {
                    if distance.contains_key(&end) {
                        continue;
                    }
                    if options.max_nodes > 0 && distance.len() >= options.max_nodes {
                        truncated = true;
                        continue;
                    }
                    distance.insert(end, step);
                    order.push(end);
                    next.push(end);
                }
                if distance.contains_key(&e.subject) && distance.contains_key(&e.object) {
                    rows.insert(e.statement, e);
                }
            }
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
        let nodes = self
            .store
            .nodes(&order)?
            .into_iter()
            .map(|node| GraphNode {
                distance: distance.get(&node.id).copied().unwrap_or_default(),
                node,
            })
            .collect();
        type Key = (i64, String, i64);
        let mut grouped: BTreeMap<Key, Vec<EdgeRow>> = BTreeMap::new();
        for e in rows.into_values() {
            grouped
                .entry((e.subject, e.predicate.clone(), e.object))
                .or_default()
                .push(e);
        }
        let edges = grouped
            .into_iter()
            .map(|((source, predicate, target), group)| GraphEdge {
                label: self.relation_label(&predicate),
                valid_from: group
                    .iter()
                    .filter_map(|e| e.valid_from)
                    .min_by_key(|d| d.interval().0),
                valid_to: group
                    .iter()
                    .filter_map(|e| e.valid_to)
                    .max_by_key(|d| d.interval().1),
                statements: group.iter().map(|e| e.statement).collect(),
                sources: group
                    .iter()
                    .map(|e| e.source)
                    .collect::<BTreeSet<_>>()
                    .len(),
                source,
                target,
                predicate,
            })
            .collect();
        Ok(Graph {
            center: center.clone(),
            depth: options.depth,
            as_of: options.as_of,
            nodes,
            edges,
            truncated,
        })
    }
}

/// The edges that hold on `date`: stated intervals, open ones closed by a later start of
/// another value of a functional predicate among `edges`.
fn holding(q: &Questions<'_>, edges: Vec<EdgeRow>, date: &FuzzyDate) -> Vec<EdgeRow> {
    let closes = |e: &EdgeRow| -> Option<i64> {
        let p = q.vocabulary.predicate(&e.predicate)?;
        let start = e.valid_from?.interval().0;
        edges
            .iter()
            .filter(|o| o.predicate == e.predicate)
            .filter(|o| {
                (p.functional && o.subject == e.subject && o.object != e.object)
                    || (p.inverse_functional && o.object == e.object && o.subject != e.subject)
            })
            .filter_map(|o| o.valid_from.map(|d| d.interval().0))
            .filter(|&d| d > start)
            .min()
    };
    let keep: Vec<bool> = edges
        .iter()
        .map(|e| {
            let lo = e.valid_from.map(|d| d.interval().0);
            let hi = e.valid_to.map(|d| d.interval().1).or_else(|| closes(e));
            holds_on((lo, hi), date)
        })
        .collect();
    edges
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

impl Graph {
    /// The graph in Graphviz DOT.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph dossier {\n  node [shape=box];\n");
        for n in &self.nodes {
            let _ = writeln!(
                out,
                "  n{} [label=\"{}\", type=\"{}\"];",
                n.node.id,
                dot_escape(&n.node.name),
                dot_escape(&n.node.entity_type)
            );
        }
        for e in &self.edges {
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{}\", statements={}, sources={}];",
                e.source,
                e.target,
                dot_escape(&e.label),
                e.statements.len(),
                e.sources
            );
        }
        out.push_str("}\n");
        out
    }

    /// The graph in GraphML, which Gephi and yEd open.
    pub fn to_graphml(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
             \x20 <key id=\"name\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n\
             \x20 <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n\
             \x20 <key id=\"distance\" for=\"node\" attr.name=\"distance\" attr.type=\"int\"/>\n\
             \x20 <key id=\"predicate\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n\
             \x20 <key id=\"from\" for=\"edge\" attr.name=\"valid_from\" attr.type=\"string\"/>\n\
             \x20 <key id=\"to\" for=\"edge\" attr.name=\"valid_to\" attr.type=\"string\"/>\n\
             \x20 <key id=\"weight\" for=\"edge\" attr.name=\"sources\" attr.type=\"int\"/>\n\
             \x20 <graph id=\"dossier\" edgedefault=\"directed\">\n",
        );
        for n in &self.nodes {
            let _ = writeln!(
                out,
                "    <node id=\"n{}\"><data key=\"name\">{}</data><data key=\"type\">{}</data>\
                 <data key=\"distance\">{}</data></node>",
                n.node.id,
                escape_xml(&n.node.name),
                escape_xml(&n.node.entity_type),
                n.distance
            );
        }
        for (i, e) in self.edges.iter().enumerate() {
            let _ = write!(
                out,
                "    <edge id=\"e{i}\" source=\"n{}\" target=\"n{}\"><data key=\"predicate\">{}</data>",
                e.source,
                e.target,
                escape_xml(&e.label)
            );
            if let Some(d) = e.valid_from {
                let _ = write!(out, "<data key=\"from\">{d}</data>");
            }
            if let Some(d) = e.valid_to {
                let _ = write!(out, "<data key=\"to\">{d}</data>");
            }
            let _ = writeln!(out, "<data key=\"weight\">{}</data></edge>", e.sources);
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }
}

/// A DOT string body: backslashes, quotes and line ends escaped.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile() -> Graph {
        let n = |id, name: &str| GraphNode {
            node: Node {
                id,
                name: name.into(),
                entity_type: "armed_group".into(),
            },
            distance: 0,
        };
        Graph {
            center: n(1, "x").node,
            depth: 1,
            as_of: None,
            nodes: vec![n(1, "A \"<b>&\" \\ </graph>"), n(2, "B\u{1}\nC")],
            edges: vec![GraphEdge {
                source: 1,
                target: 2,
                predicate: "allied_with".into(),
                label: "allied <with>".into(),
                valid_from: Some("2020".parse().unwrap()),
                valid_to: None,
                statements: vec![7],
                sources: 1,
            }],
            truncated: false,
        }
    }

    #[test]
    fn graphml_escapes_names_and_labels() {
        let xml = hostile().to_graphml();
        assert!(
            xml.contains("A &quot;&lt;b&gt;&amp;&quot; \\ &lt;/graph&gt;"),
            "{xml}"
        );
        assert!(xml.contains("allied &lt;with&gt;"));
        assert!(!xml.contains('\u{1}'));
        assert_eq!(xml.matches("</graphml>").count(), 1);
    }

    #[test]
    fn dot_escapes_quotes_and_backslashes() {
        let dot = hostile().to_dot();
        assert!(dot.contains(r#"label="A \"<b>&\" \\ </graph>""#), "{dot}");
        assert!(dot.contains(r#"label="B\nC""#), "{dot}");
    }
}
