//! vigie-scan runs `vigie-detect` over what `vigie-sources` reads, in parallel, and turns
//! matches into findings with exact locations, masked excerpts and keyed fingerprints;
//! it aggregates them per file and per person and writes the reports (text, JSONL, JSON,
//! SARIF, HTML). It owns no detection rule and no file format.

mod accuracy;
mod file;
mod persons;
pub mod report;

pub use accuracy::{Collector, KindScore, Truth, format_of, score, score_by_format};
pub use persons::PersonStats;
pub use report::{Encoder, Format as ReportFormat, Report};

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use vigie_detect::{Confidence, Detector, Fingerprint, FingerprintKey, Kind};
use vigie_sources::{
    Database, DatabaseOptions, Limits, Message, Note, Severity, WalkEntry, WalkOptions,
};

#[derive(Clone, Debug)]
pub struct ScanOptions {
    pub threads: usize,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Write raw values into findings. Off by default: reports carry masked excerpts.
    pub reveal: bool,
    pub min_confidence: Confidence,
    pub limits: Limits,
    /// Identity keys held to count distinct persons (about 40 bytes each), shared by the
    /// run's index and the current file's (each holds at most half).
    pub max_person_keys: usize,
    /// How databases given as URLs are read (sampling, timeout, password).
    pub database: DatabaseOptions,
    /// When one file's rows and records are shared among the run's threads.
    pub split: Split,
}

/// One big file (a leaked extract, a dump) would keep one thread busy while the others
/// sit idle: from `min_file_bytes` on, its table rows and its records (JSON, NDJSON, HL7,
/// HPRIM) are handed to the threads that have no file of their own, in batches of about
/// `batch_bytes`, and their findings are written back in order, as one thread would.
/// Below it, batching costs more than it brings.
#[derive(Clone, Copy, Debug)]
pub struct Split {
    pub min_file_bytes: u64,
    pub batch_bytes: usize,
}

impl Default for Split {
    fn default() -> Split {
        Split {
            min_file_bytes: 16 << 20,
            batch_bytes: 256 << 10,
        }
    }
}

impl Default for ScanOptions {
    fn default() -> ScanOptions {
        ScanOptions {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            include: Vec::new(),
            exclude: Vec::new(),
            reveal: false,
            min_confidence: Confidence::Possible,
            limits: Limits::default(),
            max_person_keys: 4_000_000,
            database: DatabaseOptions::default(),
            split: Split::default(),
        }
    }
}

/// One finding: what, how sure, and exactly where.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub path: Arc<str>,
    pub line: u64,
    /// Data row within a table (1-based, header excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Column name (tables) or key path (JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<Arc<str>>,
    /// Spreadsheet cell, `Sheet!C5`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    pub kind: Kind,
    pub confidence: Confidence,
    pub excerpt: String,
    #[serde(serialize_with = "hex")]
    pub fingerprint: Fingerprint,
    /// The raw value, only with `--reveal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

fn hex<S: serde::Serializer>(f: &Fingerprint, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&f.hex())
}

/// What one file held.
#[derive(Clone, Debug, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub format: &'static str,
    pub encoding: &'static str,
    pub bytes: u64,
    pub counts: BTreeMap<Kind, u64>,
    pub persons: PersonStats,
}

impl FileSummary {
    pub fn findings(&self) -> u64 {
        self.counts.values().sum()
    }
}

/// Notes listed one by one; past them a run counts its notes by sentence, so that a
/// share of a million images (each "not read") holds no note a file.
pub const MAX_NOTES: usize = 10_000;

/// Sentences counted past [`MAX_NOTES`]; the notes of any other go to one line per
/// severity, "other notes".
const MAX_NOTE_SENTENCES: usize = 100;

/// Notes past the first [`MAX_NOTES`] of a run that say one thing: how many.
#[derive(Clone, Debug, Serialize)]
pub struct NotesNotListed {
    pub severity: &'static str,
    pub message: String,
    pub message_fr: String,
    pub count: u64,
}

/// The whole run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub files_scanned: u64,
    pub files_with_findings: u64,
    pub bytes: u64,
    pub findings: u64,
    pub counts: BTreeMap<Kind, u64>,
    pub persons: PersonStats,
    pub errors: u64,
    pub notes: Vec<NoteOut>,
    /// The notes past [`MAX_NOTES`], by sentence, the most frequent first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes_not_listed: Vec<NotesNotListed>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NoteOut {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub severity: &'static str,
    /// In English, and in French beside it, for whoever reads the JSON.
    pub message: String,
    pub message_fr: String,
}

