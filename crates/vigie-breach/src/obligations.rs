//! What a breach owes, to whom, by when: derived from its severity, its data, the
//! controller's type and NIS status, and the DPO's recorded decisions. Nothing here is
//! stored: obligations are recomputed from the case, so a corrected fact moves every
//! deadline that depends on it.

use crate::Lang;
use crate::case::{Breach, Controller, Intent};
use crate::labels::Labels;
use crate::severity::Level;
use crate::time::{local, paris};
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Recipient {
    /// The supervisory authority (CNIL), GDPR Art. 33.
    SupervisoryAuthority,
    /// The persons concerned, GDPR Art. 34.
    DataSubjects,
    /// The health-sector incident portal (CSP L.1111-8-2), for laboratories and health and
    /// medico-social establishments.
    HealthPortal,
    /// NIS: early warning to the national security agency (24 h).
    NisEarlyWarning,
    /// NIS: incident notification (72 h).
    NisNotification,
    /// NIS: final report (one month).
    NisFinalReport,
    /// A processor's controllers, GDPR Art. 33(2).
    Controllers,
    /// ANSSI's CERT-FR, told of a cyberattack: recommended to every health controller
    /// attacked, not owed (no clock) outside NIS.
    CertFr,
}

impl Recipient {
    pub const ALL: [Recipient; 8] = [
        Recipient::SupervisoryAuthority,
        Recipient::DataSubjects,
        Recipient::HealthPortal,
        Recipient::NisEarlyWarning,
        Recipient::NisNotification,
        Recipient::NisFinalReport,
        Recipient::Controllers,
        Recipient::CertFr,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Recipient::SupervisoryAuthority => "supervisory_authority",
            Recipient::DataSubjects => "data_subjects",
            Recipient::HealthPortal => "health_portal",
            Recipient::NisEarlyWarning => "nis_early_warning",
            Recipient::NisNotification => "nis_notification",
            Recipient::NisFinalReport => "nis_final_report",
            Recipient::Controllers => "controllers",
            Recipient::CertFr => "cert_fr",
        }
    }

    pub fn parse(s: &str) -> Option<Recipient> {
        Recipient::ALL.into_iter().find(|r| r.id() == s)
    }

    /// Who, in English and French.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Recipient::SupervisoryAuthority => (
                "Supervisory authority (CNIL)",
                "Autorité de contrôle (CNIL)",
            ),
            Recipient::DataSubjects => ("Persons concerned", "Personnes concernées"),
            Recipient::HealthPortal => (
                "Health-sector incident portal",
                "Portail de signalement des incidents de sécurité des SI de santé",
            ),
            Recipient::NisEarlyWarning => {
                ("ANSSI: early warning (NIS)", "ANSSI : alerte précoce (NIS)")
            }
            Recipient::NisNotification => (
                "ANSSI: incident notification (NIS)",
                "ANSSI : notification d'incident (NIS)",
            ),
            Recipient::NisFinalReport => {
                ("ANSSI: final report (NIS)", "ANSSI : rapport final (NIS)")
            }
            Recipient::Controllers => (
                "The controllers (as processor)",
                "Les responsables de traitement (en tant que sous-traitant)",
            ),
            Recipient::CertFr => (
                "ANSSI (CERT-FR): incident report",
                "ANSSI (CERT-FR) : signalement de l'incident",
            ),
        }
    }

    /// The law that owes it, as a reader of `lang` cites it.
    pub fn basis(self, lang: Lang) -> &'static str {
        match self {
            Recipient::SupervisoryAuthority => lang.pick("RGPD, art. 33(1)", "GDPR Art. 33(1)"),
            Recipient::DataSubjects => lang.pick("RGPD, art. 34", "GDPR Art. 34"),
            Recipient::HealthPortal => lang.pick(
                "Code de la santé publique, art. L.1111-8-2",
                "French Public Health Code, Art. L.1111-8-2",
            ),
            Recipient::NisEarlyWarning | Recipient::NisNotification | Recipient::NisFinalReport => {
                lang.pick("Directive NIS 2, art. 23", "NIS 2 Directive Art. 23")
            }
            Recipient::Controllers => lang.pick("RGPD, art. 33(2)", "GDPR Art. 33(2)"),
            Recipient::CertFr => lang.pick(
                "Recommandation de l'ANSSI après une cyberattaque (pas une obligation légale hors NIS)",
                "ANSSI's recommendation after a cyberattack (not a legal duty outside NIS)",
            ),
        }
    }
}

