//! Removes a site tiendo wrote: a previous site once replaced, a staging folder given up.

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::MARKER;

/// Removes `dir` and everything in it, its marker last: a removal cut short leaves a
/// folder that is still marked, or empty, and so still recognised as tiendo's. Its top
/// folders (the languages, the jurisdictions) go on every core: a national site is
/// 200,000 files.
pub fn remove_site(dir: &Path) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries.collect::<io::Result<Vec<_>>>()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
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

    #[test]
    fn only_marked_or_empty_folders_are_ours_and_they_go_whole() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("en/provinces")).unwrap();
        fs::write(site.join("en/provinces/index.html"), "").unwrap();
        assert!(!is_ours(&site));
        fs::write(site.join(MARKER), "").unwrap();
        assert!(is_ours(&site));
        remove_site(&site).unwrap();
        assert!(!site.exists());
        fs::create_dir(&site).unwrap();
        assert!(is_ours(&site));
    }
}
