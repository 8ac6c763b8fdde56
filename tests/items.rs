//! A page for every item: each target, task and indicator has one, every list that names
//! it links to it, it says how to cite it, and however long a record grows its page
//! summarises while the open data keeps every row.

mod common;

use common::TestSite;

const PLAN: &str = "provinces/lao-cai/plans/15-kh-tu/";

#[test]
fn every_target_task_and_indicator_has_its_page_and_the_lists_link_to_it() {
    let site = TestSite::new();
    site.build_readable().success();
    let target = format!("{PLAN}targets/coverage-2026/index.html");
    let task = format!("{PLAN}tasks/dissemination/index.html");
    for page in [&target, &task, &"indicators/coverage/index.html".to_owned()] {
        for lang in ["", "en/"] {
            assert!(
                site.output().join(format!("{lang}{page}")).is_file(),
                "{lang}{page}"
            );
        }
    }
    // From the plan's page, from its folder.
    let plan = site.page(&format!("{PLAN}index.html"));
    assert!(plan.contains(
        "href=\"../../../../provinces/lao-cai/plans/15-kh-tu/targets/coverage-2026/index.html\""
    ));
    assert!(plan.contains(
        "href=\"../../../../provinces/lao-cai/plans/15-kh-tu/tasks/dissemination/index.html\""
    ));
    // The jurisdiction's figures name the indicator; the deadlines list the task.
    let province = site.page("provinces/lao-cai/index.html");
    assert!(province.contains("href=\"../../indicators/coverage/index.html\""));
    let deadlines = site.page("deadlines/index.html");
    assert!(
        deadlines.contains(
            "href=\"../provinces/lao-cai/plans/15-kh-tu/tasks/dissemination/index.html\""
        )
    );
    // The program's comparison links each target and each indicator.
    let program = site.page("programs/directive-52/index.html");
    assert!(program.contains(
        "href=\"../../provinces/lao-cai/plans/15-kh-tu/targets/coverage-2026/index.html\""
    ));
    assert!(program.contains("href=\"../../indicators/coverage/index.html\""));
    // Every item page is in the sitemap.
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<loc>https://example.org/en/{PLAN}targets/coverage-2026/</loc>"
    )));
    assert!(sitemap.contains("<loc>https://example.org/indicators/coverage/</loc>"));
}

#[test]
fn a_target_page_shows_its_pace_every_figure_with_its_source_and_how_to_cite_it() {
    let site = TestSite::new();
    site.build_readable().success();
    let page = site.page(&format!("en/{PLAN}targets/coverage-2026/index.html"));
    assert!(
        page.contains("<h1>Health-insurance coverage above 95% by 2026</h1>"),
        "{page}"
    );
    assert!(page.contains(
        "<title>Health-insurance coverage above 95% by 2026 – Lao Cai · Test progress</title>"
    ));
    // The pace arithmetic, the chart and its table.
    assert!(page.contains("Still needed:"), "{page}");
    assert!(page.contains("<svg class=\"chart\""));
    assert!(page.contains("<caption>The figures in the chart</caption>"));
    // Every figure, with its source.
    assert!(
        page.contains("<td>89.18%</td><td><a href=\"https://example.org/report\">source</a></td>"),
        "{page}"
    );
    assert!(page.contains("href=\"../../../../../../../provinces/lao-cai/measurements.csv\""));
    // Its permanent address and a citation to paste.
    let url = format!("https://example.org/en/{PLAN}targets/coverage-2026/");
    assert!(page.contains(&format!("<a href=\"{url}\" dir=\"ltr\">{url}</a>")));
    assert!(page.contains(&format!(
        "Test progress, “Health-insurance coverage above 95% by 2026”, Plan 15-KH/TU, Lao Cai. Source: https://example.org/report. Status as of December 1, 2025. {url}"
    )), "{page}");
    // The card embedded elsewhere links back to this page.
    assert!(page.contains(&format!("&lt;a href=&quot;{url}&quot;&gt;")));
}

