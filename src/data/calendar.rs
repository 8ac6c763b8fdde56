//! Calendars of deadlines (iCalendar, RFC 5545): `deadlines.ics` for the whole site and
//! for each jurisdiction, every task not done as an all-day event on its deadline, in the
//! site's default language. Its stamp is the as-of date, so two builds write the same
//! calendar.

use std::collections::BTreeMap;

use crate::derive::status::Timing;
use crate::derive::{PlanReport, TaskReport};
use crate::model::{Id, Plan};
use crate::render::views::{self, Views};

/// The name of a calendar's file: at the site's root, and in each jurisdiction's folder.
pub const FILE: &str = "deadlines.ics";

/// Every calendar of the site by its path from the site's root: the site's, then each
/// jurisdiction's with tasks still to do.
pub fn calendars(views: &Views, base_url: &str) -> Vec<(String, String)> {
    let report = views.report;
    let site = report.site;
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "tiendo".to_owned());
    let mut by_jurisdiction: BTreeMap<&Id, Vec<String>> = BTreeMap::new();
    let mut all = Vec::new();
    for plan in &report.plans {
        for task in &plan.tasks {
            if let Some(event) = event(views, base_url, &host, plan, task) {
                by_jurisdiction
                    .entry(&plan.plan.jurisdiction)
                    .or_default()
                    .push(event.clone());
                all.push(event);
            }
        }
    }
    let title = views.plain(&site.config.title);
    let deadlines = views.ui.text("deadlines");
    let mut calendars = vec![(
        FILE.to_owned(),
        calendar(&format!("{deadlines} – {title}"), &all),
    )];
    for (id, events) in by_jurisdiction {
        let jurisdiction = &site.jurisdictions[id];
        let folder = views::jurisdiction_href(jurisdiction);
        let name = views.plain(&jurisdiction.name);
        calendars.push((
            format!("{}{FILE}", folder.trim_end_matches("index.html")),
            calendar(&format!("{deadlines} – {name}"), &events),
        ));
    }
    calendars
}

fn calendar(name: &str, events: &[String]) -> String {
    let mut ics = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//tiendo//tiendo//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(name)),
    ] {
        push_line(&mut ics, &line);
    }
    for event in events {
        ics.push_str(event);
    }
    push_line(&mut ics, "END:VCALENDAR");
    ics
}

/// Whether a task is in the calendars: still to do, with a deadline.
pub fn is_event(report: &TaskReport) -> bool {
    report.task.deadline.is_some()
        && !matches!(
            report.timing,
            Timing::Done | Timing::DoneLate { .. } | Timing::Cancelled
        )
}

/// A task still to do, as an all-day event on the last day of its deadline; nothing for
/// a task done, cancelled or without a deadline.
fn event(
    views: &Views,
    base_url: &str,
    host: &str,
    plan: &PlanReport,
    report: &TaskReport,
) -> Option<String> {
    if !is_event(report) {
        return None;
    }
    let task = &report.task.item;
    let day = task.deadline?.last_day();
    let next = day.succ_opt()?;
    let site = views.report.site;
    let plan: &Plan = plan.plan;
    let jurisdiction = &site.jurisdictions[&plan.jurisdiction];
    let url = format!(
        "{base_url}{}",
        views::plan_href(jurisdiction, plan).trim_end_matches("index.html")
    );
    let ui = views.ui;
    let mut description = Vec::new();
    let lead = task
        .lead
        .as_ref()
        .map_or_else(|| ui.text("not_stated").to_owned(), |l| views.plain(l));
    description.push(format!("{}: {lead}", ui.text("lead")));
    description.push(format!(
        "{}: {}",
        ui.text("status"),
        views.timing_text(report.timing)
    ));
    description.push(format!(
        "{} – {}",
        views.plan_name_plain(plan),
        views.plain(&jurisdiction.name)
    ));
    description.push(url.clone());
    let mut event = String::new();
    for line in [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}/{}/{}@{host}", plan.jurisdiction, plan.id, task.id),
        format!("DTSTAMP:{}T000000Z", views.report.as_of.format("%Y%m%d")),
        format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        format!(
            "SUMMARY:{}",
            escape(&format!(
                "{}: {}",
                views.plain(&jurisdiction.name),
                views.plain(&task.what)
            ))
        ),
        format!("DESCRIPTION:{}", escape(&description.join("\n"))),
        format!("URL:{url}"),
        "TRANSP:TRANSPARENT".to_owned(),
        "END:VEVENT".to_owned(),
    ] {
        push_line(&mut event, &line);
    }
    Some(event)
}

/// Text for an iCalendar TEXT value: backslashes, semicolons, commas and line breaks
/// escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line, folded at 75 octets without splitting a character, ended by CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let size = c.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += size;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_icalendar() {
        assert_eq!(
            escape("Sở Y tế; Ban A, B\\C\nline"),
            "Sở Y tế\\; Ban A\\, B\\\\C\\nline"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "Tổ chức quán triệt ".repeat(8));
        push_line(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// RFC 5545's reading of an escaped TEXT value.
        fn unescape(text: &str) -> String {
            let mut out = String::new();
            let mut chars = text.chars();
            while let Some(c) = chars.next() {
                match (c, c == '\\') {
                    (_, true) => match chars.next() {
                        Some('n' | 'N') => out.push('\n'),
                        Some(other) => out.push(other),
                        None => {}
                    },
                    (c, false) => out.push(c),
                }
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Any text, escaped and folded, reads back as itself without its
            /// controls, in lines of at most 75 octets that hold no bare break.
            #[test]
            fn any_text_survives_escaping_and_folding(text in "\\PC*|[\\\\;,\n\r\t a-zà-ỹ]*") {
                let mut out = String::new();
                push_line(&mut out, &format!("SUMMARY:{}", escape(&text)));
                for line in out.split_terminator("\r\n") {
                    prop_assert!(line.len() <= 75);
                    prop_assert!(!line.contains(['\r', '\n']));
                }
                let unfolded = out.replace("\r\n ", "");
                let value = unfolded.strip_prefix("SUMMARY:").unwrap().strip_suffix("\r\n").unwrap();
                let expected: String = text.chars().filter(|c| *c == '\n' || !c.is_control()).collect();
                prop_assert_eq!(unescape(value), expected);
            }
        }
    }
}
