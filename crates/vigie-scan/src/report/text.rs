use super::{Lang, Report, size, thousands};
use crate::{FileSummary, Finding, Summary};
use std::collections::BTreeMap;
use std::io::Write;
use vigie_detect::{Detector, Kind};

/// The human summary: per file, the kinds with counts and the persons; then the totals
/// and the notes.
pub(crate) struct TextReport<'a> {
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
    lang: Lang,
}

/// The report's sentences, French and English.
struct Words {
    persons: &'static str,
    with_nir: &'static str,
    with_health: &'static str,
    files_scanned: &'static str,
    with_data: &'static str,
    without: &'static str,
    findings: &'static str,
    distinct: &'static str,
    distinct_one: &'static str,
    of_whom: &'static str,
    and: &'static str,
    notes: &'static str,
    at_least: &'static str,
}

const FR: Words = Words {
    persons: "personnes",
    with_nir: "avec NIR",
    with_health: "avec données de santé",
    files_scanned: "fichiers analysés",
    with_data: "avec données personnelles",
    without: "sans",
    findings: "constats",
    distinct: "personnes distinctes",
    distinct_one: "personne distincte",
    of_whom: "dont",
    and: "et",
    notes: "remarques",
    at_least: "au moins ",
};

const EN: Words = Words {
    persons: "persons",
    with_nir: "with NIR",
    with_health: "with health data",
    files_scanned: "files scanned",
    with_data: "with personal data",
    without: "without",
    findings: "findings",
    distinct: "distinct persons",
    distinct_one: "distinct person",
    of_whom: "of whom",
    and: "and",
    notes: "notes",
    at_least: "at least ",
};

impl<'a> TextReport<'a> {
    pub(crate) fn new(
        out: Box<dyn Write + 'a>,
        detector: &'a Detector,
        lang: Lang,
    ) -> TextReport<'a> {
        TextReport {
            out,
            detector,
            lang,
        }
    }

    fn words(&self) -> &'static Words {
        match self.lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    fn kinds(&mut self, counts: &BTreeMap<Kind, u64>, indent: &str) -> std::io::Result<()> {
        for (k, n) in counts {
            let name = self.detector.rule(*k).map_or("", |r| match self.lang {
                Lang::Fr => r.name_fr.as_str(),
                Lang::En => r.name_en.as_str(),
            });
            writeln!(
                self.out,
                "{indent}{:<15} {:>10}  {name}",
                k.id(),
                thousands(*n)
            )?;
        }
        Ok(())
    }
}

impl Report for TextReport<'_> {
    fn wants_findings(&self) -> bool {
        false
    }

    fn findings(&mut self, _batch: &[Finding]) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, files: &[FileSummary], s: &Summary) -> std::io::Result<()> {
        let w = self.words();
        for f in files.iter().filter(|f| f.findings() > 0) {
            // Archive members have no size of their own on disk.
            let bytes = if f.bytes > 0 {
                format!(", {}", size(f.bytes, self.lang))
            } else {
                String::new()
            };
            writeln!(
                self.out,
                "{}  ({}, {}{bytes})",
                f.path, f.format, f.encoding
            )?;
            writeln!(
                self.out,
                "  {}: {} ({} {}, {} {})",
                w.persons,
                thousands(f.persons.distinct),
                thousands(f.persons.with_nir),
                w.with_nir,
                thousands(f.persons.with_health),
                w.with_health
            )?;
            self.kinds(&f.counts, "  ")?;
            writeln!(self.out)?;
        }
        writeln!(
            self.out,
            "{} {} ({}), {} {}, {} {}",
            thousands(s.files_scanned),
            w.files_scanned,
            size(s.bytes, self.lang),
            thousands(s.files_with_findings),
            w.with_data,
            thousands(s.files_scanned - s.files_with_findings),
            w.without
        )?;
        writeln!(
            self.out,
            "{} {}; {}{} {}, {} {} {} {} {} {}",
            thousands(s.findings),
            w.findings,
            if s.persons.at_least { w.at_least } else { "" },
            thousands(s.persons.distinct),
            if s.persons.distinct == 1 && !s.persons.at_least {
                w.distinct_one
            } else {
                w.distinct
            },
            w.of_whom,
            thousands(s.persons.with_nir),
            w.with_nir,
            w.and,
            thousands(s.persons.with_health),
            w.with_health
        )?;
        self.kinds(&s.counts, "  ")?;
        if !s.notes.is_empty() {
            writeln!(self.out, "\n{}:", w.notes)?;
            for n in &s.notes {
                let at = n.line.map(|l| format!(":{l}")).unwrap_or_default();
                let severity = super::severity_label(n.severity, self.lang);
                writeln!(
                    self.out,
                    "  {}{at}  [{severity}] {}",
                    n.path,
                    n.text(self.lang)
                )?;
            }
            if !s.notes_not_listed.is_empty() {
                let more = s.notes_not_listed_count();
                let more = thousands(more);
                match self.lang {
                    Lang::Fr => writeln!(self.out, "  … et {more} autres, non listées :")?,
                    Lang::En => writeln!(self.out, "  … and {more} more, not listed:")?,
                }
                for n in &s.notes_not_listed {
                    let severity = super::severity_label(n.severity, self.lang);
                    let text = self.lang.pick(&n.message_fr, &n.message);
                    writeln!(self.out, "  {} ×  [{severity}] {text}", thousands(n.count))?;
                }
            }
        }
        self.out.flush()
    }
}
