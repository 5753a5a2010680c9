//! The SVG: a view fitted to the events, countries as paths, events as symbols.
//!
//! ```text
//! render(&events, &MapOptions { width: 960.0, standalone: true, .. })
//!   ──► <svg xmlns=… viewBox="0 0 960 610"><g class="land"><path d="M…Z"><title>Mali</title>…
//!       <g class="events"><a href="/sources/…#s4"><circle class="ev" cx=… r=… fill="#b91c1c">
//!       <title>2013-01-10 battles: Konna</title></circle></a>…</svg>
//! ```
//! Projection: equirectangular, longitudes shrunk by the cosine of the view's middle latitude
//! so the region keeps its shape. Countries outside the view are left out, and points closer
//! than half a pixel to the previous one are dropped, so a regional map stays small.

use std::fmt::Write as _;

use crate::MapError;
use crate::countries::{BBox, countries};
use crate::symbols::{Shape, Symbols, symbols};

/// An event to draw.
#[derive(Clone, Debug)]
pub struct MapEvent {
    pub lon: f64,
    pub lat: f64,
    /// An ACLED event type id (`battles`, …).
    pub event_type: String,
    /// Shown as the symbol's tooltip (escaped).
    pub label: String,
    /// Where a click on the symbol goes (escaped), if anywhere.
    pub href: Option<String>,
    pub fatalities: Option<u32>,
}

/// How to draw the map.
#[derive(Clone, Debug)]
pub struct MapOptions {
    /// Width in pixels; the height follows from the view.
    pub width: f64,
    /// The region to show; by default the events' box with a margin (or Africa and the Middle
    /// East when there is no event).
    pub view: Option<BBox>,
    /// A title drawn in the corner (escaped).
    pub title: Option<String>,
    /// A file of its own: XML declaration-free standalone SVG with a legend.
    pub standalone: bool,
}

impl Default for MapOptions {
    fn default() -> MapOptions {
        MapOptions {
            width: 960.0,
            view: None,
            title: None,
            standalone: false,
        }
    }
}

/// The region shown when there are no events: Africa to Central Asia.
const FALLBACK: BBox = BBox {
    min_lon: -20.0,
    min_lat: -5.0,
    max_lon: 75.0,
    max_lat: 42.0,
};

/// The smallest view, in degrees, so a single event still shows its country.
const MIN_SPAN: f64 = 8.0;

/// The view for these events: their box, widened to at least [`MIN_SPAN`], plus a margin.
fn view_of(events: &[MapEvent]) -> BBox {
    let Some(b) = BBox::around(events.iter().map(|e| (e.lon, e.lat))) else {
        return FALLBACK;
    };
    let (cx, cy) = ((b.min_lon + b.max_lon) / 2.0, (b.min_lat + b.max_lat) / 2.0);
    let w = b.width().max(MIN_SPAN) * 1.2;
    let h = b.height().max(MIN_SPAN * 0.6) * 1.2;
    BBox {
        min_lon: (cx - w / 2.0).max(-180.0),
        max_lon: (cx + w / 2.0).min(180.0),
        min_lat: (cy - h / 2.0).max(-85.0),
        max_lat: (cy + h / 2.0).min(85.0),
    }
}

/// Degrees to pixels.
struct Projection {
    view: BBox,
    kx: f64,
    ky: f64,
}

impl Projection {
    fn new(view: BBox, width: f64) -> Projection {
        let mid = ((view.min_lat + view.max_lat) / 2.0)
            .to_radians()
            .cos()
            .max(0.2);
        let kx = width / view.width();
        Projection {
            view,
            kx,
            ky: kx / mid,
        }
    }
    fn height(&self) -> f64 {
        self.view.height() * self.ky
    }
    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.view.min_lon) * self.kx,
            (self.view.max_lat - lat) * self.ky,
        )
    }
}

