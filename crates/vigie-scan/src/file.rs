//! Scanning one item: a [`Sink`] that runs the detector on every cell, field and line,
//! turns matches into findings and records into person keys.

use crate::persons::{EmailName, FLAG_HEALTH, FLAG_NIR, PersonIndex};
use crate::{FileSummary, Finding, Msg, ScanOptions};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex};
use vigie_detect::{ColumnClass, Detector, FingerprintKey, Kind, Match, Matches, mask};
use vigie_sources::{Database, Encoding, Format, Message, Note, Severity, Sink};

/// Rows held back to classify columns whose header says nothing.
const SAMPLE_ROWS: usize = 32;
const BATCH: usize = 1024;
/// A paragraph of text longer than this is cut into several records.
const MAX_RECORD_LINES: u32 = 12;

/// What the current record says about who it is.
#[derive(Default)]
struct RecordState {
    nir: Option<u64>,
    /// The normalised address: a household shares one, so it is a key only with a name.
    email: Option<String>,
    /// The patient's names; a practitioner named on the row is not one of them.
    names: Vec<String>,
    birth: Option<String>,
    health: bool,
    lines: u32,
}

/// A row held back: its line, its cells and its key's fingerprint (database rows).
type HeldRow = (u64, Vec<String>, Option<String>);

struct Table {
    /// The sheet, for spreadsheets: findings then name their cell.
    sheet: Option<Arc<str>>,
    columns: Vec<Arc<str>>,
    classes: Vec<Option<ColumnClass>>,
    /// Rows waiting for value-based classification.
    pending: Option<Vec<HeldRow>>,
    rows: u64,
}

pub(crate) struct FileScanner<'a> {
    global: &'a Mutex<PersonIndex>,
    /// Size of the file on disk, reported with its first item.
    file_bytes: u64,
    /// Items opened so far: the file, then each archive member.
    items: u32,
    detector: &'a Detector,
    key: &'a FingerprintKey,
    options: &'a ScanOptions,
    wants_findings: bool,
    encoder: Option<&'a dyn crate::Encoder>,
    tx: &'a SyncSender<Msg>,
    path: Arc<str>,
    format: &'static str,
    encoding: &'static str,
    counts: [u64; Kind::ALL.len()],
    batch: Vec<Finding>,
    matches: Matches,
    table: Option<Table>,
    json_columns: HashMap<String, (Arc<str>, Option<ColumnClass>)>,
    record: RecordState,
    /// The class of the column whose cell is being scanned, if any.
    cell_class: Option<ColumnClass>,
    /// The keys of the item's last block of text that named someone.
    previous_keys: Vec<u64>,
    /// The fingerprint of the next row's key (database tables), shown as its `cell`.
    row_key: Option<String>,
    persons: PersonIndex,
}

/// What every file of a run shares.
pub(crate) struct Shared<'a> {
    pub options: &'a ScanOptions,
    pub wants_findings: bool,
    pub encoder: Option<&'a dyn crate::Encoder>,
    pub detector: &'a Detector,
    pub key: &'a FingerprintKey,
    pub persons: &'a Mutex<PersonIndex>,
}

/// Scans one file; returns its size in bytes.
pub(crate) fn scan_file(path: &Path, shared: &Shared, tx: &SyncSender<Msg>) -> u64 {
    let display = path.display().to_string();
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let mut fs = FileScanner::new(shared, tx, &display, bytes);
    if let Err(e) = vigie_sources::read_path(path, &display, &shared.options.limits, &mut fs) {
        fs.note(Note {
            path: display.clone(),
            line: None,
            severity: Severity::Error,
            message: Message::io("lecture interrompue", "cannot read", &e),
        });
    }
    fs.finish();
    bytes
}

