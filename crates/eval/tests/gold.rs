//! Reading gold, metadata and predictions files: what is accepted, what is refused and how the
//! error reads.
//!
//! ```text
//! gold.jsonl line 2 = "{not json"  ─►  Err("…/gold.jsonl:2: key must be a string at line 1 column 2")
//! ```

use std::path::{Path, PathBuf};

use dossier_eval::{
    EvalError, parse_gold, parse_predictions, read_gold, read_meta_beside, score_predictions_file,
};
use dossier_model::Vocabulary;

fn vocab() -> Vocabulary {
    Vocabulary::builtin().unwrap()
}

const EMPTY_TAIL: &str =
    r#""relations": [], "events": [], "citations": {"count": 0, "items": []}, "assessments": []"#;

fn doc(file: &str) -> String {
    format!(
        r#"{{"file": "{file}", "entities": [{{"name": "Boko Haram", "type": "organization", "aliases": ["Boko Haram"]}}, {{"name": "Maiduguri", "type": "location", "aliases": ["Maiduguri"]}}], {EMPTY_TAIL}}}"#
    )
}

fn parse_err(text: &str) -> String {
    parse_gold(text, Path::new("gold.jsonl"), &vocab())
        .unwrap_err()
        .to_string()
}

fn with_relation(predicate: &str, subject: &str, object: &str) -> String {
    doc("a.txt").replace(
        r#""relations": []"#,
        &format!(
            r#""relations": [{{"subject": "{subject}", "predicate": "{predicate}", "object": "{object}", "start": null, "end": null}}]"#
        ),
    )
}

#[test]
fn a_malformed_line_is_named() {
    let text = format!("{}\n\n{{not json\n", doc("a.txt"));
    let msg = parse_err(&text);
    assert!(
        msg.starts_with("gold.jsonl:3: key must be a string"),
        "{msg}"
    );
}

#[test]
fn a_missing_section_is_named() {
    let text = r#"{"file": "a.txt", "entities": []}"#;
    let msg = parse_err(text);
    assert!(
        msg.starts_with("gold.jsonl:1: missing field `relations`"),
        "{msg}"
    );
}

#[test]
fn an_unknown_predicate_is_an_error() {
    let msg = parse_err(&with_relation("befriends", "Boko Haram", "Maiduguri"));
    assert_eq!(
        msg,
        "gold.jsonl:1: relation `Boko Haram` befriends `Maiduguri`: unknown predicate `befriends`"
    );
}

#[test]
fn inverse_predicates_are_turned_round() {
    let text = with_relation("area_of_operation_of", "Maiduguri", "Boko Haram");
    let docs = parse_gold(&text, Path::new("g"), &vocab()).unwrap();
    let r = &docs[0].relations[0];
    assert_eq!(
        (r.subject.as_str(), r.predicate.as_str(), r.object.as_str()),
        ("Boko Haram", "operates_in", "Maiduguri")
    );
}

