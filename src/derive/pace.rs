//! Whether a target is on pace, by the progress measure Open SDG adopted from Statistics
//! Canada: the observed rate of change since the baseline divided by the rate needed to
//! reach the target on time.
//!
//! Conventions (the README documents them for readers):
//! - a year is 365.25 days, a month 365.25 / 12 days;
//! - a deadline given as a year means 31 December, as a month its last day;
//! - rates are compound annual growth rates, `(v1 / v0)^(1 / years) - 1`; where a value
//!   or the target is zero or negative, where compounding means nothing, they are linear
//!   (change per year);
//! - R = observed ÷ required: achieved (the latest value meets the target), on track
//!   (R ≥ 0.95), acceleration needed (0.6 ≤ R < 0.95), limited progress (0 ≤ R < 0.6),
//!   deterioration (R < 0); a deadline passed without the target met is "not achieved";
//! - with a single measurement there is no observed rate: no verdict, only what is still
//!   needed by the deadline.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Comparator, Direction};

pub const DAYS_PER_YEAR: f64 = 365.25;
pub const DAYS_PER_MONTH: f64 = DAYS_PER_YEAR / 12.0;
/// Figures closer together than this say too little about a yearly rate: annualising a
/// change over a few days gives absurd rates.
pub const MIN_DAYS_OBSERVED: i64 = 28;
/// R at or above this is on track.
pub const ON_TRACK: f64 = 0.95;
/// R at or above this (and below [`ON_TRACK`]) needs acceleration; below it, progress is limited.
pub const ACCELERATION_NEEDED: f64 = 0.6;

/// A value on a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub value: f64,
    pub date: NaiveDate,
}

/// What a target asks for.
#[derive(Debug, Clone, Copy)]
pub struct Goal {
    pub comparator: Comparator,
    pub value: f64,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No measurement of the indicator yet.
    NoData,
    /// The latest value meets the target.
    Achieved,
    OnTrack,
    AccelerationNeeded,
    LimitedProgress,
    Deterioration,
    /// A single measurement: no observed rate, so no verdict.
    NeedsMoreData,
    /// The deadline has passed and the latest value does not meet the target.
    NotAchieved,
}

/// The coarse class of a verdict, for colours and summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    OnTrack,
    AtRisk,
    OffTrack,
    Unknown,
}

