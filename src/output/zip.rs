//! The whole site as one zip file, to take offline: unzipped anywhere, its pages open
//! from disk and link to each other. It is written from the staged site beside the
//! place it goes and renamed into that place once the site is published, so that the
//! file of that name always holds a whole zip: the previous one, or the new one.
//!
//! The same site on the same as-of date makes the same bytes: its files in the order
//! of their paths, each dated that day, with the same permissions.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::RESERVED_PREFIX;
use crate::base::diagnostics::{Diagnostic, Location};

/// A zip written whole beside its place, not yet in it; removed if it never is.
pub struct ZipDraft {
    draft: PathBuf,
    file: PathBuf,
    published: bool,
}

/// The zip's file must not be inside the output folder, which is replaced whole.
pub fn check_place(file: &Path, output: &Path) -> Result<(), Diagnostic> {
    let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let (file_at, output_at) = (absolute(file), absolute(output));
    let folder_at = file_at.parent().map(absolute);
    let inside = folder_at.is_some_and(|folder| {
        let folder = fs::canonicalize(&folder).unwrap_or(folder);
        let output = fs::canonicalize(&output_at).unwrap_or(output_at.clone());
        folder.starts_with(output)
    });
    if inside || file_at == output_at {
        return Err(Diagnostic::error(format!(
            "the zip `{}` would be inside the output folder `{}`, which is replaced whole",
            file.display(),
            output.display()
        ))
        .at(Location::Path(file.to_owned()))
        .help("write the zip outside the output folder, such as `--zip site.zip` beside it"));
    }
    if file.is_dir() {
        return Err(Diagnostic::error(format!(
            "the zip `{}` would replace a folder",
            file.display()
        ))
        .at(Location::Path(file.to_owned()))
        .help("give --zip the name of a file, such as `site.zip`"));
    }
    Ok(())
}

/// Writes the files of the site staged in `folder` (their paths in the site, in any
/// order) into a zip beside `file`, dated `day`.
pub fn write(
    folder: &Path,
    files: &[String],
    file: &Path,
    day: NaiveDate,
) -> Result<ZipDraft, Diagnostic> {
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site.zip".to_owned());
    let draft = file.with_file_name(format!("{RESERVED_PREFIX}partial-{name}"));
    let draft = ZipDraft {
        draft,
        file: file.to_owned(),
        published: false,
    };
    draft.write(folder, files, day).map_err(|error| {
        Diagnostic::error(format!(
            "cannot write the zip `{}`: {error}",
            file.display()
        ))
        .at(Location::Path(file.to_owned()))
        .help("check that its folder exists and can be written to, and that the disk has room")
    })?;
    Ok(draft)
}

impl ZipDraft {
    fn write(&self, folder: &Path, files: &[String], day: NaiveDate) -> io::Result<()> {
        let mut paths: Vec<&str> = files
            .iter()
            .map(String::as_str)
            .filter(|path| !path.starts_with(RESERVED_PREFIX))
            .collect();
        paths.sort_unstable();
        let out = fs::File::create(&self.draft)?;
        let mut zip = ZipWriter::new(io::BufWriter::new(out));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(dated(day))
            .system(System::Unix)
            .unix_permissions(0o644)
            .large_file(false);
        for path in paths {
            let bytes = fs::read(folder.join(path))?;
            let options = options.large_file(bytes.len() as u64 >= u64::from(u32::MAX));
            zip.start_file(path, options).map_err(io::Error::other)?;
            zip.write_all(&bytes)?;
        }
        let out = zip.finish().map_err(io::Error::other)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    }

    /// Puts the zip in its place, in one rename.
    pub fn publish(mut self) -> Result<(), Diagnostic> {
        fs::rename(&self.draft, &self.file).map_err(|error| {
            Diagnostic::error(format!(
                "cannot put the zip in place at `{}`: {error}",
                self.file.display()
            ))
            .at(Location::Path(self.file.clone()))
            .help("check that the folder can be written to; the site itself was published")
        })?;
        self.published = true;
        Ok(())
    }
}

impl Drop for ZipDraft {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_file(&self.draft);
        }
    }
}

/// The as-of day at midnight, as zip dates files (from 1980 to 2107).
fn dated(day: NaiveDate) -> DateTime {
    let year = day.year().clamp(1980, 2107) as u16;
    DateTime::from_date_and_time(year, day.month() as u8, day.day() as u8, 0, 0, 0)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_files_on_the_same_day_make_the_same_zip() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("en")).unwrap();
        fs::write(site.path().join("index.html"), "<p>vi</p>").unwrap();
        fs::write(site.path().join("en/index.html"), "<p>en</p>").unwrap();
        fs::write(site.path().join(".tiendo-output"), "marker").unwrap();
        let out = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let mut made = Vec::new();
        for files in [
            vec!["en/index.html", "index.html", ".tiendo-output"],
            vec![".tiendo-output", "index.html", "en/index.html"],
        ] {
            let file = out.path().join("site.zip");
            let files: Vec<String> = files.into_iter().map(str::to_owned).collect();
            write(site.path(), &files, &file, day)
                .unwrap()
                .publish()
                .unwrap();
            made.push(fs::read(&file).unwrap());
        }
        assert_eq!(made[0], made[1]);
        let mut archive = zip::ZipArchive::new(io::Cursor::new(&made[0])).unwrap();
        assert_eq!(
            archive.len(),
            2,
            "the marker is tiendo's own, not the site's"
        );
        let mut page = String::new();
        io::Read::read_to_string(&mut archive.by_name("en/index.html").unwrap(), &mut page)
            .unwrap();
        assert_eq!(page, "<p>en</p>");
        // Nothing is left beside it.
        let left: Vec<_> = fs::read_dir(out.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn a_zip_never_put_in_place_leaves_nothing() {
        let site = tempfile::tempdir().unwrap();
        fs::write(site.path().join("index.html"), "x").unwrap();
        let out = tempfile::tempdir().unwrap();
        let file = out.path().join("site.zip");
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        drop(write(site.path(), &["index.html".to_owned()], &file, day).unwrap());
        assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_zip_cannot_go_inside_the_output_folder() {
        let root = tempfile::tempdir().unwrap();
        let output = root.path().join("public");
        fs::create_dir_all(&output).unwrap();
        assert!(check_place(&output.join("site.zip"), &output).is_err());
        assert!(check_place(&output.join("en/site.zip"), &output).is_err());
        assert!(check_place(&root.path().join("site.zip"), &output).is_ok());
        assert!(check_place(&output, &output).is_err());
    }
}
