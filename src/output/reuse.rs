//! A file the build writes again, byte for byte as the previous site has it, is linked
//! into the new site instead of being written anew: the same file, with its date, so
//! that servers, browsers' caches and `rsync` see it unchanged; and a rebuild of a site
//! that barely changed neither writes its gigabytes again nor frees them after the swap.
//!
//! Only a file tiendo would have written as it is now is reused: one the previous
//! site's marker lists, a plain file, of this user, with the mode and group a file made
//! now gets (a site built under another umask gets its modes from this build), holding
//! exactly the bytes to write. Everything else is written as before.

use std::path::Path;
use std::sync::Arc;

use super::manifest::Written;
use crate::render::SitePath;

/// The previous site, as far as its files may be reused.
pub struct Previous {
    written: Arc<Written>,
    #[cfg(unix)]
    unix: unix::Previous,
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
                unix: unix::Previous::open(folder, made)?,
                written,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = (folder, made, written);
            None
        }
    }

    /// Makes `to` the previous site's file at `path`, if that file holds `bytes` and
    /// may be reused; false when it was not (then the caller writes the file).
    pub fn link_if_same(&self, path: &SitePath, bytes: &[u8], to: &Path) -> bool {
        if !self.written.lists(path.as_str()) {
            return false;
        }
        #[cfg(unix)]
        {
            self.unix.link_if_same(path, bytes, to)
        }
        #[cfg(not(unix))]
        {
            let _ = (bytes, to);
            false
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::cell::RefCell;
    use std::io::Read;
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags, Stat, fstat, linkat, openat};

    use crate::render::SitePath;

    pub struct Previous {
        folder: OwnedFd,
        /// Owner, group and permission bits of a file made now.
        like: (u32, u32, u32),
    }

    thread_local! {
        /// The previous file's bytes, read for the comparison: one buffer a thread.
        static READ: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    // `st_mode` is narrower than `u32` on some systems.
    #[allow(clippy::unnecessary_cast)]
    fn owner_group_mode(stat: &Stat) -> (u32, u32, u32) {
        (stat.st_uid, stat.st_gid, stat.st_mode as u32 & 0o7777)
    }

    impl Previous {
        pub fn open(folder: &Path, made: &Path) -> Option<Previous> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let folder = openat(CWD, folder, flags, Mode::empty()).ok()?;
            let made = rustix::fs::stat(made).ok()?;
            Some(Previous {
                folder,
                like: owner_group_mode(&made),
            })
        }

        pub fn link_if_same(&self, path: &SitePath, bytes: &[u8], to: &Path) -> bool {
            // Not through a link at its end; not touching its access time (which would
            // be a write to the disk for every file read).
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NOATIME;
            let Ok(file) = openat(self.folder.as_fd(), path.as_str(), flags, Mode::empty()) else {
                return false;
            };
            let Ok(stat) = fstat(&file) else {
                return false;
            };
            let plain = rustix::fs::FileType::from_raw_mode(stat.st_mode)
                == rustix::fs::FileType::RegularFile;
            if !plain
                || owner_group_mode(&stat) != self.like
                || u64::try_from(stat.st_size).ok() != Some(bytes.len() as u64)
            {
                return false;
            }
            let file = std::fs::File::from(file);
            if !holds(&file, bytes) {
                return false;
            }
            // Linked by its name in the previous site, which could meanwhile have come
            // to name another file: the link is kept only if it is the file compared.
            if linkat(
                self.folder.as_fd(),
                path.as_str(),
                CWD,
                to,
                AtFlags::empty(),
            )
            .is_err()
            {
                return false;
            }
            let linked = rustix::fs::statat(CWD, to, AtFlags::SYMLINK_NOFOLLOW);
            if linked
                .is_ok_and(|linked| (linked.st_dev, linked.st_ino) == (stat.st_dev, stat.st_ino))
            {
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
    use crate::output::manifest;
    use std::fs;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Arc<Written>) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join("old").join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        fs::create_dir_all(dir.path().join("new")).unwrap();
        fs::write(dir.path().join("new/made"), "").unwrap();
        let paths: Vec<String> = files.iter().map(|(p, _)| (*p).to_owned()).collect();
        fs::write(
            dir.path().join("old").join(crate::output::MARKER),
            manifest::text(&paths),
        )
        .unwrap();
        let written = Written::read(&dir.path().join("old")).unwrap();
        (dir, Arc::new(written))
    }

    #[test]
    fn an_unchanged_file_is_the_same_file() {
        let (dir, written) = site(&[("en/index.html", "<p>same</p>"), ("a.txt", "old")]);
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        let previous = Previous::open(&old, written, &new.join("made")).unwrap();
        let path = SitePath::new("en/index.html").unwrap();
        assert!(previous.link_if_same(&path, b"<p>same</p>", &new.join("same")));
        let (a, b) = (
            fs::metadata(old.join("en/index.html")).unwrap(),
            fs::metadata(new.join("same")).unwrap(),
        );
        assert_eq!((a.dev(), a.ino()), (b.dev(), b.ino()));

        // Other bytes, of the same length or not; a file the marker does not list.
        let a_txt = SitePath::new("a.txt").unwrap();
        assert!(!previous.link_if_same(&a_txt, b"new", &new.join("x")));
        assert!(!previous.link_if_same(&a_txt, b"older", &new.join("x")));
        fs::write(old.join("b.txt"), "b").unwrap();
        let b_txt = SitePath::new("b.txt").unwrap();
        assert!(!previous.link_if_same(&b_txt, b"b", &new.join("x")));
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
        let a = SitePath::new("a.txt").unwrap();
        assert!(!previous.link_if_same(&a, b"a", &new.join("a")));
        // A link in its place, even to a file that holds the very bytes.
        fs::remove_file(old.join("b.txt")).unwrap();
        fs::write(dir.path().join("elsewhere"), "b").unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), old.join("b.txt")).unwrap();
        let b = SitePath::new("b.txt").unwrap();
        assert!(!previous.link_if_same(&b, b"b", &new.join("b")));
    }

    #[test]
    fn a_large_file_is_compared_to_its_last_byte() {
        let large: String = (0..600_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let (dir, written) = site(&[("large.csv", &large)]);
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        let previous = Previous::open(&old, written, &new.join("made")).unwrap();
        let path = SitePath::new("large.csv").unwrap();
        let mut other = large.clone().into_bytes();
        *other.last_mut().unwrap() = b'!';
        assert!(!previous.link_if_same(&path, &other, &new.join("other")));
        assert!(!previous.link_if_same(&path, &large.as_bytes()[1..], &new.join("shorter")));
        assert!(previous.link_if_same(&path, large.as_bytes(), &new.join("same")));
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
