//! Ids: the names of files and folders, used in web addresses and to point from one file
//! to another. An [`Id`] cannot hold anything that would escape the output folder.

use std::fmt;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer};

use crate::base::yaml::value_error;

const MAX_LENGTH: usize = 100;

// Shared, not copied: the same id is named by every report, view and key that points
// at its item, and cloned far more often than it is read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Arc<str>);

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl Id {
    /// Parses an id: lower-case ASCII letters, digits and hyphens, starting with a letter
    /// or a digit. The error says what is wrong in the users' words.
    pub fn parse(text: &str) -> Result<Id, String> {
        if text.is_empty() {
            return Err("an id cannot be empty".into());
        }
        if text.len() > MAX_LENGTH {
            return Err(format!("`{text}` is longer than {MAX_LENGTH} characters"));
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(format!(
                "`{text}` contains `{bad}`, which an id cannot hold"
            ));
        }
        if text.starts_with('-') {
            return Err(format!("`{text}` starts with a hyphen"));
        }
        Ok(Id(text.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id a name would make: transliterated (Lạng Sơn → lang-son, not lng-sn),
    /// lower-case, words joined by hyphens.
    pub fn suggest(name: &str) -> Option<Id> {
        let ascii = deunicode::deunicode(name).to_lowercase();
        let words: Vec<&str> = ascii
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        Id::parse(&words.join("-")).ok()
    }

    /// What every id error says as help, with the id this name would make.
    pub fn help_for(name: &str) -> String {
        match Id::suggest(name) {
            Some(id) if id.as_str() != name => format!("{ID_HELP}; here, `{id}`"),
            _ => ID_HELP.to_owned(),
        }
    }
}

/// What every id error adds as help.
pub const ID_HELP: &str = "ids use lower-case letters a-z, digits and hyphens, e.g. `lao-cai` or `15-kh-tu`; \
     write Vietnamese without diacritics (Lạng Sơn → lang-son)";

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// In the editors' schemas: the rules of [`Id::parse`], as a pattern.
impl schemars::JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An id: lower-case letters, digits and hyphens, such as `lao-cai` or `16-kh-tu`",
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]*$",
            "maxLength": MAX_LENGTH,
        })
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Id::parse(&text).map_err(|message| value_error(message, Id::help_for(&text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_transliterated_not_stripped() {
        assert_eq!(Id::suggest("Lạng Sơn").unwrap().as_str(), "lang-son");
        assert_eq!(Id::suggest("Đắk Lắk").unwrap().as_str(), "dak-lak");
        assert_eq!(Id::suggest("15-KH/TU").unwrap().as_str(), "15-kh-tu");
        assert!(Id::help_for("Lạng Sơn").ends_with("here, `lang-son`"));
    }

    #[test]
    fn ids_are_safe_path_segments() {
        assert!(Id::parse("lao-cai").is_ok());
        assert!(Id::parse("2025-11-28").is_ok());
        for bad in [
            "",
            "../etc",
            "a/b",
            "Lao-Cai",
            "lạng-sơn",
            "-x",
            ".",
            "a b",
            "a\\b",
        ] {
            assert!(Id::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }
}
