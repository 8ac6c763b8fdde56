//! How the open data writes values: numbers without the noise of floating point, JSON
//! that cannot end a script element.

/// Rounds away the noise of floating point (0.30000000000000004), so that the data reads
/// as the arithmetic does.
pub(crate) fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    // Adding zero turns -0 into 0: data holds no signed zero.
    (value * scale).round() / scale + 0.0
}

/// A value as compact JSON in which `<`, `>` and `&` are written as `\u003c`, `\u003e` and
/// `\u0026`: the same data, but inert if a page ever embeds it in HTML. Outside strings
/// JSON has none of these characters, so only strings are escaped, as they are written.
pub fn json_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut json = Vec::with_capacity(JSON_CAPACITY);
    let mut serializer = serde_json::Serializer::with_formatter(&mut json, Inert);
    value.serialize(&mut serializer)?;
    Ok(json)
}

/// Room for a page's data as it is written: most fit, so their buffer is not grown.
const JSON_CAPACITY: usize = 16 * 1024;

/// Compact JSON whose strings hold no `<`, `>` or `&`.
struct Inert;

impl serde_json::ser::Formatter for Inert {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            writer.write_all(match rest.as_bytes()[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            rest = &rest[at + 1..];
        }
        writer.write_all(rest.as_bytes())
    }
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
