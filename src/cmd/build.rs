//! `tiendo build`: renders the site into a staging folder and puts it in place of the
//! output folder only when everything succeeded.

use std::path::{Path, PathBuf};

use super::{Outcome, Settings, run};
use crate::base::diagnostics::{Diagnostic, Location};
use crate::output::{Destination, Staging};

/// Builds the site into `output`, and also as one zip file at `zip` if given.
pub fn build(settings: &Settings, output: &Path, zip: Option<&Path>) -> Outcome {
    let notes = |text: &str| settings.progress.note(text);
    let staging = Destination::resolve(output).and_then(|destination| {
        check_output_folder(&settings.root, &destination)?;
        if let Some(zip) = zip {
            crate::output::zip::check_place(zip, &destination.folder)?;
        }
        Staging::open(&destination, &notes)
    });
    let mut staging = match staging {
        Ok(staging) => staging,
        Err(error) => return Outcome::failed(error),
    };
    let mut outcome = run(settings, &staging, true);
    // Reported with the content's errors, if any: all of them at once.
    if let Err(error) = staging.verify() {
        outcome.stats = None;
        outcome.diagnostics.push(error);
    }
    // The zip is written whole before the site is put in place, and put in its own
    // place after: a zip that cannot be written fails the build, the site unchanged.
    let mut draft = None;
    if let (Some(zip), Some(_)) = (zip, &outcome.stats) {
        notes("writing the zip");
        let files = staging.site_files();
        match crate::output::zip::write(staging.folder(), &files, zip, settings.as_of) {
            Ok(written) => draft = Some(written),
            Err(error) => {
                outcome.stats = None;
                outcome.diagnostics.push(error);
            }
        }
    }
    if outcome.stats.is_some() {
        match staging.commit(&notes) {
            Ok(warnings) => outcome.diagnostics.extend(warnings),
            Err(error) => {
                outcome.stats = None;
                outcome.diagnostics.push(error);
            }
        }
    }
    // The site is published by now: an error here is said, and the build fails,
    // but what it built stays (`main` says so).
    if let (Some(draft), Some(_)) = (draft, &outcome.stats)
        && let Err(error) = draft.publish()
    {
        outcome.diagnostics.push(error);
    }
    outcome
}

/// The output folder is replaced whole: it must not hold the site's own files.
fn check_output_folder(root: &Path, destination: &Destination) -> Result<(), Diagnostic> {
    let root = std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf());
    let output = &destination.folder;
    let protected = [
        "content",
        "themes",
        "templates",
        "static",
        "site.yaml",
        ".git",
    ];
    let inside_protected = protected.iter().any(|p| output.starts_with(root.join(p)));
    if root.starts_with(output) || inside_protected {
        return Err(Diagnostic::error(format!(
            "refusing to build into {}: the output folder is replaced whole, and it would hold the site's own files",
            destination.describe()
        ))
        .at(Location::Path(PathBuf::from(&destination.given)))
        .help(if destination.through_link {
            "point the link at a folder of its own, outside the site's files, or make it a folder"
        } else {
            "choose a folder of its own with --output-dir, such as `public` (the default)"
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_cannot_hold_the_site() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let check = |output: &str| {
            check_output_folder(root, &Destination::resolve(&root.join(output)).unwrap())
        };
        assert!(check("public").is_ok());
        assert!(check(".").is_err());
        assert!(check("..").is_err());
        assert!(check("content/x").is_err());
        assert!(check("public/../content").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn nor_can_a_link_to_the_site() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        std::os::unix::fs::symlink(".", root.join("public")).unwrap();
        let destination = Destination::resolve(&root.join("public")).unwrap();
        assert!(check_output_folder(root, &destination).is_err());
    }
}
