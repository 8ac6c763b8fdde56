//! The files `init` and `new` write: each field named with a comment saying what to
//! fill in, the known ids and today's date filled in, every text in each language of
//! the site. They are written to pass `tiendo check` as they are; staff replace the
//! example words and addresses with their own.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::schema;
use crate::locale::format::{DayStyle, Formatter};
use crate::model::{Id, Lang};

/// The starter's words in one language.
pub struct Words {
    pub lang: &'static str,
    site_title: &'static str,
    site_description: &'static str,
    publisher: &'static str,
    indicator_name: &'static str,
    indicator_description: &'static str,
    program_title: &'static str,
    program_issued_by: &'static str,
    province_name: &'static str,
    /// `{program}` is the program's title.
    plan_title: &'static str,
    plan_issued_by: &'static str,
    plan_body: &'static str,
    task_what: &'static str,
    task_lead: &'static str,
    task_deliverable: &'static str,
    /// `{day}` is the report's day, as the language writes it.
    update_title: &'static str,
    update_body: &'static str,
    source_title: &'static str,
}

/// The languages the starter is written in: those of the built-in theme.
const WORDS: [Words; 4] = [
    Words {
        lang: "vi",
        site_title: "Tiến độ thực hiện các kế hoạch",
        site_description: "Các kế hoạch, mục tiêu, nhiệm vụ và tiến độ thực hiện, mỗi số liệu đều dẫn nguồn.",
        publisher: "Cơ quan chủ quản trang",
        indicator_name: "Tỷ lệ hộ gia đình được tiếp cận",
        indicator_description: "Số hộ gia đình được chương trình tiếp cận, trên tổng số hộ gia đình.",
        program_title: "Chương trình quốc gia",
        program_issued_by: "Chính phủ",
        province_name: "Tỉnh ví dụ",
        plan_title: "Kế hoạch thực hiện {program}",
        plan_issued_by: "Ủy ban nhân dân tỉnh",
        plan_body: "Mục đích của kế hoạch, trong vài đoạn văn.",
        task_what: "Phổ biến kế hoạch đến tất cả các xã",
        task_lead: "Sở phụ trách",
        task_deliverable: "Hội nghị tại mỗi xã, có biên bản",
        update_title: "Báo cáo tiến độ ngày {day}",
        update_body: "Những việc đã làm từ báo cáo trước, và việc tiếp theo.",
        source_title: "Báo cáo",
    },
    Words {
        lang: "en",
        site_title: "Progress of our plans",
        site_description: "Our plans, their targets and tasks, and where each stands, every figure linked to its source.",
        publisher: "The office that publishes this site",
        indicator_name: "Share of households reached",
        indicator_description: "Households reached by the programme, as a share of all households.",
        program_title: "National Programme",
        program_issued_by: "The government",
        province_name: "Example province",
        plan_title: "Plan implementing the {program}",
        plan_issued_by: "The provincial people's committee",
        plan_body: "What the plan is for, in a few paragraphs.",
        task_what: "Make the plan known in every commune",
        task_lead: "The provincial department in charge",
        task_deliverable: "A meeting in every commune, with its minutes",
        update_title: "Progress report of {day}",
        update_body: "What was done since the last report, and what comes next.",
        source_title: "Report",
    },
    Words {
        lang: "fr",
        site_title: "Avancement de nos plans",
        site_description: "Nos plans, leurs objectifs et leurs tâches, et où en est chacun, chaque chiffre relié à sa source.",
        publisher: "Le service qui publie ce site",
        indicator_name: "Part des ménages atteints",
        indicator_description: "Ménages atteints par le programme, en part de l'ensemble des ménages.",
        program_title: "Programme national",
        program_issued_by: "Le gouvernement",
        province_name: "Province d'exemple",
        plan_title: "Plan de mise en œuvre du {program}",
        plan_issued_by: "Le comité populaire provincial",
        plan_body: "À quoi sert le plan, en quelques paragraphes.",
        task_what: "Faire connaître le plan dans chaque commune",
        task_lead: "Le service provincial chargé du plan",
        task_deliverable: "Une réunion dans chaque commune, avec son compte rendu",
        update_title: "Rapport d'avancement du {day}",
        update_body: "Ce qui a été fait depuis le dernier rapport, et la suite.",
        source_title: "Rapport",
    },
    Words {
        lang: "ar",
        site_title: "تقدم تنفيذ خططنا",
        site_description: "خططنا وأهدافها ومهامها وأين تقف كل منها، مع ربط كل رقم بمصدره.",
        publisher: "الجهة التي تنشر هذا الموقع",
        indicator_name: "نسبة الأسر التي تم الوصول إليها",
        indicator_description: "الأسر التي وصل إليها البرنامج، كنسبة من مجموع الأسر.",
        program_title: "البرنامج الوطني",
        program_issued_by: "الحكومة",
        province_name: "مقاطعة نموذجية",
        plan_title: "خطة تنفيذ {program}",
        plan_issued_by: "اللجنة الشعبية للمقاطعة",
        plan_body: "الغرض من الخطة، في بضع فقرات.",
        task_what: "التعريف بالخطة في كل بلدية",
        task_lead: "الإدارة المسؤولة في المقاطعة",
        task_deliverable: "اجتماع في كل بلدية مع محضره",
        update_title: "تقرير التقدم بتاريخ {day}",
        update_body: "ما تم إنجازه منذ التقرير السابق، وما سيأتي.",
        source_title: "تقرير",
    },
];

