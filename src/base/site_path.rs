//! A path inside the output folder, made only of safe names, so that nothing can be
//! written outside it.

use std::fmt;

/// A file's path inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(String);

impl SitePath {
    pub fn new(path: &str) -> Option<SitePath> {
        let safe_name = |name: &str| {
            !name.is_empty()
                && name != "."
                && name != ".."
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        path.split('/')
            .all(safe_name)
            .then(|| SitePath(path.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The relative way back to the site's root from this file: `../../`.
    pub fn root(&self) -> String {
        "../".repeat(self.0.matches('/').count())
    }

    /// The address a reader sees, without `index.html`.
    pub fn pretty(&self) -> &str {
        self.0.strip_suffix("index.html").unwrap_or(&self.0)
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_cannot_escape_the_output_folder() {
        assert!(SitePath::new("provinces/lao-cai/index.html").is_some());
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "",
            "a/./b",
        ] {
            assert!(SitePath::new(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn links_go_back_to_the_root() {
        let path = SitePath::new("provinces/lao-cai/index.html").unwrap();
        assert_eq!(path.root(), "../../");
        assert_eq!(path.pretty(), "provinces/lao-cai/");
        assert_eq!(SitePath::new("index.html").unwrap().root(), "");
    }
}
