//! What a table column holds, from its header and, when the header says nothing, from a
//! sample of its values.

use crate::Detector;
use crate::fold::fold_header;
use crate::kind::Kind;
use serde::{Deserialize, Serialize};

/// A column's class. It is context for every cell below it: a 9-digit number in a
/// `finess` column is a FINESS number, the same number in a comment is nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnClass {
    Nir,
    NirKey,
    LastName,
    FirstName,
    FullName,
    /// A doctor's, nurse's or biologist's name on a patient's row: personal data, but
    /// not the patient's identity.
    Practitioner,
    BirthDate,
    OtherDate,
    Phone,
    Email,
    Address,
    Postcode,
    City,
    Iban,
    Card,
    Rpps,
    Adeli,
    Finess,
    Siren,
    Siret,
    Icd10,
    LabTest,
    LabValue,
    Medication,
    FreeText,
    Password,
    Sex,
    Identifier,
    /// Codes, amounts, barcodes, orders: no personal data expected.
    Technical,
}

impl ColumnClass {
    /// The kind a valid cell of this column is, when there is one.
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            ColumnClass::Nir => Kind::Nir,
            ColumnClass::LastName
            | ColumnClass::FirstName
            | ColumnClass::FullName
            | ColumnClass::Practitioner => Kind::PersonName,
            ColumnClass::BirthDate => Kind::BirthDate,
            ColumnClass::Phone => Kind::Phone,
            ColumnClass::Email => Kind::Email,
            ColumnClass::Address => Kind::PostalAddress,
            ColumnClass::Iban => Kind::Iban,
            ColumnClass::Card => Kind::PaymentCard,
            ColumnClass::Rpps => Kind::Rpps,
            ColumnClass::Adeli => Kind::Adeli,
            ColumnClass::Finess => Kind::Finess,
            ColumnClass::Siren => Kind::Siren,
            ColumnClass::Siret => Kind::Siret,
            ColumnClass::Icd10 => Kind::Icd10,
            ColumnClass::LabTest | ColumnClass::LabValue => Kind::LabResult,
            ColumnClass::Medication => Kind::Medication,
            ColumnClass::Password => Kind::Password,
            _ => return None,
        })
    }

    /// Columns named for something else (ids, barcodes, orders) whose cells only count when
    /// a value is certain, and whose class the values may override.
    pub fn weak(self) -> bool {
        matches!(self, ColumnClass::Identifier | ColumnClass::Technical)
    }

    /// Columns whose cells are never worth a free-text search (codes, sexes, postcodes,
    /// non-birth dates, barcodes and amounts): skipping them is both faster and avoids
    /// noise. (A technical column whose values are NIRs is reclassified from its values.)
    pub fn skips_text(self) -> bool {
        matches!(
            self,
            ColumnClass::Technical
                | ColumnClass::NirKey
                | ColumnClass::OtherDate
                | ColumnClass::Postcode
                | ColumnClass::City
                | ColumnClass::Sex
        )
    }
}

/// Header vocabulary, compiled from `rules/columns.toml`.
pub(crate) struct HeaderVocabulary {
    names: std::collections::HashMap<String, ColumnClass>,
    words: Vec<(Vec<String>, ColumnClass)>,
}

impl HeaderVocabulary {
    pub(crate) fn new(rules: Vec<crate::rules::ColumnRule>) -> HeaderVocabulary {
        let mut names = std::collections::HashMap::new();
        let mut words = Vec::new();
        for rule in rules {
            for n in rule.names {
                names.entry(fold_header(&n)).or_insert(rule.id);
            }
            for w in rule.words {
                words.push((w, rule.id));
            }
        }
        HeaderVocabulary { names, words }
    }
}

impl Detector {
    /// The class a header names, if any (`N° SS` → nir, `Tél.` → phone, `DDN` → birth date).
    pub fn classify_header(&self, header: &str) -> Option<ColumnClass> {
        let folded = fold_header(header);
        if folded.is_empty() {
            return None;
        }
        if let Some(&c) = self.headers.names.get(&folded) {
            return Some(c);
        }
        // A column named after a test ("Glycémie (g/L)") holds that test's results.
        let spaced = folded.replace('_', " ");
        if self
            .lab_headers
            .iter()
            .any(|t| spaced.starts_with(t.as_str()))
        {
            return Some(ColumnClass::LabValue);
        }
        let header_words: Vec<&str> = folded.split('_').collect();
        self.headers
            .words
            .iter()
            .find(|(need, _)| need.iter().all(|w| header_words.contains(&w.as_str())))
            .map(|&(_, c)| c)
    }

    /// The class that most of a column's sampled values agree on, from the values alone
    /// (used when the header is absent or unknown). Needs a clear majority of the
    /// non-empty values so that one stray number does not label a column.
    pub fn classify_values<'a>(
        &self,
        values: impl IntoIterator<Item = &'a str>,
    ) -> Option<ColumnClass> {
        let mut counts: std::collections::HashMap<ColumnClass, usize> = Default::default();
        let mut total = 0usize;
        let mut found = crate::Matches::default();
        for v in values {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            total += 1;
            found.clear();
            self.scan_text(v, None, &mut found);
            let whole = found
                .items
                .iter()
                .find(|m| m.start == 0 && m.end >= v.len().saturating_sub(1));
            let class = match whole.map(|m| m.kind) {
                Some(Kind::Nir) => Some(ColumnClass::Nir),
                Some(Kind::Email) => Some(ColumnClass::Email),
                Some(Kind::Phone) => Some(ColumnClass::Phone),
                Some(Kind::Iban) => Some(ColumnClass::Iban),
                Some(Kind::PaymentCard) => Some(ColumnClass::Card),
                _ => None,
            };
            if let Some(c) = class {
                *counts.entry(c).or_default() += 1;
            } else {
                // Many surnames are also first names (Martin, Thomas): a value counts for
                // each list it is in, and the column goes to the list that explains most.
                let (first, last) = self.name_lists(v);
                if first {
                    *counts.entry(ColumnClass::FirstName).or_default() += 1;
                }
                if last {
                    *counts.entry(ColumnClass::LastName).or_default() += 1;
                }
            }
        }
        let (class, n) = counts.into_iter().max_by_key(|&(_, n)| n)?;
        (total >= 3 && n * 10 >= total * 6).then_some(class)
    }

    /// Whether every word of a value is in the INSEE first-name list, and in the surname list.
    pub fn name_lists(&self, v: &str) -> (bool, bool) {
        let key = crate::fold::name_key(v);
        if key.is_empty() || key.bytes().any(|b| b.is_ascii_digit()) {
            return (false, false);
        }
        (
            key.split(' ').all(|w| self.first_names.contains(w)),
            key.split(' ').all(|w| self.surnames.contains(w)),
        )
    }
}
