use super::{Report, thousands};
use crate::{FileSummary, Finding, Summary};
use std::collections::BTreeMap;
use std::io::Write;
use vigie_detect::{Detector, Kind};

/// The human summary: per file, the kinds with counts and the persons; then the totals
/// and the notes.
pub(crate) struct TextReport<'a> {
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
}

impl<'a> TextReport<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, detector: &'a Detector) -> TextReport<'a> {
        TextReport { out, detector }
    }

    fn kinds(&mut self, counts: &BTreeMap<Kind, u64>, indent: &str) -> std::io::Result<()> {
        for (k, n) in counts {
            let name = self.detector.rule(*k).map_or("", |r| r.name_en.as_str());
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

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
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
        for f in files.iter().filter(|f| f.findings() > 0) {
            writeln!(
                self.out,
                "{}  ({}, {}, {})",
                f.path,
                f.format,
                f.encoding,
                size(f.bytes)
            )?;
            writeln!(
                self.out,
                "  persons: {} ({} with NIR, {} with health data)",
                thousands(f.persons.distinct),
                thousands(f.persons.with_nir),
                thousands(f.persons.with_health)
            )?;
            self.kinds(&f.counts, "  ")?;
            writeln!(self.out)?;
        }
        writeln!(
            self.out,
            "{} files scanned ({}), {} with personal data, {} without",
            thousands(s.files_scanned),
            size(s.bytes),
            thousands(s.files_with_findings),
            thousands(s.files_scanned - s.files_with_findings)
        )?;
        writeln!(
            self.out,
            "{} findings; {} distinct persons, of whom {} with NIR and {} with health data",
            thousands(s.findings),
            thousands(s.persons.distinct),
            thousands(s.persons.with_nir),
            thousands(s.persons.with_health)
        )?;
        self.kinds(&s.counts, "  ")?;
        if !s.notes.is_empty() {
            writeln!(self.out, "\nnotes:")?;
            for n in &s.notes {
                let at = n.line.map(|l| format!(":{l}")).unwrap_or_default();
                writeln!(self.out, "  {}{at}  [{}] {}", n.path, n.severity, n.message)?;
            }
        }
        self.out.flush()
    }
}
