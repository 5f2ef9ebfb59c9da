//! SQLite database files, opened read-only: every table, its columns from the schema,
//! its rows in storage order. A row's `line` is its position in the table (1-based).
//!
//! SQLite needs a file: the database is spooled to an anonymous-named temporary file
//! (bounded by the member size limit), so a database inside an archive is read the same
//! way, and the original is never opened by SQLite (no journal, no lock on it).

use crate::decode::Fallback;
use crate::{Limits, Message, Note, Severity, Sink};
use rusqlite::types::ValueRef;
use std::io::Read;

fn note(sink: &mut dyn Sink, path: &str, message: Message) {
    sink.note(Note::about(path, Severity::Error, message));
}

pub(crate) fn read_sqlite(
    display: &str,
    reader: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> std::io::Result<()> {
    let mut spool = tempfile::NamedTempFile::new()?;
    let copied = std::io::copy(
        &mut reader.take(limits.max_member_bytes + 1),
        spool.as_file_mut(),
    )?;
    if copied > limits.max_member_bytes {
        note(
            sink,
            display,
            Message::new(
                format!(
                    "base de plus de {} octets, non ouverte",
                    limits.max_member_bytes
                ),
                format!(
                    "database larger than {} bytes, not opened",
                    limits.max_member_bytes
                ),
            ),
        );
        return Ok(());
    }
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = match rusqlite::Connection::open_with_flags(spool.path(), flags) {
        Ok(db) => db,
        Err(e) => {
            note(
                sink,
                display,
                Message::with_detail("base SQLite illisible", "not a readable SQLite database", e),
            );
            return Ok(());
        }
    };
    if let Err(e) = tables(&db, display, limits, sink, fallback) {
        let message = Message::with_detail(
            "lecture de la base SQLite interrompue",
            "SQLite reading stopped",
            e,
        );
        note(sink, display, message);
    }
    Ok(())
}

/// Quotes an identifier for SQL ("a""b").
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn tables(
    db: &rusqlite::Connection,
    display: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> rusqlite::Result<()> {
    let names: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in names {
        let mut stmt = match db.prepare(&format!("SELECT * FROM {}", quoted(&table))) {
            Ok(s) => s,
            Err(e) => {
                note(
                    sink,
                    &format!("{display}!{table}"),
                    Message::with_detail("table illisible", "table not readable", e),
                );
                continue;
            }
        };
        // Names from the schema, decoded leniently: rusqlite's column names panic on a name
        // that is not UTF-8 (found by fuzzing).
        let mut names: Vec<String> = db
            .prepare(&format!("PRAGMA table_info({})", quoted(&table)))?
            .query_map([], |r| {
                Ok(match r.get_ref(1)? {
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    _ => String::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        names.resize(stmt.column_count(), String::new());
        let columns: Vec<String> = names
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                if n.is_empty() {
                    format!("col{}", i + 1)
                } else {
                    n
                }
            })
            .collect();
        sink.table(Some(&table), &columns, None);
        let mut rows = stmt.query([])?;
        let mut line = 0u64;
        let mut cells: Vec<String> = Vec::with_capacity(columns.len());
        while let Some(row) = rows.next()? {
            line += 1;
            if line.is_multiple_of(1024)
                && let Err(e) = limits.check_time()
            {
                note(sink, display, Message::of_io(&e));
                return Ok(());
            }
            cells.clear();
            for i in 0..columns.len() {
                cells.push(match row.get_ref(i)? {
                    ValueRef::Null | ValueRef::Blob(_) => String::new(),
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Real(f) => f.to_string(),
                    ValueRef::Text(t) => fallback.decode(t, line).into_owned(),
                });
            }
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            sink.row(line, &refs);
        }
    }
    Ok(())
}
