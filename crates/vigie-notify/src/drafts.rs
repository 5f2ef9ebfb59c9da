//! The drafts a case owes the authorities: the supervisory authority's notification
//! (every section of the regulator's form), the health-sector incident declaration, the
//! NIS early warning, notification and final report, and a processor's word to its
//! controllers. Each is filled from the case, with what the case does not say marked
//! "to be completed", as JSON (to copy into the online form), HTML and PDF.
//!
//! Once an initial notification is recorded, the draft is a complementary one, and shows
//! what changed since: the same draft is built from the case as it stood when the initial
//! notification was recorded (the register keeps every state) and compared field by field.

use crate::pdf::{self, Block};
use crate::words::{self, Labels};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;
use vigie_breach::Lang;
use vigie_breach::obligations::{Decision, Recipient, Status, derive};
use vigie_breach::store::{Case, Delivery, DeliveryStatus};
use vigie_detect::mask::esc;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub id: String,
    pub label: String,
    pub value: String,
    /// The case does not say: the DPO completes it.
    pub missing: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub fields: Vec<Field>,
}

/// A field whose value changed since the initial notification.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub section: String,
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    pub format: &'static str,
    pub reference: String,
    pub recipient: Recipient,
    pub title: String,
    pub lang: Lang,
    /// `initial` or `complementary`.
    pub kind: &'static str,
    /// When the initial notification was made, for a complementary one.
    pub initial_at: Option<Timestamp>,
    pub generated: Timestamp,
    /// For a complementary notification: what changed since the initial one.
    pub changes: Vec<Change>,
    pub sections: Vec<Section>,
}

/// The notices' progress, for the "persons informed" section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress(pub BTreeMap<(String, DeliveryStatus), u64>);

impl Progress {
    pub fn of(log: &[Delivery]) -> Progress {
        let mut m = BTreeMap::new();
        for d in log {
            *m.entry((d.channel.clone(), d.status)).or_insert(0) += 1;
        }
        Progress(m)
    }
}

/// The recipients a case owes a draft to now: those owed or done, but the persons (their
/// notices are not a draft).
pub fn owed(case: &Case, now: Timestamp) -> Vec<Recipient> {
    derive(&case.breach, &case.decisions, now)
        .into_iter()
        .filter(|o| o.recipient != Recipient::DataSubjects)
        .filter(|o| {
            matches!(
                o.status,
                Status::Owed { .. } | Status::Done { .. } | Status::Recommended
            )
        })
        .map(|o| o.recipient)
        .collect()
}

/// The initial notification to `recipient`, when one is recorded.
fn initial(case: &Case, recipient: Recipient) -> Option<Timestamp> {
    case.decisions.iter().find_map(|d| match d {
        Decision::Notified {
            recipient: r,
            at,
            complementary: false,
            ..
        } if *r == recipient => Some(*at),
        _ => None,
    })
}

/// The draft for `recipient`. `history` is the case's recorded states, oldest first (for a
/// complementary notification); `progress` the notices' delivery log.
pub fn draft(
    case: &Case,
    history: &[Case],
    recipient: Recipient,
    progress: &Progress,
    lang: Lang,
    now: Timestamp,
) -> Draft {
    let labels = Labels::embedded();
    let now_sections = sections(case, recipient, progress, labels, lang, now);
    let initial_at = initial(case, recipient);
    let mut changes = Vec::new();
    if initial_at.is_some() {
        // The case as it stood when the initial notification was recorded.
        if let Some(then) = history.iter().find(|c| initial(c, recipient).is_some()) {
            let before = sections(then, recipient, progress, labels, lang, now);
            changes = diff(&before, &now_sections);
        }
    }
    let (en, fr) = recipient.label();
    Draft {
        format: "vigie-draft/1",
        reference: case.breach.reference.clone(),
        recipient,
        title: lang.pick(fr, en).to_string(),
        lang,
        kind: if initial_at.is_some() {
            "complementary"
        } else {
            "initial"
        },
        initial_at,
        generated: now,
        changes,
        sections: now_sections,
    }
}

