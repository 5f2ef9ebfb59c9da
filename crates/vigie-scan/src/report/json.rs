use super::Report;
use crate::{FileSummary, Finding, Summary};
use std::io::Write;

/// One JSON object per finding, one per line.
pub(crate) struct JsonlReport<'a> {
    pub(crate) out: Box<dyn Write + 'a>,
}

impl Report for JsonlReport<'_> {
    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()> {
        for f in batch {
            serde_json::to_writer(&mut self.out, f)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
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
    fn findings(&mut self, batch: &[Finding]) -> std::io::Result<()> {
        for f in batch {
            if self.first {
                self.start()?;
                self.first = false;
            } else {
                self.out.write_all(b",")?;
            }
            self.out.write_all(b"\n")?;
            serde_json::to_writer(&mut self.out, f)?;
        }
        Ok(())
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
