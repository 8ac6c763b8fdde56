//! The marker every build leaves in its output folder: it says the folder is tiendo's
//! to replace, and lists every file the build wrote, so that the next build can tell
//! a file someone added (a `CNAME`, a verification file) from its own, and refuse to
//! delete it. With each file it records what the file held and, where it may, which
//! file on disk holds it; and it gives the build's times by the file system's clock,
//! so that the next build knows an unchanged file without reading it.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::sink::MARKER;
use crate::base::site_path::SitePath;

const HEADER: &str =
    "This folder is written by `tiendo build` and replaced whole by every build.\n";
/// Before the files' records: tiendo 0.1 listed paths alone, after this line.
const PATHS_INTRO: &str = "The files it wrote, one per line:\n";
const LIST_INTRO: &str = "The files it wrote, one per line: its path; the size in bytes and XXH3-128 digest of what was written; and, for a file found unchanged since an earlier build, the device, inode and modification time of the file that holds it:\n";
const WRITTEN: &str =
    "All its files were written by (seconds since 1970, by the file system's clock): ";
const FINISHED: &str = "The site it replaced was removed by: ";

/// What the marker says of a file it lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub content: Content,
    /// The file that holds it, for a file the next build may know unchanged by this
    /// alone: none for one whose time was too recent to go by when it was found.
    pub on_disk: Option<OnDisk>,
}

/// A file's bytes, by their length and digest.
///
/// The digest tells a changed file from an unchanged one without reading it, where its
/// bytes could only differ by accident: a content author who could make two files of one
/// digest (XXH3 is not made to resist that) could as well write the same bytes twice.
/// XXH3 digests a national site's 2.4 GB in a tenth of a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content {
    pub size: u64,
    pub digest: u128,
}

impl Content {
    pub fn of(bytes: &[u8]) -> Content {
        Content {
            size: bytes.len() as u64,
            digest: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// A file on disk, by its device and inode, and when its bytes last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnDisk {
    pub device: u64,
    pub inode: u64,
    pub modified: Time,
}

/// A file's time, in seconds and nanoseconds.
pub type Time = (i64, i64);

/// A build's times, by the file system's clock; none in a marker written at the swap,
/// before the previous site was removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Times {
    /// Every file of the site had been written.
    pub written: Option<Time>,
    /// The previous site had been removed: a file whose status changed after this was
    /// changed after the build.
    pub finished: Option<Time>,
}

/// The marker's text for a site made of these files.
pub fn text<'a>(files: impl IntoIterator<Item = (&'a str, Option<&'a Record>)>) -> String {
    text_with(Times::default(), files)
}

/// A marker's text without times (`text`), given the build's times: its records are
/// not formatted again.
pub fn with_times(text: &str, times: Times) -> String {
    let records = text.strip_prefix(HEADER).unwrap_or(text);
    let mut timed = text_with(times, []);
    timed.truncate(timed.len() - LIST_INTRO.len());
    timed.push_str(records);
    timed
}

/// The marker's text for a site made of these files, with the build's times.
pub fn text_with<'a>(
    times: Times,
    files: impl IntoIterator<Item = (&'a str, Option<&'a Record>)>,
) -> String {
    let mut sorted: Vec<(&str, Option<&Record>)> = files.into_iter().collect();
    sorted.par_sort_unstable_by_key(|(path, _)| *path);
    let mut text = String::with_capacity(HEADER.len() + 200 + LIST_INTRO.len());
    text.push_str(HEADER);
    for (intro, time) in [(WRITTEN, times.written), (FINISHED, times.finished)] {
        if let Some((seconds, nanoseconds)) = time {
            let _ = writeln!(text, "{intro}{seconds}.{nanoseconds:09}");
        }
    }
    text.push_str(LIST_INTRO);
    // A whole country's 219,000 lines, on every core, a few thousand at a time.
    let parts: Vec<String> = sorted
        .par_chunks(4096)
        .map(|files| {
            // A path, and at most 127 characters of record.
            let mut part =
                String::with_capacity(files.iter().map(|(p, _)| p.len() + 128).sum::<usize>());
            for (path, record) in files {
                push_line(&mut part, path, *record);
            }
            part
        })
        .collect();
    text.reserve(parts.iter().map(String::len).sum());
    for part in parts {
        text.push_str(&part);
    }
    text
}

/// A file's line: its path, and its record if it has one.
fn push_line(text: &mut String, path: &str, record: Option<&Record>) {
    text.push_str(path);
    if let Some(Record { content, on_disk }) = record {
        let _ = write!(text, " {} {:032x}", content.size, content.digest);
        if let Some(OnDisk {
            device,
            inode,
            modified: (seconds, nanoseconds),
        }) = on_disk
        {
            let _ = write!(text, " {device} {inode} {seconds}.{nanoseconds:09}");
        }
    }
    text.push('\n');
}

