//! What the output folder may be, and what becomes of what is in it: a folder, a
//! symbolic link to one, a mount point, the current folder; files tiendo did not
//! write; two builds at once; what a stopped build left.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{TestSite, marker_paths, tree};
use predicates::str::contains;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn build_into(site: &TestSite, output: &Path) -> assert_cmd::assert::Assert {
    site.tiendo(&["build", "--output-dir", output.to_str().unwrap()])
        .assert()
}

#[test]
fn a_symlinked_output_stays_a_link_and_its_target_is_replaced() {
    let site = TestSite::new();
    let www = site.path().join("www");
    fs::create_dir_all(www.join("site")).unwrap();
    std::os::unix::fs::symlink("www/site", site.output()).unwrap();
    site.build().success();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "value: 89.18",
        "value: 90.5",
    );
    site.build().success();
    assert!(
        fs::symlink_metadata(site.output())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(site.page("provinces/lao-cai/index.html").contains("90"));
    assert_eq!(names(&www), ["site"], "nothing is left beside the target");
    assert!(!site.path().join(".public.previous").exists());
    // Another build still works, as the every later build did not.
    site.build().success();
}

#[test]
fn a_link_to_nowhere_or_to_a_file_is_refused_before_anything_is_touched() {
    let site = TestSite::new();
    std::os::unix::fs::symlink("www/site", site.output()).unwrap();
    site.build().failure().stderr(contains(
        "is a symbolic link to `www/site`, which does not exist",
    ));
    assert!(!site.path().join("www").exists());
    fs::remove_file(site.output()).unwrap();
    site.write("notes.txt", "mine");
    std::os::unix::fs::symlink("notes.txt", site.output()).unwrap();
    site.build().failure().stderr(contains("not a folder"));
    assert_eq!(
        fs::read_to_string(site.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn dots_and_slashes_at_the_end_name_the_folder_itself() {
    let site = TestSite::new();
    site.build().success();
    let before = tree(&site.output());
    for given in ["public/.", "public/", "public/./", "nothing/../public"] {
        build_into(&site, &site.path().join(given)).success();
        assert_eq!(tree(&site.output()), before, "{given}");
        assert_eq!(
            names(site.path()),
            ["content", "public", "site.yaml"],
            "{given}"
        );
    }
}

#[test]
fn the_current_folder_is_replaced_in_place_so_a_shell_in_it_sees_the_new_site() {
    let site = TestSite::new();
    site.build().success();
    let output = site.output();
    let before = fs::metadata(&output).unwrap();
    let mut command = site.tiendo(&["build", "--output-dir", "."]);
    command.current_dir(&output).assert().success();
    use std::os::unix::fs::MetadataExt;
    let after = fs::metadata(&output).unwrap();
    assert_eq!(
        before.ino(),
        after.ino(),
        "the same folder, its entries replaced"
    );
    assert!(output.join("index.html").is_file());
    assert!(
        !names(&output)
            .iter()
            .any(|n| n.starts_with(".tiendo-") && n != ".tiendo-output"),
        "{:?}",
        names(&output)
    );
}

#[test]
fn a_mount_point_is_replaced_in_place() {
    let site = TestSite::new();
    let volume = site.path().join("volume");
    fs::create_dir(&volume).unwrap();
    let tiendo = env!("CARGO_BIN_EXE_tiendo");
    let root = site.path().display().to_string();
    let build = format!(
        "{tiendo} build --quiet --root {root} --as-of 2025-12-01 --output-dir {root}/volume"
    );
    // A private mount namespace: the tmpfs is seen by this shell alone, as a container's
    // volume is seen by the container.
    let script = format!(
        "set -e; mount -t tmpfs tiendo-test {root}/volume; {build}; \
         echo stale > {root}/volume/en/stale.html; rm {root}/volume/en/stale.html; \
         {build}; ls -a {root}/volume; test -f {root}/volume/provinces/lao-cai/index.html"
    );
    let output = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", &script])
        .output()
        .expect("unshare runs (util-linux)");
    let listing = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{listing}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(listing.contains(".tiendo-output"), "{listing}");
    assert!(!listing.contains(".tiendo-staging"), "{listing}");
    assert!(!listing.contains(".tiendo-lock"), "{listing}");
    assert!(
        names(&volume).is_empty(),
        "the tmpfs was mounted in its own namespace"
    );
}

#[test]
fn an_output_whose_parent_cannot_be_written_is_replaced_in_place() {
    let site = TestSite::new();
    // Someone who may write in the output but not beside it. Root may write anywhere,
    // so as root the build runs as nobody; anyone else is denied the parent by its mode.
    let parent = site.path().join("srv");
    let output = parent.join("site");
    fs::create_dir_all(&output).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let as_root = current_uid() == 0;
    if as_root {
        for dir in [site.path(), &parent] {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::os::unix::fs::chown(&output, Some(65534), Some(65534)).unwrap();
    } else {
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    }
    let run = || {
        let mut command = if as_root {
            let mut setpriv = Command::new("setpriv");
            setpriv
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_tiendo"));
            setpriv
        } else {
            Command::new(env!("CARGO_BIN_EXE_tiendo"))
        };
        command
            .args(["build", "--as-of", "2025-12-01", "--root"])
            .arg(site.path())
            .arg("--output-dir")
            .arg(&output)
            .output()
            .expect("the build runs (setpriv is util-linux's)")
    };
    for _ in 0..2 {
        let result = run();
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
    assert!(output.join("provinces/lao-cai/index.html").is_file());
    assert_eq!(names(&parent), ["site"]);
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
}

/// The user the tests run as: the owner of a file just made.
fn current_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid()
}

#[test]
fn a_file_added_to_the_output_is_refused_not_deleted_and_static_publishes_it() {
    let site = TestSite::new();
    site.build().success();
    let before = tree(&site.output());
    fs::write(site.output().join("CNAME"), "progress.example.org\n").unwrap();
    fs::create_dir_all(site.output().join(".well-known")).unwrap();
    fs::write(site.output().join(".well-known/security.txt"), "Contact: x").unwrap();
    site.build()
        .failure()
        .stderr(contains(
            "it holds 2 files that tiendo did not write: `.well-known/security.txt`, `CNAME`",
        ))
        .stderr(contains("put it in the site's `static/` folder"));
    assert_eq!(
        fs::read_to_string(site.output().join("CNAME")).unwrap(),
        "progress.example.org\n"
    );
    let mut with_theirs = before.clone();
    with_theirs.insert("CNAME".into(), b"progress.example.org\n".to_vec());
    with_theirs.insert(".well-known/security.txt".into(), b"Contact: x".to_vec());
    assert_eq!(tree(&site.output()), with_theirs);

    // Their place is static/: every build publishes it.
    site.write("static/CNAME", "progress.example.org\n")
        .write("static/.nojekyll", "")
        .write("static/.well-known/security.txt", "Contact: x");
    fs::remove_file(site.output().join("CNAME")).unwrap();
    fs::remove_dir_all(site.output().join(".well-known")).unwrap();
    site.build().success();
    site.build().success();
    assert_eq!(site.page("CNAME"), "progress.example.org\n");
    assert!(site.output().join(".nojekyll").is_file());
    assert_eq!(site.page(".well-known/security.txt"), "Contact: x");
}

#[test]
fn a_static_file_cannot_take_a_name_tiendo_keeps() {
    let site = TestSite::new();
    site.write("static/.tiendo-lock", "");
    site.build().failure().stderr(contains(
        "the static file `.tiendo-lock` would replace a file tiendo writes",
    ));
}

#[test]
fn a_second_build_waits_for_the_first_and_nothing_leaks() {
    let site = TestSite::new();
    site.build().success();
    // Hold the lock as a running build would.
    let lock_path = site.path().join(".public.tiendo-lock");
    let lock = fs::File::create(&lock_path).unwrap();
    lock.lock().unwrap();
    let mut second = std::process::Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .args(["build", "--as-of", "2025-12-02", "--root"])
        .arg(site.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second build waits"
    );
    assert!(!site.page("index.html").contains("2025-12-02"));
    drop(lock);
    let output = second.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("is writing into"), "{stderr}");
    assert!(stderr.contains("waiting for it to finish"), "{stderr}");
    assert!(site.page("index.html").contains("2025-12-02"));
    assert_eq!(names(site.path()), ["content", "public", "site.yaml"]);

    // Two real builds at once: both succeed, one after the other.
    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_tiendo"))
            .args(["build", "--quiet", "--as-of", "2025-12-03", "--root"])
            .arg(site.path())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (start(), start());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    assert_eq!(names(site.path()), ["content", "public", "site.yaml"]);
}

#[test]
fn what_a_stopped_build_left_is_recognised_by_its_marker_and_cleared() {
    let site = TestSite::new();
    site.build().success();
    let left = |name: &str, marked: bool| {
        let dir = site.path().join(name);
        fs::create_dir_all(dir.join("en")).unwrap();
        fs::write(dir.join("en/index.html"), "half").unwrap();
        if marked {
            fs::write(dir.join(".tiendo-output"), "").unwrap();
        }
    };
    left(".public.tiendo-staging-AbC123", true);
    left(".public.previous", true);
    left(".public.tiendo-staging-theirs", false);
    fs::create_dir(site.path().join(".public.tiendo-staging-empty")).unwrap();
    site.build()
        .success()
        .stderr(contains("removed `"))
        .stderr(contains("left by a build that was stopped"))
        .stderr(contains(
            "is named like a folder of tiendo's but is not marked as one",
        ));
    assert_eq!(
        names(site.path()),
        [
            ".public.tiendo-staging-theirs",
            "content",
            "public",
            "site.yaml"
        ]
    );
}

#[test]
fn a_site_moved_aside_by_a_stopped_swap_is_put_back() {
    let site = TestSite::new();
    site.build().success();
    let before = tree(&site.output());
    // Where a file system cannot exchange two folders, the swap is two renames, and a
    // build stopped between them leaves the previous site beside the output.
    fs::rename(site.output(), site.path().join(".public.tiendo-old-AbC123")).unwrap();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "deadline: 2025-11",
        "deadline: 2025-13",
    );
    site.build().failure();
    assert_eq!(
        tree(&site.output()),
        before,
        "put back, and kept by the failed build"
    );
    assert_eq!(names(site.path()), ["content", "public", "site.yaml"]);
}

#[test]
fn a_marker_line_leading_out_of_the_folder_is_never_followed() {
    let site = TestSite::new();
    site.build().success();
    site.write("victim.txt", "precious");
    let marker = site.output().join(".tiendo-output");
    let mut text = fs::read_to_string(&marker).unwrap();
    text.push_str("../victim.txt\n../../victim.txt\n/etc/hostname\n");
    fs::write(&marker, text).unwrap();
    site.build().success();
    assert_eq!(
        fs::read_to_string(site.path().join("victim.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_file_added_while_the_build_runs_is_kept_and_the_build_says_where() {
    let site = TestSite::new();
    site.build().success();
    // Hold the build at its swap, long after the previous site was checked.
    let build = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=renameat2",
            "-e",
        ])
        .arg("inject=renameat2:delay_enter=2000000:when=1")
        .arg(env!("CARGO_BIN_EXE_tiendo"))
        .args(["build", "--as-of", "2025-12-02", "--root"])
        .arg(site.path())
        .env("RAYON_NUM_THREADS", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("strace runs");
    // The marker with its list is written just before the swap: the build is there.
    let at_swap = || {
        names(site.path())
            .iter()
            .filter(|n| n.starts_with(".public.tiendo-staging-"))
            .any(|n| {
                fs::read_to_string(site.path().join(n).join(".tiendo-output"))
                    .is_ok_and(|marker| marker.contains("index.html"))
            })
    };
    let started = std::time::Instant::now();
    while !at_swap() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the build never reached its swap"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    fs::create_dir_all(site.output().join(".well-known/acme-challenge")).unwrap();
    fs::write(
        site.output().join(".well-known/acme-challenge/token"),
        "proof",
    )
    .unwrap();
    let output = build.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("while the build ran, a file was added to `"),
        "{stderr}"
    );
    let kept: Vec<String> = names(site.path())
        .into_iter()
        .filter(|n| n.starts_with(".public.tiendo-kept-"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", names(site.path()));
    let token = site
        .path()
        .join(&kept[0])
        .join(".well-known/acme-challenge/token");
    assert_eq!(fs::read_to_string(token).unwrap(), "proof");
    assert!(stderr.contains(&kept[0]), "{stderr}");
    // The next build says so again, and goes on.
    site.build().success().stderr(predicates::str::contains(
        "holds files added to the output while a build ran",
    ));
}

#[test]
fn a_previous_site_of_odd_shapes_and_names_never_stops_later_builds() {
    // A folder where the site had a file.
    let site = TestSite::new();
    site.build().success();
    fs::remove_file(site.output().join("robots.txt")).unwrap();
    fs::create_dir(site.output().join("robots.txt")).unwrap();
    for _ in 0..3 {
        site.build().success();
        assert_eq!(names(site.path()), ["content", "public", "site.yaml"]);
    }
    // A site whose path is not UTF-8.
    use std::os::unix::ffi::OsStrExt;
    let parent = site.path().join(std::ffi::OsStr::from_bytes(b"sites-\xff"));
    let output = parent.join("public");
    for _ in 0..3 {
        let mut command = site.tiendo(&["build"]);
        command.arg("--output-dir").arg(&output).assert().success();
        assert_eq!(fs::read_dir(&parent).unwrap().count(), 1);
    }
}

#[test]
fn every_build_into_a_folder_takes_the_same_lock_however_it_names_it() {
    let site = TestSite::new();
    site.build().success();
    // A build in place, from inside the folder, stopped after it made its staging folder.
    let stopped = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=mkdir,mkdirat",
            "-e",
        ])
        .arg("inject=mkdir,mkdirat:signal=SIGKILL:when=3")
        .arg(env!("CARGO_BIN_EXE_tiendo"))
        .args([
            "build",
            "--as-of",
            "2025-12-02",
            "--output-dir",
            ".",
            "--root",
        ])
        .arg(site.path())
        .env("RAYON_NUM_THREADS", "1")
        .current_dir(site.output())
        .status()
        .expect("strace runs");
    assert!(!stopped.success());
    assert!(
        names(&site.output())
            .iter()
            .any(|n| n.starts_with(".tiendo-staging-"))
    );
    // By its name, the folder is the same: what was left inside is cleared.
    site.build().success();
    assert!(
        !names(&site.output())
            .iter()
            .any(|n| n.starts_with(".tiendo-") && n != ".tiendo-output"),
        "{:?}",
        names(&site.output())
    );
    // Both ways take the lock beside the folder.
    let lock = fs::File::create(site.path().join(".public.tiendo-lock")).unwrap();
    lock.lock().unwrap();
    let mut waiting = std::process::Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .args([
            "build",
            "--quiet",
            "--as-of",
            "2025-12-03",
            "--output-dir",
            ".",
            "--root",
        ])
        .arg(site.path())
        .current_dir(site.output())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the build in place waits too"
    );
    drop(lock);
    assert!(waiting.wait().unwrap().success());
}

#[test]
fn a_site_marked_by_an_earlier_tiendo_keeps_what_it_did_not_write() {
    let site = TestSite::new();
    site.build().success();
    fs::write(
        site.output().join(".tiendo-output"),
        "This folder is written by `tiendo build` and replaced whole by every build.\n",
    )
    .unwrap();
    fs::write(site.output().join("CNAME"), "progress.example.org\n").unwrap();
    site.build().failure().stderr(predicates::str::contains(
        "it holds a file that tiendo did not write: `CNAME`",
    ));
    fs::remove_file(site.output().join("CNAME")).unwrap();
    site.build().success();
}

#[test]
fn the_output_folder_keeps_its_mode_and_group() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let site = TestSite::new();
    site.build().success();
    fs::set_permissions(site.output(), fs::Permissions::from_mode(0o2750)).unwrap();
    if current_uid() == 0 {
        std::os::unix::fs::chown(site.output(), None, Some(1)).unwrap();
    }
    let group = fs::metadata(site.output()).unwrap().gid();
    site.build().success();
    let after = fs::metadata(site.output()).unwrap();
    assert_eq!(after.mode() & 0o7777, 0o2750);
    assert_eq!(after.gid(), group);
}

#[test]
fn a_file_added_deep_in_the_output_is_found_however_its_folder_is_dated() {
    let site = TestSite::new();
    site.build().success();
    let deep = site.output().join("provinces/lao-cai");
    fs::write(deep.join("notes.txt"), "theirs").unwrap();
    fs::create_dir_all(deep.join("drafts/2026")).unwrap();
    fs::write(deep.join("drafts/2026/plan.html"), "theirs").unwrap();
    // Setting a folder's modification time back does not hide what was added to it.
    let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    fs::File::open(&deep).unwrap().set_modified(old).unwrap();
    site.build().failure().stderr(contains(
        "it holds 2 files that tiendo did not write: `provinces/lao-cai/drafts/2026/plan.html`, `provinces/lao-cai/notes.txt`",
    ));
    assert_eq!(
        fs::read_to_string(deep.join("notes.txt")).unwrap(),
        "theirs"
    );
}

#[test]
fn an_unchanged_file_stays_the_same_file_and_a_changed_one_is_new() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let site = TestSite::new();
    site.build().success();
    let output = site.output();
    let identity = |path: &str| {
        let meta = fs::metadata(output.join(path)).unwrap();
        (meta.ino(), meta.mtime(), meta.mtime_nsec())
    };
    let (unchanged, edited) = ("deadlines/index.html", "provinces/lao-cai/index.html");
    let before = (identity(unchanged), identity(edited));
    // Someone changed a published file in place, and another's mode.
    fs::write(output.join("404.html"), "changed in place").unwrap();
    fs::set_permissions(output.join("robots.txt"), fs::Permissions::from_mode(0o600)).unwrap();
    let robots_mode = |output: &Path| fs::metadata(output.join("robots.txt")).unwrap().mode();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "value: 89.18",
        "value: 90.5",
    );
    site.build().success();
    assert_eq!(
        identity(unchanged),
        before.0,
        "the unchanged page is the same file, of the same date"
    );
    assert_ne!(
        identity(edited).0,
        before.1.0,
        "the changed page is a new file"
    );
    assert!(site.page(edited).contains("90"));
    assert_ne!(
        site.page("404.html"),
        "changed in place",
        "a file changed in place is written anew"
    );
    assert_eq!(robots_mode(&output) & 0o777, 0o666 & !umask());
    // The site is what a build into an empty folder makes.
    let rebuilt = tree(&output);
    let fresh = site.path().join("fresh");
    build_into(&site, &fresh).success();
    assert_eq!(tree(&fresh), rebuilt);
    assert_eq!(marker_paths(&fresh), marker_paths(&output));
}

