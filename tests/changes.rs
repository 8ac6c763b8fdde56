//! What changed and when, as a build shows it from the content's git history: a
//! repository made with scripted commits at fixed dates (a deadline moved twice, a
//! status changed, a figure revised, a folder renamed, a task's id changed), built and
//! read back from its pages, `data/changes.csv` and its feeds.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{COUNTRY, COVERAGE, PLAN, PROGRAM, PROVINCE, SITE_YAML, UPDATE, git};

fn git_output(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .output()
        .expect("git runs");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

const PLAN_FILE: &str = "content/provinces/lao-cai/plans/15-kh-tu.md";
const UPDATE_FILE: &str = "content/provinces/lao-cai/updates/2025-11-28.md";

/// A province's site in a repository whose history holds one of each kind of change.
struct History {
    dir: tempfile::TempDir,
    /// Each scripted commit's id, by what it did.
    commits: BTreeMap<&'static str, String>,
}

impl History {
    fn new() -> History {
        let dir = tempfile::tempdir().expect("a folder");
        let root = dir.path();
        git(root, "2025-01-01T00:00:00Z", &["init", "-q", "-b", "main"]);
        let mut history = History {
            dir,
            commits: BTreeMap::new(),
        };
        let site = format!("{SITE_YAML}repository: https://github.com/so-y-te/tien-do\n");
        for (path, text) in [
            ("site.yaml", site.as_str()),
            ("content/indicators/coverage.yaml", COVERAGE),
            ("content/programs/directive-52.yaml", PROGRAM),
            ("content/viet-nam/_index.yaml", COUNTRY),
            ("content/provinces/lao-cai/_index.yaml", PROVINCE),
            (PLAN_FILE, PLAN),
            (UPDATE_FILE, UPDATE),
        ] {
            history.write(path, text);
        }
        // In Vietnam's time zone: the day shown is the day there.
        history.commit("published", "2025-11-17T09:00:00+07:00");
        history.edit(PLAN_FILE, "deadline: 2025-11\n", "deadline: 2026-03\n");
        history.commit("first move", "2025-12-02T10:00:00+07:00");
        history.edit(
            PLAN_FILE,
            "deadline: 2025-11-20\n    status: in_progress\n",
            "deadline: 2025-11-20\n    status: done\n    done_on: 2025-12-09\n",
        );
        history.commit("status", "2025-12-10T08:00:00+07:00");
        history.edit(UPDATE_FILE, "value: 89.18", "value: 89.5");
        history.commit("figure revised", "2025-12-15T08:00:00+07:00");
        history.edit(PLAN_FILE, "deadline: 2026-03\n", "deadline: 2026-06\n");
        history.commit("second move", "2026-01-10T10:00:00+07:00");
        // The province's folder moves; its id, and its plan's, stay the same.
        git(
            history.root(),
            "2026-01-15T08:00:00+07:00",
            &["mv", "content/provinces/lao-cai", "content/lao-cai"],
        );
        history.commit("folder moved", "2026-01-15T08:00:00+07:00");
        history.edit(
            "content/lao-cai/plans/15-kh-tu.md",
            "id: integrate-targets\n",
            "id: integration\n",
        );
        history.edit(
            "content/lao-cai/plans/15-kh-tu.md",
            "deadline: 2025-12\n",
            "deadline: 2026-02\n",
        );
        history.commit("id changed", "2026-01-20T08:00:00+07:00");
        history
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("made");
        std::fs::write(path, text).expect("written");
    }

    fn edit(&self, path: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.root().join(path)).expect("a file");
        assert!(text.contains(from), "{path} has no {from:?}");
        self.write(path, &text.replacen(from, to, 1));
    }

    fn commit(&mut self, what: &'static str, date: &str) {
        git(self.root(), date, &["add", "-A"]);
        git(self.root(), date, &["commit", "-q", "-m", what]);
        let id = git_output(self.root(), &["rev-parse", "HEAD"]);
        self.commits.insert(what, id);
    }
}

/// `tiendo build` of `root` as of `as_of` into a new folder; its stderr.
fn build(root: &Path, as_of: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().expect("a folder");
    let output = assert_cmd::Command::cargo_bin("tiendo")
        .expect("the binary")
        .args(["build", "--root"])
        .arg(root)
        .args(["--as-of", as_of, "--output-dir"])
        .arg(out.path().join("site"))
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("tiendo runs");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(output.status.success(), "{stderr}");
    (out, stderr)
}

