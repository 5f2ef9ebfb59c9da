//! Severity by the ENISA method ("Recommendations for a methodology of the assessment of
//! severity of personal data breaches", 2013): SE = DPC × EI + CB.
//!
//! - DPC, the data processing context, starts from the most sensitive category of data
//!   breached (simple 1, behavioural 2, financial 3, sensitive 4) and is moved up or down
//!   by documented adjustments (a volume of data, a vulnerable population, data already
//!   public…), the result kept within 1..4;
//! - EI, the ease of identification of the persons: 0.25, 0.5, 0.75 or 1;
//! - CB, the circumstances: loss of confidentiality, integrity and availability each
//!   0, 0.25 or 0.5, plus 0.5 for malicious intent.
//!
//! Bands: low below 2, medium from 2, high from 3, very high from 4. The score is advisory:
//! an override needs a written justification, kept with the computed value.

use serde::{Deserialize, Serialize};

/// ENISA's data categories, from the least to the most sensitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum DpcCategory {
    /// Identity, contact details, education, family life, professional experience.
    Simple,
    /// Location, traffic, habits, preferences.
    Behavioural,
    /// Income, transactions, bank statements, investments, card numbers.
    Financial,
    /// Health, sexual life, political or religious beliefs, racial origin, criminal data.
    Sensitive,
}

impl DpcCategory {
    pub fn base(self) -> u8 {
        match self {
            DpcCategory::Simple => 1,
            DpcCategory::Behavioural => 2,
            DpcCategory::Financial => 3,
            DpcCategory::Sensitive => 4,
        }
    }
}

/// One documented move of the DPC base (ENISA lists them per category: e.g. simple data
/// about a vulnerable population +1; sensitive data already public −1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    /// −3..=+3; the sum is applied, the result kept within 1..=4.
    pub delta: i8,
    pub reason: String,
}

/// As typed: `DELTA:REASON` (`+1:minors`).
impl std::str::FromStr for Adjustment {
    type Err = crate::Refused;

    fn from_str(s: &str) -> Result<Adjustment, crate::Refused> {
        let (delta, reason) = s
            .split_once(':')
            .ok_or_else(|| crate::Refused(format!("{s:?} is not DELTA:REASON")))?;
        let delta: i8 = delta
            .trim()
            .trim_start_matches('+')
            .parse()
            .map_err(|_| crate::Refused(format!("{delta:?} is not a whole number")))?;
        Ok(Adjustment {
            delta,
            reason: reason.trim().to_string(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum EaseOfIdentification {
    Negligible,
    Limited,
    Significant,
    Maximum,
}

impl EaseOfIdentification {
    pub fn value(self) -> f64 {
        match self {
            EaseOfIdentification::Negligible => 0.25,
            EaseOfIdentification::Limited => 0.5,
            EaseOfIdentification::Significant => 0.75,
            EaseOfIdentification::Maximum => 1.0,
        }
    }
}

/// How far one security property was lost: none, limited (0.25: known recipients,
/// recoverable alteration, temporary unavailability) or full (0.5: unknown recipients or
/// publication, irrecoverable alteration, permanent loss).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Loss {
    #[default]
    None,
    Limited,
    Full,
}

impl Loss {
    pub fn value(self) -> f64 {
        match self {
            Loss::None => 0.0,
            Loss::Limited => 0.25,
            Loss::Full => 0.5,
        }
    }
}

/// What the DPO states about a breach to score it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeverityInput {
    pub category: DpcCategory,
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    pub ease_of_identification: EaseOfIdentification,
    #[serde(default)]
    pub confidentiality: Loss,
    #[serde(default)]
    pub integrity: Loss,
    #[serde(default)]
    pub availability: Loss,
    #[serde(default)]
    pub malicious: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Level {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Level {
    pub fn id(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::VeryHigh => "very_high",
        }
    }

    /// ENISA's bands.
    pub fn of(score: f64) -> Level {
        if score < 2.0 {
            Level::Low
        } else if score < 3.0 {
            Level::Medium
        } else if score < 4.0 {
            Level::High
        } else {
            Level::VeryHigh
        }
    }
}

/// The computed score with its components, so that a reader can redo the sum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    pub dpc: u8,
    pub ei: f64,
    pub cb: f64,
    pub score: f64,
    pub level: Level,
}

impl Severity {
    /// The computation as the method writes it, in the reader's numbers:
    /// `5,00 = DPC 4 × EI 1 + CB 0,5`.
    pub fn formula(&self, lang: crate::Lang) -> String {
        format!(
            "{} = DPC {} × EI {} + CB {}",
            lang.decimal(self.score, 2),
            self.dpc,
            lang.number(self.ei),
            lang.number(self.cb)
        )
    }
}

impl SeverityInput {
    pub fn assess(&self) -> Result<Severity, crate::Refused> {
        if let Some(a) = self
            .adjustments
            .iter()
            .find(|a| !(-3..=3).contains(&a.delta))
        {
            return Err(format!("DPC adjustment {} out of -3..=3 ({})", a.delta, a.reason).into());
        }
        if let Some(a) = self.adjustments.iter().find(|a| a.reason.trim().is_empty()) {
            return Err(format!("DPC adjustment {} without a reason", a.delta).into());
        }
        let moved: i32 = i32::from(self.category.base())
            + self
                .adjustments
                .iter()
                .map(|a| i32::from(a.delta))
                .sum::<i32>();
        let dpc = moved.clamp(1, 4) as u8;
        let ei = self.ease_of_identification.value();
        let cb = self.confidentiality.value()
            + self.integrity.value()
            + self.availability.value()
            + if self.malicious { 0.5 } else { 0.0 };
        let score = f64::from(dpc) * ei + cb;
        Ok(Severity {
            dpc,
            ei,
            cb,
            score,
            level: Level::of(score),
        })
    }
}

/// The DPO's decision on the level, when it differs from the computed one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Override {
    pub level: Level,
    pub justification: String,
}
