use super::{Encoder, Report};
use crate::{FileSummary, Finding, Summary};
use serde_json::json;
use std::io::Write;
use std::sync::Arc;
use vigie_detect::{Confidence, Detector, Kind};

/// SARIF 2.1.0: one rule per kind, one result per finding (streamed), notes as tool
/// execution notifications.
pub(crate) struct SarifReport<'a> {
    out: Box<dyn Write + 'a>,
    detector: &'a Detector,
    started: bool,
    first: bool,
}

impl<'a> SarifReport<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, detector: &'a Detector) -> SarifReport<'a> {
        SarifReport {
            out,
            detector,
            started: false,
            first: true,
        }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: Vec<_> = Kind::ALL
            .iter()
            .filter_map(|k| self.detector.rule(*k))
            .map(|r| {
                json!({
                    "id": r.id,
                    "name": r.id,
                    "shortDescription": {"text": r.name_en},
                    "fullDescription": {"text": format!("{} / {}. {}", r.name_en, r.name_fr, r.validator)},
                    "properties": {"category": r.category},
                })
            })
            .collect();
        let head = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
        });
        let driver = json!({
            "name": "vigie",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        // The document is written by hand around the streamed results array.
        let head = serde_json::to_string(&head)?;
        write!(
            self.out,
            "{},\"runs\":[{{\"tool\":{{\"driver\":{}}},\"results\":[",
            &head[..head.len() - 1],
            serde_json::to_string(&driver)?
        )
    }
}

fn level(c: Confidence) -> &'static str {
    match c {
        Confidence::Certain => "error",
        Confidence::Likely => "warning",
        Confidence::Possible => "note",
    }
}

/// SARIF results, comma-separated within a batch.
struct Results;

impl Encoder for Results {
    fn encode(&self, batch: &[Finding], out: &mut Vec<u8>) {
        for (i, f) in batch.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let place = f
                .column
                .as_deref()
                .map(|c| format!(" in column {c}"))
                .unwrap_or_default();
            let result = json!({
                "ruleId": f.kind.id(),
                "level": level(f.confidence),
                "message": {"text": format!("{} ({}){place}: {}", f.kind.id(), f.confidence.id(), f.excerpt)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path.as_ref()},
                    "region": {"startLine": f.line},
                }}],
                "partialFingerprints": {"vigie/v1": f.fingerprint.hex()},
                "properties": {"confidence": f.confidence.id(), "column": f.column.as_deref(), "row": f.row},
            });
            out.push(b'\n');
            let _ = serde_json::to_writer(&mut *out, &result);
        }
    }
}

impl Report for SarifReport<'_> {
    fn encoder(&self) -> Option<Arc<dyn Encoder>> {
        Some(Arc::new(Results))
    }

    fn encoded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.start()?;
        if bytes.is_empty() {
            return Ok(());
        }
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.first = false;
        self.out.write_all(bytes)
    }

    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()> {
        let mut buf = Vec::new();
        Results.encode(batch, &mut buf);
        self.encoded(&buf)
    }

    fn finish(&mut self, _files: &[FileSummary], s: &Summary) -> std::io::Result<()> {
        self.start()?;
        let notifications: Vec<_> = s
            .notes
            .iter()
            .map(|n| {
                let mut loc = json!({"physicalLocation": {"artifactLocation": {"uri": n.path}}});
                if let Some(l) = n.line {
                    loc["physicalLocation"]["region"] = json!({"startLine": l});
                }
                json!({
                    "level": if n.severity == "error" { "error" } else { "note" },
                    "message": {"text": n.message},
                    "locations": [loc],
                })
            })
            .collect();
        let invocation = json!({
            "executionSuccessful": s.errors == 0,
            "toolExecutionNotifications": notifications,
        });
        write!(
            self.out,
            "\n],\"invocations\":[{}]}}]}}\n",
            serde_json::to_string(&invocation)?
        )?;
        self.out.flush()
    }
}
