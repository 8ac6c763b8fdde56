//! `tiendo build` on small content trees: the pages it writes, and that it never leaves
//! a half-written site.

mod common;

use std::fs;

use common::{TestSite, hrefs, tree};
use predicates::str::contains;

#[test]
fn a_small_site_builds_every_page() {
    let site = TestSite::new();
    // In each of two languages: 12 pages, a target's, three tasks' and an indicator's.
    site.build().success().stderr(contains("Built 31 pages"));
    for page in [
        "index.html",
        "programs/directive-52/index.html",
        "viet-nam/index.html",
        "provinces/lao-cai/index.html",
        "provinces/lao-cai/plans/15-kh-tu/index.html",
        "provinces/lao-cai/plans/15-kh-tu/targets/coverage-2026/index.html",
        "provinces/lao-cai/plans/15-kh-tu/tasks/dissemination/index.html",
        "en/provinces/lao-cai/plans/15-kh-tu/tasks/steering-committee/index.html",
        "indicators/coverage/index.html",
        "en/indicators/coverage/index.html",
        "provinces/lao-cai/updates/2025-11-28/index.html",
        "deadlines/index.html",
        "updates/index.html",
        "data/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "index.json",
        "en/provinces/lao-cai/index.json",
        "schema/page.json",
        "data/datapackage.json",
        "data/measurements.csv",
        "provinces/lao-cai/measurements.csv",
    ] {
        assert!(site.output().join(page).is_file(), "{page} is missing");
    }
}

#[test]
fn the_jurisdiction_page_shows_figures_pace_and_tasks_with_sources() {
    let site = TestSite::new();
    site.build_readable().success();
    let page = site.page("provinces/lao-cai/index.html");
    assert!(page.contains("<html lang=\"vi\" dir=\"ltr\">"));
    assert!(
        page.contains("89,18\u{a0}%"),
        "the figure, formatted in Vietnamese"
    );
    assert!(
        page.contains("https://example.org/report"),
        "the figure links to its source"
    );
    // 95 - 89.18 = 5.82 points in 395 days (12.98 months), 0.45 a month.
    assert!(page.contains(
        "hơn 5,82 điểm phần trăm trong 395 ngày (12,98 tháng), khoảng 0,45 điểm phần trăm mỗi tháng"
    ));
    assert!(
        page.contains("Đã hết hạn 1 ngày"),
        "the November task is overdue on 1 December"
    );
    assert!(
        page.contains("https://example.org/plan-15"),
        "tasks link to their plan's source"
    );
}

#[test]
fn internal_links_are_relative_and_absolute_addresses_use_the_base_url() {
    let site = TestSite::new();
    site.tiendo(&["build", "--base-url", "https://gov.example/tien-do"])
        .assert()
        .success();
    let page = site.page("provinces/lao-cai/plans/15-kh-tu/index.html");
    assert!(page.contains("href=\"../../../../style.css\""));
    assert!(page.contains("href=\"../../../../provinces/lao-cai/index.html\""));
    assert!(page.contains("<link rel=\"canonical\" href=\"https://gov.example/tien-do/provinces/lao-cai/plans/15-kh-tu/\">"));
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://gov.example/tien-do/provinces/lao-cai/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(
        site.page("robots.txt")
            .contains("Sitemap: https://gov.example/tien-do/sitemap.xml")
    );
}

#[test]
fn every_internal_link_of_the_minified_site_resolves_to_a_file() {
    let site = TestSite::new();
    site.tiendo(&["build", "--minify"]).assert().success();
    for (path, bytes) in tree(&site.output()) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for href in hrefs(&html) {
            // A calendar to subscribe to is the site's own file, at the base URL.
            if let Some(file) = href.strip_prefix("webcal://example.org/") {
                assert!(site.output().join(file).is_file(), "{path}: {href}");
                continue;
            }
            if href.starts_with("https://") || href.starts_with("data:") || href.starts_with('#') {
                continue;
            }
            let base = std::path::Path::new(&path).parent().unwrap();
            let target = site.output().join(base).join(&href);
            assert!(
                target.is_file(),
                "{path} links to {href}, which does not exist"
            );
        }
    }
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let site = TestSite::new();
    site.build().success();
    let first = tree(&site.output());
    site.build().success();
    assert_eq!(first, tree(&site.output()));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = TestSite::new();
    site.build().success();
    let before = tree(&site.output());
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "deadline: 2025-11",
        "deadline: 2025-13",
    );
    site.build().failure().code(1).stderr(contains(
        "nothing was written, the previous site is unchanged",
    ));
    assert_eq!(before, tree(&site.output()));
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("tiendo-staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_template_error_fails_the_build_without_writing() {
    let site = TestSite::new();
    site.build().success();
    let before = tree(&site.output());
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock content %}",
    );
    site.build().failure().stderr(contains("404.html"));
    assert_eq!(before, tree(&site.output()));
}

