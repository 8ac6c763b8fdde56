//! What reading the history gives: every version of each file, or why there is none.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::model::history::Commit;

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
    pub(super) blob: gix::ObjectId,
}

/// Every version of each file there is now, by its path from the site's folder.
#[derive(Debug, Default)]
pub struct ContentHistory {
    pub files: BTreeMap<PathBuf, Vec<Version>>,
    /// How many commits of the main line were read.
    pub commits: usize,
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