fn diff(before: &[Section], after: &[Section]) -> Vec<Change> {
    let mut out = Vec::new();
    for s in after {
        // The notification's own section says initial or complementary: not a change of facts.
        if s.id == "notification" {
            continue;
        }
        let old = before.iter().find(|b| b.id == s.id);
        for f in &s.fields {
            let was = old
                .and_then(|o| o.fields.iter().find(|g| g.id == f.id))
                .map(|g| g.value.clone())
                .unwrap_or_default();
            if was != f.value {
                out.push(Change {
                    section: s.id.clone(),
                    field: f.id.clone(),
                    label: f.label.clone(),
                    before: was,
                    after: f.value.clone(),
                });
            }
        }
    }
    out
}

/// Builds sections field by field, marking empty values as to be completed.
struct Form {
    lang: Lang,
    sections: Vec<Section>,
}

impl Form {
    fn section(&mut self, id: &str, fr: &str, en: &str) {
        self.sections.push(Section {
            id: id.into(),
            title: self.lang.pick(fr, en).into(),
            fields: Vec::new(),
        });
    }

    fn field(&mut self, id: &str, fr: &str, en: &str, value: impl Into<String>) {
        let value: String = value.into();
        let missing = value.trim().is_empty();
        let lang = self.lang;
        if let Some(s) = self.sections.last_mut() {
            s.fields.push(Field {
                id: id.into(),
                label: lang.pick(fr, en).into(),
                value: if missing {
                    lang.pick("À compléter", "To be completed").into()
                } else {
                    value
                },
                missing,
            });
        }
    }
}

fn when(t: Option<Timestamp>) -> String {
    t.map(words::date_time).unwrap_or_default()
}

