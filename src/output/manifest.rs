//! The marker every build leaves in its output folder: it says the folder is tiendo's
//! to replace, and lists every file the build wrote, so that the next build can tell
//! a file someone added (a `CNAME`, a verification file) from its own, and refuse to
//! delete it.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use super::MARKER;
use crate::render::SitePath;

const HEADER: &str =
    "This folder is written by `tiendo build` and replaced whole by every build.\n";
const LIST_INTRO: &str = "The files it wrote, one per line:\n";

/// The marker's text for a site made of `paths`.
pub fn text(paths: &[String]) -> String {
    let mut sorted: Vec<&str> = paths.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let mut text = String::with_capacity(
        HEADER.len() + LIST_INTRO.len() + sorted.iter().map(|p| p.len() + 1).sum::<usize>(),
    );
    text.push_str(HEADER);
    text.push_str(LIST_INTRO);
    for path in sorted {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// What the marker of a folder says about the files in it.
pub enum Written {
    /// There is no marker: nothing in the folder is tiendo's.
    Nothing,
    /// An earlier tiendo's marker, which does not list its files.
    Unlisted,
    /// Sorted.
    Listed(Vec<String>),
}

impl Written {
    pub fn read(folder: &Path) -> io::Result<Written> {
        let text = match fs::read_to_string(folder.join(MARKER)) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Written::Nothing),
            Err(e) => return Err(e),
        };
        Ok(match text.split_once(LIST_INTRO) {
            Some((_, list)) => {
                // Only paths tiendo could have written: a line such as `../x`, written
                // by someone else, must never lead a removal out of the folder.
                let mut paths: Vec<String> = list
                    .lines()
                    .filter(|line| SitePath::new(line).is_some())
                    .map(str::to_owned)
                    .collect();
                paths.sort_unstable();
                Written::Listed(paths)
            }
            None => Written::Unlisted,
        })
    }

    /// The files it lists.
    pub fn files(&self) -> Option<&[String]> {
        match self {
            Written::Listed(paths) => Some(paths),
            _ => None,
        }
    }

    /// Whether it lists `path`.
    pub fn lists(&self, path: &str) -> bool {
        self.files()
            .is_some_and(|paths| paths.binary_search_by(|p| p.as_str().cmp(path)).is_ok())
    }

    /// The marker's text listing both these files and `paths`: for a folder that holds
    /// a mix of the two sites while its entries are exchanged.
    pub fn union_text(&self, paths: &[String]) -> String {
        match self {
            Written::Listed(before) => {
                let mut all = before.clone();
                all.extend(paths.iter().cloned());
                all.sort_unstable();
                all.dedup();
                text(&all)
            }
            _ => text(paths),
        }
    }
}

/// A folder of a site, as its marker lists it.
#[derive(Default)]
pub struct Folder<'a> {
    /// Sorted.
    pub files: Vec<&'a str>,
    pub folders: BTreeMap<&'a str, Folder<'a>>,
}