impl NoteOut {
    /// The note's sentence in the report's language.
    pub fn text(&self, lang: vigie_detect::Lang) -> &str {
        match lang {
            vigie_detect::Lang::Fr => &self.message_fr,
            vigie_detect::Lang::En => &self.message,
        }
    }
}

impl From<Note> for NoteOut {
    fn from(n: Note) -> NoteOut {
        NoteOut {
            path: n.path,
            line: n.line,
            severity: n.severity.id(),
            message: n.message.english(),
            message_fr: n.message.french(),
        }
    }
}

/// What a scan is given, checked before anything is read: files, directories and
/// database URLs, with those an inventory file lists (one a line, `#` starts a comment).
pub struct Inputs {
    pub paths: Vec<PathBuf>,
    /// The environment variable the databases' password comes from, if one is named.
    pub password_variable: Option<&'static str>,
}

impl Inputs {
    /// Refuses a database URL that carries its password (the process list and the
    /// shell's history keep it) and a path that does not exist.
    pub fn new(
        mut paths: Vec<PathBuf>,
        inventory: Option<&std::path::Path>,
    ) -> std::io::Result<Inputs> {
        use std::io::{Error, ErrorKind};
        let named =
            |p: &std::path::Path, e: Error| Error::new(e.kind(), format!("{}: {e}", p.display()));
        if let Some(list) = inventory {
            let text = std::fs::read_to_string(list).map_err(|e| named(list, e))?;
            let entries = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim());
            paths.extend(entries.filter(|e| !e.is_empty()).map(PathBuf::from));
        }
        let mut password_variable = None;
        for p in &paths {
            let refused = |why: &str| Error::new(ErrorKind::InvalidInput, why.to_string());
            match p.to_str().and_then(vigie_sources::Database::parse) {
                Some(db) if db.has_password() => {
                    return Err(refused(&format!(
                        "{}: a password in the URL shows in the process list and the shell \
                         history; give it in PGPASSWORD (PostgreSQL) or MYSQL_PWD (MySQL, MariaDB)",
                        db.display()
                    )));
                }
                Some(vigie_sources::Database::Sqlite(path)) if !path.exists() => {
                    return Err(refused(&format!("{}: no such file", path.display())));
                }
                Some(db) => password_variable = password_variable.or(db.password_variable()),
                None if !p.exists() => {
                    return Err(refused(&format!(
                        "{}: no such file or directory",
                        p.display()
                    )));
                }
                None => {}
            }
        }
        Ok(Inputs {
            paths,
            password_variable,
        })
    }

    /// The inputs as a report shows them: a database without user or password.
    pub fn shown(&self) -> Vec<String> {
        self.paths
            .iter()
            .map(|p| {
                let s = p.display().to_string();
                vigie_sources::Database::parse(&s).map_or(s, |db| db.display())
            })
            .collect()
    }
}

/// How the run ends, for the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Found,
    CleanWithErrors,
    FoundWithErrors,
}

impl Outcome {
    /// The exit code: 0 nothing found, 1 found, 3 and 4 the same with inputs not read.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Found => 1,
            Outcome::CleanWithErrors => 3,
            Outcome::FoundWithErrors => 4,
        }
    }
}

impl Summary {
    /// How many notes were counted past [`MAX_NOTES`] without being listed.
    pub fn notes_not_listed_count(&self) -> u64 {
        self.notes_not_listed.iter().map(|n| n.count).sum()
    }

    /// The run in one line, then each input that could not be read, in the reader's
    /// language (for standard error when the report goes elsewhere).
    pub fn said(&self, lang: vigie_detect::Lang) -> Vec<String> {
        let notes = self.notes.len() as u64 + self.notes_not_listed_count();
        let (files, persons) = (self.files_scanned, self.persons.distinct);
        let (findings, nir, health) = (
            self.findings,
            self.persons.with_nir,
            self.persons.with_health,
        );
        let mut lines = vec![match lang {
            vigie_detect::Lang::Fr => format!(
                "{files} fichiers, {findings} données relevées, {persons} personnes distinctes ({nir} avec NIR, {health} avec données de santé), {notes} remarques"
            ),
            vigie_detect::Lang::En => format!(
                "{files} files, {findings} findings, {persons} distinct persons ({nir} with NIR, {health} with health data), {notes} notes"
            ),
        }];
        for n in self.notes.iter().filter(|n| n.severity == "error") {
            let line = n.line.map(|l| format!(":{l}")).unwrap_or_default();
            lines.push(format!("{}{line}: {}", n.path, n.text(lang)));
        }
        lines
    }

