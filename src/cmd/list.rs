//! `tiendo build --list`: everything a build checks, then every file it would write, one
//! per line, writing nothing.

use super::{Outcome, Settings, Then, run_then};

pub fn list(settings: &Settings) -> Outcome {
    run_then(settings, Then::List, false)
}
