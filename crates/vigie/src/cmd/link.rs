//! `vigie link`: which of our patients are in this leaked file.

use super::Result;
use std::collections::BTreeMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use vigie_detect::Lang;
use vigie_link::files::{Files, link_files};
use vigie_link::index::Index;
use vigie_link::record::{Field, Reader};
use vigie_link::{Options, pprl, summary};

/// Find which registry patients are in a leaked file: each leak row's best registry
/// candidate, with a probability and a field-by-field explanation.
///
/// Both files may be in any tabular format `vigie scan` reads (CSV in any encoding and
/// delimiter, XLSX, ODS, SQL dumps, Parquet…); of a dump or workbook, the first table with
/// identity columns is read. Columns are mapped automatically, from their headers or,
/// without a header, from their values (and the mapping printed); --map overrides. Pairs come from several blocking rules (their pair
/// counts printed), are scored by a Fellegi–Sunter model trained on the files themselves
/// (no labels; pairs of one household scored with the registry's own chances among
/// relatives), and each leak row's best candidate is accepted, sent to review or
/// rejected: accepted above a threshold chosen to keep the model's own estimate of false
/// matches under 0.1 % of them; in review below it (down to --review-from), or when a NIR
/// contradicts the other side (two valid NIRs differ, or a NIR says another sex or birth
/// month), or for twins' signature; rejected for birth dates or first names that differ
/// beyond a typo, unless the NIR or the e-mail agrees. Pairs in review are not notified
/// until a person confirms them. The run prints the blocking recall it estimates, the
/// pairs in review and the time of each step.
///
/// For a large registry linked often, `vigie link index REGISTRY --output DIR` reads it
/// once; `vigie link LEAK DIR` then links against the index.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// The leaked file.
    #[arg(required = true)]
    leak: Option<PathBuf>,
    /// The registry of patients: a file, or an index directory made by `vigie link
    /// index` (then the registry is not read again).
    #[arg(required = true)]
    registry: Option<PathBuf>,
    /// Where to write the matches (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// csv: leak_id,registry_id,decision,probability,match_weight,runner_up_id,weight_gap;
    /// jsonl: the same with each field's comparison level and weight (attachable to a
    /// breach case with `vigie breach attach --link`); html: a self-contained report
    /// (mapping, blocking, the model's weights, the match-weight distribution and
    /// borderline pairs explained), in French or English (--lang).
    #[arg(long, value_enum, default_value = "csv")]
    format: LinkFormat,
    #[command(flatten)]
    columns: Columns,
    /// The leak's id column (detected when absent; else line numbers).
    #[arg(long, value_name = "COLUMN")]
    leak_id: Option<String>,
    /// Every leak row's best candidate, rejected ones too (by default: the accepted
    /// matches and the pairs awaiting review).
    #[arg(long)]
    all: bool,
    /// A registry patient matches one leak row at most.
    #[arg(long)]
    one_to_one: bool,
    /// Accept at this probability instead of the model's choice (the lowest keeping its
    /// estimate of false matches among the accepted under 0.1 %, and at least 0.55).
    #[arg(long, value_name = "P", value_parser = probability)]
    threshold: Option<f64>,
    /// Pairs from this probability up to the threshold go to review, not accepted and
    /// not notified until a person confirms them (default 0.5). Pairs with a NIR that
    /// contradicts the other side, or twins' signature (one birth date, other first
    /// names), go to review whatever their probability above it; pairs born apart or of
    /// other first names, without a NIR or an e-mail in common, are rejected.
    #[arg(long, value_name = "P", value_parser = probability)]
    review_from: Option<f64>,
    /// Reviewers' answers on pairs of an earlier run, as `vigie breach review REF
    /// --export-labels FILE` writes them (one JSON object a line: leak_id, registry_id,
    /// answer same, different or cant_tell): a pair answered "same" is accepted,
    /// "different" never chosen again; answers naming a pair no longer among the
    /// candidates are counted and left.
    #[arg(long, value_name = "FILE")]
    labels: Option<PathBuf>,
    /// Each pair not rejected carries its patient's contact details from the registry
    /// file (names, postal and e-mail addresses, phone, language), for `vigie breach
    /// attach --link` to seal with the person: what their notice is addressed with. The
    /// output then holds them in clear: it is created readable by its owner alone.
    #[arg(long)]
    contacts: bool,
    #[command(flatten)]
    pairs: Pairs,
    #[command(flatten)]
    lang: super::Language,
}

