//! SQL dumps, streamed: PostgreSQL (`INSERT`, and `COPY … FROM stdin` blocks), MySQL and
//! MariaDB (multi-row `INSERT`), SQLite `.dump`. Column names come from the `INSERT`
//! column list or the table's `CREATE TABLE`, so the column classifier applies; each row
//! is handed on with the line its tuple starts on and its table's name.
//!
//! Written by hand: SQL parser crates build a syntax tree per statement, and a MySQL
//! dump line holds megabytes of rows; this reads one value at a time.

use crate::bytes::ByteReader;
use crate::decode::Fallback;
use crate::{Limits, Message, Note, Severity, Sink};
use std::collections::HashMap;
use std::io::Read;

type Result<T> = std::result::Result<T, String>;

struct Parser<'r, 's> {
    src: ByteReader<'r>,
    sink: &'s mut dyn Sink,
    fallback: &'s mut Fallback,
    limits: &'s Limits,
    /// Column names from `CREATE TABLE`.
    tables: HashMap<String, Vec<String>>,
    /// The table (and columns) last announced to the sink.
    current: Option<(String, Vec<String>)>,
}

fn io(e: std::io::Error) -> String {
    format!("read error: {e}")
}

impl Parser<'_, '_> {
    fn peek(&mut self) -> Result<Option<u8>> {
        self.src.peek().map_err(io)
    }

    fn bump(&mut self) -> Result<Option<u8>> {
        self.src.bump().map_err(io)
    }