/// The three Art. 34(3) grounds for not telling the persons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Exemption {
    /// (a) the data were unintelligible to anyone not authorised (encryption).
    Unintelligible,
    /// (b) later measures ensure the high risk is no longer likely.
    RiskNoLongerLikely,
    /// (c) individual notices would involve disproportionate effort: a public
    /// communication is then owed instead.
    DisproportionateEffort,
}

impl Exemption {
    /// The ground as the article words it, in English and French.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Exemption::Unintelligible => (
                "(a) the data are unintelligible to anyone not authorised",
                "(a) les données sont incompréhensibles pour toute personne non autorisée",
            ),
            Exemption::RiskNoLongerLikely => (
                "(b) the high risk is no longer likely to materialise",
                "(b) le risque élevé n'est plus susceptible de se matérialiser",
            ),
            Exemption::DisproportionateEffort => (
                "(c) telling each person would require disproportionate effort",
                "(c) informer chaque personne exigerait des efforts disproportionnés",
            ),
        }
    }
}

/// What the DPO decided about one obligation, with the reasons, kept in the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Notified (the initial notification, or a complementary one).
    Notified {
        recipient: Recipient,
        at: Timestamp,
        #[serde(default)]
        complementary: bool,
        /// Required when the notification is late (Art. 33(1): reasons for the delay).
        #[serde(default)]
        reason: String,
        /// Who recorded it (set by [`crate::Case::decide`]); empty in cases recorded before.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        by: String,
    },
    /// Not notifying, with the reasons (documented under Art. 33(5)).
    NotNotifying {
        recipient: Recipient,
        reason: String,
    },
    /// An Art. 34(3) exemption, with its evidence.
    Exempted { ground: Exemption, evidence: String },
    /// The public communication that replaces individual notices under Art. 34(3)(c).
    PublicCommunication { at: Timestamp, channel: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Owed and not yet done; `late` once its due time has passed.
    Owed {
        late: bool,
    },
    Done {
        at: Timestamp,
        late: bool,
    },
    NotRequired,
    /// Not owed, and advised: no clock runs.
    Recommended,
    Declined,
    Exempted,
}

/// A sentence a DPO reads, in English and French.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub(crate) fn new(en: impl Into<String>, fr: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            fr: fr.into(),
        }
    }

    pub fn get(&self, fr: bool) -> &str {
        if fr { &self.fr } else { &self.en }
    }
}

