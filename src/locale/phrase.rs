//! Text shown on a page: the page's own words and the content's, where a piece of content
//! not translated into the page's language keeps the language it is really in.
//!
//! A phrase reaches templates as ready, escaped HTML: an untranslated piece is wrapped in
//! `<span lang="vi" dir="ltr">`, so that screen readers pronounce it in its language and
//! browsers lay it out in its direction. Templates print it like any other value; in an
//! attribute or a `<title>`, where markup has no place, Rust passes [`Phrase::plain`].

use std::borrow::Cow;

use serde::{Serialize, Serializer};

use crate::base::escape::{markup_cow, markup_into};
use crate::model::Lang;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Phrase {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    text: String,
    foreign: Option<Foreign>,
    /// A document's number (`15-KH/TU`): kept whole, and left to right in any text.
    code: bool,
}

/// The language of text that is not in the page's language, and its direction when that
/// differs from the page's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foreign {
    pub lang: Lang,
    pub dir: Option<&'static str>,
}

impl Phrase {
    /// Text in the page's own language.
    pub fn own(text: impl Into<String>) -> Phrase {
        let mut phrase = Phrase::default();
        phrase.push_str(text);
        phrase
    }

    /// Text in another language than the page's.
    pub fn foreign(text: impl Into<String>, foreign: Foreign) -> Phrase {
        let text = text.into();
        if text.is_empty() {
            return Phrase::default();
        }
        Phrase {
            parts: vec![Part {
                text,
                foreign: Some(foreign),
                code: false,
            }],
        }
    }

    /// A document's number such as `15-KH/TU`. In markup it is a `<bdi class="code">`,
    /// which keeps it left to right and whole; as plain text on a right-to-left page it is
    /// wrapped in Unicode's directional isolates, which do the same where markup cannot.
    pub fn code(number: &str, right_to_left: bool) -> Phrase {
        let text = if right_to_left {
            format!("\u{2068}{number}\u{2069}")
        } else {
            number.to_owned()
        };
        Phrase {
            parts: vec![Part {
                text,
                foreign: None,
                code: true,
            }],
        }
    }

    /// Text in the page's own right-to-left language, in which document numbers and
    /// ranges written in Latin letters and digits (`52-CT/TW`, `2026-2030`) are kept
    /// whole and left to right: without it a browser shows `CT/TW-52`.
    pub fn own_right_to_left(text: &str) -> Phrase {
        let mut phrase = Phrase::default();
        let mut rest = text;
        while let Some((start, end)) = next_code(rest) {
            phrase.push_str(&rest[..start]);
            phrase.push(Phrase::code(&rest[start..end], true));
            rest = &rest[end..];
        }
        phrase.push_str(rest);
        phrase
    }

    pub fn push_str(&mut self, text: impl Into<String>) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        match self.parts.last_mut() {
            Some(last) if last.foreign.is_none() && !last.code => last.text.push_str(&text),
            _ => self.parts.push(Part {
                text,
                foreign: None,
                code: false,
            }),
        }
    }

    pub fn push(&mut self, other: Phrase) {
        for part in other.parts {
            match self.parts.last_mut() {
                Some(last) if last.foreign == part.foreign && !last.code && !part.code => {
                    last.text.push_str(&part.text)
                }
                _ => self.parts.push(part),
            }
        }
    }

    /// Other text marked as this phrase's first piece is (a shortened form of it).
    pub fn with_text(&self, text: impl Into<String>) -> Phrase {
        match self.parts.first().and_then(|p| p.foreign.clone()) {
            Some(foreign) => Phrase::foreign(text, foreign),
            None => Phrase::own(text),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The text without markup.
    pub fn plain(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }

    /// Escaped HTML, each untranslated piece in a `<span>` naming its language.
    pub fn html(&self) -> String {
        let mut html = String::new();
        for part in &self.parts {
            if part.code {
                html.push_str("<bdi class=\"code\">");
                markup_into(part.text.trim_matches(['\u{2068}', '\u{2069}']), &mut html);
                html.push_str("</bdi>");
                continue;
            }
            match &part.foreign {
                None => markup_into(&part.text, &mut html),
                Some(foreign) => {
                    html.push_str("<span lang=\"");
                    markup_into(foreign.lang.as_str(), &mut html);
                    html.push('"');
                    if let Some(dir) = foreign.dir {
                        html.push_str(" dir=\"");
                        html.push_str(dir);
                        html.push('"');
                    }
                    html.push('>');
                    markup_into(&part.text, &mut html);
                    html.push_str("</span>");
                }
            }
        }
        html
    }
}

/// The first run of Latin letters and digits joined by `-` or `/` with a digit in it,
/// as byte offsets.
fn next_code(text: &str) -> Option<(usize, usize)> {
    let is_part = |c: char| c.is_ascii_alphanumeric();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_part(c) {
            continue;
        }
        let begin = i;
        let mut end = i + c.len_utf8();
        let mut joined = false;
        while let Some(&(j, d)) = chars.peek() {
            if is_part(d) {
                end = j + d.len_utf8();
                chars.next();
            } else if (d == '-' || d == '/') && text[j + 1..].chars().next().is_some_and(is_part) {
                joined = true;
                chars.next();
            } else {
                break;
            }
        }
        let token = &text[begin..end];
        if joined && token.chars().any(|c| c.is_ascii_digit()) {
            return Some((begin, end));
        }
    }
    None
}

