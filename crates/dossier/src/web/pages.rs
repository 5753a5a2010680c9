//! The pages: layout, home, search, lists of entities and sources, timeline.
//!
//! ```text
//! GET /                 search box, counts, newest sources, a quote "in their own words"
//! GET /search?q=Ghaly   entities, sources and sentences that match, with highlights
//! GET /entities         every entity, by type
//! GET /sources          every source, newest first
//! GET /timeline?entity=12&from=2022&to=2023&type=battles
//! ```
//!
//! Every page is complete HTML without JavaScript; the one script (`/assets/app.js`) only
//! adds conveniences (submitting the as-of control as it moves).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use dossier_model::FuzzyDate;
use dossier_store::{SessionRow, Store, StoredEvent};
use serde::Deserialize;

use super::auth::Viewer;
use super::gather::{self, Filter, Footnotes, Note, Sourced};
use super::html::{Html, url_component};
use super::state::{App, Cached, Failure};

/// A whole page around `body`.
pub fn layout(title: &str, viewer: Option<&SessionRow>, body: &Html) -> String {
    let mut h = Html::new();
    h.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>")
        .text(title)
        .raw(" · dossier</title>")
        .raw("<link rel=\"stylesheet\" href=\"/assets/style.css\">")
        .raw("<script src=\"/assets/app.js\" defer></script></head><body>")
        .raw("<header><nav><a class=\"brand\" href=\"/\">dossier</a>")
        .raw("<a href=\"/entities\">Entities</a><a href=\"/sources\">Sources</a>")
        .raw("<a href=\"/timeline\">Timeline</a><a href=\"/map\">Map</a>")
        .raw("<a href=\"/review\">Review</a><a href=\"/api/openapi.json\">API</a>")
        .raw("<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">")
        .raw("<input type=\"search\" name=\"q\" aria-label=\"Search\" placeholder=\"Search names, reports, sentences\">")
        .raw("<button>Search</button></form>");
    match viewer {
        Some(v) => {
            h.raw("<form class=\"user\" action=\"/logout\" method=\"post\"><span>")
                .text(&v.user)
                .raw(" (")
                .text(&v.role)
                .raw(")</span><input type=\"hidden\" name=\"csrf\"")
                .attr("value", &v.csrf)
                .raw("><button>Log out</button></form>");
        }
        None => {
            h.raw("<a class=\"user\" href=\"/login\">Log in</a>");
        }
    }
    h.raw("</nav></header><main>")
        .html(body)
        .raw("</main><footer>dossier · every fact links to the sentence it was read from</footer></body></html>\n");
    h.into_string()
}

/// An HTML response.
pub fn page(title: &str, viewer: Option<&SessionRow>, body: &Html) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        layout(title, viewer, body),
    )
        .into_response()
}

/// The first 12 hex digits of a source id, for people.
pub fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// `<a href="/sources/ID#sN">title</a>`.
pub fn source_link(h: &mut Html, id: &str, title: Option<&str>, sentence: Option<usize>) {
    h.raw("<a href=\"/sources/").text(id);
    if let Some(s) = sentence {
        h.raw("#s").num(s);
    }
    h.raw("\">").text(title.unwrap_or("(untitled)")).raw("</a>");
}

/// `<a href="/entities/ID">name</a>`.
pub fn entity_link(h: &mut Html, id: i64, name: &str) {
    h.raw("<a class=\"entity\" href=\"/entities/")
        .num(id)
        .raw("\">")
        .text(name)
        .raw("</a>");
}

/// A footnote reference `<sup><a href="#fnN">N</a></sup>`.
pub fn footnote_ref(h: &mut Html, n: usize) {
    h.raw("<sup class=\"fn\"><a href=\"#fn")
        .num(n)
        .raw("\" id=\"ref")
        .num(n)
        .raw("\">")
        .num(n)
        .raw("</a></sup>");
}

