//! The HTML and Markdown loaders on fixture reports and on hostile input.
//!
//! Every test checks the loader's contract with [`check_invariants`]: blocks trimmed, in order,
//! separated by exactly one blank line, covering all the text; links inside blocks and safe;
//! every block's original span slices the input to markup holding the block's words in order.

use dossier_text::{BlockKind, Loaded, html, markdown};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

fn blocks(l: &Loaded) -> Vec<(BlockKind, &str)> {
    l.blocks
        .iter()
        .map(|b| (b.kind, b.span.slice(&l.text)))
        .collect()
}

fn links(l: &Loaded) -> Vec<(&str, &str)> {
    l.links
        .iter()
        .map(|k| (k.span.slice(&l.text), k.href.as_str()))
        .collect()
}

/// The input text a span of the output came from.
fn original<'a>(l: &Loaded, input: &'a str, span: dossier_text::Span) -> &'a str {
    let o = l.map.to_original_span(span);
    &input[o.start..o.end]
}

/// The ASCII words of `s`, footnote markers (`[12]`) left out: they are rendered, not copied.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map(|c| open + c);
        out.extend(ascii_words(&rest[..open]));
        match close {
            Some(c)
                if rest[open + 1..c]
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric()) =>
            {
                rest = &rest[c + 1..];
            }
            _ => {
                rest = &rest[open + 1..];
            }
        }
    }
    out.extend(ascii_words(rest));
    out
}

fn ascii_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn check_invariants(l: &Loaded, input: &str) {
    let text = &l.text;
    let mut prev_end: Option<usize> = None;
    for b in &l.blocks {
        let s = b.span.slice(text);
        assert!(!s.is_empty(), "empty block {b:?}");
        assert_eq!(s, s.trim(), "untrimmed block {b:?}");
        match prev_end {
            None => assert_eq!(b.span.start, 0, "text before the first block"),
            Some(end) => assert_eq!(&text[end..b.span.start], "\n\n", "separator before {b:?}"),
        }
        prev_end = Some(b.span.end);
        // The letters of the block's words are in its original span, in order (a word may be
        // split by markup: "<b>bold</b>ly").
        let orig = original(l, input, b.span).as_bytes();
        let mut at = 0;
        for w in words(s) {
            for c in w.bytes() {
                match orig[at..].iter().position(|&o| o == c) {
                    Some(i) => at += i + 1,
                    None => panic!(
                        "{w:.40?} of block {:.80?} not in its original {:.80?}",
                        s,
                        String::from_utf8_lossy(orig)
                    ),
                }
            }
        }
    }
    assert_eq!(
        prev_end.unwrap_or(0),
        text.len(),
        "text after the last block"
    );
    for link in &l.links {
        assert!(
            l.blocks.iter().any(|b| b.span.contains(link.span)),
            "link outside blocks: {link:?}"
        );
        let lower = link.href.to_ascii_lowercase();
        assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:"));
    }
}

fn load_html(input: &str) -> Loaded {
    let l = html::load(input);
    check_invariants(&l, input);
    l
}

fn load_md(input: &str) -> Loaded {
    let l = markdown::load(input);
    check_invariants(&l, input);
    l
}

// ---------------------------------------------------------------------------------------------
// HTML

