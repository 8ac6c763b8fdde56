//! The open data a build writes beside the pages: page data as JSON, bulk CSV tables with
//! their data package, Atom feeds, calendars of deadlines and embeddable cards. The
//! readers people use on them (frictionless, feedparser, icalendar, ...) run in
//! tests/data/check_open_data.py; these tests check what tiendo itself must get right.

mod common;

use common::TestSite;

#[test]
fn a_build_writes_every_kind_of_open_data() {
    let site = TestSite::new();
    site.build().success();
    for file in [
        "index.json",
        "en/index.json",
        "provinces/lao-cai/index.json",
        "en/provinces/lao-cai/plans/15-kh-tu/index.json",
        "programs/directive-52/index.json",
        "schema/page.json",
        "data/datapackage.json",
        "data/measurements.csv",
        "data/targets.csv",
        "data/tasks.csv",
        "data/jurisdictions.csv",
        "data/plans.csv",
        "data/programs.csv",
        "data/indicators.csv",
        "data/updates.csv",
        "provinces/lao-cai/measurements.csv",
        "provinces/lao-cai/tasks.csv",
        "feed.xml",
        "en/feed.xml",
        "provinces/lao-cai/feed.xml",
        "en/programs/directive-52/feed.xml",
        "deadlines.ics",
        "provinces/lao-cai/deadlines.ics",
        "provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg",
        "en/provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg",
    ] {
        assert!(site.output().join(file).is_file(), "{file} is missing");
    }
    // Update pages have no data of their own: their figures are in the jurisdiction's.
    assert!(
        !site
            .output()
            .join("provinces/lao-cai/updates/2025-11-28/index.json")
            .exists()
    );
}

#[test]
fn the_same_figure_reads_the_same_in_every_format() {
    let site = TestSite::new();
    site.build().success();
    let csv = site.page("data/measurements.csv");
    assert!(
        csv.contains("lao-cai,coverage,2025-11-28,2025-11-28,,89.18,,percent,https://example.org/report,2025-11-28"),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.page("en/provinces/lao-cai/index.json")).unwrap();
    let figure = &json["measurements"][0];
    assert_eq!(figure["value"], 89.18);
    assert_eq!(figure["text"], "89.18%");
    assert_eq!(figure["source"], "https://example.org/report");
    let page = site.page("en/provinces/lao-cai/index.html");
    assert!(page.contains("89.18%"), "the page shows what the data says");
    assert!(
        site.page("en/provinces/lao-cai/feed.xml")
            .contains("89.18%")
    );
    let card = site.page("en/provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg");
    assert!(card.contains("89.18%") && card.contains("role=\"img\""));
    assert!(card.contains("example.org"), "the card names its source");
}

#[test]
fn a_task_due_in_a_month_is_an_all_day_event_on_its_last_day_and_done_tasks_are_not() {
    let site = TestSite::new();
    site.build().success();
    let calendar = site.page("deadlines.ics");
    let event = calendar
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:lao-cai/15-kh-tu/dissemination@example.org"))
        .expect("the task due in November 2025");
    assert!(event.contains("DTSTART;VALUE=DATE:20251130\r\n"));
    assert!(event.contains("DTEND;VALUE=DATE:20251201\r\n"));
    assert!(
        event.contains("DTSTAMP:20251201T000000Z\r\n"),
        "stamped with the as-of date"
    );
    assert!(
        !calendar.contains("integrate-targets"),
        "a task reported done is no event"
    );
    assert!(calendar.lines().all(|l| l.len() <= 75), "lines are folded");
}

