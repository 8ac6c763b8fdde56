//! Markdown bodies of plans and updates, turned into HTML that is safe to publish: any
//! HTML written inside the Markdown is sanitised, so a script can never reach a page.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

use crate::model::Site;

/// The sanitiser's rules, built once: building them costs as much as cleaning a page.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(Some("noopener noreferrer"));
    builder
});

/// Every Markdown body of the site (plans' and updates', in each of their languages) as
/// safe HTML, rendered once before the pages: a body not translated into a language is
/// the same text, and the same HTML, on each language's page.
pub struct Bodies<'s>(HashMap<&'s str, Arc<str>>);

/// Bodies rendered before, kept by `serve` from one render to the next: after an edit,
/// only the texts that changed are rendered again.
#[derive(Default)]
pub struct Known(HashMap<String, Arc<str>>);

impl<'s> Bodies<'s> {
    pub fn of(site: &'s Site) -> Bodies<'s> {
        let bodies = texts(site)
            .into_par_iter()
            .map(|text| (text, Arc::from(to_safe_html(text))))
            .collect();
        Bodies(bodies)
    }

    /// The site's bodies, those in `known` taken from it; `known` is left holding
    /// exactly the site's bodies.
    pub fn knowing(site: &'s Site, known: &mut Known) -> Bodies<'s> {
        let bodies: HashMap<&str, Arc<str>> = texts(site)
            .into_par_iter()
            .map(|text| match known.0.get(text) {
                Some(html) => (text, html.clone()),
                None => (text, Arc::from(to_safe_html(text))),
            })
            .collect();
        known.0.retain(|text, _| bodies.contains_key(text.as_str()));
        for (text, html) in &bodies {
            if !known.0.contains_key(*text) {
                known.0.insert((*text).to_owned(), html.clone());
            }
        }
        Bodies(bodies)
    }

    /// The HTML of a body, if it is one of the site's.
    pub fn get(&self, markdown: &str) -> Option<&str> {
        self.0.get(markdown).map(|html| &**html)
    }
}

/// Every text of the site's bodies, once.
fn texts(site: &Site) -> Vec<&str> {
    let plans = site.plans.iter().map(|p| &p.body);
    let updates = site.updates.iter().map(|u| &u.body);
    let mut texts: Vec<&str> = plans.chain(updates).flat_map(|t| t.versions()).collect();
    texts.sort_unstable();
    texts.dedup();
    texts
}

pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    clean_html(&unsafe_html)
}

/// HTML with everything that could run, or break out of its place, removed.
///
/// Removing an element keeps its content, which can leave markup a browser reads
/// otherwise than written: `<object>x` became `<p>x<p></p></p>`, a paragraph inside a
/// paragraph. Cleaning the result again gives what a browser would read; the HTML is
/// published once cleaning no longer changes it (found by fuzzing).
pub fn clean_html(html: &str) -> String {
    let mut clean = SANITIZER.clean(html).to_string();
    for _ in 0..4 {
        let again = SANITIZER.clean(&clean).to_string();
        if again == clean {
            break;
        }
        clean = again;
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = to_safe_html("## Mục tiêu\n\nĐạt **trên 95%** dân số.\n");
        assert!(html.contains("<h2>Mục tiêu</h2>"), "{html}");
        assert!(html.contains("<strong>trên 95%</strong>"), "{html}");
    }

    #[test]
    fn links_open_without_giving_the_page_away() {
        let html = to_safe_html("[nguồn](https://example.org/)");
        assert!(html.contains(r#"rel="noopener noreferrer""#), "{html}");
    }

    #[test]
    fn markup_is_published_as_a_browser_reads_it() {
        let html = to_safe_html("<object>x");
        assert_eq!(html, clean_html(&html));
        assert!(!html.contains("<p>x<p>"), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
}