#[test]
fn html_news_article() {
    use BlockKind::*;
    let input = fixture("html_shabaab_attack.html");
    let l = load_html(&input);
    assert_eq!(
        blocks(&l),
        vec![
            (Title, "Car bomb kills 14 at Beledweyne checkpoint"),
            (Paragraph, "By Amina Warsame \u{b7} 1 March 2024"),
            (
                Paragraph,
                "A suicide car bomb struck a Somali National Army checkpoint on the outskirts of \
                 Beledweyne on Friday, killing at least 14 people.[1]"
            ),
            (
                Paragraph,
                "Harakat al\u{2011}Shabaab al\u{2011}Mujahideen (al\u{2011}Shabaab) said through its \
                 Shahada news agency that its fighters carried out the attack \u{2014} the group's \
                 third in Hiiraan since January.[2]"
            ),
            (
                Paragraph,
                "Officials said the attack followed \"weeks of pressure\" on the group's supply \
                 lines.\nClan militias known as ma'awisley had joined the offensive."
            ),
            (
                Quote,
                "We will not let them return to the villages we freed."
            ),
            (Paragraph, "See the interactive map and the UN report."),
            (ListItem, "Bulo Burte retaken in 2023"),
            (ListItem, "Mahas district contested"),
            (TableCell, "Date"),
            (TableCell, "Place"),
            (TableCell, "Killed"),
            (TableCell, "2024-03-01"),
            (TableCell, "Beledweyne"),
            (TableCell, "14"),
            (Caption, "Hiiraan region \u{a9} Horn Security Monitor"),
            (Preformatted, "time   event\n09:10  blast"),
            (Heading, "Notes"),
            (
                Paragraph,
                "[1] Hiiraan regional police statement, March 1, 2024."
            ),
            (
                Paragraph,
                "[2] Shahada News Agency, \"Martyrdom operation in Beledweyne,\" March 1, 2024, \
                 https://example.net/shahada"
            ),
        ]
    );
    assert_eq!(
        links(&l),
        vec![
            ("Beledweyne", "https://en.wikipedia.org/wiki/Beledweyne"),
            ("UN report", "https://example.org/report?a=1&b=2"),
            ("https://example.net/shahada", "https://example.net/shahada"),
        ]
    );
    let m = &l.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Car bomb kills 14 at Beledweyne checkpoint")
    );
    assert_eq!(m.publisher.as_deref(), Some("Horn Security Monitor"));
    assert_eq!(m.author.as_deref(), Some("Amina Warsame"));
    assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2024-03-02"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://monitor.example.org/2024/03/beledweyne-checkpoint-bomb")
    );
    assert_eq!(
        m.description.as_deref(),
        Some("Al-Shabaab claimed a vehicle bomb that struck a checkpoint in Hiiraan region.")
    );
    assert_eq!(m.kind, None);

    // Spans map back to the markup they came from.
    let b = &l.blocks;
    assert_eq!(
        original(&l, &input, b[0].span),
        "Car bomb kills 14 at Beledweyne checkpoint"
    );
    assert_eq!(
        original(&l, &input, b[15].span),
        "Hiiraan region &copy; Horn Security Monitor"
    );
    assert!(original(&l, &input, b[18].span).starts_with("<li id=\"fn1\"><p>Hiiraan"));
    let marker = l.text.find("[1]").unwrap();
    assert_eq!(
        original(&l, &input, dossier_text::Span::new(marker, marker + 3)),
        "<a href=\"#fn1\" id=\"fnref1\">1</a>"
    );
    let dash = l.text.find('\u{2014}').unwrap();
    assert_eq!(
        original(&l, &input, dossier_text::Span::new(dash, dash + 3)),
        "&mdash;"
    );
    let shabaab = l.text.find("Shabaab al").unwrap();
    assert_eq!(
        original(&l, &input, dossier_text::Span::new(shabaab, shabaab + 7)),
        "Shabaab"
    );
    // A span's end maps to where its own text ends, not into the end tag after it.
    let link = l.links[0].span;
    assert_eq!(original(&l, &input, link), "Beledweyne");
    // Nothing of the furniture survives.
    for gone in [
        "Sahel",
        "cookies",
        "Accept",
        "Share",
        "Related",
        "comments",
        "First!",
        "injected",
        "not text",
        "Subscribe",
        "\u{21a9}",
    ] {
        assert!(!l.text.contains(gone), "{gone:?} leaked");
    }
}

