//! At national size no page lists every commune: site-wide pages list the country and
//! its provinces, each province lists its communes, and the site's updates are paginated.

mod common;

use common::{PLAN, TestSite, UPDATE};

const COMMUNE: &str = "name:\n  vi: Sa Pa\n  en: Sa Pa ward\nlevel: commune\n";
const OTHER_COMMUNE: &str = "name: Bát Xát\nlevel: commune\n";

/// The test site with two communes in Lao Cai, each with a plan (one task overdue on the
/// as-of date) and a figure.
fn site_with_communes() -> TestSite {
    let site = TestSite::new();
    for (id, yaml) in [("sa-pa", COMMUNE), ("bat-xat", OTHER_COMMUNE)] {
        let folder = format!("content/provinces/lao-cai/communes/{id}");
        site.write(&format!("{folder}/_index.yaml"), yaml)
            .write(&format!("{folder}/plans/kh-01.md"), PLAN)
            .write(&format!("{folder}/updates/2025-11-28.md"), UPDATE);
    }
    site
}

#[test]
fn site_wide_pages_list_provinces_and_each_province_lists_its_communes() {
    let site = site_with_communes();
    site.build_readable().success();

    let home = site.page("en/index.html");
    let listed = section(&home, "jurisdictions");
    assert!(listed.contains("Lao Cai"));
    assert!(!listed.contains("Sa Pa"), "the home page lists no commune");
    assert!(
        !section(&home, "overdue").contains("Sa Pa"),
        "nor their tasks"
    );
    let province = site.page("en/provinces/lao-cai/index.html");
    assert!(province.contains(r#"<h2 id="sub-jurisdictions">"#));
    for commune in ["Sa Pa ward", "Bát Xát"] {
        assert!(
            province.contains(commune),
            "{commune} is listed by its province"
        );
    }
    // Each commune's row says how its tasks stand.
    assert!(province.contains("/3 done"), "{province}");

    let program = site.page("en/programs/directive-52/index.html");
    assert!(program.contains("Lao Cai"));
    assert!(
        !program.contains("Sa Pa"),
        "the national comparison lists no commune"
    );
    assert!(program.contains("compared on the page of the one they belong to"));
    assert!(program.contains("plans of jurisdictions further down are on their own pages"));

    let deadlines = site.page("en/deadlines/index.html");
    assert!(
        !deadlines.contains("Sa Pa"),
        "commune tasks are counted, not listed"
    );
    assert!(deadlines.contains(r#"<h2 id="further">Deadlines further down</h2>"#));
    assert!(deadlines.contains(r#"provinces/lao-cai/index.html#sub-jurisdictions">Lao Cai</a>"#));
    // The country's provinces are listed themselves: their communes count under them only.
    assert!(!section(&deadlines, "further").contains("viet-nam"));

    // The data beside the pages holds what they show.
    let ids = |page: &str, list: &str| -> Vec<String> {
        let data: serde_json::Value = serde_json::from_str(&site.page(page)).unwrap();
        data[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["jurisdiction"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("index.json", "jurisdictions"), ["viet-nam", "lao-cai"]);
    assert_eq!(
        ids("provinces/lao-cai/index.json", "children"),
        ["bat-xat", "sa-pa"]
    );
}

/// A page's section, from its heading to its end.
fn section<'p>(page: &'p str, id: &str) -> &'p str {
    let start = page
        .find(&format!(r#"<h2 id="{id}">"#))
        .unwrap_or_else(|| panic!("no section `{id}` in {page}"));
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn the_site_s_updates_are_paginated_newest_first() {
    let site = TestSite::new();
    // 120 updates with the first one: three pages of fifty.
    for day in 0..119 {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap() + chrono::Days::new(day);
        site.write(
            &format!("content/provinces/lao-cai/updates/{date}.md"),
            &UPDATE.replace("2025-11-28", &date.to_string()),
        );
    }
    site.build_readable().success();
    let first = site.page("en/updates/index.html");
    assert_eq!(first.matches("<li>\n<h2>").count(), 50);
    assert!(first.contains("Page 1 of 3"));
    assert!(
        first.contains(r#"<a href="../updates/page/2/index.html" rel="next">"#),
        "{first}"
    );
    assert!(!first.contains(r#"rel="prev""#));
    assert!(first.contains("28/11/2025") || first.contains("November 28, 2025"));

    let last = site.page("en/updates/page/3/index.html");
    assert_eq!(last.matches("<li>\n<h2>").count(), 20);
    assert!(
        last.contains(r#"<a href="../../../updates/page/2/index.html" rel="prev">"#),
        "{last}"
    );
    assert!(!last.contains(r#"rel="next""#));
    assert!(last.contains("<title>Updates (Page 3 of 3)"), "{last}");
    assert!(!site.output().join("updates/page/4/index.html").exists());
}

#[test]
fn without_a_terminal_a_build_prints_one_summary_line_and_quiet_prints_nothing() {
    let site = TestSite::new();
    let output = site.tiendo(&["build"]).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The warning about untranslated text, then the summary; no progress bar.
    assert!(
        stderr.starts_with("warning: of 17 texts, some are not translated"),
        "{stderr}"
    );
    assert!(!stderr.contains(['\r', '\u{1b}', '░', '█']), "{stderr:?}");
    let summary = stderr.lines().last().unwrap();
    assert!(summary.starts_with("Built 31 pages ("), "{summary}");
    assert!(
        summary.contains(" files, ") && summary.contains(" MB) into "),
        "{summary}"
    );
    assert!(summary.ends_with(" s (1 warning)"), "{summary}");
    assert!(output.stdout.is_empty());

    let quiet = site.tiendo(&["build", "--quiet"]).output().unwrap();
    assert!(quiet.status.success());
    assert!(quiet.stderr.is_empty() && quiet.stdout.is_empty());

    // Errors are still printed.
    site.edit(
        "content/provinces/lao-cai/_index.yaml",
        "level: province",
        "level: provence",
    );
    let failed = site.tiendo(&["build", "-q"]).output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        String::from_utf8(failed.stderr)
            .unwrap()
            .contains("provence")
    );
}
