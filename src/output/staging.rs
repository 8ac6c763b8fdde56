//! The staging folder a build writes into, and the swap that puts it in place.
//!
//! A build takes the output's lock, clears away what a stopped build left, refuses an
//! output holding files tiendo did not write, and writes the whole site into a staging
//! folder. Only when everything succeeded does the staging folder take the output's
//! place; otherwise it is removed and the previous site stays as it was.
//!
//! Names tiendo makes beside the output, in its parent folder, start with
//! `.<name>.tiendo-`; inside it, with `.tiendo-`. The lock is `…lock`, beside the output
//! whenever its parent may be written (inside it otherwise), so that every build into
//! one folder takes the same lock however it names the folder. The staging folder
//! `…staging-*` is beside the output, or inside it when the output is replaced in place;
//! `…old-*` holds the previous site between the two renames of a swap where a file
//! system cannot exchange two folders, and `…kept-*` what someone added to the output
//! while a build ran. Both places are cleared of what a stopped build left.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::destination::{Destination, InPlaceReason, Replacement};
use super::lock::Lock;
use super::manifest::{self, Content, Record, Times, Written};
use super::remove::{is_ours, remove_previous_site, remove_site};
use super::rename::{exchange, rename_new};
use super::reuse::{Previous, Reuse};
use super::sink::{MARKER, RESERVED_PREFIX, Sink};
use crate::base::diagnostics::{Diagnostic, Location};
use crate::base::site_path::SitePath;

/// Notes for the person running the build: waiting for another build, leftovers
/// cleared away.
pub type Notes<'a> = &'a dyn Fn(&str);

/// A folder where tiendo makes names of its own, and what they start with there.
#[derive(Debug, Clone)]
struct Place {
    dir: PathBuf,
    prefix: OsString,
}

impl Place {
    fn named(&self, what: &str) -> PathBuf {
        let mut name = self.prefix.clone();
        name.push(what);
        self.dir.join(name)
    }

    /// The part of `name` after the prefix, if it is one of tiendo's names here.
    fn ours<'n>(&self, name: &'n OsStr) -> Option<&'n str> {
        let rest = name
            .as_encoded_bytes()
            .strip_prefix(self.prefix.as_encoded_bytes())?;
        std::str::from_utf8(rest).ok()
    }
}

