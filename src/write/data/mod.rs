//! Open data: every figure the site shows, also published for machines to read, from the
//! same derived report the pages are rendered from, so that data and pages agree.

pub mod pages;
pub mod records;
pub mod tables;
pub mod values;
pub mod written;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::base::diagnostics::Diagnostic;
use crate::derive::Report;
use crate::model::Id;
use crate::site::routes;

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
        let (split, package) = rayon::join(
            || {
                tables
                    .par_iter()
                    .filter(|table| routes::PER_JURISDICTION.contains(&table.name))
                    .map(|table| (table.name, table.rows_by_jurisdiction()))
                    .collect()
            },
            || {
                serde_json::to_vec_pretty(&tables::data_package(report, &tables, base_url))
                    .map_err(|e| e.to_string())
            },
        );
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