/// The numbered list of footnotes, each linking to its sentence in its source.
pub fn footnote_list(h: &mut Html, notes: &[Note]) {
    if notes.is_empty() {
        return;
    }
    h.raw("<section class=\"notes\"><h2>Sources</h2><ol>");
    for n in notes {
        h.raw("<li id=\"fn").num(n.number).raw("\">");
        if let Some(text) = &n.text {
            h.raw("<q>").text(text).raw("</q> — ");
        }
        source_link(h, &n.source, n.title.as_deref(), n.sentence);
        h.raw(" <a class=\"back\" href=\"#ref")
            .num(n.number)
            .raw("\">↩</a></li>");
    }
    h.raw("</ol></section>");
}

/// The home page's content.
fn home_body(app: &App) -> Result<Html, Failure> {
    app.with(|store| {
        let sources = store.sources()?;
        // Counted from the names (one read), not from the entity listing with its source counts.
        let entities: std::collections::HashSet<i64> =
            store.known_names()?.into_iter().map(|n| n.entity).collect();
        let mut h = Html::new();
        h.raw("<section class=\"hero\"><h1>dossier</h1>")
            .raw("<p>A sourced knowledge base of conflict reports: every fact links to the sentence it was read from.</p>")
            .raw("<form action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" autofocus aria-label=\"Search\" placeholder=\"A name, a place, a phrase\"><button>Search</button></form></section>");
        let sentences: usize = sources.iter().map(|s| s.sentences).sum();
        let citations: usize = sources.iter().map(|s| s.citations).sum();
        h.raw("<ul class=\"counts\"><li><b>")
            .num(sources.len())
            .raw("</b> sources</li><li><b>")
            .num(entities.len())
            .raw("</b> entities</li><li><b>")
            .num(sentences)
            .raw("</b> sentences</li><li><b>")
            .num(citations)
            .raw("</b> citations</li></ul>");
        if let Some(q) = quote(app, store)? {
            h.raw("<figure class=\"quote\"><figcaption>In their own words</figcaption><blockquote>")
                .text(&q.text)
                .raw("</blockquote><p>— ");
            if let Some((id, name)) = &q.speaker {
                entity_link(&mut h, *id, name);
                h.raw(", in ");
            }
            source_link(&mut h, &q.source, q.title.as_deref(), Some(q.sentence));
            h.raw("</p></figure>");
        }
        h.raw("<section><h2>Newest sources</h2><ul class=\"sources\">");
        for s in sources.iter().take(10) {
            h.raw("<li>");
            source_link(&mut h, &s.id, s.title.as_deref(), None);
            source_meta(&mut h, s.publisher.as_deref(), s.published);
            h.raw("</li>");
        }
        h.raw("</ul></section>");
        Ok(h)
    })
}

pub async fn home(State(app): State<Arc<App>>, viewer: Viewer) -> Result<Response, Failure> {
    // The page without a user is the same for everyone: cached.
    Ok(match &viewer.0 {
        Some(v) => page("Home", Some(v), &home_body(&app)?),
        None => app
            .cached("/", |app: &App| {
                let html = layout("Home", None, &home_body(app)?);
                Ok(Cached::body("text/html; charset=utf-8", html.into_bytes()))
            })?
            .into_response(),
    })
}

/// ` · publisher · date`.
fn source_meta(h: &mut Html, publisher: Option<&str>, published: Option<FuzzyDate>) {
    h.raw("<span class=\"meta\">");
    if let Some(p) = publisher {
        h.raw(" · ").text(p);
    }
    if let Some(d) = published {
        h.raw(" · ").text(&d.to_string());
    }
    h.raw("</span>");
}

/// A quotation: the sentence, who spoke (when known), the source id and title, the sentence's
/// index.
struct Quote {
    text: String,
    speaker: Option<(i64, String)>,
    source: String,
    title: Option<String>,
    sentence: usize,
}

