use super::{Report, thousands};
use crate::{FileSummary, Finding, Summary};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use vigie_detect::Detector;
use vigie_detect::mask::esc;

/// Findings shown per file and in all; the counts always cover everything.
const PER_FILE: usize = 20;
const TOTAL: usize = 2000;

/// A self-contained page (no script, no external resource) for a DPO: totals, kinds with
/// bars, files, a sample of masked findings per file, notes. Labels in French and English.
pub(crate) struct HtmlReport<'a> {
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
    samples: HashMap<String, Vec<Finding>>,
    kept: usize,
    /// Per file (or database table), the findings of each column by kind: which columns
    /// hold personal data is what a DPO asks of a table.
    columns: HashMap<String, BTreeMap<(String, &'static str), u64>>,
}

impl<'a> HtmlReport<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, detector: &'a Detector) -> HtmlReport<'a> {
        HtmlReport {
            out,
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
                    .entry((c.to_string(), f.kind.id()))
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
        let mut h = String::new();
        let _ = write!(
            h,
            "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>vigie — rapport d'analyse / scan report</title>\
             <style>{STYLE}</style><h1>vigie — rapport d'analyse <small>/ scan report</small></h1><div class=\"cards\">"
        );
        for (label, n) in [
            (
                "Personnes distinctes / distinct persons",
                s.persons.distinct,
            ),
            ("dont avec NIR / with NIR", s.persons.with_nir),
            (
                "dont avec données de santé / with health data",
                s.persons.with_health,
            ),
            (
                "Fichiers concernés / files with personal data",
                s.files_with_findings,
            ),
            ("Fichiers analysés / files scanned", s.files_scanned),
            ("Constats / findings", s.findings),
        ] {
            let _ = write!(
                h,
                "<div class=\"card\"><b>{}</b>{label}</div>",
                thousands(n)
            );
        }
        h.push_str("</div><h2>Catégories / kinds</h2><table><tr><th>Type</th><th>Description</th><th class=\"num\">Nombre / count</th><th style=\"width:30%\"></th></tr>");
        let max = s.counts.values().copied().max().unwrap_or(1).max(1);
        for (k, n) in &s.counts {
            let rule = self.detector.rule(*k);
            let name = rule
                .map(|r| format!("{} / {}", r.name_fr, r.name_en))
                .unwrap_or_default();
            let class = if k.is_health() {
                " class=\"health\""
            } else {
                ""
            };
            let _ = write!(
                h,
                "<tr><td{class}><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td><div class=\"bar\" style=\"width:{:.1}%\"></div></td></tr>",
                k.id(),
                esc(&name),
                thousands(*n),
                *n as f64 * 100.0 / max as f64
            );
        }
        h.push_str("</table><h2>Fichiers / files</h2>");
        for f in files.iter().filter(|f| f.findings() > 0) {
            let kinds: Vec<String> = f
                .counts
                .iter()
                .map(|(k, n)| format!("{} {}", k.id(), thousands(*n)))
                .collect();
            let _ = write!(
                h,
                "<details><summary><code>{}</code> — {} ({}, {}) — {} personnes / persons — {}</summary><table>\
                 <tr><th>Ligne / line</th><th>Colonne / column</th><th>Type</th><th>Confiance / confidence</th><th>Extrait masqué / masked excerpt</th></tr>",
                esc(&f.path),
                thousands(f.findings()),
                f.format,
                f.encoding,
                thousands(f.persons.distinct),
                esc(&kinds.join(", "))
            );
            if let Some(columns) = self.columns.get(&f.path) {
                let listed: Vec<String> = columns
                    .iter()
                    .map(|((c, k), n)| format!("{} ({k} {})", esc(c), thousands(*n)))
                    .collect();
                let _ = write!(
                    h,
                    "<tr><td colspan=\"5\">Colonnes / columns : {}</td></tr>",
                    listed.join(", ")
                );
            }
            // What was read of it (a database table's sample), said where the counts are.
            for n in s.notes.iter().filter(|n| n.path == f.path) {
                let _ = write!(
                    h,
                    "<tr><td colspan=\"5\"><small>{}</small></td></tr>",
                    esc(&n.message)
                );
            }
            for x in self.samples.get(&f.path).map(Vec::as_slice).unwrap_or(&[]) {
                let _ = write!(
                    h,
                    "<tr><td class=\"num\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td></tr>",
                    x.line,
                    esc(x.column.as_deref().unwrap_or("")),
                    x.kind.id(),
                    x.confidence.id(),
                    esc(&x.excerpt)
                );
            }
            h.push_str("</table></details>");
        }
        if !s.notes.is_empty() {
            h.push_str("<h2>Remarques / notes</h2><table><tr><th>Fichier / file</th><th>Ligne / line</th><th>Gravité / severity</th><th>Message</th></tr>");
            for n in &s.notes {
                let _ = write!(
                    h,
                    "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"sev-{}\">{}</td><td>{}</td></tr>",
                    esc(&n.path),
                    n.line.map(|l| l.to_string()).unwrap_or_default(),
                    n.severity,
                    n.severity,
                    esc(&n.message)
                );
            }
            h.push_str("</table>");
        }
        let _ = write!(
            h,
            "<p><small>Valeurs masquées ; empreintes à clé non affichées. Au plus {PER_FILE} constats par fichier sont montrés ; les comptes couvrent tout. \
             / Values are masked; at most {PER_FILE} findings per file are shown; counts cover everything.</small></p></html>"
        );
        self.out.write_all(h.as_bytes())?;
        self.out.flush()
    }
}
