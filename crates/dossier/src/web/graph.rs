//! The link graph of an entity as of a date: its neighbours through statements that held
//! then, laid out on the server (a small force-directed layout) and drawn as SVG.
//!
//! ```text
//! GET /graph/12?asof=2019        nodes: JNIM (centre), Ansar Dine, Katiba Macina, …
//!                                edges: merged_into, leader_of, … each with its source sentence
//! GET /api/entities/12/graph?asof=2019   the same as JSON, with x and y
//! ```
//!
//! The layout is Fruchterman–Reingold from a deterministic start (nodes on a circle in id
//! order), so the same graph is always drawn the same way.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use dossier_model::FuzzyDate;
use dossier_store::StoredObject;
use serde::{Deserialize, Serialize};

use super::api::ok;
use super::auth::Viewer;
use super::gather;
use super::html::Html;
use super::pages::{page, source_link};
use super::state::{ApiFailure, App, Failure};

/// True when a statement valid from `from` to `to` (either open) may hold on `date`.
pub fn valid_at(from: Option<FuzzyDate>, to: Option<FuzzyDate>, date: FuzzyDate) -> bool {
    let (lo, hi) = date.interval();
    from.is_none_or(|f| f.interval().0 <= hi) && to.is_none_or(|t| t.interval().1 >= lo)
}

#[derive(Clone, Debug, Serialize)]
pub struct Node {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Edge {
    pub from: i64,
    pub to: i64,
    pub predicate: String,
    pub source: String,
    pub sentence: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Graph {
    pub center: i64,
    pub asof: Option<FuzzyDate>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Width and height of the drawing.
const W: f64 = 900.0;
const H: f64 = 600.0;

/// The graph around `id`, as of `asof` when given.
pub fn build(
    store: &dossier_store::Store,
    id: i64,
    asof: Option<FuzzyDate>,
) -> Result<Graph, Failure> {
    let facts = gather::entity_facts(store, id)?;
    let mut nodes: BTreeMap<i64, Node> = BTreeMap::new();
    let node = |id: i64, name: &str, t: &str| Node {
        id,
        name: name.to_string(),
        entity_type: t.to_string(),
        x: 0.0,
        y: 0.0,
    };
    nodes.insert(id, node(id, &facts.entity.name, &facts.entity.entity_type));
    let types: BTreeMap<i64, String> = store
        .entities()?
        .into_iter()
        .map(|e| (e.id, e.entity_type))
        .collect();
    let mut edges = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for s in &facts.statements {
        let st = &s.item;
        let StoredObject::Entity(object) = &st.object else {
            continue;
        };
        if let Some(d) = asof
            && !valid_at(st.valid_from, st.valid_to, d)
        {
            continue;
        }
        for r in [&st.subject, object] {
            let t = types.get(&r.id).map_or("", String::as_str);
            nodes.entry(r.id).or_insert_with(|| node(r.id, &r.name, t));
        }
        if seen.insert((st.subject.id, object.id, st.predicate.clone())) {
            edges.push(Edge {
                from: st.subject.id,
                to: object.id,
                predicate: st.predicate.clone(),
                source: s.source.clone(),
                sentence: st.sentence,
            });
        }
    }
    let mut nodes: Vec<Node> = nodes.into_values().collect();
    layout(&mut nodes, &edges, id);
    Ok(Graph {
        center: id,
        asof,
        nodes,
        edges,
    })
}

/// Fruchterman–Reingold, centre pinned in the middle.
fn layout(nodes: &mut [Node], edges: &[Edge], center: i64) {
    let n = nodes.len();
    if n == 0 {
        return;
    }
    let index: BTreeMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    for (i, node) in nodes.iter_mut().enumerate() {
        let a = std::f64::consts::TAU * i as f64 / n as f64;
        node.x = W / 2.0 + 0.35 * W * a.cos();
        node.y = H / 2.0 + 0.35 * H * a.sin();
        if node.id == center {
            node.x = W / 2.0;
            node.y = H / 2.0;
        }
    }
    let k = (W * H / n as f64).sqrt() * 0.6;
    let mut temp = W / 8.0;
    for _ in 0..300 {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                disp[i].0 += dx / d * f;
                disp[i].1 += dy / d * f;
                disp[j].0 -= dx / d * f;
                disp[j].1 -= dy / d * f;
            }
        }
        for e in edges {
            let (Some(&a), Some(&b)) = (index.get(&e.from), index.get(&e.to)) else {
                continue;
            };
            if a == b {
                continue;
            }
            let (dx, dy) = (nodes[a].x - nodes[b].x, nodes[a].y - nodes[b].y);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k;
            disp[a].0 -= dx / d * f;
            disp[a].1 -= dy / d * f;
            disp[b].0 += dx / d * f;
            disp[b].1 += dy / d * f;
        }
        for (node, (dx, dy)) in nodes.iter_mut().zip(disp) {
            if node.id == center {
                continue;
            }
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            node.x = (node.x + dx / d * d.min(temp)).clamp(60.0, W - 60.0);
            node.y = (node.y + dy / d * d.min(temp)).clamp(30.0, H - 30.0);
        }
        temp = (temp * 0.97).max(1.0);
    }
}

#[derive(Deserialize, Default)]
pub struct AsOf {
    #[serde(default)]
    asof: String,
    #[serde(default)]
    year: String,
}

impl AsOf {
    fn date(&self) -> Result<Option<FuzzyDate>, Failure> {
        let s = if self.asof.trim().is_empty() {
            self.year.trim()
        } else {
            self.asof.trim()
        };
        if s.is_empty() {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|e| {
            Failure::bad_request(format!(
                "`{s}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD): {e}"
            ))
        })
    }
}

pub async fn api(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Query(q): Query<AsOf>,
) -> Result<Response, ApiFailure> {
    let asof = q.date()?;
    Ok(app.with(|store| Ok(ok(&build(store, id, asof)?)))?)
}

/// The colour class of an entity type.
fn class(app: &App, t: &str) -> &'static str {
    let v = &app.vocabulary;
    if v.is_a(t, "person") {
        "#e8a33d"
    } else if v.is_a(t, "location") {
        "#4a9d5b"
    } else if v.is_a(t, "organization") {
        "#3b7dc4"
    } else {
        "#8a8f98"
    }
}

