//! A tiny HTML writer that escapes everything it is not told is markup.
//!
//! ```text
//! let mut h = Html::new();
//! h.raw("<p class=\"name\">").text("<script>alert(1)</script>").raw("</p>");
//! // <p class="name">&lt;script&gt;alert(1)&lt;/script&gt;</p>
//! ```
//!
//! **Invariant: only `&'static str` can be written unescaped.** Markup comes from string
//! literals in this crate; every other string (report text, names, titles, URLs, query
//! parameters) goes through [`Html::text`] or [`Html::attr`], which escape `& < > " '`. Links
//! from reports go through [`safe_href`], which lets only `http:`, `https:` and `mailto:`
//! through, so `javascript:` and `data:` never become links.

use std::fmt::Write as _;

/// An HTML document being written.
#[derive(Default)]
pub struct Html {
    out: String,
}

impl Html {
    pub fn new() -> Html {
        Html {
            out: String::with_capacity(16 * 1024),
        }
    }

    /// Writes markup: a string literal of this crate, never data.
    pub fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.out.push_str(markup);
        self
    }

    /// Writes text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.out, text);
        self
    }

    /// Writes a number (numbers need no escaping).
    pub fn num<N: Number>(&mut self, n: N) -> &mut Html {
        let _ = write!(self.out, "{n}");
        self
    }

    /// Writes ` name="value"` with the value escaped.
    pub fn attr(&mut self, name: &'static str, value: &str) -> &mut Html {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value);
        self.out.push('"');
        self
    }

    /// Writes a number formatted with the given precision (coordinates in SVG).
    pub fn float(&mut self, x: f64, decimals: usize) -> &mut Html {
        if x.is_finite() {
            let _ = write!(self.out, "{x:.decimals$}");
        } else {
            self.out.push('0');
        }
        self
    }

    /// Writes a trusted fragment made by another `Html` (already escaped).
    pub fn html(&mut self, other: &Html) -> &mut Html {
        self.out.push_str(&other.out);
        self
    }

    /// Writes a fragment that another writer of this crate escaped (an SVG from dossier-map).
    pub fn trusted(&mut self, escaped: &str) -> &mut Html {
        self.out.push_str(escaped);
        self
    }

    pub fn into_string(self) -> String {
        self.out
    }

    pub fn as_str(&self) -> &str {
        &self.out
    }
}

/// Types that print as numbers only.
pub trait Number: std::fmt::Display {}
impl Number for i64 {}
impl Number for u64 {}
impl Number for usize {}
impl Number for u32 {}
impl Number for i32 {}
impl Number for u8 {}
impl Number for u16 {}

/// Appends `text` to `out` with `& < > " '` escaped.
pub fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// `text` escaped, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// The URL if it is safe to link to: an absolute `http(s):` or `mailto:` URL without control
/// characters or spaces. Anything else (`javascript:`, `data:`, `vbscript:`, relative paths
/// from a report) is shown as text, not linked.
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.is_empty() || url.len() > 2048 {
        return None;
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        Some(url)
    } else {
        None
    }
}

/// A query-string component, percent-encoded (for links this app builds).
pub fn url_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
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

    #[test]
    fn escapes_text_and_attributes() {
        let mut h = Html::new();
        h.raw("<a")
            .attr("title", "\"><script>alert('x')</script>")
            .raw(">")
            .text("<img src=x onerror=alert(1)> & co")
            .raw("</a>");
        assert_eq!(
            h.as_str(),
            "<a title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\">\
             &lt;img src=x onerror=alert(1)&gt; &amp; co</a>"
        );
    }

    #[test]
    fn only_web_and_mail_links() {
        assert_eq!(
            safe_href(" https://example.org/a "),
            Some("https://example.org/a")
        );
        assert_eq!(safe_href("HTTP://x.y"), Some("HTTP://x.y"));
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("java\tscript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<script>"), None);
        assert_eq!(safe_href("/etc/passwd"), None);
        assert_eq!(safe_href("https://a b"), None);
    }

    #[test]
    fn url_components() {
        assert_eq!(url_component("ag Ghaly & co"), "ag%20Ghaly%20%26%20co");
    }
}
