//! Imports run one way: tiendo's modules form layers, and no module imports one above
//! its own, nor do two modules import each other, through any chain. Read from the
//! `crate::` and `super::` paths of every source file (its tests left out), so that CI
//! fails on the first import that breaks the picture the README draws.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layers, top to bottom: each top-level module, and the layer it is in.
const LAYERS: &[(&str, &[&str])] = &[
    ("commands", &["cmd", "asof"]),
    ("the preview server", &["serve"]),
    ("writers", &["write"]),
    ("the plan and routes", &["site"]),
    ("localized text and formats", &["locale"]),
    ("derive", &["derive"]),
    ("validate", &["validate"]),
    ("load", &["load"]),
    ("model", &["model"]),
    ("sinks", &["output"]),
    ("leaves", &["base"]),
];

/// Modules that must not import others, though the layers would allow it.
const APART: &[(&str, &str, &str)] = &[(
    "write::data",
    "write::html",
    "the open data is written from the report in words, never from the pages' views",
)];

/// Every module of the library, by its path (`write::html::views`), with the source
/// text it imports from: tests left out.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("a readable tree");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("inside src");
        let mut parts: Vec<String> = relative
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            continue;
        }
        let text = fs::read_to_string(path).expect("a readable file");
        // Tests are at the end of a file; comments (doc links) import nothing.
        let tests = ["#[cfg(test)]", "#[cfg(all(test"]
            .iter()
            .filter_map(|marker| text.find(marker))
            .min()
            .unwrap_or(text.len());
        let code: String = text[..tests]
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        modules.insert(parts.join("::"), code);
    }
    modules
}

/// The modules a module's code names: `crate::a::b::Thing` is module `a::b` if there is
/// one, else `a`; `super::x` is resolved from the module's own place.
fn imports(module: &str, code: &str, all: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let split = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'));
    // A path from the module itself, through a module it declares: `tables::Table`.
    let own = |word: &str| {
        let word = word.strip_prefix("self::").unwrap_or(word);
        let first = word.split("::").next().unwrap_or_default();
        all.contains_key(&format!("{module}::{first}")) && word.contains("::")
    };
    let words: Vec<String> = split
        .filter_map(|w| {
            if w.starts_with("crate::") || w.starts_with("super::") {
                Some(w.to_owned())
            } else if own(w) {
                Some(format!(
                    "crate::{module}::{}",
                    w.strip_prefix("self::").unwrap_or(w)
                ))
            } else {
                None
            }
        })
        .collect();
    // Grouped imports (`use crate::{a, b::c}`, `use crate::site::{outputs, routes}`,
    // `use super::{x, y}`) name their modules after the brace.
    let mut groups: Vec<String> = Vec::new();
    for (brace, _) in code.match_indices("::{") {
        let before = &code[..brace];
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |i| i + 1);
        let prefix = &before[start..];
        if !(prefix.starts_with("crate") || prefix.starts_with("super")) {
            continue;
        }
        let rest = &code[brace + "::{".len()..];
        let end = rest.find('}').unwrap_or(rest.len());
        for item in rest[..end].split(',') {
            let item = item.trim().trim_start_matches('{');
            let item = item.split_whitespace().next().unwrap_or_default();
            if !item.is_empty() && item != "self" {
                groups.push(format!("{prefix}::{item}"));
            }
        }
    }
    for word in words.into_iter().chain(groups) {
        let mut segments: Vec<String> = Vec::new();
        let mut rest = word.as_str();
        if let Some(after) = rest.strip_prefix("crate::") {
            rest = after;
        } else {
            // `super::` from `a::b::c` (a file or a folder's `mod.rs`) is `a::b`.
            let mut base: Vec<&str> = module.split("::").collect();
            while let Some(after) = rest.strip_prefix("super::") {
                rest = after;
                base.pop();
            }
            segments.extend(base.iter().map(|s| s.to_string()));
        }
        segments.extend(
            rest.split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        // The longest prefix that is a module.
        while !segments.is_empty() && !all.contains_key(&segments.join("::")) {
            segments.pop();
        }
        let target = segments.join("::");
        if !target.is_empty() && target != module {
            found.insert(target);
        }
    }
    found
}

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|(_, tops)| tops.contains(&top))
        .unwrap_or_else(|| {
            panic!("the module `{module}` is in no layer: add it to LAYERS and to the README")
        })
}

/// The modules that touch the disk: load reads the site, output writes it, and the
/// commands check where the output goes.
const ON_DISK: &[&str] = &["load", "output", "cmd"];

