//! Which characters text may hold, decided once for every text of the content, so that
//! every output (HTML, XML, JSON, CSV, iCalendar) shows the same text and stays
//! well-formed.
//!
//! - **Refused**: control characters (other than tab and line break), the line and
//!   paragraph separators U+2028 and U+2029, noncharacters such as U+FFFE and U+FFFF,
//!   and bidirectional embeddings, overrides and isolates left open, or closing nothing:
//!   an unclosed right-to-left override would reverse everything after it on a page.
//!   Each is an error that names the character and where it is.
//! - **Removed**: characters that are invisible and mean nothing in published text,
//!   pasted in from word processors and PDFs: zero-width space U+200B, word joiner
//!   U+2060, the byte-order mark U+FEFF, U+180E, the invisible operators U+2061–U+2064
//!   and the interlinear annotation marks U+FFF9–U+FFFB.
//! - **Kept**: everything else, the invisible characters that do mean something among
//!   them: zero-width joiner and non-joiner (Arabic, Persian, Indic scripts, emoji),
//!   left-to-right and right-to-left marks, soft hyphens, variation selectors, and
//!   embeddings and isolates that are closed.
//!
//! A text that is empty once invisible characters and spaces are left aside is refused
//! too: it would show as nothing.

use std::borrow::Cow;

/// `text` as the content may hold it: cleaned of invisible characters that mean
/// nothing, or why it cannot be.
pub fn checked(text: &str) -> Result<Cow<'_, str>, String> {
    refused(text)?;
    let text = without_removed(text);
    if text.chars().all(is_blank) {
        return Err(if text.is_empty() {
            "this text is empty".to_owned()
        } else {
            "this text is empty: it holds only spaces or invisible characters".to_owned()
        });
    }
    Ok(text)
}

/// The first character `text` may not hold, described with where it is.
pub fn refused(text: &str) -> Result<(), String> {
    refused_at(text).map_err(|(_, message)| message)
}

/// As [`refused`], with the byte offset of the character, for a Markdown text whose
/// position in its file is known.
pub fn refused_at(text: &str) -> Result<(), (usize, String)> {
    if let Some((at, _)) = text.char_indices().find(|(_, c)| is_refused(*c)) {
        return Err((at, format!("this text holds {}", refused_here(text, at))));
    }
    unbalanced_direction(text)
}

/// The refused character at byte `at` of `text`, named, and after which words it is:
/// "the invisible control character U+0007 (BELL) after “Kế hoạch”".
pub fn refused_here(text: &str, at: usize) -> String {
    let c = text[at..].chars().next().unwrap_or_default();
    format!("{}{}", describe(c), context(text, at))
}

