//! Whole numbers with bounds that site.yaml and indicators set: how many days before a
//! deadline a task is due soon, how many decimals an indicator shows. Each says its own
//! range when a value is outside it, whatever the value's type.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use crate::base::yaml::{value_error, whole_number};

/// `due_soon_days`: 0 to 365.
pub fn due_soon_days<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let days = up_to(
        deserializer,
        365,
        "a number of days, from 0 to 365 (e.g. 30)",
    )?;
    Ok(u32::try_from(days).unwrap_or(u32::MAX))
}

/// `decimals`: 0 to 6.
pub fn decimals<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let decimals = up_to(deserializer, 6, "a number of decimals, from 0 to 6")?;
    Ok(u8::try_from(decimals).unwrap_or(u8::MAX))
}

fn up_to<'de, D: Deserializer<'de>>(
    deserializer: D,
    max: u64,
    expected: &'static str,
) -> Result<u64, D::Error> {
    struct UpTo {
        max: u64,
        expected: &'static str,
    }
    impl UpTo {
        fn refuse<E: de::Error>(&self, message: String) -> E {
            value_error(message, format!("write {}", self.expected))
        }
    }
    impl Visitor<'_> for UpTo {
        type Value = u64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expected)
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
            if value > self.max {
                return Err(self.refuse(format!("{value} is more than {}", self.max)));
            }
            Ok(value)
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
            match u64::try_from(value) {
                Ok(value) => self.visit_u64(value),
                Err(_) => Err(self.refuse(format!("{value} is negative"))),
            }
        }
        fn visit_u128<E: de::Error>(self, value: u128) -> Result<u64, E> {
            Err(self.refuse(format!("{value} is more than {}", self.max)))
        }
        fn visit_i128<E: de::Error>(self, value: i128) -> Result<u64, E> {
            Err(self.refuse(format!("{value} is out of range")))
        }
        fn visit_f64<E: de::Error>(self, value: f64) -> Result<u64, E> {
            if let Some(whole) = whole_number(value) {
                return Err(value_error(
                    format!("`{value}` is written with a decimal point or an exponent"),
                    format!("write it as the whole number {whole}: {}", self.expected),
                ));
            }
            Err(self.refuse(format!("`{value}` is not a whole number")))
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
            Err(value_error(
                format!("`{text}` is written as text"),
                format!("write {}, without quotes", self.expected),
            ))
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<u64, E> {
            Err(self.refuse(format!("`{value}` is not a number")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<u64, E> {
            Err(self.refuse("there is no number here".to_owned()))
        }
    }
    deserializer.deserialize_any(UpTo { max, expected })
}
