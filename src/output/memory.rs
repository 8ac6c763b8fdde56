//! The site in memory, for `serve`: each file by its path, replaced one at a time as a
//! rebuild writes it and readable while it does, so that the page just edited is served
//! as soon as it is written.

use std::collections::HashSet;

// Looked up for every output on each rebuild: a fast hash of the site's own paths.
use foldhash::HashMap;
use std::io;
use std::sync::{Arc, RwLock};

use super::sink::Sink;
use crate::base::site_path::SitePath;

#[derive(Default)]
pub struct Memory {
    files: RwLock<HashMap<String, Arc<[u8]>>>,
}

impl Memory {
    /// The file at a path of the site (`plans/index.html`), if there is one.
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.read().get(path).cloned()
    }

    pub fn contains(&self, path: &str) -> bool {
        self.read().contains_key(path)
    }

    /// Runs `f` with a test of whether a path has a file, the map read once for all the
    /// paths it asks about: taking the lock for each of a site's outputs, from every
    /// core, costs more than the lookups.
    pub fn with_paths<T>(&self, f: impl FnOnce(&(dyn Fn(&str) -> bool + Sync)) -> T) -> T {
        let files = self.read();
        f(&|path: &str| files.contains_key(path))
    }

    /// Removes every file but those named; gives how many were removed.
    pub fn keep_only(&self, paths: &HashSet<&str>) -> usize {
        let mut files = self
            .files
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let before = files.len();
        files.retain(|path, _| paths.contains(path.as_str()));
        before - files.len()
    }

    /// How many files, and how many bytes they hold.
    pub fn size(&self) -> (usize, u64) {
        let files = self.read();
        (files.len(), files.values().map(|f| f.len() as u64).sum())
    }

    // A writer that panicked left the map whole: each insert is one operation.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<[u8]>>> {
        self.files
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()> {
        let file: Arc<[u8]> = Arc::from(bytes);
        let mut files = self
            .files
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(path.as_str().to_owned(), file);
        Ok(())
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
        assert_eq!(memory.keep_only(&HashSet::from(["index.html"])), 1);
        assert!(memory.get("plans/index.html").is_none());
    }
}
