//! Text inside HTML, SVG and XML markup, escaped once for all of them: the five special
//! characters as entities, and the control characters XML 1.0 cannot hold left out.

use std::borrow::Cow;

/// `text` escaped for an element's content or a quoted attribute.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    markup_into(text, &mut out);
    out
}

pub fn markup_into(text: &str, out: &mut String) {
    // Most text needs nothing: copied a run at a time.
    let bytes = text.as_bytes();
    let mut run = 0;
    while let Some((at, width)) = next_needing_care(bytes, run) {
        out.push_str(&text[run..at]);
        if width == 1 {
            push(char::from(bytes[at]), out);
        }
        run = at + width;
    }
    out.push_str(&text[run..]);
}

/// As [`markup`], the text itself when it needs nothing escaped.
pub fn markup_cow(text: &str) -> Cow<'_, str> {
    match next_needing_care(text.as_bytes(), 0) {
        None => Cow::Borrowed(text),
        Some(_) => Cow::Owned(markup(text)),
    }
}

/// The next character from `at` that [`push`] writes as something other than itself,
/// and its length in bytes: found byte by byte in a table rather than by decoding
/// each character.
fn next_needing_care(bytes: &[u8], mut at: usize) -> Option<(usize, usize)> {
    while at < bytes.len() {
        let byte = bytes[at];
        if NEEDS_CARE[usize::from(byte)] {
            if byte != 0xEF {
                return Some((at, 1));
            }
            // Of the characters from 0xEF, only U+FFFE and U+FFFF (EF BF BE, EF BF BF).
            if matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) {
                return Some((at, 3));
            }
        }
        at += 1;
    }
    None
}

/// The bytes that may begin a character [`push`] writes as something other than
/// itself: the ASCII ones it changes, and 0xEF, which begins U+FFFE and U+FFFF.
const NEEDS_CARE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = !matches!(byte, 0x09 | 0x0A | 0x0D);
        byte += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0x7F] = true;
    table[0xEF] = true;
    table
};

/// As [`markup`], without the bidi marks locale data puts in dates and numbers (Arabic's
/// "11/2025" carries right-to-left marks): short labels of a drawing whose direction is
/// set as a whole read plainly without them, and scrambled with them.
pub fn markup_without_bidi_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        ) {
            push(c, &mut out);
        }
    }
    out
}

fn push(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        '\t' | '\n' | '\r' => out.push(c),
        c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {}
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Escaping by runs writes what escaping each character would.
        #[test]
        fn runs_are_escaped_as_characters_are(text in "\\PC*|[&<>\"'\t\n\r\u{1}\u{7f}\u{fffe}\u{ffff}a-zà-ỹ]*") {
            let mut one_by_one = String::new();
            for c in text.chars() {
                push(c, &mut one_by_one);
            }
            let cow = markup_cow(&text);
            prop_assert_eq!(cow.as_ref(), one_by_one.as_str());
            prop_assert_eq!(markup(&text), one_by_one);
        }
    }

    #[test]
    fn special_characters_are_entities_and_control_characters_are_left_out() {
        assert_eq!(
            markup("<a href=\"x\">Tom & 'Jerry'</a>\u{1}\u{7}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(markup("Lào Cai\n"), "Lào Cai\n");
    }

    #[test]
    fn bidi_marks_can_be_left_out() {
        assert_eq!(
            markup_without_bidi_marks("11\u{200f}/2025 \u{2068}15-KH/TU\u{2069}"),
            "11/2025 15-KH/TU"
        );
    }

    mod properties {
        use super::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Any text, escaped, is the text of an XML element and the value of a
            /// quoted attribute, read back as itself without what XML cannot hold.
            #[test]
            fn any_text_is_inert_in_xml(text in "\\PC*|[<>&\"' \u{1}\u{7f}\u{fffe}\u{ffff}a-z]*") {
                let escaped = markup(&text);
                let document = format!("<a title=\"{escaped}\">{escaped}</a>");
                let parsed = roxmltree::Document::parse(&document);
                prop_assert!(parsed.is_ok(), "{document}");
                let parsed = parsed.unwrap();
                let root = parsed.root_element();
                let expected: String = text
                    .chars()
                    .filter(|c| matches!(c, '\t' | '\n' | '\r') || !((*c as u32) < 0x20 || *c == '\u{7f}' || *c == '\u{fffe}' || *c == '\u{ffff}'))
                    .collect();
                // XML reads line breaks in an attribute as spaces, and CR LF as LF.
                let attribute: String = expected.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
                prop_assert_eq!(root.attribute("title").unwrap_or(""), attribute.as_str());
                prop_assert_eq!(root.text().unwrap_or("").replace("\r\n", "\n").replace('\r', "\n"), expected.replace("\r\n", "\n").replace('\r', "\n"));
            }
        }
    }
}
