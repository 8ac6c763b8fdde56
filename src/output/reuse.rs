//! A file the build writes again, byte for byte as the previous site has it, is linked
//! into the new site instead of being written anew: the same file, with its date, so
//! that servers, browsers' caches and `rsync` see it unchanged; and a rebuild of a site
//! that barely changed neither writes its gigabytes again nor frees them after the swap.
//!
//! Only a file tiendo would have written as it is now is reused: one the previous
//! site's marker lists, a plain file, of this user, with the mode and group a file made
//! now gets (a site built under another umask gets its modes from this build), holding
//! exactly the bytes to write. Everything else is written as before.
//!
//! That it holds those bytes is known by reading it, or, for a file an earlier build
//! found unchanged, without reading: the marker gives the digest of its bytes and the
//! file on disk that held them (device, inode, modification time). A file that is still
//! that one, and whose status has not changed since the previous build finished (a time
//! the marker gives), holds them still: writing to a file changes its modification
//! time, and setting that time back changes its status change time, which no one can
//! set.

use std::path::Path;
use std::sync::Arc;

use super::manifest::{Content, OnDisk, Written};
use crate::base::site_path::SitePath;

/// The previous site, as far as its files may be reused.
pub struct Previous {
    written: Arc<Written>,
    #[cfg(unix)]
    unix: unix::Previous,
}

/// What became of a file the build writes.
#[derive(Debug, PartialEq, Eq)]
pub enum Reuse {
    /// Not reused: the caller writes it.
    No,
    /// The previous site's file, linked into the new site; with the file on disk where
    /// the next build may know it unchanged without reading it.
    Linked(Option<OnDisk>),
}

