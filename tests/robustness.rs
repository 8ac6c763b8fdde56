//! No input may make tiendo panic: the example site's files, cut short and garbled in
//! many deterministic ways, must each give diagnostics or a site, never a panic.

use std::fs;
use std::path::{Path, PathBuf};

use tiendo::cmd::{Settings, check::check};

/// Characters that mean something to YAML, Markdown or tiendo's own formats.
const SPECIAL: &[&str] = &[
    ":", "[", "]", "{", "}", "-", "\"", "'", "\n", "\t", "#", "&", "*", "!", "|", ">", "%", "@",
    "---\n", " ", "..", "/", "\u{feff}", "ạ", "\u{0}", "9999", "-1", "1e999", ".nan", "~", "? ",
    "<<: *a",
];

/// A small deterministic generator, so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn example_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect();
    files.push(root.join("site.yaml"));
    files
}

fn check_does_not_panic(root: &Path, what: &str) {
    let settings = Settings {
        root: root.to_path_buf(),
        base_url: None,
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        minify: false,
        history: false,
        progress: tiendo::base::progress::Silent::shared(),
    };
    // The settings are only read: a panic cannot leave them half changed.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let outcome = check(&settings);
        // Showing the diagnostics locates every span: that must not panic either.
        outcome.diagnostics.render(&outcome.sources, false);
        outcome.stats.is_some() || outcome.diagnostics.has_errors()
    }));
    match outcome {
        Ok(consistent) => assert!(consistent, "{what}: neither a site nor an error"),
        Err(_) => panic!("tiendo panicked on {what}"),
    }
}

#[test]
fn garbled_content_never_makes_tiendo_panic() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    copy_tree(&example.join("content"), &work.path().join("content"));
    fs::copy(example.join("site.yaml"), work.path().join("site.yaml")).unwrap();
    let mut random = Lcg(0x7469_656e_646f);
    for file in example_files(work.path()) {
        let original = fs::read(&file).unwrap();
        let name = file
            .strip_prefix(work.path())
            .unwrap()
            .display()
            .to_string();
        // Cut short at a dozen places.
        for i in 0..12 {
            let cut = original.len() * i / 12;
            fs::write(&file, &original[..cut]).unwrap();
            check_does_not_panic(work.path(), &format!("{name} cut at byte {cut}"));
        }
        // Garbled at random places with characters that mean something.
        for _ in 0..12 {
            let mut bytes = original.clone();
            let at = random.next(bytes.len());
            let insert = SPECIAL[random.next(SPECIAL.len())].as_bytes();
            let remove = random.next(4).min(bytes.len() - at);
            bytes.splice(at..at + remove, insert.iter().copied());
            fs::write(&file, &bytes).unwrap();
            check_does_not_panic(
                work.path(),
                &format!("{name} garbled at byte {at} with {insert:?}"),
            );
        }
        fs::write(&file, &original).unwrap();
    }
}

mod common;

/// Figures at the edges of what a content file may hold, in every place a figure goes:
/// the pace, the charts, the tables, the JSON and the feeds stay finite.
#[test]
fn figures_at_the_bounds_give_finite_numbers_everywhere() {
    let extremes = [
        ("1e15", "-1e15", "1e15"),
        ("-1e15", "1e15", "-1e15"),
        ("0.000001", "1e15", "-1e15"),
        ("0", "0.000001", "1e15"),
        ("1e15", "1e15", "0"),
    ];
    for (baseline, latest, target) in extremes {
        let site = common::TestSite::new();
        site.write(
            "content/indicators/count.yaml",
            "name: Count\nunit: number\ndirection: up\ndecimals: 6\n",
        );
        site.edit(
            "content/provinces/lao-cai/plans/15-kh-tu.md",
            "targets:\n",
            &format!(
                "targets:\n  - id: edge\n    indicator: count\n    comparator: above\n    value: {target}\n    deadline: 2030\n    baseline:\n      value: {baseline}\n      date: 2024-01-01\n"
            ),
        );
        site.edit(
            "content/provinces/lao-cai/updates/2025-11-28.md",
            "measurements:\n",
            &format!("measurements:\n  - indicator: count\n    value: {latest}\n"),
        );
        site.build().success();
        for (path, bytes) in common::tree(&site.output()) {
            // Pagefind's scripts name `NaN` and `Infinity`, and its index is compressed.
            if path.starts_with("pagefind/") {
                continue;
            }
            let text = String::from_utf8_lossy(&bytes);
            if path.ends_with(".json") {
                let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert_no_null_numbers(&value, &path);
            }
            for word in ["inf", "NaN", "∞"] {
                let found = text
                    .split(|c: char| !c.is_alphanumeric() && c != '∞')
                    .any(|w| w.eq_ignore_ascii_case(word));
                assert!(
                    !found,
                    "{path} holds `{word}` for {baseline}, {latest}, {target}"
                );
            }
        }
    }
}

/// serde_json writes a non-finite number as `null`: numbers that must be there never are.
fn assert_no_null_numbers(value: &serde_json::Value, path: &str) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                if [
                    "value",
                    "observed",
                    "required",
                    "projection",
                    "still_needed",
                ]
                .contains(&key.as_str())
                {
                    assert!(!inner.is_null(), "{path}: `{key}` is null");
                }
                assert_no_null_numbers(inner, path);
            }
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|i| assert_no_null_numbers(i, path))
        }
        _ => {}
    }
}

