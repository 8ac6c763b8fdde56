//! The page `serve` shows in place of every page while the content has errors: the same
//! diagnostics as `check`, each with its file, line and column, the offending line with a
//! caret and the help, readable on a phone and by a screen reader.

use crate::base::diagnostics::{Diagnostics, Shown};
use crate::base::escape::markup;
use crate::base::source::Sources;

/// The whole page, in English like `check`'s messages.
pub fn error_page(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let shown = diagnostics.shown(sources);
    let errors = diagnostics.error_count();
    let warnings = diagnostics.warning_count();
    let count = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let title = format!("The site has {}", count(errors, "error"));
    let mut page = String::with_capacity(4096);
    page.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"robots\" content=\"noindex\">\n",
    ));
    page.push_str(&format!(
        "<title>{} · tiendo serve</title>\n",
        markup(&title)
    ));
    page.push_str(STYLE);
    page.push_str("</head>\n<body>\n<main>\n");
    page.push_str(&format!("<h1>{}</h1>\n", markup(&title)));
    let (them, are) = if errors == 1 {
        ("it", "is")
    } else {
        ("they", "are")
    };
    page.push_str(&format!(
        "<p>The site is not shown until {them} {are} fixed. Correct the file and save \
         it: this page reloads by itself, and the site comes back once no error is left.</p>\n"
    ));
    if warnings > 0 {
        let (which, stop) = if warnings == 1 {
            ("it", "does")
        } else {
            ("they", "do")
        };
        page.push_str(&format!(
            "<p>After the errors: {}; {which} {stop} not stop the site.</p>\n",
            count(warnings, "warning")
        ));
    }
    page.push_str("<ol class=\"diagnostics\">\n");
    for (n, diagnostic) in shown.iter().enumerate() {
        push_diagnostic(&mut page, n + 1, diagnostic);
    }
    page.push_str("</ol>\n</main>\n</body>\n</html>\n");
    page
}

fn push_diagnostic(page: &mut String, n: usize, shown: &Shown) {
    let (class, severity) = if shown.is_error {
        ("error", "Error")
    } else {
        ("warning", "Warning")
    };
    page.push_str(&format!(
        "<li class=\"{class}\" aria-labelledby=\"d{n}\">\n<h2 id=\"d{n}\"><span class=\"severity\">{severity}</span> {}</h2>\n",
        markup(shown.message)
    ));
    if let Some(place) = &shown.place {
        page.push_str(&format!(
            "<p class=\"place\">In <code>{}</code></p>\n",
            markup(place)
        ));
    }
    if let Some(help) = shown.help {
        page.push_str(&format!(
            "<p class=\"help\"><strong>How to fix it:</strong> {}</p>\n",
            markup(help)
        ));
    }
    // Scrolls sideways on a phone; focusable so that a keyboard can scroll it too.
    page.push_str(&format!(
        "<pre tabindex=\"0\" aria-label=\"{severity} {n}, as tiendo check prints it\">{}</pre>\n</li>\n",
        markup(shown.text.trim_end())
    ));
}

const STYLE: &str = "<style>
body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.05rem;margin:0 0 .25rem;overflow-wrap:anywhere}
ol{padding:0;list-style:none}
li{border:1px solid #c9c9c9;border-left:.4rem solid #b3261e;border-radius:.25rem;padding:.75rem;margin:0 0 1rem}
li.warning{border-left-color:#7a5a00}
.severity{display:inline-block;padding:0 .4rem;margin-right:.25rem;border-radius:.2rem;background:#b3261e;color:#fff;font-size:.85rem}
li.warning .severity{background:#7a5a00}
.place,.help{margin:0 0 .5rem}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace}
pre{margin:0;padding:.5rem;background:#f4f4f4;overflow-x:auto;font-size:.875rem;line-height:1.4}
pre:focus{outline:2px solid #0b57d0}
</style>
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::{Diagnostic, Location};
    use crate::base::source::SourceFile;

    #[test]
    fn each_error_shows_its_place_line_and_help_escaped() {
        let mut sources = Sources::default();
        let text = "date: 2025-13-01\ntitle: <b>x</b>\n";
        let file = sources.add(SourceFile {
            path: "content/ha-noi/updates/2025-11-28.md".into(),
            text: text.to_owned(),
            yaml: 0..text.len(),
        });
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            Diagnostic::error("`2025-13-01` is not a day")
                .at(Location::Span { file, bytes: 6..16 })
                .help("write the date as YYYY-MM-DD"),
        );
        diagnostics.push(Diagnostic::warning("a <script> is ignored"));
        let page = error_page(&diagnostics, &sources);
        assert!(page.contains("<h1>The site has 1 error</h1>"), "{page}");
        assert!(
            page.contains("content/ha-noi/updates/2025-11-28.md:1:7"),
            "{page}"
        );
        assert!(page.contains("date: 2025-13-01"), "{page}");
        assert!(page.contains("^^^^^^^^^^"), "{page}");
        assert!(
            page.contains("<strong>How to fix it:</strong> write the date as YYYY-MM-DD"),
            "{page}"
        );
        assert!(page.contains("1 warning"), "{page}");
        assert!(page.contains("a &lt;script&gt; is ignored"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
    }
}