/// A quotation "in their own words": the sentence of an event of a rhetoric kind (the kinds
/// `data/questions.toml` names) when the knowledge base has any, else a quoted sentence of a
/// report. Rotates every minute.
fn quote(app: &App, store: &Store) -> Result<Option<Quote>, Failure> {
    let rhetoric = dossier_query::Rules::builtin(&app.vocabulary)
        .map(|r| r.events.rhetoric)
        .unwrap_or_default();
    let minute = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 60) as usize;
    let mut spoken = Vec::new();
    let mut quoted = Vec::new();
    for s in store.sources()?.iter().take(200) {
        let events = store.source_events(&s.id)?;
        let said: Vec<(usize, Option<(i64, String)>)> = events
            .iter()
            .filter(|e| e.kind.as_ref().is_some_and(|k| rhetoric.contains(k)))
            .filter_map(|e| {
                let speaker = e
                    .participants
                    .iter()
                    .find(|p| p.role == dossier_store::Role::Actor)
                    .map(|p| (p.entity.id, p.entity.name.clone()));
                Some((e.sentence?, speaker))
            })
            .collect();
        for st in store.sentences(&s.id)? {
            let speaker = said
                .iter()
                .find(|(i, _)| *i == st.idx)
                .map(|(_, who)| who.clone());
            let is_quote = st.kind.as_str() == "quote" && st.text.len() > 40;
            if speaker.is_none() && !is_quote {
                continue;
            }
            let q = Quote {
                text: st.text,
                speaker: speaker.clone().flatten(),
                source: s.id.clone(),
                title: s.title.clone(),
                sentence: st.idx,
            };
            if speaker.is_some() {
                spoken.push(q);
            } else {
                quoted.push(q);
            }
        }
    }
    let pool = if spoken.is_empty() { quoted } else { spoken };
    if pool.is_empty() {
        return Ok(None);
    }
    let i = minute % pool.len();
    Ok(pool.into_iter().nth(i))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
}

/// An entity found by name: its id, type, preferred name and every name it goes by.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Found {
    pub id: i64,
    pub entity_type: String,
    pub name: String,
    pub names: Vec<String>,
}

/// Most entities a name search returns.
const MAX_FOUND: usize = 50;

/// Entities one of whose names matches every word of the query across spellings: a word
/// matches a name's word when their skeletons (`dossier-names`: gh/g, y/i, ou/u, …) are equal or
/// the query's is a prefix of at least three letters ("Ghaly" finds "Iyad ag Ghali"). Entities
/// known by more names (more written about) first. Reads the names once.
pub fn matching_entities(store: &Store, q: &str) -> Result<Vec<Found>, Failure> {
    let words: Vec<(String, String)> = dossier_names::tokens(&q.replace('*', " "))
        .into_iter()
        .map(|t| (t.text, t.skeleton))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let matches = |name: &str| {
        let tokens = dossier_names::tokens(name);
        words.iter().all(|(text, skeleton)| {
            tokens.iter().any(|t| {
                t.skeleton == *skeleton
                    || t.text == *text
                    || (skeleton.len() >= 3 && t.skeleton.starts_with(skeleton.as_str()))
                    || (text.len() >= 3 && t.text.starts_with(text.as_str()))
            })
        })
    };
    let mut by_entity: std::collections::BTreeMap<i64, (String, Vec<String>, bool)> =
        std::collections::BTreeMap::new();
    for n in store.known_names()? {
        let hit = matches(&n.name);
        let e = by_entity
            .entry(n.entity)
            .or_insert_with(|| (n.entity_type.clone(), Vec::new(), false));
        e.1.push(n.name);
        e.2 |= hit;
    }
    let mut hits: Vec<(i64, String, Vec<String>)> = by_entity
        .into_iter()
        .filter(|(_, (_, _, hit))| *hit)
        .map(|(id, (t, names, _))| (id, t, names))
        .collect();
    hits.sort_by_key(|(id, _, names)| (std::cmp::Reverse(names.len()), *id));
    hits.truncate(MAX_FOUND);
    let mut found = Vec::with_capacity(hits.len());
    for (id, entity_type, names) in hits {
        let name = store
            .node(id)?
            .map(|n| n.name)
            .or_else(|| names.first().cloned())
            .unwrap_or_default();
        found.push(Found {
            id,
            entity_type,
            name,
            names,
        });
    }
    Ok(found)
}