#[test]
fn a_figure_too_large_to_hold_is_an_error_at_its_place() {
    let site = common::TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "value: 89.18",
        "value: 1e300",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("1e300 is larger than a figure may be"),
        "{errors}"
    );
    assert!(errors.contains("2025-11-28.md:9:12"), "{errors}");
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "value: 1e300",
        "value: .nan",
    );
    assert!(site.check_errors().contains("`.nan` is not a number"));
}

/// A report to a closed or full standard error is no reason to panic: the exit status
/// still says how the run went.
#[test]
fn a_closed_or_full_standard_error_does_not_make_tiendo_panic() {
    use std::process::{Command, Stdio};
    let site = common::TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "deadline: 2025-11",
        "deadline: 2025-13",
    );
    let tiendo = env!("CARGO_BIN_EXE_tiendo");
    for command in ["check", "build"] {
        let full = Command::new(tiendo)
            .args([command, "--as-of", "2025-12-01", "--root"])
            .arg(site.path())
            .stderr(std::fs::File::create("/dev/full").unwrap())
            .status()
            .unwrap();
        assert_eq!(full.code(), Some(1), "{command} 2>/dev/full");
        // The reading end closed before tiendo writes: every write fails with EPIPE.
        let mut child = Command::new(tiendo)
            .args([command, "--as-of", "2025-12-01", "--root"])
            .arg(site.path())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        assert_eq!(
            child.wait().unwrap().code(),
            Some(1),
            "{command} 2>&1 | head -0"
        );
    }
    let help = Command::new(tiendo)
        .arg("--help")
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .status()
        .unwrap();
    assert_ne!(help.code(), Some(101), "--help >/dev/full");
}

/// Themes and UI strings of any shape give errors naming their file, never a panic.
#[test]
fn any_shape_of_theme_or_ui_strings_gives_errors_not_panics() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let english = fs::read_to_string(example.join("themes/default/i18n/en.yaml")).unwrap();
    let ui_files = [
        String::new(),
        "- a\n- b\n".to_owned(),
        "42".to_owned(),
        "percent: [1, 2]\n".to_owned(),
        "percent: {a: b}\n".to_owned(),
        "percent: ~\n".to_owned(),
        english.replace("direction: ltr", "direction: sideways"),
        english.replace("date_style: long", "date_style: huge"),
        english.replace("{n}", "{n"),
        english.replace("{total}", "{totl}"),
        format!("{english}percent: again\n"),
        "\u{feff}\u{0}".to_owned(),
    ];
    let templates = [
        ("404.html", "{% extends \"404.html\" %}"),
        ("404.html", "{% include \"404.html\" %}"),
        ("404.html", "{{ 1 / 0 }}"),
        (
            "404.html",
            "{% for i in range(end=100000000) %}x{% endfor %}",
        ),
        ("404.html", "{{ page.nothing.deeper }}"),
        ("404.html", "{{"),
        ("base.html", "{% extends \"home.html\" %}"),
        (
            "404.html",
            "{% component m(n) %}{{ <m n={n+1} /> }}{% endcomponent m %}{{ <m n={1} /> }}",
        ),
    ];
    let run = |site: &common::TestSite, what: &str| {
        let settings = Settings {
            root: site.path().to_path_buf(),
            base_url: None,
            as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
            minify: false,
            history: false,
            progress: tiendo::base::progress::Silent::shared(),
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&settings)));
        let outcome = outcome.unwrap_or_else(|_| panic!("tiendo panicked on {what}"));
        outcome.diagnostics.render(&outcome.sources, false)
    };
    for ui in &ui_files {
        let site = common::TestSite::new();
        copy_tree(&example.join("themes"), &site.path().join("themes"));
        site.write("themes/default/i18n/en.yaml", ui);
        let shown = run(&site, &format!("the UI strings {ui:?}"));
        assert!(shown.contains("error"), "{ui:?} passed");
        assert!(shown.contains("en.yaml"), "{ui:?}: {shown}");
    }
    for (name, template) in templates {
        let site = common::TestSite::new();
        site.write(&format!("templates/{name}"), template);
        let shown = run(&site, &format!("the template {template:?}"));
        assert!(shown.contains("error"), "{template:?} passed");
        assert!(shown.contains(".html"), "{template:?}: {shown}");
    }
}

/// A theme's UI strings in a shape that looks right but is not (a plural form of a string
/// that has one form) are an error at the very line, naming the key; once, this panicked.
#[test]
fn a_plural_form_of_a_one_form_ui_string_is_an_error_at_its_line() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let english = fs::read_to_string(example.join("themes/default/i18n/en.yaml")).unwrap();
    for (plain, plural) in [
        ("direction: ltr", "direction.other: ltr"),
        ("date_style: long", "date_style.one: long"),
        ("language_name: English", "language_name.other: English"),
    ] {
        let site = common::TestSite::new();
        copy_tree(&example.join("themes"), &site.path().join("themes"));
        let ui = english.replace(plain, plural);
        assert_ne!(ui, english, "{plain} is in the theme");
        site.write("themes/default/i18n/en.yaml", &ui);
        let line = ui.lines().position(|l| l == plural).unwrap() + 1;
        let errors = site.check_errors();
        let key = plural.split(':').next().unwrap();
        assert!(
            errors.contains(&format!("`{key}` is a plural form")),
            "{plural}: {errors}"
        );
        assert!(
            errors.contains(&format!("themes/default/i18n/en.yaml:{line}:1")),
            "{plural}: {errors}"
        );
    }
}