pub async fn page_handler(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<AsOf>,
) -> Result<Response, Failure> {
    let asof = q.date()?;
    let (title, body) = app.with(|store| {
        let g = build(store, id, asof)?;
        let all = build(store, id, None)?;
        let name = g.nodes.iter().find(|n| n.id == id).map(|n| n.name.clone()).unwrap_or_default();
        let mut h = Html::new();
        h.raw("<h1>Links of <a href=\"/entities/").num(id).raw("\">").text(&name).raw("</a></h1>");
        // Years the links span, for the slider.
        let facts = gather::entity_facts(store, id)?;
        let years: Vec<i32> = facts
            .statements
            .iter()
            .flat_map(|s| [s.item.valid_from, s.item.valid_to])
            .flatten()
            .map(|d| d.year_value())
            .collect();
        h.raw("<form class=\"filters\" method=\"get\"><label>As of <input type=\"date\" name=\"asof\"")
            .attr("value", if q.asof.len() == 10 { &q.asof } else { "" })
            .raw("></label>");
        if let (Some(lo), Some(hi)) = (years.iter().min(), years.iter().max()) {
            let value = asof.map_or(*hi, |d| d.year_value());
            h.raw("<label>Year <input type=\"range\" name=\"year\" data-autosubmit data-output=\"year-out\"")
                .attr("min", &lo.to_string())
                .attr("max", &hi.to_string())
                .attr("value", &value.to_string())
                .raw("> <output id=\"year-out\">")
                .num(value)
                .raw("</output></label>");
        }
        h.raw("<button>Show</button> <a href=\"/graph/").num(id).raw("\">all dates</a></form>");
        match asof {
            Some(d) => {
                h.raw("<p class=\"meta\">").num(g.edges.len()).raw(" of ").num(all.edges.len());
                h.raw(" links held as of ").text(&d.to_string()).raw(".</p>");
            }
            None => {
                h.raw("<p class=\"meta\">").num(g.edges.len()).raw(" links, all dates.</p>");
            }
        }
        svg(&mut h, &app, &g);
        h.raw("<section><h2>Links</h2><ul>");
        let names: BTreeMap<i64, &str> = g.nodes.iter().map(|n| (n.id, n.name.as_str())).collect();
        for e in &g.edges {
            h.raw("<li><a href=\"/entities/").num(e.from).raw("\">").text(names.get(&e.from).copied().unwrap_or("?")).raw("</a> <span class=\"pred\">")
                .text(&e.predicate.replace('_', " "))
                .raw("</span> <a href=\"/entities/").num(e.to).raw("\">").text(names.get(&e.to).copied().unwrap_or("?")).raw("</a> — ");
            source_link(&mut h, &e.source, Some("source"), e.sentence);
            h.raw("</li>");
        }
        h.raw("</ul></section>");
        Ok((name, h))
    })?;
    Ok(page(&format!("Links of {title}"), viewer.0.as_ref(), &body))
}