/// Sentences matching the query (full text), then sentences naming the best matching
/// entities under any of their names, without repeats, best first.
pub fn matching_sentences(
    store: &Store,
    q: &str,
    entities: &[Found],
    limit: usize,
) -> Result<Vec<dossier_store::SearchHit>, Failure> {
    let mut hits = match store.search(q, limit) {
        Ok(hits) => hits,
        Err(dossier_store::StoreError::EmptyQuery) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let mut seen: std::collections::HashSet<(String, usize)> = hits
        .iter()
        .map(|h| (h.source.clone(), h.sentence))
        .collect();
    for e in entities.iter().take(3) {
        for name in &e.names {
            if hits.len() >= limit {
                break;
            }
            let phrase: String = name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let more = match store.search(&phrase, limit) {
                Ok(more) => more,
                Err(
                    dossier_store::StoreError::EmptyQuery
                    | dossier_store::StoreError::QueryTooLong { .. },
                ) => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            for h in more {
                if hits.len() < limit && seen.insert((h.source.clone(), h.sentence)) {
                    hits.push(h);
                }
            }
        }
    }
    Ok(hits)
}

/// Writes `text` with the (case-insensitive) occurrences of the query's words marked.
pub fn highlighted(h: &mut Html, text: &str, q: &str) {
    let lower = text.to_lowercase();
    let mut marks: Vec<(usize, usize)> = Vec::new();
    if lower.len() == text.len() {
        for w in q.split_whitespace() {
            let w = w.trim_end_matches('*').to_lowercase();
            if w.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(i) = lower[from..].find(&w) {
                marks.push((from + i, from + i + w.len()));
                from += i + w.len();
            }
        }
    }
    marks.sort();
    let mut at = 0;
    for (a, b) in marks {
        if a < at || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        h.text(&text[at..a])
            .raw("<mark>")
            .text(&text[a..b])
            .raw("</mark>");
        at = b;
    }
    h.text(&text[at..]);
}

pub async fn search(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Query(query): Query<SearchQuery>,
) -> Result<Response, Failure> {
    let q = query.q.trim().to_string();
    let body = app.with(|store| {
        let mut h = Html::new();
        h.raw("<h1>Search</h1><form action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\"")
            .attr("value", &q)
            .raw(" aria-label=\"Search\"><button>Search</button></form>");
        if q.is_empty() {
            return Ok(h);
        }
        let entities = matching_entities(store, &q)?;
        let hits = matching_sentences(store, &q, &entities, 50)?;
        h.raw("<section><h2>Entities</h2>");
        if entities.is_empty() {
            h.raw("<p class=\"none\">No entity goes by that name.</p>");
        }
        h.raw("<ul class=\"entities\">");
        for e in entities.iter().take(30) {
            h.raw("<li><a class=\"entity\" href=\"/entities/").num(e.id).raw("\">");
            highlighted(&mut h, &e.name, &q);
            h.raw("</a> <span class=\"type\">").text(&e.entity_type).raw("</span>");
            let others: Vec<&String> = e.names.iter().filter(|n| **n != e.name).collect();
            if !others.is_empty() {
                h.raw(" <span class=\"aka\">also ");
                for (i, n) in others.iter().enumerate() {
                    if i > 0 {
                        h.raw("; ");
                    }
                    highlighted(&mut h, n, &q);
                }
                h.raw("</span>");
            }
            h.raw("</li>");
        }
        h.raw("</ul></section>");
        let lower = q.to_lowercase();
        let titled: Vec<_> = store
            .sources()?
            .into_iter()
            .filter(|s| {
                s.title
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(&lower))
            })
            .collect();
        if !titled.is_empty() {
            h.raw("<section><h2>Sources</h2><ul class=\"sources\">");
            for s in &titled {
                h.raw("<li><a href=\"/sources/").text(&s.id).raw("\">");
                highlighted(&mut h, s.title.as_deref().unwrap_or(""), &q);
                h.raw("</a></li>");
            }
            h.raw("</ul></section>");
        }
        h.raw("<section><h2>Sentences</h2>");
        if hits.is_empty() {
            h.raw("<p class=\"none\">No sentence matches.</p>");
        }
        h.raw("<ol class=\"hits\">");
        for hit in &hits {
            h.raw("<li><p class=\"snippet\">");
            let text = &hit.snippet.text;
            let mut at = 0;
            for span in &hit.snippet.highlights {
                let (a, b) = (span.start, span.end);
                if a < at || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                    continue;
                }
                h.text(&text[at..a]).raw("<mark>").text(&text[a..b]).raw("</mark>");
                at = b;
            }
            h.text(&text[at..]).raw("</p>");
            source_link(&mut h, &hit.source, hit.title.as_deref(), Some(hit.sentence));
            h.raw("</li>");
        }
        h.raw("</ol></section>");
        Ok(h)
    })?;
    Ok(page(&format!("Search: {q}"), viewer.0.as_ref(), &body))
}

