//! CSV and TSV, with the delimiter and header found by the sniffer. The `csv` crate does
//! the quoting; a guard bounds each record, since the crate buffers a whole record and one
//! quote left open would make the rest of the file a single cell.

use crate::decode::Fallback;
use crate::{Limits, Message, Note, Severity, Sink};
use std::borrow::Cow;
use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

/// Bytes the CSV reader reads ahead of the record it is parsing (its buffer).
const READ_AHEAD: usize = 64 * 1024;

/// Keeps the bytes of the record being parsed, and fails the read once they exceed the
/// limit: an unbalanced quote would otherwise make the CSV reader buffer the rest of a
/// multi-gigabyte file as one field (5 bytes of memory for each byte of the file were
/// measured), and every row after it would be lost in that field. The bytes kept let
/// the loop below read the record as plain text and resume the table after it.
struct RecordGuard<R> {
    inner: R,
    /// Bytes given back, served before `inner`: the start of a line after a record given
    /// up on.
    pending: Vec<u8>,
    /// Bytes read from `kept_from` on: the record being parsed and the reader's read-ahead.
    kept: Vec<u8>,
    kept_from: u64,
    /// Line breaks before `kept_from`.
    lines_before: u64,
    /// Where the last record read ended, from the start of the input (set by the loop).
    done: Rc<Cell<u64>>,
    max: usize,
    tripped: bool,
}

impl<R: Read> RecordGuard<R> {
    /// Forgets the bytes of the records already read.
    fn drop_done(&mut self) {
        let cut = (self.done.get().saturating_sub(self.kept_from) as usize).min(self.kept.len());
        self.lines_before += memchr::memchr_iter(b'\n', &self.kept[..cut]).count() as u64;
        self.kept.drain(..cut);
        self.kept_from += cut as u64;
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = if self.pending.is_empty() {
            self.inner.read(buf)?
        } else {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            n
        };
        self.drop_done();
        self.kept.extend_from_slice(&buf[..n]);
        if self.kept.len() > self.max + READ_AHEAD {
            self.tripped = true;
            return Err(std::io::Error::other("record too long"));
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
    let done = Rc::new(Cell::new(0u64));
    let mut guard = RecordGuard {
        inner: input,
        pending: Vec::new(),
        kept: Vec::new(),
        kept_from: 0,
        lines_before: 0,
        done: done.clone(),
        max: limits.max_line,
        tripped: false,
    };
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    let mut given_up = 0u64;
    // Each pass reads records until one is too long; the next starts after that record's
    // last whole line, its positions counted from there.
    loop {
        let (base_byte, base_line) = (guard.kept_from, guard.lines_before);
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(READ_AHEAD)
            // With the default CRLF handling the crate reports a record's line before the
            // previous record's '\n' is consumed, one short on Windows files; ending
            // records at '\n' only keeps lines exact, and the '\r' left on the last cell
            // is trimmed.
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(guard);
        loop {
            match rdr.read_byte_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(_) if rdr.get_ref().tripped => break,
                Err(e) => {
                    let line = e.position().map(|p| base_line + p.line());
                    sink.note(Note {
                        path: path.to_string(),
                        line,
                        severity: Severity::Skipped,
                        message: stopped(&e),
                    });
                    return Ok(());
                }
            }
            done.set(base_byte + rdr.position().byte());
            let line = base_line + record.position().map_or(0, csv::Position::line);
            let n = record.len();
            // Nearly every row is valid UTF-8: borrow it; otherwise decode cell by cell.
            let utf8 = utf8_cells(&record);
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
        guard = rdr.into_inner();
        guard.drop_done();
        guard.tripped = false;
        let kept = std::mem::take(&mut guard.kept);
        let start = guard.lines_before + 1;
        given_up += 1;
        let Some(last) = memchr::memrchr(b'\n', &kept) else {
            // One physical line past the limit: the rest of the file as text, in pieces
            // (the text reader notes it).
            let rest = std::io::Cursor::new(kept)
                .chain(std::io::Cursor::new(std::mem::take(&mut guard.pending)))
                .chain(guard.inner);
            let mut rest = std::io::BufReader::new(rest);
            return crate::text::read_text(&mut rest, path, limits, sink, fallback, start);
        };
        // The record's whole lines are read as text; the table resumes on the next line.
        let lines: Vec<&[u8]> = kept[..last].split(|&b| b == b'\n').collect();
        let resume = start + lines.len() as u64;
        if given_up == 1 {
            sink.note(too_long(path, start, limits.max_line, resume));
        }
        for (i, l) in lines.into_iter().enumerate() {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            let at = start + i as u64;
            sink.text(at, &fallback.decode(l, at));
        }
        sink.end_record();
        let mut pending = kept[last + 1..].to_vec();
        pending.append(&mut guard.pending);
        guard.pending = pending;
        guard.kept_from += last as u64 + 1;
        guard.lines_before = resume - 1;
        done.set(guard.kept_from);
    }
}

/// The note for a record past the limit: where, and where the table resumes.
fn too_long(path: &str, line: u64, max: usize, resume: u64) -> Note {
    Note {
        path: path.to_string(),
        line: Some(line),
        severity: Severity::Info,
        message: Message::new(
            format!(
                "un enregistrement de plus de {max} octets (guillemet non fermé ?) : ses lignes sont lues comme du texte, hors colonnes, et le tableau reprend ligne {resume}"
            ),
            format!(
                "a record longer than {max} bytes (unbalanced quote?): its lines are read as plain text, without their columns, and the table resumes at line {resume}"
            ),
        ),
    }
}

/// The last cell without the '\r' of a CRLF line end.
/// A row's cells borrowed as text when the row is UTF-8, each cell a slice of the row
/// checked once (a check per cell cost 5 % of a scan); a cell boundary inside a character
/// (two Windows-1252 cells that read as UTF-8 together) makes it `None`, and the row is
/// decoded cell by cell. A plain loop: the iterator form cost as much as the check.
fn utf8_cells(record: &csv::ByteRecord) -> Option<Vec<&str>> {
    let all = std::str::from_utf8(record.as_slice()).ok()?;
    let n = record.len();
    let mut cells = Vec::with_capacity(n);
    let mut at = 0;
    for (i, c) in record.iter().enumerate() {
        cells.push(all.get(at..at + last_cr(i, n, c).len())?);
        at += c.len();
    }
    Some(cells)
}

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
