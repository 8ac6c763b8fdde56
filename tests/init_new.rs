//! `tiendo init` writes a site that checks and builds as it is, and `tiendo new` files
//! that pass `check` as written, where `load` reads them, never over another file.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::TestSite;

fn tiendo() -> Command {
    let mut command = Command::cargo_bin("tiendo").expect("the tiendo binary");
    command.env_remove("SOURCE_DATE_EPOCH");
    command
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `check` on a site: no error and no warning.
fn assert_clean_check(root: &Path) {
    let output = tiendo()
        .args(["check", "--root"])
        .arg(root)
        .output()
        .expect("tiendo runs");
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(!text.contains("warning"), "{text}");
}

/// Every YAML file of the tree that names its schema names one that is there.
fn assert_schema_lines_resolve(root: &Path) -> usize {
    let mut named = 0;
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.expect("an entry");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "yaml") || path.starts_with(root.join("themes")) {
            continue;
        }
        let text = fs::read_to_string(path).expect("a file");
        let first = text.lines().next().unwrap_or_default();
        let schema = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} names no schema: {first}", path.display()));
        let target = path.parent().expect("a folder").join(schema);
        assert!(target.is_file(), "{} names {schema}", path.display());
        named += 1;
    }
    named
}

#[test]
fn init_writes_a_site_that_checks_and_builds_as_it_is() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("tinh");
    let output = tiendo().arg("init").arg(&site).output().expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("tiendo serve"),
        "it says what next"
    );

    let site_yaml = fs::read_to_string(site.join("site.yaml")).expect("site.yaml");
    assert!(site_yaml.contains("languages: [vi, en]\ndefault_language: vi\n"));
    for path in [
        "README.md",
        ".gitignore",
        ".vscode/settings.json",
        ".github/workflows/tiendo.yml",
        ".gitlab-ci.yml",
        "content/indicators/households-reached.yaml",
        "content/programs/national-programme.yaml",
        "content/example-province/_index.yaml",
        "content/example-province/plans/plan-1.md",
        "content/example-province/plans/plan-1.en.md",
    ] {
        assert!(site.join(path).is_file(), "{path}");
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (written, example) in [
        (
            ".github/workflows/tiendo.yml",
            "examples/ci/github/tiendo.yml",
        ),
        (".gitlab-ci.yml", "examples/ci/gitlab-ci.yml"),
    ] {
        assert_eq!(
            fs::read(site.join(written)).expect("a CI file"),
            fs::read(repo.join(example)).expect("an example"),
            "{written} is the recipe of {example}"
        );
    }
    assert_eq!(assert_schema_lines_resolve(&site), 4);

    assert_clean_check(&site);
    let output = tiendo()
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let page = fs::read_to_string(site.join("public/en/index.html")).expect("a page");
    assert!(page.contains("Progress of our plans"));
    tiendo()
        .args([
            "new",
            "jurisdiction",
            "xa-mot",
            "--parent",
            "example-province",
            "--root",
        ])
        .arg(&site)
        .assert()
        .success();
    assert_eq!(
        assert_schema_lines_resolve(&site),
        5,
        "new names the schema too"
    );
}

#[test]
fn vs_code_maps_each_yaml_file_to_its_schema() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    tiendo().arg("init").arg(&site).assert().success();
    let settings: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join(".vscode/settings.json")).expect("settings"))
            .expect("JSON");
    let schemas = settings["yaml.schemas"].as_object().expect("yaml.schemas");
    for (schema, globs) in schemas {
        assert!(site.join(schema).is_file(), "{schema}");
        assert!(!globs.as_array().expect("globs").is_empty(), "{schema}");
    }
    assert!(schemas.contains_key("./schemas/jurisdiction.schema.json"));
    assert_eq!(
        schemas["./schemas/ui-strings.schema.json"],
        serde_json::json!(["themes/*/i18n/*.yaml"])
    );
}

#[test]
fn init_in_four_languages_with_the_theme_to_edit() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    tiendo()
        .arg("init")
        .arg(&site)
        .args(["--languages", "en,vi,fr,ar", "--theme"])
        .args(["--base-url", "https://progress.example.gov/"])
        .assert()
        .success();
    let site_yaml = fs::read_to_string(site.join("site.yaml")).expect("site.yaml");
    assert!(site_yaml.contains("languages: [en, vi, fr, ar]\ndefault_language: en\n"));
    assert!(site_yaml.contains("base_url: \"https://progress.example.gov/\"\n"));
    assert!(site_yaml.contains("theme: default\n"));
    assert!(site_yaml.contains("  ar: \"تقدم تنفيذ خططنا\"\n"));
    assert!(site.join("themes/default/i18n/ar.yaml").is_file());
    assert!(site.join("themes/default/templates").is_dir());
    assert!(
        site.join("content/example-province/plans/plan-1.vi.md")
            .is_file()
    );
    assert_clean_check(&site);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_languages_it_cannot_write() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::write(dir.path().join("notes.txt"), "mine").expect("a file");
    let output = tiendo().arg("init").arg(dir.path()).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not empty"),
        "{}",
        stderr(&output)
    );
    let left: Vec<_> = fs::read_dir(dir.path()).expect("the folder").collect();
    assert_eq!(left.len(), 1, "nothing written beside the file");

    let empty = tempfile::tempdir().expect("a temporary folder");
    let output = tiendo()
        .arg("init")
        .arg(empty.path())
        .args(["--languages", "vi,km"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("no UI strings for `km`"), "{text}");
    assert!(
        text.contains("vi, en") || text.contains("ar, en"),
        "names those it has: {text}"
    );
    assert_eq!(fs::read_dir(empty.path()).expect("the folder").count(), 0);

    // An empty folder is taken.
    tiendo().arg("init").arg(empty.path()).assert().success();
    assert!(empty.path().join("site.yaml").is_file());
}

