//! Reading the content's history from git: repositories made with scripted commits at
//! fixed dates (the `git` binary makes them; tiendo reads them with gix alone).

mod common;

use std::path::Path;

use common::git;
use tiendo::load::history::{self, ContentHistory, History, Unavailable};

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("made");
    std::fs::write(path, text).expect("written");
}

/// Writes `path` and commits everything at `date`.
fn commit(dir: &Path, date: &str, path: &str, text: &str) {
    write(dir, path, text);
    git(dir, date, &["add", "-A"]);
    git(dir, date, &["commit", "-q", "-m", path]);
}

fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder");
    git(
        dir.path(),
        "2025-01-01T00:00:00Z",
        &["init", "-q", "-b", "main"],
    );
    dir
}

fn read(root: &Path) -> ContentHistory {
    match history::read(root) {
        History::Read(versions) => versions,
        History::Unavailable(why) => panic!("{}", why.explain()),
    }
}

const PLAN: &str = "content/lao-cai/plans/15-kh-tu.md";

fn plan(deadline: &str) -> String {
    format!(
        "---\ntitle: Kế hoạch\ntasks:\n  - id: dissemination\n    what: Tổ chức quán triệt Chỉ thị\n    lead: Ban Tuyên giáo\n    deadline: {deadline}\n---\nNội dung của kế hoạch, đủ dài để nhận ra khi đổi tên.\n"
    )
}

#[test]
fn each_version_of_a_file_with_its_commit_and_day_oldest_first() {
    let repo = repository();
    let dir = repo.path();
    commit(dir, "2025-11-17T09:00:00Z", PLAN, &plan("2025-11"));
    commit(dir, "2025-11-20T09:00:00Z", "README.md", "not content\n");
    commit(dir, "2025-12-02T09:00:00Z", PLAN, &plan("2026-03"));
    commit(dir, "2026-01-10T09:00:00Z", PLAN, &plan("2026-06"));

    let versions = read(dir);
    assert_eq!(versions.commits, 4);
    let file = &versions.files[Path::new(PLAN)];
    let deadlines: Vec<(&str, i64)> = file
        .iter()
        .map(|v| {
            let deadline = v
                .text
                .as_deref()
                .expect("read")
                .split("deadline: ")
                .nth(1)
                .expect("a deadline");
            (&deadline[..7], v.commit.time)
        })
        .collect();
    assert_eq!(
        deadlines,
        [
            ("2025-11", 1763370000),
            ("2026-03", 1764666000),
            ("2026-06", 1768035600)
        ]
    );
    assert!(
        file.iter()
            .all(|v| v.commit.id.len() == 40 && v.commit.short().len() == 7)
    );
    assert!(
        !versions.files.contains_key(Path::new("README.md")),
        "only content/"
    );
}

#[test]
fn a_file_renamed_and_edited_in_one_commit_keeps_its_versions() {
    let repo = repository();
    let dir = repo.path();
    let moved = "content/provinces/lao-cai/plans/15-kh-tu.md";
    commit(dir, "2025-11-17T09:00:00Z", PLAN, &plan("2025-11"));
    commit(dir, "2025-12-02T09:00:00Z", PLAN, &plan("2026-03"));
    // Its folder moved and its deadline changed at once: git's rename detection pairs
    // them, the text being more than half the same.
    std::fs::remove_file(dir.join(PLAN)).expect("removed");
    commit(dir, "2025-12-10T09:00:00Z", moved, &plan("2026-06"));
    // An unrelated file gone and another come in one commit are no rename.
    commit(dir, "2025-12-11T09:00:00Z", "content/a.md", "one text\n");
    std::fs::remove_file(dir.join("content/a.md")).expect("removed");
    commit(
        dir,
        "2025-12-12T09:00:00Z",
        "content/b.md",
        "another, wholly different\n",
    );

    let versions = read(dir);
    assert!(!versions.files.contains_key(Path::new(PLAN)));
    let file = &versions.files[Path::new(moved)];
    assert_eq!(
        file.len(),
        3,
        "both versions before the move, and the move's"
    );
    assert!(
        file.iter().all(|v| v.text.is_some()),
        "a file of versions is read"
    );
    assert_eq!(versions.files[Path::new("content/b.md")].len(), 1);
    assert!(
        versions.files[Path::new("content/b.md")][0].text.is_none(),
        "one version alone is not read"
    );
}

