//! A case as the terminal shows it, in the reader's language: Paris times, levels and
//! obligations in words, countdowns; and as `--json` prints it (what is recorded, RFC
//! 3339 UTC). The command line prints these; the dashboard has its pages.

use crate::clients::{Share, Split};
use crate::evidence::{LinkDecision, Person};
use crate::labels::Labels;
use crate::obligations::Status;
use crate::store::Event;
use crate::time::{countdown, local, span};
use crate::{Case, Lang};
use jiff::Timestamp;

/// The case as `show --json` prints it: the stored case, its level and obligations.
pub fn view(case: &Case, now: Timestamp) -> serde_json::Value {
    let b = &case.breach;
    serde_json::json!({
        "reference": b.reference,
        "case": case,
        "severity": b.severity.as_ref().map(|s| s.score),
        "level": b.level().map(|l| l.id()),
        "obligations": case.obligations(now),
    })
}

/// The case: facts, severity, evidence, and each obligation with its status.
pub fn show(case: &Case, now: Timestamp, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let b = &case.breach;
    let labels = Labels::embedded();
    let level = |l: crate::severity::Level| labels.of("level", &l, lang);
    let mut out = vec![
        format!("{}  {}", b.reference, b.title),
        // People read Paris time; `--json` keeps RFC 3339 UTC.
        format!(
            "{} {}",
            lang.pick("prise de connaissance :", "aware:"),
            local(b.aware)
        ),
    ];
    out.push(match (&b.severity, b.level()) {
        (Some(s), Some(l)) => format!(
            "{} {} → {}{}",
            lang.pick("gravité (ENISA) :", "severity (ENISA):"),
            s.formula(lang),
            level(l),
            b.severity_override
                .as_ref()
                .map_or(String::new(), |o| format!(
                    " ({} {}: {})",
                    lang.pick("au lieu de", "instead of"),
                    level(s.level),
                    o.justification
                ))
        ),
        _ => lang
            .pick(
                "gravité : non évaluée (vigie breach assess)",
                "severity: not assessed (vigie breach assess)",
            )
            .to_string(),
    });
    for e in &case.evidence {
        let review = match e.counts.get("review") {
            Some(&n) if n > 0 && fr => format!(", {n} en attente de vérification (non notifiées)"),
            Some(&n) if n > 0 => format!(", {n} awaiting review (not notified)"),
            _ => String::new(),
        };
        out.push(format!(
            "{} {} {} (BLAKE3 {}…): {}{review}",
            lang.pick("pièce :", "evidence:"),
            labels.of("evidence", &e.kind, lang),
            e.file,
            &e.blake3[..16],
            e.persons_text(lang),
        ));
    }
    if let Some(from) = &case.from_processor {
        out.push(format!(
            "{} {} ({} {}, BLAKE3 {}…){}",
            lang.pick("avis du sous-traitant :", "processor's notice:"),
            b.processors.join(", "),
            lang.pick("responsable", "controller"),
            from.controller,
            &from.notice[..16.min(from.notice.len())],
            from.share.map_or(String::new(), |s| format!(
                "{} {} {}, {} {}",
                lang.pick(" :", ":"),
                s.rows,
                lang.pick("lignes", "rows"),
                persons(&s, lang),
                lang.pick("personnes", "persons")
            ))
        ));
    }
    if let Some(split) = &case.split {
        out.push(split_line(split, lang));
    }
    if let Some(d) = case.delegations.last() {
        out.push(match (&d.revoked, lang) {
            (None, Lang::Fr) => format!(
                "notifications aux personnes déléguées à {} (au nom de {}, depuis le {}, par {})",
                d.to,
                d.organisation,
                local(d.at),
                d.by
            ),
            (None, Lang::En) => format!(
                "notices to the persons delegated to {} (in the name of {}, since {}, by {})",
                d.to,
                d.organisation,
                local(d.at),
                d.by
            ),
            (Some(r), Lang::Fr) => format!(
                "délégation des notifications à {} révoquée le {} par {} : {}",
                d.to,
                local(r.at),
                r.by,
                r.how
            ),
            (Some(r), Lang::En) => format!(
                "delegation of the notices to {} revoked on {} by {}: {}",
                d.to,
                local(r.at),
                r.by,
                r.how
            ),
        });
    }
    if !case.clients.is_empty() {
        let told = case.clients.iter().filter(|c| c.informed.is_some()).count();
        out.push(format!(
            "{} {}, {told} {} (vigie breach controllers {})",
            lang.pick("responsables de traitement :", "controllers:"),
            case.clients.len(),
            lang.pick("informés", "told"),
            case.breach.reference
        ));
    }
    for o in case.obligations(now) {
        let status = match &o.status {
            Status::Owed { .. } => format!(
                "{}, {}",
                lang.pick("dû", "owed"),
                o.due.map_or_else(
                    || o.due_text.get(fr).to_string(),
                    |d| countdown(d, now, lang)
                )
            ),
            other => other.text(fr),
        };
        out.push(format!(
            "  - {}{} {status}",
            lang.pick(&o.label_fr, &o.label_en),
            lang.pick(" :", ":")
        ));
        for r in &o.reasons {
            out.push(format!("      {}", r.get(fr)));
        }
    }
    out.join("\n")
}

