//! vigie-detect owns what counts as personal or health data: the kinds and their stable
//! ids, the validators (NIR key, Luhn, IBAN mod 97, …), the rules and vocabularies (data
//! files embedded from `rules/` and `data/`, each rule with examples and counter-examples),
//! column classification; and the means of handling such data safely: masking, HTML
//! escaping, keyed fingerprints and sealing at rest (`crypt`, shared by the breach
//! register and the link index).
//!
//! It reads no files and knows nothing of formats or reports: callers hand it a cell or a
//! line of text and get [`Match`]es back. It depends on nothing else in vigie.

mod blocks;
mod cell;
pub mod column;
pub mod crypt;
pub mod fingerprint;
pub mod fold;
mod keywords;
pub mod kind;
mod lang;
pub mod mask;
pub mod rules;
mod text;
pub mod validate;

pub use column::ColumnClass;
pub use fingerprint::{Fingerprint, FingerprintKey};
pub use kind::{Category, Confidence, Kind, Match};
pub use lang::{Lang, thousands};
pub use mask::mask;

/// Fast hashing for the name and code lists: looked up for every name-like word.
pub(crate) type HashSet<T> = rustc_hash::FxHashSet<T>;

/// Matches found in one piece of text, with the scratch space reused between calls so the
/// hot loop allocates nothing.
#[derive(Default)]
pub struct Matches {
    pub items: Vec<Match>,
    keywords: Vec<keywords::Keyword>,
    emails: Vec<(usize, usize)>,
}

impl Matches {
    pub fn clear(&mut self) {
        self.items.clear();
        self.keywords.clear();
        self.emails.clear();
    }
}

/// The compiled rules. Build once (it parses the embedded files and builds the keyword
/// automaton, a few tens of milliseconds) and share between threads.
pub struct Detector {
    keywords: keywords::Keywords,
    first_names: HashSet<String>,
    surnames: HashSet<String>,
    medications: HashSet<String>,
    icd10: HashSet<String>,
    not_names: HashSet<String>,
    particles: HashSet<String>,
    lab_headers: Vec<String>,
    headers: column::HeaderVocabulary,
    rules: Vec<rules::KindRule>,
}

impl Detector {
    pub fn new() -> Result<Detector, rules::RuleError> {
        let kind_rules = rules::kind_rules()?;
        let vocabulary = rules::vocabulary()?;
        let upper = |s: &str| crate::fold::name_key(s);
        let set = |text: &str| rules::list_entries(text).map(upper).collect::<HashSet<_>>();
        let medications = set(rules::MEDICATIONS);
        let keywords = keywords::Keywords::build(&kind_rules, &vocabulary, &medications)?;
        Ok(Detector {
            keywords,
            first_names: set(rules::FIRST_NAMES),
            surnames: set(rules::SURNAMES),
            medications,
            icd10: rules::list_entries(rules::ICD10_CODES)
                .map(str::to_string)
                .collect(),
            // A civility after a keyword ("Patient : Mme Durand") is not part of the name;
            // the civility's own match reads the name.
            not_names: vocabulary
                .not_names
                .iter()
                .chain(&vocabulary.civilities)
                .map(|s| fold::fold(s).trim_end_matches('.').to_string())
                .collect(),
            particles: vocabulary
                .name_particles
                .iter()
                .map(|s| fold::fold(s))
                .collect(),
            lab_headers: vocabulary
                .lab_tests
                .iter()
                .filter(|t| t.chars().count() > 3)
                .map(|t| fold::fold(t).replace(['-', '\''], " "))
                .collect(),
            headers: column::HeaderVocabulary::new(rules::column_rules()?),
            rules: kind_rules,
        })
    }

    /// The rule of a kind (names in French and English, validator, keywords).
    pub fn rule(&self, kind: Kind) -> Option<&rules::KindRule> {
        self.rules.iter().find(|r| r.kind() == Some(kind))
    }

    pub fn rules(&self) -> &[rules::KindRule] {
        &self.rules
    }
}