#[test]
fn a_renamed_file_keeps_its_versions_and_a_deleted_one_loses_them() {
    let repo = repository();
    let dir = repo.path();
    let renamed = "content/lao-cai/plans/16-kh-tu.md";
    commit(dir, "2025-11-17T09:00:00Z", PLAN, &plan("2025-11"));
    commit(dir, "2025-12-02T09:00:00Z", PLAN, &plan("2026-03"));
    git(dir, "2025-12-03T09:00:00Z", &["mv", PLAN, renamed]);
    git(
        dir,
        "2025-12-03T09:00:00Z",
        &["commit", "-q", "-m", "renamed"],
    );
    commit(dir, "2025-12-04T09:00:00Z", "content/other.md", "short\n");
    git(
        dir,
        "2025-12-05T09:00:00Z",
        &["rm", "-q", "content/other.md"],
    );
    git(
        dir,
        "2025-12-05T09:00:00Z",
        &["commit", "-q", "-m", "removed"],
    );

    let versions = read(dir);
    assert!(!versions.files.contains_key(Path::new(PLAN)));
    assert_eq!(
        versions.files[Path::new(renamed)].len(),
        2,
        "the rename is no version"
    );
    assert!(!versions.files.contains_key(Path::new("content/other.md")));
}

#[test]
fn a_branch_merged_in_counts_from_its_merge() {
    let repo = repository();
    let dir = repo.path();
    commit(dir, "2025-11-17T09:00:00Z", PLAN, &plan("2025-11"));
    git(
        dir,
        "2025-11-18T09:00:00Z",
        &["checkout", "-q", "-b", "edit"],
    );
    commit(dir, "2025-11-19T09:00:00Z", PLAN, &plan("2026-03"));
    git(dir, "2025-11-20T09:00:00Z", &["checkout", "-q", "main"]);
    commit(
        dir,
        "2025-11-21T09:00:00Z",
        "content/indicators/coverage.yaml",
        "unit: percent\n",
    );
    git(
        dir,
        "2025-11-25T09:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "merged", "edit"],
    );

    let versions = read(dir);
    let file = &versions.files[Path::new(PLAN)];
    assert_eq!(file.len(), 2);
    // 2025-11-25T09:00:00Z: the merge's day, not the branch's commit's.
    assert_eq!(file[1].commit.time, 1764061200);
    assert_eq!(
        versions.commits, 3,
        "the main line: two commits and the merge"
    );
}

#[test]
fn a_site_in_a_folder_of_the_repository_names_its_own_paths() {
    let repo = repository();
    let dir = repo.path();
    commit(
        dir,
        "2025-11-17T09:00:00Z",
        &format!("sites/tinh/{PLAN}"),
        &plan("2025-11"),
    );
    commit(
        dir,
        "2025-11-18T09:00:00Z",
        "content/not-this-site.md",
        "x\n",
    );
    let versions = read(&dir.join("sites/tinh"));
    let paths: Vec<&Path> = versions.files.keys().map(|p| p.as_path()).collect();
    assert_eq!(paths, [Path::new(PLAN)]);
}

#[test]
fn without_a_whole_history_it_says_why_and_how_to_have_it() {
    let alone = tempfile::tempdir().expect("a folder");
    let why = |root: &Path| match history::read(root) {
        History::Unavailable(why) => why,
        History::Read(_) => panic!("history read in {}", root.display()),
    };
    assert_eq!(why(alone.path()), Unavailable::NoRepository);

    let empty = repository();
    assert_eq!(why(empty.path()), Unavailable::NoCommit);

    let repo = repository();
    commit(repo.path(), "2025-11-17T09:00:00Z", PLAN, &plan("2025-11"));
    commit(repo.path(), "2025-12-02T09:00:00Z", PLAN, &plan("2026-03"));
    let clones = tempfile::tempdir().expect("a folder");
    let url = format!("file://{}", repo.path().display());
    git(
        clones.path(),
        "2025-12-03T00:00:00Z",
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = why(&clones.path().join("shallow"));
    assert_eq!(shallow, Unavailable::Shallow);
    assert!(
        shallow.explain().contains("fetch-depth: 0"),
        "{}",
        shallow.explain()
    );
}
