//! Open data: every figure the site shows, also published for machines to read, from the
//! same derived report the pages are rendered from, so that data and pages agree.

pub mod atom;
pub mod calendar;
pub mod card;
pub mod pages;
pub mod records;
pub mod tables;

use rayon::prelude::*;

use crate::derive::Report;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::render::SitePath;
use crate::render::views::jurisdiction_href;

/// Writes the files that exist once for the site, whatever the language: the bulk tables
/// and their data package, and each jurisdiction's own rows. Returns the paths written.
pub fn publish(
    report: &Report,
    base_url: &str,
    sink: &dyn Sink,
) -> Result<Vec<SitePath>, Vec<Diagnostic>> {
    let tables = tables::tables(report, base_url);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for table in &tables {
        files.push((
            format!("{}/{}", tables::FOLDER, table.file_name()),
            table.csv(),
        ));
        if tables::PER_JURISDICTION.contains(&table.name) {
            for (id, csv) in table.per_jurisdiction() {
                let Some(jurisdiction) = crate::model::Id::parse(id)
                    .ok()
                    .and_then(|id| report.site.jurisdictions.get(&id))
                else {
                    continue;
                };
                let folder = jurisdiction_href(jurisdiction);
                let folder = folder.trim_end_matches("index.html");
                files.push((format!("{folder}{}", table.file_name()), csv));
            }
        }
    }
    let package = tables::data_package(report, &tables, base_url);
    match serde_json::to_vec_pretty(&package) {
        Ok(json) => files.push((format!("{}/datapackage.json", tables::FOLDER), json)),
        Err(e) => {
            return Err(vec![Diagnostic::error(format!(
                "cannot write the data package: {e}"
            ))]);
        }
    }
    // A national site has thousands of these files: they are written on every core.
    let results: Vec<Result<SitePath, Diagnostic>> = files
        .par_iter()
        .map(|(path, bytes)| {
            let path = SitePath::new(path).ok_or_else(|| {
                Diagnostic::error(format!("`{path}` is not a safe path in the output"))
            })?;
            sink.write(&path, bytes)
                .map_err(|e| Diagnostic::error(format!("cannot write `{path}`: {e}")))?;
            Ok(path)
        })
        .collect();
    crate::render::all_or_errors(results)
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
