//! vigie-sources owns where data lives and how to read it: walking directories, sniffing
//! a file's type and encoding, and decoding it (plain text, CSV/TSV, JSON, NDJSON,
//! HTML, e-mail, PDF, RTF, spreadsheets, word-processing documents, SQL dumps, SQLite
//! databases, HL7 v2) into
//! records and lines with exact locations, handed to a [`Sink`].
//!
//! It decides nothing about what is personal data (that is `vigie-detect`) and keeps
//! nothing: every decoder streams with bounded memory ([`Limits`]). Archives (gzip, bzip2,
//! xz, zstd, zip, tar, 7z, nested) announce each member with [`Sink::item`]; new formats (spreadsheets,
//! dumps, clinical messages) are new decoders behind the same `Sink`.

mod error;
pub use error::Error;
mod archive;
mod bytes;
mod columnar;
mod container;
mod database;
mod decode;
mod hl7;
mod html;
mod json;
mod mail;
mod mysqltab;
mod office;
mod pdf;
mod pgdump;
mod rtf;
mod sniff;
mod spreadsheet;
mod sql;
mod sqlite;
mod table;
mod text;
mod walk;

pub use database::{Database, DatabaseOptions, read_database};
pub use decode::{Encoding, read_item, read_path};
pub use sniff::{Format, in_french};
pub use spreadsheet::excel_date;
pub use walk::{WalkEntry, WalkOptions, distinct_roots, walk};

/// Explicit bounds on what one item may cost.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest line (or CSV record, or JSON string) read whole; longer lines are read in
    /// pieces of this size (text) or stop the item with a note (tables, JSON).
    pub max_line: usize,
    /// Deepest JSON nesting.
    pub max_depth: usize,
    /// Deepest nesting of archives (`a.zip!b.tar.gz!c.csv` is 3).
    pub max_depth_archives: usize,
    /// Largest decompressed member, and largest zip spooled to disk, in bytes.
    pub max_member_bytes: u64,
    /// Largest ratio of decompressed to compressed bytes (a zip bomb's is in the
    /// thousands); the first MiB of a member is always allowed.
    pub max_ratio: u64,
    /// Most members read from one archive.
    pub max_members: usize,
    /// Longest time spent on one file, its members included; `None` for no limit.
    pub max_item_time: Option<std::time::Duration>,
    /// When the file being read must be done: set from `max_item_time` when the file is
    /// opened; leave it at its default.
    pub deadline: Deadline,
}

/// The moment a file's reading must stop (see [`Limits::max_item_time`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Deadline(Option<std::time::Instant>);

impl Limits {
    /// These limits for a file opened now: its deadline is set.
    pub(crate) fn starting_now(&self) -> Limits {
        Limits {
            deadline: Deadline(
                self.max_item_time
                    .and_then(|t| std::time::Instant::now().checked_add(t)),
            ),
            ..self.clone()
        }
    }

    /// An error once the file's time is up. Decoders that hold an item in memory
    /// (spreadsheets, PDF, SQLite, documents) and archive loops call it as they go;
    /// streamed items meet it through their reader ([`Timed`]).
    pub(crate) fn check_time(&self) -> std::io::Result<()> {
        match (self.deadline.0, self.max_item_time) {
            (Some(deadline), Some(max)) if std::time::Instant::now() >= deadline => {
                let secs = max.as_secs_f64();
                Err(refused(
                    std::io::ErrorKind::TimedOut,
                    Message::new(
                        format!(
                            "limite de {} s par fichier atteinte (--max-item-time), la suite n'est pas lue",
                            secs.to_string().replace('.', ",")
                        ),
                        format!(
                            "time limit of {secs} s per file reached (--max-item-time), the rest not read"
                        ),
                    ),
                ))
            }
            _ => Ok(()),
        }
    }
}

/// A reader whose next read fails with an error met earlier.
pub(crate) struct Failed(pub(crate) Option<std::io::Error>);

impl std::io::Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

/// A reader that fails once the file's time is up.
pub(crate) struct Timed<'l, R> {
    pub(crate) inner: R,
    pub(crate) limits: &'l Limits,
}

impl<R: std::io::Read> std::io::Read for Timed<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.limits.check_time()?;
        self.inner.read(buf)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line: 1 << 20,
            max_depth: 128,
            max_depth_archives: 5,
            max_member_bytes: 4 << 30,
            max_ratio: 200,
            max_members: 100_000,
            max_item_time: Some(std::time::Duration::from_secs(1800)),
            deadline: Deadline::default(),
        }
    }
}

