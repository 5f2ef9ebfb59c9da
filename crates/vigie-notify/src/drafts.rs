//! The drafts a case owes the authorities: the supervisory authority's notification
//! (every section of the regulator's form), the health-sector incident declaration, the
//! NIS early warning, notification and final report, and a processor's word to its
//! controllers. Each is filled from the case, with what the case does not say marked
//! "to be completed", as JSON (to copy into the online form), HTML and PDF.
//!
//! Once an initial notification is recorded, the draft is a complementary one, and shows
//! what changed since: the same draft is built from the case as it stood when the initial
//! notification was recorded (the register keeps every state) and compared field by field.

use crate::Error;
use crate::pdf::{self, Block};
use crate::words::{self, Labels};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;
use vigie_breach::Lang;
use vigie_breach::obligations::{Decision, Recipient, Status};
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
    /// The processor's controller it is addressed to, by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
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
    case.obligations(now)
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

/// The initial notification to `recipient` (to one of a processor's controllers: when it
/// was told), when one is recorded.
fn initial(case: &Case, recipient: Recipient, client: Option<&str>) -> Option<Timestamp> {
    if let Some(id) = client {
        return case
            .clients
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.informed.as_ref())
            .map(|i| i.at);
    }
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

/// The draft for `recipient` (for a processor's controllers, to the one `client` names,
/// with its share of the leak). `history` is the case's recorded states, oldest first (for
/// a complementary notification); `progress` the notices' delivery log.
pub fn draft(
    case: &Case,
    history: &[Case],
    recipient: Recipient,
    client: Option<&str>,
    progress: &Progress,
    lang: Lang,
    now: Timestamp,
) -> Draft {
    let labels = Labels::embedded();
    let form = |c: &Case| sections(c, recipient, client, progress, labels, lang, now);
    let now_sections = form(case);
    let initial_at = initial(case, recipient, client);
    let mut changes = Vec::new();
    if initial_at.is_some() {
        // The case as it stood when the initial notification was recorded.
        if let Some(then) = history
            .iter()
            .find(|c| initial(c, recipient, client).is_some())
        {
            changes = diff(&form(then), &now_sections);
        }
    }
    let (en, fr) = recipient.label();
    let to = client.and_then(|id| case.clients.iter().find(|c| c.id == id));
    Draft {
        format: "vigie-draft/1",
        reference: case.breach.reference.clone(),
        recipient,
        client: to.map(|c| c.id.clone()),
        title: match to {
            Some(c) => format!("{} — {}", lang.pick(fr, en), c.name),
            None => lang.pick(fr, en).to_string(),
        },
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

/// One section of `forms.toml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FormSection {
    id: String,
    fr: String,
    en: String,
    #[serde(default)]
    only: Vec<Recipient>,
    field: Vec<FormField>,
}

/// One field of `forms.toml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FormField {
    id: String,
    fr: Option<String>,
    en: Option<String>,
    value: String,
    #[serde(default)]
    only: Vec<Recipient>,
    #[serde(default)]
    not: Vec<Recipient>,
}

/// Whether a section or field with these `only` and `not` lists is on `recipient`'s form.
fn on(only: &[Recipient], not: &[Recipient], recipient: Recipient) -> bool {
    (only.is_empty() || only.contains(&recipient)) && !not.contains(&recipient)
}

/// The forms, read once from the table embedded at build time.
fn forms() -> &'static [FormSection] {
    static FORMS: std::sync::OnceLock<Vec<FormSection>> = std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Table {
            section: Vec<FormSection>,
        }
        toml::from_str::<Table>(include_str!("../forms.toml"))
            .unwrap_or_else(|e| panic!("forms.toml: {e}"))
            .section
    })
}