/// The map as an SVG document (or fragment to put in a page).
pub fn render(events: &[MapEvent], opts: &MapOptions) -> Result<String, MapError> {
    let view = opts.view.unwrap_or_else(|| view_of(events));
    let on_earth = view.min_lon >= -180.0
        && view.max_lon <= 180.0
        && view.min_lat >= -90.0
        && view.max_lat <= 90.0;
    let sized = view.width() > 0.0 && view.height() > 0.0 && opts.width > 0.0;
    if !(sized && on_earth) {
        return Err(MapError::BadView(view));
    }
    let p = Projection::new(view, opts.width);
    let (w, h) = (opts.width, p.height());
    let legend_h = if opts.standalone { 26.0 } else { 0.0 };
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 {w:.0} {:.0}\" width=\"{w:.0}\" height=\"{:.0}\" role=\"img\" aria-label=\"Map of events\">",
        h + legend_h,
        h + legend_h
    );
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#dfe9f0\"/>");
    s.push_str("<g class=\"land\" fill=\"#eceae4\" stroke=\"#a8a293\" stroke-width=\"0.5\" fill-rule=\"evenodd\">");
    let mut labels = Vec::new();
    for c in countries().iter().filter(|c| c.bbox.intersects(&view)) {
        s.push_str("<path d=\"");
        for ring in &c.rings {
            path(&mut s, &p, ring);
        }
        s.push_str("\"><title>");
        escape_into(&mut s, &c.name);
        s.push_str("</title></path>");
        let (cx, cy) = (
            (c.bbox.min_lon + c.bbox.max_lon) / 2.0,
            (c.bbox.min_lat + c.bbox.max_lat) / 2.0,
        );
        if view.contains(cx, cy) && c.bbox.width() * p.kx > 60.0 {
            labels.push((p.xy(cx, cy), c.name.as_str()));
        }
    }
    s.push_str("</g><g class=\"labels\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#6b665c\" text-anchor=\"middle\">");
    for ((x, y), name) in labels {
        let _ = write!(s, "<text x=\"{x:.1}\" y=\"{y:.1}\">");
        escape_into(&mut s, name);
        s.push_str("</text>");
    }
    s.push_str("</g><g class=\"events\">");
    let sym = symbols();
    // Bigger symbols first, so small ones stay clickable on top.
    let mut order: Vec<&MapEvent> = events
        .iter()
        .filter(|e| view.contains(e.lon, e.lat))
        .collect();
    order.sort_by_key(|e| std::cmp::Reverse(e.fatalities.unwrap_or(0)));
    for e in order {
        let (x, y) = p.xy(e.lon, e.lat);
        if let Some(href) = &e.href {
            s.push_str("<a href=\"");
            escape_into(&mut s, href);
            s.push_str("\">");
        }
        let symbol = sym.of(&e.event_type);
        shape(
            &mut s,
            symbol.shape,
            x,
            y,
            sym.radius(e.fatalities),
            &symbol.color,
        );
        s.push_str("<title>");
        escape_into(&mut s, &e.label);
        s.push_str("</title></");
        s.push_str(shape_tag(symbol.shape));
        s.push('>');
        if e.href.is_some() {
            s.push_str("</a>");
        }
    }
    s.push_str("</g>");
    if let Some(t) = &opts.title {
        s.push_str("<text x=\"10\" y=\"20\" font-family=\"sans-serif\" font-size=\"15\" font-weight=\"bold\" fill=\"#1d232b\">");
        escape_into(&mut s, t);
        s.push_str("</text>");
    }
    if opts.standalone {
        legend(&mut s, sym, events, h);
    }
    s.push_str("</svg>\n");
    Ok(s)
}

/// A legend row under the map with the symbols of the types present.
fn legend(s: &mut String, sym: &Symbols, events: &[MapEvent], top: f64) {
    let mut types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    let mut x = 12.0;
    let y = top + 14.0;
    for t in types {
        let symbol = sym.of(t);
        shape(s, symbol.shape, x, y, sym.radius, &symbol.color);
        s.push_str("</");
        s.push_str(shape_tag(symbol.shape));
        s.push('>');
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-family=\"sans-serif\" font-size=\"11\">",
            x + 9.0,
            y + 4.0
        );
        escape_into(s, &symbol.label);
        s.push_str("</text>");
        x += 24.0 + 6.5 * symbol.label.len() as f64;
    }
}

/// A small standalone SVG of one event type's symbol, for legends in pages.
pub fn symbol_svg(event_type: &str) -> String {
    let sym = symbols();
    let symbol = sym.of(event_type);
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\">",
    );
    shape(&mut s, symbol.shape, 7.0, 7.0, 5.0, &symbol.color);
    s.push_str("</");
    s.push_str(shape_tag(symbol.shape));
    s.push_str("></svg>");
    s
}

fn shape_tag(shape: Shape) -> &'static str {
    match shape {
        Shape::Circle => "circle",
        Shape::Square => "rect",
        _ => "path",
    }
}