/// Scans a database in place, each table an item.
pub(crate) fn scan_database(db: &Database, shared: &Shared, tx: &SyncSender<Msg>) {
    let display = db.display();
    let mut fs = FileScanner::new(shared, tx, &display, 0);
    let options = &shared.options;
    if let Err(e) = vigie_sources::read_database(db, &options.database, &options.limits, &mut fs) {
        fs.note(Note {
            path: display.clone(),
            line: None,
            severity: Severity::Error,
            message: Message::with_detail("base non lue", "database not read", e),
        });
    }
    fs.finish();
}

impl<'a> FileScanner<'a> {
    fn new(
        shared: &Shared<'a>,
        tx: &'a SyncSender<Msg>,
        display: &str,
        file_bytes: u64,
    ) -> FileScanner<'a> {
        FileScanner {
            global: shared.persons,
            file_bytes,
            items: 0,
            detector: shared.detector,
            key: shared.key,
            options: shared.options,
            wants_findings: shared.wants_findings,
            encoder: shared.encoder,
            tx,
            path: Arc::from(display),
            format: "unknown",
            encoding: "unknown",
            counts: [0; Kind::ALL.len()],
            batch: Vec::with_capacity(BATCH),
            matches: Matches::default(),
            table: None,
            json_columns: HashMap::new(),
            record: RecordState::default(),
            cell_class: None,
            previous_keys: Vec::new(),
            row_key: None,
            persons: PersonIndex::new(shared.options.max_person_keys / 2),
        }
    }
}

