//! The site's shape: every address ([`routes`]) and every file a build writes
//! ([`outputs`]), worked out from the derived report before anything is rendered, and
//! which of those files an edit touches ([`changes`]).

pub mod changes;
pub mod outputs;
pub mod routes;