#[derive(Deserialize)]
pub struct TypeQuery {
    #[serde(default, rename = "type")]
    pub entity_type: String,
}

pub async fn entities(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Query(query): Query<TypeQuery>,
) -> Result<Response, Failure> {
    let body = app.with(|store| {
        let list = store.entities()?;
        let mut h = Html::new();
        h.raw("<h1>Entities</h1><table class=\"list\"><thead><tr><th>Name</th><th>Type</th><th>Also known as</th><th>Sources</th></tr></thead><tbody>");
        for e in list.iter().filter(|e| {
            query.entity_type.is_empty()
                || app.vocabulary.is_a(&e.entity_type, &query.entity_type)
        }) {
            h.raw("<tr><td>");
            entity_link(&mut h, e.id, &e.name);
            h.raw("</td><td>").text(&e.entity_type).raw("</td><td>");
            let others: Vec<&str> = e.names.iter().map(String::as_str).filter(|n| *n != e.name).collect();
            h.text(&others.join("; "));
            h.raw("</td><td>").num(e.sources).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        Ok(h)
    })?;
    Ok(page("Entities", viewer.0.as_ref(), &body))
}

pub async fn sources(State(app): State<Arc<App>>, viewer: Viewer) -> Result<Response, Failure> {
    let body = app.with(|store| {
        let mut h = Html::new();
        h.raw("<h1>Sources</h1><table class=\"list\"><thead><tr><th>Title</th><th>Publisher</th><th>Published</th><th>Sentences</th><th>Citations</th></tr></thead><tbody>");
        for s in store.sources()? {
            h.raw("<tr><td>");
            source_link(&mut h, &s.id, s.title.as_deref(), None);
            h.raw("</td><td>").text(s.publisher.as_deref().unwrap_or(""));
            h.raw("</td><td>").text(&s.published.map(|d| d.to_string()).unwrap_or_default());
            h.raw("</td><td>").num(s.sentences).raw("</td><td>").num(s.citations).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        Ok(h)
    })?;
    Ok(page("Sources", viewer.0.as_ref(), &body))
}

/// Filters of the timeline and the map, as query parameters.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EventQuery {
    /// An entity id, or a name to look up.
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default, rename = "type")]
    pub event_type: String,
}

