//! The theme's own words in one language (`themes/<name>/i18n/<lang>.yaml`): navigation,
//! statuses, table headers and the sentences that carry numbers, with plural forms where
//! the language has them.

use std::collections::BTreeMap;
use std::path::Path;

use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::diagnostics::{Diagnostic, Location};
use crate::format::DayStyle;
use crate::model::Lang;
use crate::yaml;

/// Keys that tiendo itself fills with numbers; templates use the others directly.
pub const KEYS_USED_BY_TIENDO: &[&str] = &[
    "percent",
    "about",
    "more_than",
    "less_than",
    "points",
    "comparator_above",
    "comparator_at_least",
    "comparator_below",
    "comparator_at_most",
    "target_sentence",
    "target_short",
    "pace_still_needed",
    "pace_rates",
    "pace_rates_linear",
    "pace_projection",
    "days",
    "timing_overdue",
    "timing_past_deadline",
    "timing_due_soon",
    "timing_upcoming",
    "timing_no_deadline",
    "timing_done_late",
    "timing_done",
    "timing_cancelled",
    "status_not_reported",
    "status_not_started",
    "status_in_progress",
    "status_done",
    "status_blocked",
    "status_cancelled",
    "verdict_no_data",
    "verdict_achieved",
    "verdict_on_track",
    "verdict_acceleration_needed",
    "verdict_limited_progress",
    "verdict_deterioration",
    "verdict_needs_more_data",
    "verdict_not_achieved",
    "level_country",
    "level_province",
    "level_commune",
    "summary_count",
    "language_name",
    "direction",
    "date_style",
    "untranslated_notice",
    "chart_description",
    "chart_time_axis",
    "clarity_person",
    "clarity_work",
    "clarity_time",
    "clarity_responsibility",
    "clarity_product",
    "clarity_authority",
    "deadlines",
    "updates",
    "not_found",
];

#[derive(Debug)]
pub struct Ui {
    strings: BTreeMap<String, String>,
    plurals: PluralRules,
    day_style: DayStyle,
}

impl Ui {
    pub fn parse(lang: &Lang, path: &Path, text: &str) -> Result<Ui, Diagnostic> {
        let at = || Location::Path(path.to_path_buf());
        let strings: BTreeMap<String, String> = yaml::parse_plain(text).map_err(|message| {
            Diagnostic::error(format!(
                "the UI strings in `{}` cannot be read: {message}",
                path.display()
            ))
            .at(at())
            .help("the file holds one `key: text` line per string")
        })?;
        let missing: Vec<&str> = KEYS_USED_BY_TIENDO
            .iter()
            .copied()
            .filter(|key| {
                !strings.contains_key(*key) && !strings.contains_key(&format!("{key}.other"))
            })
            .collect();
        if !missing.is_empty() {
            return Err(Diagnostic::error(format!(
                "`{}` lacks the UI strings {}",
                path.display(),
                missing
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(at())
            .help("add them, translated from the theme's `i18n/en.yaml`"));
        }
        let choice = |key: &str, allowed: &str| {
            Diagnostic::error(format!(
                "`{}`: `{key}` is `{}`, which tiendo does not know",
                path.display(),
                strings[key]
            ))
            .at(at())
            .help(format!("write {allowed}"))
        };
        if !matches!(strings["direction"].as_str(), "ltr" | "rtl") {
            return Err(choice(
                "direction",
                "ltr (left to right) or rtl (right to left)",
            ));
        }
        let day_style = DayStyle::parse(&strings["date_style"])
            .ok_or_else(|| choice("date_style", DayStyle::NAMES))?;
        let locale: Locale = lang
            .as_str()
            .parse()
            .map_err(|e| Diagnostic::error(format!("`{lang}` is not a locale: {e}")).at(at()))?;
        let plurals = PluralRules::try_new_cardinal((&locale).into()).map_err(|e| {
            Diagnostic::error(format!("no plural rules for `{lang}`: {e}")).at(at())
        })?;
        Ok(Ui {
            strings,
            plurals,
            day_style,
        })
    }

    /// How long this language writes a day's date.
    pub fn day_style(&self) -> DayStyle {
        self.day_style
    }

    /// All strings, for templates.
    pub fn strings(&self) -> &BTreeMap<String, String> {
        &self.strings
    }

    /// A string by key. Keys tiendo uses are checked when the theme loads; a template's
    /// own keys are checked by tera.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings
            .get(key)
            .or_else(|| self.strings.get(&format!("{key}.other")))
            .map_or(key, String::as_str)
    }

    /// The form of `key` for the count `n` (`days.one`, `days.other`, ...).
    pub fn plural<'a>(&'a self, key: &'a str, n: i64) -> &'a str {
        let category = match self.plurals.category_for(n.unsigned_abs()) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        };
        self.strings
            .get(&format!("{key}.{category}"))
            .map_or_else(|| self.text(key), String::as_str)
    }
}

/// A key without its plural category: `days.one` → `days`.
pub fn base_key(key: &str) -> &str {
    match key.rsplit_once('.') {
        Some((base, "zero" | "one" | "two" | "few" | "many" | "other")) => base,
        _ => key,
    }
}

/// Puts values into a pattern's `{name}` placeholders, in one pass: a value that itself
/// holds `{total}` (a name from the content) is never filled in turn.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let placeholder = rest[open + 1..]
            .find('}')
            .map(|close| &rest[open + 1..open + 1 + close])
            .and_then(|name| values.iter().find(|(n, _)| *n == name));
        match placeholder {
            Some((name, value)) => {
                out.push_str(&rest[..open]);
                out.push_str(value);
                rest = &rest[open + name.len() + 2..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill("{n} of {total}", &[("n", "5"), ("total", "6")]),
            "5 of 6"
        );
        // A value is put in as it is, never filled again.
        assert_eq!(
            fill("{n} of {total}", &[("n", "{total}"), ("total", "6")]),
            "{total} of 6"
        );
        assert_eq!(fill("{n", &[("n", "5")]), "{n");
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let mut text = String::new();
        for key in KEYS_USED_BY_TIENDO {
            let value = match *key {
                "direction" => "ltr",
                "date_style" => "long",
                _ => "x",
            };
            text.push_str(&format!("{key}: {value}\n"));
        }
        text.push_str("days.one: \"{n} day\"\ndays.other: \"{n} days\"\n");
        let en = Ui::parse(&Lang::parse("en").unwrap(), Path::new("en.yaml"), &text).unwrap();
        assert_eq!(en.plural("days", 1), "{n} day");
        assert_eq!(en.plural("days", 2), "{n} days");
        let missing = Ui::parse(
            &Lang::parse("en").unwrap(),
            Path::new("en.yaml"),
            "percent: x\n",
        );
        assert!(missing.unwrap_err().message.contains("`about`"));
        let wrong = text.replace("date_style: long", "date_style: longest");
        let error = Ui::parse(&Lang::parse("en").unwrap(), Path::new("en.yaml"), &wrong);
        let error = error.unwrap_err();
        assert_eq!(
            error.message,
            "`en.yaml`: `date_style` is `longest`, which tiendo does not know"
        );
    }
}
