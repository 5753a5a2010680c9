//! Inline citations: references written right after the sentence they support, usually glued
//! to it without a space, ending with a URL and a period.
//!
//! ```text
//! …as its new emir.Omar Farah, "Ubaidah's rise," Horn Post, 2 May 2022, https://hp.example/u; "Leaders
//! list," U.S. Department of State, https://st.example/l. The group then…
//!   ─► one group (two works) from "Omar" to "…/l.", kept out of the sentences, anchored at
//!      "Omar" so it supports "…as its new emir."
//! ```
//!
//! Every URL is a possible citation end. Works chain through `;` after a URL. The start is
//! found by walking back from the first URL over candidate starts: a capital or a quote glued
//! to a sentence end (`emir.Omar`, `region."Agence`), one after a sentence end and a space, or
//! the start of the block (a citation alone in its paragraph). The nearest candidate whose text
//! reads as the beginning of a citation wins; candidates after an initial or an abbreviation
//! ("W.Africa", "U.S. Department", "Edith M. Lederer") are used only when nothing else fits.

use dossier_model::Span;

use super::words::Words;
use super::work::{
    NameKind, classify, find_url_among, quoted_title, split_works, strip_url_phrase, trim_seps,
    url_candidates,
};
use crate::dates;
use crate::lexicon::segmentation;

/// Candidates examined per URL; keeps the walk back bounded.
const MAX_CANDIDATES: usize = 64;

/// An inline citation group: its span (excluded from sentences) and the spans of its works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group {
    pub span: Span,
    pub works: Vec<Span>,
}

/// The inline citation groups of the body `blocks` (spans), skipping URLs inside `skip`.
pub(crate) fn find(text: &str, blocks: &[Span], skip: &[Span], w: &Words) -> Vec<Group> {
    let mut out = Vec::new();
    for &block in blocks {
        scan_block(text, block, skip, w, &mut out);
    }
    out
}

fn scan_block(text: &str, block: Span, skip: &[Span], w: &Words, out: &mut Vec<Group>) {
    let s = block.slice(text);
    let base = block.start;
    let candidates = url_candidates(s, w);
    if candidates.is_empty() {
        return;
    }
    let mut limit = 0;
    let mut from = 0;
    while let Some(first) = find_url_among(s, from, w, &candidates) {
        from = first.span.end.max(first.span.start + 1);
        let abs = Span::new(base + first.span.start, base + first.span.end);
        if skip.iter().any(|x| x.overlaps(abs)) {
            limit = from;
            continue;
        }
        // Works chained by ";" after their URL belong to the same group.
        let mut last = first;
        while s[last.span.end..].trim_start().starts_with(';') {
            match find_url_among(s, last.span.end, w, &candidates) {
                Some(next) if next.span.start - last.span.end <= w.max_inline_len => last = next,
                _ => break,
            }
        }
        let mut end = last.span.end;
        if s[end..].starts_with('.') {
            end += 1;
        }
        let Some(start) = find_start(s, limit, first.span.start, w) else {
            // No citation ends here; a later one does not reach back over this URL.
            from = last.span.end.max(from);
            limit = from;
            continue;
        };
        let works = split_works(&s[start..end])
            .into_iter()
            .map(|sp| Span::new(base + start + sp.start, base + start + sp.end))
            .collect();
        out.push(Group {
            span: Span::new(base + start, base + end),
            works,
        });
        limit = end;
        from = end;
    }
}

/// Where the citation ending with the URL at `url_start` begins, looking no further back than
/// `limit` (the block start or the previous group's end).
fn find_start(s: &str, limit: usize, url_start: usize, w: &Words) -> Option<usize> {
    let mut lo = limit.max(url_start.saturating_sub(w.max_inline_len));
    while !s.is_char_boundary(lo) {
        lo += 1;
    }
    let mut weak = None;
    let mut checked = 0;
    let mut p = url_start;
    while p > lo && checked < MAX_CANDIDATES {
        p -= 1;
        if !s.is_char_boundary(p) {
            continue;
        }
        let Some(is_weak) = candidate(s, lo, p) else {
            continue;
        };
        checked += 1;
        if reads_as_citation(&s[p..url_start], w) {
            if !is_weak {
                return Some(p);
            }
            weak = weak.or(Some(p));
        }
    }
    if lo == limit {
        let region = &s[lo..url_start];
        let q = lo + (region.len() - region.trim_start().len());
        if q < url_start && reads_as_citation(&s[q..url_start], w) {
            return Some(q);
        }
    }
    weak
}

/// Is `p` a possible citation start: a capital or a quote right after a sentence end (glued or
/// after spaces)? Returns whether it is weak (the sentence end may be an initial or an
/// abbreviation).
fn candidate(s: &str, lo: usize, p: usize) -> Option<bool> {
    let c = s[p..].chars().next()?;
    if !(c == '"' || c.is_uppercase()) {
        return None;
    }
    let before = s[lo..p].trim_end();
    let before = before.strip_suffix(['"', '\'', ')']).unwrap_or(before);
    let term = before.chars().next_back()?;
    if !matches!(term, '.' | '?' | '!') {
        return None;
    }
    let head = &before[..before.len() - 1];
    if head.is_empty() {
        return None;
    }
    if term != '.' {
        return Some(false);
    }
    let word = head
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '/' | '.'))
        .next()
        .unwrap_or("");
    let dotted = head
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '/'))
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(a), None) if a.is_uppercase());
    Some(initial || segmentation().abbreviations.contains(dotted))
}