#[test]
fn a_task_page_shows_the_six_clarities_its_status_and_its_source() {
    let site = TestSite::new();
    site.build_readable().success();
    let page = site.page(&format!("en/{PLAN}tasks/dissemination/index.html"));
    assert!(
        page.contains("<h1>Tổ chức quán triệt Chỉ thị</h1>")
            || page.contains("Tổ chức quán triệt Chỉ thị</span></h1>"),
        "{page}"
    );
    assert!(page.contains("<dt>Clear person (lead unit)</dt>"));
    assert!(page.contains("Ban Tuyên giáo và Dân vận"));
    // What the plan does not say is said to be missing, not left out.
    assert!(
        page.contains(
            "<dt>Clear product (deliverable)</dt><dd><span class=\"missing\">not stated</span></dd>"
        ),
        "{page}"
    );
    assert!(page.contains("Deadline passed 1 day ago"), "{page}");
    assert!(page.contains(
        "<a href=\"https://example.org/plan-15\" dir=\"ltr\">https://example.org/plan-15</a>"
    ));
    assert!(page.contains(&format!(
        "https://example.org/en/{PLAN}tasks/dissemination/"
    )));
}

#[test]
fn an_indicator_page_defines_it_and_compares_every_jurisdiction_with_the_national_series() {
    let site = TestSite::new();
    site.write(
        "content/viet-nam/updates/2025-10-31.md",
        "---\ndate: 2025-10-31\ntitle: Cả nước\nsources:\n  - url: https://example.org/national\nmeasurements:\n  - indicator: coverage\n    value: 94.2\n---\n",
    );
    site.build_readable().success();
    let page = site.page("en/indicators/coverage/index.html");
    assert!(
        page.contains("<h1>Health-insurance coverage</h1>"),
        "{page}"
    );
    assert!(page.contains("<dd>Percentage (0 to 100)</dd>"));
    assert!(page.contains("<dt>Better when</dt><dd>higher</dd>"));
    // The country's series, then the jurisdictions compared with their nearest target.
    assert!(page.contains("National figures"), "{page}");
    assert!(
        page.contains("<td>94.2%</td><td><a href=\"https://example.org/national\">source</a></td>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"../../provinces/lao-cai/index.html\">Lao Cai</a>"));
    assert!(page.contains("<a href=\"../../provinces/lao-cai/plans/15-kh-tu/targets/coverage-2026/index.html\">Health-insurance coverage above 95% by 2026</a>"), "{page}");
    assert!(
        page.contains("href=\"../../../data/measurements.csv\""),
        "the site's table, at its root"
    );
    assert!(
        page.contains("Source: https://example.org/data/measurements.csv."),
        "{page}"
    );
}

#[test]
fn a_long_record_is_summarised_on_its_page_and_kept_whole_in_the_data() {
    let site = TestSite::new();
    // Eight years of monthly reports.
    let mut reports = 0;
    for year in 2018..2026 {
        for month in 1..=12 {
            let date = format!("{year}-{month:02}-01");
            let value = 80.0 + f64::from(reports) * 0.1;
            site.write(
                &format!("content/provinces/lao-cai/updates/{date}.md"),
                &format!("---\ndate: {date}\ntitle: Báo cáo {date}\nsources:\n  - url: https://example.org/r/{date}\nmeasurements:\n  - indicator: coverage\n    value: {value:.1}\n---\n"),
            );
            reports += 1;
        }
    }
    site.build_readable().success();
    let page = site.page(&format!("en/{PLAN}targets/coverage-2026/index.html"));
    assert!(
        page.contains("The newest 60 of 97 figures are listed."),
        "{page}"
    );
    // In the table: the newest 60, each with its source (one is the report of 2025-11-28).
    let rows = |url: &str| page.matches(&format!("<td><a href=\"{url}")).count();
    assert_eq!(rows("https://example.org/r/"), 59, "{page}");
    assert_eq!(rows("https://example.org/report\">"), 1);
    assert_eq!(rows("https://example.org/r/2025-12-01\">"), 1);
    assert_eq!(rows("https://example.org/r/2018-01-01\">"), 0);
    let table =
        std::fs::read_to_string(site.output().join("provinces/lao-cai/measurements.csv")).unwrap();
    assert_eq!(table.lines().count(), 1 + 97, "every figure in the data");
}