#[test]
fn html_footnote_shapes() {
    // Wikipedia.
    let wiki = "<p>ISWAP split from Boko Haram in 2016.<sup class=\"reference\"><a href=\"#cite_note-3\">[3]</a></sup></p>\
        <ol class=\"references\"><li id=\"cite_note-3\"><span class=\"mw-cite-backlink\"><b><a href=\"#cite_ref-3\">^</a></b></span> \
        <span class=\"reference-text\">Crisis Group, <i>Facing the Challenge</i>, 2019.</span></li></ol>";
    let l = load_html(wiki);
    assert_eq!(
        l.text,
        "ISWAP split from Boko Haram in 2016.[3]\n\n[3] Crisis Group, Facing the Challenge, 2019."
    );
    // kramdown and pandoc.
    let kramdown = "<p>Text<sup id=\"fnref:1\" role=\"doc-noteref\"><a href=\"#fn:1\" class=\"footnote\" rel=\"footnote\">1</a></sup> \
        and more<a href=\"#fn2\" class=\"footnote-ref\"><sup>2</sup></a>.</p>\
        <div class=\"footnotes\" role=\"doc-endnotes\"><ol>\
        <li id=\"fn:1\" role=\"doc-endnote\"><p>First source.&#160;<a href=\"#fnref:1\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a></p></li>\
        <li id=\"fn2\"><p>Second source.</p><p>Continued.</p></li></ol></div>";
    let l = load_html(kramdown);
    assert_eq!(
        blocks(&l),
        vec![
            (BlockKind::Paragraph, "Text[1] and more[2]."),
            (BlockKind::Paragraph, "[1] First source."),
            (BlockKind::Paragraph, "[2] Second source. Continued."),
        ]
    );
    // A numbered list under a "Notes" section, with no ids.
    let plain = "<p>Claim.<sup>1</sup></p><section id=\"endnotes\"><ol start=\"4\"><li>Fourth.</li><li>Fifth.</li></ol></section>\
        <ul class=\"footnotes\"><li>Not numbered.</li></ul>";
    assert_eq!(
        load_html(plain).text,
        "Claim.1\n\n[4] Fourth.\n\n[5] Fifth.\n\nNot numbered."
    );
}

#[test]
fn html_chrome_depends_on_the_article() {
    let no_article = "<header><h1>Only title</h1></header><p>Body.</p><footer>Contact us</footer>\
        <aside>Sidebar</aside><div class=\"newsletter-signup\">Join</div><p hidden>secret</p>\
        <p style=\"display: none\">also secret</p><div role=\"navigation\">Menu</div>";
    let l = load_html(no_article);
    assert_eq!(
        blocks(&l),
        vec![
            (BlockKind::Title, "Only title"),
            (BlockKind::Paragraph, "Body.")
        ]
    );
    assert_eq!(l.meta.title.as_deref(), Some("Only title"));
    let with_article = "<header><h1>Site name</h1></header><article><header><h1>Story</h1>\
        <time datetime=\"2023-11\">November</time></header><p>Body.</p><footer>Filed under X</footer></article>";
    let l = load_html(with_article);
    assert_eq!(
        blocks(&l),
        vec![
            (BlockKind::Title, "Story"),
            (BlockKind::Paragraph, "November"),
            (BlockKind::Paragraph, "Body."),
            (BlockKind::Paragraph, "Filed under X"),
        ]
    );
    assert_eq!(
        l.meta.published.map(|d| d.iso()).as_deref(),
        Some("2023-11")
    );
    assert_eq!(l.meta.title.as_deref(), Some("Story"));
}

#[test]
fn html_inline_flow_breaks_and_implied_ends() {
    let input = "<P>One<BR>Two<br><br>Three</p><SCRIPT>x</SCRIPT><DiV>Four <b>bold</B><i>ly</i>\n  five</dIv>\
        <ul><li>a<li>b</ul><p>para<p>next<table><tr><td>c<td>d</table>10<sup>th</sup> &amp; &#x1F600; &bogus;\
        <pre>\nline 1\n  line 2\n</pre>";
    let l = load_html(input);
    assert_eq!(
        blocks(&l),
        vec![
            (BlockKind::Paragraph, "One\nTwo"),
            (BlockKind::Paragraph, "Three"),
            (BlockKind::Paragraph, "Four boldly five"),
            (BlockKind::ListItem, "a"),
            (BlockKind::ListItem, "b"),
            (BlockKind::Paragraph, "para"),
            (BlockKind::Paragraph, "next"),
            (BlockKind::TableCell, "c"),
            (BlockKind::TableCell, "d"),
            (BlockKind::Paragraph, "10th & \u{1F600} &bogus;"),
            (BlockKind::Preformatted, "line 1\n  line 2"),
        ]
    );
}

