//! Every input the fuzzers have kept (`fuzz/corpus/`), their seeds (`fuzz/seeds/`) and
//! every input that once made one fail (`fuzz/regressions/`), run through the fuzz
//! targets' own checks: what fuzzing found stays fixed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::fs;
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for folder in ["seeds", "corpus", "regressions"] {
        let Ok(entries) = fs::read_dir(fuzz.join(folder).join(target)) else {
            continue;
        };
        inputs.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
    }
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no input for the fuzz target `{target}`"
    );
    inputs
}

fn replay(target: &str, check: impl Fn(&[u8])) {
    for input in inputs(target) {
        let bytes = fs::read(&input).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        assert!(outcome.is_ok(), "{target} fails on {}", input.display());
    }
}

#[test]
fn front_matter() {
    replay("front_matter", checks::front_matter);
}

#[test]
fn content_file() {
    replay("content_file", checks::content_file);
}

#[test]
fn dates() {
    replay("dates", checks::dates);
}

#[test]
fn markdown() {
    replay("markdown", checks::markdown);
}

#[test]
fn site() {
    let work = tempfile::tempdir().unwrap();
    replay("site", |bytes| checks::site(bytes, work.path()));
}
