//! Reads behind the analysts' questions: profiles, timelines, as-of, graphs, conflicts (issue 7).