impl<'a> Folder<'a> {
    pub fn of(paths: &'a [String]) -> Folder<'a> {
        let mut sorted: Vec<&str> = paths.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let mut top = Folder::default();
        for path in sorted {
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

/// The files in `folder` that its marker does not list, by their path inside it, sorted
/// (every file, for a marker that lists none); names at its top for which `ours` is true
/// (the marker, a lock, staging folders) are skipped.
///
/// Only the folders changed since the marker was written are read: a file added to a
/// folder changes the folder's time, and reading the 165,000 folders of a national site
/// took as long as writing a tenth of it. Each folder's time is still looked at. A
/// clock set back between two builds could hide an addition from this search; the
/// removal of the previous site, which goes by the marker's list, still keeps it.
pub fn foreign_files(
    folder: &Path,
    written: &Written,
    ours: impl Fn(&str) -> bool,
) -> io::Result<Vec<String>> {
    let mut foreign = Vec::new();
    match written.files() {
        Some(files) => {
            let since = written_at(&fs::symlink_metadata(folder.join(MARKER))?);
            let search = Search { since, ours: &ours };
            search.listed(folder, "", &Folder::of(files), &mut foreign)?;
        }
        None => every_file(folder, "", &ours, &mut foreign)?,
    }
    foreign.sort_unstable();
    Ok(foreign)
}

struct Search<'o> {
    /// When the marker was written.
    since: Changed,
    ours: &'o dyn Fn(&str) -> bool,
}

impl Search<'_> {
    /// Looks for foreign files in `dir`, a folder of the site at `relative`, which
    /// the marker says holds `listed`.
    fn listed(
        &self,
        dir: &Path,
        relative: &str,
        listed: &Folder,
        foreign: &mut Vec<String>,
    ) -> io::Result<()> {
        let meta = match fs::symlink_metadata(dir) {
            Ok(meta) if meta.is_dir() => meta,
            // Gone, or something else in its place: its folder changed, and was read.
            Ok(_) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        if changed(&meta) >= self.since {
            for entry in fs::read_dir(dir)? {
                let entry = entry?;
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if relative.is_empty() && (self.ours)(&name) {
                    continue;
                }
                let path = join(relative, &name);
                if entry.file_type()?.is_dir() {
                    if !listed.folders.contains_key(&*name) {
                        every_file(&entry.path(), &path, self.ours, foreign)?;
                    }
                } else if listed.files.binary_search(&&*name).is_err() {
                    foreign.push(path);
                }
            }
        }
        for (name, inner) in &listed.folders {
            self.listed(&dir.join(name), &join(relative, name), inner, foreign)?;
        }
        Ok(())
    }
}

/// Every file in `dir`, a folder of the site at `relative`.
fn every_file(
    dir: &Path,
    relative: &str,
    ours: &dyn Fn(&str) -> bool,
    foreign: &mut Vec<String>,
) -> io::Result<()> {
    let walker = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            !relative.is_empty() || entry.depth() > 1 || !ours(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let inside = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let inside = inside.to_string_lossy().replace('\\', "/");
        foreign.push(join(relative, &inside));
    }
    Ok(())
}

fn join(relative: &str, name: &str) -> String {
    if relative.is_empty() {
        name.to_owned()
    } else {
        format!("{relative}/{name}")
    }
}

/// A time in seconds and nanoseconds.
type Changed = (i64, i64);

/// When a folder last changed: its status change time or its modification time,
/// whichever is later.
#[cfg(unix)]
fn changed(meta: &fs::Metadata) -> Changed {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec()).max((meta.mtime(), meta.mtime_nsec()))
}

/// When the marker was written: its status change time, which no one can set.
#[cfg(unix)]
fn written_at(meta: &fs::Metadata) -> Changed {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec())
}

/// Without status change times, every folder is read.
#[cfg(not(unix))]
fn changed(_meta: &fs::Metadata) -> Changed {
    (i64::MAX, 0)
}

#[cfg(not(unix))]
fn written_at(_meta: &fs::Metadata) -> Changed {
    (i64::MAX, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_added_after_the_build_are_found() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("en")).unwrap();
        fs::write(dir.path().join("en/index.html"), "").unwrap();
        fs::write(dir.path().join("index.html"), "").unwrap();
        assert!(matches!(
            Written::read(dir.path()).unwrap(),
            Written::Nothing
        ));
        let ours = |name: &str| name == MARKER;
        let all = foreign_files(dir.path(), &Written::Nothing, ours).unwrap();
        assert_eq!(all, ["en/index.html", "index.html"]);

        let marker = text(&["index.html".into(), "en/index.html".into()]);
        fs::write(dir.path().join(MARKER), marker).unwrap();
        fs::write(dir.path().join("CNAME"), "progress.example.org").unwrap();
        let written = Written::read(dir.path()).unwrap();
        assert_eq!(
            foreign_files(dir.path(), &written, ours).unwrap(),
            ["CNAME"]
        );

        fs::write(dir.path().join(MARKER), HEADER).unwrap();
        let unlisted = Written::read(dir.path()).unwrap();
        assert_eq!(foreign_files(dir.path(), &unlisted, ours).unwrap().len(), 3);

        // A line no build writes is no path of the site's.
        let marker = format!("{HEADER}{LIST_INTRO}../victim.txt\n/etc/passwd\n\nen/index.html\n");
        fs::write(dir.path().join(MARKER), marker).unwrap();
        let read = Written::read(dir.path()).unwrap();
        assert_eq!(read.files(), Some(&["en/index.html".to_owned()][..]));
    }
}
