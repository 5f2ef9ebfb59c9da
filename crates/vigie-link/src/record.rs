//! Reading a leak or a registry into records: the columns mapped to identity fields (by
//! the scanner's column classifier, or `--map`), each value normalised once.

use crate::block::LeakKeys;
use crate::compare::Packed;
use crate::error::Error;
use crate::normalize;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use vigie_detect::{ColumnClass, Detector, Kind, Matches};
use vigie_sources::{Encoding, Format, Limits, Note, Sink};

/// What a column holds, for linking.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Field {
    Id,
    LastName,
    /// Last and first names in one cell ("DURAND Anne", "Anne DURAND").
    FullName,
    BirthName,
    FirstName,
    Sex,
    BirthDate,
    Nir,
    Address,
    Postcode,
    City,
    Phone,
    Email,
    /// Compared as text (exact or close), with its own weights.
    Other(String),
    Ignore,
}

impl Field {
    pub fn parse(s: &str) -> Option<Field> {
        Some(match s.trim() {
            "id" => Field::Id,
            "last_name" | "usage_name" => Field::LastName,
            "full_name" => Field::FullName,
            "birth_name" => Field::BirthName,
            "first_name" | "first_names" => Field::FirstName,
            "sex" => Field::Sex,
            "birth_date" => Field::BirthDate,
            "nir" => Field::Nir,
            "address" => Field::Address,
            "postcode" => Field::Postcode,
            "city" => Field::City,
            "phone" => Field::Phone,
            "email" => Field::Email,
            "ignore" => Field::Ignore,
            other if other.starts_with("other:") => Field::Other(other[6..].to_string()),
            "other" => Field::Other(String::new()),
            _ => return None,
        })
    }

    pub fn id(&self) -> String {
        match self {
            Field::Id => "id".into(),
            Field::LastName => "last_name".into(),
            Field::FullName => "full_name".into(),
            Field::BirthName => "birth_name".into(),
            Field::FirstName => "first_name".into(),
            Field::Sex => "sex".into(),
            Field::BirthDate => "birth_date".into(),
            Field::Nir => "nir".into(),
            Field::Address => "address".into(),
            Field::Postcode => "postcode".into(),
            Field::City => "city".into(),
            Field::Phone => "phone".into(),
            Field::Email => "email".into(),
            Field::Other(n) => format!("other:{n}"),
            Field::Ignore => "ignore".into(),
        }
    }
}

/// One person of a file, normalised.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Record {
    pub id: String,
    /// The line the row starts on (several rows share one in a multi-row SQL INSERT).
    pub line: u64,
    /// The row's place among the table's rows as read, from 0: what ties a record to its
    /// row read again as it is ([`Reader::rows`]). Not kept in an index.
    #[serde(skip)]
    pub row: u64,
    pub first: Vec<String>,
    pub last: Vec<String>,
    pub birth_name: Vec<String>,
    pub birth: Option<(u16, u8, u8)>,
    pub sex: Option<char>,
    /// The NIR's 13-digit body, and whether its key was right.
    pub nir: Option<(String, bool)>,
    /// The street's words, types expanded, joined by spaces.
    pub street: String,
    pub postcode: Option<String>,
    /// The city's words, joined by spaces.
    pub city: String,
    /// The phones (E.164) and e-mail addresses of the row, each joined by spaces: a
    /// registry may hold a home and a mobile phone, a leak either.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Values of the `Other` columns, in the order of [`Table::others`].
    pub others: Vec<Option<String>>,
    /// The phonetic keys of the first word of the first, last and birth names, computed
    /// once: comparisons and blocking use them for every pair.
    pub sounds: [String; 3],
    /// What the row exposes, for a leak: a bit per [`Kind`] (its place in `Kind::ALL`),
    /// from the identity columns and what the detector finds in the others.
    pub kinds: u32,
}

fn kind_bit(k: Kind) -> u32 {
    Kind::ALL.iter().position(|x| *x == k).map_or(0, |i| 1 << i)
}

/// The kinds of data a row exposes, from its bits.
pub fn exposed(kinds: u32) -> Vec<Kind> {
    Kind::ALL
        .into_iter()
        .filter(|k| kinds & kind_bit(*k) != 0)
        .collect()
}

/// A record as linkage holds it once its fields are packed
/// ([`crate::compare::Packed`]) and its blocks made: who it is, where it was read, what it
/// exposes, and the words its names' frequencies are looked up by. About a sixth of a
/// [`Record`]'s memory: a million rows' records were a third of their de-duplication's
/// peak (docs/benchmarks.md).
#[derive(Clone, Debug, Default)]
pub struct Kept {
    pub id: Box<str>,
    pub line: u64,
    pub row: u64,
    pub kinds: u32,
    /// The first words of the first and last names, and the postcode, each held once
    /// however many records share it.
    pub first: Option<Arc<str>>,
    pub last: Option<Arc<str>>,
    pub postcode: Option<Arc<str>>,
}

/// What deciding reads of a row, borrowed from a whole record or a kept one.
pub struct View<'a> {
    pub id: &'a str,
    pub line: u64,
    pub row: u64,
    pub kinds: u32,
    /// The first words of the first and last names, and the postcode.
    pub words: [Option<&'a str>; 3],
}

/// A record, kept or not: a leak read for linking holds whole records, an index kept
/// ones.
pub trait Linked {
    fn view(&self) -> View<'_>;
    /// The whole record, which blocking by the keys of [`crate::block::RULES`] makes its
    /// keys from; a kept one is only ever the leak of its own index, whose blocks are
    /// made already ([`crate::index::Blocks::Met`]).
    fn record(&self) -> Option<&Record>;
    /// The records' fields packed for comparing; kept records' are their index's already.
    fn packed(records: &[Self]) -> Option<Packed>
    where
        Self: Sized;
}

