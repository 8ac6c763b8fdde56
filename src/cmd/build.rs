//! `tiendo build`: renders the site into a staging folder beside the output folder and
//! swaps it in only when everything succeeded.

use std::path::{Path, PathBuf};

use super::{Outcome, Settings, run};
use crate::diagnostics::{Diagnostic, Location};
use crate::output::Staging;

pub fn build(settings: &Settings, output: &Path) -> Outcome {
    if let Err(error) = check_output_folder(&settings.root, output) {
        return Outcome::failed(error);
    }
    let staging = match Staging::new(output) {
        Ok(staging) => staging,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Outcome::failed(
                Diagnostic::error(format!("refusing to build into it: {error}"))
                    .at(Location::Path(output.to_path_buf()))
                    .help("choose another folder with --output-dir, or empty this one if its files may go"),
            );
        }
        Err(error) => {
            return Outcome::failed(
                Diagnostic::error(format!(
                    "cannot write beside `{}`: {error}",
                    output.display()
                ))
                .help("check that you may write in the output folder's parent"),
            );
        }
    };
    let mut outcome = run(settings, &staging, true);
    if outcome.stats.is_some()
        && let Err(error) = staging.commit()
    {
        outcome.stats = None;
        outcome.diagnostics.push(
            Diagnostic::error(format!(
                "cannot put the new site in place of `{}`: {error}",
                output.display()
            ))
            .help("the previous site was left as it was; check the folder's permissions"),
        );
    }
    outcome
}

/// The output folder is replaced whole: it must not hold the site's own files.
fn check_output_folder(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let root = absolute(root);
    let output = absolute(output);
    let protected = [
        "content",
        "themes",
        "templates",
        "static",
        "site.yaml",
        ".git",
    ];
    let inside_protected = protected.iter().any(|p| output.starts_with(root.join(p)));
    if root.starts_with(&output) || inside_protected {
        return Err(Diagnostic::error(format!(
            "refusing to build into `{}`: the output folder is replaced whole, and it would hold the site's own files",
            output.display()
        ))
        .at(Location::Path(output))
        .help("choose a folder of its own, such as `public` (the default)"));
    }
    Ok(())
}

/// Removes `.` and `..` without touching the disk (the output may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_cannot_hold_the_site() {
        let root = Path::new("/srv/site");
        assert!(check_output_folder(root, Path::new("/srv/site/public")).is_ok());
        assert!(check_output_folder(root, Path::new("/srv/site")).is_err());
        assert!(check_output_folder(root, Path::new("/srv")).is_err());
        assert!(check_output_folder(root, Path::new("/srv/site/content/x")).is_err());
        assert!(check_output_folder(root, Path::new("/srv/site/public/../content")).is_err());
    }
}
