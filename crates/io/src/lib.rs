//! Imports (ACLED CSV, UN consolidated list XML, FollowTheMoney) and exports (FollowTheMoney, STIX 2.1, GeoJSON, CSV).

pub mod un;
