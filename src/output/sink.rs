//! What every sink shares: the trait rendered files go through, what a build wrote,
//! and the names tiendo keeps for itself in an output folder.

use std::io;

use crate::base::site_path::SitePath;

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

    /// Writes a folder whole, replacing whatever it held before: the search's, whose
    /// files are named by their content, so that a file of an earlier index is not
    /// kept beside the new one. `files` are paths inside the folder (`folder` ends with
    /// a slash). A build's output is written anew each time: writing each file will do.
    fn write_folder(&self, folder: &str, files: &[(SitePath, Vec<u8>)]) -> io::Result<()> {
        debug_assert!(folder.ends_with('/'));
        files
            .iter()
            .try_for_each(|(path, bytes)| self.write(path, bytes))
    }
}

/// The file every build leaves in its output folder: it says the folder is tiendo's to
/// replace, lists the files the build wrote with a record of each, and gives the
/// build's times (`manifest`).
pub const MARKER: &str = ".tiendo-output";

/// What the names tiendo keeps for itself at the top of an output folder start with:
/// the marker, and the lock and staging folder of an output replaced in place. The
/// site's own files cannot take them.
pub const RESERVED_PREFIX: &str = ".tiendo-";