/// What the forms are filled with: the case, the form's recipient, the notices' progress.
struct Facts<'a> {
    case: &'a Case,
    recipient: Recipient,
    /// The processor's controller addressed, if any.
    client: Option<&'a vigie_breach::clients::Client>,
    progress: &'a Progress,
    labels: &'a Labels,
    lang: Lang,
    obligations: Vec<vigie_breach::Obligation>,
}

impl Facts<'_> {
    /// Where the obligation to `r` stands, with its reasons; None when the case owes
    /// `r` nothing at all (a processor's case, an authority outside NIS): the field is
    /// left out rather than left to complete.
    fn status(&self, r: Recipient) -> Option<String> {
        let fr = self.lang == Lang::Fr;
        self.obligations.iter().find(|o| o.recipient == r).map(|o| {
            let mut s = o.status.text(fr);
            for reason in &o.reasons {
                s.push('\n');
                s.push_str(reason.get(fr));
            }
            s
        })
    }

    /// The fact `value` names (see forms.toml); None leaves the field out, an empty one
    /// is to be completed. Err: no such fact.
    fn fact(&self, value: &str) -> Result<Option<String>, Error> {
        let (b, lang, labels) = (&self.case.breach, self.lang, self.labels);
        let yes_no =
            |v: bool| lang.pick(if v { "oui" } else { "non" }, if v { "yes" } else { "no" });
        let own = self
            .obligations
            .iter()
            .find(|o| o.recipient == self.recipient);
        let initial_at = initial(
            self.case,
            self.recipient,
            self.client.map(|c| c.id.as_str()),
        );
        if let Some(fact) = value.strip_prefix("client_") {
            return match self.client {
                Some(c) => self.client_fact(c, fact),
                None => Ok(None),
            };
        }
        let count = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        if let Some(id) = value.strip_prefix("status:") {
            let r = Recipient::ALL
                .into_iter()
                .find(|r| r.id() == id)
                .ok_or_else(|| Error::Templates(vec![format!("no recipient {id}")]))?;
            return Ok(self.status(r));
        }
        Ok(Some(match value {
            "blank" => String::new(),
            "reference" => b.reference.clone(),
            "kind" => if initial_at.is_some() {
                lang.pick("Complémentaire", "Complementary")
            } else {
                lang.pick("Initiale", "Initial")
            }
            .to_string(),
            "initial_at" => return Ok(initial_at.map(words::date_time)),
            "basis" => self.recipient.basis(lang).to_string(),
            "due" => {
                return Ok(own.map(|o| {
                    o.due.map_or_else(
                        || o.due_text.get(lang == Lang::Fr).to_string(),
                        words::date_time,
                    )
                }));
            }
            "delay_reasons" => {
                let late = own.is_some_and(|o| {
                    matches!(
                        o.status,
                        Status::Owed { late: true } | Status::Done { late: true, .. }
                    )
                });
                if !late {
                    return Ok(None);
                }
                self.case
                    .decisions
                    .iter()
                    .find_map(|d| match d {
                        Decision::Notified {
                            recipient: r,
                            reason,
                            complementary: false,
                            ..
                        } if *r == self.recipient => Some(reason.clone()),
                        _ => None,
                    })
                    .unwrap_or_default()
            }
            "controller" => labels.of("controller", &b.controller, lang),
            "nis" => yes_no(b.nis_operator).to_string(),
            "dpo" => b.dpo.clone(),
            "processors" => b.processors.join(", "),
            "nature" => [
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
            ]
            .into_iter()
            .filter(|(on, _, _)| *on)
            .map(|(_, fr, en)| lang.pick(fr, en))
            .collect::<Vec<_>>()
            .join(", "),
            "title" => b.title.clone(),
            "start" => when(b.occurred_start),
            "end" if b.ongoing => lang.pick("en cours", "ongoing").to_string(),
            "end" => when(b.occurred_end),
            "discovered" => when(Some(b.discovered)),
            "aware" => when(Some(b.aware)),
            "processor_informed" => return Ok(b.processor_informed.map(|t| when(Some(t)))),
            "origin" => labels.of("origin", &b.origin, lang),
            "cause" => format!(
                "{} {} / {} {}",
                lang.pick("action", "act"),
                labels.of("actor", &b.actor, lang),
                lang.pick("caractère", "intent"),
                labels.of("intent", &b.intent, lang)
            ),
            "discovery" => b.discovery.clone(),
            "medium" => b.medium.clone(),
            "person_categories" => labels.list("person", &b.persons, lang),
            "persons_count" => count(b.persons_count),
            "data_categories" => labels.list("data", &b.data, lang),
            "special" => yes_no(b.data.iter().any(|d| {
                matches!(
                    d,
                    vigie_breach::case::DataCategory::Health
                        | vigie_breach::case::DataCategory::Genetic
                )
            }))
            .to_string(),
            "records_count" => count(b.records_count),
            "consequences" => b.consequences.clone(),
            "severity" => b
                .severity
                .as_ref()
                .map(|s| {
                    format!(
                        "{} (ENISA : {})",
                        labels.of("level", &s.level, lang),
                        s.formula(lang)
                    )
                })
                .unwrap_or_default(),
            "severity_override" => {
                return Ok(b.severity_override.as_ref().map(|o| {
                    format!(
                        "{} — {}",
                        labels.of("level", &o.level, lang),
                        o.justification
                    )
                }));
            }
            "measures_taken" => b.measures_taken.clone(),
            "measures_planned" => b.measures_planned.clone(),
            "deliveries" => {
                let counts: Vec<String> = self
                    .progress
                    .0
                    .iter()
                    .map(|((channel, status), n)| {
                        format!(
                            "{} — {}{} {n}",
                            labels.of("channel", channel, lang),
                            labels.of("delivery", status, lang),
                            lang.pick(" :", ":")
                        )
                    })
                    .collect();
                return Ok((!counts.is_empty()).then(|| counts.join(", ")));
            }
            "malicious" => match b.intent {
                vigie_breach::case::Intent::Malicious => lang.pick("oui", "yes"),
                vigie_breach::case::Intent::Accidental => lang.pick("non", "no"),
                vigie_breach::case::Intent::Unknown => "",
            }
            .to_string(),
            other => return Err(Error::Templates(vec![format!("no fact {other}")])),
        }))
    }
}