#[test]
fn html_head_left_open_and_metadata_fallbacks() {
    let input = "<html><head><title>Page &amp; title</title><meta name=citation_author content=\"By  Jane Doe \">\
        <meta property=article:author content=\"https://facebook.com/x\"><meta name=dc.date content=\"2021-07-09\">\
        <meta property=og:url content=\"javascript:alert(1)\"><p>Body text";
    let l = load_html(input);
    assert_eq!(l.text, "Body text");
    assert_eq!(l.meta.title.as_deref(), Some("Page & title"));
    assert_eq!(l.meta.author.as_deref(), Some("Jane Doe"));
    assert_eq!(
        l.meta.published.map(|d| d.iso()).as_deref(),
        Some("2021-07-09")
    );
    assert_eq!(l.meta.url, None);
}

#[test]
fn html_hostile_markup() {
    let cases: &[(&str, &str)] = &[
        ("<p title=\"<script>alert(1)</script>\">Safe</p>", "Safe"),
        ("<scr<script>ipt>alert(1)</script>", "ipt>alert(1)"),
        ("<p>Start<div class=\"never closed", "Start"),
        ("<p>Start<!-- never closed <p>hidden", "Start"),
        (
            "<p>a<![CDATA[ <p>b ]]>c<?php echo 1 ?>d<!DOCTYPE x>e</p>",
            "acde",
        ),
        (
            "<a href=\"java&#x09;script:alert(1)\">x</a> <a href=\" DATA:text/html,1\">y</a>",
            "x y",
        ),
        (
            "<b><i>mis</b>nested</i> </p></div></span></table>end",
            "misnested end",
        ),
        (
            "&#xD800;&#0;&#1114112;&#x;&#",
            "\u{FFFD}\u{FFFD}\u{FFFD}&#x;&#",
        ),
        (
            "<style>p { content: '</p><p>' }</style><p>after</p>",
            "after",
        ),
        (
            "<svg><title>icon</title><path/></svg><p>kept</p><svg/><p>also kept</p>",
            "kept\n\nalso kept",
        ),
        (
            "<nav/><p>after self-closed nav</p>",
            "after self-closed nav",
        ),
        (
            "<head><title>t</title><p>one</p><head><p>two</p>",
            "one\n\ntwo",
        ),
        (
            "<body><form id=aspnetForm><p>page</p><form class=x><p>search</p></form></form>",
            "page",
        ),
        ("", ""),
        ("   \n\t ", ""),
    ];
    for (input, expected) in cases {
        let l = load_html(input);
        assert_eq!(&l.text, expected, "for {input:?}");
        assert!(l.links.is_empty(), "links in {input:?}");
    }
}