#[test]
fn a_site_can_override_a_template_and_add_static_files() {
    let site = TestSite::new();
    site.write("templates/robots.txt", "User-agent: *\nDisallow: /\n")
        .write("static/logo.svg", "<svg/>");
    site.build().success();
    assert_eq!(site.page("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(site.page("logo.svg"), "<svg/>");
}

#[test]
fn the_output_folder_cannot_hold_the_site_itself() {
    let site = TestSite::new();
    for output in [".", "content", "content/provinces"] {
        let output = site.path().join(output);
        site.tiendo(&["build", "--output-dir", output.to_str().unwrap()])
            .assert()
            .failure()
            .stderr(contains("refusing to build into"));
    }
    assert!(
        site.path()
            .join("content/provinces/lao-cai/_index.yaml")
            .is_file()
    );
}

#[test]
fn html_in_titles_is_escaped_and_scripts_in_markdown_are_removed() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "title: Bao phủ bảo hiểm y tế",
        "title: \"<script>alert(1)</script>\"",
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "Báo cáo tiến độ.",
        "<script>alert(2)</script>\n\n<img src=x onerror=alert(3)> [x](javascript:alert(4))",
    );
    site.build().success();
    for (path, bytes) in tree(&site.output()) {
        // CSV is plain text, never run: it keeps the title as written. The search's
        // bundle is Pagefind's own scripts, and its index is compressed.
        if path.ends_with(".csv") || path.starts_with("pagefind/") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        // Inside <title> text is inert (a minifier may leave `<` unescaped there), as long
        // as it cannot close the element early.
        let text = match (text.find("<title>"), text.find("</title>")) {
            (Some(start), Some(end)) => format!("{}{}", &text[..start], &text[end..]),
            _ => text.into_owned(),
        };
        // The theme's own sort.js and search.js are the only scripts a page may load.
        for (at, _) in text.match_indices("<script") {
            let tag = &text[at..text[at..].find('>').map_or(text.len(), |end| at + end)];
            assert!(
                tag.contains(" src=") && (tag.contains("sort.js") || tag.contains("search.js")),
                "{path} carries a script: {tag}"
            );
        }
        assert!(!text.contains("onerror"), "{path} carries an event handler");
        assert!(
            !text.contains("javascript:"),
            "{path} carries a javascript: link"
        );
    }
    site.build_readable().success();
    assert!(
        site.page("provinces/lao-cai/updates/2025-11-28/index.html")
            .contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
    );
}

