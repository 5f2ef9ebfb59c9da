//! A case as the terminal shows it, in the reader's language: Paris times, levels and
//! obligations in words, countdowns; and as `--json` prints it (what is recorded, RFC
//! 3339 UTC). The command line prints these; the dashboard has its pages.

use crate::evidence::{LinkDecision, Person};
use crate::labels::Labels;
use crate::obligations::Status;
use crate::store::Event;
use crate::time::{countdown, local};
use crate::{Case, Lang, derive};
use jiff::Timestamp;

/// The case as `show --json` prints it: the stored case, its level and obligations.
pub fn view(case: &Case, now: Timestamp) -> serde_json::Value {
    let b = &case.breach;
    serde_json::json!({
        "reference": b.reference,
        "case": case,
        "severity": b.severity.as_ref().map(|s| s.score),
        "level": b.level().map(|l| l.id()),
        "obligations": derive(b, &case.decisions, now),
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
    for o in derive(b, &case.decisions, now) {
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
            "  - {}: {status}",
            lang.pick(&o.label_fr, &o.label_en)
        ));
        for r in &o.reasons {
            out.push(format!("      {}", r.get(fr)));
        }
    }
    out.join("\n")
}

/// The register's line for a case: reference, level, title, and the next deadline.
pub fn list_line(case: &Case, now: Timestamp, lang: Lang) -> String {
    let next = derive(&case.breach, &case.decisions, now)
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
            format!("{:.1} % – {:.1} %", 100.0 * l, 100.0 * h)
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
            "  {:.3}–{:.3}  {:>7}  {:>5}  {:>5}  {}",
            b.from,
            b.to,
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
