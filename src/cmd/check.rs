//! `tiendo check`: everything a build does, writing nothing. For a content repository's CI.

use std::io;

use super::{Outcome, Settings, run};
use crate::base::site_path::SitePath;
use crate::output::Sink;

/// Keeps nothing.
struct Discard;

impl Sink for Discard {
    fn write(&self, _: &SitePath, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

pub fn check(settings: &Settings) -> Outcome {
    run(settings, &Discard, false)
}