/// The graph as inline SVG: edges with their predicate, nodes linking to their graphs.
fn svg(h: &mut Html, app: &App, g: &Graph) {
    let pos: BTreeMap<i64, (f64, f64)> = g.nodes.iter().map(|n| (n.id, (n.x, n.y))).collect();
    h.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 900 600\" role=\"img\" aria-label=\"Link graph\"><g class=\"edges\">");
    for e in &g.edges {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (pos.get(&e.from), pos.get(&e.to)) else {
            continue;
        };
        h.raw("<line class=\"edge\" x1=\"")
            .float(x1, 1)
            .raw("\" y1=\"")
            .float(y1, 1)
            .raw("\" x2=\"")
            .float(x2, 1)
            .raw("\" y2=\"")
            .float(y2, 1)
            .raw("\"/>");
        h.raw("<text class=\"edge-label\" text-anchor=\"middle\" x=\"")
            .float((x1 + x2) / 2.0, 1)
            .raw("\" y=\"")
            .float((y1 + y2) / 2.0 - 3.0, 1)
            .raw("\">")
            .text(&e.predicate.replace('_', " "))
            .raw("</text>");
    }
    h.raw("</g><g class=\"nodes\">");
    for n in &g.nodes {
        h.raw("<a href=\"/graph/").num(n.id);
        if let Some(d) = g.asof {
            h.raw("?asof=").text(&d.iso());
        }
        h.raw("\"><g class=\"node");
        if n.id == g.center {
            h.raw(" center");
        }
        h.raw("\"><circle r=\"")
            .num(if n.id == g.center { 14u32 } else { 9 })
            .raw("\" cx=\"")
            .float(n.x, 1)
            .raw("\" cy=\"")
            .float(n.y, 1)
            .raw("\"")
            .attr("fill", class(app, &n.entity_type))
            .raw("><title>")
            .text(&n.name)
            .raw(" (")
            .text(&n.entity_type)
            .raw(")</title></circle>");
        h.raw("<text text-anchor=\"middle\" x=\"")
            .float(n.x, 1)
            .raw("\" y=\"")
            .float(n.y + 24.0, 1)
            .raw("\">")
            .text(&n.name)
            .raw("</text></g></a>");
    }
    h.raw("</g></svg>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FuzzyDate {
        s.parse().unwrap()
    }

    #[test]
    fn validity() {
        assert!(valid_at(Some(d("2017")), None, d("2019-05")));
        assert!(!valid_at(Some(d("2017")), None, d("2016")));
        assert!(valid_at(None, Some(d("2012-03")), d("2012")));
        assert!(!valid_at(Some(d("2010")), Some(d("2012")), d("2013-01-01")));
        assert!(valid_at(None, None, d("1990")));
    }

    #[test]
    fn layout_is_deterministic_and_inside() {
        let mk = |id| Node {
            id,
            name: String::new(),
            entity_type: String::new(),
            x: 0.0,
            y: 0.0,
        };
        let edges: Vec<Edge> = (2..8)
            .map(|i| Edge {
                from: 1,
                to: i,
                predicate: "p".into(),
                source: String::new(),
                sentence: None,
            })
            .collect();
        let mut a: Vec<Node> = (1..8).map(mk).collect();
        let mut b: Vec<Node> = (1..8).map(mk).collect();
        layout(&mut a, &edges, 1);
        layout(&mut b, &edges, 1);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((x.x, x.y), (y.x, y.y));
            assert!((0.0..=W).contains(&x.x) && (0.0..=H).contains(&x.y));
        }
        assert_eq!((a[0].x, a[0].y), (W / 2.0, H / 2.0));
        // Nodes do not sit on each other.
        for i in 0..a.len() {
            for j in (i + 1)..a.len() {
                let dist = ((a[i].x - a[j].x).powi(2) + (a[i].y - a[j].y).powi(2)).sqrt();
                assert!(dist > 20.0, "{i} {j} {dist}");
            }
        }
    }
}