impl EventQuery {
    /// The filter these parameters mean; an unknown actor name is an error.
    pub fn filter(&self, store: &Store) -> Result<Filter, Failure> {
        let date = |s: &str, what: &str| -> Result<Option<FuzzyDate>, Failure> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<FuzzyDate>().map(Some).map_err(|e| {
                Failure::bad_request(format!(
                    "`{s}` is not a {what} date (YYYY, YYYY-MM or YYYY-MM-DD): {e}"
                ))
            })
        };
        let actor = self.actor.trim();
        let actor = if actor.is_empty() {
            None
        } else if let Ok(id) = actor.parse::<i64>() {
            Some(id)
        } else {
            let found = matching_entities(store, actor)?;
            match found.first() {
                Some(e) => Some(e.id),
                None => return Err(Failure::not_found(format!("no entity goes by `{actor}`"))),
            }
        };
        Ok(Filter {
            actor,
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
            event_type: Some(self.event_type.clone()).filter(|t| !t.is_empty()),
        })
    }

    /// The filter form (for the timeline and the map).
    pub fn form(&self, h: &mut Html, action: &'static str, types: &[&str]) {
        h.raw("<form class=\"filters\" method=\"get\"")
            .attr("action", action)
            .raw("><label>Actor <input name=\"actor\"")
            .attr("value", &self.actor)
            .raw("></label><label>From <input name=\"from\" placeholder=\"2022\"")
            .attr("value", &self.from)
            .raw("></label><label>To <input name=\"to\" placeholder=\"2023-06\"")
            .attr("value", &self.to)
            .raw("></label><label>Type <select name=\"type\"><option value=\"\">any</option>");
        for t in types {
            h.raw("<option").attr("value", t);
            if *t == self.event_type {
                h.raw(" selected");
            }
            h.raw(">").text(&t.replace('_', " ")).raw("</option>");
        }
        h.raw("</select></label><button>Apply</button></form>");
    }
}

/// One event as a line: date, type, what happened, who, where, footnote.
pub fn event_line(h: &mut Html, ev: &Sourced<StoredEvent>, notes: &mut Footnotes) {
    let e = &ev.item;
    h.raw("<li class=\"event\"><time>")
        .text(
            &e.date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into()),
        )
        .raw("</time> <span class=\"etype\">")
        .text(&e.event_type.replace('_', " "));
    if let Some(sub) = &e.subtype {
        h.raw(" / ").text(&sub.replace('_', " "));
    }
    h.raw("</span> ");
    if let Some(d) = &e.description {
        h.text(d).raw(" ");
    }
    for p in &e.participants {
        h.raw("<span class=\"role\">")
            .text(p.role.as_str())
            .raw(":</span> ");
        entity_link(h, p.entity.id, &p.entity.name);
        h.raw(" ");
    }
    if let Some(l) = &e.location {
        h.raw("<span class=\"role\">at</span> ");
        entity_link(h, l.id, &l.name);
    }
    if let Some(f) = e.fatalities {
        h.raw(" <span class=\"fatalities\">")
            .num(f)
            .raw(" killed</span>");
    }
    let n = notes.cite(&ev.source, e.sentence);
    footnote_ref(h, n);
    h.raw("</li>");
}

pub async fn timeline(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Query(query): Query<EventQuery>,
) -> Result<Response, Failure> {
    let types: Vec<&str> = app
        .vocabulary
        .event_types
        .keys()
        .map(String::as_str)
        .collect();
    let body = app.with(|store| {
        let mut h = Html::new();
        h.raw("<h1>Timeline</h1>");
        query.form(&mut h, "/timeline", &types);
        let filter = query.filter(store)?;
        let events = gather::events(store, &filter)?;
        let mut notes = Footnotes::default();
        if events.is_empty() {
            h.raw("<p class=\"none\">No event matches.</p>");
        }
        h.raw("<ol class=\"timeline\">");
        for ev in &events {
            event_line(&mut h, ev, &mut notes);
        }
        h.raw("</ol>");
        footnote_list(&mut h, &notes.notes(store)?);
        let mut link = String::from("/map?actor=");
        link.push_str(&url_component(&query.actor));
        link.push_str("&from=");
        link.push_str(&url_component(&query.from));
        link.push_str("&to=");
        link.push_str(&url_component(&query.to));
        h.raw("<p><a")
            .attr("href", &link)
            .raw(">These events on the map</a></p>");
        Ok(h)
    })?;
    Ok(page("Timeline", viewer.0.as_ref(), &body))
}
