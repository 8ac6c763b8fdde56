//! Dates as plans write them: a day (`2025-11-28`), a month (`2025-11`) or a year
//! (`2026`). As a deadline, a month means its last day and a year its 31 December.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::base::yaml::value_error;

const DATE_FORMS: &str = "write a day as 2025-11-28, a month as 2025-11 or a year as 2026";
const DAY_FORM: &str = "write a day as year-month-day, e.g. 2025-11-28";

/// A day, a month or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateSpec {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl DateSpec {
    pub fn parse(text: &str) -> Result<DateSpec, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, digits: usize, what: &str| -> Result<u32, String> {
            if part.len() == digits && part.chars().all(|c| c.is_ascii_digit()) {
                part.parse()
                    .map_err(|_| format!("`{text}` has a bad {what}"))
            } else {
                Err(format!("`{text}` is not a date"))
            }
        };
        match parts.as_slice() {
            [year] => Ok(DateSpec::Year(check_year(number(year, 4, "year")?, text)?)),
            [year, month] => {
                let year = check_year(number(year, 4, "year")?, text)?;
                let month = number(month, 2, "month")?;
                if !(1..=12).contains(&month) {
                    return Err(format!("`{text}`: there is no month {month}"));
                }
                Ok(DateSpec::Month { year, month })
            }
            [year, month, day] => {
                let year = check_year(number(year, 4, "year")?, text)?;
                let month = number(month, 2, "month")?;
                let day = number(day, 2, "day")?;
                if !(1..=12).contains(&month) {
                    return Err(format!("`{text}`: there is no month {month}"));
                }
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(DateSpec::Day)
                    .ok_or_else(|| format!("`{text}`: month {month} of {year} has no day {day}"))
            }
            _ => Err(format!("`{text}` is not a date")),
        }
    }

    /// The first day the date covers.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            DateSpec::Day(day) => day,
            DateSpec::Month { year, month } => first_of_month(year, month),
            DateSpec::Year(year) => first_of_month(year, 1),
        }
    }

    /// The last day the date covers: what a deadline means.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            DateSpec::Day(day) => day,
            DateSpec::Month { year, month } => {
                let (next_year, next_month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                first_of_month(next_year, next_month)
                    .pred_opt()
                    .unwrap_or(NaiveDate::MAX)
            }
            DateSpec::Year(year) => NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MAX)
}

/// Years a plan may plausibly name; anything else is a typo.
fn check_year(year: u32, text: &str) -> Result<i32, String> {
    if (1900..=2200).contains(&year) {
        Ok(year as i32)
    } else {
        Err(format!(
            "`{text}`: the year {year} is out of range (1900 to 2200)"
        ))
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateSpec::Day(day) => write_day(f, *day),
            DateSpec::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DateSpec::Year(year) => write!(f, "{year:04}"),
        }
    }
}

/// A year, as in [`check_year`]; a month, with two digits; a month and a day that it
/// has (the 29th of February in any year: check knows which years are leap ones).
const YEAR: &str = "(19[0-9][0-9]|2[01][0-9][0-9]|2200)";
const MONTH: &str = "(0[1-9]|1[0-2])";
const MONTH_DAY: &str =
    "((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-9])|(0[13-9]|1[0-2])-30|(0[13578]|1[02])-31)";

impl schemars::JsonSchema for DateSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateSpec".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A day (2025-11-28), a month (2025-11) or a year (2026)",
            "anyOf": [
                {"type": "integer", "minimum": 1900, "maximum": 2200},
                {
                    "type": "string",
                    "pattern": format!("^{YEAR}(-{MONTH}|-{MONTH_DAY})?$"),
                },
            ],
        })
    }
}

