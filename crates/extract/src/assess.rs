//! The analysts' estimative judgements (ICD 203), with claim, band, horizon and scenario.
//!
//! ```text
//! "JNIM will likely not pursue transnational attacks in the short term, but the group has
//!  continued to encourage global attacks."
//!   ─► Assessment { phrase: "will likely not", band: likely, negated: true,
//!                   claim: "JNIM will likely not pursue transnational attacks in the short term",
//!                   horizon: "in the short term", scenario: None, status: open, .. }
//! "In a long-term worst-case scenario, JNIM could use these havens."
//!   ─► Assessment { phrase: "could", band: None (a bare hedge), horizon: "long-term",
//!                   scenario: "worst-case scenario", claim: "JNIM could use these havens", .. }
//! ```
//!
//! All knowledge is in `data/extract/estimative.toml` ([`Lexicon`]): the ICD 203 ladder and its
//! common forms, the bare hedges ("may", "could": kept with no band), comparatives ("more likely
//! to": no band), analytic frames ("we assess", kept when no band word follows), attribution
//! frames ("officials said": the judgement is not the analyst's, so nothing is kept), confidence
//! levels (recorded, never a band), horizons and scenario labels.
//!
//! Per body sentence (titles, headings and block quotes are not the analyst's judgements):
//! questions are skipped; `phrases::scan` finds the terms; each phrase inside double quotes
//! or after an attribution frame in its clause is dropped; `clause::find` gives the clause it
//! governs; the horizon is searched in that clause, the scenario label and the confidence in the
//! whole sentence. The claim is the clause without its lead ("but", "we assess that", a
//! scenario intro "In a more likely scenario,").

pub mod lexicon;

mod clause;
mod pattern;
mod phrases;
mod tokens;

pub use lexicon::{Expected, Lexicon, LexiconError, RuleTest};

use dossier_model::FuzzyDate;
use dossier_text::{Analysis, Document, SentenceKind};

use crate::{Assessment, AssessmentStatus, Context, DateMention};
use lexicon::{Rule, RuleIndex};
use pattern::{Env, Match, span_of};

/// The judgements of a document, with the built-in lexicon.
pub fn extract(
    doc: &Document,
    analysis: &Analysis,
    dates: &[DateMention],
    ctx: &Context<'_>,
) -> Vec<Assessment> {
    extract_with(Lexicon::builtin(), doc, analysis, dates, ctx)
}

/// The judgements of a document, with a given lexicon.
pub fn extract_with(
    lex: &Lexicon,
    doc: &Document,
    analysis: &Analysis,
    dates: &[DateMention],
    ctx: &Context<'_>,
) -> Vec<Assessment> {
    let mut sorted: Vec<&DateMention> = dates.iter().collect();
    sorted.sort_by_key(|d| d.span.start);
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (si, sentence) in analysis.sentences.iter().enumerate() {
        if !matches!(sentence.kind, SentenceKind::Body | SentenceKind::ListItem) {
            continue;
        }
        let span = sentence.span;
        let text = span.slice(&doc.text);
        if text
            .trim_end()
            .trim_end_matches(['"', '\'', ')'])
            .ends_with('?')
        {
            continue;
        }
        // Most sentences hold no judgement: they are passed over before being tokenized.
        if !lex.index.needs.may_match(text, &mut seen) {
            continue;
        }
        let toks = tokens::tokenize(&doc.text, span);
        if toks.is_empty() {
            continue;
        }
        let lo = sorted.partition_point(|d| d.span.start < span.start);
        let hi = sorted.partition_point(|d| d.span.start < span.end);
        let env = Env {
            tokens: &toks,
            sets: &lex.sets,
            dates: sorted.get(lo..hi).unwrap_or(&[]),
        };
        sentence_judgements(lex, doc, &env, si, ctx, &mut out);
    }
    out
}

/// A phrase to turn into an assessment.
struct Item<'l> {
    phrase: (usize, usize),
    band: Option<&'l str>,
    negated: bool,
    rule: &'l str,
}

