//! The embedded rule files (`rules/*.toml`) and reference lists (`data/*.txt`), parsed once.

use crate::column::ColumnClass;
use crate::kind::{Category, Kind};
use serde::Deserialize;

pub const KINDS_TOML: &str = include_str!("../rules/kinds.toml");
pub const VOCABULARY_TOML: &str = include_str!("../rules/vocabulary.toml");
pub const COLUMNS_TOML: &str = include_str!("../rules/columns.toml");

pub const FIRST_NAMES: &str = include_str!("../data/first_names.txt");
pub const SURNAMES: &str = include_str!("../data/surnames.txt");
pub const MEDICATIONS: &str = include_str!("../data/medications.txt");
pub const ICD10_CODES: &str = include_str!("../data/icd10_codes.txt");

/// One kind's rule: its names, validator description, context keywords and the examples
/// and counter-examples that the tests run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRule {
    pub id: String,
    pub category: Category,
    pub name_fr: String,
    pub name_en: String,
    pub validator: String,
    pub keywords: Vec<String>,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
}

impl KindRule {
    pub fn kind(&self) -> Option<Kind> {
        Kind::from_id(&self.id)
    }
}

#[derive(Debug, Deserialize)]
struct KindsFile {
    kind: Vec<KindRule>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub civilities: Vec<String>,
    pub street_types: Vec<String>,
    pub not_names: Vec<String>,
    pub technical_labels: Vec<String>,
    pub name_particles: Vec<String>,
    pub lab_tests: Vec<String>,
    pub health_terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnRule {
    pub id: ColumnClass,
    pub names: Vec<String>,
    pub words: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct ColumnsFile {
    class: Vec<ColumnRule>,
}

/// Parse errors here are bugs in the shipped files, caught by the tests; the message
/// names the file so a controller who edits a copy knows where to look.
#[derive(Debug)]
pub struct RuleError(pub String);

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RuleError {}

/// A kind's name in the reader's language, from its id (`nir` → "Numéro de sécurité
/// sociale (NIR / matricule INS)"); the rules are read once, for pages that name kinds
/// without a detector.
pub fn kind_name(id: &str, lang: crate::Lang) -> Option<&'static str> {
    static RULES: std::sync::LazyLock<Vec<KindRule>> =
        std::sync::LazyLock::new(|| kind_rules().unwrap_or_default());
    RULES
        .iter()
        .find(|r| r.id == id)
        .map(|r| lang.pick(&r.name_fr, &r.name_en))
}

pub fn kind_rules() -> Result<Vec<KindRule>, RuleError> {
    let file: KindsFile =
        toml::from_str(KINDS_TOML).map_err(|e| RuleError(format!("rules/kinds.toml: {e}")))?;
    for rule in &file.kind {
        let kind = rule
            .kind()
            .ok_or_else(|| RuleError(format!("rules/kinds.toml: unknown kind id {:?}", rule.id)))?;
        if kind.category() != rule.category {
            return Err(RuleError(format!(
                "rules/kinds.toml: kind {} has category {:?}, the code says {:?}",
                rule.id,
                rule.category,
                kind.category()
            )));
        }
    }
    Ok(file.kind)
}

pub fn vocabulary() -> Result<Vocabulary, RuleError> {
    toml::from_str(VOCABULARY_TOML).map_err(|e| RuleError(format!("rules/vocabulary.toml: {e}")))
}

pub fn column_rules() -> Result<Vec<ColumnRule>, RuleError> {
    let file: ColumnsFile =
        toml::from_str(COLUMNS_TOML).map_err(|e| RuleError(format!("rules/columns.toml: {e}")))?;
    Ok(file.class)
}

/// The entries of a list file: one per line, `#` lines are provenance comments.
pub fn list_entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
