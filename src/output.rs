//! Writes the site: every file goes into a staging folder beside the output folder, and
//! the staging folder replaces the output only when the whole build succeeded. A failed
//! build removes its staging folder and leaves the previous site untouched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::SitePath;

/// Where rendered files go.
pub trait Sink: Sync {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()>;
}

/// A file every build writes into the output, so that a later build knows the folder
/// is tiendo's to replace.
pub const MARKER: &str = ".tiendo-output";

const MARKER_TEXT: &str =
    "This folder is written by `tiendo build` and replaced whole by every build.\n";

/// A staging folder, removed when dropped unless committed, together with any parent
/// folder created for it.
pub struct Staging {
    /// Taken by `commit`; dropped first, so that its parents are empty when removed.
    dir: Option<tempfile::TempDir>,
    output: PathBuf,
    /// Folders created to hold the output, deepest last.
    created: Vec<PathBuf>,
}

impl Staging {
    /// Creates the staging folder in the output's parent folder, so that the final swap
    /// is a rename on one file system. Refuses an output that is a file, or a folder that
    /// holds files tiendo did not write.
    pub fn new(output: &Path) -> io::Result<Staging> {
        let refuse = |message: String| Err(io::Error::new(io::ErrorKind::AlreadyExists, message));
        if output.is_file() {
            return refuse(format!("`{}` is a file, not a folder", output.display()));
        }
        if output.is_dir()
            && !output.join(MARKER).is_file()
            && fs::read_dir(output)?.next().is_some()
        {
            return refuse(format!(
                "`{}` holds files that tiendo did not write, and a build replaces the folder whole",
                output.display()
            ));
        }
        let parent = match output.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let created: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
            .map(Path::to_path_buf)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        fs::create_dir_all(&parent)?;
        let name = output
            .file_name()
            .map_or("site".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.tiendo-staging-"))
            .tempdir_in(&parent)?;
        fs::write(dir.path().join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            dir: Some(dir),
            output: output.to_path_buf(),
            created,
        })
    }

    /// Puts the staged site in place of the output folder.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        // From here on, the parents hold the site: they are not removed.
        self.created.clear();
        let staged = dir.keep();
        make_readable(&staged)?;
        if self.output.exists() {
            let old = staged.with_extension("previous");
            fs::rename(&self.output, &old)?;
            if let Err(error) = fs::rename(&staged, &self.output) {
                // Put the previous site back before reporting.
                let _ = fs::rename(&old, &self.output);
                let _ = fs::remove_dir_all(&staged);
                return Err(error);
            }
            remove_site(&old)?;
        } else if let Err(error) = fs::rename(&staged, &self.output) {
            let _ = fs::remove_dir_all(&staged);
            return Err(error);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        drop(self.dir.take());
        for folder in self.created.iter().rev() {
            // Only empty folders go; anything else was put there by someone else.
            let _ = fs::remove_dir(folder);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()> {
        let Some(dir) = &self.dir else {
            return Err(io::Error::other("the site was already put in place"));
        };
        let target = dir.path().join(path.as_str());
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, bytes)
    }
}

/// Removes a site tiendo wrote, its top folders (the languages, the jurisdictions) on
/// every core: a national site is 84,000 files, and removing them one by one took a
/// rebuild over a second.
fn remove_site(dir: &Path) -> io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        // `file_type` does not follow a symbolic link, and neither does `remove_dir_all`.
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// A temporary folder is private to its owner; a published site is for everyone to read.
#[cfg(unix)]
fn make_readable(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_readable(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_tiendo_did_not_write_is_never_replaced() {
        let root = tempfile::tempdir().unwrap();
        let theirs = root.path().join("thesis");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("chapter-1.txt"), "years of work").unwrap();
        assert!(Staging::new(&theirs).is_err());
        assert!(theirs.join("chapter-1.txt").is_file());
        // An empty folder, or one a previous build wrote, is fine.
        fs::create_dir_all(root.path().join("empty")).unwrap();
        assert!(Staging::new(&root.path().join("empty")).is_ok());
    }

    #[test]
    fn a_discarded_staging_removes_the_folders_it_created() {
        let root = tempfile::tempdir().unwrap();
        let output = root.path().join("a/b/public");
        drop(Staging::new(&output).unwrap());
        assert!(!root.path().join("a").exists());
    }

    #[test]
    fn commit_replaces_the_output_and_drop_discards_it() {
        let root = tempfile::tempdir().unwrap();
        let output = root.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("old.html"), "old").unwrap();
        fs::write(output.join(MARKER), "").unwrap();

        let discarded = Staging::new(&output).unwrap();
        discarded
            .write(&SitePath::new("index.html").unwrap(), b"new")
            .unwrap();
        drop(discarded);
        assert!(output.join("old.html").exists());
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "no staging folder is left behind"
        );

        let staging = Staging::new(&output).unwrap();
        staging
            .write(&SitePath::new("a/index.html").unwrap(), b"new")
            .unwrap();
        staging.commit().unwrap();
        assert!(!output.join("old.html").exists());
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
