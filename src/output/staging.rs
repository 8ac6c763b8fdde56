//! The staging folder a build writes into, and the swap that puts it in place.
//!
//! A build takes the output's lock, clears away what a stopped build left, refuses an
//! output holding files tiendo did not write, and writes the whole site into a staging
//! folder. Only when everything succeeded does the staging folder take the output's
//! place; otherwise it is removed and the previous site stays as it was.
//!
//! Kept beside the output (in its parent folder, named after it): the lock
//! `.<name>.tiendo-lock` and the staging folder `.<name>.tiendo-staging-*`, and, only on
//! a file system that cannot exchange two folders, `.<name>.tiendo-old-*` for the
//! moment between the two renames of the swap. An output replaced in place keeps the
//! same names inside itself, without `<name>.`.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::destination::{Destination, Replacement};
use super::lock::Lock;
use super::manifest::{self, Written};
use super::remove::{is_ours, remove_site};
use super::rename::{exchange, rename_new};
use super::{MARKER, RESERVED_PREFIX, Sink};
use crate::diagnostics::{Diagnostic, Location};
use crate::render::SitePath;

/// Notes for the person running the build: waiting for another build, leftovers
/// cleared away.
pub type Notes<'a> = &'a dyn Fn(&str);

pub struct Staging {
    destination: Destination,
    /// Where the lock, the staging folder and any leftovers are: the output's parent,
    /// or the output itself when it is replaced in place.
    home: PathBuf,
    /// What their names start with there: `.<name>.tiendo-` or `.tiendo-`.
    prefix: String,
    /// The folder being written; empty until made.
    dir: PathBuf,
    /// Every file written, by its path in the site, for the marker.
    written: Mutex<Vec<String>>,
    /// The folders made in the staging folder so far.
    folders: Mutex<HashSet<String>>,
    /// What the previous site's marker says it holds.
    previous: Arc<Written>,
    /// The search of the previous site for files tiendo did not write, which runs
    /// beside the build.
    search: Option<Search>,
    lock: Option<Lock>,
    /// Folders made to hold the output, deepest last: removed when the build fails.
    created: Vec<PathBuf>,
    /// Set once the new site is in place: from then on nothing is undone.
    committed: bool,
}

impl Staging {
    /// Takes the output's lock and makes the staging folder, refusing an output that
    /// holds files tiendo did not write. Nothing of the previous site is touched.
    pub fn open(destination: &Destination, notes: Notes) -> Result<Staging, Diagnostic> {
        let folder = &destination.folder;
        let in_place = matches!(destination.replacement, Replacement::InPlace(_));
        let (home, prefix) = match (in_place, folder.parent(), folder.file_name()) {
            (false, Some(parent), Some(name)) => (
                parent.to_path_buf(),
                format!(".{}.tiendo-", name.to_string_lossy()),
            ),
            _ => (folder.clone(), RESERVED_PREFIX.to_owned()),
        };
        let mut staging = Staging {
            destination: destination.clone(),
            home,
            prefix,
            dir: PathBuf::new(),
            written: Mutex::new(Vec::new()),
            folders: Mutex::new(HashSet::new()),
            previous: Arc::new(Written::Nothing),
            search: None,
            lock: None,
            created: Vec::new(),
            committed: false,
        };
        // From here on, dropping `staging` undoes whatever was done.
        staging.make_home()?;
        let lock_path = staging.named("lock");
        let described = destination.describe();
        let lock = Lock::acquire(&lock_path, &|holder| {
            let who = holder.map_or("another build".to_owned(), |pid| {
                format!("another build (process {pid})")
            });
            notes(&format!(
                "{who} is writing into {described}: waiting for it to finish"
            ));
        })
        .map_err(|e| staging.cannot(&format!("lock `{}`", lock_path.display()), &e))?;
        staging.lock = Some(lock);
        staging.clear_leftovers(notes)?;
        if staging.destination.folder.is_dir() {
            staging.read_previous_site()?;
        }
        staging.make_staging_folder()?;
        Ok(staging)
    }