#[test]
fn the_as_of_date_comes_from_source_date_epoch_when_not_given() {
    let site = TestSite::new();
    let mut command = assert_cmd::Command::cargo_bin("tiendo").unwrap();
    // 2025-12-01T00:00:00Z
    command
        .args(["build", "--root"])
        .arg(site.path())
        .env("SOURCE_DATE_EPOCH", "1764547200");
    command
        .assert()
        .success()
        .stderr(contains("as of 2025-12-01 (from SOURCE_DATE_EPOCH)"));
    assert!(site.page("index.html").contains(r#"datetime="2025-12-01""#));
}

#[test]
fn a_later_as_of_date_changes_what_is_late() {
    let site = TestSite::new();
    site.tiendo(&["build"]).assert().success();
    let deadlines = site.page("deadlines/index.html");
    assert!(deadlines.contains("Đã hết hạn 1 ngày"));
    assert!(
        deadlines.contains("Quá hạn 11 ngày"),
        "the task in progress since 20 November"
    );
    let mut command = assert_cmd::Command::cargo_bin("tiendo").unwrap();
    command
        .args(["build", "--as-of", "2025-11-18", "--root"])
        .arg(site.path());
    command.assert().success();
    let deadlines = site.page("deadlines/index.html");
    assert!(
        !deadlines.contains("timing-overdue") && !deadlines.contains("timing-past_deadline"),
        "nothing is overdue on 18 November"
    );
    assert!(deadlines.contains("Còn 12 ngày") && deadlines.contains("Còn 2 ngày"));
}

#[test]
fn pace_with_two_measurements_shows_the_ratio_and_projection() {
    let site = TestSite::new();
    // An invented earlier figure, for this test only.
    site.write(
        "content/provinces/lao-cai/updates/2024-11-28.md",
        "---\ndate: 2024-11-28\ntitle: Năm trước\nsources: [https://example.org/earlier]\nmeasurements:\n  - indicator: coverage\n    value: 86\n---\n",
    );
    site.build().success();
    let page = site.page("provinces/lao-cai/index.html");
    assert!(
        page.contains("Cần tăng tốc"),
        "R = 0.758 needs acceleration"
    );
    assert!(
        page.contains("thực tế 3,70\u{a0}% mỗi năm, cần 4,88\u{a0}% mỗi năm; R = 0,76"),
        "{page}"
    );
    assert!(
        page.contains("92,78\u{a0}%"),
        "the projection to 2026-12-31"
    );
}

#[test]
fn a_folder_tiendo_did_not_write_is_never_replaced() {
    let site = TestSite::new();
    let theirs = site.path().join("thesis");
    fs::create_dir_all(&theirs).unwrap();
    fs::write(theirs.join("chapter-1.txt"), "years of work").unwrap();
    site.tiendo(&["build", "--output-dir", theirs.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(contains("holds files that tiendo did not write"));
    assert_eq!(
        fs::read_to_string(theirs.join("chapter-1.txt")).unwrap(),
        "years of work"
    );
}

#[test]
fn a_failed_build_into_new_folders_leaves_no_folder_behind() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "deadline: 2025-11",
        "deadline: 2025-13",
    );
    let output = site.path().join("new/deep/out");
    site.tiendo(&["build", "--output-dir", output.to_str().unwrap()])
        .assert()
        .failure();
    assert!(!site.path().join("new").exists());
}

#[test]
fn a_static_file_cannot_replace_a_page() {
    let site = TestSite::new();
    site.write("static/index.html", "<p>not the home page</p>");
    site.build().failure().stderr(contains(
        "the static file `index.html` would replace a file tiendo writes",
    ));
}

#[test]
fn counts_of_people_have_no_fraction_in_the_pace_sentence() {
    let site = TestSite::new();
    site.write(
        "content/indicators/insured-people.yaml",
        "name: Số người tham gia\nunit: number\nunit_label: người\ndirection: up\n",
    )
    .edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "targets:\n",
        "targets:\n  - id: insured\n    indicator: insured-people\n    comparator: at_least\n    value: 1600000\n    deadline: 2026\n",
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "measurements:\n",
        "measurements:\n  - indicator: insured-people\n    value: 1492057\n",
    );
    site.build_readable().success();
    let page = site.page("provinces/lao-cai/index.html");
    assert!(
        page.contains("Còn cần: 107.943 người trong 395 ngày"),
        "{page}"
    );
}

#[test]
fn a_base_url_with_a_query_is_refused() {
    let site = TestSite::new();
    site.tiendo(&["build", "--base-url", "https://example.org/?q=1"])
        .assert()
        .failure()
        .stderr(contains("has a query or a fragment"));
}

#[test]
fn every_page_exists_in_every_language_and_links_to_its_translations() {
    let site = TestSite::new();
    site.build_readable().success();
    let vi = site.page("provinces/lao-cai/index.html");
    let en = site.page("en/provinces/lao-cai/index.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(en.contains("<h1>Lao Cai</h1>"), "the English name");
    assert!(en.contains("89.18%"), "English number format");
    // Links stay in the page's language; assets come from the site's root.
    assert!(en.contains("href=\"../../provinces/lao-cai/plans/15-kh-tu/index.html\""));
    assert!(en.contains("href=\"../../../style.css\""));
    // Both declare both, with absolute alternates, and name each language in itself.
    for page in [&vi, &en] {
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org/provinces/lao-cai/\">"));
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/provinces/lao-cai/\">"));
        assert!(page.contains(">Tiếng Việt<") && page.contains(">English<"));
    }
    assert!(
        vi.contains("href=\"../../en/provinces/lao-cai/index.html\""),
        "the switcher's link to English"
    );
    assert!(
        en.contains("href=\"../../../provinces/lao-cai/index.html\""),
        "and back to Vietnamese"
    );
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/en/provinces/lao-cai/</loc>"));
    assert!(
        !site.output().join("en/404.html").exists(),
        "one 404 page for the site"
    );
}

