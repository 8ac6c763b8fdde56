//! Writes the site, and never loses the one already published.
//!
//! Every file goes into a staging folder; the staging folder takes the output's place
//! only when the whole build succeeded, in one atomic exchange where the file system
//! allows it, so that at every moment the output holds the whole previous site or the
//! whole new one. A failed build removes its staging folder; a build that was killed
//! leaves folders the next build recognises by their marker and clears away. One build
//! at a time writes into an output folder: the next one waits for its lock.

mod destination;
mod lock;
mod manifest;
mod remove;
mod rename;
mod reuse;
mod staging;

use std::io;

use crate::base::site_path::SitePath;

pub use destination::{Destination, InPlaceReason, Replacement};
pub use staging::{Notes, Staging};

/// What a build wrote, or would write.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// HTML pages.
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
}

/// Where rendered files go.
pub trait Sink: Sync {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()>;
}

/// The file every build leaves in its output folder: it says the folder is tiendo's to
/// replace, lists the files the build wrote with a record of each, and gives the
/// build's times (`manifest`).
pub const MARKER: &str = ".tiendo-output";

/// What the names tiendo keeps for itself at the top of an output folder start with:
/// the marker, and the lock and staging folder of an output replaced in place. The
/// site's own files cannot take them.
pub const RESERVED_PREFIX: &str = ".tiendo-";
