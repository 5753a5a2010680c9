//! The closed enumerations the store owns, each stored as a lowercase word that a `CHECK`
//! constraint in the schema also lists.
//!
//! ```text
//! SentenceKind::ListItem  ──as_str──►  "list_item"  ──parse──►  SentenceKind::ListItem
//! "chapter".parse::<SentenceKind>()  ──►  Err(UnknownValue { kind: "sentence kind", .. })
//! ```
//!
//! Values that come from the vocabulary (entity types, predicates, event types, ICD 203 bands)
//! are not here: they are data, checked against `data/vocabulary.toml` by the writer, so the
//! vocabulary can grow without a schema migration.

use std::fmt;
use std::str::FromStr;

/// A word that names none of an enumeration's values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a {kind} (expected one of: {})", .expected.trim_end_matches(", "))]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// Declares an enumeration with its stored words, `as_str`, `Display` and `FromStr`.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $word, )+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<$name, UnknownValue> {
                match s {
                    $( $word => Ok($name::$variant), )+
                    _ => Err(UnknownValue {
                        kind: $what,
                        value: s.to_string(),
                        expected: concat!($($word, ", "),+),
                    }),
                }
            }
        }
    };
}

stored_enum! {
    /// What kind of document a source is.
    SourceKind, "source kind" {
        Analysis = "analysis",
        Profile = "profile",
        News = "news",
        Dataset = "dataset",
        Other = "other",
    }
}

stored_enum! {
    /// The format a source was read from.
    #[derive(Default)]
    SourceFormat, "source format" {
        #[default]
        Text = "text",
        Markdown = "markdown",
        Html = "html",
        Csv = "csv",
        Xml = "xml",
        /// FollowTheMoney JSON lines.
        Ftm = "ftm",
    }
}

stored_enum! {
    /// Source reliability on the Admiralty scale: A (completely reliable) to F (cannot be
    /// judged).
    Reliability, "reliability grade" {
        A = "A",
        B = "B",
        C = "C",
        D = "D",
        E = "E",
        F = "F",
    }
}

stored_enum! {
    /// What a sentence is part of.
    SentenceKind, "sentence kind" {
        Body = "body",
        Title = "title",
        Heading = "heading",
        ListItem = "list_item",
        Quote = "quote",
    }
}

stored_enum! {
    /// How a citation was written.
    CitationStyle, "citation style" {
        /// A numbered footnote entry referenced by markers in the text.
        Footnote = "footnote",
        /// A reference glued to the end of the sentence it supports.
        Inline = "inline",
        /// A word the publisher marked `*` as a link to a foreign domain.
        ForeignLink = "foreign_link",
        /// A hyperlink in the body.
        Link = "link",
    }
}

stored_enum! {
    /// The type of a statement's literal object.
    ValueType, "value type" {
        Text = "text",
        Date = "date",
        Number = "number",
        Url = "url",
    }
}

stored_enum! {
    /// The part an entity played in an event.
    Role, "event role" {
        Actor = "actor",
        Associate = "associate",
        Target = "target",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for k in SentenceKind::ALL {
            assert_eq!(k.as_str().parse::<SentenceKind>(), Ok(*k));
        }
        for k in CitationStyle::ALL {
            assert_eq!(k.as_str().parse::<CitationStyle>(), Ok(*k));
        }
        assert_eq!("ftm".parse::<SourceFormat>(), Ok(SourceFormat::Ftm));
        assert_eq!(Reliability::B.to_string(), "B");
    }

    #[test]
    fn unknown_words_are_named_in_the_error() {
        let err = "Body".parse::<SentenceKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`Body` is not a sentence kind (expected one of: body, title, heading, list_item, quote)"
        );
        assert!("b".parse::<Reliability>().is_err());
    }
}
