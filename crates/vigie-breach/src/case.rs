//! The breach case: the facts a DPO records (GDPR Art. 33(3) and 33(5), the regulator's
//! form), checked for consistency before anything is stored.

use crate::error::Refused;
use crate::severity::{Override, Severity, SeverityInput};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Who the organisation is in this breach: it decides which authorities are owed a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Controller {
    /// Medical laboratory: health-sector incident declaration applies.
    Laboratory,
    /// Health establishment (hospital, clinic).
    Hospital,
    /// Social or medico-social establishment (nursing home…).
    MedicoSocial,
    /// Any other controller (a software company processing for itself…).
    Company,
    /// A processor acting for controllers: it must tell them, not the authority.
    Processor,
}

/// The regulator's list of origins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Origin {
    LostOrStolenDevice,
    LostOrStolenPaper,
    Hacking,
    Malware,
    Ransomware,
    Phishing,
    UnintendedPublication,
    WrongRecipient,
    ImproperDisposal,
    UnauthorisedAccessByStaff,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Actor {
    Internal,
    External,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Intent {
    Malicious,
    Accidental,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum PersonCategory {
    Patients,
    Minors,
    VulnerablePersons,
    Staff,
    Practitioners,
    Other,
}

/// Categories of data, as the regulator's form lists them; the scanner's kinds map onto
/// them when evidence is attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum DataCategory {
    Identity,
    Nir,
    Contact,
    Financial,
    Health,
    Genetic,
    Credentials,
    Location,
    Other,
}

/// Confidentiality, integrity, availability: which were breached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nature {
    pub confidentiality: bool,
    pub integrity: bool,
    pub availability: bool,
}

/// As typed: a comma-separated list of `confidentiality`, `integrity`, `availability`.
impl std::str::FromStr for Nature {
    type Err = Refused;

    fn from_str(s: &str) -> Result<Nature, Refused> {
        let mut nature = Nature::default();
        for n in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match n {
                "confidentiality" => nature.confidentiality = true,
                "integrity" => nature.integrity = true,
                "availability" => nature.availability = true,
                other => {
                    return Err(Refused(format!(
                        "{other:?} is not confidentiality, integrity or availability"
                    )));
                }
            }
        }
        Ok(nature)
    }
}

/// One case of the register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Breach {
    /// Assigned by the store (`VIG-2026-0001`).
    #[serde(default)]
    pub reference: String,
    pub title: String,
    pub controller: Controller,
    /// Operator of essential services or essential/important entity under NIS.
    #[serde(default)]
    pub nis_operator: bool,
    /// When the breach began, if known.
    pub occurred_start: Option<Timestamp>,
    /// When it ended; `None` with `ongoing` false means unknown.
    pub occurred_end: Option<Timestamp>,
    #[serde(default)]
    pub ongoing: bool,
    pub discovered: Timestamp,
    /// When the controller became aware: the 72-hour clock starts here.
    pub aware: Timestamp,
    /// When a processor told the controller (which makes it aware).
    pub processor_informed: Option<Timestamp>,
    #[serde(default)]
    pub discovery: String,
    pub nature: Nature,
    pub origin: Origin,
    pub actor: Actor,
    pub intent: Intent,
    #[serde(default)]
    pub processors: Vec<String>,
    #[serde(default)]
    pub persons: Vec<PersonCategory>,
    pub persons_count: Option<u64>,
    #[serde(default)]
    pub data: Vec<DataCategory>,
    pub records_count: Option<u64>,
    #[serde(default)]
    pub medium: String,
    #[serde(default)]
    pub consequences: String,
    #[serde(default)]
    pub measures_taken: String,
    #[serde(default)]
    pub measures_planned: String,
    /// The DPO or contact point: name and contact details.
    pub dpo: String,
    pub severity_input: Option<SeverityInput>,
    pub severity: Option<Severity>,
    pub severity_override: Option<Override>,
}

/// A change as typed: `FIELD=VALUE` (see [`Breach::with_changes`]).
pub fn change(s: &str) -> Result<(String, String), Refused> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .ok_or_else(|| Refused(format!("{s:?} is not FIELD=VALUE")))
}