/// Dates every file of the site in `output` a day back, then builds it again, so that
/// its marker records them as a build of the day before would have.
fn settle(site: &TestSite) {
    let a_day_ago = SystemTime::now() - Duration::from_secs(86_400);
    for file in walk_files(&site.output()) {
        set_modified(&file, a_day_ago);
    }
    site.build().success();
    let marker = fs::read_to_string(site.output().join(".tiendo-output")).unwrap();
    let line = marker
        .lines()
        .find(|l| l.starts_with("deadlines/index.html "))
        .unwrap();
    assert_eq!(line.split(' ').count(), 6, "{marker}");
}

fn set_modified(path: &Path, time: SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(time).unwrap();
}

/// Changes a published page in place, keeping its size and setting its time back to
/// the nanosecond; returns what it held.
fn change_by_hand(page: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    let before = fs::metadata(page).unwrap();
    let html = fs::read_to_string(page).unwrap();
    fs::write(page, html.replacen("<html", "<HTML", 1)).unwrap();
    let modified = UNIX_EPOCH + Duration::new(before.mtime() as u64, before.mtime_nsec() as u32);
    set_modified(page, modified);
    let after = fs::metadata(page).unwrap();
    assert_eq!(
        (after.ino(), after.mtime_nsec()),
        (before.ino(), before.mtime_nsec())
    );
    html
}