fn read(out: &tempfile::TempDir, path: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

const EN_PLAN: &str = "en/lao-cai/plans/15-kh-tu/index.html";

#[test]
fn a_deadline_moved_twice_is_tagged_and_told_with_its_commits() {
    let history = History::new();
    let (out, stderr) = build(history.root(), "2026-02-01", &[]);
    assert!(!stderr.contains("history is not shown"), "{stderr}");
    let page = read(&out, EN_PLAN);
    assert!(page.contains("Deadline moved 2 times"), "the tag");
    assert!(
        page.contains(
            "Original deadline: November 2025; now June 2026, changed on January 10, 2026"
        ),
        "the deadline in full"
    );
    let second = &history.commits["second move"];
    assert!(
        page.contains(&format!(
            "https://github.com/so-y-te/tien-do/commit/{second}"
        )),
        "the change links to its commit"
    );
    assert!(page.contains(&format!("<code>{}</code>", &second[..7])));
    assert!(page.contains("Deadline changed from November 2025 to March 2026"));
    assert!(page.contains("Published on November 17, 2025, last changed on January 20, 2026"));
    // In every language.
    let vi = read(&out, "lao-cai/plans/15-kh-tu/index.html");
    assert!(vi.contains("Đã dời hạn 2 lần"));
    assert!(vi.contains("Hạn ban đầu: tháng 11 năm 2025"), "{vi}");
    // Every list that shows the task tags it: the jurisdiction's page too, and the home
    // page's late tasks.
    assert!(read(&out, "en/lao-cai/index.html").contains("Deadline moved 2 times"));
    let (late, _) = build(history.root(), "2026-12-01", &[]);
    assert!(read(&late, "en/index.html").contains("Deadline moved 2 times"));
    // The deadlines page lists it, with how often and how far.
    let deadlines = read(&out, "en/deadlines/index.html");
    assert!(deadlines.contains("Moved deadlines"));
    assert!(
        deadlines.contains("212 days later"),
        "November's end to June's"
    );
}

#[test]
fn a_status_reported_and_a_figure_revised_are_shown() {
    let history = History::new();
    let (out, _) = build(history.root(), "2026-02-01", &[]);
    let page = read(&out, EN_PLAN);
    assert!(page.contains("Status changed from “In progress” to “Done”"));
    assert!(page.contains("Day done changed from not stated to December 9, 2025"));
    let update = read(&out, "en/lao-cai/updates/2025-11-28/index.html");
    assert!(
        update.contains("Revised on December 15, 2025; first published as 89.18%"),
        "{update}"
    );
    // Where the jurisdiction's page shows its latest figures too.
    let jurisdiction = read(&out, "en/lao-cai/index.html");
    assert!(jurisdiction.contains("Revised on December 15, 2025"));
}

#[test]
fn changes_csv_has_a_row_per_change_and_an_id_changed_starts_afresh() {
    let history = History::new();
    let (out, _) = build(history.root(), "2026-02-01", &[]);
    let csv = read(&out, "data/changes.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let c = &history.commits;
    let plan = "https://example.org/lao-cai/plans/15-kh-tu/";
    let update = "https://example.org/lao-cai/updates/2025-11-28/";
    let url = |commit: &str| format!("https://github.com/so-y-te/tien-do/commit/{commit}");
    assert_eq!(
        rows,
        [
            format!(
                "lao-cai,task,15-kh-tu,,dissemination,,deadline,2025-11,2026-03,2025-12-02,{0},{1},{plan},",
                c["first move"],
                url(&c["first move"])
            ),
            format!(
                "lao-cai,task,15-kh-tu,,dissemination,,deadline,2026-03,2026-06,2026-01-10,{0},{1},{plan},",
                c["second move"],
                url(&c["second move"])
            ),
            format!(
                "lao-cai,task,15-kh-tu,,steering-committee,,status,in_progress,done,2025-12-10,{0},{1},{plan},",
                c["status"],
                url(&c["status"])
            ),
            format!(
                "lao-cai,task,15-kh-tu,,steering-committee,,done_on,,2025-12-09,2025-12-10,{0},{1},{plan},",
                c["status"],
                url(&c["status"])
            ),
            format!(
                "lao-cai,measurement,,2025-11-28,coverage,,value,89.18,89.5,2025-12-15,{0},{1},,{update}",
                c["figure revised"],
                url(&c["figure revised"])
            ),
        ],
        "the task whose id changed (integrate-targets → integration) has no history: {csv}"
    );
    let package = read(&out, "data/datapackage.json");
    assert!(package.contains("\"name\": \"changes\"") || package.contains("\"name\":\"changes\""));
    assert!(
        package.contains("\"page_url\""),
        "foreign keys by page address"
    );
}

#[test]
fn feeds_have_an_entry_for_each_change() {
    let history = History::new();
    let (out, _) = build(history.root(), "2026-02-01", &[]);
    let feed = read(&out, "en/lao-cai/feed.xml");
    // The status and the day done, changed in one commit, are one entry.
    assert_eq!(
        feed.matches("<entry>").count(),
        5,
        "4 commits' changes and 1 update"
    );
    assert_eq!(feed.matches("Task updated: ").count(), 1);
    // The task's words are Vietnamese in the English feed, and marked so.
    assert!(feed.contains("<title type=\"html\">Deadline moved: &lt;span lang=&quot;vi&quot;&gt;Tổ chức quán triệt Chỉ thị"), "{feed}");
    assert!(feed.contains("<title type=\"html\">Figure revised: "));
    // Dated by the commit, in UTC: 10:00 in Vietnam is 03:00.
    assert!(feed.contains("<published>2026-01-10T03:00:00Z</published>"));
    // The newest entry first: the second move, after the update of 28 November.
    let second = feed.find("2026-01-10T03:00:00Z").expect("the second move");
    let update = feed.find("2025-11-28T00:00:00Z").expect("the update");
    assert!(second < update);
    assert!(read(&out, "en/feed.xml").contains("Deadline moved: "));
}

#[test]
fn commits_after_the_as_of_date_are_not_shown() {
    let history = History::new();
    let (out, _) = build(history.root(), "2025-12-05", &[]);
    let page = read(&out, EN_PLAN);
    assert!(page.contains("Deadline moved"));
    assert!(!page.contains("Deadline moved 2 times"));
    assert!(page.contains("Published on November 17, 2025, last changed on December 2, 2025"));
    let csv = read(&out, "data/changes.csv");
    assert_eq!(
        csv.lines().count(),
        2,
        "one change known on 5 December: {csv}"
    );
}

#[test]
fn the_same_history_and_day_build_the_same_bytes() {
    let history = History::new();
    let (a, _) = build(history.root(), "2026-02-01", &[]);
    let (b, _) = build(history.root(), "2026-02-01", &[]);
    let files = |out: &tempfile::TempDir| -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(out.path().join("site"))
            .into_iter()
            .map(|e| e.expect("an entry"))
            // The output's manifest records when it was put in place.
            .filter(|e| e.file_type().is_file() && e.file_name() != ".tiendo-output")
            .map(|e| {
                let path = e
                    .path()
                    .strip_prefix(out.path())
                    .expect("inside")
                    .to_owned();
                (path, std::fs::read(e.path()).expect("read"))
            })
            .collect()
    };
    let (a, b) = (files(&a), files(&b));
    assert!(a.len() > 30);
    assert!(a == b, "two builds differ");
}

#[test]
fn without_the_history_the_site_builds_as_before_and_says_why() {
    let history = History::new();
    let (out, stderr) = build(history.root(), "2026-02-01", &["--no-history"]);
    assert!(stderr.contains("Note: history is not shown: --no-history was given"));
    assert!(!read(&out, EN_PLAN).contains("Deadline moved"));
    assert_eq!(
        read(&out, "data/changes.csv").lines().count(),
        1,
        "the header only"
    );

    let clones = tempfile::tempdir().expect("a folder");
    let url = format!("file://{}", history.root().display());
    git(
        clones.path(),
        "2026-02-01T00:00:00Z",
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let (out, stderr) = build(&clones.path().join("shallow"), "2026-02-01", &[]);
    assert!(
        stderr.contains("Note: history is not shown: this is a shallow clone")
            && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("history is not shown").count(),
        1,
        "one line"
    );
    let page = read(&out, EN_PLAN);
    assert!(!page.contains("Deadline moved") && !page.contains("Published on"));
}