impl Status {
    /// The status as the DPO reads it.
    pub fn text(&self, fr: bool) -> String {
        let pick = |en: &str, f: &str| if fr { f.to_string() } else { en.to_string() };
        match self {
            Status::Owed { late: false } => pick("owed", "dû"),
            Status::Owed { late: true } => pick("owed, LATE", "dû, EN RETARD"),
            Status::Done { at, late } => format!(
                "{} {}{}",
                pick("done", "fait le"),
                local(*at),
                if *late {
                    pick(" (late)", " (en retard)")
                } else {
                    String::new()
                }
            ),
            Status::NotRequired => pick("not required", "non requis"),
            Status::Recommended => pick("recommended (not owed)", "recommandé (non obligatoire)"),
            Status::Declined => pick("declined by the DPO", "écarté par le DPO"),
            Status::Exempted => pick("exempted (Art. 34(3))", "exempté (art. 34(3))"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Obligation {
    pub recipient: Recipient,
    pub label_en: String,
    pub label_fr: String,
    pub basis: String,
    /// A fixed deadline, when the law sets one; otherwise see `due_text`.
    pub due: Option<Timestamp>,
    pub due_text: Text,
    #[serde(flatten)]
    pub status: Status,
    /// Why it is owed or not, and what the DPO decided.
    pub reasons: Vec<Text>,
}

/// Adds whole calendar months in Paris time (the NIS one-month report).
fn plus_months(t: Timestamp, months: i32) -> Timestamp {
    t.to_zoned(paris())
        .checked_add(months.months())
        .map(|z| z.timestamp())
        .unwrap_or(t)
}

/// One rule of `obligations.toml` (its header says what each key means).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    recipient: Recipient,
    #[serde(default)]
    controllers: Vec<Controller>,
    nis: Option<bool>,
    intent: Option<Intent>,
    need: RuleNeed,
    level: Option<Level>,
    #[serde(default)]
    unassessed: Unassessed,
    due: Option<Due>,
    due_text: Text,
    #[serde(default)]
    severity: bool,
    why: Text,
    why_not: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum RuleNeed {
    Owed,
    OwedFrom,
    Recommended,
}

/// What a case whose severity is not assessed yet owes under an `owed_from` rule.
#[derive(Default, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Unassessed {
    /// A risk is presumed until the assessment says otherwise.
    #[default]
    Owed,
    NotOwed,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Due {
    hours: Option<i64>,
    months: Option<i32>,
}

impl Due {
    /// The deadline for a breach known at `aware`.
    fn after(&self, aware: Timestamp) -> Option<Timestamp> {
        match (self.hours, self.months) {
            (Some(h), _) => aware.checked_add(h.hours()).ok(),
            (None, Some(m)) => Some(plus_months(aware, m)),
            (None, None) => None,
        }
    }
}

impl Rule {
    fn applies(&self, breach: &Breach) -> bool {
        (self.controllers.is_empty() || self.controllers.contains(&breach.controller))
            && self.nis.is_none_or(|n| n == breach.nis_operator)
            && self.intent.is_none_or(|i| i == breach.intent)
    }
}

/// The rules, read once from the table embedded at build time.
fn rules() -> &'static [Rule] {
    static RULES: std::sync::OnceLock<Vec<Rule>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        #[derive(Deserialize)]
        struct Table {
            rule: Vec<Rule>,
        }
        let rules = toml::from_str::<Table>(include_str!("../obligations.toml"))
            .unwrap_or_else(|e| panic!("obligations.toml: {e}"))
            .rule;
        for r in &rules {
            let id = r.recipient.id();
            // A level exactly where a rule owes from one; one unit to a deadline.
            assert_eq!(
                matches!(r.need, RuleNeed::OwedFrom),
                r.level.is_some(),
                "obligations.toml, {id}: `level` goes with need = \"owed_from\", and only there"
            );
            if let Some(d) = &r.due {
                assert!(
                    d.hours.is_some() != d.months.is_some(),
                    "obligations.toml, {id}: a deadline in hours or in months"
                );
            }
        }
        rules
    })
}

/// Whether an authority is to be told: owed by law, advised, or neither.
enum Need {
    Owed,
    Recommended,
    No,
}

impl From<bool> for Need {
    fn from(owed: bool) -> Need {
        if owed { Need::Owed } else { Need::No }
    }
}

/// The obligations of `breach` at `now`, given the decisions recorded so far.
pub fn derive(breach: &Breach, decisions: &[Decision], now: Timestamp) -> Vec<Obligation> {
    let level = breach.level();
    let labels = Labels::embedded();
    let level_text = level.map_or(
        Text::new(
            "severity not assessed (a risk is presumed)",
            "gravité non évaluée (un risque est présumé)",
        ),
        |l| {
            Text::new(
                format!("severity {}", labels.of("level", &l, Lang::En)),
                format!("niveau de gravité {}", labels.of("level", &l, Lang::Fr)),
            )
        },
    );
    let because = |en: &str, fr: &str| {
        Text::new(
            format!("{}: {en}", level_text.en),
            format!("{} : {fr}", level_text.fr),
        )
    };
    let aware = breach.aware;
    let mut out = Vec::new();
    let mut add = |recipient: Recipient,
                   need: Need,
                   due: Option<Timestamp>,
                   due_text: Text,
                   why: Text| {
        let (label_en, label_fr) = recipient.label();
        let mut reasons = vec![why];
        let mut status = match need {
            Need::Owed => Status::Owed {
                late: due.is_some_and(|d| now > d),
            },
            Need::Recommended => Status::Recommended,
            Need::No => Status::NotRequired,
        };
        for d in decisions {
            match d {
                Decision::Notified {
                    recipient: r,
                    at,
                    complementary,
                    reason,
                    by,
                } if *r == recipient => {
                    let late = due.is_some_and(|due| *at > due);
                    let (by_en, by_fr) = if by.is_empty() {
                        (String::new(), String::new())
                    } else {
                        (
                            format!(" (recorded by {by})"),
                            format!(" (enregistré par {by})"),
                        )
                    };
                    if *complementary {
                        reasons.push(Text::new(
                            format!("complementary notification on {}{by_en}", local(*at)),
                            format!("notification complémentaire le {}{by_fr}", local(*at)),
                        ));
                    } else {
                        status = Status::Done { at: *at, late };
                        reasons.push(Text::new(
                            format!("notified on {}{by_en}", local(*at)),
                            format!("notifié le {}{by_fr}", local(*at)),
                        ));
                    }
                    if late && !*complementary {
                        reasons.push(if reason.trim().is_empty() {
                            Text::new(
                                "late: the reasons for the delay are missing (Art. 33(1))",
                                "en retard : les motifs du retard manquent (art. 33(1))",
                            )
                        } else {
                            Text::new(
                                format!("late, because: {reason}"),
                                format!("en retard, motifs : {reason}"),
                            )
                        });
                    }
                }
                Decision::NotNotifying {
                    recipient: r,
                    reason,
                } if *r == recipient => {
                    status = Status::Declined;
                    reasons.push(Text::new(
                        format!("DPO decided not to notify: {reason}"),
                        format!("le DPO a décidé de ne pas notifier : {reason}"),
                    ));
                }
                Decision::Exempted { ground, evidence } if recipient == Recipient::DataSubjects => {
                    let (en, fr) = ground.label();
                    reasons.push(Text::new(
                        format!("Art. 34(3) exemption {en}: {evidence}"),
                        format!("exemption de l'art. 34(3) {fr} : {evidence}"),
                    ));
                    let public = decisions.iter().find_map(|d| match d {
                        Decision::PublicCommunication { at, channel } => Some((*at, channel)),
                        _ => None,
                    });
                    match (ground, public) {
                        (Exemption::DisproportionateEffort, Some((at, channel))) => {
                            reasons.push(Text::new(
                                format!("public communication on {} ({channel})", local(at)),
                                format!("communication publique le {} ({channel})", local(at)),
                            ));
                            status = Status::Done { at, late: false };
                        }
                        (Exemption::DisproportionateEffort, None) => {
                            reasons.push(Text::new(
                                "a public communication is owed instead of individual notices",
                                "une communication publique est due à la place des notifications individuelles",
                            ));
                        }
                        _ => status = Status::Exempted,
                    }
                }
                _ => {}
            }
        }
        out.push(Obligation {
            recipient,
            label_en: label_en.to_string(),
            label_fr: label_fr.to_string(),
            basis: recipient.basis(Lang::En).to_string(),
            due,
            due_text,
            status,
            reasons,
        });
    };
    for rule in rules() {
        if !rule.applies(breach) {
            continue;
        }
        let need = match (&rule.need, level, rule.level) {
            (RuleNeed::Owed, _, _) => Need::Owed,
            (RuleNeed::Recommended, _, _) => Need::Recommended,
            (RuleNeed::OwedFrom, None, _) => (rule.unassessed == Unassessed::Owed).into(),
            (RuleNeed::OwedFrom, Some(l), min) => min.is_none_or(|min| l >= min).into(),
        };
        let reason = match need {
            Need::No => rule.why_not.as_ref().unwrap_or(&rule.why),
            Need::Owed | Need::Recommended => &rule.why,
        };
        let why = if rule.severity {
            because(&reason.en, &reason.fr)
        } else {
            reason.clone()
        };
        let due = rule.due.as_ref().and_then(|d| d.after(aware));
        add(rule.recipient, need, due, rule.due_text.clone(), why);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table is read and checked when first used: every recipient vigie knows has
    /// its one rule, so none is silently never derived.
    #[test]
    fn the_table_has_one_rule_for_every_recipient() {
        for r in Recipient::ALL {
            let n = rules().iter().filter(|x| x.recipient == r).count();
            assert_eq!(n, 1, "{r:?} has {n} rules in obligations.toml");
        }
        assert_eq!(rules().len(), Recipient::ALL.len());
    }
}
