#![no_main]

use std::sync::LazyLock;

#[path = "../checks.rs"]
mod checks;

/// One folder for the whole run, on tmpfs where there is one: each input is a site.
static WORK: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let base = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
    tempfile::tempdir_in(base).expect("a temporary folder")
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::site(data, WORK.path()));
