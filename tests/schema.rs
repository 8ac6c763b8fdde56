//! `tiendo schema`: one JSON Schema per kind of content file and for the UI strings,
//! written whole and the same every time. That real content validates against them is
//! checked with Python's jsonschema in .ci/run (tests/data/check_editor_schemas.py).

use std::fs;

use assert_cmd::Command;

const KINDS: [&str; 7] = [
    "site",
    "indicator",
    "program",
    "jurisdiction",
    "plan",
    "update",
    "ui-strings",
];

fn schema(dir: &std::path::Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("tiendo")
        .expect("the tiendo binary")
        .arg("schema")
        .arg(dir)
        .assert()
}

#[test]
fn writes_one_schema_per_kind_the_same_each_time() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folder = dir.path().join("schemas");
    let printed = schema(&folder).success().get_output().stdout.clone();
    let printed = String::from_utf8(printed).expect("UTF-8");
    let mut names: Vec<String> = fs::read_dir(&folder)
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut expected: Vec<String> = KINDS.iter().map(|k| format!("{k}.schema.json")).collect();
    expected.sort();
    assert_eq!(names, expected, "nothing else is left in the folder");
    assert_eq!(printed.lines().count(), KINDS.len(), "{printed}");

    let first: Vec<Vec<u8>> = KINDS
        .iter()
        .map(|k| fs::read(folder.join(format!("{k}.schema.json"))).expect("a schema"))
        .collect();
    for (kind, bytes) in KINDS.iter().zip(&first) {
        let value: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        assert_eq!(
            value["$schema"], "http://json-schema.org/draft-07/schema#",
            "{kind}"
        );
        assert!(value["title"].is_string(), "{kind} has a title");
    }
    schema(&folder).success();
    let again: Vec<Vec<u8>> = KINDS
        .iter()
        .map(|k| fs::read(folder.join(format!("{k}.schema.json"))).expect("a schema"))
        .collect();
    assert_eq!(first, again, "the same schemas, byte for byte");
}

#[test]
fn the_schemas_are_the_loader_s_fields_with_their_help() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    schema(dir.path()).success();
    let read = |kind: &str| -> serde_json::Value {
        let text = fs::read(dir.path().join(format!("{kind}.schema.json"))).expect("a schema");
        serde_json::from_slice(&text).expect("JSON")
    };
    let plan = read("plan");
    let task = &plan["definitions"]["Task"];
    assert_eq!(task["additionalProperties"], false);
    let status = &plan["definitions"]["DeclaredStatus"]["enum"];
    assert_eq!(
        status,
        &serde_json::json!(["not_started", "in_progress", "done", "blocked", "cancelled"])
    );
    assert!(
        task["properties"]["lead"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("leads")),
        "each field says what to write: {task}"
    );
    let strings = read("ui-strings");
    assert!(strings["properties"]["deadlines"].is_object());
}

#[test]
fn a_folder_that_cannot_be_written_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("taken");
    fs::write(&file, "a file, not a folder").expect("a file");
    let output = schema(&file).failure().get_output().stderr.clone();
    let output = String::from_utf8(output).expect("UTF-8");
    assert!(output.contains("taken"), "{output}");
}
