//! RTF documents (letters exported by medical software): the text, without control words
//! and without the groups that hold no text (font and colour tables, pictures, hidden
//! destinations), `\'e9` escapes read as Windows-1252 and `\uN` as Unicode. Each `\par`
//! ends a line; a line's number is its paragraph's.
//!
//! Written by hand: RTF text extraction is a small state machine, and the crates for it
//! convert whole documents into trees.

use crate::bytes::ByteReader;
use crate::{Limits, Sink};
use std::io::Read;

/// Destinations whose content is not document text.
const SKIPPED: [&str; 12] = [
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "header",
    "footer",
    "themedata",
    "datastore",
    "latentstyles",
    "generator",
];

fn cp1252(b: u8) -> char {
    let byte = [b];
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
    text.chars().next().unwrap_or('?')
}

pub(crate) fn read_rtf(
    mut input: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let mut src = ByteReader::new(&mut input);
    let mut line = String::new();
    let mut number = 1u64;
    // Depth of braces, and the depth at which a skipped destination started.
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    // After \uN, the number of fallback characters to drop (\uc, 1 by default).
    let mut drop_next = 0usize;
    let flush = |line: &mut String, number: &mut u64, sink: &mut dyn Sink| {
        sink.text(*number, line.trim());
        line.clear();
        *number += 1;
    };
    while let Some(c) = src.bump()? {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if skip_from.is_some_and(|d| depth < d) {
                    skip_from = None;
                }
            }
            b'\\' => {
                let Some(next) = src.peek()? else { break };
                if next == b'\'' {
                    src.bump()?;
                    let hex = [src.bump()?.unwrap_or(b'0'), src.bump()?.unwrap_or(b'0')];
                    let value = std::str::from_utf8(&hex)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    if skip_from.is_none()
                        && let Some(v) = value
                    {
                        if drop_next > 0 {
                            drop_next -= 1;
                        } else {
                            line.push(cp1252(v));
                        }
                    }
                    continue;
                }
                if !next.is_ascii_alphabetic() {
                    // Control symbols: \\ \{ \} are literal, \~ a space, \* marks a destination.
                    src.bump()?;
                    match next {
                        b'\\' | b'{' | b'}' if skip_from.is_none() => line.push(next as char),
                        b'~' if skip_from.is_none() => line.push(' '),
                        b'*' => skip_from = skip_from.or(Some(depth)),
                        _ => {}
                    }
                    continue;
                }
                let mut word = String::new();
                while let Some(b) = src.peek()? {
                    if b.is_ascii_alphabetic() && word.len() < 32 {
                        word.push(b as char);
                        src.bump()?;
                    } else {
                        break;
                    }
                }
                let mut param = String::new();
                while let Some(b) = src.peek()? {
                    if (b.is_ascii_digit() || (b == b'-' && param.is_empty())) && param.len() < 10 {
                        param.push(b as char);
                        src.bump()?;
                    } else {
                        break;
                    }
                }
                // A space ends a control word and is part of it.
                if src.peek()? == Some(b' ') {
                    src.bump()?;
                }
                if SKIPPED.contains(&word.as_str()) {
                    skip_from = skip_from.or(Some(depth));
                }
                if skip_from.is_some() {
                    continue;
                }
                match word.as_str() {
                    "par" | "line" | "row" | "sect" | "page" => flush(&mut line, &mut number, sink),
                    "tab" | "cell" => line.push(' '),
                    "u" => {
                        if let Some(ch) = param
                            .parse::<i32>()
                            .ok()
                            .map(|n| if n < 0 { n + 65_536 } else { n })
                            .and_then(|n| char::from_u32(n as u32))
                        {
                            line.push(ch);
                        }
                        drop_next = 1;
                    }
                    _ => {}
                }
            }
            b'\r' | b'\n' => {}
            _ if skip_from.is_some() => {}
            _ => {
                if drop_next > 0 {
                    drop_next -= 1;
                } else {
                    line.push(c as char);
                }
                if line.len() > limits.max_line {
                    flush(&mut line, &mut number, sink);
                }
            }
        }
    }
    if !line.trim().is_empty() {
        sink.text(number, line.trim());
    }
    Ok(())
}
