//! Content and numbers in the words of one language: text picked in that language (and
//! marked when it is not translated), figures with their unit, dates as the language
//! writes them, and the sentences that carry a target or a task's timing. Every writer
//! speaks through these, the pages and the open data alike.

use std::cell::Cell;

use super::format::Formatter;
use crate::derive::Report;
use crate::derive::pace::Verdict;
use crate::derive::status::Timing;
use crate::locale::phrase::{self, Foreign, Phrase};
use crate::locale::ui::{Ui, fill};
use crate::model::{
    Comparator, Id, Indicator, Jurisdiction, Lang, Level, Plan, Qualifier, Target, Text, Unit,
};

/// One language's words for one output.
pub struct Words<'a> {
    pub report: &'a Report,
    pub lang: &'a Lang,
    pub ui: &'a Ui,
    pub format: &'a Formatter,
    /// The direction of the default language, which untranslated text is shown in.
    default_dir: &'a str,
    /// Whether some text was shown untranslated, so that the page says so.
    untranslated: Cell<bool>,
}

impl<'a> Words<'a> {
    pub fn new(
        report: &'a Report,
        lang: &'a Lang,
        ui: &'a Ui,
        format: &'a Formatter,
        default_dir: &'a str,
    ) -> Words<'a> {
        Words {
            report,
            lang,
            ui,
            format,
            default_dir,
            untranslated: Cell::new(false),
        }
    }

    /// Content text in the page's language, else in the language it is written in.
    pub fn text(&self, text: &Text) -> Phrase {
        let shown = text.get(self.lang, self.report.site.default_language());
        if shown.lang == self.lang || shown.text.is_empty() {
            return if self.ui.text("direction") == "rtl" {
                Phrase::own_right_to_left(shown.text)
            } else {
                Phrase::own(shown.text)
            };
        }
        self.untranslated.set(true);
        Phrase::foreign(shown.text, self.foreign(shown.lang))
    }

    /// How text in `lang` is marked on this page: its direction is said when it differs
    /// from the page's, and left to the browser for a language the site does not declare.
    pub fn foreign(&self, lang: &Lang) -> Foreign {
        let page_dir = self.ui.text("direction");
        let dir = if lang == self.report.site.default_language() {
            Some(self.default_dir)
                .filter(|d| *d != page_dir)
                .map(|d| if d == "rtl" { "rtl" } else { "ltr" })
        } else {
            Some("auto")
        };
        Foreign {
            lang: lang.clone(),
            dir,
        }
    }

    /// A plan's kind and number as plain text: `Kế hoạch 15-KH/TU`.
    pub fn plan_name_plain(&self, plan: &Plan) -> String {
        self.plan_name(plan).plain()
    }

    /// A document's number, kept whole and left to right.
    pub fn code(&self, number: &str) -> Phrase {
        Phrase::code(number, self.ui.text("direction") == "rtl")
    }

    /// The language a text is shown in when it is not the page's (a missing translation),
    /// for markup that marks it itself: a chart's labels, a card's lines.
    pub fn fallback_lang(&self, text: &Text) -> Option<String> {
        let shown = text.get(self.lang, self.report.site.default_language());
        (shown.lang != self.lang && !shown.text.is_empty()).then(|| shown.lang.to_string())
    }

    /// Content text where markup has no place: a chart's labels, a page's title.
    pub fn plain(&self, text: &Text) -> String {
        let shown = text.get(self.lang, self.report.site.default_language());
        if shown.lang != self.lang && !shown.text.is_empty() {
            self.untranslated.set(true);
        }
        shown.text.to_owned()
    }

    pub fn optional(&self, text: Option<&Text>) -> Option<Phrase> {
        text.map(|t| self.text(t))
    }

    /// Whether some text shown so far was not translated.
    pub fn any_untranslated(&self) -> bool {
        self.untranslated.get()
    }

    /// Records that the page shows text not translated, prepared elsewhere.
    pub fn note_untranslated(&self) {
        self.untranslated.set(true);
    }

    /// What `make` makes, and whether it shows text not translated; what was noted
    /// before is kept. A view made once and shown again tells each page that shows it.
    pub fn noting_untranslated<T>(&self, make: impl FnOnce() -> T) -> (T, bool) {
        let before = self.untranslated.replace(false);
        let made = make();
        let untranslated = self.untranslated.get();
        self.untranslated.set(before || untranslated);
        (made, untranslated)
    }

    /// The notice a page shows when some of its text is not translated, naming the
    /// language that text is shown in (in that language: "Tiếng Việt").
    pub fn untranslated_notice(&self, default_language_name: &str) -> Option<Phrase> {
        if !self.untranslated.get() {
            return None;
        }
        let default = self.report.site.default_language();
        Some(phrase::fill(
            self.ui.text("untranslated_notice"),
            &[(
                "language",
                Phrase::foreign(default_language_name, self.foreign(default)),
            )],
        ))
    }

    pub fn plan_name(&self, plan: &Plan) -> Phrase {
        let mut name = plan
            .kind
            .as_ref()
            .map_or_else(|| Phrase::own(self.ui.text("plan")), |k| self.text(k));
        name.push_str(" ");
        name.push(self.code(&plan.number));
        name
    }

    /// A value with its unit: `89,18 %`, `1.492.057 người`, `khoảng 20 tỷ đồng`.
    pub fn value(&self, indicator: &Indicator, value: f64, qualifier: Option<Qualifier>) -> Phrase {
        let number = self.format.figure(value, indicator.decimals);
        let with_unit = self.with_unit(indicator, number, "percent");
        match qualifier {
            None => with_unit,
            Some(q) => {
                let key = match q {
                    Qualifier::About => "about",
                    Qualifier::MoreThan => "more_than",
                    Qualifier::LessThan => "less_than",
                };
                phrase::fill(self.ui.text(key), &[("value", with_unit)])
            }
        }
    }

    /// A formatted number with the indicator's unit; `percent_key` says how a percentage
    /// reads (`percent`: 89,18 %, `points`: 5,82 điểm phần trăm).
    pub fn with_unit(&self, indicator: &Indicator, number: String, percent_key: &str) -> Phrase {
        match (indicator.unit, &indicator.unit_label) {
            (Unit::Percent, _) => Phrase::own(fill(self.ui.text(percent_key), &[("n", &number)])),
            (Unit::Number, Some(label)) => {
                let mut phrase = Phrase::own(format!("{number} "));
                phrase.push(self.text(label));
                phrase
            }
            (Unit::Number, None) => Phrase::own(number),
        }
    }

    /// A difference in the indicator's unit: points for a percentage.
    pub fn amount(&self, indicator: &Indicator, value: f64) -> Phrase {
        // Points of a percentage keep two decimals (0.45 points a month); counts keep the
        // indicator's own (no fraction of a person).
        let decimals = match indicator.unit {
            Unit::Percent => indicator.decimals.max(2),
            Unit::Number => indicator.decimals,
        };
        self.with_unit(indicator, self.format.number(value, decimals), "points")
    }

    pub fn days(&self, n: i64) -> String {
        fill(
            self.ui.plural("days", n),
            &[("n", &self.format.number(n as f64, 0))],
        )
    }

    pub fn level(&self, level: Level) -> String {
        self.ui
            .text(match level {
                Level::Country => "level_country",
                Level::Province => "level_province",
                Level::Commune => "level_commune",
            })
            .to_owned()
    }

    /// "Coverage above 95 % by 2026".
    pub fn target_sentence(&self, target: &Target, indicator: &Indicator) -> Phrase {
        phrase::fill(
            self.ui.text("target_sentence"),
            &[
                ("indicator", self.text(&indicator.name)),
                (
                    "comparator",
                    Phrase::own(self.comparator(target.comparator)),
                ),
                ("value", self.value(indicator, target.value.get(), None)),
                ("deadline", Phrase::own(self.format.date(target.deadline))),
            ],
        )
    }

    pub fn comparator(&self, comparator: Comparator) -> &str {
        self.ui.text(match comparator {
            Comparator::Above => "comparator_above",
            Comparator::AtLeast => "comparator_at_least",
            Comparator::Below => "comparator_below",
            Comparator::AtMost => "comparator_at_most",
        })
    }

    /// What the calendar says about a task, in words.
    pub fn timing_text(&self, timing: Timing) -> String {
        let with_days =
            |key: &str, days: i64| fill(self.ui.text(key), &[("days", &self.days(days))]);
        match timing {
            Timing::PastDeadline { days_past } => with_days("timing_past_deadline", days_past),
            Timing::Overdue { days_overdue } => with_days("timing_overdue", days_overdue),
            Timing::DueSoon { days_left } => with_days("timing_due_soon", days_left),
            Timing::Upcoming { days_left } => with_days("timing_upcoming", days_left),
            Timing::NoDeadline => self.ui.text("timing_no_deadline").to_owned(),
            Timing::DoneLate { days_late } => with_days("timing_done_late", days_late),
            Timing::Done => self.ui.text("timing_done").to_owned(),
            Timing::Cancelled => self.ui.text("timing_cancelled").to_owned(),
        }
    }

    /// Jurisdictions in the order lists show them: from the highest level down, those
    /// that ended or merged last, then by name.
    pub fn in_list_order(
        &self,
        jurisdictions: impl IntoIterator<Item = &'a Jurisdiction>,
    ) -> Vec<&'a Jurisdiction> {
        let default = self.report.site.default_language();
        let mut all: Vec<&Jurisdiction> = jurisdictions.into_iter().collect();
        all.sort_by_cached_key(|j| {
            (
                j.level,
                j.ended_on.is_some() || self.report.successors.contains_key(&j.id),
                j.name.get(self.lang, default).text.to_owned(),
                j.id.clone(),
            )
        });
        all
    }

    /// The jurisdictions right within one, in list order.
    pub fn children(&self, id: &Id) -> Vec<&'a Jurisdiction> {
        self.in_list_order(
            self.report
                .children
                .get(id)
                .into_iter()
                .flatten()
                .map(|child| &**child),
        )
    }

    /// The jurisdictions the site-wide pages list (`Report::overview`), in list order.
    pub fn overview(&self) -> Vec<&'a Jurisdiction> {
        self.in_list_order(self.report.overview.values().map(|j| &**j))
    }
}

/// The key templates and data use for a task's timing.
pub fn timing_key(timing: Timing) -> &'static str {
    match timing {
        Timing::PastDeadline { .. } => "past_deadline",
        Timing::Overdue { .. } => "overdue",
        Timing::DueSoon { .. } => "due_soon",
        Timing::Upcoming { .. } => "upcoming",
        Timing::NoDeadline => "no_deadline",
        Timing::DoneLate { .. } => "done_late",
        Timing::Done => "done",
        Timing::Cancelled => "cancelled",
    }
}

/// The UI string that names a verdict on a target's pace.
pub fn verdict_key(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::NoData => "verdict_no_data",
        Verdict::Achieved => "verdict_achieved",
        Verdict::OnTrack => "verdict_on_track",
        Verdict::AccelerationNeeded => "verdict_acceleration_needed",
        Verdict::LimitedProgress => "verdict_limited_progress",
        Verdict::Deterioration => "verdict_deterioration",
        Verdict::NeedsMoreData => "verdict_needs_more_data",
        Verdict::NotAchieved => "verdict_not_achieved",
    }
}
