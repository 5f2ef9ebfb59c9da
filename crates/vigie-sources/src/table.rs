//! CSV and TSV, with the delimiter and header found by the sniffer. The `csv` crate does
//! the quoting; a guard bounds record length since it buffers a whole record.

use crate::decode::Fallback;
use crate::{Limits, Message, Note, Severity, Sink};
use std::borrow::Cow;
use std::io::Read;

/// Fails the read when a physical line exceeds the limit, so that one malformed quote
/// cannot make the CSV reader buffer the rest of a multi-gigabyte file as one field.
struct LineGuard<R> {
    inner: R,
    since_newline: usize,
    max: usize,
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match memchr::memrchr(b'\n', &buf[..n]) {
            Some(p) => self.since_newline = n - p - 1,
            None => self.since_newline += n,
        }
        if self.since_newline > self.max {
            return Err(crate::refused(
                std::io::ErrorKind::InvalidData,
                Message::new(
                    format!(
                        "une ligne de plus de {} octets (guillemet non fermé ?)",
                        self.max
                    ),
                    format!(
                        "a line is longer than {} bytes (unbalanced quote?)",
                        self.max
                    ),
                ),
            ));
        }
        Ok(n)
    }
}

pub(crate) fn read_csv(
    input: impl Read,
    delimiter: u8,
    header: bool,
    path: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> std::io::Result<()> {
    let guard = LineGuard {
        inner: input,
        since_newline: 0,
        max: limits.max_line,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(64 * 1024)
        // With the default CRLF handling the crate reports a record's line before the
        // previous record's '\n' is consumed, one short on Windows files; ending records
        // at '\n' only keeps lines exact, and the '\r' left on the last cell is trimmed.
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(guard);
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(csv::Position::line);
                sink.note(Note {
                    path: path.to_string(),
                    line,
                    severity: Severity::Skipped,
                    message: stopped(&e),
                });
                return Ok(());
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let n = record.len();
        // Nearly every row is valid UTF-8: borrow it; otherwise decode cell by cell.
        let utf8: Option<Vec<&str>> = record
            .iter()
            .enumerate()
            .map(|(i, c)| std::str::from_utf8(last_cr(i, n, c)).ok())
            .collect();
        let decoded: Vec<Cow<str>>;
        let refs: Vec<&str> = match utf8 {
            Some(v) => v,
            None => {
                decoded = record
                    .iter()
                    .enumerate()
                    .map(|(i, c)| fallback.decode(last_cr(i, n, c), line))
                    .collect();
                decoded.iter().map(|c| c.as_ref()).collect()
            }
        };
        if first {
            first = false;
            if header {
                let columns: Vec<String> = refs.iter().map(|c| c.trim().to_string()).collect();
                sink.table(None, &columns, Some(line));
                continue;
            }
            let columns: Vec<String> = (1..=refs.len()).map(|i| format!("col{i}")).collect();
            sink.table(None, &columns, None);
        }
        sink.row(line, &refs);
    }
    Ok(())
}

/// The last cell without the '\r' of a CRLF line end.
fn last_cr(i: usize, n: usize, c: &[u8]) -> &[u8] {
    if i + 1 == n {
        c.strip_suffix(b"\r").unwrap_or(c)
    } else {
        c
    }
}

fn stopped(e: &csv::Error) -> Message {
    let (fr, en) = ("lecture du CSV interrompue", "CSV reading stopped");
    match e.kind() {
        csv::ErrorKind::Io(io) => Message::io(fr, en, io),
        _ => Message::with_detail(fr, en, e),
    }
}
