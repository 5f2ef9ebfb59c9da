//! What every fuzz target does: hand the input, behind the target's magic bytes, to
//! `vigie_sources::read_item` under tight limits, and run detection over what comes out,
//! as the scanner would. Any panic, hang or overflow is a finding.

use std::sync::OnceLock;
use vigie_detect::{Detector, Matches};
use vigie_sources::{Encoding, Format, Limits, Note, Sink, read_item};

struct Detect {
    detector: &'static Detector,
    matches: Matches,
}

impl Sink for Detect {
    fn item(&mut self, _: &str, _: Format, _: Encoding) {}
    fn table(&mut self, _: Option<&str>, columns: &[String], _: Option<u64>) {
        for c in columns {
            let _ = self.detector.classify_header(c);
        }
    }
    fn row(&mut self, _: u64, cells: &[&str]) {
        for cell in cells {
            self.matches = Matches::default();
            self.detector.scan_cell(cell, None, &mut self.matches);
        }
    }
    fn field(&mut self, _: u64, path: &str, value: &str) {
        let class = self.detector.classify_header(path);
        self.matches = Matches::default();
        self.detector.scan_cell(value, class, &mut self.matches);
    }
    fn end_record(&mut self) {}
    fn text(&mut self, _: u64, text: &str) {
        self.matches = Matches::default();
        self.detector.scan_text(text, None, &mut self.matches);
    }
    fn note(&mut self, _: Note) {}
}

pub fn run(name: &str, magic: &[u8], data: &[u8]) {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    let detector = DETECTOR.get_or_init(|| Detector::new().expect("rules"));
    let mut input = magic.to_vec();
    input.extend_from_slice(data);
    let limits = Limits {
        max_line: 1 << 16,
        max_member_bytes: 64 << 20,
        max_item_time: Some(std::time::Duration::from_secs(10)),
        ..Limits::default()
    };
    let mut sink = Detect {
        detector,
        matches: Matches::default(),
    };
    // Errors are expected (damaged input); only panics and hangs are findings.
    let _ = read_item(name, &input[..], &limits, &mut sink);
}
