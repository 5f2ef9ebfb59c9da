//! Table cells: the column's class decides what a valid cell is; anything the class does
//! not explain is searched as free text, so a stray e-mail in a comment column or a
//! NIR in a column named `ref` is still found.

use crate::column::ColumnClass;
use crate::fold::name_key;
use crate::kind::{Confidence, Kind, Match};
use crate::validate;
use crate::{Detector, Matches};

impl Detector {
    /// Detects what one table cell holds, given its column's class.
    pub fn scan_cell(&self, value: &str, class: Option<ColumnClass>, out: &mut Matches) {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return;
        }
        let start = value.len() - value.trim_start().len();
        if let Some(class) = class {
            if let Some((kind, confidence, normalized)) = self.typed_cell(trimmed, class) {
                out.items.push(Match {
                    kind,
                    confidence,
                    start,
                    end: start + trimmed.len(),
                    normalized,
                });
                return;
            }
            if class.skips_text() {
                return;
            }
            if class.weak() {
                let before = out.items.len();
                self.scan_text(value, Some(class), out);
                // Patient identifiers are often the NIR itself (HPRIM P-5, "identifiant"
                // columns): a whole cell that is a valid NIR counts there, not in a
                // technical column, where a 15-digit number passes the key one time in 97.
                let identifier_nir = |m: &Match| {
                    class == ColumnClass::Identifier
                        && m.kind == Kind::Nir
                        && m.start == start
                        && m.end == start + trimmed.len()
                };
                let mut i = before;
                while i < out.items.len() {
                    if out.items[i].confidence < Confidence::Certain
                        && !identifier_nir(&out.items[i])
                    {
                        out.items.remove(i);
                    } else {
                        i += 1;
                    }
                }
                return;
            }
        }
        self.scan_text(value, class, out);
    }

    /// A NIR split over two columns: the 13-character body and its key beside it.
    pub fn nir_from_parts(&self, body: &str, key: &str) -> Option<String> {
        let mut v = compact(body);
        v.push_str(key.trim());
        validate::nir(v.as_bytes()).then_some(v)
    }

    fn typed_cell(&self, v: &str, class: ColumnClass) -> Option<(Kind, Confidence, String)> {
        let certain = |k: Kind, n: String| Some((k, Confidence::Certain, n));
        match class {
            ColumnClass::Nir => {
                let c = compact(v);
                validate::nir(c.as_bytes()).then_some((Kind::Nir, Confidence::Certain, c))
            }
            ColumnClass::LastName
            | ColumnClass::FirstName
            | ColumnClass::FullName
            | ColumnClass::Practitioner => {
                let name_like = v.chars().any(char::is_alphabetic)
                    && v.chars().all(|c| c.is_alphabetic() || " -'.".contains(c))
                    && v.chars().count() <= 80;
                if !name_like {
                    return None;
                }
                let key = name_key(v);
                let confidence = if self.is_known_name(&key) {
                    Confidence::Certain
                } else {
                    Confidence::Likely
                };
                Some((Kind::PersonName, confidence, key))
            }
            ColumnClass::BirthDate => {
                let d = validate::parse_date(v)?;
                d.plausible_birth()
                    .then(|| (Kind::BirthDate, Confidence::Certain, d.iso()))
            }
            ColumnClass::Phone => {
                let (plus, digits) = phone_digits(v)?;
                if let Some(e164) = validate::french_phone_e164(plus, digits.as_bytes()) {
                    return certain(Kind::Phone, e164);
                }
                if plus && validate::e164(digits.as_bytes()) {
                    return certain(Kind::Phone, format!("+{digits}"));
                }
                // A spreadsheet that stored the number as a number dropped its leading
                // zero: nine digits in a phone column are a French number.
                let nine = !plus && digits.len() == 9 && !digits.starts_with('0');
                nine.then(|| (Kind::Phone, Confidence::Likely, format!("+33{digits}")))
            }
            ColumnClass::Address => {
                let ok = v.chars().filter(|c| c.is_alphabetic()).count() >= 3;
                ok.then(|| (Kind::PostalAddress, Confidence::Certain, name_key(v)))
            }
            ColumnClass::Iban => {
                let c = compact(v).to_ascii_uppercase();
                validate::iban(c.as_bytes()).then_some((Kind::Iban, Confidence::Certain, c))
            }
            ColumnClass::Card => digit_check(v, Kind::PaymentCard, validate::payment_card),
            ColumnClass::Rpps => digit_check(v, Kind::Rpps, validate::rpps),
            ColumnClass::Adeli => digit_check(v, Kind::Adeli, validate::adeli),
            ColumnClass::Finess => {
                let c = compact(v).to_ascii_uppercase();
                validate::finess(c.as_bytes()).then_some((Kind::Finess, Confidence::Certain, c))
            }
            ColumnClass::Siren => digit_check(v, Kind::Siren, validate::siren),
            ColumnClass::Siret => digit_check(v, Kind::Siret, validate::siret),
            ColumnClass::Icd10 => {
                let code: String = v
                    .chars()
                    .filter(|c| *c != '.')
                    .collect::<String>()
                    .to_ascii_uppercase();
                self.is_icd10(&code)
                    .then_some((Kind::Icd10, Confidence::Certain, code))
            }
            ColumnClass::LabTest => v
                .chars()
                .any(char::is_alphabetic)
                .then(|| (Kind::LabResult, Confidence::Certain, crate::fold::fold(v))),
            ColumnClass::LabValue => {
                is_measurement(v).then(|| (Kind::LabResult, Confidence::Certain, v.to_string()))
            }
            ColumnClass::Medication => {
                let key = name_key(v);
                let confidence = if self.is_medication(&key) {
                    Confidence::Certain
                } else {
                    Confidence::Likely
                };
                Some((Kind::Medication, confidence, key))
            }
            ColumnClass::Password => certain(Kind::Password, v.to_string()),
            ColumnClass::Email => {
                let e = crate::text::whole_email(v)?;
                certain(Kind::Email, e)
            }
            ColumnClass::NirKey
            | ColumnClass::OtherDate
            | ColumnClass::Postcode
            | ColumnClass::City
            | ColumnClass::FreeText
            | ColumnClass::Sex
            | ColumnClass::Identifier
            | ColumnClass::Technical => None,
        }
    }
}

