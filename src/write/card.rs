//! Embeddable cards: a target in a small standalone SVG (its latest value, the target,
//! the deadline, the pace in words, the as-of date and the source), in each language, for
//! news sites to show with an `<img>` and a link back. The card is a picture of one
//! sentence, which its `<title>` and `<desc>` carry for screen readers.

use std::fmt::Write as _;

use crate::base::escape::markup_without_bidi_marks as escape;
use crate::derive::pace::Outlook;
use crate::write::html::chart::lang_attribute;
use crate::write::html::views::{CARD_HEIGHT, CARD_WIDTH, TargetView};

/// Fonts every system has one of; a card cannot rely on the page's stylesheet.
pub const FONTS: &str = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif";

/// The card's size, which the embed snippet of its page gives too.
const WIDTH: f64 = CARD_WIDTH;
const HEIGHT: f64 = CARD_HEIGHT;
const MARGIN: f64 = 16.0;

/// What a card shows, in the page's language.
pub struct Card<'a> {
    /// Unique in the site, for the ids of the title and description.
    pub id: &'a str,
    pub jurisdiction: &'a str,
    /// The languages of the jurisdiction's and the indicator's names, when they are not
    /// the card's (missing translations).
    pub jurisdiction_lang: Option<String>,
    pub indicator_lang: Option<String>,
    pub target: &'a TargetView,
    /// "Statuses as of 5 December 2025".
    pub as_of: &'a str,
    /// "Source: baolaocai.vn".
    pub source: &'a str,
    /// "Target", before the target's sentence.
    pub target_label: &'a str,
    pub site_title: &'a str,
    pub right_to_left: bool,
    pub font_family: &'a str,
}

impl Card<'_> {
    /// Everything the card shows, in one sentence: its title and description for screen
    /// readers, and the `alt` of the `<img>` that embeds it.
    pub fn sentence(&self) -> &str {
        &self.target.card_sentence
    }

    pub fn svg(&self) -> String {
        let t = self.target;
        let x = if self.right_to_left {
            WIDTH - MARGIN
        } else {
            MARGIN
        };
        let colour = match t.outlook {
            Outlook::OnTrack => "#1d6b32",
            Outlook::AtRisk => "#8a4b00",
            Outlook::OffTrack => "#b0201c",
            Outlook::Unknown => "#4a535e",
        };
        let title_id = format!("{}-title", self.id);
        let desc_id = format!("{}-desc", self.id);
        let latest = t
            .latest
            .as_ref()
            .map_or_else(|| "–".to_owned(), |l| l.text.plain());
        let latest_date = t
            .latest
            .as_ref()
            .map(|l| l.date.clone())
            .unwrap_or_default();
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{title_id} {desc_id}" direction="{dir}" font-family="{font}"><title id="{title_id}">{title}</title><desc id="{desc_id}">{title}</desc><rect x="0.5" y="0.5" width="{w}" height="{h}" rx="8" fill="#ffffff" stroke="#d0d6dd"/><rect x="{bar_x}" y="0.5" width="6" height="{h}" fill="{colour}"/>"##,
            dir = if self.right_to_left { "rtl" } else { "ltr" },
            font = escape(self.font_family),
            title = escape(self.sentence()),
            w = WIDTH - 1.0,
            h = HEIGHT - 1.0,
            bar_x = if self.right_to_left { WIDTH - 6.5 } else { 0.5 },
        );
        // The heading names the jurisdiction and the indicator, each in its own language.
        let half = (WIDTH - 2.0 * MARGIN) / (14.0 * 0.55) / 2.0;
        let _ = write!(
            svg,
            r##"<text x="{x}" y="32.2" font-size="14" fill="#4a535e" text-anchor="start"><tspan{}>{}</tspan> · <tspan{}>{}</tspan></text>"##,
            lang_attribute(self.jurisdiction_lang.as_deref()),
            escape(&shorten(self.jurisdiction, half)),
            lang_attribute(self.indicator_lang.as_deref()),
            escape(&shorten(&t.indicator.plain(), half)),
        );
        // Each block: its size, colour, weight, text and the lines it may take.
        let blocks = [
            (36.0, "#1b1f24", "bold", latest, 1),
            (13.0, "#4a535e", "normal", latest_date, 1),
            (
                15.0,
                "#1b1f24",
                "normal",
                format!("{}: {}", self.target_label, t.sentence.plain()),
                2,
            ),
            (15.0, colour, "bold", t.verdict.clone(), 2),
            (
                11.0,
                "#4a535e",
                "normal",
                format!("{} · {} · {}", self.as_of, self.source, self.site_title),
                2,
            ),
        ];
        let mut y = 36.2;
        for (size, fill, weight, text, most) in blocks {
            let per_line = (WIDTH - 2.0 * MARGIN) / (size * 0.55);
            for line in wrap(&text, per_line, most) {
                y += size * 1.3;
                let _ = write!(
                    svg,
                    r#"<text x="{x}" y="{y:.1}" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="start">{}</text>"#,
                    escape(&line)
                );
            }
            y += 4.0;
        }
        svg.push_str("</svg>\n");
        svg
    }
}

/// `text` in at most `most` lines of about `max_chars` characters, broken between words;
/// what does not fit ends in an ellipsis (the full text is in the card's title).
fn wrap(text: &str, max_chars: f64, most: usize) -> Vec<String> {
    let max = max_chars.floor().max(4.0) as usize;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let wanted =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if !current.is_empty() && wanted > max {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > most {
        let rest = lines.split_off(most - 1).join(" ");
        lines.push(rest);
    }
    lines.into_iter().map(|l| shorten(&l, max as f64)).collect()
}

/// Text that fits about `max_chars` characters, cut with an ellipsis: the full text is
/// in the card's title and description.
fn shorten(text: &str, max_chars: f64) -> String {
    let max = max_chars.floor().max(4.0) as usize;
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_between_words_into_the_lines_it_may_take() {
        assert_eq!(
            wrap("Target: coverage at least 100% by 2030", 20.0, 2),
            vec!["Target: coverage at", "least 100% by 2030"]
        );
        assert_eq!(wrap("a b c d e f g h", 4.0, 2), vec!["a b", "c d…"]);
    }

    #[test]
    fn long_lines_are_cut_with_an_ellipsis() {
        assert_eq!(shorten("Lào Cai", 20.0), "Lào Cai");
        assert_eq!(shorten("Tỷ lệ bao phủ bảo hiểm y tế", 10.0), "Tỷ lệ bao…");
    }
}
