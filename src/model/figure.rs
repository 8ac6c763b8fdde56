//! Figures: the values of measurements, targets and baselines.
//!
//! A figure is a finite number no larger than 10^15 in size and, unless it is zero,
//! no smaller than 10^-6. Within those bounds every sum, difference and product the
//! pace, the charts and the data make of figures stays finite, and every whole figure
//! is exact (a double holds whole numbers exactly up to 2^53, about 9 × 10^15). Larger
//! amounts are written in a larger unit (`unit_label: billion VND`); a figure smaller
//! than 10^-6 could not be shown, pages showing at most 6 decimals.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::base::yaml::value_error;

/// The largest size of a figure: a thousand million million.
pub const MAX_FIGURE: f64 = 1e15;
/// The smallest size of a figure other than zero.
pub const MIN_FIGURE: f64 = 1e-6;

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct Figure(f64);

impl Figure {
    pub fn new(value: f64) -> Result<Figure, String> {
        if value.is_nan() {
            return Err("`.nan` is not a number".to_owned());
        }
        if value.is_infinite() {
            return Err(format!("this number {TOO_LARGE_TO_HOLD}"));
        }
        if value.abs() > MAX_FIGURE {
            return Err(format!(
                "{} is larger than a figure may be (10^15, a thousand million million)",
                written(value)
            ));
        }
        if value != 0.0 && value.abs() < MIN_FIGURE {
            return Err(format!(
                "{} is smaller than a figure may be (10^-6): pages show at most 6 decimals",
                written(value)
            ));
        }
        // Zero has no sign: -0 would show as "-0 %".
        Ok(Figure(value + 0.0))
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

/// A number as people write it: 1000000000000001, not 1.000000000000001e15; an
/// exponent only where the digits would run on (1e300).
fn written(value: f64) -> String {
    if (1e-4..1e17).contains(&value.abs()) {
        value.to_string()
    } else {
        format!("{value:e}")
    }
}

/// Said of a number beyond what a double holds (1e400).
const TOO_LARGE_TO_HOLD: &str = "is larger than a figure may be (10^15, a thousand million million): it is too large even to hold";

const HELP: &str = "write the figure as digits with a dot for decimals, e.g. 89.18 or 1492057; \
     for very large amounts use a larger unit in the indicator's `unit_label` (billion VND)";

impl schemars::JsonSchema for Figure {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Figure".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number, with a dot for decimals and no thousands separators: 89.18, 1492057",
            "type": "number",
            "minimum": -MAX_FIGURE,
            "maximum": MAX_FIGURE,
        })
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FigureVisitor;
        impl Visitor<'_> for FigureVisitor {
            type Value = Figure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Figure, E> {
                Figure::new(value).map_err(|message| value_error(message, HELP))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Figure, E> {
                self.visit_f64(value as f64)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Figure, E> {
                self.visit_f64(value as f64)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Figure, E> {
                // YAML reads digits too large for a double (1e400) as text.
                match text.trim().parse::<f64>() {
                    Ok(value) if value.is_infinite() => {
                        return Err(value_error(format!("`{text}` {TOO_LARGE_TO_HOLD}"), HELP));
                    }
                    Ok(_)
                        if !text.trim().eq_ignore_ascii_case("nan")
                            && !text.trim().eq_ignore_ascii_case("inf") =>
                    {
                        return Err(value_error(
                            format!(
                                "`{text}` is written as text (in quotes), but a figure is a number"
                            ),
                            "remove the quotes",
                        ));
                    }
                    _ => {}
                }
                Err(value_error(
                    format!("`{text}` is not a number"),
                    "write numbers with a dot for decimals and no thousands separators: 89.18, 1492057",
                ))
            }
        }
        deserializer.deserialize_any(FigureVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_finite_and_within_bounds() {
        for good in ["89.18", "1492057", "0", "-12.5", "1e15", "0.000001"] {
            assert!(serde_yaml::from_str::<Figure>(good).is_ok(), "{good}");
        }
        for bad in [
            ".inf", "-.inf", ".nan", "1e16", "1e308", "5e-324", "1e-7", "89,18", "~", "true",
        ] {
            assert!(serde_yaml::from_str::<Figure>(bad).is_err(), "{bad}");
        }
        let error = serde_yaml::from_str::<Figure>("1e308")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("1e308 is larger than a figure may be"),
            "{error}"
        );
        let error = serde_yaml::from_str::<Figure>("1000000000000001")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("1000000000000001 is larger"), "{error}");
        for huge in ["1e400", "-1e400"] {
            let error = serde_yaml::from_str::<Figure>(huge)
                .unwrap_err()
                .to_string();
            assert!(error.contains("too large even to hold"), "{error}");
        }
        let error = serde_yaml::from_str::<Figure>("\"89.18\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("written as text"), "{error}");
        let zero: Figure = serde_yaml::from_str("-0.0").unwrap();
        assert!(zero.get().is_sign_positive());
    }
}
