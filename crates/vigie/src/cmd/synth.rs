use super::Result;
use std::path::PathBuf;

/// Write a synthetic French laboratory's files with their truth.
///
/// Exports in Windows-1252, UTF-8 and UTF-16 (CSV with `;`, TSV, headerless CSV, a NIR
/// split over two columns), NDJSON and JSON, an XLSX workbook, a gzipped PostgreSQL dump,
/// a zip sent to a contractor, HL7 v2 and HPRIM results, a FHIR bundle, consultation notes
/// (also as HTML, RTF, DOCX, ODT and PDF), an e-mail with an attachment, an ODS sheet, a
/// SQLite database, a MySQL dump, archives (tar, tar.xz, tar.bz2, zstd, 7z), a Parquet file
/// with the `columnar` feature, billing files and decoys whose check digits fail;
/// `truth.jsonl` lists every planted value by path, line and kind. Same seed, same files.
/// No real person.
#[derive(clap::Args)]
pub struct Args {
    /// Directory to write (created if needed).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Patients in the main export (other files scale with it; 1,000 ≈ 0.5 MB,
    /// 400,000 ≈ 200 MB).
    #[arg(long, default_value_t = 1000)]
    patients: usize,
    /// Random seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Rows per export file before it is split into numbered parts.
    #[arg(long, default_value_t = 100_000)]
    rows_per_file: usize,
    /// Share of the bytes (0 to 0.95) made of ordinary non-personal files of a file share
    /// (logs, stock lists, minutes, configuration), where any finding is a false positive.
    #[arg(long, default_value_t = 0.0, value_name = "RATIO")]
    filler: f64,
    /// Instead, write a registry and a leak for `vigie link` (`registry.csv`, `leak.csv`,
    /// `truth.csv`): a registry of --patients people, and a leak of this many rows, 70 %
    /// of them patients with the corruptions real leaks have, 30 % outsiders.
    #[arg(long, value_name = "LEAK_ROWS")]
    linkage: Option<usize>,
    /// With --linkage: the adversarial set instead, made of the cases that fool linkers:
    /// namesakes of patients in their commune (some born the same year), relatives at a
    /// patient's address (a parent and a child with one first name, twins, siblings),
    /// rows carrying a relative's NIR; `cases.csv` names each leak row's case.
    #[arg(long, requires = "linkage")]
    adversarial: bool,
}

pub fn run(args: Args) -> Result<u8> {
    if let Some(leak_rows) = args.linkage {
        let write = if args.adversarial {
            vigie_synth::adversarial_linkage
        } else {
            vigie_synth::linkage
        };
        write(&args.dir, args.patients, leak_rows, args.seed)
            .map_err(|e| format!("{}: {e}", args.dir.display()))?;
        eprintln!(
            "vigie: wrote registry.csv ({} patients), leak.csv ({leak_rows} rows) and truth.csv to {}",
            args.patients,
            args.dir.display()
        );
        return Ok(0);
    }
    let cfg = vigie_synth::Config {
        seed: args.seed,
        patients: args.patients,
        rows_per_file: args.rows_per_file.max(1),
        filler: args.filler,
    };
    let stats = vigie_synth::generate(&args.dir, &cfg)
        .map_err(|e| format!("{}: {e}", args.dir.display()))?;
    eprintln!(
        "vigie: wrote {} files ({:.1} MB) and {} truth records to {}",
        stats.files,
        stats.bytes as f64 / 1e6,
        stats.truth,
        args.dir.display()
    );
    Ok(0)
}
