//! Page metadata: `<title>`, `<meta name|property|itemprop>`, `<link rel=canonical>`, and the
//! `<time datetime>` of an article's date line; plus the small value parsers the Markdown loader
//! shares (dates, link targets).
//!
//! ```text
//! <meta property="og:site_name" content="Horn Monitor">
//! <meta property="article:published_time" content="2024-03-02T09:15:00+03:00">
//!   ─► Meta { publisher: "Horn Monitor", published: 2024-03-02, … }
//! ```

use std::collections::HashMap;

use dossier_model::FuzzyDate;

use super::rules::rules;
use super::tokenizer::StartTag;
use crate::document::Meta;

/// What the page says about itself, gathered while walking it.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    /// `<meta>` values by lower-cased name; the first one of a name wins.
    named: HashMap<String, String>,
    page_title: Option<String>,
    canonical: Option<String>,
    time: Option<FuzzyDate>,
}

impl Collector {
    pub fn meta_tag(&mut self, tag: &StartTag) {
        let Some(content) = tag.attr("content") else {
            return;
        };
        for key in ["property", "name", "itemprop"] {
            if let Some(name) = tag.attr(key) {
                self.named
                    .entry(name.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.to_string());
            }
        }
    }

    pub fn link_tag(&mut self, tag: &StartTag) {
        let canonical = tag.attr("rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("canonical"))
        });
        if canonical && self.canonical.is_none() {
            self.canonical = tag.attr("href").and_then(clean_href);
        }
    }

    pub fn title(&mut self, text: &str) {
        if self.page_title.is_none() {
            self.page_title = clean(text);
        }
    }

    /// A `<time>` element; `in_dateline` when it stands in an article's header or byline.
    pub fn time_tag(&mut self, tag: &StartTag, in_dateline: bool) {
        if self.time.is_some() {
            return;
        }
        let marked = tag.attr("pubdate").is_some()
            || tag
                .attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("datepublished"));
        if marked || in_dateline {
            self.time = tag.attr("datetime").and_then(parse_date);
        }
    }

    /// The first usable value among `names`.
    fn first(&self, names: &[String], usable: impl Fn(&str) -> bool) -> Option<String> {
        names
            .iter()
            .filter_map(|n| self.named.get(n.as_str()))
            .filter_map(|v| clean(v))
            .find(|v| usable(v))
    }

    /// The metadata; `first_title` is the text of the page's title block, if any.
    pub fn finish(self, first_title: Option<&str>) -> Meta {
        let names = &rules().meta;
        let not_url = |v: &str| !v.starts_with("http://") && !v.starts_with("https://");
        let author = self.first(&names.author, not_url).map(|a| {
            match a.get(..3).filter(|p| p.eq_ignore_ascii_case("by ")) {
                Some(_) => a[3..].trim().to_string(),
                None => a,
            }
        });
        let published = names
            .published
            .iter()
            .filter_map(|n| self.named.get(n.as_str()))
            .find_map(|v| parse_date(v))
            .or(self.time);
        let title = self.first(&names.title, |_| true);
        let publisher = self.first(&names.publisher, not_url);
        let url = self.first(&names.url, |_| true);
        let description = self.first(&names.description, |_| true);
        Meta {
            title: title
                .or(self.page_title)
                .or_else(|| first_title.and_then(clean)),
            publisher,
            author: author.filter(|a| !a.is_empty()),
            published,
            url: self.canonical.or_else(|| url.and_then(|u| clean_href(&u))),
            kind: None,
            description,
        }
    }
}

/// A metadata value with references already decoded: normalized, whitespace collapsed, or
/// `None` when nothing is left.
pub(crate) fn clean(value: &str) -> Option<String> {
    let normalized = crate::normalize::normalize(value);
    let collapsed = normalized.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

/// A link target made safe to keep: trimmed, tabs and line breaks removed (browsers ignore
/// them), and `None` when empty or a `javascript:`, `vbscript:` or `data:` URL.
pub(crate) fn clean_href(href: &str) -> Option<String> {
    let href: String = href
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control())
        .chars()
        .filter(|&c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if href.is_empty() {
        return None;
    }
    let scheme: String = href
        .chars()
        .take(16)
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        return None;
    }
    Some(href)
}

/// A date written as an ISO 8601 prefix (`2024`, `2024-03`, `2024-03-02`, `2024-03-02T09:15Z`).
pub(crate) fn iso_date_prefix(s: &str) -> Option<FuzzyDate> {
    let b = s.trim().as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = b.get(from..from + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let ends = |at: usize| !b.get(at).is_some_and(u8::is_ascii_digit);
    let year = i32::try_from(digits(0, 4)?).ok()?;
    if !ends(4) {
        return None;
    }
    if b.get(4) != Some(&b'-') {
        return FuzzyDate::year(year).ok();
    }
    let month = digits(5, 2)?;
    if !ends(7) {
        return None;
    }
    if b.get(7) != Some(&b'-') {
        return FuzzyDate::month(year, month).ok();
    }
    let day = digits(8, 2)?;
    if !ends(10) {
        return None;
    }
    FuzzyDate::day(year, month, day).ok()
}

/// A date in metadata: an ISO prefix, else whatever [`crate::dates::parse`] reads.
pub(crate) fn parse_date(s: &str) -> Option<FuzzyDate> {
    iso_date_prefix(s).or_else(|| crate::dates::parse(s.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_prefixes() {
        let d = |s: &str| iso_date_prefix(s).map(|d| d.iso());
        assert_eq!(
            d("2024-03-02T09:15:00+03:00").as_deref(),
            Some("2024-03-02")
        );
        assert_eq!(d(" 2024-03 ").as_deref(), Some("2024-03"));
        assert_eq!(d("2024").as_deref(), Some("2024"));
        assert_eq!(d("2024-13-01"), None);
        assert_eq!(d("2024-02-30"), None);
        assert_eq!(d("20240302"), None);
        assert_eq!(d("March 2024"), None);
        assert_eq!(d(""), None);
    }

    #[test]
    fn hostile_hrefs_are_dropped() {
        assert_eq!(
            clean_href(" https://example.org/a b\n"),
            Some("https://example.org/a b".to_string())
        );
        assert_eq!(clean_href("java\tscript:alert(1)"), None);
        assert_eq!(clean_href("  JavaScript:alert(1)"), None);
        assert_eq!(clean_href("data:text/html,<script>"), None);
        assert_eq!(clean_href("\u{1}"), None);
        assert_eq!(clean_href("#fn1"), Some("#fn1".to_string()));
    }
}