/// The register's line for a case: reference, level, title, and the next deadline.
pub fn list_line(case: &Case, now: Timestamp, lang: Lang) -> String {
    let next = case
        .obligations(now)
        .into_iter()
        .filter(|o| matches!(o.status, Status::Owed { .. }))
        .filter_map(|o| o.due.map(|d| (d, o)))
        .min_by_key(|(d, _)| *d);
    let level = case.breach.level().map_or("—".to_string(), |l| {
        Labels::embedded().of("level", &l, lang)
    });
    let next = next.map_or(String::new(), |(d, o)| {
        format!(
            "  {} {} — {}",
            lang.pick("prochaine échéance :", "next:"),
            lang.pick(&o.label_fr, &o.label_en),
            countdown(d, now, lang)
        )
    });
    let b = &case.breach;
    format!("{}  {:<9} {}{next}", b.reference, level, b.title)
}

/// One change of the history: its number, Paris time, the action in words, who, and the
/// start of its hash.
pub fn history_line(e: &Event, lang: Lang) -> String {
    let at =
        e.at.parse::<Timestamp>()
            .map_or_else(|_| e.at.clone(), local);
    format!(
        "#{:<5} {at}  {:<28} {:<10} {}",
        e.seq,
        Labels::embedded().action(&e.action, lang),
        e.actor,
        &e.hash[..16]
    )
}

/// A person of the case as `persons --json` prints it; names and contact details only
/// when `reveal`.
pub fn person_json(p: &Person, reveal: bool) -> serde_json::Value {
    let mut v = serde_json::json!({
        "registry_id": p.registry_id,
        "probability": p.probability,
        "decision": p.decision,
        "categories": p.categories,
    });
    if reveal {
        v["details"] = serde_json::Value::Object(p.details.clone());
    }
    v
}

/// A person of the case on one line.
pub fn person_line(p: &Person, reveal: bool) -> String {
    format!(
        "{}  p={:.3}{}  {:?}{}",
        p.registry_id,
        p.probability,
        match p.decision {
            LinkDecision::Review => "  (review)",
            LinkDecision::Reject => "  (rejected)",
            LinkDecision::Accept => "",
        },
        p.categories,
        if reveal {
            format!("  {}", serde_json::Value::Object(p.details.clone()))
        } else {
            String::new()
        }
    )
}

/// The audit of the accepted pairs, when reviewers answered on some: per band of the
/// linker's probability, the pairs accepted and answered, and the precision's interval.
/// `None` when no one answered.
pub fn audit(persons: &[Person], json: bool, lang: Lang) -> Option<String> {
    let (bands, overall) = crate::evidence::audit(persons);
    if bands.iter().all(|b| b.answered == 0) {
        return None;
    }
    if json {
        let precision = overall.map(|(l, h)| [l, h]);
        return Some(serde_json::json!({"audit": bands, "precision": precision}).to_string());
    }
    let interval = |i: Option<(f64, f64)>| {
        i.map_or("—".to_string(), |(l, h)| {
            format!(
                "{} % – {} %",
                lang.decimal(100.0 * l, 1),
                lang.decimal(100.0 * h, 1)
            )
        })
    };
    let mut out = vec![lang
        .pick(
            "audit des paires retenues (probabilité, retenues, vérifiées, même personne, précision à 95 %) :",
            "audit of the accepted pairs (probability, accepted, answered, same person, precision at 95 %):",
        )
        .to_string()];
    for b in &bands {
        out.push(format!(
            "  {}–{}  {:>7}  {:>5}  {:>5}  {}",
            lang.decimal(b.from, 3),
            lang.decimal(b.to, 3),
            b.accepted,
            b.answered,
            b.same,
            interval(b.interval)
        ));
    }
    out.push(format!(
        "  {}  {}",
        lang.pick("ensemble", "overall"),
        interval(overall)
    ));
    Some(out.join("\n"))
}

