//! Removes a site tiendo wrote: a previous site once replaced, a staging folder given up.

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::manifest::Folder;
use super::sink::MARKER;

/// Removes `dir`, a folder that is tiendo's through and through (a staging folder, one
/// left by a stopped build), and everything in it, its marker last: a removal cut short
/// leaves a folder that is still marked, or empty, and so still recognised as tiendo's.
///
/// `listed` is what the folder is known to hold. Removing by that list needs no reading
/// of folders, which took a third of the time of removing a national site's 140,000
/// entries; whatever else is there is removed by reading the folders after all.
pub fn remove_site(dir: &Path, listed: Option<&[String]>) -> io::Result<()> {
    if fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    if let Some(listed) = listed {
        remove_listed(dir, listed);
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
    remove_marker_and_folder(dir)
}

/// Removes a previous site, once replaced: the files `listed` (what its marker says the
/// build wrote) and the folders they leave empty. A file it does not list was put there
/// by someone else, in the time between the check of the site and its removal (a
/// `CNAME`, a certificate challenge written while the build ran): it is kept, with the
/// folders on its way, and returned, the folder no longer marked as tiendo's.
pub fn remove_previous_site(dir: &Path, listed: &[String]) -> io::Result<Vec<String>> {
    if fs::symlink_metadata(dir).is_err() {
        return Ok(Vec::new());
    }
    remove_listed(dir, listed);
    let mut kept = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() && entry.file_name() != MARKER {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            kept.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    if !kept.is_empty() {
        fs::remove_file(dir.join(MARKER))?;
        return Ok(kept);
    }
    // Only empty folders are left.
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        }
    }
    remove_marker_and_folder(dir)?;
    Ok(kept)
}

fn remove_marker_and_folder(dir: &Path) -> io::Result<()> {
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Removes the listed files of `dir` and the folders they empty; the marker stays. As
/// far as it goes: a name that is not what the list says (a folder where a file was,
/// say) is left for the caller to find.
#[cfg(unix)]
fn remove_listed(dir: &Path, listed: &[String]) {
    use rustix::fs::{AtFlags, CWD, Mode, OFlags, openat, unlinkat};
    use std::os::fd::{AsFd, BorrowedFd};

    fn open(parent: BorrowedFd, name: impl rustix::path::Arg) -> Option<std::os::fd::OwnedFd> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        openat(parent, name, flags, Mode::empty()).ok()
    }

    /// Empties `folder`; its subfolders go on every core.
    fn empty(fd: BorrowedFd, folder: &Folder) {
        folder.folders.par_iter().for_each(|(name, inner)| {
            if let Some(inner_fd) = open(fd, *name) {
                empty(inner_fd.as_fd(), inner);
                // Not empty when something unlisted is in it: left.
                let _ = unlinkat(fd, *name, AtFlags::REMOVEDIR);
            }
        });
        for name in folder.files.iter().filter(|name| **name != MARKER) {
            let _ = unlinkat(fd, *name, AtFlags::empty());
        }
    }

    if let Some(top) = open(CWD, dir) {
        empty(top.as_fd(), &Folder::of(listed));
    }
}

#[cfg(not(unix))]
fn remove_listed(_dir: &Path, _listed: &[String]) {}

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
    fn a_previous_site_keeps_what_its_list_does_not_name() {
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("previous");
        let listed: Vec<String> = ["index.html", "robots.txt", "en/index.html"]
            .map(str::to_owned)
            .to_vec();
        site(
            &previous,
            &[
                "index.html",
                "en/index.html",
                ".tiendo-output",
                ".well-known/acme/token",
            ],
        );
        // A folder where the site had a file: no file of anyone's, so it goes.
        fs::create_dir_all(previous.join("robots.txt")).unwrap();
        let kept = remove_previous_site(&previous, &listed).unwrap();
        assert_eq!(kept, [".well-known/acme/token"]);
        assert!(previous.join(".well-known/acme/token").is_file());
        assert!(!previous.join("index.html").exists() && !previous.join(MARKER).exists());
        assert!(!is_ours(&previous), "no longer marked as tiendo's");

        site(&previous, &[".tiendo-output"]);
        fs::remove_dir_all(previous.join(".well-known")).unwrap();
        fs::create_dir_all(previous.join("en/empty")).unwrap();
        assert!(remove_previous_site(&previous, &listed).unwrap().is_empty());
        assert!(!previous.exists());
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
        // A listed file that is now a folder is no reason to stop.
        fs::remove_file(dir.path().join("x.csv")).unwrap();
        fs::create_dir_all(dir.path().join("x.csv/inner")).unwrap();
        remove_site(dir.path(), Some(&listed)).unwrap();
        assert!(!dir.path().exists());
        // A list naming files that are gone is no error.
        fs::create_dir(dir.path()).unwrap();
        remove_site(dir.path(), Some(&listed)).unwrap();
        assert!(!dir.path().exists());
    }
}