#[test]
fn html_deep_nesting_huge_text_and_many_tags() {
    // 100 000 unclosed divs.
    let deep = format!(
        "{}deep text{}",
        "<div>".repeat(100_000),
        "</span>".repeat(1000)
    );
    assert_eq!(load_html(&deep).text, "deep text");
    let heads = format!("{}body", "<head>".repeat(100_000));
    assert_eq!(load_html(&heads).text, "body");
    // Scope walls between many open paragraphs and many new ones.
    let walls = format!("<p>x{}{}", "<table>".repeat(30_000), "<p>y".repeat(30_000));
    let l = load_html(&walls);
    assert_eq!(l.blocks.len(), 30_001);
    // 50 000 unclosed links, then 50 000 unclosed footnote superscripts.
    let anchors =
        "<a href=\"/a\">w ".repeat(50_000) + "</a>" + &"<sup><a href=\"#fn1\">1</a>".repeat(50_000);
    let l = load_html(&anchors);
    assert_eq!(l.links.len(), 50_000);
    assert_eq!(l.text.matches("[1]").count(), 50_000);
    assert!(l.text.starts_with("w w w"));
    // A 5 MB text node.
    let big = format!("<p>{}</p>", "word ".repeat(1_000_000));
    let l = load_html(&big);
    assert_eq!(l.text.len(), 5_000_000 - 1);
    assert_eq!(l.blocks.len(), 1);
    // Attributes and tags cut off at the end, at every length.
    let tag = "<a href=\"https://x.org/\" class='c'>text</a>";
    for cut in 0..tag.len() {
        let _ = load_html(&tag[..cut]);
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

#[test]
fn markdown_brief() {
    use BlockKind::*;
    let input = fixture("md_iswap_brief.md");
    let l = load_md(&input);
    assert_eq!(
        blocks(&l),
        vec![
            (Title, "ISWAP pressure on Borno's garrison towns"),
            (
                Paragraph,
                "Islamic State West Africa Province (ISWAP) fighters raided the army base at Marte \
                 on May 12, their second attack on the town this year.[1] The group's Amaq outlet \
                 published photographs of seized weapons.[2]"
            ),
            (
                Paragraph,
                "Local officials said troops *withdrew to Dikwa before reinforcements arrived, a \
                 claim the army later denied (see the Defence HQ statement)."
            ),
            (Heading, "Key developments"),
            (
                ListItem,
                "ISWAP *consolidated control of the Timbuktu Triangle"
            ),
            (
                ListItem,
                "Boko Haram (JAS) factions clashed with ISWAP near Lake Chad islands"
            ),
            (ListItem, "Raid on Marte"),
            (ListItem, "Ambush on the Maiduguri\u{2013}Monguno road"),
            (
                Quote,
                "The insurgents came at dusk and left before the aircraft did, one resident told \
                 reporters."
            ),
            (TableCell, "Date"),
            (TableCell, "Place"),
            (TableCell, "Attack"),
            (TableCell, "2024-05-12"),
            (TableCell, "Marte"),
            (TableCell, "base raid"),
            (Preformatted, "ISWAP  Marte   2024-05-12"),
            (
                Paragraph,
                "Background: https://en.wikipedia.org/wiki/Islamic_State_\u{2013}_West_Africa_Province \
                 and a map of the area. Sources vary."
            ),
            (
                Paragraph,
                "[1] Nigerian Army spokesperson, press briefing, May 13, 2024."
            ),
            (
                Paragraph,
                "[2] Amaq News Agency, \"Soldiers killed in Marte,\" May 12, 2024, \
                 https://example.org/amaq/marte"
            ),
        ]
    );
    assert_eq!(
        links(&l),
        vec![
            (
                "Defence HQ statement",
                "https://defence.example.ng/statements/112"
            ),
            (
                "https://en.wikipedia.org/wiki/Islamic_State_\u{2013}_West_Africa_Province",
                "https://en.wikipedia.org/wiki/Islamic_State_\u{2013}_West_Africa_Province"
            ),
        ]
    );
    let m = &l.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("ISWAP pressure on Borno's garrison towns")
    );
    assert_eq!(m.publisher.as_deref(), Some("Lake Chad Watch"));
    assert_eq!(m.author.as_deref(), Some("Musa Ibrahim"));
    assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2024-05-14"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://watch.example.ng/briefs/iswap-garrison-towns")
    );
    assert_eq!(m.kind.as_deref(), Some("analysis"));
    assert_eq!(
        m.description.as_deref(),
        Some("A short brief on Islamic State West Africa Province raids in northern Borno.")
    );

    let b = &l.blocks;
    assert_eq!(original(&l, &input, b[3].span), "Key developments");
    assert_eq!(
        original(&l, &input, b[8].span),
        "The insurgents came at dusk and left before the aircraft did,\n> one resident told reporters."
    );
    assert_eq!(
        original(&l, &input, b[18].span),
        "[^amaq]: Amaq News Agency, \"Soldiers killed in Marte,\" May 12, 2024,\n    https://example.org/amaq/marte"
    );
    let star = l.text.find("*withdrew").unwrap();
    assert_eq!(
        original(&l, &input, dossier_text::Span::new(star, star + 9)),
        "*withdrew"
    );
    let marte = l.text.find("Marte on").unwrap();
    assert_eq!(
        original(&l, &input, dossier_text::Span::new(marte, marte + 5)),
        "Marte"
    );
    assert_eq!(
        original(&l, &input, l.links[0].span),
        "Defence HQ statement"
    );
    // Front matter is not text.
    assert!(!l.text.contains("Lake Chad Watch"));
}

