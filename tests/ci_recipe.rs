//! The CI recipes of `examples/ci/`, which `tiendo init` copies into a content
//! repository: they parse, the tiendo commands they run are the ones the README's
//! "Publishing with git" documents, and those commands, run as the recipes run them,
//! check and build the example site with the last commit's date.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");
/// The example site's last commit, in the repository the test makes of it: still the
/// 4th in UTC, already the 5th in Viet Nam, whose day the recipes build the site as of.
const COMMIT_DATE: &str = "2025-12-04T23:30:00+00:00";

fn yaml(path: &str) -> serde_yaml::Value {
    let text = fs::read_to_string(Path::new(REPO).join(path)).expect("a recipe");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

fn text(value: &serde_yaml::Value) -> &str {
    value.as_str().expect("text")
}

/// Each GitHub step that runs tiendo (its installation left out), by its name.
fn github_steps() -> Vec<(String, String)> {
    let workflow = yaml("examples/ci/github/tiendo.yml");
    assert_eq!(workflow["env"]["TZ"], "Asia/Ho_Chi_Minh");
    assert_eq!(workflow["jobs"]["site"]["permissions"]["pages"], "read");
    assert!(
        workflow["on"]["pull_request"].is_null() || workflow["on"]["pull_request"].is_mapping()
    );
    let site_job = text(&workflow["jobs"]["site"]["if"]);
    assert!(
        site_job.contains("github.event.repository.default_branch"),
        "pushes to the default branch publish, whatever its name: {site_job}"
    );
    let steps = workflow["jobs"]["site"]["steps"]
        .as_sequence()
        .expect("the steps");
    let checkout = &steps[0];
    assert_eq!(text(&checkout["uses"]), "actions/checkout@v4");
    assert_eq!(checkout["with"]["fetch-depth"], 0, "the whole history");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    for action in [
        "actions/upload-artifact@v4",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
    ] {
        assert!(uses.contains(&action), "{action} in {uses:?}");
    }
    let deploy = &workflow["jobs"]["publish"];
    assert_eq!(deploy["needs"], "site");
    assert_eq!(deploy["permissions"]["pages"], "write");
    steps
        .iter()
        .filter_map(|step| {
            let run = step["run"].as_str()?;
            (run.contains("tiendo ") && !run.contains("cargo install"))
                .then(|| (text(&step["name"]).to_owned(), run.to_owned()))
        })
        .collect()
}

/// Each GitLab job's script, by the job's name.
fn gitlab_jobs() -> Vec<(String, String)> {
    let pipeline = yaml("examples/ci/gitlab-ci.yml");
    assert_eq!(pipeline["variables"]["GIT_DEPTH"], 0, "the whole history");
    assert_eq!(pipeline["variables"]["TZ"], "Asia/Ho_Chi_Minh");
    let pages = &pipeline["pages"];
    assert_eq!(pages["artifacts"]["paths"][0], "public");
    assert_eq!(pipeline["review"]["artifacts"]["expose_as"], "site");
    assert_eq!(
        pipeline["check"]["artifacts"]["reports"]["codequality"], "tiendo-check.json",
        "each problem on the merge request"
    );
    ["check", "review", "pages"]
        .iter()
        .map(|job| {
            let script = pipeline[*job]["script"]
                .as_sequence()
                .unwrap_or_else(|| panic!("a script for {job}"))
                .iter()
                .map(|line| text(line).to_owned())
                .collect::<Vec<_>>()
                .join("\n");
            ((*job).to_owned(), script)
        })
        .collect()
}

/// The README's "Publishing with git" section.
fn readme_section() -> String {
    let readme = fs::read_to_string(Path::new(REPO).join("README.md")).expect("the README");
    let start = readme
        .find("\n## Publishing with git")
        .expect("a section on publishing");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |at| at + 3);
    rest[..end].to_owned()
}

#[test]
fn the_recipes_run_the_commands_the_readme_documents() {
    let section = readme_section();
    let scripts = github_steps().into_iter().chain(gitlab_jobs());
    let mut commands = 0;
    for (name, script) in scripts {
        for line in script
            .lines()
            .filter(|l| l.contains("tiendo ") || l.contains("SOURCE_DATE_EPOCH"))
        {
            assert!(
                section.contains(line.trim()),
                "`{}` ({name}) is not in the README's Publishing with git",
                line.trim()
            );
            commands += 1;
        }
    }
    assert!(commands >= 8, "{commands} commands");
}

/// A copy of the example site, as a git repository with one commit at COMMIT_DATE.
fn example_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let repo = Path::new(REPO);
    fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.expect("an entry");
        let to = dir
            .path()
            .join(entry.path().strip_prefix(repo).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).expect("a folder");
        } else {
            fs::copy(entry.path(), &to).expect("a file");
        }
    }
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=Staff",
                "-c",
                "user.email=staff@example.org",
            ])
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "core.hooksPath=/dev/null",
            ])
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_DATE", COMMIT_DATE)
            .env("GIT_COMMITTER_DATE", COMMIT_DATE)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "The example site"]);
    dir
}

/// Runs a recipe's script as its runner would, with the test's tiendo first on PATH.
fn run(script: &str, dir: &Path) -> std::process::Output {
    let tiendo = PathBuf::from(env!("CARGO_BIN_EXE_tiendo"));
    let path = format!(
        "{}:{}",
        tiendo.parent().expect("a folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // GitHub fills its expressions in before the shell runs.
    let script = script.replace(
        "${{ steps.pages.outputs.base_url }}",
        "https://staff.github.io/progress",
    );
    let _ = fs::remove_dir_all(dir.join("public"));
    Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("CI_PAGES_URL", "https://staff.gitlab.io/progress")
        .env("CI_COMMIT_TIMESTAMP", COMMIT_DATE)
        .env("TZ", "Asia/Ho_Chi_Minh")
        .output()
        .expect("bash runs")
}

#[test]
fn the_recipes_check_and_build_the_example_site_as_of_the_last_commit() {
    let repo = example_repository();
    let scripts: Vec<(String, String)> = github_steps().into_iter().chain(gitlab_jobs()).collect();
    assert_eq!(scripts.len(), 6, "{scripts:?}");
    for (name, script) in &scripts {
        let output = run(script, repo.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{name}: {stderr}");
        if !script.contains("tiendo build") {
            assert!(stderr.contains("No errors"), "{name}: {stderr}");
            if script.contains("--format gitlab") {
                let report = fs::read(repo.path().join("tiendo-check.json")).expect("a report");
                let report: serde_json::Value = serde_json::from_slice(&report).expect("JSON");
                assert!(report.is_array(), "{name}: a Code Quality report");
            }
            continue;
        }
        assert!(
            stderr.contains("as of 2025-12-05 (from SOURCE_DATE_EPOCH)"),
            "{name} builds as of the last commit: {stderr}"
        );
        let sitemap =
            fs::read_to_string(repo.path().join("public/sitemap.xml")).expect("a sitemap");
        let published_at = if script.contains("--base-url \"${{") {
            "https://staff.github.io/progress/"
        } else if script.contains("CI_PAGES_URL") {
            "https://staff.gitlab.io/progress/"
        } else {
            "https://tiendo.example.org/"
        };
        assert!(
            sitemap.contains(&format!("<loc>{published_at}")),
            "{name} publishes at {published_at}"
        );
    }
}
