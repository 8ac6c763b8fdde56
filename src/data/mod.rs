//! Open data: every figure the site shows, also published for machines to read, from the
//! same derived report the pages are rendered from, so that data and pages agree.

pub mod atom;
pub mod calendar;
pub mod card;
pub mod pages;
pub mod records;
pub mod tables;

use std::collections::BTreeMap;

use crate::base::diagnostics::Diagnostic;
use crate::derive::Report;
use crate::model::Id;

/// The open data's tables, made once for a build from the derived report; each planned
/// table, and each jurisdiction's share of one, is written from them.
pub struct OpenData {
    tables: Vec<tables::Table>,
    /// For the tables split by jurisdiction, where each jurisdiction's rows are.
    split: BTreeMap<&'static str, BTreeMap<String, Vec<usize>>>,
    package: Result<Vec<u8>, String>,
}

impl OpenData {
    pub fn new(report: &Report, base_url: &str) -> OpenData {
        let tables = tables::tables(report, base_url);
        let split = tables
            .iter()
            .map(|table| (table.name, table.rows_by_jurisdiction()))
            .collect();
        let package = serde_json::to_vec_pretty(&tables::data_package(report, &tables, base_url))
            .map_err(|e| e.to_string());
        OpenData {
            tables,
            split,
            package,
        }
    }

    /// A whole table as CSV.
    pub fn table(&self, name: &str) -> Result<Vec<u8>, Diagnostic> {
        self.tables
            .iter()
            .find(|t| t.name == name)
            .map(tables::Table::csv)
            .ok_or_else(|| Diagnostic::error(format!("the open data has no table `{name}`")))
    }

    /// A jurisdiction's rows of a table, as CSV.
    pub fn jurisdiction_table(&self, name: &str, jurisdiction: &Id) -> Result<Vec<u8>, Diagnostic> {
        let table = self.tables.iter().find(|t| t.name == name);
        let rows = self
            .split
            .get(name)
            .and_then(|groups| groups.get(jurisdiction.as_str()));
        match (table, rows) {
            (Some(table), Some(rows)) => Ok(table.csv_of_rows(rows)),
            _ => Err(Diagnostic::error(format!(
                "the table `{name}` has no rows of `{jurisdiction}`"
            ))),
        }
    }

    /// The data package that describes the tables.
    pub fn package(&self) -> Result<Vec<u8>, Diagnostic> {
        self.package
            .clone()
            .map_err(|e| Diagnostic::error(format!("cannot write the data package: {e}")))
    }
}

/// Rounds away the noise of floating point (0.30000000000000004), so that the data reads
/// as the arithmetic does.
pub(crate) fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    // Adding zero turns -0 into 0: data holds no signed zero.
    (value * scale).round() / scale + 0.0
}

/// A value as compact JSON in which `<`, `>` and `&` are written as `\u003c`, `\u003e` and
/// `\u0026`: the same data, but inert if a page ever embeds it in HTML. Outside strings
/// JSON has none of these characters, so replacing them is safe.
pub fn json_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let json = serde_json::to_string(value)?;
    Ok(json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .into_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_cannot_close_a_script_element() {
        let json = super::json_bytes(&"</script><b>&").unwrap();
        assert_eq!(
            String::from_utf8(json).unwrap(),
            "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\""
        );
        let back: String = serde_json::from_slice(&super::json_bytes(&"a<b").unwrap()).unwrap();
        assert_eq!(back, "a<b");
    }

    mod properties {
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Any text in the JSON reads back as itself, and nothing in it can end a
            /// script element or start markup.
            #[test]
            fn any_text_reads_back_from_json_and_holds_no_markup(text in "\\PC*|[<>&/\"\\\\ \u{2028}\u{0}]*") {
                let json = String::from_utf8(super::super::json_bytes(&text).unwrap()).unwrap();
                prop_assert!(!json.contains(['<', '>', '&']));
                let back: String = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(back, text);
            }
        }
    }
}