fn sections(
    case: &Case,
    recipient: Recipient,
    progress: &Progress,
    labels: &Labels,
    lang: Lang,
    now: Timestamp,
) -> Vec<Section> {
    let b = &case.breach;
    let obligations = derive(b, &case.decisions, now);
    let fr = lang == Lang::Fr;
    let status_of = |r: Recipient| {
        obligations
            .iter()
            .find(|o| o.recipient == r)
            .map(|o| {
                let mut s = o.status.text(fr);
                for reason in &o.reasons {
                    s.push('\n');
                    s.push_str(reason.get(fr));
                }
                s
            })
            .unwrap_or_default()
    };
    let yes_no = |v: bool| lang.pick(if v { "oui" } else { "non" }, if v { "yes" } else { "no" });
    let mut f = Form {
        lang,
        sections: Vec::new(),
    };
    let initial_at = initial(case, recipient);
    f.section("notification", "Notification", "Notification");
    f.field(
        "reference",
        "Référence interne",
        "Internal reference",
        &b.reference,
    );
    f.field(
        "kind",
        "Type de notification",
        "Type of notification",
        if initial_at.is_some() {
            lang.pick("Complémentaire", "Complementary")
        } else {
            lang.pick("Initiale", "Initial")
        },
    );
    if let Some(at) = initial_at {
        f.field(
            "initial_at",
            "Notification initiale",
            "Initial notification",
            words::date_time(at),
        );
    }
    f.field("basis", "Fondement", "Legal basis", recipient.basis(lang));
    if let Some(o) = obligations.iter().find(|o| o.recipient == recipient) {
        f.field(
            "due",
            "Échéance",
            "Due",
            o.due.map_or_else(
                || o.due_text.get(lang == Lang::Fr).to_string(),
                words::date_time,
            ),
        );
        let late = case.decisions.iter().find_map(|d| match d {
            Decision::Notified {
                recipient: r,
                reason,
                complementary: false,
                ..
            } if *r == recipient => Some(reason.clone()),
            _ => None,
        });
        if matches!(
            o.status,
            Status::Owed { late: true } | Status::Done { late: true, .. }
        ) {
            f.field(
                "delay_reasons",
                "Motifs du retard (art. 33(1))",
                "Reasons for the delay (Art. 33(1))",
                late.unwrap_or_default(),
            );
        }
    }

    f.section("organisation", "Organisme", "Organisation");
    f.field(
        "controller",
        "Qualité de l'organisme",
        "The organisation is",
        labels.of("controller", &b.controller, lang),
    );
    f.field(
        "nis",
        "Entité soumise à NIS",
        "Entity under NIS",
        yes_no(b.nis_operator),
    );
    f.field(
        "dpo",
        "Délégué à la protection des données ou point de contact",
        "Data protection officer or contact point",
        &b.dpo,
    );
    f.field(
        "processors",
        "Sous-traitants impliqués",
        "Processors involved",
        b.processors.join(", "),
    );

    f.section("nature", "Nature de la violation", "Nature of the breach");
    let mut nature = Vec::new();
    for (on, fr_, en) in [
        (
            b.nature.confidentiality,
            "perte de confidentialité",
            "loss of confidentiality",
        ),
        (b.nature.integrity, "perte d'intégrité", "loss of integrity"),
        (
            b.nature.availability,
            "perte de disponibilité",
            "loss of availability",
        ),
    ] {
        if on {
            nature.push(lang.pick(fr_, en));
        }
    }
    f.field("nature", "Nature", "Nature", nature.join(", "));
    f.field("title", "Intitulé", "Title", &b.title);

    f.section("dates", "Dates", "Dates");
    f.field(
        "start",
        "Début de la violation",
        "Start of the breach",
        when(b.occurred_start),
    );
    f.field(
        "end",
        "Fin de la violation",
        "End of the breach",
        if b.ongoing {
            lang.pick("en cours", "ongoing").to_string()
        } else {
            when(b.occurred_end)
        },
    );
    f.field(
        "discovered",
        "Découverte",
        "Discovered",
        when(Some(b.discovered)),
    );
    f.field(
        "aware",
        "Prise de connaissance (point de départ des 72 heures)",
        "Awareness (start of the 72 hours)",
        when(Some(b.aware)),
    );
    if b.processor_informed.is_some() {
        f.field(
            "processor_informed",
            "Information par le sous-traitant",
            "Informed by the processor",
            when(b.processor_informed),
        );
    }

    f.section(
        "circumstances",
        "Origine et circonstances",
        "Origin and circumstances",
    );
    f.field(
        "origin",
        "Origine",
        "Origin",
        labels.of("origin", &b.origin, lang),
    );
    f.field(
        "cause",
        "Cause",
        "Cause",
        format!(
            "{} {} / {} {}",
            lang.pick("action", "act"),
            labels.of("actor", &b.actor, lang),
            lang.pick("caractère", "intent"),
            labels.of("intent", &b.intent, lang)
        ),
    );
    f.field(
        "discovery",
        "Circonstances de la découverte",
        "How it was discovered",
        &b.discovery,
    );
    f.field("medium", "Support concerné", "Medium", &b.medium);

    f.section("persons", "Personnes concernées", "Persons concerned");
    f.field(
        "categories",
        "Catégories de personnes",
        "Categories of persons",
        labels.list("person", &b.persons, lang),
    );
    f.field(
        "count",
        "Nombre (approximatif) de personnes",
        "Approximate number of persons",
        b.persons_count.map(|n| n.to_string()).unwrap_or_default(),
    );

    f.section("data", "Données concernées", "Data concerned");
    f.field(
        "categories",
        "Catégories de données",
        "Categories of data",
        labels.list("data", &b.data, lang),
    );
    let sensitive = b.data.iter().any(|d| {
        matches!(
            d,
            vigie_breach::case::DataCategory::Health | vigie_breach::case::DataCategory::Genetic
        )
    });
    f.field(
        "special",
        "Données sensibles (art. 9)",
        "Special categories (Art. 9)",
        yes_no(sensitive),
    );
    f.field(
        "records",
        "Nombre (approximatif) d'enregistrements",
        "Approximate number of records",
        b.records_count.map(|n| n.to_string()).unwrap_or_default(),
    );

    f.section(
        "consequences",
        "Conséquences probables",
        "Likely consequences",
    );
    f.field(
        "consequences",
        "Conséquences probables pour les personnes",
        "Likely consequences for the persons",
        &b.consequences,
    );
    let severity = b.severity.as_ref().map(|s| {
        format!(
            "{} (ENISA : {})",
            labels.of("level", &s.level, lang),
            s.formula(lang)
        )
    });
    f.field(
        "severity",
        "Gravité estimée",
        "Estimated severity",
        severity.unwrap_or_default(),
    );
    if let Some(o) = &b.severity_override {
        f.field(
            "severity_override",
            "Gravité retenue par le DPO",
            "Severity set by the DPO",
            format!(
                "{} — {}",
                labels.of("level", &o.level, lang),
                o.justification
            ),
        );
    }

    f.section("measures", "Mesures", "Measures");
    f.field(
        "taken",
        "Mesures prises pour remédier à la violation et en limiter les effets",
        "Measures taken to address the breach and mitigate its effects",
        &b.measures_taken,
    );
    f.field(
        "planned",
        "Mesures envisagées",
        "Measures planned",
        &b.measures_planned,
    );

    f.section(
        "information",
        "Information des personnes",
        "Informing the persons",
    );
    f.field(
        "status",
        "Information des personnes (art. 34)",
        "Persons informed (Art. 34)",
        status_of(Recipient::DataSubjects),
    );
    let mut counts = Vec::new();
    for ((channel, status), n) in &progress.0 {
        counts.push(format!(
            "{} — {}{} {n}",
            labels.of("channel", channel, lang),
            labels.of("delivery", status, lang),
            lang.pick(" :", ":")
        ));
    }
    if !counts.is_empty() {
        f.field(
            "deliveries",
            "Notifications individuelles",
            "Individual notices",
            counts.join(", "),
        );
    }

    f.section("others", "Autres autorités", "Other authorities");
    for r in [
        Recipient::SupervisoryAuthority,
        Recipient::HealthPortal,
        Recipient::NisEarlyWarning,
        Recipient::NisNotification,
        Recipient::NisFinalReport,
        Recipient::CertFr,
    ] {
        if r == recipient {
            continue;
        }
        let (en, fr_) = r.label();
        f.field(r.id(), fr_, en, status_of(r));
    }

    // What the health-sector and NIS forms ask besides the regulator's.
    match recipient {
        Recipient::HealthPortal => {
            f.section(
                "health",
                "Déclaration d'incident de sécurité des SI de santé",
                "Health-sector incident declaration",
            );
            f.field(
                "care_impact",
                "Conséquences sur la prise en charge des patients",
                "Impact on patient care",
                "",
            );
            f.field(
                "systems",
                "Systèmes d'information concernés",
                "Information systems concerned",
                &b.medium,
            );
            f.field(
                "support",
                "Demande d'appui (CERT Santé)",
                "Support requested (health CERT)",
                "",
            );
        }
        Recipient::NisEarlyWarning
        | Recipient::NisNotification
        | Recipient::NisFinalReport
        | Recipient::CertFr => {
            if recipient == Recipient::CertFr {
                f.section(
                    "incident",
                    "Signalement de l'incident (CERT-FR)",
                    "Incident report (CERT-FR)",
                );
                f.field(
                    "systems",
                    "Systèmes d'information concernés",
                    "Information systems concerned",
                    &b.medium,
                );
            } else {
                f.section("nis", "Incident NIS", "NIS incident");
            }
            f.field(
                "malicious",
                "Acte illicite ou malveillant suspecté",
                "Suspected unlawful or malicious act",
                match b.intent {
                    vigie_breach::case::Intent::Malicious => lang.pick("oui", "yes"),
                    vigie_breach::case::Intent::Accidental => lang.pick("non", "no"),
                    vigie_breach::case::Intent::Unknown => "",
                },
            );
            f.field(
                "cross_border",
                "Impact transfrontière possible",
                "Possible cross-border impact",
                "",
            );
            if recipient != Recipient::NisEarlyWarning {
                f.field(
                    "indicators",
                    "Indicateurs de compromission",
                    "Indicators of compromise",
                    "",
                );
            }
            if recipient == Recipient::NisFinalReport {
                f.field(
                    "root_cause",
                    "Cause profonde (type de menace)",
                    "Root cause (type of threat)",
                    "",
                );
                f.field(
                    "mitigation",
                    "Mesures d'atténuation appliquées et en cours",
                    "Mitigation measures applied and ongoing",
                    &b.measures_taken,
                );
            }
        }
        _ => {}
    }
    f.sections
}

