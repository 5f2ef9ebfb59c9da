//! The register for the regulator and the archive (GDPR Art. 33(5)): every case, notified
//! or not, with its facts, effects, remedies, severity and what was decided, as CSV (one
//! case a row), JSON, or a printable HTML page, in French or English.

use crate::Lang;
use crate::labels::Labels;
use crate::store::Case;
use crate::time::local;
use jiff::Timestamp;
use vigie_detect::mask::esc;

/// The columns: id, French label, English label.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("reference", "Référence", "Reference"),
    ("title", "Intitulé", "Title"),
    ("controller", "Qualité", "Role"),
    ("occurred", "Survenue", "Occurred"),
    ("discovered", "Découverte", "Discovered"),
    ("aware", "Prise de connaissance", "Aware"),
    ("nature", "Nature", "Nature"),
    ("origin", "Origine", "Origin"),
    ("cause", "Cause", "Cause"),
    ("persons", "Personnes concernées", "Persons concerned"),
    ("persons_count", "Nombre de personnes", "Number of persons"),
    ("data", "Données", "Data"),
    (
        "records_count",
        "Nombre d'enregistrements",
        "Number of records",
    ),
    ("consequences", "Conséquences", "Consequences"),
    ("measures_taken", "Mesures prises", "Measures taken"),
    ("measures_planned", "Mesures envisagées", "Measures planned"),
    ("severity", "Gravité (ENISA)", "Severity (ENISA)"),
    ("level", "Niveau retenu", "Level"),
    ("override", "Justification du niveau", "Level justification"),
    (
        "obligations",
        "Notifications et décisions",
        "Notifications and decisions",
    ),
    ("evidence", "Pièces", "Evidence"),
    ("dpo", "DPO / contact", "DPO / contact"),
];