impl FileScanner<'_> {
    fn finish(mut self) {
        if self.items == 0 {
            // Not even opened: still one summary, so the file is counted.
            self.items = 1;
        }
        self.close_item();
    }

    /// Ends the current item (a file or an archive member): its last record, its
    /// findings, its summary and its persons.
    fn close_item(&mut self) {
        self.flush_table();
        self.table = None;
        self.json_columns.clear();
        self.end_record();
        self.previous_keys.clear();
        self.send_batch();
        let persons = std::mem::replace(
            &mut self.persons,
            PersonIndex::new(self.options.max_person_keys / 2),
        );
        let mut persons = persons;
        let stats = persons.stats();
        match self.global.lock() {
            Ok(mut g) => g.merge(persons),
            Err(p) => p.into_inner().merge(persons),
        }
        let counts = std::mem::replace(&mut self.counts, [0; Kind::ALL.len()]);
        let _ = self.tx.send(Msg::File(FileSummary {
            path: self.path.to_string(),
            format: self.format,
            encoding: self.encoding,
            bytes: if self.items == 1 { self.file_bytes } else { 0 },
            counts: Kind::ALL
                .into_iter()
                .filter(|k| counts[*k as usize] > 0)
                .map(|k| (k, counts[k as usize]))
                .collect::<BTreeMap<_, _>>(),
            persons: stats,
        }));
    }

    fn send_batch(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let msg = match self.encoder {
            Some(e) => {
                let mut bytes = Vec::with_capacity(self.batch.len() * 200);
                e.encode(&self.batch, &mut bytes);
                self.batch.clear();
                Msg::Encoded(bytes)
            }
            None => Msg::Findings(std::mem::replace(
                &mut self.batch,
                Vec::with_capacity(BATCH),
            )),
        };
        let _ = self.tx.send(msg);
    }

    fn fp64(&self, domain: &str, value: &str) -> u64 {
        (self.key.fingerprint(domain, value).0 >> 64) as u64
    }

    /// Ends the record: its person is known by its strong keys only — the NIR, the
    /// e-mail address with the name (or alone when the record names nobody), the name
    /// with the birth date. A birth date, a name or an address alone joins nobody.
    fn end_record(&mut self) {
        let r = std::mem::take(&mut self.record);
        let mut keys: Vec<u64> = r.nir.into_iter().collect();
        let mut words: Vec<String> = r
            .names
            .iter()
            .flat_map(|n| {
                let key = vigie_detect::fold::name_key(n).to_lowercase();
                key.split(' ').map(str::to_string).collect::<Vec<_>>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        words.sort_unstable();
        words.dedup();
        let name = (!words.is_empty()).then(|| words.join(" "));
        if let (Some(name), Some(birth)) = (&name, &r.birth) {
            keys.push(self.fp64("name+birth", &format!("{name}|{birth}")));
        }
        let mut email_key = None;
        if let Some(email) = &r.email {
            let email_name = EmailName {
                email: self.fp64("email", email),
                words: words.iter().map(|w| self.fp64("name word", w)).collect(),
            };
            if words.len() >= 2 {
                let key = self.fp64("email+name", &format!("{email}|{}", words.join(" ")));
                keys.push(key);
                email_key = Some((key, email_name));
            } else if keys.is_empty() {
                // Only an address and a last name at most: resolved when counting.
                let flags = u8::from(r.health) * FLAG_HEALTH;
                self.persons.add_partial_email(email_name, flags);
            }
        }
        let flags =
            if r.nir.is_some() { FLAG_NIR } else { 0 } | if r.health { FLAG_HEALTH } else { 0 };
        // In running text, the paragraphs after a patient's identity and before the next
        // one are about that patient: a letter names the patient, then the diagnosis.
        let text = r.lines > 0;
        if text && keys.is_empty() {
            let previous = std::mem::take(&mut self.previous_keys);
            self.persons.add(&previous, flags & FLAG_HEALTH);
            self.previous_keys = previous;
        } else if text {
            self.previous_keys.clone_from(&keys);
        }
        self.persons.add(&keys, flags);
        if let Some((key, email_name)) = email_key {
            self.persons.add_named_email(key, email_name);
        }
    }

    /// Records the matches found in `source` as findings.
    fn emit(
        &mut self,
        source: &str,
        (line, row): (u64, Option<u64>),
        column: Option<&Arc<str>>,
        cell: Option<&str>,
    ) {
        let matches = std::mem::take(&mut self.matches);
        for m in &matches.items {
            self.emit_one(m, source, (line, row), column, cell);
        }
        self.matches = matches;
    }

    fn emit_one(
        &mut self,
        m: &Match,
        source: &str,
        (line, row): (u64, Option<u64>),
        column: Option<&Arc<str>>,
        cell: Option<&str>,
    ) {
        if m.confidence < self.options.min_confidence {
            return;
        }
        self.counts[m.kind as usize] += 1;
        let identity = matches!(m.kind, Kind::Nir | Kind::Email);
        if !self.wants_findings && !identity {
            self.note_record(m, source);
            return;
        }
        let fingerprint = self.key.fingerprint(m.kind.id(), &m.normalized);
        match m.kind {
            Kind::Nir => self.record.nir = Some((fingerprint.0 >> 64) as u64),
            Kind::Email => self.record.email = Some(m.normalized.clone()),
            _ => self.note_record(m, source),
        }
        if !self.wants_findings {
            return;
        }
        let raw = source.get(m.start..m.end).unwrap_or("");
        self.batch.push(Finding {
            path: self.path.clone(),
            line,
            row,
            column: column.cloned(),
            cell: cell.map(str::to_string),
            kind: m.kind,
            confidence: m.confidence,
            excerpt: mask(m.kind, raw),
            fingerprint,
            value: self.options.reveal.then(|| raw.to_string()),
        });
        if self.batch.len() >= BATCH {
            self.send_batch();
        }
    }

    /// What a non-key finding tells about the record's person.
    fn note_record(&mut self, m: &Match, source: &str) {
        match m.kind {
            Kind::PersonName
                if self.cell_class != Some(ColumnClass::Practitioner)
                    && !after_practitioner_title(source, m.start) =>
            {
                self.record.names.push(m.normalized.clone())
            }
            Kind::BirthDate => self.record.birth = Some(m.normalized.clone()),
            k if k.is_health() => self.record.health = true,
            _ => {}
        }
    }

    fn scan_row(&mut self, line: u64, cells: &[&str]) {
        // The table is taken out for the row so that its columns can be borrowed while
        // findings are recorded, without cloning them per row.
        let Some(mut table) = self.table.take() else {
            return;
        };
        table.rows += 1;
        let row = table.rows;
        for (i, cell) in cells.iter().enumerate() {
            let class = table.classes.get(i).copied().flatten();
            let at = match &table.sheet {
                Some(s) => Some(format!("{s}!{}{line}", column_letters(i))),
                None => self.row_key.clone(),
            };
            // A JSON document in a cell (a jsonb column, an export's `metadata`): its keys
            // name their values as a header names a column's.
            if let Some(leaves) = json_leaves(cell) {
                let column = table.columns.get(i).map_or("", |c| c.as_ref());
                for (path, value) in leaves {
                    let leaf = path
                        .rsplit('.')
                        .next()
                        .unwrap_or(&path)
                        .trim_end_matches("[]");
                    let class = self.detector.classify_header(leaf);
                    self.matches.clear();
                    self.detector.scan_cell(&value, class, &mut self.matches);
                    let named: Arc<str> = Arc::from(format!("{column}.{path}").as_str());
                    self.cell_class = class;
                    self.emit(&value, (line, Some(row)), Some(&named), at.as_deref());
                }
                continue;
            }
            self.matches.clear();
            let split_key = (class == Some(ColumnClass::Nir)
                && table.classes.get(i + 1).copied().flatten() == Some(ColumnClass::NirKey))
            .then(|| cells.get(i + 1))
            .flatten();
            if let Some(nir) = split_key.and_then(|k| self.detector.nir_from_parts(cell, k)) {
                let start = cell.len() - cell.trim_start().len();
                self.matches.items.push(Match {
                    kind: Kind::Nir,
                    confidence: vigie_detect::Confidence::Certain,
                    start,
                    end: cell.trim_end().len(),
                    normalized: nir,
                });
            } else {
                self.detector.scan_cell(cell, class, &mut self.matches);
            }
            self.cell_class = class;
            self.emit(cell, (line, Some(row)), table.columns.get(i), at.as_deref());
        }
        self.cell_class = None;
        self.row_key = None;
        self.table = Some(table);
        self.end_record();
    }

    /// Classifies the columns that the header left unknown from the held-back rows, then
    /// scans those rows.
    fn flush_table(&mut self) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        let Some(pending) = table.pending.take() else {
            return;
        };
        for (i, class) in table.classes.iter_mut().enumerate() {
            if class.is_none() {
                let values = pending
                    .iter()
                    .filter_map(|(_, cells, _)| cells.get(i).map(String::as_str));
                *class = self.detector.classify_values(values);
            }
        }
        for (line, cells, key) in pending {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            self.row_key = key;
            self.scan_row(line, &refs);
        }
    }
}

