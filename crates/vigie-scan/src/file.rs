//! Scanning one item: a [`Sink`] that runs the detector on every cell, field and line,
//! turns matches into findings and records into person keys.

use crate::persons::{EmailName, FLAG_HEALTH, FLAG_NIR, PersonIndex};
use crate::{FileSummary, Finding, Msg, ScanOptions};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::mpsc::{self, SyncSender};
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

/// What a table's rows are read with: shared with the helpers of a big file.
struct Layout {
    /// The sheet, for spreadsheets: findings then name their cell.
    sheet: Option<Arc<str>>,
    columns: Vec<Arc<str>>,
    classes: Vec<Option<ColumnClass>>,
}

struct Table {
    layout: Arc<Layout>,
    /// Rows waiting for value-based classification.
    pending: Option<Vec<HeldRow>>,
    rows: u64,
}

/// Detection and its tallies for one item: the matches made findings, counted, and
/// gathered into records and persons. The item's reader has one; each helper of a big
/// file has its own for the rows it is handed.
struct Detection<'a> {
    detector: &'a Detector,
    key: &'a FingerprintKey,
    person_keys: &'a std::hash::RandomState,
    options: &'a ScanOptions,
    wants_findings: bool,
    encoder: Option<&'a dyn crate::Encoder>,
    path: Arc<str>,
    counts: [u64; Kind::ALL.len()],
    batch: Vec<Finding>,
    /// Full batches, in order, waiting to be sent.
    ready: Vec<Msg>,
    matches: Matches,
    record: RecordState,
    /// The class of the column whose cell is being scanned, if any.
    cell_class: Option<ColumnClass>,
    /// The keys of the item's last block of text that named someone.
    previous_keys: Vec<u64>,
    persons: PersonIndex,
}

/// What every file of a run shares.
pub(crate) struct Shared<'a> {
    pub options: &'a ScanOptions,
    pub wants_findings: bool,
    pub encoder: Option<&'a dyn crate::Encoder>,
    pub detector: &'a Detector,
    pub key: &'a FingerprintKey,
    /// The run's key for person keys (see [`Detection::person_key`]).
    pub person_keys: &'a std::hash::RandomState,
    pub persons: &'a Mutex<PersonIndex>,
    /// Files being read now, by any thread.
    pub open_files: &'a std::sync::atomic::AtomicUsize,
}

pub(crate) struct FileScanner<'a> {
    global: &'a Mutex<PersonIndex>,
    /// Size of the file on disk, reported with its first item.
    file_bytes: u64,
    /// Items opened so far: the file, then each archive member.
    items: u32,
    tx: &'a SyncSender<Msg>,
    format: &'static str,
    encoding: &'static str,
    table: Option<Table>,
    /// Each JSON path's column, looked up for every field: Fx-hashed (the paths are the
    /// file's own, not an adversary's keys to collide) and allocated once per path.
    json_columns: rustc_hash::FxHashMap<String, (Arc<str>, Option<ColumnClass>)>,
    /// The fingerprint of the next row's key (database tables), shown as its `cell`.
    row_key: Option<String>,
    detection: Detection<'a>,
    /// A big file's rows go to helper threads in batches (see [`Helpers`]).
    helpers: Option<Helpers<'a>>,
    /// A JSON record this thread has begun reading (its first fields came before a note
    /// or a text): its other fields are read here too.
    open_record: bool,
}

/// Scans one file; returns its size in bytes.
pub(crate) fn scan_file(path: &Path, shared: &Shared, tx: &SyncSender<Msg>) -> u64 {
    let display = path.display().to_string();
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let read = |fs: &mut FileScanner| {
        if let Err(e) = vigie_sources::read_path(path, &display, &shared.options.limits, fs) {
            fs.note(Note {
                path: display.clone(),
                line: None,
                severity: Severity::Error,
                message: Message::io("lecture interrompue", "cannot read", &e),
            });
        }
    };
    use std::sync::atomic::Ordering::Relaxed;
    // Only threads that have no file of their own help: when every thread is busy with a
    // file, splitting one costs copies and merges and brings nothing.
    let others = shared.open_files.fetch_add(1, Relaxed);
    let helpers = shared
        .options
        .threads
        .saturating_sub(others)
        .min(MAX_HELPERS);
    if bytes < shared.options.split.min_file_bytes || helpers < 2 {
        let mut fs = FileScanner::new(shared, tx, &display, bytes, None);
        read(&mut fs);
        fs.finish();
        shared.open_files.fetch_sub(1, Relaxed);
        return bytes;
    }
    let (jobs, queue) = mpsc::sync_channel::<Job>(helpers);
    let queue = Mutex::new(queue);
    let persons = Mutex::new(PersonIndex::new(shared.options.max_person_keys / 2));
    std::thread::scope(|s| {
        for _ in 0..helpers {
            let (queue, persons) = (&queue, &persons);
            s.spawn(move || help(queue, persons, shared));
        }
        let helpers = Helpers {
            jobs,
            persons: &persons,
            filling: Batch::default(),
            waiting: Default::default(),
        };
        let mut fs = FileScanner::new(shared, tx, &display, bytes, Some(helpers));
        read(&mut fs);
        fs.finish();
    });
    shared.open_files.fetch_sub(1, Relaxed);
    bytes
}

