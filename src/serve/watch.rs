//! What `serve` watches on disk, and what each change means: `site.yaml` and `content/`
//! are read again file by file; the theme, `templates/` and `static/` make everything
//! render again; editors' swap and backup files, hidden files, the output folder and
//! `.git` mean nothing.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders whose every file is watched.
const CONTENT: &str = "content";
const THEME_FOLDERS: [&str; 3] = ["themes", "templates", "static"];

/// Saves that follow each other this closely are one edit: an editor writes a file, a
/// backup and a rename within a few milliseconds. Short, since it is added to every
/// rebuild's time.
const QUIET: Duration = Duration::from_millis(15);

/// What a changed path means for the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// `site.yaml`, or a file or folder of `content/`: read again.
    Content,
    /// The theme's look: everything renders again.
    Theme,
    /// Nothing the site is made from.
    Nothing,
}

/// What a path changing means, for a site in `root` (both as the file system gives
/// them, links resolved).
pub fn classify(root: &Path, path: &Path) -> Change {
    let Ok(relative) = path.strip_prefix(root) else {
        return Change::Nothing;
    };
    let names: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    if names.iter().any(|name| is_editor_litter(name)) {
        return Change::Nothing;
    }
    match names.as_slice() {
        ["site.yaml"] => Change::Content,
        [CONTENT, ..] => Change::Content,
        [first, ..] if THEME_FOLDERS.contains(first) => Change::Theme,
        _ => Change::Nothing,
    }
}

/// Files editors write beside the one being edited: hidden files (vim's `.x.md.swp`,
/// Emacs' `.#x.md`), backups (`x.md~`), vim's probe `4913`, Emacs' `#x.md#`, and the
/// temporary names JetBrains editors and others save through.
fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_")
}

/// An event that changes nothing a file holds: opening, reading, closing a file, or its
/// times and permissions.
fn is_reading(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// The watcher, kept alive while the server runs.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// The folders watched whole so far (one created later is added when seen).
    watched: Vec<PathBuf>,
}

/// What the watcher sends: the paths that changed, or that everything may have (the
/// system dropped events).
pub enum Seen {
    Paths(Vec<PathBuf>),
    Everything(String),
}

impl Watcher {
    /// Watches the site's folder (alone: `site.yaml`, and folders created in it) and its
    /// content and theme folders whole; each batch of changes goes to `to`.
    pub fn start(root: &Path, to: Sender<Seen>) -> Result<Watcher, String> {
        let handler = move |result: DebounceEventResult| {
            if let Ok(events) = &result
                && events.iter().all(|e| is_reading(&e.event.kind))
            {
                return;
            }
            let seen = match result {
                Ok(events) if events.iter().any(|e| e.need_rescan()) => {
                    Seen::Everything("the system dropped some changes".to_owned())
                }
                // Reading a file is an event too: the rebuild's own reads among them.
                Ok(events) => Seen::Paths(
                    events
                        .into_iter()
                        .filter(|event| !is_reading(&event.event.kind))
                        .flat_map(|event| event.event.paths)
                        .collect(),
                ),
                Err(errors) => Seen::Everything(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            // The server is stopping when no one listens.
            let _ = to.send(seen);
        };
        let debouncer = new_debouncer(QUIET, None, handler)
            .map_err(|e| format!("cannot watch `{}` for changes: {e}", root.display()))?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watcher.cannot_watch(root, e))?;
        for folder in std::iter::once(CONTENT).chain(THEME_FOLDERS) {
            watcher.watch_folder(&root.join(folder))?;
        }
        Ok(watcher)
    }

    /// Called with each changed path: a content or theme folder created after the
    /// server started is watched from then on.
    pub fn saw(&mut self, path: &Path) -> Result<(), String> {
        let is_top = path.parent() == Some(self.root.as_path());
        let watchable = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n == CONTENT || THEME_FOLDERS.contains(&n));
        if is_top && watchable && !self.watched.iter().any(|w| w == path) {
            self.watch_folder(path)?;
        }
        Ok(())
    }

    /// Watches a folder whole; one that is not there yet is watched once it is made.
    fn watch_folder(&mut self, folder: &Path) -> Result<(), String> {
        match self.debouncer.watch(folder, RecursiveMode::Recursive) {
            Ok(()) => {
                self.watched.push(folder.to_path_buf());
                Ok(())
            }
            Err(error) if matches!(error.kind, notify::ErrorKind::PathNotFound) => Ok(()),
            Err(error) if is_not_found(&error) => Ok(()),
            Err(error) => Err(self.cannot_watch(folder, error)),
        }
    }

    fn cannot_watch(&self, folder: &Path, error: notify::Error) -> String {
        let limit = matches!(error.kind, notify::ErrorKind::MaxFilesWatch);
        let help = if limit {
            "; the system's limit of watched folders is reached: raise it with `sudo sysctl fs.inotify.max_user_watches=524288`"
        } else {
            ""
        };
        format!(
            "cannot watch `{}` for changes: {error}{help}",
            folder.display()
        )
    }
}

fn is_not_found(error: &notify::Error) -> bool {
    matches!(&error.kind, notify::ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_and_theme_changes_are_told_apart_from_litter() {
        let root = Path::new("/site");
        let change = |path: &str| classify(root, &root.join(path));
        assert_eq!(change("site.yaml"), Change::Content);
        assert_eq!(
            change("content/ha-noi/updates/2025-11-28.md"),
            Change::Content
        );
        assert_eq!(change("content/ha-noi"), Change::Content);
        assert_eq!(change("templates/base.html"), Change::Theme);
        assert_eq!(change("themes/default/static/style.css"), Change::Theme);
        assert_eq!(change("static/logo.svg"), Change::Theme);
        for litter in [
            "content/ha-noi/updates/.2025-11-28.md.swp",
            "content/ha-noi/updates/2025-11-28.md~",
            "content/ha-noi/updates/4913",
            "content/ha-noi/updates/#2025-11-28.md#",
            "content/ha-noi/updates/.#2025-11-28.md",
            "content/ha-noi/updates/2025-11-28.md___jb_tmp___",
            "public/index.html",
            ".git/index",
            "README.md",
        ] {
            assert_eq!(change(litter), Change::Nothing, "{litter}");
        }
        assert_eq!(
            classify(root, Path::new("/elsewhere/site.yaml")),
            Change::Nothing
        );
    }
}
