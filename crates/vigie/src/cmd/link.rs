//! `vigie link`: which of our patients are in this leaked file.

use super::Result;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use vigie_link::record::{Field, read};
use vigie_link::{Options, link};

/// Find which registry patients are in a leaked file: each leak row's best registry
/// candidate, with a probability and a field-by-field explanation.
///
/// Both files may be in any tabular format `vigie scan` reads (CSV in any encoding and
/// delimiter, XLSX, ODS, SQL dumps, Parquet…). Columns are mapped automatically (and the
/// mapping printed); --map overrides. Pairs come from several blocking rules (their pair
/// counts printed), are scored by a Fellegi–Sunter model trained on the files themselves
/// (no labels), and accepted above a threshold chosen to keep the model's own estimate
/// of false matches under 1 %.
#[derive(clap::Args)]
pub struct Args {
    /// The leaked file.
    leak: PathBuf,
    /// The registry of patients.
    registry: PathBuf,
    /// Where to write the matches (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// csv: leak_id,registry_id,probability,match_weight,runner_up_id,weight_gap;
    /// jsonl: the same with each field's comparison level and weight (attachable to a
    /// breach case with `vigie breach attach --link`).
    #[arg(long, value_enum, default_value = "csv")]
    format: LinkFormat,
    /// Column mapping override, COLUMN=FIELD (fields: id, last_name, birth_name,
    /// usage_name, first_name, sex, birth_date, nir, address, postcode, city, phone, email,
    /// other, ignore); repeatable, applies to both files.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// The leak's id column (detected when absent; else line numbers).
    #[arg(long, value_name = "COLUMN")]
    leak_id: Option<String>,
    /// The registry's id column.
    #[arg(long, value_name = "COLUMN")]
    registry_id: Option<String>,
    /// Every leak row's best candidate, not only accepted matches.
    #[arg(long)]
    all: bool,
    /// A registry patient matches one leak row at most.
    #[arg(long)]
    one_to_one: bool,
    /// Accept at this probability instead of the model's choice.
    #[arg(long, value_name = "P")]
    threshold: Option<f64>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LinkFormat {
    Csv,
    Jsonl,
}

pub fn run(args: Args) -> Result<u8> {
    let mut overrides = BTreeMap::new();
    for m in &args.map {
        let (col, field) = m
            .split_once('=')
            .ok_or_else(|| format!("--map: {m:?} is not COLUMN=FIELD"))?;
        let f = Field::parse(field).ok_or_else(|| format!("--map: unknown field {field:?}"))?;
        overrides.insert(col.trim().to_string(), f);
    }
    if let Some(t) = args.threshold
        && !(0.0..=1.0).contains(&t)
    {
        return Err(format!("--threshold: {t} is not a probability").into());
    }
    let detector = vigie_detect::Detector::new()?;
    let year = jiff::Zoned::now().year() as u16;
    let leak = read(
        &args.leak,
        &detector,
        &overrides,
        args.leak_id.as_deref(),
        year,
    )?;
    let registry = read(
        &args.registry,
        &detector,
        &overrides,
        args.registry_id.as_deref(),
        year,
    )?;
    for t in [&leak, &registry] {
        let mapping: Vec<String> = t
            .mapping
            .iter()
            .map(|(col, f)| format!("{col}={}", f.id()))
            .collect();
        eprintln!(
            "vigie: {}: {} rows; columns {}",
            t.path,
            t.records.len(),
            mapping.join(", ")
        );
        for w in t.warnings.iter().take(20) {
            eprintln!("vigie: warning: {w}");
        }
        if t.warnings.len() > 20 {
            eprintln!("vigie: … {} warnings in all", t.warnings.len());
        }
        for (line, why) in t.unusable.iter().take(20) {
            eprintln!("vigie: {}:{line}: not compared: {why}", t.path);
        }
        if !t.unusable.is_empty() {
            eprintln!("vigie: {}: {} rows not compared", t.path, t.unusable.len());
        }
    }
    let out = link(
        &leak,
        &registry,
        &Options {
            one_to_one: args.one_to_one,
            threshold: args.threshold,
            ..Options::default()
        },
    );
    for r in &out.rules {
        let capped = if r.capped_blocks > 0 {
            format!(" ({} oversized blocks skipped)", r.capped_blocks)
        } else {
            String::new()
        };
        eprintln!(
            "vigie: blocking rule {:<32} {:>10} pairs{capped}",
            r.name, r.pairs
        );
    }
    let accepted = out.decisions.iter().filter(|d| d.accepted).count();
    eprintln!(
        "vigie: {} candidate pairs; model: {} EM iterations, match share {:.4}; threshold {:.3}; {accepted} matches, of which about {:.1} false by the model's own estimate; {} leak rows without candidate",
        out.candidate_pairs,
        out.model.iterations,
        out.model.lambda,
        out.threshold,
        out.expected_false_matches,
        out.without_candidate
    );
    let mut w: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let shown = out.decisions.iter().filter(|d| args.all || d.accepted);
    match args.format {
        LinkFormat::Csv => {
            let mut csv = csv::Writer::from_writer(w);
            csv.write_record([
                "leak_id",
                "registry_id",
                "probability",
                "match_weight",
                "runner_up_id",
                "weight_gap",
            ])?;
            for d in shown {
                csv.write_record([
                    d.leak_id.clone(),
                    d.registry_id.clone(),
                    format!("{:.6}", d.probability),
                    format!("{:.3}", d.match_weight),
                    d.runner_up_id.clone().unwrap_or_default(),
                    d.weight_gap.map_or(String::new(), |g| format!("{g:.3}")),
                ])?;
            }
            csv.flush()?;
        }
        LinkFormat::Jsonl => {
            for d in shown {
                serde_json::to_writer(&mut w, d)?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
        }
    }
    Ok(0)
}
