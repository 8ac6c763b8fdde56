//! Small content trees for the integration tests, and the `tiendo` binary to run on them.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A site in a temporary folder, starting from a small valid tree.
pub struct TestSite {
    dir: TempDir,
}

pub const SITE_YAML: &str = "\
title:
  vi: Tiến độ thử nghiệm
  en: Test progress
base_url: https://example.org/
languages: [vi, en]
default_language: vi
";

pub const COVERAGE: &str = "\
name:
  vi: Tỷ lệ bao phủ bảo hiểm y tế
  en: Health-insurance coverage
unit: percent
direction: up
decimals: 2
";

pub const PROGRAM: &str = "\
number: 52-CT/TW
title:
  vi: Chỉ thị về bảo hiểm y tế toàn dân
  en: Directive on universal health insurance
issued_by: Ban Bí thư
issued_on: 2025-10-03
source: https://example.org/directive-52
indicators: [coverage]
";

pub const COUNTRY: &str = "name: Việt Nam\nlevel: country\n";

pub const PROVINCE: &str = "\
name:
  vi: Lào Cai
  en: Lao Cai
level: province
parent: viet-nam
";

pub const PLAN: &str = "\
---
number: 15-KH/TU
title:
  vi: Kế hoạch thực hiện Chỉ thị 52
  en: Plan implementing Directive 52
program: directive-52
issued_by: Ban Thường vụ Tỉnh ủy
issued_on: 2025-11-17
source: https://example.org/plan-15
targets:
  - id: coverage-2026
    indicator: coverage
    comparator: above
    value: 95
    deadline: 2026
tasks:
  - id: dissemination
    what: Tổ chức quán triệt Chỉ thị
    lead: Ban Tuyên giáo và Dân vận
    deadline: 2025-11
  - id: integrate-targets
    what: Lồng ghép mục tiêu vào kế hoạch 2026-2030
    lead: Đảng ủy UBND tỉnh
    deadline: 2025-12
    status: done
  - id: steering-committee
    what: Kiện toàn Ban Chỉ đạo
    deadline: 2025-11-20
    status: in_progress
---
Nội dung **kế hoạch**.
";

pub const UPDATE: &str = "\
---
date: 2025-11-28
title: Bao phủ bảo hiểm y tế
sources:
  - url: https://example.org/report
    title: Báo cáo
measurements:
  - indicator: coverage
    value: 89.18
---
Báo cáo tiến độ.
";

impl TestSite {
    /// A small valid site: one country, one province with a plan and an update.
    pub fn new() -> TestSite {
        let site = TestSite::empty();
        site.write("site.yaml", SITE_YAML)
            .write("content/indicators/coverage.yaml", COVERAGE)
            .write("content/programs/directive-52.yaml", PROGRAM)
            .write("content/viet-nam/_index.yaml", COUNTRY)
            .write("content/provinces/lao-cai/_index.yaml", PROVINCE)
            .write("content/provinces/lao-cai/plans/15-kh-tu.md", PLAN)
            .write("content/provinces/lao-cai/updates/2025-11-28.md", UPDATE);
        site
    }

    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) -> &TestSite {
        self.write_bytes(path, text.as_bytes())
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) -> &TestSite {
        let full = self.dir.path().join(path);
        fs::create_dir_all(full.parent().expect("a parent folder")).expect("folders");
        fs::write(full, bytes).expect("a written file");
        self
    }

    /// Replaces `from` with `to` in a file, which must contain it.
    pub fn edit(&self, path: &str, from: &str, to: &str) -> &TestSite {
        let full = self.dir.path().join(path);
        let text = fs::read_to_string(&full).expect("a file to edit");
        assert!(text.contains(from), "`{path}` does not contain `{from}`");
        fs::write(full, text.replacen(from, to, 1)).expect("an edited file");
        self
    }

    pub fn remove(&self, path: &str) -> &TestSite {
        let full = self.dir.path().join(path);
        if full.is_dir() {
            fs::remove_dir_all(full).expect("a removed folder");
        } else {
            fs::remove_file(full).expect("a removed file");
        }
        self
    }

    /// `tiendo <args> --root <site>` with a fixed as-of date.
    pub fn tiendo(&self, args: &[&str]) -> Command {
        let mut command = Command::cargo_bin("tiendo").expect("the tiendo binary");
        command
            .args(args)
            .arg("--root")
            .arg(self.dir.path())
            .arg("--as-of")
            .arg("2025-12-01")
            .env_remove("SOURCE_DATE_EPOCH");
        command
    }

    pub fn build(&self) -> assert_cmd::assert::Assert {
        self.tiendo(&["build"]).assert()
    }

    /// A build, for tests that read the markup: pages are written as the templates
    /// produce them unless `--minify` is given.
    pub fn build_readable(&self) -> assert_cmd::assert::Assert {
        self.tiendo(&["build"]).assert()
    }

    pub fn check(&self) -> assert_cmd::assert::Assert {
        self.tiendo(&["check"]).assert()
    }

    /// Text `tiendo check` printed on stderr, for a site expected to fail.
    pub fn check_errors(&self) -> String {
        let output = self.tiendo(&["check"]).output().expect("tiendo runs");
        assert_eq!(
            output.status.code(),
            Some(1),
            "check must fail: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stderr).expect("UTF-8 output")
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn page(&self, path: &str) -> String {
        fs::read_to_string(self.output().join(path))
            .unwrap_or_else(|e| panic!("no page `{path}`: {e}"))
    }
}

/// Every file of the site under `dir` with its bytes, by relative path: all but the
/// marker at its top, whose records name the files on disk that hold the site, and so
/// differ from one build to the next (`marker_paths` gives what it lists).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("a readable tree");
        if entry.file_type().is_file() && entry.path() != dir.join(".tiendo-output") {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            files.insert(relative, fs::read(entry.path()).expect("a readable file"));
        }
    }
    files
}

