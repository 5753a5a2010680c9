//! Cross-document entity resolution: blocking, scoring, clustering, analyst judgements and the review queue.