    /// Skips white space and comments (`-- …`, `# …`, `/* … */`).
    fn skip_blank(&mut self) -> Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b' ' | b'\t' | b'\r' | b'\n') => {
                    self.bump()?;
                }
                Some(b'#') => self.skip_line()?,
                Some(b'-') => {
                    self.bump()?;
                    if self.peek()? == Some(b'-') {
                        self.skip_line()?;
                    } else {
                        return Ok(Some(b'-'));
                    }
                }
                Some(b'/') => {
                    self.bump()?;
                    if self.peek()? != Some(b'*') {
                        return Ok(Some(b'/'));
                    }
                    let mut prev = 0u8;
                    while let Some(c) = self.bump()? {
                        if prev == b'*' && c == b'/' {
                            break;
                        }
                        prev = c;
                    }
                }
                other => return Ok(other),
            }
        }
    }

    fn skip_line(&mut self) -> Result<()> {
        while let Some(c) = self.bump()? {
            if c == b'\n' {
                break;
            }
        }
        Ok(())
    }

    /// A bare word (keyword), upper-cased.
    fn word(&mut self) -> Result<String> {
        self.skip_blank()?;
        let mut w = String::new();
        while let Some(c) = self.peek()? {
            if c.is_ascii_alphanumeric() || c == b'_' {
                w.push(c.to_ascii_uppercase() as char);
                self.bump()?;
            } else {
                break;
            }
        }
        Ok(w)
    }

    /// A possibly quoted and schema-qualified name; the last part is kept.
    fn name(&mut self) -> Result<String> {
        loop {
            self.skip_blank()?;
            let part = match self.peek()? {
                Some(q @ (b'"' | b'`' | b'[')) => {
                    self.bump()?;
                    let close = if q == b'[' { b']' } else { q };
                    let mut bytes = Vec::new();
                    while let Some(c) = self.bump()? {
                        if c == close {
                            break;
                        }
                        bytes.push(c);
                    }
                    String::from_utf8_lossy(&bytes).into_owned()
                }
                _ => {
                    let mut bytes = Vec::new();
                    while let Some(c) = self.peek()? {
                        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
                            bytes.push(c);
                            self.bump()?;
                        } else {
                            break;
                        }
                    }
                    String::from_utf8_lossy(&bytes).into_owned()
                }
            };
            if self.peek()? == Some(b'.') {
                self.bump()?;
            } else {
                return Ok(part);
            }
        }
    }

    /// Skips to the end of the statement (a `;` outside quotes).
    fn skip_statement(&mut self) -> Result<()> {
        let mut quote: Option<u8> = None;
        while let Some(c) = self.bump()? {
            match (quote, c) {
                (Some(b'\''), b'\\') => {
                    self.bump()?;
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'\'' | b'"' | b'`') => quote = Some(c),
                (None, b';') => return Ok(()),
                _ => {}
            }
        }
        Ok(())
    }

    /// `(name type …, name type …, PRIMARY KEY (…), …)`: the column names.
    fn column_definitions(&mut self) -> Result<Vec<String>> {
        let mut columns = Vec::new();
        if self.skip_blank()? != Some(b'(') {
            return Ok(columns);
        }
        self.bump()?;
        loop {
            self.skip_blank()?;
            let name = self.name()?;
            let upper = name.to_ascii_uppercase();
            let constraint = matches!(
                upper.as_str(),
                "PRIMARY"
                    | "KEY"
                    | "UNIQUE"
                    | "CONSTRAINT"
                    | "INDEX"
                    | "FOREIGN"
                    | "CHECK"
                    | "FULLTEXT"
                    | "SPATIAL"
                    | "EXCLUDE"
            );
            if !constraint && !name.is_empty() {
                columns.push(name);
            }
            // The rest of the definition, to a comma or the closing parenthesis at depth 0.
            let mut depth = 0i32;
            let mut quote: Option<u8> = None;
            loop {
                let Some(c) = self.bump()? else {
                    return Ok(columns);
                };
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'\'' | b'"' | b'`') => quote = Some(c),
                    (None, b'(') => depth += 1,
                    (None, b')') if depth == 0 => return Ok(columns),
                    (None, b')') => depth -= 1,
                    (None, b',') if depth == 0 => break,
                    _ => {}
                }
            }
        }
    }

    /// `(a, b, c)` after a table name in INSERT or COPY.
    fn column_list(&mut self) -> Result<Option<Vec<String>>> {
        if self.skip_blank()? != Some(b'(') {
            return Ok(None);
        }
        self.bump()?;
        let mut names = Vec::new();
        loop {
            names.push(self.name()?);
            match self.skip_blank()? {
                Some(b',') => {
                    self.bump()?;
                }
                Some(b')') => {
                    self.bump()?;
                    return Ok(Some(names));
                }
                _ => return Err("expected ',' or ')' in a column list".into()),
            }
        }
    }

    /// One value of a tuple: a quoted string (with '' and backslash escapes), or a bare
    /// token (number, NULL, function call) up to the next ',' or ')' at depth 0.
    fn value(&mut self, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        self.skip_blank()?;
        // E'…' (PostgreSQL escapes), N'…' (national), _utf8'…', X'…' are strings too.
        if let Some(c @ (b'E' | b'e' | b'N' | b'n')) = self.peek()? {
            self.bump()?;
            if self.peek()? != Some(b'\'') {
                out.push(c);
            }
        }
        if self.peek()? == Some(b'\'') {
            self.bump()?;
            loop {
                let Some(c) = self.bump()? else {
                    return Err("unterminated string".into());
                };
                match c {
                    b'\'' if self.peek()? == Some(b'\'') => {
                        self.bump()?;
                        out.push(b'\'');
                    }
                    b'\'' => break,
                    b'\\' => {
                        let e = self.bump()?.unwrap_or(b'\\');
                        out.push(match e {
                            b'n' => b'\n',
                            b't' => b'\t',
                            b'r' => b'\r',
                            b'0' => 0,
                            other => other,
                        });
                    }
                    _ => out.push(c),
                }
                if out.len() > self.limits.max_line {
                    return Err(format!("string longer than {} bytes", self.limits.max_line));
                }
            }
            // A cast after the string ('…'::date) is dropped.
            self.rest_of_value(&mut Vec::new())?;
            return Ok(());
        }
        self.rest_of_value(out)?;
        if out.eq_ignore_ascii_case(b"NULL") {
            out.clear();
        }
        Ok(())
    }

    fn rest_of_value(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let mut depth = 0i32;
        while let Some(c) = self.peek()? {
            match c {
                b',' | b')' if depth == 0 => break,
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
            out.push(c);
            self.bump()?;
            if out.len() > self.limits.max_line {
                return Err(format!("value longer than {} bytes", self.limits.max_line));
            }
        }
        while out.last().is_some_and(u8::is_ascii_whitespace) {
            out.pop();
        }
        Ok(())
    }

    /// Announces the table to the sink when it changes.
    fn announce(&mut self, table: &str, columns: Vec<String>) {
        let same = self
            .current
            .as_ref()
            .is_some_and(|(t, c)| t == table && *c == columns);
        if !same {
            self.sink.table(Some(table), &columns, None);
            self.current = Some((table.to_string(), columns));
        }
    }

    fn columns_for(&self, table: &str, listed: Option<Vec<String>>, n: usize) -> Vec<String> {
        listed
            .or_else(|| self.tables.get(table).cloned())
            .unwrap_or_else(|| (1..=n).map(|i| format!("col{i}")).collect())
    }

    /// `INSERT INTO t [(cols)] VALUES (…), (…);`
    fn insert(&mut self) -> Result<()> {
        let mut w = self.word()?;
        while matches!(
            w.as_str(),
            "IGNORE" | "INTO" | "OR" | "REPLACE" | "LOW_PRIORITY" | "DELAYED" | "HIGH_PRIORITY"
        ) {
            w = self.word()?;
        }
        // The table name was read as a word when unquoted.
        let table = if w.is_empty() {
            self.name()?
        } else {
            self.last_word_as_name(w)?
        };
        let listed = self.column_list()?;
        if self.word()? != "VALUES" {
            return self.skip_statement();
        }
        let mut cells: Vec<Vec<u8>> = Vec::new();
        loop {
            if self.skip_blank()? != Some(b'(') {
                return self.skip_statement();
            }
            let line = self.src.line;
            self.bump()?;
            let mut n = 0;
            loop {
                if cells.len() <= n {
                    cells.push(Vec::new());
                }
                let mut buf = std::mem::take(&mut cells[n]);
                self.value(&mut buf)?;
                cells[n] = buf;
                n += 1;
                match self.skip_blank()? {
                    Some(b',') => {
                        self.bump()?;
                    }
                    Some(b')') => {
                        self.bump()?;
                        break;
                    }
                    _ => return Err("expected ',' or ')' in a VALUES tuple".into()),
                }
            }
            let columns = self.columns_for(&table, listed.clone(), n);
            self.announce(&table, columns);
            let decoded: Vec<String> = cells[..n]
                .iter()
                .map(|c| self.fallback.decode(c, line).into_owned())
                .collect();
            let refs: Vec<&str> = decoded.iter().map(String::as_str).collect();
            self.sink.row(line, &refs);
            match self.skip_blank()? {
                Some(b',') => {
                    self.bump()?;
                }
                Some(b';') => {
                    self.bump()?;
                    return Ok(());
                }
                None => return Ok(()),
                _ => return self.skip_statement(),
            }
        }
    }

    /// A table name that was read by `word` (upper-cased): re-read its schema part.
    fn last_word_as_name(&mut self, upper: String) -> Result<String> {
        // `word` upper-cased it; names are compared as written in CREATE TABLE, which
        // `name` keeps, so look the table up case-insensitively.
        let mut name = upper;
        if self.peek()? == Some(b'.') {
            self.bump()?;
            name = self.name()?;
        }
        Ok(self
            .tables
            .keys()
            .find(|k| k.eq_ignore_ascii_case(&name))
            .cloned()
            .unwrap_or_else(|| name.to_lowercase()))
    }

    /// `COPY t (cols) FROM stdin;` then tab-separated lines up to `\.`.
    fn copy(&mut self) -> Result<()> {
        let table = self.name()?;
        let listed = self.column_list()?;
        let from = self.word()?;
        let target = self.word()?;
        if from != "FROM" || target != "STDIN" {
            return self.skip_statement();
        }
        self.skip_statement()?;
        self.copy_rows(&table, listed)
    }

    /// COPY data lines up to `\.` or the end.
    fn copy_rows(&mut self, table: &str, listed: Option<Vec<String>>) -> Result<()> {
        let mut line_bytes = Vec::new();
        loop {
            line_bytes.clear();
            let line = self.src.line;
            while let Some(c) = self.bump()? {
                if c == b'\n' {
                    break;
                }
                line_bytes.push(c);
                if line_bytes.len() > self.limits.max_line {
                    return Err(format!(
                        "COPY line longer than {} bytes",
                        self.limits.max_line
                    ));
                }
            }
            if line_bytes.last() == Some(&b'\r') {
                line_bytes.pop();
            }
            if line_bytes == b"\\." || (line_bytes.is_empty() && self.peek()?.is_none()) {
                return Ok(());
            }
            if line_bytes.is_empty() {
                continue;
            }
            let fields: Vec<String> = line_bytes
                .split(|&b| b == b'\t')
                .map(|f| unescape_copy(&self.fallback.decode(f, line)))
                .collect();
            let columns = self.columns_for(table, listed.clone(), fields.len());
            self.announce(table, columns);
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            self.sink.row(line, &refs);
        }
    }

    fn statements(&mut self) -> Result<()> {
        loop {
            if self.skip_blank()?.is_none() {
                return Ok(());
            }
            match self.word()?.as_str() {
                "CREATE" => {
                    let mut w = self.word()?;
                    while matches!(
                        w.as_str(),
                        "TEMPORARY" | "TEMP" | "UNLOGGED" | "OR" | "REPLACE"
                    ) {
                        w = self.word()?;
                    }
                    if w != "TABLE" {
                        self.skip_statement()?;
                        continue;
                    }
                    let mut name = self.name()?;
                    if name.eq_ignore_ascii_case("IF") {
                        self.word()?; // NOT
                        self.word()?; // EXISTS
                        name = self.name()?;
                    }
                    let columns = self.column_definitions()?;
                    self.tables.insert(name, columns);
                    self.skip_statement()?;
                }
                "INSERT" | "REPLACE" => self.insert()?,
                "COPY" => self.copy()?,
                "" => {
                    // Not a keyword (stray punctuation): skip one byte.
                    self.bump()?;
                }
                _ => self.skip_statement()?,
            }
        }
    }
}

