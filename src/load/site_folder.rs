//! The site's folder, as tiendo reads it: content, `site.yaml`, themes, templates and
//! static files. A symbolic link is followed only to somewhere inside the site's folder
//! (a shared theme kept beside the content, say); one leading outside it is an error,
//! and what it points at is never read, published or shown.

use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostics::{Diagnostic, Location};

/// A file found under a folder of the site.
pub struct Found {
    /// Where it is read from.
    pub path: PathBuf,
    /// Its path inside the folder walked, with `/`.
    pub relative: String,
    /// A folder rather than a file.
    pub is_folder: bool,
}

pub struct SiteFolder {
    /// The site's folder as given, for the paths messages show.
    root: PathBuf,
    /// The same, every link followed: what "inside" means.
    real: PathBuf,
}

impl SiteFolder {
    pub fn new(root: &Path) -> SiteFolder {
        SiteFolder {
            root: root.to_path_buf(),
            real: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// `path` as messages show it: relative to the site's folder.
    pub fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Whether `path` may be read: it is not a link, or its target is inside the site.
    /// A path that does not exist is no error here.
    pub fn check(&self, path: &Path) -> Result<(), Diagnostic> {
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let inside_link = path
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&self.root) && *a != self.root)
            .any(|a| fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink()));
        if !is_link && !inside_link {
            return Ok(());
        }
        match fs::canonicalize(path) {
            Ok(target) if target.starts_with(&self.real) => Ok(()),
            Ok(target) => Err(self.outside(path, Some(&target))),
            Err(_) => Err(self.outside(path, None)),
        }
    }

    /// Every file and folder under `dir`, sorted by path, following links that stay inside the
    /// site; names starting with `.` are left out when `hidden` is false. A link
    /// leading outside, or nowhere, is an error and nothing under it is read.
    pub fn files(&self, dir: &Path, hidden: bool, errors: &mut Vec<Diagnostic>) -> Vec<Found> {
        let mut found = Vec::new();
        if let Err(error) = self.check(dir) {
            errors.push(error);
            return found;
        }
        if !dir.is_dir() {
            return found;
        }
        let refused = std::cell::RefCell::new(Vec::new());
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                let name = entry.file_name().to_string_lossy();
                if entry.depth() > 0 && !hidden && name.starts_with('.') {
                    return false;
                }
                if !entry.path_is_symlink() {
                    return true;
                }
                match self.follow(entry.path()) {
                    Ok(()) => true,
                    Err(error) => {
                        refused.borrow_mut().push(error);
                        false
                    }
                }
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    // A link to nothing cannot even be looked at, so it comes here.
                    if let Some(link) = error.path().filter(|p| {
                        fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
                    }) && let Err(refused) = self.follow(link)
                    {
                        errors.push(refused);
                        continue;
                    }
                    let path = error.path().map(|p| self.shown(p));
                    let shown = path.clone().unwrap_or_else(|| self.shown(dir));
                    let message = if error.loop_ancestor().is_some() {
                        format!(
                            "`{}` is a symbolic link to a folder that holds it",
                            shown.display()
                        )
                    } else {
                        format!("cannot read `{}`: {error}", shown.display())
                    };
                    errors.push(
                        Diagnostic::error(message)
                            .at(Location::Path(shown))
                            .help("check that the folder exists, that you may read it, and that no link leads back into itself"),
                    );
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(dir) else {
                continue;
            };
            found.push(Found {
                path: entry.path().to_path_buf(),
                relative: relative.to_string_lossy().replace('\\', "/"),
                is_folder: entry.file_type().is_dir(),
            });
        }
        errors.extend(refused.into_inner());
        found
    }

    /// Whether the link at `link` may be followed: to somewhere inside the site, and not
    /// to a folder that holds the link (which would read the site into itself).
    fn follow(&self, link: &Path) -> Result<(), Diagnostic> {
        let target = fs::canonicalize(link).map_err(|_| self.outside(link, None))?;
        if !target.starts_with(&self.real) {
            return Err(self.outside(link, Some(&target)));
        }
        let place = link
            .parent()
            .and_then(|p| fs::canonicalize(p).ok())
            .unwrap_or_default();
        if place.starts_with(&target) {
            let shown = self.shown(link);
            return Err(Diagnostic::error(format!(
                "`{}` is a symbolic link to a folder that holds it",
                shown.display()
            ))
            .at(Location::Path(shown))
            .help("remove the link, or point it at a folder beside it"));
        }
        Ok(())
    }

    fn outside(&self, link: &Path, target: Option<&Path>) -> Diagnostic {
        let shown = self.shown(link);
        let message = match target {
            Some(target) => format!(
                "`{}` is a symbolic link to `{}`, outside the site's folder",
                shown.display(),
                target.display()
            ),
            None => {
                let to = fs::read_link(link).unwrap_or_default();
                format!(
                    "`{}` is a symbolic link to `{}`, which does not exist",
                    shown.display(),
                    to.display()
                )
            }
        };
        Diagnostic::error(message).at(Location::Path(shown)).help(
            "tiendo reads only files inside the site's folder, so that nothing from elsewhere is ever published: \
             copy the file in, or point the link at a file inside the folder",
        )
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_inside_the_site_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("shared/theme")).unwrap();
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(root.join("shared/theme/logo.svg"), "<svg/>").unwrap();
        fs::write(dir.path().join("secret.txt"), "not for publishing").unwrap();
        symlink(root.join("shared/theme"), root.join("static/theme")).unwrap();
        symlink(
            dir.path().join("secret.txt"),
            root.join("static/secret.txt"),
        )
        .unwrap();
        symlink(root.join("nowhere"), root.join("static/dangling")).unwrap();
        symlink(&root, root.join("static/loop")).unwrap();
        let folder = SiteFolder::new(&root);
        let mut errors = Vec::new();
        let files = folder.files(&root.join("static"), false, &mut errors);
        let names: Vec<&str> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["theme", "theme/logo.svg"], "{names:?}");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("static/secret.txt") && m.contains("outside the site's folder")), "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("static/dangling") && m.contains("does not exist")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("static/loop")),
            "{messages:?}"
        );
        assert!(folder.check(&root.join("static/secret.txt")).is_err());
        assert!(folder.check(&root.join("static/theme/logo.svg")).is_ok());
    }
}