/// Where a large run's candidate pairs are kept.
#[derive(clap::Args)]
struct Pairs {
    /// Memory for the candidate pairs, in MB (16 bytes a pair; a million rows linked to
    /// themselves make about 50 million): past it they are written to an unnamed
    /// temporary file and read back, with the same results. With `--engine datafusion`,
    /// the query plan's joins, groupings and sorts hold as much again (1024 MB at least)
    /// and spill to files there past it.
    #[arg(long, value_name = "MB", default_value_t = vigie_link::DEFAULT_MEMORY >> 20)]
    memory: usize,
    /// Where that file goes (default: $TMPDIR, else /tmp): a disk, not a tmpfs, which is
    /// memory. It holds record numbers and comparison levels, no value of any field (with
    /// `--engine datafusion`, its spill files hold numbers too, and blocking keys sealed
    /// with a key of the run's own).
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
    /// Each blocking rule's blocks make at most N candidate pairs a leak row on average,
    /// or 10 million in all if that is more (so a file of a few hundred thousand rows
    /// compares every block): past that, its largest blocks are skipped first, as they
    /// pair the commonest names and dates, whose agreement says least. Each rule's line
    /// says the largest block it compared. 0: every block up to 1,000 records, which on
    /// millions of rows makes pairs grow faster than the rows.
    #[arg(long, value_name = "N", default_value_t = vigie_link::DEFAULT_PAIRS_PER_ROW, value_parser = share)]
    pairs_per_row: f64,
    /// What makes the candidate pairs: `memory` (the blocks held in memory, walked by
    /// every core) or `datafusion` (Apache DataFusion: the keys as tables, the blocks as
    /// joins, comparisons in a query plan; in a vigie built with the cargo feature
    /// `datafusion`). The pairs, and so every decision, are the same to the bit. What
    /// DataFusion spills to --temp-dir holds no field: a plan that would carry text or
    /// bytes is refused before it runs.
    #[arg(long, value_name = "ENGINE", default_value = "memory", value_parser = engine)]
    engine: vigie_link::Engine,
}

fn engine(s: &str) -> std::result::Result<vigie_link::Engine, String> {
    match s {
        "memory" => Ok(vigie_link::Engine::Memory),
        #[cfg(feature = "datafusion")]
        "datafusion" => Ok(vigie_link::Engine::DataFusion),
        #[cfg(not(feature = "datafusion"))]
        "datafusion" => Err(
            "this vigie was built without DataFusion (cargo build --release --features datafusion)"
                .into(),
        ),
        _ => Err(format!("{s} is no engine: memory or datafusion")),
    }
}

impl Pairs {
    fn options(&self, options: Options) -> Options {
        Options {
            pairs_per_row: self.pairs_per_row,
            memory: self.memory.saturating_mul(1 << 20),
            temp_dir: self.temp_dir.clone().unwrap_or(options.temp_dir),
            engine: self.engine,
            ..options
        }
    }
}

