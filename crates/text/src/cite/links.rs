//! Body hyperlinks (HTML, Markdown) as citations.
//!
//! ```text
//! <p>The UN <a href="https://un.example/r">reported</a> the raid.</p>
//!   ─► style Link, title "reported", url "https://un.example/r", anchored at "reported"
//! ```
//!
//! Not citations: in-page anchors (`#fn1`), `mailto:` and `javascript:` targets, links whose
//! text is a footnote marker or a bare number.

/// Is `href` a link to another document?
pub(crate) fn is_document_link(href: &str) -> bool {
    let h = href.trim();
    let lower = h.get(..11).unwrap_or(h).to_ascii_lowercase();
    !(h.is_empty()
        || h.starts_with('#')
        || lower.starts_with("mailto:")
        || lower.starts_with("javascript:")
        || lower.starts_with("tel:"))
}

/// Is the link text a footnote reference ("[3]", "3", "^3") rather than words?
pub(crate) fn is_reference_text(s: &str) -> bool {
    let t = s.trim().trim_matches(['[', ']', '^', '(', ')']);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_links_count() {
        assert!(is_document_link("https://a.example/x"));
        assert!(is_document_link("/reports/2021"));
        assert!(!is_document_link("#fn1"));
        assert!(!is_document_link("MAILTO:x@y"));
        assert!(!is_document_link("javascript:void(0)"));
        assert!(!is_document_link("  "));
        assert!(is_reference_text("[3]"));
        assert!(is_reference_text("12"));
        assert!(!is_reference_text("reported"));
        assert!(!is_reference_text("[]"));
    }
}
