//! Web addresses of sources and websites.

use std::fmt;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer};

use crate::base::yaml::value_error;

/// An absolute `http` or `https` address.
// Shared, not copied: a report's address is given to each of its figures.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WebUrl(Arc<str>);

impl serde::Serialize for WebUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl WebUrl {
    pub fn parse(text: &str) -> Result<WebUrl, String> {
        let parsed = url::Url::parse(text.trim())
            .map_err(|e| format!("`{text}` is not a web address ({e})"))?;
        match parsed.scheme() {
            "http" | "https" if parsed.host().is_some() => {}
            _ => return Err(format!("`{text}` is not an http or https address")),
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(format!(
                "`{text}` holds a user name or a password, which every page would publish"
            ));
        }
        let url = parsed.to_string();
        // The parser writes quotes, angle brackets, spaces and controls percent-encoded:
        // an address is put in attributes and in the embed code readers copy, so hold
        // to it rather than trust it.
        if let Some(bad) = url.chars().find(|c| {
            matches!(c, '"' | '<' | '>' | '`' | '\\') || c.is_whitespace() || c.is_control()
        }) {
            return Err(format!(
                "`{text}` holds `{bad}`, which an address cannot hold"
            ));
        }
        Ok(WebUrl(url.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host, without `www.`: how a source is named in a short line (`baolaocai.vn`).
    pub fn host(&self) -> Option<String> {
        let url = url::Url::parse(&self.0).ok()?;
        let host = url.host_str()?;
        Some(host.strip_prefix("www.").unwrap_or(host).to_owned())
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl schemars::JsonSchema for WebUrl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WebUrl".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A web address, starting with https:// (or http://)",
            "type": "string",
            "format": "uri",
            // A host with no user name or password in it, then a path, if any.
            "pattern": "^[hH][tT][tT][pP][sS]?://[^/?#\\s@]+([/?#]\\S*)?$",
        })
    }
}

impl<'de> Deserialize<'de> for WebUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        WebUrl::parse(&text).map_err(|message| {
            value_error(
                message,
                "give the full address, starting with https:// (or http://)",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_web_addresses() {
        assert!(WebUrl::parse("https://baolaocai.vn/no-luc-post888022.html").is_ok());
        for bad in [
            "baolaocai.vn",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "https://exa\"mple.org/",
            "https://example.org\"><script>/",
            "https://user:secret@example.org/",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad:?}");
        }
        // Quotes and markup in a path or a query are written percent-encoded.
        let url = WebUrl::parse("https://example.org/a\"b/<i>?q=\"x\"'").unwrap();
        assert_eq!(
            url.as_str(),
            "https://example.org/a%22b/%3Ci%3E?q=%22x%22%27"
        );
    }
}