/// The targets of every `href` in a page, quoted or not (minified pages drop quotes).
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=")
        .skip(1)
        .map(|rest| match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                rest[1..].split(quote).next().unwrap_or_default().to_owned()
            }
            _ => rest
                .split(|c: char| c == '>' || c.is_whitespace())
                .next()
                .unwrap_or_default()
                .to_owned(),
        })
        .collect()
}

/// The paths the marker of the output folder `dir` lists, each with what it says of its
/// file's bytes (size and digest), which are the same for every build of one site.
pub fn marker_paths(dir: &Path) -> Vec<String> {
    let marker = fs::read_to_string(dir.join(".tiendo-output")).expect("a marker");
    marker
        .lines()
        .skip_while(|line| !line.starts_with("The files it wrote"))
        .skip(1)
        .map(|line| line.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .collect()
}

/// Checks what the marker of the output folder `dir` says of each file against the
/// file: its size and digest are of the file's bytes, and the file on disk it names,
/// where it names one, is the file there.
pub fn assert_marker_is_true(dir: &Path) {
    use std::os::unix::fs::MetadataExt;
    let marker = fs::read_to_string(dir.join(".tiendo-output")).expect("a marker");
    for line in marker
        .lines()
        .skip_while(|l| !l.starts_with("The files it wrote"))
        .skip(1)
    {
        let fields: Vec<&str> = line.split(' ').collect();
        let path = dir.join(fields[0]);
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("`{line}`: {e}"));
        assert_eq!(fields[1], bytes.len().to_string(), "`{line}`: its size");
        let digest = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes));
        assert_eq!(fields[2], digest, "`{line}`: its digest");
        if let [device, inode, modified] = fields[3..] {
            let meta = fs::symlink_metadata(&path).unwrap();
            let on_disk = format!(
                "{} {} {}.{:09}",
                meta.dev(),
                meta.ino(),
                meta.mtime(),
                meta.mtime_nsec()
            );
            assert_eq!(
                format!("{device} {inode} {modified}"),
                on_disk,
                "`{line}`: its file"
            );
        }
    }
}

/// Waits beyond one tick of the file system's clock, so that what happens next has a
/// later time than what happened before.
pub fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

/// Runs git in `dir`, committing as a fixed person at `date` (ISO 8601), with no
/// configuration of the machine's (its `HOME` is the repository).
pub fn git(dir: &Path, date: &str, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "Sở Y tế")
        .env("GIT_AUTHOR_EMAIL", "soyte@example.org")
        .env("GIT_COMMITTER_NAME", "Sở Y tế")
        .env("GIT_COMMITTER_EMAIL", "soyte@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}
