use super::Report;
use crate::{FileSummary, Finding, Summary};
use serde_json::json;
use std::io::Write;
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

impl Report for SarifReport<'_> {
    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()> {
        self.start()?;
        for f in batch {
            if !self.first {
                self.out.write_all(b",")?;
            }
            self.first = false;
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
            self.out.write_all(b"\n")?;
            serde_json::to_writer(&mut self.out, &result)?;
        }
        Ok(())
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