#[test]
fn text_is_escaped_for_each_format() {
    let site = TestSite::new();
    let tricky = "Tom & \\\"Jerry\\\" <b>, a; b";
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "what: Tổ chức quán triệt Chỉ thị",
        &format!("what: \"{tricky}\""),
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "title: Bao phủ bảo hiểm y tế",
        "title: \"Tom & <Jerry>\"",
    );
    site.build().success();
    let plain = "Tom & \"Jerry\" <b>, a; b";
    assert!(
        site.page("data/tasks.csv")
            .contains("\"Tom & \"\"Jerry\"\" <b>, a; b\""),
        "CSV doubles quotes inside a quoted cell"
    );
    assert!(
        site.page("deadlines.ics")
            .replace("\r\n ", "")
            .contains("Tom & \"Jerry\" <b>\\, a\\; b"),
        "iCalendar escapes commas and semicolons"
    );
    let json = site.page("provinces/lao-cai/plans/15-kh-tu/index.json");
    assert!(json.contains("Tom \\u0026 \\\"Jerry\\\" \\u003cb\\u003e, a; b"));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let task = parsed["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "dissemination")
        .unwrap();
    assert_eq!(task["what"], plain);
    let feed = site.page("provinces/lao-cai/feed.xml");
    // An HTML title, escaped once as HTML and once as XML.
    assert!(
        feed.contains("<title type=\"html\">Tom &amp;amp; &amp;lt;Jerry&amp;gt; – Lào Cai</title>"),
        "{feed}"
    );
    assert!(!feed.contains("<Jerry>"));
}

#[test]
fn a_feed_without_updates_dates_itself_from_the_content_not_the_clock() {
    let site = TestSite::new();
    site.remove("content/provinces/lao-cai/updates/2025-11-28.md");
    site.build().success();
    let feed = site.page("provinces/lao-cai/feed.xml");
    assert!(
        feed.contains("<updated>2025-11-17T00:00:00Z</updated>"),
        "the plan's date: {feed}"
    );
    assert!(!feed.contains("<entry>"));
}

#[test]
fn pages_link_their_data_feeds_and_the_whole_set() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        &format!(
            "{}license:\n  name: CC-BY-4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n",
            common::SITE_YAML
        ),
    );
    site.build_readable().success();
    let page = site.page("en/provinces/lao-cai/index.html");
    for link in [
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"../../feed.xml\"",
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\"",
        "<link rel=\"alternate\" type=\"application/json\" href=\"index.json\">",
        "<a href=\"../../../provinces/lao-cai/measurements.csv\" type=\"text/csv\">Measurements (CSV)</a>",
        "<a href=\"../../data/index.html\">The whole site&#39;s data</a>",
        "Data licensed under <a rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\">CC-BY-4.0</a>",
    ] {
        assert!(page.contains(link), "no {link}");
    }
    let deadlines = site.page("en/deadlines/index.html");
    assert!(
        deadlines.contains(
            "<a href=\"webcal://example.org/deadlines.ics\">Subscribe to this calendar</a>"
        )
    );
    let data = site.page("en/data/index.html");
    assert!(data.contains("datapackage.json") && data.contains("measurements.csv"));
}

#[test]
fn what_the_data_says_of_a_task_its_page_shows_too() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "    status: done\n",
        "    status: done\n    done_on: 2025-11-25\n",
    );
    site.build_readable().success();
    assert!(
        site.page("data/tasks.csv")
            .contains(",done,2025-11-25,done,")
    );
    let page = site.page("en/provinces/lao-cai/plans/15-kh-tu/index.html");
    assert!(page.contains("Done on <time datetime=\"2025-11-25\">November 25, 2025</time>"));
}

#[test]
fn untranslated_text_keeps_its_language_in_feeds_charts_and_cards() {
    let site = TestSite::new();
    site.build().success();
    // The update's title is in Vietnamese only.
    let feed = site.page("en/provinces/lao-cai/feed.xml");
    assert!(
        feed.contains("&lt;span lang=&quot;vi&quot;&gt;Bao phủ bảo hiểm y tế&lt;/span&gt;"),
        "{feed}"
    );
    // Lào Cai's name is translated; without its English line it is shown in Vietnamese.
    let card = site.page("en/provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg");
    assert!(card.contains("<tspan>Lao Cai</tspan>"), "{card}");
    site.edit(
        "content/provinces/lao-cai/_index.yaml",
        "  en: Lao Cai\n",
        "",
    );
    site.build().success();
    let card = site.page("en/provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg");
    assert!(
        card.contains("<tspan lang=\"vi\">Lào Cai</tspan>"),
        "{card}"
    );
}
