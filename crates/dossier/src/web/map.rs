//! The map page (`/map`), the map as an SVG file (`/map.svg`), and `dossier map --out FILE`.
//!
//! ```text
//! GET /map?actor=JNIM&from=2022&to=2023     filters, the SVG inline, a legend, the events listed
//! $ dossier map --actor JNIM --from 2022 --out jnim.svg
//! ```
//! The SVG comes from `dossier-map`: boundaries shipped as data, events as symbols by type.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use clap::Args;
use dossier_map::{MapEvent, MapOptions};
use dossier_store::StoredEvent;

use super::auth::Viewer;
use super::gather::{self, Footnotes, Sourced};
use super::html::Html;
use super::pages::{EventQuery, event_line, footnote_list, page};
use super::state::{App, Failure};

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_query::MapHook;

    #[test]
    fn briefing_places_are_drawn_escaped() {
        let place = |name: &str, coordinates| dossier_query::BriefPlace {
            place: dossier_store::Node {
                id: 1,
                name: name.to_string(),
                entity_type: "town".into(),
            },
            coordinates,
            events: 3,
            first: "2022".parse().ok(),
            last: "2023".parse().ok(),
            notes: vec![1],
        };
        let svg = BriefMap
            .svg(&[
                place("Gao <b>", Some((16.27, -0.04))),
                place("Nowhere", None),
            ])
            .expect("a located place gives a map");
        assert!(svg.contains("Gao &lt;b&gt;: 3 event(s), 2022 to 2023"));
        assert!(svg.contains("<title>Mali</title>"));
        assert!(BriefMap.svg(&[place("Nowhere", None)]).is_none());
    }
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Only events of this actor (an entity id or a name).
    #[arg(long)]
    pub actor: Option<String>,
    /// Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Latest date.
    #[arg(long)]
    pub to: Option<String>,
    /// Only events of this ACLED type (battles, ...).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// A title drawn on the map.
    #[arg(long)]
    pub title: Option<String>,
    /// Where to write the SVG.
    #[arg(long)]
    pub out: PathBuf,
}

/// The located events of a list, as map symbols linking to their sentences when `links`.
pub fn map_events(events: &[Sourced<StoredEvent>], links: bool) -> Vec<MapEvent> {
    events
        .iter()
        .filter_map(|e| {
            let (lat, lon) = e.item.coordinates?;
            let mut label = e.item.date.map(|d| d.to_string()).unwrap_or_default();
            label.push(' ');
            label.push_str(&e.item.event_type.replace('_', " "));
            if let Some(l) = &e.item.location {
                label.push_str(" at ");
                label.push_str(&l.name);
            }
            let actors: Vec<&str> = e
                .item
                .participants
                .iter()
                .map(|p| p.entity.name.as_str())
                .collect();
            if !actors.is_empty() {
                label.push_str(": ");
                label.push_str(&actors.join(", "));
            }
            Some(MapEvent {
                lon,
                lat,
                event_type: e.item.event_type.clone(),
                label,
                href: links.then(|| match e.item.sentence {
                    Some(s) => format!("/sources/{}#s{s}", e.source),
                    None => format!("/sources/{}", e.source),
                }),
                fatalities: e.item.fatalities,
            })
        })
        .collect()
}