/// `text` without the invisible characters that mean nothing.
pub fn without_removed(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_removed) {
        Cow::Owned(text.chars().filter(|c| !is_removed(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Where a character is: after the few words before it.
fn context(text: &str, at: usize) -> String {
    let line = text[..at].rsplit('\n').next().unwrap_or_default();
    let before: String = line
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(|c| !is_refused(*c) && !c.is_control() && !is_direction_control(*c))
        .collect();
    let before = before.trim();
    if before.is_empty() {
        " at its start".to_owned()
    } else {
        format!(" after “{before}”")
    }
}

/// Marks, embeddings, overrides and isolates: kept out of messages, which they would
/// scramble on a terminal.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn describe(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    let name = match c {
        '\u{0}' => "NULL",
        '\u{7}' => "BELL",
        '\u{8}' => "BACKSPACE",
        '\u{b}' => "LINE TABULATION",
        '\u{c}' => "FORM FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{1b}' => "ESCAPE",
        '\u{7f}' => "DELETE",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        _ if is_noncharacter(c) => {
            return format!("the noncharacter {code}, which text may never hold");
        }
        _ => return format!("the invisible control character {code}"),
    };
    format!("the invisible control character {code} ({name})")
}

/// Characters no text may hold.
pub fn is_refused(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}')
        || is_noncharacter(c)
}

fn is_noncharacter(c: char) -> bool {
    let code = c as u32;
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// Invisible characters that mean nothing in published text.
pub fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' | '\u{2061}'..='\u{2064}' | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Spaces, and characters that show nothing by themselves.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || is_removed(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{200C}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FFA0}'
                | '\u{E0000}'..='\u{E007F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// Bidirectional embeddings, overrides and isolates must each be closed, in order.
fn unbalanced_direction(text: &str) -> Result<(), (usize, String)> {
    #[derive(PartialEq)]
    enum Opened {
        Embedding,
        Isolate,
    }
    let mut open: Vec<(Opened, char, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        match c {
            '\u{202A}'..='\u{202B}' | '\u{202D}'..='\u{202E}' => {
                open.push((Opened::Embedding, c, at))
            }
            '\u{2066}'..='\u{2068}' => open.push((Opened::Isolate, c, at)),
            '\u{202C}' => {
                if open
                    .last()
                    .is_some_and(|(kind, ..)| *kind == Opened::Embedding)
                {
                    open.pop();
                } else {
                    return Err((
                        at,
                        format!(
                            "this text holds U+202C (POP DIRECTIONAL FORMATTING){}, which closes no embedding or override",
                            context(text, at)
                        ),
                    ));
                }
            }
            '\u{2069}' => {
                // Closing an isolate closes the embeddings opened inside it.
                match open.iter().rposition(|(kind, ..)| *kind == Opened::Isolate) {
                    Some(i) => open.truncate(i),
                    None => {
                        return Err((
                            at,
                            format!(
                                "this text holds U+2069 (POP DIRECTIONAL ISOLATE){}, which closes no isolate",
                                context(text, at)
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    match open.first() {
        Some((_, c, at)) => Err((
            *at,
            format!(
                "this text opens {}{} and never closes it: on a page it would change the direction of everything after it",
                match c {
                    '\u{202E}' => "a right-to-left override (U+202E)".to_owned(),
                    '\u{202D}' => "a left-to-right override (U+202D)".to_owned(),
                    '\u{202B}' => "a right-to-left embedding (U+202B)".to_owned(),
                    '\u{202A}' => "a left-to-right embedding (U+202A)".to_owned(),
                    other => format!("a directional isolate (U+{:04X})", *other as u32),
                },
                context(text, *at)
            ),
        )),
        None => Ok(()),
    }
}

/// How to fix a text refused here.
pub const HELP: &str = "remove the character (copying from a word processor or a PDF brings such characters in); \
     right-to-left text needs no marks, as pages set each language's direction. \
     An override or embedding is closed with U+202C, an isolate with U+2069";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_that_mean_nothing_are_removed() {
        assert_eq!(checked("Lào\u{200B} Cai\u{FEFF}").unwrap(), "Lào Cai");
        assert!(matches!(checked("Lào Cai").unwrap(), Cow::Borrowed(_)));
        // Joiners and marks mean something: kept.
        assert_eq!(checked("می\u{200C}خواهم").unwrap(), "می\u{200C}خواهم");
        assert_eq!(checked("a\u{200F}b").unwrap(), "a\u{200F}b");
        assert_eq!(
            checked("Line one\n\tLine two").unwrap(),
            "Line one\n\tLine two"
        );
    }

    #[test]
    fn control_characters_and_noncharacters_are_refused_by_name() {
        let error = checked("Kế hoạch\u{7} 15").unwrap_err();
        assert_eq!(
            error,
            "this text holds the invisible control character U+0007 (BELL) after “Kế hoạch”"
        );
        for bad in [
            "\u{0}",
            "a\rb",
            "\u{85}",
            "\u{2028}",
            "\u{FFFE}",
            "\u{FFFF}",
            "\u{1FFFF}",
            "\u{FDD0}",
        ] {
            assert!(checked(&format!("x{bad}y")).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn directions_opened_must_be_closed() {
        assert!(checked("abc \u{202E}def\u{202C} ghi").is_ok());
        assert!(checked("\u{2067}عربي\u{2069} 15-KH/TU").is_ok());
        assert!(
            checked("\u{2067}a\u{202B}b\u{2069}").is_ok(),
            "an isolate closes what it holds"
        );
        let error = checked("Kế hoạch \u{202E}15-KH/TU").unwrap_err();
        assert!(
            error.starts_with("this text opens a right-to-left override (U+202E) after “Kế hoạch”"),
            "{error}"
        );
        assert!(checked("a\u{202C}").is_err());
        assert!(checked("a\u{2069}").is_err());
        assert!(
            checked("\u{2066}a\u{202C}\u{2069}").is_err(),
            "U+202C closes no embedding here"
        );
    }

    #[test]
    fn a_text_of_nothing_visible_is_empty() {
        for empty in [
            "",
            "   ",
            "\u{200B}",
            "\u{200D}\u{200E}",
            "\u{3000}\n",
            "\u{2800}",
        ] {
            assert!(
                checked(empty)
                    .unwrap_err()
                    .starts_with("this text is empty"),
                "{empty:?}"
            );
        }
        assert!(checked("😀\u{FE0F}").is_ok());
    }
}
