//! Foreign-domain markers: words the publisher prefixes with `*` because their link leads to a
//! foreign domain.
//!
//! ```text
//! legend: "Links to foreign websites are marked with an asterisk (*)."
//! body:   "ISIS-K *claimed the attack the next day."
//!   ─► one citation, marker "*", raw "claimed", anchored at "claimed"
//! ```
//!
//! Only documents with such a legend have markers: the legend names the asterisk and talks of
//! links or sources (`data/citations.toml`). Without it `*word` is left alone, and `*word*` is
//! emphasis either way.

use dossier_model::Span;

use super::words::Words;

/// Is the block text `s` the publisher's legend for asterisk-marked links?
pub(crate) fn is_legend(s: &str, w: &Words) -> bool {
    if s.len() > LEGEND_MAX {
        return false;
    }
    // Most blocks name no mark: for ASCII text that is found on a lowercased copy on the stack.
    if s.is_ascii() {
        let mut buf = [0u8; LEGEND_MAX];
        let lower = &mut buf[..s.len()];
        lower.copy_from_slice(s.as_bytes());
        lower.make_ascii_lowercase();
        let lower = &*lower;
        if !w.legend_finders.iter().any(|f| f.find(lower).is_some()) {
            return false;
        }
    }
    let lower = s.to_lowercase();
    w.legend_marks.iter().any(|m| lower.contains(m.as_str()))
        && lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| w.legend_cues.contains(word))
}

/// The longest block that can be the legend, in bytes.
const LEGEND_MAX: usize = 2000;

/// The marked words in `block`: the span of each word (without its asterisk).
pub(crate) fn marked_words(text: &str, block: Span) -> Vec<Span> {
    let s = block.slice(text);
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    for i in memchr::memchr_iter(b'*', bytes) {
        let boundary = i == 0
            || bytes[i - 1].is_ascii_whitespace()
            || matches!(bytes[i - 1], b'(' | b'"' | b'\'' | b'[');
        if !boundary {
            continue;
        }
        let word_start = i + 1;
        let mut end = word_start;
        let mut chars = s[word_start..].char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            let inner =
                matches!(c, '-' | '\'') && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || (inner && k > 0) {
                end = word_start + k + c.len_utf8();
            } else {
                break;
            }
        }
        if end == word_start || emphasis(bytes, end) {
            continue;
        }
        out.push(Span::new(block.start + word_start, block.start + end));
    }
    out
}

/// Is the `*` before a word closed by another one soon after (`*Voice of Khurasan*`), making
/// it emphasis? Looks up to [`EMPHASIS_REACH`] bytes ahead, stopping at the next opening `*`.
fn emphasis(bytes: &[u8], from: usize) -> bool {
    let reach = bytes.len().min(from + EMPHASIS_REACH);
    for k in from..reach {
        match bytes[k] {
            b'*' => {
                let after_word = k > 0 && !bytes[k - 1].is_ascii_whitespace();
                let closes = bytes.get(k + 1).is_none_or(|b| !b.is_ascii_alphanumeric());
                return after_word && closes;
            }
            b'\n' => return false,
            _ => {}
        }
    }
    false
}

/// How far a closing emphasis `*` is looked for.
const EMPHASIS_REACH: usize = 120;

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    #[test]
    fn legends() {
        let w = words();
        assert!(is_legend(
            "[Notice: Links to foreign domains are marked with an asterisk (*).]",
            w
        ));
        assert!(is_legend("Sources marked (*) are in Pashto.", w));
        assert!(!is_legend("An asterisk is a star-shaped symbol.", w));
        assert!(!is_legend("All links were checked.", w));
        // Text that is not ASCII takes the general path, with the same answers.
        assert!(is_legend(
            "Links — to foreign sites — carry an ASTERISK.",
            w
        ));
        assert!(!is_legend("Une étoile (astérisque) marque le mot.", w));
        assert!(!is_legend(
            &format!("{} asterisk links", "é".repeat(1000)),
            w
        ));
    }

    #[test]
    fn marked_words_and_what_is_not_one() {
        let text = "ISIS-K *claimed it; (*Amaq's *re-posted) a*b **bold** *emph* * x *9th \
                    *Voice of Khurasan* and *left, then *went";
        let got: Vec<&str> = marked_words(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| s.slice(text))
            .collect();
        assert_eq!(
            got,
            vec!["claimed", "Amaq's", "re-posted", "9th", "left", "went"]
        );
    }
}
