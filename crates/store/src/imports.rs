//! Writes and reads for imported datasets: ACLED rows, sanctions lists, FollowTheMoney entities (issue 8).