/// The register's check: its cases and changes and the history intact, with the head to
/// keep elsewhere; or each problem found.
pub fn verified(v: &crate::store::Verification, path: &str, lang: Lang) -> String {
    if !v.problems.is_empty() {
        return v
            .problems
            .iter()
            .map(|p| format!("{path}: {p}"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let (cases, events) = (v.cases, v.events);
    let mut out = vec![match lang {
        Lang::Fr => format!("{path} : {cases} dossiers, {events} modifications, historique intact"),
        Lang::En => format!("{path}: {cases} cases, {events} changes, history intact"),
    }];
    // Kept elsewhere, the head proves later that nothing was cut or rewritten.
    if let Some((n, last)) = &v.head {
        out.push(format!("{path}: {} {n} {last}", lang.pick("tête", "head")));
    }
    out.join("\n")
}

/// A share's persons as the table, the line and the drafts say them: by the accepted
/// pairs, and in brackets if the pairs awaiting review are each one person too.
pub fn persons(share: &Share, lang: Lang) -> String {
    let (n, low) = (share.persons, share.persons_if_reviewed);
    if low == n {
        n.to_string()
    } else {
        format!(
            "{n} ({low} {})",
            lang.pick("après vérification", "once reviewed")
        )
    }
}

/// The precision of the joins of rows into persons, as the model estimates it.
pub fn precision(split: &Split, lang: Lang) -> Option<String> {
    split.precision.map(|p| {
        format!(
            "{} {} %",
            lang.pick(
                "précision des regroupements estimée par le modèle :",
                "precision of the joins as the model estimates it:"
            ),
            lang.decimal(p * 100.0, 1)
        )
    })
}

/// How the persons were counted, said under every count.
pub fn persons_counted(lang: Lang) -> &'static str {
    lang.pick(
        "personnes : distinctes d'après les paires de lignes retenues (vigie link dedup) ; entre parenthèses, si les paires à vérifier sont aussi chacune une personne",
        "persons: distinct by the pairs of rows accepted (vigie link dedup); in brackets, if the pairs awaiting review are each one person as well",
    )
}

/// The split of a leak among the controllers, in one line: the file, the column, the
/// whole, and what is left unassigned.
pub fn split_line(split: &Split, lang: Lang) -> String {
    let (t, u) = (&split.total, &split.unassigned);
    let column = match lang {
        Lang::Fr => format!("colonne « {} »", split.column),
        Lang::En => format!("column \"{}\"", split.column),
    };
    let mut line = format!(
        "{} {} ({column}, BLAKE3 {}…){} {} {}, {} {}",
        lang.pick("répartition :", "split:"),
        split.file,
        &split.blake3[..16.min(split.blake3.len())],
        lang.pick(" :", ":"),
        t.rows,
        lang.pick("lignes", "rows"),
        persons(t, lang),
        lang.pick("personnes distinctes", "distinct persons"),
    );
    if split.at_most > t.persons {
        line += &format!(" ({} {})", lang.pick("au plus", "at most"), split.at_most);
    }
    if let Some(p) = precision(split, lang) {
        line += &format!(", {p}");
    }
    if split.shared_persons > 0 {
        line += &format!(
            ", {} {}",
            split.shared_persons,
            lang.pick("chez plusieurs responsables", "with several controllers")
        );
    }
    if u.rows > 0 {
        line += &format!(
            "{} {} {} ({})",
            lang.pick(" ;", ";"),
            u.rows,
            lang.pick("lignes non attribuées", "rows unassigned"),
            unassigned_codes(split, lang)
        );
    }
    line
}

/// The unassigned rows' codes, most rows first (at most ten named), and the rows without
/// a code.
fn unassigned_codes(split: &Split, lang: Lang) -> String {
    let mut codes: Vec<(&String, &u64)> = split.unknown_codes.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = codes
        .iter()
        .take(10)
        .map(|(c, n)| format!("{c} ×{n}"))
        .collect();
    if codes.len() > 10 {
        parts.push(format!(
            "+{} {}",
            codes.len() - 10,
            lang.pick("autres codes", "other codes")
        ));
    }
    if split.blank > 0 {
        parts.push(format!(
            "{} ×{}",
            lang.pick("sans code", "no code"),
            split.blank
        ));
    }
    format!(
        "{} {}",
        lang.pick("codes inconnus :", "unknown codes:"),
        parts.join(", ")
    )
}

/// Which of a processor's controllers a table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Only {
    /// Every one, and the unassigned rows.
    #[default]
    All,
    /// Those not told yet.
    Waiting,
    /// Those whose own case is late telling the supervisory authority.
    Late,
}

impl Only {
    pub fn keeps(self, r: &ClientRow) -> bool {
        match self {
            Only::All => true,
            Only::Waiting => r.waiting,
            Only::Late => r.late,
        }
    }
}

/// One of a processor's controllers as the table and the dashboard show it, in words.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    /// Its rows of the leak, "—" before a split.
    pub rows: String,
    pub persons: String,
    /// When and how it was told, or how long it has waited.
    pub told: String,
    /// Not told yet.
    pub waiting: bool,
    /// The controller's own case in this register, opened from the processor's notice
    /// (`vigie breach receive`), and where its notification to the supervisory
    /// authority and to the persons stand.
    pub case: String,
    pub authority: String,
    pub persons_told: String,
    /// The notices its case sent, by delivery state, and who sends them.
    pub notices: String,
    /// The authority's notification is late.
    pub late: bool,
}