/// The Markdown text of a plan or of a report.
#[derive(Clone, Copy)]
pub enum Body {
    Plan,
    Update,
}

/// A body's translations, each for a file beside the one in the default language
/// (`plan-1.en.md`): the languages of the site the starter has words in.
pub fn translations(languages: &Languages, body: Body) -> Vec<(Lang, String)> {
    languages
        .words()
        .into_iter()
        .filter(|(lang, _)| **lang != languages.default)
        .map(|(lang, w)| (lang.clone(), format!("{}\n", body.in_words(w))))
        .collect()
}

impl Body {
    fn in_words(self, words: &Words) -> &'static str {
        match self {
            Body::Plan => words.plan_body,
            Body::Update => words.update_body,
        }
    }

    /// The text in the default language, below a file's front matter.
    fn in_default_language(self, languages: &Languages) -> &'static str {
        languages
            .words()
            .into_iter()
            .find(|(lang, _)| **lang == languages.default)
            .map_or("", |(_, w)| self.in_words(w))
    }
}

/// The starter program's title in `lang` (in English where the starter has no words
/// in it), for the title of the plan that implements it.
pub fn program_title(lang: &Lang) -> String {
    WORDS
        .iter()
        .find(|w| w.lang == lang.as_str())
        .unwrap_or(&WORDS[1])
        .program_title
        .to_owned()
}

/// The languages the starter has words for, as codes.
pub fn languages() -> impl Iterator<Item = &'static str> {
    WORDS.iter().map(|w| w.lang)
}

/// The languages of a site, and the one text written once is in.
pub struct Languages {
    pub all: Vec<Lang>,
    pub default: Lang,
}

