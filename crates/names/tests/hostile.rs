//! Hostile and degenerate input: nothing panics, and the answers are still exact.
//!
//! ```text
//! compare("", "")          ─►  0, ["“” has no letter or digit", "“” has no letter or digit"]
//! fold("a" + 100 000 × U+0301)  ─►  "a"
//! ```

use dossier_names::{acronym, compare, fold_key, is_acronym_of, key, tokens};

/// Every entry point on one input, returning the folded form.
fn exercise(name: &str) -> String {
    let folded = fold_key(name);
    let _ = tokens(name);
    let _ = key(name);
    let _ = acronym(name);
    let _ = is_acronym_of(name, name);
    let _ = is_acronym_of("JNIM", name);
    let c = compare(name, "Iyad Ag Ghaly");
    assert!((0.0..=1.0).contains(&c.score));
    folded
}

#[test]
fn empty_and_blank_names() {
    for name in ["", " ", "\t\n\r", "\u{00A0}\u{2003}"] {
        assert_eq!(exercise(name), "");
        assert_eq!(key(name), "");
        assert!(tokens(name).is_empty());
        assert!(acronym(name).is_empty());
    }
    let c = compare("", "");
    assert_eq!(c.score, 0.0);
    assert_eq!(
        c.explanation,
        ["“” has no letter or digit", "“” has no letter or digit"]
    );
    let c = compare("Ghaly", "   ");
    assert_eq!(c.score, 0.0);
    assert_eq!(c.explanation, ["“” has no letter or digit"]);
}

#[test]
fn punctuation_and_symbols_only() {
    for name in [
        "!!!---...",
        "’’’ʿʾ''",
        "()[]{}«»",
        "....",
        "☪✡✝",
        "🙂🙂",
        "\0\u{1}\u{7f}",
    ] {
        assert_eq!(exercise(name), "", "{name:?}");
        assert_eq!(compare(name, name).score, 0.0);
    }
}

#[test]
fn a_possessive_needs_a_word() {
    assert_eq!(fold_key("'s"), "s");
    assert_eq!(fold_key("Ghaly's"), "ghaly");
}

#[test]
fn control_characters_separate_words() {
    assert_eq!(fold_key("\0Iyad\0Ghaly\0"), "iyad ghaly");
    assert_eq!(fold_key("Iyad\u{7}Ag\u{1b}[31mGhaly"), "iyad ag 31mghaly");
}

#[test]
fn mixed_right_to_left_and_left_to_right() {
    let name = "\u{202B}إياد\u{202C} Ag \u{200F}Ghaly\u{200E} (غالي)";
    assert_eq!(exercise(name), "iyad ag ghaly ghaly");
    let isolates = "\u{2067}أنصار الدين\u{2069} / Ansar Eddine";
    assert_eq!(fold_key(isolates), "ansar al dyn ansar eddine");
    assert_eq!(
        compare("\u{2067}إياد أغ غالي\u{2069}", "Iyad Ag Ghaly").score,
        1.0
    );
}

#[test]
fn combining_mark_floods() {
    let flood = format!("a{}", "\u{0301}".repeat(100_000));
    assert_eq!(exercise(&flood), "a");
    let only_marks = "\u{0301}\u{0651}\u{064E}".repeat(50_000);
    assert_eq!(exercise(&only_marks), "");
    let zalgo: String = "Ghaly"
        .chars()
        .flat_map(|c| std::iter::once(c).chain("\u{0300}\u{0336}\u{0489}\u{20DD}".chars()))
        .collect();
    assert_eq!(fold_key(&zalgo), "ghaly");
    assert_eq!(compare(&zalgo, "Ghali").score, 1.0);
}

#[test]
fn one_megabyte_names() {
    let one_word = "a".repeat(1 << 20);
    assert_eq!(exercise(&one_word).len(), 1 << 20);
    assert_eq!(key(&one_word), "a");
    assert_eq!(compare(&one_word, &one_word).score, 1.0);

    let many_words = "Ghaly ag ".repeat((1 << 20) / 9);
    assert!(exercise(&many_words).starts_with("ghaly ag ghaly"));
    let c = compare(&many_words, &many_words);
    assert_eq!(c.score, 1.0);
    assert!(
        c.explanation
            .iter()
            .any(|l| l.starts_with("only the first 48 words of “Ghaly ag Ghaly ag")),
        "{:?}",
        c.explanation
    );
    assert!(acronym(&many_words).is_empty());
    assert!(!is_acronym_of("GAG", &many_words));

    let arabic = "غالي ".repeat((1 << 20) / 9);
    assert!(exercise(&arabic).starts_with("ghaly ghaly"));

    let dots = ".".repeat(1 << 20);
    assert_eq!(exercise(&dots), "");
    let initials = "A.".repeat(1 << 19);
    assert_eq!(exercise(&initials).len(), 1 << 19);
}

#[test]
fn long_words_skip_edit_distance_but_still_match_exactly() {
    let long = "abcdefghij".repeat(10);
    let longer = format!("{long}k");
    assert_eq!(compare(&long, &long).score, 1.0);
    assert_eq!(compare(&long, &longer).score, 0.0);
}

#[test]
fn private_use_noncharacters_and_odd_planes() {
    for name in [
        "\u{E000}\u{F8FF}",
        "\u{FFFF}\u{FFFE}",
        "\u{10FFFF}",
        "𝔊𝔥𝔞𝔩𝔶",
        "Ｇｈａｌｙ",
    ] {
        let _ = exercise(name);
    }
    assert_eq!(fold_key("𝔊𝔥𝔞𝔩𝔶"), "ghaly");
    assert_eq!(fold_key("Ｇｈａｌｙ"), "ghaly");
}
