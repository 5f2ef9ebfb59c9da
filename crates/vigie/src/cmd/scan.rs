use super::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use vigie_detect::{Confidence, Detector, FingerprintKey};
use vigie_scan::{Inputs, ReportFormat, ScanOptions};

/// Find personal and health data in files, directories and databases.
///
/// Every file under the given paths is read (hidden and git-ignored files included):
/// text in UTF-8, UTF-16 or Windows-1252, CSV/TSV (delimiter and header sniffed), JSON,
/// NDJSON, spreadsheets (XLSX, XLS, ODS; cells as `Sheet!C5`), SQL dumps and pg_dump
/// archives (custom, directory, tar), SQLite databases, Parquet and Arrow, PDF, RTF, DOCX
/// and ODT documents, HTML, e-mails and their attachments, HL7 v2, HPRIM, and the members
/// of gzip, bzip2, xz, zstd, zip, tar and 7z archives, nested (reported as
/// `outer.zip!inner/file.csv`), within the limits below.
///
/// A path may also be a database, read in place and read-only:
/// `postgres://user@host/db`, `mysql://user@host/db` (MariaDB too), `sqlite:path`. Each
/// table is sampled (--sample-rows, reproducible with --seed; --full reads every row) and
/// reported as `postgres://host/db/schema.table`, rows located by the fingerprint of
/// their primary key. Passwords come from PGPASSWORD or MYSQL_PWD, never from the URL.
///
/// Findings carry a masked excerpt and a keyed fingerprint; raw values are only written
/// with --reveal. Reports go to standard output (or --output); progress and notes go to
/// standard error. Exit status: 0 nothing found, 1 personal data found, 2 an error, 3 and
/// 4 the same as 0 and 1 with some inputs not read.
#[derive(clap::Args)]
pub struct Args {
    /// Files, directories or database URLs to scan.
    #[arg(required_unless_present = "from", value_name = "PATH|URL")]
    paths: Vec<PathBuf>,
    /// Also scan the paths and database URLs listed in FILE, one a line (`#` starts a
    /// comment): the inventory of a site, kept with the case. Passwords stay in the
    /// environment there too.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Key used for fingerprints (created on first use, keep it: other fingerprints are
    /// only comparable with the same key). Default: $VIGIE_KEY_FILE, else
    /// $VIGIE_HOME/fingerprint.key, else ~/.local/share/vigie/fingerprint.key.
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
    /// Report format.
    #[arg(long, short, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: the number of CPUs). Each reads a file; the rows and records
    /// of a file of 16 MiB or more are shared with the threads that have no file of their
    /// own.
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
    /// Only scan files matching this glob (repeatable), e.g. '*.csv'.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files and directories matching this glob (repeatable), e.g. '**/archive/**'.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Write raw values into the findings (field "value"). Handle the report as the
    /// personal data it then is.
    #[arg(long)]
    reveal: bool,
    /// Lowest confidence reported.
    #[arg(long, value_enum, default_value = "possible")]
    min_confidence: Confidence,
    #[command(flatten)]
    lang: super::Language,
    /// Identity keys held to count distinct persons (about 40 bytes each, half for the run
    /// and half for the file being read); past this, the person counts are lower bounds
    /// ("at least") and memory stays bounded.
    #[arg(long, value_name = "N", default_value_t = 4_000_000)]
    max_person_keys: usize,
    /// Longest line read whole, in bytes; longer lines are read in pieces.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    max_line: usize,
    /// Deepest nesting of archives read (a.zip!b.tar.gz!c.csv is 3).
    #[arg(long, value_name = "N", default_value_t = 5)]
    max_depth: usize,
    /// Largest decompressed archive member (and largest nested zip), in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 4 << 30)]
    max_member_size: u64,
    /// Largest ratio of decompressed to compressed bytes in a member (zip bombs exceed it).
    #[arg(long, value_name = "RATIO", default_value_t = 200)]
    max_ratio: u64,
    /// Most members read from one archive.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    max_members: usize,
    /// Longest time spent on one file, its archive members included, in seconds (0: no
    /// limit); the rest of the file is not read and a note says so.
    #[arg(long, value_name = "SECONDS", default_value_t = 1800)]
    max_item_time: u64,
    /// Rows sampled per database table (TABLESAMPLE on PostgreSQL, RAND on MySQL). A
    /// sample is not proof that the other rows hold nothing: the report says what was read.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    sample_rows: u64,
    /// Read every row of every database table instead of a sample.
    #[arg(long)]
    full: bool,
    /// Seed of the database samples: the same seed draws the same rows.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u32,
    /// Longest time one database statement may run, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    statement_timeout: u64,
    /// Also read binary database columns (bytea, BLOB) as text.
    #[arg(long)]
    binary: bool,
}

struct Bar {
    bar: ProgressBar,
    bytes: AtomicU64,
    files: AtomicU64,
}

impl vigie_scan::Progress for Bar {
    fn file_done(&self, bytes: u64) {
        let b = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let f = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        self.bar.set_position(b);
        self.bar.set_message(format!("{f} files"));
    }
}

pub fn run(args: Args) -> Result<u8> {
    let inputs = Inputs::new(args.paths, args.from.as_deref())?;
    let password = inputs.password_variable.and_then(|v| std::env::var(v).ok());
    let detector = Detector::new()?;
    let key = FingerprintKey::load_or_create(&super::key_path(args.key_file.clone()))?;
    let options = ScanOptions {
        threads: args
            .threads
            .unwrap_or_else(|| ScanOptions::default().threads)
            .max(1),
        include: args.include,
        exclude: args.exclude,
        reveal: args.reveal,
        min_confidence: args.min_confidence,
        max_person_keys: args.max_person_keys,
        limits: vigie_sources::Limits {
            max_line: args.max_line.max(1024),
            max_depth_archives: args.max_depth,
            max_member_bytes: args.max_member_size,
            max_ratio: args.max_ratio.max(1),
            max_members: args.max_members,
            max_item_time: (args.max_item_time > 0)
                .then(|| std::time::Duration::from_secs(args.max_item_time)),
            ..Default::default()
        },
        database: vigie_sources::DatabaseOptions {
            sample_rows: (!args.full).then_some(args.sample_rows.max(1)),
            seed: args.seed,
            statement_timeout: std::time::Duration::from_secs(args.statement_timeout.max(1)),
            password,
            binary: args.binary,
        },
        split: Default::default(),
    };
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let lang = args.lang.get();
    let scope = vigie_scan::report::Scope {
        roots: inputs.shown(),
        excluded: options.exclude.clone(),
        produced: vigie_breach::time::local(jiff::Timestamp::now()),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    let mut report = vigie_scan::report::for_reader(args.format, out, &detector, lang, scope);
    let bar = ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {bytes} scanned, {msg} ({bytes_per_sec}) {elapsed}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let progress = Bar {
        bar,
        bytes: AtomicU64::new(0),
        files: AtomicU64::new(0),
    };
    let summary = vigie_scan::scan(
        &inputs.paths,
        &options,
        &detector,
        &key,
        report.as_mut(),
        Some(&progress),
    )?;
    progress.bar.finish_and_clear();
    // The report went elsewhere: the terminal still hears how the run went.
    if args.output.is_some() || args.format != ReportFormat::Text {
        for line in summary.said(lang) {
            eprintln!("vigie{} {line}", lang.pick(" :", ":"));
        }
    }
    Ok(summary.outcome().code())
}
