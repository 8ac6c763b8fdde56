//! Writes the site: every file goes into a staging folder beside the output folder, and
//! the staging folder replaces the output only when the whole build succeeded. A failed
//! build removes its staging folder and leaves the previous site untouched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::SitePath;

/// Where rendered files go.
pub trait Sink: Sync {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()>;
}

/// A staging folder, removed when dropped unless committed.
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
}

impl Staging {
    /// Creates the staging folder in the output's parent folder, so that the final swap
    /// is a rename on one file system.
    pub fn new(output: &Path) -> io::Result<Staging> {
        if output.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("`{}` is a file, not a folder", output.display()),
            ));
        }
        let parent = match output.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = output
            .file_name()
            .map_or("site".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.tiendo-staging-"))
            .tempdir_in(&parent)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Puts the staged site in place of the output folder.
    pub fn commit(self) -> io::Result<()> {
        let staged = self.dir.keep();
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
            fs::remove_dir_all(&old)?;
        } else if let Err(error) = fs::rename(&staged, &self.output) {
            let _ = fs::remove_dir_all(&staged);
            return Err(error);
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.path().join(path.as_str());
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, bytes)
    }
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
    fn commit_replaces_the_output_and_drop_discards_it() {
        let root = tempfile::tempdir().unwrap();
        let output = root.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("old.html"), "old").unwrap();

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