/// A processor's controllers as rows: each one's share of the leak and when it was told,
/// or how long it has waited since the processor became aware; the unassigned rows last
/// (their `told` says their codes).
pub fn client_rows(
    case: &Case,
    theirs: &[(Case, Vec<crate::store::Delivery>)],
    now: Timestamp,
    lang: Lang,
) -> Vec<ClientRow> {
    let shares = case.split.as_ref().map(|s| &s.shares);
    let fr = lang == Lang::Fr;
    let labels = Labels::embedded();
    // Each controller's own case, where the processor runs vigie for its clients.
    let own = |id: &str| {
        theirs.iter().find(|(c, _)| {
            c.from_processor
                .as_ref()
                .is_some_and(|f| f.processor == case.breach.reference && f.controller == id)
        })
    };
    let notices = |c: &Case, log: &[crate::store::Delivery]| {
        let mut by: std::collections::BTreeMap<String, usize> = Default::default();
        for d in log {
            *by.entry(labels.of("delivery", &d.status, lang))
                .or_default() += 1;
        }
        let mut said: Vec<String> = by.iter().map(|(s, n)| format!("{n} {s}")).collect();
        if said.is_empty() {
            said.push(lang.pick("aucune", "none").to_string());
        }
        let mut said = said.join(", ");
        if let Some(d) = c.delegation() {
            said += &format!(" ({} {})", lang.pick("déléguées à", "delegated to"), d.to);
        }
        said
    };
    let stands = |c: &Case, r: crate::Recipient| {
        c.obligations(now)
            .into_iter()
            .find(|o| o.recipient == r)
            .map(|o| {
                (
                    o.status.text(fr),
                    matches!(o.status, Status::Owed { late: true }),
                )
            })
    };
    let mut out: Vec<ClientRow> = case
        .clients
        .iter()
        .map(|c| {
            let share = shares.and_then(|s| s.get(&c.id));
            let told = match &c.informed {
                Some(i) => format!(
                    "{} {} {} {}{}",
                    lang.pick("le", "on"),
                    local(i.at),
                    lang.pick("par", "by"),
                    i.by,
                    if i.how.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", i.how)
                    }
                ),
                None => format!(
                    "{} ({} {})",
                    lang.pick("à informer", "to tell"),
                    lang.pick("attend depuis", "waiting for"),
                    span(
                        now.as_second()
                            .saturating_sub(case.breach.aware.as_second())
                            .unsigned_abs(),
                        lang
                    )
                ),
            };
            let told = match &c.acknowledged {
                Some(a) => format!(
                    "{told}{} {} {}",
                    lang.pick(" ;", ";"),
                    lang.pick("accusé de réception le", "acknowledged on"),
                    local(a.at)
                ),
                None => told,
            };
            let told = match share.map_or(0, |s| s.linked) {
                0 => told,
                n => format!(
                    "{told}{} {n} {}",
                    lang.pick(" ;", ";"),
                    lang.pick(
                        "lignes sans code trouvées dans son registre chiffré",
                        "rows without a code found in its encoded registry"
                    )
                ),
            };
            let theirs = own(&c.id);
            let authority =
                theirs.and_then(|(o, _)| stands(o, crate::Recipient::SupervisoryAuthority));
            let persons_told = theirs.and_then(|(o, _)| stands(o, crate::Recipient::DataSubjects));
            ClientRow {
                id: c.id.clone(),
                name: c.name.clone(),
                rows: share.map_or("—".to_string(), |s| s.rows.to_string()),
                persons: share.map_or("—".to_string(), |s| persons(s, lang)),
                told,
                waiting: c.informed.is_none(),
                case: theirs.map_or("—".to_string(), |(o, _)| o.breach.reference.clone()),
                notices: theirs.map_or("—".to_string(), |(o, log)| notices(o, log)),
                late: authority.as_ref().is_some_and(|a| a.1),
                authority: authority.map_or("—".to_string(), |a| a.0),
                persons_told: persons_told.map_or("—".to_string(), |a| a.0),
            }
        })
        .collect();
    if let Some(split) = &case.split
        && split.unassigned.rows > 0
    {
        out.push(ClientRow {
            id: "—".into(),
            name: lang.pick("non attribuées", "unassigned").into(),
            rows: split.unassigned.rows.to_string(),
            persons: persons(&split.unassigned, lang),
            told: unassigned_codes(split, lang),
            ..ClientRow::default()
        });
    }
    out
}