impl Verdict {
    pub fn outlook(self) -> Outlook {
        match self {
            Verdict::Achieved | Verdict::OnTrack => Outlook::OnTrack,
            Verdict::AccelerationNeeded => Outlook::AtRisk,
            Verdict::LimitedProgress | Verdict::Deterioration | Verdict::NotAchieved => {
                Outlook::OffTrack
            }
            Verdict::NoData | Verdict::NeedsMoreData => Outlook::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateMethod {
    /// Compound annual growth rate, a fraction per year (0.037 is 3.7 % a year).
    Compound,
    /// Change in the indicator's unit per year.
    Linear,
}

/// The observed and required rates, and where the observed one leads.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rates {
    pub method: RateMethod,
    /// Years from the baseline to the latest measurement.
    pub years_observed: f64,
    /// Years from the baseline to the deadline.
    pub years_required: f64,
    pub observed: f64,
    pub required: f64,
    /// observed ÷ required; absent when no rate is required (the baseline already met
    /// the target).
    pub ratio: Option<f64>,
    /// The value at the deadline if the observed rate holds from the latest measurement.
    pub projection: f64,
    pub projection_meets_target: bool,
}

/// Everything a page needs to show a target's pace and the arithmetic behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pace {
    pub verdict: Verdict,
    pub outlook: Outlook,
    pub baseline: Option<Point>,
    pub latest: Option<Point>,
    /// Days from the as-of date to the deadline (negative once it has passed).
    pub days_left: i64,
    pub months_left: f64,
    /// How far the latest value still is from the target value (0 once achieved).
    pub still_needed: Option<f64>,
    /// `still_needed` spread over the months left.
    pub needed_per_month: Option<f64>,
    pub rates: Option<Rates>,
}

/// Computes a target's pace from its goal, its baseline and the latest measurement on
/// the as-of date.
pub fn pace(goal: Goal, baseline: Option<Point>, latest: Option<Point>, as_of: NaiveDate) -> Pace {
    let days_left = (goal.deadline - as_of).num_days();
    let months_left = days_left as f64 / DAYS_PER_MONTH;
    let Some(latest) = latest else {
        return Pace {
            verdict: Verdict::NoData,
            outlook: Outlook::Unknown,
            baseline,
            latest: None,
            days_left,
            months_left,
            still_needed: None,
            needed_per_month: None,
            rates: None,
        };
    };
    let sign = match goal.comparator.direction() {
        Direction::Up => 1.0,
        Direction::Down => -1.0,
    };
    let achieved = goal.comparator.is_met(latest.value, goal.value);
    let still_needed = if achieved {
        0.0
    } else {
        ((goal.value - latest.value) * sign).max(0.0)
    };
    let needed_per_month = (!achieved && days_left > 0).then(|| still_needed / months_left);
    let rates = baseline
        .filter(|b| {
            (latest.date - b.date).num_days() >= MIN_DAYS_OBSERVED && b.date < goal.deadline
        })
        .and_then(|baseline| rates(goal, baseline, latest, sign));

    let verdict = if achieved {
        Verdict::Achieved
    } else if days_left < 0 {
        Verdict::NotAchieved
    } else {
        match rates {
            None => Verdict::NeedsMoreData,
            Some(Rates { ratio: Some(r), .. }) => classify(r),
            // Nothing was required from the baseline, yet the target is not met now.
            Some(Rates { observed, .. }) if observed * sign < 0.0 => Verdict::Deterioration,
            Some(_) => Verdict::LimitedProgress,
        }
    };
    Pace {
        verdict,
        outlook: verdict.outlook(),
        baseline,
        latest: Some(latest),
        days_left,
        months_left,
        still_needed: Some(still_needed),
        needed_per_month,
        rates,
    }
}

fn classify(ratio: f64) -> Verdict {
    if ratio >= ON_TRACK {
        Verdict::OnTrack
    } else if ratio >= ACCELERATION_NEEDED {
        Verdict::AccelerationNeeded
    } else if ratio >= 0.0 {
        Verdict::LimitedProgress
    } else {
        Verdict::Deterioration
    }
}

fn years(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64 / DAYS_PER_YEAR
}

/// The rates, unless the numbers are too extreme to be finite.
fn rates(goal: Goal, baseline: Point, latest: Point, sign: f64) -> Option<Rates> {
    let years_observed = years(baseline.date, latest.date);
    let years_required = years(baseline.date, goal.deadline);
    let years_ahead = years(latest.date, goal.deadline);
    let compound = baseline.value > 0.0 && latest.value > 0.0 && goal.value > 0.0;
    let (method, observed, required, projection) = if compound {
        let observed = (latest.value / baseline.value).powf(1.0 / years_observed) - 1.0;
        let required = (goal.value / baseline.value).powf(1.0 / years_required) - 1.0;
        let projection = latest.value * (1.0 + observed).powf(years_ahead);
        (RateMethod::Compound, observed, required, projection)
    } else {
        let observed = (latest.value - baseline.value) / years_observed;
        let required = (goal.value - baseline.value) / years_required;
        (
            RateMethod::Linear,
            observed,
            required,
            latest.value + observed * years_ahead,
        )
    };
    let rates = Rates {
        method,
        years_observed,
        years_required,
        observed,
        required,
        ratio: (required * sign > 0.0).then(|| observed / required),
        projection,
        projection_meets_target: goal.comparator.is_met(projection, goal.value),
    };
    let finite = [rates.observed, rates.required, rates.projection]
        .iter()
        .all(|x| x.is_finite())
        && rates.ratio.is_none_or(f64::is_finite);
    finite.then_some(rates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn point(value: f64, date: &str) -> Point {
        Point {
            value,
            date: day(date),
        }
    }

    /// Lao Cai's plan: coverage above 95 % by 2026, i.e. by 2026-12-31.
    fn lao_cai_goal() -> Goal {
        Goal {
            comparator: Comparator::Above,
            value: 95.0,
            deadline: day("2026-12-31"),
        }
    }

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} is not {expected} ± {tolerance}"
        );
    }

    /// The real case: one measurement, 89.18 % on 2025-11-28, as of 2025-12-01.
    /// By hand: 95 − 89.18 = 5.82 points; 2025-12-01 → 2026-12-31 is 395 days,
    /// 395 / 30.4375 = 12.98 months; 5.82 / 12.98 = 0.45 points a month.
    #[test]
    fn lao_cai_with_one_measurement_has_no_verdict_only_what_is_needed() {
        let latest = point(89.18, "2025-11-28");
        let pace = pace(
            lao_cai_goal(),
            Some(latest),
            Some(latest),
            day("2025-12-01"),
        );
        assert_eq!(pace.verdict, Verdict::NeedsMoreData);
        assert_eq!(pace.outlook, Outlook::Unknown);
        assert_eq!(pace.days_left, 395);
        close(pace.still_needed.unwrap(), 5.82, 1e-9);
        close(pace.months_left, 12.977, 0.001);
        close(pace.needed_per_month.unwrap(), 0.4485, 0.0001);
        assert!(pace.rates.is_none());
    }

    /// An invented baseline (tests only): 86.00 % on 2024-11-28.
    /// Observed CAGR over 365 days (0.99932 years): (89.18 / 86)^(1 / 0.99932) − 1 = 3.700 %.
    /// Required CAGR over 763 days (2.08898 years): (95 / 86)^(1 / 2.08898) − 1 = 4.880 %.
    /// R = 0.758: acceleration needed. Projection to 2026-12-31 (398 days after the
    /// latest value): 89.18 × 1.037^(1.08966) = 92.78 %, short of the target.
    #[test]
    fn lao_cai_with_two_measurements_needs_acceleration() {
        let pace = pace(
            lao_cai_goal(),
            Some(point(86.0, "2024-11-28")),
            Some(point(89.18, "2025-11-28")),
            day("2025-12-01"),
        );
        let rates = pace.rates.unwrap();
        assert_eq!(rates.method, RateMethod::Compound);
        close(rates.years_observed, 0.99932, 0.00001);
        close(rates.years_required, 2.08898, 0.00001);
        close(rates.observed, 0.03700, 0.00001);
        close(rates.required, 0.04880, 0.00001);
        close(rates.ratio.unwrap(), 0.758, 0.001);
        close(rates.projection, 92.78, 0.01);
        assert!(!rates.projection_meets_target);
        assert_eq!(pace.verdict, Verdict::AccelerationNeeded);
        assert_eq!(pace.outlook, Outlook::AtRisk);
    }

    #[test]
    fn a_target_met_is_achieved_whatever_the_rate() {
        let pace = pace(
            lao_cai_goal(),
            Some(point(96.0, "2024-01-01")),
            Some(point(95.5, "2025-01-01")),
            day("2025-06-01"),
        );
        assert_eq!(pace.verdict, Verdict::Achieved);
        assert_eq!(pace.still_needed, Some(0.0));
    }

    /// "Above 95" is not met by exactly 95.
    #[test]
    fn above_is_strict() {
        let latest = point(95.0, "2025-01-01");
        let pace = pace(
            lao_cai_goal(),
            Some(latest),
            Some(latest),
            day("2025-06-01"),
        );
        assert_ne!(pace.verdict, Verdict::Achieved);
    }

    /// A downward target (fewer uninsured people): both rates are negative and R is
    /// still observed ÷ required.
    #[test]
    fn downward_targets_use_negative_rates() {
        let goal = Goal {
            comparator: Comparator::AtMost,
            value: 5.0,
            deadline: day("2027-01-01"),
        };
        let falling = pace(
            goal,
            Some(point(20.0, "2023-01-01")),
            Some(point(15.0, "2024-01-01")),
            day("2024-01-01"),
        );
        let rates = falling.rates.unwrap();
        assert!(rates.observed < 0.0 && rates.required < 0.0);
        assert!(rates.ratio.unwrap() > 0.0);
        let rising = pace(
            goal,
            Some(point(20.0, "2023-01-01")),
            Some(point(22.0, "2024-01-01")),
            day("2024-01-01"),
        );
        assert_eq!(rising.verdict, Verdict::Deterioration);
    }

    #[test]
    fn zero_values_fall_back_to_linear_rates() {
        let goal = Goal {
            comparator: Comparator::AtLeast,
            value: 10.0,
            deadline: day("2026-01-01"),
        };
        let pace = pace(
            goal,
            Some(point(0.0, "2024-01-01")),
            Some(point(5.0, "2025-01-01")),
            day("2025-01-01"),
        );
        let rates = pace.rates.unwrap();
        assert_eq!(rates.method, RateMethod::Linear);
        close(rates.ratio.unwrap(), 1.0, 0.01);
        assert_eq!(pace.verdict, Verdict::OnTrack);
    }

    #[test]
    fn a_missed_deadline_is_not_achieved() {
        let pace = pace(
            lao_cai_goal(),
            Some(point(80.0, "2025-01-01")),
            Some(point(90.0, "2026-06-01")),
            day("2027-01-02"),
        );
        assert_eq!(pace.verdict, Verdict::NotAchieved);
        assert_eq!(pace.needed_per_month, None);
    }

    #[test]
    fn figures_days_apart_give_no_rate() {
        let pace = pace(
            lao_cai_goal(),
            Some(point(89.0, "2025-11-20")),
            Some(point(89.18, "2025-11-28")),
            day("2025-12-01"),
        );
        assert_eq!(pace.verdict, Verdict::NeedsMoreData);
        assert!(pace.rates.is_none());
    }

    #[test]
    fn no_measurement_no_data() {
        assert_eq!(
            pace(lao_cai_goal(), None, None, day("2025-12-01")).verdict,
            Verdict::NoData
        );
    }

    mod properties {
        use super::*;
        use crate::model::figure::{MAX_FIGURE, MIN_FIGURE};
        use proptest::prelude::*;

        /// Any figure a content file may hold, the bounds and zero included.
        fn figure() -> impl Strategy<Value = f64> {
            prop_oneof![
                Just(0.0),
                Just(MAX_FIGURE),
                Just(-MAX_FIGURE),
                Just(MIN_FIGURE),
                Just(-MIN_FIGURE),
                -MAX_FIGURE..=MAX_FIGURE,
                -1000.0..1000.0f64,
                (MIN_FIGURE..1.0f64),
            ]
        }

        /// A day from 1900 to 2200, the years a date may name.
        fn date() -> impl Strategy<Value = NaiveDate> {
            (0i64..110_000).prop_map(|days| day("1900-01-01") + chrono::Days::new(days as u64))
        }

        fn comparator() -> impl Strategy<Value = Comparator> {
            prop_oneof![
                Just(Comparator::Above),
                Just(Comparator::AtLeast),
                Just(Comparator::Below),
                Just(Comparator::AtMost),
            ]
        }

        fn every_number(pace: &Pace) -> Vec<f64> {
            let mut numbers = vec![pace.months_left];
            numbers.extend(pace.still_needed);
            numbers.extend(pace.needed_per_month);
            numbers.extend(pace.baseline.map(|b| b.value));
            numbers.extend(pace.latest.map(|l| l.value));
            if let Some(r) = pace.rates {
                numbers.extend([r.years_observed, r.years_required, r.observed, r.required]);
                numbers.extend([r.projection]);
                numbers.extend(r.ratio);
            }
            numbers
        }

        /// Worse verdicts first, for comparing two paces of one target.
        fn rank(verdict: Verdict) -> u8 {
            match verdict {
                Verdict::NoData | Verdict::NeedsMoreData => 0,
                Verdict::NotAchieved | Verdict::Deterioration => 1,
                Verdict::LimitedProgress => 2,
                Verdict::AccelerationNeeded => 3,
                Verdict::OnTrack => 4,
                Verdict::Achieved => 5,
            }
        }

        fn mirrored(comparator: Comparator) -> Comparator {
            match comparator {
                Comparator::Above => Comparator::Below,
                Comparator::AtLeast => Comparator::AtMost,
                Comparator::Below => Comparator::Above,
                Comparator::AtMost => Comparator::AtLeast,
            }
        }

        proptest! {
            // Cases whose two paces are worked out differently are set aside, many of them.
            #![proptest_config(ProptestConfig {
                cases: 4000,
                max_global_rejects: 50_000,
                ..ProptestConfig::default()
            })]

            #[test]
            fn every_number_of_a_pace_is_finite(
                comparator in comparator(), target in figure(), deadline in date(),
                baseline in figure(), baseline_on in date(), latest in figure(),
                latest_on in date(), as_of in date(),
            ) {
                let goal = Goal { comparator, value: target, deadline };
                let baseline = Point { value: baseline, date: baseline_on.min(latest_on) };
                let latest = Point { value: latest, date: baseline_on.max(latest_on) };
                let pace = pace(goal, Some(baseline), Some(latest), as_of);
                for number in every_number(&pace) {
                    prop_assert!(number.is_finite(), "{number} in {pace:?}");
                }
            }

            /// A target that must go down is the mirror of one that must go up: the
            /// same figures with their signs turned give the same verdict and ratio.
            /// (Where every figure is positive the rates compound, and mirrored figures,
            /// negative, would be linear: the property is of figures on both sides of
            /// zero, where both are linear.)
            #[test]
            fn a_downward_target_is_the_mirror_of_an_upward_one(
                comparator in comparator(), target in figure(), baseline in figure(),
                latest in figure(), days in 28i64..5000, ahead in 1i64..5000,
                as_of_after in 0i64..3000,
            ) {
                prop_assume!([target, baseline, latest].iter().any(|v| *v <= 0.0));
                prop_assume!([target, baseline, latest].iter().any(|v| *v >= 0.0));
                let start = day("2020-01-01");
                let latest_on = start + chrono::Days::new(days as u64);
                let deadline = latest_on + chrono::Days::new(ahead as u64);
                let as_of = latest_on + chrono::Days::new(as_of_after as u64);
                let pace_of = |comparator, sign: f64| pace(
                    Goal { comparator, value: sign * target, deadline },
                    Some(Point { value: sign * baseline, date: start }),
                    Some(Point { value: sign * latest, date: latest_on }),
                    as_of,
                );
                let (up, down) = (pace_of(comparator, 1.0), pace_of(mirrored(comparator), -1.0));
                prop_assert_eq!(up.verdict, down.verdict);
                let ratio = |p: &Pace| p.rates.and_then(|r| r.ratio);
                match (ratio(&up), ratio(&down)) {
                    (Some(a), Some(b)) => prop_assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0), "{a} {b}"),
                    (a, b) => prop_assert_eq!(a.is_some(), b.is_some()),
                }
            }

            /// A higher latest figure never makes an upward target's verdict worse, nor
            /// a lower one a downward target's, as long as the rates are worked out the
            /// same way for both.
            #[test]
            fn a_better_latest_figure_never_gives_a_worse_verdict(
                comparator in comparator(), target in figure(), baseline in figure(),
                latest in figure(), better_by in 0.0..1e6f64, days in 28i64..5000,
                ahead in -3000i64..5000,
            ) {
                let start = day("2020-01-01");
                let latest_on = start + chrono::Days::new(days as u64);
                let deadline = latest_on.checked_add_signed(chrono::TimeDelta::days(ahead)).unwrap();
                let sign = match comparator.direction() { Direction::Up => 1.0, Direction::Down => -1.0 };
                let better = (latest + sign * better_by).clamp(-MAX_FIGURE, MAX_FIGURE);
                let pace_with = |value| pace(
                    Goal { comparator, value: target, deadline },
                    Some(Point { value: baseline, date: start }),
                    Some(Point { value, date: latest_on }),
                    latest_on,
                );
                let (worse, better) = (pace_with(latest), pace_with(better));
                let method = |p: &Pace| p.rates.map(|r| r.method);
                prop_assume!(method(&worse) == method(&better));
                prop_assert!(
                    rank(better.verdict) >= rank(worse.verdict),
                    "{:?} for {latest}, {:?} for a better figure", worse.verdict, better.verdict
                );
            }
        }
    }
}
