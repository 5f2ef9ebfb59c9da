//! The link as a self-contained HTML page for the DPO and the regulator: what was read
//! and how columns were mapped, what blocking proposed and how much it likely missed, the
//! model's weights per field and level, the distribution of match weights around the
//! threshold, and the borderline pairs with their field-by-field explanation. Ids are
//! shown (they are what the matches file holds); names, dates and other values never
//! are.

use crate::Outcome;
use crate::compare::{COMPARISONS, OTHER_LEVELS};
use crate::record::TableInfo;
use std::fmt::Write;
use vigie_detect::mask::esc;

/// How many borderline pairs are explained.
const BORDERLINE: usize = 30;

/// The first section, for the DPO: the persons the registry knows in the leak, those
/// awaiting review, the rows linked to nobody, and how far the figures can be trusted, in
/// sentences.
fn dpo_summary(h: &mut String, out: &Outcome, leak: &TableInfo, fr: bool) {
    let p = out.persons(leak.rows);
    let n = vigie_detect::thousands;
    let decimal = |x: f64| {
        let s = format!("{x:.1}");
        if fr { s.replace('.', ",") } else { s }
    };
    let mut lines = Vec::new();
    lines.push(if fr {
        format!(
            "<strong>{} patients du registre</strong> sont dans la fuite ({} lignes retenues ; un patient présent sur plusieurs lignes est compté une fois) : ce sont les personnes à informer.",
            n(p.affected),
            n(p.accepted_rows)
        )
    } else {
        format!(
            "<strong>{} registry patients</strong> are in the leak ({} rows accepted; a patient on several rows is counted once): these are the persons to tell.",
            n(p.affected),
            n(p.accepted_rows)
        )
    });
    if p.review_rows > 0 {
        lines.push(if fr {
            format!(
                "{} autres patients sont <strong>à vérifier</strong> ({} lignes) : ils ne sont pas informés avant qu'une personne ait confirmé la correspondance (vigie breach review).",
                n(p.review_patients),
                n(p.review_rows)
            )
        } else {
            format!(
                "{} more patients <strong>await review</strong> ({} rows): they are not told until a person confirms the match (vigie breach review).",
                n(p.review_patients),
                n(p.review_rows)
            )
        });
    }
    lines.push(if fr {
        format!(
            "{} lignes de la fuite sur {} ne correspondent à aucun patient du registre : d'autres personnes, des lignes de test, ou des lignes trop incomplètes pour être rapprochées.",
            n(p.unmatched_rows),
            n(p.leak_rows)
        )
    } else {
        format!(
            "{} of the leak's {} rows match no registry patient: other persons, test rows, or rows too incomplete to link.",
            n(p.unmatched_rows),
            n(p.leak_rows)
        )
    });
    lines.push(if fr {
        format!(
            "Confiance : le modèle estime à {} le nombre de fausses correspondances parmi les lignes retenues ; sur des jeux d'essai à vérité connue, il surestimait ce nombre de deux à cinq fois. Pour un chiffre mesuré, faites vérifier un échantillon tiré au hasard (vigie breach review RÉF --audit 50).",
            decimal(out.expected_false_matches)
        )
    } else {
        format!(
            "Confidence: the model expects {} false matches among the accepted rows; on test sets with known truth it overestimated that number two to five times. For a measured figure, have a random sample checked (vigie breach review REF --audit 50).",
            decimal(out.expected_false_matches)
        )
    });
    if let Some(r) = out.blocking_recall {
        let pct = decimal(r * 100.0);
        lines.push(if fr {
            format!("Les règles d'appariement ont proposé au plus {pct} % des vraies correspondances (estimation haute) : les autres ne peuvent être retenues.")
        } else {
            format!("The pairing rules proposed at most {pct} % of the true matches (an upper estimate): the others cannot be accepted.")
        });
    }
    let _ = write!(
        h,
        "<h2>{}</h2><ul class=\"dpo\">",
        if fr { "En bref" } else { "In short" }
    );
    for l in lines {
        let _ = write!(h, "<li>{l}</li>");
    }
    h.push_str("</ul>");
}

pub fn html(out: &Outcome, leak: &TableInfo, registry: &TableInfo, fr: bool) -> String {
    let t = |en: &'static str, f: &'static str| if fr { f } else { en };
    let accepted = out.decisions.iter().filter(|d| d.accepted).count();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse;margin:1em 0}}\