/// The string leaves of a cell that holds a JSON object or array, with their key paths
/// (`contact.email`, `allergies[]`); None for any other cell.
fn json_leaves(cell: &str) -> Option<Vec<(String, String)>> {
    let t = cell.trim();
    let framed =
        (t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']'));
    if !framed || t.len() < 2 {
        return None;
    }
    let doc: serde_json::Value = serde_json::from_str(t).ok()?;
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(v, &p, out);
                }
            }
            serde_json::Value::Array(a) => {
                for v in a {
                    walk(v, &format!("{path}[]"), out);
                }
            }
            serde_json::Value::String(s) => out.push((path.to_string(), s.clone())),
            serde_json::Value::Number(n) => out.push((path.to_string(), n.to_string())),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&doc, "", &mut out);
    Some(out)
}

/// Whether the name at `start` follows a practitioner's title ("Dr Paul Girard",
/// "Pr. Martin"): the signature of a letter or the prescriber in a comment, not the
/// patient the record is about.
fn after_practitioner_title(source: &str, start: usize) -> bool {
    let before = source.get(..start).unwrap_or("");
    let word = before
        .trim_end_matches([' ', '.', ':', '\u{a0}'])
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    ["dr", "docteur", "pr", "professeur", "drs"]
        .iter()
        .any(|t| word.eq_ignore_ascii_case(t))
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

impl Sink for FileScanner<'_> {
    fn item(&mut self, path: &str, format: Format, encoding: Encoding) {
        if self.items > 0 {
            self.close_item();
        }
        self.items += 1;
        self.path = Arc::from(path);
        self.format = format.id();
        self.encoding = encoding.id();
    }

    fn table(&mut self, name: Option<&str>, columns: &[String], header_line: Option<u64>) {
        self.flush_table();
        let classes: Vec<Option<ColumnClass>> = columns
            .iter()
            .map(|c| self.detector.classify_header(c))
            .collect();
        let unknown = classes.iter().any(|c| c.is_none_or(ColumnClass::weak));
        let mut pending = unknown.then(Vec::new);
        // A "header" that names nothing we know may be a first data row (headerless files
        // whose first row has no digits): scan it as data too.
        if let (Some(line), Some(p)) = (header_line, pending.as_mut())
            && classes.iter().all(Option::is_none)
        {
            p.push((line, columns.to_vec(), None));
        }
        // Named tables (SQL) show their columns as `table.column`.
        let shown = |c: &String| match name {
            Some(t) => Arc::from(format!("{t}.{c}").as_str()),
            None => Arc::from(c.as_str()),
        };
        let spreadsheet = matches!(self.format, "xlsx" | "xls" | "ods" | "xlsb");
        self.table = Some(Table {
            sheet: name.filter(|_| spreadsheet).map(Arc::from),
            columns: columns.iter().map(shown).collect(),
            classes,
            pending,
            rows: 0,
        });
    }

    fn row(&mut self, line: u64, cells: &[&str]) {
        if let Some(pending) = self.table.as_mut().and_then(|t| t.pending.as_mut()) {
            pending.push((
                line,
                cells.iter().map(|c| c.to_string()).collect(),
                self.row_key.take(),
            ));
            if pending.len() >= SAMPLE_ROWS {
                self.flush_table();
            }
            return;
        }
        self.scan_row(line, cells);
    }

    fn field(&mut self, line: u64, path: &str, value: &str) {
        let detector = self.detector;
        let (column, class) = self
            .json_columns
            .entry(path.to_string())
            .or_insert_with(|| {
                let leaf = path
                    .rsplit('.')
                    .next()
                    .unwrap_or(path)
                    .trim_end_matches("[]");
                (Arc::from(path), detector.classify_header(leaf))
            })
            .clone();
        self.matches.clear();
        self.detector.scan_cell(value, class, &mut self.matches);
        self.cell_class = class;
        self.emit(value, (line, None), Some(&column), None);
        self.cell_class = None;
    }

    fn end_record(&mut self) {
        FileScanner::end_record(self);
    }

    fn text(&mut self, line: u64, text: &str) {
        if text.trim().is_empty() {
            self.end_record();
            return;
        }
        self.matches.clear();
        self.detector.scan_text(text, None, &mut self.matches);
        // A second NIR, e-mail or birth date in the same paragraph is a second person.
        let has = |k: Kind| self.matches.items.iter().any(|m| m.kind == k);
        let new_person = (self.record.nir.is_some() && has(Kind::Nir))
            || (self.record.email.is_some() && has(Kind::Email))
            || (self.record.birth.is_some() && has(Kind::BirthDate))
            || self.record.lines >= MAX_RECORD_LINES;
        if new_person {
            self.end_record();
        }
        self.emit(text, (line, None), None, None);
        self.record.lines += 1;
    }

    fn note(&mut self, note: Note) {
        let _ = self.tx.send(Msg::Note(note));
    }

    fn row_key(&mut self, key: &str) {
        let fp = self.key.fingerprint("row key", key).0 >> 64;
        self.row_key = Some(format!("key:{fp:016x}"));
    }
}
