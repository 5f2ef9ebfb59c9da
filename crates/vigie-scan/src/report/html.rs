use super::{Lang, Report, Scope, thousands};
use crate::{FileSummary, Finding, Summary};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use vigie_detect::Detector;
use vigie_detect::mask::esc;

/// Findings shown per file and in all; the counts always cover everything.
const PER_FILE: usize = 20;
const TOTAL: usize = 2000;

/// A self-contained page (no script, no external resource) for a DPO: what was scanned,
/// when and by which version; the persons first, then the kinds by name with bars, files,
/// a sample of masked findings per file, and what could not be read and why. In the
/// reader's language.
pub(crate) struct HtmlReport<'a> {
    out: Box<dyn Write + 'a>,
    lang: Lang,
    scope: Scope,
    detector: &'a Detector,
    samples: HashMap<String, Vec<Finding>>,
    kept: usize,
    /// Per file (or database table), the findings of each column by kind: which columns
    /// hold personal data is what a DPO asks of a table.
    columns: HashMap<String, BTreeMap<(String, vigie_detect::Kind), u64>>,
}

impl<'a> HtmlReport<'a> {
    pub(crate) fn new(
        out: Box<dyn Write + 'a>,
        detector: &'a Detector,
        lang: Lang,
        scope: Scope,
    ) -> HtmlReport<'a> {
        HtmlReport {
            out,
            lang,
            scope,
            detector,
            samples: HashMap::new(),
            kept: 0,
            columns: HashMap::new(),
        }
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}\
.card{border:1px solid #ccc;border-radius:6px;padding:.8rem 1.2rem;min-width:11rem}.card b{font-size:1.6rem;display:block}\
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #e3e3e3;padding:.3rem .5rem;text-align:left;vertical-align:top}\
.bar{background:#c0392b;height:.7rem;border-radius:2px}.num{text-align:right;font-variant-numeric:tabular-nums}\
.health{color:#8e2a1f;font-weight:600}details{margin:.4rem 0}code{font-size:.85rem}.sev-error{color:#b00}";

impl Report for HtmlReport<'_> {
    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()> {
        for f in batch {
            if let Some(c) = &f.column {
                *self
                    .columns
                    .entry(f.path.to_string())
                    .or_default()
                    .entry((c.to_string(), f.kind))
                    .or_default() += 1;
            }
            if self.kept >= TOTAL {
                continue;
            }
            let v = self.samples.entry(f.path.to_string()).or_default();
            if v.len() < PER_FILE {
                let mut f = f.clone();
                f.value = None;
                v.push(f);
                self.kept += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self, files: &[FileSummary], s: &Summary) -> std::io::Result<()> {
        let lang = self.lang;
        let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
        let name = |k: vigie_detect::Kind| {
            self.detector
                .rule(k)
                .map(|r| lang.pick(&r.name_fr, &r.name_en).to_string())
                .unwrap_or_else(|| k.id().to_string())
        };
        let mut h = String::new();
        let _ = write!(
            h,
            "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style><h1>{}</h1>",
            lang.id(),
            t("vigie — rapport d'analyse", "vigie — scan report"),
            t(
                "Rapport d'analyse des données exposées",
                "Scan report: exposed personal data"
            ),
        );
        // The scope: what, when, by which version.
        let mut scope = Vec::new();
        if !self.scope.roots.is_empty() {
            let roots: Vec<String> = self
                .scope
                .roots
                .iter()
                .map(|r| format!("<code>{}</code>", esc(r)))
                .collect();
            scope.push(format!(
                "{} {}",
                t("Analysé :", "Scanned:"),
                roots.join(", ")
            ));
        }
        if !self.scope.excluded.is_empty() {
            let excluded: Vec<String> = self
                .scope
                .excluded
                .iter()
                .map(|r| format!("<code>{}</code>", esc(r)))
                .collect();
            scope.push(format!(
                "{} {}",
                t("Exclu :", "Excluded:"),
                excluded.join(", ")
            ));
        }
        if !self.scope.produced.is_empty() {
            scope.push(format!(
                "{} {} ({})",
                t("Le", "On"),
                esc(&self.scope.produced),
                t("heure de Paris", "Paris time")
            ));
        }
        if !self.scope.version.is_empty() {
            scope.push(format!("vigie <code>{}</code>", esc(&self.scope.version)));
        }
        if !scope.is_empty() {
            let _ = write!(h, "<p class=\"scope\">{}</p>", scope.join(" · "));
        }
        h.push_str("<div class=\"cards\">");
        let unread = s
            .notes
            .iter()
            .filter(|n| n.severity != "info")
            .map(|n| n.path.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len() as u64;
        for (label, n) in [
            (
                t("personnes distinctes", "distinct persons"),
                s.persons.distinct,
            ),
            (t("dont avec NIR", "with a NIR"), s.persons.with_nir),
            (
                t("dont avec des données de santé", "with health data"),
                s.persons.with_health,
            ),
            (
                t(
                    "fichiers avec des données personnelles",
                    "files with personal data",
                ),
                s.files_with_findings,
            ),
            (t("fichiers analysés", "files scanned"), s.files_scanned),
            (
                t(
                    "fichiers illisibles en tout ou partie",
                    "files not read, or in part",
                ),
                unread,
            ),
            (t("données relevées", "findings"), s.findings),
        ] {
            // Past the notes listed, files not read are counted from those listed only.
            let unread_at_least = !s.notes_not_listed.is_empty();
            let at_least = if (s.persons.at_least && label.contains(t("personnes", "persons")))
                || (unread_at_least && label.contains(t("illisibles", "not read")))
            {
                t("au moins ", "at least ")
            } else {
                ""
            };
            let _ = write!(
                h,
                "<div class=\"card\"><b>{at_least}{}</b>{label}</div>",
                thousands(n)
            );
        }
        let _ = write!(
            h,
            "</div><h2>{}</h2><table><tr><th>{}</th><th class=\"num\">{}</th><th style=\"width:30%\"></th></tr>",
            t("Données relevées, par type", "Findings by kind"),
            t("Type de donnée", "Kind of data"),
            t("Nombre", "Count"),
        );
        let max = s.counts.values().copied().max().unwrap_or(1).max(1);
        for (k, n) in &s.counts {
            let class = if k.is_health() {
                " class=\"health\""
            } else {
                ""
            };
            let _ = write!(
                h,
                "<tr><td{class}>{} <small><code>{}</code></small></td><td class=\"num\">{}</td><td><div class=\"bar\" style=\"width:{:.1}%\"></div></td></tr>",
                esc(&name(*k)),
                k.id(),
                thousands(*n),
                *n as f64 * 100.0 / max as f64
            );
        }
        let _ = write!(h, "</table><h2>{}</h2>", t("Fichiers", "Files"));
        for f in files.iter().filter(|f| f.findings() > 0) {
            let kinds: Vec<String> = f
                .counts
                .iter()
                .map(|(k, n)| format!("{} {}", name(*k), thousands(*n)))
                .collect();
            let _ = write!(
                h,
                "<details><summary><code>{}</code> — {} {} ({}, {}) — {} {} — {}</summary><table>\
                 <tr><th>{}</th><th>{}</th><th>Type</th><th>{}</th><th>{}</th></tr>",
                esc(&f.path),
                thousands(f.persons.distinct),
                if f.persons.distinct == 1 {
                    t("personne", "person")
                } else {
                    t("personnes", "persons")
                },
                f.format,
                f.encoding,
                thousands(f.findings()),
                t("données relevées", "findings"),
                esc(&kinds.join(", ")),
                t("Ligne", "Line"),
                t("Colonne", "Column"),
                t("Confiance", "Confidence"),
                t("Extrait masqué", "Masked excerpt"),
            );
            if let Some(columns) = self.columns.get(&f.path) {
                let listed: Vec<String> = columns
                    .iter()
                    .map(|((c, k), n)| {
                        let (c, k) = (esc(c), esc(&name(*k)));
                        format!("<code>{c}</code>{} {} {k}", t(" :", ":"), thousands(*n))
                    })
                    .collect();
                let _ = write!(
                    h,
                    "<tr><td colspan=\"5\">{} {}</td></tr>",
                    t("Colonnes :", "Columns:"),
                    listed.join("; ")
                );
            }
            // What was read of it (a database table's sample), said where the counts are.
            for n in s.notes.iter().filter(|n| n.path == f.path) {
                let _ = write!(
                    h,
                    "<tr><td colspan=\"5\"><small>{}</small></td></tr>",
                    code_spans(&esc(n.text(lang)))
                );
            }
            for x in self.samples.get(&f.path).map(Vec::as_slice).unwrap_or(&[]) {
                let _ = write!(
                    h,
                    "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                    x.line,
                    esc(x.column.as_deref().unwrap_or("")),
                    esc(&name(x.kind)),
                    x.confidence.label(lang),
                    esc(&x.excerpt)
                );
            }
            h.push_str("</table></details>");
        }
        if !s.notes.is_empty() {
            let _ = write!(
                h,
                "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                t(
                    "Ce qui n'a pas été lu, ou en partie, et pourquoi",
                    "What was not read, or in part, and why"
                ),
                t("Fichier", "File"),
                t("Ligne", "Line"),
                t("Gravité", "Severity"),
                t("Raison", "Reason"),
            );
            for n in &s.notes {
                let severity = super::severity_label(n.severity, lang);
                let _ = write!(
                    h,
                    "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"sev-{}\">{severity}</td><td>{}</td></tr>",
                    esc(&n.path),
                    n.line.map(|l| l.to_string()).unwrap_or_default(),
                    n.severity,
                    code_spans(&esc(n.text(lang)))
                );
            }
            h.push_str("</table>");
            if !s.notes_not_listed.is_empty() {
                let more = s.notes_not_listed_count();
                let _ = write!(
                    h,
                    "<p>{} {} {}</p><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
                    t("… et", "… and"),
                    thousands(more),
                    t("autres remarques, non listées :", "more notes, not listed:"),
                    t("Nombre", "Count"),
                    t("Gravité", "Severity"),
                    t("Raison", "Reason"),
                );
                for n in &s.notes_not_listed {
                    let severity = super::severity_label(n.severity, lang);
                    let _ = write!(
                        h,
                        "<tr><td class=\"num\">{}</td><td class=\"sev-{}\">{severity}</td><td>{}</td></tr>",
                        thousands(n.count),
                        n.severity,
                        code_spans(&esc(lang.pick(&n.message_fr, &n.message)))
                    );
                }
                h.push_str("</table>");
            }
        }
        let _ = write!(
            h,
            "<p><small>{}</small></p></html>",
            if lang == Lang::Fr {
                format!(
                    "Valeurs masquées ; empreintes à clé non affichées. Au plus {PER_FILE} données relevées par fichier sont montrées ; les comptes couvrent tout."
                )
            } else {
                format!(
                    "Values are masked; keyed fingerprints are not shown. At most {PER_FILE} findings per file are shown; the counts cover everything."
                )
            }
        );
        self.out.write_all(h.as_bytes())?;
        self.out.flush()
    }
}

/// A note's text with its technical detail (between backticks) shown as code.
fn code_spans(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}