#[test]
fn a_missing_ui_string_fails_the_build_naming_the_key_and_the_file() {
    let site = TestSite::new();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(&theme)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            site.write_bytes(
                &format!("themes/default/{relative}"),
                &fs::read(entry.path()).unwrap(),
            );
        }
    }
    site.edit(
        "themes/default/i18n/en.yaml",
        "all_deadlines: All deadlines\n",
        "",
    );
    site.build().failure().stderr(contains(
        "`themes/default/i18n/en.yaml` lacks the UI strings `all_deadlines` that `vi.yaml` has",
    ));
}

#[test]
fn untranslated_text_is_shown_in_the_default_language_marked_and_announced() {
    let site = TestSite::new();
    site.edit(
        "site.yaml",
        "languages: [vi, en]",
        "languages: [vi, en, ar]",
    );
    site.build_readable().success();
    let vi = site.page("provinces/lao-cai/index.html");
    let en = site.page("en/provinces/lao-cai/index.html");
    let ar = site.page("ar/provinces/lao-cai/index.html");
    // The task is written in Vietnamese only: English readers get it in Vietnamese, marked
    // as such, and a notice in English naming the language.
    assert!(en.contains("<span lang=\"vi\">Tổ chức quán triệt Chỉ thị</span>"));
    assert!(en.contains(
        "Parts of this page have not been translated yet and are shown in the original language (<span lang=\"vi\">Tiếng Việt</span>)."
    ));
    // On a right-to-left page, Vietnamese also keeps its own direction.
    assert!(ar.contains("<span lang=\"vi\" dir=\"ltr\">Tổ chức quán triệt Chỉ thị</span>"));
    assert!(ar.contains("class=\"untranslated-notice\""));
    // Translated text is not marked, and the default language has nothing to announce.
    assert!(en.contains("<h1>Lao Cai</h1>"));
    assert!(!vi.contains("untranslated-notice") && !vi.contains("<span lang=\"vi\""));
}

/// A target, task or update is made once for all the outputs of its jurisdiction in one
/// language; each page that shows it must still say when it is not translated.
#[test]
fn text_shown_again_on_another_page_is_announced_there_too() {
    let site = TestSite::new();
    // Everything translated but the tasks, which both the jurisdiction's page and the
    // plan's show.
    let plan = common::PLAN
        .replace(
            "issued_by: Ban Thường vụ Tỉnh ủy\n",
            "issued_by:\n  vi: Ban Thường vụ Tỉnh ủy\n  en: Provincial Party Standing Committee\n",
        )
        .replace("Nội dung **kế hoạch**.\n", "");
    let update = common::UPDATE
        .replace(
            "title: Bao phủ bảo hiểm y tế\n",
            "title:\n  vi: Bao phủ bảo hiểm y tế\n  en: Health-insurance coverage\n",
        )
        .replace("    title: Báo cáo\n", "")
        .replace("Báo cáo tiến độ.\n", "");
    site.write(
        "content/viet-nam/_index.yaml",
        "name:\n  vi: Việt Nam\n  en: Viet Nam\nlevel: country\n",
    )
    .write("content/provinces/lao-cai/plans/15-kh-tu.md", &plan)
    .write("content/provinces/lao-cai/updates/2025-11-28.md", &update);
    site.build_readable().success();
    let notice = "class=\"untranslated-notice\"";
    // The task, in Vietnamese only, is shown by its jurisdiction's page, then its plan's.
    for page in [
        "en/provinces/lao-cai/index.html",
        "en/provinces/lao-cai/plans/15-kh-tu/index.html",
    ] {
        let html = site.page(page);
        assert!(html.contains("<span lang=\"vi\">Tổ chức quán triệt Chỉ thị</span>"));
        assert!(
            html.contains(notice),
            "{page} does not say it shows untranslated text"
        );
    }
    // The update is translated: what one page noted does not leak into the next.
    let update = site.page("en/provinces/lao-cai/updates/2025-11-28/index.html");
    assert!(update.contains("Health-insurance coverage"));
    assert!(
        !update.contains(notice),
        "the update's page says it is untranslated"
    );
}

