//! `tiendo serve`: the site's folder found, then the preview server run on it.

use std::path::Path;
use std::sync::Arc;

use crate::serve::{self, Settings, Terminal};

/// Serves the site in `root` until Ctrl-C; `started` is told the address.
pub fn serve(
    root: &Path,
    mut settings: Settings,
    terminal: Arc<dyn Terminal>,
    started: impl FnOnce(&str),
) -> Result<(), String> {
    // The watcher names changed paths with every link resolved: so must the root.
    settings.root = std::fs::canonicalize(root).map_err(|e| {
        format!(
            "cannot serve `{}`: {e}; name the site's folder with --root",
            root.display()
        )
    })?;
    serve::run(settings, terminal, started)
}
