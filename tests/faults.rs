//! A build killed at any moment never loses the published site. Under strace's fault
//! injection (Debian's `strace`), the build of a small site is killed at each of its
//! file operations in turn: every rename, unlink, link, folder made and file opened. After
//! each kill the output folder holds the whole previous site or the whole new one, and
//! the next build succeeds and leaves nothing beside the output.
//!
//! The builds run on one thread (`RAYON_NUM_THREADS=1`), so that the n-th call of a
//! kind is always the same call: strace counts calls per thread.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use common::{TestSite, assert_marker_is_true, marker_paths, tree};

/// The calls the build is killed at, each kind in turn.
const CALLS: &[&str] = &[
    "rename",
    "renameat",
    "renameat2",
    "unlink",
    "unlinkat",
    "rmdir",
    "link",
    "linkat",
    "mkdir",
    "mkdirat",
    "open",
    "openat",
];

type Tree = BTreeMap<String, Vec<u8>>;

struct Scenario {
    site: TestSite,
    /// Holds the output and nothing else, so that leftovers are seen.
    parent: PathBuf,
    /// `--output-dir`: the folder, or a link to it.
    output: PathBuf,
    /// Where the site really is: the folder, or the link's target.
    folder: PathBuf,
    /// Built with `--output-dir .` from inside the folder, which is replaced in place.
    in_place: bool,
    /// The site's files are of an earlier day, so that a rebuild knows the unchanged
    /// ones by their records in the marker, without reading them.
    settled: bool,
}

impl Scenario {
    fn in_place() -> Scenario {
        let scenario = Scenario::new(false);
        fs::create_dir_all(&scenario.output).unwrap();
        Scenario {
            in_place: true,
            ..scenario
        }
    }

    fn new(through_link: bool) -> Scenario {
        let site = TestSite::new();
        let parent = site.path().join("out");
        fs::create_dir_all(&parent).unwrap();
        let output = parent.join("public");
        let folder = if through_link {
            let target = site.path().join("www/site");
            fs::create_dir_all(&target).unwrap();
            std::os::unix::fs::symlink(&target, &output).unwrap();
            target
        } else {
            output.clone()
        };
        Scenario {
            site,
            parent,
            output,
            folder,
            in_place: false,
            settled: false,
        }
    }

    fn settled() -> Scenario {
        Scenario {
            settled: true,
            ..Scenario::new(false)
        }
    }