td,th{{border:1px solid #bbb;padding:.25em .5em;text-align:left}}td.n{{text-align:right}}\
.pos{{color:#060}}.neg{{color:#a00}}h2{{margin-top:2em}}</style></head><body><h1>{}</h1>",
        if fr { "fr" } else { "en" },
        t("Linkage report", "Rapport de rapprochement"),
        t("Linkage report", "Rapport de rapprochement"),
    );
    dpo_summary(&mut h, out, leak, fr);
    let _ = write!(
        h,
        "<h2>{}</h2>",
        t(
            "For the statistician: the model and its figures",
            "Pour le statisticien : le modèle et ses chiffres"
        )
    );
    let rows: Vec<(&str, String)> = vec![
        (t("Leaked file", "Fichier divulgué"), esc(&leak.path)),
        (t("Registry", "Registre"), esc(&registry.path)),
        (
            t("Rows (leak / registry)", "Lignes (fuite / registre)"),
            format!("{} / {}", leak.rows, registry.rows),
        ),
        (
            t("Candidate pairs scored", "Paires candidates évaluées"),
            out.candidate_pairs.to_string(),
        ),
        (
            t("Accepted matches", "Correspondances retenues"),
            accepted.to_string(),
        ),
        (
            t("Threshold (probability)", "Seuil (probabilité)"),
            format!("{:.3}", out.threshold),
        ),
        (
            t(
                "Pairs awaiting review (not notified until confirmed)",
                "Paires à vérifier (non notifiées avant confirmation)",
            ),
            out.in_review.to_string(),
        ),
        (
            t(
                "Review from (probability)",
                "Vérification à partir de (probabilité)",
            ),
            format!("{:.3}", out.review_from),
        ),
        (
            t(
                "Rejected for a decisive contradiction (born apart, other first names)",
                "Rejetées pour une contradiction décisive (nés à des dates éloignées, autres prénoms)",
            ),
            out.contradicted.to_string(),
        ),
        (
            t(
                "False matches expected among them (model's estimate)",
                "Fausses correspondances attendues parmi elles (estimation du modèle)",
            ),
            format!("{:.1}", out.expected_false_matches),
        ),
        (
            t("Estimated blocking recall", "Rappel estimé du blocage"),
            out.blocking_recall
                .map_or("—".to_string(), |r| format!("{r:.4}")),
        ),
        (
            t(
                "Leak rows without any candidate",
                "Lignes de la fuite sans candidat",
            ),
            out.without_candidate.to_string(),
        ),
        (
            t(
                "Pairs of one household in the registry (relatives' chances counted on)",
                "Paires d'un même foyer dans le registre (chances entre proches comptées sur)",
            ),
            out.household_pairs.to_string(),
        ),
        (
            t(
                "Namesakes sharing a commune, against chance (weight taken off)",
                "Homonymes d'une même commune, au-delà du hasard (poids retiré)",
            ),
            format!("{:.1}", out.namesake_excess),
        ),
        (
            t(
                "Share of matches among pairs (λ)",
                "Part de correspondances (λ)",
            ),
            format!("{:.5}", out.model.lambda),
        ),
    ];
    h.push_str("<table>");
    for (k, v) in rows {
        let _ = write!(h, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    h.push_str("</table>");

    // What the probabilities predict, per band, and what reviewers found: a reliability
    // table (predicted against observed), whose observed side needs answers.
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("Probabilities by band", "Probabilités par tranche"),
        t(
            "Per band of the model's probability: the best candidates, how many were accepted or sent to review, the false matches the model expects among them (the sum of 1 − p), and, where reviewers answered on pairs of the band, the share they found to be the same person beside the share the model predicted for those pairs (its probability before their answers). Without answers the expected count is the model's own, checked only on test sets with known truth: there the model alone overestimated its false matches two to five times (a cautious reading, not within ±25 %). For a measured figure, audit a random sample of the accepted pairs (vigie breach review REF --audit N).",
            "Par tranche de probabilité du modèle : les meilleurs candidats, combien sont retenus ou à vérifier, les fausses correspondances que le modèle attend parmi eux (la somme de 1 − p) et, là où des vérificateurs ont répondu sur des paires de la tranche, la part qu'ils ont trouvée être la même personne à côté de la part que le modèle prédisait pour ces paires (sa probabilité avant leurs réponses). Sans réponses, ce nombre est l'estimation du modèle, contrôlée seulement sur des jeux d'essai dont la vérité est connue : le modèle seul y surestimait ses fausses correspondances de deux à cinq fois (une lecture prudente, pas à ±25 % près). Pour un chiffre mesuré, vérifiez un échantillon tiré au hasard des paires retenues (vigie breach review REF --audit N).",
        ),
        t("probability", "probabilité"),
        t("pairs", "paires"),
        t("accepted", "retenues"),
        t("in review", "à vérifier"),
        t(
            "false matches expected",
            "fausses correspondances attendues"
        ),
        t("answered", "vérifiées"),
        t(
            "same person: observed / predicted",
            "même personne : observé / prédit"
        ),
    );
    const BANDS: [(f64, f64); 6] = [
        (0.0, 0.5),
        (0.5, 0.9),
        (0.9, 0.99),
        (0.99, 0.999),
        (0.999, 0.9999),
        (0.9999, 1.01),
    ];
    for (low, high) in BANDS {
        let band: Vec<_> = out
            .decisions
            .iter()
            .filter(|d| d.probability >= low && d.probability < high)
            .collect();
        let count = |v: crate::Verdict| band.iter().filter(|d| d.decision == v).count();
        let expected: f64 = band.iter().fold(0.0, |s, d| s + (1.0 - d.probability));
        let answered: Vec<_> = out
            .calibration
            .iter()
            .filter(|c| c.probability >= low && c.probability < high)
            .collect();
        let observed = if answered.is_empty() {
            "—".to_string()
        } else {
            let n = answered.len() as f64;
            let same = answered.iter().filter(|c| c.same).count() as f64;
            let predicted = answered.iter().map(|c| c.probability).sum::<f64>();
            format!("{:.2} / {:.2}", same / n, predicted / n)
        };
        let _ = write!(
            h,
            "<tr><td>{low} – {}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{expected:.1}</td><td class=n>{}</td><td class=n>{observed}</td></tr>",
            if high > 1.0 {
                "1".to_string()
            } else {
                high.to_string()
            },
            band.len(),
            count(crate::Verdict::Accept),
            count(crate::Verdict::Review),
            answered.len(),
        );
    }
    h.push_str("</table>");

    // Columns.
    let _ = write!(h, "<h2>{}</h2>", t("Columns", "Colonnes"));
    for info in [leak, registry] {
        let _ = write!(
            h,
            "<p>{}</p><table><tr><th>{}</th><th>{}</th></tr>",
            esc(&info.path),
            t("column", "colonne"),
            t("field", "champ")
        );
        for (col, f) in &info.mapping {
            let _ = write!(h, "<tr><td>{}</td><td>{}</td></tr>", esc(col), esc(&f.id()));
        }
        h.push_str("</table>");
        if !info.unusable.is_empty() || !info.warnings.is_empty() {
            let _ = write!(
                h,
                "<p>{}: {} · {}: {}</p>",
                t("rows not compared", "lignes non comparées"),
                info.unusable.len(),
                t("warnings", "avertissements"),
                info.warnings.len()
            );
        }
    }

    // Blocking.
    let _ = write!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("Blocking rules", "Règles de blocage"),
        t("rule", "règle"),
        t("pairs", "paires"),
        t(
            "largest block compared (records)",
            "plus grand bloc comparé (fiches)"
        ),
        t("larger blocks skipped", "blocs plus grands ignorés"),
        t("accepted matches found", "correspondances trouvées"),
        t("found by this rule only", "trouvées par cette seule règle"),
    );
    for r in &out.rules {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            esc(if fr { &r.name_fr } else { &r.name }),
            r.pairs,
            r.largest_block,
            r.capped_blocks,
            r.matches,
            r.only_matches
        );
    }
    h.push_str("</table>");

    // Weights.
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th><th>{}</th><th>m</th><th>u</th><th>{}</th></tr>",
        t("Model", "Modèle"),
        t(
            "m: how often true matches agree so; u: how often random pairs do; the weight is log2(m/u). Exact agreement on a first or last name is further adjusted by the name's frequency.",
            "m : fréquence de ce niveau parmi les vraies correspondances ; u : parmi des paires au hasard ; le poids vaut log2(m/u). L'accord exact sur un prénom ou un nom est ajusté selon la fréquence du nom.",
        ),
        t("field", "champ"),
        t("level", "niveau"),
        t("weight", "poids"),
    );
    for (f, name) in out.model.names.iter().enumerate() {
        let levels = COMPARISONS.get(f).map_or(OTHER_LEVELS, |(_, l)| l);
        for (l, level) in levels.iter().enumerate().skip(1) {
            let w = out.model.weight(f, l as u8);
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=n>{:.4}</td><td class=n>{:.4}</td><td class=\"n {}\">{w:+.2}</td></tr>",
                esc(name),
                esc(level),
                out.model.m[f][l],
                out.model.u[f][l],
                if w >= 0.0 { "pos" } else { "neg" }
            );
        }
    }
    h.push_str("</table>");

    // Distribution of the best candidates' weights.
    let _ = write!(
        h,
        "<h2>{}</h2>",
        t(
            "Match weight of each leak row's best candidate",
            "Poids du meilleur candidat de chaque ligne"
        )
    );
    h.push_str(&histogram(out));

    // Borderline pairs: the closest to the threshold, on either side.
    let threshold_weight = (out.threshold / (1.0 - out.threshold).max(1e-12)).log2();
    let mut near: Vec<_> = out.decisions.iter().collect();
    near.sort_by(|a, b| {
        (a.match_weight - threshold_weight)
            .abs()
            .total_cmp(&(b.match_weight - threshold_weight).abs())
    });
    near.truncate(BORDERLINE);
    near.sort_by(|a, b| b.match_weight.total_cmp(&a.match_weight));
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p>",
        t("Borderline pairs", "Paires à la limite"),
        t(
            "The pairs closest to the threshold, with each field's comparison level and weight.",
            "Les paires les plus proches du seuil, avec le niveau de comparaison et le poids de chaque champ.",
        )
    );
    for d in near {
        let _ = write!(
            h,
            "<table><tr><th colspan=3>{} {} → {} {} · p = {:.3} · {} {:.2}{}{}</th></tr>",
            t("leak", "fuite"),
            esc(&d.leak_id),
            t("registry", "registre"),
            esc(&d.registry_id),
            d.probability,
            t("weight", "poids"),
            d.match_weight,
            match d.decision {
                crate::Verdict::Accept => t(" · accepted", " · retenue"),
                crate::Verdict::Review => t(" · in review", " · à vérifier"),
                crate::Verdict::Reject => t(" · rejected", " · écartée"),
            },
            d.weight_gap.map_or(String::new(), |g| format!(
                " · {} {g:.2}",
                t("gap to runner-up", "écart au suivant")
            )),
        );
        for c in &d.contradictions {
            let _ = write!(
                h,
                "<tr><td colspan=3 class=neg>{}</td></tr>",
                esc(crate::compare::contradiction::words(c, fr))
            );
        }
        for f in &d.fields {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n {}\">{:+.2}</td></tr>",
                esc(&crate::compare::field_words(&f.field, fr)),
                esc(&crate::compare::level_words(&f.level, fr)),
                if f.weight >= 0.0 { "pos" } else { "neg" },
                f.weight
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</body></html>\n");
    h
}

/// Bars of the best candidates' weights, one per unit of weight, with the threshold.
fn histogram(out: &Outcome) -> String {
    let weights: Vec<f64> = out.decisions.iter().map(|d| d.match_weight).collect();
    if weights.is_empty() {
        return String::new();
    }
    let lo = weights
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .floor();
    let hi = weights
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .ceil();
    let bins = ((hi - lo) as usize).clamp(1, 120);
    let width = (hi - lo).max(1.0) / bins as f64;
    let mut counts = vec![0usize; bins];
    for w in &weights {
        let b = (((w - lo) / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let (w_px, h_px, bar) = (800.0, 200.0, 800.0 / bins as f64);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w_px}\" height=\"{}\" role=\"img\">",
        h_px + 20.0
    );
    for (i, &c) in counts.iter().enumerate() {
        // Square-root scale: the few borderline rows stay visible beside the many sure ones.
        let height = (c as f64 / max).sqrt() * h_px;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{height:.1}\" fill=\"#4a7\"><title>{:.0}…{:.0}: {c}</title></rect>",
            i as f64 * bar,
            h_px - height,
            (bar - 1.0).max(1.0),
            lo + i as f64 * width,
            lo + (i + 1) as f64 * width
        );
    }
    let t = (out.threshold / (1.0 - out.threshold).max(1e-12)).log2();
    let x = ((t - lo) / (hi - lo).max(1.0) * w_px).clamp(0.0, w_px);
    let _ = write!(
        s,
        "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"0\" y2=\"{h_px}\" stroke=\"#a00\" stroke-width=\"2\"/>\
<text x=\"0\" y=\"{}\" font-size=\"12\">{lo:.0}</text><text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{hi:.0}</text></svg>",
        h_px + 15.0,
        w_px,
        h_px + 15.0
    );
    s
}
