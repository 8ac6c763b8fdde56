//! The as-of date every status is derived against: `--as-of`, else `SOURCE_DATE_EPOCH`
//! (the reproducible-builds convention), else today. Fixing it makes a build
//! reproducible: the same content and as-of date give the same site.
//!
//! A day is the day in the local time zone (`TZ`), for every command: a report written
//! on the morning of 4 December in Hanoi is dated the 4th by `tiendo new`, and shown by
//! `build` that day, though it is still the 3rd in UTC.

use chrono::{DateTime, Local, NaiveDate, TimeZone};

use crate::model::DateSpec;

/// Where the as-of date came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfSource {
    Flag,
    SourceDateEpoch,
    Today,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    pub date: NaiveDate,
    pub source: AsOfSource,
}

/// Parses `--as-of`'s value.
pub fn parse_flag(text: &str) -> Result<NaiveDate, String> {
    parse_day(text, "the as-of date")
}

/// Parses the day of a report, `tiendo new update --date`.
pub fn parse_report_day(text: &str) -> Result<NaiveDate, String> {
    parse_day(text, "the report's day")
}

fn parse_day(text: &str, what: &str) -> Result<NaiveDate, String> {
    // As content writes a day, four-digit years from 1900 to 2200 included: chrono alone
    // took `9-9-11` for 11 September of the year 9.
    match DateSpec::parse(text) {
        Ok(DateSpec::Day(day)) if text.len() == "2025-12-01".len() => Ok(day),
        Ok(_) => Err(format!(
            "`{text}` is not a day: write {what} as YYYY-MM-DD, e.g. 2025-12-01"
        )),
        Err(message) => Err(format!(
            "{message}: write {what} as YYYY-MM-DD, e.g. 2025-12-01"
        )),
    }
}

/// Today, in the local time zone: the day `init` and `new` date files with, and the
/// one `serve` and `build` derive statuses against unless told another.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// The as-of date: `flag`, else `SOURCE_DATE_EPOCH`'s day in `now`'s time zone, else
/// `now`'s day.
pub fn resolve<Tz: TimeZone>(
    flag: Option<NaiveDate>,
    source_date_epoch: Option<&str>,
    now: DateTime<Tz>,
) -> Result<AsOf, String> {
    if let Some(date) = flag {
        return Ok(AsOf {
            date,
            source: AsOfSource::Flag,
        });
    }
    if let Some(epoch) = source_date_epoch.filter(|e| !e.trim().is_empty()) {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds since 1970-01-01; unset it or pass --as-of")
        })?;
        let date = DateTime::from_timestamp(seconds, 0)
            .map(|time| time.with_timezone(&now.timezone()).date_naive())
            .filter(|date| DateSpec::parse(&date.format("%Y-%m-%d").to_string()).is_ok())
            .ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH `{epoch}` is not a day from 1900 to 2200; unset it or pass --as-of"
                )
            })?;
        return Ok(AsOf {
            date,
            source: AsOfSource::SourceDateEpoch,
        });
    }
    Ok(AsOf {
        date: now.date_naive(),
        source: AsOfSource::Today,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_epoch_then_today() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let flag = parse_flag("2025-12-01").unwrap();
        assert_eq!(resolve(Some(flag), Some("0"), now).unwrap().date, flag);
        let epoch = resolve(None, Some("1764547200"), now).unwrap();
        assert_eq!(
            (epoch.date.to_string(), epoch.source),
            ("2025-12-01".into(), AsOfSource::SourceDateEpoch)
        );
        assert_eq!(resolve(None, None, now).unwrap().source, AsOfSource::Today);
        assert!(resolve(None, Some("yesterday"), now).is_err());
        assert!(parse_flag("2025-13-01").is_err());
        for odd in [
            "9-9-11",
            "99999-01-01",
            "+2025-12-01",
            "2025-12-1",
            "2025-12",
            "1850-01-01",
        ] {
            assert!(parse_flag(odd).is_err(), "{odd}");
        }
        assert!(
            resolve(None, Some("253402300800"), now).is_err(),
            "the year 10000"
        );
        assert!(
            resolve(None, Some("-9999999999"), now).is_err(),
            "the year 1653"
        );
    }
}
