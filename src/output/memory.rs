//! The site in memory, for `serve`: each file by its path, replaced one at a time as a
//! rebuild writes it and readable while it does, so that the page just edited is served
//! as soon as it is written. Each file has a version, which changes only when its bytes
//! do, so that an open page reloads only when what it shows changed.

use std::collections::HashSet;

// Looked up for every output on each rebuild: a fast hash of the site's own paths.
use foldhash::HashMap;
use std::io;
use std::sync::{Arc, RwLock};

use super::sink::Sink;
use crate::base::site_path::SitePath;

#[derive(Default)]
pub struct Memory {
    files: RwLock<Files>,
}

#[derive(Default)]
struct Files {
    by_path: HashMap<String, File>,
    /// The version the next changed file gets.
    next: u64,
    /// The newest version of the files a page may load besides itself (the theme's and
    /// the site's stylesheets, scripts, images, fonts), or of their removal: when one
    /// changes, every page may look different.
    assets: u64,
    /// The paths of those files, as the plan names them.
    asset_paths: HashSet<String>,
}

struct File {
    bytes: Arc<[u8]>,
    version: u64,
}

/// The versions a page was served in: its own file's, and the newest of the files it
/// may load besides itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    pub page: u64,
    pub assets: u64,
}

impl Memory {
    /// The file at a path of the site (`plans/index.html`), if there is one.
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.read().by_path.get(path).map(|file| file.bytes.clone())
    }

    /// The file at a path, with the versions a page served from it is in.
    pub fn get_versioned(&self, path: &str) -> Option<(Arc<[u8]>, Versions)> {
        let files = self.read();
        let file = files.by_path.get(path)?;
        let versions = Versions {
            page: file.version,
            assets: files.assets,
        };
        Some((file.bytes.clone(), versions))
    }

    /// The versions a page served from this path would be in now; none once it is gone.
    pub fn versions(&self, path: &str) -> Option<Versions> {
        let files = self.read();
        let file = files.by_path.get(path)?;
        Some(Versions {
            page: file.version,
            assets: files.assets,
        })
    }

    pub fn contains(&self, path: &str) -> bool {
        self.read().by_path.contains_key(path)
    }

    /// Runs `f` with a test of whether a path has a file, the map read once for all the
    /// paths it asks about: taking the lock for each of a site's outputs, from every
    /// core, costs more than the lookups.
    pub fn with_paths<T>(&self, f: impl FnOnce(&(dyn Fn(&str) -> bool + Sync)) -> T) -> T {
        let files = self.read();
        f(&|path: &str| files.by_path.contains_key(path))
    }

    /// The files pages may load besides themselves, by their paths (the plan's static
    /// files): a change to one of them is a change to every page.
    pub fn assets_are<'p>(&self, paths: impl IntoIterator<Item = &'p str>) {
        let mut files = self.write_lock();
        files.asset_paths = paths.into_iter().map(str::to_owned).collect();
    }

    /// Removes every file but those `keep` says to keep; gives how many were removed.
    pub fn keep_only(&self, keep: impl Fn(&str) -> bool) -> usize {
        let mut files = self.write_lock();
        let gone: Vec<String> = (files.by_path.keys())
            .filter(|path| !keep(path))
            .cloned()
            .collect();
        for path in &gone {
            files.by_path.remove(path);
        }
        if gone.iter().any(|path| files.asset_paths.contains(path)) {
            files.next += 1;
            files.assets = files.next;
        }
        gone.len()
    }

    /// How many files, and how many bytes they hold.
    pub fn size(&self) -> (usize, u64) {
        let files = self.read();
        let bytes = files.by_path.values().map(|f| f.bytes.len() as u64).sum();
        (files.by_path.len(), bytes)
    }

    // A writer that panicked left the map whole: each insert is one operation.
    fn write_lock(&self) -> std::sync::RwLockWriteGuard<'_, Files> {
        self.files
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Files> {
        self.files
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()> {
        let path = path.as_str();
        let unchanged = |files: &Files| {
            files
                .by_path
                .get(path)
                .is_some_and(|file| *file.bytes == *bytes)
        };
        // Compared before the lock is taken to write: readers are not held up.
        if unchanged(&self.read()) {
            return Ok(());
        }
        let file: Arc<[u8]> = Arc::from(bytes);
        let mut files = self.write_lock();
        files.next += 1;
        let version = files.next;
        if files.asset_paths.contains(path) {
            files.assets = version;
        }
        files.by_path.insert(
            path.to_owned(),
            File {
                bytes: file,
                version,
            },
        );
        Ok(())
    }

    fn write_folder(&self, folder: &str, new: &[(SitePath, Vec<u8>)]) -> io::Result<()> {
        let kept: HashSet<&str> = new.iter().map(|(path, _)| path.as_str()).collect();
        {
            let mut files = self.write_lock();
            files
                .by_path
                .retain(|path, _| !path.starts_with(folder) || kept.contains(path.as_str()));
        }
        new.iter()
            .try_for_each(|(path, bytes)| self.write(path, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_is_served_until_it_is_left_out() {
        let memory = Memory::default();
        let path = SitePath::new("plans/index.html").expect("a path");
        memory.write(&path, b"<p>old</p>").expect("written");
        memory.write(&path, b"<p>new</p>").expect("written");
        assert_eq!(
            memory.get("plans/index.html").as_deref(),
            Some(&b"<p>new</p>"[..])
        );
        assert_eq!(memory.size(), (1, 10));
        assert_eq!(memory.keep_only(|path| path == "index.html"), 1);
        assert!(memory.get("plans/index.html").is_none());
    }

    #[test]
    fn a_page_s_version_changes_with_its_bytes_and_with_an_asset_s() {
        let memory = Memory::default();
        memory.assets_are(["style.css"]);
        let page = SitePath::new("plans/index.html").expect("a path");
        let other = SitePath::new("index.html").expect("a path");
        let style = SitePath::new("style.css").expect("a path");
        memory.write(&page, b"<p>a</p>").expect("written");
        memory.write(&style, b"p{}").expect("written");
        let first = memory.versions("plans/index.html").expect("served");

        memory.write(&page, b"<p>a</p>").expect("written");
        memory.write(&other, b"<p>home</p>").expect("written");
        assert_eq!(
            memory.versions("plans/index.html"),
            Some(first),
            "the same bytes"
        );

        memory.write(&page, b"<p>b</p>").expect("written");
        let second = memory.versions("plans/index.html").expect("served");
        assert_ne!(second.page, first.page);
        assert_eq!(second.assets, first.assets);

        memory.write(&style, b"p{color:red}").expect("written");
        let third = memory.versions("plans/index.html").expect("served");
        assert_eq!(third.page, second.page);
        assert_ne!(
            third.assets, second.assets,
            "a page looks different with a new style"
        );
        assert_eq!(
            memory.get_versioned("plans/index.html").map(|(_, s)| s),
            Some(third)
        );

        // A target's card is an image too, but not one every page loads.
        let card = SitePath::new("plans/cards/a.svg").expect("a path");
        memory.write(&card, b"<svg/>").expect("written");
        assert_eq!(memory.versions("plans/index.html"), Some(third));

        memory.keep_only(|path| ["plans/index.html", "plans/cards/a.svg"].contains(&path));
        let fourth = memory.versions("plans/index.html").expect("served");
        assert_ne!(fourth.assets, third.assets, "the style is gone");

        memory.keep_only(|path| path == "index.html");
        assert_eq!(memory.versions("plans/index.html"), None, "gone");
    }
}