pub struct Staging {
    destination: Destination,
    /// Beside the output, in its parent; none for the root of the file system.
    beside: Option<Place>,
    /// Inside the output.
    inside: Place,
    /// Where the staging folder is: beside, or inside for an output replaced in place.
    work: Place,
    /// The folder being written; empty until made.
    dir: PathBuf,
    /// Every file written, by its path in the site, and what the marker says of it.
    written: Mutex<Vec<(String, Record)>>,
    /// The folders made in the staging folder so far.
    folders: Mutex<HashSet<String>>,
    /// What the previous site's marker says it holds.
    previous: Arc<Written>,
    /// Its files that may be linked into the new site where unchanged.
    reuse: Option<Previous>,
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
        let beside = match (folder.parent(), folder.file_name()) {
            (Some(parent), Some(name)) => {
                let mut prefix = OsString::from(".");
                prefix.push(name);
                prefix.push(".tiendo-");
                Some(Place {
                    dir: parent.to_path_buf(),
                    prefix,
                })
            }
            _ => None,
        };
        let inside = Place {
            dir: folder.clone(),
            prefix: RESERVED_PREFIX.into(),
        };
        let work = match (destination.replacement, &beside) {
            (Replacement::Whole, Some(beside)) => beside.clone(),
            _ => inside.clone(),
        };
        let mut staging = Staging {
            destination: destination.clone(),
            beside,
            inside,
            work,
            dir: PathBuf::new(),
            written: Mutex::new(Vec::new()),
            folders: Mutex::new(HashSet::new()),
            previous: Arc::new(Written::Nothing),
            reuse: None,
            search: None,
            lock: None,
            created: Vec::new(),
            committed: false,
        };
        // From here on, dropping `staging` undoes whatever was done.
        staging.make_home()?;
        staging.take_lock(notes)?;
        staging.clear_leftovers(notes);
        if staging.destination.folder.is_dir() {
            staging.read_previous_site()?;
        }
        staging.make_staging_folder()?;
        Ok(staging)
    }

    /// Whether the previous site may be replaced: it holds no file that tiendo did not
    /// write. Waits for the search, which runs beside the build.
    /// The staging folder, where the new site is until it is put in place.
    pub fn folder(&self) -> &Path {
        &self.dir
    }

    /// The path in the site of every file written so far.
    pub fn site_files(&self) -> Vec<String> {
        lock(&self.written)
            .iter()
            .map(|(path, _)| path.clone())
            .collect()
    }

    pub fn verify(&mut self) -> Result<(), Diagnostic> {
        let Some(search) = self.search.take() else {
            return Ok(());
        };
        let folder = &self.destination.folder;
        let mut foreign = search
            .result()
            .map_err(|e| self.cannot(&format!("read `{}`", folder.display()), &e))?;
        if matches!(*self.previous, Written::Unlisted) {
            // An earlier tiendo's marker lists nothing: what this build writes again is
            // its, anything else may be someone's.
            let written = self.written_now();
            let written: HashSet<&str> = written.iter().map(String::as_str).collect();
            foreign.retain(|path| !written.contains(path.as_str()));
        }
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
    /// site; what the build should know of that removal comes back as warnings.
    pub fn commit(mut self, notes: Notes) -> Result<Vec<Diagnostic>, Diagnostic> {
        self.verify()?;
        let written = std::mem::take(&mut *lock(&self.written));
        let marker = manifest::text(
            written
                .iter()
                .map(|(path, record)| (path.as_str(), Some(record))),
        );
        fs::write(self.dir.join(MARKER), &marker)
            .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        // The previous site goes by its own list; a list-less earlier marker's files
        // are, once verified, among those this build wrote.
        let previous_files = self.previous.files().map_or_else(
            || written.iter().map(|(path, _)| path.clone()).collect(),
            <[String]>::to_vec,
        );
        let warnings = match self.destination.replacement {
            Replacement::Whole => self.swap_whole(&previous_files, notes),
            Replacement::InPlace(_) => {
                self.swap_in_place(&written, &marker, &previous_files, notes)
            }
        }?;
        self.mark_finished(&marker);
        Ok(warnings)
    }

    /// Writes the marker again, now that the previous site is gone, with the build's
    /// times by the file system's clock: when its files were all written (the marker
    /// put in place) and when the previous site was gone (now). A file of the site whose
    /// status changed later than that (written to, its time set back) is not the file
    /// this build left. Without the times, the next build reads every file it reuses
    /// and every folder it searches.
    #[cfg(unix)]
    fn mark_finished(&self, marker_text: &str) {
        use std::io::Write;
        let folder = &self.destination.folder;
        let marker = folder.join(MARKER);
        let next = folder.join(format!("{RESERVED_PREFIX}next-marker"));
        let rewritten = (|| -> io::Result<()> {
            let placed = fs::symlink_metadata(&marker)?;
            let mut file = fs::File::options()
                .write(true)
                .create_new(true)
                .open(&next)?;
            // Made just now: its time is now.
            let now = file.metadata()?;
            let times = Times {
                written: Some(manifest::status_changed(&placed)),
                finished: Some(manifest::modified(&now)),
            };
            file.write_all(manifest::with_times(marker_text, times).as_bytes())?;
            drop(file);
            fs::rename(&next, &marker)
        })();
        if rewritten.is_err() {
            let _ = fs::remove_file(&next);
        }
    }

    #[cfg(not(unix))]
    fn mark_finished(&self, _marker_text: &str) {}

    fn swap_whole(
        &mut self,
        previous_files: &[String],
        notes: Notes,
    ) -> Result<Vec<Diagnostic>, Diagnostic> {
        let folder = self.destination.folder.clone();
        self.keep_permissions(&folder)
            .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        if fs::symlink_metadata(&folder).is_err() {
            rename_new(&self.dir, &folder)
                .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
            self.committed = true;
            self.created.clear();
            return Ok(Vec::new());
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
        Ok(self
            .remove_previous(&previous, previous_files, notes)
            .into_iter()
            .collect())
    }

    /// The output cannot be renamed: its top-level entries are exchanged one by one with
    /// the staged ones, each atomically. While they are, the folder holds a mix of the
    /// two sites, and its marker lists the files of both.
    fn swap_in_place(
        &mut self,
        written: &[(String, Record)],
        marker: &str,
        previous_files: &[String],
        notes: Notes,
    ) -> Result<Vec<Diagnostic>, Diagnostic> {
        let folder = self.destination.folder.clone();
        let union = self.previous.union_text(written);
        self.replace_marker(&union)
            .map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
        let new_entries =
            entry_names_os(&self.dir).map_err(|e| self.cannot_swap(&e, "nothing was changed"))?;
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
            for name in entry_names_os(&folder)? {
                if !new_entries.contains(&name)
                    && self.inside.ours(&name).is_none()
                    && name != MARKER
                {
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
        let mut warnings: Vec<Diagnostic> = self
            .remove_previous(&staged, previous_files, notes)
            .into_iter()
            .collect();
        if let Some(old) = holding {
            warnings.extend(self.remove_previous(&old, previous_files, notes));
        }
        Ok(warnings)
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
            fs::write(dir.join(MARKER), manifest::empty_text())?;
            *holding = Some(dir);
        }
        Ok(holding.as_deref().unwrap_or(Path::new("")))
    }

    /// Removes the previous site, now at `previous`. A file it does not list was added
    /// while the build ran: it is kept, in a folder of its own beside the output, and
    /// the build says where.
    fn remove_previous(
        &self,
        previous: &Path,
        listed: &[String],
        notes: Notes,
    ) -> Option<Diagnostic> {
        match remove_previous_site(previous, listed) {
            Ok(kept) if kept.is_empty() => None,
            Ok(kept) => {
                let place = self.unique_name("kept-");
                let kept_in = if fs::rename(previous, &place).is_ok() {
                    place
                } else {
                    previous.to_path_buf()
                };
                Some(
                    Diagnostic::warning(format!(
                        "while the build ran, {} added to {}: {}; the new site does not have {}, which {} kept in `{}`",
                        match kept.len() {
                            1 => "a file was".to_owned(),
                            n => format!("{n} files were"),
                        },
                        self.destination.describe(),
                        list_some(&kept),
                        if kept.len() == 1 { "it" } else { "them" },
                        if kept.len() == 1 { "is" } else { "are" },
                        kept_in.display()
                    ))
                    .at(Location::Path(self.destination.given.clone()))
                    .help("to publish a file with the site, put it in the site's `static/` folder; then remove that folder"),
                )
            }
            Err(error) => {
                notes(&format!(
                    "the new site is in place, but the previous one could not all be removed from `{}`: {error}; the next build removes the rest",
                    previous.display()
                ));
                None
            }
        }
    }

    /// A name for a new folder beside the staging one: `.<name>.tiendo-old-1a2b3c`.
    fn unique_name(&self, what: &str) -> PathBuf {
        let stem = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let suffix = stem.rsplit('-').next().unwrap_or("0");
        self.work.named(&format!("{what}{suffix}"))
    }

    /// Makes the folders the output will be in, remembering them to remove on failure.
    fn make_home(&mut self) -> Result<(), Diagnostic> {
        let home = self.work.dir.clone();
        let missing: Vec<PathBuf> = home
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err())
            .map(Path::to_path_buf)
            .collect();
        self.created = missing.into_iter().rev().collect();
        fs::create_dir_all(&home)
            .map_err(|e| self.cannot(&format!("create the folder `{}`", home.display()), &e))
    }

    /// The lock is beside the output where its parent may be written, else inside:
    /// the same for every build into the folder, however it names the folder.
    fn take_lock(&mut self, notes: Notes) -> Result<(), Diagnostic> {
        let place = match (&self.beside, self.destination.replacement) {
            (_, Replacement::InPlace(InPlaceReason::ParentNotWritable)) | (None, _) => &self.inside,
            (Some(beside), _) => beside,
        };
        let path = place.named("lock");
        let described = self.destination.describe();
        let lock = Lock::acquire(&path, &|holder| {
            let who = holder.map_or("another build".to_owned(), |pid| {
                format!("another build (process {pid})")
            });
            notes(&format!(
                "{who} is writing into {described}: waiting for it to finish"
            ));
        })
        .map_err(|e| self.cannot(&format!("lock `{}`", path.display()), &e))?;
        self.lock = Some(lock);
        Ok(())
    }

    /// Clears what a stopped build left, beside the output and inside it: staging
    /// folders, a previous site not yet removed, a lock file no build holds; and puts
    /// the previous site back if a build stopped between the two renames of a swap.
    /// Only folders marked as tiendo's, or empty, are removed; one that cannot be is
    /// named in a note, and left.
    fn clear_leftovers(&self, notes: Notes) {
        let folder = &self.destination.folder;
        let mut places: Vec<(&Place, Option<OsString>)> = Vec::new();
        if let Some(beside) = &self.beside {
            // What the tiendo before this one named the previous site: `.<name>.previous`.
            let mut legacy = OsString::from(".");
            legacy.push(folder.file_name().unwrap_or_default());
            legacy.push(".previous");
            places.push((beside, Some(legacy)));
        }
        if folder.is_dir() {
            places.push((&self.inside, None));
        }
        for (place, legacy) in places {
            let Ok(names) = entry_names_os(&place.dir) else {
                continue;
            };
            let mut leftovers: Vec<(OsString, &str)> = names
                .into_iter()
                .filter_map(|name| {
                    let what = match place.ours(&name) {
                        Some(what) => what.to_owned(),
                        None if Some(&name) == legacy.as_ref() => "old-legacy".to_owned(),
                        None => return None,
                    };
                    let kind = if what == "lock" {
                        "lock"
                    } else if what.starts_with("staging-") {
                        "staging"
                    } else if what.starts_with("old-") {
                        "old"
                    } else if what.starts_with("kept-") {
                        "kept"
                    } else if what == "next-marker" {
                        "next-marker"
                    } else {
                        return None;
                    };
                    Some((name, kind))
                })
                .collect();
            leftovers.sort();
            for (name, kind) in leftovers {
                let path = place.dir.join(&name);
                match kind {
                    "lock" => {
                        if self.lock.as_ref().is_some_and(|l| l.path() == path) {
                            continue;
                        }
                        // A lock file no build holds, left where the lock is no longer taken.
                        if Lock::try_acquire(&path).is_ok_and(|held| held.is_some()) {
                            notes(&format!(
                                "removed `{}`, left by a build that was stopped",
                                path.display()
                            ));
                        }
                        continue;
                    }
                    "next-marker" => {
                        // The marker a stopped build was writing again: the one in
                        // place is whole.
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    "kept" => {
                        notes(&format!(
                            "`{}` holds files added to the output while a build ran: move them into the site's `static/` folder to publish them, then remove it",
                            path.display()
                        ));
                        continue;
                    }
                    _ => {}
                }
                if !is_ours(&path) {
                    notes(&format!(
                        "`{}` is named like a folder of tiendo's but is not marked as one: it was left alone",
                        path.display()
                    ));
                    continue;
                }
                if kind == "old"
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
                    Err(e) => notes(&format!(
                        "`{}`, left by a build that was stopped, could not be removed ({e}): remove it by hand",
                        path.display()
                    )),
                }
            }
        }
    }

    /// Reads the previous site's marker, refusing at once a folder that has none but
    /// holds files, and starts the search of a marked site for files added since.
    fn read_previous_site(&mut self) -> Result<(), Diagnostic> {
        let folder = self.destination.folder.clone();
        let reading = |e: io::Error| self.cannot(&format!("read `{}`", folder.display()), &e);
        let written = Written::read(&folder).map_err(reading)?;
        // Names starting with `.tiendo-` are tiendo's own: no file of the site takes one.
        let ours = |name: &str| name.starts_with(RESERVED_PREFIX);
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
        let prefix = self.work.prefix.clone();
        let mut staging_prefix = prefix;
        staging_prefix.push("staging-");
        let dir = tempfile::Builder::new()
            .prefix(&staging_prefix)
            .rand_bytes(6)
            .tempdir_in(&self.work.dir)
            .map_err(|e| self.cannot(&format!("write in `{}`", self.work.dir.display()), &e))?
            .keep();
        self.dir = dir;
        let marker = self.dir.join(MARKER);
        fs::write(&marker, manifest::empty_text())
            .map_err(|e| self.cannot(&format!("write in `{}`", self.work.dir.display()), &e))?;
        self.reuse = Previous::open(&self.destination.folder, self.previous.clone(), &marker);
        Ok(())
    }

    /// The new site's folder takes the mode and group of the one it replaces (a
    /// private folder stays private, a setgid group folder stays one); a first site is
    /// for everyone to read.
    #[cfg(unix)]
    fn keep_permissions(&self, folder: &Path) -> io::Result<()> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        match fs::metadata(folder) {
            Ok(old) => {
                // Changing the group may not be allowed; the mode still is.
                let _ = std::os::unix::fs::chown(&self.dir, None, Some(old.gid()));
                fs::set_permissions(&self.dir, fs::Permissions::from_mode(old.mode() & 0o7777))
            }
            Err(_) => fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o755)),
        }
    }

    #[cfg(not(unix))]
    fn keep_permissions(&self, _folder: &Path) -> io::Result<()> {
        Ok(())
    }

    fn written_now(&self) -> Vec<String> {
        lock(&self.written)
            .iter()
            .map(|(path, _)| path.clone())
            .collect()
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
            let _ = remove_site(&self.dir, Some(&self.written_now()));
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
        if let Some((folder, _)) = path.as_str().rsplit_once('/')
            && !lock(&self.folders).contains(folder)
        {
            fs::create_dir_all(self.dir.join(folder))?;
            lock(&self.folders).insert(folder.to_owned());
        }
        let to = self.dir.join(path.as_str());
        let content = Content::of(bytes);
        let reused =
            (self.reuse.as_ref()).map_or(Reuse::No, |p| p.reuse(path, bytes, content, &to));
        let on_disk = match reused {
            Reuse::Linked(on_disk) => on_disk,
            Reuse::No => {
                write_new(&to, bytes)?;
                None
            }
        };
        let record = Record { content, on_disk };
        lock(&self.written).push((path.as_str().to_owned(), record));
        Ok(())
    }
}

