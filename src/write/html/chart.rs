//! Charts drawn at build time as SVG, so that no chart library runs in the browser: a
//! measurement series against the straight path from its baseline to the target.
//!
//! The SVG is a picture of numbers the page also shows in a table; it carries a title
//! and a description for screen readers, and its colours come from the page's CSS.
//!
//! On a right-to-left page a chart reads right to left: time runs from right to left,
//! the value axis stands on the right and bars grow leftwards. Shapes are drawn at
//! mirrored positions; text is not mirrored but laid out right to left, so that its
//! `text-anchor` keeps its meaning (`start` is where reading starts).

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::base::escape::markup_without_bidi_marks as escape;

// Drawn small, so that text stays legible when a phone shows the chart at its full
// width; a desktop shows it no wider than the stylesheet allows.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 48.0;

/// Which way a chart reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    LeftToRight,
    RightToLeft,
}

impl Flow {
    /// Where a position measured from the reading's start edge lies, from the left.
    fn x(self, from_start: f64) -> f64 {
        match self {
            Flow::LeftToRight => from_start,
            Flow::RightToLeft => WIDTH - from_start,
        }
    }

    /// The left edge of a shape spanning `width` from `from_start` in reading order.
    fn left(self, from_start: f64, width: f64) -> f64 {
        match self {
            Flow::LeftToRight => from_start,
            Flow::RightToLeft => WIDTH - from_start - width,
        }
    }

    fn direction(self) -> &'static str {
        match self {
            Flow::LeftToRight => "ltr",
            Flow::RightToLeft => "rtl",
        }
    }
}

/// A value on a day, with the text that shows it.
#[derive(Debug, Clone)]
pub struct ChartPoint {
    pub date: NaiveDate,
    pub value: f64,
    pub label: String,
}

/// What a chart shows; every text is already in the page's language.
pub struct SeriesChart<'a> {
    /// Unique on the page, for the ids of the title and description.
    pub id: &'a str,
    pub title: &'a str,
    /// A sentence saying what the chart shows, for screen readers.
    pub description: &'a str,
    pub y_label: &'a str,
    /// The language of `y_label` when it is not the page's.
    pub y_label_lang: Option<String>,
    pub x_label: &'a str,
    /// Oldest first.
    pub points: &'a [ChartPoint],
    /// Where the straight path to the target starts: the baseline.
    pub path_from: Option<&'a ChartPoint>,
    pub target: &'a ChartPoint,
    /// The highest value the axis may show (100 for a percentage).
    pub ceiling: Option<f64>,
    /// Formats a tick of the value axis.
    pub tick_label: &'a dyn Fn(f64) -> String,
    /// Formats a year of the time axis.
    pub year_label: &'a dyn Fn(i32) -> String,
    /// Formats the dates at the two ends of the time axis.
    pub date_label: &'a dyn Fn(NaiveDate) -> String,
    pub flow: Flow,
}

/// How far apart, in the chart's units, the points of the line are kept, and its dots.
const LINE_STEP: f64 = 1.0;
const DOT_STEP: f64 = 9.0;
/// How far apart the years named on the time axis are, at least: a year's name is four
/// digits wide.
const YEAR_LABEL_STEP: f64 = 40.0;

/// The points at least `step` apart along the time axis from the one kept before, the
/// first and the last always kept.
fn spaced<'p>(
    points: &'p [ChartPoint],
    x: &'p impl Fn(NaiveDate) -> f64,
    step: f64,
) -> impl Iterator<Item = &'p ChartPoint> {
    let mut kept: Option<f64> = None;
    let last = points.len().saturating_sub(1);
    points
        .iter()
        .enumerate()
        .filter(move |(i, p)| {
            let at = x(p.date);
            let clear = kept.is_none_or(|before| at - before >= step);
            // The latest is kept, and the one kept before it stays if it stands clear.
            if clear || *i == last {
                kept = Some(at);
                true
            } else {
                false
            }
        })
        .map(|(_, p)| p)
}