    pub fn outcome(&self) -> Outcome {
        match (self.findings > 0, self.errors > 0) {
            (false, false) => Outcome::Clean,
            (true, false) => Outcome::Found,
            (false, true) => Outcome::CleanWithErrors,
            (true, true) => Outcome::FoundWithErrors,
        }
    }
}

pub(crate) enum Msg {
    Findings(Vec<Finding>),
    /// A batch already encoded by the report's encoder.
    Encoded(Vec<u8>),
    File(FileSummary),
    Note(Note),
}

/// Called as files complete, for progress display; asked before each file whether the
/// run is to stop (the files not begun are then not read, and the scan ends in an error).
pub trait Progress: Sync {
    fn file_done(&self, bytes: u64);
    fn cancelled(&self) -> bool {
        false
    }
}

/// Scans `paths` and writes the report. Returns the summary (also written).
pub fn scan(
    paths: &[PathBuf],
    options: &ScanOptions,
    detector: &Detector,
    key: &FingerprintKey,
    report: &mut dyn Report,
    progress: Option<&dyn Progress>,
) -> std::io::Result<Summary> {
    let (tx, rx) = mpsc::sync_channel::<Msg>(256);
    let persons = Mutex::new(persons::PersonIndex::new(options.max_person_keys / 2));
    let bytes = AtomicU64::new(0);
    let walk_opts = WalkOptions {
        include: options.include.clone(),
        exclude: options.exclude.clone(),
        threads: options.threads,
    };
    let wants_findings = report.wants_findings();
    let encoder = report.encoder();
    let shared = file::Shared {
        options,
        wants_findings,
        encoder: encoder.as_deref(),
        detector,
        key,
        person_keys: &std::hash::RandomState::new(),
        persons: &persons,
        open_files: &AtomicUsize::new(0),
    };
    let mut summary = Summary::default();
    let mut write_error: Option<std::io::Error> = None;
    // Arguments that are database URLs are read in place; the rest are walked.
    let (databases, paths): (Vec<_>, Vec<_>) = paths
        .iter()
        .map(|p| p.to_str().and_then(Database::parse).ok_or(p))
        .partition(Result::is_ok);
    let databases: Vec<Database> = databases.into_iter().filter_map(Result::ok).collect();
    let paths: Vec<PathBuf> = paths.into_iter().filter_map(Result::err).cloned().collect();
    let paths = vigie_sources::distinct_roots(&paths);
    let walk_result = std::thread::scope(|s| {
        let db_tx = tx.clone();
        let shared_ref = &shared;
        s.spawn(move || {
            for db in &databases {
                file::scan_database(db, shared_ref, &db_tx);
            }
        });
        let paths = &paths;
        let walker = s.spawn(|| {
            let tx = Mutex::new(tx);
            let visit = |entry: WalkEntry| {
                let sender = match tx.lock() {
                    Ok(t) => t.clone(),
                    Err(p) => p.into_inner().clone(),
                };
                match entry {
                    WalkEntry::File(_) if progress.is_some_and(|p| p.cancelled()) => {}
                    WalkEntry::File(path) => {
                        let n = file::scan_file(&path, &shared, &sender);
                        bytes.fetch_add(n, Ordering::Relaxed);
                        if let Some(p) = progress {
                            p.file_done(n);
                        }
                    }
                    WalkEntry::Skipped(path, what) => {
                        let _ = sender.send(Msg::Note(Note {
                            path: path.display().to_string(),
                            line: None,
                            severity: Severity::Skipped,
                            message: Message::new(
                                format!("{} : non lu", vigie_sources::in_french(what)),
                                format!("{what}: not read"),
                            ),
                        }));
                    }
                    WalkEntry::Error(path, message) => {
                        let _ = sender.send(Msg::Note(Note {
                            path: path.map(|p| p.display().to_string()).unwrap_or_default(),
                            line: None,
                            severity: Severity::Error,
                            message,
                        }));
                    }
                }
            };
            vigie_sources::walk(paths, &walk_opts, &visit)
        });
        let mut files = Vec::new();
        let mut not_listed: BTreeMap<(&'static str, String), (String, u64)> = BTreeMap::new();
        let every_file = report.lists_every_file();
        for msg in rx {
            if write_error.is_some() {
                continue;
            }
            let r = match msg {
                Msg::Findings(batch) => report.findings(&batch),
                Msg::Encoded(bytes) => report.encoded(&bytes),
                Msg::File(f) => {
                    // Counted per file: a summary-only report receives no finding batches.
                    summary.findings += f.findings();
                    summary.files_scanned += 1;
                    if f.findings() > 0 {
                        summary.files_with_findings += 1;
                    }
                    for (k, n) in &f.counts {
                        *summary.counts.entry(*k).or_default() += n;
                    }
                    if every_file || f.findings() > 0 {
                        files.push(f);
                    }
                    Ok(())
                }
                Msg::Note(n) => {
                    if n.severity == Severity::Error {
                        summary.errors += 1;
                    }
                    if summary.notes.len() < MAX_NOTES {
                        summary.notes.push(n.into());
                    } else {
                        let n = NoteOut::from(n);
                        let mut key = (n.severity, n.message);
                        let mut fr = n.message_fr;
                        if !not_listed.contains_key(&key) && not_listed.len() >= MAX_NOTE_SENTENCES
                        {
                            key.1 = "other notes".to_string();
                            fr = "autres remarques".to_string();
                        }
                        not_listed.entry(key).or_insert((fr, 0)).1 += 1;
                    }
                    Ok(())
                }
            };
            if let Err(e) = r {
                write_error = Some(e);
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        summary.notes_not_listed = not_listed
            .into_iter()
            .map(
                |((severity, message), (message_fr, count))| NotesNotListed {
                    severity,
                    message,
                    message_fr,
                    count,
                },
            )
            .collect();
        summary
            .notes_not_listed
            .sort_by_key(|n| std::cmp::Reverse(n.count));
        summary
            .notes
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let result = walker.join();
        (files, result)
    });
    let (files, walked) = walk_result;
    match walked {
        Ok(Ok(())) => {}
        Ok(Err(msg)) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, msg)),
        Err(_) => return Err(std::io::Error::other("a scanning thread panicked")),
    }
    if let Some(e) = write_error {
        return Err(e);
    }
    if progress.is_some_and(|p| p.cancelled()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "the scan was cancelled",
        ));
    }
    summary.bytes = bytes.load(Ordering::Relaxed);
    summary.persons = match persons.into_inner() {
        Ok(mut p) => p.stats(),
        Err(p) => p.into_inner().stats(),
    };
    report.finish(&files, &summary)?;
    Ok(summary)
}