/// The marker's text for a folder that holds no file of a site yet.
pub fn empty_text() -> String {
    text([])
}

/// A marker's line: a path alone, or with a record of its file; None for any other line.
fn line(line: &str) -> Option<(SitePath, Option<Record>)> {
    let fields: Vec<&str> = line.split(' ').collect();
    // Only paths tiendo could have written: a line such as `../x`, written by someone
    // else, must never lead a removal out of the folder.
    let path = SitePath::new(fields[0])?;
    let record = match fields[1..] {
        [] => None,
        [size, digest] => Some(Record {
            content: content(size, digest)?,
            on_disk: None,
        }),
        [size, digest, device, inode, modified] => Some(Record {
            content: content(size, digest)?,
            on_disk: Some(OnDisk {
                device: device.parse().ok()?,
                inode: inode.parse().ok()?,
                modified: time(modified)?,
            }),
        }),
        _ => return None,
    };
    Some((path, record))
}

fn content(size: &str, digest: &str) -> Option<Content> {
    Some(Content {
        size: size.parse().ok()?,
        digest: (digest.len() == 32)
            .then(|| u128::from_str_radix(digest, 16).ok())
            .flatten()?,
    })
}

/// `1793491200.000000005`.
fn time(text: &str) -> Option<Time> {
    let (seconds, nanoseconds) = text.split_once('.')?;
    let nanoseconds: i64 = (nanoseconds.len() == 9)
        .then(|| nanoseconds.parse().ok())
        .flatten()?;
    Some((seconds.parse().ok()?, nanoseconds))
}

/// What the marker of a folder says about the files in it.
pub enum Written {
    /// There is no marker: nothing in the folder is tiendo's.
    Nothing,
    /// An earlier tiendo's marker, which does not list its files.
    Unlisted,
    /// Sorted by path; each file's record, if its line has one, beside it.
    Listed {
        paths: Vec<String>,
        records: Vec<Option<Record>>,
        times: Times,
    },
}

impl Written {
    pub fn read(folder: &Path) -> io::Result<Written> {
        let text = match fs::read_to_string(folder.join(MARKER)) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Written::Nothing),
            Err(e) => return Err(e),
        };
        let Some((head, list)) =
            (text.split_once(LIST_INTRO)).or_else(|| text.split_once(PATHS_INTRO))
        else {
            return Ok(Written::Unlisted);
        };
        let time_after = |intro: &str| {
            head.lines()
                .find_map(|line| line.strip_prefix(intro))
                .and_then(time)
        };
        let times = Times {
            written: time_after(WRITTEN),
            finished: time_after(FINISHED),
        };
        let mut lines: Vec<(SitePath, Option<Record>)> = list.lines().filter_map(line).collect();
        lines.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // A path listed twice is listed; what its lines say of it counts only if they agree.
        let mut listed: Vec<(SitePath, Option<Record>)> = Vec::with_capacity(lines.len());
        for (path, record) in lines {
            match listed.last_mut() {
                Some(last) if last.0 == path => {
                    if last.1 != record {
                        last.1 = None;
                    }
                }
                _ => listed.push((path, record)),
            }
        }
        let (paths, records) = listed
            .into_iter()
            .map(|(path, record)| (path.as_str().to_owned(), record))
            .unzip();
        Ok(Written::Listed {
            paths,
            records,
            times,
        })
    }

    /// The files it lists.
    pub fn files(&self) -> Option<&[String]> {
        match self {
            Written::Listed { paths, .. } => Some(paths),
            _ => None,
        }
    }

    /// What it says of the file at `path`: None when it does not list it, Some(None)
    /// when it lists it without a record.
    pub fn record(&self, path: &str) -> Option<Option<&Record>> {
        match self {
            Written::Listed { records, .. } => Some(records[self.position(path)?].as_ref()),
            _ => None,
        }
    }

    /// The build's times, as far as it gives them.
    pub fn times(&self) -> Times {
        match self {
            Written::Listed { times, .. } => *times,
            _ => Times::default(),
        }
    }

    fn position(&self, path: &str) -> Option<usize> {
        self.files()?
            .binary_search_by(|p| p.as_str().cmp(path))
            .ok()
    }

    /// The marker's text listing both these files and `now`, whose records are
    /// the ones kept: for a folder that holds a mix of the two sites while its entries
    /// are exchanged.
    pub fn union_text(&self, now: &[(String, Record)]) -> String {
        let mut all: BTreeMap<&str, Option<&Record>> = BTreeMap::new();
        if let Written::Listed { paths, records, .. } = self {
            all.extend(
                paths
                    .iter()
                    .map(String::as_str)
                    .zip(records.iter().map(Option::as_ref)),
            );
        }
        all.extend(
            now.iter()
                .map(|(path, record)| (path.as_str(), Some(record))),
        );
        text(all)
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
            let marker = status_changed(&fs::symlink_metadata(folder.join(MARKER))?);
            // The marker is written again once the previous site is removed: the time
            // it gives is when the site was complete, which is earlier.
            let since = written
                .times()
                .written
                .map_or(marker, |written| written.min(marker));
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
    since: Time,
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

/// When a folder last changed: its status change time or its modification time,
/// whichever is later.
#[cfg(unix)]
fn changed(meta: &fs::Metadata) -> Time {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec()).max((meta.mtime(), meta.mtime_nsec()))
}