/// Builds `site` again, and checks that `page` holds `html` again and the marker is true.
fn rebuild_and_see_written_anew(site: &TestSite, page: &Path, html: &str) {
    site.build().success();
    assert_eq!(
        fs::read_to_string(page).unwrap(),
        html,
        "the page is written anew"
    );
    common::assert_marker_is_true(&site.output());
}

/// The inode of each file of the site.
fn inodes(output: &Path) -> BTreeMap<std::path::PathBuf, u64> {
    use std::os::unix::fs::MetadataExt;
    walk_files(output)
        .into_iter()
        .map(|file| {
            let inode = fs::metadata(&file).unwrap().ino();
            (file, inode)
        })
        .collect()
}

#[test]
fn a_page_changed_by_hand_is_written_anew_whatever_its_time_says() {
    let site = TestSite::new();
    site.build().success();
    settle(&site);
    let output = site.output();
    let before = inodes(&output);
    let page = output.join("deadlines/index.html");
    let html = change_by_hand(&page);
    common::tick();
    rebuild_and_see_written_anew(&site, &page, &html);
    // It alone is a new file; every other is the one the last build left.
    let mut after = inodes(&output);
    assert_ne!(after.remove(&page), before.get(&page).copied());
    let mut others = before.clone();
    others.remove(&page);
    assert_eq!(after, others);
    let rebuilt = tree(&output);
    let fresh = site.path().join("fresh");
    build_into(&site, &fresh).success();
    assert_eq!(tree(&fresh), rebuilt);
    assert_eq!(marker_paths(&fresh), marker_paths(&output));
}

