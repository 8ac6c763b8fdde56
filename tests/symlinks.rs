//! Symbolic links in the site's folder are followed inside it only, the same way for
//! content, `site.yaml`, themes, templates and static files: a link leading outside is
//! an error naming it, and what it points at is never read, published or printed.

mod common;

use std::fs;
use std::os::unix::fs::symlink;

use common::{TestSite, UPDATE, tree};

const SECRET: &str = "a secret that must never be published";

/// A file outside the site's folder, beside it.
fn secret_beside(site: &TestSite) -> std::path::PathBuf {
    let outside = site.path().parent().unwrap().join(format!(
        "outside-{}",
        site.path().file_name().unwrap().to_string_lossy()
    ));
    fs::create_dir_all(&outside).unwrap();
    fs::write(
        outside.join("secret.md"),
        format!("---\n{SECRET}\n---\n{SECRET}\n"),
    )
    .unwrap();
    outside
}

fn nothing_secret_anywhere(site: &TestSite, stderr: &str) {
    assert!(!stderr.contains(SECRET), "printed: {stderr}");
    if site.output().exists() {
        for (path, bytes) in tree(&site.output()) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "published in {path}"
            );
        }
    }
}

#[test]
fn a_content_file_linked_from_inside_the_site_is_read() {
    let site = TestSite::new();
    site.write("shared/2025-11-28.md", &UPDATE.replace("89.18", "90.25"));
    site.remove("content/provinces/lao-cai/updates/2025-11-28.md");
    symlink(
        "../../../../shared/2025-11-28.md",
        site.path()
            .join("content/provinces/lao-cai/updates/2025-11-28.md"),
    )
    .unwrap();
    let output = site.tiendo(&["build"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("ignored"), "{stderr}");
    assert!(site.page("provinces/lao-cai/index.html").contains("90,25"));
}

#[test]
fn links_leading_outside_are_errors_everywhere_and_nothing_of_theirs_is_shown() {
    let places = [
        "content/provinces/lao-cai/updates/2025-11-29.md",
        "content/provinces/elsewhere",
        "static/secret.txt",
        "templates/extra.html",
        "themes/default/static/secret.css",
    ];
    for place in places {
        let site = TestSite::new();
        let outside = secret_beside(&site);
        if place.starts_with("themes/") {
            // A site's own copy of the default theme, with one file linked out.
            fs::create_dir_all(site.path().join("themes")).unwrap();
            copy_folder(
                &repo().join("themes/default"),
                &site.path().join("themes/default"),
            );
        }
        let link = site.path().join(place);
        fs::create_dir_all(link.parent().unwrap()).unwrap();
        let target = if place.ends_with("elsewhere") {
            outside.clone()
        } else {
            outside.join("secret.md")
        };
        symlink(&target, &link).unwrap();
        let output = site.tiendo(&["build"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{place}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "`{place}` is a symbolic link to `{}`, outside the site's folder",
                target.display()
            )),
            "{place}: {stderr}"
        );
        assert!(stderr.contains("copy the file in"), "{place}: {stderr}");
        nothing_secret_anywhere(&site, &stderr);
        fs::remove_dir_all(&outside).unwrap();
    }
}

#[test]
fn a_site_yaml_linked_outside_is_refused() {
    let site = TestSite::new();
    let outside = secret_beside(&site);
    site.remove("site.yaml");
    symlink(outside.join("secret.md"), site.path().join("site.yaml")).unwrap();
    let errors = site.check_errors();
    assert!(
        errors.contains("`site.yaml` is a symbolic link to"),
        "{errors}"
    );
    nothing_secret_anywhere(&site, &errors);
    fs::remove_dir_all(&outside).unwrap();
}

#[test]
fn a_link_to_nowhere_or_into_itself_is_an_error() {
    let site = TestSite::new();
    symlink(
        "nowhere.md",
        site.path()
            .join("content/provinces/lao-cai/updates/2025-12-01.md"),
    )
    .unwrap();
    symlink("..", site.path().join("content/provinces/lao-cai/loop")).unwrap();
    let errors = site.check_errors();
    assert!(
        errors.contains("2025-12-01.md` is a symbolic link to `nowhere.md`, which does not exist"),
        "{errors}"
    );
    assert!(
        errors.contains(
            "`content/provinces/lao-cai/loop` is a symbolic link to a folder that holds it"
        ),
        "{errors}"
    );
}

#[test]
fn a_site_folder_reached_through_a_link_is_the_site() {
    let site = TestSite::new();
    let link = site.path().parent().unwrap().join(format!(
        "link-{}",
        site.path().file_name().unwrap().to_string_lossy()
    ));
    symlink(site.path(), &link).unwrap();
    let output = assert_cmd::Command::cargo_bin("tiendo")
        .unwrap()
        .args(["build", "--as-of", "2025-12-01", "--root"])
        .arg(&link)
        .output()
        .unwrap();
    fs::remove_file(&link).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
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