/// Scans a database in place, each table an item.
pub(crate) fn scan_database(db: &Database, shared: &Shared, tx: &SyncSender<Msg>) {
    let display = db.display();
    let mut fs = FileScanner::new(shared, tx, &display, 0, None);
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

/// Most helper threads one file gets, whatever `--threads` says.
const MAX_HELPERS: usize = 8;

/// Rows and fields handed to a helper: their text end to end, where each piece ends.
#[derive(Default)]
struct Batch {
    /// The table's row number of the first row.
    first_row: u64,
    /// Rows among the entries.
    rows: u64,
    cells: String,
    /// The end of each cell (rows), or of each path and value (fields), in `cells`.
    ends: Vec<usize>,
    entries: Vec<Entry>,
    /// Entries up to here are whole records.
    whole: usize,
}

enum Entry {
    /// A table row (a record of its own): its line, the end of its cells in `ends`, its
    /// key's fingerprint.
    Row(u64, usize, Option<String>),
    /// A field of a JSON record, and its line.
    Field(u64),
    /// The end of a JSON record.
    End,
}

struct Job {
    path: Arc<str>,
    layout: Option<Arc<Layout>>,
    batch: Batch,
    done: SyncSender<Done>,
}

/// What a helper made of a batch (its persons go to [`Helpers::persons`]).
struct Done {
    counts: [u64; Kind::ALL.len()],
    messages: Vec<Msg>,
}

/// The reader's side of a big file's helpers: the batch being filled and the batches
/// handed out, whose results are taken back in the order of the rows so that findings
/// come out as a single thread would write them.
struct Helpers<'a> {
    jobs: SyncSender<Job>,
    /// The persons of the records the helpers read, merged there by each helper so that
    /// the reader's thread does not do it; the item's persons at its end.
    persons: &'a Mutex<PersonIndex>,
    filling: Batch,
    waiting: std::collections::VecDeque<mpsc::Receiver<Done>>,
}

/// A helper: detection over each batch it takes from the queue, until the file is read.
fn help(queue: &Mutex<mpsc::Receiver<Job>>, persons: &Mutex<PersonIndex>, shared: &Shared) {
    loop {
        let job = match queue.lock() {
            Ok(q) => q.recv(),
            Err(p) => p.into_inner().recv(),
        };
        let Ok(job) = job else {
            return;
        };
        // A panic in detection costs the batch, not the run: its result is never sent,
        // and the reader says so.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            detect(job, persons, shared)
        }));
    }
}

/// Detection over one batch of rows, its result sent back.
fn detect(job: Job, persons: &Mutex<PersonIndex>, shared: &Shared) {
    let mut d = Detection::new(shared, job.path);
    let b = &job.batch;
    let (mut cell, mut row) = (0usize, b.first_row);
    let piece = |i: usize| &b.cells[if i == 0 { 0 } else { b.ends[i - 1] }..b.ends[i]];
    let mut cells: Vec<&str> = Vec::new();
    let mut columns: HashMap<&str, (Arc<str>, Option<ColumnClass>)> = HashMap::new();
    for entry in &b.entries {
        match entry {
            Entry::Row(line, cells_end, key) => {
                cells.clear();
                while cell < *cells_end {
                    cells.push(piece(cell));
                    cell += 1;
                }
                if let Some(layout) = &job.layout {
                    d.scan_row(layout, *line, row, &cells, key.clone());
                }
                row += 1;
            }
            Entry::Field(line) => {
                let (path, value) = (piece(cell), piece(cell + 1));
                cell += 2;
                let (column, class) = columns
                    .entry(path)
                    .or_insert_with(|| json_column(shared.detector, path));
                d.scan_field((*line, None), column, *class, value, None);
            }
            Entry::End => d.end_record(),
        }
    }
    d.flush();
    match persons.lock() {
        Ok(mut p) => p.merge(d.persons),
        Err(p) => p.into_inner().merge(d.persons),
    }
    let _ = job.done.send(Done {
        counts: d.counts,
        messages: d.ready,
    });
}

