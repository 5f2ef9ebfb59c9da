//! JSON documents and NDJSON, streamed. serde_json gives values without positions, and
//! building a whole document in memory breaks the memory bound, so this is a small
//! pull tokenizer that tracks the line and the key path of every scalar.
//!
//! Key paths join object keys with `.` and mark arrays with `[]`
//! (`patients[].contact.email`); they are the "column names" of keyed records. Records
//! are the objects of the outermost array that holds objects (or each NDJSON line).

use crate::bytes::ByteReader;
use crate::decode::Fallback;
use crate::{Limits, Message, Note, Severity, Sink};
use std::io::BufRead;

struct Lexer<'r> {
    src: ByteReader<'r>,
}

#[derive(Debug)]
struct JsonError {
    line: u64,
    message: String,
    /// The input failed, not the JSON: nothing after it can be read.
    read: bool,
}

type Result<T> = std::result::Result<T, JsonError>;

impl Lexer<'_> {
    fn err<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(JsonError {
            line: self.src.line,
            message: message.into(),
            read: false,
        })
    }

    fn read_err<T>(&self, e: std::io::Error) -> Result<T> {
        Err(JsonError {
            line: self.src.line,
            message: format!("read error: {e}"),
            read: true,
        })
    }

    #[inline]
    fn peek(&mut self) -> Result<Option<u8>> {
        match self.src.peek() {
            Ok(b) => Ok(b),
            Err(e) => self.read_err(e),
        }
    }

    #[inline]
    fn bump(&mut self) -> Result<Option<u8>> {
        match self.src.bump() {
            Ok(b) => Ok(b),
            Err(e) => self.read_err(e),
        }
    }

    /// Skips to the start of the next line; false at the end of the input. A buffered
    /// run at a time: the line may be hundreds of megabytes.
    fn next_line(&mut self) -> Result<bool> {
        while self.peek()?.is_some() {
            let avail = self.src.available();
            match memchr::memchr(b'\n', avail) {
                Some(at) => {
                    self.src.skip(at);
                    self.bump()?;
                    return Ok(true);
                }
                None => self.src.skip(avail.len()),
            }
        }
        Ok(false)
    }

    fn skip_ws(&mut self) -> Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b' ' | b'\t' | b'\r' | b'\n') => {
                    self.bump()?;
                }
                other => return Ok(other),
            }
        }
    }

    fn expect(&mut self, want: u8) -> Result<()> {
        match self.skip_ws()? {
            Some(c) if c == want => {
                self.bump()?;
                Ok(())
            }
            Some(c) => self.err(format!(
                "expected '{}', found '{}'",
                want as char, c as char
            )),
            None => self.err(format!("expected '{}', found end of input", want as char)),
        }
    }

    /// A string body after its opening quote, as raw UTF-8 (or Windows-1252) bytes.
    fn string(&mut self, out: &mut Vec<u8>, max: usize) -> Result<()> {
        out.clear();
        loop {
            if self.peek()?.is_some() {
                let avail = self.src.available();
                let run = memchr::memchr3(b'"', b'\\', b'\n', avail).unwrap_or(avail.len());
                out.extend_from_slice(&avail[..run]);
                self.src.skip(run);
                if out.len() > max {
                    return self.err(format!("string longer than {max} bytes"));
                }
            }
            let Some(c) = self.bump()? else {
                return self.err("unterminated string");
            };
            match c {
                b'"' => return Ok(()),
                b'\\' => {
                    let Some(e) = self.bump()? else {
                        return self.err("unterminated escape");
                    };
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        other => return self.err(format!("bad escape '\\{}'", other as char)),
                    };
                    let mut tmp = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                }
                b'\n' => return self.err("newline inside a string"),
                _ => out.push(c),
            }
            if out.len() > max {
                return self.err(format!("string longer than {max} bytes"));
            }
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let Some(c) = self.bump()? else {
                return self.err("unterminated \\u escape");
            };
            let d = (c as char).to_digit(16);
            let Some(d) = d else {
                return self.err("bad \\u escape");
            };
            v = v * 16 + d;
        }
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.bump()? == Some(b'\\') && self.bump()? == Some(b'u') {
                let lo = self.hex4()?;
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            return self.err("lone surrogate in \\u escape");
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    /// A bare scalar (number, true, false, null).
    fn bare(&mut self, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        while let Some(c) = self.peek()? {
            if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.') {
                out.push(c);
                self.bump()?;
                if out.len() > 64 {
                    return self.err("bare value too long");
                }
            } else {
                break;
            }
        }
        if out.is_empty() {
            let found = self
                .peek()?
                .map_or("end of input".to_string(), |c| format!("'{}'", c as char));
            return self.err(format!("expected a value, found {found}"));
        }
        Ok(())
    }
}