impl Linked for Record {
    fn view(&self) -> View<'_> {
        View {
            id: &self.id,
            line: self.line,
            row: self.row,
            kinds: self.kinds,
            words: [
                self.first.first().map(String::as_str),
                self.last.first().map(String::as_str),
                self.postcode.as_deref(),
            ],
        }
    }
    fn record(&self) -> Option<&Record> {
        Some(self)
    }
    fn packed(records: &[Record]) -> Option<Packed> {
        Some(Packed::of(records))
    }
}

impl Linked for Kept {
    fn view(&self) -> View<'_> {
        View {
            id: &self.id,
            line: self.line,
            row: self.row,
            kinds: self.kinds,
            words: [
                self.first.as_deref(),
                self.last.as_deref(),
                self.postcode.as_deref(),
            ],
        }
    }
    fn record(&self) -> Option<&Record> {
        None
    }
    fn packed(_: &[Kept]) -> Option<Packed> {
        None
    }
}

/// Records made [`Kept`], their words shared.
#[derive(Default)]
pub struct Keeper {
    words: HashSet<Arc<str>>,
}

impl Keeper {
    pub fn keep(&mut self, r: Record) -> Kept {
        let mut word = |w: Option<&String>| {
            let w = w?;
            Some(match self.words.get(w.as_str()) {
                Some(a) => a.clone(),
                None => {
                    let a: Arc<str> = Arc::from(w.as_str());
                    self.words.insert(a.clone());
                    a
                }
            })
        };
        Kept {
            first: word(r.first.first()),
            last: word(r.last.first()),
            postcode: word(r.postcode.as_ref()),
            id: r.id.into_boxed_str(),
            line: r.line,
            row: r.row,
            kinds: r.kinds,
        }
    }
}

impl Record {
    fn prepare(&mut self) {
        let sound = |w: &[String]| {
            w.first()
                .map(|w| normalize::phonetic(w))
                .unwrap_or_default()
        };
        self.sounds = [
            sound(&self.first),
            sound(&self.last),
            sound(&self.birth_name),
        ];
    }
}

/// A file read for linking: its mapping, its records and what could not be used.
#[derive(Debug, Default)]
pub struct Table {
    pub info: TableInfo,
    pub records: Vec<Record>,
}

/// The rows a link reads as the leak: a table's, or those an index holds when the file
/// is linked to itself ([`crate::index::Index::as_leak`]).
pub struct Leak<'a, R = Record> {
    pub info: &'a TableInfo,
    pub records: &'a [R],
}

// Not derived: a derived copy would ask the records to be `Copy`.
impl<R> Clone for Leak<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Leak<'_, R> {}

/// A table's records once kept ([`Kept`]): what a de-duplication gives back.
#[derive(Debug, Default)]
pub struct KeptTable {
    pub info: TableInfo,
    pub records: Vec<Kept>,
}

impl<'a> From<&'a Table> for Leak<'a> {
    fn from(table: &'a Table) -> Leak<'a> {
        Leak {
            info: &table.info,
            records: &table.records,
        }
    }
}

/// What is known of a file besides its records.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TableInfo {
    pub path: String,
    /// Column name → field, as used.
    pub mapping: Vec<(String, Field)>,
    pub others: Vec<String>,
    /// Rows read (compared or not).
    pub rows: u64,
    /// Rows with nothing to compare (no name, no date, no NIR…): line and reason.
    pub unusable: Vec<(u64, String)>,
    pub warnings: Vec<String>,
}

/// Turns the rows of a file's first table of persons into records as they are read, so that a
/// registry of millions of rows is never held as text.
struct Collect<'a> {
    detector: &'a Detector,
    overrides: &'a BTreeMap<String, Field>,
    id_column: Option<&'a str>,
    this_year: u16,
    info: TableInfo,
    columns: Vec<String>,
    tables: usize,
    /// The table being read: the first whose columns include an identity column (a dump
    /// or a workbook may open with another table, a sheet of notes); `None` before it.
    chosen: Option<(String, Vec<String>)>,
    /// Whether the rows coming are the chosen table's.
    reading: bool,
    /// A table without a header, its first rows held until their values tell what its
    /// columns hold; then, per column, the field they told (used where the header and
    /// `--map` say nothing).
    headless: Option<(String, HeldRows)>,
    by_values: Vec<Option<Field>>,
    /// The tables passed over before it, as `name (columns)`, for the error without one.
    passed: Vec<String>,
    notes: Vec<Note>,
    error: Option<Error>,
    /// Keyed records (JSON) are held until their columns are known: the keys of the
    /// first [`KEYED_SAMPLE`] records, in order of appearance.
    keyed: Vec<(u64, Vec<(String, String)>)>,
    current: Vec<(String, String)>,
    current_line: u64,
    ids: rustc_hash::FxHashMap<u64, u64>,
    out: &'a mut Out<'a>,
    /// Whether to find what each row exposes (a leak's rows).
    exposure: bool,
    /// When set, each record is met against a leak's keys as it is normalised.
    meet: Option<&'a LeakKeys>,
    /// When set, rows are handed over as they are, with the mapping, and not normalised.
    raw: Option<&'a mut RawRow<'a>>,
    /// Rows are normalised on the other cores, in batches, while this one reads on.
    batch: Rows,
    jobs: Option<std::sync::mpsc::SyncSender<Job>>,
    done: std::sync::mpsc::Receiver<(u64, Vec<Normalised>)>,
    pending: BTreeMap<u64, Vec<Normalised>>,
    sent: u64,
    emitted: u64,
    /// Rows counted in so far, in reading order (each record's `row`).
    accepted: u64,
}

