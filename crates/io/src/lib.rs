//! Imports (ACLED CSV, UN consolidated list XML, FollowTheMoney) and exports (FollowTheMoney,
//! STIX 2.1, GeoJSON, CSV).
//!
//! ```text
//! acled::import(&mut store, "events.csv", &vocabulary, options)  ──►  ImportReport { added, updated, unchanged, rejected }
//! un::Reader::new(file)                                          ──►  Designee, Designee, …   (pure, streaming)
//! ```
//!
//! **Architecture invariant: an import is one transaction.** Either every row is stored or,
//! on the first bad row, nothing; with `skip_bad` each row is its own savepoint and bad rows
//! are reported with their line, column and reason. A dataset is a source (its id is the
//! file's SHA-256) and what it gives points back at the row it came from.

pub mod acled;
mod dataset;
mod error;
pub mod export;
pub mod ftm;
pub mod sanctions;
pub mod un;

pub use dataset::{Entities, ImportOptions, ImportReport, NameForm, Progress, Rejected, hash_file};
pub use error::IoError;
