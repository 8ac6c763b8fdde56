//! Numbers and dates in each language's own way, from ICU4X's locale data (CLDR):
//! `1.492.057` and `89,18` in Vietnamese, `1,492,057` and `89.18` in English.

use std::sync::RwLock;

use chrono::{Datelike, NaiveDate};
use foldhash::HashMap;
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use writeable::Writeable;

use crate::model::{DateSpec, Lang};

/// How long a day's date is written, as a theme's UI strings choose for each language
/// (`date_style`): each language has its own habit. Vietnamese writes 28/11/2025 in
/// running text, English November 28, 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayStyle {
    /// `November 28, 2025`, `28 novembre 2025`.
    Long,
    /// `Nov 28, 2025`.
    Medium,
    /// `28/11/2025`.
    Short,
}

impl DayStyle {
    pub const NAMES: &str = "long, medium or short";

    pub fn parse(name: &str) -> Option<DayStyle> {
        match name {
            "long" => Some(DayStyle::Long),
            "medium" => Some(DayStyle::Medium),
            "short" => Some(DayStyle::Short),
            _ => None,
        }
    }
}

/// Formats numbers and dates for one language.
pub struct Formatter {
    decimal: DecimalFormatter,
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    month_short: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
    /// Days already written: a site shows few distinct days on many pages (every
    /// update's date on its page, its jurisdiction's and the list of updates), and ICU
    /// takes a microsecond to write one.
    days: RwLock<HashMap<NaiveDate, String>>,
    /// Numbers already written, by value, places and whether trailing zeros are
    /// dropped: figures have few decimals, so they recur (a 7,813-page site writes
    /// 109,000 numbers, 15,000 of them distinct in its four languages), and ICU takes
    /// a microsecond to write one.
    numbers: RwLock<HashMap<(u64, u8, bool), String>>,
}

impl Formatter {
    pub fn new(lang: &Lang, day_style: DayStyle) -> Result<Formatter, String> {
        let locale: Locale = lang
            .as_str()
            .parse()
            .map_err(|e| format!("`{lang}` is not a locale ICU knows: {e}"))?;
        let missing = |e: &dyn std::fmt::Display| format!("no locale data for `{lang}`: {e}");
        Ok(Formatter {
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .map_err(|e| missing(&e))?,
            day: FixedCalendarDateTimeFormatter::try_new(
                (&locale).into(),
                match day_style {
                    DayStyle::Long => YMD::long(),
                    DayStyle::Medium => YMD::medium(),
                    DayStyle::Short => YMD::short(),
                },
            )
            .map_err(|e| missing(&e))?,
            month_short: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::medium())
                .map_err(|e| missing(&e))?,
            month: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::long())
                .map_err(|e| missing(&e))?,
            year: FixedCalendarDateTimeFormatter::try_new((&locale).into(), Y::long())
                .map_err(|e| missing(&e))?,
            days: RwLock::default(),
            numbers: RwLock::default(),
        })
    }

    /// A number rounded to `decimals` places, grouped as the language groups it.
    pub fn number(&self, value: f64, decimals: u8) -> String {
        self.remembered((value.to_bits(), decimals, false), || {
            format!("{:.*}", usize::from(decimals), value)
        })
    }

    /// A figure as precise as it was written, up to `max_decimals`: 95 stays `95`,
    /// 89.18 stays `89,18`, 12.5 stays `12,5`. Padding 95 to `95,00` would claim a
    /// precision the source never gave.
    pub fn figure(&self, value: f64, max_decimals: u8) -> String {
        self.remembered((value.to_bits(), max_decimals, true), || {
            // Rounded to `max_decimals`, its trailing zeros dropped: what rounding to the
            // fewer places that remain gives, as the dropped digits were zeros.
            let mut rounded = format!("{:.*}", usize::from(max_decimals), value);
            if rounded.contains('.') {
                let kept = rounded.trim_end_matches('0').trim_end_matches('.').len();
                rounded.truncate(kept);
            }
            rounded
        })
    }

    /// A number as written before, or rounded by `rounded` and written now.
    fn remembered(&self, key: (u64, u8, bool), rounded: impl FnOnce() -> String) -> String {
        let known = self
            .numbers
            .read()
            .ok()
            .and_then(|numbers| numbers.get(&key).cloned());
        if let Some(text) = known {
            return text;
        }
        let text = self.grouped(rounded());
        if let Ok(mut numbers) = self.numbers.write() {
            numbers.insert(key, text.clone());
        }
        text
    }

    /// A number already rounded (`-1234.5`), in the language's digits and grouping.
    fn grouped(&self, mut rounded: String) -> String {
        // -0.001 rounds to "-0.00": a zero has no sign.
        if rounded.starts_with('-') && rounded[1..].bytes().all(|b| b == b'0' || b == b'.') {
            rounded.remove(0);
        }
        match Decimal::try_from_str(&rounded) {
            Ok(decimal) => self.decimal.format(&decimal).write_to_string().into_owned(),
            Err(_) => rounded,
        }
    }

    pub fn day(&self, date: NaiveDate) -> String {
        let known = self
            .days
            .read()
            .ok()
            .and_then(|days| days.get(&date).cloned());
        if let Some(text) = known {
            return text;
        }
        let text = match gregorian(date) {
            Some(d) => self.day.format(&d).write_to_string().into_owned(),
            None => date.to_string(),
        };
        if let Ok(mut days) = self.days.write() {
            days.insert(date, text.clone());
        }
        text
    }

    /// A date's month, briefly: for the ends of a chart's time axis.
    pub fn month_short(&self, date: NaiveDate) -> String {
        match gregorian(date) {
            Some(d) => self.month_short.format(&d).write_to_string().into_owned(),
            None => date.format("%Y-%m").to_string(),
        }
    }

    /// A date as precisely as it was written: a day, a month or a year.
    pub fn date(&self, spec: DateSpec) -> String {
        let Some(first) = gregorian(spec.first_day()) else {
            return spec.to_string();
        };
        match spec {
            DateSpec::Day(day) => self.day(day),
            DateSpec::Month { .. } => self.month.format(&first).write_to_string().into_owned(),
            DateSpec::Year(_) => self.year.format(&first).write_to_string().into_owned(),
        }
    }
}

