//! The values extraction produces, and the context it reads.

use dossier_model::{FuzzyDate, Span, Vocabulary};
use serde::Serialize;

/// What extraction reads besides the document: all read-only.
pub struct Context<'a> {
    pub vocabulary: &'a Vocabulary,
    pub gazetteer: &'a dossier_geo::Gazetteer<'a>,
    /// Names the knowledge base already knows (from earlier reports, imports, analysts).
    pub known: &'a KnownNames,
    /// The document's publication date, when known: relative dates resolve against it.
    pub published: Option<FuzzyDate>,
    /// The bytes of the original file, when the caller has them: mention texts are then taken
    /// from the file through [`dossier_text::Document::map`] (typographic quotes kept, as
    /// written), else from the normalized text.
    pub original: Option<&'a [u8]>,
}

impl<'a> Context<'a> {
    /// A context without publication date or original bytes.
    pub fn new(
        vocabulary: &'a Vocabulary,
        gazetteer: &'a dossier_geo::Gazetteer<'a>,
        known: &'a KnownNames,
    ) -> Context<'a> {
        Context {
            vocabulary,
            gazetteer,
            known,
            published: None,
            original: None,
        }
    }

    pub fn with_published(mut self, published: Option<FuzzyDate>) -> Context<'a> {
        self.published = published;
        self
    }

    pub fn with_original(mut self, original: &'a [u8]) -> Context<'a> {
        self.original = Some(original);
        self
    }
}

/// A name the knowledge base knows, with its entity's type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KnownName {
    pub name: String,
    pub entity_type: EntityKind,
    /// The knowledge-base entity id, when there is one.
    pub entity: Option<String>,
}

/// The dictionary of known names (built by the caller from the store). Its look-up index is
/// built on first use and kept, so one `KnownNames` serves many documents.
#[derive(Clone, Debug, Default)]
pub struct KnownNames {
    names: Vec<KnownName>,
    index: std::sync::OnceLock<crate::mentions::KnownIndex>,
}

impl KnownNames {
    pub fn new(names: Vec<KnownName>) -> KnownNames {
        KnownNames {
            names,
            index: std::sync::OnceLock::new(),
        }
    }

    pub fn names(&self) -> &[KnownName] {
        &self.names
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub(crate) fn index(&self) -> &crate::mentions::KnownIndex {
        self.index
            .get_or_init(|| crate::mentions::KnownIndex::build(&self.names))
    }
}

impl FromIterator<KnownName> for KnownNames {
    fn from_iter<I: IntoIterator<Item = KnownName>>(iter: I) -> Self {
        KnownNames::new(iter.into_iter().collect())
    }
}

/// The three kinds of things mentions name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Location,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
        }
    }
}

/// Where a mention was recognized from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionOrigin {
    Gazetteer,
    Known,
    Pattern,
}

/// A span of text that names something.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    /// Byte span in the document text.
    pub span: Span,
    /// The surface form as written in the original file (typographic quotes kept), possessive
    /// removed.
    pub text: String,
    pub kind: EntityKind,
    /// Index of the sentence in [`dossier_text::Analysis::sentences`].
    pub sentence: usize,
    pub origin: MentionOrigin,
    pub confidence: f32,
    /// Index into [`Extraction::entities`], set by clustering.
    pub entity: Option<usize>,
    /// A vocabulary sub-type when the mention tells it (`country`, `town`, `government`, …).
    pub subtype: Option<String>,
    /// The gazetteer place a location mention was resolved to.
    pub place: Option<PlaceRef>,
    /// The knowledge-base entity id of a name recognized from [`KnownNames`].
    pub known: Option<String>,
    /// An identity found by a rule: mentions with the same group are one entity
    /// (`inst:ML:government` for "Malian junta" and "Malian government", `place:2457163`).
    pub group: Option<String>,
    /// Index into [`dossier_text::Analysis::citations`] for a name found in a citation's title
    /// (it only adds a surface form to an entity of the body).
    pub citation: Option<usize>,
}

/// A place an entity was resolved to in the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceRef {
    pub id: String,
    /// country, region or town
    pub kind: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

/// A document entity: the mentions of one actor or place in one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocEntity {
    pub kind: EntityKind,
    /// A vocabulary sub-type when known (`armed_group`, `government`, `country`, `town`, …).
    pub subtype: Option<String>,
    /// The fullest name the document uses.
    pub name: String,
    /// Every surface form the document uses, the name included, in order of first use.
    pub aliases: Vec<String>,
    pub mentions: Vec<usize>,
    pub place: Option<PlaceRef>,
    /// The knowledge-base entity this was recognized as, if any.
    pub known: Option<String>,
}

/// A date phrase, resolved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateMention {
    pub span: Span,
    pub text: String,
    pub date: FuzzyDate,
    /// For ranges ("from 2008 until 2010"): the end.
    pub end: Option<FuzzyDate>,
    pub sentence: usize,
    /// True when the year or the day came from context (the narrative, the publication date).
    /// An "as of" date ("as of March 2024": the date a state of things holds at) keeps the
    /// words in its span and text.
    pub from_context: bool,
}