/// The chart as inline SVG markup; nothing when there is no measurement to draw.
pub fn series_chart(chart: &SeriesChart) -> Option<String> {
    let first = chart.points.first()?;
    let start = chart
        .path_from
        .map_or(first.date, |b| b.date.min(first.date));
    let end = chart.target.date.max(chart.points.last()?.date);
    let days = (end - start).num_days().max(1) as f64;
    // Positions from the reading's start edge; `at` places them on the drawing.
    let flow = chart.flow;
    let at = |from_start: f64| flow.x(from_start);
    let x =
        |date: NaiveDate| LEFT + (date - start).num_days() as f64 / days * (WIDTH - LEFT - RIGHT);

    let values = chart
        .points
        .iter()
        .map(|p| p.value)
        .chain([chart.target.value])
        .chain(chart.path_from.map(|p| p.value));
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let mut ticks = nice_ticks(low, high);
    if let Some(ceiling) = chart.ceiling.filter(|c| high <= *c) {
        ticks.retain(|t| *t <= ceiling);
        if ticks.last().is_some_and(|t| *t < high) {
            ticks.push(ceiling);
        }
    }
    let (&axis_low, &axis_high) = (ticks.first()?, ticks.last()?);
    let y =
        |value: f64| TOP + (axis_high - value) / (axis_high - axis_low) * (HEIGHT - TOP - BOTTOM);

    let mut svg = String::new();
    let (title_id, desc_id) = (format!("{}-title", chart.id), format!("{}-desc", chart.id));
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" direction="{}" role="img" aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>"#,
        flow.direction(),
        escape(chart.title),
        escape(chart.description)
    );
    let (axis_start, axis_end) = (at(LEFT), at(WIDTH - RIGHT));
    // The value axis: gridlines and labels.
    for tick in &ticks {
        let ty = y(*tick);
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{axis_start}" x2="{axis_end}" y1="{ty}" y2="{ty}"/><text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            at(LEFT - 8.0),
            Tenths(ty + 4.0),
            escape(&(chart.tick_label)(*tick)),
            ty = Tenths(ty),
        );
    }
    // The time axis: a tick at each new year in the range.
    let bottom = HEIGHT - BOTTOM;
    let _ = write!(
        svg,
        r#"<line class="chart-axis" x1="{axis_start}" x2="{axis_end}" y1="{bottom}" y2="{bottom}"/>"#,
    );
    // Its two ends carry their dates, so that no year tick reads as a figure's date.
    let _ = write!(
        svg,
        r#"<text class="chart-tick" x="{axis_start}" y="{}" text-anchor="start">{}</text><text class="chart-tick" x="{axis_end}" y="{}" text-anchor="end">{}</text>"#,
        bottom + 20.0,
        escape(&(chart.date_label)(start)),
        bottom + 20.0,
        escape(&(chart.date_label)(end))
    );
    // Over many years, a year is named where it stands clear of the one named before.
    let mut named: Option<f64> = None;
    for year in start.year() + 1..=end.year() {
        let Some(new_year) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            continue;
        };
        let from_start = x(new_year);
        let tx = Tenths(at(from_start));
        let _ = write!(
            svg,
            r#"<line class="chart-axis" x1="{tx}" x2="{tx}" y1="{bottom}" y2="{}"/>"#,
            bottom + 5.0
        );
        // A year is named only where the dates at the ends leave it room.
        let clear = named.is_none_or(|before| from_start - before >= YEAR_LABEL_STEP);
        if clear && from_start - LEFT > 110.0 && WIDTH - RIGHT - from_start > 110.0 {
            named = Some(from_start);
            let _ = write!(
                svg,
                r#"<text class="chart-tick" x="{tx}" y="{}" text-anchor="middle">{}</text>"#,
                bottom + 20.0,
                escape(&(chart.year_label)(year))
            );
        }
    }
    let _ = write!(
        svg,
        // The value axis is named above it, where a long name has room.
        r#"<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text><text class="chart-label" x="{}" y="16" text-anchor="start"{}>{}</text>"#,
        at((LEFT + WIDTH - RIGHT) / 2.0),
        HEIGHT - 6.0,
        escape(chart.x_label),
        at(4.0),
        lang_attribute(chart.y_label_lang.as_deref()),
        escape(chart.y_label)
    );
    // The straight path to the target, then the target itself.
    let from = chart.path_from.unwrap_or(first);
    let (tx, ty) = (at(x(chart.target.date)), y(chart.target.value));
    let _ = write!(
        svg,
        r#"<line class="chart-path" x1="{}" y1="{}" x2="{tx}" y2="{ty}"/><rect class="chart-target" x="{}" y="{}" width="10" height="10" transform="rotate(45 {tx} {ty})"/>"#,
        Tenths(at(x(from.date))),
        Tenths(y(from.value)),
        Tenths(tx - 5.0),
        Tenths(ty - 5.0),
        tx = Tenths(tx),
        ty = Tenths(ty),
    );
    // The series, its points and the latest value's label. Years of weekly figures
    // would draw more points than the chart has pixels: the line keeps one point per
    // pixel and a dot is drawn where it stands clear of the one before (the first and
    // the latest always); the table beside the chart and the data keep every figure.
    svg.push_str(r#"<polyline class="chart-series" points=""#);
    for (i, p) in spaced(chart.points, &x, LINE_STEP).enumerate() {
        let gap = if i == 0 { "" } else { " " };
        let _ = write!(svg, "{gap}{},{}", Tenths(at(x(p.date))), Tenths(y(p.value)));
    }
    svg.push_str(r#""/>"#);
    for point in spaced(chart.points, &x, DOT_STEP) {
        let _ = write!(
            svg,
            r#"<circle class="chart-point" cx="{}" cy="{}" r="4"/>"#,
            Tenths(at(x(point.date))),
            Tenths(y(point.value))
        );
    }
    if let Some(last) = chart.points.last() {
        let _ = write!(
            svg,
            r#"<text class="chart-value" x="{}" y="{}" text-anchor="start">{}</text>"#,
            Tenths(at(x(last.date) + 6.0)),
            Tenths(y(last.value) + 20.0),
            escape(&last.label)
        );
    }
    let _ = write!(
        svg,
        r#"<text class="chart-value" x="{}" y="{}" text-anchor="end">{}</text></svg>"#,
        Tenths(at(x(chart.target.date) - 8.0)),
        Tenths(ty - 8.0),
        escape(&chart.target.label)
    );
    Some(svg)
}

/// One bar of a [`BarChart`].
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    /// The language of `label` when it is not the page's.
    pub label_lang: Option<String>,
    pub value: f64,
    pub value_label: String,
    /// A target to mark on the bar, with its text.
    pub target: Option<(f64, String)>,
}