#[test]
fn a_page_changed_by_hand_before_the_output_s_modes_were_set_again_is_written_anew() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::new();
    site.build().success();
    settle(&site);
    let output = site.output();
    let page = output.join("deadlines/index.html");
    let html = change_by_hand(&page);
    common::tick();
    // `chmod -R a+rX public`: each file's status changes, the page's first, the
    // marker's last.
    let mut files = walk_files(&output);
    files.sort_by_key(|file| *file != page);
    files.push(output.join(".tiendo-output"));
    for file in files {
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        fs::set_permissions(&file, fs::Permissions::from_mode(mode | 0o444)).unwrap();
        if file == page {
            common::tick();
        }
    }
    common::tick();
    rebuild_and_see_written_anew(&site, &page, &html);
}

#[test]
fn a_file_added_after_a_build_is_found_though_the_marker_changed_later() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::new();
    site.build().success();
    site.build().success();
    let output = site.output();
    fs::write(output.join("deadlines/notes.txt"), "theirs").unwrap();
    common::tick();
    // The marker's status changes after the file was added.
    let marker = output.join(".tiendo-output");
    let mode = fs::metadata(&marker).unwrap().permissions().mode();
    fs::set_permissions(&marker, fs::Permissions::from_mode(mode)).unwrap();
    site.build().failure().stderr(contains(
        "it holds a file that tiendo did not write: `deadlines/notes.txt`",
    ));
    assert_eq!(site.page("deadlines/notes.txt"), "theirs");
}

/// Every file under `dir` but its marker.
fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            files.extend(walk_files(&entry.path()));
        } else if entry.file_name() != ".tiendo-output" {
            files.push(entry.path());
        }
    }
    files
}

/// This process's file mode mask.
fn umask() -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let probe = tempfile::tempdir().unwrap();
    let file = probe.path().join("probe");
    fs::write(&file, "").unwrap();
    0o666 & !(fs::metadata(&file).unwrap().permissions().mode() & 0o777)
}