fn gregorian(date: NaiveDate) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatter(lang: &str) -> Formatter {
        // The default theme's choice for each language.
        let style = if lang == "vi" {
            DayStyle::Short
        } else {
            DayStyle::Long
        };
        Formatter::new(&Lang::parse(lang).unwrap(), style).unwrap()
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(formatter("en").number(1492057.0, 0), "1,492,057");
        assert_eq!(formatter("en").number(89.18, 2), "89.18");
        assert_eq!(formatter("vi").number(1492057.0, 0), "1.492.057");
        assert_eq!(formatter("vi").number(89.18, 2), "89,18");
        assert_eq!(formatter("vi").number(0.4485, 2), "0,45");
        assert_eq!(formatter("vi").figure(95.0, 2), "95");
        assert_eq!(formatter("vi").figure(95.5, 2), "95,5");
        assert_eq!(formatter("en").figure(89.18, 2), "89.18");
        assert_eq!(formatter("en").figure(12.54, 1), "12.5");
        assert_eq!(formatter("en").number(-0.001, 2), "0.00");
        assert_eq!(formatter("en").number(-0.0, 0), "0");
    }

    #[test]
    fn dates_follow_the_language_and_their_precision() {
        let en = formatter("en");
        assert_eq!(
            en.date(DateSpec::parse("2025-11-28").unwrap()),
            "November 28, 2025"
        );
        assert_eq!(
            en.date(DateSpec::parse("2025-11").unwrap()),
            "November 2025"
        );
        assert_eq!(en.date(DateSpec::parse("2026").unwrap()), "2026");
    }

    /// The forms the example site shows, per language, checked against CLDR's habits.
    #[test]
    fn each_language_writes_days_months_and_years_its_own_way() {
        let day = DateSpec::parse("2025-11-28").unwrap();
        let month = DateSpec::parse("2025-11").unwrap();
        let year = DateSpec::parse("2030").unwrap();
        let cases = [
            ("vi", "28/11/2025", "tháng 11 năm 2025"),
            ("en", "November 28, 2025", "November 2025"),
            ("fr", "28 novembre 2025", "novembre 2025"),
            ("ar", "28 نوفمبر 2025", "نوفمبر 2025"),
        ];
        for (lang, day_text, month_text) in cases {
            let f = formatter(lang);
            assert_eq!(f.date(day), day_text, "{lang}");
            assert_eq!(f.date(month), month_text, "{lang}");
            assert_eq!(f.date(year), "2030", "{lang}");
        }
        // The chart's axis ends, in brief.
        let date = NaiveDate::from_ymd_opt(2025, 11, 28).unwrap();
        assert_eq!(formatter("fr").month_short(date), "nov. 2025");
        assert_eq!(formatter("en").month_short(date), "Nov 2025");
    }

    #[test]
    fn french_groups_with_a_narrow_space_and_arabic_keeps_latin_digits() {
        let fr = formatter("fr");
        assert_eq!(fr.number(1492057.0, 0), "1\u{202f}492\u{202f}057");
        assert_eq!(fr.number(89.18, 2), "89,18");
        assert_eq!(fr.figure(12.5, 2), "12,5");
        let ar = formatter("ar");
        assert_eq!(ar.number(1492057.0, 0), "1,492,057");
        assert_eq!(ar.number(89.18, 2), "89.18");
        // A negative number carries a left-to-right mark, so that its sign stays before it.
        assert_eq!(ar.number(-0.45, 2), "\u{200e}-0.45");
    }

    #[test]
    fn a_day_style_is_one_of_three_lengths() {
        assert_eq!(DayStyle::parse("short"), Some(DayStyle::Short));
        assert_eq!(DayStyle::parse("Short"), None);
        let medium = Formatter::new(&Lang::parse("fr").unwrap(), DayStyle::Medium).unwrap();
        assert_eq!(
            medium.date(DateSpec::parse("2025-11-28").unwrap()),
            "28 nov. 2025"
        );
    }
}