/// An analyst's estimative judgement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub sentence: usize,
    /// The estimative words as written ("will likely").
    pub phrase: String,
    pub phrase_span: Span,
    /// ICD 203 band id (`likely`, `very_likely`, …), or None for bare hedges ("may", "could").
    pub band: Option<String>,
    /// The judged claim: the sentence (or clause) the phrase qualifies.
    pub claim: String,
    /// Where the claim is in the document text (before figure references are cut out).
    pub claim_span: Span,
    pub horizon: Option<String>,
    /// The date the horizon names ("by 2025"), when it names one.
    pub horizon_date: Option<FuzzyDate>,
    pub scenario: Option<String>,
    /// The stated analytic confidence (`low`, `moderate`, `high`): recorded, never a band.
    pub confidence: Option<String>,
    /// True for a judgement that something will *not* happen.
    pub negated: bool,
    /// The rule of `data/extract/estimative.toml` that found the phrase.
    pub rule: String,
    /// Whether the judgement came true: `open` when extracted, set later by an analyst.
    pub status: AssessmentStatus,
}

/// Whether a judgement came true, as an analyst decides later.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    #[default]
    Open,
    CameTrue,
    DidNot,
}

impl AssessmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentStatus::Open => "open",
            AssessmentStatus::CameTrue => "came_true",
            AssessmentStatus::DidNot => "did_not",
        }
    }

    /// Reads `open`, `came_true` / `came true`, `did_not` / `did not`.
    pub fn parse(s: &str) -> Option<AssessmentStatus> {
        match s.trim().to_ascii_lowercase().replace(' ', "_").as_str() {
            "open" => Some(AssessmentStatus::Open),
            "came_true" => Some(AssessmentStatus::CameTrue),
            "did_not" => Some(AssessmentStatus::DidNot),
            _ => None,
        }
    }
}

/// The object of a relation: a document entity, or a literal (a position, an alias).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Object {
    /// Index into [`Extraction::entities`].
    Entity(usize),
    Literal(String),
}

/// A statement linking a document entity to another (or to a literal), with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relation {
    /// Index into [`Extraction::entities`].
    pub subject: usize,
    /// A predicate of the vocabulary (`leader_of`, `founded`, `position`, …).
    pub predicate: String,
    pub object: Object,
    /// Valid time: when the relation began and ended, as far as the sentence tells.
    pub start: Option<FuzzyDate>,
    pub end: Option<FuzzyDate>,
    /// Index of the sentence in [`dossier_text::Analysis::sentences`].
    pub sentence: usize,
    /// The sentence span (for a relation a name implies: the mention's span).
    pub span: Span,
    /// The words that gave the statement.
    pub evidence: Span,
    /// Indices into [`dossier_text::Analysis::citations`] of the sentence's citations.
    pub citations: Vec<usize>,
    /// The rule of `data/extract/relations.toml` that produced it.
    pub rule: String,
    pub confidence: f32,
    /// Hedges of the sentence, as written ("reportedly", "media sources claimed").
    pub hedges: Vec<String>,
    /// What the sentence adds to the statement: the programme of a designation ("Specially
    /// Designated Global Terrorist").
    pub detail: Option<String>,
}

/// Where an event happened: a location entity and, when the gazetteer knows it, coordinates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventPlace {
    /// Index into [`Extraction::entities`].
    pub entity: usize,
    pub name: String,
    /// `town`, `region`, `country` (or `site`, or none when unknown).
    pub precision: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Deaths a sentence states for an event ("killing at least 600").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Fatalities {
    pub count: u32,
    /// Stated as a minimum ("at least", "more than").
    pub at_least: bool,
}

/// A dated happening: a violent event or a strategic development.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// The vocabulary's event kind (`attack`, `bombing`, `founding`, `statement`, …).
    pub kind: String,
    /// ACLED event type and sub-type ids of the vocabulary.
    pub event_type: String,
    pub subtype: String,
    /// CAMEO root code.
    pub cameo: String,
    pub date: FuzzyDate,
    /// For an event over a stretch of time ("from January 2012 until April 2012").
    pub end: Option<FuzzyDate>,
    /// Indices into [`Extraction::entities`].
    pub actors: Vec<usize>,
    pub targets: Vec<usize>,
    pub location: Option<EventPlace>,
    pub fatalities: Option<Fatalities>,
    /// A short description drawn from the sentence.
    pub description: String,
    pub sentence: usize,
    pub span: Span,
    /// The trigger words.
    pub trigger: Span,
    pub citations: Vec<usize>,
    /// The rule of `data/extract/events.toml` that produced it.
    pub rule: String,
    pub confidence: f32,
    pub hedges: Vec<String>,
}

/// Everything extraction finds in one document.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    pub entities: Vec<DocEntity>,
    pub dates: Vec<DateMention>,
    pub relations: Vec<Relation>,
    pub events: Vec<Event>,
    pub assessments: Vec<Assessment>,
    pub diagnostics: Vec<String>,
}