impl Breach {
    /// The facts with `changes` (field, value as typed) applied through their JSON form,
    /// so every field is editable and checked by the same types as a new case. Fields set
    /// by vigie (reference, severity) are not. Times are read as `time::parse` reads them.
    pub fn with_changes(&self, changes: &[(String, String)]) -> Result<Breach, Refused> {
        use serde_json::Value;
        let mut v = serde_json::to_value(self).map_err(|e| Refused(e.to_string()))?;
        let Value::Object(fields) = &mut v else {
            return Err("case is not an object".into());
        };
        for (key, raw) in changes {
            if matches!(
                key.as_str(),
                "reference" | "severity" | "severity_input" | "severity_override"
            ) {
                return Err(format!("{key}: set by vigie (use assess for the severity)").into());
            }
            let Some(old) = fields.get(key.as_str()) else {
                let known: Vec<&String> = fields.keys().collect();
                return Err(format!("{key}: no such field; fields: {known:?}").into());
            };
            let new = match old {
                _ if raw.trim().is_empty() => Value::Null,
                Value::Array(_) => Value::Array(
                    raw.split(',')
                        .map(|s| Value::String(s.trim().to_string()))
                        .collect(),
                ),
                Value::Bool(_) => Value::Bool(match raw.trim().to_lowercase().as_str() {
                    "true" | "yes" | "oui" | "1" => true,
                    "false" | "no" | "non" | "0" => false,
                    other => return Err(format!("{key}: {other:?} is not yes or no").into()),
                }),
                Value::Object(_) if key == "nature" && !raw.trim_start().starts_with('{') => {
                    let nature: Nature = raw.parse().map_err(|e| Refused(format!("{key}: {e}")))?;
                    serde_json::to_value(nature).map_err(|e| Refused(e.to_string()))?
                }
                Value::Object(_) => serde_json::from_str(raw)
                    .map_err(|e| Refused(format!("{key}: a JSON object is expected: {e}")))?,
                _ if matches!(
                    key.as_str(),
                    "aware"
                        | "discovered"
                        | "occurred_start"
                        | "occurred_end"
                        | "processor_informed"
                ) =>
                {
                    Value::String(
                        crate::time::parse(raw)
                            .map_err(|e| Refused(format!("{key}: {e}")))?
                            .to_string(),
                    )
                }
                _ if matches!(key.as_str(), "persons_count" | "records_count") => Value::from(
                    raw.trim()
                        .parse::<u64>()
                        .map_err(|_| Refused(format!("{key}: {raw:?} is not a count")))?,
                ),
                _ => Value::String(raw.clone()),
            };
            fields.insert(key.clone(), new);
        }
        serde_json::from_value(v).map_err(|e| Refused(e.to_string()))
    }

    /// The facts' consistency, at `now`: every error found, one a line.
    pub fn check(&self, now: Timestamp) -> Result<(), Refused> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push("title: empty".to_string());
        }
        if self.dpo.trim().is_empty() {
            errors.push("dpo: the DPO or contact point is required".to_string());
        }
        let mut future = |name: &str, t: Option<Timestamp>| {
            if let Some(t) = t
                && t > now
            {
                errors.push(format!("{name}: {t} is in the future"));
            }
        };
        future("occurred_start", self.occurred_start);
        future("occurred_end", self.occurred_end);
        future("discovered", Some(self.discovered));
        future("aware", Some(self.aware));
        future("processor_informed", self.processor_informed);
        if let (Some(start), Some(end)) = (self.occurred_start, self.occurred_end)
            && end < start
        {
            errors.push(format!(
                "occurred_end: {end} is before occurred_start {start}"
            ));
        }
        if self.ongoing && self.occurred_end.is_some() {
            errors.push("ongoing: an ongoing breach has no end".to_string());
        }
        if let Some(start) = self.occurred_start {
            for (name, t) in [("discovered", self.discovered), ("aware", self.aware)] {
                if t < start {
                    errors.push(format!("{name}: {t} is before the breach began ({start})"));
                }
            }
        }
        if self.aware < self.discovered {
            errors.push(format!(
                "aware: {} is before the breach was discovered ({})",
                self.aware, self.discovered
            ));
        }
        if let Some(p) = self.processor_informed
            && p > self.aware
        {
            errors.push(format!(
                "aware: a processor's notice ({p}) makes the controller aware; aware ({}) cannot be later",
                self.aware
            ));
        }
        if !(self.nature.confidentiality || self.nature.integrity || self.nature.availability) {
            errors.push(
                "nature: at least one of confidentiality, integrity, availability".to_string(),
            );
        }
        if let Some(o) = &self.severity_override
            && o.justification.trim().is_empty()
        {
            errors.push("severity_override: a written justification is required".to_string());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Refused(errors.join("\n")))
        }
    }

    /// The level that counts: the DPO's override, else the computed one.
    pub fn level(&self) -> Option<crate::severity::Level> {
        self.severity_override
            .as_ref()
            .map(|o| o.level)
            .or(self.severity.as_ref().map(|s| s.level))
    }
}
