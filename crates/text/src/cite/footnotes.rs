//! Numbered footnotes: `[n]` markers in the body and the list of entries `[n] …`.
//!
//! ```text
//! body:    "…claimed the Kabul airport bombing.[4]"
//! entries: "[4] Amaq News Agency, \"…,\" August 27, 2021; Hasht-e Subh, \"…,\" 2021."
//!   ─► two works with marker "[4]", each spanning the whole entry; one anchor at "[4]" in
//!      the body pointing at both
//! ```
//!
//! An entry is a line of a block that starts with `[n]` and a space; it runs to the next such
//! line or the end of the block (loaders turn HTML and Markdown footnotes into this shape).

use dossier_model::Span;

/// A footnote entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub number: u32,
    /// The whole entry, from its `[n]` label.
    pub span: Span,
    /// The entry after its label.
    pub body: Span,
}

/// The footnote entries of `blocks`, in document order.
pub(crate) fn entries(text: &str, blocks: &[Span]) -> Vec<Entry> {
    let mut out = Vec::new();
    for &block in blocks {
        let s = block.slice(text);
        let mut open: Option<(u32, usize, usize)> = None; // number, entry start, body start
        let mut line_start = 0;
        loop {
            let line_end = s[line_start..]
                .find('\n')
                .map_or(s.len(), |k| line_start + k);
            let line = &s[line_start..line_end];
            let lead = line.len() - line.trim_start().len();
            if let Some((number, label_len)) = label(&line[lead..]) {
                if let Some((n, start, body)) = open.take() {
                    push(&mut out, s, block.start, n, start, body, line_start);
                }
                let start = line_start + lead;
                open = Some((number, start, start + label_len));
            }
            if line_end >= s.len() {
                break;
            }
            line_start = line_end + 1;
        }
        if let Some((n, start, body)) = open {
            push(&mut out, s, block.start, n, start, body, s.len());
        }
    }
    out
}

fn push(out: &mut Vec<Entry>, s: &str, base: usize, n: u32, start: usize, body: usize, end: usize) {
    let entry = s[start..end].trim_end();
    let body_text = &s[body..start + entry.len()];
    let body_lead = body_text.len() - body_text.trim_start().len();
    out.push(Entry {
        number: n,
        span: Span::new(base + start, base + start + entry.len()),
        body: Span::new(base + body + body_lead, base + start + entry.len()),
    });
}

/// `[12] text` at the start of `line`: the number and the label's length.
fn label(line: &str) -> Option<(u32, usize)> {
    let (n, len) = marker_at(line.as_bytes(), 0)?;
    let rest = &line[len..];
    let after = rest.trim_start();
    (rest.starts_with([' ', '\t']) && !after.is_empty()).then_some((n, len))
}

/// A marker `[n]` (one to four digits) starting at `i`: its number and length.
pub(crate) fn marker_at(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let digits = bytes[i + 1..]
        .iter()
        .take(5)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(1..=4).contains(&digits) || bytes.get(i + 1 + digits) != Some(&b']') {
        return None;
    }
    let n = bytes[i + 1..i + 1 + digits]
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    (n > 0).then_some((n, digits + 2))
}

/// The markers `[n]` inside `span`: number and span of each.
pub(crate) fn markers(text: &str, span: Span) -> Vec<(u32, Span)> {
    let s = span.slice(text).as_bytes();
    memchr::memchr_iter(b'[', s)
        .filter_map(|i| {
            marker_at(s, i).map(|(n, len)| (n, Span::new(span.start + i, span.start + i + len)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_split_at_labelled_lines() {
        let text = "Body.[1]\n\n[1] First entry.\n[2] Second entry,\ncontinued.\n[x] not a label";
        let blocks = [Span::new(0, 8), Span::new(10, text.len())];
        let e = entries(text, &blocks);
        let got: Vec<(u32, &str, &str)> = e
            .iter()
            .map(|e| (e.number, e.span.slice(text), e.body.slice(text)))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "[1] First entry.", "First entry."),
                (
                    2,
                    "[2] Second entry,\ncontinued.\n[x] not a label",
                    "Second entry,\ncontinued.\n[x] not a label"
                ),
            ]
        );
    }

    #[test]
    fn labels_need_text_and_small_numbers() {
        assert_eq!(label("[3] A"), Some((3, 3)));
        assert_eq!(label("[3]"), None);
        assert_eq!(label("[3]A"), None);
        assert_eq!(label("[0] A"), None);
        assert_eq!(label("[12345] A"), None);
        assert_eq!(label("[] A"), None);
        assert_eq!(label("[Notice: x]"), None);
    }

    #[test]
    fn markers_in_text() {
        let text = "a.[1] b [22][3] [x] [4 [99999]";
        let got: Vec<(u32, &str)> = markers(text, Span::new(0, text.len()))
            .into_iter()
            .map(|(n, s)| (n, s.slice(text)))
            .collect();
        assert_eq!(got, vec![(1, "[1]"), (22, "[22]"), (3, "[3]")]);
    }
}
