use super::{Encoder, Report};
use std::sync::Arc;

/// One finding as `serde_json` writes the `Finding` struct (the same fields, order and
/// escapes; tested byte for byte against it), by hand: with every finding written,
/// serde's generic string escaping and the fingerprint's `format!` were a sixth of a
/// dense scan's time. The encoder runs on the scanning threads, once per finding.
fn write_finding(f: &Finding, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"path\":");
    write_str(&f.path, out);
    out.extend_from_slice(b",\"line\":");
    out.extend_from_slice(itoa::Buffer::new().format(f.line).as_bytes());
    if let Some(row) = f.row {
        out.extend_from_slice(b",\"row\":");
        out.extend_from_slice(itoa::Buffer::new().format(row).as_bytes());
    }
    if let Some(column) = &f.column {
        out.extend_from_slice(b",\"column\":");
        write_str(column, out);
    }
    if let Some(cell) = &f.cell {
        out.extend_from_slice(b",\"cell\":");
        write_str(cell, out);
    }
    out.extend_from_slice(b",\"kind\":\"");
    out.extend_from_slice(f.kind.id().as_bytes());
    out.extend_from_slice(b"\",\"confidence\":\"");
    out.extend_from_slice(f.confidence.id().as_bytes());
    out.extend_from_slice(b"\",\"excerpt\":");
    write_str(&f.excerpt, out);
    out.extend_from_slice(b",\"fingerprint\":\"");
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let fp = f.fingerprint.0;
    let mut hex = [0u8; 32];
    for (i, h) in hex.iter_mut().enumerate() {
        *h = HEX[((fp >> (4 * (31 - i))) & 0xf) as usize];
    }
    out.extend_from_slice(&hex);
    out.push(b'"');
    if let Some(value) = &f.value {
        out.extend_from_slice(b",\"value\":");
        write_str(value, out);
    }
    out.push(b'}');
}

/// A JSON string with `serde_json`'s escapes: `\"`, `\\`, the short forms of five
/// control characters and `\u00XX` for the others; everything else as is.
fn write_str(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let b = s.as_bytes();
    let clean = clean_prefix(b);
    let mut from = 0;
    for (i, &c) in b.iter().enumerate().skip(clean) {
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0A => b'n',
            0x0C => b'f',
            0x0D => b'r',
            0x00..=0x1F => b'u',
            _ => continue,
        };
        out.extend_from_slice(&b[from..i]);
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            out.extend_from_slice(&[
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 0xf)],
            ]);
        }
        from = i + 1;
    }
    out.extend_from_slice(&b[from..]);
    out.push(b'"');
}

/// How many bytes at the start need no escape, tested eight at a time (SWAR on a `u64`:
/// a byte under 0x20, or equal to `"` or `\\`, sets its high bit). Paths, columns and
/// excerpts rarely hold one, and a byte-by-byte test was a twentieth of a dense scan
/// writing every finding.
fn clean_prefix(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = ONES << 7;
    // A byte of `v` is zero, or (borrowing) a lower one is: exact for "any".
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let (chunks, _) = b.as_chunks::<8>();
    let mut clean = 0;
    for chunk in chunks {
        let w = u64::from_le_bytes(*chunk);
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        if control | zero(w ^ (ONES * 0x22)) | zero(w ^ (ONES * 0x5c)) != 0 {
            break;
        }
        clean += 8;
    }
    clean
}

/// JSON lines: one object and a newline per finding.
struct Lines;

impl Encoder for Lines {
    fn encode(&self, batch: &[Finding], out: &mut Vec<u8>) {
        for f in batch {
            write_finding(f, out);
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
            write_finding(f, out);
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
    fn lists_every_file(&self) -> bool {
        true
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use vigie_detect::{Confidence, Fingerprint, Kind};

    /// Every kind and confidence, each optional field present and absent, and strings
    /// with every escape serde_json makes: the hand encoder writes the same bytes.
    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        let awkward = "a\"b\\c\u{0}\u{1f}\u{8}\t\n\u{c}\r\u{7f}é€😀/</";
        for (i, &kind) in Kind::ALL.iter().enumerate() {
            let confidence = [
                Confidence::Possible,
                Confidence::Likely,
                Confidence::Certain,
            ][i % 3];
            let odd = i % 2 == 1;
            let f = Finding {
                path: Arc::from(format!("dir/{awkward}.csv").as_str()),
                line: u64::MAX - i as u64,
                row: odd.then_some(i as u64),
                column: odd.then(|| Arc::from(awkward)),
                cell: (!odd).then(|| format!("Feuil1!C{i}")),
                kind,
                confidence,
                excerpt: format!("{awkward}{i}"),
                fingerprint: Fingerprint(0x0123_4567_89ab_cdef_u128 << (i % 64) | i as u128),
                value: odd.then(|| awkward.to_string()),
            };
            let mut ours = Vec::new();
            write_finding(&f, &mut ours);
            let theirs = serde_json::to_vec(&f).expect("serialises");
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs),
                "{kind:?}"
            );
        }
    }

    /// Each escape at each place of a string longer than two 8-byte words, and bytes past
    /// ASCII beside them: written as serde_json writes them.
    #[test]
    fn every_escape_at_every_place_is_written_as_serde_json_does() {
        let base = "abcdefghijklmnopqrstuvwxyz";
        for escape in [
            '"', '\\', '\n', '\u{1}', '\u{1f}', '\u{7f}', 'é', ' ', '!', '#', '[',
        ] {
            for at in 0..=base.len() {
                let s = format!("{}{escape}{}", &base[..at], &base[at..]);
                let mut ours = Vec::new();
                write_str(&s, &mut ours);
                let theirs = serde_json::to_vec(&s).expect("serialises");
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "{s:?}"
                );
            }
        }
        assert_eq!(clean_prefix(base.as_bytes()), 24);
        assert_eq!(clean_prefix(b"0123456789abcde\"\n"), 8);
    }
}
