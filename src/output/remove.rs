//! Removes a site tiendo wrote: a previous site once replaced, a staging folder given up.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::MARKER;

/// Removes `dir` and everything in it, its marker last: a removal cut short leaves a
/// folder that is still marked, or empty, and so still recognised as tiendo's.
///
/// `listed` is what the site's marker says it holds. Removing by that list needs no
/// reading of folders, which took a third of the time of removing a national site's
/// 140,000 entries; whatever else is found (nothing, unless someone added to the site
/// since it was checked) is removed by reading the folders after all.
pub fn remove_site(dir: &Path, listed: Option<&[String]>) -> io::Result<()> {
    if fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    if let Some(listed) = listed {
        remove_listed(dir, listed)?;
    }
    // What is left (everything, without a list), the top folders on every core.
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries
        .par_iter()
        .filter(|entry| entry.file_name() != MARKER)
        .try_for_each(|entry| {
            // `file_type` does not follow a symbolic link, and neither does `remove_dir_all`.
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())
            } else {
                fs::remove_file(entry.path())
            }
        })?;
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// A folder of a site, as its marker lists it.
#[derive(Default)]
struct Folder<'a> {
    files: Vec<&'a str>,
    folders: BTreeMap<&'a str, Folder<'a>>,
}

impl<'a> Folder<'a> {
    fn of(paths: &'a [String]) -> Folder<'a> {
        let mut top = Folder::default();
        for path in paths {
            let mut folder = &mut top;
            let mut names = path.split('/').peekable();
            while let Some(name) = names.next() {
                if names.peek().is_none() {
                    folder.files.push(name);
                } else {
                    folder = folder.folders.entry(name).or_default();
                }
            }
        }
        top
    }
}

/// Removes the listed files of `dir` and the folders they empty; the marker stays.
#[cfg(unix)]
fn remove_listed(dir: &Path, listed: &[String]) -> io::Result<()> {
    use rustix::fs::{AtFlags, CWD, Mode, OFlags, openat, unlinkat};
    use std::os::fd::{AsFd, BorrowedFd};

    fn open(parent: BorrowedFd, name: &str) -> io::Result<std::os::fd::OwnedFd> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        Ok(openat(parent, name, flags, Mode::empty())?)
    }

    fn gone(result: rustix::io::Result<()>) -> io::Result<()> {
        match result {
            Err(rustix::io::Errno::NOENT) => Ok(()),
            other => Ok(other?),
        }
    }

    /// Empties `folder`; its subfolders go on every core.
    fn empty(fd: BorrowedFd, folder: &Folder) -> io::Result<()> {
        folder
            .folders
            .par_iter()
            .try_for_each(|(name, inner)| -> io::Result<()> {
                match open(fd, name) {
                    Ok(inner_fd) => empty(inner_fd.as_fd(), inner)?,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                    Err(e) => return Err(e),
                }
                match unlinkat(fd, *name, AtFlags::REMOVEDIR) {
                    // Something not listed is in it: left for the reading removal.
                    Err(rustix::io::Errno::NOTEMPTY | rustix::io::Errno::EXIST) => Ok(()),
                    other => gone(other),
                }
            })?;
        for name in folder.files.iter().filter(|name| **name != MARKER) {
            gone(unlinkat(fd, *name, AtFlags::empty()))?;
        }
        Ok(())
    }

    let top = open(CWD, &dir.to_string_lossy())?;
    empty(top.as_fd(), &Folder::of(listed))
}

#[cfg(not(unix))]
fn remove_listed(_dir: &Path, _listed: &[String]) -> io::Result<()> {
    Ok(())
}

/// Whether `dir` is a folder tiendo may remove: one holding its marker, or an empty one
/// (a staging folder made just before the build was stopped).
pub fn is_ours(dir: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return false;
    };
    if !meta.is_dir() {
        return false;
    }
    fs::symlink_metadata(dir.join(MARKER)).is_ok()
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, files: &[&str]) {
        for file in files {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
    }

    #[test]
    fn only_marked_or_empty_folders_are_ours_and_they_go_whole() {
        let dir = tempfile::tempdir().unwrap();
        let site_dir = dir.path().join("site");
        site(&site_dir, &["en/provinces/index.html"]);
        assert!(!is_ours(&site_dir));
        fs::write(site_dir.join(MARKER), "").unwrap();
        assert!(is_ours(&site_dir));
        remove_site(&site_dir, None).unwrap();
        assert!(!site_dir.exists());
        fs::create_dir(&site_dir).unwrap();
        assert!(is_ours(&site_dir));
    }

    #[test]
    fn a_listed_site_goes_by_its_list_and_what_is_not_listed_goes_too() {
        let dir = tempfile::tempdir().unwrap();
        let listed: Vec<String> = ["index.html", "en/index.html", "en/a/b/index.html", "x.csv"]
            .map(str::to_owned)
            .to_vec();
        let paths: Vec<&str> = listed.iter().map(String::as_str).collect();
        site(dir.path(), &paths);
        site(dir.path(), &["en/a/late.html", ".tiendo-output"]);
        remove_site(dir.path(), Some(&listed)).unwrap();
        assert!(!dir.path().exists());
        // A list naming files that are gone is no error.
        fs::create_dir(dir.path()).unwrap();
        remove_site(dir.path(), Some(&listed)).unwrap();
        assert!(!dir.path().exists());
    }
}