/// Puts phrases into a pattern's `{name}` placeholders; the pattern's own words are in the
/// page's language.
pub fn fill(pattern: &str, values: &[(&str, Phrase)]) -> Phrase {
    let mut phrase = Phrase::default();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let placeholder = rest[open + 1..]
            .find('}')
            .map(|close| &rest[open + 1..open + 1 + close])
            .and_then(|name| values.iter().find(|(n, _)| *n == name));
        match placeholder {
            Some((name, value)) => {
                phrase.push_str(&rest[..open]);
                phrase.push(value.clone());
                rest = &rest[open + name.len() + 2..];
            }
            None => {
                phrase.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    phrase.push_str(rest);
    phrase
}

impl Serialize for Phrase {
    /// As markup tera prints without escaping it again.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Most phrases are one piece in the page's language with nothing to escape: their
        // text is their markup, not copied into a string of its own first.
        let html = match self.parts.as_slice() {
            [] => Cow::Borrowed(""),
            [own] if own.foreign.is_none() && !own.code => markup_cow(&own.text),
            _ => Cow::Owned(self.html()),
        };
        tera::Value::safe_string(&html).serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vi() -> Foreign {
        Foreign {
            lang: Lang::parse("vi").unwrap(),
            dir: Some("ltr"),
        }
    }

    #[test]
    fn untranslated_text_is_marked_with_its_language_and_everything_is_escaped() {
        let mut phrase = Phrase::own("Lead: <b> & ");
        phrase.push(Phrase::foreign("Sở Y tế \"A\"", vi()));
        assert_eq!(
            phrase.html(),
            "Lead: &lt;b&gt; &amp; <span lang=\"vi\" dir=\"ltr\">Sở Y tế &quot;A&quot;</span>"
        );
        assert_eq!(phrase.plain(), "Lead: <b> & Sở Y tế \"A\"");
    }

    #[test]
    fn placeholders_take_phrases_and_keep_unknown_braces() {
        let filled = fill(
            "{n} {unit} by {year} {other}",
            &[
                ("n", Phrase::own("1,492,057")),
                ("unit", Phrase::foreign("người", vi())),
                ("year", Phrase::own("2026")),
            ],
        );
        assert_eq!(
            filled.html(),
            "1,492,057 <span lang=\"vi\" dir=\"ltr\">người</span> by 2026 {other}"
        );
    }

    #[test]
    fn neighbouring_pieces_in_one_language_are_one_span() {
        let mut phrase = Phrase::foreign("Kế hoạch", vi());
        phrase.push(Phrase::foreign(" 15-KH/TU", vi()));
        phrase.push(Phrase::own(""));
        assert_eq!(
            phrase.html(),
            "<span lang=\"vi\" dir=\"ltr\">Kế hoạch 15-KH/TU</span>"
        );
        assert!(Phrase::foreign("", vi()).is_empty());
    }

    #[test]
    fn a_code_stays_whole_and_left_to_right() {
        let mut name = Phrase::own("الخطة ");
        name.push(Phrase::code("15-KH/TU", true));
        assert_eq!(name.html(), "الخطة <bdi class=\"code\">15-KH/TU</bdi>");
        assert_eq!(name.plain(), "الخطة \u{2068}15-KH/TU\u{2069}");
        assert_eq!(Phrase::code("15-KH/TU", false).plain(), "15-KH/TU");
    }

    #[test]
    fn codes_in_right_to_left_text_are_isolated() {
        let phrase = Phrase::own_right_to_left("التوجيه رقم 52-CT/TW للفترة 2026-2030 فقط");
        assert_eq!(
            phrase.html(),
            "التوجيه رقم <bdi class=\"code\">52-CT/TW</bdi> للفترة <bdi class=\"code\">2026-2030</bdi> فقط"
        );
        assert_eq!(
            Phrase::own_right_to_left("بدون رمز - هنا").html(),
            "بدون رمز - هنا"
        );
        assert_eq!(Phrase::own_right_to_left("VNeID").html(), "VNeID");
    }

    #[test]
    fn templates_print_a_phrase_as_markup() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.html", "<p>{{ p }}</p>").unwrap();
        let mut context = tera::Context::new();
        context.insert("p", &Phrase::foreign("a < b", vi()));
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "<p><span lang=\"vi\" dir=\"ltr\">a &lt; b</span></p>"
        );
    }
}