/// Jurisdictions compared on one indicator: a bar each, its target marked.
pub struct BarChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub bars: &'a [Bar],
    /// The value at the end of the scale (100 for a percentage).
    pub max: f64,
    /// How the two ends of the scale read: `0 %` and `100 %`.
    pub scale_labels: (&'a str, &'a str),
    pub flow: Flow,
}

/// A length with one decimal, written as `{:.1}` writes it but without its exact
/// float-to-decimal conversion, which made up most of the cost of drawing a chart.
#[derive(Debug, Clone, Copy)]
pub struct Tenths(pub f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scaled = self.0 * 10.0;
        // Rounding `scaled` is exact except where it lands on a half: there the decimal
        // value of the length decides (178.05 is a little above, 60.25 exactly a half), and
        // the standard library works it out. So do values far beyond any drawing.
        if !scaled.is_finite() || scaled.abs() >= 1e15 || scaled.fract().abs() == 0.5 {
            return write!(f, "{:.1}", self.0);
        }
        // Written backwards into a buffer and handed over whole: a chart writes a hundred
        // lengths, and formatting each part through `write!` cost more than drawing.
        let mut tenths = scaled.round().abs() as u64;
        let mut text = [0u8; 20];
        let mut at = text.len() - 2;
        text[at] = b'.';
        text[at + 1] = b'0' + (tenths % 10) as u8;
        tenths /= 10;
        loop {
            at -= 1;
            text[at] = b'0' + (tenths % 10) as u8;
            tenths /= 10;
            if tenths == 0 {
                break;
            }
        }
        if self.0.is_sign_negative() {
            at -= 1;
            text[at] = b'-';
        }
        // Only ASCII digits, a point and a sign were written.
        f.write_str(std::str::from_utf8(&text[at..]).unwrap_or_default())
    }
}

const BAR_HEIGHT: f64 = 24.0;
const BAR_GAP: f64 = 20.0;
const BAR_LABELS: f64 = 96.0;