fn new(site: &TestSite, args: &[&str]) -> std::process::Output {
    tiendo()
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(site.path())
        .output()
        .expect("runs")
}

fn check_today(site: &TestSite) -> std::process::Output {
    tiendo()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .expect("runs")
}

#[test]
fn new_update_plan_and_jurisdiction_pass_check_as_written() {
    let site = TestSite::new();
    let output = new(&site, &["update", "lao-cai", "--date", "2025-11-30"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let update = site
        .path()
        .join("content/provinces/lao-cai/updates/2025-11-30.md");
    assert_eq!(printed.lines().next(), Some(&*update.display().to_string()));
    let text = fs::read_to_string(&update).expect("the report");
    assert!(text.contains("date: 2025-11-30\n"));
    assert!(text.contains("#  - indicator: coverage\n"), "{text}");
    assert!(
        text.contains("  en: \"Progress report of November 30, 2025\"\n"),
        "{text}"
    );
    assert!(
        site.path()
            .join("content/provinces/lao-cai/updates/2025-11-30.en.md")
            .is_file()
    );

    let output = new(
        &site,
        &["plan", "lao-cai", "16-kh-tu", "--program", "directive-52"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let plan = fs::read_to_string(
        site.path()
            .join("content/provinces/lao-cai/plans/16-kh-tu.md"),
    )
    .expect("the plan");
    assert!(plan.contains("program: directive-52\n"));
    assert!(
        plan.contains("    indicator: coverage\n"),
        "the program's indicator: {plan}"
    );
    assert!(
        plan.contains("  en: \"Plan implementing the Directive on universal health insurance\"\n"),
        "{plan}"
    );

    let output = new(&site, &["jurisdiction", "sa-pa", "--parent", "lao-cai"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let commune = site
        .path()
        .join("content/provinces/lao-cai/sa-pa/_index.yaml");
    let text = fs::read_to_string(&commune).expect("the commune");
    assert!(text.contains("level: commune\n"), "{text}");
    assert!(!text.contains("\nparent:"), "its folder says it: {text}");
    assert!(
        !text.contains("yaml-language-server"),
        "no schema line where the site has no schemas/: {text}"
    );

    // A province beside the others, whose folder does not say its parent.
    let output = new(&site, &["jurisdiction", "ha-giang", "--parent", "viet-nam"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(site.path().join("content/provinces/ha-giang/_index.yaml"))
        .expect("the province");
    assert!(text.contains("\nlevel: province\n"), "{text}");
    assert!(text.contains("\nparent: viet-nam\n"), "{text}");
    assert!(text.contains("name: \"Ha Giang\"\n"), "{text}");

    let output = check_today(&site);
    let errors = stderr(&output);
    assert!(output.status.success(), "{errors}");
    assert!(!errors.contains("error:"), "{errors}");
}

#[test]
fn an_unknown_id_is_an_error_naming_the_closest_known_one() {
    let site = TestSite::new();
    let output = new(&site, &["update", "lao-kai"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("there is no jurisdiction `lao-kai`: did you mean `lao-cai`?"),
        "{text}"
    );

    let output = new(
        &site,
        &["plan", "lao-cai", "16-kh-tu", "--program", "directive52"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean `directive-52`?"),
        "{}",
        stderr(&output)
    );

    let output = new(
        &site,
        &["plan", "lao-cai", "16_KH", "--program", "directive-52"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("lower-case letters"),
        "{}",
        stderr(&output)
    );
    assert!(
        !site
            .path()
            .join("content/provinces/lao-cai/plans/16_KH.md")
            .exists()
    );
}

#[test]
fn new_never_replaces_a_file() {
    let site = TestSite::new();
    let existing = site
        .path()
        .join("content/provinces/lao-cai/updates/2025-11-28.md");
    let before = fs::read(&existing).expect("the report");
    let output = new(&site, &["update", "lao-cai", "--date", "2025-11-28"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("exists already"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&existing).expect("the report"), before);

    let output = new(
        &site,
        &["plan", "lao-cai", "15-kh-tu", "--program", "directive-52"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("already has a plan `15-kh-tu`"),
        "{}",
        stderr(&output)
    );

    // A translation in the way stops the whole: nothing is written.
    site.write(
        "content/provinces/lao-cai/updates/2025-11-29.en.md",
        "Mine.\n",
    );
    let output = new(&site, &["update", "lao-cai", "--date", "2025-11-29"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !site
            .path()
            .join("content/provinces/lao-cai/updates/2025-11-29.md")
            .exists()
    );
    let leftovers: Vec<String> =
        fs::read_dir(site.path().join("content/provinces/lao-cai/updates"))
            .expect("the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.starts_with('.'))
            .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn new_in_a_folder_without_a_site_says_how_to_start_one() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let output = tiendo()
        .args(["new", "update", "lao-cai", "--root"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("tiendo init"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn init_takes_the_current_folder_and_a_fresh_git_clone() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::create_dir(dir.path().join(".git")).expect("a clone's .git");
    let output = tiendo()
        .args(["init", "."])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("cd "), "no folder to go to");
    assert!(dir.path().join("site.yaml").is_file());
    assert!(dir.path().join(".git").is_dir(), "the clone is kept");
    assert!(
        !dir.path().join(".tiendo-init").exists(),
        "nothing left behind"
    );
    assert_clean_check(dir.path());
}

#[test]
fn init_checks_the_address_it_is_given() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for bad in [
        "example.org",
        "ftp://x.org/",
        "https://x.org/?a=1",
        "https://x.org: y",
    ] {
        let site = dir.path().join("site");
        let output = tiendo()
            .arg("init")
            .arg(&site)
            .args(["--base-url", bad])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{bad}");
        assert!(
            stderr(&output).contains("--base-url"),
            "{bad}: {}",
            stderr(&output)
        );
        assert!(!site.exists(), "{bad}: nothing written");
    }
}

/// Deletes the `#` that starts each commented-out line of a block, as the file's comment
/// says to, and gives the text and whether a line was found.
fn uncomment(text: &str, first: &str, lines: usize) -> String {
    let mut out = Vec::new();
    let mut left = 0;
    for line in text.lines() {
        if line == first {
            left = lines;
        }
        if left > 0 {
            out.push(line.strip_prefix('#').expect("a commented line").to_owned());
            left -= 1;
        } else {
            out.push(line.to_owned());
        }
    }
    assert!(out.iter().any(|l| l == &first[1..]), "no `{first}`");
    out.join("\n") + "\n"
}

#[test]
fn deleting_the_hash_of_a_commented_block_as_told_gives_a_file_that_checks() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    tiendo().arg("init").arg(&site).assert().success();
    let site_yaml = site.join("site.yaml");
    let text = fs::read_to_string(&site_yaml).expect("site.yaml");
    fs::write(&site_yaml, uncomment(&text, "#license:", 3)).expect("edited");
    tiendo()
        .args([
            "new",
            "update",
            "example-province",
            "--date",
            "2026-01-02",
            "--root",
        ])
        .arg(&site)
        .assert()
        .success();
    let update = site.join("content/example-province/updates/2026-01-02.md");
    let text = fs::read_to_string(&update).expect("the report");
    let text = uncomment(&text, "#measurements:", 3).replace("    value:\n", "    value: 61.5\n");
    let text = uncomment(&text, "#summaries:", 4);
    fs::write(&update, text).expect("edited");
    let output = tiendo()
        .args(["check", "--as-of", "2026-01-05", "--root"])
        .arg(&site)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let output = tiendo()
        .args(["build", "--as-of", "2026-01-05", "--root"])
        .arg(&site)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let page =
        fs::read_to_string(site.join("public/en/example-province/updates/2026-01-02/index.html"))
            .expect("the report's page");
    assert!(page.contains("61.5"), "the figure is shown");
}

#[test]
fn new_jurisdiction_refuses_what_check_would() {
    let site = TestSite::new();
    for (args, said) in [
        (
            &["jurisdiction", "plans", "--parent", "lao-cai"][..],
            "keeps for the site's own",
        ),
        (
            &["jurisdiction", "indicators"][..],
            "keeps for the site's own",
        ),
        (&["jurisdiction", "en"][..], "keeps for the site's own"),
        (
            &[
                "jurisdiction",
                "xa-b",
                "--parent",
                "lao-cai",
                "--level",
                "province",
            ][..],
            "a province cannot be inside a province",
        ),
        (
            &["jurisdiction", "q2", "--name", " "][..],
            "--name is empty",
        ),
    ] {
        let output = new(&site, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains(said),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    new(&site, &["jurisdiction", "sa-pa", "--parent", "lao-cai"]);
    let output = new(&site, &["jurisdiction", "ban-ho", "--parent", "sa-pa"]);
    assert!(
        stderr(&output).contains("a commune holds no other jurisdiction"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        check_today(&site).status.code(),
        Some(0),
        "nothing refused was written"
    );
}

#[test]
fn new_says_when_the_item_named_is_there_but_its_file_has_errors() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/_index.yaml",
        "level: province",
        "levle: province",
    );
    let output = new(&site, &["update", "lao-cai"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("its file has errors: run `tiendo check`"),
        "{text}"
    );
    assert!(!text.contains("did you mean"), "{text}");
}