impl Languages {
    /// The languages the starter writes text in: those of the site it has words for,
    /// and always the default one (in English words when it has none), so that every
    /// text has its default version.
    fn words(&self) -> Vec<(&Lang, &'static Words)> {
        let english = &WORDS[1];
        let mut chosen: Vec<(&Lang, &'static Words)> = self
            .all
            .iter()
            .filter_map(|lang| {
                WORDS
                    .iter()
                    .find(|w| w.lang == lang.as_str())
                    .map(|w| (lang, w))
            })
            .collect();
        if !chosen.iter().any(|(lang, _)| **lang == self.default) {
            chosen.insert(0, (&self.default, english));
        }
        chosen
    }
}

/// A string as YAML writes it in double quotes: JSON's escapes are YAML's.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// `key:` and a line per language, indented under `indent`.
fn text(
    out: &mut String,
    indent: &str,
    key: &str,
    languages: &Languages,
    words: impl Fn(&Lang, &Words) -> String,
) {
    let _ = writeln!(out, "{indent}{key}:");
    for (lang, w) in languages.words() {
        let _ = writeln!(out, "{indent}  {lang}: {}", quoted(&words(lang, w)));
    }
}

/// The line that tells editors' YAML support which schema a file follows, by a path
/// from the file's folder: `depth` is how many folders below the site's it is.
fn schema_line(kind: &str, depth: usize) -> String {
    format!(
        "# yaml-language-server: $schema={}{}/{}\n",
        "../".repeat(depth),
        schema::FOLDER,
        schema::file_name(kind)
    )
}

/// `site.yaml`.
pub fn site_yaml(languages: &Languages, base_url: &str, theme: Option<&str>) -> String {
    let mut out = schema_line("site", 0);
    out.push_str(
        "# The site's settings. A text is written once, in the default language, or once per\n\
         # language as below. `tiendo check` says what is wrong in any file, and how to fix it.\n\n\
         # The site's name, shown on every page.\n",
    );
    text(&mut out, "", "title", languages, |_, w| w.site_title.into());
    out.push_str(
        "# One or two sentences on what the site tracks, for its home page and search engines.\n",
    );
    text(&mut out, "", "description", languages, |_, w| {
        w.site_description.into()
    });
    out.push_str("# Who publishes the site: the office responsible for it.\n");
    text(&mut out, "", "publisher", languages, |_, w| {
        w.publisher.into()
    });
    let codes: Vec<&str> = languages.all.iter().map(Lang::as_str).collect();
    let _ = write!(
        out,
        "# The address the site is published at. The CI recipes pass GitHub's or GitLab's own with\n\
         # --base-url; write the site's own here once it has one.\n\
         base_url: {}\n\
         # The site's languages, as codes, and the one a text written once is in.\n\
         languages: [{}]\n\
         default_language: {}\n\
         # How many days before its deadline a task shows as due soon (0 to 365).\n\
         due_soon_days: 30\n",
        quoted(base_url),
        codes.join(", "),
        languages.default
    );
    match theme {
        Some(theme) => {
            let _ = write!(
                out,
                "# The theme in themes/ the site is drawn with; remove the line for the built-in one.\n\
                 theme: {theme}\n"
            );
        }
        None => out.push_str(
            "# The site is drawn with the built-in theme; to use one of your own in themes/,\n\
             # add a line `theme: <its folder's name>`.\n",
        ),
    }
    out.push_str(
        "# The terms under which anyone may reuse the site's data (its tables, JSON and feeds):\n\
         # to publish them, delete the # at the start of the three lines below.\n\
         #license:\n\
         #  name: CC-BY-4.0\n\
         #  url: https://creativecommons.org/licenses/by/4.0/\n\
         # The web address of this repository, where it is published (GitHub, GitLab, ...):\n\
         # each change the site shows (a deadline moved, a figure revised) then links to its\n\
         # commit there. To have it, delete the # below and write the address.\n\
         #repository: https://github.com/your-office/progress\n",
    );
    out
}

/// " (known: a, b)", or nothing when none is known.
fn known_ids(ids: &[Id]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let ids: Vec<&str> = ids.iter().map(Id::as_str).collect();
    format!(" (known: {})", ids.join(", "))
}

/// The id of the starter's indicator, program, jurisdiction and plan.
pub const INDICATOR: &str = "households-reached";
pub const PROGRAM: &str = "national-programme";
pub const PROVINCE: &str = "example-province";
pub const PLAN: &str = "plan-1";

/// `content/indicators/<INDICATOR>.yaml`.
pub fn indicator_yaml(languages: &Languages) -> String {
    let mut out = schema_line("indicator", 2);
    out.push_str("# An indicator: what is measured. Its id is the file's name.\n\n# What is measured, as readers will read it.\n");
    text(&mut out, "", "name", languages, |_, w| {
        w.indicator_name.into()
    });
    out.push_str(
        "# `percent` for a share from 0 to 100, `number` for anything else (then add\n\
         # unit_label: the unit written after the number, such as \"people\").\n\
         unit: percent\n\
         # `up` if more is better, `down` if less is better.\n\
         direction: up\n\
         # How many decimals figures show (0 to 6).\n\
         decimals: 1\n\
         # How the indicator is defined, and by whom.\n",
    );
    text(&mut out, "", "description", languages, |_, w| {
        w.indicator_description.into()
    });
    out
}

/// `content/programs/<PROGRAM>.yaml`, issued on `issued_on`.
pub fn program_yaml(languages: &Languages, issued_on: NaiveDate) -> String {
    let mut out = schema_line("program", 2);
    let _ = write!(
        out,
        "# A program: the national policy plans implement. Its id is the file's name.\n\n\
         # The document's number, as issued.\n\
         number: \"01/CT\"\n\
         # The document's title.\n"
    );
    text(&mut out, "", "title", languages, |_, w| {
        w.program_title.into()
    });
    out.push_str("# Who issued it.\n");
    text(&mut out, "", "issued_by", languages, |_, w| {
        w.program_issued_by.into()
    });
    let _ = write!(
        out,
        "# The day it was issued.\n\
         issued_on: {issued_on}\n\
         # The address of its text: replace this example with the real one.\n\
         source: https://example.org/programme\n\
         # The ids of the indicators it is measured by (files in content/indicators/).\n\
         indicators: [{INDICATOR}]\n\
         # Also: kind (what the document is: Directive, Resolution, ...), summary (what it\n\
         # asks for, in a few sentences), and related (documents that implement or guide\n\
         # it, each with number, title, issued_by, issued_on and source).\n"
    );
    out
}

/// A jurisdiction's `_index.yaml`. `depth` is how many folders below the site's it is,
/// for the line naming its schema: absent when the site has no `schemas/`.
pub fn jurisdiction_yaml(
    languages: &Languages,
    name: Option<&str>,
    level: &str,
    parent: Option<&Id>,
    depth: Option<usize>,
) -> String {
    let mut out = depth.map_or_else(String::new, |depth| schema_line("jurisdiction", depth));
    out.push_str(
        "# A jurisdiction: a country, a province or a commune. Its id is its folder's name;\n\
         # its plans go in plans/ and its progress reports in updates/ beside this file.\n\n\
         # Its name: write it in each language of the site as `vi: ...`, `en: ...` lines.\n",
    );
    match name {
        Some(name) => {
            let _ = writeln!(out, "name: {}", quoted(name));
        }
        None => text(&mut out, "", "name", languages, |_, w| {
            w.province_name.into()
        }),
    }
    let _ = writeln!(out, "# `country`, `province` or `commune`.\nlevel: {level}");
    match parent {
        Some(parent) => {
            let _ = writeln!(
                out,
                "# The id of the jurisdiction it belongs to.\nparent: {parent}"
            );
        }
        None => out.push_str(
            "# The jurisdiction it belongs to is the one whose folder holds this one's, if\n\
             # any; write `parent: <its id>` when it is elsewhere.\n",
        ),
    }
    out.push_str(
        "# Its official website (https://...), and a few sentences about it: write them after\n\
         # the colons, or remove the lines.\n\
         website:\n\
         description:\n\
         # Also, for one made by a merger: established_on (when it was), predecessors (the\n\
         # ids of the jurisdictions merged into it), and source (where these facts come\n\
         # from); for one merged into another, ended_on.\n",
    );
    out
}

/// A plan: `plans/<id>.md`, issued on `issued_on`, implementing `program` (whose title
/// is given in each language), with a target of the first of `indicators` (those its
/// program is measured by).
pub fn plan_md(
    languages: &Languages,
    program: &Id,
    program_title: impl Fn(&Lang) -> String,
    indicators: &[Id],
    issued_on: NaiveDate,
) -> String {
    let mut out = String::from(
        "---\n\
         # A plan: what a jurisdiction will do to implement a program. Its id is the file's\n\
         # name; what it is for goes below the closing --- line, in Markdown.\n\n\
         # The plan's number, as issued, and what the document is (a plan if not given).\n\
         number: \"01/KH\"\n\
         #kind: Plan\n\
         # The plan's title.\n",
    );
    text(&mut out, "", "title", languages, |lang, w| {
        w.plan_title.replace("{program}", &program_title(lang))
    });
    let _ = write!(
        out,
        "# The id of the program it implements (a file in content/programs/).\n\
         program: {program}\n\
         # Who issued it.\n"
    );
    text(&mut out, "", "issued_by", languages, |_, w| {
        w.plan_issued_by.into()
    });
    let next_year = issued_on.year() + 1;
    let deadline = issued_on
        .checked_add_months(chrono::Months::new(3))
        .unwrap_or(issued_on);
    let known = known_ids(indicators);
    let _ = write!(
        out,
        "# The day it was issued.\n\
         issued_on: {issued_on}\n\
         # The address of its text: replace this example with the real one.\n\
         source: https://example.org/plan\n"
    );
    match indicators.first() {
        Some(indicator) => {
            let _ = write!(
                out,
                "# What the plan must reach, each measured by an indicator.\n\
                 targets:\n\
                 \x20 # The target's id within the plan.\n\
                 \x20 - id: {indicator}-{next_year}\n\
                 \x20   # The indicator that measures it{known}.\n\
                 \x20   indicator: {indicator}\n\
                 \x20   # How the value must be reached: above, at_least, below or at_most.\n\
                 \x20   comparator: at_least\n\
                 \x20   value: 80\n\
                 \x20   # When: a day (2026-06-30), a month (2026-06) or a year (2026, its last day).\n\
                 \x20   deadline: {next_year}\n\
                 \x20   # Where the indicator stood when the plan was made.\n\
                 \x20   baseline:\n\
                 \x20     value: 40\n\
                 \x20     date: {}\n\
                 \x20     # Also: source (where the baseline figure comes from).\n\
                 \x20   # Also: note (anything a reader needs to know about the target).\n",
                issued_on.year() - 1,
            );
        }
        None => out.push_str(
            "# What the plan must reach, each measured by an indicator: its program names none\n\
             # yet. Add the indicator to content/indicators/ and to the program, then delete\n\
             # the # at the start of these lines and fill them in.\n\
             #targets:\n\
             #  - id: ...\n\
             #    indicator: ...\n\
             #    comparator: at_least\n\
             #    value: 0\n\
             #    deadline: 2030\n",
        ),
    }
    out.push_str(
        "# What must be done: the six clarities of each task.\n\
         tasks:\n\
         \x20 # The task's id within the plan.\n\
         \x20 - id: make-the-plan-known\n\
         \x20   # What is to be done.\n",
    );
    text(&mut out, "    ", "what", languages, |_, w| {
        w.task_what.into()
    });
    out.push_str("    # Who leads it.\n");
    text(&mut out, "    ", "lead", languages, |_, w| {
        w.task_lead.into()
    });
    out.push_str("    # What it produces.\n");
    text(&mut out, "    ", "deliverable", languages, |_, w| {
        w.task_deliverable.into()
    });
    let _ = write!(
        out,
        "    # When it is due: a day, a month or a year.\n\
         \x20   deadline: {}\n\
         \x20   # not_started, in_progress, done (then add done_on: the day), blocked or cancelled.\n\
         \x20   status: in_progress\n\
         \x20   # Also: coordinating (who takes part, a list), approving_authority (who approves\n\
         \x20   # the result), notes, and source (where its status is reported).\n\
         ---\n",
        deadline.format("%Y-%m"),
    );
    out.push_str(Body::Plan.in_default_language(languages));
    out.push('\n');
    out
}

/// What a new report says of figures.
pub enum Figures<'a> {
    /// An example figure of an indicator, for the starter site to show a chart.
    Example(&'a Id),
    /// Lines to fill in, commented out, for the indicators the jurisdiction's plans
    /// target: a report never carries a figure nobody wrote.
    ToFill(&'a [Id]),
}

/// A progress report: `updates/<date>.md`.
pub fn update_md(languages: &Languages, date: NaiveDate, figures: Figures) -> String {
    let mut out = String::from(
        "---\n\
         # A progress report. Its id is the file's name; what it says goes below the closing\n\
         # --- line, in Markdown.\n\n",
    );
    let _ = write!(
        out,
        "# The day of the report.\n\
         date: {date}\n\
         # The report's title.\n"
    );
    text(&mut out, "", "title", languages, |lang, w| {
        let day = Formatter::new(lang, DayStyle::Long)
            .map(|f| f.day(date))
            .unwrap_or_else(|_| date.to_string());
        w.update_title.replace("{day}", &day)
    });
    out.push_str(
        "# Where the report comes from: at least one web address, with its title and its\n\
         # publisher if you like. Replace this example with the real one.\n\
         sources:\n\
         \x20 - url: https://example.org/report\n",
    );
    text(&mut out, "    ", "title", languages, |_, w| {
        w.source_title.into()
    });
    match figures {
        Figures::Example(indicator) => {
            let _ = write!(
                out,
                "# The figures the report gives, one per indicator.\n\
                 measurements:\n\
                 \x20 - indicator: {indicator}\n\
                 \x20   # The figure: digits, with a dot for decimals.\n\
                 \x20   value: 55\n\
                 \x20   # Also: date (the day the figure is for, if not the report's), period_start\n\
                 \x20   # (its first day, for a figure of a period), qualifier (about, more_than or\n\
                 \x20   # less_than), source and note.\n"
            );
        }
        Figures::ToFill(indicators) => {
            let _ = writeln!(
                out,
                "# The figures the report gives, one per indicator{}: delete the # at the start\n\
                 # of `measurements:` and of the two lines of each figure the report gives, and\n\
                 # write the figure after `value:`, with a dot for decimals. Also: date (the day\n\
                 # the figure is for, if not the report's), period_start (its first day, for a\n\
                 # figure of a period), qualifier (about, more_than or less_than), source and\n\
                 # note.\n\
                 #measurements:",
                known_ids(indicators)
            );
            let ids: Vec<&str> = match indicators {
                [] => vec!["..."],
                some => some.iter().map(Id::as_str).collect(),
            };
            for id in ids {
                let _ = write!(out, "#  - indicator: {id}\n#    value:\n");
            }
        }
    }
    out.push_str(
        "# Counts the report gives, such as 5 of 6 key tasks done: delete the # at the start\n\
         # of the four lines below to use them.\n\
         #summaries:\n\
         #  - label: key tasks done\n\
         #    done: 5\n\
         #    total: 6\n\
         ---\n",
    );
    out.push_str(Body::Update.in_default_language(languages));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::FileKind;

    /// Every property name a schema has, at any depth.
    fn fields(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| fields(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| fields(v, out)),
            _ => {}
        }
    }

    #[test]
    fn each_template_names_every_field_of_its_kind() {
        let languages = Languages {
            all: vec![Lang::parse("vi").unwrap(), Lang::parse("en").unwrap()],
            default: Lang::parse("vi").unwrap(),
        };
        let day = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let indicator = Id::parse(INDICATOR).unwrap();
        let program = Id::parse(PROGRAM).unwrap();
        let templates = [
            (
                FileKind::Site,
                site_yaml(&languages, "https://example.org/", None),
            ),
            (FileKind::Indicator, indicator_yaml(&languages)),
            (FileKind::Program, program_yaml(&languages, day)),
            (
                FileKind::Jurisdiction,
                jurisdiction_yaml(&languages, None, "province", None, Some(2)),
            ),
            (
                FileKind::Plan,
                plan_md(
                    &languages,
                    &program,
                    program_title,
                    std::slice::from_ref(&indicator),
                    day,
                ),
            ),
            (
                FileKind::Update,
                update_md(&languages, day, Figures::Example(&indicator)),
            ),
            (
                FileKind::Update,
                update_md(
                    &languages,
                    day,
                    Figures::ToFill(std::slice::from_ref(&indicator)),
                ),
            ),
        ];
        for (kind, text) in templates {
            let mut names = Vec::new();
            fields(kind.schema().as_value(), &mut names);
            for name in names {
                assert!(
                    text.contains(&name),
                    "the {} template never names `{name}`:\n{text}",
                    kind.name()
                );
            }
        }
    }
}