    /// Whether the previous site may be replaced: it holds no file that tiendo did not
    /// write. Waits for the search, which runs beside the build.
    pub fn verify(&mut self) -> Result<(), Diagnostic> {
        let Some(search) = self.search.take() else {
            return Ok(());
        };
        let folder = &self.destination.folder;
        let foreign = search
            .result()
            .map_err(|e| self.cannot(&format!("read `{}`", folder.display()), &e))?;
        if foreign.is_empty() {
            return Ok(());
        }
        Err(Diagnostic::error(format!(
            "refusing to build into {}: it holds {} that tiendo did not write: {}",
            self.destination.describe(),
            match foreign.len() {
                1 => "a file".to_owned(),
                n => format!("{n} files"),
            },
            list_some(&foreign)
        ))
        .at(Location::Path(self.destination.given.clone()))
        .help(format!(
            "a build replaces the whole folder, so {} would be lost. To publish a file with the site \
             (a `CNAME`, a `.nojekyll`, a verification file), put it in the site's `static/` folder beside \
             site.yaml, where every build copies it from, and remove it here; otherwise move it out of the folder",
            if foreign.len() == 1 { "it" } else { "they" }
        )))
    }

    /// Puts the staged site in place of the output folder, then removes the previous
    /// site.
    pub fn commit(mut self, notes: Notes) -> Result<(), Diagnostic> {
        self.verify()?;
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let marker = manifest::text(&written);
        fs::write(self.dir.join(MARKER), &marker)
            .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        match self.destination.replacement {
            Replacement::Whole => self.swap_whole(notes),
            Replacement::InPlace(_) => self.swap_in_place(&written, &marker, notes),
        }
    }

    fn swap_whole(&mut self, notes: Notes) -> Result<(), Diagnostic> {
        let folder = self.destination.folder.clone();
        make_readable(&self.dir).map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        if !folder.exists() {
            rename_new(&self.dir, &folder)
                .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
            self.committed = true;
            return Ok(());
        }
        let exchanged = exchange(&self.dir, &folder)
            .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        let previous = if exchanged {
            self.dir.clone()
        } else {
            // Two renames: the output is missing between them; a build stopped there
            // has its previous site put back by the next one.
            let old = self.unique_name("old-");
            rename_new(&folder, &old).map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
            if let Err(error) = rename_new(&self.dir, &folder) {
                let outcome = match rename_new(&old, &folder) {
                    Ok(()) => "the previous site was put back".to_owned(),
                    Err(_) => format!("the previous site is in `{}`", old.display()),
                };
                return Err(self.cannot_swap(&error, &outcome));
            }
            old
        };
        self.committed = true;
        self.created.clear();
        self.remove_previous(&previous, notes);
        Ok(())
    }

    /// The output cannot be renamed: its top-level entries are exchanged one by one with
    /// the staged ones, each atomically. While they are, the folder holds a mix of the
    /// two sites, and its marker lists the files of both.
    fn swap_in_place(
        &mut self,
        written: &[String],
        marker: &str,
        notes: Notes,
    ) -> Result<(), Diagnostic> {
        let folder = self.destination.folder.clone();
        let union = self.previous.union_text(written);
        self.replace_marker(&union)
            .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        let new_entries =
            entry_names(&self.dir).map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        let mut holding: Option<PathBuf> = None;
        let swapped = (|| -> io::Result<()> {
            for name in new_entries.iter().filter(|n| *n != MARKER) {
                let (staged, there) = (self.dir.join(name), folder.join(name));
                if fs::symlink_metadata(&there).is_err() {
                    rename_new(&staged, &there)?;
                } else if !exchange(&staged, &there)? {
                    let old = self.holding(&mut holding)?;
                    rename_new(&there, &old.join(name))?;
                    rename_new(&staged, &there)?;
                }
            }
            // What only the previous site had goes out with it.
            for name in entry_names(&folder)? {
                if !new_entries.contains(&name) && !self.is_reserved(&name) {
                    rename_new(&folder.join(&name), &self.dir.join(&name))?;
                }
            }
            Ok(())
        })();
        if let Err(error) = swapped {
            return Err(self.cannot_swap(
                &error,
                "the folder holds parts of both sites; build again to finish",
            ));
        }
        self.replace_marker(marker)
            .map_err(|e| self.cannot_swap(&e, "the new site is in place, its marker is not"))?;
        self.committed = true;
        let staged = self.dir.clone();
        self.remove_previous(&staged, notes);
        if let Some(old) = holding {
            self.remove_previous(&old, notes);
        }
        Ok(())
    }

    /// Writes the output's marker in one atomic step, through a file in the staging
    /// folder, whose own marker stays.
    fn replace_marker(&self, text: &str) -> io::Result<()> {
        let next = self.dir.join(format!("{RESERVED_PREFIX}next-marker"));
        fs::write(&next, text)?;
        fs::rename(&next, self.destination.folder.join(MARKER))
    }