/// What touching the disk looks like in code.
const DISK: &[&str] = &[
    "fs::",
    "File::",
    "OpenOptions",
    "WalkDir",
    "read_dir",
    "canonicalize",
    "metadata(",
    ".is_dir()",
    ".is_file()",
    ".exists()",
];

#[test]
fn imports_point_down_the_layers_and_never_in_a_circle() {
    let all = modules();
    let graph: BTreeMap<String, BTreeSet<String>> = all
        .iter()
        .map(|(module, code)| (module.clone(), imports(module, code, &all)))
        .collect();
    let mut wrong = problems(&graph);
    for (module, code) in &all {
        let top = module.split("::").next().unwrap_or_default();
        let on_disk = DISK.iter().find(|call| code.contains(*call));
        if !ON_DISK.contains(&top)
            && let Some(call) = on_disk
        {
            wrong.push(format!(
                "`{module}` uses the file system (`{call}`): only {ON_DISK:?} may, `load` the only reader"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What is wrong with a graph of imports: imports up the layers, imports between
/// modules kept apart, and circles.
fn problems(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (module, targets) in graph {
        for target in targets {
            let (from, to) = (layer_of(module), layer_of(target));
            if to < from {
                wrong.push(format!(
                    "`{module}` ({}) imports `{target}` ({}), a layer above it",
                    LAYERS[from].0, LAYERS[to].0
                ));
            }
            for (low, high, why) in APART {
                let inside = |m: &str, of: &str| m == of || m.starts_with(&format!("{of}::"));
                if inside(module, low) && inside(target, high) {
                    wrong.push(format!("`{module}` imports `{target}`: {why}"));
                }
            }
        }
    }
    // A circle: a module reached again from itself.
    for start in graph.keys() {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, path)) = stack.pop() {
            for next in graph.get(&module).into_iter().flatten() {
                if next == start {
                    let mut circle = path.clone();
                    circle.push(start.clone());
                    // Each circle once: from its smallest module.
                    if path.iter().min() == Some(start) {
                        wrong.push(format!("a circle of imports: {}", circle.join(" → ")));
                    }
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    wrong
}

#[test]
fn a_circle_or_an_import_up_is_found() {
    let mut all = BTreeMap::new();
    all.insert("base".to_owned(), String::new());
    all.insert("base::a".to_owned(), "use crate::model::Id;".to_owned());
    all.insert("model".to_owned(), "use crate::{base::a, site};".to_owned());
    all.insert("site".to_owned(), String::new());
    all.insert(
        "write::html::views".to_owned(),
        "use super::chart::Bar;".to_owned(),
    );
    all.insert("write::html::chart".to_owned(), String::new());
    all.insert("write::html".to_owned(), "use super::data::X;".to_owned());
    all.insert("write::data".to_owned(), String::new());
    all.insert(
        "write::atom".to_owned(),
        "use crate::write::html::{chart, views::X};".to_owned(),
    );
    assert_eq!(
        imports("base::a", &all["base::a"], &all),
        BTreeSet::from(["model".to_owned()])
    );
    assert_eq!(
        imports("model", &all["model"], &all),
        BTreeSet::from(["base::a".to_owned(), "site".to_owned()])
    );
    assert_eq!(
        imports("write::html::views", &all["write::html::views"], &all),
        BTreeSet::from(["write::html::chart".to_owned()])
    );
    assert_eq!(
        imports("write::html", &all["write::html"], &all),
        BTreeSet::from(["write::data".to_owned()])
    );
    assert_eq!(
        imports("write::atom", &all["write::atom"], &all),
        BTreeSet::from([
            "write::html".to_owned(),
            "write::html::chart".to_owned(),
            "write::html::views".to_owned(),
        ])
    );
    assert!(layer_of("model") > layer_of("site"));
    let graph: BTreeMap<String, BTreeSet<String>> = all
        .iter()
        .map(|(module, code)| (module.clone(), imports(module, code, &all)))
        .collect();
    let found = problems(&graph);
    assert!(
        found.contains(&"`base::a` (leaves) imports `model` (model), a layer above it".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"a circle of imports: base::a → model → base::a".to_owned()),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|f| f.starts_with("`write::html` imports `write::data`")),
        "the pages may use the open data's records"
    );
    let mut apart = graph.clone();
    apart.insert(
        "write::data".to_owned(),
        BTreeSet::from(["write::html".to_owned()]),
    );
    assert!(
        problems(&apart)
            .iter()
            .any(|f| f.starts_with("`write::data` imports `write::html`: the open data")),
        "{:?}",
        problems(&apart)
    );
}