/// What a decoder hands on. Line numbers are 1-based lines of the (decoded) item.
pub trait Sink {
    /// A new item begins: a file, or later an archive member (`outer.zip!inner.csv`).
    fn item(&mut self, path: &str, format: Format, encoding: Encoding);
    /// A table begins: `name` for named tables (SQL), `columns` from a header row (on
    /// `header_line`) or made up (`col1`, `col2`, …).
    fn table(&mut self, name: Option<&str>, columns: &[String], header_line: Option<u64>);
    /// One table row, cells aligned to the columns (short rows have fewer cells).
    fn row(&mut self, line: u64, cells: &[&str]);
    /// One value of a keyed record (JSON): its key path and the line it is on.
    fn field(&mut self, line: u64, path: &str, value: &str);
    /// The keyed record that the preceding fields belong to is complete.
    fn end_record(&mut self);
    /// A line of free text (or a piece of an over-long line).
    fn text(&mut self, line: u64, text: &str);
    /// Something the user should know about this item: skipped, truncated, re-decoded.
    fn note(&mut self, note: Note);
    /// The key of the row that comes next (a database table's primary key), to locate
    /// it; sources without one never call it.
    fn row_key(&mut self, _key: &str) {}
}

/// A remark on an item; `line` when it concerns one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    pub line: Option<u64>,
    pub severity: Severity,
    pub message: Message,
}

/// A note's sentence in both languages a report is written in: the decoders do not know
/// which one the reader asked for, and a French DPO must not read English sentences in a
/// French report. A parser's own error text is kept apart as the technical detail, quoted
/// as the library wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub fr: String,
    pub en: String,
    pub detail: Option<String>,
}

impl Message {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            fr: fr.into(),
            en: en.into(),
            detail: None,
        }
    }

    /// A sentence with a technical detail (a library's error) after it.
    pub fn with_detail(fr: &str, en: &str, detail: impl std::fmt::Display) -> Message {
        Message {
            fr: fr.to_string(),
            en: en.to_string(),
            // Backticks delimit the detail in French text: none may remain inside it.
            detail: Some(detail.to_string().replace('`', "'")),
        }
    }

    /// `fr`/`en` followed by what went wrong: in the reader's language when it is one of
    /// vigie's own limits, else the library's text as the technical detail.
    pub fn io(fr: &str, en: &str, e: &std::io::Error) -> Message {
        match refusal(e) {
            Some(m) => Message {
                fr: format!("{fr} : {}", m.fr),
                en: format!("{en}: {}", m.en),
                detail: m.detail.clone(),
            },
            None => Message::with_detail(fr, en, e),
        }
    }

    /// What went wrong alone, as [`Message::io`] says it.
    pub(crate) fn of_io(e: &std::io::Error) -> Message {
        match refusal(e) {
            Some(m) => m.clone(),
            None => Message::with_detail("erreur de lecture", "read error", e),
        }
    }

    /// The sentence in English, the detail after a colon.
    pub fn english(&self) -> String {
        match &self.detail {
            Some(d) => format!("{}: {d}", self.en),
            None => self.en.clone(),
        }
    }

    /// The sentence in French, the detail between backticks (a report shows it as code).
    pub fn french(&self) -> String {
        match &self.detail {
            Some(d) => format!("{} (détail technique : `{d}`)", self.fr),
            None => self.fr.clone(),
        }
    }
}

/// One of vigie's own limits (size, ratio, time) carried through `std::io::Error`, the
/// decoders' error type, so the note that reports it can say it in the reader's language.
#[derive(Debug)]
pub(crate) struct Refused(pub Message);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.english())
    }
}

impl std::error::Error for Refused {}

/// The limit an error reports, when it is one of vigie's.
fn refusal(e: &std::io::Error) -> Option<&Message> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Refused>())
        .map(|Refused(m)| m)
}

pub(crate) fn refused(kind: std::io::ErrorKind, message: Message) -> std::io::Error {
    std::io::Error::new(kind, Refused(message))
}

impl Note {
    /// A note about a whole item (no line).
    pub(crate) fn about(path: &str, severity: Severity, message: Message) -> Note {
        Note {
            path: path.to_string(),
            line: None,
            severity,
            message,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Read, but the user should know how (re-decoded, split lines).
    Info,
    /// Not read, or not read whole (binary, unsupported, malformed from some point).
    Skipped,
    /// Could not be opened or read at all.
    Error,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Skipped => "skipped",
            Severity::Error => "error",
        }
    }
}
