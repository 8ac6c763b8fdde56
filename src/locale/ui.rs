//! The theme's own words in one language (`themes/<name>/i18n/<lang>.yaml`): navigation,
//! statuses, table headers and the sentences that carry numbers, with plural forms where
//! the language has them.

use std::collections::BTreeMap;

use foldhash::HashMap;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::base::diagnostics::{Diagnostic, Location};
use crate::base::source::{FileId, Origin, SourceFile};
use crate::base::yaml;
use crate::locale::format::DayStyle;
use crate::model::Lang;

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
    "deadline_moved",
    "deadline_moved_times",
    "deadline_history",
    "moved_later",
    "moved_earlier",
    "changed_deadline",
    "changed_status",
    "changed_done_on",
    "changed_target_value",
    "changed_comparator",
    "figure_revised",
    "changed_figure",
    "feed_deadline_moved",
    "feed_task_changed",
    "feed_target_changed",
    "feed_figure_revised",
    "commit",
    "published_on",
    "published_changed",
    "not_found_explained",
    "back_home",
    "cite_line",
    "figures_left_out",
    "unit_percent",
    "unit_number",
    "direction_up",
    "direction_down",
    "updates_left_out",
    "search",
    "kind_jurisdiction",
    "kind_plan",
    "kind_target",
    "kind_task",
    "kind_update",
    "kind_indicator",
    "kind_program",
];

/// The JSON Schema of a UI strings file, for editors: every key tiendo fills must be
/// there (a plural one in its `other` form at least); the keys templates use are free.
pub fn schema() -> serde_json::Value {
    let plural = |key: &str| !SINGLE_FORM_KEYS.contains(&key);
    let mut properties = serde_json::Map::new();
    let mut each_present = Vec::new();
    for key in KEYS_USED_BY_TIENDO {
        let line = serde_json::json!({"type": "string", "description": "used by tiendo"});
        properties.insert((*key).to_owned(), line.clone());
        if plural(key) {
            properties.insert(format!("{key}.other"), line);
            each_present.push(serde_json::json!({
                "anyOf": [{"required": [key]}, {"required": [format!("{key}.other")]}],
            }));
        } else {
            each_present.push(serde_json::json!({"required": [key]}));
        }
    }
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "themes/<name>/i18n/<lang>.yaml: the theme's words in one language",
        "type": "object",
        "properties": properties,
        "propertyNames": {
            "pattern": "^[A-Za-z0-9_-]+(\\.(zero|one|two|few|many|other))?$",
        },
        "additionalProperties": {"type": "string"},
        "allOf": each_present,
    })
}

#[derive(Debug)]
pub struct Ui {
    strings: BTreeMap<String, String>,
    /// The same strings by key for [`Ui::text`], which pages ask hundreds of times each;
    /// a plural key is also found by its name alone, as its `other` form.
    by_key: HashMap<String, String>,
    plurals: PluralRules,
    day_style: DayStyle,
}

/// Keys with one form whatever the number: they choose, they do not count.
const SINGLE_FORM_KEYS: &[&str] = &["direction", "date_style", "language_name"];

/// The strings by key, each plural key also by its name alone (`days` for
/// `days.other`) unless a string has that name.
fn by_key(strings: &BTreeMap<String, String>) -> HashMap<String, String> {
    let mut by_key: HashMap<String, String> = strings.clone().into_iter().collect();
    for (key, text) in strings {
        if let Some(name) = key.strip_suffix(".other") {
            by_key
                .entry(name.to_owned())
                .or_insert_with(|| text.clone());
        }
    }
    by_key
}