/// The bar chart as inline SVG markup; nothing when there is no bar.
pub fn bar_chart(chart: &BarChart) -> Option<String> {
    if chart.bars.is_empty() || chart.max <= 0.0 {
        return None;
    }
    let height = TOP + chart.bars.len() as f64 * (BAR_HEIGHT + BAR_GAP) + 10.0;
    let scale = WIDTH - BAR_LABELS - RIGHT - 66.0;
    let flow = chart.flow;
    let at = |from_start: f64| flow.x(from_start);
    let x = |value: f64| BAR_LABELS + (value / chart.max).clamp(0.0, 1.0) * scale;
    let (title_id, desc_id) = (format!("{}-title", chart.id), format!("{}-desc", chart.id));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" direction="{}" role="img" aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>"#,
        flow.direction(),
        escape(chart.title),
        escape(chart.description)
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let top = TOP / 2.0 + i as f64 * (BAR_HEIGHT + BAR_GAP);
        let middle = top + BAR_HEIGHT / 2.0 + 5.0;
        let length = x(bar.value) - BAR_LABELS;
        let _ = write!(
            svg,
            r#"<text class="chart-tick" x="{}" y="{middle}" text-anchor="end"{}>{}</text><rect class="chart-track" x="{}" y="{top}" width="{scale}" height="{BAR_HEIGHT}"/><rect class="chart-bar" x="{}" y="{top}" width="{length}" height="{BAR_HEIGHT}"/><text class="chart-value" x="{}" y="{middle}">{}</text>"#,
            Tenths(at(BAR_LABELS - 8.0)),
            lang_attribute(bar.label_lang.as_deref()),
            escape(&bar.label),
            Tenths(flow.left(BAR_LABELS, scale)),
            Tenths(flow.left(BAR_LABELS, length)),
            Tenths(at(BAR_LABELS + scale + 6.0)),
            escape(&bar.value_label),
            middle = Tenths(middle),
            top = Tenths(top),
            scale = Tenths(scale),
            length = Tenths(length),
        );
        if let Some((target, _)) = &bar.target {
            let tx = Tenths(at(x(*target)));
            let _ = write!(
                svg,
                r#"<line class="chart-target-mark" x1="{tx}" x2="{tx}" y1="{}" y2="{}"/>"#,
                Tenths(top - 4.0),
                Tenths(top + BAR_HEIGHT + 4.0)
            );
        }
    }
    // The scale, under the bars.
    let _ = write!(
        svg,
        r#"<text class="chart-tick" x="{}" y="{}" text-anchor="start">{}</text><text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text></svg>"#,
        at(BAR_LABELS),
        Tenths(height - 6.0),
        escape(chart.scale_labels.0),
        Tenths(at(BAR_LABELS + scale)),
        Tenths(height - 6.0),
        escape(chart.scale_labels.1)
    );
    Some(svg)
}

/// ` lang="vi"` for text in another language than the page's, else nothing.
pub fn lang_attribute(lang: Option<&str>) -> String {
    lang.map(|l| format!(" lang=\"{}\"", escape(l)))
        .unwrap_or_default()
}