impl<'de> Deserialize<'de> for DateSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = DateSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a day, a month or a year")
            }
            fn visit_u64<E: de::Error>(self, year: u64) -> Result<DateSpec, E> {
                self.visit_str(&year.to_string())
            }
            fn visit_i64<E: de::Error>(self, year: i64) -> Result<DateSpec, E> {
                self.visit_str(&year.to_string())
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<DateSpec, E> {
                Err(value_error(format!("`{value}` is not a date"), DATE_FORMS))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateSpec, E> {
                DateSpec::parse(text).map_err(|message| value_error(message, DATE_FORMS))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A date that must be a single day (when a plan was issued, the day of a report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl Day {
    pub fn date(&self) -> NaiveDate {
        self.0
    }

    pub fn spec(&self) -> DateSpec {
        DateSpec::Day(self.0)
    }
}

impl schemars::JsonSchema for Day {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Day".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A day, written year-month-day: 2025-11-28",
            "type": "string",
            "pattern": format!("^{YEAR}-{MONTH_DAY}$"),
        })
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match DateSpec::deserialize(deserializer) {
            Ok(DateSpec::Day(day)) => Ok(Day(day)),
            Ok(other) => Err(value_error(
                format!("`{other}` is not a single day"),
                DAY_FORM,
            )),
            Err(error) => {
                let text = error.to_string();
                let message = text.split('\u{1f}').next().unwrap_or(&text).to_owned();
                Err(value_error(message, DAY_FORM))
            }
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_day(f, self.0)
    }
}

/// A day as `2025-11-28`, as chrono's `%Y-%m-%d` writes it, without parsing that format
/// each time: the pages and data write a hundred thousand days, and the parse was most
/// of the cost.
fn write_day(f: &mut fmt::Formatter<'_>, day: NaiveDate) -> fmt::Result {
    let year = day.year();
    if !(0..=9999).contains(&year) {
        return write!(f, "{}", day.format("%Y-%m-%d"));
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (year, month, date) = (year as u32, day.month(), day.day());
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(date / 10),
        digit(date),
    ];
    // Only ASCII digits and hyphens were written.
    f.write_str(std::str::from_utf8(&text).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_day_is_written_as_chrono_writes_it(days in -1_000_000i32..4_000_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let expected = date.format("%Y-%m-%d").to_string();
            proptest::prop_assert_eq!(Day(date).to_string(), expected.clone());
            proptest::prop_assert_eq!(DateSpec::Day(date).to_string(), expected);
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn deadlines_mean_the_last_day_they_cover() {
        assert_eq!(
            DateSpec::parse("2025-11").unwrap().last_day(),
            day(2025, 11, 30)
        );
        assert_eq!(
            DateSpec::parse("2024-02").unwrap().last_day(),
            day(2024, 2, 29)
        );
        assert_eq!(
            DateSpec::parse("2025-12").unwrap().last_day(),
            day(2025, 12, 31)
        );
        assert_eq!(
            DateSpec::parse("2026").unwrap().last_day(),
            day(2026, 12, 31)
        );
        assert_eq!(
            DateSpec::parse("2025-11-28").unwrap().last_day(),
            day(2025, 11, 28)
        );
        assert_eq!(
            DateSpec::parse("2026").unwrap().first_day(),
            day(2026, 1, 1)
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            DateSpec::parse("2025-02-30").unwrap_err(),
            "`2025-02-30`: month 2 of 2025 has no day 30"
        );
        assert_eq!(
            DateSpec::parse("2025-13").unwrap_err(),
            "`2025-13`: there is no month 13"
        );
        assert!(DateSpec::parse("28/11/2025").is_err());
        assert!(DateSpec::parse("2025-1-5").is_err());
        assert!(DateSpec::parse("20255").is_err());
        assert!(DateSpec::parse("0000").is_err());
    }

    #[test]
    fn dates_read_from_yaml_numbers_and_strings() {
        let year: DateSpec = serde_yaml::from_str("2026").unwrap();
        assert_eq!(year, DateSpec::Year(2026));
        let month: DateSpec = serde_yaml::from_str("2025-11").unwrap();
        assert_eq!(month.to_string(), "2025-11");
        let error = serde_yaml::from_str::<Day>("2025-11")
            .unwrap_err()
            .to_string();
        assert!(error.contains("not a single day"), "{error}");
    }
}
