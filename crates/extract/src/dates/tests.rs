use super::*;
use crate::KnownNames;
use dossier_geo::Gazetteer;
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};

fn dates(text: &str, published: Option<&str>) -> Vec<(String, String, bool)> {
    let doc = load(text.as_bytes(), Format::Text).unwrap();
    let analysis = analyze(&doc);
    let vocab = Vocabulary::builtin().unwrap();
    let known = KnownNames::default();
    let ctx = Context::new(&vocab, Gazetteer::builtin(), &known)
        .with_published(published.map(|p| p.parse().unwrap()));
    extract(&doc, &analysis, &ctx)
        .into_iter()
        .map(|d| {
            let shown = match d.end {
                Some(e) => format!("{}..{}", d.date, e),
                None => d.date.to_string(),
            };
            (d.text, shown, d.from_context)
        })
        .collect()
}

fn t(text: &str, date: &str, context: bool) -> (String, String, bool) {
    (text.to_string(), date.to_string(), context)
}

#[test]
fn absolute_forms() {
    assert_eq!(
        dates(
            "Listed on February 25, 2013 and 25 February 2013, again 2013-02-25. \
             By March 2020 it grew; in 2022 it split, in mid-2022 it fought, and in early 2023 it won.",
            None
        ),
        vec![
            t("February 25, 2013", "2013-02-25", false),
            t("25 February 2013", "2013-02-25", false),
            t("2013-02-25", "2013-02-25", false),
            t("March 2020", "2020-03", false),
            t("2022", "2022", false),
            t("mid-2022", "mid 2022", false),
            t("early 2023", "early 2023", false),
        ]
    );
}

#[test]
fn months_without_a_year_take_the_narrative_year() {
    assert_eq!(
        dates(
            "The talks failed in April 2022. An attack was plotted in late April. In 2023 the \
             rebels withdrew in January and left a February meeting. They signed on February 8. \
             Leaders met in Kidal on January 26 and on 3 March.",
            Some("2023-02")
        ),
        vec![
            t("April 2022", "2022-04", false),
            t("late April", "late 2022-04", true),
            t("2023", "2023", false),
            t("January", "2023-01", true),
            t("February", "2023-02", true),
            t("February 8", "2023-02-08", true),
            t("January 26", "2023-01-26", true),
            t("3 March", "2023-03-03", true),
        ]
    );
}

#[test]
fn without_a_narrative_year_the_publication_date_decides() {
    // Published in February 2023: "in December" is December 2022, "in January" January 2023.
    assert_eq!(
        dates(
            "Fighting resumed in December. It stopped in January.",
            Some("2023-02")
        ),
        vec![
            t("December", "2022-12", true),
            t("January", "2023-01", true)
        ]
    );
    // No year anywhere: nothing to resolve against.
    assert_eq!(dates("Fighting resumed in December.", None), vec![]);
}

#[test]
fn relative_dates_count_from_the_previous_date() {
    assert_eq!(
        dates(
            "On February 25, 2013, the Council listed him. A day later, he was listed again. \
             A month later, on March 22, 2013, his group followed. He spoke in 2016 and the \
             following year. Two days later nothing happened.",
            None
        ),
        vec![
            t("February 25, 2013", "2013-02-25", false),
            t("A day later", "2013-02-26", true),
            t("A month later", "2013-03", true),
            t("March 22, 2013", "2013-03-22", false),
            t("2016", "2016", false),
            t("the following year", "2017", true),
        ]
    );
}

#[test]
fn ranges_and_as_of() {
    assert_eq!(
        dates(
            "From 2008 until 2010, he served abroad. Between 2012 and 2013 he fought, and from \
             2014-2016 he hid. As of March 2024, nothing more is known.",
            None
        ),
        vec![
            t("From 2008 until 2010", "2008..2010", false),
            t("Between 2012 and 2013", "2012..2013", false),
            t("2014-2016", "2014..2016", false),
            t("As of March 2024", "2024-03", false),
        ]
    );
}

#[test]
fn words_that_are_not_dates() {
    assert_eq!(
        dates(
            "May God help them. The March on Rome. Some 8,000 fighters in 2020.",
            None
        ),
        vec![t("2020", "2020", false)]
    );
}

#[test]
fn hostile_text_is_handled() {
    let junk =
        "It came in January. ".repeat(2_000) + "a day later " + &"-3 Feb. 31st ".repeat(1_000);
    let found = dates(&junk, Some("2020-06"));
    assert_eq!(found.iter().filter(|d| d.0 == "January").count(), 2_000);
    assert!(
        found
            .iter()
            .all(|d| d.1 == "2020-01" || d.1 == "2020-02-03")
    );
    assert!(dates("'''", None).is_empty());
}
