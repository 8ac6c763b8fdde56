//! `tiendo build --list`: the content checked as `check` checks it, up to the plan (the
//! templates are not run), then every file a build would write, one per line; nothing is
//! written.

use super::{Outcome, Settings, Then, run_then};

pub fn list(settings: &Settings) -> Outcome {
    run_then(settings, Then::List, false)
}
