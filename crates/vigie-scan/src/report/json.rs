use super::{Encoder, Report};
use std::sync::Arc;

/// JSON lines: one object and a newline per finding.
struct Lines;

impl Encoder for Lines {
    fn encode(&self, batch: &[Finding], out: &mut Vec<u8>) {
        for f in batch {
            // Serialising plain data into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, f);
            out.push(b'\n');
        }
    }
}

/// Array items: newline-separated objects with commas between them.
struct Items;

impl Encoder for Items {
    fn encode(&self, batch: &[Finding], out: &mut Vec<u8>) {
        for (i, f) in batch.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'\n');
            let _ = serde_json::to_writer(&mut *out, f);
        }
    }
}
use crate::{FileSummary, Finding, Summary};
use std::io::Write;

/// One JSON object per finding, one per line.
pub(crate) struct JsonlReport<'a> {
    pub(crate) out: Box<dyn Write + 'a>,
}

impl Report for JsonlReport<'_> {
    fn encoder(&self) -> Option<Arc<dyn Encoder>> {
        Some(Arc::new(Lines))
    }

    fn encoded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }

    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()> {
        let mut buf = Vec::new();
        Lines.encode(batch, &mut buf);
        self.out.write_all(&buf)
    }

    fn finish(&mut self, _files: &[FileSummary], _summary: &Summary) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// One document: `{"findings": [...], "files": [...], "summary": {...}}`, the findings
/// streamed as they come.
pub(crate) struct JsonReport<'a> {
    out: Box<dyn Write + 'a>,
    first: bool,
}

impl<'a> JsonReport<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>) -> JsonReport<'a> {
        JsonReport { out, first: true }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if self.first {
            self.out.write_all(b"{\"version\":1,\"findings\":[")?;
        }
        Ok(())
    }
}

impl Report for JsonReport<'_> {
    fn encoder(&self) -> Option<Arc<dyn Encoder>> {
        Some(Arc::new(Items))
    }

    fn encoded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        if self.first {
            self.start()?;
            self.first = false;
        } else {
            self.out.write_all(b",")?;
        }
        self.out.write_all(bytes)
    }

    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()> {
        let mut buf = Vec::new();
        Items.encode(batch, &mut buf);
        self.encoded(&buf)
    }

    fn finish(&mut self, files: &[FileSummary], summary: &Summary) -> std::io::Result<()> {
        self.start()?;
        self.first = false;
        self.out.write_all(b"\n],\"files\":")?;
        serde_json::to_writer(&mut self.out, files)?;
        self.out.write_all(b",\"summary\":")?;
        serde_json::to_writer(&mut self.out, summary)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}
