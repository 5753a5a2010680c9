//! Users, sessions and the audit log of the web app (issue 9).