impl Ui {
    /// Reads one language's UI strings; every problem in the file is an error at its key.
    pub fn parse(lang: &Lang, file: FileId, source: &SourceFile) -> Result<Ui, Vec<Diagnostic>> {
        let path = source.path.display();
        let (strings, mut errors) = yaml::parse_strings(file, source);
        let root = Origin::file(file);
        for key in strings.keys() {
            let base = base_key(key);
            if base != key && SINGLE_FORM_KEYS.contains(&base) {
                errors.push(
                    Diagnostic::error(format!(
                        "`{key}` is a plural form, but `{base}` has one form whatever the number"
                    ))
                    .at(Location::Key(root.clone(), key.clone()))
                    .help(format!("write `{base}: ...` on a line of its own")),
                );
            }
        }
        let missing: Vec<&str> = KEYS_USED_BY_TIENDO
            .iter()
            .copied()
            // A one-form key given only in a plural form was reported above.
            .filter(|key| {
                let reported = SINGLE_FORM_KEYS.contains(key)
                    && strings.keys().any(|k| k != key && base_key(k) == *key);
                !strings.contains_key(*key)
                    && !strings.contains_key(&format!("{key}.other"))
                    && !reported
            })
            .collect();
        if !missing.is_empty() {
            errors.push(
                Diagnostic::error(format!(
                    "`{path}` lacks the UI strings {}",
                    missing
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .at(Location::Path(source.path.clone()))
                .help("add them, translated from the theme's `i18n/en.yaml`"),
            );
        }
        let choice = |key: &str, value: &str, allowed: &str| {
            Diagnostic::error(format!(
                "`{path}`: `{key}` is `{value}`, which tiendo does not know"
            ))
            .at(Location::Value(root.key(key)))
            .help(format!("write {allowed}"))
        };
        let direction = strings.get("direction").map(String::as_str);
        if let Some(direction) = direction.filter(|d| !matches!(*d, "ltr" | "rtl")) {
            errors.push(choice(
                "direction",
                direction,
                "ltr (left to right) or rtl (right to left)",
            ));
        }
        let day_style = strings.get("date_style").and_then(|style| {
            let parsed = DayStyle::parse(style);
            if parsed.is_none() {
                errors.push(choice("date_style", style, DayStyle::NAMES));
            }
            parsed
        });
        let at = || Location::Path(source.path.clone());
        let plurals = lang
            .as_str()
            .parse::<Locale>()
            .map_err(|e| Diagnostic::error(format!("`{lang}` is not a locale: {e}")).at(at()))
            .and_then(|locale| {
                PluralRules::try_new_cardinal((&locale).into()).map_err(|e| {
                    Diagnostic::error(format!("no plural rules for `{lang}`: {e}")).at(at())
                })
            });
        match (day_style, plurals) {
            (Some(day_style), Ok(plurals)) if errors.is_empty() => Ok(Ui {
                by_key: by_key(&strings),
                strings,
                plurals,
                day_style,
            }),
            (_, plurals) => {
                errors.extend(plurals.err());
                Err(errors)
            }
        }
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
        self.by_key.get(key).map_or(key, String::as_str)
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
    use crate::base::diagnostics::Diagnostics;
    use crate::base::source::Sources;

    /// A UI file's strings, or its errors as a user reads them.
    fn read(lang: &str, text: &str) -> Result<Ui, String> {
        let mut sources = Sources::default();
        let file = sources.add(SourceFile {
            path: format!("themes/t/i18n/{lang}.yaml").into(),
            text: text.to_owned(),
            yaml: 0..text.len(),
        });
        Ui::parse(&Lang::parse(lang).unwrap(), file, sources.get(file)).map_err(|errors| {
            let mut all = Diagnostics::default();
            all.extend(errors);
            all.render(&sources, false)
        })
    }

    fn parse(lang: &str, text: &str) -> Result<Ui, Vec<Diagnostic>> {
        let mut sources = Sources::default();
        let file = sources.add(SourceFile {
            path: format!("{lang}.yaml").into(),
            text: text.to_owned(),
            yaml: 0..text.len(),
        });
        Ui::parse(&Lang::parse(lang).unwrap(), file, sources.get(file))
    }

    /// Every string tiendo needs, plainly.
    fn complete() -> String {
        let mut text = String::new();
        for key in KEYS_USED_BY_TIENDO {
            let value = match *key {
                "direction" => "ltr",
                "date_style" => "long",
                _ => "x",
            };
            text.push_str(&format!("{key}: {value}\n"));
        }
        text
    }

    #[test]
    fn any_shape_of_ui_file_is_an_error_at_its_key() {
        // A plural form of a key that has one form: this panicked once.
        let text = complete().replace("direction: ltr", "direction.other: ltr");
        let errors = read("en", &text).unwrap_err();
        let line = text
            .lines()
            .position(|l| l.starts_with("direction"))
            .unwrap()
            + 1;
        assert!(
            errors.contains("`direction.other` is a plural form, but `direction` has one form"),
            "{errors}"
        );
        assert!(
            errors.contains(&format!("themes/t/i18n/en.yaml:{line}:1")),
            "{errors}"
        );
        for (shape, message) in [
            (
                "weeks:\n  one: a day\n  other: weeks\n",
                "`weeks` holds a mapping, not a line of text",
            ),
            (
                "weeks: [a, b]\n",
                "`weeks` holds a list, not a line of text",
            ),
            ("weeks: 5\n", "`weeks` holds a number, not a line of text"),
            (
                "weeks: true\n",
                "`weeks` holds a yes or no, not a line of text",
            ),
            ("weeks:\n", "`weeks` holds nothing, not a line of text"),
            ("[1, 2]: x\n", "is not a key of a UI string"),
            ("weeks: \"open\n", "found unexpected end of stream"),
        ] {
            let errors = read("en", &format!("{}{shape}", complete())).unwrap_err();
            assert!(errors.contains(message), "{shape:?}: {errors}");
            assert!(
                errors.contains("en.yaml:"),
                "{shape:?} is located: {errors}"
            );
        }
        for whole in ["- a\n- b\n", "just text\n", "42\n"] {
            let errors = read("en", whole).unwrap_err();
            assert!(errors.contains("not UI strings"), "{whole:?}: {errors}");
        }
        // An empty file lacks everything, and says so.
        assert!(read("en", "").unwrap_err().contains("lacks the UI strings"));
        let wrong = complete().replace("direction: ltr", "direction: up");
        let errors = read("en", &wrong).unwrap_err();
        assert!(errors.contains("`direction` is `up`"), "{errors}");
        assert!(read("en", &complete()).is_ok());
    }

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
        let mut text = complete();
        text.push_str("days.one: \"{n} day\"\ndays.other: \"{n} days\"\n");
        let en = parse("en", &text).unwrap();
        assert_eq!(en.plural("days", 1), "{n} day");
        assert_eq!(en.plural("days", 2), "{n} days");
        let missing = parse("en", "percent: x\n");
        assert!(missing.unwrap_err()[0].message.contains("`about`"));
        let wrong = text.replace("date_style: long", "date_style: longest");
        let errors = parse("en", &wrong).unwrap_err();
        assert_eq!(
            errors[0].message,
            "`en.yaml`: `date_style` is `longest`, which tiendo does not know"
        );
    }
}