#[test]
fn an_indicator_with_more_communes_than_a_page_holds_lists_them_on_further_pages() {
    let site = TestSite::new();
    for n in 0..205 {
        let folder = format!("content/provinces/lao-cai/communes/xa-{n:03}");
        site.write(
            &format!("{folder}/_index.yaml"),
            &format!("name: Xã {n:03}\nlevel: commune\nparent: lao-cai\n"),
        )
        .write(
            &format!("{folder}/updates/2025-11-01.md"),
            "---\ndate: 2025-11-01\ntitle: Xã\nsources:\n  - url: https://example.org/xa\nmeasurements:\n  - indicator: coverage\n    value: 90\n---\n",
        );
    }
    site.build_readable().success();
    let first = site.page("indicators/coverage/index.html");
    assert!(
        !first.contains("Xã 000"),
        "the first page compares the provinces"
    );
    assert!(
        first.contains("href=\"../../indicators/coverage/page/2/index.html\""),
        "{first}"
    );
    let second = site.page("indicators/coverage/page/2/index.html");
    let third = site.page("indicators/coverage/page/3/index.html");
    assert_eq!(second.matches("\">Xã ").count(), 200, "{second}");
    assert!(second.contains("Xã 000") && second.contains("Xã 199") && !second.contains("Xã 200"));
    assert!(third.contains("Xã 200") && third.contains("Xã 204"));
    assert!(third.contains("<span aria-current=\"page\">3</span>"));
    assert!(!site.output().join("indicators/coverage/page/4").exists());
}

/// The page's bytes gzipped, as a server sends them.
fn compressed(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(bytes).unwrap();
    gzip.finish().unwrap().len()
}

#[test]
fn the_pages_of_a_province_with_eleven_years_of_weekly_reports_keep_to_the_page_budget() {
    let site = TestSite::new();
    let targets: String = (0..6)
        .map(|i| {
            format!(
                "  - id: coverage-{i}\n    indicator: coverage\n    comparator: at_least\n    value: 99\n    deadline: {}\n",
                2026 + i
            )
        })
        .collect();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "targets:\n",
        &format!("targets:\n{targets}"),
    );
    let mut day = chrono::NaiveDate::from_ymd_opt(2015, 1, 5).unwrap();
    let mut reports = 0;
    while day < chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap() {
        site.write(
            &format!("content/provinces/lao-cai/updates/{day}.md"),
            &format!(
                "---\ndate: {day}\ntitle: Báo cáo tuần {day}\nsources:\n  - url: https://example.org/reports/{day}\nmeasurements:\n  - indicator: coverage\n    value: {:.2}\n---\n",
                60.0 + f64::from(reports) * 0.05
            ),
        );
        day += chrono::Duration::days(7);
        reports += 1;
    }
    assert!(reports > 560);
    site.build_readable().success();
    let css = compressed(&std::fs::read(site.output().join("style.css")).unwrap());
    for lang in ["", "en/"] {
        for page in [
            "provinces/lao-cai/index.html".to_owned(),
            format!("{PLAN}index.html"),
            format!("{PLAN}targets/coverage-0/index.html"),
            "indicators/coverage/index.html".to_owned(),
            "viet-nam/index.html".to_owned(),
        ] {
            let path = format!("{lang}{page}");
            let html = std::fs::read(site.output().join(&path)).unwrap();
            let size = compressed(&html) + css;
            assert!(
                size < 30 * 1024,
                "{path}: {size} bytes compressed with the stylesheet"
            );
        }
    }
}
