use serde::{Deserialize, Serialize};

/// A kind of personal or health data. The snake_case id is stable: reports, the breach
/// register and the rules file use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Nir,
    Rpps,
    Adeli,
    Finess,
    Siren,
    Siret,
    Iban,
    PaymentCard,
    Phone,
    Email,
    BirthDate,
    PersonName,
    PostalAddress,
    LabResult,
    Icd10,
    Medication,
    HealthTerm,
    Password,
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Kind::Nir,
        Kind::Rpps,
        Kind::Adeli,
        Kind::Finess,
        Kind::Siren,
        Kind::Siret,
        Kind::Iban,
        Kind::PaymentCard,
        Kind::Phone,
        Kind::Email,
        Kind::BirthDate,
        Kind::PersonName,
        Kind::PostalAddress,
        Kind::LabResult,
        Kind::Icd10,
        Kind::Medication,
        Kind::HealthTerm,
        Kind::Password,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Nir => "nir",
            Kind::Rpps => "rpps",
            Kind::Adeli => "adeli",
            Kind::Finess => "finess",
            Kind::Siren => "siren",
            Kind::Siret => "siret",
            Kind::Iban => "iban",
            Kind::PaymentCard => "payment_card",
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::BirthDate => "birth_date",
            Kind::PersonName => "person_name",
            Kind::PostalAddress => "postal_address",
            Kind::LabResult => "lab_result",
            Kind::Icd10 => "icd10",
            Kind::Medication => "medication",
            Kind::HealthTerm => "health_term",
            Kind::Password => "password",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn category(self) -> Category {
        match self {
            Kind::Nir | Kind::BirthDate | Kind::PersonName => Category::Identity,
            Kind::Rpps | Kind::Adeli | Kind::Finess | Kind::Siren | Kind::Siret => {
                Category::Professional
            }
            Kind::Iban | Kind::PaymentCard => Category::Financial,
            Kind::Phone | Kind::Email | Kind::PostalAddress => Category::Contact,
            Kind::LabResult | Kind::Icd10 | Kind::Medication | Kind::HealthTerm => Category::Health,
            Kind::Password => Category::Credentials,
        }
    }

    pub fn is_health(self) -> bool {
        self.category() == Category::Health
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Data categories as the breach register counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Identity,
    Contact,
    Financial,
    Professional,
    Health,
    Credentials,
}

/// How sure a finding is: the validator alone, or with a keyword or a column that agrees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Confidence {
    Possible,
    Likely,
    Certain,
}

impl Confidence {
    pub fn id(self) -> &'static str {
        match self {
            Confidence::Possible => "possible",
            Confidence::Likely => "likely",
            Confidence::Certain => "certain",
        }
    }

    /// How sure, as the reader of a report says it.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Confidence::Possible => lang.pick("possible", "possible"),
            Confidence::Likely => lang.pick("probable", "likely"),
            Confidence::Certain => lang.pick("certaine", "certain"),
        }
    }

    pub fn from_id(id: &str) -> Option<Confidence> {
        [
            Confidence::Possible,
            Confidence::Likely,
            Confidence::Certain,
        ]
        .into_iter()
        .find(|c| c.id() == id)
    }
}

/// One detected value: its kind, how sure, where in the scanned text (byte offsets), and
/// its normalised form (digits only, E.164, lower-case e-mail, ISO date…), which is what
/// gets fingerprinted and is never written out unless the user asks to reveal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub kind: Kind,
    pub confidence: Confidence,
    pub start: usize,
    pub end: usize,
    pub normalized: String,
}
