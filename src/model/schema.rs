//! JSON Schemas of the content files, for editors that complete fields and mark errors
//! as staff type. schemars makes them from the very types serde reads, so a field added
//! to the model is in its schema, and an unknown field is an error in both.
//!
//! The schemas say what one file may hold; what needs the whole site (a target's
//! indicator exists, a deadline follows the plan's date) is for `tiendo check` alone.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use super::{IndicatorFile, JurisdictionFile, PlanFile, ProgramFile, SiteConfig, UpdateFile};

/// A kind of content file: what its schema is named after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Site,
    Indicator,
    Program,
    Jurisdiction,
    Plan,
    Update,
}

impl FileKind {
    pub const ALL: [FileKind; 6] = [
        FileKind::Site,
        FileKind::Indicator,
        FileKind::Program,
        FileKind::Jurisdiction,
        FileKind::Plan,
        FileKind::Update,
    ];

    /// `site`, `indicator`, ...: the schema's file is `<name>.schema.json`.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Site => "site",
            FileKind::Indicator => "indicator",
            FileKind::Program => "program",
            FileKind::Jurisdiction => "jurisdiction",
            FileKind::Plan => "plan",
            FileKind::Update => "update",
        }
    }

    /// What the file is, in the schema's title: editors show it on hover.
    fn title(self) -> &'static str {
        match self {
            FileKind::Site => "site.yaml: the site's title, languages and address",
            FileKind::Indicator => "content/indicators/<id>.yaml: what is measured",
            FileKind::Program => "content/programs/<id>.yaml: a national policy",
            FileKind::Jurisdiction => "_index.yaml of a jurisdiction's folder under content/",
            FileKind::Plan => "The front matter of a plan, plans/<id>.md",
            FileKind::Update => "The front matter of a progress report, updates/<id>.md",
        }
    }

    /// The schema, in draft 7: the version editors' YAML support reads best.
    pub fn schema(self) -> Schema {
        let mut schema = match self {
            FileKind::Site => root::<SiteConfig>(),
            FileKind::Indicator => root::<IndicatorFile>(),
            FileKind::Program => root::<ProgramFile>(),
            FileKind::Jurisdiction => root::<JurisdictionFile>(),
            FileKind::Plan => root::<PlanFile>(),
            FileKind::Update => root::<UpdateFile>(),
        };
        schema.insert("title".to_owned(), self.title().into());
        schema
    }
}

fn root<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused_and_required_ones_named() {
        let schema = FileKind::Update.schema();
        let value = schema.as_value();
        assert_eq!(value["additionalProperties"], false);
        let required: Vec<&str> = value["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(required, ["date", "title", "sources"]);
        // A plan's targets are each a target, with its own fields checked.
        let plan = FileKind::Plan.schema();
        let target = &plan.as_value()["definitions"]["Target"];
        assert_eq!(target["additionalProperties"], false);
    }
}
