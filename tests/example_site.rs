//! The example site in `content/`, built from the seeds' facts: it must check clean and
//! show Lao Cai's real figures and pace as computed by hand.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// `tiendo` on the example site as of 1 December 2025, the day of the worked example.
fn tiendo(args: &[&str]) -> Command {
    tiendo_as_of(args, "2025-12-01")
}

fn tiendo_as_of(args: &[&str], as_of: &str) -> Command {
    let mut command = Command::cargo_bin("tiendo").expect("the tiendo binary");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--as-of", as_of])
        .env_remove("SOURCE_DATE_EPOCH");
    command
}

#[test]
fn the_example_site_checks_clean() {
    tiendo_as_of(&["check"], "2025-12-05")
        .assert()
        .success()
        .stderr(contains("No errors"))
        // Complete in Vietnamese and English: only French and Arabic lack translations.
        .stderr(contains("some are not translated: ar ").and(contains(", en ").not()));
}

#[test]
fn the_example_site_shows_lao_cai_as_the_seeds_report_it() {
    let output = tempfile::tempdir().unwrap();
    let out = output.path().join("site");
    tiendo(&["build", "--output-dir", out.to_str().unwrap()])
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("provinces/lao-cai/index.html")).unwrap();
    assert!(page.contains("89,18\u{a0}%"));
    assert!(page.contains("1.492.057"));
    assert!(page.contains("hơn 72.000 người"));
    assert!(page.contains("khoảng 20 tỷ đồng"));
    assert!(
        page.contains("https://baolaocai.vn/no-luc-bao-phu-bao-hiem-y-te-toan-dan-post888022.html")
    );
    // Above 95 % by 2026 with one figure: no verdict, only what is still needed.
    assert!(page.contains("Chưa đủ số liệu để đánh giá tiến độ"));
    assert!(page.contains(
        "hơn 5,82 điểm phần trăm trong 395 ngày (12,98 tháng), khoảng 0,45 điểm phần trăm mỗi tháng"
    ));
    assert!(
        page.contains("Lào Cai (cũ)") && page.contains("Yên Bái (cũ)"),
        "its predecessors"
    );
    insta::assert_snapshot!("lao_cai_page", page);
}

#[test]
fn the_example_site_has_every_page_kind() {
    let output = tempfile::tempdir().unwrap();
    let out = output.path().join("site");
    // Hai Phong's plan was issued on 3 December 2025.
    tiendo_as_of(
        &["build", "--output-dir", out.to_str().unwrap()],
        "2025-12-05",
    )
    .assert()
    .success();
    for page in [
        "index.html",
        "programs/directive-52/index.html",
        "programs/resolution-72/index.html",
        "viet-nam/index.html",
        "viet-nam/plans/282-nq-cp/index.html",
        "provinces/lao-cai/index.html",
        "provinces/lao-cai/plans/15-kh-tu/index.html",
        "provinces/hai-phong/plans/20-kh-tu/index.html",
        "provinces/lang-son/updates/2025-11-04/index.html",
        "provinces/lao-cai-old/index.html",
        "deadlines/index.html",
        "updates/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(Path::new(&out).join(page).is_file(), "{page} is missing");
    }
    // The example is complete in English: no English page falls back to Vietnamese.
    for entry in walkdir::WalkDir::new(out.join("en")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                !html.contains("untranslated-notice"),
                "{} has untranslated text",
                entry.path().display()
            );
        }
    }
    // French carries the seeds' own text of Hai Phong's plan.
    let hai_phong =
        std::fs::read_to_string(out.join("fr/provinces/hai-phong/plans/20-kh-tu/index.html"))
            .unwrap();
    assert!(hai_phong.contains("faire de Hai Phong l’une des villes"));
}
