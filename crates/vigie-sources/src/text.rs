//! Plain text, line by line, with a bound on line length: an over-long line (a minified
//! dump, a log without newlines) is handed on in pieces instead of filling memory.

use crate::decode::Fallback;
use crate::{Limits, Message, Note, Severity, Sink};
use std::io::BufRead;

/// Reads the next line into `buf` (without its terminator), or at most `max` bytes of it.
/// Returns None at end of input, Some(true) when the line is complete.
pub(crate) fn next_line(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok((!buf.is_empty()).then_some(true));
        }
        let room = max - buf.len();
        match memchr::memchr(b'\n', &avail[..avail.len().min(room)]) {
            Some(p) => {
                buf.extend_from_slice(&avail[..p]);
                r.consume(p + 1);
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
                return Ok(Some(true));
            }
            None => {
                let take = avail.len().min(room);
                buf.extend_from_slice(&avail[..take]);
                r.consume(take);
                if buf.len() >= max {
                    return Ok(Some(false));
                }
            }
        }
    }
}

/// Cuts a piece of an over-long line at a UTF-8 character boundary; returns the bytes to
/// carry over to the next piece.
fn split_at_char_boundary(buf: &[u8]) -> usize {
    let mut cut = buf.len();
    while cut > 0 && cut + 4 > buf.len() && (buf[cut - 1] & 0xC0) == 0x80 {
        cut -= 1;
    }
    if cut > 0 && cut < buf.len() && buf[cut - 1] >= 0xC0 {
        cut -= 1;
    }
    if cut == 0 { buf.len() } else { cut }
}

pub(crate) fn read_text(
    r: &mut dyn BufRead,
    path: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
    first_line: u64,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(4096);
    let mut carry: Vec<u8> = Vec::new();
    let mut line = first_line.saturating_sub(1);
    let mut in_long_line = false;
    let mut long_lines = 0u64;
    while let Some(complete) = next_line(r, &mut buf, limits.max_line)? {
        if !in_long_line {
            line += 1;
        }
        let piece: Vec<u8>;
        let bytes: &[u8] = if carry.is_empty() {
            &buf
        } else {
            carry.extend_from_slice(&buf);
            piece = std::mem::take(&mut carry);
            &piece
        };
        if complete {
            sink.text(line, &fallback.decode(bytes, line));
            in_long_line = false;
        } else {
            if !in_long_line {
                long_lines += 1;
                if long_lines == 1 {
                    sink.note(Note {
                        path: path.to_string(),
                        line: Some(line),
                        severity: Severity::Info,
                        message: Message::new(
                            format!(
                                "ligne de plus de {} octets, lue par morceaux (une valeur coupée entre deux morceaux peut échapper)",
                                limits.max_line
                            ),
                            format!(
                                "line longer than {} bytes, read in pieces (a value cut at a piece boundary may be missed)",
                                limits.max_line
                            ),
                        ),
                    });
                }
            }
            let cut = split_at_char_boundary(bytes);
            sink.text(line, &fallback.decode(&bytes[..cut], line));
            carry = bytes[cut..].to_vec();
            in_long_line = true;
        }
    }
    if !carry.is_empty() {
        sink.text(line, &fallback.decode(&carry, line));
    }
    Ok(())
}