impl Previous {
    /// The previous site in `folder`, whose marker says it holds `written`; `made` is a
    /// file this build has just made (the staging folder's marker), whose owner, group
    /// and mode every reused file must have. None when nothing of it may be reused.
    pub fn open(folder: &Path, written: Arc<Written>, made: &Path) -> Option<Previous> {
        written.files()?;
        #[cfg(unix)]
        {
            Some(Previous {
                unix: unix::Previous::open(folder, made, written.times().finished)?,
                written,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = (folder, made, written);
            None
        }
    }

    /// Makes `to` the previous site's file at `path`, if that file holds `bytes`, of
    /// which `content` is the digest, and may be reused.
    pub fn reuse(&self, path: &SitePath, bytes: &[u8], content: Content, to: &Path) -> Reuse {
        let Some(record) = self.written.record(path.as_str()) else {
            return Reuse::No;
        };
        #[cfg(unix)]
        {
            if let Some(record) = record {
                if record.content != content {
                    // Changed: not worth reading.
                    return Reuse::No;
                }
                if let Some(on_disk) = record.on_disk
                    && self.unix.link_unchanged(path, content, on_disk, to)
                {
                    return Reuse::Linked(Some(on_disk));
                }
            }
            self.unix.link_if_same(path, bytes, to)
        }
        #[cfg(not(unix))]
        {
            let _ = (record, bytes, content, to);
            Reuse::No
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::cell::RefCell;
    use std::io::Read;
    use std::os::fd::OwnedFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, Stat, fstat, linkat, openat, statat};

    use crate::base::site_path::SitePath;
    use crate::output::manifest::{Content, OnDisk, Time};
    use crate::output::reuse::Reuse;
    use crate::output::sink::MARKER;

    /// How much older than the build a file's modification time must be for the next
    /// build to go by it: a file written within the same tick of the file system's
    /// clock (two seconds on FAT) could change again without its time changing.
    const SETTLED_SECONDS: i64 = 3;

    pub struct Previous {
        folder: OwnedFd,
        /// Owner, group and permission bits of a file made now.
        like: (u32, u32, u32),
        /// When this build began, by the file system's clock.
        began: Time,
        /// When the previous build finished, as its marker gives it.
        finished: Option<Time>,
    }

    thread_local! {
        /// The previous file's bytes, read for the comparison: one buffer a thread.
        static READ: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    // The fields of `Stat` are narrower than these on some systems.
    #[allow(clippy::unnecessary_cast)]
    fn owner_group_mode(stat: &Stat) -> (u32, u32, u32) {
        (stat.st_uid, stat.st_gid, stat.st_mode as u32 & 0o7777)
    }

    #[allow(clippy::unnecessary_cast)]
    fn on_disk(stat: &Stat) -> OnDisk {
        OnDisk {
            device: stat.st_dev as u64,
            inode: stat.st_ino as u64,
            modified: (stat.st_mtime as i64, stat.st_mtime_nsec as i64),
        }
    }

    #[allow(clippy::unnecessary_cast)]
    fn status_changed(stat: &Stat) -> Time {
        (stat.st_ctime as i64, stat.st_ctime_nsec as i64)
    }

    impl Previous {
        pub fn open(folder: &Path, made: &Path, finished: Option<Time>) -> Option<Previous> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let folder = openat(CWD, folder, flags, Mode::empty()).ok()?;
            let made = rustix::fs::stat(made).ok()?;
            // The marker itself was last written no earlier: a marker with a time later
            // than its own gives none.
            let marker = statat(&folder, MARKER, AtFlags::SYMLINK_NOFOLLOW).ok()?;
            let finished = finished.filter(|finished| *finished <= status_changed(&marker));
            Some(Previous {
                like: owner_group_mode(&made),
                began: on_disk(&made).modified,
                finished,
                folder,
            })
        }

        /// Whether a file of the previous site, as `stat` describes it, may be reused
        /// for `size` bytes.
        fn may_take(&self, stat: &Stat, size: u64) -> bool {
            FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
                && owner_group_mode(stat) == self.like
                && u64::try_from(stat.st_size).ok() == Some(size)
        }

        /// Links the file at `path` to `to` if it is still the file `on_disk`, unchanged
        /// since the previous build finished: nothing of it is read.
        pub fn link_unchanged(
            &self,
            path: &SitePath,
            content: Content,
            on_disk: OnDisk,
            to: &Path,
        ) -> bool {
            let Some(finished) = self.finished else {
                return false;
            };
            let Ok(stat) = statat(&self.folder, path.as_str(), AtFlags::SYMLINK_NOFOLLOW) else {
                return false;
            };
            self.may_take(&stat, content.size)
                && self::on_disk(&stat) == on_disk
                && status_changed(&stat) < finished
                && self.link(path, &stat, to)
        }

        /// Links the file at `path` to `to` if it holds `bytes`, which it is read for.
        pub fn link_if_same(&self, path: &SitePath, bytes: &[u8], to: &Path) -> Reuse {
            // Not through a link at its end; not touching its access time (which would
            // be a write to the disk for every file read).
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NOATIME;
            let Ok(file) = openat(&self.folder, path.as_str(), flags, Mode::empty()) else {
                return Reuse::No;
            };
            let Ok(stat) = fstat(&file) else {
                return Reuse::No;
            };
            if !self.may_take(&stat, bytes.len() as u64) {
                return Reuse::No;
            }
            if !holds(&std::fs::File::from(file), bytes) || !self.link(path, &stat, to) {
                return Reuse::No;
            }
            let (seconds, nanoseconds) = on_disk(&stat).modified;
            let settled = (seconds.saturating_add(SETTLED_SECONDS), nanoseconds) < self.began;
            Reuse::Linked(settled.then(|| on_disk(&stat)))
        }

        /// Links the file at `path`, as `stat` found it, to `to`. By its name, which
        /// could meanwhile have come to name another file, or the file could have been
        /// written to: the link is kept only if it is the file found, of the same time.
        fn link(&self, path: &SitePath, stat: &Stat, to: &Path) -> bool {
            if linkat(&self.folder, path.as_str(), CWD, to, AtFlags::empty()).is_err() {
                return false;
            }
            let linked = statat(CWD, to, AtFlags::SYMLINK_NOFOLLOW);
            if linked.is_ok_and(|linked| {
                on_disk(&linked) == on_disk(stat) && linked.st_size == stat.st_size
            }) {
                return true;
            }
            let _ = rustix::fs::unlinkat(CWD, to, AtFlags::empty());
            false
        }
    }

    /// Whether `file` holds exactly `bytes`, of whose length it is.
    fn holds(mut file: &std::fs::File, bytes: &[u8]) -> bool {
        /// Read at most at a time: a page in one read, a large table in a few.
        const CHUNK: usize = 256 * 1024;
        READ.with_borrow_mut(|buffer| {
            buffer.resize(CHUNK, 0);
            let mut rest = bytes;
            loop {
                // One byte more than is left, to see a file that goes on. A plain file
                // gives all it has in each read: a read short of what was asked for
                // has reached its end.
                let asked = (rest.len() + 1).min(CHUNK);
                match file.read(&mut buffer[..asked]) {
                    Ok(n) => {
                        if n > rest.len() || buffer[..n] != rest[..n] {
                            return false;
                        }
                        rest = &rest[n..];
                        if n < asked {
                            return rest.is_empty();
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return false,
                }
            }
        })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::output::MARKER;
    use crate::output::manifest::{self, Record};
    use std::fs;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::time::{Duration, SystemTime};

    /// A previous site in `old` of these files, whose marker has `records` for those
    /// it names; and `new`, where this build writes.
    fn site_with(
        files: &[(&str, &str)],
        records: &[(&str, Record)],
    ) -> (tempfile::TempDir, Arc<Written>) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join("old").join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        fs::create_dir_all(dir.path().join("new")).unwrap();
        fs::write(dir.path().join("new/made"), "").unwrap();
        let record = |path: &str| records.iter().find(|(p, _)| *p == path).map(|(_, r)| r);
        fs::write(
            dir.path().join("old").join(MARKER),
            manifest::text(files.iter().map(|(path, _)| (*path, record(path)))),
        )
        .unwrap();
        let written = Written::read(&dir.path().join("old")).unwrap();
        (dir, Arc::new(written))
    }

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Arc<Written>) {
        site_with(files, &[])
    }

    fn reuse(previous: &Previous, path: &str, bytes: &[u8], to: &Path) -> Reuse {
        let path = SitePath::new(path).unwrap();
        previous.reuse(&path, bytes, Content::of(bytes), to)
    }

    fn linked(reuse: Reuse) -> bool {
        matches!(reuse, Reuse::Linked(_))
    }

    fn set_modified(path: &Path, time: SystemTime) {
        let file = fs::File::options().write(true).open(path).unwrap();
        file.set_modified(time).unwrap();
    }

    /// The file at `path` as a record would give it.
    fn on_disk_of(path: &Path) -> OnDisk {
        let meta = fs::symlink_metadata(path).unwrap();
        OnDisk {
            device: meta.dev(),
            inode: meta.ino(),
            modified: (meta.mtime(), meta.mtime_nsec()),
        }
    }

    #[test]
    fn an_unchanged_file_is_the_same_file() {
        let (dir, written) = site(&[("en/index.html", "<p>same</p>"), ("a.txt", "old")]);
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        let previous = Previous::open(&old, written, &new.join("made")).unwrap();
        assert!(linked(reuse(
            &previous,
            "en/index.html",
            b"<p>same</p>",
            &new.join("same")
        )));
        let (a, b) = (
            fs::metadata(old.join("en/index.html")).unwrap(),
            fs::metadata(new.join("same")).unwrap(),
        );
        assert_eq!((a.dev(), a.ino()), (b.dev(), b.ino()));

        // Other bytes, of the same length or not; a file the marker does not list.
        assert_eq!(reuse(&previous, "a.txt", b"new", &new.join("x")), Reuse::No);
        assert_eq!(
            reuse(&previous, "a.txt", b"older", &new.join("x")),
            Reuse::No
        );
        fs::write(old.join("b.txt"), "b").unwrap();
        assert_eq!(reuse(&previous, "b.txt", b"b", &new.join("x")), Reuse::No);
        assert!(!new.join("x").exists());
    }

    #[test]
    fn a_file_unlike_those_made_now_is_written_anew() {
        let (dir, written) = site(&[("a.txt", "a"), ("b.txt", "b")]);
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        let previous = Previous::open(&old, written, &new.join("made")).unwrap();
        // Another mode: built under another umask.
        let mode = fs::metadata(old.join("a.txt")).unwrap().mode();
        fs::set_permissions(
            old.join("a.txt"),
            fs::Permissions::from_mode((mode & 0o777) ^ 0o004),
        )
        .unwrap();
        assert_eq!(reuse(&previous, "a.txt", b"a", &new.join("a")), Reuse::No);
        // A link in its place, even to a file that holds the very bytes.
        fs::remove_file(old.join("b.txt")).unwrap();
        fs::write(dir.path().join("elsewhere"), "b").unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), old.join("b.txt")).unwrap();
        assert_eq!(reuse(&previous, "b.txt", b"b", &new.join("b")), Reuse::No);
    }

    #[test]
    fn a_large_file_is_compared_to_its_last_byte() {
        let large: String = (0..600_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let (dir, written) = site(&[("large.csv", &large)]);
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        let previous = Previous::open(&old, written, &new.join("made")).unwrap();
        let mut other = large.clone().into_bytes();
        *other.last_mut().unwrap() = b'!';
        assert_eq!(
            reuse(&previous, "large.csv", &other, &new.join("other")),
            Reuse::No
        );
        let shorter = &large.as_bytes()[1..];
        assert_eq!(
            reuse(&previous, "large.csv", shorter, &new.join("shorter")),
            Reuse::No
        );
        assert!(linked(reuse(
            &previous,
            "large.csv",
            large.as_bytes(),
            &new.join("same")
        )));
    }

    #[test]
    fn a_file_read_is_known_by_its_time_only_once_that_time_is_settled() {
        let (dir, written) = site(&[("old.html", "o"), ("recent.html", "r")]);
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        set_modified(
            &old.join("old.html"),
            SystemTime::now() - Duration::from_secs(3600),
        );
        let previous = Previous::open(&old, written, &new.join("made")).unwrap();
        let settled = on_disk_of(&old.join("old.html"));
        assert_eq!(
            reuse(&previous, "old.html", b"o", &new.join("old.html")),
            Reuse::Linked(Some(settled))
        );
        // Written a moment ago, or a second before the build: it could change again
        // within one tick of a coarse clock.
        assert_eq!(
            reuse(&previous, "recent.html", b"r", &new.join("recent.html")),
            Reuse::Linked(None)
        );
        set_modified(
            &old.join("recent.html"),
            SystemTime::now() - Duration::from_secs(1),
        );
        assert_eq!(
            reuse(&previous, "recent.html", b"r", &new.join("a second ago")),
            Reuse::Linked(None)
        );
    }

    /// A previous site whose marker says that `page.html`, as it is on disk, holds
    /// `claimed`, while it holds `held`: what the build makes of it tells whether it
    /// went by the record or read the file.
    fn recorded_as(
        held: &str,
        claimed: &str,
        changed_after: bool,
    ) -> (tempfile::TempDir, Previous) {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("page.html"), held).unwrap();
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        set_modified(&old.join("page.html"), an_hour_ago);
        let record = Record {
            content: Content::of(claimed.as_bytes()),
            on_disk: Some(on_disk_of(&old.join("page.html"))),
        };
        // Beyond a tick of the file system's clock, one after the other.
        let tick = || std::thread::sleep(Duration::from_millis(20));
        tick();
        // The build's end, by the file system's clock.
        fs::write(old.join("end"), "").unwrap();
        let times = manifest::Times {
            written: None,
            finished: Some(manifest::modified(&fs::metadata(old.join("end")).unwrap())),
        };
        fs::remove_file(old.join("end")).unwrap();
        let marker = manifest::text_with(times, [("page.html", Some(&record))]);
        fs::write(old.join(MARKER), marker).unwrap();
        if changed_after {
            // Written to after the build's end, its time set back.
            tick();
            fs::write(old.join("page.html"), held).unwrap();
            set_modified(&old.join("page.html"), an_hour_ago);
            let meta = fs::metadata(old.join("page.html")).unwrap();
            assert_eq!(
                (meta.mtime(), meta.mtime_nsec()),
                record.on_disk.unwrap().modified
            );
        }
        fs::create_dir_all(dir.path().join("new")).unwrap();
        fs::write(dir.path().join("new/made"), "").unwrap();
        let written = Arc::new(Written::read(&old).unwrap());
        let previous = Previous::open(&old, written, &dir.path().join("new/made")).unwrap();
        (dir, previous)
    }

    #[test]
    fn a_file_recorded_unchanged_since_the_previous_build_is_not_read() {
        // Of one size, so that only reading it could tell them apart.
        let (dir, previous) = recorded_as("<p>as on disk</p>", "<p>as recorded</p", false);
        let to = dir.path().join("new/page.html");
        assert!(linked(reuse(
            &previous,
            "page.html",
            b"<p>as recorded</p",
            &to
        )));
    }

    #[test]
    fn a_file_whose_status_changed_after_the_previous_build_is_read() {
        // Its time set back to the recorded one, to the nanosecond: its status change
        // time still tells.
        let (dir, previous) = recorded_as("<p>as on disk</p>", "<p>as recorded</p", true);
        let to = dir.path().join("new/page.html");
        assert_eq!(
            reuse(&previous, "page.html", b"<p>as recorded</p", &to),
            Reuse::No
        );
    }

    #[test]
    fn a_file_recorded_with_other_bytes_is_written_anew_unread() {
        let (dir, previous) = recorded_as("<p>same bytes</p>", "<p>other bytes</p>", false);
        let to = dir.path().join("new/page.html");
        assert_eq!(
            reuse(&previous, "page.html", b"<p>same bytes</p>", &to),
            Reuse::No
        );
    }

    #[test]
    fn a_site_that_lists_nothing_gives_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("made"), "").unwrap();
        assert!(
            Previous::open(
                dir.path(),
                Arc::new(Written::Unlisted),
                &dir.path().join("made")
            )
            .is_none()
        );
        assert!(
            Previous::open(
                dir.path(),
                Arc::new(Written::Nothing),
                &dir.path().join("made")
            )
            .is_none()
        );
    }
}
