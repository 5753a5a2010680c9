//! The source page: the report as it was read, mentions highlighted by type, the facts found
//! in it beside the text, its citations as a numbered list.
//!
//! ```text
//! GET /sources/9f2c4e…
//! <p><span id="s3" class="s">… <a class="m person" href="/entities/4">Iyad Ag Ghaly</a> …</span>
//!    <sup><a href="#c2">[2]</a></sup></p>
//! <aside> leader of … <a href="#s3">¶3</a> </aside>       (a click scrolls to sentence 3)
//! <ol class="citations"><li id="c2">… <a rel="noopener noreferrer nofollow" class="foreign">…</a>
//! ```

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use dossier_store::{StoredCitation, StoredMention, StoredObject, StoredSentence};

use super::auth::Viewer;
use super::html::{Html, safe_href};
use super::pages::{entity_link, page, short};
use super::state::{App, Failure};

pub async fn source(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let (title, body) = app.with(|store| {
        let src = store.source(&id)?;
        let sentences = store.sentences(&src.id)?;
        let citations = store.citations(&src.id)?;
        let mentions = store.source_mentions(&src.id)?;
        let statements = store.source_statements(&src.id)?;
        let events = store.source_events(&src.id)?;
        let assessments = store.source_assessments(&src.id)?;
        let title = src.title.clone().unwrap_or_else(|| "(untitled)".into());
        let mut h = Html::new();
        h.raw("<article class=\"source\"><h1>").text(&title).raw("</h1><p class=\"meta\">");
        if let Some(p) = &src.publisher {
            h.text(p).raw(" · ");
        }
        if let Some(a) = &src.author {
            h.text(a).raw(" · ");
        }
        if let Some(d) = src.published {
            h.text(&d.to_string());
            if src.published_inferred {
                h.raw(" (inferred)");
            }
            h.raw(" · ");
        }
        if let Some(k) = src.kind {
            h.text(k.as_str()).raw(" · ");
        }
        h.raw("<code>").text(short(&src.id)).raw("</code>");
        if let Some(url) = &src.url {
            h.raw(" · ");
            external_link(&mut h, url, url, false);
        }
        h.raw(" · <a href=\"/api/sources/").text(&src.id).raw("\">JSON</a></p>");
        h.raw("<p class=\"legend\">Highlighted: <span class=\"m person\">persons</span> <span class=\"m organization\">organizations</span> <span class=\"m location\">places</span> <span class=\"m other\">other</span></p>");
        h.raw("<div class=\"reader\"><div class=\"text\">");
        text(&mut h, &app, &src.text, &sentences, &mentions, &citations);
        h.raw("</div><aside class=\"found\"><h2>Found in this source</h2>");
        if statements.is_empty() && events.is_empty() && assessments.is_empty() {
            h.raw("<p class=\"none\">No facts were extracted.</p>");
        }
        if !statements.is_empty() {
            h.raw("<h3>Statements</h3><ul>");
            for s in &statements {
                h.raw("<li>");
                entity_link(&mut h, s.subject.id, &s.subject.name);
                h.raw(" <span class=\"pred\">").text(&s.predicate.replace('_', " ")).raw("</span> ");
                match &s.object {
                    StoredObject::Entity(r) => entity_link(&mut h, r.id, &r.name),
                    StoredObject::Value { value, .. } => {
                        h.raw("<span class=\"value\">").text(value).raw("</span>");
                    }
                }
                sentence_ref(&mut h, s.sentence);
                h.raw("</li>");
            }
            h.raw("</ul>");
        }
        if !events.is_empty() {
            h.raw("<h3>Events</h3><ul>");
            for e in &events {
                h.raw("<li><time>")
                    .text(&e.date.map(|d| d.to_string()).unwrap_or_default())
                    .raw("</time> ")
                    .text(&e.event_type.replace('_', " "));
                for p in &e.participants {
                    h.raw(" · ");
                    entity_link(&mut h, p.entity.id, &p.entity.name);
                }
                sentence_ref(&mut h, e.sentence);
                h.raw("</li>");
            }
            h.raw("</ul>");
        }
        if !assessments.is_empty() {
            h.raw("<h3>Judgements</h3><ul>");
            for a in &assessments {
                h.raw("<li><span class=\"band\">")
                    .text(&a.band.replace('_', " "))
                    .raw("</span> ")
                    .text(&a.claim);
                sentence_ref(&mut h, a.sentence);
                h.raw("</li>");
            }
            h.raw("</ul>");
        }
        h.raw("</aside></div>");
        citation_list(&mut h, &citations);
        h.raw("</article>");
        Ok((title, h))
    })?;
    Ok(page(&title, viewer.0.as_ref(), &body))
}

/// ` <a href="#sN">¶N</a>`: a click scrolls to the sentence.
fn sentence_ref(h: &mut Html, sentence: Option<usize>) {
    if let Some(s) = sentence {
        h.raw(" <a class=\"to\" href=\"#s")
            .num(s)
            .raw("\" title=\"Show the sentence\">¶")
            .num(s + 1)
            .raw("</a>");
    }
}

