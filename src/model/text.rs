//! Text a reader reads, in one or several languages.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::characters;
use crate::base::yaml::{key_error, value_error};

/// A text checked by the rules of [`characters`], as a string.
fn checked<E: de::Error>(text: &str) -> Result<String, E> {
    characters::checked(text)
        .map(|text| text.into_owned())
        .map_err(|message| value_error(message, characters::HELP))
}

/// A number or a yes/no where text is expected: YAML read `15`, `1.10` or `true` as
/// such, and would publish `1.1` for `1.10`.
fn not_text<E: de::Error>(value: impl fmt::Display) -> E {
    value_error(
        format!("`{value}` is read as a number or a yes/no, but text is expected here"),
        format!("put it in quotes to keep it exactly as written: \"{value}\""),
    )
}

fn no_text<E: de::Error>() -> E {
    value_error(
        "there is no text here (an empty value and `~` mean nothing)",
        "write the text after the `: `, or remove the line if the field is optional",
    )
}

/// A string in one language, under the same rules as [`Text`]: for document numbers and
/// other fields that are not translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedString(pub String);

impl schemars::JsonSchema for CheckedString {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CheckedString".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "minLength": 1})
    }
}

impl<'de> Deserialize<'de> for CheckedString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;
        impl Visitor<'_> for StringVisitor {
            type Value = CheckedString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<CheckedString, E> {
                checked(text).map(CheckedString)
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<CheckedString, E> {
                Err(not_text(number))
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<CheckedString, E> {
                Err(not_text(number))
            }
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<CheckedString, E> {
                Err(not_text(number))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<CheckedString, E> {
                Err(not_text(value))
            }
            fn visit_unit<E: de::Error>(self) -> Result<CheckedString, E> {
                Err(no_text())
            }
        }
        deserializer.deserialize_any(StringVisitor)
    }
}

/// For `#[serde(deserialize_with)]`: a [`CheckedString`] as a `String`.
pub fn checked_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    CheckedString::deserialize(deserializer).map(|s| s.0)
}

/// A language code such as `vi`, `en`, `fr`, `ar` or `zh-Hant` (BCP 47, kept simple).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    pub fn parse(text: &str) -> Result<Lang, String> {
        let mut parts = text.split('-');
        let primary = parts.next().unwrap_or_default();
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(Lang(text.to_owned()))
        } else {
            Err(format!("`{text}` is not a language code"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// BCP 47's code for a language not known.
    pub fn undetermined() -> Lang {
        Lang("und".to_owned())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// [`Lang::parse`]'s rule as a pattern.
const LANG_PATTERN: &str = "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$";

impl schemars::JsonSchema for Lang {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Lang".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A language code such as vi, en, fr or ar",
            "type": "string",
            "pattern": LANG_PATTERN,
        })
    }
}

const LANG_HELP: &str = "use a two-letter language code such as vi, en, fr or ar";

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Lang::parse(&text).map_err(|message| value_error(message, LANG_HELP))
    }
}

/// Text written either once, in the site's default language, or once per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Default(String),
    PerLanguage(BTreeMap<Lang, String>),
}

/// Text picked for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized<'a> {
    pub text: &'a str,
    /// The language the text is really in: the default one when a translation is missing.
    pub lang: &'a Lang,
}

impl Text {
    /// Every version of the text, in whichever languages it has.
    pub fn versions(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Text::Default(text) => (Some(text.as_str()), None),
            Text::PerLanguage(map) => (None, Some(map.values().map(String::as_str))),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }

    /// The text in `lang`, else in the default language.
    pub fn get<'a>(&'a self, lang: &'a Lang, default: &'a Lang) -> Localized<'a> {
        match self {
            Text::Default(text) => Localized {
                text,
                lang: default,
            },
            Text::PerLanguage(map) => map
                .get_key_value(lang)
                .or_else(|| map.get_key_value(default))
                .or_else(|| map.iter().next())
                .map(|(lang, text)| Localized { text, lang })
                .unwrap_or(Localized {
                    text: "",
                    lang: default,
                }),
        }
    }

    /// The languages this text is written in, given the site's default one.
    pub fn languages<'a>(&'a self, default: &'a Lang) -> Vec<&'a Lang> {
        match self {
            Text::Default(_) => vec![default],
            Text::PerLanguage(map) => map.keys().collect(),
        }
    }
}

impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let line = generator.subschema_for::<CheckedString>();
        schemars::json_schema!({
            "description": "Text in the site's default language, or one line per language (vi: ..., en: ...)",
            "anyOf": [
                line,
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": LANG_PATTERN},
                    "additionalProperties": line,
                },
            ],
        })
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, or one line of text per language (vi: ..., en: ...)")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                checked(text).map(Text::Default)
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Text, E> {
                Err(not_text(number))
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Text, E> {
                Err(not_text(number))
            }
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<Text, E> {
                Err(not_text(number))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Text, E> {
                Err(not_text(value))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Err(no_text())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Text, A::Error> {
                let mut map = BTreeMap::new();
                while let Some(key) = access.next_key::<String>()? {
                    let lang = Lang::parse(&key).map_err(|message| {
                        // A word that is no language is most often a field indented too far.
                        let help = if key.len() > 3 || key.contains('_') {
                            format!(
                                "languages are codes such as vi, en, fr or ar; if `{key}` is a field, \
                                 it is indented too far: line it up with the fields above"
                            )
                        } else {
                            LANG_HELP.to_owned()
                        };
                        key_error(&key, message, help)
                    })?;
                    let text = access.next_value::<CheckedString>()?.0;
                    if map.insert(lang.clone(), text).is_some() {
                        return Err(value_error(
                            format!("the language `{lang}` is given twice"),
                            "keep one line per language",
                        ));
                    }
                }
                Ok(Text::PerLanguage(map))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap()
    }

    #[test]
    fn text_falls_back_to_the_default_language() {
        let text: Text = serde_yaml::from_str("{vi: Lạng Sơn, en: Lang Son}").unwrap();
        let (vi, en, fr) = (lang("vi"), lang("en"), lang("fr"));
        assert_eq!(text.get(&en, &vi).text, "Lang Son");
        let french = text.get(&fr, &vi);
        assert_eq!((french.text, french.lang.as_str()), ("Lạng Sơn", "vi"));
        let plain: Text = serde_yaml::from_str("Lào Cai").unwrap();
        assert_eq!(plain.get(&en, &vi).lang, &vi);
    }

    #[test]
    fn language_codes() {
        assert!(Lang::parse("vi").is_ok());
        assert!(Lang::parse("zh-Hant").is_ok());
        assert!(Lang::parse("Vietnamese").is_err());
        assert!(serde_yaml::from_str::<Text>("{viet: x}").is_err());
    }
}