/// Does `c` (from a candidate start to the URL) read as the beginning of a citation?
fn reads_as_citation(c: &str, w: &Words) -> bool {
    let stripped = strip_url_phrase(c, w);
    let phrase = stripped.len() < c.trim_end().len();
    let trailing_comma = stripped.trim_end().ends_with(',');
    let core = trim_seps(stripped);
    let Some(first) = core.chars().next() else {
        return false;
    };
    let quotes = core.matches('"').count();
    if quotes % 2 == 1 {
        return false;
    }
    if first == '"' {
        return match quoted_title(core) {
            Some((0, close)) => after_title_ok(&core[close + 1..], w),
            _ => false,
        };
    }
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    if quotes > 0 {
        let Some((open, close)) = quoted_title(core) else {
            return false;
        };
        let pre = core[..open].trim_end();
        return pre.ends_with(',')
            && classify(pre, w) != NameKind::Other
            && after_title_ok(&core[close + 1..], w);
    }
    let segments = core.split(',').count();
    let lead = core.split(',').next().unwrap_or("");
    classify(lead, w) != NameKind::Other
        && segments <= 6
        && (trailing_comma || phrase || dates::first(core).is_some())
}

/// After a title: nothing, a date, or a name (the publisher), not prose.
fn after_title_ok(post: &str, w: &Words) -> bool {
    let post = trim_seps(post);
    if post.is_empty() {
        return true;
    }
    if dates::first(post).is_some_and(|m| m.span.start == 0) {
        return true;
    }
    classify(post.split(',').next().unwrap_or(""), w) != NameKind::Other
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn groups(s: &str) -> Vec<(&str, Vec<&str>)> {
        find(s, &[Span::new(0, s.len())], &[], words())
            .into_iter()
            .map(|g| {
                (
                    g.span.slice(s),
                    g.works.iter().map(|w| w.slice(s)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn glued_after_a_period_and_after_a_quote() {
        let s = "He rose fast.Omar Farah, \"A rise,\" Horn Post, 2 May 2022, https://hp.example/u. \
                 He said \"we stay.\"\"Leaders list,\" U.S. Department of State, https://st.example/l.";
        assert_eq!(
            groups(s),
            vec![
                (
                    "Omar Farah, \"A rise,\" Horn Post, 2 May 2022, https://hp.example/u.",
                    vec!["Omar Farah, \"A rise,\" Horn Post, 2 May 2022, https://hp.example/u"]
                ),
                (
                    "\"Leaders list,\" U.S. Department of State, https://st.example/l.",
                    vec!["\"Leaders list,\" U.S. Department of State, https://st.example/l"]
                ),
            ]
        );
    }

    #[test]
    fn initials_and_abbreviations_inside_the_citation_are_not_starts() {
        let s = "Fighting spread.Agence France-Presse, \"Raids in E.Africa grow,\" Barron's, \
                 May 3, 2021, https://b.example/r. Talks failed.Edith M. Lederer, \"UN: \
                 pullout `unfortunate',\" May 18, 2022, https://ap.example/p.";
        let got = groups(s);
        assert_eq!(got.len(), 2);
        assert!(got[0].0.starts_with("Agence France-Presse"));
        assert!(got[1].0.starts_with("Edith M. Lederer"));
    }

    #[test]
    fn works_chain_through_semicolons() {
        let s = "They met.A B, \"One; two,\" P, May 1, 2020, https://a.example; \"T,\" Q, \
                 https://b.example; C D, \"U,\" R, 2021, https://c.example. Next.";
        let got = groups(s);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.len(), 3);
        assert_eq!(got[0].1[2], "C D, \"U,\" R, 2021, https://c.example");
    }

    #[test]
    fn a_citation_alone_in_its_block() {
        let s = "Caleb Weiss, \"A title,\" Long War Journal, June 2, 2020, https://l.example/x.";
        assert_eq!(groups(s).len(), 1);
        assert_eq!(groups(s)[0].0, s);
    }

    #[test]
    fn urls_in_prose_are_not_citations() {
        for s in [
            "The group posted its statement on https://x.example/s.",
            "In a statement on March 3, 2020, the group wrote at https://x.example/s.",
            "He left.\"We will win,\" the emir said in a video at https://x.example/v.",
            "https://x.example/alone",
        ] {
            assert_eq!(groups(s), vec![], "{s}");
        }
    }

    #[test]
    fn hostile_runs_stay_bounded() {
        let s = ".A".repeat(50_000) + " https://x.example/a.";
        assert!(groups(&s).len() <= 1);
        let s = "\"".repeat(10_000) + "https://x.example";
        let _ = groups(&s);
    }
}
