//! One build at a time into one output folder: a lock file beside it (or inside it,
//! when it is replaced in place), held for the whole build and removed at the end.
//!
//! The lock is the operating system's (`flock` on Unix), so a build that is killed
//! releases it at once; the file it leaves is taken over by the next build.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock at `path`, waiting for another build that holds it; `waiting` is
    /// told once, with the other build's process id when it can be read.
    pub fn acquire(path: &Path, waiting: &dyn Fn(Option<u32>)) -> io::Result<Lock> {
        let mut told = false;
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        waiting(holder(&mut file));
                        told = true;
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(error)) => return Err(error),
            }
            // The build before us removes the file as it finishes: a lock taken on a
            // file no longer at `path` guards nothing, so take it again.
            if is_at(&file, path)? {
                file.set_len(0)?;
                file.rewind()?;
                write!(file, "{}", std::process::id())?;
                return Ok(Lock {
                    file,
                    path: path.to_path_buf(),
                });
            }
        }
    }
}

impl Lock {
    /// The lock at `path` if no one holds it, without waiting.
    pub fn try_acquire(path: &Path) -> io::Result<Option<Lock>> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        match file.try_lock() {
            Ok(()) if is_at(&file, path)? => Ok(Some(Lock {
                file,
                path: path.to_path_buf(),
            })),
            Ok(()) | Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(error)) => Err(error),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so that no one takes a lock on a file about to go.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The process id the holder wrote into the file.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match fs::metadata(path) {
        Ok(there) => Ok(there.dev() == held.dev() && there.ino() == held.ino()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn is_at(_file: &File, path: &Path) -> io::Result<bool> {
    Ok(path.exists())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Barrier};

    #[test]
    fn a_second_build_waits_for_the_first_and_the_file_goes_with_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.tiendo-lock");
        let first = Lock::acquire(&path, &|_| panic!("nobody holds it yet")).unwrap();
        let waited = Arc::new(AtomicBool::new(false));
        let started = Arc::new(Barrier::new(2));
        let second = {
            let (path, waited, started) = (path.clone(), waited.clone(), started.clone());
            std::thread::spawn(move || {
                started.wait();
                let lock = Lock::acquire(&path, &|holder| {
                    assert_eq!(holder, Some(std::process::id()));
                    waited.store(true, Ordering::SeqCst);
                })
                .unwrap();
                drop(lock);
            })
        };
        started.wait();
        while !waited.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        drop(first);
        second.join().unwrap();
        assert!(
            !path.exists(),
            "the lock file is removed with the last lock"
        );
    }
}