/// The controllers' table for a terminal (`vigie breach controllers`), with how the
/// persons were counted under it.
pub fn clients(
    case: &Case,
    theirs: &[(Case, Vec<crate::store::Delivery>)],
    only: Only,
    now: Timestamp,
    lang: Lang,
) -> Vec<String> {
    let mut rows = client_rows(case, theirs, now, lang);
    rows.retain(|r| only.keeps(r));
    let id_head = lang.pick("identifiant", "id");
    let width = |of: fn(&ClientRow) -> &String, least: usize, most: usize| {
        rows.iter()
            .map(|r| of(r).chars().count())
            .max()
            .unwrap_or(0)
            .clamp(least, most)
    };
    let (id_width, name_width) = (
        width(|r| &r.id, id_head.chars().count(), 40),
        width(|r| &r.name, 10, 40),
    );
    let persons_width = width(|r| &r.persons, 9, 40);
    let opened = rows.iter().any(|r| !r.case.is_empty() && r.case != "—");
    let line = |r: &ClientRow| {
        let name: String = r.name.chars().take(name_width).collect();
        let (id, rows, persons, told) = (&r.id, &r.rows, &r.persons, &r.told);
        let mut l = format!(
            "{id:<id_width$}  {name:<name_width$}  {rows:>9}  {persons:<persons_width$}  {told}"
        );
        if opened && !r.case.is_empty() {
            l += &format!(
                "  | {} · {} {} · {} {} · {} {}",
                r.case,
                lang.pick("CNIL :", "authority:"),
                r.authority,
                lang.pick("personnes :", "persons:"),
                r.persons_told,
                lang.pick("notifications :", "notices:"),
                r.notices
            );
        }
        l
    };
    let head = ClientRow {
        id: id_head.into(),
        name: lang.pick("nom", "name").into(),
        rows: lang.pick("lignes", "rows").into(),
        persons: lang.pick("personnes", "persons").into(),
        told: lang.pick("informé", "told").into(),
        ..ClientRow::default()
    };
    let mut out = vec![line(&head)];
    out.extend(rows.iter().map(line));
    if case.split.is_some() {
        out.push(persons_counted(lang).to_string());
    }
    out
}

/// What a new table of controllers changed, in a line.
pub fn merged(m: &crate::clients::Merged, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "vigie : {} responsable(s) de traitement ajouté(s), {} mis à jour, {} conservé(s) hors du tableau",
            m.added, m.updated, m.kept
        ),
        Lang::En => format!(
            "vigie: {} controller(s) added, {} updated, {} kept that the table does not list",
            m.added, m.updated, m.kept
        ),
    }
}

/// Where a processor's notice was written, and what it says in counts.
pub fn notice_written(notice: &crate::clients::Notice, to: &std::path::Path, lang: Lang) -> String {
    let (name, path) = (&notice.controller.name, to.display());
    let share = notice.share.map_or_else(
        || {
            lang.pick(
                "sans sa part de la fuite (vigie breach split)",
                "without its share of the leak (vigie breach split)",
            )
            .to_string()
        },
        |s| {
            format!(
                "{} {}, {} {}",
                s.rows,
                lang.pick("lignes", "rows"),
                persons(&s, lang),
                lang.pick("personnes", "persons")
            )
        },
    );
    match lang {
        Lang::Fr => format!("vigie : avis à {name} écrit dans {path} ({share})"),
        Lang::En => format!("vigie: notice to {name} written to {path} ({share})"),
    }
}