/// Column mapping, shared by the link and the index.
#[derive(clap::Args)]
struct Columns {
    /// Column mapping override, COLUMN=FIELD (fields: id, last_name, full_name,
    /// birth_name, usage_name, first_name, sex, birth_date, nir, address, postcode, city, phone, email,
    /// other, ignore); repeatable, applies to both files.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// The registry's id column.
    #[arg(long, value_name = "COLUMN")]
    registry_id: Option<String>,
    /// The key an index is sealed with (it holds the registry's patients): default
    /// $VIGIE_REGISTER_KEY, else $VIGIE_HOME/register.key, created on first use; the
    /// breach register's key.
    #[arg(long, value_name = "FILE")]
    register_key: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Build a registry's index once: its records normalised, the blocking keys of every
    /// rule, name frequencies, chance agreements and a sample of patients, sealed
    /// (XChaCha20-Poly1305) with the register key. `vigie link LEAK DIR` then links
    /// against it without reading the registry again. Build it again when the registry
    /// changes, or after upgrading vigie.
    Index(IndexArgs),
    /// Encode a table for linkage without sharing it in clear: each row normalised as
    /// `vigie link` does, then its names (as bigrams), birth date, sex, postcode, city,
    /// street words and NIR hashed into a 1,024-bit Bloom filter with a secret the
    /// parties share, with keyed blocking keys. The output holds no value in clear (the
    /// row ids excepted); the party that links receives it. See docs/pprl.md.
    Encode(EncodeArgs),
    /// Link two files encoded with the same secret: each leak row's best registry row by
    /// a model the files teach (the agreement of the filters' parts: names, birth date,
    /// place, NIR), among rows sharing a blocking key. CSV: leak_id, registry_id,
    /// probability, dice, runner_up. A file encoded with another secret is refused.
    Match(MatchArgs),
    /// How many persons a file's rows are: the file linked to itself by the same model,
    /// each row to its best other row, rows of accepted pairs joined into one person.
    /// Prints the count by the accepted pairs (connected: a chain of pairs is one person),
    /// the count if the pairs awaiting review are each one person, the upper bound the
    /// model's own error estimate gives, and the count in strict clusters (no two rows of
    /// a person compared and found not to match: a row without a birth date matching two
    /// namesakes born years apart does not make them one). Writes each row's person
    /// (row_id, person_id, strict_person_id: the person's first row) with --output.
    /// The file is read three times (first to count its blocking keys, so that those no
    /// other row makes are not held, its statistics and its size, so that the second read
    /// holds only its rows, in room made once; last to count its statistics once per
    /// person): it must not change meanwhile, and is refused if it did.
    Dedup(DedupArgs),
}

#[derive(clap::Args)]
struct DedupArgs {
    #[command(flatten)]
    table: OneTable,
    /// Join two rows at this probability instead of the model's choice (the lowest
    /// keeping its estimate of false joins under 0.1 %, and at least 0.55). The strict
    /// clusters refuse a join where two rows are more likely two persons than one (under
    /// 0.5 on their own) or something stands against them, whatever this threshold.
    #[arg(long, value_name = "P", value_parser = probability)]
    threshold: Option<f64>,
    /// Where to write each row's person (created readable by its owner alone).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pairs: Pairs,
}

#[derive(clap::Args)]
struct EncodeArgs {
    #[command(flatten)]
    table: OneTable,
    /// The secret the parties share: 64 hexadecimal characters in a file
    /// (`head -c 32 /dev/urandom | xxd -p -c 64`), never given to the party that links.
    #[arg(long, value_name = "FILE")]
    secret: PathBuf,
    /// The encoded file to write (created readable by its owner alone).
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
}

/// One table read on its own (encoded, de-duplicated).
#[derive(clap::Args)]
struct OneTable {
    /// The table (any tabular format `vigie scan` reads).
    #[arg(value_name = "TABLE")]
    path: PathBuf,
    /// Its id column (detected when absent; else line numbers).
    #[arg(long, value_name = "COLUMN")]
    id: Option<String>,
    /// Column mapping override, COLUMN=FIELD, as for `vigie link`; repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
}

