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
/// JSON has none of these characters, so replacing them is safe.
pub fn json_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut json = Vec::with_capacity(JSON_CAPACITY);
    serde_json::to_writer(&mut json, value)?;
    // One pass over the whole text (most has none of the three), rather than one for
    // each character or a search in every string as it is written.
    let mut found = memchr::memchr3_iter(b'<', b'>', b'&', &json).peekable();
    if found.peek().is_none() {
        return Ok(json);
    }
    let mut inert = Vec::with_capacity(json.len() + 64);
    let mut from = 0;
    for at in found {
        inert.extend_from_slice(&json[from..at]);
        inert.extend_from_slice(match json[at] {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            _ => b"\\u0026",
        });
        from = at + 1;
    }
    inert.extend_from_slice(&json[from..]);
    Ok(inert)
}

/// Room for a page's data as it is written: most fit, so their buffer is not grown.
const JSON_CAPACITY: usize = 16 * 1024;

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