    /// Dates the site's files a day back, then builds it again, which records them.
    fn settle(&self, as_of: &str) {
        let a_day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
        for entry in walkdir::WalkDir::new(&self.folder) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() && entry.file_name() != ".tiendo-output" {
                let file = fs::File::options().write(true).open(entry.path()).unwrap();
                file.set_modified(a_day_ago).unwrap();
            }
        }
        common::tick();
        self.build(as_of);
        let marker = fs::read_to_string(self.folder.join(".tiendo-output")).unwrap();
        let lines: Vec<&str> = marker
            .lines()
            .skip_while(|line| !line.starts_with("The files it wrote"))
            .skip(1)
            .collect();
        let recorded = lines.iter().filter(|l| l.split(' ').count() == 6).count();
        assert!(
            recorded * 2 > lines.len(),
            "{recorded} of {} files recorded",
            lines.len()
        );
    }

    fn build_args(&self, as_of: &str) -> Vec<String> {
        [
            "build",
            "--quiet",
            "--root",
            self.site.path().to_str().unwrap(),
            "--output-dir",
            if self.in_place {
                "."
            } else {
                self.output.to_str().unwrap()
            },
            "--as-of",
            as_of,
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// `tiendo build` under strace, killed at the `n`-th `call` when `n` is given; with
    /// the number of each of `calls` it made, as strace counted them.
    fn traced_build(
        &self,
        as_of: &str,
        calls: &[&str],
        kill: Option<(&str, usize)>,
    ) -> (Output, Vec<(String, usize)>) {
        let summary = tempfile::NamedTempFile::new().unwrap();
        let mut strace = Command::new("strace");
        strace.args([
            "-f",
            "-qq",
            "-c",
            "-e",
            &format!("trace={}", calls.join(",")),
        ]);
        strace.arg("-o").arg(summary.path());
        if let Some((call, n)) = kill {
            strace.arg("-e");
            strace.arg(format!("inject={call}:signal=SIGKILL:when={n}"));
        }
        let output = strace
            .arg(tiendo())
            .args(self.build_args(as_of))
            .env("RAYON_NUM_THREADS", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .current_dir(self.working_folder())
            .output()
            .expect("strace runs");
        let summary = fs::read_to_string(summary.path()).unwrap_or_default();
        (output, counts_in(&summary))
    }

    fn build(&self, as_of: &str) {
        let output = Command::new(tiendo())
            .args(self.build_args(as_of))
            .current_dir(self.working_folder())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "the build as of {as_of} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Where the build runs: inside the folder when it is replaced in place.
    fn working_folder(&self) -> &std::path::Path {
        if self.in_place {
            &self.folder
        } else {
            self.site.path()
        }
    }

    /// Leaves no site at the output: no folder, or an empty link target.
    fn remove_site(&self) {
        fs::remove_dir_all(&self.folder).unwrap();
        if self.folder != self.output {
            fs::create_dir(&self.folder).unwrap();
        }
    }

    /// The site the output holds now, without tiendo's own names at its top; nothing
    /// when it is missing.
    fn site_now(&self) -> Tree {
        if self.folder.is_dir() {
            let mut site = tree(&self.folder);
            site.retain(|path, _| !path.starts_with(".tiendo-"));
            site
        } else {
            Tree::new()
        }
    }

    /// What the marker in the output says of its files' bytes; nothing when there is
    /// no marker.
    fn marker_now(&self) -> Vec<String> {
        if self.folder.join(".tiendo-output").exists() {
            marker_paths(&self.folder)
        } else {
            Vec::new()
        }
    }

    /// tiendo's names at the top of the output other than its marker.
    fn reserved_now(&self) -> Vec<String> {
        match fs::read_dir(&self.folder) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(".tiendo-") && name != ".tiendo-output")
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Names beside the output (and beside the link's target) other than the output.
    fn beside(&self) -> Vec<String> {
        let mut dirs = vec![self.parent.as_path(), self.folder.parent().unwrap()];
        dirs.dedup();
        let mut names = Vec::new();
        for dir in dirs {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path != self.output && path != self.folder {
                    names.push(path.display().to_string());
                }
            }
        }
        names
    }
}

fn tiendo() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tiendo"))
}

fn strace_is_installed() {
    let found = Command::new("strace").arg("-V").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "these tests need strace: install it with `apt-get install strace` (.ci/run does)"
    );
}

/// How many times each kind of call is made by a build as of `as_of`.
fn count_calls(scenario: &Scenario, as_of: &str) -> Vec<(String, usize)> {
    let (output, counts) = scenario.traced_build(as_of, CALLS, None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    counts
}

/// The calls in strace's summary (`-c`): "% time  seconds  usecs/call  calls  [errors]
/// syscall".
fn counts_in(summary: &str) -> Vec<(String, usize)> {
    summary
        .lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let name = *words.last()?;
            let calls = words.get(3)?.parse().ok()?;
            CALLS.contains(&name).then(|| (name.to_owned(), calls))
        })
        .collect()
}