#[cfg(test)]
mod inputs_tests {
    use super::Inputs;
    use std::path::PathBuf;

    #[test]
    fn inputs_refuse_a_password_in_a_url_and_read_an_inventory() {
        let e = Inputs::new(
            vec![PathBuf::from("postgres://dpo:s3cret@db.labo/patients")],
            None,
        )
        .err()
        .expect("refused")
        .to_string();
        assert!(e.contains("PGPASSWORD") && !e.contains("s3cret"), "{e}");
        let e = Inputs::new(vec![PathBuf::from("/no/such/export.csv")], None)
            .err()
            .expect("refused")
            .to_string();
        assert!(e.contains("/no/such/export.csv"), "{e}");

        let dir = tempfile::tempdir().expect("tmp");
        let list = dir.path().join("inventaire.txt");
        let share = dir.path().display().to_string();
        std::fs::write(
            &list,
            format!("# le partage\n{share}  # exports\n\nmysql://root@127.0.0.1/lims\n"),
        )
        .expect("write");
        let inputs = Inputs::new(Vec::new(), Some(&list)).expect("inventory");
        assert_eq!(inputs.paths.len(), 2);
        assert_eq!(inputs.password_variable, Some("MYSQL_PWD"));
        assert_eq!(inputs.shown()[1], "mysql://127.0.0.1/lims");
    }
}