/// Four to six round values covering `low..=high`, with a little room around them.
fn nice_ticks(low: f64, high: f64) -> Vec<f64> {
    // Figures are bounded (see `model::figure`), so this holds; were it not to, the two
    // ends alone make an axis rather than a count of ticks no memory holds.
    if !(low.is_finite() && high.is_finite()) {
        return vec![0.0, 1.0];
    }
    let span = (high - low).abs().max(1.0);
    let raw = span / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= 5.0)
        .unwrap_or(10.0 * magnitude);
    let first = ((low - step * 0.25) / step).floor() * step;
    let last = ((high + step * 0.25) / step).ceil() * step;
    let count = ((last - first) / step).round().clamp(1.0, 12.0) as usize;
    (0..=count).map(|i| first + step * i as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_written_with_one_decimal() {
        let written = |v: f64| Tenths(v).to_string();
        assert_eq!(written(0.0), "0.0");
        assert_eq!(written(12.345), "12.3");
        assert_eq!(written(12.36), "12.4");
        assert_eq!(written(-3.06), "-3.1");
        assert_eq!(written(-0.04), "-0.0");
        assert_eq!(written(60.25), "60.2");
        assert_eq!(written(60.75), "60.8");
        assert_eq!(written(250.0), "250.0");
        for v in [
            0.1, 0.05, 0.15, 1.55, 2.675, 20.25, 99.99, 123.456, 178.05, 359.94, -7.25,
        ] {
            assert_eq!(written(v), format!("{v:.1}"), "{v}");
        }
        assert_eq!(written(f64::NAN), "NaN");
    }

    proptest::proptest! {
        #[test]
        fn lengths_are_written_as_the_standard_library_writes_them(v in -1e6f64..1e6) {
            proptest::prop_assert_eq!(Tenths(v).to_string(), format!("{v:.1}"));
        }

        #[test]
        fn lengths_in_tenths_are_written_as_the_standard_library_writes_them(t in -100_000i64..100_000) {
            let v = t as f64 / 10.0;
            proptest::prop_assert_eq!(Tenths(v).to_string(), format!("{v:.1}"));
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn point(date: &str, value: f64) -> ChartPoint {
        ChartPoint {
            date: day(date),
            value,
            label: format!("{value} %"),
        }
    }

    #[test]
    fn chart_text_is_escaped_without_bidi_marks() {
        assert_eq!(escape("\u{200f}11\u{200f}/2025 <b>"), "11/2025 &lt;b&gt;");
    }

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        let ticks = nice_ticks(89.18, 95.0);
        assert!(
            ticks[0] <= 89.18 && *ticks.last().unwrap() >= 95.0,
            "{ticks:?}"
        );
        assert!((3..=7).contains(&ticks.len()), "{ticks:?}");
        assert!(ticks.iter().all(|t| (t * 4.0).fract() == 0.0), "{ticks:?}");
    }

    #[test]
    fn a_chart_has_a_title_a_description_and_escaped_text() {
        let points = [point("2024-11-28", 86.0), point("2025-11-28", 89.18)];
        let target = point("2026-12-31", 95.0);
        let svg = series_chart(&SeriesChart {
            id: "t1",
            title: "Coverage <above> 95 %",
            description: "From 86 % to 89.18 %",
            y_label: "Coverage (%)",
            x_label: "Year",
            points: &points,
            path_from: Some(&points[0]),
            target: &target,
            ceiling: Some(100.0),
            tick_label: &|v| format!("{v}"),
            year_label: &|y| y.to_string(),
            date_label: &|d| d.format("%Y-%m").to_string(),
            flow: Flow::LeftToRight,
            y_label_lang: None,
        })
        .unwrap();
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(svg.contains(r#"role="img" aria-labelledby="t1-title t1-desc""#));
        assert!(svg.contains("<title id=\"t1-title\">Coverage &lt;above&gt; 95 %</title>"));
        assert!(
            svg.contains(">2024-11<") && svg.contains(">2026-12<"),
            "the ends of the time axis are dated"
        );
        assert!(
            svg.contains(">2026<") && !svg.contains(">2025<"),
            "a year is named only where the dated ends leave room"
        );
        assert!(svg.contains("class=\"chart-path\""));
        assert_eq!(svg.matches("<circle").count(), 2);
    }

    #[test]
    fn a_percentage_axis_stops_at_100() {
        let points = [point("2025-11-28", 89.18)];
        let target = point("2030-12-31", 100.0);
        let svg = series_chart(&SeriesChart {
            id: "t",
            title: "",
            description: "",
            y_label: "",
            x_label: "",
            points: &points,
            path_from: None,
            target: &target,
            ceiling: Some(100.0),
            tick_label: &|v| format!("{v}%"),
            year_label: &|y| y.to_string(),
            date_label: &|d| d.format("%Y-%m").to_string(),
            flow: Flow::LeftToRight,
            y_label_lang: None,
        })
        .unwrap();
        assert!(svg.contains(">100%<") && !svg.contains(">102.5%<"), "{svg}");
    }

    #[test]
    fn bars_are_drawn_to_scale_with_their_targets() {
        let bars = [
            Bar {
                label: "Lào Cai".into(),
                label_lang: Some("vi".into()),
                value: 89.18,
                value_label: "89,18 %".into(),
                target: Some((95.0, "95 %".into())),
            },
            Bar {
                label: "Lạng Sơn".into(),
                label_lang: None,
                value: 95.0,
                value_label: "95 %".into(),
                target: None,
            },
        ];
        let svg = bar_chart(&BarChart {
            id: "c",
            title: "t",
            description: "d",
            bars: &bars,
            max: 100.0,
            scale_labels: ("0", "100"),
            flow: Flow::LeftToRight,
        })
        .unwrap();
        assert_eq!(svg.matches("class=\"chart-bar\"").count(), 2);
        assert_eq!(svg.matches("chart-target-mark").count(), 1);
        assert!(svg.contains(">Lạng Sơn<"));
        assert!(
            svg.contains("text-anchor=\"end\" lang=\"vi\">Lào Cai<"),
            "{svg}"
        );
        assert!(
            bar_chart(&BarChart {
                id: "c",
                title: "t",
                description: "d",
                bars: &[],
                max: 100.0,
                scale_labels: ("0", "100"),
                flow: Flow::LeftToRight,
            })
            .is_none()
        );
    }

    #[test]
    fn no_measurement_no_chart() {
        let target = point("2026-12-31", 95.0);
        let chart = SeriesChart {
            id: "t",
            title: "",
            description: "",
            y_label: "",
            x_label: "",
            points: &[],
            path_from: None,
            target: &target,
            ceiling: None,
            tick_label: &|v| v.to_string(),
            year_label: &|y| y.to_string(),
            date_label: &|d| d.format("%Y-%m").to_string(),
            flow: Flow::LeftToRight,
            y_label_lang: None,
        };
        assert!(series_chart(&chart).is_none());
    }

    /// The x coordinates of the chart's points, in the order of their dates.
    fn point_xs(svg: &str) -> Vec<f64> {
        svg.split("<circle class=\"chart-point\" cx=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn a_right_to_left_chart_runs_time_from_right_to_left() {
        let points = [point("2024-11-28", 86.0), point("2025-11-28", 89.18)];
        let target = point("2026-12-31", 95.0);
        let chart = |flow| {
            series_chart(&SeriesChart {
                id: "t",
                title: "",
                description: "",
                y_label: "",
                x_label: "",
                points: &points,
                path_from: None,
                target: &target,
                ceiling: Some(100.0),
                tick_label: &|v| v.to_string(),
                year_label: &|y| y.to_string(),
                date_label: &|d| d.format("%Y-%m").to_string(),
                flow,
                y_label_lang: None,
            })
            .unwrap()
        };
        let (ltr, rtl) = (chart(Flow::LeftToRight), chart(Flow::RightToLeft));
        let (ltr_xs, rtl_xs) = (point_xs(&ltr), point_xs(&rtl));
        assert!(ltr_xs[0] < ltr_xs[1], "later is further right: {ltr_xs:?}");
        assert!(rtl_xs[0] > rtl_xs[1], "later is further left: {rtl_xs:?}");
        for (a, b) in ltr_xs.iter().zip(&rtl_xs) {
            assert!((a + b - WIDTH).abs() < 0.11, "mirrored: {a} and {b}");
        }
        assert!(rtl.contains("direction=\"rtl\"") && ltr.contains("direction=\"ltr\""));
        // The value axis stands on the right, its labels outside the plot.
        assert!(rtl.contains(&format!("x=\"{}\" y=", WIDTH - LEFT + 8.0)));
    }

    #[test]
    fn right_to_left_bars_grow_leftwards_from_their_labels() {
        let bars = [Bar {
            label: "Lào Cai".into(),
            label_lang: None,
            value: 50.0,
            value_label: "50 %".into(),
            target: None,
        }];
        let svg = bar_chart(&BarChart {
            id: "c",
            title: "t",
            description: "d",
            bars: &bars,
            max: 100.0,
            scale_labels: ("0", "100"),
            flow: Flow::RightToLeft,
        })
        .unwrap();
        let bar = svg.split("class=\"chart-bar\" x=\"").nth(1).unwrap();
        let x: f64 = bar.split('"').next().unwrap().parse().unwrap();
        let width: f64 = bar
            .split("width=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (x + width - (WIDTH - BAR_LABELS)).abs() < 0.11,
            "{x} + {width}"
        );
    }
}
