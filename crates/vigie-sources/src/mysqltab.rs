//! `mysqldump --tab` / `mariadb-dump --tab` output: per table, `t.sql` (its `CREATE
//! TABLE`) and `t.txt` (its rows, as `SELECT … INTO OUTFILE` writes them: fields split
//! by tabs, rows by newlines, a backslash before a tab, newline or backslash that belongs
//! to the value, `\N` for NULL). The `.txt` alone is headerless text; read beside its
//! `.sql`, it is the table, with its column names. Each row's line is the line it starts
//! on in the `.txt` (a value with an escaped newline spans two).

use crate::decode::Fallback;
use crate::{Encoding, Format, Limits, Message, Note, Severity, Sink};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Reads `path` as a `--tab` data file when a sibling `.sql` creates its table; None for
/// any other file.
pub(crate) fn read_tab_part(
    path: &Path,
    display: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Option<std::io::Result<()>> {
    if path.extension()? != "txt" {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    let schema = path.with_extension("sql");
    if std::fs::metadata(&schema).ok()?.len() > 1 << 20 {
        return None;
    }
    let text = std::fs::read(&schema).ok()?;
    let (table, columns) = crate::sql::created_table(&text, limits)?;
    if table != stem {
        return None;
    }
    sink.item(
        display,
        Format::Csv {
            delimiter: b'\t',
            header: false,
        },
        Encoding::Utf8,
    );
    sink.table(Some(&table), &columns, None);
    Some(std::fs::File::open(path).and_then(|f| read_rows(f, display, limits, sink)))
}

fn read_rows(
    input: impl Read,
    display: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let mut input = BufReader::new(crate::Timed {
        inner: input,
        limits,
    });
    let mut fallback = Fallback::default();
    let mut fields: Vec<Vec<u8>> = vec![Vec::new()];
    let mut line = 1u64;
    let mut start = 1u64;
    let mut escaped = false;
    let mut raw = Vec::new();
    loop {
        raw.clear();
        let n = input.read_until(b'\n', &mut raw)?;
        if n == 0 {
            break;
        }
        for &b in &raw {
            if escaped {
                escaped = false;
                if let Some(f) = fields.last_mut() {
                    // `\N` alone is NULL: an empty cell; the other escapes are the byte.
                    match b {
                        b'N' if f.is_empty() => {}
                        b'0' => f.push(0),
                        b't' => f.push(b'\t'),
                        b'n' => f.push(b'\n'),
                        b'r' => f.push(b'\r'),
                        _ => f.push(b),
                    }
                }
                if b == b'\n' {
                    line += 1;
                }
                continue;
            }
            match b {
                b'\\' => escaped = true,
                b'\t' => fields.push(Vec::new()),
                b'\n' => {
                    row(sink, &mut fallback, start, &fields);
                    fields = vec![Vec::new()];
                    line += 1;
                    start = line;
                }
                _ => {
                    if let Some(f) = fields.last_mut() {
                        f.push(b);
                        if f.len() > limits.max_line {
                            sink.note(Note {
                                path: display.to_string(),
                                line: Some(start),
                                severity: Severity::Error,
                                message: Message::new(
                                    format!(
                                        "une valeur de plus de {} octets : la suite du fichier n'est pas lue",
                                        limits.max_line
                                    ),
                                    format!(
                                        "a value longer than {} bytes: the rest of the file is not read",
                                        limits.max_line
                                    ),
                                ),
                            });
                            return Ok(());
                        }
                    }
                }
            }
        }
    }
    if fields.len() > 1 || fields.first().is_some_and(|f| !f.is_empty()) {
        row(sink, &mut fallback, start, &fields);
    }
    Ok(())
}

fn row(sink: &mut dyn Sink, fallback: &mut Fallback, line: u64, fields: &[Vec<u8>]) {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| fallback.decode(f, line).into_owned())
        .collect();
    let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
    sink.row(line, &refs);
}