/// A link out of the app, when the URL is safe to link: marked as leaving, with no referrer.
fn external_link(h: &mut Html, url: &str, label: &str, foreign: bool) {
    match safe_href(url) {
        Some(href) => {
            h.raw("<a class=\"out");
            if foreign {
                h.raw(" foreign");
            }
            h.raw("\" rel=\"noopener noreferrer nofollow\"")
                .attr("href", href)
                .raw(">")
                .text(label)
                .raw("</a>");
        }
        None => {
            h.raw("<span class=\"unlinked\">")
                .text(label)
                .raw("</span>");
        }
    }
    if foreign {
        h.raw(" <span class=\"foreign-mark\" title=\"The publisher marked this link as leading to a foreign domain\">foreign domain</span>");
    }
}

/// The CSS class of a mention kind: person, organization, location or other.
fn kind_class(app: &App, kind: &str) -> &'static str {
    let v = &app.vocabulary;
    if v.is_a(kind, "person") {
        "person"
    } else if v.is_a(kind, "organization") {
        "organization"
    } else if v.is_a(kind, "location") {
        "location"
    } else {
        "other"
    }
}

/// The text, paragraph by paragraph, each sentence an anchor, mentions highlighted, citation
/// markers after the sentences they support.
fn text(
    h: &mut Html,
    app: &App,
    text: &str,
    sentences: &[StoredSentence],
    mentions: &[StoredMention],
    citations: &[StoredCitation],
) {
    let mut cited: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    for c in citations {
        for &s in &c.sentences {
            if let Some(list) = cited.get_mut(s) {
                list.push(c.idx);
            }
        }
    }
    let mut m = 0;
    let mut block = usize::MAX;
    let mut open: &'static str = "";
    for s in sentences {
        if s.block != block || s.kind.as_str() == "heading" || s.kind.as_str() == "title" {
            h.raw(open);
            let (start, end) = match s.kind.as_str() {
                "heading" | "title" => ("<h3>", "</h3>"),
                "list_item" => ("<p class=\"li\">", "</p>"),
                "quote" => ("<blockquote><p>", "</p></blockquote>"),
                _ => ("<p>", "</p>"),
            };
            h.raw(start);
            open = end;
            block = s.block;
        } else {
            h.raw(" ");
        }
        h.raw("<span class=\"s\" id=\"s").num(s.idx).raw("\">");
        let (a, b) = (s.span.start, s.span.end);
        let mut at = a;
        while m < mentions.len() && mentions[m].span.start < a {
            m += 1;
        }
        while m < mentions.len() && mentions[m].span.start < b {
            let mention = &mentions[m];
            m += 1;
            let (ms, me) = (mention.span.start, mention.span.end.min(b));
            if ms < at || me <= ms {
                continue;
            }
            let (Some(before), Some(inner)) = (text.get(at..ms), text.get(ms..me)) else {
                continue;
            };
            h.text(before);
            let class = kind_class(app, &mention.kind);
            match mention.entity {
                Some(e) => {
                    h.raw("<a class=\"m ")
                        .raw(class)
                        .raw("\" href=\"/entities/")
                        .num(e)
                        .raw("\">")
                        .text(inner)
                        .raw("</a>");
                }
                None => {
                    h.raw("<span class=\"m ")
                        .raw(class)
                        .raw("\">")
                        .text(inner)
                        .raw("</span>");
                }
            }
            at = me;
        }
        h.text(text.get(at..b).unwrap_or(""));
        h.raw("</span>");
        for c in cited.get(s.idx).map(Vec::as_slice).unwrap_or(&[]) {
            h.raw("<sup class=\"cite\"><a href=\"#c")
                .num(c + 1)
                .raw("\">[")
                .num(c + 1)
                .raw("]</a></sup>");
        }
    }
    h.raw(open);
}

/// The numbered citations, foreign-domain links marked.
fn citation_list(h: &mut Html, citations: &[StoredCitation]) {
    if citations.is_empty() {
        return;
    }
    h.raw("<section class=\"citations\"><h2>Citations</h2><ol>");
    for c in citations {
        h.raw("<li id=\"c").num(c.idx + 1).raw("\">");
        let mut parts: Vec<&str> = Vec::new();
        for p in [&c.author, &c.title, &c.publisher].into_iter().flatten() {
            parts.push(p);
        }
        if parts.is_empty() {
            h.text(&c.raw);
        } else {
            h.text(&parts.join(", "));
        }
        if let Some(d) = c.date {
            h.raw(" (").text(&d.to_string()).raw(")");
        }
        if let Some(url) = &c.url {
            h.raw(" ");
            external_link(h, url, url, c.foreign_domain);
        } else if c.foreign_domain {
            h.raw(" <span class=\"foreign-mark\">foreign domain</span>");
        }
        if !c.sentences.is_empty() {
            h.raw(" <span class=\"supports\">supports");
            for s in &c.sentences {
                h.raw(" <a href=\"#s")
                    .num(*s)
                    .raw("\">¶")
                    .num(s + 1)
                    .raw("</a>");
            }
            h.raw("</span>");
        }
        h.raw("</li>");
    }
    h.raw("</ol></section>");
}