/// Rows held as they were read: line and cells.
type HeldRows = Vec<(u64, Vec<String>)>;

/// Rows of a table without a header whose values tell what its columns hold.
const HEADLESS_SAMPLE: usize = 200;

impl Sink for Collect<'_> {
    fn item(&mut self, _: &str, _: Format, _: Encoding) {}
    fn table(&mut self, name: Option<&str>, columns: &[String], header: Option<u64>) {
        self.tables += 1;
        let headless = name.is_none() && header.is_none();
        let name = name.map_or_else(|| format!("table {}", self.tables), str::to_string);
        if let Some((chosen, chosen_columns)) = &self.chosen {
            // A dump's inserts may come back to the chosen table after another one.
            self.reading = *chosen == name && chosen_columns == columns;
            let warning = format!(
                "{}: {name} not read: only the first table with identity columns is",
                self.info.path
            );
            if !self.reading && !self.info.warnings.contains(&warning) {
                self.info.warnings.push(warning);
            }
            return;
        }
        self.columns = columns.to_vec();
        if headless {
            // No header to go by: the columns are told from their first rows' values.
            self.headless = Some((name, Vec::new()));
            return;
        }
        self.choose(name);
    }
    fn row(&mut self, line: u64, cells: &[&str]) {
        if let Some((_, rows)) = &mut self.headless {
            rows.push((line, cells.iter().map(|c| c.to_string()).collect()));
            if rows.len() >= HEADLESS_SAMPLE {
                self.flush_headless();
            }
        } else if self.reading {
            self.push_row(line, cells);
        }
    }

    fn field(&mut self, line: u64, path: &str, value: &str) {
        if self.tables > 0 {
            return;
        }
        if self.current.is_empty() {
            self.current_line = line;
        }
        // The key, without the path of the array the records are in.
        let key = path.rsplit(['.', ']']).next().unwrap_or(path);
        self.current.push((key.to_string(), value.to_string()));
    }
    fn end_record(&mut self) {
        if self.tables > 0 || self.current.is_empty() {
            return;
        }
        let record = (self.current_line, std::mem::take(&mut self.current));
        if self.columns.is_empty() {
            self.keyed.push(record);
            if self.keyed.len() >= KEYED_SAMPLE {
                self.flush_keyed();
            }
        } else {
            self.keyed_row(record);
        }
    }
    fn text(&mut self, _: u64, _: &str) {}
    fn note(&mut self, note: Note) {
        self.notes.push(note);
    }
}

/// Keyed records read before their columns are fixed.
const KEYED_SAMPLE: usize = 1000;