struct Walker<'a> {
    sink: &'a mut dyn Sink,
    fallback: &'a mut Fallback,
    limits: &'a Limits,
    path: String,
    record_depth: Option<usize>,
    scratch: Vec<u8>,
}

impl Walker<'_> {
    fn value(&mut self, lx: &mut Lexer, depth: usize, in_array: bool) -> Result<()> {
        if depth > self.limits.max_depth {
            return lx.err(format!("nesting deeper than {}", self.limits.max_depth));
        }
        match lx.skip_ws()? {
            Some(b'{') => {
                lx.bump()?;
                if in_array && self.record_depth.is_none() {
                    self.record_depth = Some(depth);
                }
                self.object(lx, depth)?;
                if self.record_depth == Some(depth) {
                    self.sink.end_record();
                }
                Ok(())
            }
            Some(b'[') => {
                lx.bump()?;
                let len = self.path.len();
                self.path.push_str("[]");
                if lx.skip_ws()? == Some(b']') {
                    lx.bump()?;
                } else {
                    loop {
                        self.value(lx, depth + 1, true)?;
                        match lx.skip_ws()? {
                            Some(b',') => {
                                lx.bump()?;
                            }
                            Some(b']') => {
                                lx.bump()?;
                                break;
                            }
                            _ => return lx.err("expected ',' or ']' in array"),
                        }
                    }
                }
                self.path.truncate(len);
                Ok(())
            }
            Some(b'"') => {
                lx.bump()?;
                let line = lx.src.line;
                let mut s = std::mem::take(&mut self.scratch);
                lx.string(&mut s, self.limits.max_line)?;
                let text = self.fallback.decode(&s, line);
                self.sink.field(line, &self.path, &text);
                drop(text);
                self.scratch = s;
                Ok(())
            }
            Some(_) => {
                let line = lx.src.line;
                let mut s = std::mem::take(&mut self.scratch);
                lx.bare(&mut s)?;
                // Numbers matter (a NIR stored as a number); literals do not.
                if s.first().is_some_and(|c| c.is_ascii_digit() || *c == b'-') {
                    let text = String::from_utf8_lossy(&s).into_owned();
                    self.sink.field(line, &self.path, &text);
                } else if !matches!(s.as_slice(), b"true" | b"false" | b"null") {
                    // The token itself is not quoted: it may be an identifier.
                    return lx.err(format!("unexpected bare value of {} characters", s.len()));
                }
                self.scratch = s;
                Ok(())
            }
            None => lx.err("unexpected end of input"),
        }
    }

    fn object(&mut self, lx: &mut Lexer, depth: usize) -> Result<()> {
        if lx.skip_ws()? == Some(b'}') {
            lx.bump()?;
            return Ok(());
        }
        let mut key = Vec::new();
        // FHIR: an object's `system` says what its `value` is (an INS-NIR identifier, a
        // phone, an e-mail); the value then takes that name as its column.
        let mut system: Option<&'static str> = None;
        loop {
            lx.expect(b'"')?;
            lx.string(&mut key, self.limits.max_line)?;
            lx.expect(b':')?;
            let len = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            match (key.as_slice(), system) {
                (b"value", Some(name)) => self.path.push_str(name),
                _ => self.path.push_str(&String::from_utf8_lossy(&key)),
            }
            self.scratch.clear();
            self.value(lx, depth + 1, false)?;
            if key == b"system" {
                system = fhir_system(&self.scratch);
            }
            self.path.truncate(len);
            match lx.skip_ws()? {
                Some(b',') => {
                    lx.bump()?;
                }
                Some(b'}') => {
                    lx.bump()?;
                    return Ok(());
                }
                _ => return lx.err("expected ',' or '}' in object"),
            }
        }
    }
}