impl<'a> Detection<'a> {
    fn new(shared: &Shared<'a>, path: Arc<str>) -> Detection<'a> {
        Detection {
            detector: shared.detector,
            key: shared.key,
            person_keys: shared.person_keys,
            options: shared.options,
            wants_findings: shared.wants_findings,
            encoder: shared.encoder,
            path,
            counts: [0; Kind::ALL.len()],
            batch: Vec::with_capacity(BATCH),
            ready: Vec::new(),
            matches: Matches::default(),
            record: RecordState::default(),
            cell_class: None,
            previous_keys: Vec::new(),
            persons: PersonIndex::new(shared.options.max_person_keys / 2),
        }
    }

    /// Makes the findings gathered so far a message, ready to be sent.
    fn flush(&mut self) {
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
        self.ready.push(msg);
    }

    /// A person key: a value tagged with its domain (`("email", address)`) through
    /// SipHash-1-3 under a key drawn for the run. Person keys never leave the run's
    /// memory, so they need no stable key; keyed BLAKE3, which fingerprints the findings
    /// written out, is made for long inputs and cost a tenth of an export's scan on
    /// these short ones.
    fn person_key(&self, value: impl std::hash::Hash) -> u64 {
        use std::hash::BuildHasher;
        self.person_keys.hash_one(value)
    }

    /// Ends the record: its person is known by its strong keys only — the NIR, the
    /// e-mail address with the name (or alone when the record names nobody), the name
    /// with the birth date. A birth date, a name or an address alone joins nobody.
    fn end_record(&mut self) {
        let r = std::mem::take(&mut self.record);
        let mut keys: Vec<u64> = r.nir.into_iter().collect();
        // The name words of the record, folded, sorted and once each, borrowed from one
        // buffer: a record is ended for every row, so this runs once per row.
        let mut folded = String::new();
        for n in &r.names {
            folded.push_str(&vigie_detect::fold::name_key(n));
            folded.push(' ');
        }
        // A name key is upper case in ASCII only: its other letters were lower-cased by
        // the folding, and lower-casing is idempotent.
        folded.make_ascii_lowercase();
        let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        words.sort_unstable();
        words.dedup();
        if let (false, Some(birth)) = (words.is_empty(), &r.birth) {
            keys.push(self.person_key(("name+birth", &words, birth)));
        }
        let mut email_key = None;
        if let Some(email) = &r.email {
            let email_name = EmailName {
                email: self.person_key(("email", email)),
                words: words
                    .iter()
                    .map(|w| self.person_key(("name word", w)))
                    .collect(),
            };
            if words.len() >= 2 {
                let key = self.person_key(("email+name", email, &words));
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
        // The matches' values move into the record rather than being copied; the
        // emptied list keeps its room for the next cell.
        let mut matches = std::mem::take(&mut self.matches);
        for m in matches.items.drain(..) {
            self.emit_one(m, source, (line, row), column, cell);
        }
        self.matches = matches;
    }

    fn emit_one(
        &mut self,
        m: Match,
        source: &str,
        (line, row): (u64, Option<u64>),
        column: Option<&Arc<str>>,
        cell: Option<&str>,
    ) {
        if m.confidence < self.options.min_confidence {
            return;
        }
        self.counts[m.kind as usize] += 1;
        if self.wants_findings {
            let fingerprint = self.key.fingerprint(m.kind.id(), &m.normalized);
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
                self.flush();
            }
        }
        self.note_record(m, source);
    }

    /// What a finding tells about the record's person.
    fn note_record(&mut self, m: Match, source: &str) {
        match m.kind {
            Kind::Nir => self.record.nir = Some(self.person_key(("nir", &m.normalized))),
            Kind::Email => self.record.email = Some(m.normalized),
            Kind::PersonName
                if self.cell_class != Some(ColumnClass::Practitioner)
                    && !after_practitioner_title(source, m.start) =>
            {
                self.record.names.push(m.normalized)
            }
            Kind::BirthDate => self.record.birth = Some(m.normalized),
            k if k.is_health() => self.record.health = true,
            _ => {}
        }
    }

    /// A value named by a JSON path: a field of a JSON record, or a key of a JSON
    /// document in a table's cell (`row` and `at` then say where).
    fn scan_field(
        &mut self,
        (line, row): (u64, Option<u64>),
        column: &Arc<str>,
        class: Option<ColumnClass>,
        value: &str,
        at: Option<&str>,
    ) {
        self.matches.clear();
        self.detector.scan_cell(value, class, &mut self.matches);
        self.cell_class = class;
        self.emit(value, (line, row), Some(column), at);
        self.cell_class = None;
    }

    /// One table row, `row` of its table: every cell, then the row's person.
    fn scan_row(
        &mut self,
        layout: &Layout,
        line: u64,
        row: u64,
        cells: &[&str],
        row_key: Option<String>,
    ) {
        for (i, cell) in cells.iter().enumerate() {
            let class = layout.classes.get(i).copied().flatten();
            let at = match &layout.sheet {
                Some(s) => Some(format!("{s}!{}{line}", column_letters(i))),
                None => row_key.clone(),
            };
            // A JSON document in a cell (a jsonb column, an export's `metadata`): its keys
            // name their values as a header names a column's.
            if let Some(leaves) = json_leaves(cell) {
                let column = layout.columns.get(i).map_or("", |c| c.as_ref());
                for (path, value) in leaves {
                    let class = json_class(self.detector, &path);
                    let named: Arc<str> = Arc::from(format!("{column}.{path}").as_str());
                    self.scan_field((line, Some(row)), &named, class, &value, at.as_deref());
                }
                continue;
            }
            self.matches.clear();
            let split_key = (class == Some(ColumnClass::Nir)
                && layout.classes.get(i + 1).copied().flatten() == Some(ColumnClass::NirKey))
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
            self.emit(
                cell,
                (line, Some(row)),
                layout.columns.get(i),
                at.as_deref(),
            );
        }
        self.cell_class = None;
        self.end_record();
    }
}

impl<'a> FileScanner<'a> {
    fn new(
        shared: &Shared<'a>,
        tx: &'a SyncSender<Msg>,
        display: &str,
        file_bytes: u64,
        helpers: Option<Helpers<'a>>,
    ) -> FileScanner<'a> {
        FileScanner {
            global: shared.persons,
            file_bytes,
            items: 0,
            tx,
            format: "unknown",
            encoding: "unknown",
            table: None,
            json_columns: rustc_hash::FxHashMap::default(),
            row_key: None,
            detection: Detection::new(shared, Arc::from(display)),
            helpers,
            open_record: false,
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
        self.collect_helped();
        if let Some(h) = &self.helpers {
            // The reader's own persons (the held-back rows) join the helpers', the larger
            // index, rather than the reverse: the item's persons are never held twice.
            let empty = PersonIndex::new(self.detection.options.max_person_keys / 2);
            let mut helped = match h.persons.lock() {
                Ok(mut p) => std::mem::replace(&mut *p, empty),
                Err(p) => std::mem::replace(&mut *p.into_inner(), empty),
            };
            let own = std::mem::replace(&mut self.detection.persons, PersonIndex::new(0));
            helped.merge(own);
            self.detection.persons = helped;
        }
        self.table = None;
        self.json_columns.clear();
        self.open_record = false;
        let d = &mut self.detection;
        d.end_record();
        d.previous_keys.clear();
        d.flush();
        self.send_ready();
        let d = &mut self.detection;
        let mut persons = std::mem::replace(
            &mut d.persons,
            PersonIndex::new(d.options.max_person_keys / 2),
        );
        let stats = persons.stats();
        match self.global.lock() {
            Ok(mut g) => g.merge(persons),
            Err(p) => p.into_inner().merge(persons),
        }
        let counts = std::mem::replace(&mut d.counts, [0; Kind::ALL.len()]);
        let _ = self.tx.send(Msg::File(FileSummary {
            path: d.path.to_string(),
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

    /// Sends the full batches of findings.
    fn send_ready(&mut self) {
        for msg in self.detection.ready.drain(..) {
            let _ = self.tx.send(msg);
        }
    }

    /// Hands the batch being filled to a helper: whole records only.
    fn hand_out(&mut self) {
        let Some(h) = self.helpers.as_mut() else {
            return;
        };
        if h.filling.entries.is_empty() {
            return;
        }
        let mut batch = std::mem::take(&mut h.filling);
        let table = self.table.as_ref();
        batch.first_row = table.map_or(0, |t| t.rows + 1 - batch.rows);
        let (done, result) = mpsc::sync_channel(1);
        let job = Job {
            path: self.detection.path.clone(),
            layout: table.map(|t| t.layout.clone()),
            batch,
            done,
        };
        if h.jobs.send(job).is_ok() {
            h.waiting.push_back(result);
        }
        // Results are taken in the order of the rows: those already in, and the oldest
        // whenever more are out than the helpers can hold, which bounds memory whatever
        // the file's size.
        loop {
            let Some(h) = self.helpers.as_mut() else {
                return;
            };
            let done = match h.waiting.front().map(mpsc::Receiver::try_recv) {
                Some(Ok(done)) => Some(done),
                Some(Err(mpsc::TryRecvError::Disconnected)) => None,
                _ if h.waiting.len() > 2 * MAX_HELPERS => h.waiting[0].recv().ok(),
                _ => return,
            };
            h.waiting.pop_front();
            self.take_done(done);
        }
    }

    /// Waits for every batch handed out and takes their results, before anything that
    /// must come after those rows. The fields of a record not yet ended are read here,
    /// after them, and the rest of that record too (`open_record`).
    fn collect_helped(&mut self) {
        let Some(h) = self.helpers.as_mut() else {
            return;
        };
        let b = &mut h.filling;
        let mut open: Vec<(u64, String, String)> = Vec::new();
        if b.whole < b.entries.len() {
            let first = b.ends.len() - 2 * (b.entries.len() - b.whole);
            let start = if first == 0 { 0 } else { b.ends[first - 1] };
            for (k, entry) in b.entries[b.whole..].iter().enumerate() {
                if let Entry::Field(line) = entry {
                    let i = first + 2 * k;
                    let from = if i == 0 { 0 } else { b.ends[i - 1] };
                    let path = b.cells[from..b.ends[i]].to_string();
                    let value = b.cells[b.ends[i]..b.ends[i + 1]].to_string();
                    open.push((*line, path, value));
                }
            }
            b.entries.truncate(b.whole);
            b.ends.truncate(first);
            b.cells.truncate(start);
        }
        self.hand_out();
        while let Some(oldest) = self.helpers.as_mut().and_then(|h| h.waiting.pop_front()) {
            let done = oldest.recv().ok();
            self.take_done(done);
        }
        if !open.is_empty() {
            self.open_record = true;
        }
        for (line, path, value) in open {
            self.scan_field(line, &path, &value);
        }
    }

    /// A field read by this thread.
    fn scan_field(&mut self, line: u64, path: &str, value: &str) {
        let detector = self.detection.detector;
        let (column, class) = match self.json_columns.get(path) {
            Some(known) => known.clone(),
            None => {
                let new = json_column(detector, path);
                self.json_columns.insert(path.to_string(), new.clone());
                new
            }
        };
        self.detection
            .scan_field((line, None), &column, class, value, None);
        self.send_ready();
    }

    fn take_done(&mut self, done: Option<Done>) {
        // A helper that died (a panic in detection) leaves its rows uncounted: said, as
        // any unread part of a file is.
        let Some(done) = done else {
            let _ = self.tx.send(Msg::Note(Note {
                path: self.detection.path.to_string(),
                line: None,
                severity: Severity::Error,
                message: Message::new(
                    "des lignes n'ont pas pu être analysées",
                    "some rows could not be scanned",
                ),
            }));
            return;
        };
        // The reader's own findings (the rows held back to classify columns) came first.
        self.detection.flush();
        self.send_ready();
        let d = &mut self.detection;
        for (total, n) in d.counts.iter_mut().zip(done.counts) {
            *total += n;
        }
        for msg in done.messages {
            let _ = self.tx.send(msg);
        }
    }

    fn scan_row(&mut self, line: u64, cells: &[&str]) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        table.rows += 1;
        let key = self.row_key.take();
        self.detection
            .scan_row(&table.layout, line, table.rows, cells, key);
        self.send_ready();
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
        let mut classes = table.layout.classes.clone();
        for (i, class) in classes.iter_mut().enumerate() {
            if class.is_none() {
                let values = pending
                    .iter()
                    .filter_map(|(_, cells, _)| cells.get(i).map(String::as_str));
                *class = self.detection.detector.classify_values(values);
            }
        }
        table.layout = Arc::new(Layout {
            sheet: table.layout.sheet.clone(),
            columns: table.layout.columns.clone(),
            classes,
        });
        for (line, cells, key) in pending {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            self.row_key = key;
            self.scan_row(line, &refs);
        }
    }
}

/// A JSON path's class: its last key's, as a header's (`contact.email` as `email`).
fn json_class(detector: &Detector, path: &str) -> Option<ColumnClass> {
    let leaf = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .trim_end_matches("[]");
    detector.classify_header(leaf)
}

/// A JSON field's column: its path, and its class.
fn json_column(detector: &Detector, path: &str) -> (Arc<str>, Option<ColumnClass>) {
    (Arc::from(path), json_class(detector, path))
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
        self.detection.path = Arc::from(path);
        self.format = format.id();
        self.encoding = encoding.id();
    }

    fn table(&mut self, name: Option<&str>, columns: &[String], header_line: Option<u64>) {
        self.flush_table();
        self.collect_helped();
        let classes: Vec<Option<ColumnClass>> = columns
            .iter()
            .map(|c| self.detection.detector.classify_header(c))
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
            layout: Arc::new(Layout {
                sheet: name.filter(|_| spreadsheet).map(Arc::from),
                columns: columns.iter().map(shown).collect(),
                classes,
            }),
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
        if let (Some(h), Some(table)) = (self.helpers.as_mut(), self.table.as_mut()) {
            table.rows += 1;
            let b = &mut h.filling;
            for cell in cells {
                b.cells.push_str(cell);
                b.ends.push(b.cells.len());
            }
            b.entries
                .push(Entry::Row(line, b.ends.len(), self.row_key.take()));
            b.rows += 1;
            b.whole = b.entries.len();
            if b.cells.len() >= self.detection.options.split.batch_bytes {
                self.hand_out();
            }
            return;
        }
        self.scan_row(line, cells);
    }

    fn field(&mut self, line: u64, path: &str, value: &str) {
        match self.helpers.as_mut() {
            Some(h) if !self.open_record => {
                let b = &mut h.filling;
                for piece in [path, value] {
                    b.cells.push_str(piece);
                    b.ends.push(b.cells.len());
                }
                b.entries.push(Entry::Field(line));
                // A record that does not end (one JSON document, not a list of records)
                // is read by this thread, as it comes, rather than held.
                if b.cells.len() >= 2 * self.detection.options.split.batch_bytes {
                    self.collect_helped();
                }
            }
            _ => self.scan_field(line, path, value),
        }
    }

    fn end_record(&mut self) {
        match self.helpers.as_mut() {
            Some(h) if !self.open_record => {
                let b = &mut h.filling;
                b.entries.push(Entry::End);
                b.whole = b.entries.len();
                if b.cells.len() >= self.detection.options.split.batch_bytes {
                    self.hand_out();
                }
            }
            _ => {
                self.open_record = false;
                self.detection.end_record();
            }
        }
    }

    fn text(&mut self, line: u64, text: &str) {
        self.collect_helped();
        let d = &mut self.detection;
        if text.trim().is_empty() {
            d.end_record();
            return;
        }
        d.matches.clear();
        d.detector.scan_text(text, None, &mut d.matches);
        // A second NIR, e-mail or birth date in the same paragraph is a second person.
        let has = |k: Kind| d.matches.items.iter().any(|m| m.kind == k);
        let new_person = (d.record.nir.is_some() && has(Kind::Nir))
            || (d.record.email.is_some() && has(Kind::Email))
            || (d.record.birth.is_some() && has(Kind::BirthDate))
            || d.record.lines >= MAX_RECORD_LINES;
        if new_person {
            d.end_record();
        }
        d.emit(text, (line, None), None, None);
        d.record.lines += 1;
        self.send_ready();
    }

    fn note(&mut self, note: Note) {
        self.collect_helped();
        let _ = self.tx.send(Msg::Note(note));
    }

    fn row_key(&mut self, key: &str) {
        let fp = self.detection.key.fingerprint("row key", key).0 >> 64;
        self.row_key = Some(format!("key:{fp:016x}"));
    }
}