#[derive(clap::Args)]
struct MatchArgs {
    /// The leak, encoded.
    leak: PathBuf,
    /// The registry, encoded with the same secret.
    registry: PathBuf,
    /// The secret, only to check that both files were encoded with it.
    #[arg(long, value_name = "FILE")]
    secret: PathBuf,
    /// Take a leak row's best candidate from this probability (default 0.5).
    #[arg(long, value_name = "P")]
    threshold: Option<f64>,
    /// Where to write the matches (created readable by its owner alone; default:
    /// standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct IndexArgs {
    /// The registry of patients (any tabular format `vigie scan` reads).
    registry: PathBuf,
    /// The index directory to write (created; an index already there is replaced).
    #[arg(long, value_name = "DIR")]
    output: PathBuf,
    /// Memory for blocking keys, in MB: beyond it, keys are sorted in runs on disk and
    /// merged. The rest of the build holds name frequencies and 16 bytes a row.
    #[arg(long, value_name = "MB", default_value_t = 1024)]
    memory: usize,
    #[command(flatten)]
    columns: Columns,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LinkFormat {
    Csv,
    Jsonl,
    Html,
}

/// A share of pairs given on the command line: a number, 0 or more.
fn share(s: &str) -> std::result::Result<f64, String> {
    s.parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| format!("{s} is not a number of pairs (0 or more)"))
}

/// A probability given on the command line: a number from 0 to 1.
fn probability(s: &str) -> std::result::Result<f64, String> {
    s.parse()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| format!("{s} is not a probability (a number from 0 to 1)"))
}

/// How tables are read, ages counted from this year.
pub(crate) fn reader<'a>(
    detector: &'a vigie_detect::Detector,
    overrides: &'a BTreeMap<String, Field>,
    id_column: Option<&'a str>,
) -> Reader<'a> {
    Reader {
        detector,
        overrides,
        id_column,
        this_year: jiff::Zoned::now().year().unsigned_abs(),
    }
}

/// Lines said to the person at the terminal.
fn say(lines: impl IntoIterator<Item = String>, l: Lang) {
    for line in lines {
        eprintln!("vigie{} {line}", l.pick(" :", ":"));
    }
}

/// A spinner on a terminal (nothing when standard error is not one) that says which stage
/// a long run is at and for how long: linking a million rows takes minutes.
fn stages() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    bar
}

fn index(args: IndexArgs, l: Lang) -> Result<u8> {
    let overrides = summary::overrides(&args.columns.map)?;
    let detector = vigie_detect::Detector::new()?;
    let reader = reader(&detector, &overrides, args.columns.registry_id.as_deref());
    let started = std::time::Instant::now();
    let bar = stages();
    bar.set_message(format!("indexing {}", args.registry.display()));
    let mut info = None;
    let key = super::register_key(args.columns.register_key.clone())?;
    let records = Index::write(
        |out| {
            let i = reader.read_each(&args.registry, out)?;
            info = Some(i.clone());
            Ok(i)
        },
        &args.output,
        args.memory.max(1) << 20,
        &key,
    )?;
    bar.finish_and_clear();
    if let Some(info) = &info {
        say(summary::table_read(info, records as usize, l), l);
    }
    let seconds = started.elapsed().as_secs_f64();
    say(
        [summary::index_written(records, &args.output, seconds, l)],
        l,
    );
    Ok(0)
}

fn encode(args: EncodeArgs, l: Lang) -> Result<u8> {
    let secret = pprl::Secret::load(&args.secret)?;
    let overrides = summary::overrides(&args.table.map)?;
    let detector = vigie_detect::Detector::new()?;
    let reader = reader(&detector, &overrides, args.table.id.as_deref());
    let table = reader.read(&args.table.path)?;
    say(summary::table_read(&table.info, table.records.len(), l), l);
    let encoded: Vec<_> = table
        .records
        .iter()
        .map(|r| pprl::encode(r, &secret))
        .collect();
    let mut out = std::io::BufWriter::new(super::create_private(&args.output)?);
    pprl::write(&encoded, &secret, &mut out)?;
    Ok(0)
}