/// The column a FHIR identifier or contact system names.
fn fhir_system(system: &[u8]) -> Option<&'static str> {
    let s = String::from_utf8_lossy(system).to_ascii_lowercase();
    // INS-NIR (and its test and demonstration OIDs .10/.11), RPPS, contact points.
    if s.contains("1.2.250.1.213.1.4.8")
        || s.contains("1.2.250.1.213.1.4.10")
        || s.contains("1.2.250.1.213.1.4.11")
    {
        Some("nir")
    } else if s.contains("1.2.250.1.71.4.2.1") {
        Some("rpps")
    } else {
        match s.as_str() {
            "phone" | "sms" | "fax" => Some("telephone"),
            "email" => Some("email"),
            _ => None,
        }
    }
}

pub(crate) fn read_json(
    mut input: impl BufRead,
    ndjson: bool,
    path: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> std::io::Result<()> {
    let mut lx = Lexer {
        src: ByteReader::new(&mut input),
    };
    let mut w = Walker {
        sink,
        fallback,
        limits,
        path: String::new(),
        record_depth: ndjson.then_some(0),
        scratch: Vec::new(),
    };
    // NDJSON: a line that is not JSON (cut short, too long, damaged) is skipped and the
    // next line read; the first such line is noted, with how many there were.
    let mut skipped: Option<(JsonError, u64)> = None;
    let stopped = loop {
        let result = (|| -> Result<()> {
            loop {
                if lx.skip_ws()?.is_none() {
                    return Ok(());
                }
                w.value(&mut lx, 0, false)?;
                if !ndjson {
                    if lx.skip_ws()?.is_some() {
                        return lx.err("data after the end of the JSON document");
                    }
                    return Ok(());
                }
            }
        })();
        match result {
            Ok(()) => break None,
            Err(e) if !ndjson || e.read => break Some(e),
            Err(e) => {
                // What the line gave before it failed is a record of its own.
                w.sink.end_record();
                w.path.clear();
                match &mut skipped {
                    Some((_, n)) => *n += 1,
                    None => skipped = Some((e, 1)),
                }
                match lx.next_line() {
                    Ok(true) => {}
                    Ok(false) => break None,
                    Err(e) => break Some(e),
                }
            }
        }
    };
    if let Some((e, n)) = skipped {
        let (fr, en) = if n == 1 {
            (
                "ligne JSON illisible ignorée".to_string(),
                "unreadable JSON line skipped".to_string(),
            )
        } else {
            (
                format!("{n} lignes JSON illisibles ignorées, la première ici"),
                format!("{n} unreadable JSON lines skipped, the first here"),
            )
        };
        w.sink.note(Note {
            path: path.to_string(),
            line: Some(e.line),
            severity: Severity::Skipped,
            message: Message::with_detail(&fr, &en, e.message),
        });
    }
    if let Some(e) = stopped {
        w.sink.note(Note {
            path: path.to_string(),
            line: Some(e.line),
            severity: Severity::Skipped,
            message: Message::with_detail(
                "lecture du JSON interrompue",
                "JSON reading stopped",
                e.message,
            ),
        });
    }
    Ok(())
}
