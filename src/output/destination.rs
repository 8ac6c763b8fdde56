//! Where a build puts the site, worked out from `--output-dir` before anything is
//! touched: the folder itself with every symbolic link followed, and how the previous
//! site in it can give way to the new one.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::base::diagnostics::{Diagnostic, Location};

/// The output folder, resolved.
#[derive(Debug, Clone)]
pub struct Destination {
    /// The folder as the user named it, for messages.
    pub given: PathBuf,
    /// The folder the site takes the place of: absolute, every symbolic link on the way
    /// followed. When `given` is a link, this is its target, and the link stays a link.
    pub folder: PathBuf,
    /// Whether `given` is itself a symbolic link.
    pub through_link: bool,
    /// Whether the folder exists already.
    pub exists: bool,
    pub replacement: Replacement,
}

/// How the previous site gives way to the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replacement {
    /// The new site is staged beside the folder and takes its place in one atomic
    /// rename: at every moment the folder holds the whole old site or the whole new one.
    Whole,
    /// The folder itself cannot be renamed, so the new site is staged inside it and
    /// its top-level entries are exchanged one by one, each atomically.
    InPlace(InPlaceReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InPlaceReason {
    /// A mount point, such as a container's volume, cannot be renamed.
    MountPoint,
    /// A shell standing in the folder would be left in the old, removed one.
    CurrentFolder,
    /// Nothing can be staged beside the folder.
    ParentNotWritable,
}

impl InPlaceReason {
    pub fn describe(self) -> &'static str {
        match self {
            InPlaceReason::MountPoint => "it is a mount point",
            InPlaceReason::CurrentFolder => "it is the current folder",
            InPlaceReason::ParentNotWritable => "the folder holding it cannot be written",
        }
    }
}

impl Destination {
    pub fn resolve(given: &Path) -> Result<Destination, Diagnostic> {
        let refuse = |message: String, help: &str| {
            Diagnostic::error(message)
                .at(Location::Path(given.to_path_buf()))
                .help(help.to_owned())
        };
        let shown = given.display();
        let absolute = std::path::absolute(given).map_err(|e| {
            refuse(
                format!("cannot tell where `{shown}` is: {e}"),
                "give the output folder as an absolute path",
            )
        })?;
        // A folder still to be made is found below its deepest existing ancestor, which
        // may turn out to be the folder itself (`x/../public`).
        let path = match fs::symlink_metadata(&absolute) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => not_yet_created(&absolute)
                .map_err(|message| refuse(message, "choose another place with --output-dir"))?,
            _ => absolute,
        };
        let (folder, through_link, exists) = match fs::symlink_metadata(&path) {
            Ok(meta) => {
                let through_link = meta.file_type().is_symlink();
                let folder = match fs::canonicalize(&path) {
                    Ok(folder) => folder,
                    Err(e) if through_link && e.kind() == io::ErrorKind::NotFound => {
                        let target = fs::read_link(&path).unwrap_or_default();
                        return Err(refuse(
                            format!(
                                "`{shown}` is a symbolic link to `{}`, which does not exist",
                                target.display()
                            ),
                            "create the folder the link points to, or remove the link to build into a folder of that name",
                        ));
                    }
                    Err(e) => {
                        return Err(refuse(
                            format!("cannot follow `{shown}`: {e}"),
                            "check the path and its links",
                        ));
                    }
                };
                if !folder.is_dir() {
                    let what = if through_link {
                        format!("a symbolic link to the file `{}`", folder.display())
                    } else {
                        "a file".to_owned()
                    };
                    return Err(refuse(
                        format!("`{shown}` is {what}, not a folder"),
                        "choose a folder with --output-dir",
                    ));
                }
                (folder, through_link, true)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => (path, false, false),
            Err(e) => {
                return Err(refuse(
                    format!("cannot look at `{shown}`: {e}"),
                    "check that you may read the folder that holds it",
                ));
            }
        };
        let replacement = if !exists {
            Replacement::Whole
        } else if is_mount_point(&folder) {
            Replacement::InPlace(InPlaceReason::MountPoint)
        } else if is_current_folder(&folder) {
            Replacement::InPlace(InPlaceReason::CurrentFolder)
        } else if !parent_is_writable(&folder) {
            Replacement::InPlace(InPlaceReason::ParentNotWritable)
        } else {
            Replacement::Whole
        };
        Ok(Destination {
            given: given.to_path_buf(),
            folder,
            through_link,
            exists,
            replacement,
        })
    }