    /// The marked folder that holds the previous site's entries, where the file system
    /// cannot exchange them.
    fn holding<'h>(&self, holding: &'h mut Option<PathBuf>) -> io::Result<&'h Path> {
        if holding.is_none() {
            let dir = self.unique_name("old-");
            fs::create_dir(&dir)?;
            fs::write(dir.join(MARKER), manifest::text(&[]))?;
            *holding = Some(dir);
        }
        Ok(holding.as_deref().unwrap_or(Path::new("")))
    }

    fn remove_previous(&self, previous: &Path, notes: Notes) {
        if let Err(error) = remove_site(previous, self.previous.files()) {
            notes(&format!(
                "the new site is in place, but the previous one could not all be removed from `{}`: {error}; the next build removes the rest",
                previous.display()
            ));
        }
    }

    fn is_reserved(&self, name: &str) -> bool {
        name == MARKER || name.starts_with(&self.prefix)
    }

    fn named(&self, what: &str) -> PathBuf {
        self.home.join(format!("{}{what}", self.prefix))
    }

    /// A name for a new folder beside the others: `.<name>.tiendo-old-1a2b3c`.
    fn unique_name(&self, what: &str) -> PathBuf {
        let stem = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let suffix = stem.rsplit('-').next().unwrap_or("0");
        self.named(&format!("{what}{suffix}"))
    }

    /// Makes the folders the output will be in, remembering them to remove on failure.
    fn make_home(&mut self) -> Result<(), Diagnostic> {
        let missing: Vec<PathBuf> = self
            .home
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err())
            .map(Path::to_path_buf)
            .collect();
        self.created = missing.into_iter().rev().collect();
        fs::create_dir_all(&self.home)
            .map_err(|e| self.cannot(&format!("create the folder `{}`", self.home.display()), &e))
    }

    /// Removes what a stopped build left: staging folders, a previous site not yet
    /// removed, and the previous site itself put back if a build stopped between the
    /// two renames of a swap. Only folders marked as tiendo's, or empty, are touched.
    fn clear_leftovers(&self, notes: Notes) -> Result<(), Diagnostic> {
        let legacy = match self.destination.replacement {
            Replacement::Whole => self.prefix.replace(".tiendo-", ".previous"),
            Replacement::InPlace(_) => String::new(),
        };
        let mut leftovers: Vec<String> = entry_names(&self.home)
            .map_err(|e| self.cannot(&format!("read `{}`", self.home.display()), &e))?
            .into_iter()
            .filter(|name| {
                (name.starts_with(&self.prefix) || *name == legacy)
                    && *name != format!("{}lock", self.prefix)
                    && *name != MARKER
            })
            .collect();
        leftovers.sort();
        let folder = &self.destination.folder;
        for name in leftovers {
            let path = self.home.join(&name);
            if !is_ours(&path) {
                notes(&format!(
                    "`{}` is named like a folder of tiendo's but is not marked as one: it was left alone",
                    path.display()
                ));
                continue;
            }
            if name.starts_with(&format!("{}old-", self.prefix))
                && fs::symlink_metadata(folder).is_err()
                && rename_new(&path, folder).is_ok()
            {
                notes(&format!(
                    "a build was stopped while it swapped the site: the previous site was put back in {}",
                    self.destination.describe()
                ));
                continue;
            }
            let listed = Written::read(&path).unwrap_or(Written::Nothing);
            match remove_site(&path, listed.files()) {
                Ok(()) => notes(&format!(
                    "removed `{}`, left by a build that was stopped",
                    path.display()
                )),
                Err(e) => {
                    return Err(self.cannot(
                        &format!(
                            "remove `{}`, left by a build that was stopped",
                            path.display()
                        ),
                        &e,
                    ));
                }
            }
        }
        Ok(())
    }

    /// Reads the previous site's marker, refusing at once a folder that has none but
    /// holds files, and starts the search of a marked site for files added since.
    fn read_previous_site(&mut self) -> Result<(), Diagnostic> {
        let folder = self.destination.folder.clone();
        let in_place = matches!(self.destination.replacement, Replacement::InPlace(_));
        let reading = |e: io::Error| self.cannot(&format!("read `{}`", folder.display()), &e);
        let written = Written::read(&folder).map_err(reading)?;
        let ours =
            move |name: &str| name == MARKER || (in_place && name.starts_with(RESERVED_PREFIX));
        if let Written::Nothing = written {
            let theirs: Vec<String> = entry_names(&folder)
                .map_err(reading)?
                .into_iter()
                .filter(|name| !ours(name))
                .collect();
            if !theirs.is_empty() {
                return Err(Diagnostic::error(format!(
                    "refusing to build into {}: it holds files that tiendo did not write ({}), and a build replaces the folder whole",
                    self.destination.describe(),
                    list_some(&theirs)
                ))
                .at(Location::Path(self.destination.given.clone()))
                .help("choose another folder with --output-dir, or empty this one if its files may go"));
            }
        }
        self.previous = Arc::new(written);
        self.search = Some(Search::start(folder, self.previous.clone(), ours));
        Ok(())
    }

    fn make_staging_folder(&mut self) -> Result<(), Diagnostic> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("{}staging-", self.prefix))
            .rand_bytes(6)
            .tempdir_in(&self.home)
            .map_err(|e| self.cannot(&format!("write in `{}`", self.home.display()), &e))?
            .keep();
        self.dir = dir;
        fs::write(self.dir.join(MARKER), manifest::text(&[]))
            .map_err(|e| self.cannot(&format!("write in `{}`", self.home.display()), &e))
    }

    fn cannot(&self, what: &str, error: &io::Error) -> Diagnostic {
        Diagnostic::error(format!("cannot {what}: {error}"))
            .at(Location::Path(self.destination.given.clone()))
            .help("check that you may write there; the previous site was left as it was")
    }

    fn cannot_swap(&self, error: &io::Error, outcome: &str) -> Diagnostic {
        Diagnostic::error(format!(
            "cannot put the new site in place of {}: {error}",
            self.destination.describe()
        ))
        .at(Location::Path(self.destination.given.clone()))
        .help(format!(
            "{outcome}; check the folder's permissions and free space"
        ))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && !self.dir.as_os_str().is_empty() {
            let written = self
                .written
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let _ = remove_site(&self.dir, Some(&written));
        }
        drop(self.lock.take());
        for folder in self.created.iter().rev() {
            // Only empty folders go; anything else was put there by someone else.
            let _ = fs::remove_dir(folder);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()> {
        if self.committed || self.dir.as_os_str().is_empty() {
            return Err(io::Error::other("the site was already put in place"));
        }
        // Each folder is made once: trying again for each of its files cost a failed
        // `mkdir` and a `stat` per file.
        if let Some((folder, _)) = path.as_str().rsplit_once('/') {
            let made = |folders: &Mutex<HashSet<String>>| {
                folders
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .contains(folder)
            };
            if !made(&self.folders) {
                fs::create_dir_all(self.dir.join(folder))?;
                self.folders
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(folder.to_owned());
            }
        }
        fs::write(self.dir.join(path.as_str()), bytes)?;
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(path.as_str().to_owned());
        Ok(())
    }
}

/// The search of a folder for files tiendo did not write: on a thread of its own, so
/// that reading a large site's folders overlaps with rendering the new one, unless the
/// build has a single thread (then nothing would overlap, and the order of a build's
/// file operations stays fixed).
enum Search {
    Done(io::Result<Vec<String>>),
    Running(JoinHandle<io::Result<Vec<String>>>),
}

impl Search {
    fn start(
        folder: PathBuf,
        written: Arc<Written>,
        ours: impl Fn(&str) -> bool + Send + 'static,
    ) -> Search {
        let search = move || manifest::foreign_files(&folder, &written, ours);
        if rayon::current_num_threads() > 1 {
            Search::Running(std::thread::spawn(search))
        } else {
            Search::Done(search())
        }
    }

    fn result(self) -> io::Result<Vec<String>> {
        match self {
            Search::Done(result) => result,
            Search::Running(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the search for added files failed"))),
        }
    }
}

/// The names in a folder.
fn entry_names(dir: &Path) -> io::Result<Vec<String>> {
    fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect()
}

/// "`CNAME`, `.nojekyll` and 3 more".
fn list_some(paths: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = paths
        .iter()
        .take(SHOWN)
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}

/// A temporary folder is private to its owner; a published site is for everyone to read.
#[cfg(unix)]
fn make_readable(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_readable(_dir: &Path) -> io::Result<()> {
    Ok(())
}