/// Kills a build at every call in turn, alternating between two as-of dates so that
/// each build replaces a different site.
fn kill_at_every_call(scenario: &Scenario, first_build: bool) -> Vec<String> {
    let dates = ["2025-12-01", "2025-12-02"];
    let mut sites: [Tree; 2] = Default::default();
    let mut markers: [Vec<String>; 2] = Default::default();
    for (i, date) in dates.iter().enumerate() {
        scenario.build(date);
        sites[i] = scenario.site_now();
        markers[i] = scenario.marker_now();
    }
    assert_ne!(sites[0], sites[1]);
    if scenario.settled {
        scenario.settle(dates[1]);
        assert_eq!(scenario.site_now(), sites[1]);
    }
    if first_build {
        scenario.remove_site();
    }
    let counts = count_calls(scenario, dates[0]);
    assert!(
        counts.iter().any(|(call, _)| call.starts_with("rename")),
        "no rename seen: {counts:?}"
    );
    let mut table = Vec::new();
    let mut turn = 0;
    for (call, count) in &counts {
        let (mut killed, mut finished) = (0, 0);
        for n in 1..=*count {
            let new = turn % 2;
            let old = if first_build {
                scenario.remove_site();
                Tree::new()
            } else {
                sites[1 - new].clone()
            };
            let (output, made) = scenario.traced_build(dates[new], &[call], Some((call, n)));
            if output.status.success() {
                // This build made fewer such calls than the one counted: how many folders
                // the search for added files reads depends on the folders' times, which
                // a clock tick may make equal to the marker's.
                let made = made.iter().find(|(c, _)| c == call).map_or(0, |(_, m)| *m);
                assert!(
                    made < n,
                    "the build was not stopped at {call} #{n} of {count}, though it made {made}"
                );
                finished += 1;
                assert_eq!(scenario.site_now(), sites[new]);
                assert_eq!(scenario.marker_now(), markers[new]);
                assert_marker_is_true(&scenario.folder);
                turn += 1;
                continue;
            }
            killed += 1;
            let now = scenario.site_now();
            if scenario.in_place {
                entries_are_whole(&now, &old, &sites[new], &format!("{call} #{n}"));
            } else {
                let marker = scenario.marker_now();
                assert!(
                    (now == old && (first_build || marker == markers[1 - new]))
                        || (now == sites[new] && marker == markers[new]),
                    "killed at {call} #{n}: the marker is not the site's"
                );
                assert!(
                    now == old || now == sites[new],
                    "killed at {call} #{n}: the output holds neither the previous site nor the new one \
                 ({} files; the previous had {}, the new {})",
                    now.len(),
                    old.len(),
                    sites[new].len()
                );
            }
            scenario.build(dates[new]);
            assert_eq!(
                scenario.site_now(),
                sites[new],
                "after a kill at {call} #{n}, the next build's site is not whole"
            );
            assert_eq!(scenario.marker_now(), markers[new]);
            assert_marker_is_true(&scenario.folder);
            let mut beside = scenario.beside();
            beside.extend(scenario.reserved_now());
            assert!(
                beside.is_empty(),
                "after a kill at {call} #{n}, the next build left {beside:?}"
            );
            turn += 1;
        }
        table.push(if finished == 0 {
            format!("{call}: {count} calls, killed at each: {killed}")
        } else {
            format!(
                "{call}: {count} calls, killed at each: {killed}; {finished} builds had finished before"
            )
        });
    }
    table
}

/// Replaced in place, the folder may hold a mix of the two sites for a moment, each of
/// its top-level entries whole: as the previous site had it, or as the new one has it.
fn entries_are_whole(now: &Tree, old: &Tree, new: &Tree, killed_at: &str) {
    let top = |path: &str| path.split('/').next().unwrap_or_default().to_owned();
    let entry = |tree: &Tree, name: &str| -> Tree {
        tree.iter()
            .filter(|(path, _)| top(path) == name)
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect()
    };
    let mut names: Vec<String> = now.keys().map(|p| top(p)).collect();
    names.dedup();
    for name in names.iter().filter(|n| !n.starts_with(".tiendo-")) {
        let here = entry(now, name);
        assert!(
            here == entry(old, name) || here == entry(new, name),
            "killed at {killed_at}: `{name}` is neither the previous site's nor the new one's"
        );
    }
    // A name both sites have is exchanged in one step: it is never missing.
    let names_of = |tree: &Tree| -> Vec<String> { tree.keys().map(|p| top(p)).collect() };
    let (old_names, new_names) = (names_of(old), names_of(new));
    for name in old_names.iter().filter(|n| new_names.contains(n)) {
        assert!(
            names.contains(name),
            "killed at {killed_at}: `{name}` is missing"
        );
    }
}

fn report(what: &str, table: &[String]) {
    // Shown with --nocapture: the closing note quotes it.
    println!("{what}:\n  {}", table.join("\n  "));
}

#[test]
fn a_rebuild_killed_at_any_file_operation_keeps_a_whole_site() {
    strace_is_installed();
    // Its unchanged files known by their records; through a link and in place, below,
    // they are read.
    let scenario = Scenario::settled();
    report(
        "rebuild into a folder, its files of an earlier day",
        &kill_at_every_call(&scenario, false),
    );
}

#[test]
fn a_first_build_killed_at_any_file_operation_leaves_no_half_site() {
    strace_is_installed();
    let scenario = Scenario::new(false);
    report("first build", &kill_at_every_call(&scenario, true));
}

#[test]
fn a_rebuild_through_a_link_killed_at_any_file_operation_keeps_the_link_and_a_whole_site() {
    strace_is_installed();
    let scenario = Scenario::new(true);
    let table = kill_at_every_call(&scenario, false);
    assert!(
        fs::symlink_metadata(&scenario.output)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    report("rebuild through a symbolic link", &table);
}

#[test]
fn a_rebuild_in_place_killed_at_any_file_operation_keeps_each_entry_whole() {
    strace_is_installed();
    let scenario = Scenario::in_place();
    report(
        "rebuild in place (the current folder)",
        &kill_at_every_call(&scenario, false),
    );
}