impl Collect<'_> {
    /// Maps the current table's columns, and reads it if it has an identity column.
    fn choose(&mut self, name: String) {
        self.info.mapping.clear();
        self.info.others.clear();
        match self.map_columns() {
            Ok(()) => {
                self.reading = true;
                self.error = None;
                if !self.passed.is_empty() {
                    self.info.warnings.push(format!(
                        "{}: {name} read, the first table with identity columns; passed over: {}",
                        self.info.path,
                        self.passed.join(", ")
                    ));
                }
                self.chosen = Some((name, self.columns.clone()));
            }
            Err(e) => {
                self.passed
                    .push(format!("{name} ({})", self.columns.join(", ")));
                self.error = Some(if self.passed.len() > 1 {
                    Error::input(
                        &self.info.path,
                        format!(
                            "no table with an identity column among {}; name them with --map 'COLUMN=last_name'",
                            self.passed.join("; ")
                        ),
                    )
                } else {
                    e
                });
            }
        }
    }

    /// Classifies the sampled rows of a table without a header by their values, maps
    /// its columns so, and reads the rows.
    fn flush_headless(&mut self) {
        let Some((name, rows)) = self.headless.take() else {
            return;
        };
        let column = |i: usize| {
            rows.iter()
                .filter_map(move |(_, r)| r.get(i).map(String::as_str))
        };
        self.by_values = fields_from_values(
            self.detector,
            (0..self.columns.len())
                .map(|i| column(i).collect())
                .collect(),
            self.this_year,
        );
        self.choose(name);
        if self.reading {
            let told: Vec<String> = self
                .info
                .mapping
                .iter()
                .filter(|(_, f)| !matches!(f, Field::Other(_) | Field::Ignore))
                .map(|(c, f)| format!("{c}={}", f.id()))
                .collect();
            self.info.warnings.push(format!(
                "{}: no header; columns told from their values ({}): check them, or name them with --map",
                self.info.path,
                told.join(", ")
            ));
            for (line, cells) in rows {
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                self.push_row(line, &cells);
            }
        }
    }

    /// Fixes the columns from the keyed records held, and reads them.
    fn flush_keyed(&mut self) {
        if !self.columns.is_empty() || self.keyed.is_empty() {
            return;
        }
        for (_, fields) in &self.keyed {
            for (k, _) in fields {
                if !self.columns.contains(k) {
                    self.columns.push(k.clone());
                }
            }
        }
        self.error = self.map_columns().err();
        for record in std::mem::take(&mut self.keyed) {
            self.keyed_row(record);
        }
    }

    fn keyed_row(&mut self, (line, fields): (u64, Vec<(String, String)>)) {
        if self.error.is_some() {
            return;
        }
        let mut cells = vec![""; self.columns.len()];
        for (k, v) in &fields {
            // A key the first records did not have is not a column.
            if let Some(i) = self.columns.iter().position(|c| c == k) {
                cells[i] = v;
            }
        }
        self.push_row(line, &cells);
    }

    fn map_columns(&mut self) -> Result<(), Error> {
        let display = self.info.path.clone();
        for (i, col) in self.columns.iter().enumerate() {
            let mut f = field_of(self.detector, col, self.overrides);
            // Without a header, a column the values do not tell is not compared: its
            // made-up name ("col8") would pair it with another file's eighth column.
            if let (Field::Other(_), Some(v)) = (&f, self.by_values.get(i))
                && !self.overrides.contains_key(col)
            {
                f = v.clone().unwrap_or(Field::Ignore);
            }
            if let Some(id) = self.id_column {
                if col == id {
                    f = Field::Id;
                } else if f == Field::Id {
                    f = Field::Ignore;
                }
            }
            if let Field::Other(name) = &mut f {
                if name.is_empty() {
                    *name = col.clone();
                }
                self.info.others.push(name.clone());
            }
            self.info.mapping.push((col.clone(), f));
        }
        if let Some(id) = self.id_column
            && !self.columns.iter().any(|col| col == id)
        {
            return Err(Error::input(
                display,
                format!("no column {id:?} (columns: {:?})", self.columns),
            ));
        }
        if !self.info.mapping.iter().any(|(_, f)| {
            matches!(
                f,
                Field::LastName
                    | Field::FullName
                    | Field::BirthName
                    | Field::FirstName
                    | Field::Nir
                    | Field::Email
                    | Field::Phone
            )
        }) {
            return Err(Error::input(
                display,
                format!(
                    "no identity column found among {:?}; name them with --map 'COLUMN=last_name'",
                    self.columns
                ),
            ));
        }
        Ok(())
    }

    /// Hands a row to the workers; records come back, in order, through [`Self::drain`].
    fn push_row(&mut self, line: u64, cells: &[&str]) {
        let row = self.info.rows;
        self.info.rows += 1;
        if let Some(raw) = &mut self.raw {
            raw(row, &self.info.mapping, cells);
            return;
        }
        self.batch.push(line, cells);
        if self.batch.lines.len() >= BATCH {
            self.send();
        }
        self.drain(false);
    }

    fn send(&mut self) {
        if self.batch.lines.is_empty() {
            return;
        }
        let shape = std::sync::Arc::new(Shape {
            mapping: self.info.mapping.clone(),
            others: self.info.others.len(),
            this_year: self.this_year,
            path: self.info.path.clone(),
            classes: if self.exposure {
                self.info
                    .mapping
                    .iter()
                    .map(|(col, _)| Some(self.detector.classify_header(col)))
                    .collect()
            } else {
                Vec::new()
            },
        });
        let rows = std::mem::take(&mut self.batch);
        if let Some(jobs) = &self.jobs {
            // The workers are gone only if one panicked: normalise here then.
            if let Err(std::sync::mpsc::SendError((seq, shape, rows))) =
                jobs.send((self.sent, shape, rows))
            {
                self.pending
                    .insert(seq, normalise_all(&shape, rows, self.detector, self.meet));
            }
        } else {
            self.pending.insert(
                self.sent,
                normalise_all(&shape, rows, self.detector, self.meet),
            );
        }
        self.sent += 1;
    }

    /// Takes the normalised batches back, in the order they were sent; `all`: waits for
    /// every batch sent.
    fn drain(&mut self, all: bool) {
        loop {
            while let Ok((seq, batch)) = self.done.try_recv() {
                self.pending.insert(seq, batch);
            }
            while let Some(batch) = self.pending.remove(&self.emitted) {
                self.emitted += 1;
                for n in batch {
                    self.accept(n);
                }
            }
            if !all || self.emitted >= self.sent {
                return;
            }
            match self.done.recv() {
                Ok((seq, batch)) => {
                    self.pending.insert(seq, batch);
                }
                Err(_) => return,
            }
        }
    }

    /// Counts a normalised row in: its warnings, a duplicate id, or nothing to compare.
    fn accept(&mut self, n: Normalised) {
        let Normalised {
            record: mut r,
            warnings,
            met,
        } = n;
        // Rows come here in the order they were read, the unusable ones too.
        r.row = self.accepted;
        self.accepted += 1;
        self.info.warnings.extend(warnings);
        let (display, line) = (&self.info.path, r.line);
        // Ids are kept as 64-bit fingerprints: 16 bytes a row, for registries of millions.
        let mut h = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&r.id, &mut h);
        let fingerprint = std::hash::Hasher::finish(&h);
        if let Some(first) = self.ids.get(&fingerprint) {
            self.info.warnings.push(format!(
                "{display}:{line}: the id of this row is that of line {first} too"
            ));
        } else {
            self.ids.insert(fingerprint, line);
        }
        let comparable = !r.last.is_empty()
            || !r.birth_name.is_empty()
            || !r.first.is_empty()
            || r.birth.is_some()
            || r.nir.is_some()
            || r.email.is_some()
            || r.phone.is_some();
        if comparable {
            (self.out)(r, &met);
        } else {
            self.info.unusable.push((
                line,
                "no name, birth date, NIR, e-mail or phone".to_string(),
            ));
        }
    }
}

/// Rows handed to the workers at a time.
const BATCH: usize = 2048;