impl Facts<'_> {
    /// A fact of the controller addressed (`client_…` in forms.toml): who it is, its
    /// share of the leak and how it was counted, when it was told. None: the case does
    /// not say (no split yet, not told), and the field is left out.
    fn client_fact(
        &self,
        c: &vigie_breach::clients::Client,
        fact: &str,
    ) -> Result<Option<String>, Error> {
        let lang = self.lang;
        let split = self.case.split.as_ref();
        let share = split.and_then(|s| s.shares.get(&c.id));
        Ok(match fact {
            "name" => Some(format!("{} ({})", c.name, c.id)),
            "dpo" => Some(c.dpo.clone()),
            "rows" => share.map(|s| s.rows.to_string()),
            "persons" => share.map(|s| vigie_breach::text::persons(s, lang)),
            "counted" => split.zip(share).map(|(split, s)| {
                let codes: Vec<&str> = std::iter::once(c.id.as_str())
                    .chain(c.sites.iter().map(String::as_str))
                    .collect();
                let mut said = match lang {
                    Lang::Fr => format!(
                        "Lignes du fichier {} (BLAKE3 {}) dont la colonne « {} » porte l'un de ses codes ({}).",
                        split.file,
                        split.blake3,
                        split.column,
                        codes.join(", ")
                    ),
                    Lang::En => format!(
                        "Rows of the file {} (BLAKE3 {}) whose column \"{}\" holds one of its codes ({}).",
                        split.file,
                        split.blake3,
                        split.column,
                        codes.join(", ")
                    ),
                };
                if s.linked > 0 {
                    said += &match lang {
                        Lang::Fr => format!(
                            " Dont {} lignes sans code trouvées par rapprochement avec son registre chiffré (filtres de Bloom à clé partagée : le registre n'a pas été transmis en clair).",
                            s.linked
                        ),
                        Lang::En => format!(
                            " Of them, {} rows without a code found by linkage with its encoded registry (Bloom filters under a shared key: the registry was not handed over in clear).",
                            s.linked
                        ),
                    };
                }
                said += lang.pick(
                    " Personnes : les lignes d'une même personne regroupées par le rapprochement du fichier avec lui-même (vigie link dedup), d'après les paires retenues ; une personne présente chez plusieurs responsables compte chez chacun.",
                    " Persons: the rows of one person joined by linking the file to itself (vigie link dedup), by the accepted pairs; a person with several controllers counts for each.",
                );
                if let Some(p) = vigie_breach::text::precision(split, lang) {
                    said += &format!(" ({p})");
                }
                said
            }),
            "informed" => c.informed.as_ref().map(|i| {
                let how = if i.how.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", i.how)
                };
                format!(
                    "{} {} {}{how}",
                    words::date_time(i.at),
                    lang.pick("par", "by"),
                    i.by
                )
            }),
            other => return Err(Error::Templates(vec![format!("no fact client_{other}")])),
        })
    }
}