#[test]
fn inconsistent_documents_are_refused() {
    let cases = [
        (
            with_relation("operates_in", "Boko Haram", "Kano"),
            "gold.jsonl:1: relation object `Kano` is not an entity of this document",
        ),
        (
            doc("a.txt").replace(r#""type": "location""#, r#""type": "planet""#),
            "gold.jsonl:1: entity `Maiduguri` has unknown type `planet`",
        ),
        (
            doc("a.txt").replace(r#""count": 0"#, r#""count": 2"#),
            "gold.jsonl:1: citations.count is 2 but there are 0 items",
        ),
        (
            doc("../../etc/passwd"),
            "gold.jsonl:1: document name `../../etc/passwd` must be a plain file name inside the documents folder",
        ),
        (
            doc("a.txt").replace(r#""file": "a.txt", "#, ""),
            "gold.jsonl:1: the document has neither `file` nor `id`",
        ),
        (
            format!("{}\n{}", doc("a.txt"), doc("a.txt")),
            "gold.jsonl:2: document `a.txt` appears twice in the gold",
        ),
        (
            doc("a.txt").replace(
                r#""events": []"#,
                r#""events": [{"date": "2014-04-14", "type": "abduction", "actors": ["Boko Haram"]}]"#,
            ),
            "gold.jsonl:1: event `` on 2014-04-14 has unknown type `abduction`",
        ),
        (
            doc("a.txt").replace(
                r#""assessments": []"#,
                r#""assessments": [{"phrase": "probably", "icd203": "probable"}]"#,
            ),
            "gold.jsonl:1: assessment `probably` has unknown ICD 203 band `probable`",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_err(&text), expected);
    }
    let bad_date = doc("a.txt").replace(
        r#""events": []"#,
        r#""events": [{"date": "2014-13", "type": "kidnapping"}]"#,
    );
    let msg = parse_err(&bad_date);
    assert!(
        msg.starts_with("gold.jsonl:1: month 13 is not between 1 and 12"),
        "{msg}"
    );
}

#[test]
fn documents_named_by_id_are_read_from_id_txt() {
    let text = doc("x").replace(r#""file": "x""#, r#""id": "nigeria-2014""#);
    let docs = parse_gold(&text, Path::new("g"), &vocab()).unwrap();
    assert_eq!(docs[0].key(), "nigeria-2014");
    assert_eq!(
        docs[0].text_path(Path::new("/docs")),
        PathBuf::from("/docs/nigeria-2014.txt")
    );
}

#[test]
fn files_meta_and_predictions_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(&gold, format!("{}\n", doc("a.txt"))).unwrap();
    std::fs::write(
        dir.path().join("meta.jsonl"),
        r#"{"file": "a.txt", "publisher": "Daily Trust", "published": "2014-04", "kind": "news"}"#,
    )
    .unwrap();
    let meta = read_meta_beside(&gold).unwrap();
    assert_eq!(meta["a.txt"].publisher.as_deref(), Some("Daily Trust"));
    assert_eq!(meta["a.txt"].published.unwrap().to_string(), "2014-04");

    let preds = dir.path().join("preds.jsonl");
    std::fs::write(
        &preds,
        concat!(
            r#"{"file": "a.txt", "entities": [{"name": "BOKO HARAM", "type": "armed_group"}]}"#,
            "\n",
            r#"{"file": "b.txt", "entities": []}"#,
            "\n"
        ),
    )
    .unwrap();
    let report = score_predictions_file(&gold, &preds).unwrap();
    let e = &report.overall.entities.prf;
    assert_eq!((e.matched, e.predicted, e.gold), (1, 1, 2));
    assert_eq!(
        report.warnings,
        vec!["prediction for `b.txt` has no gold: ignored".to_string()]
    );
    // No meta.jsonl: no metadata, no error.
    std::fs::remove_file(dir.path().join("meta.jsonl")).unwrap();
    assert!(read_meta_beside(&gold).unwrap().is_empty());
}

#[test]
fn unreadable_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.jsonl");
    let err = read_gold(&missing, &vocab()).unwrap_err();
    assert!(matches!(err, EvalError::Io { .. }));
    assert!(err.to_string().contains("nope.jsonl"));

    let latin1 = dir.path().join("latin1.jsonl");
    std::fs::write(&latin1, b"{\"file\": \"M\xe9naka\"}").unwrap();
    let msg = read_gold(&latin1, &vocab()).unwrap_err().to_string();
    assert!(
        msg.ends_with("latin1.jsonl: not UTF-8 (invalid byte at offset 11)"),
        "{msg}"
    );
}

#[test]
fn predictions_must_name_their_document_and_dates_must_parse() {
    let msg = parse_predictions(r#"{"entities": []}"#, Path::new("p.jsonl"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        msg,
        "p.jsonl:1: the prediction names no document (`file` or `id`)"
    );
    let msg = parse_predictions(
        r#"{"file": "a", "relations": [{"subject": "a", "predicate": "member_of", "object": "b", "start": "last spring"}]}"#,
        Path::new("p.jsonl"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        msg.starts_with("p.jsonl:1: `last spring` is not a date"),
        "{msg}"
    );
}

#[test]
fn a_huge_line_of_junk_is_a_clean_error() {
    let junk = format!("{{\"file\": \"{}\"", "x".repeat(1_000_000));
    let msg = parse_err(&junk);
    assert!(
        msg.starts_with("gold.jsonl:1: EOF while parsing an object"),
        "{msg}"
    );
    // Deep nesting, in a field the scorer skips and in one it reads: no stack overflow.
    let deep = format!("{{\"file\": \"a\", \"note\": {}", "[".repeat(100_000));
    let msg = parse_err(&deep);
    assert!(
        msg.starts_with("gold.jsonl:1: EOF while parsing a list"),
        "{msg}"
    );
    let deep = format!(
        "{{\"file\": \"a\", \"entities\": [{{\"name\": {}",
        "[".repeat(100_000)
    );
    let msg = parse_err(&deep);
    assert!(
        msg.starts_with("gold.jsonl:1: invalid type: sequence"),
        "{msg}"
    );
}