/// PostgreSQL COPY text format: `\N` is NULL, backslash escapes.
fn unescape_copy(field: &str) -> String {
    if field == "\\N" {
        return String::new();
    }
    if !field.contains('\\') {
        return field.to_string();
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// One table's data in the COPY text format, without its statement (pg_dump archives
/// keep the statement in their TOC): each row's line is its position in the data.
pub(crate) fn read_copy_data(
    input: impl Read,
    table: &str,
    columns: Vec<String>,
    path: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> std::io::Result<()> {
    let source = Source { path, limits };
    let what = ("des données de la table", "table data");
    source.parse(input, sink, fallback, what, |p| {
        p.copy_rows(table, Some(columns))
    })
}

pub(crate) fn read_sql(
    input: impl Read,
    path: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> std::io::Result<()> {
    let source = Source { path, limits };
    source.parse(input, sink, fallback, ("du SQL", "SQL"), |p| p.statements())
}

/// The table a schema file (`mysqldump --tab`'s `t.sql`) creates, with its columns.
pub(crate) fn created_table(sql: &[u8], limits: &Limits) -> Option<(String, Vec<String>)> {
    struct Nothing;
    impl Sink for Nothing {
        fn item(&mut self, _: &str, _: crate::Format, _: crate::Encoding) {}
        fn table(&mut self, _: Option<&str>, _: &[String], _: Option<u64>) {}
        fn row(&mut self, _: u64, _: &[&str]) {}
        fn field(&mut self, _: u64, _: &str, _: &str) {}
        fn end_record(&mut self) {}
        fn text(&mut self, _: u64, _: &str) {}
        fn note(&mut self, _: Note) {}
    }
    let mut input = sql;
    let mut fallback = Fallback::default();
    let mut p = Parser {
        src: ByteReader::new(&mut input),
        sink: &mut Nothing,
        fallback: &mut fallback,
        limits,
        tables: HashMap::new(),
        current: None,
    };
    p.statements().ok()?;
    let mut tables = p.tables.into_iter();
    match (tables.next(), tables.next()) {
        (Some(t), None) => Some(t),
        _ => None,
    }
}

/// Where the text comes from, for the parser and its notes.
struct Source<'a> {
    path: &'a str,
    limits: &'a Limits,
}

impl Source<'_> {
    /// Runs `parse` over the input; where it stops on bad input, a note names the line
    /// and what was read before it stands.
    fn parse<R: Read>(
        &self,
        mut input: R,
        sink: &mut dyn Sink,
        fallback: &mut Fallback,
        what: (&str, &str),
        parse: impl FnOnce(&mut Parser<'_, '_>) -> Result<()>,
    ) -> std::io::Result<()> {
        let mut p = Parser {
            src: ByteReader::new(&mut input),
            sink,
            fallback,
            limits: self.limits,
            tables: HashMap::new(),
            current: None,
        };
        if let Err(message) = parse(&mut p) {
            let line = p.src.line;
            p.sink.note(Note {
                path: self.path.to_string(),
                line: Some(line),
                severity: Severity::Error,
                message: Message::with_detail(
                    &format!("lecture {} interrompue", what.0),
                    &format!("{} reading stopped", what.1),
                    message,
                ),
            });
        }
        Ok(())
    }
}