/// One case as the register's cells, in column order.
fn cells(case: &Case, now: Timestamp, lang: Lang) -> Vec<String> {
    let b = &case.breach;
    let labels = Labels::embedded();
    let t = |t: Option<Timestamp>| t.map_or(String::new(), local);
    let occurred = match (b.occurred_start, b.occurred_end, b.ongoing) {
        (s, _, true) => format!(
            "{} → {}",
            t(s),
            if lang == Lang::Fr {
                "en cours"
            } else {
                "ongoing"
            }
        ),
        (s, e, false) => format!("{} → {}", t(s), t(e)),
    };
    let mut nature = Vec::new();
    if b.nature.confidentiality {
        nature.push(labels.of("nature", &"confidentiality", lang));
    }
    if b.nature.integrity {
        nature.push(labels.of("nature", &"integrity", lang));
    }
    if b.nature.availability {
        nature.push(labels.of("nature", &"availability", lang));
    }
    let obligations = case
        .obligations(now)
        .into_iter()
        .map(|o| {
            let fr = lang == Lang::Fr;
            let label = if fr { o.label_fr } else { o.label_en };
            let reasons: Vec<&str> = o.reasons.iter().map(|r| r.get(fr)).collect();
            format!("{label}: {} — {}", o.status.text(fr), reasons.join("; "))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let evidence = case
        .evidence
        .iter()
        .map(|e| {
            format!(
                "{} {} BLAKE3 {}",
                labels.of("evidence", &e.kind, lang),
                e.file,
                e.blake3
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        b.reference.clone(),
        b.title.clone(),
        labels.of("controller", &b.controller, lang),
        occurred,
        local(b.discovered),
        local(b.aware),
        nature.join(", "),
        labels.of("origin", &b.origin, lang),
        format!(
            "{} / {}",
            labels.of("actor", &b.actor, lang),
            labels.of("intent", &b.intent, lang)
        ),
        labels.list("person", &b.persons, lang),
        b.persons_count.map_or(String::new(), |n| n.to_string()),
        labels.list("data", &b.data, lang),
        b.records_count.map_or(String::new(), |n| n.to_string()),
        b.consequences.clone(),
        b.measures_taken.clone(),
        b.measures_planned.clone(),
        b.severity
            .as_ref()
            .map_or(String::new(), |s| s.formula(lang)),
        b.level()
            .map_or(String::new(), |l| labels.of("level", &l, lang)),
        b.severity_override
            .as_ref()
            .map_or(String::new(), |o| o.justification.clone()),
        obligations,
        evidence,
        b.dpo.clone(),
    ]
}

fn headers(lang: Lang) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .map(|(_, fr, en)| if lang == Lang::Fr { *fr } else { *en })
        .collect()
}

pub fn csv(cases: &[Case], now: Timestamp, lang: Lang) -> Result<Vec<u8>, String> {
    // `;` and a BOM: what Excel opens in French locales without an import dialog.
    let mut w = csv::WriterBuilder::new()
        .delimiter(if lang == Lang::Fr { b';' } else { b',' })
        .from_writer(Vec::new());
    w.write_record(headers(lang)).map_err(|e| e.to_string())?;
    for c in cases {
        let row = cells(c, now, lang);
        w.write_record(
            row.iter()
                .map(|c| vigie_detect::mask::spreadsheet_cell(c).into_owned()),
        )
        .map_err(|e| e.to_string())?;
    }
    let body = w.into_inner().map_err(|e| e.to_string())?;
    let mut out = b"\xef\xbb\xbf".to_vec();
    out.extend(body);
    Ok(out)
}

/// The register for a program: every case with its level and obligations, when it was
/// produced, and the history's head (to keep elsewhere, see `verify`).
pub fn json(cases: &[Case], now: Timestamp, head: Option<&(u64, String)>) -> serde_json::Value {
    let cases: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| {
            serde_json::json!({
                "case": c,
                "level": c.breach.level().map(|l| l.id()),
                "obligations": c.obligations(now),
            })
        })
        .collect();
    serde_json::json!({
        "produced": now,
        "history_head": head.map(|(events, last)| serde_json::json!({"events": events, "last": last})),
        "cases": cases,
    })
}

/// A self-contained page, one section a case, that prints on A4; it ends with the
/// history's head, so that a printed register can later prove nothing was cut or rewritten.
pub fn html(
    cases: &[Case],
    now: Timestamp,
    lang: Lang,
    controller_name: &str,
    head: Option<&(u64, String)>,
) -> String {
    let fr = lang == Lang::Fr;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font:11pt/1.4 sans-serif;margin:2em}} h1{{font-size:16pt}} h2{{font-size:13pt;border-bottom:1px solid #999}}\
         table{{border-collapse:collapse;width:100%}} th{{text-align:left;width:28%;vertical-align:top}}\
         td,th{{border:1px solid #ccc;padding:3px 6px;white-space:pre-wrap}}\
         section{{page-break-inside:avoid;margin-bottom:2em}} @page{{size:A4;margin:15mm}}</style></head><body>\n\
         <h1>{}</h1>\n<p>{} {} (heure de Paris / Paris time). {} {}.</p>\n",
        if fr { "fr" } else { "en" },
        if fr {
            "Registre des violations"
        } else {
            "Breach register"
        },
        esc(&format!(
            "{} — {controller_name}",
            if fr {
                "Registre des violations de données (RGPD art. 33(5))"
            } else {
                "Personal data breach register (GDPR Art. 33(5))"
            }
        )),
        if fr { "Établi le" } else { "Produced on" },
        local(now),
        cases.len(),
        if fr { "violation(s)" } else { "breach(es)" },
    );
    let heads = headers(lang);
    for c in cases {
        let row = cells(c, now, lang);
        out.push_str(&format!(
            "<section><h2>{} — {}</h2><table>\n",
            esc(&row[0]),
            esc(&row[1])
        ));
        for (h, v) in heads.iter().zip(&row).skip(2) {
            out.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                esc(h),
                esc(v)
            ));
        }
        out.push_str("</table></section>\n");
    }
    if let Some((events, last)) = head {
        out.push_str(&format!(
            "<p class=\"head\">{} {events} {} <code>{}</code>. {}</p>\n",
            if fr { "Historique du registre :" } else { "Register history:" },
            if fr { "évènements, le dernier" } else { "events, the last" },
            esc(last),
            if fr {
                "Conservez cette empreinte ailleurs : elle prouvera que rien n'a été retiré ni réécrit depuis (vigie breach verify)."
            } else {
                "Keep this fingerprint elsewhere: it will prove that nothing was removed or rewritten since (vigie breach verify)."
            }
        ));
    }
    out.push_str("</body></html>\n");
    out
}