/// What the workers need to know of the file to normalise its rows.
struct Shape {
    mapping: Vec<(String, Field)>,
    others: usize,
    this_year: u16,
    path: String,
    /// For a leak: each column's class, for the detector; empty otherwise.
    classes: Vec<Option<Option<ColumnClass>>>,
}

/// One row normalised, with what was wrong in it.
struct Normalised {
    record: Record,
    warnings: Vec<String>,
    /// The leak's distinct keys it shares, when read against a leak.
    met: Vec<u32>,
}

/// A batch of rows in one buffer: a row's cells are spans of `text`. One allocation a
/// batch rather than one a cell, freed by the worker that normalises it.
#[derive(Default)]
struct Rows {
    text: String,
    cells: Vec<(u32, u32)>,
    /// Per row: its line, and where its cells end in `cells`.
    lines: Vec<(u64, u32)>,
}

impl Rows {
    fn push(&mut self, line: u64, cells: &[&str]) {
        for c in cells {
            let start = self.text.len() as u32;
            self.text.push_str(c);
            self.cells.push((start, self.text.len() as u32));
        }
        self.lines.push((line, self.cells.len() as u32));
    }
}

type Job = (u64, std::sync::Arc<Shape>, Rows);

fn normalise_all(
    shape: &Shape,
    rows: Rows,
    detector: &Detector,
    meet: Option<&LeakKeys>,
) -> Vec<Normalised> {
    let mut from = 0;
    let mut matches = Matches::default();
    let mut cells: Vec<&str> = Vec::new();
    let mut scratch = Vec::new();
    rows.lines
        .iter()
        .map(|&(line, to)| {
            cells.clear();
            cells.extend(
                rows.cells[from..to as usize]
                    .iter()
                    .map(|&(a, b)| &rows.text[a as usize..b as usize]),
            );
            from = to as usize;
            let mut n = normalise(shape, line, &cells, detector);
            if !shape.classes.is_empty() {
                n.record.kinds = exposure(shape, &cells, detector, &mut matches);
            }
            if let Some(keys) = meet {
                keys.meet(&n.record, &mut scratch, &mut n.met);
            }
            n
        })
        .collect()
}

/// What a leak row exposes: the identity columns that have a value, and what the
/// detector finds in the other cells (a diagnosis in a comment, a password, an IBAN).
fn exposure(shape: &Shape, cells: &[&str], detector: &Detector, m: &mut Matches) -> u32 {
    let mut bits = 0;
    for (((_, f), v), class) in shape.mapping.iter().zip(cells).zip(&shape.classes) {
        if v.trim().is_empty() {
            continue;
        }
        bits |= match f {
            Field::LastName | Field::FullName | Field::BirthName | Field::FirstName => {
                kind_bit(Kind::PersonName)
            }
            Field::BirthDate => kind_bit(Kind::BirthDate),
            Field::Nir => kind_bit(Kind::Nir),
            Field::Address | Field::Postcode | Field::City => kind_bit(Kind::PostalAddress),
            Field::Phone => kind_bit(Kind::Phone),
            Field::Email => kind_bit(Kind::Email),
            Field::Id | Field::Sex => 0,
            Field::Other(_) | Field::Ignore => {
                m.clear();
                detector.scan_cell(v, class.flatten(), m);
                m.items.iter().fold(0, |b, x| b | kind_bit(x.kind))
            }
        };
    }
    bits
}

/// A row's cells as a record: each value normalised for its field.
fn normalise(shape: &Shape, line: u64, cells: &[&str], detector: &Detector) -> Normalised {
    let display = &shape.path;
    let mut warnings = Vec::new();
    let mut r = Record {
        line,
        others: vec![None; shape.others],
        ..Record::default()
    };
    let mut other_i = 0;
    let (mut street, mut city) = (Vec::new(), Vec::new());
    // The sex a civility in a name cell implies, when no column gives it.
    let mut civility = None;
    let add = |list: &mut Option<String>, value: String| match list {
        Some(l) if l.split(' ').any(|x| x == value) => {}
        Some(l) => {
            l.push(' ');
            l.push_str(&value);
        }
        None => *list = Some(value),
    };
    for ((col, f), v) in shape
        .mapping
        .iter()
        .zip(cells.iter().copied().chain(std::iter::repeat("")))
    {
        let v = v.trim();
        if let Field::Other(_) = f {
            if !v.is_empty() {
                r.others[other_i] = Some(vigie_detect::fold::fold(v));
            }
            other_i += 1;
            continue;
        }
        if v.is_empty() {
            continue;
        }
        let v = match f {
            Field::LastName | Field::FullName | Field::BirthName => {
                let (name, sex) = normalize::strip_civility(v);
                civility = civility.or(sex);
                name
            }
            _ => v,
        };
        match f {
            Field::Id => r.id = v.to_string(),
            Field::LastName => {
                let (usage, birth) = normalize::split_married(v);
                r.last.extend(usage);
                r.birth_name.extend(birth);
            }
            Field::FullName => {
                // Without capitals to tell them apart, the name lists may; else every
                // word is taken for the last name, its words still compared one by one.
                let (first, family) = normalize::split_full_name(v)
                    .or_else(|| normalize::split_by_lists(v, |w| detector.name_lists(w)))
                    .unwrap_or_default();
                let (usage, birth) =
                    normalize::split_married(if family.is_empty() { v } else { &family });
                r.first.extend(normalize::name_words(&first));
                r.last.extend(usage);
                r.birth_name.extend(birth);
            }
            Field::BirthName => r.birth_name.extend(normalize::name_words(v)),
            Field::FirstName => r.first.extend(normalize::name_words(v)),
            Field::Sex => r.sex = normalize::sex(v).or(r.sex),
            Field::BirthDate => match normalize::date(v, shape.this_year) {
                Some(d) => r.birth = Some(d),
                // The value itself is personal data: not repeated in the message.
                None => warnings.push(format!(
                    "{display}:{line}: column {col:?}: not a date, not compared"
                )),
            },
            Field::Nir => r.nir = normalize::nir(v),
            Field::Address => street.extend(normalize::street(v)),
            Field::Postcode => r.postcode = Some(normalize::postcode(v)),
            Field::City => city.extend(normalize::city(v)),
            Field::Phone => {
                for p in normalize::phones(v) {
                    add(&mut r.phone, p);
                }
            }
            Field::Email => {
                for e in v.split([',', ';', ' ']).filter(|e| e.contains('@')) {
                    add(&mut r.email, e.to_ascii_lowercase());
                }
            }
            Field::Other(_) | Field::Ignore => {}
        }
    }
    r.sex = r.sex.or(civility);
    r.street = street.join(" ");
    r.city = city.join(" ");
    if r.id.is_empty() {
        r.id = format!("line{line}");
    }
    r.prepare();
    Normalised {
        record: r,
        warnings,
        met: Vec::new(),
    }
}

