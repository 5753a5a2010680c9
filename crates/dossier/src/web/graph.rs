//! The link graph of an entity as of a date: its neighbours through statements that held
//! then, laid out on the server (a small force-directed layout) and drawn as SVG.
//!
//! ```text
//! GET /graph/12?asof=2019        nodes: JNIM (centre), Ansar Dine, Katiba Macina, …
//!                                edges: merged_into, leader_of, … with their sources
//! GET /api/entities/12/graph?asof=2019   the same as JSON, with x and y
//! ```
//!
//! The graph is `dossier-query`'s (depth 1, as of the date); the layout is Fruchterman–Reingold from a deterministic start (nodes on a circle in id
//! order), so the same graph is always drawn the same way.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use dossier_model::FuzzyDate;
use dossier_query::{GraphOptions, Questions};
use serde::{Deserialize, Serialize};

use super::api::ok;
use super::auth::Viewer;
use super::html::Html;
use super::pages::page;
use super::profile::query_failure;
use super::state::{ApiFailure, App, Failure};

#[derive(Clone, Debug, Serialize)]
pub struct Node {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Steps from the centre.
    pub distance: usize,
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Edge {
    pub from: i64,
    pub to: i64,
    pub predicate: String,
    pub label: String,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    /// The statements behind the link and how many sources they come from.
    pub statements: Vec<i64>,
    pub sources: usize,
}

#[derive(Debug, Serialize)]
pub struct Graph {
    pub center: i64,
    pub asof: Option<FuzzyDate>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub truncated: bool,
}

/// Width and height of the drawing.
const W: f64 = 900.0;
const H: f64 = 600.0;

/// Most nodes drawn.
const MAX_NODES: usize = 60;

/// The graph around `id` as `dossier-query` answers it (as of `asof` when given), laid out.
pub fn build(
    app: &App,
    store: &dossier_store::Store,
    id: i64,
    asof: Option<FuzzyDate>,
) -> Result<Graph, Failure> {
    let q = Questions::new(store, &app.vocabulary).map_err(query_failure)?;
    let center = q.find(&id.to_string()).map_err(query_failure)?;
    let options = GraphOptions {
        depth: 1,
        as_of: asof,
        max_nodes: MAX_NODES,
        ..GraphOptions::default()
    };
    let g = q.graph(&center, &options).map_err(query_failure)?;
    let mut nodes: Vec<Node> = g
        .nodes
        .into_iter()
        .map(|n| Node {
            id: n.node.id,
            name: n.node.name,
            entity_type: n.node.entity_type,
            distance: n.distance,
            x: 0.0,
            y: 0.0,
        })
        .collect();
    let edges: Vec<Edge> = g
        .edges
        .into_iter()
        .map(|e| Edge {
            from: e.source,
            to: e.target,
            predicate: e.predicate,
            label: e.label,
            valid_from: e.valid_from,
            valid_to: e.valid_to,
            statements: e.statements,
            sources: e.sources,
        })
        .collect();
    layout(&mut nodes, &edges, id);
    Ok(Graph {
        center: id,
        asof,
        nodes,
        edges,
        truncated: g.truncated,
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
    Ok(app.with(|store| Ok(ok(&build(&app, store, id, asof)?)))?)
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
        let g = build(&app, store, id, asof)?;
        let all = build(&app, store, id, None)?;
        let name = g.nodes.iter().find(|n| n.id == id).map(|n| n.name.clone()).unwrap_or_default();
        let mut h = Html::new();
        h.raw("<h1>Links of <a href=\"/entities/").num(id).raw("\">").text(&name).raw("</a></h1>");
        // Years the links span, for the slider.
        let years: Vec<i32> = all
            .edges
            .iter()
            .flat_map(|e| [e.valid_from, e.valid_to])
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
                .text(&e.label)
                .raw("</span> <a href=\"/entities/").num(e.to).raw("\">").text(names.get(&e.to).copied().unwrap_or("?")).raw("</a> — ");
            h.raw("<span class=\"meta\">(").num(e.sources);
            h.raw(if e.sources == 1 { " source)" } else { " sources)" }).raw("</span>");
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

    #[test]
    fn layout_is_deterministic_and_inside() {
        let mk = |id| Node {
            id,
            distance: 1,
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
                label: "p".into(),
                valid_from: None,
                valid_to: None,
                statements: Vec::new(),
                sources: 1,
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