pub async fn page_handler(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Query(q): Query<EventQuery>,
) -> Result<Response, Failure> {
    let types: Vec<&str> = app
        .vocabulary
        .event_types
        .keys()
        .map(String::as_str)
        .collect();
    let body = app.with(|store| {
        let mut h = Html::new();
        h.raw("<h1>Map</h1>");
        q.form(&mut h, "/map", &types);
        let filter = q.filter(store)?;
        let events = gather::events(store, &filter)?;
        let located = map_events(&events, true);
        let svg = dossier_map::render(&located, &MapOptions::default())
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        h.raw("<figure class=\"map\">")
            .trusted(&svg)
            .raw("<figcaption>");
        h.num(located.len())
            .raw(" located event(s) of ")
            .num(events.len())
            .raw(". Boundaries: Natural Earth (public domain). <a href=\"/map.svg?");
        h.text(&query_string(&q))
            .raw("\">SVG file</a></figcaption></figure>");
        h.raw("<ul class=\"legend-map\">");
        for (id, t) in &app.vocabulary.event_types {
            h.raw("<li>")
                .trusted(&dossier_map::symbol_svg(id))
                .raw(" ")
                .text(&t.label)
                .raw("</li>");
        }
        h.raw("</ul><section><h2>Events</h2><ol class=\"timeline\">");
        let mut notes = Footnotes::default();
        for e in &events {
            event_line(&mut h, e, &mut notes);
        }
        h.raw("</ol></section>");
        footnote_list(&mut h, &notes.notes(store)?);
        Ok(h)
    })?;
    Ok(page("Map", viewer.0.as_ref(), &body))
}

/// The filter as a query string (escaped later as an attribute).
fn query_string(q: &EventQuery) -> String {
    use super::html::url_component as u;
    format!(
        "actor={}&from={}&to={}&type={}",
        u(&q.actor),
        u(&q.from),
        u(&q.to),
        u(&q.event_type)
    )
}

pub async fn svg(
    State(app): State<Arc<App>>,
    Query(q): Query<EventQuery>,
) -> Result<Response, Failure> {
    let svg = app.with(|store| {
        let filter = q.filter(store)?;
        let events = gather::events(store, &filter)?;
        let opts = MapOptions {
            standalone: true,
            ..MapOptions::default()
        };
        dossier_map::render(&map_events(&events, false), &opts)
            .map_err(|e| Failure::bad_request(e.to_string()))
    })?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

/// The map of a briefing's places (`dossier_query::Brief::to_html(Some(&BriefMap))`): each
/// located place a symbol sized by how many events happened there, labelled with its name,
/// count and first and last dates.
pub struct BriefMap;

impl dossier_query::MapHook for BriefMap {
    fn svg(&self, places: &[dossier_query::BriefPlace]) -> Option<String> {
        let events: Vec<MapEvent> = places
            .iter()
            .filter_map(|p| {
                let (lat, lon) = p.coordinates?;
                let mut label = format!("{}: {} event(s)", p.place.name, p.events);
                if let (Some(a), Some(b)) = (p.first, p.last) {
                    label.push_str(&format!(", {a} to {b}"));
                }
                Some(MapEvent {
                    lon,
                    lat,
                    event_type: "place".to_string(),
                    label,
                    href: None,
                    fatalities: u32::try_from(p.events.saturating_mul(4)).ok(),
                })
            })
            .collect();
        if events.is_empty() {
            return None;
        }
        // No legend: every symbol is a place, its label says what happened there.
        dossier_map::render(&events, &MapOptions::default()).ok()
    }
}

/// `dossier map … --out FILE`.
pub fn write(app: &App, args: &MapArgs) -> anyhow::Result<usize> {
    let q = EventQuery {
        actor: args.actor.clone().unwrap_or_default(),
        from: args.from.clone().unwrap_or_default(),
        to: args.to.clone().unwrap_or_default(),
        event_type: args.event_type.clone().unwrap_or_default(),
    };
    let (svg, n) = app
        .with(|store| {
            let filter = q.filter(store)?;
            let events = map_events(&gather::events(store, &filter)?, false);
            let opts = MapOptions {
                standalone: true,
                title: args.title.clone(),
                ..MapOptions::default()
            };
            let svg = dossier_map::render(&events, &opts)
                .map_err(|e| Failure::bad_request(e.to_string()))?;
            Ok((svg, events.len()))
        })
        .map_err(|f| anyhow::anyhow!(f.message))?;
    std::fs::write(&args.out, svg)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    Ok(n)
}