/// What the columns of a table without a header hold, from their values: the scanner's
/// classifier for NIR, e-mail, phone and names (a second surname column is the birth
/// name, as exports put the usage name first), then the column of dates with the
/// earliest years for the birth date, five digits for the postcode, `M`/`F`-like codes
/// for the sex, a number then words for the address, distinct codes with digits for the
/// id. A share of the non-empty values decides; `None` where nothing does.
fn fields_from_values(
    detector: &Detector,
    columns: Vec<Vec<&str>>,
    this_year: u16,
) -> Vec<Option<Field>> {
    let share = |values: &[&str], test: &dyn Fn(&str) -> bool| -> f64 {
        let present: Vec<&str> = values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if present.len() < 3 {
            return 0.0;
        }
        present.iter().filter(|v| test(v)).count() as f64 / present.len() as f64
    };
    let mut fields: Vec<Option<Field>> = vec![None; columns.len()];
    let (mut surname, mut birth) = (false, None::<(usize, u16)>);
    for (i, values) in columns.iter().enumerate() {
        fields[i] = match detector.classify_values(values.iter().copied()) {
            Some(ColumnClass::Nir) => Some(Field::Nir),
            Some(ColumnClass::Email) => Some(Field::Email),
            Some(ColumnClass::Phone) => Some(Field::Phone),
            Some(ColumnClass::FirstName) => Some(Field::FirstName),
            Some(ColumnClass::LastName) if surname => Some(Field::BirthName),
            Some(ColumnClass::LastName) => {
                surname = true;
                Some(Field::LastName)
            }
            _ => None,
        };
        if fields[i].is_some() {
            continue;
        }
        // Five digits are a postcode before they are a spreadsheet's serial date.
        if share(values, &|v| {
            v.len() == 5 && v.bytes().all(|b| b.is_ascii_digit())
        }) >= 0.8
        {
            fields[i] = Some(Field::Postcode);
        } else if share(values, &|v| normalize::date(v, this_year).is_some()) >= 0.8 {
            let mut years: Vec<u16> = values
                .iter()
                .filter_map(|v| normalize::date(v, this_year).map(|(y, _, _)| y))
                .collect();
            years.sort_unstable();
            let median = years[years.len() / 2];
            if birth.is_none_or(|(_, y)| median < y) {
                birth = Some((i, median));
            }
            fields[i] = Some(Field::Ignore);
        } else if share(values, &|v| normalize::sex(v).is_some()) >= 0.95 {
            fields[i] = Some(Field::Sex);
        } else if share(values, &|v| {
            let (number, rest) = v.split_at(v.bytes().take_while(u8::is_ascii_digit).count());
            !number.is_empty()
                && rest
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
        }) >= 0.6
        {
            fields[i] = Some(Field::Address);
        } else if share(values, &|v| {
            v.bytes().any(|b| b.is_ascii_digit())
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }) >= 0.95
            && {
                let mut distinct = values.to_vec();
                distinct.sort_unstable();
                distinct.dedup();
                distinct.len() == values.len()
            }
            && !fields.contains(&Some(Field::Id))
        {
            fields[i] = Some(Field::Id);
        }
    }
    if let Some((i, _)) = birth {
        fields[i] = Some(Field::BirthDate);
    }
    // Only one postcode column: the first.
    let mut seen = false;
    for f in &mut fields {
        if *f == Some(Field::Postcode) {
            if seen {
                *f = None;
            }
            seen = true;
        }
    }
    fields
}

/// The field of a column: `--map` first, then the classifier, then the header's words.
/// The header vocabulary vigie-link adds to the detector's (`headers.toml`).
#[derive(serde::Deserialize)]
struct Headers {
    birth_name: HeaderWords,
    id: HeaderWords,
    city: HeaderWords,
    lang: HeaderWords,
}

#[derive(serde::Deserialize)]
struct HeaderWords {
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    suffixes: Vec<String>,
    /// Headers it must map: read by the tests only.
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<String>,
}

impl HeaderWords {
    /// Whether a folded header is one of these.
    fn says(&self, folded: &str) -> bool {
        self.names.iter().any(|n| n == folded)
            || self.contains.iter().any(|w| folded.contains(w.as_str()))
            || self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
            || self.suffixes.iter().any(|x| folded.ends_with(x.as_str()))
    }
}