/// Opens the element of a symbol (closed by the caller after its `<title>`). The colour comes
/// from the checked symbol table.
fn shape(s: &mut String, shape: Shape, x: f64, y: f64, r: f64, color: &str) {
    let _ = match shape {
        Shape::Circle => write!(
            s,
            "<circle class=\"ev\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\""
        ),
        Shape::Square => write!(
            s,
            "<rect class=\"ev\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"",
            x - r * 0.85,
            y - r * 0.85,
            r * 1.7,
            r * 1.7
        ),
        Shape::Triangle => write!(
            s,
            "<path class=\"ev\" d=\"M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\"",
            y - r * 1.15,
            x + r,
            y + r * 0.75,
            x - r,
            y + r * 0.75
        ),
        Shape::Diamond => write!(
            s,
            "<path class=\"ev\" d=\"M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z\"",
            y - r * 1.2,
            x + r,
            y + r * 1.2,
            x - r
        ),
        Shape::Star => {
            let mut d = String::new();
            for i in 0..10 {
                let a = std::f64::consts::PI * (i as f64) / 5.0 - std::f64::consts::FRAC_PI_2;
                let rr = if i % 2 == 0 { r * 1.3 } else { r * 0.55 };
                let _ = write!(
                    d,
                    "{}{:.1} {:.1}",
                    if i == 0 { 'M' } else { 'L' },
                    x + rr * a.cos(),
                    y + rr * a.sin()
                );
            }
            write!(s, "<path class=\"ev\" d=\"{d}Z\"")
        }
        Shape::Cross => {
            let t = r * 0.4;
            write!(
                s,
                "<path class=\"ev\" d=\"M{:.1} {:.1}h{:.1}v{:.1}h{:.1}v{:.1}h{:.1}v{:.1}h{:.1}v{:.1}h{:.1}v{:.1}h{:.1}Z\"",
                x - t,
                y - r,
                2.0 * t,
                r - t,
                r - t,
                2.0 * t,
                -(r - t),
                r - t,
                -2.0 * t,
                -(r - t),
                -(r - t),
                -2.0 * t,
                r - t
            )
        }
    };
    let _ = write!(
        s,
        " fill=\"{color}\" stroke=\"#ffffff\" stroke-width=\"0.8\" fill-opacity=\"0.85\">"
    );
}

/// Appends a ring as `M x y L … Z`, dropping points within half a pixel of the last one.
fn path(s: &mut String, p: &Projection, ring: &[(f32, f32)]) {
    let mut last: Option<(f64, f64)> = None;
    for &(lon, lat) in ring {
        let (x, y) = p.xy(f64::from(lon), f64::from(lat));
        if let Some((lx, ly)) = last {
            if (x - lx).abs() < 0.5 && (y - ly).abs() < 0.5 {
                continue;
            }
            let _ = write!(s, "L{x:.1} {y:.1}");
        } else {
            let _ = write!(s, "M{x:.1} {y:.1}");
        }
        last = Some((x, y));
    }
    s.push('Z');
}

/// Appends `text` with `& < > " '` escaped.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped for XML.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    escape_into(&mut s, text);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(lon: f64, lat: f64, t: &str, label: &str) -> MapEvent {
        MapEvent {
            lon,
            lat,
            event_type: t.into(),
            label: label.into(),
            href: Some("/sources/ab?x=1&y=\"2\"".into()),
            fatalities: Some(9),
        }
    }

    #[test]
    fn draws_the_region_of_the_events() {
        let events = [
            event(-3.9, 14.9, "battles", "Konna"),
            event(-8.0, 12.6, "violence_against_civilians", "Bamako"),
        ];
        let svg = render(
            &events,
            &MapOptions {
                standalone: true,
                ..MapOptions::default()
            },
        )
        .unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(
            svg.contains("<title>Mali</title>"),
            "the country of the events is drawn"
        );
        assert!(
            !svg.contains("<title>Brazil</title>"),
            "countries far away are left out"
        );
        assert!(svg.contains("<circle class=\"ev\""));
        assert!(svg.contains("<path class=\"ev\""));
        assert!(svg.contains("href=\"/sources/ab?x=1&amp;y=&quot;2&quot;\""));
        assert!(svg.contains("Violence against civilians"), "legend");
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
    }

    #[test]
    fn labels_cannot_add_markup() {
        let events = [event(
            10.0,
            10.0,
            "riots",
            "<script>alert(1)</script><svg onload=alert(2)>",
        )];
        let svg = render(&events, &MapOptions::default()).unwrap();
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<svg onload"));
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn no_events_draws_the_fallback_region_and_bad_views_are_refused() {
        let svg = render(&[], &MapOptions::default()).unwrap();
        assert!(svg.contains("<title>Nigeria</title>"));
        let bad = BBox {
            min_lon: 10.0,
            max_lon: 10.0,
            min_lat: 0.0,
            max_lat: 5.0,
        };
        assert!(
            render(
                &[],
                &MapOptions {
                    view: Some(bad),
                    ..MapOptions::default()
                }
            )
            .is_err()
        );
        let off = BBox {
            min_lon: 170.0,
            max_lon: 200.0,
            min_lat: 0.0,
            max_lat: 5.0,
        };
        assert!(
            render(
                &[],
                &MapOptions {
                    view: Some(off),
                    ..MapOptions::default()
                }
            )
            .is_err()
        );
    }

    #[test]
    fn every_shape_is_closed() {
        for t in [
            "battles",
            "explosions_remote_violence",
            "violence_against_civilians",
            "protests",
            "riots",
            "strategic_developments",
            "other",
        ] {
            let svg = symbol_svg(t);
            assert!(svg.ends_with("></svg>"), "{svg}");
            let tag = shape_tag(symbols().of(t).shape);
            assert_eq!(
                svg.matches(&format!("<{tag} ")).count(),
                svg.matches(&format!("</{tag}>")).count()
            );
        }
    }
}
