//! The two renames a swap is made of, each atomic: exchanging two entries, and moving
//! one to a name that must be free.

use std::fs;
use std::io;
use std::path::Path;

/// Exchanges `a` and `b` in one step, so that neither name is ever missing; false when
/// the file system cannot (then nothing was done).
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Moves `from` to `to`, which must not exist: a folder someone made there meanwhile is
/// never replaced.
#[cfg(target_os = "linux")]
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => rename_if_free(from, to),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    rename_if_free(from, to)
}

fn rename_if_free(from: &Path, to: &Path) -> io::Result<()> {
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("`{}` exists already", to.display()),
        ));
    }
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_swaps_two_folders_and_rename_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::write(a.join("from-a"), "").unwrap();
        fs::create_dir(&b).unwrap();
        if exchange(&a, &b).unwrap() {
            assert!(b.join("from-a").is_file() && !a.join("from-a").exists());
        }
        assert!(rename_new(&a, &b).is_err());
        rename_new(&a, &dir.path().join("c")).unwrap();
        assert!(!a.exists());
    }
}