fn headers() -> &'static Headers {
    static HEADERS: std::sync::OnceLock<Headers> = std::sync::OnceLock::new();
    HEADERS.get_or_init(|| {
        // Embedded and tested: a table that does not read is a build that must not ship.
        toml::from_str(include_str!("../headers.toml"))
            .unwrap_or_else(|e| panic!("vigie-link/headers.toml: {e}"))
    })
}

fn field_of(detector: &Detector, header: &str, overrides: &BTreeMap<String, Field>) -> Field {
    if let Some(f) = overrides.get(header) {
        return f.clone();
    }
    let folded = vigie_detect::fold::fold_header(header);
    let words = headers();
    match detector.classify_header(header) {
        Some(ColumnClass::LastName) if words.birth_name.says(&folded) => Field::BirthName,
        Some(ColumnClass::LastName) => Field::LastName,
        Some(ColumnClass::FirstName) => Field::FirstName,
        Some(ColumnClass::FullName) => Field::FullName,
        Some(ColumnClass::BirthDate) => Field::BirthDate,
        Some(ColumnClass::Nir) => Field::Nir,
        Some(ColumnClass::Phone) => Field::Phone,
        Some(ColumnClass::Email) => Field::Email,
        Some(ColumnClass::Address) => Field::Address,
        Some(ColumnClass::Postcode) => Field::Postcode,
        Some(ColumnClass::City) => Field::City,
        Some(ColumnClass::Sex) => Field::Sex,
        Some(ColumnClass::Identifier) => Field::Id,
        _ if words.id.says(&folded) => Field::Id,
        None if words.city.says(&folded) => Field::City,
        Some(_) => Field::Ignore,
        None => Field::Other(header.to_string()),
    }
}

/// Whether a column the detector does not know holds the patient's language.
fn is_lang(field: &Field) -> bool {
    matches!(field, Field::Other(n) if headers().lang.says(&vigie_detect::fold::fold_header(n)))
}

/// Room for the records of a file, from its size: a registry of millions of records
/// grown by doubling was copied whole a score of times, and its copies were most of the
/// reading thread's time. Reserved, not written: pages never filled cost no memory.
pub fn rows_bound(path: &std::path::Path) -> usize {
    // A row of a plain table takes 40 bytes at least; a compressed file holds more.
    const MIN_ROW: u64 = 40;
    const MAX_RESERVED: u64 = 20_000_000;
    std::fs::metadata(path).map_or(0, |m| (m.len() / MIN_ROW).min(MAX_RESERVED) as usize)
}

/// A registry patient's contact details as the registry holds them (not normalised):
/// what a notice is addressed with. The street lines of `address` are joined by a line
/// break; `lang` comes from a column so named.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// How tables are read for linkage, the same for every reader: the detector that tells
/// columns by their values, the columns mapped by hand (`--map`, by header), the id
/// column when named, and the year ages are counted from.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub detector: &'a Detector,
    pub overrides: &'a BTreeMap<String, Field>,
    pub id_column: Option<&'a str>,
    pub this_year: u16,
}

impl<'a> Reader<'a> {
    /// Reads `path` (any table `vigie-sources` reads) into records.
    pub fn read(&self, path: &std::path::Path) -> Result<Table, Error> {
        let mut records = Vec::with_capacity(rows_bound(path));
        let out = &mut |r, _: &[u32]| records.push(r);
        let info = read_inner(path, *self, How::default(), out)?;
        Ok(Table { info, records })
    }

    /// Reads a leaked file into records, each with what its row exposes
    /// ([`exposed`]).
    pub fn read_leak(&self, path: &std::path::Path) -> Result<Table, Error> {
        let how = How {
            exposure: true,
            ..How::default()
        };
        let mut records = Vec::new();
        let out = &mut |r, _: &[u32]| records.push(r);
        let info = read_inner(path, *self, how, out)?;
        Ok(Table { info, records })
    }

    /// Reads `path`, handing each record to `out` as soon as its row is read.
    pub fn read_each(
        &self,
        path: &std::path::Path,
        out: &mut dyn FnMut(Record),
    ) -> Result<TableInfo, Error> {
        let out = &mut |r, _: &[u32]| out(r);
        read_inner(path, *self, How::default(), out)
    }

    /// Reads `path`, meeting each record against a leak's keys on the core that
    /// normalised it, and handing it to `out` with the leak's distinct keys it shares.
    pub fn read_meeting(
        &self,
        path: &std::path::Path,
        keys: &LeakKeys,
        out: &mut dyn FnMut(Record, &[u32]),
    ) -> Result<TableInfo, Error> {
        let how = How {
            meet: Some(keys),
            ..How::default()
        };
        read_inner(path, *self, how, out)
    }

    /// Reads `path` again as it is: each row's line, the columns' mapping and its cells,
    /// as written (no record made): what is handed on of a table, rather than its
    /// normalised records.
    pub fn rows(&self, path: &std::path::Path, each: &mut RawRow<'_>) -> Result<TableInfo, Error> {
        let how = How {
            raw: Some(each),
            ..How::default()
        };
        read_inner(path, *self, how, &mut |_, _| {})
    }