fn dedup(args: DedupArgs, l: Lang) -> Result<u8> {
    let overrides = summary::overrides(&args.table.map)?;
    let detector = vigie_detect::Detector::new()?;
    let reader = reader(&detector, &overrides, args.table.id.as_deref());
    let bar = stages();
    bar.set_message(format!(
        "{} {}",
        l.pick("lecture de", "reading"),
        args.table.path.display()
    ));
    let options = args.pairs.options(Options {
        threshold: args.threshold,
        ..Options::default()
    });
    let (table, outcome, persons) =
        vigie_link::dedup::dedup_file(&args.table.path, &reader, &options)?;
    bar.finish_and_clear();
    say(summary::table_read(&table.info, table.records.len(), l), l);
    say(summary::rules(&outcome, l), l);
    say(summary::pairs_on_disk(&outcome, l), l);
    say([persons.said(l)], l);
    if let Some(path) = &args.output {
        let mut out = std::io::BufWriter::new(super::create_private(path)?);
        persons.write_csv(&table, &mut out)?;
    }
    Ok(0)
}

fn encoded_match(args: MatchArgs, l: Lang) -> Result<u8> {
    let secret = pprl::Secret::load(&args.secret)?;
    let leak = pprl::read(&args.leak, &secret)?;
    let registry = pprl::read(&args.registry, &secret)?;
    let (matches, _) = pprl::link(&leak, &registry, args.threshold);
    let (n, rows) = (matches.len(), leak.len());
    say(
        [match l {
            Lang::Fr => format!("{n} des {rows} lignes de la fuite rapprochées"),
            Lang::En => format!("{n} of {rows} leak rows matched"),
        }],
        l,
    );
    let mut w: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(super::create_private(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    pprl::write_matches(&matches, &mut w)?;
    Ok(0)
}

pub fn run(args: Args) -> Result<u8> {
    let (Some(leak_path), Some(registry_path)) = (&args.leak, &args.registry) else {
        return match args.command {
            Some(Sub::Index(a)) => index(a, args.lang.get()),
            Some(Sub::Encode(a)) => encode(a, args.lang.get()),
            Some(Sub::Match(a)) => encoded_match(a, args.lang.get()),
            Some(Sub::Dedup(a)) => dedup(a, args.lang.get()),
            None => Err("vigie link LEAK REGISTRY, or vigie link index REGISTRY".into()),
        };
    };
    let overrides = summary::overrides(&args.columns.map)?;
    let labels = match &args.labels {
        Some(path) => summary::labels(path)?,
        None => Vec::new(),
    };
    let detector = vigie_detect::Detector::new()?;
    let l = args.lang.get();
    let bar = stages();
    let index_key = || super::register_key(args.columns.register_key.clone());
    let files = Files {
        leak: leak_path,
        registry: registry_path,
        reader: reader(&detector, &overrides, args.leak_id.as_deref()),
        registry_id: args.columns.registry_id.as_deref(),
        index_key: &index_key,
        contacts: args.contacts,
    };
    let options = args.pairs.options(Options {
        one_to_one: args.one_to_one,
        threshold: args.threshold,
        review_from: args.review_from,
        labels,
        ..Options::default()
    });
    let linked = link_files(&files, &options, &mut |stage| {
        let (progress, lines) = summary::stage(&stage, registry_path, l);
        if let Some(m) = progress {
            bar.set_message(m);
        }
        bar.suspend(|| say(lines, l));
        ControlFlow::Continue(())
    })?;
    bar.finish_and_clear();
    say(summary::swapped(&linked, l), l);
    let (out, leak, index) = (&linked.outcome, &linked.leak, &linked.index);
    let labelled = args.labels.is_some();
    say(
        summary::outcome(out, leak.info.rows, linked.read_seconds, labelled, l),
        l,
    );
    let mut w: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(super::create_private(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        LinkFormat::Csv => linked.write_csv(args.all, &mut w)?,
        LinkFormat::Html => {
            let fr = l == Lang::Fr;
            w.write_all(vigie_link::report::html(out, &leak.info, &index.info, fr).as_bytes())?;
            w.flush()?;
        }
        LinkFormat::Jsonl => linked.write_jsonl(args.all, &mut w)?,
    }
    // The process ends here: freeing millions of records string by string would take
    // longer than the system takes their pages back.
    std::mem::forget(linked);
    Ok(0)
}
