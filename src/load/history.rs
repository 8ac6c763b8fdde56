//! The content's history in git, read in process with gix (no `git` binary): every
//! version each content file had on the main line, oldest first, each with the commit
//! that made it. What the versions say (a deadline moved, a figure revised) is derived
//! from them later; here they are only read.
//!
//! The main line is the chain of first parents from `HEAD`: a branch merged in counts
//! from its merge, the day its changes reached the published site. A file renamed (git's
//! rename detection, at 50 % similarity as git's own default) keeps its versions under
//! its new name; a file deleted loses them, and one added again starts afresh.

use std::path::Path;

#[cfg(feature = "history")]
mod git;
mod versions;

pub use versions::{ContentHistory, Unavailable, Version};

/// What reading the history gave.
#[derive(Debug)]
pub enum History {
    Read(ContentHistory),
    /// Not read, and why: the build says so in one line.
    Unavailable(Unavailable),
}

/// Reads the history of the files under `content/` of the site in `root`.
pub fn read(root: &Path) -> History {
    #[cfg(feature = "history")]
    let read = git::read_repository(root);
    #[cfg(not(feature = "history"))]
    let read = {
        let _ = root;
        Err(Unavailable::NotCompiledIn)
    };
    match read {
        Ok(history) => History::Read(history),
        Err(why) => History::Unavailable(why),
    }
}
