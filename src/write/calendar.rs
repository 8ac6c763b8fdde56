//! Calendars of deadlines (iCalendar, RFC 5545): `deadlines.ics` for the whole site and
//! for each jurisdiction, every task not done as an all-day event on its deadline, in the
//! site's default language. Its stamp is the as-of date, so two builds write the same
//! calendar.

use std::collections::BTreeMap;
use std::ops::Deref;

use rayon::prelude::*;

use crate::derive::{PlanReport, Report, TaskReport};
use crate::locale::words::Words;
use crate::model::{Id, Jurisdiction};
use crate::site::routes;

/// The events of every calendar, made once for a build: each task still due, with the
/// jurisdiction whose plan it is in, in the site's order of plans.
pub struct Events<'r> {
    events: Vec<String>,
    /// Each jurisdiction's events, by their place in `events`.
    by_jurisdiction: BTreeMap<&'r Id, Vec<usize>>,
}

impl<'r> Events<'r> {
    /// The events, made on every core: each thread speaks through words of its own,
    /// from `words`.
    pub fn new<'w, W>(
        report: &'r Report,
        words: impl Fn() -> W + Sync,
        base_url: &str,
    ) -> Events<'r>
    where
        W: Deref<Target = Words<'w>>,
    {
        let host = url::Url::parse(base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "tiendo".to_owned());
        let of_each_plan: Vec<Vec<String>> = report
            .plans
            .par_iter()
            .map_init(&words, |words, plan| {
                plan.tasks
                    .iter()
                    .filter_map(|task| event(words, base_url, &host, plan, task))
                    .collect()
            })
            .collect();
        let mut events = Vec::new();
        let mut by_jurisdiction: BTreeMap<&Id, Vec<usize>> = BTreeMap::new();
        for (plan, of_plan) in report.plans.iter().zip(of_each_plan) {
            if of_plan.is_empty() {
                continue;
            }
            let own = by_jurisdiction.entry(&plan.plan.jurisdiction).or_default();
            own.extend(events.len()..events.len() + of_plan.len());
            events.extend(of_plan);
        }
        Events {
            events,
            by_jurisdiction,
        }
    }

    /// The site's calendar: every task still due.
    pub fn site(&self, words: &Words) -> String {
        let title = words.plain(&words.report.site.config.title);
        let all: Vec<&str> = self.events.iter().map(String::as_str).collect();
        calendar(&format!("{} – {title}", words.ui.text("deadlines")), &all)
    }

    /// A jurisdiction's calendar: the tasks of its own plans.
    pub fn jurisdiction(&self, words: &Words, jurisdiction: &Jurisdiction) -> String {
        let name = words.plain(&jurisdiction.name);
        let own: Vec<&str> = self
            .by_jurisdiction
            .get(&jurisdiction.id)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.events.get(i))
            .map(String::as_str)
            .collect();
        calendar(&format!("{} – {name}", words.ui.text("deadlines")), &own)
    }
}

fn calendar(name: &str, events: &[&str]) -> String {
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

/// A task still to do, as an all-day event on the last day of its deadline; nothing for
/// a task done, cancelled or without a deadline.
fn event(
    words: &Words,
    base_url: &str,
    host: &str,
    plan: &PlanReport,
    report: &TaskReport,
) -> Option<String> {
    if !report.is_due() {
        return None;
    }
    let task = &report.task.item;
    let day = task.deadline?.last_day();
    let next = day.succ_opt()?;
    let (jurisdiction, plan) = (&plan.jurisdiction, &plan.plan);
    let url = format!("{base_url}{}", routes::plan_folder(jurisdiction, &plan.id));
    let ui = words.ui;
    let mut description = Vec::new();
    let lead = task
        .lead
        .as_ref()
        .map_or_else(|| ui.text("not_stated").to_owned(), |l| words.plain(l));
    description.push(format!("{}: {lead}", ui.text("lead")));
    description.push(format!(
        "{}: {}",
        ui.text("status"),
        words.timing_text(report.timing)
    ));
    description.push(format!(
        "{} – {}",
        words.plan_name_plain(plan),
        words.plain(&jurisdiction.name)
    ));
    description.push(url.clone());
    let mut event = String::new();
    for line in [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}/{}/{}@{host}", plan.jurisdiction, plan.id, task.id),
        format!("DTSTAMP:{}T000000Z", words.report.as_of.format("%Y%m%d")),
        format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        format!(
            "SUMMARY:{}",
            escape(&format!(
                "{}: {}",
                words.plain(&jurisdiction.name),
                words.plain(&task.what)
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
