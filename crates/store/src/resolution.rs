//! Cross-document resolution: merging and splitting entities, analyst judgements, the review queue (issue 6).