/// When a file's status last changed (its bytes, mode, links or times): a time no one
/// can set.
#[cfg(unix)]
pub fn status_changed(meta: &fs::Metadata) -> Time {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec())
}

/// When a file's bytes last changed.
#[cfg(unix)]
pub fn modified(meta: &fs::Metadata) -> Time {
    use std::os::unix::fs::MetadataExt;
    (meta.mtime(), meta.mtime_nsec())
}

/// Without status change times, every folder is read.
#[cfg(not(unix))]
fn changed(_meta: &fs::Metadata) -> Time {
    (i64::MAX, 0)
}

#[cfg(not(unix))]
pub fn status_changed(_meta: &fs::Metadata) -> Time {
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

        let marker = text([("index.html", None), ("en/index.html", None)]);
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

    #[test]
    fn a_marker_keeps_what_it_says_of_each_file_and_reads_the_older_list() {
        let dir = tempfile::tempdir().unwrap();
        let written = Record {
            content: Content::of(b"<p>x</p>"),
            on_disk: None,
        };
        let reused = Record {
            content: Content::of(b""),
            on_disk: Some(OnDisk {
                device: 64768,
                inode: 42,
                modified: (-1, 5),
            }),
        };
        let marker = text([
            ("b.html", Some(&reused)),
            ("a.html", Some(&written)),
            ("c.html", None),
        ]);
        fs::write(dir.path().join(MARKER), marker).unwrap();
        let read = Written::read(dir.path()).unwrap();
        assert_eq!(read.files().unwrap(), ["a.html", "b.html", "c.html"]);
        assert_eq!(read.record("a.html"), Some(Some(&written)));
        assert_eq!(read.record("b.html"), Some(Some(&reused)));
        assert_eq!(read.record("c.html"), Some(None));
        assert_eq!(read.record("d.html"), None);

        // A line of another shape is no line of tiendo's: its path is not listed, so
        // a build refuses to delete the file rather than take it for its own.
        let marker = format!(
            "{HEADER}{LIST_INTRO}a.html 8\nb.html 0 {:032x} 1 2\nc.html 0 0\nCNAME keep this\nd.html\n",
            0
        );
        fs::write(dir.path().join(MARKER), marker).unwrap();
        let read = Written::read(dir.path()).unwrap();
        assert_eq!(read.files().unwrap(), ["d.html"]);
        // Lines of one path that disagree say nothing of it.
        let marker = text([("a.html", Some(&written)), ("a.html", Some(&reused))]);
        fs::write(dir.path().join(MARKER), marker).unwrap();
        assert_eq!(
            Written::read(dir.path()).unwrap().record("a.html"),
            Some(None)
        );
        // Every path of an earlier tiendo's list.
        fs::write(
            dir.path().join(MARKER),
            format!("{HEADER}{PATHS_INTRO}a.html\n"),
        )
        .unwrap();
        let read = Written::read(dir.path()).unwrap();
        assert_eq!(read.record("a.html"), Some(None));
        assert_eq!(read.times(), Times::default());
    }

    #[test]
    fn a_marker_gives_the_build_s_times_to_the_nanosecond() {
        let dir = tempfile::tempdir().unwrap();
        let times = Times {
            written: Some((1_793_491_200, 5)),
            finished: Some((1_793_491_201, 999_999_999)),
        };
        fs::write(
            dir.path().join(MARKER),
            text_with(times, [("a.html", None)]),
        )
        .unwrap();
        let read = Written::read(dir.path()).unwrap();
        assert_eq!(read.times(), times);
        // As the build gives them, to the marker it put in place.
        assert_eq!(
            with_times(&text([("a.html", None)]), times),
            text_with(times, [("a.html", None)])
        );
        assert_eq!(read.files().unwrap(), ["a.html"]);
    }
}