#[test]
fn markdown_title_falls_back_to_the_first_heading() {
    let l = load_md("Intro line\n\n## Second level\n\nSetext title\n============\n\n# Later h1\n");
    assert_eq!(l.meta.title.as_deref(), Some("Setext title"));
    assert_eq!(
        blocks(&l),
        vec![
            (BlockKind::Paragraph, "Intro line"),
            (BlockKind::Heading, "Second level"),
            (BlockKind::Title, "Setext title"),
            (BlockKind::Heading, "Later h1"),
        ]
    );
}

#[test]
fn markdown_crlf_html_and_broken_front_matter() {
    let l = load_md(
        "---\r\ntitle: never closed\r\n\r\n# T\r\n\r\nPara one\r\nline two  \r\nthree\r\n<script>\r\nalert(1)\r\n</script>\r\n<!-- a\r\n\r\nb -->\r\nAfter <b>bold</b>\r\n",
    );
    assert_eq!(l.meta.title.as_deref(), Some("T"));
    assert_eq!(
        blocks(&l),
        vec![
            (BlockKind::Paragraph, "title: never closed"),
            (BlockKind::Title, "T"),
            (BlockKind::Paragraph, "Para one line two\nthree"),
            (BlockKind::Paragraph, "After bold"),
        ]
    );
}

#[test]
fn markdown_hostile_input() {
    let cases: Vec<(String, &str)> = vec![
        ("[".repeat(100_000), ""),
        ("*a ".repeat(100_000), ""),
        ("_a_b ".repeat(50_000), ""),
        ("<a ".repeat(100_000), ""),
        ("[x](".repeat(50_000), ""),
        ("`".repeat(1000) + &"``x".repeat(30_000), ""),
        ("[^".repeat(50_000), ""),
        (format!("{} nested", ">".repeat(100_000)), "nested"),
        (format!("{}deep", "- ".repeat(50_000)), "deep"),
        (format!("{}x\n\u{a0}y", "    ".repeat(10)), "x\n\ny"),
        (
            "[a](<javascript:alert(1)>) <data:text/html,x>".to_string(),
            "a data:text/html,x",
        ),
    ];
    for (input, expected) in &cases {
        let l = load_md(input);
        if !expected.is_empty() {
            assert_eq!(l.text, *expected, "for {:?}", &input[..input.len().min(40)]);
        }
        assert!(
            l.links.is_empty(),
            "links in {:?}",
            &input[..input.len().min(40)]
        );
    }
    // Unmatched markers are kept as written.
    assert_eq!(load_md(&"*a ".repeat(3)).text, "*a *a *a");
    // A 5 MB paragraph.
    let big = "word ".repeat(1_000_000);
    let l = load_md(&big);
    assert_eq!(l.text.len(), 5_000_000 - 1);
    // Every prefix of a tricky document.
    let doc = "---\ntitle: x\n---\n# H\n> q *e* [l](u \"t\") `c` <b>\n- [^1]\n\n[^1]: n\n| a |\n|---|\n| b |\n";
    for cut in 0..doc.len() {
        let _ = load_md(&doc[..cut]);
    }
}