    /// How messages name the folder: as given, with the link's target when it is one.
    pub fn describe(&self) -> String {
        if self.through_link {
            format!(
                "`{}` (a link to `{}`)",
                self.given.display(),
                self.folder.display()
            )
        } else {
            format!("`{}`", self.given.display())
        }
    }
}

/// A folder that does not exist yet: its deepest existing ancestor with every link
/// followed, then the rest as written.
fn not_yet_created(absolute: &Path) -> Result<PathBuf, String> {
    let existing = absolute
        .ancestors()
        .skip(1)
        .find(|a| fs::symlink_metadata(a).is_ok())
        .unwrap_or(Path::new("/"));
    let base = fs::canonicalize(existing)
        .map_err(|e| format!("cannot follow `{}`: {e}", existing.display()))?;
    if !base.is_dir() {
        return Err(format!(
            "`{}` is a file, so no folder can be created inside it",
            existing.display()
        ));
    }
    let mut folder = base;
    let rest = absolute.strip_prefix(existing).unwrap_or(Path::new(""));
    for part in rest.components() {
        match part {
            Component::ParentDir => {
                folder.pop();
            }
            Component::Normal(name) => folder.push(name),
            _ => {}
        }
    }
    Ok(folder)
}

fn is_current_folder(folder: &Path) -> bool {
    std::env::current_dir()
        .and_then(fs::canonicalize)
        .is_ok_and(|current| current == folder)
}

#[cfg(target_os = "linux")]
fn is_mount_point(folder: &Path) -> bool {
    use rustix::fs::{AtFlags, CWD, StatxAttributes, StatxFlags, statx};
    let flags = AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW;
    if let Ok(found) = statx(CWD, folder, flags, StatxFlags::empty())
        && found
            .stx_attributes_mask
            .contains(StatxAttributes::MOUNT_ROOT)
    {
        return found.stx_attributes.contains(StatxAttributes::MOUNT_ROOT);
    }
    on_another_device(folder)
}

#[cfg(not(target_os = "linux"))]
fn is_mount_point(folder: &Path) -> bool {
    on_another_device(folder)
}

/// A folder on another device than its parent, or the root of the file system.
#[cfg(unix)]
fn on_another_device(folder: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(parent) = folder.parent() else {
        return true;
    };
    match (fs::metadata(folder), fs::metadata(parent)) {
        (Ok(folder), Ok(parent)) => folder.dev() != parent.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn on_another_device(folder: &Path) -> bool {
    folder.parent().is_none()
}

#[cfg(unix)]
fn parent_is_writable(folder: &Path) -> bool {
    use rustix::fs::{Access, access};
    folder
        .parent()
        .is_some_and(|parent| access(parent, Access::WRITE_OK | Access::EXEC_OK).is_ok())
}

#[cfg(not(unix))]
fn parent_is_writable(folder: &Path) -> bool {
    folder.parent().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_and_trailing_slashes_name_the_folder_itself() {
        let root = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(root.path()).unwrap();
        fs::create_dir(real.join("public")).unwrap();
        for given in ["public/.", "public/", "public/./", "x/../public"] {
            let destination = Destination::resolve(&root.path().join(given)).unwrap();
            assert_eq!(destination.folder, real.join("public"), "{given}");
            assert_eq!(destination.replacement, Replacement::Whole, "{given}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_to_the_folder_it_names() {
        let root = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(root.path()).unwrap();
        fs::create_dir_all(real.join("www/site")).unwrap();
        std::os::unix::fs::symlink("www/site", real.join("public")).unwrap();
        let destination = Destination::resolve(&real.join("public")).unwrap();
        assert_eq!(destination.folder, real.join("www/site"));
        assert!(destination.through_link && destination.exists);

        std::os::unix::fs::symlink("nowhere", real.join("dangling")).unwrap();
        let error = Destination::resolve(&real.join("dangling")).unwrap_err();
        assert!(error.message.contains("does not exist"), "{error:?}");
        fs::write(real.join("file"), "").unwrap();
        std::os::unix::fs::symlink("file", real.join("to-file")).unwrap();
        assert!(Destination::resolve(&real.join("to-file")).is_err());
    }

    #[test]
    fn a_folder_still_to_be_made_is_found_below_its_existing_ancestor() {
        let root = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(root.path()).unwrap();
        let destination = Destination::resolve(&real.join("a/b/../c")).unwrap();
        assert_eq!(destination.folder, real.join("a/c"));
        assert!(!destination.exists);
    }
}