fn sentence_judgements(
    lex: &Lexicon,
    doc: &Document,
    env: &Env<'_, '_>,
    si: usize,
    ctx: &Context<'_>,
    out: &mut Vec<Assessment>,
) {
    let toks = env.tokens;
    let any = |_: &Rule, _: &Match| true;
    let ix = &lex.index;
    let scenario = all_matches(&lex.scenarios, &ix.scenarios, env, any)
        .first()
        .copied();
    let mut items: Vec<Item<'_>> = phrases::scan(lex, env)
        .into_iter()
        .map(|f| {
            let rule = &lex.terms[f.rule];
            Item {
                phrase: f.phrase,
                band: rule.band.as_deref(),
                negated: f.negated,
                rule: &rule.id,
            }
        })
        .collect();
    if items.is_empty() {
        let lead = all_matches(&lex.frames, &ix.frames, env, any)
            .first()
            .copied()
            .or(scenario);
        if let Some((m, rule)) = lead {
            items.push(Item {
                phrase: m.text,
                band: None,
                negated: rule.negated,
                rule: &rule.id,
            });
        }
    }
    if items.is_empty() {
        return;
    }
    let confidence = all_matches(&lex.confidence, &ix.confidence, env, any)
        .first()
        .and_then(|(_, r)| r.level.clone());
    let attributions = all_matches(&lex.attributions, &ix.attributions, env, any);
    let horizons = all_matches(&lex.horizons, &ix.horizons, env, |r, m| {
        horizon_date(r, m, ctx.published).is_ok()
    });
    let sentence_start = toks[0].span.start;
    for item in items {
        let (a, b) = item.phrase;
        let phrase_span = span_of(toks, a, b);
        let before = doc
            .text
            .get(sentence_start..phrase_span.start)
            .unwrap_or("");
        if before.matches('"').count() % 2 == 1 {
            continue;
        }
        let clause = clause::find(lex, env, a, b);
        if first_in(&attributions, clause.start, a).is_some() {
            continue;
        }
        let horizon = first_in(&horizons, clause.claim_start, clause.end);
        let lead = strip_lead(
            lex,
            env,
            clause.claim_start,
            clause.end,
            scenario.map(|s| s.0),
        );
        let (claim, claim_span) = clause::claim_text(&doc.text, lex, env, lead, clause.end);
        out.push(Assessment {
            sentence: si,
            phrase: phrase_span.slice(&doc.text).to_string(),
            phrase_span,
            band: item
                .band
                .and_then(|b| ctx.vocabulary.band(b))
                .map(|b| b.id.clone()),
            claim,
            claim_span,
            horizon: horizon.map(|(m, _)| {
                span_of(toks, m.text.0, m.text.1)
                    .slice(&doc.text)
                    .to_string()
            }),
            horizon_date: horizon
                .and_then(|(m, r)| horizon_date(r, m, ctx.published).ok().flatten()),
            scenario: scenario.map(|(m, _)| {
                span_of(toks, m.text.0, m.text.1)
                    .slice(&doc.text)
                    .to_string()
            }),
            confidence: confidence.clone(),
            negated: item.negated,
            rule: item.rule.to_string(),
            status: AssessmentStatus::Open,
        });
    }
}

/// The date a horizon names: `Ok(None)` for none ("in the short term"), `Err` when the rule
/// does not apply (a `future_only` date before publication, or no publication date to compare).
fn horizon_date(
    rule: &Rule,
    m: &Match,
    published: Option<FuzzyDate>,
) -> Result<Option<FuzzyDate>, ()> {
    if let Some(offset) = rule.year_offset {
        let Some(p) = published else {
            return Ok(None);
        };
        return Ok(FuzzyDate::year(p.year_value().saturating_add(offset)).ok());
    }
    if rule.needs_published && published.is_none() {
        return Err(());
    }
    if rule.future_only
        && let (Some(d), Some(p)) = (m.date, published)
        && d.interval().1 < p.interval().0
    {
        return Err(());
    }
    Ok(m.date)
}

/// At each token, the longest match of `rules` starting there (then the earliest rule) whose
/// neighbour conditions hold and that `accept` takes; in token order.
fn all_matches<'l>(
    rules: &'l [Rule],
    index: &RuleIndex,
    env: &Env<'_, '_>,
    accept: impl Fn(&Rule, &Match) -> bool,
) -> Vec<(Match, &'l Rule)> {
    let mut out = Vec::new();
    for (i, t) in env.tokens.iter().enumerate() {
        let mut best: Option<(Match, &Rule)> = None;
        index.each(&t.low, |r| {
            let rule = &rules[r];
            if let Some(m) = rule.pattern.match_at(env, i)
                && rule.fits(env.tokens, i, m.end)
                && accept(rule, &m)
                && best.is_none_or(|(b, _)| m.end > b.end)
            {
                best = Some((m, rule));
            }
        });
        out.extend(best);
    }
    out
}