    /// The contact details of the registry patients `wanted` names.
    pub(crate) fn contacts(
        &self,
        path: &std::path::Path,
        wanted: &std::collections::HashSet<String>,
    ) -> Result<BTreeMap<String, Contact>, Error> {
        let mut found = BTreeMap::new();
        let mut take = |_: u64, mapping: &[(String, Field)], cells: &[&str]| {
            let value = |want: &dyn Fn(&Field) -> bool| {
                mapping
                    .iter()
                    .zip(cells)
                    .filter(|((_, f), v)| want(f) && !v.trim().is_empty())
                    .map(|(_, v)| v.trim())
                    .collect::<Vec<_>>()
            };
            let Some(id) = value(&|f| *f == Field::Id).first().map(|s| s.to_string()) else {
                return;
            };
            if !wanted.contains(&id) {
                return;
            }
            let joined = |field: Field, by: &str| {
                let v = value(&|f| *f == field);
                (!v.is_empty()).then(|| v.join(by))
            };
            let lang = value(&is_lang);
            let c = Contact {
                // A full name's cell addresses a notice as it is written.
                last_name: joined(Field::LastName, " ").or_else(|| joined(Field::FullName, " ")),
                birth_name: joined(Field::BirthName, " "),
                first_name: joined(Field::FirstName, " "),
                sex: joined(Field::Sex, " "),
                address: joined(Field::Address, "\n"),
                postcode: joined(Field::Postcode, " "),
                city: joined(Field::City, " "),
                phone: joined(Field::Phone, " "),
                email: joined(Field::Email, " "),
                lang: lang.first().map(|l| l.to_string()),
            };
            found.insert(id, c);
        };
        let how = How {
            raw: Some(&mut take),
            ..How::default()
        };
        let reader = Reader {
            this_year: 0,
            ..*self
        };
        read_inner(path, reader, how, &mut |_, _| {})?;
        Ok(found)
    }
}

/// Takes a row as it is: its place among the rows read (a record's `row`), the columns'
/// mapping and its cells.
pub type RawRow<'a> = dyn FnMut(u64, &[(String, Field)], &[&str]) + 'a;

/// Takes a record, with the leak's distinct keys it shares (when met against a leak).
type Out<'a> = dyn FnMut(Record, &[u32]) + 'a;

/// What a read does besides making records.
#[derive(Default)]
struct How<'a> {
    exposure: bool,
    raw: Option<&'a mut RawRow<'a>>,
    meet: Option<&'a LeakKeys>,
}

fn read_inner<'a>(
    path: &std::path::Path,
    reader: Reader<'a>,
    how: How<'a>,
    out: &'a mut Out<'a>,
) -> Result<TableInfo, Error> {
    let Reader {
        detector,
        overrides,
        id_column,
        this_year,
    } = reader;
    let display = path.display().to_string();
    let (jobs, inbox) = std::sync::mpsc::sync_channel::<Job>(8);
    let (outbox, done) = std::sync::mpsc::channel();
    let inbox = std::sync::Mutex::new(inbox);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut c = Collect {
        detector,
        overrides,
        id_column,
        this_year,
        info: TableInfo {
            path: display.clone(),
            ..TableInfo::default()
        },
        columns: Vec::new(),
        tables: 0,
        chosen: None,
        reading: false,
        headless: None,
        by_values: Vec::new(),
        passed: Vec::new(),
        notes: Vec::new(),
        error: None,
        keyed: Vec::new(),
        current: Vec::new(),
        current_line: 0,
        ids: rustc_hash::FxHashMap::default(),
        out,
        exposure: how.exposure,
        meet: how.meet,
        raw: how.raw,
        batch: Rows::default(),
        jobs: Some(jobs),
        done,
        pending: BTreeMap::new(),
        sent: 0,
        emitted: 0,
        accepted: 0,
    };
    let outboxes: Vec<_> = (0..workers).map(|_| outbox.clone()).collect();
    drop(outbox);
    let read = std::thread::scope(|scope| {
        for outbox in outboxes {
            let inbox = &inbox;
            scope.spawn(move || {
                loop {
                    let job = match inbox.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, shape, rows)) = job else { return };
                    if outbox
                        .send((seq, normalise_all(&shape, rows, detector, how.meet)))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        let read = vigie_sources::read_path(path, &display, &Limits::default(), &mut c);
        c.flush_headless();
        c.flush_keyed();
        c.send();
        // No more work: the workers stop once the queue is empty.
        c.jobs = None;
        c.drain(true);
        read
    });
    read.map_err(Error::io(path))?;
    if c.emitted < c.sent {
        return Err(Error::input(path, "rows could not be normalised"));
    }
    if let Some(n) = c
        .notes
        .iter()
        .find(|n| n.severity >= vigie_sources::Severity::Skipped)
    {
        return Err(Error::input(path, n.message.english()));
    }
    if let Some(e) = c.error {
        return Err(e);
    }
    if c.columns.is_empty() || c.info.rows == 0 {
        return Err(Error::input(
            path,
            "no table with rows (an empty file, or not tabular)",
        ));
    }
    Ok(c.info)
}

#[cfg(test)]
mod header_tests {
    use super::*;

    #[test]
    fn every_example_of_the_header_vocabulary_maps_to_its_field() {
        let detector = Detector::new().expect("rules");
        let none = BTreeMap::new();
        let h = headers();
        for (entry, want) in [
            (&h.birth_name, Field::BirthName),
            (&h.id, Field::Id),
            (&h.city, Field::City),
        ] {
            assert!(!entry.examples.is_empty());
            for e in &entry.examples {
                assert_eq!(field_of(&detector, e, &none), want, "{e}");
            }
        }
        for e in &h.lang.examples {
            let f = field_of(&detector, e, &none);
            assert!(is_lang(&f), "{e}: {f:?}");
        }
        assert!(!is_lang(&field_of(&detector, "remarque", &none)));
        assert_eq!(field_of(&detector, "Nom", &none), Field::LastName);
    }
}