/// A test result as written: an optional comparator, a number of at most 8 digits, an
/// optional unit ("< 0,5", "7.2 %", "1,32 g/L"), or a qualitative result. Anything with
/// more digits is an identifier, not a measurement.
fn is_measurement(v: &str) -> bool {
    let v = v.trim_start_matches(['<', '>', '≤', '≥', '=', ' ']);
    let digits = v
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect::<String>();
    let n = digits.chars().filter(char::is_ascii_digit).count();
    if n == 0 {
        let folded = crate::fold::fold(v);
        return ["positi", "negati", "detect", "indetect", "normal"]
            .iter()
            .any(|q| folded.starts_with(q));
    }
    let unit = v[digits.len()..].trim();
    n <= 8
        && unit.chars().count() <= 10
        && unit
            .chars()
            .all(|c| c.is_alphabetic() || "/%µ.^ 0123456789".contains(c))
}

/// Without spaces, dots and dashes: how identifiers are compared.
fn compact(v: &str) -> String {
    v.chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .collect()
}

fn digit_check(
    v: &str,
    kind: Kind,
    valid: fn(&[u8]) -> bool,
) -> Option<(Kind, Confidence, String)> {
    let c = compact(v);
    valid(c.as_bytes()).then_some((kind, Confidence::Certain, c))
}

fn phone_digits(v: &str) -> Option<(bool, String)> {
    let v = v.trim();
    let plus = v.starts_with('+');
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let only_phone_chars = v
        .chars()
        .all(|c| c.is_ascii_digit() || " .-+()/".contains(c));
    only_phone_chars.then_some((plus, digits))
}