#[test]
fn a_markdown_body_is_read_from_its_translated_sibling() {
    let site = TestSite::new();
    let plan = "provinces/lao-cai/plans/15-kh-tu/index.html";
    site.build_readable().success();
    assert!(
        site.page(&format!("en/{plan}"))
            .contains("<div lang=\"vi\"><p>Nội dung <strong>kế hoạch</strong>.</p>")
    );
    site.write(
        "content/provinces/lao-cai/plans/15-kh-tu.en.md",
        "The plan's **text**.\n",
    );
    site.build_readable().success();
    let en = site.page(&format!("en/{plan}"));
    assert!(
        en.contains("<p>The plan’s <strong>text</strong>.</p>"),
        "{en}"
    );
    assert!(!en.contains("Nội dung"));
    assert!(
        site.page(plan)
            .contains("<p>Nội dung <strong>kế hoạch</strong>.</p>")
    );
}

#[test]
fn every_page_of_a_four_language_site_has_its_lang_dir_and_alternates() {
    let site = TestSite::new();
    site.edit(
        "site.yaml",
        "languages: [vi, en]",
        "languages: [vi, en, fr, ar]",
    );
    site.build_readable().success();
    let all = common::tree(&site.output());
    let default_pages: Vec<&String> = all
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .filter(|p| !["en/", "fr/", "ar/"].iter().any(|l| p.starts_with(l)))
        .collect();
    assert!(default_pages.len() >= 8, "{default_pages:?}");
    for page in default_pages {
        let pretty = page.trim_end_matches("index.html");
        for (lang, dir, prefix) in [
            ("vi", "ltr", ""),
            ("en", "ltr", "en/"),
            ("fr", "ltr", "fr/"),
            ("ar", "rtl", "ar/"),
        ] {
            let path = format!("{prefix}{page}");
            let html = String::from_utf8(
                all.get(&path)
                    .unwrap_or_else(|| panic!("{path} is missing"))
                    .clone(),
            )
            .unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
                "{path}: lang and dir"
            );
            for other in ["", "en/", "fr/", "ar/"] {
                let hreflang = if other.is_empty() {
                    "vi"
                } else {
                    other.trim_end_matches('/')
                };
                let alternate = format!(
                    "<link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"https://example.org/{other}{pretty}\">"
                );
                assert!(html.contains(&alternate), "{path}: no {alternate}");
            }
        }
    }
    // A French percentage as CLDR writes it, with a no-break space before the sign (its
    // groups, with U+202F, are tested in format.rs).
    let lao_cai = site.page("fr/provinces/lao-cai/index.html");
    assert!(lao_cai.contains("89,18\u{a0}%"), "French percentage");
}

#[test]
fn the_one_404_page_says_so_in_every_language_each_in_its_direction_and_home() {
    let site = TestSite::new();
    site.edit(
        "site.yaml",
        "languages: [vi, en]\ndefault_language: vi",
        "languages: [en, fr, ar, vi]\ndefault_language: vi",
    );
    site.build_readable().success();
    let page = site.page("404.html");
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    // The site's language first, under the one heading; the others in the site's order.
    insta::assert_snapshot!(main);
    assert!(page.starts_with("<!doctype html>\n<html lang=\"vi\" dir=\"ltr\">"));
    for lang in ["en", "fr", "ar"] {
        assert!(!site.output().join(lang).join("404.html").exists());
    }
}
