//! Report writers. Findings arrive in batches while the scan runs and are written at once
//! (JSONL, JSON, SARIF stream them); per-file summaries and totals come at the end.

mod html;
mod json;
mod sarif;
mod text;

use crate::{FileSummary, Finding, Summary};
use std::io::Write;
use vigie_detect::Detector;

pub use vigie_detect::Lang;

/// A size in binary units as the reader writes them: `1.5 MiB`, `1,5 Mio`.
pub fn size(bytes: u64, lang: Lang) -> String {
    let (unit, value) = match bytes {
        b if b >= 1 << 30 => (lang.pick("Gio", "GiB"), b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => (lang.pick("Mio", "MiB"), b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => (lang.pick("Kio", "KiB"), b as f64 / 1024.0),
        b => return format!("{b} {}", lang.pick("o", "B")),
    };
    format!("{} {unit}", lang.decimal(value, 1))
}

/// A note's severity as the report's reader says it.
fn severity_label(id: &str, lang: Lang) -> &'static str {
    match id {
        "error" => lang.pick("illisible", "could not be read"),
        "skipped" => lang.pick("non lu, ou en partie", "not read, or in part"),
        _ => lang.pick("lu, à savoir", "read, to know"),
    }
}

/// Report formats: text (summary per file), jsonl (one finding a line), json (one
/// document), sarif (SARIF 2.1.0), html (a self-contained page for a DPO).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    Text,
    Jsonl,
    Json,
    Sarif,
    Html,
}

/// Turns findings into report bytes on the scanning threads, so that the one writer
/// thread only copies bytes: serialising millions of findings was the bottleneck.
pub trait Encoder: Send + Sync {
    /// Appends one batch; the report puts whatever separates batches in between.
    fn encode(&self, batch: &[Finding], out: &mut Vec<u8>);
}

pub trait Report {
    /// The encoder for this report's findings, when it writes them as a stream of bytes.
    /// Reports without one receive the findings themselves.
    fn encoder(&self) -> Option<std::sync::Arc<dyn Encoder>> {
        None
    }
    /// A batch made by the encoder.
    fn encoded(&mut self, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    /// Whether this report uses individual findings. A summary-only report says no, and
    /// the scanner then skips masking and fingerprinting values that no one will read.
    fn wants_findings(&self) -> bool {
        true
    }
    /// Whether `finish` lists the files without findings too (the JSON document does).
    /// Other reports get only the files with findings: the run then holds no summary of
    /// the rest, and a share of millions of clean files costs no memory per file.
    fn lists_every_file(&self) -> bool {
        false
    }
    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()>;
    fn finish(&mut self, files: &[FileSummary], summary: &Summary) -> std::io::Result<()>;
}

/// A report of `format` written to `out` (the text report in English; see [`new_text`]).
pub fn new<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
) -> Box<dyn Report + 'a> {
    match format {
        Format::Text => Box::new(text::TextReport::new(out, detector, Lang::En)),
        Format::Jsonl => Box::new(json::JsonlReport { out }),
        Format::Json => Box::new(json::JsonReport::new(out)),
        Format::Sarif => Box::new(sarif::SarifReport::new(out, detector)),
        Format::Html => Box::new(html::HtmlReport::new(
            out,
            detector,
            Lang::En,
            Scope::default(),
        )),
    }
}

/// A report of `format` for its reader: the text and HTML reports in `lang`, the HTML one
/// with the run's scope on top.
pub fn for_reader<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
    lang: Lang,
    scope: Scope,
) -> Box<dyn Report + 'a> {
    match format {
        Format::Text => new_text(out, detector, lang),
        Format::Html => new_html(out, detector, lang, scope),
        _ => new(format, out, detector),
    }
}

/// What a report for people says of the run besides its findings: what was asked, when,
/// by which version (an auditor reading it later needs all three).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// The paths and databases given.
    pub roots: Vec<String>,
    /// Patterns left out (`--exclude`).
    pub excluded: Vec<String>,
    /// When, as the reader reads times (`06/12/2026 01:10`, Paris time).
    pub produced: String,
    pub version: String,
}

/// The HTML report for a DPO, in one language, with the run's scope on top.
pub fn new_html<'a>(
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
    lang: Lang,
    scope: Scope,
) -> Box<dyn Report + 'a> {
    Box::new(html::HtmlReport::new(out, detector, lang, scope))
}

/// The text report in a chosen language.
pub fn new_text<'a>(
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
    lang: Lang,
) -> Box<dyn Report + 'a> {
    Box::new(text::TextReport::new(out, detector, lang))
}

pub(crate) use vigie_detect::thousands;