/// The first of `found` that starts at or after token `from` and ends by token `to`.
fn first_in<'f, 'l>(
    found: &'f [(Match, &'l Rule)],
    from: usize,
    to: usize,
) -> Option<&'f (Match, &'l Rule)> {
    let lo = found.partition_point(|(m, _)| m.start < from);
    found[lo..]
        .iter()
        .take_while(|(m, _)| m.start < to)
        .find(|(m, _)| m.end <= to)
}

/// The longest match of `rules` starting at token `at` whose neighbour conditions hold.
fn match_here(rules: &[Rule], index: &RuleIndex, env: &Env<'_, '_>, at: usize) -> Option<Match> {
    let t = env.tokens.get(at)?;
    let mut best: Option<Match> = None;
    index.each(&t.low, |r| {
        let rule = &rules[r];
        if let Some(m) = rule.pattern.match_at(env, at)
            && rule.fits(env.tokens, at, m.end)
            && best.is_none_or(|b| m.end > b.end)
        {
            best = Some(m);
        }
    });
    best
}

/// Where the claim starts once its lead is dropped: conjunctions and commas, an analytic frame
/// with its confidence and "that" ("we assess with moderate confidence that"), a scenario intro
/// ending in a comma ("In a more likely scenario,").
fn strip_lead(
    lex: &Lexicon,
    env: &Env<'_, '_>,
    start: usize,
    end: usize,
    scenario: Option<Match>,
) -> usize {
    let toks = env.tokens;
    let mut s = start;
    loop {
        let before = s;
        while s < end && (toks[s].low == "," || lex.clause.strip_words.accepts(&toks[s])) {
            s += 1;
        }
        let ix = &lex.index;
        if let Some(m) = match_here(&lex.frames, &ix.frames, env, s).filter(|m| m.end < end) {
            s = m.end;
            if let Some(c) =
                match_here(&lex.confidence, &ix.confidence, env, s).filter(|m| m.end < end)
            {
                s = c.end;
            }
            if toks.get(s).is_some_and(|t| t.low == "that") && s + 1 < end {
                s += 1;
            }
        }
        if let Some(sc) = scenario
            && toks
                .get(s)
                .is_some_and(|t| lex.clause.scenario_intro.accepts(t))
            && sc.start >= s
            && sc.end < end
            && let Some(comma) = (sc.end..end).find(|&k| toks[k].low == ",")
            && comma + 1 < end
            && comma - s <= 12
        {
            s = comma + 1;
        }
        if s == before {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KnownNames;
    use dossier_model::{Span, Vocabulary};
    use dossier_text::{Format, analyze, load};

    fn run_with(text: &str, dates: &[DateMention]) -> Vec<Assessment> {
        let vocabulary = Vocabulary::builtin().unwrap();
        let known = KnownNames::default();
        let ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known);
        let doc = load(text.as_bytes(), Format::Text).unwrap();
        let analysis = analyze(&doc);
        extract(&doc, &analysis, dates, &ctx)
    }

    fn run(text: &str) -> Vec<Assessment> {
        run_with(text, &[])
    }

    #[test]
    fn a_full_judgement() {
        let found = run(
            "JNIM will likely not pursue transnational attacks in the short term, \
                         but the group has continued to encourage global attacks.",
        );
        assert_eq!(
            found,
            vec![Assessment {
                sentence: 0,
                phrase: "will likely not".into(),
                phrase_span: Span::new(5, 20),
                band: Some("likely".into()),
                claim: "JNIM will likely not pursue transnational attacks in the short term".into(),
                claim_span: Span::new(0, 67),
                horizon: Some("in the short term".into()),
                horizon_date: None,
                scenario: None,
                confidence: None,
                negated: true,
                rule: "likely".into(),
                status: AssessmentStatus::Open,
            }]
        );
    }

    #[test]
    fn horizon_dates_come_from_the_dates_stage() {
        let text = "Al-Shabaab will probably open talks by Ramadan 2025.";
        let at = text.find("Ramadan").unwrap();
        let mention = DateMention {
            span: Span::new(at, at + "Ramadan 2025".len()),
            text: "Ramadan 2025".into(),
            date: FuzzyDate::month(2025, 3).unwrap(),
            end: None,
            sentence: 0,
            from_context: false,
        };
        let found = run_with(text, std::slice::from_ref(&mention));
        assert_eq!(found[0].horizon.as_deref(), Some("by Ramadan 2025"));
        assert_eq!(
            found[0].horizon_date,
            Some(FuzzyDate::month(2025, 3).unwrap())
        );
        // Without the dates stage the phrase is no date.
        assert_eq!(run(text)[0].horizon, None);
    }

    #[test]
    fn foreign_link_markers_and_figures_leave_the_claim() {
        let found = run("The factions may *carve out a state in the north (Figure 1).");
        assert_eq!(
            found[0].claim,
            "The factions may carve out a state in the north"
        );
    }

    #[test]
    fn questions_titles_and_quotes_are_not_judgements() {
        assert_eq!(run("Will ISKP likely strike Kabul again?"), vec![]);
        assert_eq!(
            run("ISKP Will Likely Strike Kabul\n\nThe group struck Kabul."),
            vec![]
        );
        assert_eq!(
            run("A commander said: \"they will likely come back.\""),
            vec![]
        );
    }

    #[test]
    fn hostile_input_gives_results_not_panics() {
        // One long run of terms with no sentence end: cut into sentences, every term found.
        let long = "likely ".repeat(3000);
        let found = run(&long);
        assert_eq!(found.len(), 3000);
        assert!(
            found
                .iter()
                .all(|a| a.claim.len() <= clause::MAX_CLAIM_BYTES + 3)
        );
        // Control characters, right-to-left marks, other scripts, unbalanced brackets.
        let odd = "\u{202e}ISKP ( will likely \u{7} strike \"Kabul; ﻣﻦ ( probably ) ) )) ((.";
        let found = run(odd);
        // "probably" follows an unclosed quote, so it is someone else's words.
        assert_eq!(
            found.iter().map(|a| a.phrase.as_str()).collect::<Vec<_>>(),
            ["will likely"]
        );
        assert_eq!(run("\n\n  .  \n"), vec![]);
    }

    #[test]
    fn malformed_lexicons_are_typed_errors() {
        let minimal = |extra: &str| {
            format!(
                "version = 1\n[sets]\nnumbers = []\nmonths = []\nqualifiers = []\n\
                 [phrase]\nlead_in = \"it\"\ncopulas = \"is\"\nbefore = \"is\"\n\
                 modals_after = \"will\"\nauxiliaries_after = \"does\"\nnegations = \"not\"\n\
                 not_negation_before = \"only\"\nnegated_auxiliaries = \"won't\"\ntail = \"to\"\n\
                 bridge = \"also\"\n[clause]\nhard = [\";\"]\ncomma_openers = []\n\
                 comma_exceptions = []\nrelatives = \"which\"\nparticiple_keep = []\n\
                 strip_words = \"but\"\nscenario_intro = \"in\"\nfigure_refs = \"figure\"\n{extra}"
            )
        };
        let rule = |id: &str, pattern: &str| {
            format!(
                "[[term]]\nid = \"{id}\"\npattern = \"{pattern}\"\ntests = [{{ text = \"x.\" }}]\n"
            )
        };
        assert!(Lexicon::parse(&minimal("")).is_ok());
        assert!(matches!(
            Lexicon::parse("version = "),
            Err(LexiconError::Syntax(_))
        ));
        assert!(matches!(
            Lexicon::parse(&minimal(&rule("a", "@nowhere"))),
            Err(LexiconError::Pattern {
                field: "pattern",
                ..
            })
        ));
        assert_eq!(
            Lexicon::parse(&minimal(&(rule("a", "likely") + &rule("a", "probably")))).err(),
            Some(LexiconError::DuplicateId("a".into()))
        );
        assert_eq!(
            Lexicon::parse(&minimal("[[term]]\nid = \"b\"\npattern = \"likely\"\n")).err(),
            Some(LexiconError::NoTests("b".into()))
        );
        assert_eq!(
            Lexicon::parse(&minimal("").replace("numbers = []\n", "")).err(),
            Some(LexiconError::MissingSet("numbers"))
        );
        assert!(matches!(
            Lexicon::parse(&minimal(
                "[[term]]\nid = \"c\"\npattern = \"x\"\nsurprise = 1\n"
            )),
            Err(LexiconError::Syntax(_))
        ));
    }

    #[test]
    fn statuses_read_and_write() {
        for s in [
            AssessmentStatus::Open,
            AssessmentStatus::CameTrue,
            AssessmentStatus::DidNot,
        ] {
            assert_eq!(AssessmentStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            AssessmentStatus::parse(" Came True "),
            Some(AssessmentStatus::CameTrue)
        );
        assert_eq!(AssessmentStatus::parse("maybe"), None);
        assert_eq!(AssessmentStatus::default(), AssessmentStatus::Open);
    }
}
