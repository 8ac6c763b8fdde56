//! Open data: every figure the site shows, also published for machines to read, from the
//! same derived report the pages are rendered from, so that data and pages agree.

pub mod pages;
pub mod records;

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
}