/// The draft as JSON, to copy into the online form.
pub fn json(d: &Draft) -> String {
    serde_json::to_string_pretty(d).unwrap_or_default()
}

/// The draft as one self-contained HTML page (no script, nothing fetched), laid out as the
/// PDF is (label beside value, what is still to fill in marked). `back` is the page it was
/// opened from, when shown by the dashboard.
pub fn html(d: &Draft, back: Option<&str>) -> String {
    let fr = d.lang == Lang::Fr;
    let pick = |f: &'static str, e: &'static str| if fr { f } else { e };
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {}</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}}\
         table{{border-collapse:collapse;width:100%;margin-bottom:1.5em}}th,td{{border:1px solid #ccc;padding:.4em;text-align:left;vertical-align:top}}\
         th{{width:35%;background:#f4f4f4}}.missing{{background:#fff3cd;color:#7a5b00}}.changed{{background:#e7f1ff}}\
         td{{white-space:pre-wrap}}</style></head><body>",
        d.lang.id(),
        esc(&d.title),
        esc(&d.reference)
    ));
    if let Some(back) = back {
        h.push_str(&format!(
            "<p><a href=\"{}\">← {} {}</a></p>",
            esc(back),
            pick("Retour à la violation", "Back to the breach"),
            esc(&d.reference)
        ));
    }
    h.push_str(&format!(
        "<h1>{}</h1><p>{} <b>{}</b> · {} : <b>{}</b> · {} {}</p>",
        esc(&d.title),
        pick("Violation", "Breach"),
        esc(&d.reference),
        pick("notification", "notification"),
        if d.kind == "complementary" {
            pick("complémentaire", "complementary")
        } else {
            pick("initiale", "initial")
        },
        pick("projet établi le", "draft made on"),
        esc(&words::date_time(d.generated))
    ));
    let missing: usize = d
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .filter(|f| f.missing)
        .count();
    if missing > 0 {
        h.push_str(&format!(
            "<p class=\"missing\">{missing} {}</p>",
            pick(
                "champ(s) à compléter avant l'envoi.",
                "field(s) to complete before sending."
            )
        ));
    }
    if d.kind == "complementary" {
        h.push_str(&format!(
            "<h2>{}</h2>",
            pick(
                "Ce qui a changé depuis la notification initiale",
                "What changed since the initial notification"
            )
        ));
        if d.changes.is_empty() {
            h.push_str(&format!(
                "<p>{}</p>",
                pick("Aucun changement.", "No change.")
            ));
        } else {
            h.push_str(&format!(
                "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
                pick("Champ", "Field"),
                pick("Avant", "Before"),
                pick("Maintenant", "Now")
            ));
            for c in &d.changes {
                h.push_str(&format!(
                    "<tr class=\"changed\"><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&c.label),
                    esc(&c.before),
                    esc(&c.after)
                ));
            }
            h.push_str("</table>");
        }
    }
    for s in &d.sections {
        h.push_str(&format!("<h2>{}</h2><table>", esc(&s.title)));
        for f in &s.fields {
            let changed = d
                .changes
                .iter()
                .any(|c| c.section == s.id && c.field == f.id);
            let class = if f.missing {
                " class=\"missing\""
            } else if changed {
                " class=\"changed\""
            } else {
                ""
            };
            h.push_str(&format!(
                "<tr><th>{}</th><td{class}>{}</td></tr>",
                esc(&f.label),
                esc(&f.value)
            ));
        }
        h.push_str("</table>");
    }
    h.push_str("</body></html>\n");
    h
}

/// The draft as a PDF.
pub fn pdf(d: &Draft) -> Result<Vec<u8>, String> {
    let fr = d.lang == Lang::Fr;
    let pick = |f: &'static str, e: &'static str| if fr { f } else { e };
    let mut blocks = vec![Block::Paragraph(format!(
        "{} {} · {} · {} {}",
        pick("Violation", "Breach"),
        d.reference,
        if d.kind == "complementary" {
            pick("notification complémentaire", "complementary notification")
        } else {
            pick("notification initiale", "initial notification")
        },
        pick("projet établi le", "draft made on"),
        words::date_time(d.generated)
    ))];
    if d.kind == "complementary" {
        blocks.push(Block::Heading(
            pick(
                "Ce qui a changé depuis la notification initiale",
                "What changed since the initial notification",
            )
            .into(),
        ));
        if d.changes.is_empty() {
            blocks.push(Block::Paragraph(
                pick("Aucun changement.", "No change.").into(),
            ));
        }
        for c in &d.changes {
            blocks.push(Block::Field(
                c.label.clone(),
                format!(
                    "{} {}\n{} {}",
                    pick("avant :", "before:"),
                    c.before,
                    pick("maintenant :", "now:"),
                    c.after
                ),
            ));
        }
    }
    for s in &d.sections {
        blocks.push(Block::Heading(s.title.clone()));
        for f in &s.fields {
            blocks.push(if f.missing {
                Block::Missing(f.label.clone(), f.value.clone())
            } else {
                Block::Field(f.label.clone(), f.value.clone())
            });
        }
    }
    // The footer names the recipient as the title does, in the reader's language.
    pdf::document(&d.title, &blocks, &format!("{} · {}", d.reference, d.title))
}
