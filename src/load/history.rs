//! The content's history in git, read in process with gix (no `git` binary): every
//! version each content file had on the main line, oldest first, each with the commit
//! that made it. What the versions say (a deadline moved, a figure revised) is derived
//! from them later; here they are only read.
//!
//! The main line is the chain of first parents from `HEAD`: a branch merged in counts
//! from its merge, the day its changes reached the published site. A file renamed (git's
//! rename detection, at 50 % similarity as git's own default) keeps its versions under
//! its new name; a file deleted loses them, and one added again starts afresh.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::history::Commit;

#[cfg(feature = "history")]
mod git;

/// What reading the history gave.
#[derive(Debug)]
pub enum History {
    Read(ContentHistory),
    /// Not read, and why: the build says so in one line.
    Unavailable(Unavailable),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The site's folder is not in a git repository.
    NoRepository,
    /// A shallow clone (as CI checks out by default) holds only the latest commits.
    Shallow,
    /// The repository has no commit yet.
    NoCommit,
    /// The repository could not be read: what gix said.
    Unreadable(String),
    /// This tiendo was compiled without the `history` feature.
    NotCompiledIn,
}

impl Unavailable {
    /// Why history is not shown, and how to have it, in one line of the build's summary.
    pub fn explain(&self) -> String {
        match self {
            Unavailable::NoRepository => {
                "history is not shown: the site's folder is not in a git repository".into()
            }
            Unavailable::Shallow => "history is not shown: this is a shallow clone; fetch the whole history (`git fetch --unshallow`; in CI, `fetch-depth: 0` on GitHub or `GIT_DEPTH: 0` on GitLab, as tiendo's recipes set)".into(),
            Unavailable::NoCommit => "history is not shown: the repository has no commit yet".into(),
            Unavailable::Unreadable(why) => format!("history is not shown: the repository cannot be read ({why})"),
            Unavailable::NotCompiledIn => "history is not shown: this tiendo was compiled without its `history` feature; install it with the default features".into(),
        }
    }
}

/// One version of a file, as a commit left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub commit: Arc<Commit>,
    /// Its text, read only for a file with more than one version: one version alone
    /// says nothing changed, and a national tree's files are mostly that.
    pub text: Option<Arc<str>>,
    #[cfg(feature = "history")]
    blob: gix::ObjectId,
}

/// Every version of each file there is now, by its path from the site's folder.
#[derive(Debug, Default)]
pub struct ContentHistory {
    pub files: BTreeMap<PathBuf, Vec<Version>>,
    /// How many commits of the main line were read.
    pub commits: usize,
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

#[cfg(test)]
impl Version {
    /// A version with this text, of no blob the tests need.
    pub(crate) fn of_text(commit: Arc<Commit>, text: &str) -> Version {
        Version {
            commit,
            text: Some(text.into()),
            #[cfg(feature = "history")]
            blob: gix::ObjectId::null(gix::hash::Kind::Sha1),
        }
    }
}