/// The form for `recipient`, filled from the case: the sections and fields of
/// `forms.toml` that are on it, each with its fact.
fn sections(
    case: &Case,
    recipient: Recipient,
    client: Option<&str>,
    progress: &Progress,
    labels: &Labels,
    lang: Lang,
    now: Timestamp,
) -> Vec<Section> {
    let facts = Facts {
        case,
        recipient,
        client: client.and_then(|id| case.clients.iter().find(|c| c.id == id)),
        progress,
        labels,
        lang,
        obligations: case.obligations(now),
    };
    let mut f = Form {
        lang,
        sections: Vec::new(),
    };
    for section in forms().iter().filter(|s| on(&s.only, &[], recipient)) {
        f.section(&section.id, &section.fr, &section.en);
        for field in section
            .field
            .iter()
            .filter(|x| on(&x.only, &x.not, recipient))
        {
            // Checked for every field and recipient by the tests: a fact the table names
            // and this code does not know is a build that must not ship.
            let value = facts
                .fact(&field.value)
                .unwrap_or_else(|e| panic!("forms.toml, {}.{}: {e}", section.id, field.id));
            let Some(value) = value else { continue };
            let status = field.value.strip_prefix("status:");
            let named = status.and_then(|id| Recipient::ALL.into_iter().find(|r| r.id() == id));
            match (&field.fr, &field.en, named) {
                (Some(fr), Some(en), _) => f.field(&field.id, fr, en, value),
                // Where another authority stands, under that authority's name.
                (None, None, Some(r)) => {
                    let (en, fr) = r.label();
                    f.field(&field.id, fr, en, value)
                }
                _ => panic!(
                    "forms.toml, {}.{}: a field needs both labels, or a status to be named by",
                    section.id, field.id
                ),
            }
        }
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
pub fn pdf(d: &Draft) -> Result<Vec<u8>, Error> {
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

impl Draft {
    /// Writes the draft as `base.json`, `base.html` and `base.pdf`, and says so in one
    /// line: the fields left to complete, and for a complementary notification the
    /// changes since the initial one.
    pub fn write(&self, base: &std::path::Path, l: Lang) -> Result<String, Error> {
        let write = |ext: &str, bytes: &[u8]| {
            let path = base.with_extension(ext);
            std::fs::write(&path, bytes).map_err(Error::io(&path))
        };
        write("json", json(self).as_bytes())?;
        write("html", html(self, None).as_bytes())?;
        write("pdf", &pdf(self)?)?;
        let missing = self
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .filter(|f| f.missing)
            .count();
        let changes = self.changes.len();
        let (title, path) = (&self.title, base.display());
        let complementary = self.kind == "complementary";
        Ok(match l {
            Lang::Fr => format!(
                "{title} ({}) : {path}.{{html,pdf,json}}, {missing} champ(s) à compléter{}",
                if complementary {
                    "complémentaire"
                } else {
                    "initiale"
                },
                if complementary {
                    format!(", {changes} changement(s) depuis la notification initiale")
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "{title} ({}): {path}.{{html,pdf,json}}, {missing} field(s) to complete{}",
                self.kind,
                if complementary {
                    format!(", {changes} change(s) since the initial notification")
                } else {
                    String::new()
                }
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every section and field of forms.toml is on some form, and every fact it names is
    /// one `Facts::fact` knows, on every recipient's form, in both languages: a field
    /// mistyped in the table fails here, not in front of a DPO.
    #[test]
    fn every_form_of_the_table_fills_in_both_languages() {
        let case: Case = serde_json::from_str(
            r#"{"breach": {"title": "Fuite", "controller": "laboratory",
                "occurred_start": null, "occurred_end": null,
                "discovered": "2026-11-20T08:00:00Z", "aware": "2026-11-20T09:00:00Z",
                "processor_informed": "2026-11-20T07:00:00Z",
                "nature": {"confidentiality": true, "integrity": false, "availability": false},
                "origin": "hacking",
                "actor": "external", "intent": "malicious", "persons_count": 3,
                "records_count": null, "dpo": "dpo@labo.example",
                "severity_input": null, "severity": null,
                "severity_override": {"level": "high", "justification": "un tiers"}},
                "clients": [{"id": "750000001", "name": "Labo A", "dpo": "dpo@a.example",
                  "sites": ["LAB01"], "informed": {"at": "2026-11-21T08:00:00Z",
                  "by": "alice", "how": "courriel"}}],
                "split": {"file": "export.csv", "blake3": "ab12", "column": "Site",
                  "recorded": "2026-11-21T07:00:00Z",
                  "total": {"rows": 10, "persons": 8, "persons_if_reviewed": 7},
                  "at_most": 8, "shared_persons": 0,
                  "shares": {"750000001": {"rows": 6, "persons": 5, "persons_if_reviewed": 4, "linked": 2}},
                  "unassigned": {"rows": 4, "persons": 3, "persons_if_reviewed": 3},
                  "unknown_codes": {"lab99": 4}, "blank": 0}}"#,
        )
        .expect("a case");
        // Outside NIS and under it: each authority's status shows on one of the two.
        let mut nis = case.clone();
        nis.breach.nis_operator = true;
        let labels = Labels::embedded();
        let now: Timestamp = "2026-11-30T00:00:00Z".parse().expect("now");
        let mut shown = std::collections::BTreeSet::new();
        for (case, r) in Recipient::ALL
            .into_iter()
            .flat_map(|r| [(&case, r), (&nis, r)])
        {
            for lang in [Lang::Fr, Lang::En] {
                let client = Some("750000001");
                let progress = Progress(BTreeMap::new());
                for s in sections(case, r, client, &progress, labels, lang, now) {
                    assert!(!s.title.is_empty() && !s.fields.is_empty(), "{}", s.id);
                    for f in s.fields {
                        assert!(!f.label.is_empty(), "{}.{}", s.id, f.id);
                        shown.insert((s.id.clone(), f.id));
                    }
                }
            }
        }
        for s in forms() {
            for f in &s.field {
                // The delay's reasons and the deliveries need a late case and notices.
                if !["delay_reasons", "deliveries", "initial_at"].contains(&f.id.as_str()) {
                    assert!(
                        shown.contains(&(s.id.clone(), f.id.clone())),
                        "{}.{}",
                        s.id,
                        f.id
                    );
                }
            }
        }
    }
}
