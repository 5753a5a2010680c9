//! The analysts' questions over a knowledge base: profile, timeline, as-of, link graph, contradictions, briefings.