/// Writes a new file at `to`, never through a name already there: a link to the
/// previous site's file, left where it could not be removed, would take the new bytes
/// into the published site.
fn write_new(to: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let create = || fs::File::options().write(true).create_new(true).open(to);
    let mut file = match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(to)?;
            create()?
        }
        file => file?,
    };
    file.write_all(bytes)
}

/// A mutex's value, even if a thread panicked while holding it: the lists it guards
/// stay usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// The names in a folder, as text (tiendo's own names are).
fn entry_names(dir: &Path) -> io::Result<Vec<String>> {
    Ok(entry_names_os(dir)?
        .into_iter()
        .map(|name| name.to_string_lossy().into_owned())
        .collect())
}

/// The names in a folder, as the file system has them.
fn entry_names_os(dir: &Path) -> io::Result<Vec<OsString>> {
    fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_never_writes_through_a_name_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let published = dir.path().join("published.html");
        fs::write(&published, "the published page").unwrap();
        let staged = dir.path().join("staged.html");
        fs::hard_link(&published, &staged).unwrap();
        write_new(&staged, b"the new page").unwrap();
        assert_eq!(
            fs::read_to_string(&published).unwrap(),
            "the published page"
        );
        assert_eq!(fs::read_to_string(&staged).unwrap(), "the new page");
        write_new(&dir.path().join("fresh.html"), b"x").unwrap();
        assert_eq!(fs::read(dir.path().join("fresh.html")).unwrap(), b"x");
    }
}
